/*
 * cash_allocate.c
 *		ar2c.cash_allocate(): the allocations one payment proposes at its
 *		candidate customers; ar2c.cash_allocate_run(): those of every
 *		payment of a run, from its candidates' items read once, with what
 *		the decision makes of them (SQL wrappers of core/cash_allocate.c,
 *		core/cash_items.c and core/cash_decision.c).
 */
#include "ar2c.h"

#include "catalog/pg_type.h"
#include "core/cash_allocate.h"
#include "core/cash_decision.h"
#include "core/cash_items.h"
#include "core/subset_sum.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

static const char *const rule_names[] = {
	[CASH_RULE_REFERENCE] = "reference",
	[CASH_RULE_AMOUNT] = "amount",
	[CASH_RULE_COMBINATION] = "combination",
	[CASH_RULE_PARTIAL] = "partial",
};

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

/* The settings: fee_share, fee_max_units, max_items and node_budget, the
 * arguments from first on */
static CashSettings
settings_argument(FunctionCallInfo fcinfo, int first, const char *function)
{
	CashSettings set;

	set.fee_share_ppb = share_ppb(PG_GETARG_NUMERIC(first));
	set.fee_max_units = PG_GETARG_INT64(first + 1);
	set.max_items = PG_GETARG_INT32(first + 2);
	set.node_budget = PG_GETARG_INT32(first + 3);
	set.charges = NULL;
	set.ncharges = 0;
	if (set.fee_max_units < 0 || set.max_items < 1 ||
		set.max_items > SUBSET_MAX_ITEMS || set.node_budget < 1)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s needs fee_max_units >= 0, max_items "
					"in 1..%d and node_budget >= 1, not %lld, %d and %ld",
					function, SUBSET_MAX_ITEMS, (long long) set.fee_max_units,
					set.max_items, set.node_budget)));
	return set;
}

/* Room for the allocations of n items, and the call of the rules */
static void
allocate(CashItem *items, int n, const CashRef *refs, int nrefs,
		 const CashSettings *set, CashResult *result, const char *function)
{
	result->rows = palloc(sizeof(CashAllocation) * (n > 0 ? n : 1));
	result->item = palloc(sizeof(int) * (n > 0 ? n : 1));
	result->applied = palloc(sizeof(int64) * (n > 0 ? n : 1));
	if (cash_allocate(items, n, refs, nrefs, set, result) == CASH_NO_MEMORY)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
						errmsg("out of memory in %s", function)));
}

/*
 * The allocations as rows. In a run (payment_id given) the payment comes
 * first, the applied amounts are net of the write-off, and what the
 * decision makes of each allocation follows.
 */
