/*
 * cash_allocate.c
 *		The allocation rules of cash application over one payment's
 *		candidate items (see cash_allocate.h)
 */
#include "core/cash_allocate.h"

#include <stdlib.h>
#include <string.h>

#include "core/similarity.h"
#include "core/subset_sum.h"

/* Round half away from zero of units * share_ppb / 10^9 */
int64_t
cash_share_of(int64_t units, int64_t share_ppb)
{
	__int128 product = (__int128) units * share_ppb;
	__int128 magnitude = product < 0 ? -product : product;
	__int128 rounded = (magnitude + CASH_SHARE_ONE / 2) / CASH_SHARE_ONE;

	return (int64_t) (product < 0 ? -rounded : rounded);
}

/* Code points in UTF-8 text: the bytes that do not continue one */
static size_t
utf8_length(const char *s, size_t len)
{
	size_t n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += ((unsigned char) s[i] & 0xC0) != 0x80;
	return n;
}

static int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t
clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* How well one reference names an invoice number: 1, 0.85, 0.6 or 0 */
static CashStatus
reference_score(const CashRef *ref, const CashItem *item, double *score)
{
	size_t rlen;
	size_t klen;
	int distance;
	SimError err;
	SimStatus st;

	*score = 0;
	if (ref->len == item->key_len &&
		memcmp(ref->text, item->key, ref->len) == 0)
	{
		*score = CASH_REF_EXACT;
		return CASH_OK;
	}
	rlen = utf8_length(ref->text, ref->len);
	klen = utf8_length(item->key, item->key_len);
	/* short references are one edit from too many numbers */
	if (rlen < 5 || (rlen > klen ? rlen - klen : klen - rlen) > 2)
		return CASH_OK;
	st = sim_damerau_levenshtein_utf8(ref->text, ref->len, item->key,
									  item->key_len, 2, &distance, &err);
	if (st == SIM_NO_MEMORY)
		return CASH_NO_MEMORY;
	if (st != SIM_OK)
		return CASH_OK; /* not UTF-8 or too long: names nothing */
	if (distance == 1)
		*score = CASH_REF_ONE_EDIT;
	else if (distance == 2 && rlen >= 8)
		*score = CASH_REF_TWO_EDITS;
	return CASH_OK;
}

/*
 * Every item's best reference score. A near reference only counts when
 * nothing matches exactly and it is the one closest item: invoice numbers
 * run in sequence, so INV-12 is one edit from INV-11 and INV-13 as well.
 */
static CashStatus
score_references(CashItem *items, int n, const CashRef *refs, int nrefs)
{
	double best = 0;
	int near = 0;
	int i;
	int r;

	for (i = 0; i < n; i++)
	{
		items[i].ref_score = 0;
		if (items[i].key == NULL)
			continue;
		for (r = 0; r < nrefs && items[i].ref_score < CASH_REF_EXACT; r++)
		{
			double score;
			CashStatus st = reference_score(&refs[r], &items[i], &score);

			if (st != CASH_OK)
				return st;
			if (score > items[i].ref_score)
				items[i].ref_score = score;
		}
		if (items[i].ref_score > best)
			best = items[i].ref_score;
		if (items[i].ref_score > 0 && items[i].ref_score < CASH_REF_EXACT)
			near++;
	}
	for (i = 0; i < n; i++)
		if (items[i].ref_score > 0 &&
			(items[i].ref_score < best || (best < CASH_REF_EXACT && near > 1)))
			items[i].ref_score = 0;
	return CASH_OK;
}

/* Start an allocation of the customer of item */
static CashAllocation *
open_row(CashResult *result, const CashItem *item, CashRule rule)
{
	CashAllocation *row = &result->rows[result->nrows++];

	memset(row, 0, sizeof(*row));
	row->customer_id = item->customer_id;
	row->rule = rule;
	row->first = result->nitems;
	row->currency = item->currency;
	row->pay_units = item->pay_units;
	return row;
}

static void
add_item(CashResult *result, CashAllocation *row, int item, int64_t applied)
{
	result->item[result->nitems] = item;
	result->applied[result->nitems] = applied;
	result->nitems++;
	row->count++;
}

/* Whether item i is the first of its currency in [start, i] */
static bool
first_of_currency(const CashItem *items, int start, int i)
{
	int k;

	for (k = start; k < i; k++)
		if (items[k].currency == items[i].currency)
			return false;
	return true;
}

/*
 * Reference: the referenced items of the currency of items[c], oldest
 * first; in full when the payment covers them (less at most the fee
 * tolerance), else as far as it goes. Returns whether it allocated.
 */
