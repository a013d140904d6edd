/*
 * test_credit_score.c
 *		Unit tests for the payment behaviour state and the credit score
 *		formula (core/credit_score.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/credit_score.h"

static ar2c_currency eur;
static ar2c_currency usd;

/* Count an item, expecting status */
static void
add(PaymentBehaviour *s, int32_t due, int32_t paid, bool paid_known,
	int64_t amount, ar2c_currency cur, bool has_as_of, int32_t as_of,
	BehaviourStatus expected)
{
	BehaviourItem item = { due, paid, paid_known, amount, cur };

	assert_int_equal(behaviour_add(s, &item, has_as_of, as_of), expected);
}

/* Format a state and parse it back: the same bytes */
static void
assert_round_trip(const PaymentBehaviour *s)
{
	char buf[PAYMENT_BEHAVIOUR_TEXT_MAX];
	PaymentBehaviour back;
	size_t len = behaviour_format(s, buf);

	assert_int_equal(len, strlen(buf));
	assert_int_equal(behaviour_parse(buf, len, &back), BEHAVIOUR_OK);
	assert_memory_equal(&back, s, sizeof(PaymentBehaviour));
}

/* Parse a C string */
static BehaviourStatus
parse(const char *text, PaymentBehaviour *out)
{
	return behaviour_parse(text, strlen(text), out);
}

/* The worked example of doc/credit.md: three invoices, one late */
static void
test_behaviour_example(void **state)
{
	PaymentBehaviour s;
	char buf[PAYMENT_BEHAVIOUR_TEXT_MAX];
	int64_t v;

	(void) state;
	behaviour_init(&s);
	/* 100.00 paid 5 days early, 200.00 paid 15 days late, 300.00 on time */
	add(&s, 1000, 995, true, 10000, eur, false, 0, BEHAVIOUR_OK);
	add(&s, 1000, 1015, true, 20000, eur, false, 0, BEHAVIOUR_OK);
	add(&s, 1030, 1030, true, 30000, eur, false, 0, BEHAVIOUR_OK);
	/* open: skipped without an as-of date */
	add(&s, 1030, 0, false, 50000, eur, false, 0, BEHAVIOUR_SKIPPED);
	behaviour_format(&s, buf);
	assert_string_equal(buf, "(3,60000,1,20000,0,300000,15,0,0,EUR)");
	/* 300000 / 60000 = 5.00 days beyond terms on average */
	assert_true(behaviour_ratio(s.weighted_days, s.amount, 2, &v));
	assert_int_equal(v, 500);
	/* one of three late by count, 1/3 by amount */
	assert_true(behaviour_ratio(s.late_count, s.count, 4, &v));
	assert_int_equal(v, 3333);
	assert_true(behaviour_ratio(s.late_amount, s.amount, 4, &v));
	assert_int_equal(v, 3333);
	assert_round_trip(&s);
}

/* With an as-of date: open overdue items count as late, not-due skipped */
static void
test_behaviour_as_of(void **state)
{
	PaymentBehaviour s;
	char buf[PAYMENT_BEHAVIOUR_TEXT_MAX];

	(void) state;
	behaviour_init(&s);
	/* open, 100 days overdue on day 1100 */
	add(&s, 1000, 0, false, 10000, eur, true, 1100, BEHAVIOUR_OK);
	/* paid after the as-of date: open on it, 50 days overdue */
	add(&s, 1050, 1200, true, 5000, eur, true, 1100, BEHAVIOUR_OK);
	/* open and not yet due: says nothing */
	add(&s, 1100, 0, false, 7000, eur, true, 1100, BEHAVIOUR_SKIPPED);
	add(&s, 1200, 0, false, 7000, eur, true, 1100, BEHAVIOUR_SKIPPED);
	/* paid early, before the as-of date, though due after it */
	add(&s, 1200, 1090, true, 1000, eur, true, 1100, BEHAVIOUR_OK);
	behaviour_format(&s, buf);
	assert_string_equal(buf,
						"(3,16000,2,15000,10000,1250000,100,2,15000,EUR)");
	assert_true(behaviour_consistent(&s));
	assert_round_trip(&s);
}

