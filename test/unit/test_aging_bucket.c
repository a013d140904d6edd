/*
 * test_aging_bucket.c
 *		Unit tests for aging buckets and boundary lists (core/aging_bucket.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/aging_bucket.h"

/* Parse a boundary list given as a C string */
static AgingStatus
parse_bounds(const char *text, AgingBoundaries *out, AgingError *err)
{
	return aging_boundaries_parse(text, strlen(text), out, err);
}

/* Parse a label given as a C string */
static AgingStatus
parse_label(const char *text, AgingBucket *out, AgingError *err)
{
	return aging_bucket_parse(text, strlen(text), out, err);
}

/* The label of a bucket, in a static buffer */
static const char *
label(AgingBucket b)
{
	static char buf[AGING_LABEL_MAX];

	aging_bucket_format(b, buf);
	return buf;
}

/* The label of the bucket of a day count, by a boundary list */
static const char *
label_of(int64_t days, const AgingBoundaries *bounds)
{
	return label(aging_bucket_of(days, bounds));
}

/* The default list parses into its four numbers */
static void
test_boundaries_default(void **state)
{
	AgingBoundaries b;
	AgingError err;

	(void) state;
	assert_int_equal(parse_bounds(AGING_DEFAULT_BOUNDARIES, &b, &err),
					 AGING_OK);
	assert_int_equal(b.count, 4);
	assert_int_equal(b.days[0], 30);
	assert_int_equal(b.days[1], 60);
	assert_int_equal(b.days[2], 90);
	assert_int_equal(b.days[3], 120);
}

/* White space, a plus sign, one boundary, sixteen boundaries, the largest */
static void
test_boundaries_good(void **state)
{
	AgingBoundaries b;
	AgingError err;

	(void) state;
	assert_int_equal(parse_bounds(" \t15 ,\n45  ", &b, &err), AGING_OK);
	assert_int_equal(b.count, 2);
	assert_int_equal(b.days[0], 15);
	assert_int_equal(b.days[1], 45);

	assert_int_equal(parse_bounds("+7", &b, &err), AGING_OK);
	assert_int_equal(b.count, 1);
	assert_int_equal(b.days[0], 7);

	assert_int_equal(parse_bounds("007,08", &b, &err), AGING_OK);
	assert_int_equal(b.count, 2);
	assert_int_equal(b.days[0], 7);
	assert_int_equal(b.days[1], 8);

	assert_int_equal(
		parse_bounds("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", &b, &err),
		AGING_OK);
	assert_int_equal(b.count, AGING_MAX_BOUNDARIES);
	assert_int_equal(b.days[15], 16);

	assert_int_equal(parse_bounds("1,2147483646", &b, &err), AGING_OK);
	assert_int_equal(b.count, 2);
	assert_int_equal(b.days[1], AGING_MAX_BOUNDARY);
}

