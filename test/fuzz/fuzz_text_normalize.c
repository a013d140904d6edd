/*
 * fuzz_text_normalize.c
 *		libFuzzer target for the text normalization of core/text_normalize.c.
 *
 * Arbitrary bytes go through the three modes. Text that is not UTF-8 must
 * be refused at the offset where its valid prefix ends; anything else must
 * come out as valid UTF-8, no longer than it went in, spaced as the mode
 * says (single spaces, none at the ends; none at all for references), and
 * unchanged when normalized again; a normalized name is tested for being
 * nothing but legal forms. Nothing may read or write outside its
 * buffer (ASan) or overflow (UBSan).
 */
#include <stdlib.h>
#include <string.h>

#include "core/text_normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless out is spaced as the mode says */
static void
check_spacing(TextNormMode mode, const char *out, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
	{
		if (out[i] != ' ')
			continue;
		if (mode == TEXT_NORM_REFERENCE || i == 0 || i + 1 == len ||
			out[i + 1] == ' ')
			abort();
	}
}

/* Normalize in every mode and check the result */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *) data;
	size_t valid = text_utf8_valid_prefix(in, size);
	int mode;

	for (mode = TEXT_NORM_FOLD; mode <= TEXT_NORM_REFERENCE; mode++)
	{
		/* exactly the room the contract promises, so ASan sees overruns */
		char *out = malloc(size > 0 ? size : 1);
		char *again;
		size_t len = 0;
		size_t len2 = 0;
		size_t bad = 0;
		TextStatus st;

		st = text_normalize((TextNormMode) mode, in, size, out, &len, &bad);
		if (st == TEXT_INVALID_UTF8)
		{
			if (valid == size || bad != valid)
				abort();
			free(out);
			continue;
		}
		if (st != TEXT_OK || valid != size)
			abort();
		if (len > size || text_utf8_valid_prefix(out, len) != len)
			abort();
		check_spacing((TextNormMode) mode, out, len);

		again = malloc(len > 0 ? len : 1);
		st = text_normalize((TextNormMode) mode, out, len, again, &len2, &bad);
		if (st != TEXT_OK || len2 != len || memcmp(out, again, len) != 0)
			abort();
		free(again);
		/* a normalized name: whether it is only legal forms (no name
		 * at all when empty), in exactly the scratch promised */
		if (mode == TEXT_NORM_NAME)
		{
			char *scratch = malloc(TEXT_ONLY_FORMS_SCRATCH(len));

			if (len == 0 && !text_only_legal_forms(out, len, scratch))
				abort();
			(void) text_only_legal_forms(out, len, scratch);
			free(scratch);
		}
		free(out);
	}
	return 0;
}
