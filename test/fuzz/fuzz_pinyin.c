/*
 * fuzz_pinyin.c
 *		libFuzzer target for Han to pinyin (core/pinyin.c) and Chinese names
 *		against names in Latin letters (core/pinyin_name.c).
 *
 * Arbitrary bytes are transliterated: text that is not UTF-8 must be
 * refused at the offset where its valid prefix ends; anything else must
 * come out as valid UTF-8 within PINYIN_OUT_MAX, and with no ideograph
 * left that has a reading. The bytes, split at the first newline, are
 * also two names: normalized, their similarity (pinyin when one is Chinese
 * and the other in Latin letters) lies in [0, 1] and is the same both ways
 * round. Nothing may read or write outside its buffer (ASan) or overflow
 * (UBSan).
 */
#include <stdlib.h>
#include <string.h>

#include "core/pinyin.h"
#include "core/similarity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Transliterate and check the result */
static void
check_transliteration(const char *in, size_t size)
{
	size_t valid = text_utf8_valid_prefix(in, size);
	char *out = malloc(PINYIN_OUT_MAX(size));
	size_t out_len = 0;
	size_t bad = 0;
	size_t i = 0;

	if (out == NULL)
		return;
	switch (pinyin_transliterate(in, size, out, &out_len, &bad))
	{
		case TEXT_OK:
			if (valid != size || out_len > PINYIN_OUT_MAX(size) ||
				text_utf8_valid_prefix(out, out_len) != out_len)
				abort();
			while (i < out_len)
			{
				uint32_t cp;
				int n = text_utf8_decode((const unsigned char *) out + i,
										 out_len - i, &cp);

				if (n == 0 || pinyin_of(cp) != NULL)
					abort();
				i += n;
			}
			break;
		case TEXT_INVALID_UTF8:
			if (bad != valid || valid == size)
				abort();
			break;
		default:
			abort();
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *) data;
	const char *nl = memchr(in, '\n', size);
	double ab;
	double ba;
	SimError err;

	check_transliteration(in, size);
	if (nl == NULL)
		return 0;
	{
		size_t alen = nl - in;
		const char *b = nl + 1;
		size_t blen = size - alen - 1;
		SimStatus s1 = sim_name_utf8(in, alen, b, blen, &ab, &err);
		SimStatus s2 = sim_name_utf8(b, blen, in, alen, &ba, &err);

		if (s1 != s2)
			abort();
		if (s1 == SIM_OK && (ab != ba || ab < 0.0 || ab > 1.0))
			abort();
	}
	return 0;
}
