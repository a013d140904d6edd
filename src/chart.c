/*
 * chart.c
 *		SQL functions of the report charts: a nice axis scale and numbers
 *		formatted by language (core/chart.c).
 */
#include "ar2c.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "core/chart.h"

PG_FUNCTION_INFO_V1(chart_scale);
/*
 * chart_scale(min, max, max_ticks) -> (low, high, step, decimals, ticks):
 * the axis of a chart showing values from min to max
 */
Datum
chart_scale(PG_FUNCTION_ARGS)
{
	float8 min = PG_GETARG_FLOAT8(0);
	float8 max = PG_GETARG_FLOAT8(1);
	int32 max_ticks = PG_GETARG_INT32(2);
	TupleDesc desc;
	Datum values[5];
	bool nulls[5] = { false, false, false, false, false };
	Datum ticks[CHART_MAX_TICKS];
	ChartScale scale;
	int i;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "chart_scale must return a composite");
	desc = BlessTupleDesc(desc);
	if (max_ticks < 2 || max_ticks > CHART_MAX_TICKS)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("chart scale needs 2 to %d ticks, not %d",
							   CHART_MAX_TICKS, max_ticks)));
	if (!chart_nice_scale(min, max, max_ticks, &scale))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("no chart scale from %g to %g", min, max),
						errhint("Give finite values, the first not above the "
								"second.")));
	for (i = 0; i < scale.ticks; i++)
		ticks[i] = Float8GetDatum(chart_tick(&scale, i));
	values[0] = Float8GetDatum(scale.low);
	values[1] = Float8GetDatum(scale.high);
	values[2] = Float8GetDatum(scale.step);
	values[3] = Int32GetDatum(scale.decimals);
	values[4] = PointerGetDatum(
		construct_array(ticks, scale.ticks, FLOAT8OID, sizeof(float8),
						FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * The formatted number with a plain space for each narrow no-break space
 * (U+202F, French grouping), for a database whose encoding may not hold
 * it; the rest of the output is ASCII. Returns the new length.
 */
static size_t
plain_spaces(char *s, size_t len)
{
	size_t from = 0;
	size_t to = 0;

	while (from < len)
	{
		if (from + 2 < len && memcmp(s + from, "\xE2\x80\xAF", 3) == 0)
		{
			s[to++] = ' ';
			from += 3;
		}
		else
			s[to++] = s[from++];
	}
	s[to] = '\0';
	return to;
}

PG_FUNCTION_INFO_V1(format_number);
/*
 * format_number(value numeric, decimals integer, language text): the value
 * rounded half away from zero, grouped and marked as the language writes
 * numbers
 */
Datum
format_number(PG_FUNCTION_ARGS)
{
	Datum value = PG_GETARG_DATUM(0);
	int32 decimals = PG_GETARG_INT32(1);
	text *language = PG_GETARG_TEXT_PP(2);
	char *digits;
	char *out;
	size_t size;
	size_t len;
	ChartLocale locale;
	ChartFormatStatus status;

	if (!chart_locale(VARDATA_ANY(language), VARSIZE_ANY_EXHDR(language),
					  &locale))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("no number format for language \"%s\"",
							   text_to_cstring(language)),
						errhint("Give en, de, fr or zh.")));
	if (decimals < 0 || decimals > CHART_MAX_DECIMALS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot format a number with %d decimals", decimals),
				 errhint("Give 0 to %d.", CHART_MAX_DECIMALS)));
	digits = DatumGetCString(DirectFunctionCall1(numeric_out, value));
	size = CHART_FORMAT_SIZE(strlen(digits), decimals);
	out = palloc(size);
	status = chart_format_decimal(digits, strlen(digits), decimals, locale,
								  out, size, &len);
	if (status != CHART_FORMAT_OK)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("cannot format the number %s", digits),
						errdetail("Only finite numbers with at most %d digits "
								  "before the decimal point are formatted.",
								  CHART_MAX_INTEGER_DIGITS)));
	if (GetDatabaseEncoding() != PG_UTF8)
		len = plain_spaces(out, len);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, len));
}
