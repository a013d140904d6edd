/*
 * cash_allocate.c
 *		ar2c.cash_allocate(): the allocations one payment proposes at its
 *		candidate customers; ar2c.cash_name_customers() and name_evidence():
 *		the customers a payer's name finds and which count (SQL wrappers of
 *		core/cash_allocate.c and core/name_book.c).
 */
#include "ar2c.h"

#include "catalog/pg_type.h"
#include "core/cash_allocate.h"
#include "core/name_book.h"
#include "core/subset_sum.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

/* Arguments of cash_allocate, in order: one element per item, but refs */
enum
{
	ARG_REFS,
	ARG_CUSTOMERS,
	ARG_INVOICES,
	ARG_DUE,
	ARG_KEYS,
	ARG_CURRENCIES,
	ARG_OPEN,
	ARG_PAY,
	ARG_FEE_SHARE,
	ARG_FEE_MAX,
	ARG_MAX_ITEMS,
	ARG_NODE_BUDGET
};

static const char *const arg_names[] = {
	"refs",         "customer_ids", "invoice_ids", "due_dates",
	"invoice_keys", "currencies",   "open_units",  "pay_units",
};

/* The elements of an array argument (type InvalidOid: the array's own);
 * NULL elements only where allowed */
static int
array_elements(ArrayType *arr, const char *function, const char *name,
			   Oid type, int16 len, bool byval, char align, bool nulls_allowed,
			   Datum **elems, bool **nulls)
{
	int n;
	int i;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s of %s must be one-dimensional", name, function)));
	deconstruct_array(arr, type == InvalidOid ? ARR_ELEMTYPE(arr) : type, len,
					  byval, align, elems, nulls, &n);
	if (!nulls_allowed)
		for (i = 0; i < n; i++)
			if ((*nulls)[i])
				ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
								errmsg("%s of %s has a NULL at %d", name,
									   function, i + 1)));
	return n;
}

/* An argument of cash_allocate */
static int
item_array(FunctionCallInfo fcinfo, int arg, Oid type, int16 len, bool byval,
		   char align, bool nulls_allowed, Datum **elems, bool **nulls)
{
	return array_elements(PG_GETARG_ARRAYTYPE_P(arg), "cash_allocate",
						  arg_names[arg], type, len, byval, align,
						  nulls_allowed, elems, nulls);
}

/* A text element's UTF-8 bytes, or NULL for a NULL element */
static const char *
element_bytes(Datum d, bool isnull, size_t *len)
{
	text *t;

	*len = 0;
	if (isnull)
		return NULL;
	t = DatumGetTextPP(d);
	return text_utf8(t, len);
}

/* fee_share (numeric, 0 <= share < 0.5) in parts per 10^9 */
static int64
share_ppb(Numeric share)
{
	Datum scaled =
		DirectFunctionCall2(numeric_mul, NumericGetDatum(share),
							NumericGetDatum(int64_to_numeric(CASH_SHARE_ONE)));
	int64 ppb = DatumGetInt64(DirectFunctionCall1(numeric_int8, scaled));

	if (ppb < 0 || ppb >= CASH_SHARE_ONE / 2)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("fee share %s is out of range",
					DatumGetCString(DirectFunctionCall1(
						numeric_out, NumericGetDatum(share)))),
			 errhint("A fee share lies in [0, 0.5), as 0.005 for 0.5%%.")));
	return ppb;
}

static const char *const rule_names[] = {
	[CASH_RULE_REFERENCE] = "reference",
	[CASH_RULE_AMOUNT] = "amount",
	[CASH_RULE_COMBINATION] = "combination",
	[CASH_RULE_PARTIAL] = "partial",
};

