/*
 * array_argument.c
 *		The elements of an array argument of an internal function, and
 *		the check that parallel arrays are of one length, with the errors
 *		a caller gets for a bad one.
 */
#include "ar2c.h"

#include "utils/lsyscache.h"

int
array_argument(ArrayType *arr, const char *function, const char *name,
			   bool nulls_allowed, Datum **elems, bool **nulls)
{
	int16 len;
	bool byval;
	char align;
	int n;
	int i;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s of %s must be one-dimensional", name, function)));
	get_typlenbyvalalign(ARR_ELEMTYPE(arr), &len, &byval, &align);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), len, byval, align, elems, nulls,
					  &n);
	if (!nulls_allowed)
		for (i = 0; i < n; i++)
			if ((*nulls)[i])
				ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
								errmsg("%s of %s has a NULL at %d", name,
									   function, i + 1)));
	return n;
}

void
array_lengths_match(const char *function, const char *first_name, int first,
					const char *name, int n)
{
	if (n != first)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("%s needs one element per item in each array: "
							   "%s has %d, %s has %d",
							   function, first_name, first, name, n)));
}
