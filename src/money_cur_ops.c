/*
 * money_cur_ops.c
 *		Arithmetic, comparison and hashing of money_cur.
 *
 * Adding and subtracting need one currency; multiplying and dividing by a
 * number round to the minor unit by ar2c.rounding (which is why those
 * operators are STABLE, not IMMUTABLE).
 */
#include "money_cur.h"

#include "common/hashfn.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

PG_FUNCTION_INFO_V1(money_cur_add);
/* a + b, same currency */
Datum
money_cur_add(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(0);
	MoneyCur b = PG_GETARG_MONEY_CUR(1);

	money_same_currency(a, b, "add");
	a.units = money_units_checked((ar2c_int128) a.units + b.units, a.currency);
	PG_RETURN_MONEY_CUR(a);
}

PG_FUNCTION_INFO_V1(money_cur_sub);
/* a - b, same currency */
Datum
money_cur_sub(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(0);
	MoneyCur b = PG_GETARG_MONEY_CUR(1);

	money_same_currency(a, b, "subtract");
	a.units = money_units_checked((ar2c_int128) a.units - b.units, a.currency);
	PG_RETURN_MONEY_CUR(a);
}

PG_FUNCTION_INFO_V1(money_cur_neg);
/* -a: never overflows, the range is symmetric */
Datum
money_cur_neg(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(0);

	a.units = -a.units;
	PG_RETURN_MONEY_CUR(a);
}

PG_FUNCTION_INFO_V1(money_cur_abs);
/* abs(a) */
Datum
money_cur_abs(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(0);

	if (a.units < 0)
		a.units = -a.units;
	PG_RETURN_MONEY_CUR(a);
}

PG_FUNCTION_INFO_V1(money_cur_mul_int8);
/* a * n, exact */
Datum
money_cur_mul_int8(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(0);

	a.units = money_units_checked((ar2c_int128) a.units * PG_GETARG_INT64(1),
								  a.currency);
	PG_RETURN_MONEY_CUR(a);
}

PG_FUNCTION_INFO_V1(int8_mul_money_cur);
/* n * a, exact */
Datum
int8_mul_money_cur(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(1);

	a.units = money_units_checked((ar2c_int128) a.units * PG_GETARG_INT64(0),
								  a.currency);
	PG_RETURN_MONEY_CUR(a);
}

PG_FUNCTION_INFO_V1(money_cur_mul_int4);
/* a * n, exact */
Datum
money_cur_mul_int4(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(0);

	a.units = money_units_checked((ar2c_int128) a.units * PG_GETARG_INT32(1),
								  a.currency);
	PG_RETURN_MONEY_CUR(a);
}

PG_FUNCTION_INFO_V1(int4_mul_money_cur);
/* n * a, exact */
Datum
int4_mul_money_cur(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(1);

	a.units = money_units_checked((ar2c_int128) a.units * PG_GETARG_INT32(0),
								  a.currency);
	PG_RETURN_MONEY_CUR(a);
}

/* Raise division by zero */
static void
money_division_by_zero(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DIVISION_BY_ZERO), errmsg("division by zero")));
}

/* a / n, rounded by ar2c.rounding */
static MoneyCur
money_div_integer(MoneyCur a, int64 n)
{
	ar2c_int128 q;

	if (!money_div_round(a.units, n, ar2c_rounding, &q))
		money_division_by_zero();
	a.units = money_units_checked(q, a.currency);
	return a;
}

PG_FUNCTION_INFO_V1(money_cur_div_int8);
/* a / n for a bigint n */
Datum
money_cur_div_int8(PG_FUNCTION_ARGS)
{
	PG_RETURN_MONEY_CUR(
		money_div_integer(PG_GETARG_MONEY_CUR(0), PG_GETARG_INT64(1)));
}

PG_FUNCTION_INFO_V1(money_cur_div_int4);
/* a / n for an integer n */
Datum
money_cur_div_int4(PG_FUNCTION_ARGS)
{
	PG_RETURN_MONEY_CUR(
		money_div_integer(PG_GETARG_MONEY_CUR(0), PG_GETARG_INT32(1)));
}

/* Refuse NaN and infinity as factors */
static void
money_check_factor(Numeric n)
{
	if (numeric_is_nan(n) || numeric_is_inf(n))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("cannot multiply or divide money_cur by %s",
							   DatumGetCString(DirectFunctionCall1(
								   numeric_out, NumericGetDatum(n))))));
}

/* a * n for a numeric n, rounded by ar2c.rounding */
static MoneyCur
money_mul_numeric(MoneyCur a, Numeric n)
{
	Numeric product;

	money_check_factor(n);
	product = numeric_mul_opt_error(int64_to_numeric(a.units), n, NULL);
	a.units = money_round_quotient(product, int64_to_numeric(1), ar2c_rounding,
								   a.currency);
	return a;
}

