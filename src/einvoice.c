/*
 * einvoice.c
 *		ar2c.parse_invoice(text, text): the lines of a UBL or CII
 *		e-invoice, each with the document's terms.
 *
 * The reading and the money rules are done by the plain-C core
 * (core/einvoice.c, core/einvoice_rules.c); this file turns the Einvoice
 * into a result set and its errors into ereport.
 */
#include "money_cur.h"

#include "core/einvoice.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

/* The columns of ar2c.parse_invoice, in order */
enum
{
	COL_SYNTAX,
	COL_PROFILE,
	COL_DOCUMENT_TYPE,
	COL_TYPE_CODE,
	COL_DOCUMENT_NUMBER,
	COL_ISSUE_DATE,
	COL_DUE_DATE,
	COL_CURRENCY,
	COL_SELLER_NAME,
	COL_SELLER_ID,
	COL_SELLER_LEGAL_ID,
	COL_SELLER_VAT_ID,
	COL_BUYER_NAME,
	COL_BUYER_ID,
	COL_BUYER_LEGAL_ID,
	COL_BUYER_VAT_ID,
	COL_BUYER_REFERENCE,
	COL_ORDER_REFERENCE,
	COL_PRECEDING_INVOICE,
	COL_PAYMENT_REFERENCE,
	COL_LINE_TOTAL,
	COL_ALLOWANCE_TOTAL,
	COL_CHARGE_TOTAL,
	COL_TAX_EXCLUSIVE,
	COL_TAX_TOTAL,
	COL_TAX_INCLUSIVE,
	COL_PREPAID,
	COL_ROUNDING,
	COL_PAYABLE,
	COL_LINE_NUMBER,
	COL_LINE_ID,
	COL_ITEM_NAME,
	COL_QUANTITY,
	COL_UNIT_CODE,
	COL_UNIT_PRICE,
	COL_BASE_QUANTITY,
	COL_VAT_CATEGORY,
	COL_VAT_RATE,
	COL_LINE_AMOUNT,
	INVOICE_COLUMNS
};

typedef struct Output
{
	const Einvoice *inv;
	bool convert; /* the database encoding is not UTF-8 */
	Datum values[INVOICE_COLUMNS];
	bool nulls[INVOICE_COLUMNS];
} Output;

static void
put_cstring(Output *out, int col, const char *s)
{
	out->values[col] = CStringGetTextDatum(s);
	out->nulls[col] = false;
}

/* A text datum (in the database encoding), or null when absent */
static void
put_text(Output *out, int col, EinvoiceText t)
{
	out->nulls[col] = t.ptr == NULL;
	if (t.ptr == NULL)
		return;
	if (out->convert)
		out->values[col] =
			CStringGetTextDatum(pg_any_to_server(t.ptr, (int) t.len, PG_UTF8));
	else
		out->values[col] =
			PointerGetDatum(cstring_to_text_with_len(t.ptr, (int) t.len));
}

static void
put_date(Output *out, int col, EinvoiceDate d)
{
	out->nulls[col] = d.year == 0;
	if (d.year != 0)
		out->values[col] = DateADTGetDatum(date2j(d.year, d.month, d.day) -
										   POSTGRES_EPOCH_JDATE);
}

static void
put_amount(Output *out, int col, EinvoiceAmount a)
{
	MoneyCur m;

	out->nulls[col] = !a.present;
	if (a.present)
	{
		m.units = a.units;
		m.currency = out->inv->currency;
		out->values[col] = money_to_datum(m);
	}
}

static void
put_decimal(Output *out, int col, EinvoiceDecimal d)
{
	char buf[48];

	out->nulls[col] = !d.present;
	if (d.present)
	{
		einvoice_format_decimal(d, buf, sizeof(buf));
		out->values[col] = DirectFunctionCall3(
			numeric_in, CStringGetDatum(buf), ObjectIdGetDatum(InvalidOid),
			Int32GetDatum(-1));
	}
}

static void
put_party(Output *out, int col, const EinvoiceParty *p)
{
	put_text(out, col, p->name);
	put_text(out, col + 1, p->id);
	put_text(out, col + 2, p->legal_id);
	put_text(out, col + 3, p->vat_id);
}

/* The document's columns, the same on every row */
static void
put_document(Output *out)
{
	const Einvoice *inv = out->inv;

	put_cstring(out, COL_SYNTAX, einvoice_syntax_name(inv->syntax));
	put_text(out, COL_PROFILE, inv->profile);
	put_cstring(out, COL_DOCUMENT_TYPE,
				inv->credit_note ? "credit_note" : "invoice");
	put_text(out, COL_TYPE_CODE, inv->type_code);
	put_text(out, COL_DOCUMENT_NUMBER, inv->number);
	put_date(out, COL_ISSUE_DATE, inv->issue_date);
	put_date(out, COL_DUE_DATE, inv->due_date);
	out->values[COL_CURRENCY] = Int16GetDatum(inv->currency);
	out->nulls[COL_CURRENCY] = false;
	put_party(out, COL_SELLER_NAME, &inv->seller);
	put_party(out, COL_BUYER_NAME, &inv->buyer);
	put_text(out, COL_BUYER_REFERENCE, inv->buyer_reference);
	put_text(out, COL_ORDER_REFERENCE, inv->order_reference);
	put_text(out, COL_PRECEDING_INVOICE, inv->preceding_invoice);
	put_text(out, COL_PAYMENT_REFERENCE, inv->payment_reference);
	put_amount(out, COL_LINE_TOTAL, inv->line_total);
	put_amount(out, COL_ALLOWANCE_TOTAL, inv->allowance_total);
	put_amount(out, COL_CHARGE_TOTAL, inv->charge_total);
	put_amount(out, COL_TAX_EXCLUSIVE, inv->tax_exclusive);
	put_amount(out, COL_TAX_TOTAL, inv->tax_total);
	put_amount(out, COL_TAX_INCLUSIVE, inv->tax_inclusive);
	put_amount(out, COL_PREPAID, inv->prepaid);
	put_amount(out, COL_ROUNDING, inv->rounding);
	put_amount(out, COL_PAYABLE, inv->payable);
}

