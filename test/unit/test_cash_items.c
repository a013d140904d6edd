/*
 * test_cash_items.c
 *		Unit tests for the open items of a run's candidate customers
 *		(core/cash_items.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cash_items.h"

#define EUR 978
#define USD 840

static CashItem
item(int64_t customer, int64_t invoice, int32_t due, int32_t currency,
	 int64_t open)
{
	CashItem i = {
		customer, invoice, due, NULL, 0, currency, open, 0, 0, false
	};

	return i;
}

/* Items in any order come out per customer oldest first, each customer
 * cut to its oldest max_per_customer, only in currencies the payment
 * pays, with the payment in that currency */
static void
test_gather(void **state)
{
	CashItem items[] = {
		item(7, 71, 30, EUR, 100), item(5, 52, 20, EUR, 200),
		item(7, 70, 10, EUR, 300), item(5, 51, 20, USD, 400),
		item(7, 72, 10, EUR, 500), item(9, 90, 5, EUR, 600),
	};
	CashItemBook *book = cash_item_book_build(items, 6, 2);
	CashPay eur_only[] = { { EUR, 1000 } };
	CashPay both[] = { { EUR, 1000 }, { USD, 1100 } };
	CashCandidate customers[] = {
		{ 1, 7, false, false, 0, 0, 1 },
		{ 1, 5, false, false, 0, 0, 2 },
		{ 1, 8, false, false, 0, 0, 3 },
	};
	CashItem out[6];
	int n;

	(void) state;
	assert_non_null(book);
	assert_int_equal(cash_item_book_room(book, 3), 6);
	n = cash_item_book_gather(book, customers, 3, eur_only, 1, out);
	assert_int_equal(n, 3);
	/* customer 7: the two oldest of three (10/70, 10/72; not 30/71) */
	assert_int_equal(out[0].invoice_id, 70);
	assert_int_equal(out[1].invoice_id, 72);
	/* customer 5: its USD item finds no rate; 8 has no items */
	assert_int_equal(out[2].invoice_id, 52);
	assert_int_equal(out[2].pay_units, 1000);
	n = cash_item_book_gather(book, customers + 1, 1, both, 2, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].invoice_id, 51);
	assert_int_equal(out[0].pay_units, 1100);
	assert_int_equal(out[1].invoice_id, 52);
	assert_int_equal(out[1].pay_units, 1000);
	cash_item_book_free(book);
}

static void
test_empty(void **state)
{
	CashItemBook *book = cash_item_book_build(NULL, 0, 200);
	CashPay pay[] = { { EUR, 1000 } };
	CashCandidate customer = { 1, 1, false, false, 0, 0, 1 };
	CashItem out[1];

	(void) state;
	assert_non_null(book);
	assert_int_equal(cash_item_book_gather(book, &customer, 1, pay, 1, out),
					 0);
	cash_item_book_free(book);
	cash_item_book_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gather),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
