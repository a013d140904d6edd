/*
 * aging_bucket.c
 *		The aging_bucket SQL type: input, output, binary form, bucketing by
 *		days or dates, bounds, the list of buckets, and the
 *		ar2c.aging_boundaries GUC.
 *
 * A bucket is the packed int64 of core/aging_bucket.h, passed by value, so
 * comparison, hashing and sorting are those of int8 and are declared in
 * SQL over the built-in int8 functions.  The GUC is parsed once, by its
 * check hook; the functions that read it use the parsed copy.
 */
#include "ar2c.h"

#include "core/aging_bucket.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"

/* First byte of the binary form, so the format can change later */
#define AGING_BUCKET_BINARY_VERSION 1

#define PG_GETARG_AGING_BUCKET(n) ((AgingBucket) PG_GETARG_INT64(n))
#define PG_RETURN_AGING_BUCKET(b) PG_RETURN_INT64((int64) (b))

#define LABEL_HINT \
	"Write \"not due\", a range of days such as \"1-30\", or \"over 120\"."

/* ar2c.aging_boundaries as text, and as parsed by its check hook */
static char *aging_boundaries_setting = NULL;
static const AgingBoundaries aging_default_boundaries = {
	4, { 30, 60, 90, 120 }
};
static const AgingBoundaries *aging_current = &aging_default_boundaries;

/*
 * Say what is wrong with a boundary list, as a sentence for errdetail.
 * text is the list as written, or NULL when it came as numbers.
 */
static char *
boundaries_problem(AgingStatus status, const AgingError *err, const char *text)
{
	char *culprit;

	if (text != NULL && err->length > 0)
		culprit =
			psprintf("\"%.*s\"", (int) err->length, text + err->position);
	else
		culprit = psprintf("%lld", (long long) err->value);

	switch (status)
	{
		case AGING_OK:
			break;
		case AGING_EMPTY:
			return pstrdup("The list of boundaries is empty.");
		case AGING_SYNTAX:
			if (err->length == 0)
				return psprintf("Boundary %d is missing.", err->index + 1);
			return psprintf("Boundary %d, %s, is not a whole number of days.",
							err->index + 1, culprit);
		case AGING_OUT_OF_RANGE:
			return psprintf(
				"Boundary %d, %s, is too large: the largest allowed is %lld.",
				err->index + 1, culprit, (long long) err->limit);
		case AGING_NOT_POSITIVE:
			return psprintf(
				"Boundary %d, %s, is not positive: boundaries count days past due and start at 1.",
				err->index + 1, culprit);
		case AGING_NOT_INCREASING:
			return psprintf(
				"Boundary %d, %s, is not greater than the boundary before it, %lld.",
				err->index + 1, culprit, (long long) err->previous);
		case AGING_TOO_MANY:
			return psprintf("There are more than %d boundaries.",
							AGING_MAX_BOUNDARIES);
		case AGING_BAD_RANGE:
			break;
	}
	elog(ERROR, "unexpected aging boundaries status %d", (int) status);
	return NULL; /* keep the compiler quiet */
}

/* Check a new value of ar2c.aging_boundaries and keep its parsed form */
static bool
aging_boundaries_check_hook(char **newval, void **extra, GucSource source)
{
	AgingBoundaries parsed;
	AgingBoundaries *copy;
	AgingError err;
	AgingStatus status;

	if (*newval == NULL)
		return false;
	status = aging_boundaries_parse(*newval, strlen(*newval), &parsed, &err);
	if (status != AGING_OK)
	{
		GUC_check_errdetail("%s", boundaries_problem(status, &err, *newval));
		GUC_check_errhint(
			"Give 1 to %d whole numbers of days in increasing order, such as '30,60,90,120'.",
			AGING_MAX_BOUNDARIES);
		return false;
	}

	/* the GUC machinery frees extra with free(), so it is malloc'd */
	copy = malloc(sizeof(AgingBoundaries));
	if (copy == NULL)
	{
		GUC_check_errcode(ERRCODE_OUT_OF_MEMORY);
		GUC_check_errmsg("out of memory");
		return false;
	}
	*copy = parsed;
	*extra = copy;
	return true;
}

/* Make the checked value of ar2c.aging_boundaries the one in force */
static void
aging_boundaries_assign_hook(const char *newval, void *extra)
{
	aging_current = (const AgingBoundaries *) extra;
}

/* Define ar2c.aging_boundaries */
void
aging_bucket_define_gucs(void)
{
	DefineCustomStringVariable(
		"ar2c.aging_boundaries",
		"Upper boundaries, in days past due, of the aging buckets.",
		"A comma-separated list of 1 to 16 increasing positive whole numbers; '30,60,90,120' gives not due, 1-30, 31-60, 61-90, 91-120 and over 120.",
		&aging_boundaries_setting, AGING_DEFAULT_BOUNDARIES, PGC_USERSET, 0,
		aging_boundaries_check_hook, aging_boundaries_assign_hook, NULL);
}

/*
 * Read boundaries given as an integer[]: one dimension, no NULLs, then the
 * checks of a boundary list; raises 22023 naming the array otherwise.
 */
