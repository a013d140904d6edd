/*
 * invoice_trigger.c
 *		BEFORE ROW trigger that keeps an invoice's derived columns exact:
 *		open amount, status, aging bucket and the date the bucket changes;
 *		and that checks the payment reference written, or issues one by the
 *		company's scheme when an invoice is inserted without one.
 *
 * Written in C because it runs for every invoice of a bulk load. The aging
 * date and each company's boundaries and payment reference scheme are read
 * once per statement (SPI, connected only for those look-ups) and kept in
 * fn_extra, which lives as long as the statement.
 *
 * open_amount may change only through an application of cash (the trigger
 * on ar2c.application updates it; ar2c.derived_column_guard() refuses any
 * other change of it), and a change of amount moves it by the same delta.
 *
 * The function runs as SECURITY DEFINER with a fixed search_path, and its
 * queries name every table and operator with its schema all the same.
 */
#include "money_cur.h"

#include "catalog/pg_collation.h"
#include "commands/trigger.h"
#include "core/aging_bucket.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/rel.h"

#define MAX_CACHED_COMPANIES 16

typedef struct CompanySettings
{
	int64 company_id;
	AgingBoundaries bounds;
	CrefScheme scheme; /* payment_reference_scheme, CREF_NONE for NULL */
} CompanySettings;

/* What one statement needs, looked up once */
typedef struct InvoiceTriggerCache
{
	DateADT as_of;
	int att_company;
	int att_amount;
	int att_open;
	int att_status;
	int att_due;
	int att_bucket;
	int att_changes_on;
	int att_number;
	int att_reference;
	int ncompanies;
	CompanySettings companies[MAX_CACHED_COMPANIES];
} InvoiceTriggerCache;

/* Column number of a column the trigger needs */
static int
invoice_attnum(TupleDesc desc, const char *name)
{
	int att = SPI_fnumber(desc, name);

	if (att <= 0)
		elog(ERROR, "ar2c.invoice has no column \"%s\"", name);
	return att;
}

/* The aging date: ar2c.aging_clock, or today before the first roll */
DateADT
ledger_aging_date(void)
{
	bool isnull;
	Datum d;
	DateADT result;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/*
	 * KEY SHARE: a roll_aging() running now waits for this transaction, so
	 * an invoice written meanwhile cannot keep the previous date's bucket
	 */
	if (SPI_execute("SELECT as_of FROM ar2c.aging_clock FOR KEY SHARE", false,
					1) != SPI_OK_SELECT)
		elog(ERROR, "could not read ar2c.aging_clock");
	if (SPI_processed == 0)
		result = DatumGetDateADT(
			DirectFunctionCall1(date_in, CStringGetDatum("today")));
	else
	{
		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1,
						  &isnull);
		result = DatumGetDateADT(d);
	}
	SPI_finish();
	return result;
}

/* Aging boundaries and payment reference scheme of a company, from the
 * cache or ar2c.company */
static const CompanySettings *
company_settings(InvoiceTriggerCache *cache, int64 company_id)
{
	Datum arg = Int64GetDatum(company_id);
	Oid argtype = INT8OID;
	bool isnull;
	Datum d;
	CompanySettings *slot;
	int i;

	for (i = 0; i < cache->ncompanies; i++)
		if (cache->companies[i].company_id == company_id)
			return &cache->companies[i];

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/*
	 * Not read-only: a snapshot taken now, after the statement waited for
	 * the aging clock (ledger_aging_date), sees boundaries committed while
	 * it waited
	 */
	if (SPI_execute_with_args("SELECT aging_boundaries, "
							  "payment_reference_scheme FROM ar2c.company "
							  "WHERE company_id OPERATOR(pg_catalog.=) $1",
							  1, &argtype, &arg, NULL, false,
							  1) != SPI_OK_SELECT)
		elog(ERROR, "could not read ar2c.company");
	if (SPI_processed == 0)
		ereport(ERROR, (errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
						errmsg("company " INT64_FORMAT " does not exist",
							   company_id)));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1,
					  &isnull);

	/* a full cache starts over: statements touching many companies are rare */
	if (cache->ncompanies == MAX_CACHED_COMPANIES)
		cache->ncompanies = 0;
	slot = &cache->companies[cache->ncompanies++];
	slot->company_id = company_id;
	aging_boundaries_from_array(DatumGetArrayTypeP(d), &slot->bounds);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2,
					  &isnull);
	slot->scheme = CREF_NONE;
	if (!isnull)
	{
		text *name = DatumGetTextPP(d);

		/* the table's CHECK allows only the schemes' names */
		cref_scheme_from_name(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name),
							  &slot->scheme);
	}
	SPI_finish();
	return slot;
}

