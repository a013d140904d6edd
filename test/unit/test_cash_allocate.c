/*
 * test_cash_allocate.c
 *		Unit tests for the allocation rules of cash application
 *		(core/cash_allocate.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/cash_allocate.h"

#define EUR       978
#define USD       840
#define MAX_ITEMS 16

/* Defaults of ar2c.cash_application_setting: 0.5%, at most 50.00 */
static const CashSettings defaults = { 5000000, 5000, 24, 20000, NULL, 0 };

/* The same with a schedule of bank charges: 7.50 and 15.00 EUR of anyone,
 * 12.00 EUR usual for customer 2 */
static const CashCharge schedule[] = {
	{ 0, EUR, 750 },
	{ 0, EUR, 1500 },
	{ 2, EUR, 1200 },
};
static const CashSettings with_charges = { 5000000, 5000,     24,
										   20000,   schedule, 3 };

static CashItem items[MAX_ITEMS];
static int nitems;
static CashAllocation rows[MAX_ITEMS];
static int positions[MAX_ITEMS];
static int64_t applied[MAX_ITEMS];
static CashResult result;

/* An open item of a customer, the payment being pay units */
static void
item(int64_t customer, int64_t invoice, const char *key, int32_t currency,
	 int64_t open, int64_t pay)
{
	CashItem *it = &items[nitems++];

	memset(it, 0, sizeof(*it));
	it->customer_id = customer;
	it->invoice_id = invoice;
	it->due_date = nitems; /* in the order given */
	it->key = key;
	it->key_len = key ? strlen(key) : 0;
	it->currency = currency;
	it->open_units = open;
	it->pay_units = pay;
}

/* Allocate the items with references of one weight under settings */
static CashStatus
run_with(const char *const *refs_text, int nrefs, double weight,
		 const CashSettings *set)
{
	CashRef refs[4];
	int i;

	for (i = 0; i < nrefs; i++)
	{
		refs[i].text = refs_text[i];
		refs[i].len = strlen(refs_text[i]);
		refs[i].weight = weight;
	}
	result.rows = rows;
	result.item = positions;
	result.applied = applied;
	return cash_allocate(items, nitems, refs, nrefs, set, &result);
}

static CashStatus
run(const char *const *refs_text, int nrefs)
{
	return run_with(refs_text, nrefs, CASH_REF_EXACT, &defaults);
}

static int
setup(void **state)
{
	(void) state;
	nitems = 0;
	memset(&result, 0, sizeof(result));
	return 0;
}

/* The invoice id and units of the k-th item of allocation r */
static int64_t
invoice_of(int r, int k)
{
	return items[positions[rows[r].first + k]].invoice_id;
}

static int64_t
units_of(int r, int k)
{
	return applied[rows[r].first + k];
}

/* Shares round half away from zero, as numeric's round() does */
static void
test_share_rounding(void **state)
{
	(void) state;
	assert_int_equal(cash_share_of(100, 5000000), 1);   /* 0.5 */
	assert_int_equal(cash_share_of(99, 5000000), 0);    /* 0.495 */
	assert_int_equal(cash_share_of(-100, 5000000), -1); /* -0.5 */
	assert_int_equal(cash_share_of(1000000, 5000000), 5000);
	assert_int_equal(cash_share_of(INT64_MAX, 499999999),
					 4611686009204015867LL);
}