static void
put_line(Output *out, int number, const EinvoiceLine *l)
{
	out->values[COL_LINE_NUMBER] = Int32GetDatum(number);
	out->nulls[COL_LINE_NUMBER] = false;
	put_text(out, COL_LINE_ID, l->id);
	put_text(out, COL_ITEM_NAME, l->name);
	put_decimal(out, COL_QUANTITY, l->quantity);
	put_text(out, COL_UNIT_CODE, l->unit_code);
	put_decimal(out, COL_UNIT_PRICE, l->price);
	put_decimal(out, COL_BASE_QUANTITY, l->base_quantity);
	put_text(out, COL_VAT_CATEGORY, l->vat_category);
	put_decimal(out, COL_VAT_RATE, l->vat_rate);
	put_amount(out, COL_LINE_AMOUNT, l->amount);
}

/* Raise the reader's error */
static void einvoice_error(const EinvoiceError *err) pg_attribute_noreturn();

static void
einvoice_error(const EinvoiceError *err)
{
	int code = ERRCODE_INVALID_TEXT_REPRESENTATION;

	switch (err->status)
	{
		case EINVOICE_NOT_XML:
			code = ERRCODE_INVALID_XML_DOCUMENT;
			break;
		case EINVOICE_INCONSISTENT:
			code = ERRCODE_CHECK_VIOLATION;
			break;
		case EINVOICE_NO_MEMORY:
			code = ERRCODE_OUT_OF_MEMORY;
			break;
		default:
			break;
	}
	ereport(ERROR, (errcode(code), errmsg("%s", err->message),
					err->detail[0] ? errdetail("%s", err->detail) : 0,
					err->hint[0] ? errhint("%s", err->hint) : 0));
}

static EinvoiceSyntax
syntax_of(text *format)
{
	char *s;

	if (format == NULL)
		return EINVOICE_ANY;
	s = text_to_cstring(format);
	if (pg_strcasecmp(s, "ubl") == 0)
		return EINVOICE_UBL;
	if (pg_strcasecmp(s, "cii") == 0)
		return EINVOICE_CII;
	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("unknown e-invoice format \"%s\"", s),
					errhint("Give 'ubl', 'cii', or NULL for either.")));
	return EINVOICE_ANY; /* keep the compiler quiet */
}

PG_FUNCTION_INFO_V1(einvoice_parse);
/* ar2c.parse_invoice(content, format): one row per invoice line */
Datum
einvoice_parse(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	EinvoiceSyntax want =
		syntax_of(PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1));
	Output *out = palloc0(sizeof(Output));
	Einvoice inv;
	EinvoiceError err;
	EinvoiceStatus status = EINVOICE_OK;
	text *content;
	const char *buf;
	size_t len;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	content = PG_GETARG_TEXT_PP(0);
	if (rsinfo->setDesc->natts != INVOICE_COLUMNS)
		elog(ERROR, "ar2c.parse_invoice has %d columns, expected %d",
			 rsinfo->setDesc->natts, INVOICE_COLUMNS);
	buf = VARDATA_ANY(content);
	len = VARSIZE_ANY_EXHDR(content);
	out->convert = GetDatabaseEncoding() != PG_UTF8;
	if (out->convert)
	{
		const char *utf8 = pg_server_to_any(buf, (int) len, PG_UTF8);

		/* the same bytes when nothing was converted (SQL_ASCII) */
		if (utf8 != buf)
			len = strlen(utf8);
		buf = utf8;
	}

	/* the Einvoice's memory is malloc'd: freed also on an error */
	memset(&inv, 0, sizeof(inv));
	PG_TRY();
	{
		status = einvoice_read(buf, len, want, &inv, &err);
		if (status == EINVOICE_OK)
		{
			out->inv = &inv;
			put_document(out);
			for (int i = 0; i < inv.line_count; i++)
			{
				CHECK_FOR_INTERRUPTS();
				put_line(out, i + 1, &inv.lines[i]);
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
									 out->values, out->nulls);
			}
		}
	}
	PG_FINALLY();
	{
		einvoice_free(&inv);
	}
	PG_END_TRY();
	if (status != EINVOICE_OK)
		einvoice_error(&err);
	return (Datum) 0;
}
