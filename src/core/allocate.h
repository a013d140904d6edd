/*
 * allocate.h
 *		Split an amount by ratios so that the parts add up exactly.
 */
#ifndef AR2C_CORE_ALLOCATE_H
#define AR2C_CORE_ALLOCATE_H

#include "core/money_cur.h"

typedef enum AllocateStatus
{
	ALLOCATE_OK = 0,
	ALLOCATE_NO_RATIOS,      /* n == 0 */
	ALLOCATE_NEGATIVE_RATIO, /* ratios[bad_index] < 0 */
	ALLOCATE_ZERO_TOTAL,     /* every ratio is 0 */
	ALLOCATE_OVERFLOW        /* ratios too large to scale exactly */
} AllocateStatus;

/* Per-part scratch the caller provides: n of these */
typedef struct AllocateSlot
{
	ar2c_int128 remainder;
	size_t index;
} AllocateSlot;

/*
 * Split units into n parts proportional to ratios (non-negative integers,
 * already brought to one scale), by the largest-remainder method: each
 * part gets the floor of its exact share, and the units left over go one
 * each to the parts with the largest remainders (earlier parts first on a
 * tie). A negative amount is split as its magnitude, then negated, so
 * sum(parts) == units always.
 */
extern AllocateStatus money_allocate(int64_t units, const ar2c_int128 *ratios,
									 size_t n, int64_t *parts,
									 AllocateSlot *scratch, size_t *bad_index);

#endif /* AR2C_CORE_ALLOCATE_H */
