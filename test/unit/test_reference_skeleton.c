/*
 * test_reference_skeleton.c
 *		Unit tests of the skeletons of damaged invoice numbers
 *		(core/reference_skeleton.c)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/reference_skeleton.h"

/* The skeleton of text, in a static buffer ("" for none) */
static const char *
skeleton(const char *text)
{
	static char out[REF_SKELETON_MAX + 1];

	ref_skeleton(text, strlen(text), out);
	return out;
}

/* Every invoice number and its damaged copies share one skeleton */
static void
test_damaged_numbers_meet(void **state)
{
	(void) state;
	/* the prefix dropped */
	assert_string_equal(skeleton("FA-2025-1569"), "2025-1569");
	assert_string_equal(skeleton("2025-1569"), "2025-1569");
	/* run together and padded */
	assert_string_equal(skeleton("FA2025/01569"), "2025-1569");
	assert_string_equal(skeleton("202501569"), "2025-1569");
	/* OCR confusions, in and beside digit runs */
	assert_string_equal(skeleton("FA-2O25-l569"), "2025-1569");
	assert_string_equal(skeleton("INV-0047I1"), "4711");
	assert_string_equal(skeleton("INV-004711"), "4711");
	assert_string_equal(skeleton("1S8Z"), "1582");
	/* full-width digits */
	assert_string_equal(skeleton("ＦＡ－２０２５－１５６９"), "2025-1569");
	/* a word or prefix is not a digit */
	assert_string_equal(skeleton("SO-1234"), "1234");
	assert_string_equal(skeleton("2025-RE-0042"), "2025-42");
	/* too few digits, or too long to be a number */
	assert_string_equal(skeleton("INV-123"), "");
	assert_string_equal(skeleton("ABCDEFG"), "");
	assert_string_equal(skeleton("123456789012345678901234567890123456"), "");
}

typedef struct Seen
{
	char list[2048];
} Seen;

static void
collect(void *arg, const RefSkeleton *s)
{
	Seen *seen = arg;
	size_t at = strlen(seen->list);

	/* a swap differs from what was written (its skeleton may split anew) */
	assert_true((s->damage == REF_DAMAGE_NONE) ==
				(s->written_len == s->len &&
				 memcmp(s->written, s->skeleton, s->len) == 0));
	assert_true(s->damage == REF_DAMAGE_SWAP || s->token_len >= s->len);
	if (at + s->len + 4 < sizeof(seen->list))
	{
		seen->list[at] = s->damage == REF_DAMAGE_SWAP ? '~' : '=';
		memcpy(seen->list + at + 1, s->skeleton, s->len);
		seen->list[at + 1 + s->len] = ' ';
		seen->list[at + 2 + s->len] = '\0';
	}
}

static const char *
skeletons(const char *text)
{
	static Seen seen;

	seen.list[0] = '\0';
	ref_skeletons(text, strlen(text), collect, &seen);
	return seen.list;
}

/* Every number-like token counts, bare or after words that are no label,
 * and each number of a list */
static void
test_tokens(void **state)
{
	const char *list;

	(void) state;
	assert_non_null(
		strstr(skeletons("SETTLEMENT OF 2025-1569"), "=2025-1569 "));
	assert_non_null(strstr(skeletons("付款2025/1569货款"), "=2025-1569 "));
	assert_non_null(
		strstr(skeletons("Paiement 4711, 4712 et 4713"), "=4713 "));
	/* a list in one token: each number alone */
	assert_non_null(strstr(skeletons("INV 4711/4712/4713"), "=4712 "));
	/* three runs: neighbouring runs too */
	assert_non_null(strstr(skeletons("2025-1569-17"), "=1569-17 "));
	/* a list longer than a number, run together: read in pieces, each
	 * number whole in one of them */
	list = skeletons("INVOICES FA2026/02444/FA2026/02474/FA2026/02549/"
					 "FA2026/02550/FA2026/02648/2025-RE-0042/FA2026/02722");
	assert_non_null(strstr(list, "=2026-2444 "));
	assert_non_null(strstr(list, "=2026-2474 "));
	assert_non_null(strstr(list, "=2026-2550 "));
	assert_non_null(strstr(list, "=2026-2648 "));
	assert_non_null(strstr(list, "=2025-42 "));
	assert_non_null(strstr(list, "=2026-2722 "));
	/* a part longer than a piece is skipped, the rest read */
	list =
		skeletons("X/1234567890123456789012345678901234567890/FA2026/02444");
	assert_non_null(strstr(list, "=2026-2444 "));
	/* words and short numbers name nothing */
	assert_string_equal(skeletons("Miete Juni 12 Danke"), "");
}

/* Two adjacent digits swapped back, within a run, long numbers only */
static void
test_swaps(void **state)
{
	const char *list;

	(void) state;
	list = skeletons("2025-1596");
	assert_non_null(strstr(list, "~2025-1569 "));
	assert_non_null(strstr(list, "~2052-1596 "));
	/* not across the separator, nor of equal digits */
	assert_null(strstr(list, "~202-51596"));
	assert_null(strstr(skeletons("4711"), "~"));
	/* no leading zero made: 10042 swapped is not 01042 */
	assert_null(strstr(skeletons("10042"), "~01042"));
	/* a number written as one run: swapped where the skeleton splits it,
	 * or swapped back into a number the skeleton splits */
	assert_non_null(strstr(skeletons("Fattura 20215027"), "~2025-1027 "));
	assert_non_null(strstr(skeletons("Saldo 22051155"), "~2025-1155 "));
	assert_null(strstr(skeletons("Saldo 22051155"), "~02251155"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_damaged_numbers_meet),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_swaps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
