/*
 * credit_aggregates.c
 *		ar2c.payment_behaviour() and its state type payment_behaviour_state,
 *		and ar2c.credit_score(), the score formula (core/credit_score.h).
 *
 * Like money_cur_acc, the state is a real SQL type (fixed size, by
 * reference) with an exact text form rather than "internal", so partial
 * aggregates move between parallel workers and between nodes (Citus ships
 * them through the type's text I/O) without serialize functions. It is
 * updated in place in the aggregate's memory context.
 */
#include "money_cur.h"

#include "core/credit_score.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#define PG_GETARG_BEHAVIOUR(n) ((PaymentBehaviour *) PG_GETARG_POINTER(n))

/* Raise the error for a status of the core */
static void
behaviour_error(BehaviourStatus status, const PaymentBehaviour *s,
				MoneyCur amount, const char *text)
{
	switch (status)
	{
		case BEHAVIOUR_OK:
		case BEHAVIOUR_SKIPPED:
			return;
		case BEHAVIOUR_CURRENCY_MISMATCH:
		{
			char a[4];
			char b[4];

			currency_unpack(s->currency, a);
			currency_unpack(amount.currency, b);
			ereport(
				ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg(
					 "cannot compute payment_behaviour over amounts in different currencies: %s and %s",
					 a, b),
				 errhint(
					 "Group by currency, or convert the amounts first: ar2c.convert(amount, '%s', due_date).",
					 a)));
		}
		break;
		case BEHAVIOUR_NEGATIVE_AMOUNT:
			ereport(
				ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg(
					 "payment_behaviour needs amounts of zero or more, not %s",
					 money_cur_text(amount)),
				 errhint(
					 "Pass the invoiced amount; credit notes are not items.")));
			break;
		case BEHAVIOUR_OUT_OF_RANGE:
			ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							errmsg("payment_behaviour_state out of range")));
			break;
		case BEHAVIOUR_SYNTAX:
		case BEHAVIOUR_UNKNOWN_CURRENCY:
		case BEHAVIOUR_INCONSISTENT:
			ereport(
				ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg(
					 "invalid input syntax for type payment_behaviour_state: \"%s\"",
					 text),
				 status == BEHAVIOUR_UNKNOWN_CURRENCY
					 ? errdetail("The currency is not an ISO 4217 code.")
				 : status == BEHAVIOUR_INCONSISTENT
					 ? errdetail(
						   "The fields contradict each other: no set of items gives this state.")
					 : 0,
				 errhint(
					 "Expected (count,amount,late_count,late_amount,over_90_amount,weighted_days,max_days_late,open_count,open_amount,currency) with amounts in minor units, such as (2,30000,1,10000,0,150000,15,0,0,EUR), or (0,0,0,0,0,0,0,0,0,) for no items.")));
			break;
	}
}

