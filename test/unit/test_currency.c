/*
 * test_currency.c
 *		Unit tests for the ISO 4217 table and its look-ups (core/currency.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/currency.h"

/* Look a code up by a C string, its length taken from strlen */
static const CurrencyInfo *
lookup(const char *code)
{
	return currency_lookup(code, strlen(code));
}

/* Pack a code given as a C string */
static ar2c_currency
pack(const char *code)
{
	return currency_pack(code, strlen(code));
}

/* Check whether a suggestion list holds a code */
static int
suggestions_contain(const CurrencyInfo **out, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(out[i]->code, code) == 0)
			return 1;
	return 0;
}

/* Check that a NUL-terminated string is well-formed UTF-8 */
static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *) s;

	while (*p)
	{
		int extra;
		int k;

		if (*p < 0x80)
			extra = 0;
		else if (*p >= 0xC2 && *p <= 0xDF)
			extra = 1;
		else if (*p >= 0xE0 && *p <= 0xEF)
			extra = 2;
		else if (*p >= 0xF0 && *p <= 0xF4)
			extra = 3;
		else
			return 0;
		for (k = 1; k <= extra; k++)
			if ((p[k] & 0xC0) != 0x80)
				return 0;
		p += extra + 1;
	}
	return 1;
}

/* Every entry: shape, round trip, both-case look-up, direct index */
static void
test_every_entry(void **state)
{
	size_t n = currency_count();
	size_t i;

	(void) state;
	for (i = 0; i < n; i++)
	{
		const CurrencyInfo *ci = currency_at(i);
		ar2c_currency cur;
		char buf[4];
		char lower[4];
		char mixed[4];
		int k;

		assert_non_null(ci);
		assert_int_equal(strlen(ci->code), 3);
		for (k = 0; k < 3; k++)
		{
			assert_true(ci->code[k] >= 'A' && ci->code[k] <= 'Z');
			lower[k] = (char) (ci->code[k] - 'A' + 'a');
			mixed[k] = (k == 1) ? lower[k] : ci->code[k];
		}
		lower[3] = mixed[3] = '\0';

		cur = currency_pack(ci->code, 3);
		assert_true(cur > AR2C_CURRENCY_NONE && cur <= AR2C_CURRENCY_MAX);
		assert_int_equal(currency_pack(lower, 3), cur);
		assert_int_equal(currency_pack(mixed, 3), cur);

		memset(buf, 'x', sizeof(buf));
		currency_unpack(cur, buf);
		assert_string_equal(buf, ci->code);

		assert_ptr_equal(currency_lookup(ci->code, 3), ci);
		assert_ptr_equal(currency_lookup(lower, 3), ci);
		assert_ptr_equal(currency_lookup(mixed, 3), ci);
		assert_ptr_equal(currency_info(cur), ci);

		assert_true(ci->minor_units == AR2C_MINOR_UNITS_NA ||
					ci->minor_units == 0 || ci->minor_units == 2 ||
					ci->minor_units == 3 || ci->minor_units == 4);
		assert_int_equal(currency_minor_units(cur), ci->minor_units);

		assert_true(ci->numeric_code > 0 && ci->numeric_code <= 999);
		assert_non_null(ci->name);
		assert_true(strlen(ci->name) > 0);
		assert_true(valid_utf8(ci->name));
	}
}

/* The table is strictly sorted, codes and numeric codes are unique */
static void
test_table_shape(void **state)
{
	size_t n = currency_count();
	size_t i, j;

	(void) state;
	assert_true(n > 150);
	assert_true(n < 255);
	assert_null(currency_at(n));
	assert_null(currency_at((size_t) -1));

	for (i = 1; i < n; i++)
	{
		const CurrencyInfo *prev = currency_at(i - 1);
		const CurrencyInfo *cur = currency_at(i);

		assert_true(strcmp(prev->code, cur->code) < 0);
		/* packed order is alphabetical order */
		assert_true(currency_pack(prev->code, 3) <
					currency_pack(cur->code, 3));
	}

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			assert_int_not_equal(currency_at(i)->numeric_code,
								 currency_at(j)->numeric_code);
}

