/*
 * cash_candidates.c
 *		The candidate customers of a run's payments (see cash_candidates.h)
 */
#include "core/cash_candidates.h"

#include <stdlib.h>

#include "core/cash_allocate.h"
#include "core/similarity.h"

#define KEEP_TOP    3
#define KEEP_WITHIN 0.1
#define KEEP_MAX    30

static int
compare_signals(const void *a, const void *b)
{
	const CashSignal *x = a;
	const CashSignal *y = b;

	if (x->payment_id != y->payment_id)
		return x->payment_id < y->payment_id ? -1 : 1;
	return (x->customer_id > y->customer_id) -
		   (x->customer_id < y->customer_id);
}

static int
compare_payers(const void *a, const void *b)
{
	const CashPayer *x = a;
	const CashPayer *y = b;

	return (x->payment_id > y->payment_id) - (x->payment_id < y->payment_id);
}

/* Most likely first: evidence, similarity, then the lower customer id */
static int
compare_candidates(const void *a, const void *b)
{
	const CashCandidate *x = a;
	const CashCandidate *y = b;

	if (x->evidence != y->evidence)
		return x->evidence < y->evidence ? 1 : -1;
	if (x->similarity != y->similarity)
		return x->similarity < y->similarity ? 1 : -1;
	return (x->customer_id > y->customer_id) -
		   (x->customer_id < y->customer_id);
}

/* How similar a customer no name signal found is to the payer's name */
static double
unnamed_similarity(const CashSignal *s, const CashPayer *payer)
{
	double similarity;

	if (payer == NULL || s->key == NULL ||
		sim_name_keys_utf8(payer->key, payer->key_len, s->key, s->key_len,
						   &similarity, &(SimError){ 0 }) != SIM_OK)
		return 0;
	return similarity * cash_form_weight(payer->forms, payer->forms_len,
										 s->forms, s->forms_len);
}

/* The evidence of one customer; the first two factors as SQL computed
 * them exactly (0.03 x 0.05 is 0.0015, not its nearest double product) */
static double
evidence_of(const CashCandidate *c, bool account_known)
{
	static const double not_by[2][2] = { { 1, 0.05 }, { 0.03, 0.0015 } };
	double name = cash_name_evidence(c->similarity) *
				  (account_known && !c->by_account ? 0.5 : 1);

	return 1 - not_by[c->by_reference][c->by_account] * (1 - name);
}

/* Rank and prune one payment's candidates, out[0 .. n); returns kept */
static int
keep_payment(CashCandidate *out, int n)
{
	double best = 0;
	int kept = 0;
	int i;

	qsort(out, n, sizeof(CashCandidate), compare_candidates);
	if (n > 0)
		best = out[0].evidence;
	for (i = 0; i < n; i++)
	{
		out[i].rank = i + 1;
		if (i < KEEP_TOP ||
			(i < KEEP_MAX && out[i].evidence >= best - KEEP_WITHIN))
			out[kept++] = out[i];
	}
	return kept;
}

int
cash_rank_candidates(CashSignal *signals, int n, CashPayer *payers,
					 int npayers, CashCandidate *out)
{
	int kept = 0;
	int at_payer = 0;
	int i = 0;

	if (n > 1)
		qsort(signals, n, sizeof(CashSignal), compare_signals);
	if (npayers > 1)
		qsort(payers, npayers, sizeof(CashPayer), compare_payers);
	while (i < n)
	{
		int64_t payment_id = signals[i].payment_id;
		const CashPayer *payer = NULL;
		bool account_known = false;
		int first = kept;
		int k;

		while (at_payer < npayers && payers[at_payer].payment_id < payment_id)
			at_payer++;
		if (at_payer < npayers && payers[at_payer].payment_id == payment_id)
			payer = &payers[at_payer];
		/* per customer: its signals together */
		while (i < n && signals[i].payment_id == payment_id)
		{
			CashCandidate *c = &out[kept++];
			const CashSignal *unnamed = NULL;
			bool by_name = false;

			c->payment_id = payment_id;
			c->customer_id = signals[i].customer_id;
			c->by_reference = c->by_account = false;
			c->similarity = 0;
			for (; i < n && signals[i].payment_id == payment_id &&
				   signals[i].customer_id == c->customer_id;
				 i++)
			{
				const CashSignal *s = &signals[i];

				c->by_reference |= s->by_reference;
				c->by_account |= s->by_account;
				if (s->by_name)
				{
					if (!by_name || s->similarity > c->similarity)
						c->similarity = s->similarity;
					by_name = true;
				}
				else if (s->key != NULL)
					unnamed = s;
			}
			if (!by_name && unnamed != NULL)
				c->similarity = unnamed_similarity(unnamed, payer);
			account_known |= c->by_account;
		}
		for (k = first; k < kept; k++)
			out[k].evidence = evidence_of(&out[k], account_known);
		kept = first + keep_payment(&out[first], kept - first);
	}
	return kept;
}
