/*
 * money_cur_totals.c
 *		sum_by_currency(money_cur): one total per currency in one pass.
 *
 * Summing a column of mixed currencies needs GROUP BY currency with sum(),
 * and the hash grouping then costs more than the sums. This aggregate
 * keeps a small table of totals (one slot per currency seen, most use a
 * handful) in its state and returns them as money_cur[], so one scan does
 * the job. The state is a real SQL type, money_cur_totals, whose text form
 * {(EUR,3,12345),(USD,1,500)} round-trips exactly, for the same reasons as
 * money_cur_acc.
 */
#include "money_cur.h"

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "nodes/execnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

typedef struct TotalSlot
{
	ar2c_int128 sum; /* minor units */
	int64 count;
	int16 currency;
	int16 pad[3];
} TotalSlot;

typedef struct MoneyTotals
{
	int32 vl_len_;  /* varlena header */
	int32 capacity; /* slots allocated */
	int32 n;        /* slots in use, sorted by currency */
	int32 last;     /* slot of the last currency seen: the usual hit */
	TotalSlot slots[FLEXIBLE_ARRAY_MEMBER];
} MoneyTotals;

#define TOTALS_SIZE(cap) \
	(offsetof(MoneyTotals, slots) + (cap) * sizeof(TotalSlot))
#define PG_GETARG_TOTALS(n) \
	((MoneyTotals *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

/* A new, empty state with room for cap currencies */
static MoneyTotals *
totals_new(int cap)
{
	MoneyTotals *t = palloc0(TOTALS_SIZE(cap));

	SET_VARSIZE(t, TOTALS_SIZE(cap));
	t->capacity = cap;
	return t;
}

/* Add count and sum of a currency; may return a larger copy */
static MoneyTotals *
totals_add(MoneyTotals *t, ar2c_currency cur, int64 count, ar2c_int128 sum)
{
	int i;

	if (t->n > 0 && t->slots[t->last].currency == cur)
		i = t->last;
	else
	{
		for (i = 0; i < t->n && t->slots[i].currency < cur; i++)
			;
		if (i == t->n || t->slots[i].currency != cur)
		{
			if (t->n == t->capacity)
			{
				MoneyTotals *bigger = totals_new(t->capacity * 2);

				memcpy(bigger->slots, t->slots, t->n * sizeof(TotalSlot));
				bigger->n = t->n;
				t = bigger;
			}
			memmove(&t->slots[i + 1], &t->slots[i],
					(t->n - i) * sizeof(TotalSlot));
			memset(&t->slots[i], 0, sizeof(TotalSlot));
			t->slots[i].currency = cur;
			t->n++;
		}
		t->last = i;
	}
	if (__builtin_add_overflow(t->slots[i].sum, sum, &t->slots[i].sum) ||
		__builtin_add_overflow(t->slots[i].count, count, &t->slots[i].count))
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("money_cur_totals out of range")));
	return t;
}

/* The state to update: in place inside an aggregate, a copy outside one */
static MoneyTotals *
totals_writable(FunctionCallInfo fcinfo, MemoryContext *aggcontext)
{
	bool in_aggregate = AggCheckCallContext(fcinfo, aggcontext);
	MemoryContext old;
	MoneyTotals *t;

	if (!in_aggregate)
		*aggcontext = CurrentMemoryContext;
	old = MemoryContextSwitchTo(*aggcontext);
	if (PG_ARGISNULL(0))
		t = totals_new(4);
	else if (in_aggregate)
		t = PG_GETARG_TOTALS(0);
	else
		t = (MoneyTotals *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	MemoryContextSwitchTo(old);
	return t;
}

PG_FUNCTION_INFO_V1(money_cur_totals_add);
/* Transition: add one amount to its currency's total */
Datum
money_cur_totals_add(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	MemoryContext old;
	MoneyTotals *t;
	MoneyCur m;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	t = totals_writable(fcinfo, &aggcontext);
	m = PG_GETARG_MONEY_CUR(1);
	old = MemoryContextSwitchTo(aggcontext);
	t = totals_add(t, m.currency, 1, m.units);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(t);
}

PG_FUNCTION_INFO_V1(money_cur_totals_combine);
/* Combine two partial states */
Datum
money_cur_totals_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	MemoryContext old;
	MoneyTotals *t;
	MoneyTotals *other;
	int i;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	other = PG_GETARG_TOTALS(1);
	t = totals_writable(fcinfo, &aggcontext);
	old = MemoryContextSwitchTo(aggcontext);
	for (i = 0; i < other->n; i++)
		t = totals_add(t, other->slots[i].currency, other->slots[i].count,
					   other->slots[i].sum);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(t);
}

