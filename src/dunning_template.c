/*
 * dunning_template.c
 *		SQL functions over dunning notice templates: checking a template
 *		and rendering a notice (core/dunning_template.c).
 *
 * The core reads and writes UTF-8. Under another server encoding the
 * template is converted in and the notice out; under SQL_ASCII the bytes
 * pass as they are.
 */
#include "money_cur.h"

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"

#include "core/dunning_template.h"

/* A template compiled once per query, kept for the calls that follow */
typedef struct TemplateCache
{
	char *text; /* the template (UTF-8) the nodes point into */
	size_t len;
	bool valid; /* false until it compiled */
	DunTemplate compiled;
} TemplateCache;

/* The names a template may use, for hints: "customer_name, ..." */
static char *
var_list(void)
{
	StringInfoData s;
	int v;

	initStringInfo(&s);
	for (v = 0; v < DUN_VAR_COUNT; v++)
		appendStringInfo(&s, "%s%s", v ? ", " : "", dun_var_name((DunVar) v));
	return s.data;
}

/* Compile a template or raise 22023 naming the culprit and its place */
static void
compile_or_error(const char *text, size_t len, DunTemplate *out)
{
	DunError err;
	DunStatus status = dun_template_compile(text, len, out, &err);
	int position;

	if (status == DUN_OK)
		return;
	if (status == DUN_TOO_LONG)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("dunning template too long"),
				 errdetail("A template may have %d bytes and %d tags and text "
						   "runs.",
						   DUN_TEMPLATE_MAX_TEXT, DUN_TEMPLATE_MAX_NODES)));
	position = pg_mbstrlen_with_len(text, (int) err.offset) + 1;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid dunning template: %s \"%s\" at character %d",
					err.message, pnstrdup(text + err.offset, err.length),
					position),
			 errhint("Tags are {{name}} and {{#items}} ... {{/items}}; the "
					 "names are %s (the last four inside {{#items}} only).",
					 var_list())));
}

/* The UTF-8 bytes of a text datum */
static char *
text_to_utf8(text *t, size_t *len)
{
	char *s = text_to_cstring(t);

	if (utf8_needs_conversion())
		s = pg_server_to_any(s, strlen(s), PG_UTF8);
	*len = strlen(s);
	return s;
}

PG_FUNCTION_INFO_V1(dunning_template_check);
/* True for a valid template; raises 22023 for an invalid one */
Datum
dunning_template_check(PG_FUNCTION_ARGS)
{
	DunTemplate *compiled = palloc(sizeof(DunTemplate));
	size_t len;
	char *bytes = text_to_utf8(PG_GETARG_TEXT_PP(0), &len);

	compile_or_error(bytes, len, compiled);
	PG_RETURN_BOOL(true);
}

/* The compiled template of the call, from the cache when it is the same */
static TemplateCache *
cached_template(FunctionCallInfo fcinfo, text *arg)
{
	TemplateCache *cache = fcinfo->flinfo->fn_extra;
	size_t len;
	char *bytes = text_to_utf8(arg, &len);
	MemoryContext old;

	if (cache != NULL && cache->valid && cache->len == len &&
		memcmp(cache->text, bytes, len) == 0)
		return cache;
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (cache == NULL)
		cache = palloc0(sizeof(TemplateCache));
	else
		pfree(cache->text);
	cache->text = pnstrdup(bytes, len);
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = cache;
	cache->len = len;
	cache->valid = false;
	compile_or_error(cache->text, len, &cache->compiled);
	cache->valid = true;
	return cache;
}

/* Year, month, day of a date; finite dates only */
static DunDate
dun_date(DateADT d, const char *what)
{
	DunDate out;

	if (DATE_NOT_FINITE(d))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("a dunning notice needs a finite %s", what)));
	j2date(d + POSTGRES_EPOCH_JDATE, &out.year, &out.month, &out.day);
	return out;
}

/* The elements of a one-dimensional array argument without NULLs */
static int
array_elements(ArrayType *array, const char *what, Datum **values)
{
	int16 typlen;
	bool typbyval;
	char typalign;
	bool *nulls;
	int n, i;

	get_typlenbyvalalign(ARR_ELEMTYPE(array), &typlen, &typbyval, &typalign);
	deconstruct_array(array, ARR_ELEMTYPE(array), typlen, typbyval, typalign,
					  values, &nulls, &n);
	for (i = 0; i < n; i++)
		if (nulls[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("%s[%d] of a dunning notice is NULL", what,
								   i + 1)));
	return n;
}