/* Refusals leave the state as it was */
static void
test_behaviour_refusals(void **state)
{
	PaymentBehaviour s;
	PaymentBehaviour before;

	(void) state;
	behaviour_init(&s);
	add(&s, 10, 20, true, 100, eur, false, 0, BEHAVIOUR_OK);
	before = s;
	add(&s, 10, 20, true, 100, usd, false, 0, BEHAVIOUR_CURRENCY_MISMATCH);
	add(&s, 10, 20, true, -1, eur, false, 0, BEHAVIOUR_NEGATIVE_AMOUNT);
	assert_memory_equal(&s, &before, sizeof(s));
	/* the extreme dates of PostgreSQL are still countable */
	add(&s, -2451545, 2145031948, true, 1, eur, false, 0, BEHAVIOUR_OK);
	assert_int_equal(s.max_days_late, 2147483493);
	assert_true(behaviour_consistent(&s));
}

/* A zero amount counts as an item of no weight */
static void
test_behaviour_zero_amount(void **state)
{
	PaymentBehaviour s;
	int64_t v;

	(void) state;
	behaviour_init(&s);
	add(&s, 10, 40, true, 0, eur, false, 0, BEHAVIOUR_OK);
	assert_int_equal(s.count, 1);
	assert_int_equal(s.late_count, 1);
	assert_false(behaviour_ratio(s.weighted_days, s.amount, 2, &v));
	assert_true(behaviour_consistent(&s));
	assert_round_trip(&s);
}

/* Combining in any split gives the state of adding all in one go */
static void
test_behaviour_combine(void **state)
{
	PaymentBehaviour all;
	PaymentBehaviour parts[3];
	PaymentBehaviour merged;
	PaymentBehaviour other;

	(void) state;
	srand(42);
	for (int round = 0; round < 200; round++)
	{
		int n = rand() % 40;

		behaviour_init(&all);
		for (int p = 0; p < 3; p++)
			behaviour_init(&parts[p]);
		for (int i = 0; i < n; i++)
		{
			BehaviourItem item;
			BehaviourStatus a;
			BehaviourStatus b;

			item.due_date = rand() % 400;
			item.paid_date = item.due_date - 30 + rand() % 200;
			item.paid_known = rand() % 5 != 0;
			item.amount = rand() % 1000000;
			item.currency = eur;
			a = behaviour_add(&all, &item, true, 350);
			b = behaviour_add(&parts[rand() % 3], &item, true, 350);
			assert_int_equal(a, b);
		}
		merged = parts[0];
		assert_int_equal(behaviour_combine(&merged, &parts[1]), BEHAVIOUR_OK);
		assert_int_equal(behaviour_combine(&merged, &parts[2]), BEHAVIOUR_OK);
		assert_memory_equal(&merged, &all, sizeof(all));
		assert_true(behaviour_consistent(&merged));
		assert_round_trip(&merged);
	}
	/* the empty state is neutral, on either side */
	behaviour_init(&merged);
	assert_int_equal(behaviour_combine(&merged, &all), BEHAVIOUR_OK);
	assert_memory_equal(&merged, &all, sizeof(all));
	behaviour_init(&other);
	assert_int_equal(behaviour_combine(&merged, &other), BEHAVIOUR_OK);
	assert_memory_equal(&merged, &all, sizeof(all));
	/* two currencies do not combine */
	if (all.count > 0)
	{
		behaviour_init(&other);
		add(&other, 1, 2, true, 5, usd, false, 0, BEHAVIOUR_OK);
		assert_int_equal(behaviour_combine(&merged, &other),
						 BEHAVIOUR_CURRENCY_MISMATCH);
	}
}

/* Sums beyond 128 bits are refused, not wrapped */
static void
test_behaviour_overflow(void **state)
{
	PaymentBehaviour s;
	PaymentBehaviour big;

	(void) state;
	assert_int_equal(
		parse("(1,170141183460469231731687303715884105727,0,0,0,0,0,0,0,EUR)",
			  &big),
		BEHAVIOUR_OK);
	behaviour_init(&s);
	add(&s, 1, 1, true, 1, eur, false, 0, BEHAVIOUR_OK);
	assert_int_equal(behaviour_combine(&s, &big), BEHAVIOUR_OUT_OF_RANGE);
	assert_int_equal(s.count, 1);
}