static void
put_allocations(ReturnSetInfo *rsinfo, const Datum *payment_id,
				const CashItem *items, const CashResult *result,
				const CashChoice *choices)
{
	int i;

	for (i = 0; i < result->nrows; i++)
	{
		const CashAllocation *row = &result->rows[i];
		Datum *id_d = palloc(sizeof(Datum) * row->count);
		Datum *applied_d = palloc(sizeof(Datum) * row->count);
		Datum values[18];
		bool nulls[18] = { false };
		Datum *v = values;
		int k;

		for (k = 0; k < row->count; k++)
		{
			int64 applied = result->applied[row->first + k];

			if (payment_id != NULL && k == row->count - 1)
				applied -= row->write_off;
			id_d[k] =
				Int64GetDatum(items[result->item[row->first + k]].invoice_id);
			applied_d[k] = Int64GetDatum(applied);
		}
		if (payment_id != NULL)
			*v++ = *payment_id;
		*v++ = Int64GetDatum(row->customer_id);
		*v++ = CStringGetTextDatum(rule_names[row->rule]);
		*v++ = PointerGetDatum(construct_array(
			id_d, row->count, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		*v++ =
			PointerGetDatum(construct_array(applied_d, row->count, INT8OID, 8,
											FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		*v++ = Int64GetDatum(row->write_off);
		*v++ = Int16GetDatum((ar2c_currency) row->currency);
		*v++ = Int64GetDatum(row->pay_units);
		*v++ = Float8GetDatum(row->fit);
		*v++ = BoolGetDatum(row->ambiguous);
		if (payment_id != NULL)
		{
			const CashChoice *ch = &choices[i];

			*v++ = Float8GetDatum(ch->candidate->evidence);
			*v++ = Float8GetDatum(ch->confidence);
			*v++ = Int32GetDatum(ch->rank);
			*v++ = BoolGetDatum(ch->candidate->by_reference);
			*v++ = BoolGetDatum(ch->candidate->by_account);
			*v++ = Float8GetDatum(ch->candidate->similarity);
			*v++ = Float8GetDatum(ch->margin);
			*v++ = Int64GetDatum(row->unexplained);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
}

/* Open items from arrays of one element each (pay_units unset) */
static CashItem *
items_argument(FunctionCallInfo fcinfo, int first, const char *function,
			   const char *const *names, int *count)
{
	Datum *cust_d, *inv_d, *due_d, *key_d, *cur_d, *open_d;
	bool *cust_n, *inv_n, *due_n, *key_n, *cur_n, *open_n;
	CashItem *items;
	int n;
	int i;

#define ITEM_ARRAY(k, nulls_allowed, d, isnull)                          \
	array_argument(PG_GETARG_ARRAYTYPE_P(first + k), function, names[k], \
				   nulls_allowed, d, isnull)
	n = ITEM_ARRAY(0, false, &cust_d, &cust_n);
	array_lengths_match(function, names[0], n, names[1],
						ITEM_ARRAY(1, false, &inv_d, &inv_n));
	array_lengths_match(function, names[0], n, names[2],
						ITEM_ARRAY(2, false, &due_d, &due_n));
	array_lengths_match(function, names[0], n, names[3],
						ITEM_ARRAY(3, true, &key_d, &key_n));
	array_lengths_match(function, names[0], n, names[4],
						ITEM_ARRAY(4, false, &cur_d, &cur_n));
	array_lengths_match(function, names[0], n, names[5],
						ITEM_ARRAY(5, false, &open_d, &open_n));
#undef ITEM_ARRAY

	items = palloc(sizeof(CashItem) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		items[i].customer_id = DatumGetInt64(cust_d[i]);
		items[i].invoice_id = DatumGetInt64(inv_d[i]);
		items[i].due_date = DatumGetDateADT(due_d[i]);
		items[i].key =
			text_element_utf8(key_d[i], key_n[i], &items[i].key_len);
		items[i].currency = DatumGetInt16(cur_d[i]);
		items[i].open_units = DatumGetInt64(open_d[i]);
		items[i].pay_units = 0;
		items[i].ref_score = 0;
		items[i].ref_near = false;
	}
	*count = n;
	return items;
}

/* References from a text array (no NULLs) and their weights (NULL: all
 * 1), in the order of rows (NULL: as they come) */
static CashRef *
refs_of(Datum *d, const Datum *weights, int n, const int *rows)
{
	CashRef *refs = palloc(sizeof(CashRef) * (n > 0 ? n : 1));
	int i;

	for (i = 0; i < n; i++)
	{
		int row = rows ? rows[i] : i;

		refs[i].text = text_element_utf8(d[row], false, &refs[i].len);
		refs[i].weight =
			weights ? DatumGetFloat8(weights[row]) : CASH_REF_EXACT;
		if (!(refs[i].weight > 0 && refs[i].weight <= CASH_REF_EXACT))
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("reference weight %g is out of range",
								   refs[i].weight),
							errhint("A reference's weight lies in (0, 1].")));
	}
	return refs;
}

/* Accepted bank charges from three arrays of one element each */
static void
charges_argument(FunctionCallInfo fcinfo, int first, const char *function,
				 CashSettings *set)
{
	Datum *cust_d, *cur_d, *units_d;
	bool *cust_n, *cur_n, *units_n;
	CashCharge *charges;
	int n;
	int i;

	n = array_argument(PG_GETARG_ARRAYTYPE_P(first), function,
					   "charge_customers", false, &cust_d, &cust_n);
	array_lengths_match(function, "charge_customers", n, "charge_currencies",
						array_argument(PG_GETARG_ARRAYTYPE_P(first + 1),
									   function, "charge_currencies", false,
									   &cur_d, &cur_n));
	array_lengths_match(function, "charge_customers", n, "charge_units",
						array_argument(PG_GETARG_ARRAYTYPE_P(first + 2),
									   function, "charge_units", false,
									   &units_d, &units_n));
	charges = palloc(sizeof(CashCharge) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		charges[i].customer_id = DatumGetInt64(cust_d[i]);
		charges[i].currency = DatumGetInt16(cur_d[i]);
		charges[i].units = DatumGetInt64(units_d[i]);
		if (charges[i].units <= 0)
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("%s needs positive charge_units, not %lld",
								   function, (long long) charges[i].units)));
	}
	set->charges = charges;
	set->ncharges = n;
}

PG_FUNCTION_INFO_V1(cash_allocate_sql);
/* The allocations of one payment at its candidate customers */
Datum
cash_allocate_sql(PG_FUNCTION_ARGS)
{
	static const char *const names[] = {
		"customer_ids", "invoice_ids", "due_dates",
		"invoice_keys", "currencies",  "open_units",
	};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum *refs_d, *pay_d;
	bool *refs_n, *pay_n;
	int nrefs;
	int n;
	CashItem *items;
	CashSettings set;
	CashResult result;
	int i;

	nrefs = array_argument(PG_GETARG_ARRAYTYPE_P(0), "cash_allocate", "refs",
						   false, &refs_d, &refs_n);
	items = items_argument(fcinfo, 1, "cash_allocate", names, &n);
	array_lengths_match("cash_allocate", names[0], n, "pay_units",
						array_argument(PG_GETARG_ARRAYTYPE_P(7),
									   "cash_allocate", "pay_units", false,
									   &pay_d, &pay_n));
	for (i = 0; i < n; i++)
		items[i].pay_units = DatumGetInt64(pay_d[i]);
	set = settings_argument(fcinfo, 8, "cash_allocate");

	allocate(items, n, refs_of(refs_d, NULL, nrefs, NULL), nrefs, &set,
			 &result, "cash_allocate");
	InitMaterializedSRF(fcinfo, 0);
	put_allocations(rsinfo, NULL, items, &result, NULL);
	return (Datum) 0;
}

/* Per payment: rows of a run's arrays, by payment id then position */
typedef struct ByPayment
{
	int64 payment_id;
	int row;
} ByPayment;

static int
compare_by_payment(const void *x, const void *y)
{
	const ByPayment *a = x;
	const ByPayment *b = y;

	if (a->payment_id != b->payment_id)
		return a->payment_id < b->payment_id ? -1 : 1;
	return a->row - b->row;
}

/* The rows of a payment-id array, sorted by payment: their payments, and
 * their positions in the arrays */
static void
by_payment(Datum *ids, int n, int64 **payments, int **rows)
{
	ByPayment *sorted = palloc(sizeof(ByPayment) * (n > 0 ? n : 1));
	int i;

	for (i = 0; i < n; i++)
	{
		sorted[i].payment_id = DatumGetInt64(ids[i]);
		sorted[i].row = i;
	}
	qsort(sorted, n, sizeof(ByPayment), compare_by_payment);
	*payments = palloc(sizeof(int64) * (n > 0 ? n : 1));
	*rows = palloc(sizeof(int) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		(*payments)[i] = sorted[i].payment_id;
		(*rows)[i] = sorted[i].row;
	}
	pfree(sorted);
}

/* How many of the sorted payments from *at on are payment_id (skipping
 * lower ones) */
static int
rows_of(const int64 *payments, int n, int *at, int64 payment_id)
{
	int count = 0;

	while (*at < n && payments[*at] < payment_id)
		(*at)++;
	while (*at + count < n && payments[*at + count] == payment_id)
		count++;
	return count;
}

/* Arguments of cash_allocate_run, in order */
enum
{
	RUN_CAND_PAYMENTS,
	RUN_CAND_CUSTOMERS,
	RUN_CAND_BY_REFERENCE,
	RUN_CAND_BY_ACCOUNT,
	RUN_CAND_SIMILARITIES,
	RUN_CAND_EVIDENCE,
	RUN_CAND_RANKS,
	RUN_PAY_PAYMENTS,
	RUN_PAY_CURRENCIES,
	RUN_PAY_UNITS,
	RUN_REF_PAYMENTS,
	RUN_REFS,
	RUN_REF_WEIGHTS,
	RUN_ITEMS, /* six item arrays */
	RUN_MAX_PER_CUSTOMER = RUN_ITEMS + 6,
	RUN_SETTINGS,
	RUN_CHARGES = RUN_SETTINGS + 4 /* three arrays */
};

PG_FUNCTION_INFO_V1(cash_allocate_run);
/*
 * The allocations of every payment of a run, and what the decision makes
 * of them: its candidate customers' items, read once for all payments, in
 * the currencies it can pay
 */
Datum
cash_allocate_run(PG_FUNCTION_ARGS)
{
	static const char *const fn = "cash_allocate_run";
	static const char *const names[] = {
		"item_customers", "invoice_ids", "due_dates",
		"invoice_keys",   "currencies",  "open_units",
	};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum *cp_d, *cc_d, *cr_d, *ca_d, *cs_d, *ce_d, *ck_d;
	bool *cp_n, *cc_n, *cr_n, *ca_n, *cs_n, *ce_n, *ck_n;
	Datum *pp_d, *pc_d, *pu_d, *rp_d, *r_d, *rw_d;
	bool *pp_n, *pc_n, *pu_n, *rp_n, *r_n, *rw_n;
	int ncand, npays, nrefs, nitems;
	int max_per_customer = PG_GETARG_INT32(RUN_MAX_PER_CUSTOMER);
	int64 *cand_payments, *pay_payments, *ref_payments;
	int *cand_rows, *pay_rows, *ref_rows;
	CashCandidate *candidates;
	CashPay *pays;
	CashRef *refs;
	CashItem *items;
	CashItemBook *book;
	CashSettings set;
	MemoryContext per_payment;
	MemoryContext caller = CurrentMemoryContext;

#define RUN_ARRAY(k, name, d, isnull) \
	array_argument(PG_GETARG_ARRAYTYPE_P(k), fn, name, false, d, isnull)
	ncand = RUN_ARRAY(RUN_CAND_PAYMENTS, "candidate_payments", &cp_d, &cp_n);
	array_lengths_match(
		fn, "candidate_payments", ncand, "candidate_customers",
		RUN_ARRAY(RUN_CAND_CUSTOMERS, "candidate_customers", &cc_d, &cc_n));
	array_lengths_match(fn, "candidate_payments", ncand,
						"candidate_by_reference",
						RUN_ARRAY(RUN_CAND_BY_REFERENCE,
								  "candidate_by_reference", &cr_d, &cr_n));
	array_lengths_match(
		fn, "candidate_payments", ncand, "candidate_by_account",
		RUN_ARRAY(RUN_CAND_BY_ACCOUNT, "candidate_by_account", &ca_d, &ca_n));
	array_lengths_match(fn, "candidate_payments", ncand,
						"candidate_similarities",
						RUN_ARRAY(RUN_CAND_SIMILARITIES,
								  "candidate_similarities", &cs_d, &cs_n));
	array_lengths_match(
		fn, "candidate_payments", ncand, "candidate_evidence",
		RUN_ARRAY(RUN_CAND_EVIDENCE, "candidate_evidence", &ce_d, &ce_n));
	array_lengths_match(
		fn, "candidate_payments", ncand, "candidate_ranks",
		RUN_ARRAY(RUN_CAND_RANKS, "candidate_ranks", &ck_d, &ck_n));
	npays = RUN_ARRAY(RUN_PAY_PAYMENTS, "pay_payments", &pp_d, &pp_n);
	array_lengths_match(
		fn, "pay_payments", npays, "pay_currencies",
		RUN_ARRAY(RUN_PAY_CURRENCIES, "pay_currencies", &pc_d, &pc_n));
	array_lengths_match(fn, "pay_payments", npays, "pay_units",
						RUN_ARRAY(RUN_PAY_UNITS, "pay_units", &pu_d, &pu_n));
	nrefs = RUN_ARRAY(RUN_REF_PAYMENTS, "ref_payments", &rp_d, &rp_n);
	array_lengths_match(fn, "ref_payments", nrefs, "refs",
						RUN_ARRAY(RUN_REFS, "refs", &r_d, &r_n));
	array_lengths_match(
		fn, "ref_payments", nrefs, "ref_weights",
		RUN_ARRAY(RUN_REF_WEIGHTS, "ref_weights", &rw_d, &rw_n));
#undef RUN_ARRAY
	items = items_argument(fcinfo, RUN_ITEMS, fn, names, &nitems);
	if (max_per_customer < 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("%s needs max_per_customer >= 1, not %d", fn,
							   max_per_customer)));
	set = settings_argument(fcinfo, RUN_SETTINGS, fn);
	charges_argument(fcinfo, RUN_CHARGES, fn, &set);

	/* the candidates, payments' currencies and references of each payment
	 * together, in payment order */
	by_payment(cp_d, ncand, &cand_payments, &cand_rows);
	by_payment(pp_d, npays, &pay_payments, &pay_rows);
	by_payment(rp_d, nrefs, &ref_payments, &ref_rows);
	candidates = palloc(sizeof(CashCandidate) * (ncand > 0 ? ncand : 1));
	for (int k = 0; k < ncand; k++)
	{
		int row = cand_rows[k];
		CashCandidate *cand = &candidates[k];

		cand->payment_id = cand_payments[k];
		cand->customer_id = DatumGetInt64(cc_d[row]);
		cand->by_reference = DatumGetBool(cr_d[row]);
		cand->by_account = DatumGetBool(ca_d[row]);
		cand->similarity = DatumGetFloat8(cs_d[row]);
		cand->evidence = DatumGetFloat8(ce_d[row]);
		cand->rank = DatumGetInt32(ck_d[row]);
	}
	pays = palloc(sizeof(CashPay) * (npays > 0 ? npays : 1));
	for (int k = 0; k < npays; k++)
	{
		pays[k].currency = DatumGetInt16(pc_d[pay_rows[k]]);
		pays[k].units = DatumGetInt64(pu_d[pay_rows[k]]);
	}
	refs = refs_of(r_d, rw_d, nrefs, ref_rows);
	book = cash_item_book_build(items, nitems, max_per_customer);
	if (book == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
						errmsg("out of memory in %s", fn)));

	InitMaterializedSRF(fcinfo, 0);
	per_payment = AllocSetContextCreate(CurrentMemoryContext,
										"cash_allocate_run payment",
										ALLOCSET_DEFAULT_SIZES);
	PG_TRY();
	{
		int at_pay = 0;
		int at_ref = 0;
		int c = 0;

		while (c < ncand)
		{
			int64 payment_id = cand_payments[c];
			Datum payment_d = Int64GetDatum(payment_id);
			int ncust = 0;
			int np;
			int nr;
			CashChoice *choices;
			CashItem *mine;
			CashResult result;
			int n;

			MemoryContextSwitchTo(per_payment);
			while (c + ncust < ncand && cand_payments[c + ncust] == payment_id)
				ncust++;
			np = rows_of(pay_payments, npays, &at_pay, payment_id);
			nr = rows_of(ref_payments, nrefs, &at_ref, payment_id);
			mine = palloc(sizeof(CashItem) *
						  Max(cash_item_book_room(book, ncust), 1));
			n = cash_item_book_gather(book, &candidates[c], ncust,
									  &pays[at_pay], np, mine);
			allocate(mine, n, &refs[at_ref], nr, &set, &result, fn);
			choices = palloc(sizeof(CashChoice) * Max(result.nrows, 1));
			if (!cash_decide(&candidates[c], ncust, result.rows, result.nrows,
							 choices))
				ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
								errmsg("%s could not decide payment %lld", fn,
									   (long long) payment_id)));
			put_allocations(rsinfo, &payment_d, mine, &result, choices);
			MemoryContextSwitchTo(caller);
			MemoryContextReset(per_payment);
			c += ncust;
		}
	}
	PG_FINALLY();
	{
		MemoryContextSwitchTo(caller);
		cash_item_book_free(book);
	}
	PG_END_TRY();
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(cash_charge_accepted_sql);
/*
 * Whether a shortfall of a customer's payment against base units is bank
 * charges, by the rule the allocation applies (cash_charge_accepted), for
 * confirm_match to book a shortfall as the matcher would: customer_id,
 * currency, base units and shortfall units, then fee_share,
 * fee_max_units and the accepted charges (charge_*)
 */
Datum
cash_charge_accepted_sql(PG_FUNCTION_ARGS)
{
	const char *fn = "cash_charge_accepted";
	CashSettings set = { 0 };

	set.fee_share_ppb = share_ppb(PG_GETARG_NUMERIC(4));
	set.fee_max_units = PG_GETARG_INT64(5);
	if (set.fee_max_units < 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("%s needs fee_max_units >= 0, not %lld", fn,
							   (long long) set.fee_max_units)));
	charges_argument(fcinfo, 6, fn, &set);
	PG_RETURN_BOOL(cash_charge_accepted(
		&set, PG_GETARG_INT64(0), DatumGetInt16(PG_GETARG_DATUM(1)),
		PG_GETARG_INT64(2), PG_GETARG_INT64(3)));
}
