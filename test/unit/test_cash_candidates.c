/*
 * test_cash_candidates.c
 *		Unit tests for the candidate customers of a run's payments
 *		(core/cash_candidates.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cash_candidates.h"

static CashSignal
named(int64_t payment, int64_t customer, double similarity)
{
	CashSignal s = { payment,    customer, false, false, true,
					 similarity, NULL,     0,     NULL,  0 };

	return s;
}

static CashSignal
unnamed(int64_t payment, int64_t customer, bool reference, const char *key)
{
	CashSignal s = { payment, customer, reference, !reference,
					 false,   0,        key,       key ? strlen(key) : 0,
					 NULL,    0 };

	return s;
}

/* Signals of one customer combine; an account known to be one customer's
 * halves the others' names; ranks by evidence, then similarity, then id */
static void
test_evidence_and_rank(void **state)
{
	CashSignal signals[] = {
		named(1, 20, 0.97),
		unnamed(1, 10, true, "NORDWIND LOGISTIK"),
		named(1, 10, 0.92),
		named(2, 30, 0.97),
		unnamed(2, 40, false, "ATLAS FOODS"),
		named(2, 50, 0.97),
	};
	CashPayer payers[] = { { 2, "ATLAS FOODS", 11, "", 0 } };
	CashCandidate out[6];
	int n;

	(void) state;
	n = cash_rank_candidates(signals, 6, payers, 1, out);
	assert_int_equal(n, 5);
	/* payment 1: reference and name 0.90: 1 - 0.03 x 0.10 */
	assert_int_equal(out[0].customer_id, 10);
	assert_true(out[0].by_reference && !out[0].by_account);
	assert_true(out[0].similarity == 0.92);
	assert_true(out[0].evidence == 1 - 0.03 * (1 - 0.90));
	assert_int_equal(out[0].rank, 1);
	assert_int_equal(out[1].customer_id, 20);
	assert_true(out[1].evidence == 1 - 1 * (1 - 0.95));
	/* payment 2: the account's customer, scored by its name all the
	 * same, before two equally named ones whose names count half */
	assert_int_equal(out[2].customer_id, 40);
	assert_true(out[2].by_account && out[2].similarity == 1.0);
	assert_true(out[2].evidence == 1 - 0.05 * (1 - 0.95));
	assert_int_equal(out[3].customer_id, 30);
	assert_true(out[3].evidence == 1 - 1 * (1 - 0.95 * 0.5));
	assert_int_equal(out[3].rank, 2);
	assert_int_equal(out[4].customer_id, 50);
	assert_int_equal(out[4].rank, 3);
}

/* The three most likely stay, and those within 0.1 of the best, up to 30 */
static void
test_pruning(void **state)
{
	CashSignal signals[40];
	CashCandidate out[40];
	int n;
	int i;

	(void) state;
	for (i = 0; i < 5; i++)
		signals[i] = named(1, 100 + i, 0.80 - i * 0.01); /* evidence 0.25 */
	n = cash_rank_candidates(signals, 5, NULL, 0, out);
	assert_int_equal(n, 5);
	signals[0] = named(1, 1, 0.98); /* 0.95: the others fall away but two */
	n = cash_rank_candidates(signals, 5, NULL, 0, out);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].customer_id, 1);
	assert_int_equal(out[1].customer_id, 101);
	assert_int_equal(out[2].customer_id, 102);
	for (i = 0; i < 40; i++)
		signals[i] = named(7, i + 1, 0.98);
	n = cash_rank_candidates(signals, 40, NULL, 0, out);
	assert_int_equal(n, 30);
	assert_int_equal(out[29].customer_id, 30);
	assert_int_equal(out[29].rank, 30);
	assert_int_equal(cash_rank_candidates(signals, 0, NULL, 0, out), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evidence_and_rank),
		cmocka_unit_test(test_pruning),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