static bool
rule_reference(const CashItem *items, int start, int end, int c,
			   const CashSettings *set, CashResult *result)
{
	int64_t pay = items[c].pay_units;
	int64_t total = 0;
	int64_t tolerance;
	int64_t running = 0;
	double lowest = CASH_REF_EXACT;
	int referenced = 0;
	bool covers;
	bool fits;
	CashAllocation *row;
	int i;

	for (i = start; i < end; i++)
		if (items[i].currency == items[c].currency &&
			items[i].ref_score >= CASH_REF_TWO_EDITS)
		{
			referenced++;
			total += items[i].open_units;
			if (items[i].ref_score < lowest)
				lowest = items[i].ref_score;
		}
	if (referenced == 0)
		return false;
	tolerance =
		min64(set->fee_max_units, cash_share_of(total, set->fee_share_ppb));
	covers = pay >= total - tolerance;
	fits = covers && pay <= total + tolerance;

	row = open_row(result, &items[c], CASH_RULE_REFERENCE);
	for (i = start; i < end; i++)
		if (items[i].currency == items[c].currency &&
			items[i].ref_score >= CASH_REF_TWO_EDITS)
		{
			int64_t open = items[i].open_units;

			running += open;
			add_item(result, row, i,
					 covers ? open : clamp64(pay - (running - open), 0, open));
		}
	row->write_off = covers && total > pay ? total - pay : 0;
	/* settled as referenced: full fit; overpaid or partly paid: less */
	row->fit = fits ? lowest : lowest * 0.95;
	/* the amount fits another item of the customer exactly, not the
	 * referenced ones: a mistyped reference, perhaps */
	if (!fits)
		for (i = start; i < end; i++)
			if (items[i].open_units == pay &&
				items[i].ref_score < CASH_REF_TWO_EDITS)
				row->ambiguous = true;
	return true;
}

/*
 * Amount: one item of exactly the payment (in the item's currency), or
 * short by its fee tolerance; exact ones first, the oldest of them, and
 * ambiguous when two fit alike.
 */
static bool
rule_amount(const CashItem *items, int start, int end, const CashSettings *set,
			CashResult *result)
{
	int exact = -1;
	int exact_count = 0;
	int shortish = -1;
	int short_count = 0;
	int chosen;
	CashAllocation *row;
	int i;

	for (i = start; i < end; i++)
	{
		int64_t open = items[i].open_units;
		int64_t tolerance =
			min64(set->fee_max_units, cash_share_of(open, set->fee_share_ppb));

		if (items[i].pay_units == open)
		{
			if (exact_count++ == 0)
				exact = i;
		}
		else if (items[i].pay_units < open &&
				 items[i].pay_units >= open - tolerance)
		{
			if (short_count++ == 0)
				shortish = i;
		}
	}
	if (exact_count == 0 && short_count == 0)
		return false;
	chosen = exact_count > 0 ? exact : shortish;
	row = open_row(result, &items[chosen], CASH_RULE_AMOUNT);
	add_item(result, row, chosen, items[chosen].open_units);
	row->write_off = items[chosen].open_units - items[chosen].pay_units;
	row->fit = exact_count > 0 ? 0.97 : 0.93;
	row->ambiguous = (exact_count > 0 ? exact_count : short_count) > 1;
	return true;
}

/*
 * Combination: several items of the currency of items[c], the oldest
 * max_items, found by subset-sum; an exact sum is telling, one within the
 * fee tolerance much less (among a dozen items some subset nearly always
 * comes close).
 */
static bool
rule_combination(const CashItem *items, int start, int end, int c,
				 const CashSettings *set, CashResult *result)
{
	int64_t amounts[SUBSET_MAX_ITEMS];
	int index[SUBSET_MAX_ITEMS];
	int limit =
		set->max_items < SUBSET_MAX_ITEMS ? set->max_items : SUBSET_MAX_ITEMS;
	int64_t pay = items[c].pay_units;
	int in_currency = 0;
	int m = 0;
	SubsetResult found;
	CashAllocation *row;
	int i;

	for (i = start; i < end; i++)
		if (items[i].currency == items[c].currency)
		{
			/* the search takes positive amounts (a credit is no item) */
			if (in_currency++ < limit && items[i].open_units > 0)
			{
				index[m] = i;
				amounts[m++] = items[i].open_units;
			}
		}
	if (in_currency < 2 || m == 0 || pay <= 0)
		return false;
	if (subset_sum_find(
			amounts, m, pay,
			min64(set->fee_max_units, cash_share_of(pay, set->fee_share_ppb)),
			set->node_budget, &found) != SUBSET_FOUND)
		return false;
	row = open_row(result, &items[c], CASH_RULE_COMBINATION);
	for (i = 0; i < m; i++)
		if (found.chosen & ((uint64_t) 1 << i))
			add_item(result, row, index[i], amounts[i]);
	row->write_off = found.shortfall;
	row->fit = found.shortfall == 0 ? 0.95 : 0.85;
	row->ambiguous = found.ambiguous || found.exhausted;
	return true;
}

/* Partial: the items of the currency of items[c], oldest first, as far as
 * the payment goes */