/* Each kind of bad list, with the culprit it names */
static void
test_boundaries_bad(void **state)
{
	AgingBoundaries b;
	AgingError err;

	(void) state;
	b.count = -1;

	assert_int_equal(parse_bounds("", &b, &err), AGING_EMPTY);
	assert_int_equal(parse_bounds("  \t ", &b, &err), AGING_EMPTY);

	assert_int_equal(parse_bounds("30,x", &b, &err), AGING_SYNTAX);
	assert_int_equal(err.index, 1);
	assert_int_equal(err.position, 3);
	assert_int_equal(err.length, 1);

	assert_int_equal(parse_bounds("30,,60", &b, &err), AGING_SYNTAX);
	assert_int_equal(err.index, 1);
	assert_int_equal(err.length, 0);

	assert_int_equal(parse_bounds("30,", &b, &err), AGING_SYNTAX);
	assert_int_equal(err.index, 1);
	assert_int_equal(err.length, 0);

	assert_int_equal(parse_bounds(",30", &b, &err), AGING_SYNTAX);
	assert_int_equal(err.index, 0);

	/* a number followed by junk: the culprit is the junk up to the comma */
	assert_int_equal(parse_bounds("30 days, 60", &b, &err), AGING_SYNTAX);
	assert_int_equal(err.index, 1);
	assert_int_equal(err.position, 3);
	assert_int_equal(err.length, 4);

	assert_int_equal(parse_bounds("30;60", &b, &err), AGING_SYNTAX);
	assert_int_equal(parse_bounds("30.5", &b, &err), AGING_SYNTAX);
	assert_int_equal(parse_bounds("- 5", &b, &err), AGING_SYNTAX);

	assert_int_equal(parse_bounds("0,30", &b, &err), AGING_NOT_POSITIVE);
	assert_int_equal(err.index, 0);
	assert_int_equal(err.value, 0);

	assert_int_equal(parse_bounds("30, -60", &b, &err), AGING_NOT_POSITIVE);
	assert_int_equal(err.index, 1);
	assert_int_equal(err.value, -60);
	assert_int_equal(err.position, 4);
	assert_int_equal(err.length, 3);

	assert_int_equal(parse_bounds("60,30", &b, &err), AGING_NOT_INCREASING);
	assert_int_equal(err.index, 1);
	assert_int_equal(err.value, 30);
	assert_int_equal(err.previous, 60);

	assert_int_equal(parse_bounds("30,30", &b, &err), AGING_NOT_INCREASING);
	assert_int_equal(err.value, 30);
	assert_int_equal(err.previous, 30);

	assert_int_equal(parse_bounds("2147483647", &b, &err), AGING_OUT_OF_RANGE);
	assert_int_equal(err.value, INT32_MAX);
	assert_int_equal(err.limit, AGING_MAX_BOUNDARY);

	assert_int_equal(parse_bounds("30,99999999999999999999999", &b, &err),
					 AGING_OUT_OF_RANGE);
	assert_int_equal(err.index, 1);
	assert_int_equal(err.value, INT64_MAX);
	assert_int_equal(err.length, 23);

	assert_int_equal(
		parse_bounds("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", &b, &err),
		AGING_TOO_MANY);
	assert_int_equal(err.index, AGING_MAX_BOUNDARIES);

	/* the output is left alone on failure */
	assert_int_equal(b.count, -1);
}

/* Boundaries given as numbers are checked as text ones are */
static void
test_boundaries_set(void **state)
{
	static const int32_t good[] = { 30, 60, 90, 120 };
	static const int32_t down[] = { 30, 90, 60 };
	static const int32_t zero[] = { 0 };
	static const int32_t negative[] = { INT32_MIN };
	static const int32_t largest[] = { INT32_MAX };
	int32_t many[AGING_MAX_BOUNDARIES + 1];
	AgingBoundaries b;
	AgingError err;
	int i;

	(void) state;
	assert_int_equal(aging_boundaries_set(good, 4, &b, &err), AGING_OK);
	assert_int_equal(b.count, 4);
	assert_memory_equal(b.days, good, sizeof(good));

	assert_int_equal(aging_boundaries_set(good, 0, &b, &err), AGING_EMPTY);

	assert_int_equal(aging_boundaries_set(down, 3, &b, &err),
					 AGING_NOT_INCREASING);
	assert_int_equal(err.index, 2);
	assert_int_equal(err.value, 60);
	assert_int_equal(err.previous, 90);

	assert_int_equal(aging_boundaries_set(zero, 1, &b, &err),
					 AGING_NOT_POSITIVE);
	assert_int_equal(aging_boundaries_set(negative, 1, &b, &err),
					 AGING_NOT_POSITIVE);
	assert_int_equal(err.value, INT32_MIN);
	assert_int_equal(aging_boundaries_set(largest, 1, &b, &err),
					 AGING_OUT_OF_RANGE);

	for (i = 0; i <= AGING_MAX_BOUNDARIES; i++)
		many[i] = i + 1;
	assert_int_equal(
		aging_boundaries_set(many, AGING_MAX_BOUNDARIES, &b, &err), AGING_OK);
	assert_int_equal(
		aging_boundaries_set(many, AGING_MAX_BOUNDARIES + 1, &b, &err),
		AGING_TOO_MANY);
}

