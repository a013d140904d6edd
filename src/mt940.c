/*
 * mt940.c
 *		ar2c.parse_mt940(text): the rows of an MT940 file.
 *
 * The reading is done by the plain-C core (core/mt940.c and
 * core/mt940_field86.c); this file turns its slices into a result set
 * of ar2c.bank_statement_line and its status codes into errors naming
 * the line and the field.
 */
#include "money_cur.h"

#include "bank_statement_line.h"
#include "core/mt940.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

/* Text of a slice, clipped to whole characters, for messages */
static char *
slice_cstring(Mt940Text t)
{
	int len;

	if (t.ptr == NULL || t.len == 0)
		return pstrdup("");
	len = pg_mbcliplen(t.ptr, (int) t.len, (int) t.len);
	return pnstrdup(t.ptr, len);
}

/* Raise the error of a failed read, naming the line and the field */
static void mt940_error(const Mt940Error *err) pg_attribute_noreturn();

static void
mt940_error(const Mt940Error *err)
{
	char *found = slice_cstring(err->text);

	if (err->status == MT940_MISSING_FIELD)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid MT940 statement at line %d: field :%s: is "
						"missing",
						err->line, err->tag),
				 errdetail("%s.", mt940_status_text(err->status)),
				 errhint("A statement reads :20:, :25:, :28C:, :60F:, "
						 ":61:/:86: for each entry, then :62F:.")));
	if (err->status == MT940_MESSAGE_ENDED)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid MT940 statement at line %d: %s", err->line,
					mt940_status_text(err->status)),
			 errdetail("A line \"-\", \"-}\" or ETX ends a message; inside "
					   ":86: text a lone \"-\" cannot stand."),
			 errhint("Ask the bank for the statement again.")));
	if (err->status == MT940_TRUNCATED)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid MT940 statement at line %d: the input ends "
						"before %s",
						err->line,
						err->tag[0] != '\0' ? "the closing balance :62F:"
											: "the end of the SWIFT block"),
				 errdetail("The file looks truncated."),
				 errhint("Import the complete file.")));
	if (err->tag[0] != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid MT940 field :%s: at line %d: %s", err->tag,
						err->line, mt940_status_text(err->status)),
				 *found != '\0' ? errdetail("Found \"%s\".", found) : 0));
	ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					errmsg("invalid MT940 input at line %d: %s", err->line,
						   mt940_status_text(err->status)),
					*found != '\0' ? errdetail("Found \"%s\".", found) : 0));
}

/* A text datum, or null for an empty slice */
static void
put_text(Datum *values, bool *nulls, int col, Mt940Text t)
{
	if (t.ptr == NULL || t.len == 0)
		nulls[col] = true;
	else
	{
		values[col] = PointerGetDatum(cstring_to_text_with_len(t.ptr, t.len));
		nulls[col] = false;
	}
}

static void
put_cstring(Datum *values, bool *nulls, int col, const char *s)
{
	values[col] = CStringGetTextDatum(s);
	nulls[col] = false;
}

static DateADT
date_of(Mt940Date d)
{
	return date2j(d.year, d.month, d.day) - POSTGRES_EPOCH_JDATE;
}

static void
put_date(Datum *values, bool *nulls, int col, Mt940Date d)
{
	values[col] = DateADTGetDatum(date_of(d));
	nulls[col] = false;
}

static void
put_money(Datum *values, bool *nulls, int col, int64 units,
		  ar2c_currency currency)
{
	MoneyCur m;

	m.units = units;
	m.currency = currency;
	values[col] = money_to_datum(m);
	nulls[col] = false;
}