/* An exact reference whose amount fits: the referenced invoice in full */
static void
test_reference_exact(void **state)
{
	const char *refs[] = { "INV-2026-12" };

	(void) state;
	item(1, 11, "INV-2026-11", EUR, 42000, 50000);
	item(1, 12, "INV-2026-12", EUR, 50000, 50000);
	assert_int_equal(run(refs, 1), CASH_OK);
	assert_int_equal(result.nrows, 1);
	assert_int_equal(rows[0].rule, CASH_RULE_REFERENCE);
	assert_int_equal(rows[0].count, 1);
	assert_int_equal(invoice_of(0, 0), 12);
	assert_int_equal(units_of(0, 0), 50000);
	assert_int_equal(rows[0].write_off, 0);
	assert_true(rows[0].fit == 1.0);
	assert_false(rows[0].ambiguous);
	/* the exact hit outranks the near one on invoice 11 */
	assert_true(items[0].ref_score == 0);
	assert_true(items[1].ref_score == 1.0);
	/* a round amount another item has too: the number as written is
	 * taken at its word */
	setup(NULL);
	item(1, 11, "INV-2026-11", EUR, 50000, 50000);
	item(1, 12, "INV-2026-12", EUR, 50000, 50000);
	assert_int_equal(run(refs, 1), CASH_OK);
	assert_int_equal(invoice_of(0, 0), 12);
	assert_false(rows[0].ambiguous);
	/* one edit from a number, of a round amount another item has too: a
	 * typo may have named either */
	setup(NULL);
	item(1, 11, "INV-2026-11", EUR, 50000, 50000);
	item(1, 29, "INV-2026-29", EUR, 50000, 50000);
	assert_int_equal(run((const char *[]){ "INV-2026-111" }, 1), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_REFERENCE);
	assert_int_equal(invoice_of(0, 0), 11);
	assert_true(rows[0].ambiguous);
}

/* Short by a bank fee within the tolerance: settled, the rest written off */
static void
test_reference_fee(void **state)
{
	const char *refs[] = { "INV-2026-12" };

	(void) state;
	item(1, 12, "INV-2026-12", EUR, 100000, 99500); /* 0.5% of 1000.00 */
	assert_int_equal(run(refs, 1), CASH_OK);
	assert_int_equal(result.nrows, 1);
	assert_int_equal(units_of(0, 0), 100000);
	assert_int_equal(rows[0].write_off, 500);
	assert_true(rows[0].fit == 1.0);
	/* one unit more short: a partial payment, fitting less */
	setup(NULL);
	item(1, 12, "INV-2026-12", EUR, 100000, 99499);
	assert_int_equal(run(refs, 1), CASH_OK);
	assert_int_equal(units_of(0, 0), 99499);
	assert_int_equal(rows[0].write_off, 0);
	assert_true(rows[0].fit == 0.95);
}

/* Referenced items, oldest first, as far as the payment goes; doubt when
 * the amount fits another item exactly */
static void
test_reference_partial_and_doubt(void **state)
{
	const char *refs[] = { "INV-1001", "INV-1002" };

	(void) state;
	item(1, 1, "INV-1001", EUR, 30000, 40000);
	item(1, 2, "INV-1002", EUR, 30000, 40000);
	item(1, 3, "INV-1003", EUR, 40000, 40000);
	assert_int_equal(run(refs, 2), CASH_OK);
	assert_int_equal(result.nrows, 1);
	assert_int_equal(rows[0].count, 2);
	assert_int_equal(units_of(0, 0), 30000);
	assert_int_equal(units_of(0, 1), 10000);
	assert_true(rows[0].fit == 0.95);
	assert_true(rows[0].ambiguous);
}

/* One edit from one invoice number counts 0.85; one edit from two counts
 * nothing (numbers run in sequence), and the amount decides */
static void
test_near_reference(void **state)
{
	const char *one[] = { "INV-2026-1234" };
	const char *two[] = { "INV-2026-12" };

	(void) state;
	item(1, 1, "INV-2026-1235", EUR, 70000, 70000);
	item(1, 2, "INV-2026-9999", EUR, 80000, 70000);
	assert_int_equal(run(one, 1), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_REFERENCE);
	assert_true(items[0].ref_score == CASH_REF_ONE_EDIT);
	/* the amount confirms the mistyped number */
	assert_true(rows[0].fit == CASH_REF_CONFIRMED);

	setup(NULL);
	item(1, 1, "INV-2026-11", EUR, 70000, 80000);
	item(1, 2, "INV-2026-13", EUR, 80000, 80000);
	assert_int_equal(run(two, 1), CASH_OK);
	assert_int_equal(result.nrows, 1);
	assert_int_equal(rows[0].rule, CASH_RULE_AMOUNT);
	assert_int_equal(invoice_of(0, 0), 2);
	assert_true(items[0].ref_score == 0 && items[1].ref_score == 0);

	/* short references are one edit from too many numbers */
	setup(NULL);
	item(1, 1, "A123", EUR, 70000, 10);
	assert_int_equal(run((const char *[]){ "A124" }, 1), CASH_OK);
	assert_true(items[0].ref_score == 0);
}

