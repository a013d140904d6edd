/*
 * name_book.h
 *		A company's customer names, indexed once: the customers a payer's
 *		name finds.
 *
 * Plain C (no postgres.h). Customers and their aliases come as entries of
 * a normalized name; equal names (group companies share one in dozens of
 * legal forms) are indexed once (name_index.h), and a look-up returns the
 * customers of the most similar names, best first.
 */
#ifndef AR2C_CORE_NAME_BOOK_H
#define AR2C_CORE_NAME_BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "core/cash_allocate.h"

/* A customer's (or alias's) normalized name and the forms it states; the
 * caller keeps the bytes alive while the book lives */
typedef struct NameBookEntry
{
	const char *key;
	size_t key_len;
	int64_t customer_id;
	const char *forms; /* space-separated legal forms, or NULL: none */
	size_t forms_len;
} NameBookEntry;

typedef struct NameBook NameBook;

/*
 * A book of n entries whose look-ups return at most max_customers
 * customers. NULL if out of memory.
 */
extern NameBook *name_book_build(const NameBookEntry *entries, int n,
								 int max_customers);
extern void name_book_free(NameBook *book);

/*
 * The customers of the names most similar to a normalized payer name
 * (name_index_lookup), into out (room for max_customers): the best name's
 * first, equal names' in entry order, until max_customers. An entry's
 * customer comes once per entry (a customer and its alias of the same
 * name, twice). keep is false. Returns how many, or -1 if out of memory.
 */
extern int name_book_lookup(const NameBook *book, const char *payer,
							size_t len, CashNameCandidate *out);

#endif /* AR2C_CORE_NAME_BOOK_H */
