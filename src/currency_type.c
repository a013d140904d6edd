/*
 * currency_type.c
 *		The currency SQL type: an ISO 4217 code in two bytes.
 *
 * Stored as the packed code (see core/currency.h), so comparison, hashing
 * and sorting are those of int2 and are declared in SQL over the built-in
 * int2 functions.
 */
#include "ar2c.h"

#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#define MAX_SUGGESTIONS 3

/* Three letters of a packed currency, in a static buffer */
const char *
currency_code_text(ar2c_currency cur)
{
	static char buf[4];

	currency_unpack(cur, buf);
	return buf;
}

/* Raise "invalid currency code", hinting at codes one letter away */
void
currency_unknown_error(const char *code, size_t len)
{
	const CurrencyInfo *close[MAX_SUGGESTIONS];
	size_t n = currency_suggest(code, len, close, MAX_SUGGESTIONS);
	StringInfoData hint;
	size_t i;

	initStringInfo(&hint);
	if (n > 0)
	{
		appendStringInfoString(&hint, "Did you mean ");
		for (i = 0; i < n; i++)
			appendStringInfo(&hint, "%s\"%s\"",
							 i == 0 ? "" : (i + 1 == n ? " or " : ", "),
							 close[i]->code);
		appendStringInfoChar(&hint, '?');
	}
	else
		appendStringInfoString(
			&hint,
			"Use a three-letter ISO 4217 code such as \"EUR\"; SELECT * FROM ar2c.currencies() lists them.");

	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("invalid currency code \"%.*s\"",
						   (int) Min(len, 64), code),
					errhint("%s", hint.data)));
}

/* Look a code up or raise the error */
static ar2c_currency
currency_from_text(const char *s, size_t len)
{
	const CurrencyInfo *info;

	/* tolerate surrounding white space, as numeric input does */
	while (len > 0 && isspace((unsigned char) *s))
		s++, len--;
	while (len > 0 && isspace((unsigned char) s[len - 1]))
		len--;
	info = currency_lookup(s, len);
	if (info == NULL)
		currency_unknown_error(s, len);
	return currency_pack(info->code, 3);
}

PG_FUNCTION_INFO_V1(currency_in);
/* Read a code, case-insensitively: 'eur' -> EUR */
Datum
currency_in(PG_FUNCTION_ARGS)
{
	char *s = PG_GETARG_CSTRING(0);

	PG_RETURN_INT16(currency_from_text(s, strlen(s)));
}

PG_FUNCTION_INFO_V1(currency_out);
/* Write the three letters */
Datum
currency_out(PG_FUNCTION_ARGS)
{
	char *buf = palloc(4);

	currency_unpack(PG_GETARG_INT16(0), buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(currency_recv);
/* Binary input: the three letters, checked like text input */
Datum
currency_recv(PG_FUNCTION_ARGS)
{
	StringInfo buf = (StringInfo) PG_GETARG_POINTER(0);
	const char *code = pq_getmsgbytes(buf, 3);

	PG_RETURN_INT16(currency_from_text(code, 3));
}

PG_FUNCTION_INFO_V1(currency_send);
/* Binary output: the three letters */
Datum
currency_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	char code[4];

	currency_unpack(PG_GETARG_INT16(0), code);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, code, 3);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Table entry of a stored currency (always known: input checked it) */
static const CurrencyInfo *
currency_entry(ar2c_currency cur)
{
	const CurrencyInfo *info = currency_info(cur);

	if (info == NULL)
		elog(ERROR, "currency %d is not in the ISO 4217 table", cur);
	return info;
}

PG_FUNCTION_INFO_V1(currency_minor_units_sql);
/* Fraction digits of a currency; NULL where ISO 4217 gives none */
Datum
currency_minor_units_sql(PG_FUNCTION_ARGS)
{
	const CurrencyInfo *info = currency_entry(PG_GETARG_INT16(0));

	if (info->minor_units == AR2C_MINOR_UNITS_NA)
		PG_RETURN_NULL();
	PG_RETURN_INT32(info->minor_units);
}

/* The table's names are UTF-8 (a few have accents): convert them */
static char *
currency_name_in_server_encoding(const CurrencyInfo *info)
{
	return pg_any_to_server(info->name, strlen(info->name), PG_UTF8);
}

PG_FUNCTION_INFO_V1(currency_name_sql);
/* English name of a currency */
Datum
currency_name_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(
		currency_name_in_server_encoding(currency_entry(PG_GETARG_INT16(0)))));
}

PG_FUNCTION_INFO_V1(currency_numeric_code_sql);
/* ISO 4217 numeric code of a currency */
Datum
currency_numeric_code_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(currency_entry(PG_GETARG_INT16(0))->numeric_code);
}

PG_FUNCTION_INFO_V1(currencies);
/* The whole compiled-in table, alphabetically */
Datum
currencies(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	size_t i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < currency_count(); i++)
	{
		const CurrencyInfo *info = currency_at(i);
		Datum values[4];
		bool nulls[4] = { false, false, false, false };

		values[0] = Int16GetDatum(currency_pack(info->code, 3));
		values[1] = Int32GetDatum(info->numeric_code);
		values[2] = Int32GetDatum(info->minor_units);
		nulls[2] = (info->minor_units == AR2C_MINOR_UNITS_NA);
		values[3] =
			CStringGetTextDatum(currency_name_in_server_encoding(info));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
	return (Datum) 0;
}