/* Each edge of the default buckets, and the extremes of the day line */
static void
test_bucket_of_edges(void **state)
{
	AgingBoundaries b;
	AgingError err;

	(void) state;
	assert_int_equal(parse_bounds("30,60,90,120", &b, &err), AGING_OK);
	assert_string_equal(label_of(INT64_MIN, &b), "not due");
	assert_string_equal(label_of(INT32_MIN, &b), "not due");
	assert_string_equal(label_of(-5, &b), "not due");
	assert_string_equal(label_of(0, &b), "not due");
	assert_string_equal(label_of(1, &b), "1-30");
	assert_string_equal(label_of(30, &b), "1-30");
	assert_string_equal(label_of(31, &b), "31-60");
	assert_string_equal(label_of(60, &b), "31-60");
	assert_string_equal(label_of(61, &b), "61-90");
	assert_string_equal(label_of(90, &b), "61-90");
	assert_string_equal(label_of(91, &b), "91-120");
	assert_string_equal(label_of(120, &b), "91-120");
	assert_string_equal(label_of(121, &b), "over 120");
	assert_string_equal(label_of(1000, &b), "over 120");
	assert_string_equal(label_of(INT32_MAX, &b), "over 120");
	assert_string_equal(label_of(INT64_MAX, &b), "over 120");

	assert_int_equal(aging_bucket_of(0, &b), AGING_NOT_DUE);
	assert_int_equal(aging_bucket_lower(aging_bucket_of(45, &b)), 31);
	assert_int_equal(aging_bucket_upper(aging_bucket_of(45, &b)), 60);
	assert_int_equal(aging_bucket_lower(aging_bucket_of(500, &b)), 121);
	assert_int_equal(aging_bucket_upper(aging_bucket_of(500, &b)),
					 AGING_OPEN_UPPER);

	/* one boundary of 1 day, and the largest boundary */
	assert_int_equal(parse_bounds("1", &b, &err), AGING_OK);
	assert_string_equal(label_of(1, &b), "1-1");
	assert_string_equal(label_of(2, &b), "over 1");

	assert_int_equal(parse_bounds("2147483646", &b, &err), AGING_OK);
	assert_string_equal(label_of(2147483646, &b), "1-2147483646");
	assert_string_equal(label_of(2147483647, &b), "over 2147483646");
	assert_string_equal(label_of(INT64_MAX, &b), "over 2147483646");
}

/* The list of buckets: n + 2, in order, each one the bucket of its days */
static void
test_bucket_list(void **state)
{
	static const char *const expected[] = { "not due", "1-30",   "31-60",
											"61-90",   "91-120", "over 120" };
	AgingBoundaries b;
	AgingError err;
	int i;

	(void) state;
	assert_int_equal(parse_bounds("30,60,90,120", &b, &err), AGING_OK);
	assert_int_equal(aging_bucket_count(&b), 6);
	for (i = 0; i < 6; i++)
	{
		AgingBucket at = aging_bucket_at(&b, i);

		assert_string_equal(label(at), expected[i]);
		assert_true(aging_bucket_valid(at));
		if (i > 0)
			assert_true(aging_bucket_at(&b, i - 1) < at);
		assert_int_equal(aging_bucket_of(aging_bucket_upper(at), &b), at);
	}
}

