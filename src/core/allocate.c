/*
 * allocate.c
 *		Largest-remainder split of an amount (plain C)
 */
#include "core/allocate.h"

#include <stdlib.h>

/* Order slots by remainder, largest first, then by position */
static int
slot_cmp(const void *a, const void *b)
{
	const AllocateSlot *x = a;
	const AllocateSlot *y = b;

	if (x->remainder != y->remainder)
		return x->remainder > y->remainder ? -1 : 1;
	return x->index < y->index ? -1 : (x->index > y->index);
}

/* Split units by ratios; see allocate.h */
AllocateStatus
money_allocate(int64_t units, const ar2c_int128 *ratios, size_t n,
			   int64_t *parts, AllocateSlot *scratch, size_t *bad_index)
{
	ar2c_int128 total = 0;
	ar2c_int128 magnitude = units < 0 ? -(ar2c_int128) units : units;
	ar2c_int128 given = 0;
	ar2c_int128 left;
	size_t i;

	if (n == 0)
		return ALLOCATE_NO_RATIOS;
	for (i = 0; i < n; i++)
	{
		if (ratios[i] < 0)
		{
			*bad_index = i;
			return ALLOCATE_NEGATIVE_RATIO;
		}
		if (__builtin_add_overflow(total, ratios[i], &total))
			return ALLOCATE_OVERFLOW;
	}
	if (total == 0)
		return ALLOCATE_ZERO_TOTAL;

	for (i = 0; i < n; i++)
	{
		ar2c_int128 share;

		if (__builtin_mul_overflow(magnitude, ratios[i], &share))
			return ALLOCATE_OVERFLOW;
		parts[i] = (int64_t) (share / total);
		scratch[i].remainder = share % total;
		scratch[i].index = i;
		given += parts[i];
	}

	/* fewer than n units are left: one each to the largest remainders */
	left = magnitude - given;
	qsort(scratch, n, sizeof(AllocateSlot), slot_cmp);
	for (i = 0; left > 0; i++, left--)
		parts[scratch[i].index]++;

	if (units < 0)
		for (i = 0; i < n; i++)
			parts[i] = -parts[i];
	return ALLOCATE_OK;
}