/* Amount: one item of exactly the payment; two alike are ambiguous; an
 * exact one beats one short by a fee */
static void
test_amount(void **state)
{
	(void) state;
	item(1, 1, NULL, EUR, 12000, 49730);
	item(1, 2, NULL, EUR, 49730, 49730);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_AMOUNT);
	assert_int_equal(invoice_of(0, 0), 2);
	assert_true(rows[0].fit == 0.97);
	assert_false(rows[0].ambiguous);

	/* a round 500.00 may be paid towards another item as well; the
	 * customer's only item, it fits */
	setup(NULL);
	item(1, 1, NULL, EUR, 101501, 50000);
	item(1, 2, NULL, EUR, 50000, 50000);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_true(rows[0].fit == 0.88);
	assert_true(rows[0].round_fit == 0.97); /* for a known account */
	setup(NULL);
	item(1, 2, NULL, EUR, 50000, 50000);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_true(rows[0].fit == 0.97);
	assert_true(rows[0].round_fit == 0);

	/* of two exact ones the oldest, fitting a little less; of two round
	 * or two short ones neither */
	setup(NULL);
	item(1, 1, NULL, EUR, 50100, 50000); /* short by 1.00, tolerance 2.51 */
	item(1, 3, NULL, EUR, 50000, 50000); /* the older */
	item(1, 2, NULL, EUR, 50000, 50000);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(result.nrows, 1);
	assert_int_equal(invoice_of(0, 0), 3);
	assert_true(rows[0].round_fit == 0.95);
	assert_true(rows[0].ambiguous); /* round ones: fees, instalments */
	setup(NULL);
	item(1, 1, NULL, EUR, 49730, 49730);
	item(1, 2, NULL, EUR, 49730, 49730);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(invoice_of(0, 0), 1);
	assert_true(rows[0].fit == 0.95);
	assert_false(rows[0].ambiguous);
	setup(NULL);
	item(1, 1, NULL, EUR, 49800, 49730);
	item(1, 2, NULL, EUR, 49790, 49730);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_true(rows[0].ambiguous);

	setup(NULL);
	item(1, 1, NULL, EUR, 50100, 50000);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_true(rows[0].fit == 0.93);
	assert_int_equal(rows[0].write_off, 100);
	assert_false(rows[0].ambiguous);
}

/* Combination: the oldest items that sum to the payment */
static void
test_combination(void **state)
{
	(void) state;
	item(1, 1, NULL, EUR, 10317, 35457);
	item(1, 2, NULL, EUR, 25140, 35457);
	item(1, 3, NULL, EUR, 6000, 35457);
	item(1, 4, NULL, EUR, 30000, 35457);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(result.nrows, 1);
	assert_int_equal(rows[0].rule, CASH_RULE_COMBINATION);
	assert_int_equal(rows[0].count, 2);
	assert_int_equal(invoice_of(0, 0), 1);
	assert_int_equal(invoice_of(0, 1), 2);
	assert_true(rows[0].fit == 0.95);
	assert_false(rows[0].ambiguous);
	/* 100.00 + 250.00 of four round items: round sums come easily */
	setup(NULL);
	item(1, 1, NULL, EUR, 10000, 35000);
	item(1, 2, NULL, EUR, 25000, 35000);
	item(1, 3, NULL, EUR, 6000, 35000);
	item(1, 4, NULL, EUR, 30000, 35000);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_COMBINATION);
	assert_false(rows[0].settles);
	assert_true(rows[0].fit == 0.85);

	/* 10.00 short of 350.00: within 0.5% of the payment */
	setup(NULL);
	item(1, 1, NULL, EUR, 10000, 34000);
	item(1, 2, NULL, EUR, 25000, 34000);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_PARTIAL);
	setup(NULL);
	item(1, 1, NULL, EUR, 10000, 34900);
	item(1, 2, NULL, EUR, 25000, 34900);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_COMBINATION);
	assert_int_equal(rows[0].write_off, 100);
	assert_true(rows[0].fit == 0.85);
}

