/*
 * test_name_book.c
 *		Unit tests for the book of a company's customer names
 *		(core/name_book.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/name_book.h"
#include "core/similarity.h"

#define ENTRY(key, id, forms, forms_len)           \
	{                                              \
		key, sizeof(key) - 1, id, forms, forms_len \
	}

static const NameBookEntry entries[] = {
	ENTRY("BALTIC TRADING", 11, "LTD", 3),
	ENTRY("NORDWIND LOGISTIK", 20, NULL, 0),
	ENTRY("BALTIC TRADING", 12, "AG", 2),
	ENTRY("BALTIC TRADING NORD", 13, NULL, 0),
	ENTRY("BALTIC FOODS", 14, NULL, 0),
	ENTRY("BALTIC TRADING", 11, NULL, 0), /* an alias of 11 */
};

/* Equal names come once to the index, their customers together in entry
 * order, the most similar name's first */
static void
test_equal_names(void **state)
{
	NameBook *book = name_book_build(entries, 6, 30);
	CashNameCandidate out[30];
	double nord;
	SimError err;
	int n;

	(void) state;
	assert_non_null(book);
	n = name_book_lookup(book, "BALTIC TRADING", 14, out);
	assert_int_equal(n, 4);
	assert_int_equal(out[0].customer_id, 11);
	assert_string_equal(out[0].forms, "LTD");
	assert_int_equal(out[1].customer_id, 12);
	assert_int_equal(out[2].customer_id, 11);
	assert_null(out[2].forms);
	assert_true(out[0].similarity == 1.0 && out[2].similarity == 1.0);
	assert_int_equal(out[3].customer_id, 13);
	assert_int_equal(sim_name_keys_utf8("BALTIC TRADING", 14,
										"BALTIC TRADING NORD", 19, &nord,
										&err),
					 SIM_OK);
	assert_true(out[3].similarity == nord);
	assert_false(out[3].keep);
	/* a word no name holds is left out; one some name holds is not */
	assert_int_equal(name_book_lookup(book, "BALTIC FOODZ", 12, out), 5);
	assert_int_equal(name_book_lookup(book, "ATLAS", 5, out), 0);
	name_book_free(book);
}

/* At most max_customers, cut inside a name's customers if need be */
static void
test_max_customers(void **state)
{
	NameBook *book = name_book_build(entries, 6, 2);
	CashNameCandidate out[2];

	(void) state;
	assert_non_null(book);
	assert_int_equal(name_book_lookup(book, "BALTIC TRADING", 14, out), 2);
	assert_int_equal(out[0].customer_id, 11);
	assert_int_equal(out[1].customer_id, 12);
	name_book_free(book);
}

static void
test_empty(void **state)
{
	NameBook *book = name_book_build(NULL, 0, 30);
	CashNameCandidate out[30];

	(void) state;
	assert_non_null(book);
	assert_int_equal(name_book_lookup(book, "BALTIC", 6, out), 0);
	name_book_free(book);
	name_book_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_names),
		cmocka_unit_test(test_max_customers),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
