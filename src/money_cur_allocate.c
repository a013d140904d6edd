/*
 * money_cur_allocate.c
 *		allocate(money_cur, numeric[]): split an amount exactly by ratios.
 *
 * The ratios are brought to one decimal scale and handed to the plain-C
 * largest-remainder split as 128-bit integers, so no rounding happens
 * anywhere and the parts always sum to the amount.
 */
#include "money_cur.h"

#include "catalog/pg_type.h"
#include "core/allocate.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

/* Raise the error for ratios that cannot be scaled exactly */
static void
allocate_overflow_error(void)
{
	ereport(
		ERROR,
		(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
		 errmsg(
			 "allocation ratios are too large or too precise to split exactly"),
		 errhint(
			 "Use ratios with fewer digits, such as percentages with up to 10 decimal places.")));
}

PG_FUNCTION_INFO_V1(money_cur_allocate);
/* Split an amount by ratios; see core/allocate.h for the method */
Datum
money_cur_allocate(PG_FUNCTION_ARGS)
{
	MoneyCur m = PG_GETARG_MONEY_CUR(0);
	ArrayType *arr = PG_GETARG_ARRAYTYPE_P(1);
	Datum *elems;
	bool *nulls;
	int n;
	int i;
	int max_scale = 0;
	int *scales;
	ar2c_int128 *ratios;
	int64 *parts;
	AllocateSlot *scratch;
	Datum *out;
	size_t bad = 0;
	AllocateStatus status;
	Oid elemtype;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("allocation ratios must be a one-dimensional array")));
	deconstruct_array(arr, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &nulls,
					  &n);
	if (n == 0)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot allocate %s over no ratios", money_cur_text(m)),
			 errhint("Pass at least one ratio, such as ARRAY[1, 1, 1].")));

	ratios = palloc(n * sizeof(ar2c_int128));
	scales = palloc(n * sizeof(int));
	for (i = 0; i < n; i++)
	{
		char *text;

		if (nulls[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("allocation ratio %d is NULL", i + 1)));
		text = DatumGetCString(DirectFunctionCall1(numeric_out, elems[i]));
		if (!decimal_parse(text, strlen(text), &ratios[i], &scales[i]))
		{
			if (numeric_is_nan(DatumGetNumeric(elems[i])) ||
				numeric_is_inf(DatumGetNumeric(elems[i])))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid allocation ratio %s at position %d",
								text, i + 1)));
			allocate_overflow_error();
		}
		max_scale = Max(max_scale, scales[i]);
	}
	/* bring every ratio to the largest scale */
	for (i = 0; i < n; i++)
	{
		int k;

		for (k = scales[i]; k < max_scale; k++)
			if (__builtin_mul_overflow(ratios[i], 10, &ratios[i]))
				allocate_overflow_error();
	}

	parts = palloc(n * sizeof(int64));
	scratch = palloc(n * sizeof(AllocateSlot));
	status = money_allocate(m.units, ratios, n, parts, scratch, &bad);
	switch (status)
	{
		case ALLOCATE_OK:
			break;
		case ALLOCATE_NEGATIVE_RATIO:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid allocation ratio %s at position %d",
							DatumGetCString(
								DirectFunctionCall1(numeric_out, elems[bad])),
							(int) bad + 1),
					 errdetail("Ratios must be zero or positive.")));
			break;
		case ALLOCATE_ZERO_TOTAL:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot allocate over ratios that are all zero")));
			break;
		case ALLOCATE_NO_RATIOS:
		case ALLOCATE_OVERFLOW:
			allocate_overflow_error();
			break;
	}

	out = palloc(n * sizeof(Datum));
	for (i = 0; i < n; i++)
	{
		MoneyCur part = { parts[i], m.currency };

		out[i] = money_to_datum(part);
	}
	elemtype = get_element_type(get_fn_expr_rettype(fcinfo->flinfo));
	if (!OidIsValid(elemtype))
		elog(ERROR, "could not determine the result type of allocate()");
	PG_RETURN_ARRAYTYPE_P(construct_array(
		out, n, elemtype, MONEY_CUR_DATUM_SIZE, false, TYPALIGN_SHORT));
}
