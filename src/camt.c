/*
 * camt.c
 *		ar2c.parse_camt(text, text) and ar2c.parse_camt053(text or xml):
 *		the rows of a camt.053, camt.054 or camt.052 document.
 *
 * The reading is done by the plain-C core (core/camt.c, on libxml2);
 * this file turns its rows into a result set of ar2c.bank_statement_line
 * and its errors into ereport.
 */
#include "money_cur.h"

#include "bank_statement_line.h"
#include "core/camt.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/xml.h"

/* What the row function needs */
typedef struct CamtOutput
{
	ReturnSetInfo *rsinfo;
	MemoryContext row_context;
	bool convert; /* the database encoding is not UTF-8 */
	Datum values[STATEMENT_LINE_COLUMNS];
	bool nulls[STATEMENT_LINE_COLUMNS];
} CamtOutput;

/* A text datum (in the database encoding), or null when absent */
static void
put_text(CamtOutput *out, int col, CamtText t)
{
	const char *s;

	if (t.ptr == NULL)
	{
		out->nulls[col] = true;
		return;
	}
	s = t.ptr;
	if (out->convert)
	{
		s = pg_any_to_server(pnstrdup(t.ptr, t.len), (int) t.len, PG_UTF8);
		out->values[col] = PointerGetDatum(cstring_to_text(s));
	}
	else
		out->values[col] =
			PointerGetDatum(cstring_to_text_with_len(s, (int) t.len));
	out->nulls[col] = false;
}

static void
put_date(CamtOutput *out, int col, CamtDate d)
{
	out->nulls[col] = d.year == 0;
	if (d.year != 0)
		out->values[col] = DateADTGetDatum(date2j(d.year, d.month, d.day) -
										   POSTGRES_EPOCH_JDATE);
}

static void
put_amount(CamtOutput *out, int col, CamtAmount a)
{
	MoneyCur m;

	out->nulls[col] = !a.present;
	if (a.present)
	{
		m.units = a.units;
		m.currency = a.currency;
		out->values[col] = money_to_datum(m);
	}
}

static void
put_char(CamtOutput *out, int col, char c)
{
	char s[2] = { c, '\0' };

	out->values[col] = CStringGetTextDatum(s);
	out->nulls[col] = false;
}

static void
put_int(CamtOutput *out, int col, int v)
{
	out->values[col] = Int32GetDatum(v);
	out->nulls[col] = false;
}

/* One row of the result: the statement's columns, then the entry's */
static void
emit_row(void *context, const CamtStatement *st, const CamtRow *row)
{
	CamtOutput *out = context;
	MemoryContext old = MemoryContextSwitchTo(out->row_context);
	CamtText format = { st->format, strlen(st->format) };
	int col;

	CHECK_FOR_INTERRUPTS();
	put_text(out, COL_FORMAT, format);
	put_int(out, COL_STATEMENT_NUMBER, st->number);
	put_text(out, COL_STATEMENT_ID, st->id);
	put_text(out, COL_ACCOUNT, st->account);
	put_text(out, COL_SEQUENCE, st->sequence);
	put_date(out, COL_OPENING_DATE, st->opening_date);
	put_amount(out, COL_OPENING_BALANCE, st->opening);
	put_date(out, COL_CLOSING_DATE, st->closing_date);
	put_amount(out, COL_CLOSING_BALANCE, st->closing);
	if (row == NULL)
	{
		for (col = COL_ENTRY_NUMBER; col < STATEMENT_LINE_COLUMNS; col++)
			out->nulls[col] = true;
		put_text(out, COL_ORIGIN, st->path);
	}
	else
	{
		put_int(out, COL_ENTRY_NUMBER, row->entry_number);
		put_int(out, COL_TRANSACTION_NUMBER, row->transaction_number);
		put_text(out, COL_ENTRY_REF, row->entry_ref);
		put_text(out, COL_BANK_REFERENCE, row->bank_reference);
		put_date(out, COL_BOOKING_DATE, row->booking_date);
		put_date(out, COL_VALUE_DATE, row->value_date);
		put_char(out, COL_CREDIT_DEBIT, row->direction);
		out->values[COL_REVERSAL] = BoolGetDatum(row->reversal);
		out->nulls[COL_REVERSAL] = false;
		put_amount(out, COL_AMOUNT, row->amount);
		put_amount(out, COL_ENTRY_AMOUNT, row->entry_amount);
		put_text(out, COL_TRANSACTION_CODE, row->transaction_code);
		put_text(out, COL_COUNTERPARTY_NAME, row->counterparty_name);
		put_text(out, COL_COUNTERPARTY_ACCOUNT, row->counterparty_account);
		put_text(out, COL_COUNTERPARTY_BIC, row->counterparty_bic);
		put_text(out, COL_REMITTANCE_TEXT, row->remittance_text);
		put_text(out, COL_STRUCTURED_REFERENCE, row->structured_reference);
		put_text(out, COL_END_TO_END_ID, row->end_to_end_id);
		put_text(out, COL_MANDATE_REFERENCE, row->mandate_reference);
		put_amount(out, COL_BANK_CHARGES, row->charges);
		put_text(out, COL_BANK_TEXT, row->bank_text);
		put_text(out, COL_ORIGIN, row->origin);
		out->values[COL_IS_RETURN] = BoolGetDatum(row->is_return);
		out->nulls[COL_IS_RETURN] = false;
	}
	tuplestore_putvalues(out->rsinfo->setResult, out->rsinfo->setDesc,
						 out->values, out->nulls);
	MemoryContextSwitchTo(old);
	MemoryContextReset(out->row_context);
}