/* Partial: oldest first as far as the payment goes, never more */
static void
test_partial(void **state)
{
	(void) state;
	item(1, 1, NULL, EUR, 10000, 15000);
	item(1, 2, NULL, EUR, 10000, 15000);
	item(1, 3, NULL, EUR, 10000, 15000);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(result.nrows, 1);
	assert_int_equal(rows[0].rule, CASH_RULE_PARTIAL);
	assert_int_equal(rows[0].count, 2);
	assert_int_equal(units_of(0, 0), 10000);
	assert_int_equal(units_of(0, 1), 5000);
	assert_true(rows[0].fit == 0.40);
	assert_int_equal(rows[0].unexplained, 0);
	/* two whole items and 5.00 more: those two, the 5.00 unexplained, not
	 * 5.00 of the third */
	setup(NULL);
	item(1, 1, NULL, EUR, 10000, 20500);
	item(1, 2, NULL, EUR, 10000, 20500);
	item(1, 3, NULL, EUR, 10000, 20500);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_PARTIAL);
	assert_int_equal(rows[0].count, 2);
	assert_int_equal(units_of(0, 1), 10000);
	assert_int_equal(rows[0].unexplained, 500);
	/* a round payment less than an item: a part payment of the oldest
	 * such alone, not the older smaller item whole and a part */
	setup(NULL);
	item(1, 1, NULL, EUR, 12037, 50000);
	item(1, 2, NULL, EUR, 90000, 50000);
	item(1, 3, NULL, EUR, 200000, 50000);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_PARTIAL);
	assert_int_equal(rows[0].count, 1);
	assert_int_equal(invoice_of(0, 0), 2);
	assert_int_equal(units_of(0, 0), 50000);
	assert_int_equal(rows[0].unexplained, 0);
	/* a negative round amount (a refund) is no part payment of an item
	 * (found by fuzz_cash_allocate) */
	setup(NULL);
	item(1, 1, NULL, EUR, 90000, -50000);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_true(result.nrows == 0 || units_of(0, 0) >= 0);
	/* more than all items: the rest unexplained */
	setup(NULL);
	item(1, 1, NULL, EUR, 10000, 50000);
	item(1, 2, NULL, EUR, 10000, 50000);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(rows[0].count, 2);
	assert_int_equal(rows[0].unexplained, 30000);
}

/* Each customer by its own first fitting rule; currencies apart */
static void
test_customers_and_currencies(void **state)
{
	const char *refs[] = { "INV-77" };

	(void) state;
	item(3, 70, "INV-70", EUR, 9000, 9000); /* customer 3: amount */
	item(5, 76, "INV-76", EUR, 12000, 10000);
	item(5, 77, "INV-77", USD, 11000, 11000); /* customer 5: reference */
	assert_int_equal(run(refs, 1), CASH_OK);
	assert_int_equal(result.nrows, 2);
	assert_int_equal(rows[0].customer_id, 3);
	assert_int_equal(rows[0].rule, CASH_RULE_AMOUNT);
	assert_int_equal(rows[1].customer_id, 5);
	assert_int_equal(rows[1].rule, CASH_RULE_REFERENCE);
	assert_int_equal(rows[1].currency, USD);
	assert_int_equal(rows[1].pay_units, 11000);
	assert_int_equal(invoice_of(1, 0), 77);
}

/* Items come in any order: each customer's are sorted oldest first */
static void
test_any_order(void **state)
{
	(void) state;
	item(2, 20, NULL, EUR, 100, 150);
	item(1, 11, NULL, EUR, 100, 150);
	item(2, 21, NULL, EUR, 100, 150);
	item(1, 10, NULL, EUR, 100, 150);
	items[0].due_date = 5; /* customer 2: invoice 21 is older */
	items[2].due_date = 4;
	items[1].due_date = items[3].due_date = 7; /* customer 1: a tie */
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(result.nrows, 2);
	assert_int_equal(rows[0].customer_id, 1);
	assert_int_equal(invoice_of(0, 0), 10);
	assert_int_equal(units_of(0, 1), 50);
	assert_int_equal(rows[1].customer_id, 2);
	assert_int_equal(invoice_of(1, 0), 21);
	assert_int_equal(invoice_of(1, 1), 20);
	/* nothing at all is nothing to allocate */
	setup(NULL);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(result.nrows, 0);
}

