/*
 * cash_names.c
 *		ar2c.cash_name_customers() and name_evidence(): the customers a
 *		payer's name finds and which of them count (SQL wrappers of
 *		core/name_book.c and core/cash_allocate.c).
 */
#include "ar2c.h"

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

/* A payer: its name and the forms written with it */
typedef struct Payer
{
	const char *key;
	size_t len;
	const char *forms; /* "" for none */
	size_t forms_len;
	int index;
} Payer;

static int
compare_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, Min(alen, blen));

	return c != 0 ? c : (alen > blen) - (alen < blen);
}

/* Payers by name, then forms: each name looked up once, each name and
 * forms pruned once */
static int
compare_payers(const void *x, const void *y)
{
	const Payer *a = x;
	const Payer *b = y;
	int c = compare_bytes(a->key, a->len, b->key, b->len);

	if (c == 0)
		c = compare_bytes(a->forms, a->forms_len, b->forms, b->forms_len);
	return c != 0 ? c : a->index - b->index;
}

/* An argument of cash_name_customers */
static int
names_array(FunctionCallInfo fcinfo, int arg, bool nulls_allowed,
			Datum **elems, bool **nulls)
{
	static const char *const names[] = {
		"name_keys",      "customer_ids", "customer_forms",
		"payer_payments", "payer_keys",   "payer_forms",
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
	array_lengths_match("cash_name_customers", "name_keys", n, "customer_ids",
						names_array(fcinfo, 1, false, &id, &id_n));
	array_lengths_match("cash_name_customers", "name_keys", n,
						"customer_forms",
						names_array(fcinfo, 2, true, &forms, &forms_n));
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
 * For each payer, the customers of the names most similar to its name
 * that count with the legal forms it wrote (name_book_lookup, then
 * cash_prune_names); a name is looked up once, and pruned once per forms
 */
Datum
cash_name_customers(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int max_customers = PG_GETARG_INT32(6);
	Datum *pay_d, *key_d, *forms_d;
	bool *pay_n, *key_n, *forms_n;
	int npayers;
	Payer *payers;
	NameBook *book;
	CashNameCandidate *found;
	CashNameCandidate *buf;

	if (max_customers < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cash_name_customers needs max_customers >= 1, not %d",
						max_customers)));
	npayers = names_array(fcinfo, 3, false, &pay_d, &pay_n);
	array_lengths_match("cash_name_customers", "payer_payments", npayers,
						"payer_keys",
						names_array(fcinfo, 4, false, &key_d, &key_n));
	array_lengths_match("cash_name_customers", "payer_payments", npayers,
						"payer_forms",
						names_array(fcinfo, 5, true, &forms_d, &forms_n));
	payers = palloc(sizeof(Payer) * (npayers > 0 ? npayers : 1));
	for (int i = 0; i < npayers; i++)
	{
		Payer *p = &payers[i];

		p->key = text_element_utf8(key_d[i], false, &p->len);
		p->forms = text_element_utf8(forms_d[i], forms_n[i], &p->forms_len);
		if (p->forms == NULL)
			p->forms = "";
		p->index = i;
	}
	qsort(payers, npayers, sizeof(Payer), compare_payers);
	found = palloc(sizeof(CashNameCandidate) * max_customers);
	buf = palloc(sizeof(CashNameCandidate) * max_customers);
	book = names_book(fcinfo, max_customers);

	InitMaterializedSRF(fcinfo, 0);
	PG_TRY();
	{
		int nfound = 0;
		int i;

		for (i = 0; i < npayers; i++)
		{
			const Payer *p = &payers[i];
			const Payer *prev = i > 0 ? &payers[i - 1] : NULL;
			bool same_name =
				prev != NULL &&
				compare_bytes(prev->key, prev->len, p->key, p->len) == 0;
			int k;

			if (!same_name)
				nfound = name_book_lookup(book, p->key, p->len, found);
			if (nfound < 0)
				ereport(ERROR,
						(errcode(ERRCODE_OUT_OF_MEMORY),
						 errmsg("out of memory in cash_name_customers")));
			if (!same_name || compare_bytes(prev->forms, prev->forms_len,
											p->forms, p->forms_len) != 0)
			{
				memcpy(buf, found, sizeof(CashNameCandidate) * nfound);
				if (cash_prune_names(buf, nfound, p->forms, p->forms_len) < 0)
					ereport(ERROR,
							(errcode(ERRCODE_OUT_OF_MEMORY),
							 errmsg("out of memory in cash_name_customers")));
			}
			for (k = 0; k < nfound; k++)
				if (buf[k].keep)
				{
					Datum values[3];
					bool nulls[3] = { false, false, false };

					values[0] = pay_d[p->index];
					values[1] = Int64GetDatum(buf[k].customer_id);
					values[2] = Float8GetDatum(buf[k].similarity);
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
