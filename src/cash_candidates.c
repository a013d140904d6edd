/*
 * cash_candidates.c
 *		ar2c.cash_candidates(): the candidate customers of a run's payments,
 *		ranked and pruned (SQL wrapper of core/cash_candidates.c).
 */
#include "ar2c.h"

#include "core/cash_candidates.h"
#include "funcapi.h"

/* Arguments, in order */
enum
{
	ARG_PAYMENTS,
	ARG_CUSTOMERS,
	ARG_BY_REFERENCE,
	ARG_BY_ACCOUNT,
	ARG_SIMILARITIES,
	ARG_KEYS,
	ARG_FORMS,
	ARG_PAYER_PAYMENTS,
	ARG_PAYER_KEYS,
	ARG_PAYER_FORMS,
	ARG_COUNT
};

static const char *const arg_names[] = {
	"payment_ids",  "customer_ids",  "by_reference",   "by_account",
	"similarities", "customer_keys", "customer_forms", "payer_payments",
	"payer_keys",   "payer_forms",
};

PG_FUNCTION_INFO_V1(cash_candidates);
/* The kept candidate customers of the payments the signals name */
Datum
cash_candidates(PG_FUNCTION_ARGS)
{
	static const char *const fn = "cash_candidates";
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum *d[ARG_COUNT];
	bool *isnull[ARG_COUNT];
	int count[ARG_COUNT];
	CashSignal *signals;
	CashPayer *payers;
	CashCandidate *out;
	int n;
	int npayers;
	int kept;
	int i;

	for (i = 0; i < ARG_COUNT; i++)
	{
		/* a signal's similarity is NULL but for a name signal, its
		 * customer's name NULL but for the others; forms NULL: none */
		bool nulls_allowed = i == ARG_SIMILARITIES || i == ARG_KEYS ||
							 i == ARG_FORMS || i == ARG_PAYER_FORMS;

		/* the signals' arrays, then the payers' */
		int first = i < ARG_PAYER_PAYMENTS ? ARG_PAYMENTS : ARG_PAYER_PAYMENTS;

		count[i] = array_argument(PG_GETARG_ARRAYTYPE_P(i), fn, arg_names[i],
								  nulls_allowed, &d[i], &isnull[i]);
		array_lengths_match(fn, arg_names[first], count[first], arg_names[i],
							count[i]);
	}
	n = count[ARG_PAYMENTS];
	npayers = count[ARG_PAYER_PAYMENTS];

	signals = palloc(sizeof(CashSignal) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		CashSignal *s = &signals[i];

		s->payment_id = DatumGetInt64(d[ARG_PAYMENTS][i]);
		s->customer_id = DatumGetInt64(d[ARG_CUSTOMERS][i]);
		s->by_reference = DatumGetBool(d[ARG_BY_REFERENCE][i]);
		s->by_account = DatumGetBool(d[ARG_BY_ACCOUNT][i]);
		s->by_name = !isnull[ARG_SIMILARITIES][i];
		s->similarity =
			s->by_name ? DatumGetFloat8(d[ARG_SIMILARITIES][i]) : 0;
		s->key = text_element_utf8(d[ARG_KEYS][i], isnull[ARG_KEYS][i],
								   &s->key_len);
		s->forms = text_element_utf8(d[ARG_FORMS][i], isnull[ARG_FORMS][i],
									 &s->forms_len);
	}
	payers = palloc(sizeof(CashPayer) * (npayers > 0 ? npayers : 1));
	for (i = 0; i < npayers; i++)
	{
		CashPayer *p = &payers[i];
		const char *forms;

		p->payment_id = DatumGetInt64(d[ARG_PAYER_PAYMENTS][i]);
		p->key = text_element_utf8(d[ARG_PAYER_KEYS][i], false, &p->key_len);
		forms = text_element_utf8(d[ARG_PAYER_FORMS][i],
								  isnull[ARG_PAYER_FORMS][i], &p->forms_len);
		p->forms = forms != NULL ? forms : "";
	}
	out = palloc(sizeof(CashCandidate) * (n > 0 ? n : 1));
	kept = cash_rank_candidates(signals, n, payers, npayers, out);

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < kept; i++)
	{
		Datum values[7];
		bool nulls[7] = { false };

		values[0] = Int64GetDatum(out[i].payment_id);
		values[1] = Int64GetDatum(out[i].customer_id);
		values[2] = BoolGetDatum(out[i].by_reference);
		values[3] = BoolGetDatum(out[i].by_account);
		values[4] = Float8GetDatum(out[i].similarity);
		values[5] = Float8GetDatum(out[i].evidence);
		values[6] = Int32GetDatum(out[i].rank);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
	return (Datum) 0;
}
