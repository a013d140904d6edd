/*
 * cash_subset_sum.c
 *		ar2c.subset_sum(): which open items one payment settles (SQL wrapper
 *		of core/subset_sum.c).
 */
#include "ar2c.h"

#include "catalog/pg_type.h"
#include "core/subset_sum.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(cash_subset_sum);
/* The best subset of amounts (oldest first) for a target, within a tolerance */
Datum
cash_subset_sum(PG_FUNCTION_ARGS)
{
	int64 target = PG_GETARG_INT64(0);
	ArrayType *arr = PG_GETARG_ARRAYTYPE_P(1);
	int64 tolerance = PG_GETARG_INT64(2);
	int32 max_nodes = PG_GETARG_INT32(3);
	TupleDesc desc;
	Datum values[5];
	bool nulls[5] = { false, false, false, false, false };
	Datum *elems;
	bool *elem_nulls;
	int n;
	int64 amounts[SUBSET_MAX_ITEMS];
	SubsetResult result;
	SubsetStatus status;
	int i;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "subset_sum must return a composite");
	desc = BlessTupleDesc(desc);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("amounts must be a one-dimensional array")));
	deconstruct_array(arr, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
					  TYPALIGN_DOUBLE, &elems, &elem_nulls, &n);
	if (n > SUBSET_MAX_ITEMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("subset_sum takes at most %d amounts, not %d",
						SUBSET_MAX_ITEMS, n),
				 errhint("Pass the oldest %d open items.", SUBSET_MAX_ITEMS)));
	for (i = 0; i < n; i++)
	{
		if (elem_nulls[i] || DatumGetInt64(elems[i]) <= 0)
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("amount %d of subset_sum must be positive",
								   i + 1)));
		amounts[i] = DatumGetInt64(elems[i]);
	}
	if (target <= 0 || tolerance < 0 || max_nodes <= 0)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg(
				 "subset_sum needs a positive target and node budget and a tolerance of at least 0")));

	status =
		subset_sum_find(amounts, n, target, tolerance, max_nodes, &result);
	values[0] = CStringGetTextDatum(status == SUBSET_FOUND    ? "found"
									: status == SUBSET_BUDGET ? "budget"
															  : "none");
	if (status == SUBSET_FOUND)
	{
		Datum positions[SUBSET_MAX_ITEMS];
		int k = 0;

		for (i = 0; i < n; i++)
			if (result.chosen & ((uint64) 1 << i))
				positions[k++] = Int32GetDatum(i + 1);
		values[1] = PointerGetDatum(construct_array(
			positions, k, INT4OID, sizeof(int32), true, TYPALIGN_INT));
		values[2] = Int64GetDatum(result.sum);
		values[3] = Int64GetDatum(result.shortfall);
		values[4] = BoolGetDatum(result.ambiguous || result.exhausted);
	}
	else
		nulls[1] = nulls[2] = nulls[3] = nulls[4] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
