/*
 * text_normalize.h
 *		UTF-8 text folded for matching: payer names and payment references.
 *
 * Plain C (no postgres.h). One pipeline, three strengths:
 *
 *	fold       full-width to half-width, case folded to upper case, accents
 *	           stripped, white space runs to one space (trimmed); ASCII
 *	           punctuation kept, other punctuation to its ASCII equivalent
 *	           ("。" -> ".", "－" -> "-") or a space
 *	name       fold, then every punctuation run is a space, apostrophes
 *	           vanish (O'Brien -> OBRIEN) and legal-form words go
 *	           (GmbH, S.A., Ltd, 有限公司, ...)
 *	reference  fold, then only letters and digits remain (INV20260012)
 *
 * The output is never longer than the input, in bytes, so a buffer of the
 * input's length always holds it. Every mode is idempotent:
 * normalize(normalize(x)) == normalize(x).
 */
#ifndef AR2C_CORE_TEXT_NORMALIZE_H
#define AR2C_CORE_TEXT_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum TextStatus
{
	TEXT_OK = 0,
	TEXT_INVALID_UTF8, /* not UTF-8: *bad_offset is the first bad byte */
	TEXT_NO_MEMORY     /* a work buffer for long input was refused */
} TextStatus;

typedef enum TextNormMode
{
	TEXT_NORM_FOLD = 0, /* width, case, accents, spaces; punctuation kept */
	TEXT_NORM_NAME,     /* fold, no punctuation, no legal forms */
	TEXT_NORM_REFERENCE /* fold, letters and digits only */
} TextNormMode;

/* The most code points one code point folds to ("ﬃ" -> "FFI") */
#define TEXT_FOLD_MAX 3

/* Decode one code point; returns its length in bytes, 0 if not UTF-8
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) */
static inline int
text_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char b0;
	unsigned char lo = 0x80;
	unsigned char hi = 0xBF;
	int n;
	uint32_t c;
	int i;

	if (len == 0)
		return 0;
	b0 = s[0];
	if (b0 < 0x80)
	{
		*cp = b0;
		return 1;
	}
	if (b0 >= 0xC2 && b0 <= 0xDF)
	{
		n = 2;
		c = b0 & 0x1F;
	}
	else if (b0 >= 0xE0 && b0 <= 0xEF)
	{
		n = 3;
		c = b0 & 0x0F;
		if (b0 == 0xE0)
			lo = 0xA0; /* no overlong forms */
		else if (b0 == 0xED)
			hi = 0x9F; /* no surrogates */
	}
	else if (b0 >= 0xF0 && b0 <= 0xF4)
	{
		n = 4;
		c = b0 & 0x07;
		if (b0 == 0xF0)
			lo = 0x90; /* no overlong forms */
		else if (b0 == 0xF4)
			hi = 0x8F; /* nothing above U+10FFFF */
	}
	else
		return 0;
	if (len < (size_t) n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 1; i < n; i++)
	{
		if (i > 1 && (s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

/* Encode a code point (at most 4 bytes); returns its length */
extern int text_utf8_encode(uint32_t cp, char *out);

/* Bytes of the longest valid UTF-8 prefix (len when all of it is valid) */
extern size_t text_utf8_valid_prefix(const char *s, size_t len);

/* Fold one code point as the mode does, before legal forms and spacing:
 * the code points it becomes (0 to TEXT_FOLD_MAX), a space standing for
 * a separator */
extern int text_fold_codepoint(uint32_t cp, TextNormMode mode,
							   uint32_t out[TEXT_FOLD_MAX]);

/* True for Han ideographs and kana: scripts written without spaces */
extern bool text_is_cjk(uint32_t cp);

/* Normalize len bytes of UTF-8 into out (room for len bytes; no NUL is
 * written); on TEXT_INVALID_UTF8, *bad_offset is the offset of the first
 * byte that is not UTF-8 and out holds nothing useful */
extern TextStatus text_normalize(TextNormMode mode, const char *in, size_t len,
								 char *out, size_t *out_len,
								 size_t *bad_offset);

/*
 * The legal forms a name states: the words the name mode drops, in the
 * order dropped, separated by one space ("Atlas Foods S.A." -> "SA",
 * "Mueller GmbH & Co. KG" -> "GMBH CO KG", 华强电子股份有限公司 ->
 * 股份有限公司); empty when it states none. work holds len bytes, out
 * 2 * len.
 */
extern TextStatus text_legal_form(const char *in, size_t len, char *work,
								  char *out, size_t *out_len,
								  size_t *bad_offset);

/* Whether len bytes at word, normalized, are a legal-form word (LTD,
 * GMBH, SAS, 有限公司 ...) */
extern bool text_is_legal_form_word(const char *word, size_t len);

/* The scratch space text_only_legal_forms() needs for a name of len bytes */
#define TEXT_ONLY_FORMS_SCRATCH(len) (4 * ((len) + 2))

/*
 * Whether a name text_normalize(TEXT_NORM_NAME) has normalized is nothing
 * but legal forms, or empty: every word of it (split at each space) is a
 * legal form of "X " followed by it. What is left of "???? CO LTD" once
 * the SWIFT character set has turned a Chinese name into question marks
 * names no one. scratch holds TEXT_ONLY_FORMS_SCRATCH(len) bytes; the
 * name is valid UTF-8 (normalized).
 */
extern bool text_only_legal_forms(const char *name, size_t len, char *scratch);

#endif /* AR2C_CORE_TEXT_NORMALIZE_H */