/* The statement's columns, repeated on each of its rows */
static void
put_statement(Datum *values, bool *nulls, const Mt940Statement *st, int number)
{
	put_cstring(values, nulls, COL_FORMAT, "mt940");
	values[COL_STATEMENT_NUMBER] = Int32GetDatum(number);
	nulls[COL_STATEMENT_NUMBER] = false;
	put_text(values, nulls, COL_STATEMENT_ID, st->reference);
	put_text(values, nulls, COL_ACCOUNT, st->account);
	put_text(values, nulls, COL_SEQUENCE, st->statement_number_field);
	put_date(values, nulls, COL_OPENING_DATE, st->opening.date);
	put_money(values, nulls, COL_OPENING_BALANCE, st->opening.units,
			  st->opening.currency);
	put_date(values, nulls, COL_CLOSING_DATE, st->closing.date);
	put_money(values, nulls, COL_CLOSING_BALANCE, st->closing.units,
			  st->closing.currency);
}

/* :86: (and the second line of :61:) as written, lines joined by LF */
static text *
bank_text(const Mt940Entry *e)
{
	StringInfoData buf;
	Mt940Text parts[2];
	int i;

	parts[0] = e->supplementary;
	parts[1] = e->information;
	initStringInfo(&buf);
	for (i = 0; i < 2; i++)
	{
		size_t j;

		if (parts[i].len == 0)
			continue;
		if (buf.len > 0)
			appendStringInfoChar(&buf, '\n');
		for (j = 0; j < parts[i].len; j++)
		{
			char c = parts[i].ptr[j];

			if (c == '\r')
			{
				if (j + 1 < parts[i].len && parts[i].ptr[j + 1] == '\n')
					continue;
				c = '\n';
			}
			appendStringInfoChar(&buf, c);
		}
	}
	if (buf.len == 0)
		return NULL;
	return cstring_to_text_with_len(buf.data, buf.len);
}

/* The entry's columns */
static void
put_entry(Datum *values, bool *nulls, const Mt940Statement *st,
		  const Mt940Entry *e)
{
	char *buf = palloc(FIELD86_BUFFER_SIZE(e->information.len));
	Field86 f;
	text *raw;
	ar2c_currency charge_currency;
	int64_t charge_units;
	char code[16];
	char origin[32];

	field86_parse(e->information.ptr, e->information.len, buf,
				  FIELD86_BUFFER_SIZE(e->information.len), &f);
	if (f.buffer_full)
		elog(ERROR, "field 86 at line %d overflowed its buffer",
			 e->information_line);

	values[COL_ENTRY_NUMBER] = Int32GetDatum(e->number);
	nulls[COL_ENTRY_NUMBER] = false;
	values[COL_TRANSACTION_NUMBER] = Int32GetDatum(1);
	nulls[COL_TRANSACTION_NUMBER] = false;
	put_text(values, nulls, COL_ENTRY_REF,
			 e->customer_reference.len > 0 ? e->customer_reference
										   : f.customer_reference);
	put_text(values, nulls, COL_BANK_REFERENCE, e->bank_reference);
	put_date(values, nulls, COL_BOOKING_DATE,
			 e->entry_date.year != 0 ? e->entry_date : e->value_date);
	put_date(values, nulls, COL_VALUE_DATE, e->value_date);
	put_cstring(values, nulls, COL_CREDIT_DEBIT, e->mark == 'C' ? "C" : "D");
	values[COL_REVERSAL] = BoolGetDatum(e->reversal);
	nulls[COL_REVERSAL] = false;
	put_money(values, nulls, COL_AMOUNT, e->units, st->opening.currency);
	put_money(values, nulls, COL_ENTRY_AMOUNT, e->units, st->opening.currency);
	if (f.transaction_code >= 0)
		snprintf(code, sizeof(code), "%s/%03d", e->transaction_type,
				 f.transaction_code);
	else
		snprintf(code, sizeof(code), "%s", e->transaction_type);
	if (code[0] != '\0')
		put_cstring(values, nulls, COL_TRANSACTION_CODE, code);
	else
		nulls[COL_TRANSACTION_CODE] = true;
	put_text(values, nulls, COL_COUNTERPARTY_NAME, f.counterparty_name);
	/* Rabobank writes the counterparty's IBAN as the second line of :61: */
	if (f.counterparty_account.len == 0)
		f.counterparty_account = mt940_supplementary_account(e);
	put_text(values, nulls, COL_COUNTERPARTY_ACCOUNT, f.counterparty_account);
	put_text(values, nulls, COL_COUNTERPARTY_BIC, f.counterparty_bic);
	put_text(values, nulls, COL_REMITTANCE_TEXT, f.remittance);
	put_text(values, nulls, COL_STRUCTURED_REFERENCE, f.structured_reference);
	put_text(values, nulls, COL_END_TO_END_ID, f.end_to_end_id);
	put_text(values, nulls, COL_MANDATE_REFERENCE, f.mandate_reference);
	if (f.charges.len > 0 && mt940_parse_currency_amount(
								 f.charges.ptr, f.charges.len,
								 &charge_currency, &charge_units) == MT940_OK)
		put_money(values, nulls, COL_BANK_CHARGES, charge_units,
				  charge_currency);
	else
		nulls[COL_BANK_CHARGES] = true;
	raw = bank_text(e);
	values[COL_BANK_TEXT] = PointerGetDatum(raw);
	nulls[COL_BANK_TEXT] = raw == NULL;
	snprintf(origin, sizeof(origin), "line %d", e->line);
	put_cstring(values, nulls, COL_ORIGIN, origin);
	values[COL_IS_RETURN] = BoolGetDatum(f.is_return);
	nulls[COL_IS_RETURN] = false;
}