/* Name evidence steps at 0.97, 0.92, 0.85 and 0.75 */
static void
test_name_evidence(void **state)
{
	(void) state;
	assert_true(cash_name_evidence(1.0) == 0.95);
	assert_true(cash_name_evidence(0.97) == 0.95);
	assert_true(cash_name_evidence(0.9699) == 0.90);
	assert_true(cash_name_evidence(0.92) == 0.90);
	assert_true(cash_name_evidence(0.85) == 0.60);
	assert_true(cash_name_evidence(0.75) == 0.25);
	assert_true(cash_name_evidence(0.7499) == 0);
}

/* A written legal form the customer's name lacks costs a tenth; the three
 * most likely and those within 0.1 of the best evidence stay */
static void
test_prune_names(void **state)
{
	CashNameCandidate c[] = {
		{ 1, 1.0, "LTD", 3, false }, { 2, 1.0, "GMBH", 4, false },
		{ 3, 0.93, NULL, 0, false }, { 4, 0.80, NULL, 0, false },
		{ 5, 0.78, NULL, 0, false }, { 6, 0.99, "LTD CO", 6, false },
	};

	(void) state;
	assert_int_equal(cash_prune_names(c, 6, "LTD", 3), 3);
	assert_true(c[0].keep && c[5].keep && c[2].keep);
	assert_false(c[1].keep || c[3].keep || c[4].keep);
	assert_true(c[1].similarity == 1.0 * 0.9);
	assert_true(c[5].similarity == 0.99);
	/* no form written: nobody pays for one; a fourth within 0.1 stays */
	c[1].similarity = 1.0;
	assert_int_equal(cash_prune_names(c, 6, "", 0), 4);
	assert_true(c[1].keep && c[1].similarity == 1.0);
	assert_int_equal(cash_prune_names(c, 0, "", 0), 0);
}

/* A list of three invoices of which the remittance kept two: the third
 * explains the rest of the payment, and is settled with them */
static void
test_reference_remainder_explained(void **state)
{
	const char *refs[] = { "INV-1001", "INV-1003" };

	(void) state;
	item(1, 1, "INV-1001", EUR, 10000, 45000);
	item(1, 2, "INV-1002", EUR, 15000, 45000);
	item(1, 3, "INV-1003", EUR, 20000, 45000);
	item(1, 4, "INV-1004", EUR, 99900, 45000);
	assert_int_equal(run(refs, 2), CASH_OK);
	assert_int_equal(result.nrows, 1);
	assert_int_equal(rows[0].rule, CASH_RULE_REFERENCE);
	assert_int_equal(rows[0].count, 3);
	assert_int_equal(rows[0].unexplained, 0);
	assert_int_equal(rows[0].write_off, 0);
	assert_true(rows[0].fit == 0.95);
	assert_false(rows[0].ambiguous);
	assert_int_equal(units_of(0, 0) + units_of(0, 1) + units_of(0, 2), 45000);
	/* nothing explains 1.00 more: the excess waits for a person */
	setup(NULL);
	item(1, 1, "INV-1001", EUR, 10000, 10100);
	item(1, 2, "INV-1002", EUR, 15000, 10100);
	assert_int_equal(run(refs, 1), CASH_OK);
	assert_int_equal(rows[0].count, 1);
	assert_int_equal(rows[0].unexplained, 100);
	/* two items of the rest's amount: either could be meant */
	setup(NULL);
	item(1, 1, "INV-1001", EUR, 10000, 25000);
	item(1, 2, "INV-1002", EUR, 15000, 25000);
	item(1, 3, "INV-1003", EUR, 15000, 25000);
	assert_int_equal(run(refs, 1), CASH_OK);
	assert_int_equal(rows[0].count, 2);
	assert_true(rows[0].ambiguous);
}

