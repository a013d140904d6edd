/*
 * test_money_cur.c
 *		Unit tests for money parsing, formatting and rounding (core/money_cur.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/money_cur.h"

/* Parse a C string */
static MoneyStatus
parse(const char *text, MoneyParse *out)
{
	return money_parse(text, strlen(text), out);
}

/* Parse, expect success, and return the canonical text */
static void
assert_canonical(const char *input, const char *expected)
{
	MoneyParse p;
	char buf[MONEY_TEXT_MAX];

	assert_int_equal(parse(input, &p), MONEY_OK);
	money_format(p.value, buf);
	assert_string_equal(buf, expected);
}

/* Accepted spellings and their canonical form */
static void
test_parse_forms(void **state)
{
	(void) state;
	assert_canonical("1234.56 EUR", "1234.56 EUR");
	assert_canonical("EUR 1234.56", "1234.56 EUR");
	assert_canonical("  eur1234.56\t", "1234.56 EUR");
	assert_canonical("1234.56eur", "1234.56 EUR");
	assert_canonical("-0.05 USD", "-0.05 USD");
	assert_canonical("USD -0.05", "-0.05 USD");
	assert_canonical("+7 USD", "7.00 USD");
	assert_canonical("1000 JPY", "1000 JPY");
	assert_canonical("1.5 KWD", "1.500 KWD");
	assert_canonical("0.0001 CLF", "0.0001 CLF");
	assert_canonical("-0 EUR", "0.00 EUR");
	assert_canonical("0007.10 EUR", "7.10 EUR");
	assert_canonical("9223372036854775807 JPY", "9223372036854775807 JPY");
	assert_canonical("-92233720368547758.07 EUR", "-92233720368547758.07 EUR");
}

/* Check one refused input and the token it blames */
static void
assert_refused(const char *input, MoneyStatus expected, const char *token)
{
	MoneyParse p;

	assert_int_equal(parse(input, &p), expected);
	if (token != NULL)
	{
		assert_non_null(p.token);
		assert_int_equal(p.token_len, strlen(token));
		assert_memory_equal(p.token, token, strlen(token));
	}
}

/* Every kind of bad input gets its own status */
static void
test_parse_errors(void **state)
{
	MoneyParse p;

	(void) state;
	assert_refused("", MONEY_EMPTY, NULL);
	assert_refused("   ", MONEY_EMPTY, NULL);
	assert_refused("12.50", MONEY_NO_CURRENCY, NULL);
	assert_refused("EUR", MONEY_NO_AMOUNT, "EUR");
	assert_refused("EUR abc", MONEY_SYNTAX, NULL);
	assert_refused("1,234.56 EUR", MONEY_SYNTAX, NULL);
	assert_refused("12. EUR", MONEY_SYNTAX, NULL);
	assert_refused(".5 EUR", MONEY_SYNTAX, NULL);
	assert_refused("1e5 EUR", MONEY_SYNTAX, "5 EUR");
	assert_refused("5 EUR 6", MONEY_SYNTAX, "6");
	assert_refused("EUR 5 USD", MONEY_SYNTAX, "USD");
	assert_refused("--5 EUR", MONEY_SYNTAX, NULL);
	assert_refused("5 EUX", MONEY_UNKNOWN_CURRENCY, "EUX");
	assert_refused("5 EURO", MONEY_UNKNOWN_CURRENCY, "EURO");
	assert_refused("5 XAU", MONEY_NO_MINOR_UNITS, NULL);
	assert_refused("1.234 USD", MONEY_TOO_MANY_DECIMALS, "1.234");
	assert_refused("1.5 JPY", MONEY_TOO_MANY_DECIMALS, "1.5");
	assert_refused("9223372036854775808 JPY", MONEY_OUT_OF_RANGE, NULL);
	assert_refused("-9223372036854775808 JPY", MONEY_OUT_OF_RANGE, NULL);
	assert_refused("92233720368547758.08 EUR", MONEY_OUT_OF_RANGE, NULL);
	assert_refused("99999999999999999999999999999999999 EUR",
				   MONEY_OUT_OF_RANGE, NULL);

	assert_int_equal(parse("1.234 USD", &p), MONEY_TOO_MANY_DECIMALS);
	assert_int_equal(p.decimals, 3);
	assert_int_equal(p.minor_units, 2);
	/* a NUL inside the buffer is not white space */
	assert_int_equal(money_parse("1 EUR\0", 6, &p), MONEY_SYNTAX);
}