/* The statement's cache, built on the first row */
static InvoiceTriggerCache *
invoice_trigger_cache(FunctionCallInfo fcinfo, Relation rel)
{
	InvoiceTriggerCache *cache = fcinfo->flinfo->fn_extra;
	TupleDesc desc = RelationGetDescr(rel);

	if (cache != NULL)
		return cache;
	cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
								   sizeof(InvoiceTriggerCache));
	cache->att_company = invoice_attnum(desc, "company_id");
	cache->att_amount = invoice_attnum(desc, "amount");
	cache->att_open = invoice_attnum(desc, "open_amount");
	cache->att_status = invoice_attnum(desc, "status");
	cache->att_due = invoice_attnum(desc, "due_date");
	cache->att_bucket = invoice_attnum(desc, "aging_bucket");
	cache->att_changes_on = invoice_attnum(desc, "aging_changes_on");
	cache->att_number = invoice_attnum(desc, "invoice_number");
	cache->att_reference = invoice_attnum(desc, "payment_reference");
	cache->as_of = ledger_aging_date();
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

/* A column's value, with NULL refused where the table forbids it anyway */
static Datum
invoice_value(HeapTuple tuple, TupleDesc desc, int att, bool *isnull)
{
	return heap_getattr(tuple, att, desc, isnull);
}

/* True if any application row (a reversal included) names the invoice */
static bool
invoice_has_applications(HeapTuple tuple, TupleDesc desc)
{
	Oid argtypes[2] = { INT8OID, INT8OID };
	Datum args[2];
	bool isnull;
	bool found;

	args[0] = heap_getattr(tuple, invoice_attnum(desc, "customer_id"), desc,
						   &isnull);
	args[1] =
		heap_getattr(tuple, invoice_attnum(desc, "invoice_id"), desc, &isnull);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(
			"SELECT 1 FROM ar2c.application "
			"WHERE customer_id OPERATOR(pg_catalog.=) $1 "
			"AND invoice_id OPERATOR(pg_catalog.=) $2 LIMIT 1",
			2, argtypes, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read ar2c.application");
	found = SPI_processed > 0;
	SPI_finish();
	return found;
}

/* Check a payment reference written to an invoice; 22023 if refused */
static void
check_payment_reference(Datum reference, CrefScheme company)
{
	size_t len;
	const char *s = text_utf8(DatumGetTextPP(reference), &len);
	CrefParse parse;
	CrefStatus status = cref_validate(s, len, company, &parse);

	if (status != CREF_OK)
		payment_reference_error(s, len, status, &parse);
}

/* The payment reference of the company's scheme for an invoice number */
static Datum
issue_payment_reference(Datum number, CrefScheme scheme)
{
	size_t len;
	const char *s = text_utf8(DatumGetTextPP(number), &len);
	CrefParse parse;
	CrefStatus status = cref_generate(scheme, s, len, &parse);

	if (status != CREF_OK)
		payment_reference_make_error(scheme, s, len, status, &parse,
									 TextDatumGetCString(number));
	return CStringGetTextDatum(parse.print);
}

/*
 * The payment reference of the row: a new or changed one is checked by
 * the company's scheme; an INSERT without one gets one issued by the
 * company's scheme, if it has one, from the invoice number. Returns true
 * and the value to write when it issued one.
 */
static bool
payment_reference_of(InvoiceTriggerCache *cache, TriggerData *trigdata,
					 HeapTuple newtuple, TupleDesc desc, Datum *issued)
{
	bool is_update = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event);
	bool missing;
	bool isnull;
	Datum reference =
		heap_getattr(newtuple, cache->att_reference, desc, &missing);
	Datum company;
	Datum number;
	CrefScheme scheme;

	if (missing && is_update)
		return false;
	if (!missing && is_update)
	{
		bool old_null;
		Datum old = heap_getattr(trigdata->tg_trigtuple, cache->att_reference,
								 desc, &old_null);

		if (!old_null && DatumGetBool(DirectFunctionCall2Coll(
							 texteq, C_COLLATION_OID, reference, old)))
			return false;
	}
	company = heap_getattr(newtuple, cache->att_company, desc, &isnull);
	if (isnull)
		return false; /* the NOT NULL constraint refuses the row */
	scheme = company_settings(cache, DatumGetInt64(company))->scheme;
	if (!missing)
	{
		check_payment_reference(reference, scheme);
		return false;
	}
	number = heap_getattr(newtuple, cache->att_number, desc, &isnull);
	if (scheme == CREF_NONE || isnull)
		return false;
	*issued = issue_payment_reference(number, scheme);
	return true;
}

