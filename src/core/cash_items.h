/*
 * cash_items.h
 *		The open items of a run's candidate customers, read once per run
 *		and handed to each payment that names the customer.
 *
 * Plain C (no postgres.h). apply_cash reads the open items of every
 * customer some payment of the run has as a candidate, once, rather than
 * once per payment and candidate; each payment then takes its candidates'
 * items, in the currencies it can pay, with the payment in that currency.
 */
#ifndef AR2C_CORE_CASH_ITEMS_H
#define AR2C_CORE_CASH_ITEMS_H

#include <stdint.h>

#include "core/cash_allocate.h"
#include "core/cash_candidates.h"

/* A payment in one currency it can pay: its own, or one it converts to */
typedef struct CashPay
{
	int32_t currency;
	int64_t units;
} CashPay;

typedef struct CashItemBook CashItemBook;

/*
 * A book of n items (pay_units unset), sorted in place by
 * cash_compare_items; each customer keeps its oldest max_per_customer.
 * The caller keeps the items alive while the book lives. NULL if out of
 * memory.
 */
extern CashItemBook *cash_item_book_build(CashItem *items, int n,
										  int max_per_customer);
extern void cash_item_book_free(CashItemBook *book);

/* The most items a gather of ncustomers can give */
extern int cash_item_book_room(const CashItemBook *book, int ncustomers);

/*
 * One payment's items into out (room: cash_item_book_room): those of its
 * candidate customers (ncandidates), in a currency of pays (npays), each
 * with pay_units the payment in its currency. Returns how many.
 */
extern int cash_item_book_gather(const CashItemBook *book,
								 const CashCandidate *candidates,
								 int ncandidates, const CashPay *pays,
								 int npays, CashItem *out);

#endif /* AR2C_CORE_CASH_ITEMS_H */