PG_FUNCTION_INFO_V1(payment_behaviour_state_in);
/* Read a state back from its text, exactly */
Datum
payment_behaviour_state_in(PG_FUNCTION_ARGS)
{
	char *text = PG_GETARG_CSTRING(0);
	PaymentBehaviour *s = palloc(sizeof(PaymentBehaviour));
	BehaviourStatus status = behaviour_parse(text, strlen(text), s);
	MoneyCur none = { 0, AR2C_CURRENCY_NONE };

	behaviour_error(status, s, none, text);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(payment_behaviour_state_out);
/* Text form of a state */
Datum
payment_behaviour_state_out(PG_FUNCTION_ARGS)
{
	char *buf = palloc(PAYMENT_BEHAVIOUR_TEXT_MAX);

	behaviour_format(PG_GETARG_BEHAVIOUR(0), buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * The state to update: in place inside an aggregate, a copy outside one.
 * This runs once per row, so an aggregate's call is recognised by its node
 * tag first, and AggCheckCallContext (window aggregates too) is the slow
 * path.
 */
static inline PaymentBehaviour *
behaviour_writable(FunctionCallInfo fcinfo)
{
	PaymentBehaviour *s = PG_GETARG_BEHAVIOUR(0);

	if (likely(fcinfo->context && IsA(fcinfo->context, AggState)))
		return s;
	if (!AggCheckCallContext(fcinfo, NULL))
	{
		PaymentBehaviour *copy = palloc(sizeof(PaymentBehaviour));

		memcpy(copy, s, sizeof(PaymentBehaviour));
		return copy;
	}
	return s;
}

/* A date argument, refusing infinity */
static int32
finite_date_arg(FunctionCallInfo fcinfo, int n, const char *what)
{
	DateADT d = PG_GETARG_DATEADT(n);

	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("payment_behaviour needs a finite %s", what),
				 errdetail("Days late cannot be counted from infinity.")));
	return (int32) d;
}

/* Count one item into the state */
static Datum
behaviour_transition(FunctionCallInfo fcinfo, bool has_as_of)
{
	PaymentBehaviour *s;
	BehaviourItem item;
	MoneyCur amount;
	int32 as_of = 0;
	BehaviourStatus status;

	/* the aggregate's initial state is never NULL; a direct call's may be */
	if (PG_ARGISNULL(0))
		ereport(
			ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("payment_behaviour_add needs a state, not NULL"),
			 errhint("Start from the empty state '(0,0,0,0,0,0,0,0,0,)', or "
					 "use the aggregate ar2c.payment_behaviour().")));
	s = behaviour_writable(fcinfo);
	/* the four-argument form is not strict: NULL paid means open */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(3))
		PG_RETURN_POINTER(s);
	if (has_as_of)
	{
		if (PG_ARGISNULL(4))
			ereport(
				ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("payment_behaviour needs an as_of date"),
				 errhint(
					 "Pass the date open items are aged to, or use the three-argument form, which skips open items.")));
		as_of = finite_date_arg(fcinfo, 4, "as_of date");
	}
	amount = PG_GETARG_MONEY_CUR(3);
	item.due_date = finite_date_arg(fcinfo, 1, "due date");
	item.paid_known = !PG_ARGISNULL(2);
	item.paid_date =
		item.paid_known ? finite_date_arg(fcinfo, 2, "paid date") : 0;
	item.amount = amount.units;
	item.currency = amount.currency;
	status = behaviour_add(s, &item, has_as_of, as_of);
	if (unlikely(status != BEHAVIOUR_OK && status != BEHAVIOUR_SKIPPED))
		behaviour_error(status, s, amount, NULL);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(payment_behaviour_add);
/* Transition of payment_behaviour(due, paid, amount): paid items only */
Datum
payment_behaviour_add(PG_FUNCTION_ARGS)
{
	return behaviour_transition(fcinfo, false);
}

PG_FUNCTION_INFO_V1(payment_behaviour_add_as_of);
/* Transition of payment_behaviour(due, paid, amount, as_of) */
Datum
payment_behaviour_add_as_of(PG_FUNCTION_ARGS)
{
	return behaviour_transition(fcinfo, true);
}

PG_FUNCTION_INFO_V1(payment_behaviour_combine);
/* Combine two partial states */
Datum
payment_behaviour_combine(PG_FUNCTION_ARGS)
{
	PaymentBehaviour *s = behaviour_writable(fcinfo);
	PaymentBehaviour *o = PG_GETARG_BEHAVIOUR(1);
	MoneyCur other = { 0, o->currency };

	behaviour_error(behaviour_combine(s, o), s, other, NULL);
	PG_RETURN_POINTER(s);
}

/* A fixed-point number as numeric: 1234 with 2 decimals is 12.34 */
static Datum
scaled_numeric(int64 scaled, int decimals)
{
	return NumericGetDatum(int64_div_fast_to_numeric(scaled, decimals));
}

