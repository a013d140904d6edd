/*
 * cash_items.c
 *		The open items of a run's candidate customers (see cash_items.h)
 */
#include "core/cash_items.h"

#include <stdlib.h>

/* A customer's items: items[first .. first + count) */
typedef struct CustomerItems
{
	int64_t customer_id;
	int first;
	int count;
} CustomerItems;

struct CashItemBook
{
	const CashItem *items;
	CustomerItems *customers; /* by customer id */
	int ncustomers;
	int max_per_customer;
};

void
cash_item_book_free(CashItemBook *book)
{
	if (book == NULL)
		return;
	free(book->customers);
	free(book);
}

CashItemBook *
cash_item_book_build(CashItem *items, int n, int max_per_customer)
{
	CashItemBook *book = calloc(1, sizeof(CashItemBook));
	int i;

	if (book == NULL)
		return NULL;
	book->items = items;
	book->max_per_customer = max_per_customer > 0 ? max_per_customer : 0;
	book->customers = malloc((n > 0 ? n : 1) * sizeof(CustomerItems));
	if (book->customers == NULL)
	{
		free(book);
		return NULL;
	}
	if (n > 1)
		qsort(items, n, sizeof(CashItem), cash_compare_items);
	for (i = 0; i < n; i++)
	{
		CustomerItems *c;

		if (i == 0 || items[i].customer_id != items[i - 1].customer_id)
		{
			c = &book->customers[book->ncustomers++];
			c->customer_id = items[i].customer_id;
			c->first = i;
			c->count = 0;
		}
		c = &book->customers[book->ncustomers - 1];
		if (c->count < book->max_per_customer)
			c->count++;
	}
	return book;
}

int
cash_item_book_room(const CashItemBook *book, int ncustomers)
{
	return ncustomers * book->max_per_customer;
}

static const CustomerItems *
find_customer(const CashItemBook *book, int64_t customer_id)
{
	int lo = 0;
	int hi = book->ncustomers;

	while (lo < hi)
	{
		int mid = lo + (hi - lo) / 2;

		if (book->customers[mid].customer_id < customer_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < book->ncustomers &&
				   book->customers[lo].customer_id == customer_id
			   ? &book->customers[lo]
			   : NULL;
}

int
cash_item_book_gather(const CashItemBook *book,
					  const CashCandidate *candidates, int ncandidates,
					  const CashPay *pays, int npays, CashItem *out)
{
	int n = 0;
	int c;

	for (c = 0; c < ncandidates; c++)
	{
		const CustomerItems *found =
			find_customer(book, candidates[c].customer_id);
		int i;

		if (found == NULL)
			continue;
		for (i = found->first; i < found->first + found->count; i++)
		{
			const CashItem *item = &book->items[i];
			int p = 0;

			while (p < npays && pays[p].currency != item->currency)
				p++;
			if (p == npays)
				continue; /* no rate to the item's currency */
			out[n] = *item;
			out[n].pay_units = pays[p].units;
			out[n].ref_score = 0;
			n++;
		}
	}
	return n;
}
