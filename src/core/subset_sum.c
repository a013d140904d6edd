/*
 * subset_sum.c
 *		Depth-first subset-sum over open items with pruning and a budget
 */
#include "core/subset_sum.h"

#include <string.h>

typedef struct Search
{
	const int64_t *amounts;
	int n;
	int64_t target;
	int64_t tolerance;
	long max_nodes;
	int64_t suffix[SUBSET_MAX_ITEMS + 1]; /* sum of amounts[i..n-1] */
	SubsetResult best;
	bool have_best;
	long nodes;
	bool out_of_budget;
} Search;

/* Record a subset that lands within the tolerance */
static void
consider(Search *s, uint64_t chosen, int count, int64_t sum)
{
	int64_t shortfall = sum - s->target;

	if (s->have_best)
	{
		/* the same subset, seen again from a node that skipped an item */
		if (chosen == s->best.chosen)
			return;
		/* worse on shortfall or size: ignore */
		if (shortfall > s->best.shortfall ||
			(shortfall == s->best.shortfall && count > s->best.count))
			return;
		/* as good: a person should choose; keep the older items first */
		if (shortfall == s->best.shortfall && count == s->best.count)
		{
			uint64_t diff = chosen ^ s->best.chosen;
			uint64_t lowest = diff & (~diff + 1);

			s->best.ambiguous = true;
			if (chosen & lowest)
				s->best.chosen = chosen;
			return;
		}
	}
	s->have_best = true;
	s->best.chosen = chosen;
	s->best.count = count;
	s->best.sum = sum;
	s->best.shortfall = shortfall;
	s->best.ambiguous = false;
}

/* Explore items from i on, with the subset so far */
static void
search(Search *s, int i, uint64_t chosen, int count, int64_t sum)
{
	if (s->nodes >= s->max_nodes)
	{
		s->out_of_budget = true;
		return;
	}
	s->nodes++;
	if (sum >= s->target && sum <= s->target + s->tolerance && count > 0)
		consider(s, chosen, count, sum);
	if (i >= s->n)
		return;
	/* even taking everything left cannot reach the target */
	if (sum + s->suffix[i] < s->target)
		return;
	/* an exact match with fewer items is already known: no deeper subset beats it */
	if (s->have_best && s->best.shortfall == 0 && count + 1 > s->best.count)
		return;
	if (sum + s->amounts[i] <= s->target + s->tolerance)
		search(s, i + 1, chosen | ((uint64_t) 1 << i), count + 1,
			   sum + s->amounts[i]);
	search(s, i + 1, chosen, count, sum);
}

/* Find the best subset; see subset_sum.h */
SubsetStatus
subset_sum_find(const int64_t *amounts, int n, int64_t target,
				int64_t tolerance, long max_nodes, SubsetResult *result)
{
	Search s;
	int i;

	memset(result, 0, sizeof(*result));
	if (n < 0 || n > SUBSET_MAX_ITEMS || tolerance < 0 || target <= 0 ||
		tolerance > INT64_MAX / 2 || target > INT64_MAX / 2 || max_nodes <= 0)
		return SUBSET_BAD_INPUT;
	memset(&s, 0, sizeof(s));
	s.amounts = amounts;
	s.n = n;
	s.target = target;
	s.tolerance = tolerance;
	s.max_nodes = max_nodes;
	s.suffix[n] = 0;
	for (i = n - 1; i >= 0; i--)
	{
		if (amounts[i] <= 0 || amounts[i] > INT64_MAX / SUBSET_MAX_ITEMS)
			return SUBSET_BAD_INPUT;
		s.suffix[i] = s.suffix[i + 1] + amounts[i];
	}
	search(&s, 0, 0, 0, 0);
	result->nodes = s.nodes;
	result->exhausted = s.out_of_budget;
	if (!s.have_best)
		return s.out_of_budget ? SUBSET_BUDGET : SUBSET_NONE;
	*result = s.best;
	result->nodes = s.nodes;
	result->exhausted = s.out_of_budget;
	return SUBSET_FOUND;
}