/* Text the parser refuses, and why */
static void
test_behaviour_parse_errors(void **state)
{
	PaymentBehaviour s;

	(void) state;
	assert_int_equal(parse("(0,0,0,0,0,0,0,0,0,)", &s), BEHAVIOUR_OK);
	assert_int_equal(parse("", &s), BEHAVIOUR_SYNTAX);
	assert_int_equal(parse("()", &s), BEHAVIOUR_SYNTAX);
	assert_int_equal(parse("(0,0,0,0,0,0,0,0,0)", &s), BEHAVIOUR_SYNTAX);
	assert_int_equal(parse("(0,0,0,0,0,0,0,0,0,,)", &s), BEHAVIOUR_SYNTAX);
	assert_int_equal(parse("(1,-5,0,0,0,0,0,0,0,EUR)", &s), BEHAVIOUR_SYNTAX);
	assert_int_equal(parse("(1,5.0,0,0,0,0,0,0,0,EUR)", &s), BEHAVIOUR_SYNTAX);
	assert_int_equal(parse("(1,,0,0,0,0,0,0,0,EUR)", &s), BEHAVIOUR_SYNTAX);
	assert_int_equal(parse(" (1,5,0,0,0,0,0,0,0,EUR)", &s), BEHAVIOUR_SYNTAX);
	assert_int_equal(parse("(1,5,0,0,0,0,2147483648,0,0,EUR)", &s),
					 BEHAVIOUR_SYNTAX);
	assert_int_equal(parse("(1,5,0,0,0,0,0,0,0,EUX)", &s),
					 BEHAVIOUR_UNKNOWN_CURRENCY);
	/* a count without a currency, more late items than items, ... */
	assert_int_equal(parse("(1,5,0,0,0,0,0,0,0,)", &s),
					 BEHAVIOUR_INCONSISTENT);
	assert_int_equal(parse("(1,5,2,5,0,5,1,0,0,EUR)", &s),
					 BEHAVIOUR_INCONSISTENT);
	assert_int_equal(parse("(1,5,1,6,0,6,1,0,0,EUR)", &s),
					 BEHAVIOUR_INCONSISTENT);
	/* over 90 days late but no item more than 90 days late */
	assert_int_equal(parse("(1,5,1,5,5,450,90,0,0,EUR)", &s),
					 BEHAVIOUR_INCONSISTENT);
	/* weighted days beyond amount x most days late */
	assert_int_equal(parse("(1,5,1,5,0,51,10,0,0,EUR)", &s),
					 BEHAVIOUR_INCONSISTENT);
	assert_int_equal(parse("(1,5,1,5,0,50,10,0,0,EUR)", &s), BEHAVIOUR_OK);
	/* lower case codes are read, written back in upper case */
	assert_int_equal(parse("(1,5,1,5,0,50,10,1,5,eur)", &s), BEHAVIOUR_OK);
	assert_int_equal(s.currency, eur);
}

/* Each factor's value from its input */
static void
test_factor_values(void **state)
{
	(void) state;
	assert_int_equal(credit_factor_value(CREDIT_DAYS_BEYOND_TERMS, false, 0),
					 CREDIT_VALUE_NEUTRAL);
	assert_int_equal(credit_factor_value(CREDIT_DAYS_BEYOND_TERMS, true, 0),
					 1000000);
	/* 15 days: 1 - 15/60 = 0.75; 20 days: 0.666667; 60 and more: 0 */
	assert_int_equal(credit_factor_value(CREDIT_DAYS_BEYOND_TERMS, true, 1500),
					 750000);
	assert_int_equal(credit_factor_value(CREDIT_DAYS_BEYOND_TERMS, true, 2000),
					 666667);
	assert_int_equal(credit_factor_value(CREDIT_DAYS_BEYOND_TERMS, true, 6000),
					 0);
	assert_int_equal(
		credit_factor_value(CREDIT_DAYS_BEYOND_TERMS, true, INT64_MAX), 0);
	assert_int_equal(credit_factor_value(CREDIT_PAID_LATE, true, 3333),
					 666700);
	assert_int_equal(credit_factor_value(CREDIT_OVER_90, true, 10000), 0);
	assert_int_equal(credit_factor_value(CREDIT_DISPUTED, true, -5), 1000000);
	/* written off: 10% or more is worth nothing */
	assert_int_equal(credit_factor_value(CREDIT_WRITTEN_OFF, true, 500),
					 500000);
	assert_int_equal(credit_factor_value(CREDIT_WRITTEN_OFF, true, 2000), 0);
	/* revenue 10x the limit: 0.5; 20x and more: 1 */
	assert_int_equal(credit_factor_value(CREDIT_CAPACITY, true, 100000),
					 500000);
	assert_int_equal(credit_factor_value(CREDIT_CAPACITY, true, INT64_MAX),
					 1000000);
	/* equity 5x: 0.5; negative equity: 0 */
	assert_int_equal(credit_factor_value(CREDIT_CAPITAL, true, 50000), 500000);
	assert_int_equal(credit_factor_value(CREDIT_CAPITAL, true, -50000), 0);
	assert_int_equal(credit_factor_value(CREDIT_COLLATERAL, true, 2500),
					 250000);
	assert_int_equal(credit_factor_value(CREDIT_EXTERNAL_RATING, true, 70),
					 700000);
	assert_int_equal(credit_factor_value(CREDIT_YEARS_TRADING, true, 350),
					 350000);
	assert_int_equal(credit_factor_value(CREDIT_YEARS_TRADING, true, 5000),
					 1000000);
}