/* The tuple descriptor of the function's composite result, cached */
static TupleDesc
result_descriptor(FunctionCallInfo fcinfo)
{
	TupleDesc desc = (TupleDesc) fcinfo->flinfo->fn_extra;

	if (desc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = desc;
	}
	return desc;
}

/* A share of the state with 4 decimals, or NULL for a zero denominator */
static void
share_field(ar2c_int128 num, ar2c_int128 den, Datum *value, bool *isnull)
{
	int64 scaled;

	*isnull = den == 0 || !behaviour_ratio(num, den, 4, &scaled);
	if (!*isnull)
		*value = scaled_numeric(scaled, 4);
}

PG_FUNCTION_INFO_V1(payment_behaviour_final);
/* The composite ar2c.payment_behaviour; NULL when no item counted */
Datum
payment_behaviour_final(PG_FUNCTION_ARGS)
{
	PaymentBehaviour *s = PG_GETARG_BEHAVIOUR(0);
	TupleDesc desc = result_descriptor(fcinfo);
	Datum values[9];
	bool nulls[9] = { false };
	MoneyCur m;
	int64 scaled;

	if (s->count == 0)
		PG_RETURN_NULL();
	values[0] = Int64GetDatum(s->count);
	m.currency = s->currency;
	m.units = money_units_checked(s->amount, s->currency);
	values[1] = money_to_datum(m);
	nulls[2] = s->amount == 0 ||
			   !behaviour_ratio(s->weighted_days, s->amount, 2, &scaled);
	if (!nulls[2])
		values[2] = scaled_numeric(scaled, 2);
	share_field(s->late_count, s->count, &values[3], &nulls[3]);
	share_field(s->late_amount, s->amount, &values[4], &nulls[4]);
	values[5] = Int32GetDatum(s->max_days_late);
	share_field(s->over_90_amount, s->amount, &values[6], &nulls[6]);
	values[7] = Int64GetDatum(s->open_count);
	m.units = money_units_checked(s->open_amount, s->currency);
	values[8] = money_to_datum(m);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * A numeric times 10^decimals, rounded, as int64 clamped to +/-10^15 (the
 * formula saturates long before); NULL stays unknown.
 */
static bool
numeric_scaled_arg(Datum d, bool isnull, int decimals, const char *what,
				   int64 *out)
{
	Numeric n;
	Datum scaled;
	Datum bound =
		NumericGetDatum(int64_to_numeric(INT64CONST(1000000000000000)));

	if (isnull)
		return false;
	n = DatumGetNumeric(d);
	if (numeric_is_nan(n))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("credit_score input %s is NaN", what)));
	scaled = DirectFunctionCall2(
		numeric_mul, d,
		NumericGetDatum(int64_to_numeric(money_pow10(decimals))));
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, scaled, bound)) > 0)
		scaled = bound;
	else if (DatumGetInt32(DirectFunctionCall2(
				 numeric_cmp, scaled,
				 DirectFunctionCall1(numeric_uminus, bound))) < 0)
		scaled = DirectFunctionCall1(numeric_uminus, bound);
	*out = DatumGetInt64(DirectFunctionCall1(numeric_int8, scaled));
	return true;
}

/* A numeric field of a composite, times 10^decimals */
static bool
composite_scaled(HeapTupleHeader row, const char *field, int decimals,
				 int64 *out)
{
	bool isnull;
	Datum d = GetAttributeByName(row, field, &isnull);

	return numeric_scaled_arg(d, isnull, decimals, field, out);
}

