/*
 * bucket_vector.c
 *		Per-bucket totals as bigint[] vectors, for the maintained
 *		ar2c.customer_balance_total: the position of a bucket in a company's
 *		boundaries, a vector sum aggregate, and element-wise addition.
 */
#include "ar2c.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/lsyscache.h"

PG_FUNCTION_INFO_V1(aging_position);
/* 1-based position of a bucket among the buckets of a boundary list */
Datum
aging_position(PG_FUNCTION_ARGS)
{
	AgingBucket bucket = (AgingBucket) PG_GETARG_INT64(0);
	AgingBoundaries bounds;
	int32 lower = aging_bucket_lower(bucket);
	int i;

	aging_boundaries_from_array(PG_GETARG_ARRAYTYPE_P(1), &bounds);
	if (lower == AGING_OPEN_LOWER)
		PG_RETURN_INT32(1);
	/* bucket k (k >= 1) starts the day after boundary k-1 (day 1 for k = 1) */
	for (i = 0; i < bounds.count; i++)
		if (lower <= bounds.days[i])
			PG_RETURN_INT32(i + 2);
	PG_RETURN_INT32(bounds.count + 2);
}

/* A one-dimensional bigint[] of n zeros */
static ArrayType *
zero_vector(int n)
{
	Datum *zeros = palloc0(sizeof(Datum) * Max(n, 1));
	int i;

	for (i = 0; i < n; i++)
		zeros[i] = Int64GetDatum(0);
	return construct_array(zeros, n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
						   TYPALIGN_DOUBLE);
}

/* Elements of a bigint[] without NULLs, or an error */
static int64 *
vector_data(ArrayType *a, int *n)
{
	if (ARR_NDIM(a) > 1 || array_contains_nulls(a) ||
		ARR_ELEMTYPE(a) != INT8OID)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg(
				 "a bucket vector must be a one-dimensional bigint[] without NULLs")));
	*n = ARR_NDIM(a) == 0 ? 0 : ARR_DIMS(a)[0];
	return (int64 *) ARR_DATA_PTR(a);
}

/* Element-wise a + b, the shorter padded with zeros */
static ArrayType *
vector_add(ArrayType *a, ArrayType *b)
{
	int na;
	int nb;
	int64 *da = vector_data(a, &na);
	int64 *db = vector_data(b, &nb);
	ArrayType *sum = zero_vector(Max(na, nb));
	int64 *ds = (int64 *) ARR_DATA_PTR(sum);
	int i;

	for (i = 0; i < na; i++)
		ds[i] = da[i];
	for (i = 0; i < nb; i++)
		if (__builtin_add_overflow(ds[i], db[i], &ds[i]))
			ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							errmsg("bucket total out of range")));
	return sum;
}

PG_FUNCTION_INFO_V1(bucket_vector_add);
/* Element-wise sum of two bucket vectors */
Datum
bucket_vector_add(PG_FUNCTION_ARGS)
{
	PG_RETURN_ARRAYTYPE_P(
		vector_add(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1)));
}

PG_FUNCTION_INFO_V1(bucket_vector_accum);
/*
 * position_sum(position, value) transition: add value at position, growing
 * the vector as needed; the state is a plain bigint[] updated in place.
 */
Datum
bucket_vector_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	MemoryContext old;
	ArrayType *state;
	int pos;
	int n;
	int64 *d;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(
			ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("bucket_vector_accum can only be called by an aggregate"),
			 errhint(
				 "Use the aggregate ar2c.position_sum(position, value).")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	pos = PG_GETARG_INT32(1);
	if (pos < 1 || pos > AGING_MAX_BUCKETS)
		ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						errmsg("bucket position %d is out of range 1..%d", pos,
							   AGING_MAX_BUCKETS)));

	old = MemoryContextSwitchTo(aggcontext);
	state = PG_ARGISNULL(0) ? zero_vector(pos) : PG_GETARG_ARRAYTYPE_P(0);
	d = vector_data(state, &n);
	if (n < pos)
	{
		state = vector_add(state, zero_vector(pos));
		d = vector_data(state, &n);
	}
	MemoryContextSwitchTo(old);
	if (__builtin_add_overflow(d[pos - 1], PG_GETARG_INT64(2), &d[pos - 1]))
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("bucket total out of range")));
	PG_RETURN_ARRAYTYPE_P(state);
}
