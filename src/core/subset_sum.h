/*
 * subset_sum.h
 *		Bounded search for the open items one payment settles.
 *
 * Plain C (no postgres.h). Customers who pay several invoices with one
 * transfer usually pay the oldest ones, in full, sometimes less a bank
 * fee. The search looks for subsets of a customer's open items (given
 * oldest first) whose sum lies within [target, target + tolerance] (the
 * payment is exact, or short by at most the tolerance), by
 * depth-first search with pruning, and stops after a budget of nodes so
 * that a customer with hundreds of open items cannot stall a run.
 */
#ifndef AR2C_CORE_SUBSET_SUM_H
#define AR2C_CORE_SUBSET_SUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At most this many items take part; older ones first */
#define SUBSET_MAX_ITEMS 64

typedef enum SubsetStatus
{
	SUBSET_FOUND = 0, /* one best subset; see ambiguous */
	SUBSET_NONE,      /* no subset within the tolerance */
	SUBSET_BUDGET,    /* the node budget ran out before any was found */
	SUBSET_BAD_INPUT  /* negative amounts or tolerance, n too large */
} SubsetStatus;

typedef struct SubsetResult
{
	uint64_t chosen;   /* bit i set: item i is in the subset */
	int count;         /* number of items chosen */
	int64_t sum;       /* their sum */
	int64_t shortfall; /* sum - target, within [0, tolerance] */
	bool ambiguous;    /* another subset is as good: do not apply blindly */
	bool exhausted;    /* the budget ran out: better ones may exist */
	long nodes;        /* nodes visited */
} SubsetResult;

/*
 * Find the best subset of amounts[0..n-1] (positive, oldest first) summing
 * to within [target, target + tolerance]. Best means: smallest shortfall,
 * then fewest items, then the oldest items (lexicographically earliest).
 * Visits at most max_nodes nodes of the search tree.
 */
extern SubsetStatus subset_sum_find(const int64_t *amounts, int n,
									int64_t target, int64_t tolerance,
									long max_nodes, SubsetResult *result);

#endif /* AR2C_CORE_SUBSET_SUM_H */
