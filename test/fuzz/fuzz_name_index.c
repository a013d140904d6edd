/*
 * fuzz_name_index.c
 *		libFuzzer target for name tokens and the in-memory name index.
 *
 * The bytes, split at newlines, are names (not necessarily UTF-8); the
 * first is also looked up. Tokens lie inside their name, are distinct and
 * in byte order; a look-up returns at most the hits asked for, each a
 * name of the index holding every known token, best first, with a score
 * in [0, 1]. A book of the same names (name_book.h), each its own
 * customer, returns at most the customers asked for, each one of the
 * names, best first.
 */
#include <stdlib.h>
#include <string.h>

#include "core/name_book.h"
#include "core/name_index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_NAMES 32

static void
check_tokens(const char *name, size_t len)
{
	NameToken *tokens;
	int n = name_tokenize(name, len, &tokens);
	int i;

	if (n < 0)
		abort();
	for (i = 0; i < n; i++)
	{
		if (tokens[i].len == 0 || tokens[i].offset + tokens[i].len > len)
			abort();
		if (i > 0)
		{
			const NameToken *a = &tokens[i - 1];
			const NameToken *b = &tokens[i];
			size_t m = a->len < b->len ? a->len : b->len;
			int c = memcmp(name + a->offset, name + b->offset, m);

			if (c > 0 || (c == 0 && a->len >= b->len))
				abort();
		}
	}
	free(tokens);
}

static void
check_book(const char *const *names, const size_t *lens, int n)
{
	NameBookEntry entries[MAX_NAMES];
	CashNameCandidate out[4];
	NameBook *book;
	int found;
	int i;

	for (i = 0; i < n; i++)
	{
		entries[i].key = names[i];
		entries[i].key_len = lens[i];
		entries[i].customer_id = i;
		entries[i].forms = NULL;
		entries[i].forms_len = 0;
	}
	book = name_book_build(entries, n, 4);
	if (book == NULL)
		abort();
	found = name_book_lookup(book, names[0], lens[0], out);
	if (found < 0 || found > 4)
		abort();
	for (i = 0; i < found; i++)
		if (out[i].customer_id < 0 || out[i].customer_id >= n ||
			!(out[i].similarity >= 0 && out[i].similarity <= 1) ||
			(i > 0 && out[i].similarity > out[i - 1].similarity))
			abort();
	name_book_free(book);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *names[MAX_NAMES];
	size_t lens[MAX_NAMES];
	NameHit hits[4];
	NameIndex *index;
	const char *s = (const char *) data;
	size_t start = 0;
	size_t i;
	int n = 0;
	int found;
	int k;

	for (i = 0; i <= size && n < MAX_NAMES; i++)
		if (i == size || s[i] == '\n')
		{
			names[n] = s + start;
			lens[n] = i - start;
			check_tokens(names[n], lens[n]);
			n++;
			start = i + 1;
		}
	index = name_index_build(names, lens, n);
	if (index == NULL)
		abort();
	found = name_index_lookup(index, names[0], lens[0], 4, hits);
	if (found < 0 || found > 4)
		abort();
	for (k = 0; k < found; k++)
		if (hits[k].name < 0 || hits[k].name >= n ||
			!(hits[k].similarity >= 0 && hits[k].similarity <= 1) ||
			(k > 0 && hits[k].similarity > hits[k - 1].similarity))
			abort();
	name_index_free(index);
	check_book(names, lens, n);
	return 0;
}
