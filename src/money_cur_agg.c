/*
 * money_cur_agg.c
 *		sum() and avg() of money_cur, and their state type money_cur_acc.
 *
 * The state is a real SQL type (fixed size, by reference) with an exact
 * text form rather than "internal", so that partial aggregates can travel
 * between nodes (Citus moves them through the type's text I/O) and between
 * parallel workers without serialize functions. It is updated in place in
 * the aggregate's memory context; the sum is carried in 128 bits, so only
 * the final result can overflow.
 */
#include "money_cur.h"

#include "lib/stringinfo.h"
#include "nodes/execnodes.h"
#include "utils/builtins.h"

typedef struct MoneyAcc
{
	ar2c_int128 sum; /* minor units */
	int64 count;     /* non-NULL inputs */
	int16 currency;  /* AR2C_CURRENCY_NONE before the first row */
	int16 pad[3];    /* keeps the 32 bytes free of garbage */
} MoneyAcc;

#define MONEY_ACC_SIZE 32
StaticAssertDecl(sizeof(MoneyAcc) == MONEY_ACC_SIZE,
				 "money_cur_acc is 32 bytes");

#define PG_GETARG_MONEY_ACC(n) ((MoneyAcc *) PG_GETARG_POINTER(n))

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

PG_FUNCTION_INFO_V1(money_cur_acc_out);
/* Text form: (count,sum in minor units,currency) */
Datum
money_cur_acc_out(PG_FUNCTION_ARGS)
{
	MoneyAcc *acc = PG_GETARG_MONEY_ACC(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "(" INT64_FORMAT ",", acc->count);
	append_int128(&buf, acc->sum);
	appendStringInfo(&buf, ",%s)",
					 acc->currency == AR2C_CURRENCY_NONE
						 ? ""
						 : currency_code_text(acc->currency));
	PG_RETURN_CSTRING(buf.data);
}

/* Raise the error for a malformed money_cur_acc */
static void
money_acc_syntax_error(const char *text)
{
	ereport(
		ERROR,
		(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
		 errmsg("invalid input syntax for type money_cur_acc: \"%s\"", text),
		 errhint(
			 "Expected (count,sum in minor units,currency), such as (2,1050,EUR) or (0,0,).")));
}

PG_FUNCTION_INFO_V1(money_cur_acc_in);
/* Read (count,sum,currency) back, exactly */
Datum
money_cur_acc_in(PG_FUNCTION_ARGS)
{
	char *text = PG_GETARG_CSTRING(0);
	size_t len = strlen(text);
	MoneyAcc *acc = palloc0(sizeof(MoneyAcc));
	char *c1;
	char *c2;
	ar2c_int128 count;
	int scale;
	size_t code_len;

	if (len < 5 || text[0] != '(' || text[len - 1] != ')')
		money_acc_syntax_error(text);
	c1 = strchr(text, ',');
	c2 = c1 ? strchr(c1 + 1, ',') : NULL;
	if (c2 == NULL || strchr(c2 + 1, ',') != NULL)
		money_acc_syntax_error(text);
	if (!decimal_parse(text + 1, c1 - text - 1, &count, &scale) ||
		scale != 0 || count < 0 || count > PG_INT64_MAX ||
		!decimal_parse(c1 + 1, c2 - c1 - 1, &acc->sum, &scale) || scale != 0)
		money_acc_syntax_error(text);
	acc->count = (int64) count;
	code_len = text + len - 1 - (c2 + 1);
	if (code_len > 0)
	{
		const CurrencyInfo *info = currency_lookup(c2 + 1, code_len);

		if (info == NULL)
			currency_unknown_error(c2 + 1, code_len);
		acc->currency = currency_pack(info->code, 3);
	}
	if ((acc->currency == AR2C_CURRENCY_NONE) != (acc->count == 0) ||
		(acc->count == 0 && acc->sum != 0))
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type money_cur_acc: \"%s\"",
					text),
			 errdetail(
				 "A state has a currency exactly when its count is above zero, and an empty state sums to 0.")));
	PG_RETURN_POINTER(acc);
}