static bool
rule_partial(const CashItem *items, int start, int end, int c,
			 CashResult *result)
{
	int64_t pay = items[c].pay_units;
	int64_t running = 0;
	CashAllocation *row = NULL;
	int i;

	for (i = start; i < end; i++)
		if (items[i].currency == items[c].currency)
		{
			int64_t open = items[i].open_units;

			running += open;
			if (running - open >= pay)
				continue;
			if (row == NULL)
				row = open_row(result, &items[c], CASH_RULE_PARTIAL);
			add_item(result, row, i, clamp64(pay - (running - open), 0, open));
		}
	if (row != NULL)
		row->fit = 0.40;
	return row != NULL;
}

/* The allocations of the customer of items[start .. end) */
static void
allocate_customer(const CashItem *items, int start, int end,
				  const CashSettings *set, CashResult *result)
{
	bool allocated = false;
	int i;

	for (i = start; i < end; i++)
		if (first_of_currency(items, start, i))
			allocated |= rule_reference(items, start, end, i, set, result);
	if (allocated || rule_amount(items, start, end, set, result))
		return;
	for (i = start; i < end; i++)
		if (first_of_currency(items, start, i))
			allocated |= rule_combination(items, start, end, i, set, result);
	if (allocated)
		return;
	for (i = start; i < end; i++)
		if (first_of_currency(items, start, i))
			rule_partial(items, start, end, i, result);
}

int
cash_compare_items(const void *a, const void *b)
{
	const CashItem *x = a;
	const CashItem *y = b;

	if (x->customer_id != y->customer_id)
		return x->customer_id < y->customer_id ? -1 : 1;
	if (x->due_date != y->due_date)
		return x->due_date < y->due_date ? -1 : 1;
	return (x->invoice_id > y->invoice_id) - (x->invoice_id < y->invoice_id);
}

CashStatus
cash_allocate(CashItem *items, int n, const CashRef *refs, int nrefs,
			  const CashSettings *settings, CashResult *result)
{
	CashStatus st;
	int start = 0;
	int i;

	result->nrows = 0;
	result->nitems = 0;
	if (n > 1)
		qsort(items, n, sizeof(CashItem), cash_compare_items);
	st = score_references(items, n, refs, nrefs);
	if (st != CASH_OK)
		return st;
	for (i = 1; i <= n; i++)
		if (i == n || items[i].customer_id != items[start].customer_id)
		{
			allocate_customer(items, start, i, settings, result);
			start = i;
		}
	return CASH_OK;
}

/*
 * Names
 */

double
cash_name_evidence(double similarity)
{
	return similarity >= 0.97   ? 0.95
		   : similarity >= 0.92 ? 0.90
		   : similarity >= 0.85 ? 0.60
		   : similarity >= 0.75 ? 0.25
								: 0;
}

/* Whether every space-separated word of a is a word of b */
static bool
words_within(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0;

	while (i < alen)
	{
		size_t end = i;
		size_t j = 0;
		bool found = false;

		while (end < alen && a[end] != ' ')
			end++;
		while (j < blen && !found)
		{
			size_t wend = j;

			while (wend < blen && b[wend] != ' ')
				wend++;
			found = wend - j == end - i && memcmp(a + i, b + j, end - i) == 0;
			j = wend + 1;
		}
		if (end > i && !found)
			return false;
		i = end + 1;
	}
	return true;
}

/* Most likely first: evidence, then similarity, then the lower customer */
double
cash_form_weight(const char *payer_forms, size_t payer_forms_len,
				 const char *forms, size_t forms_len)
{
	return forms != NULL && !words_within(payer_forms, payer_forms_len, forms,
										  forms_len)
			   ? 0.9
			   : 1;
}

static int
compare_candidates(const void *x, const void *y)
{
	const CashNameCandidate *a = *(const CashNameCandidate *const *) x;
	const CashNameCandidate *b = *(const CashNameCandidate *const *) y;
	double ea = cash_name_evidence(a->similarity);
	double eb = cash_name_evidence(b->similarity);

	if (ea != eb)
		return ea < eb ? 1 : -1;
	if (a->similarity != b->similarity)
		return a->similarity < b->similarity ? 1 : -1;
	return (a->customer_id > b->customer_id) -
		   (a->customer_id < b->customer_id);
}

int
cash_prune_names(CashNameCandidate *candidates, int n, const char *payer_forms,
				 size_t payer_forms_len)
{
	CashNameCandidate **order;
	double best = 0;
	int kept = 0;
	int i;

	if (n <= 0)
		return 0;
	order = malloc(n * sizeof(CashNameCandidate *));
	if (order == NULL)
		return -1;
	for (i = 0; i < n; i++)
	{
		CashNameCandidate *c = &candidates[i];

		c->similarity *= cash_form_weight(payer_forms, payer_forms_len,
										  c->forms, c->forms_len);
		if (cash_name_evidence(c->similarity) > best)
			best = cash_name_evidence(c->similarity);
		order[i] = c;
	}
	qsort(order, n, sizeof(CashNameCandidate *), compare_candidates);
	for (i = 0; i < n; i++)
	{
		order[i]->keep =
			i < 3 || cash_name_evidence(order[i]->similarity) >= best - 0.1;
		kept += order[i]->keep;
	}
	free(order);
	return kept;
}