/* A statement's rest made by the oldest items the references left, of a
 * dozen items, where many subsets would make a sum as large: the oldest
 * first is a hypothesis of a dozen, and tells; the same sum made by
 * other items does not */
static void
test_rest_of_oldest(void **state)
{
	const char *refs[] = { "INV-1001", "INV-1002" };
	static const int64_t open[] = { 41260, 13317, 98020, 22455, 67105, 31010,
									5520,  87240, 44410, 19985, 73030, 26265 };
	int64_t rest = open[2] + open[3] + open[4] + open[5]; /* 2,185.90 */
	int k;

	(void) state;
	for (k = 0; k < 12; k++)
		item(1, k + 1,
			 k == 0   ? "INV-1001"
			 : k == 1 ? "INV-1002"
					  : "INV-X",
			 EUR, open[k], open[0] + open[1] + rest);
	assert_int_equal(run(refs, 2), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_REFERENCE);
	assert_int_equal(rows[0].count, 6);
	assert_int_equal(invoice_of(0, 5), 6);
	assert_int_equal(rows[0].unexplained, 0);
	assert_true(rows[0].settles);
	assert_true(rows[0].fit == 0.95);
	/* a combination with no reference: the four oldest, telling */
	setup(NULL);
	for (k = 0; k < 12; k++)
		item(1, k + 1, NULL, EUR, open[k],
			 open[0] + open[1] + open[2] + open[3]);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_COMBINATION);
	assert_int_equal(rows[0].count, 4);
	assert_true(rows[0].settles);
	assert_false(rows[0].ambiguous);
	/* four items not the oldest: one subset of 495 that could hit it */
	setup(NULL);
	for (k = 0; k < 12; k++)
		item(1, k + 1, NULL, EUR, open[k],
			 open[4] + open[6] + open[8] + open[10]);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_COMBINATION);
	assert_false(rows[0].settles);
	/* the five oldest less a charge of the schedule (15.00, beyond the
	 * fee tolerance): the charge booked, telling */
	setup(NULL);
	for (k = 0; k < 12; k++)
		item(1, k + 1, NULL, EUR, open[k],
			 open[0] + open[1] + open[2] + open[3] + open[4] - 1500);
	assert_int_equal(run_with(NULL, 0, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_COMBINATION);
	assert_int_equal(rows[0].count, 5);
	assert_int_equal(rows[0].write_off, 1500);
	assert_true(rows[0].settles);
	/* without the schedule nothing makes it exactly: no sure match */
	setup(NULL);
	for (k = 0; k < 12; k++)
		item(1, k + 1, NULL, EUR, open[k],
			 open[0] + open[1] + open[2] + open[3] + open[4] - 1500);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_false(result.nrows > 0 && rows[0].settles);
}

/* Flat charges of the schedule settle an invoice beyond the fee tolerance,
 * on the largest item; a customer's usual deduction only for that customer */
