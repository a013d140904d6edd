/*
 * pinyin_name.h
 *		A Chinese company name against a name in Latin letters: the payer
 *		who writes 杭州瑞丰机械有限公司 as HANGZHOU RUIFENG MACHINERY CO LTD.
 *
 * Plain C (no postgres.h). Works on normalized names (text_normalize.h:
 * upper case, legal forms gone). A Chinese name is read as
 *
 *	[place] brand [industry words]       杭州 瑞丰 机械
 *
 * the place (a province or city from a small list, 市 or 省 after it
 * dropped) at the start or standing alone (else, of four ideographs or
 * more left, the first two, which may be a place as well as a brand's), the industry words (机械,
 * 贸易, 科技, ...) at the end, the brand (字号) what is left, in pinyin
 * (pinyin.h). A name in Latin letters is read as its industry words (in
 * English: MACHINERY, TRADING, SCIENCE AND TECHNOLOGY ...), words of legal
 * forms or filler (GROUP, JOINT STOCK, AND ...) and name words.
 *
 * Their similarity: the name words, joined, against the brand's syllables,
 * joined, by Jaro-Winkler, once the place is taken out of the name words
 * wherever the payer put it (or left it out); blended with the Dice
 * coefficient of the two industry sets when both state one. Spaces between
 * syllables (RUI FENG), hyphens, apostrophes (XI'AN) and tones do not
 * count; v and u are one letter (LV, LU, LÜ).
 */
#ifndef AR2C_CORE_PINYIN_NAME_H
#define AR2C_CORE_PINYIN_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Letters of a place or brand kept, at most */
#define PINYIN_NAME_MAX 64

/* Digits of a name kept, at most */
#define PINYIN_DIGITS_MAX 16

/* Name words of a Latin name kept, at most */
#define PINYIN_WORDS_MAX 24

/* A Chinese company name, read */
typedef struct PinyinName
{
	uint32_t place[PINYIN_NAME_MAX]; /* HANGZHOU; empty when none */
	size_t place_len;
	const char *place_alias;         /* its English name (CHINA), or NULL */
	uint32_t brand[PINYIN_NAME_MAX]; /* RUIFENG */
	size_t brand_len;
	uint32_t digits[PINYIN_DIGITS_MAX]; /* the name's digits, in order */
	size_t ndigits;
	uint64_t industries; /* one bit per industry word */
} PinyinName;

/* A name in Latin letters, read */
typedef struct PinyinLatin
{
	uint32_t
		text[PINYIN_WORDS_MAX * 16]; /* the name words, one after another */
	size_t
		start[PINYIN_WORDS_MAX + 1]; /* word i: text[start[i], start[i+1]) */
	int nwords;
	uint32_t digits[PINYIN_DIGITS_MAX]; /* the digits of its number words */
	size_t ndigits;
	uint64_t industries;
} PinyinLatin;

/*
 * Read a normalized name as a Chinese one: true when it holds an ideograph
 * with a reading and nothing but ideographs, digits and spaces
 */
extern bool pinyin_name_read(const uint32_t *s, size_t len, PinyinName *out);

/*
 * Read a normalized name as one in Latin letters: true when it holds no
 * Han ideograph or kana and some letter
 */
extern bool pinyin_latin_read(const uint32_t *s, size_t len, PinyinLatin *out);

/* Room pinyin_name_tokens needs */
#define PINYIN_TOKENS_MAX (8 * PINYIN_NAME_MAX)

/*
 * The words a Chinese name s (read into name) is found by in pinyin, for an
 * index (name_index.h): each syllable, the place, the brand, the two
 * joined, and the place's English name ("HANG ZHOU RUI FENG JI XIE
 * HANGZHOU RUIFENG HANGZHOURUIFENG"), ASCII, into out (room for
 * PINYIN_TOKENS_MAX bytes); returns the length, not counting the space it
 * may write after the last word
 */
extern size_t pinyin_name_tokens(const uint32_t *s, size_t len,
								 const PinyinName *name, char *out);

/*
 * What a legal form (as text_legal_form states it) stands for in the other
 * script, space-separated: 有限公司 -> "CO LTD LIMITED COMPANY", LTD ->
 * "有限公司"; "" when nothing
 */
extern const char *pinyin_form_equivalents(const char *form, size_t len);

/* Similarity in [0, 1] of a Chinese name and one in Latin letters */
extern double pinyin_similarity(const PinyinName *chinese,
								const PinyinLatin *latin);

/*
 * The similarity of two normalized names when one is Chinese and the other
 * in Latin letters (into *score, returning true); false otherwise
 */
extern bool pinyin_cross_script(const uint32_t *a, size_t alen,
								const uint32_t *b, size_t blen, double *score);

#endif /* AR2C_CORE_PINYIN_NAME_H */