/* Raise the reader's error */
static void camt_error(text *content, const CamtError *err)
	pg_attribute_noreturn();

static void
camt_error(text *content, const CamtError *err)
{
	int code = ERRCODE_INVALID_TEXT_REPRESENTATION;

	switch (err->status)
	{
		case CAMT_NOT_XML:
			/* PostgreSQL's own parser says why, as XMLPARSE would */
			(void) xmlparse(content, XMLOPTION_DOCUMENT, true);
			code = ERRCODE_INVALID_XML_DOCUMENT;
			break;
		case CAMT_INCONSISTENT:
			code = ERRCODE_CHECK_VIOLATION;
			break;
		case CAMT_NO_MEMORY:
			code = ERRCODE_OUT_OF_MEMORY;
			break;
		default:
			break;
	}
	ereport(ERROR, (errcode(code), errmsg("%s", err->message),
					err->detail[0] ? errdetail("%s", err->detail) : 0,
					err->hint[0] ? errhint("%s", err->hint) : 0));
}

/* The rows of content, a document of kind want */
static Datum
camt_rows(FunctionCallInfo fcinfo, text *content, CamtKind want)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CamtOutput *out = palloc0(sizeof(CamtOutput));
	CamtReader reader;
	CamtError err;
	CamtStatus status = CAMT_OK;
	const char *buf;
	size_t len;

	InitMaterializedSRF(fcinfo, 0);
	if (content == NULL)
		return (Datum) 0;
	buf = VARDATA_ANY(content);
	len = VARSIZE_ANY_EXHDR(content);
	if (rsinfo->setDesc->natts != STATEMENT_LINE_COLUMNS)
		elog(ERROR, "ar2c.bank_statement_line has %d columns, expected %d",
			 rsinfo->setDesc->natts, STATEMENT_LINE_COLUMNS);
	out->rsinfo = rsinfo;
	out->convert = GetDatabaseEncoding() != PG_UTF8;
	out->row_context = AllocSetContextCreate(CurrentMemoryContext, "camt row",
											 ALLOCSET_DEFAULT_SIZES);
	if (out->convert)
	{
		const char *utf8 = pg_server_to_any(buf, (int) len, PG_UTF8);

		/* the same bytes when nothing was converted (SQL_ASCII) */
		if (utf8 != buf)
			len = strlen(utf8);
		buf = utf8;
	}

	/* libxml2's memory is malloc'd: freed also when a row cannot be stored */
	camt_reader_init(&reader);
	PG_TRY();
	{
		status = camt_read(&reader, buf, len, want, emit_row, out, &err);
	}
	PG_FINALLY();
	{
		camt_reader_free(&reader);
	}
	PG_END_TRY();
	if (status != CAMT_OK)
		camt_error(content, &err);
	MemoryContextDelete(out->row_context);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(camt_parse);
/* ar2c.parse_camt(content, kind): a camt.053, .054 or .052 document */
Datum
camt_parse(PG_FUNCTION_ARGS)
{
	CamtKind want = CAMT_ANY;

	if (!PG_ARGISNULL(1))
	{
		char *kind = text_to_cstring(PG_GETARG_TEXT_PP(1));

		if (strcmp(kind, "camt.053") == 0)
			want = CAMT_053;
		else if (strcmp(kind, "camt.054") == 0)
			want = CAMT_054;
		else if (strcmp(kind, "camt.052") == 0)
			want = CAMT_052;
		else if (strcmp(kind, "camt") != 0)
			ereport(
				ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown camt kind \"%s\"", kind),
				 errhint("Give 'camt.053', 'camt.054', 'camt.052', or NULL "
						 "for any of them.")));
	}
	return camt_rows(fcinfo, PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0),
					 want);
}

PG_FUNCTION_INFO_V1(camt053_parse);
/* ar2c.parse_camt053(content): a camt.053 document (text or xml) */
Datum
camt053_parse(PG_FUNCTION_ARGS)
{
	return camt_rows(fcinfo, PG_GETARG_TEXT_PP(0), CAMT_053);
}