void
aging_boundaries_from_array(ArrayType *array, AgingBoundaries *out)
{
	int ndim = ARR_NDIM(array);
	int n = ArrayGetNItems(ndim, ARR_DIMS(array));
	AgingError err;
	AgingStatus status;

	if (ARR_ELEMTYPE(array) != INT4OID)
		elog(ERROR, "aging boundaries must be integer[], not type %u",
			 ARR_ELEMTYPE(array));
	if (ndim > 1)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg(
				 "invalid aging boundaries \"%s\"",
				 OidOutputFunctionCall(F_ARRAY_OUT, PointerGetDatum(array))),
			 errdetail("The array has %d dimensions; boundaries are a list.",
					   ndim),
			 errhint(
				 "Pass a one-dimensional array such as '{30,60,90,120}'.")));
	if (array_contains_nulls(array))
	{
		bits8 *bitmap = ARR_NULLBITMAP(array);
		int i;

		for (i = 0; i < n; i++)
			if (!(bitmap[i / 8] & (1 << (i % 8))))
				break;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid aging boundaries \"%s\"",
						OidOutputFunctionCall(F_ARRAY_OUT,
											  PointerGetDatum(array))),
				 errdetail("Boundary %d is null.", i + 1),
				 errhint("Remove the null, or give a number of days.")));
	}

	status = aging_boundaries_set((const int32_t *) ARR_DATA_PTR(array),
								  (size_t) n, out, &err);
	if (status != AGING_OK)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg(
				 "invalid aging boundaries \"%s\"",
				 OidOutputFunctionCall(F_ARRAY_OUT, PointerGetDatum(array))),
			 errdetail("%s", boundaries_problem(status, &err, NULL)),
			 errhint(
				 "Give 1 to %d whole numbers of days in increasing order, such as '{30,60,90,120}'.",
				 AGING_MAX_BOUNDARIES)));
}

/* Days from due to as_of; both must be finite */
static int64
days_past_due(DateADT due, DateADT as_of)
{
	if (DATE_NOT_FINITE(due) || DATE_NOT_FINITE(as_of))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("cannot compute days past due from due date %s to %s",
						DatumGetCString(DirectFunctionCall1(
							date_out, DateADTGetDatum(due))),
						DatumGetCString(DirectFunctionCall1(
							date_out, DateADTGetDatum(as_of)))),
				 errdetail("Days past due are undefined for infinite dates."),
				 errhint("Use finite dates.")));
	return (int64) as_of - (int64) due;
}

/* Raise the error for a label that does not parse */
static void
label_error(AgingStatus status, const AgingError *err, const char *text)
{
	const char *detail = NULL;

	switch (status)
	{
		case AGING_OK:
			return;
		case AGING_EMPTY:
			detail = "The input is empty.";
			break;
		case AGING_SYNTAX:
			detail = "A bucket is \"not due\", \"N-M\" or \"over N\", in days "
					 "past due.";
			break;
		case AGING_OUT_OF_RANGE:
			detail = psprintf(
				"The number %.*s is too large: the largest allowed is %lld.",
				(int) err->length, text + err->position,
				(long long) err->limit);
			break;
		case AGING_BAD_RANGE:
			if (err->value < 1)
				detail =
					"A range of days past due starts at day 1 or later; day 0 and before are \"not due\".";
			else
				detail = psprintf(
					"The range starts at day %lld, after its end at day %lld.",
					(long long) err->value, (long long) err->range_end);
			break;
		case AGING_NOT_POSITIVE:
		case AGING_NOT_INCREASING:
		case AGING_TOO_MANY:
			elog(ERROR, "unexpected aging bucket status %d", (int) status);
	}
	ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					errmsg("invalid aging bucket \"%s\"", text),
					errdetail("%s", detail), errhint(LABEL_HINT)));
}

/* Parse a label or raise */
static AgingBucket
bucket_from_text(const char *text, size_t len)
{
	AgingBucket b = 0;
	AgingError err;
	AgingStatus status = aging_bucket_parse(text, len, &b, &err);

	if (status != AGING_OK)
		label_error(status, &err, text);
	return b;
}

PG_FUNCTION_INFO_V1(aging_bucket_in);
/* Read a label: 'not due', '1-30', 'over 120' (any case) */
Datum
aging_bucket_in(PG_FUNCTION_ARGS)
{
	char *text = PG_GETARG_CSTRING(0);

	PG_RETURN_AGING_BUCKET(bucket_from_text(text, strlen(text)));
}

