/*
 * money_cur_type.c
 *		The money_cur SQL type: input, output, binary form, constructors
 *		and accessors, and the ar2c.rounding GUC.
 */
#include "money_cur.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

/* First byte of the binary form, so the format can change later */
#define MONEY_CUR_BINARY_VERSION 1

int ar2c_rounding = MONEY_ROUND_HALF_EVEN;

static const struct config_enum_entry rounding_options[] = {
	{ "half_even", MONEY_ROUND_HALF_EVEN, false },
	{ "half_up", MONEY_ROUND_HALF_UP, false },
	{ NULL, 0, false }
};

/* Define ar2c.rounding */
void
money_cur_define_gucs(void)
{
	DefineCustomEnumVariable(
		"ar2c.rounding",
		"How money arithmetic rounds to the currency's minor unit.",
		"half_even (banker's rounding, the default) or half_up (half away from zero).",
		&ar2c_rounding, MONEY_ROUND_HALF_EVEN, rounding_options, PGC_USERSET,
		0, NULL, NULL, NULL);
}

/* Rounding rule by name */
MoneyRounding
money_rounding_from_name(const char *name)
{
	const struct config_enum_entry *e;

	for (e = rounding_options; e->name != NULL; e++)
		if (pg_strcasecmp(name, e->name) == 0)
			return (MoneyRounding) e->val;
	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("invalid rounding rule \"%s\"", name),
					errhint("Use \"half_even\" or \"half_up\".")));
}

/* Minor units of a currency money_cur accepts */
int
money_minor_units(ar2c_currency cur)
{
	int mu = currency_minor_units(cur);

	if (mu < 0)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("currency \"%s\" has no minor unit",
					currency_code_text(cur)),
			 errdetail(
				 "ISO 4217 gives no minor unit for %s, so amounts in it cannot be exact money.",
				 currency_code_text(cur))));
	return mu;
}

/* Check that a 128-bit count of minor units fits money_cur */
int64
money_units_checked(ar2c_int128 v, ar2c_currency cur)
{
	if (!money_units_fit(v))
		ereport(
			ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("money_cur out of range for currency \"%s\"",
					currency_code_text(cur)),
			 errdetail(
				 "An amount must lie within +/-9223372036854775807 minor units.")));
	return (int64) v;
}

/* Refuse arithmetic across currencies */
void
money_same_currency(MoneyCur a, MoneyCur b, const char *what)
{
	char ca[4];
	char cb[4];

	if (a.currency == b.currency)
		return;
	currency_unpack(a.currency, ca);
	currency_unpack(b.currency, cb);
	ereport(
		ERROR,
		(errcode(ERRCODE_DATATYPE_MISMATCH),
		 errmsg("cannot %s money_cur in different currencies: %s and %s", what,
				ca, cb),
		 errhint(
			 "Convert one amount with ar2c.convert(), or group by ar2c.currency().")));
}

/* -1, 0 or 1 as n is below, at or above zero */
int
money_numeric_sign(Numeric n)
{
	int c = DatumGetInt32(
		DirectFunctionCall2(numeric_cmp, NumericGetDatum(n),
							NumericGetDatum(int64_to_numeric(0))));

	return c < 0 ? -1 : (c > 0);
}

/* An integral numeric as int64 within the money range */
bool
money_numeric_to_units(Numeric n, int64 *units)
{
	static Numeric max_units = NULL;
	Datum abs_n = DirectFunctionCall1(numeric_abs, NumericGetDatum(n));

	if (max_units == NULL)
	{
		Numeric m = int64_to_numeric(MONEY_UNITS_MAX);

		max_units = MemoryContextAlloc(TopMemoryContext, VARSIZE(m));
		memcpy(max_units, m, VARSIZE(m));
	}
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, abs_n,
										  NumericGetDatum(max_units))) > 0)
		return false;
	*units =
		DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(n)));
	return true;
}

/*
 * Round a / b exactly: numeric's div() and mod() are exact, so the tie of
 * half-even is decided on the true remainder, not on a rounded quotient.
 */