/* amount / base as a ratio x10^4, clamped; unknown without a base */
static bool
money_ratio_arg(FunctionCallInfo fcinfo, int n, const char *what, int64 *out)
{
	MoneyCur amount;
	MoneyCur base;
	int64 scaled;

	if (PG_ARGISNULL(n) || PG_ARGISNULL(8))
		return false;
	amount = PG_GETARG_MONEY_CUR(n);
	base = PG_GETARG_MONEY_CUR(8);
	if (amount.currency != base.currency)
		ereport(
			ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg(
				 "credit_score needs the %s in the currency of the credit limit: %s is not in %s",
				 what, money_cur_text(amount),
				 currency_code_text(base.currency))));
	if (base.units <= 0)
		return false;
	/* |units| < 2^63, so units * 10^4 fits; clamp to the formula's range */
	if (!behaviour_ratio(amount.units, base.units, 4, &scaled))
		scaled = amount.units < 0 ? -INT64CONST(1000000000000000)
								  : INT64CONST(1000000000000000);
	*out = scaled;
	return true;
}

/* An integer[] argument of exactly n elements without NULLs */
static void
int_array_arg(FunctionCallInfo fcinfo, int arg, int n, int32 *out,
			  const char *what, const char *hint)
{
	ArrayType *array = PG_GETARG_ARRAYTYPE_P(arg);
	Datum *elems;
	bool *elem_nulls;
	int count;

	if (ARR_NDIM(array) > 1)
		count = -1;
	else
	{
		deconstruct_array(array, INT4OID, sizeof(int32), true, TYPALIGN_INT,
						  &elems, &elem_nulls, &count);
		for (int i = 0; i < count && i < n; i++)
		{
			if (elem_nulls[i])
				count = -1;
			else
				out[i] = DatumGetInt32(elems[i]);
		}
	}
	if (count != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("credit_score needs %s as %d integers", what, n),
				 errhint("%s", hint)));
}

PG_FUNCTION_INFO_V1(credit_score_compute_sql);
/*
 * credit_score(behaviour, disputed_share, written_off_share,
 * external_rating, years_trading, annual_revenue, equity, collateral,
 * credit_limit, weights, grade_floors): not strict, a NULL input is
 * unknown and worth half its weight; NULL weights or floors are the
 * defaults.
 */