PG_FUNCTION_INFO_V1(money_cur_mul_numeric);
/* a * n */
Datum
money_cur_mul_numeric(PG_FUNCTION_ARGS)
{
	PG_RETURN_MONEY_CUR(
		money_mul_numeric(PG_GETARG_MONEY_CUR(0), PG_GETARG_NUMERIC(1)));
}

PG_FUNCTION_INFO_V1(numeric_mul_money_cur);
/* n * a */
Datum
numeric_mul_money_cur(PG_FUNCTION_ARGS)
{
	PG_RETURN_MONEY_CUR(
		money_mul_numeric(PG_GETARG_MONEY_CUR(1), PG_GETARG_NUMERIC(0)));
}

PG_FUNCTION_INFO_V1(money_cur_div_numeric);
/* a / n, rounded by ar2c.rounding */
Datum
money_cur_div_numeric(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(0);
	Numeric n = PG_GETARG_NUMERIC(1);

	money_check_factor(n);
	if (money_numeric_sign(n) == 0)
		money_division_by_zero();
	a.units = money_round_quotient(int64_to_numeric(a.units), n, ar2c_rounding,
								   a.currency);
	PG_RETURN_MONEY_CUR(a);
}

PG_FUNCTION_INFO_V1(money_cur_div_money_cur);
/* a / b as a plain ratio, same currency */
Datum
money_cur_div_money_cur(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(0);
	MoneyCur b = PG_GETARG_MONEY_CUR(1);

	money_same_currency(a, b, "divide");
	if (b.units == 0)
		money_division_by_zero();
	return DirectFunctionCall2(numeric_div,
							   NumericGetDatum(int64_to_numeric(a.units)),
							   NumericGetDatum(int64_to_numeric(b.units)));
}

PG_FUNCTION_INFO_V1(money_cur_round_to);
/* round_to(a, step): to a multiple of step major units (cash rounding) */
Datum
money_cur_round_to(PG_FUNCTION_ARGS)
{
	MoneyCur a = PG_GETARG_MONEY_CUR(0);
	Numeric step = PG_GETARG_NUMERIC(1);
	int mu = money_minor_units(a.currency);
	Numeric step_units;
	int64 n = 0;

	money_check_factor(step);
	step_units =
		numeric_mul_opt_error(step, int64_to_numeric(money_pow10(mu)), NULL);
	if (!money_numeric_to_units(step_units, &n) || n <= 0 ||
		!DatumGetBool(
			DirectFunctionCall2(numeric_eq, NumericGetDatum(step_units),
								NumericGetDatum(int64_to_numeric(n)))))
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid rounding step %s for %s",
					DatumGetCString(DirectFunctionCall1(
						numeric_out, NumericGetDatum(step))),
					currency_code_text(a.currency)),
			 errdetail(
				 "The step must be a positive whole number of minor units (%s has %d decimal places).",
				 currency_code_text(a.currency), mu)));
	{
		ar2c_int128 q;

		money_div_round(a.units, n, ar2c_rounding, &q);
		a.units = money_units_checked(q * n, a.currency);
	}
	PG_RETURN_MONEY_CUR(a);
}

/* Raise unless an exchange rate is a positive number */
static void
money_check_rate(Numeric rate)
{
	money_check_factor(rate);
	if (money_numeric_sign(rate) <= 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("invalid exchange rate %s",
							   DatumGetCString(DirectFunctionCall1(
								   numeric_out, NumericGetDatum(rate)))),
						errdetail("A rate must be greater than zero.")));
}

/*
 * Convert a into currency to, multiplying by rate or dividing by it. Both
 * are one exact quotient: units * 10^to_mu * rate / 10^from_mu, or
 * units * 10^to_mu / (rate * 10^from_mu), rounded once by ar2c.rounding.
 */
static MoneyCur
money_convert(MoneyCur a, ar2c_currency to, Numeric rate, bool inverse)
{
	Numeric num = int64_to_numeric(a.units);
	Numeric den = int64_to_numeric(money_pow10(money_minor_units(a.currency)));
	MoneyCur result;

	money_check_rate(rate);
	if (to == a.currency && !DatumGetBool(DirectFunctionCall2(
								numeric_eq, NumericGetDatum(rate),
								NumericGetDatum(int64_to_numeric(1)))))
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid exchange rate %s from %s to itself",
					DatumGetCString(DirectFunctionCall1(
						numeric_out, NumericGetDatum(rate))),
					currency_code_text(to)),
			 errdetail(
				 "Converting an amount into its own currency needs a rate of 1.")));
	num = numeric_mul_opt_error(
		num, int64_to_numeric(money_pow10(money_minor_units(to))), NULL);
	if (inverse)
		den = numeric_mul_opt_error(den, rate, NULL);
	else
		num = numeric_mul_opt_error(num, rate, NULL);
	result.currency = to;
	result.units = money_round_quotient(num, den, ar2c_rounding, to);
	return result;
}