static void
test_bank_charges(void **state)
{
	const char *refs[] = { "INV-1001", "INV-1002" };

	(void) state;
	item(1, 1, "INV-1001", EUR, 30000, 38500);
	item(1, 2, "INV-1002", EUR, 10000, 38500); /* 400.00 - 15.00 */
	assert_int_equal(run_with(refs, 2, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].write_off, 1500);
	assert_true(rows[0].fit == 1.0);
	assert_int_equal(invoice_of(0, 1), 1); /* the charge on the 300.00 */
	assert_int_equal(units_of(0, 0), 10000);
	/* without the schedule, 15.00 is beyond 0.5% of 400.00: partial */
	setup(NULL);
	item(1, 1, "INV-1001", EUR, 30000, 38500);
	item(1, 2, "INV-1002", EUR, 10000, 38500);
	assert_int_equal(run(refs, 2), CASH_OK);
	assert_int_equal(rows[0].write_off, 0);
	assert_true(rows[0].fit < 1.0);
	/* one item by amount, short by customer 2's usual 12.00 */
	setup(NULL);
	item(2, 7, "INV-7", EUR, 50000, 48800);
	item(3, 8, "INV-8", EUR, 50000, 48800);
	assert_int_equal(run_with(NULL, 0, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(result.nrows, 2);
	assert_int_equal(rows[0].customer_id, 2);
	assert_int_equal(rows[0].rule, CASH_RULE_AMOUNT);
	assert_int_equal(rows[0].write_off, 1200);
	assert_int_equal(rows[1].rule, CASH_RULE_PARTIAL);
	/* a list cut short and a charge: the rest explained less 7.50 */
	setup(NULL);
	item(1, 1, "INV-1001", EUR, 10000, 24250);
	item(1, 2, "INV-1002", EUR, 15000, 24250);
	assert_int_equal(run_with(refs, 1, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].count, 2);
	assert_int_equal(rows[0].write_off, 750);
	assert_int_equal(rows[0].unexplained, 0);
}

/* An item short by a charge of the schedule fits as well as an exact
 * amount nearly; short by the fee tolerance, less */
static void
test_amount_short_by_charge(void **state)
{
	(void) state;
	item(1, 1, "INV-1", EUR, 41260, 40510); /* 412.60 - 7.50 */
	assert_int_equal(run_with(NULL, 0, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_AMOUNT);
	assert_int_equal(rows[0].write_off, 750);
	assert_true(rows[0].fit == 0.95);
	setup(NULL);
	item(1, 1, "INV-1", EUR, 41260, 41160); /* 1.00 short: tolerance */
	assert_int_equal(run_with(NULL, 0, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].write_off, 100);
	assert_true(rows[0].fit == 0.93);
	/* 15.00 of 100.00 is more than a tenth: a part payment as likely */
	setup(NULL);
	item(1, 1, "INV-1", EUR, 10000, 8500);
	assert_int_equal(run_with(NULL, 0, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].write_off, 1500);
	assert_true(rows[0].fit == 0.93);
}

/* A part payment sent as a round amount arrives less a charge of the
 * schedule: the charge is booked with it; one that arrives round, or
 * that no charge makes round, has none */
static void
test_part_payment_charge(void **state)
{
	const char *refs[] = { "INV-1001" };

	(void) state;
	item(1, 1, "INV-1001", EUR, 100000, 18500); /* 200.00 - 15.00 */
	assert_int_equal(run_with(refs, 1, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_REFERENCE);
	assert_false(rows[0].settles);
	assert_int_equal(rows[0].write_off, 1500);
	assert_int_equal(units_of(0, 0), 20000); /* gross of the charge */
	setup(NULL);
	item(1, 1, "INV-1001", EUR, 100000, 20000);
	assert_int_equal(run_with(refs, 1, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].write_off, 0);
	assert_int_equal(units_of(0, 0), 20000);
	setup(NULL);
	item(1, 1, "INV-1001", EUR, 100000, 18733);
	assert_int_equal(run_with(refs, 1, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].write_off, 0);
	/* 85.00 is no 100.00 less 15.00: a charge is a tenth at most */
	setup(NULL);
	item(1, 1, "INV-1001", EUR, 100000, 8500);
	assert_int_equal(run_with(refs, 1, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].write_off, 0);
	/* 492.50 is 500.00 less 7.50 (not 515.00 less 22.50): the smallest */
	setup(NULL);
	item(1, 1, "INV-1001", EUR, 100000, 49250);
	assert_int_equal(run_with(refs, 1, CASH_REF_EXACT, &with_charges),
					 CASH_OK);
	assert_int_equal(rows[0].write_off, 750);
	/* without a schedule, no charge is guessed */
	setup(NULL);
	item(1, 1, "INV-1001", EUR, 100000, 18500);
	assert_int_equal(run(refs, 1), CASH_OK);
	assert_int_equal(rows[0].write_off, 0);
}

/* A reference read from a damaged number counts when the amount confirms
 * it, and is no near reference for its neighbours */
static void
test_damaged_reference(void **state)
{
	const char *refs[] = { "FA-2025-1569" };

	(void) state;
	item(1, 1, "FA-2025-1569", EUR, 12000, 12000);
	item(1, 2, "FA-2025-1568", EUR, 13000, 12000);
	assert_int_equal(run_with(refs, 1, 0.9, &defaults), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_REFERENCE);
	assert_int_equal(invoice_of(0, 0), 1);
	assert_true(rows[0].fit == CASH_REF_CONFIRMED);
	assert_true(items[1].ref_score == 0);
	/* another item of the amount: the amount tells nothing */
	setup(NULL);
	item(1, 1, "FA-2025-1569", EUR, 12000, 12000);
	item(1, 3, "FA-2025-1571", EUR, 12000, 12000);
	assert_int_equal(run_with(refs, 1, 0.9, &defaults), CASH_OK);
	assert_true(rows[0].fit == 0.9);
	/* the amount does not confirm it: a suggestion, no more */
	setup(NULL);
	item(1, 1, "FA-2025-1569", EUR, 12000, 9000);
	assert_int_equal(run_with(refs, 1, 0.9, &defaults), CASH_OK);
	assert_true(rows[0].fit < 0.9);
}

/* One item of exactly the payment, while other items add up to it as
 * well: either may be meant, a person decides */
static void
test_amount_or_several(void **state)
{
	(void) state;
	item(1, 1, NULL, EUR, 30012, 111737);
	item(1, 2, NULL, EUR, 81725, 111737);
	item(1, 3, NULL, EUR, 111737, 111737);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_int_equal(rows[0].rule, CASH_RULE_AMOUNT);
	assert_int_equal(invoice_of(0, 0), 3);
	assert_true(rows[0].ambiguous);
	assert_true(rows[0].settles);
	/* nothing else makes it up: sure */
	setup(NULL);
	item(1, 1, NULL, EUR, 30013, 111737);
	item(1, 2, NULL, EUR, 81725, 111737);
	item(1, 3, NULL, EUR, 111737, 111737);
	assert_int_equal(run(NULL, 0), CASH_OK);
	assert_false(rows[0].ambiguous);
}

/* The rest of a cut list is explained exactly before any near sum: a
 * subset within the fee tolerance only suggests */
static void
test_remainder_exact_first(void **state)
{
	const char *refs[] = { "INV-1001" };

	(void) state;
	item(1, 1, "INV-1001", EUR, 100000, 180000);
	item(1, 2, "INV-1002", EUR, 80100, 180000); /* the rest 1.00 short */
	assert_int_equal(run(refs, 1), CASH_OK);
	assert_int_equal(rows[0].count, 2);
	assert_int_equal(rows[0].write_off, 100);
	assert_true(rows[0].fit == 0.85);
	assert_false(rows[0].settles);
	/* an exact one settles */
	setup(NULL);
	item(1, 1, "INV-1001", EUR, 100000, 180000);
	item(1, 2, "INV-1002", EUR, 80000, 180000);
	assert_int_equal(run(refs, 1), CASH_OK);
	assert_true(rows[0].fit == 0.95);
	assert_true(rows[0].settles);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_share_rounding),
		cmocka_unit_test_setup(test_reference_exact, setup),
		cmocka_unit_test_setup(test_reference_fee, setup),
		cmocka_unit_test_setup(test_reference_partial_and_doubt, setup),
		cmocka_unit_test_setup(test_near_reference, setup),
		cmocka_unit_test_setup(test_amount, setup),
		cmocka_unit_test_setup(test_combination, setup),
		cmocka_unit_test_setup(test_partial, setup),
		cmocka_unit_test_setup(test_customers_and_currencies, setup),
		cmocka_unit_test_setup(test_any_order, setup),
		cmocka_unit_test_setup(test_reference_remainder_explained, setup),
		cmocka_unit_test_setup(test_bank_charges, setup),
		cmocka_unit_test_setup(test_rest_of_oldest, setup),
		cmocka_unit_test_setup(test_amount_short_by_charge, setup),
		cmocka_unit_test_setup(test_part_payment_charge, setup),
		cmocka_unit_test_setup(test_damaged_reference, setup),
		cmocka_unit_test_setup(test_amount_or_several, setup),
		cmocka_unit_test_setup(test_remainder_exact_first, setup),
		cmocka_unit_test(test_name_evidence),
		cmocka_unit_test(test_prune_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