int64
money_round_quotient(Numeric a, Numeric b, MoneyRounding rounding,
					 ar2c_currency cur)
{
	Datum q = DirectFunctionCall2(numeric_div_trunc, NumericGetDatum(a),
								  NumericGetDatum(b));
	Datum r = DirectFunctionCall2(numeric_mod, NumericGetDatum(a),
								  NumericGetDatum(b));
	Datum twice_r = DirectFunctionCall1(
		numeric_abs, DirectFunctionCall2(numeric_add, r, r));
	Datum abs_b = DirectFunctionCall1(numeric_abs, NumericGetDatum(b));
	int cmp = DatumGetInt32(DirectFunctionCall2(numeric_cmp, twice_r, abs_b));
	bool away;
	int64 units;

	if (cmp > 0)
		away = true;
	else if (cmp == 0)
	{
		Datum two = NumericGetDatum(int64_to_numeric(2));
		Datum odd = DirectFunctionCall2(numeric_mod, q, two);

		away = rounding == MONEY_ROUND_HALF_UP ||
			   !DatumGetBool(DirectFunctionCall2(
				   numeric_eq, odd, NumericGetDatum(int64_to_numeric(0))));
	}
	else
		away = false;

	if (!money_numeric_to_units(DatumGetNumeric(q), &units))
		money_units_checked(MONEY_UNITS_MAX + (ar2c_int128) 1, cur);
	if (away)
	{
		bool negative = money_numeric_sign(DatumGetNumeric(r)) < 0;

		return money_units_checked((ar2c_int128) units + (negative ? -1 : 1),
								   cur);
	}
	return units;
}

/* Raise the error for a failed parse */
static void
money_parse_error(MoneyStatus status, const MoneyParse *p, const char *text)
{
	switch (status)
	{
		case MONEY_OK:
			return;
		case MONEY_EMPTY:
			ereport(
				ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type money_cur: \"%s\"",
						text),
				 errdetail("The input is empty."),
				 errhint(
					 "Write an amount and a currency, such as '1234.56 EUR'.")));
			break;
		case MONEY_NO_CURRENCY:
			ereport(
				ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type money_cur: \"%s\"",
						text),
				 errdetail("The currency code is missing."),
				 errhint("Add a three-letter ISO 4217 code, such as '%s EUR'.",
						 text)));
			break;
		case MONEY_NO_AMOUNT:
			ereport(
				ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type money_cur: \"%s\"",
						text),
				 errdetail("The amount is missing."),
				 errhint(
					 "Write an amount and a currency, such as '1234.56 EUR'.")));
			break;
		case MONEY_SYNTAX:
			ereport(
				ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type money_cur: \"%s\"",
						text),
				 errdetail(
					 "Expected an amount such as 1234.56 (a point, no thousands separators) and a currency code, in either order."),
				 errhint("Write '1234.56 EUR' or 'EUR 1234.56'.")));
			break;
		case MONEY_UNKNOWN_CURRENCY:
			currency_unknown_error(p->token, p->token_len);
			break;
		case MONEY_NO_MINOR_UNITS:
			money_minor_units(p->value.currency);
			break;
		case MONEY_TOO_MANY_DECIMALS:
			ereport(
				ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("too many decimal places in \"%s\": %s has %d", text,
						currency_code_text(p->value.currency), p->minor_units),
				 errdetail("money_cur is exact and does not round its input."),
				 errhint(
					 "Round the amount first, or build it with ar2c.money_cur(amount, currency, 'half_even').")));
			break;
		case MONEY_OUT_OF_RANGE:
			ereport(
				ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value \"%s\" is out of range for type money_cur",
						text),
				 errdetail(
					 "An amount must lie within +/-9223372036854775807 minor units.")));
			break;
	}
}

PG_FUNCTION_INFO_V1(money_cur_in);
/* Read '1234.56 EUR' or 'EUR 1234.56' */
Datum
money_cur_in(PG_FUNCTION_ARGS)
{
	char *text = PG_GETARG_CSTRING(0);
	MoneyParse parsed;
	MoneyStatus status = money_parse(text, strlen(text), &parsed);

	if (status != MONEY_OK)
		money_parse_error(status, &parsed, text);
	PG_RETURN_MONEY_CUR(parsed.value);
}

PG_FUNCTION_INFO_V1(money_cur_out);
/* Write '1234.56 EUR' */
Datum
money_cur_out(PG_FUNCTION_ARGS)
{
	char *buf = palloc(MONEY_TEXT_MAX);

	money_format(PG_GETARG_MONEY_CUR(0), buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(money_cur_recv);
/* Binary input: version byte, int64 minor units, three-letter code */
Datum
money_cur_recv(PG_FUNCTION_ARGS)
{
	StringInfo buf = (StringInfo) PG_GETARG_POINTER(0);
	int version = pq_getmsgbyte(buf);
	MoneyCur m;
	const char *code;
	const CurrencyInfo *info;

	if (version != MONEY_CUR_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for money_cur",
						version),
				 errhint("This build of ar2c reads version %d.",
						 MONEY_CUR_BINARY_VERSION)));
	m.units = pq_getmsgint64(buf);
	code = pq_getmsgbytes(buf, 3);
	info = currency_lookup(code, 3);
	if (info == NULL)
		currency_unknown_error(code, 3);
	m.currency = currency_pack(info->code, 3);
	money_minor_units(m.currency);
	money_units_checked(m.units, m.currency);
	PG_RETURN_MONEY_CUR(m);
}

