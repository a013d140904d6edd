/*
 * test_chart.c
 *		Unit tests for the chart scales and number formats (core/chart.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/chart.h"

static ChartScale
scale_of(double min, double max, int max_ticks)
{
	ChartScale scale;

	assert_true(chart_nice_scale(min, max, max_ticks, &scale));
	assert_true(scale.ticks <= max_ticks);
	assert_true(scale.low <= min && scale.low <= 0);
	assert_true(scale.high >= max && scale.high >= 0);
	return scale;
}

static void
test_scale_rounds_up_to_a_nice_step(void **state)
{
	(void) state;
	ChartScale s = scale_of(0, 95, 6);

	assert_true(s.low == 0 && s.high == 100 && s.step == 20);
	assert_int_equal(s.ticks, 6);
	assert_int_equal(s.decimals, 0);
	s = scale_of(0, 1234567.89, 6);
	assert_true(s.step == 500000 && s.high == 1500000);
	assert_int_equal(s.ticks, 4);
}

static void
test_scale_includes_zero(void **state)
{
	(void) state;
	ChartScale s = scale_of(3, 7, 5);

	assert_true(s.low == 0 && s.high == 8 && s.step == 2);
	s = scale_of(-70, -3, 5);
	assert_true(s.low == -80 && s.high == 0 && s.step == 20);
}

static void
test_scale_both_signs_keeps_the_tick_limit(void **state)
{
	(void) state;
	/* a step of 20 needs -40..80, seven ticks: the next nice step fits */
	ChartScale s = scale_of(-30, 70, 6);

	assert_true(s.step == 50 && s.low == -50 && s.high == 100);
	assert_int_equal(s.ticks, 4);
}

static void
test_scale_of_nothing_is_zero_to_one(void **state)
{
	(void) state;
	ChartScale s = scale_of(0, 0, 5);

	assert_true(s.low == 0 && s.high == 1 && s.step == 0.5);
	assert_int_equal(s.decimals, 1);
}

static void
test_scale_fractions_print_exactly(void **state)
{
	(void) state;
	ChartScale s = scale_of(0, 0.37, 5);

	assert_true(s.step == 0.1 && s.high == 0.4);
	assert_int_equal(s.decimals, 1);
	assert_int_equal(s.ticks, 5);
	assert_true(chart_tick(&s, 3) == 0.3);
	assert_true(chart_tick(&s, 4) == 0.4);
}

static void
test_scale_refuses_what_it_cannot_draw(void **state)
{
	(void) state;
	ChartScale s;

	assert_false(chart_nice_scale(NAN, 1, 5, &s));
	assert_false(chart_nice_scale(0, INFINITY, 5, &s));
	assert_false(chart_nice_scale(2, 1, 5, &s));
	assert_false(chart_nice_scale(0, 1, 1, &s));
	assert_false(chart_nice_scale(0, 1, CHART_MAX_TICKS + 1, &s));
	/* the bounds would overflow */
	assert_false(chart_nice_scale(0, DBL_MAX, 5, &s));
	assert_false(chart_nice_scale(-DBL_MAX, DBL_MAX, 50, &s));
	/* but large finite ranges are fine */
	s = scale_of(0, 1e308, 5);
	assert_true(isfinite(s.high));
}

static void
test_scale_tiny_range_stops_at_printable_steps(void **state)
{
	(void) state;
	ChartScale s = scale_of(0, 1e-300, 5);

	assert_int_equal(s.decimals, CHART_MAX_DECIMALS);
	assert_int_equal(s.ticks, 2);
}

static void
test_scale_covers_values_whose_quotient_underflows(void **state)
{
	/* 3.6e-33 / 2e291 is 0: the top must still be above it (found by fuzzing) */
	ChartScale s;

	(void) state;
	assert_false(chart_nice_scale(-7.974155086661736e219, 3.58e-33, 2, &s));
	s = scale_of(-7.974155086661736e219, 3.58e-33, 3);
	assert_true(s.high > 0);
}

static void
test_locale_codes(void **state)
{
	(void) state;
	ChartLocale l;

	assert_true(chart_locale("de", 2, &l) && l == CHART_DE);
	assert_true(chart_locale("de-CH", 5, &l) && l == CHART_DE);
	assert_true(chart_locale("ZH_cn", 5, &l) && l == CHART_ZH);
	assert_true(chart_locale("Fr", 2, &l) && l == CHART_FR);
	assert_true(chart_locale("en", 2, &l) && l == CHART_EN);
	assert_false(chart_locale("es", 2, &l));
	assert_false(chart_locale("d", 1, &l));
	assert_false(chart_locale("deu", 3, &l));
	assert_false(chart_locale("", 0, &l));
}

/* format text with a locale and decimals; asserts it succeeds */
static void
assert_formats(const char *text, int decimals, ChartLocale locale,
			   const char *expected)
{
	char out[256];
	size_t len;

	assert_int_equal(chart_format_decimal(text, strlen(text), decimals, locale,
										  out, sizeof(out), &len),
					 CHART_FORMAT_OK);
	assert_string_equal(out, expected);
	assert_int_equal(len, strlen(expected));
}