Datum
credit_score_compute_sql(PG_FUNCTION_ARGS)
{
	CreditInputs in;
	int32 weights[CREDIT_FACTOR_COUNT];
	int32 floors[CREDIT_GRADE_COUNT];
	CreditScore out;
	CreditStatus status;
	TupleDesc desc = result_descriptor(fcinfo);
	Datum values[8];
	bool nulls[8] = { false };
	Datum factor_values[CREDIT_FACTOR_COUNT];
	char grade[2];

	memset(&in, 0, sizeof(in));
	if (!PG_ARGISNULL(0))
	{
		HeapTupleHeader b = PG_GETARG_HEAPTUPLEHEADER(0);
		bool isnull;
		Datum items = GetAttributeByName(b, "items", &isnull);

		/* a behaviour with no items says nothing */
		if (!isnull && DatumGetInt64(items) > 0)
		{
			in.known[CREDIT_DAYS_BEYOND_TERMS] = composite_scaled(
				b, "avg_days_late", 2, &in.input[CREDIT_DAYS_BEYOND_TERMS]);
			in.known[CREDIT_PAID_LATE] = composite_scaled(
				b, "late_share_amount", 4, &in.input[CREDIT_PAID_LATE]);
			in.known[CREDIT_OVER_90] = composite_scaled(
				b, "over_90_share", 4, &in.input[CREDIT_OVER_90]);
		}
	}
	in.known[CREDIT_DISPUTED] =
		numeric_scaled_arg(PG_GETARG_DATUM(1), PG_ARGISNULL(1), 4,
						   "disputed_share", &in.input[CREDIT_DISPUTED]);
	in.known[CREDIT_WRITTEN_OFF] =
		numeric_scaled_arg(PG_GETARG_DATUM(2), PG_ARGISNULL(2), 4,
						   "written_off_share", &in.input[CREDIT_WRITTEN_OFF]);
	in.known[CREDIT_EXTERNAL_RATING] = !PG_ARGISNULL(3);
	if (!PG_ARGISNULL(3))
		in.input[CREDIT_EXTERNAL_RATING] = PG_GETARG_INT32(3);
	in.known[CREDIT_YEARS_TRADING] =
		numeric_scaled_arg(PG_GETARG_DATUM(4), PG_ARGISNULL(4), 2,
						   "years_trading", &in.input[CREDIT_YEARS_TRADING]);
	in.known[CREDIT_CAPACITY] = money_ratio_arg(fcinfo, 5, "annual revenue",
												&in.input[CREDIT_CAPACITY]);
	in.known[CREDIT_CAPITAL] =
		money_ratio_arg(fcinfo, 6, "equity", &in.input[CREDIT_CAPITAL]);
	in.known[CREDIT_COLLATERAL] =
		money_ratio_arg(fcinfo, 7, "collateral", &in.input[CREDIT_COLLATERAL]);

	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
		weights[f] = credit_factor_info((CreditFactor) f)->default_weight;
	memcpy(floors, credit_default_floor, sizeof(floors));
	if (!PG_ARGISNULL(9))
		int_array_arg(
			fcinfo, 9, CREDIT_FACTOR_COUNT, weights, "weights",
			"Give one weight per factor in the order of ar2c.credit_factors(), or NULL for the defaults.");
	if (!PG_ARGISNULL(10))
		int_array_arg(
			fcinfo, 10, CREDIT_GRADE_COUNT, floors, "grade floors",
			"Give the lowest score of grades A, B, C and D, such as '{800,650,450,0}', or NULL for the defaults.");

	status = credit_score_compute(&in, weights, floors, &out);
	if (status == CREDIT_BAD_WEIGHT || status == CREDIT_NO_WEIGHT)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid credit score weights"),
			 errdetail(status == CREDIT_NO_WEIGHT
						   ? "All weights are zero."
						   : "A weight lies outside 0 to 1000."),
			 errhint(
				 "Weights are points from 0 to 1000, at least one above 0.")));
	if (status == CREDIT_BAD_FLOORS)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid credit grade floors {%d,%d,%d,%d}", floors[0],
					floors[1], floors[2], floors[3]),
			 errdetail(
				 "The lowest scores of grades A to D must fall strictly, within 0 to 1000, and D's must be 0.")));

	values[0] = Int32GetDatum(out.score);
	grade[0] = out.grade;
	grade[1] = '\0';
	values[1] = CStringGetTextDatum(grade);
	for (int c = 0; c < CREDIT_C_COUNT; c++)
		values[2 + c] = scaled_numeric(out.c_points_tenths[c], 1);
	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
		factor_values[f] = scaled_numeric(out.value[f], 6);
	values[7] =
		PointerGetDatum(construct_array(factor_values, CREDIT_FACTOR_COUNT,
										NUMERICOID, -1, false, TYPALIGN_INT));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

PG_FUNCTION_INFO_V1(credit_factors);
/* The factors of the score with their C, default weight and rule */
Datum
credit_factors(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
	{
		const CreditFactorInfo *info = credit_factor_info((CreditFactor) f);
		Datum values[5];
		bool nulls[5] = { false };

		values[0] = Int32GetDatum(f + 1);
		values[1] = CStringGetTextDatum(info->name);
		values[2] = CStringGetTextDatum(credit_c_name(info->c));
		values[3] = Int32GetDatum(info->default_weight);
		values[4] = CStringGetTextDatum(info->rule);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(credit_grade_defaults);
/* The default grade bands: each grade's lowest score */
Datum
credit_grade_defaults(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int g = 0; g < CREDIT_GRADE_COUNT; g++)
	{
		char grade[2] = { credit_grade_letter[g], '\0' };
		Datum values[2];
		bool nulls[2] = { false };

		values[0] = CStringGetTextDatum(grade);
		values[1] = Int32GetDatum(credit_default_floor[g]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
	return (Datum) 0;
}