/* Integer order of packed buckets is the order of their days */
static void
test_packed_order(void **state)
{
	AgingBucket not_due = AGING_NOT_DUE;
	AgingBucket first = aging_bucket_make(1, 30);
	AgingBucket wide = aging_bucket_make(1, AGING_OPEN_UPPER);
	AgingBucket second = aging_bucket_make(31, 60);
	AgingBucket last = aging_bucket_make(AGING_OPEN_UPPER, AGING_OPEN_UPPER);

	(void) state;
	assert_true(not_due < first);
	assert_true(first < wide);
	assert_true(wide < second);
	assert_true(second < last);
	assert_int_equal(aging_bucket_lower(not_due), INT32_MIN);
	assert_int_equal(aging_bucket_upper(not_due), 0);
	assert_int_equal(aging_bucket_lower(last), INT32_MAX);
	assert_int_equal(aging_bucket_upper(last), INT32_MAX);
}

/* Only "not due" and 1 <= lower <= upper are buckets */
static void
test_valid(void **state)
{
	(void) state;
	assert_true(aging_bucket_valid(AGING_NOT_DUE));
	assert_true(aging_bucket_valid(aging_bucket_make(1, 1)));
	assert_true(aging_bucket_valid(aging_bucket_make(1, INT32_MAX)));
	assert_true(aging_bucket_valid(aging_bucket_make(INT32_MAX, INT32_MAX)));
	assert_false(aging_bucket_valid(aging_bucket_make(INT32_MIN, 1)));
	assert_false(aging_bucket_valid(aging_bucket_make(INT32_MIN, -1)));
	assert_false(aging_bucket_valid(aging_bucket_make(0, 30)));
	assert_false(aging_bucket_valid(aging_bucket_make(-5, 30)));
	assert_false(aging_bucket_valid(aging_bucket_make(31, 30)));
	assert_false(aging_bucket_valid(aging_bucket_make(1, -1)));
	assert_false(aging_bucket_valid(0));
	assert_false(aging_bucket_valid(-1));
}

/* Labels parse in any case and with white space, and format canonically */
static void
test_label_parse(void **state)
{
	static const struct
	{
		const char *input;
		int32_t lower;
		int32_t upper;
		const char *canonical;
	} cases[] = {
		{ "not due", INT32_MIN, 0, "not due" },
		{ "  NOT \t Due\n", INT32_MIN, 0, "not due" },
		{ "1-30", 1, 30, "1-30" },
		{ " 31 - 60 ", 31, 60, "31-60" },
		{ "007-8", 7, 8, "7-8" },
		{ "5-5", 5, 5, "5-5" },
		{ "over 120", 121, INT32_MAX, "over 120" },
		{ "OVER   90", 91, INT32_MAX, "over 90" },
		{ "over 0", 1, INT32_MAX, "over 0" },
		{ "1-2147483647", 1, INT32_MAX, "over 0" },
		{ "121-2147483647", 121, INT32_MAX, "over 120" },
		{ "over 2147483646", INT32_MAX, INT32_MAX, "over 2147483646" },
		{ "2147483646-2147483646", 2147483646, 2147483646,
		  "2147483646-2147483646" },
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		AgingBucket b = 0;
		AgingError err;

		assert_int_equal(parse_label(cases[i].input, &b, &err), AGING_OK);
		assert_int_equal(aging_bucket_lower(b), cases[i].lower);
		assert_int_equal(aging_bucket_upper(b), cases[i].upper);
		assert_string_equal(label(b), cases[i].canonical);
		assert_true(aging_bucket_valid(b));
	}
}