/* The state to update: in place inside an aggregate, a copy outside one */
static MoneyAcc *
money_acc_writable(FunctionCallInfo fcinfo)
{
	MoneyAcc *acc = PG_GETARG_MONEY_ACC(0);

	if (!AggCheckCallContext(fcinfo, NULL))
	{
		MoneyAcc *copy = palloc(sizeof(MoneyAcc));

		memcpy(copy, acc, sizeof(MoneyAcc));
		return copy;
	}
	return acc;
}

/* Fold count and sum of one currency into acc */
static void
money_acc_fold(MoneyAcc *acc, int64 count, ar2c_int128 sum, ar2c_currency cur)
{
	if (acc->currency != cur && acc->currency != AR2C_CURRENCY_NONE)
	{
		char a[4];
		char b[4];

		currency_unpack(acc->currency, a);
		currency_unpack(cur, b);
		ereport(
			ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("cannot sum money_cur in different currencies: %s and %s",
					a, b),
			 errhint(
				 "Group by currency: SELECT ar2c.currency(m), sum(m) ... GROUP BY 1.")));
	}
	acc->currency = cur;
	/* only states typed in as text can get near 2^127, but check anyway */
	if (__builtin_add_overflow(acc->sum, sum, &acc->sum) ||
		__builtin_add_overflow(acc->count, count, &acc->count))
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("money_cur_acc out of range")));
}

PG_FUNCTION_INFO_V1(money_cur_acc_add);
/*
 * Transition: add one amount. This runs once per row, so the common case
 * (inside an aggregate, same currency) is kept to a few instructions: the
 * aggregate check is a node-tag test rather than AggCheckCallContext, and
 * the amount is read straight from the datum.
 */
Datum
money_cur_acc_add(PG_FUNCTION_ARGS)
{
	MoneyAcc *acc;
	const char *datum = DatumGetPointer(PG_GETARG_DATUM(1));
	int64 units;
	int16 currency;

	memcpy(&units, datum, sizeof(int64));
	memcpy(&currency, datum + sizeof(int64), sizeof(int16));
	if (likely(fcinfo->context && IsA(fcinfo->context, AggState)))
	{
		acc = PG_GETARG_MONEY_ACC(0);
		/*
		 * A state here grew from the initial (0,0,) one row at a time: 2^63
		 * rows of at most 2^63 units cannot overflow 128 bits.
		 */
		if (likely(acc->currency == currency))
		{
			acc->sum += units;
			acc->count++;
			PG_RETURN_POINTER(acc);
		}
	}
	else
		acc = money_acc_writable(fcinfo);
	money_acc_fold(acc, 1, units, currency);
	PG_RETURN_POINTER(acc);
}

PG_FUNCTION_INFO_V1(money_cur_acc_combine);
/* Combine two partial states */
Datum
money_cur_acc_combine(PG_FUNCTION_ARGS)
{
	MoneyAcc *acc = money_acc_writable(fcinfo);
	MoneyAcc *other = PG_GETARG_MONEY_ACC(1);

	if (other->count > 0)
		money_acc_fold(acc, other->count, other->sum, other->currency);
	PG_RETURN_POINTER(acc);
}

PG_FUNCTION_INFO_V1(money_cur_acc_sum);
/* sum(): NULL for no rows; an error only if the total does not fit */
Datum
money_cur_acc_sum(PG_FUNCTION_ARGS)
{
	MoneyAcc *acc = PG_GETARG_MONEY_ACC(0);
	MoneyCur m;

	if (acc->count == 0)
		PG_RETURN_NULL();
	m.currency = acc->currency;
	m.units = money_units_checked(acc->sum, acc->currency);
	PG_RETURN_MONEY_CUR(m);
}

PG_FUNCTION_INFO_V1(money_cur_acc_avg);
/* avg(): the mean rounded to the minor unit by ar2c.rounding */
Datum
money_cur_acc_avg(PG_FUNCTION_ARGS)
{
	MoneyAcc *acc = PG_GETARG_MONEY_ACC(0);
	ar2c_int128 q;
	MoneyCur m;

	if (acc->count == 0)
		PG_RETURN_NULL();
	money_div_round(acc->sum, acc->count, ar2c_rounding, &q);
	m.currency = acc->currency;
	m.units = money_units_checked(q, acc->currency);
	PG_RETURN_MONEY_CUR(m);
}