/* Default weights, in factor order */
static void
default_weights(int32_t *w)
{
	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
		w[f] = credit_factor_info((CreditFactor) f)->default_weight;
}

/* The defaults: 1000 points in all, 600 of them for character */
static void
test_defaults(void **state)
{
	int32_t w[CREDIT_FACTOR_COUNT];
	int total = 0;
	int character = 0;

	(void) state;
	default_weights(w);
	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
	{
		total += w[f];
		if (credit_factor_info((CreditFactor) f)->c == CREDIT_C_CHARACTER)
			character += w[f];
	}
	assert_int_equal(total, 1000);
	assert_int_equal(character, 600);
	assert_int_equal(credit_weights_check(w), CREDIT_OK);
	assert_int_equal(credit_floors_check(credit_default_floor), CREDIT_OK);
	assert_int_equal(credit_factor_lookup("equity", 6), CREDIT_CAPITAL);
	assert_int_equal(credit_factor_lookup("equit", 5), -1);
	assert_null(credit_factor_info(CREDIT_FACTOR_COUNT));
	assert_string_equal(credit_c_name(CREDIT_C_CONDITIONS), "conditions");
}

/* Nothing known: every factor is worth half, 500 points, grade C */
static void
test_score_unknown(void **state)
{
	CreditInputs in;
	CreditScore out;
	int32_t w[CREDIT_FACTOR_COUNT];

	(void) state;
	memset(&in, 0, sizeof(in));
	default_weights(w);
	assert_int_equal(credit_score_compute(&in, w, credit_default_floor, &out),
					 CREDIT_OK);
	assert_int_equal(out.score, 500);
	assert_int_equal(out.grade, 'C');
	assert_int_equal(out.c_points_tenths[CREDIT_C_CHARACTER], 3000);
	assert_int_equal(out.c_points_tenths[CREDIT_C_CONDITIONS], 750);
}

/* The worked example of doc/credit.md */
static void
test_score_example(void **state)
{
	CreditInputs in;
	CreditScore out;
	int32_t w[CREDIT_FACTOR_COUNT];

	(void) state;
	memset(&in, 0, sizeof(in));
	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
		in.known[f] = true;
	in.input[CREDIT_DAYS_BEYOND_TERMS] = 1200; /* 12 days: 0.8 */
	in.input[CREDIT_PAID_LATE] = 2500;         /* 0.75 */
	in.input[CREDIT_OVER_90] = 0;              /* 1 */
	in.input[CREDIT_DISPUTED] = 1000;          /* 0.9 */
	in.input[CREDIT_WRITTEN_OFF] = 0;          /* 1 */
	in.input[CREDIT_CAPACITY] = 100000;        /* revenue 10x: 0.5 */
	in.input[CREDIT_CAPITAL] = 20000;          /* equity 2x: 0.2 */
	in.known[CREDIT_COLLATERAL] = false;       /* 0.5 */
	in.input[CREDIT_EXTERNAL_RATING] = 60;     /* 0.6 */
	in.input[CREDIT_YEARS_TRADING] = 1200;     /* 12 years: 1 */
	default_weights(w);
	assert_int_equal(credit_score_compute(&in, w, credit_default_floor, &out),
					 CREDIT_OK);
	/*
	 * character 200*0.8 + 150*0.75 + 100 + 50*0.9 + 100 = 517.5,
	 * capacity 50, capital 20, collateral 25, conditions 60 + 50 = 110:
	 * 722.5, rounded half up to 723, grade B
	 */
	assert_int_equal(out.c_points_tenths[CREDIT_C_CHARACTER], 5175);
	assert_int_equal(out.c_points_tenths[CREDIT_C_CAPACITY], 500);
	assert_int_equal(out.c_points_tenths[CREDIT_C_CAPITAL], 200);
	assert_int_equal(out.c_points_tenths[CREDIT_C_COLLATERAL], 250);
	assert_int_equal(out.c_points_tenths[CREDIT_C_CONDITIONS], 1100);
	assert_int_equal(out.score, 723);
	assert_int_equal(out.grade, 'B');
	assert_int_equal(out.value[CREDIT_DAYS_BEYOND_TERMS], 800000);

	/* only payment behaviour counts: the score is character out of 600 */
	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
		if (credit_factor_info((CreditFactor) f)->c != CREDIT_C_CHARACTER)
			w[f] = 0;
	assert_int_equal(credit_score_compute(&in, w, credit_default_floor, &out),
					 CREDIT_OK);
	assert_int_equal(out.score, 863); /* 517.5 / 600 = 0.8625 */
	assert_int_equal(out.grade, 'A');
}

