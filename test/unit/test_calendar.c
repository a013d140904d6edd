/*
 * test_calendar.c
 *		Unit tests for core/calendar.c: days of the Gregorian calendar.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/calendar.h"

/* February by the leap rules: every 4th year, not every 100th, every 400th */
static void
test_days_in_month(void **state)
{
	(void) state;
	assert_int_equal(calendar_days_in_month(2026, 1), 31);
	assert_int_equal(calendar_days_in_month(2026, 4), 30);
	assert_int_equal(calendar_days_in_month(2026, 2), 28);
	assert_int_equal(calendar_days_in_month(2028, 2), 29);
	assert_int_equal(calendar_days_in_month(2100, 2), 28);
	assert_int_equal(calendar_days_in_month(2000, 2), 29);
}

/* A bank writing 30 February, month 13 or day 0 names no day */
static void
test_date_valid(void **state)
{
	(void) state;
	assert_true(calendar_date_valid(2026, 12, 31));
	assert_true(calendar_date_valid(2028, 2, 29));
	assert_false(calendar_date_valid(2026, 2, 29));
	assert_false(calendar_date_valid(2026, 2, 30));
	assert_false(calendar_date_valid(2026, 13, 1));
	assert_false(calendar_date_valid(2026, 0, 1));
	assert_false(calendar_date_valid(2026, 4, 0));
	assert_false(calendar_date_valid(0, 1, 1));
	assert_false(calendar_date_valid(10000, 1, 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_date_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
