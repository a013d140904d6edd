/*
 * cash_decision.c
 *		What apply_cash decides by (see cash_decision.h)
 */
#include "core/cash_decision.h"

#include <stdlib.h>

#define DOUBT_FACTOR    0.8
#define DOUBT_OTHERS    0.3  /* and the payer's name is another's */
#define NAME_LIKE       0.85 /* below: the name is not much like it */
#define NAME_UNLIKE     0.5  /* below: nothing like it */
#define NAME_OF_ANOTHER 0.92 /* another candidate's name is the payer's */

static const CashCandidate *
candidate_of(const CashCandidate *candidates, int n, int64_t customer_id)
{
	int i;

	for (i = 0; i < n; i++)
		if (candidates[i].customer_id == customer_id)
			return &candidates[i];
	return NULL;
}

/* Whether another candidate's name is the payer's */
static bool
another_named(const CashCandidate *candidates, int n, int64_t customer_id)
{
	int i;

	for (i = 0; i < n; i++)
		if (candidates[i].customer_id != customer_id &&
			candidates[i].similarity >= NAME_OF_ANOTHER)
			return true;
	return false;
}

/* Whether the payment settles items another customer's reference names
 * (a near one: a typo's neighbour) and the payer's account ties to it */
static bool
another_settled_by_account(const CashCandidate *candidates, int ncandidates,
						   const CashAllocation *rows, int n,
						   int64_t customer_id)
{
	int i;

	for (i = 0; i < n; i++)
		if (rows[i].customer_id != customer_id && rows[i].settles &&
			rows[i].rule == CASH_RULE_REFERENCE)
		{
			const CashCandidate *other =
				candidate_of(candidates, ncandidates, rows[i].customer_id);

			if (other != NULL && other->by_account)
				return true;
		}
	return false;
}

/*
 * A reference the payment does not settle, from a payer whose account
 * and name do not tie it to the customer, may be a mistyped number that
 * hits another customer's invoice; most likely so where the payer's name
 * is another candidate's. One the amount settles is no typo (a
 * treasury or a factor paying for another customer names its invoices)
 * unless the amount is round, as the invoice a typo hits may be too, and
 * the payer's name is another candidate's and nothing like this one's,
 * or the payment as round settles items of another customer whose
 * account the payer used and whose number is near the one written (a
 * typo naming a namesake's invoice; a factor paying for another customer
 * whose round amount its own customer happens to have is no typo).
 */
static double
confidence_of(const CashCandidate *candidates, int n, const CashCandidate *c,
			  const CashAllocation *rows, int nrows, const CashAllocation *row)
{
	bool round = cash_round_amount(row->pay_units);
	/* the payer named another candidate, and nothing like this one: the
	 * number, which the amount does not settle, is that one's mistyped */
	bool others = row->rule == CASH_RULE_REFERENCE && !c->by_account &&
				  !row->settles && c->similarity < NAME_UNLIKE &&
				  another_named(candidates, n, c->customer_id);
	bool doubt = row->rule == CASH_RULE_REFERENCE && !c->by_account &&
				 ((!row->settles && c->similarity < NAME_LIKE) ||
				  (round && c->similarity < NAME_UNLIKE &&
				   another_named(candidates, n, c->customer_id)) ||
				  (round && another_settled_by_account(
								candidates, n, rows, nrows, c->customer_id)));

	/* a round amount from the customer's own known account: the payer
	 * is sure, and one of its items is exactly what it paid */
	double fit =
		row->round_fit > 0 && c->by_account ? row->round_fit : row->fit;

	return c->evidence * fit *
		   (others  ? DOUBT_OTHERS
			: doubt ? DOUBT_FACTOR
					: 1);
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
		ch->confidence = confidence_of(candidates, ncandidates, ch->candidate,
									   rows, n, &rows[i]);
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
