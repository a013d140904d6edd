/*
 * test_cash_decision.c
 *		Unit tests for the decision's scores of a payment's allocations
 *		(core/cash_decision.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cash_decision.h"

static CashCandidate
candidate(int64_t customer, bool reference, bool account, double similarity,
		  double evidence, int rank)
{
	CashCandidate c = { 1,          customer, reference, account,
						similarity, evidence, rank };

	return c;
}

static CashAllocation
allocation(int64_t customer, CashRule rule, double fit)
{
	CashAllocation a = { customer, rule, 0,     1, 0,           978,
						 100,      fit,  false, 0, fit >= 0.97, 0 };

	return a;
}

/* Confidence is evidence x fit; the best customer's margin is over the
 * best other customer, everyone else's over the best */
static void
test_rank_and_margin(void **state)
{
	CashCandidate c[] = {
		candidate(10, false, true, 0.95, 0.99, 1),
		candidate(20, false, false, 0.97, 0.95, 2),
	};
	CashAllocation rows[] = {
		allocation(20, CASH_RULE_AMOUNT, 0.97),
		allocation(10, CASH_RULE_COMBINATION, 0.95),
	};
	CashChoice ch[2];

	(void) state;
	assert_true(cash_decide(c, 2, rows, 2, ch));
	assert_true(ch[1].confidence == 0.99 * 0.95);
	assert_int_equal(ch[1].rank, 1);
	assert_int_equal(ch[0].rank, 2);
	assert_true(ch[1].margin == 0.99 * 0.95 - 0.95 * 0.97);
	assert_true(ch[0].margin == 0.95 * 0.97 - 0.99 * 0.95);
	assert_ptr_equal(ch[0].candidate, &c[1]);
	/* alone, the best is ahead of nobody: its margin is its confidence */
	assert_true(cash_decide(c, 2, rows + 1, 1, ch));
	assert_true(ch[0].margin == ch[0].confidence);
}

/* A reference whose amount does not fit, from a payer nothing else ties
 * to the customer, counts 0.8, and 0.3 where the payer's name is another
 * candidate's; one the amount settles stands, whoever pays it (a
 * treasury or a factor paying for another customer) */
static void
test_doubtful_reference(void **state)
{
	CashCandidate c[] = {
		candidate(10, true, false, 0.40, 0.97, 1),
		candidate(20, false, true, 0.98, 0.998, 2),
	};
	CashAllocation partial = allocation(10, CASH_RULE_REFERENCE, 0.95);
	CashAllocation whole = allocation(10, CASH_RULE_REFERENCE, 1.0);
	CashChoice ch[1];

	(void) state;
	assert_true(cash_decide(c, 2, &partial, 1, ch));
	assert_true(ch[0].confidence == 0.97 * 0.95 * 0.3);
	/* 0.8 where the payer's name is no other candidate's either */
	c[1].similarity = 0.9;
	assert_true(cash_decide(c, 2, &partial, 1, ch));
	assert_true(ch[0].confidence == 0.97 * 0.95 * 0.8);
	c[1].similarity = 0.98;
	/* the payer's name and account are another customer's: still whole */
	assert_true(cash_decide(c, 2, &whole, 1, ch));
	assert_true(ch[0].confidence == 0.97);
	/* a known account vouches for the customer */
	c[0].by_account = true;
	assert_true(cash_decide(c, 2, &partial, 1, ch));
	assert_true(ch[0].confidence == 0.97 * 0.95);
	/* and so does a name much like it */
	c[0].by_account = false;
	c[0].similarity = 0.9;
	assert_true(cash_decide(c, 2, &partial, 1, ch));
	assert_true(ch[0].confidence == 0.97 * 0.95);
}

/* A round amount naming a namesake's invoice, paid from the account of
 * another customer whose items it settles too: a typo, perhaps */
static void
test_reference_against_account(void **state)
{
	CashCandidate c[] = {
		candidate(10, true, false, 1.0, 0.98, 1),
		candidate(20, false, true, 1.0, 0.998, 2),
	};
	CashAllocation rows[] = {
		allocation(10, CASH_RULE_REFERENCE, 1.0),
		allocation(20, CASH_RULE_REFERENCE, 0.97),
	};
	CashChoice ch[2];

	(void) state;
	rows[0].pay_units = rows[1].pay_units = 25000;
	assert_true(cash_decide(c, 2, rows, 2, ch));
	assert_true(ch[0].confidence == 0.98 * 0.8);
	assert_true(ch[1].confidence == 0.998 * 0.97);
	assert_int_equal(ch[1].rank, 1);
	/* an amount with cents is no typo's */
	rows[0].pay_units = rows[1].pay_units = 25017;
	assert_true(cash_decide(c, 2, rows, 2, ch));
	assert_true(ch[0].confidence == 0.98);
	/* nor when the account's customer's items settle it by amount alone
	 * (a factor paying a round amount for another customer) */
	rows[0].pay_units = rows[1].pay_units = 25000;
	rows[1].rule = CASH_RULE_AMOUNT;
	assert_true(cash_decide(c, 2, rows, 2, ch));
	assert_true(ch[0].confidence == 0.98);
	rows[1].rule = CASH_RULE_REFERENCE;
	/* nor when the account's customer's items do not settle it */
	rows[0].pay_units = rows[1].pay_units = 25000;
	rows[1].settles = false;
	assert_true(cash_decide(c, 2, rows, 2, ch));
	assert_true(ch[0].confidence == 0.98);
}

/* A round amount that is one item's: doubtful from a payer known only by
 * name, sure from the customer's own account */
static void
test_round_amount_by_account(void **state)
{
	CashCandidate c[] = { candidate(10, false, false, 1.0, 0.95, 1) };
	CashAllocation row = allocation(10, CASH_RULE_AMOUNT, 0.88);
	CashChoice ch[1];

	(void) state;
	row.round_fit = 0.97;
	assert_true(cash_decide(c, 1, &row, 1, ch));
	assert_true(ch[0].confidence == 0.95 * 0.88);
	c[0].by_account = true;
	c[0].evidence = 0.998;
	assert_true(cash_decide(c, 1, &row, 1, ch));
	assert_true(ch[0].confidence == 0.998 * 0.97);
}

/* Equal confidence: the customer's rank decides; a row of a customer
 * that is no candidate is refused */
static void
test_ties_and_strangers(void **state)
{
	CashCandidate c[] = {
		candidate(10, false, false, 0.97, 0.95, 2),
		candidate(20, false, false, 0.97, 0.95, 1),
	};
	CashAllocation rows[] = {
		allocation(10, CASH_RULE_AMOUNT, 0.97),
		allocation(20, CASH_RULE_AMOUNT, 0.97),
	};
	CashAllocation stranger = allocation(99, CASH_RULE_AMOUNT, 0.97);
	CashChoice ch[2];

	(void) state;
	assert_true(cash_decide(c, 2, rows, 2, ch));
	assert_int_equal(ch[1].rank, 1);
	assert_int_equal(ch[0].rank, 2);
	assert_true(ch[1].margin == 0);
	assert_false(cash_decide(c, 2, &stranger, 1, ch));
	assert_true(cash_decide(c, 2, rows, 0, ch));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank_and_margin),
		cmocka_unit_test(test_doubtful_reference),
		cmocka_unit_test(test_reference_against_account),
		cmocka_unit_test(test_round_amount_by_account),
		cmocka_unit_test(test_ties_and_strangers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
