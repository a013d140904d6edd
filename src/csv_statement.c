/*
 * csv_statement.c
 *		ar2c.csv_records(text, text): the records of a CSV file, each as an
 *		array of its fields, for ar2c.parse_csv_statement().
 *
 * The reading is done by the plain-C core (core/csv.c); this file turns
 * its records into rows and its status codes into errors naming the line
 * and the field.
 */
#include "ar2c.h"
#include "money_cur.h"

#include "catalog/pg_type.h"
#include "core/csv.h"
#include "core/mt940.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

/* Fields a record may have: more is not a statement */
#define CSV_MAX_FIELDS 1000

/* Raise the error of a failed read, naming the line and the field */
static void csv_error(const CsvError *err) pg_attribute_noreturn();

static void
csv_error(const CsvError *err)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid CSV at line %d, field %d: %s", err->line,
					err->field, csv_status_text(err->status)),
			 err->status == CSV_UNTERMINATED_QUOTE
				 ? errhint("The file may be truncated; a quote inside a "
						   "quoted field is written twice (\"\").")
				 : 0));
}

PG_FUNCTION_INFO_V1(csv_records);
/* Rows (record_number, line, fields) of CSV text split at separator */
Datum
csv_records(PG_FUNCTION_ARGS)
{
	text *content = PG_GETARG_TEXT_PP(0);
	text *separator = PG_GETARG_TEXT_PP(1);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	size_t len = VARSIZE_ANY_EXHDR(content);
	CsvReader reader;
	CsvRecord record;
	CsvError err;
	CsvStatus status;
	CsvField *fields;
	Datum *items;
	char *buffer;
	MemoryContext row_context;

	if (VARSIZE_ANY_EXHDR(separator) != 1 || *VARDATA_ANY(separator) == '"' ||
		*VARDATA_ANY(separator) == '\r' || *VARDATA_ANY(separator) == '\n')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid CSV separator \"%s\"",
						text_to_cstring(separator)),
				 errhint("Give one character: ',', ';' or a TAB (E'\\t').")));
	InitMaterializedSRF(fcinfo, 0);
	fields = palloc(sizeof(CsvField) * CSV_MAX_FIELDS);
	items = palloc(sizeof(Datum) * CSV_MAX_FIELDS);
	buffer = palloc(len + 1);
	row_context = AllocSetContextCreate(CurrentMemoryContext, "csv row",
										ALLOCSET_DEFAULT_SIZES);
	csv_reader_init(&reader, VARDATA_ANY(content), len,
					*VARDATA_ANY(separator));
	while ((status = csv_next_record(&reader, &record, fields, CSV_MAX_FIELDS,
									 buffer, &err)) == CSV_OK)
	{
		MemoryContext old_context = MemoryContextSwitchTo(row_context);
		Datum values[3];
		bool nulls[3] = { false, false, false };
		int i;

		CHECK_FOR_INTERRUPTS();
		for (i = 0; i < record.field_count; i++)
			items[i] = PointerGetDatum(
				cstring_to_text_with_len(fields[i].ptr, (int) fields[i].len));
		values[0] = Int32GetDatum(record.number);
		values[1] = Int32GetDatum(record.line);
		values[2] = PointerGetDatum(construct_array(
			items, record.field_count, TEXTOID, -1, false, TYPALIGN_INT));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
		MemoryContextSwitchTo(old_context);
		MemoryContextReset(row_context);
	}
	if (status != CSV_END)
		csv_error(&err);
	MemoryContextDelete(row_context);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(statement_amount);
/*
 * "1234.56" in a currency, exactly, or an error naming where in the file
 * the amount was (origin); parse_csv_statement gives it the amount in
 * that shape, whatever the file's decimal mark and separators
 */
Datum
statement_amount(PG_FUNCTION_ARGS)
{
	char *origin = PG_ARGISNULL(2) ? pstrdup("(unknown element)")
								   : text_to_cstring(PG_GETARG_TEXT_PP(2));
	char *amount;
	char *code;
	const CurrencyInfo *info;
	MoneyCur m;
	int64_t units;
	Mt940Status status;

	if (PG_ARGISNULL(0))
		ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						errmsg("missing amount at %s", origin)));
	if (PG_ARGISNULL(1))
		ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						errmsg("missing currency at %s", origin)));
	amount = text_to_cstring(PG_GETARG_TEXT_PP(0));
	code = text_to_cstring(PG_GETARG_TEXT_PP(1));
	info = currency_lookup(code, strlen(code));
	if (info == NULL || info->minor_units < 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						errmsg("invalid currency \"%s\" at %s", code, origin),
						errdetail("A currency must be an ISO 4217 code with "
								  "minor units.")));
	/* up to 18 digits, 5 of them decimals, as ISO 20022 allows */
	status = mt940_parse_decimal(amount, strlen(amount), '.', false, 19,
								 info->minor_units, &units);
	if (status != MT940_OK)
		ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						errmsg("invalid amount \"%s\" %s at %s", amount, code,
							   origin),
						status == MT940_TOO_MANY_DECIMALS
							? errdetail("%s has %d decimals.", info->code,
										info->minor_units)
							: errdetail("An amount is digits with an optional "
										"decimal point, such as 1234.56.")));
	m.units = units;
	m.currency = currency_pack(info->code, 3);
	PG_RETURN_MONEY_CUR(m);
}