/* Scores stay within 0 to 1000 whatever the inputs and weights */
static void
test_score_bounds(void **state)
{
	CreditInputs in;
	CreditScore out;
	int32_t w[CREDIT_FACTOR_COUNT];

	(void) state;
	srand(7);
	for (int round = 0; round < 1000; round++)
	{
		for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
		{
			in.known[f] = rand() % 4 != 0;
			in.input[f] = (int64_t) (rand() % 400000) - 100000;
			w[f] = rand() % 1001;
		}
		w[rand() % CREDIT_FACTOR_COUNT] = 1 + rand() % 1000;
		assert_int_equal(
			credit_score_compute(&in, w, credit_default_floor, &out),
			CREDIT_OK);
		assert_in_range(out.score, 0, 1000);
		assert_int_equal(out.grade,
						 credit_grade_of(out.score, credit_default_floor));
	}
	/* everything perfect: 1000; everything bad: 0 */
	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
		in.known[f] = true;
	default_weights(w);
	memset(in.input, 0, sizeof(in.input));
	in.input[CREDIT_CAPACITY] = in.input[CREDIT_CAPITAL] = 1000000;
	in.input[CREDIT_COLLATERAL] = 1000000;
	in.input[CREDIT_EXTERNAL_RATING] = 100;
	in.input[CREDIT_YEARS_TRADING] = 1000;
	credit_score_compute(&in, w, credit_default_floor, &out);
	assert_int_equal(out.score, 1000);
	assert_int_equal(out.grade, 'A');
	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
		in.input[f] = f <= CREDIT_WRITTEN_OFF ? 1000000 : 0;
	credit_score_compute(&in, w, credit_default_floor, &out);
	assert_int_equal(out.score, 0);
	assert_int_equal(out.grade, 'D');
}

/* Bad weights and floors are refused */
static void
test_score_refusals(void **state)
{
	CreditInputs in;
	CreditScore out;
	int32_t w[CREDIT_FACTOR_COUNT];
	const int32_t overlap[CREDIT_GRADE_COUNT] = { 600, 650, 450, 0 };
	const int32_t no_zero[CREDIT_GRADE_COUNT] = { 800, 650, 450, 10 };
	const int32_t too_high[CREDIT_GRADE_COUNT] = { 1001, 650, 450, 0 };
	const int32_t custom[CREDIT_GRADE_COUNT] = { 900, 600, 300, 0 };

	(void) state;
	memset(&in, 0, sizeof(in));
	default_weights(w);
	assert_int_equal(credit_score_compute(&in, w, overlap, &out),
					 CREDIT_BAD_FLOORS);
	assert_int_equal(credit_floors_check(no_zero), CREDIT_BAD_FLOORS);
	assert_int_equal(credit_floors_check(too_high), CREDIT_BAD_FLOORS);
	assert_int_equal(credit_grade_of(899, custom), 'B');
	assert_int_equal(credit_grade_of(900, custom), 'A');
	assert_int_equal(credit_grade_of(0, custom), 'D');
	w[3] = -1;
	assert_int_equal(credit_score_compute(&in, w, custom, &out),
					 CREDIT_BAD_WEIGHT);
	w[3] = 1001;
	assert_int_equal(credit_weights_check(w), CREDIT_BAD_WEIGHT);
	memset(w, 0, sizeof(w));
	assert_int_equal(credit_weights_check(w), CREDIT_NO_WEIGHT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_behaviour_example),
		cmocka_unit_test(test_behaviour_as_of),
		cmocka_unit_test(test_behaviour_refusals),
		cmocka_unit_test(test_behaviour_zero_amount),
		cmocka_unit_test(test_behaviour_combine),
		cmocka_unit_test(test_behaviour_overflow),
		cmocka_unit_test(test_behaviour_parse_errors),
		cmocka_unit_test(test_factor_values),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_score_unknown),
		cmocka_unit_test(test_score_example),
		cmocka_unit_test(test_score_bounds),
		cmocka_unit_test(test_score_refusals),
	};

	eur = currency_pack("EUR", 3);
	usd = currency_pack("USD", 3);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