/* Minor units and numeric codes of well-known currencies */
static void
test_known_values(void **state)
{
	static const struct
	{
		const char *code;
		int numeric;
		int minor;
	} known[] = {
		{ "JPY", 392, 0 },
		{ "USD", 840, 2 },
		{ "EUR", 978, 2 },
		{ "KWD", 414, 3 },
		{ "CLF", 990, 4 },
		{ "CNY", 156, 2 },
		{ "XAU", 959, AR2C_MINOR_UNITS_NA },
		{ "CHF", 756, 2 },
		{ "GBP", 826, 2 },
		{ "KRW", 410, 0 },
		{ "BHD", 48, 3 },
		{ "JOD", 400, 3 },
		{ "OMR", 512, 3 },
		{ "TND", 788, 3 },
		{ "LYD", 434, 3 },
		{ "IQD", 368, 3 },
		{ "ISK", 352, 0 },
		{ "VND", 704, 0 },
		{ "UYW", 927, 4 },
		{ "UYI", 940, 0 },
		{ "XCG", 532, 2 },
		{ "ZWG", 924, 2 },
		{ "SLE", 925, 2 },
		{ "VED", 926, 2 },
		{ "VES", 928, 2 },
		{ "ALL", 8, 2 },
		{ "XDR", 960, AR2C_MINOR_UNITS_NA },
		{ "XXX", 999, AR2C_MINOR_UNITS_NA },
		{ "XTS", 963, AR2C_MINOR_UNITS_NA },
		{ "XAF", 950, 0 },
		{ "XOF", 952, 0 },
		{ "XPF", 953, 0 },
		{ "XCD", 951, 2 },
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
	{
		const CurrencyInfo *ci = lookup(known[i].code);

		assert_non_null(ci);
		assert_string_equal(ci->code, known[i].code);
		assert_int_equal(ci->numeric_code, known[i].numeric);
		assert_int_equal(ci->minor_units, known[i].minor);
		assert_int_equal(currency_minor_units(pack(known[i].code)),
						 known[i].minor);
	}
	assert_string_equal(lookup("EUR")->name, "Euro");
	assert_string_equal(lookup("usd")->name, "US Dollar");
}

/* Withdrawn codes stay out of the active list */
static void
test_withdrawn_codes(void **state)
{
	static const char *const gone[] = {
		"HRK", "SLL", "ANG", "CUC", "ZWL", "BGN", "MRO", "STD",
		"VEF", "BYR", "LTL", "LVL", "EEK", "DEM", "FRF",
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
	{
		assert_null(lookup(gone[i]));
		assert_int_not_equal(pack(gone[i]), AR2C_CURRENCY_NONE);
		assert_null(currency_info(pack(gone[i])));
		assert_int_equal(currency_minor_units(pack(gone[i])), -2);
	}
}

/* Unknown and malformed codes */
static void
test_invalid_codes(void **state)
{
	static const char *const bad[] = {
		"",    "EU",  "EURO",   "E1R", "\xE2\x82\xACUR",
		"E R", "EU-", "US\xC4", "123",
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		assert_null(lookup(bad[i]));
		assert_int_equal(pack(bad[i]), AR2C_CURRENCY_NONE);
	}

	/* a well-formed code that ISO does not assign */
	assert_null(lookup("EUX"));
	assert_int_not_equal(pack("EUX"), AR2C_CURRENCY_NONE);
	assert_null(currency_info(pack("EUX")));

	/* the length counts, not a NUL: "EURO" cut to 3 is EUR */
	assert_non_null(currency_lookup("EURO", 3));
	assert_null(currency_lookup("EUR", 2));
	assert_null(currency_lookup("EUR\0", 4));
	assert_null(currency_lookup(NULL, 3));
	assert_int_equal(currency_pack(NULL, 3), AR2C_CURRENCY_NONE);
	/* an embedded NUL is not a letter */
	assert_int_equal(currency_pack("E\0R", 3), AR2C_CURRENCY_NONE);

	/* packed values outside the range have no entry and no letters */
	assert_null(currency_info(AR2C_CURRENCY_NONE));
	assert_null(currency_info(-1));
	assert_null(currency_info(AR2C_CURRENCY_MAX + 1));
	assert_null(currency_info(INT16_MAX));
	assert_null(currency_info(INT16_MIN));
	assert_int_equal(currency_minor_units(AR2C_CURRENCY_NONE), -2);
	assert_int_equal(currency_minor_units(-5), -2);
	assert_int_equal(currency_minor_units(AR2C_CURRENCY_MAX + 1), -2);
}

/* Packing: the formula, the bounds, and order */
static void
test_pack_unpack(void **state)
{
	char buf[4];

	(void) state;
	assert_int_equal(pack("AAA"), 1);
	assert_int_equal(pack("aaa"), 1);
	assert_int_equal(pack("AAB"), 2);
	assert_int_equal(pack("ABA"), 27);
	assert_int_equal(pack("BAA"), 677);
	assert_int_equal(pack("ZZZ"), AR2C_CURRENCY_MAX);
	assert_int_equal(pack("zZz"), AR2C_CURRENCY_MAX);
	assert_int_equal(pack("EUR"),
					 ('E' - 'A') * 676 + ('U' - 'A') * 26 + ('R' - 'A') + 1);

	/* integer order is alphabetical order */
	assert_true(pack("AED") < pack("AFN"));
	assert_true(pack("CHF") < pack("CHW"));
	assert_true(pack("EUR") < pack("GBP"));
	assert_true(pack("USD") < pack("USN"));
	assert_true(pack("AZZ") < pack("BAA"));
	assert_true(pack("YER") < pack("ZAR"));
	assert_true(pack("jpy") < pack("KWD"));

	currency_unpack(1, buf);
	assert_string_equal(buf, "AAA");
	currency_unpack(AR2C_CURRENCY_MAX, buf);
	assert_string_equal(buf, "ZZZ");
	currency_unpack(pack("EUX"), buf);
	assert_string_equal(buf, "EUX");

	/* every packed value round-trips, whether or not it is in the table */
	{
		int v;

		for (v = 1; v <= AR2C_CURRENCY_MAX; v++)
		{
			currency_unpack((ar2c_currency) v, buf);
			assert_int_equal(strlen(buf), 3);
			assert_int_equal(currency_pack(buf, 3), v);
		}
	}

	/* out of range unpacks to the empty string */
	memset(buf, 'x', sizeof(buf));
	currency_unpack(AR2C_CURRENCY_NONE, buf);
	assert_string_equal(buf, "");
	memset(buf, 'x', sizeof(buf));
	currency_unpack(AR2C_CURRENCY_MAX + 1, buf);
	assert_string_equal(buf, "");
	memset(buf, 'x', sizeof(buf));
	currency_unpack(-3, buf);
	assert_string_equal(buf, "");
}

/* Suggestions: one substitution away, alphabetical, bounded */
static void
test_suggest(void **state)
{
	const CurrencyInfo *out[64];
	size_t n;
	size_t i;

	(void) state;
	n = currency_suggest("EUX", 3, out, 64);
	assert_true(n >= 1);
	assert_true(suggestions_contain(out, n, "EUR"));

	n = currency_suggest("usx", 3, out, 64);
	assert_true(suggestions_contain(out, n, "USD"));
	assert_true(suggestions_contain(out, n, "USN"));

	n = currency_suggest("USS", 3, out, 64);
	assert_true(suggestions_contain(out, n, "USD"));

	/* a non-letter counts as one wrong position */
	n = currency_suggest("E1R", 3, out, 64);
	assert_true(suggestions_contain(out, n, "EUR"));

	/* results are alphabetical and each is exactly one letter away */
	n = currency_suggest("XAX", 3, out, 64);
	assert_true(n > 3);
	for (i = 0; i < n; i++)
	{
		int diff = (out[i]->code[0] != 'X') + (out[i]->code[1] != 'A') +
				   (out[i]->code[2] != 'X');

		assert_int_equal(diff, 1);
		if (i > 0)
			assert_true(strcmp(out[i - 1]->code, out[i]->code) < 0);
	}

	/* max is respected, and the first max are the alphabetical first */
	{
		const CurrencyInfo *few[2];
		size_t all = n;

		assert_int_equal(currency_suggest("XAX", 3, few, 2), 2);
		assert_ptr_equal(few[0], out[0]);
		assert_ptr_equal(few[1], out[1]);
		assert_int_equal(currency_suggest("XAX", 3, few, 1), 1);
		assert_ptr_equal(few[0], out[0]);
		assert_int_equal(currency_suggest("XAX", 3, few, 0), 0);
		assert_int_equal(currency_suggest("XAX", 3, out, all + 5), all);
	}

	/* an exact match is not its own suggestion */
	n = currency_suggest("EUR", 3, out, 64);
	assert_false(suggestions_contain(out, n, "EUR"));

	/* nothing near */
	assert_int_equal(currency_suggest("QQQ", 3, out, 64), 0);

	/* wrong length gives nothing */
	assert_int_equal(currency_suggest("", 0, out, 64), 0);
	assert_int_equal(currency_suggest("EU", 2, out, 64), 0);
	assert_int_equal(currency_suggest("EURO", 4, out, 64), 0);
	assert_int_equal(currency_suggest("\xE2\x82\xACUR", 5, out, 64), 0);
	assert_int_equal(currency_suggest(NULL, 3, out, 64), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_entry),
		cmocka_unit_test(test_table_shape),
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_withdrawn_codes),
		cmocka_unit_test(test_invalid_codes),
		cmocka_unit_test(test_pack_unpack),
		cmocka_unit_test(test_suggest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
