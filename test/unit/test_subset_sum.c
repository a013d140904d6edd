/*
 * test_subset_sum.c
 *		Unit tests for the bounded subset-sum search (core/subset_sum.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/subset_sum.h"

/* Exact matches, the oldest items preferred, fewest items preferred */
static void
test_exact(void **state)
{
	int64_t items[] = { 10000, 25000, 5000, 15000, 7500 };
	SubsetResult r;

	(void) state;
	/* 10000 + 5000 = 15000 also equals item 3 alone: one item wins */
	assert_int_equal(subset_sum_find(items, 5, 15000, 0, 100000, &r),
					 SUBSET_FOUND);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.chosen, 1u << 3);
	assert_false(r.ambiguous);
	/* 35000 = 10000 + 25000 (oldest) or 25000 + 5000 + ... : two items, oldest */
	assert_int_equal(subset_sum_find(items, 5, 35000, 0, 100000, &r),
					 SUBSET_FOUND);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.chosen, (1u << 0) | (1u << 1));
	assert_int_equal(r.shortfall, 0);
	/* everything */
	assert_int_equal(subset_sum_find(items, 5, 62500, 0, 100000, &r),
					 SUBSET_FOUND);
	assert_int_equal(r.count, 5);
}

/* A bank fee: the payment is short by at most the tolerance */
static void
test_tolerance(void **state)
{
	int64_t items[] = { 10000, 20000, 30000 };
	SubsetResult r;

	(void) state;
	assert_int_equal(subset_sum_find(items, 3, 29985, 0, 1000, &r),
					 SUBSET_NONE);
	assert_int_equal(subset_sum_find(items, 3, 29985, 20, 1000, &r),
					 SUBSET_FOUND);
	/* 30000 alone and 10000 + 20000 are both 15 short: fewer items wins */
	assert_int_equal(r.count, 1);
	assert_int_equal(r.chosen, 1u << 2);
	assert_int_equal(r.shortfall, 15);
	assert_false(r.ambiguous);
	/* an overpayment is not a match: the items never sum below the payment */
	assert_int_equal(subset_sum_find(items, 3, 15000, 20, 1000, &r),
					 SUBSET_NONE);
}

/* Two different subsets of the same size and sum: flagged */
static void
test_ambiguous(void **state)
{
	int64_t items[] = { 5000, 7000, 5000, 3000 };
	SubsetResult r;

	(void) state;
	assert_int_equal(subset_sum_find(items, 4, 5000, 0, 1000, &r),
					 SUBSET_FOUND);
	assert_true(r.ambiguous);
	assert_int_equal(r.chosen, 1u << 0);
	assert_int_equal(subset_sum_find(items, 4, 12000, 0, 1000, &r),
					 SUBSET_FOUND);
	assert_true(r.ambiguous); /* 5000+7000 twice */
	assert_int_equal(r.chosen, (1u << 0) | (1u << 1));
	assert_int_equal(subset_sum_find(items, 4, 8000, 0, 1000, &r),
					 SUBSET_FOUND);
	assert_true(r.ambiguous); /* 5000+3000 twice */
	assert_int_equal(subset_sum_find(items, 4, 15000, 0, 1000, &r),
					 SUBSET_FOUND);
	assert_true(r.ambiguous); /* 7000 + 3000 with either 5000 */
	assert_int_equal(subset_sum_find(items, 4, 17000, 0, 1000, &r),
					 SUBSET_FOUND);
	assert_false(r.ambiguous); /* 5000 + 7000 + 5000 only */
}

/* The budget stops the search and says so */
static void
test_budget(void **state)
{
	int64_t items[SUBSET_MAX_ITEMS];
	SubsetResult r;
	int i;

	(void) state;
	for (i = 0; i < SUBSET_MAX_ITEMS; i++)
		items[i] = 1000 + 2 * i +
				   1; /* odd amounts: an even target is unreachable with one */
	assert_int_equal(subset_sum_find(items, SUBSET_MAX_ITEMS, 7, 0, 5000, &r),
					 SUBSET_NONE);
	assert_int_equal(
		subset_sum_find(items, SUBSET_MAX_ITEMS, 40000000, 0, 5000, &r),
		SUBSET_NONE);
	assert_int_equal(
		subset_sum_find(items, SUBSET_MAX_ITEMS, 30001, 0, 5000, &r),
		SUBSET_BUDGET);
	assert_true(r.exhausted);
	assert_true(r.nodes <= 5000);
}

/* Refused input */
static void
test_bad_input(void **state)
{
	int64_t items[] = { 100, -5 };
	SubsetResult r;

	(void) state;
	assert_int_equal(subset_sum_find(items, 2, 100, 0, 10, &r),
					 SUBSET_BAD_INPUT);
	assert_int_equal(subset_sum_find(items, 1, 100, -1, 10, &r),
					 SUBSET_BAD_INPUT);
	assert_int_equal(
		subset_sum_find(items, SUBSET_MAX_ITEMS + 1, 100, 0, 10, &r),
		SUBSET_BAD_INPUT);
	assert_int_equal(subset_sum_find(items, 1, 0, 0, 10, &r),
					 SUBSET_BAD_INPUT);
}

/* Against brute force on small random sets */
static void
test_random_against_brute_force(void **state)
{
	int round;

	(void) state;
	srand(11649);
	for (round = 0; round < 3000; round++)
	{
		int64_t items[12];
		int n = 1 + rand() % 12;
		int64_t target = 1 + rand() % 60;
		int64_t tol = rand() % 4;
		int64_t best_short = -1;
		int best_count = 0;
		int ties = 0;
		uint64_t mask;
		SubsetResult r;
		SubsetStatus st;
		int i;

		for (i = 0; i < n; i++)
			items[i] = 1 + rand() % 20;
		for (mask = 1; mask < ((uint64_t) 1 << n); mask++)
		{
			int64_t sum = 0;
			int count = 0;

			for (i = 0; i < n; i++)
				if (mask & ((uint64_t) 1 << i))
					sum += items[i], count++;
			if (sum < target || sum > target + tol)
				continue;
			if (best_short < 0 || sum - target < best_short ||
				(sum - target == best_short && count < best_count))
			{
				best_short = sum - target;
				best_count = count;
				ties = 1;
			}
			else if (sum - target == best_short && count == best_count)
				ties++;
		}
		st = subset_sum_find(items, n, target, tol, 1000000, &r);
		if (best_short < 0)
			assert_int_equal(st, SUBSET_NONE);
		else
		{
			assert_int_equal(st, SUBSET_FOUND);
			assert_int_equal(r.shortfall, best_short);
			assert_int_equal(r.count, best_count);
			assert_int_equal(r.ambiguous, ties > 1);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_tolerance),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_random_against_brute_force),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
