/*
 * cash_names.c
 *		ar2c.cash_name_customers() and name_evidence(): the customers a
 *		payer's name finds and which of them count (SQL wrappers of
 *		core/name_book.c and core/cash_allocate.c).
 */
#include "ar2c.h"

#include "catalog/pg_type.h"
#include "core/cash_allocate.h"
#include "core/name_book.h"
#include "funcapi.h"

PG_FUNCTION_INFO_V1(name_evidence);
/* Confidence in a customer from a name similarity; NULL is none */
Datum
name_evidence(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(
		PG_ARGISNULL(0) ? 0 : cash_name_evidence(PG_GETARG_FLOAT8(0)));
}

/* Payer names, in order of their bytes */
typedef struct Keyed
{
	const char *key;
	size_t len;
	int index;
} Keyed;

static int
compare_keyed(const void *x, const void *y)
{
	const Keyed *a = x;
	const Keyed *b = y;
	int c = memcmp(a->key, b->key, Min(a->len, b->len));

	if (c == 0)
		c = (a->len > b->len) - (a->len < b->len);
	return c != 0 ? c : a->index - b->index;
}

/* An argument of cash_name_customers */
static int
names_array(FunctionCallInfo fcinfo, int arg, bool nulls_allowed,
			Datum **elems, bool **nulls)
{
	static const char *const names[] = {
		"name_keys",  "customer_ids", "customer_forms",
		"payer_keys", "payer_forms",
	};
	return array_argument(PG_GETARG_ARRAYTYPE_P(arg), "cash_name_customers",
						  names[arg], nulls_allowed, elems, nulls);
}

/* The book of a company's customer names (a NULL name is in none) */
static NameBook *
names_book(FunctionCallInfo fcinfo, int max_customers)
{
	Datum *key, *id, *forms;
	bool *key_n, *id_n, *forms_n;
	NameBookEntry *entries;
	NameBook *book;
	int n;
	int used = 0;
	int i;

	n = names_array(fcinfo, 0, true, &key, &key_n);
	if (names_array(fcinfo, 1, false, &id, &id_n) != n ||
		names_array(fcinfo, 2, true, &forms, &forms_n) != n)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg(
				 "cash_name_customers needs one element per name in name_keys, customer_ids and customer_forms")));
	entries = palloc(sizeof(NameBookEntry) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		NameBookEntry *e = &entries[used];

		if (key_n[i])
			continue;
		e->key = text_element_utf8(key[i], false, &e->key_len);
		e->customer_id = DatumGetInt64(id[i]);
		e->forms = text_element_utf8(forms[i], forms_n[i], &e->forms_len);
		used++;
	}
	book = name_book_build(entries, used, max_customers);
	if (book == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
						errmsg("out of memory in cash_name_customers")));
	return book;
}

PG_FUNCTION_INFO_V1(cash_name_customers);
/*
 * For each payer name and the legal forms its payers wrote, the customers
 * of the most similar names that count (name_book_lookup, then
 * cash_prune_names); a payer name is looked up once, whatever its forms
 */
Datum
cash_name_customers(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int max_customers = PG_GETARG_INT32(5);
	Datum *g_key, *g_forms;
	bool *g_key_n, *g_forms_n;
	int ngroups;
	Keyed *groups;
	NameBook *book;
	CashNameCandidate *found;
	CashNameCandidate *buf;

	if (max_customers < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cash_name_customers needs max_customers >= 1, not %d",
						max_customers)));
	ngroups = names_array(fcinfo, 3, false, &g_key, &g_key_n);
	if (names_array(fcinfo, 4, true, &g_forms, &g_forms_n) != ngroups)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg(
				 "cash_name_customers needs the forms of every payer name")));
	groups = palloc(sizeof(Keyed) * (ngroups > 0 ? ngroups : 1));
	for (int i = 0; i < ngroups; i++)
	{
		groups[i].key = text_element_utf8(g_key[i], false, &groups[i].len);
		groups[i].index = i;
	}
	qsort(groups, ngroups, sizeof(Keyed), compare_keyed);
	found = palloc(sizeof(CashNameCandidate) * max_customers);
	buf = palloc(sizeof(CashNameCandidate) * max_customers);
	book = names_book(fcinfo, max_customers);

	InitMaterializedSRF(fcinfo, 0);
	PG_TRY();
	{
		int nfound = 0;
		int i;

		for (i = 0; i < ngroups; i++)
		{
			const Keyed *g = &groups[i];
			size_t forms_len;
			const char *forms = text_element_utf8(
				g_forms[g->index], g_forms_n[g->index], &forms_len);
			int k;

			/* the next group may be the same name with other forms */
			if (i == 0 || groups[i - 1].len != g->len ||
				memcmp(groups[i - 1].key, g->key, g->len) != 0)
				nfound = name_book_lookup(book, g->key, g->len, found);
			if (nfound < 0)
				ereport(ERROR,
						(errcode(ERRCODE_OUT_OF_MEMORY),
						 errmsg("out of memory in cash_name_customers")));
			memcpy(buf, found, sizeof(CashNameCandidate) * nfound);
			if (cash_prune_names(buf, nfound, forms ? forms : "", forms_len) <
				0)
				ereport(ERROR,
						(errcode(ERRCODE_OUT_OF_MEMORY),
						 errmsg("out of memory in cash_name_customers")));
			for (k = 0; k < nfound; k++)
				if (buf[k].keep)
				{
					Datum values[4];
					bool nulls[4] = { false, false, g_forms_n[g->index],
									  false };

					values[0] = g_key[g->index];
					values[1] = g_forms[g->index];
					values[2] = Int64GetDatum(buf[k].customer_id);
					values[3] = Float8GetDatum(buf[k].similarity);
					tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
										 values, nulls);
				}
		}
	}
	PG_FINALLY();
	{
		name_book_free(book);
	}
	PG_END_TRY();
	return (Datum) 0;
}