static void
test_format_groups_by_locale(void **state)
{
	(void) state;
	assert_formats("1234567.891", 2, CHART_EN, "1,234,567.89");
	assert_formats("1234567.891", 2, CHART_DE, "1.234.567,89");
	assert_formats("1234567.891", 2, CHART_FR,
				   "1\xE2\x80\xAF"
				   "234\xE2\x80\xAF"
				   "567,89");
	assert_formats("1234567.891", 2, CHART_ZH, "1,234,567.89");
	assert_formats("-1234", 0, CHART_DE, "-1.234");
	assert_formats("999", 0, CHART_EN, "999");
	assert_formats("1000", 0, CHART_EN, "1,000");
	assert_formats("100000", 1, CHART_DE, "100.000,0");
}

static void
test_format_rounds_half_away_from_zero(void **state)
{
	(void) state;
	assert_formats("0.995", 2, CHART_EN, "1.00");
	assert_formats("-0.995", 2, CHART_EN, "-1.00");
	assert_formats("0.994", 2, CHART_EN, "0.99");
	assert_formats("999999.5", 0, CHART_EN, "1,000,000");
	assert_formats("-999.5", 0, CHART_DE, "-1.000");
	assert_formats("2.5", 0, CHART_EN, "3");
	assert_formats(".5", 0, CHART_EN, "1");
}

static void
test_format_pads_and_trims(void **state)
{
	(void) state;
	assert_formats("123", 2, CHART_EN, "123.00");
	assert_formats("000123.4", 2, CHART_FR, "123,40");
	assert_formats("0", 0, CHART_EN, "0");
	assert_formats("+5", 1, CHART_EN, "5.0");
	assert_formats("5.", 0, CHART_EN, "5");
	assert_formats("0.00", 2, CHART_EN, "0.00");
}

static void
test_format_no_negative_zero(void **state)
{
	(void) state;
	assert_formats("-0.004", 2, CHART_EN, "0.00");
	assert_formats("-0", 0, CHART_EN, "0");
	assert_formats("-0.005", 2, CHART_EN, "-0.01");
}

static void
test_format_refuses_bad_text(void **state)
{
	(void) state;
	static const char *const bad[] = { "",    "-",        "+",     ".",  "1e5",
									   "NaN", "Infinity", "1.2.3", " 1", "1 ",
									   "--1", "1,000",    "0x10" };
	char out[64];
	size_t len;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(chart_format_decimal(bad[i], strlen(bad[i]), 2,
											  CHART_EN, out, sizeof(out),
											  &len),
						 CHART_FORMAT_SYNTAX);
	assert_int_equal(
		chart_format_decimal("1", 1, -1, CHART_EN, out, sizeof(out), &len),
		CHART_FORMAT_DECIMALS);
	assert_int_equal(chart_format_decimal("1", 1, CHART_MAX_DECIMALS + 1,
										  CHART_EN, out, sizeof(out), &len),
					 CHART_FORMAT_DECIMALS);
}

static void
test_format_reports_no_space(void **state)
{
	(void) state;
	char out[6];
	size_t len;
	char *many = malloc(CHART_MAX_INTEGER_DIGITS + 2);

	assert_int_equal(
		chart_format_decimal("123456", 6, 0, CHART_EN, out, sizeof(out), &len),
		CHART_FORMAT_SPACE);
	assert_int_equal(
		chart_format_decimal("1234", 4, 0, CHART_EN, out, sizeof(out), &len),
		CHART_FORMAT_OK);
	assert_string_equal(out, "1,234");
	memset(many, '9', CHART_MAX_INTEGER_DIGITS + 1);
	assert_int_equal(chart_format_decimal(many, CHART_MAX_INTEGER_DIGITS + 1,
										  0, CHART_EN, out, sizeof(out), &len),
					 CHART_FORMAT_SPACE);
	free(many);
}

static void
test_format_size_is_enough(void **state)
{
	(void) state;
	/* the widest case: French groups of three bytes and a carry digit */
	const char *text = "-999999999.999";
	size_t size = CHART_FORMAT_SIZE(strlen(text), 2);
	char *out = malloc(size);
	size_t len;

	assert_int_equal(
		chart_format_decimal(text, strlen(text), 2, CHART_FR, out, size, &len),
		CHART_FORMAT_OK);
	assert_string_equal(out, "-1\xE2\x80\xAF"
							 "000\xE2\x80\xAF"
							 "000\xE2\x80\xAF"
							 "000,00");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale_rounds_up_to_a_nice_step),
		cmocka_unit_test(test_scale_includes_zero),
		cmocka_unit_test(test_scale_both_signs_keeps_the_tick_limit),
		cmocka_unit_test(test_scale_of_nothing_is_zero_to_one),
		cmocka_unit_test(test_scale_fractions_print_exactly),
		cmocka_unit_test(test_scale_refuses_what_it_cannot_draw),
		cmocka_unit_test(test_scale_tiny_range_stops_at_printable_steps),
		cmocka_unit_test(test_scale_covers_values_whose_quotient_underflows),
		cmocka_unit_test(test_locale_codes),
		cmocka_unit_test(test_format_groups_by_locale),
		cmocka_unit_test(test_format_rounds_half_away_from_zero),
		cmocka_unit_test(test_format_pads_and_trims),
		cmocka_unit_test(test_format_no_negative_zero),
		cmocka_unit_test(test_format_refuses_bad_text),
		cmocka_unit_test(test_format_reports_no_space),
		cmocka_unit_test(test_format_size_is_enough),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