PG_FUNCTION_INFO_V1(money_cur_send);
/* Binary output */
Datum
money_cur_send(PG_FUNCTION_ARGS)
{
	MoneyCur m = PG_GETARG_MONEY_CUR(0);
	StringInfoData buf;
	char code[4];

	currency_unpack(m.currency, code);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, MONEY_CUR_BINARY_VERSION);
	pq_sendint64(&buf, m.units);
	pq_sendbytes(&buf, code, 3);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Build a money_cur from a major-unit numeric */
static MoneyCur
money_from_numeric(Numeric amount, ar2c_currency cur, bool exact,
				   MoneyRounding rounding)
{
	int mu = money_minor_units(cur);
	MoneyCur m;
	Numeric scaled;
	Numeric one = int64_to_numeric(1);
	Datum frac;

	if (numeric_is_nan(amount) || numeric_is_inf(amount))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("cannot make money_cur from \"%s\"",
							   DatumGetCString(DirectFunctionCall1(
								   numeric_out, NumericGetDatum(amount))))));
	scaled =
		numeric_mul_opt_error(amount, int64_to_numeric(money_pow10(mu)), NULL);
	if (exact)
	{
		frac = DirectFunctionCall2(numeric_mod, NumericGetDatum(scaled),
								   NumericGetDatum(one));
		if (money_numeric_sign(DatumGetNumeric(frac)) != 0)
			ereport(
				ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("too many decimal places in %s: %s has %d",
						DatumGetCString(DirectFunctionCall1(
							numeric_out, NumericGetDatum(amount))),
						currency_code_text(cur), mu),
				 errhint(
					 "Pass a rounding rule: ar2c.money_cur(amount, currency, 'half_even').")));
	}
	m.currency = cur;
	m.units = money_round_quotient(scaled, one, rounding, cur);
	return m;
}

PG_FUNCTION_INFO_V1(money_cur_from_numeric);
/* money_cur(amount, currency): exact, refuses to round */
Datum
money_cur_from_numeric(PG_FUNCTION_ARGS)
{
	PG_RETURN_MONEY_CUR(money_from_numeric(PG_GETARG_NUMERIC(0),
										   PG_GETARG_INT16(1), true,
										   MONEY_ROUND_HALF_EVEN));
}

PG_FUNCTION_INFO_V1(money_cur_from_numeric_rounded);
/* money_cur(amount, currency, rounding): rounds by the named rule */
Datum
money_cur_from_numeric_rounded(PG_FUNCTION_ARGS)
{
	MoneyRounding r =
		money_rounding_from_name(text_to_cstring(PG_GETARG_TEXT_PP(2)));

	PG_RETURN_MONEY_CUR(money_from_numeric(PG_GETARG_NUMERIC(0),
										   PG_GETARG_INT16(1), false, r));
}

PG_FUNCTION_INFO_V1(money_cur_from_units);
/* money_cur_units(minor_units, currency) */
Datum
money_cur_from_units(PG_FUNCTION_ARGS)
{
	MoneyCur m;

	m.units = PG_GETARG_INT64(0);
	m.currency = PG_GETARG_INT16(1);
	money_minor_units(m.currency);
	money_units_checked(m.units, m.currency);
	PG_RETURN_MONEY_CUR(m);
}

PG_FUNCTION_INFO_V1(money_cur_amount);
/* amount(m): the value in major units as an exact numeric */
Datum
money_cur_amount(PG_FUNCTION_ARGS)
{
	MoneyCur m = PG_GETARG_MONEY_CUR(0);

	PG_RETURN_NUMERIC(
		int64_div_fast_to_numeric(m.units, currency_minor_units(m.currency)));
}

PG_FUNCTION_INFO_V1(money_cur_currency);
/* currency(m) */
Datum
money_cur_currency(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT16(PG_GETARG_MONEY_CUR(0).currency);
}

PG_FUNCTION_INFO_V1(money_cur_minor_units_value);
/* minor_units_value(m): the integer count of minor units */
Datum
money_cur_minor_units_value(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_MONEY_CUR(0).units);
}