PG_FUNCTION_INFO_V1(aging_bucket_out);
/* Write the label */
Datum
aging_bucket_out(PG_FUNCTION_ARGS)
{
	char *buf = palloc(AGING_LABEL_MAX);

	aging_bucket_format(PG_GETARG_AGING_BUCKET(0), buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(aging_bucket_recv);
/* Binary input: version byte, int32 lower bound, int32 upper bound */
Datum
aging_bucket_recv(PG_FUNCTION_ARGS)
{
	StringInfo buf = (StringInfo) PG_GETARG_POINTER(0);
	int version = pq_getmsgbyte(buf);
	int32 lower;
	int32 upper;
	AgingBucket b;

	if (version != AGING_BUCKET_BINARY_VERSION)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("unsupported binary format version %d for aging_bucket",
					version),
			 errhint("This build of ar2c reads version %d.",
					 AGING_BUCKET_BINARY_VERSION)));
	lower = pq_getmsgint(buf, 4);
	upper = pq_getmsgint(buf, 4);
	b = aging_bucket_make(lower, upper);
	if (!aging_bucket_valid(b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid aging bucket from day %d to day %d", lower,
						upper),
				 errdetail("A bucket is \"not due\" (lower bound %d, upper "
						   "bound 0) or has 1 <= lower <= upper.",
						   AGING_OPEN_LOWER)));
	PG_RETURN_AGING_BUCKET(b);
}

PG_FUNCTION_INFO_V1(aging_bucket_send);
/* Binary output */
Datum
aging_bucket_send(PG_FUNCTION_ARGS)
{
	AgingBucket b = PG_GETARG_AGING_BUCKET(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, AGING_BUCKET_BINARY_VERSION);
	pq_sendint32(&buf, aging_bucket_lower(b));
	pq_sendint32(&buf, aging_bucket_upper(b));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(aging_bucket_of_days);
/* Bucket of a day count by ar2c.aging_boundaries */
Datum
aging_bucket_of_days(PG_FUNCTION_ARGS)
{
	PG_RETURN_AGING_BUCKET(aging_bucket_of(PG_GETARG_INT32(0), aging_current));
}

PG_FUNCTION_INFO_V1(aging_bucket_of_dates);
/* Bucket of an item due on a date, as of a date, by ar2c.aging_boundaries */
Datum
aging_bucket_of_dates(PG_FUNCTION_ARGS)
{
	int64 days = days_past_due(PG_GETARG_DATEADT(0), PG_GETARG_DATEADT(1));

	PG_RETURN_AGING_BUCKET(aging_bucket_of(days, aging_current));
}

PG_FUNCTION_INFO_V1(aging_bucket_of_days_boundaries);
/* Bucket of a day count by explicit boundaries */
Datum
aging_bucket_of_days_boundaries(PG_FUNCTION_ARGS)
{
	AgingBoundaries bounds;

	aging_boundaries_from_array(PG_GETARG_ARRAYTYPE_P(1), &bounds);
	PG_RETURN_AGING_BUCKET(aging_bucket_of(PG_GETARG_INT32(0), &bounds));
}

PG_FUNCTION_INFO_V1(aging_bucket_of_dates_boundaries);
/* Bucket of an item due on a date, as of a date, by explicit boundaries */
Datum
aging_bucket_of_dates_boundaries(PG_FUNCTION_ARGS)
{
	int64 days = days_past_due(PG_GETARG_DATEADT(0), PG_GETARG_DATEADT(1));
	AgingBoundaries bounds;

	aging_boundaries_from_array(PG_GETARG_ARRAYTYPE_P(2), &bounds);
	PG_RETURN_AGING_BUCKET(aging_bucket_of(days, &bounds));
}

PG_FUNCTION_INFO_V1(aging_bucket_lower_sql);
/* First day of a bucket; NULL for "not due", which has no first day */
Datum
aging_bucket_lower_sql(PG_FUNCTION_ARGS)
{
	int32 lower = aging_bucket_lower(PG_GETARG_AGING_BUCKET(0));

	if (lower == AGING_OPEN_LOWER)
		PG_RETURN_NULL();
	PG_RETURN_INT32(lower);
}

PG_FUNCTION_INFO_V1(aging_bucket_upper_sql);
/* Last day of a bucket; NULL for the open "over N" bucket */
Datum
aging_bucket_upper_sql(PG_FUNCTION_ARGS)
{
	int32 upper = aging_bucket_upper(PG_GETARG_AGING_BUCKET(0));

	if (upper == AGING_OPEN_UPPER)
		PG_RETURN_NULL();
	PG_RETURN_INT32(upper);
}

/* Return every bucket of a boundary list with its 1-based ordinal */
static Datum
buckets_of(FunctionCallInfo fcinfo, const AgingBoundaries *bounds)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int n = aging_bucket_count(bounds);
	int i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n; i++)
	{
		Datum values[2];
		bool nulls[2] = { false, false };

		values[0] = Int32GetDatum(i + 1);
		values[1] = Int64GetDatum(aging_bucket_at(bounds, i));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(aging_buckets_configured);
/* The buckets of ar2c.aging_boundaries, in order */
Datum
aging_buckets_configured(PG_FUNCTION_ARGS)
{
	return buckets_of(fcinfo, aging_current);
}

PG_FUNCTION_INFO_V1(aging_buckets_of_boundaries);
/* The buckets of explicit boundaries, in order */
Datum
aging_buckets_of_boundaries(PG_FUNCTION_ARGS)
{
	AgingBoundaries bounds;

	aging_boundaries_from_array(PG_GETARG_ARRAYTYPE_P(0), &bounds);
	return buckets_of(fcinfo, &bounds);
}