PG_FUNCTION_INFO_V1(money_cur_totals_final);
/* Final: one money_cur per currency, in currency order */
Datum
money_cur_totals_final(PG_FUNCTION_ARGS)
{
	MoneyTotals *t;
	Datum *elems;
	Oid elemtype;
	int i;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	t = PG_GETARG_TOTALS(0);
	/* The declared type: Citus calls it with no expression to read */
	elemtype = get_element_type(get_func_rettype(fcinfo->flinfo->fn_oid));
	if (!OidIsValid(elemtype))
		elog(ERROR,
			 "could not determine the result type of sum_by_currency()");
	elems = palloc(sizeof(Datum) * Max(t->n, 1));
	for (i = 0; i < t->n; i++)
	{
		MoneyCur m;

		m.currency = t->slots[i].currency;
		m.units = money_units_checked(t->slots[i].sum, m.currency);
		elems[i] = money_to_datum(m);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(
		elems, t->n, elemtype, MONEY_CUR_DATUM_SIZE, false, TYPALIGN_SHORT));
}

/* Write a 128-bit integer in decimal */
static void
append_int128(StringInfo buf, ar2c_int128 v)
{
	char digits[48];
	int n = 0;
	unsigned __int128 mag =
		v < 0 ? -(unsigned __int128) v : (unsigned __int128) v;

	do
	{
		digits[n++] = (char) ('0' + (int) (mag % 10));
		mag /= 10;
	} while (mag > 0);
	if (v < 0)
		appendStringInfoChar(buf, '-');
	while (n > 0)
		appendStringInfoChar(buf, digits[--n]);
}

PG_FUNCTION_INFO_V1(money_cur_totals_out);
/* Text form: {(EUR,3,12345),(USD,1,500)} */
Datum
money_cur_totals_out(PG_FUNCTION_ARGS)
{
	MoneyTotals *t = PG_GETARG_TOTALS(0);
	StringInfoData buf;
	int i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < t->n; i++)
	{
		appendStringInfo(&buf, "%s(%s," INT64_FORMAT ",", i > 0 ? "," : "",
						 currency_code_text(t->slots[i].currency),
						 t->slots[i].count);
		append_int128(&buf, t->slots[i].sum);
		appendStringInfoChar(&buf, ')');
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/* Raise the error for a malformed money_cur_totals */
static void
totals_syntax_error(const char *text)
{
	ereport(
		ERROR,
		(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
		 errmsg("invalid input syntax for type money_cur_totals: \"%s\"",
				text),
		 errhint(
			 "Expected {(currency,count,sum in minor units),...}, such as {(EUR,2,1050),(USD,1,99)} or {}.")));
}

PG_FUNCTION_INFO_V1(money_cur_totals_in);
/* Read {(EUR,3,12345),...} back, exactly */
Datum
money_cur_totals_in(PG_FUNCTION_ARGS)
{
	char *text = PG_GETARG_CSTRING(0);
	const char *p = text;
	MoneyTotals *t = totals_new(4);

	if (*p++ != '{')
		totals_syntax_error(text);
	while (*p == '(')
	{
		const char *c1 = strchr(p, ',');
		const char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		const char *close = c2 ? strchr(c2 + 1, ')') : NULL;
		const CurrencyInfo *info;
		ar2c_int128 count;
		ar2c_int128 sum;
		int scale;
		ar2c_currency cur;
		int i;

		if (close == NULL ||
			!decimal_parse(c1 + 1, c2 - c1 - 1, &count, &scale) ||
			scale != 0 || count <= 0 || count > PG_INT64_MAX ||
			!decimal_parse(c2 + 1, close - c2 - 1, &sum, &scale) || scale != 0)
			totals_syntax_error(text);
		info = currency_lookup(p + 1, c1 - p - 1);
		if (info == NULL)
			currency_unknown_error(p + 1, c1 - p - 1);
		cur = currency_pack(info->code, 3);
		for (i = 0; i < t->n; i++)
			if (t->slots[i].currency == cur)
				totals_syntax_error(text);
		t = totals_add(t, cur, (int64) count, sum);
		p = close + 1;
		if (*p == ',')
			p++;
	}
	if (*p != '}' || p[1] != '\0')
		totals_syntax_error(text);
	PG_RETURN_POINTER(t);
}