PG_FUNCTION_INFO_V1(cash_allocate_sql);
/* The allocations of one payment at its candidate customers */
Datum
cash_allocate_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum *refs_d, *cust_d, *inv_d, *due_d, *key_d, *cur_d, *open_d, *pay_d;
	bool *refs_n, *cust_n, *inv_n, *due_n, *key_n, *cur_n, *open_n, *pay_n;
	int nrefs;
	int n;
	int counts[ARG_PAY + 1];
	CashRef *refs;
	CashItem *items;
	CashSettings set;
	CashResult result;
	CashStatus st;
	int i;

	nrefs = item_array(fcinfo, ARG_REFS, TEXTOID, -1, false, TYPALIGN_INT,
					   false, &refs_d, &refs_n);
	counts[ARG_CUSTOMERS] =
		item_array(fcinfo, ARG_CUSTOMERS, INT8OID, 8, FLOAT8PASSBYVAL,
				   TYPALIGN_DOUBLE, false, &cust_d, &cust_n);
	counts[ARG_INVOICES] =
		item_array(fcinfo, ARG_INVOICES, INT8OID, 8, FLOAT8PASSBYVAL,
				   TYPALIGN_DOUBLE, false, &inv_d, &inv_n);
	counts[ARG_DUE] = item_array(fcinfo, ARG_DUE, DATEOID, sizeof(DateADT),
								 true, TYPALIGN_INT, false, &due_d, &due_n);
	counts[ARG_KEYS] = item_array(fcinfo, ARG_KEYS, TEXTOID, -1, false,
								  TYPALIGN_INT, true, &key_d, &key_n);
	counts[ARG_CURRENCIES] =
		item_array(fcinfo, ARG_CURRENCIES, InvalidOid, sizeof(ar2c_currency),
				   true, TYPALIGN_SHORT, false, &cur_d, &cur_n);
	counts[ARG_OPEN] =
		item_array(fcinfo, ARG_OPEN, INT8OID, 8, FLOAT8PASSBYVAL,
				   TYPALIGN_DOUBLE, false, &open_d, &open_n);
	counts[ARG_PAY] = item_array(fcinfo, ARG_PAY, INT8OID, 8, FLOAT8PASSBYVAL,
								 TYPALIGN_DOUBLE, false, &pay_d, &pay_n);
	n = counts[ARG_CUSTOMERS];
	for (i = ARG_INVOICES; i <= ARG_PAY; i++)
		if (counts[i] != n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cash_allocate needs one element per item in "
							"each array: customer_ids has %d, %s has %d",
							n, arg_names[i], counts[i])));

	set.fee_share_ppb = share_ppb(PG_GETARG_NUMERIC(ARG_FEE_SHARE));
	set.fee_max_units = PG_GETARG_INT64(ARG_FEE_MAX);
	set.max_items = PG_GETARG_INT32(ARG_MAX_ITEMS);
	set.node_budget = PG_GETARG_INT32(ARG_NODE_BUDGET);
	if (set.fee_max_units < 0 || set.max_items < 1 ||
		set.max_items > SUBSET_MAX_ITEMS || set.node_budget < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cash_allocate needs fee_max_units >= 0, max_items "
						"in 1..%d and node_budget >= 1, not %lld, %d and %ld",
						SUBSET_MAX_ITEMS, (long long) set.fee_max_units,
						set.max_items, set.node_budget)));

	refs = palloc(sizeof(CashRef) * (nrefs > 0 ? nrefs : 1));
	for (i = 0; i < nrefs; i++)
		refs[i].text = element_bytes(refs_d[i], false, &refs[i].len);
	items = palloc(sizeof(CashItem) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		items[i].customer_id = DatumGetInt64(cust_d[i]);
		items[i].invoice_id = DatumGetInt64(inv_d[i]);
		items[i].due_date = DatumGetDateADT(due_d[i]);
		items[i].key = element_bytes(key_d[i], key_n[i], &items[i].key_len);
		items[i].currency = DatumGetInt16(cur_d[i]);
		items[i].open_units = DatumGetInt64(open_d[i]);
		items[i].pay_units = DatumGetInt64(pay_d[i]);
	}
	result.rows = palloc(sizeof(CashAllocation) * (n > 0 ? n : 1));
	result.item = palloc(sizeof(int) * (n > 0 ? n : 1));
	result.applied = palloc(sizeof(int64) * (n > 0 ? n : 1));

	st = cash_allocate(items, n, refs, nrefs, &set, &result);
	if (st == CASH_NO_MEMORY)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
						errmsg("out of memory in cash_allocate")));

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < result.nrows; i++)
	{
		const CashAllocation *row = &result.rows[i];
		Datum *id_d = palloc(sizeof(Datum) * row->count);
		Datum *applied_d = palloc(sizeof(Datum) * row->count);
		Datum values[9];
		bool nulls[9] = { false };
		int k;

		for (k = 0; k < row->count; k++)
		{
			id_d[k] =
				Int64GetDatum(items[result.item[row->first + k]].invoice_id);
			applied_d[k] = Int64GetDatum(result.applied[row->first + k]);
		}
		values[0] = Int64GetDatum(row->customer_id);
		values[1] = CStringGetTextDatum(rule_names[row->rule]);
		values[2] = PointerGetDatum(construct_array(
			id_d, row->count, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		values[3] =
			PointerGetDatum(construct_array(applied_d, row->count, INT8OID, 8,
											FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		values[4] = Int64GetDatum(row->write_off);
		values[5] = Int16GetDatum((ar2c_currency) row->currency);
		values[6] = Int64GetDatum(row->pay_units);
		values[7] = Float8GetDatum(row->fit);
		values[8] = BoolGetDatum(row->ambiguous);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
	return (Datum) 0;
}

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
names_array(FunctionCallInfo fcinfo, int arg, Oid type, bool nulls_allowed,
			Datum **elems, bool **nulls)
{
	static const char *const names[] = {
		"name_keys",  "customer_ids", "customer_forms",
		"payer_keys", "payer_forms",
	};
	bool text = type == TEXTOID;

	return array_elements(
		PG_GETARG_ARRAYTYPE_P(arg), "cash_name_customers", names[arg], type,
		text ? -1 : 8, text ? false : FLOAT8PASSBYVAL,
		text ? TYPALIGN_INT : TYPALIGN_DOUBLE, nulls_allowed, elems, nulls);
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

	n = names_array(fcinfo, 0, TEXTOID, true, &key, &key_n);
	if (names_array(fcinfo, 1, INT8OID, false, &id, &id_n) != n ||
		names_array(fcinfo, 2, TEXTOID, true, &forms, &forms_n) != n)
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
		e->key = element_bytes(key[i], false, &e->key_len);
		e->customer_id = DatumGetInt64(id[i]);
		e->forms = element_bytes(forms[i], forms_n[i], &e->forms_len);
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
	ngroups = names_array(fcinfo, 3, TEXTOID, false, &g_key, &g_key_n);
	if (names_array(fcinfo, 4, TEXTOID, true, &g_forms, &g_forms_n) != ngroups)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg(
				 "cash_name_customers needs the forms of every payer name")));
	groups = palloc(sizeof(Keyed) * (ngroups > 0 ? ngroups : 1));
	for (int i = 0; i < ngroups; i++)
	{
		groups[i].key = element_bytes(g_key[i], false, &groups[i].len);
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
			const char *forms = element_bytes(g_forms[g->index],
											  g_forms_n[g->index], &forms_len);
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