PG_FUNCTION_INFO_V1(money_cur_convert);
/* convert(a, to, rate): 1 unit of a's currency = rate units of to */
Datum
money_cur_convert(PG_FUNCTION_ARGS)
{
	PG_RETURN_MONEY_CUR(money_convert(PG_GETARG_MONEY_CUR(0),
									  PG_GETARG_INT16(1), PG_GETARG_NUMERIC(2),
									  false));
}

PG_FUNCTION_INFO_V1(money_cur_convert_inverse);
/* convert_inverse(a, to, rate): 1 unit of to = rate units of a's currency */
Datum
money_cur_convert_inverse(PG_FUNCTION_ARGS)
{
	PG_RETURN_MONEY_CUR(money_convert(PG_GETARG_MONEY_CUR(0),
									  PG_GETARG_INT16(1), PG_GETARG_NUMERIC(2),
									  true));
}

/* Total order: currency, then amount */
static inline int
money_cmp_internal(MoneyCur a, MoneyCur b)
{
	if (a.currency != b.currency)
		return a.currency < b.currency ? -1 : 1;
	if (a.units != b.units)
		return a.units < b.units ? -1 : 1;
	return 0;
}

#define MONEY_CMP_FUNCTION(name, test)                      \
	PG_FUNCTION_INFO_V1(name);                              \
	Datum name(PG_FUNCTION_ARGS)                            \
	{                                                       \
		int c = money_cmp_internal(PG_GETARG_MONEY_CUR(0),  \
								   PG_GETARG_MONEY_CUR(1)); \
		PG_RETURN_BOOL(test);                               \
	}

MONEY_CMP_FUNCTION(money_cur_eq, c == 0)
MONEY_CMP_FUNCTION(money_cur_ne, c != 0)
MONEY_CMP_FUNCTION(money_cur_lt, c < 0)
MONEY_CMP_FUNCTION(money_cur_le, c <= 0)
MONEY_CMP_FUNCTION(money_cur_gt, c > 0)
MONEY_CMP_FUNCTION(money_cur_ge, c >= 0)

PG_FUNCTION_INFO_V1(money_cur_cmp);
/* btree support */
Datum
money_cur_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(
		money_cmp_internal(PG_GETARG_MONEY_CUR(0), PG_GETARG_MONEY_CUR(1)));
}

/* The bytes hashed: units then currency, no padding */
static void
money_hash_key(MoneyCur m, unsigned char *key)
{
	memcpy(key, &m.units, sizeof(int64));
	memcpy(key + sizeof(int64), &m.currency, sizeof(int16));
}

PG_FUNCTION_INFO_V1(money_cur_hash);
/* hash support */
Datum
money_cur_hash(PG_FUNCTION_ARGS)
{
	unsigned char key[MONEY_CUR_DATUM_SIZE];

	money_hash_key(PG_GETARG_MONEY_CUR(0), key);
	return hash_any(key, sizeof(key));
}

PG_FUNCTION_INFO_V1(money_cur_hash_extended);
/* 64-bit hash support, seeded */
Datum
money_cur_hash_extended(PG_FUNCTION_ARGS)
{
	unsigned char key[MONEY_CUR_DATUM_SIZE];

	money_hash_key(PG_GETARG_MONEY_CUR(0), key);
	return hash_any_extended(key, sizeof(key), PG_GETARG_INT64(1));
}

/* Index (0 or 1) of the larger or smaller of two amounts in one currency */
static int
money_pick(MoneyCur a, MoneyCur b, bool larger)
{
	money_same_currency(a, b, larger ? "take the max of" : "take the min of");
	return ((a.units > b.units) == larger || a.units == b.units) ? 0 : 1;
}

PG_FUNCTION_INFO_V1(money_cur_larger);
/* max() transition: refuses mixed currencies; returns an input unchanged */
Datum
money_cur_larger(PG_FUNCTION_ARGS)
{
	return PG_GETARG_DATUM(
		money_pick(PG_GETARG_MONEY_CUR(0), PG_GETARG_MONEY_CUR(1), true));
}

PG_FUNCTION_INFO_V1(money_cur_smaller);
/* min() transition: refuses mixed currencies; returns an input unchanged */
Datum
money_cur_smaller(PG_FUNCTION_ARGS)
{
	return PG_GETARG_DATUM(
		money_pick(PG_GETARG_MONEY_CUR(0), PG_GETARG_MONEY_CUR(1), false));
}