/* Format then parse gives the value back, in every currency */
static void
test_round_trip_every_currency(void **state)
{
	static const int64_t samples[] = { 0,
									   1,
									   -1,
									   7,
									   10,
									   99,
									   100,
									   101,
									   -12345,
									   123456789,
									   -987654321012LL,
									   MONEY_UNITS_MAX,
									   MONEY_UNITS_MIN };
	size_t i;
	size_t k;
	int checked = 0;

	(void) state;
	for (i = 0; i < currency_count(); i++)
	{
		const CurrencyInfo *info = currency_at(i);

		if (info->minor_units == AR2C_MINOR_UNITS_NA)
			continue;
		for (k = 0; k < sizeof(samples) / sizeof(samples[0]); k++)
		{
			MoneyCur m = { samples[k], currency_pack(info->code, 3) };
			MoneyParse p;
			char buf[MONEY_TEXT_MAX];
			size_t len = money_format(m, buf);

			assert_int_equal(len, strlen(buf));
			assert_int_equal(money_parse(buf, len, &p), MONEY_OK);
			assert_int_equal(p.value.units, m.units);
			assert_int_equal(p.value.currency, m.currency);
			checked++;
		}
	}
	assert_true(checked > 150 * 13);
}

/* The amount alone, with exactly the currency's decimals */
static void
test_format_amount(void **state)
{
	char buf[MONEY_TEXT_MAX];

	(void) state;
	money_format_amount(5, 2, buf);
	assert_string_equal(buf, "0.05");
	money_format_amount(-5, 3, buf);
	assert_string_equal(buf, "-0.005");
	money_format_amount(123456, 0, buf);
	assert_string_equal(buf, "123456");
	money_format_amount(INT64_MIN + 1, 2, buf);
	assert_string_equal(buf, "-92233720368547758.07");
}

/* Check one rounded division */
static void
assert_div(ar2c_int128 num, ar2c_int128 den, MoneyRounding r, int64_t expected)
{
	ar2c_int128 q;

	assert_true(money_div_round(num, den, r, &q));
	assert_int_equal((int64_t) q, expected);
}

/* Half-even and half-up on ties, signs, and plain cases */
static void
test_div_round(void **state)
{
	ar2c_int128 q;

	(void) state;
	/* 12.5 -> 12 (even) or 13 (up); 13.5 -> 14 both ways */
	assert_div(125, 10, MONEY_ROUND_HALF_EVEN, 12);
	assert_div(125, 10, MONEY_ROUND_HALF_UP, 13);
	assert_div(135, 10, MONEY_ROUND_HALF_EVEN, 14);
	assert_div(135, 10, MONEY_ROUND_HALF_UP, 14);
	assert_div(-125, 10, MONEY_ROUND_HALF_EVEN, -12);
	assert_div(-125, 10, MONEY_ROUND_HALF_UP, -13);
	assert_div(125, -10, MONEY_ROUND_HALF_UP, -13);
	assert_div(-125, -10, MONEY_ROUND_HALF_EVEN, 12);
	assert_div(1000, 3, MONEY_ROUND_HALF_EVEN, 333);
	assert_div(2000, 3, MONEY_ROUND_HALF_EVEN, 667);
	assert_div(-2000, 3, MONEY_ROUND_HALF_EVEN, -667);
	assert_div(7, 1, MONEY_ROUND_HALF_EVEN, 7);
	assert_div(0, 5, MONEY_ROUND_HALF_UP, 0);
	/* divisors near the 128-bit limit must not overflow the comparison */
	{
		ar2c_int128 big = ((ar2c_int128) 1) << 126;

		assert_true(money_div_round(big + 1, big, MONEY_ROUND_HALF_EVEN, &q));
		assert_true(q == 1);
		assert_true(
			money_div_round(big + big / 2, big, MONEY_ROUND_HALF_EVEN, &q));
		assert_true(q == 2);
	}
	assert_false(money_div_round(1, 0, MONEY_ROUND_HALF_EVEN, &q));
}

/* Plain decimals as numeric's output writes them */
static void
test_decimal_parse(void **state)
{
	ar2c_int128 m;
	int scale;

	(void) state;
	assert_true(decimal_parse("12.500", 6, &m, &scale));
	assert_true(m == 12500 && scale == 3);
	assert_true(decimal_parse("-0.25", 5, &m, &scale));
	assert_true(m == -25 && scale == 2);
	assert_true(decimal_parse("7", 1, &m, &scale));
	assert_true(m == 7 && scale == 0);
	assert_true(decimal_parse("12345678901234567890123456789012345678", 38, &m,
							  &scale));
	assert_true(decimal_parse("-170141183460469231731687303715884105727", 40,
							  &m, &scale));
	assert_true(m ==
				-(((ar2c_int128) 1 << 126) - 1 + ((ar2c_int128) 1 << 126)));
	assert_false(decimal_parse("170141183460469231731687303715884105728", 39,
							   &m, &scale));
	assert_false(decimal_parse("1234567890123456789012345678901234567890", 40,
							   &m, &scale));
	assert_false(decimal_parse("NaN", 3, &m, &scale));
	assert_false(decimal_parse("1.2.3", 5, &m, &scale));
	assert_false(decimal_parse("", 0, &m, &scale));
	assert_false(decimal_parse("-", 1, &m, &scale));
	assert_false(decimal_parse("1e5", 3, &m, &scale));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_round_trip_every_currency),
		cmocka_unit_test(test_format_amount),
		cmocka_unit_test(test_div_round),
		cmocka_unit_test(test_decimal_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