/* DunWriteFn into a StringInfo */
static bool
append_write(void *arg, const char *text, size_t len)
{
	appendBinaryStringInfo((StringInfo) arg, text, (int) len);
	return true;
}

PG_FUNCTION_INFO_V1(dunning_render);
/*
 * Render a notice: dunning_render(template, language, customer_name,
 * customer_number, company_name, as_of, level, fee, interest,
 * invoice_numbers[], due_dates[], days_overdue[], open_amounts[])
 */
Datum
dunning_render(PG_FUNCTION_ARGS)
{
	TemplateCache *tmpl;
	DunNotice n;
	DunItem *items;
	Datum *numbers, *dues, *days, *amounts;
	MoneyCur fee, interest, m;
	text *lang_arg;
	StringInfoData out;
	DunStatus status;
	int count, i;
	char *result;

	tmpl = cached_template(fcinfo, PG_GETARG_TEXT_PP(0));
	memset(&n, 0, sizeof(n));
	lang_arg = PG_GETARG_TEXT_PP(1);
	if (!dun_lang_parse(VARDATA_ANY(lang_arg), VARSIZE_ANY_EXHDR(lang_arg),
						&n.lang))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no notice format for language \"%s\"",
						text_to_cstring(lang_arg)),
				 errhint("Give en, de, fr or zh (a region such as de-CH is "
						 "allowed).")));
	n.customer_name = text_to_utf8(PG_GETARG_TEXT_PP(2), &n.customer_name_len);
	n.customer_number =
		text_to_utf8(PG_GETARG_TEXT_PP(3), &n.customer_number_len);
	n.company_name = text_to_utf8(PG_GETARG_TEXT_PP(4), &n.company_name_len);
	n.date = dun_date(PG_GETARG_DATEADT(5), "date");
	n.level = PG_GETARG_INT32(6);
	fee = PG_GETARG_MONEY_CUR(7);
	interest = PG_GETARG_MONEY_CUR(8);
	money_same_currency(fee, interest, "render a notice of");
	n.currency = fee.currency;
	n.fee_units = fee.units;
	n.interest_units = interest.units;

	count =
		array_elements(PG_GETARG_ARRAYTYPE_P(9), "invoice_numbers", &numbers);
	if (array_elements(PG_GETARG_ARRAYTYPE_P(10), "due_dates", &dues) !=
			count ||
		array_elements(PG_GETARG_ARRAYTYPE_P(11), "days_overdue", &days) !=
			count ||
		array_elements(PG_GETARG_ARRAYTYPE_P(12), "open_amounts", &amounts) !=
			count)
		ereport(
			ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("the item arrays of a dunning notice differ in length"),
			 errhint("Give one invoice number, due date, days overdue and "
					 "open amount per item.")));
	items = palloc0(sizeof(DunItem) * (count > 0 ? count : 1));
	for (i = 0; i < count; i++)
	{
		items[i].number =
			text_to_utf8(DatumGetTextPP(numbers[i]), &items[i].number_len);
		items[i].due_date = dun_date(DatumGetDateADT(dues[i]), "due date");
		items[i].days_overdue = DatumGetInt32(days[i]);
		m = money_from_datum(amounts[i]);
		money_same_currency(fee, m, "render a notice of");
		items[i].open_units = m.units;
	}
	n.items = items;
	n.item_count = (size_t) count;

	initStringInfo(&out);
	status = dun_template_render(&tmpl->compiled, tmpl->text, &n, append_write,
								 &out);
	if (status == DUN_OVERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the total of a dunning notice is out of the money "
						"range")));
	if (status != DUN_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot show an amount in %s in a dunning notice",
						currency_code_text(n.currency)),
				 errdetail("The currency has no minor unit.")));
	result = out.data;
	if (utf8_needs_conversion())
		result = pg_any_to_server(out.data, out.len, PG_UTF8);
	PG_RETURN_TEXT_P(cstring_to_text(result));
}