PG_FUNCTION_INFO_V1(invoice_maintain);
/* Derive open amount, status and aging of the row being written */
Datum
invoice_maintain(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation rel;
	TupleDesc desc;
	InvoiceTriggerCache *cache;
	HeapTuple newtuple;
	bool is_update;
	bool isnull;
	MoneyCur amount;
	MoneyCur open;
	char *status;
	int cols[5];
	Datum values[5];
	bool nulls[5] = { false, false, false, false, false };
	int ncols = 4;
	bool open_item;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_DELETE(trigdata->tg_event))
		elog(ERROR,
			 "invoice_maintain must be a BEFORE INSERT OR UPDATE row trigger");

	rel = trigdata->tg_relation;
	desc = RelationGetDescr(rel);
	is_update = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event);
	newtuple = is_update ? trigdata->tg_newtuple : trigdata->tg_trigtuple;

	cache = invoice_trigger_cache(fcinfo, rel);

	amount = money_from_datum(
		invoice_value(newtuple, desc, cache->att_amount, &isnull));
	status = TextDatumGetCString(
		invoice_value(newtuple, desc, cache->att_status, &isnull));

	if (!is_update)
		open = amount;
	else
	{
		HeapTuple oldtuple = trigdata->tg_trigtuple;
		MoneyCur old_amount = money_from_datum(
			invoice_value(oldtuple, desc, cache->att_amount, &isnull));
		MoneyCur old_open = money_from_datum(
			invoice_value(oldtuple, desc, cache->att_open, &isnull));
		Datum new_open_datum =
			invoice_value(newtuple, desc, cache->att_open, &isnull);

		/* invoice_derived_guard has refused a change not made by ar2c */
		open = isnull ? old_open : money_from_datum(new_open_datum);
		if (amount.currency != old_amount.currency)
		{
			/* even reversed applications stay in the invoice's currency */
			if (old_open.units != old_amount.units ||
				invoice_has_applications(oldtuple, desc))
				ereport(
					ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg(
						 "cannot change the currency of an invoice that has applications"),
					 errdetail(
						 "Applications, reversed or not, are in the invoice's currency."),
					 errhint(
						 "Cancel the invoice and issue a new one in the other currency.")));
			open = amount;
		}
		else if (amount.units != old_amount.units)
		{
			open.units = money_units_checked(
				(ar2c_int128) open.units + amount.units - old_amount.units,
				amount.currency);
			if (open.units < 0)
				ereport(
					ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg(
						 "invoice amount %s is below the %s already applied to it",
						 money_cur_text(amount),
						 money_cur_text(
							 (MoneyCur){ old_amount.units - old_open.units,
										 amount.currency })),
					 errhint(
						 "Reverse applications before lowering the amount, or issue a credit note.")));
		}
	}

	/* status: cancelled is the application's to set, the rest follows */
	if (strcmp(status, "cancelled") == 0)
	{
		if (open.units != amount.units)
			ereport(
				ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("cannot cancel an invoice that has applications"),
				 errhint(
					 "Reverse the applications first, or issue a credit note.")));
		open_item = false;
	}
	else
	{
		status =
			open.units == 0
				? "paid"
				: (open.units == amount.units ? "open" : "partially_paid");
		open_item = open.units != 0;
	}

	cols[0] = cache->att_open;
	values[0] = money_to_datum(open);
	cols[1] = cache->att_status;
	values[1] = CStringGetTextDatum(status);
	cols[2] = cache->att_bucket;
	cols[3] = cache->att_changes_on;
	if (open_item)
	{
		Datum company =
			invoice_value(newtuple, desc, cache->att_company, &isnull);
		DateADT due = DatumGetDateADT(
			invoice_value(newtuple, desc, cache->att_due, &isnull));
		const AgingBoundaries *bounds;
		AgingBucket bucket;
		int32 upper;

		if (isnull || DATE_NOT_FINITE(due))
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("an invoice needs a finite due date")));
		bounds = &company_settings(cache, DatumGetInt64(company))->bounds;
		bucket = aging_bucket_of((int64) cache->as_of - due, bounds);
		upper = aging_bucket_upper(bucket);
		values[2] = Int64GetDatum(bucket);
		/* the bucket changes the day after its last day */
		if (upper == AGING_OPEN_UPPER)
			nulls[3] = true;
		else
			values[3] = DateADTGetDatum(due + upper + 1);
	}
	else
		nulls[2] = nulls[3] = true;

	cols[4] = cache->att_reference;
	if (payment_reference_of(cache, trigdata, newtuple, desc, &values[4]))
		ncols = 5;

	newtuple =
		heap_modify_tuple_by_cols(newtuple, desc, ncols, cols, values, nulls);
	return PointerGetDatum(newtuple);
}
