/*
 * pinyin.h
 *		Han ideographs to toneless pinyin, from Unicode's Unihan kMandarin
 *		readings (src/core/pinyin_table.c, generated).
 *
 * Plain C (no postgres.h). Each ideograph has its first kMandarin reading,
 * lower case ASCII without tones, u-umlaut written "v" (lv, nv, lve, nve):
 * what Chinese input methods type and what SWIFT writers mostly use.
 * Covered: U+3400..U+9FFF (CJK Extension A and Unified Ideographs) and the
 * compatibility ideographs that have a reading.
 */
#ifndef AR2C_CORE_PINYIN_H
#define AR2C_CORE_PINYIN_H

#include <stddef.h>
#include <stdint.h>

#include "core/text_normalize.h"

/* The longest syllable ("zhuang") */
#define PINYIN_SYLLABLE_MAX 6

/* The generated table (pinyin_table.c) */
typedef struct PinyinSparse
{
	uint32_t cp;
	uint16_t syllable;
} PinyinSparse;

extern const int pinyin_syllable_count;
extern const char *const pinyin_syllables[];
extern const uint16_t pinyin_dense[];
extern const int pinyin_sparse_count;
extern const PinyinSparse pinyin_sparse[];

/* The toneless syllable of an ideograph (lower case), or NULL if none */
extern const char *pinyin_of(uint32_t cp);

/* Room pinyin_transliterate needs for len bytes of input */
#define PINYIN_OUT_MAX(len) (3 * (len) + 1)

/*
 * Transliterate len bytes of UTF-8: each ideograph with a reading becomes
 * its syllable, set off from its neighbours by one space; everything else
 * is copied as it is ("杭州ABC" -> "hang zhou ABC"). out has room for
 * PINYIN_OUT_MAX(len) bytes (no NUL is written). On TEXT_INVALID_UTF8,
 * *bad_offset is the offset of the first byte that is not UTF-8.
 */
extern TextStatus pinyin_transliterate(const char *in, size_t len, char *out,
									   size_t *out_len, size_t *bad_offset);

#endif /* AR2C_CORE_PINYIN_H */