/* Null every entry column, for a statement without entries */
static void
put_no_entry(Datum *values, bool *nulls, const Mt940Statement *st)
{
	char origin[32];
	int col;

	for (col = COL_ENTRY_NUMBER; col < STATEMENT_LINE_COLUMNS; col++)
		nulls[col] = true;
	snprintf(origin, sizeof(origin), "line %d", st->line);
	put_cstring(values, nulls, COL_ORIGIN, origin);
}

PG_FUNCTION_INFO_V1(mt940_parse);
/* Rows of ar2c.bank_statement_line, one per entry, from MT940 text */
Datum
mt940_parse(PG_FUNCTION_ARGS)
{
	text *content = PG_GETARG_TEXT_PP(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Mt940Reader reader;
	Mt940Statement st;
	Mt940Entry entry;
	Mt940Error err;
	Mt940Status status;
	Datum values[STATEMENT_LINE_COLUMNS];
	bool nulls[STATEMENT_LINE_COLUMNS];
	MemoryContext row_context;
	MemoryContext old_context;
	int number = 0;

	InitMaterializedSRF(fcinfo, 0);
	if (rsinfo->setDesc->natts != STATEMENT_LINE_COLUMNS)
		elog(ERROR, "ar2c.bank_statement_line has %d columns, expected %d",
			 rsinfo->setDesc->natts, STATEMENT_LINE_COLUMNS);
	row_context = AllocSetContextCreate(CurrentMemoryContext, "mt940 row",
										ALLOCSET_DEFAULT_SIZES);
	mt940_reader_init(&reader, VARDATA_ANY(content),
					  VARSIZE_ANY_EXHDR(content));

	/*
	 * Read every statement before emitting any row would need them all in
	 * memory; the tuplestore holds the rows anyway, and an error later in
	 * the file still aborts the whole call.
	 */
	while ((status = mt940_next_statement(&reader, &st, &err)) == MT940_OK)
	{
		number++;
		CHECK_FOR_INTERRUPTS();
		old_context = MemoryContextSwitchTo(row_context);
		put_statement(values, nulls, &st, number);
		if (st.entry_count == 0)
		{
			put_no_entry(values, nulls, &st);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
								 nulls);
		}
		while ((status = mt940_next_entry(&st, &entry, &err)) == MT940_OK)
		{
			put_entry(values, nulls, &st, &entry);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
								 nulls);
		}
		MemoryContextSwitchTo(old_context);
		MemoryContextReset(row_context);
		if (status != MT940_END)
			mt940_error(&err);
	}
	if (status != MT940_END)
		mt940_error(&err);
	MemoryContextDelete(row_context);
	return (Datum) 0;
}
