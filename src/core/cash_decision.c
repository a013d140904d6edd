/*
 * cash_decision.c
 *		What apply_cash decides by (see cash_decision.h)
 */
#include "core/cash_decision.h"

#include <stdlib.h>

#define DOUBT_FACTOR 0.8
#define NAME_LIKE    0.85 /* below: the name is not much like it */

static const CashCandidate *
candidate_of(const CashCandidate *candidates, int n, int64_t customer_id)
{
	int i;

	for (i = 0; i < n; i++)
		if (candidates[i].customer_id == customer_id)
			return &candidates[i];
	return NULL;
}

/*
 * A reference the payment does not settle, from a payer whose account
 * and name do not tie it to the customer, may be a mistyped number that
 * hits another customer's invoice. One the amount settles is no typo: a
 * treasury or a factor paying for another customer names its invoices.
 */
static double
confidence_of(const CashCandidate *c, const CashAllocation *row)
{
	bool doubt = row->rule == CASH_RULE_REFERENCE && !row->settles &&
				 !c->by_account && c->similarity < NAME_LIKE;

	return c->evidence * row->fit * (doubt ? DOUBT_FACTOR : 1);
}

/* Best first: confidence, then the customer's rank, then the row's order */
static int
compare_choices(const void *a, const void *b)
{
	const CashChoice *x = *(const CashChoice *const *) a;
	const CashChoice *y = *(const CashChoice *const *) b;

	if (x->confidence != y->confidence)
		return x->confidence < y->confidence ? 1 : -1;
	if (x->candidate->rank != y->candidate->rank)
		return x->candidate->rank < y->candidate->rank ? -1 : 1;
	return (x > y) - (x < y);
}

bool
cash_decide(const CashCandidate *candidates, int ncandidates,
			const CashAllocation *rows, int n, CashChoice *choices)
{
	CashChoice **order;
	int64_t best_customer;
	double runner_up = 0; /* the best of any other customer, 0 if none */
	bool other = false;
	int i;

	if (n == 0)
		return true;
	order = malloc(n * sizeof(CashChoice *));
	if (order == NULL)
		return false;
	for (i = 0; i < n; i++)
	{
		CashChoice *ch = &choices[i];

		ch->candidate =
			candidate_of(candidates, ncandidates, rows[i].customer_id);
		if (ch->candidate == NULL)
		{
			free(order);
			return false;
		}
		ch->confidence = confidence_of(ch->candidate, &rows[i]);
		order[i] = ch;
	}
	qsort(order, n, sizeof(CashChoice *), compare_choices);
	best_customer = order[0]->candidate->customer_id;
	for (i = 0; i < n; i++)
	{
		order[i]->rank = i + 1;
		if (order[i]->candidate->customer_id != best_customer &&
			(!other || order[i]->confidence > runner_up))
		{
			runner_up = order[i]->confidence;
			other = true;
		}
	}
	for (i = 0; i < n; i++)
		choices[i].margin = choices[i].confidence -
							(choices[i].candidate->customer_id == best_customer
								 ? runner_up
								 : order[0]->confidence);
	free(order);
	return true;
}
