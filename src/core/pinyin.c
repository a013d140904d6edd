/*
 * pinyin.c
 *		Han ideographs to toneless pinyin (see pinyin.h)
 */
#include "core/pinyin.h"

#include <string.h>

#define DENSE_FIRST 0x3400
#define DENSE_LAST  0x9FFF

/* The syllable of an ideograph; NULL if it has no reading */
const char *
pinyin_of(uint32_t cp)
{
	int lo = 0;
	int hi = pinyin_sparse_count - 1;

	if (cp >= DENSE_FIRST && cp <= DENSE_LAST)
	{
		uint16_t s = pinyin_dense[cp - DENSE_FIRST];

		return s ? pinyin_syllables[s] : NULL;
	}
	while (lo <= hi)
	{
		int mid = lo + (hi - lo) / 2;

		if (pinyin_sparse[mid].cp == cp)
			return pinyin_syllables[pinyin_sparse[mid].syllable];
		if (pinyin_sparse[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* Transliterate UTF-8; see pinyin.h */
TextStatus
pinyin_transliterate(const char *in, size_t len, char *out, size_t *out_len,
					 size_t *bad_offset)
{
	const unsigned char *s = (const unsigned char *) in;
	size_t i = 0;
	size_t o = 0;
	bool after_syllable = false; /* the last thing written is a syllable */

	while (i < len)
	{
		uint32_t cp;
		int n = text_utf8_decode(s + i, len - i, &cp);
		const char *syllable;

		if (n == 0)
		{
			*bad_offset = i;
			return TEXT_INVALID_UTF8;
		}
		syllable = pinyin_of(cp);
		if (syllable != NULL)
		{
			size_t k = strlen(syllable);

			if (o > 0 && out[o - 1] != ' ')
				out[o++] = ' ';
			memcpy(out + o, syllable, k);
			o += k;
			after_syllable = true;
		}
		else
		{
			if (after_syllable && cp != ' ')
				out[o++] = ' ';
			memcpy(out + o, in + i, n);
			o += n;
			after_syllable = false;
		}
		i += n;
	}
	*out_len = o;
	return TEXT_OK;
}