/* Each kind of bad label */
static void
test_label_bad(void **state)
{
	static const char *const syntax[] = {
		"x",         "notdue",       "not",     "due",       "not due x",
		"over",      "over ",        "overdue", "over120",   "over -5",
		"over 5x",   "1-",           "-30",     "1--30",     "1-30-60",
		"1 30",      "+1-30",        "1-+30",   "1.5-30",    "over 1-2",
		"not  dues", "nicht fällig", "\xff",    "1-30 days", "30+",
	};
	AgingBucket b = 0;
	AgingError err;
	size_t i;

	(void) state;
	assert_int_equal(parse_label("", &b, &err), AGING_EMPTY);
	assert_int_equal(parse_label(" \t\n", &b, &err), AGING_EMPTY);
	assert_int_equal(aging_bucket_parse(NULL, 0, &b, &err), AGING_EMPTY);

	for (i = 0; i < sizeof(syntax) / sizeof(syntax[0]); i++)
		assert_int_equal(parse_label(syntax[i], &b, &err), AGING_SYNTAX);

	/* a NUL inside the input is not the end of it */
	assert_int_equal(aging_bucket_parse("1-30\0x", 6, &b, &err), AGING_SYNTAX);

	assert_int_equal(parse_label("0-30", &b, &err), AGING_BAD_RANGE);
	assert_int_equal(err.value, 0);
	assert_int_equal(err.range_end, 30);
	assert_int_equal(parse_label("30-1", &b, &err), AGING_BAD_RANGE);
	assert_int_equal(err.value, 30);
	assert_int_equal(err.range_end, 1);
	assert_int_equal(parse_label("0-0", &b, &err), AGING_BAD_RANGE);

	assert_int_equal(parse_label("over 2147483647", &b, &err),
					 AGING_OUT_OF_RANGE);
	assert_int_equal(err.value, INT32_MAX);
	assert_int_equal(err.limit, AGING_MAX_BOUNDARY);
	assert_int_equal(err.position, 5);
	assert_int_equal(err.length, 10);

	assert_int_equal(parse_label("1-2147483648", &b, &err),
					 AGING_OUT_OF_RANGE);
	assert_int_equal(err.value, 2147483648LL);
	assert_int_equal(err.limit, INT32_MAX);
	assert_int_equal(err.position, 2);

	assert_int_equal(parse_label("99999999999999999999999-1", &b, &err),
					 AGING_OUT_OF_RANGE);
	assert_int_equal(err.value, INT64_MAX);
	assert_int_equal(err.position, 0);
	assert_int_equal(err.length, 23);
}

/* Every bucket of several lists formats to a label that parses back */
static void
test_round_trip(void **state)
{
	static const char *const lists[] = {
		"30,60,90,120",
		"15,45",
		"1",
		"1,2,3",
		"7,14,21,28,35,42,49,56,63,70",
		"1000000,2147483646",
	};
	size_t l;

	(void) state;
	for (l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
	{
		AgingBoundaries bounds;
		AgingError err;
		int i;

		assert_int_equal(parse_bounds(lists[l], &bounds, &err), AGING_OK);
		for (i = 0; i < aging_bucket_count(&bounds); i++)
		{
			AgingBucket b = aging_bucket_at(&bounds, i);
			AgingBucket back = 0;
			char buf[AGING_LABEL_MAX];
			size_t len = aging_bucket_format(b, buf);

			assert_int_equal(len, strlen(buf));
			assert_true(len < AGING_LABEL_MAX);
			assert_int_equal(aging_bucket_parse(buf, len, &back, &err),
							 AGING_OK);
			assert_int_equal(back, b);
		}
	}
}

/* The longest label fits the buffer */
static void
test_longest_label(void **state)
{
	char buf[AGING_LABEL_MAX];

	(void) state;
	assert_int_equal(
		aging_bucket_format(aging_bucket_make(2147483646, 2147483646), buf),
		21);
	assert_string_equal(buf, "2147483646-2147483646");
	assert_int_equal(
		aging_bucket_format(aging_bucket_make(INT32_MAX, INT32_MAX), buf), 15);
	assert_string_equal(buf, "over 2147483646");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundaries_default),
		cmocka_unit_test(test_boundaries_good),
		cmocka_unit_test(test_boundaries_bad),
		cmocka_unit_test(test_boundaries_set),
		cmocka_unit_test(test_bucket_of_edges),
		cmocka_unit_test(test_bucket_list),
		cmocka_unit_test(test_packed_order),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_label_parse),
		cmocka_unit_test(test_label_bad),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_longest_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
