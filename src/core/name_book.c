/*
 * name_book.c
 *		A company's customer names, indexed once (see name_book.h)
 */
#include "core/name_book.h"

#include <stdlib.h>
#include <string.h>

#include "core/name_index.h"

struct NameBook
{
	const NameBookEntry *entries;
	int *order; /* entries by name, then entry order */
	int *first; /* per distinct name, its first place in order; one more */
	NameIndex *index; /* of the distinct names */
	NameHit *hits;    /* room for max_customers names */
	int max_customers;
};

/* An entry's name with its place, for sorting */
typedef struct Sorted
{
	const char *key;
	size_t len;
	int entry;
} Sorted;

static int
compare_sorted(const void *a, const void *b)
{
	const Sorted *x = a;
	const Sorted *y = b;
	size_t m = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, m);

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->entry - y->entry;
}

static bool
same_name(const Sorted *x, const Sorted *y)
{
	return x->len == y->len && memcmp(x->key, y->key, x->len) == 0;
}

void
name_book_free(NameBook *book)
{
	if (book == NULL)
		return;
	name_index_free(book->index);
	free(book->order);
	free(book->first);
	free(book->hits);
	free(book);
}

NameBook *
name_book_build(const NameBookEntry *entries, int n, int max_customers)
{
	NameBook *book = calloc(1, sizeof(NameBook));
	Sorted *sorted = NULL;
	const char **names = NULL;
	size_t *lens = NULL;
	int distinct = 0;
	int i;

	if (book == NULL)
		return NULL;
	book->entries = entries;
	book->max_customers = max_customers;
	book->order = malloc((n > 0 ? n : 1) * sizeof(int));
	book->first = malloc((n + 1) * sizeof(int));
	book->hits =
		malloc((max_customers > 0 ? max_customers : 1) * sizeof(NameHit));
	sorted = malloc((n > 0 ? n : 1) * sizeof(Sorted));
	names = malloc((n > 0 ? n : 1) * sizeof(char *));
	lens = malloc((n > 0 ? n : 1) * sizeof(size_t));
	if (book->order == NULL || book->first == NULL || book->hits == NULL ||
		sorted == NULL || names == NULL || lens == NULL)
		goto fail;
	for (i = 0; i < n; i++)
	{
		sorted[i].key = entries[i].key;
		sorted[i].len = entries[i].key_len;
		sorted[i].entry = i;
	}
	qsort(sorted, n, sizeof(Sorted), compare_sorted);
	for (i = 0; i < n; i++)
	{
		book->order[i] = sorted[i].entry;
		if (i > 0 && same_name(&sorted[i - 1], &sorted[i]))
			continue;
		book->first[distinct] = i;
		names[distinct] = sorted[i].key;
		lens[distinct] = sorted[i].len;
		distinct++;
	}
	book->first[distinct] = n;
	book->index = name_index_build(names, lens, distinct);
	if (book->index == NULL)
		goto fail;
	free(sorted);
	free(names);
	free(lens);
	return book;

fail:
	free(sorted);
	free(names);
	free(lens);
	name_book_free(book);
	return NULL;
}

int
name_book_lookup(const NameBook *book, const char *payer, size_t len,
				 CashNameCandidate *out)
{
	int found;
	int count = 0;
	int h;

	if (book->max_customers < 1)
		return 0;
	/* each name has a customer: as many names hold enough of them */
	found = name_index_lookup(book->index, payer, len, book->max_customers,
							  book->hits);
	if (found < 0)
		return -1;
	for (h = 0; h < found && count < book->max_customers; h++)
	{
		int name = book->hits[h].name;
		int at;

		for (at = book->first[name];
			 at < book->first[name + 1] && count < book->max_customers; at++)
		{
			const NameBookEntry *e = &book->entries[book->order[at]];

			out[count].customer_id = e->customer_id;
			out[count].similarity = book->hits[h].similarity;
			out[count].forms = e->forms;
			out[count].forms_len = e->forms_len;
			out[count].keep = false;
			count++;
		}
	}
	return count;
}
