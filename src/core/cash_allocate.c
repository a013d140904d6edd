/*
 * cash_allocate.c
 *		The allocation rules of cash application over one payment's
 *		candidate items (see cash_allocate.h)
 */
#include "core/cash_allocate.h"

#include <math.h>
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
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t
clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* How well one reference names an invoice number: its weight when it is
 * the number, 0.85 or 0.6 at one or two edits (near), or 0 */
static CashStatus
reference_score(const CashRef *ref, const CashItem *item, double *score,
				bool *near)
{
	size_t rlen;
	size_t klen;
	int distance;
	SimError err;
	SimStatus st;

	*score = 0;
	*near = false;
	if (ref->len == item->key_len &&
		memcmp(ref->text, item->key, ref->len) == 0)
	{
		*score = ref->weight;
		return CASH_OK;
	}
	/* a reference read from a damaged number names that number only */
	if (ref->weight < CASH_REF_EXACT)
		return CASH_OK;
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
	*near = distance == 1 || (distance == 2 && rlen >= 8);
	if (distance == 1)
		*score = CASH_REF_ONE_EDIT;
	else if (*near)
		*score = CASH_REF_TWO_EDITS;
	return CASH_OK;
}

/*
 * Every item's best reference score. A near reference only counts when
 * no item is named by its number and it is the one closest item: invoice
 * numbers run in sequence, so INV-12 is one edit from INV-11 and INV-13
 * as well.
 */
static CashStatus
score_references(CashItem *items, int n, const CashRef *refs, int nrefs)
{
	bool named = false;
	int near = 0;
	int i;
	int r;

	for (i = 0; i < n; i++)
	{
		items[i].ref_score = 0;
		items[i].ref_near = false;
		if (items[i].key == NULL)
			continue;
		for (r = 0; r < nrefs && items[i].ref_score < CASH_REF_EXACT; r++)
		{
			double score;
			bool is_near;
			CashStatus st =
				reference_score(&refs[r], &items[i], &score, &is_near);

			if (st != CASH_OK)
				return st;
			if (score > items[i].ref_score)
			{
				items[i].ref_score = score;
				items[i].ref_near = is_near;
			}
		}
		if (items[i].ref_score > 0 && !items[i].ref_near)
			named = true;
		near += items[i].ref_near;
	}
	for (i = 0; i < n; i++)
		if (items[i].ref_near && (named || near > 1))
		{
			items[i].ref_score = 0;
			items[i].ref_near = false;
		}
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

/* The fee tolerance of base units: the share, up to the cap (none of a
 * credit) */
static int64_t
tolerance_of(const CashSettings *set, int64_t base)
{
	return clamp64(cash_share_of(base, set->fee_share_ppb), 0,
				   set->fee_max_units);
}

/* Whether accepted charge i may be taken from a payment of a customer in
 * a currency: of its currency, for any customer or this one */
static bool
charge_for(const CashSettings *set, int i, int64_t customer_id,
		   int32_t currency)
{
	return set->charges[i].currency == currency &&
		   (set->charges[i].customer_id == 0 ||
			set->charges[i].customer_id == customer_id);
}

/* Whether a shortfall is one of the flat charges banks take (the
 * company's schedule, or the customer's usual deduction) */
static bool
charge_scheduled(const CashSettings *set, int64_t customer_id,
				 int32_t currency, int64_t shortfall)
{
	int i;

	for (i = 0; i < set->ncharges; i++)
		if (set->charges[i].units == shortfall &&
			charge_for(set, i, customer_id, currency))
			return true;
	return false;
}

bool
cash_charge_accepted(const CashSettings *set, int64_t customer_id,
					 int32_t currency, int64_t base, int64_t shortfall)
{
	return (shortfall >= 0 && shortfall <= tolerance_of(set, base)) ||
		   charge_scheduled(set, customer_id, currency, shortfall);
}

/*
 * The charge the banks took from a part payment: instalments and deposits
 * are sent as round amounts, so a part payment short of one by a charge
 * of the schedule, the smallest that makes it round and at most a tenth
 * of it, was sent as that round amount (0 if none is).
 */
static int64_t
part_payment_charge(const CashSettings *set, int64_t customer_id,
					int32_t currency, int64_t pay, int64_t open)
{
	int64_t best = 0;
	int i;

	if (cash_round_amount(pay))
		return 0;
	for (i = 0; i < set->ncharges; i++)
	{
		int64_t charge = set->charges[i].units;

		if (charge_for(set, i, customer_id, currency) && pay + charge < open &&
			cash_round_amount(pay + charge) && charge * 10 <= pay + charge &&
			(best == 0 || charge < best))
			best = charge;
	}
	return best;
}

/* The coarsest unit two or more chosen amounts are all multiples of:
 * sums of round amounts (250.00 + 250.00) hit a round target far more
 * often than sums of amounts with cents, so the target counts in that
 * unit (one item alone is as telling as its amount is, see rule_amount) */
static int64_t
chosen_unit(const int64_t *amounts, int m, const SubsetResult *found)
{
	int64_t unit = 0;
	int i;

	if (found->count < 2)
		return 1;

	for (i = 0; i < m; i++)
		if (found->chosen & ((uint64_t) 1 << i))
		{
			int64_t a = amounts[i] < 0 ? -amounts[i] : amounts[i];

			while (a != 0)
			{
				int64_t t = unit % a;

				unit = a;
				a = t;
			}
		}
	return unit > 0 ? unit : 1;
}

/*
 * Whether an exact sum of k of m items tells which items are paid: the
 * chance that another k of them hit one of `targets` sums near target
 * units by accident (taking sums as spread evenly up to the target) is
 * under 1%. Three of two dozen items summing to 1,000.00 tell nothing;
 * two of five do.
 */
static bool
subset_telling(int m, int k, int64_t target, int targets)
{
	double subsets = lgamma(m + 1.0) - lgamma(k + 1.0) - lgamma(m - k + 1.0);

	return target > 0 &&
		   subsets + log((double) targets) - log((double) target) < log(0.01);
}

/*
 * Whether the oldest items, some number of them from the first, add up to
 * target exactly: payers settle the oldest items first, and a statement
 * cut short loses its newest numbers. Fills found as the search would,
 * ambiguous where a newer item has the amount of one of them.
 */
static bool
oldest_prefix(const int64_t *amounts, int m, int64_t target,
			  SubsetResult *found)
{
	int64_t sum = 0;
	int k = 0;
	int i;
	int j;

	while (k < m && sum < target)
		sum += amounts[k++];
	if (k == 0 || sum != target)
		return false;
	memset(found, 0, sizeof(*found));
	found->chosen = k == 64 ? ~(uint64_t) 0 : ((uint64_t) 1 << k) - 1;
	found->count = k;
	found->sum = sum;
	/* a newer item of the amount of one of them makes as good a subset */
	for (i = 0; i < k; i++)
		for (j = k; j < m; j++)
			if (amounts[i] == amounts[j])
				found->ambiguous = true;
	return true;
}

/* Whether an exact hit of the oldest items tells: one of only m
 * candidates (the prefixes), each hitting one of `targets` sums by
 * accident, as subset_telling reckons */
static bool
prefix_telling(int m, int64_t target, int targets)
{
	return target > 0 &&
		   log((double) m) + log((double) targets) - log((double) target) <
			   log(0.01);
}

/* The largest of the items found: the one a charge is booked on */
static int64_t
largest_chosen(const int64_t *amounts, int m, const SubsetResult *found)
{
	int64_t largest = 0;
	int i;

	for (i = 0; i < m; i++)
		if (found->chosen & ((uint64_t) 1 << i))
			largest = max64(largest, amounts[i]);
	return largest;
}

/*
 * The items of the currency of items[c] not referenced, oldest max_items,
 * whose sum explains the excess of a payment over its referenced items
 * (less accepted charges): a reference lost to a cut remittance. Adds
 * them to row and returns whether some subset did; the allocation is
 * ambiguous when another subset fits as well.
 */
static bool
explain_excess(const CashItem *items, int start, int end, int c,
			   int64_t excess, const CashSettings *set, CashAllocation *row,
			   CashResult *result, bool *telling)
{
	int64_t amounts[SUBSET_MAX_ITEMS];
	int index[SUBSET_MAX_ITEMS];
	int limit =
		set->max_items < SUBSET_MAX_ITEMS ? set->max_items : SUBSET_MAX_ITEMS;
	SubsetResult found;
	bool have = false;
	bool prefix;
	int64_t largest = 0;
	int targets = 1;
	int m = 0;
	int i;

	for (i = start; i < end && m < limit; i++)
		if (items[i].currency == items[c].currency &&
			items[i].ref_score < CASH_REF_TWO_EDITS && items[i].open_units > 0)
		{
			index[m] = i;
			amounts[m++] = items[i].open_units;
		}
	if (m == 0)
		return false;
	/* exactly, searched deeper than a combination (rarer, and the items
	 * found narrow it); else short by a charge of the schedule or the
	 * customer's own, exactly; else within the fee tolerance, which only
	 * suggests */
	prefix = oldest_prefix(amounts, m, excess, &found);
	have =
		prefix || subset_sum_find(amounts, m, excess, 0, set->node_budget * 10,
								  &found) == SUBSET_FOUND;
	for (i = 0; i < set->ncharges && !have; i++)
		if (charge_for(set, i, items[c].customer_id, items[c].currency))
		{
			int64_t target = excess + set->charges[i].units;

			targets++;
			prefix = oldest_prefix(amounts, m, target, &found);
			have = prefix ||
				   subset_sum_find(amounts, m, target, 0, set->node_budget,
								   &found) == SUBSET_FOUND;
		}
	if (!have)
	{
		have = subset_sum_find(amounts, m, excess, tolerance_of(set, excess),
							   set->node_budget, &found) == SUBSET_FOUND;
		targets = 0; /* near, not exact: tells nothing */
	}
	if (!have)
		return false;
	/* found short by a charge: the charge is what the target lacked,
	 * booked on the largest item, which must carry it */
	for (i = 0; i < row->count; i++)
		largest = max64(largest, result->applied[row->first + i]);
	largest = max64(largest, largest_chosen(amounts, m, &found));
	if (found.sum - excess > largest)
		return false;
	for (i = 0; i < m; i++)
		if (found.chosen & ((uint64_t) 1 << i))
			add_item(result, row, index[i], amounts[i]);
	row->write_off = found.sum - excess;
	row->ambiguous = found.ambiguous || found.exhausted;
	/* a sum near the excess by the tolerance, or one that many subsets
	 * could make, suggests; it does not settle */
	*telling =
		targets > 0 &&
		(prefix ? prefix_telling(m, excess / chosen_unit(amounts, m, &found),
								 targets)
				: subset_telling(m, found.count,
								 excess / chosen_unit(amounts, m, &found),
								 targets));
	return true;
}

/* Whether an item of the currency of items[c] that no reference names
 * has exactly the units */
static bool
amount_elsewhere(const CashItem *items, int start, int end, int c,
				 int64_t units)
{
	int i;

	for (i = start; i < end; i++)
		if (items[i].currency == items[c].currency &&
			items[i].ref_score < CASH_REF_TWO_EDITS &&
			items[i].open_units == units)
			return true;
	return false;
}

/* A near or damaged reference to items the payment settles exactly: the
 * amount confirms it */
static double
confirmed(double score)
{
	return score >= CASH_REF_ONE_EDIT && score < CASH_REF_CONFIRMED
			   ? CASH_REF_CONFIRMED
			   : score;
}

/*
 * Reference: the referenced items of the currency of items[c], oldest
 * first; in full when the payment covers them (less at most an accepted
 * bank charge), else as far as it goes. A payment beyond them is
 * explained by other open items of the customer if some fit, else the
 * excess is left for a person. Returns whether it allocated.
 */
static bool
rule_reference(const CashItem *items, int start, int end, int c,
			   const CashSettings *set, CashResult *result)
{
	int64_t pay = items[c].pay_units;
	int64_t total = 0;
	int64_t largest = 0;
	int64_t running = 0;
	double lowest = CASH_REF_EXACT;
	int referenced = 0;
	bool covers;
	bool fits;
	bool over;
	CashAllocation *row;
	int i;

	for (i = start; i < end; i++)
		if (items[i].currency == items[c].currency &&
			items[i].ref_score >= CASH_REF_TWO_EDITS)
		{
			referenced++;
			total += items[i].open_units;
			largest = max64(largest, items[i].open_units);
			if (items[i].ref_score < lowest)
				lowest = items[i].ref_score;
		}
	if (referenced == 0)
		return false;
	/* short by charges the largest item can carry */
	covers = pay >= total ||
			 (total - pay <= largest &&
			  cash_charge_accepted(set, items[c].customer_id,
								   items[c].currency, total, total - pay));
	over = pay > total && pay - total > tolerance_of(set, total);
	fits = covers && !over;

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
	/* a part payment of one item: the charge taken from it, if it was
	 * sent as a round amount */
	if (!covers && referenced == 1)
	{
		row->write_off = part_payment_charge(set, items[c].customer_id,
											 items[c].currency, pay, total);
		result->applied[result->nitems - 1] += row->write_off;
	}
	/* settled as referenced: full fit; overpaid or partly paid: less. The
	 * amount confirms a near or damaged reference only if no other item
	 * of the customer has it: invoice numbers run in sequence, and a
	 * typo names the neighbour of as round an amount as easily */
	row->fit = !fits ? lowest * 0.95
			   : amount_elsewhere(items, start, end, c, total)
				   ? lowest
				   : confirmed(lowest);
	row->settles = fits;
	/* beyond them, other items that make up the rest: as telling as their
	 * sum is (see subset_telling) */
	if (over)
	{
		bool telling;

		if (!explain_excess(items, start, end, c, pay - total, set, row,
							result, &telling))
			row->unexplained = pay - total;
		else if (telling)
		{
			row->fit = fmin(confirmed(lowest), 0.95);
			row->settles = true;
		}
		else
			row->fit = fmin(lowest, 0.85);
	}
	/* the amount fits another item of the customer exactly, not the
	 * referenced ones: a mistyped reference, perhaps; so too when a near
	 * or damaged reference names items as round an amount as another
	 * item (a number as written is taken at its word: a typo that makes
	 * another open number of the customer, of the same amount, is rare
	 * beside the payers who write theirs right) */
	if (fits && lowest < CASH_REF_EXACT && cash_round_amount(total) &&
		amount_elsewhere(items, start, end, c, total))
		row->ambiguous = true;
	if (!fits)
		for (i = start; i < end; i++)
			if (items[i].open_units == pay &&
				items[i].ref_score < CASH_REF_TWO_EDITS)
				row->ambiguous = true;
	return true;
}

/* A multiple of 50.00 (of 5,000 minor units): deposits, instalments and
 * payments on account are round, so a round amount that fits one of a
 * customer's items may as well be paid towards another */
bool
cash_round_amount(int64_t units)
{
	return units % 5000 == 0;
}

/* Whether the customer has other items in the currency of items[i] */
static bool
others_in_currency(const CashItem *items, int start, int end, int i)
{
	int k;

	for (k = start; k < end; k++)
		if (k != i && items[k].currency == items[i].currency)
			return true;
	return false;
}

/*
 * Whether other items of the customer in the currency of items[i] add up
 * to exactly the payment as well: a payer settling several invoices whose
 * sum is the amount of another is as likely as one paying that other
 */
static bool
others_make(const CashItem *items, int start, int end, int i,
			const CashSettings *set)
{
	int64_t amounts[SUBSET_MAX_ITEMS];
	int limit =
		set->max_items < SUBSET_MAX_ITEMS ? set->max_items : SUBSET_MAX_ITEMS;
	SubsetResult found;
	int m = 0;
	int k;

	for (k = start; k < end && m < limit; k++)
		if (k != i && items[k].currency == items[i].currency &&
			items[k].open_units > 0 &&
			items[k].open_units < items[i].pay_units)
			amounts[m++] = items[k].open_units;
	return m >= 2 &&
		   subset_sum_find(amounts, m, items[i].pay_units, 0, set->node_budget,
						   &found) == SUBSET_FOUND &&
		   found.count >= 2;
}

/*
 * Amount: one item of exactly the payment (in the item's currency), or
 * short by its fee tolerance; exact ones first, the oldest of them, and
 * ambiguous when two short ones, or two round ones, fit alike.
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

		if (items[i].pay_units == open)
		{
			if (exact_count++ == 0)
				exact = i;
		}
		else if (items[i].pay_units < open && items[i].pay_units > 0 &&
				 cash_charge_accepted(set, items[i].customer_id,
									  items[i].currency, open,
									  open - items[i].pay_units))
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
	/* exact; else short by a charge of the schedule that is a small part
	 * of the item (a tenth at most), nearly as telling, the schedule's
	 * amounts being what banks take; else short by less than the
	 * tolerance, or by a charge as large as a part payment's rest: less
	 * so. Of several items alike the oldest, as payers pay (and as
	 * collectors dun) oldest first, fitting a little less. A round item
	 * (a multiple of 50.00) while the customer has others, less still: a
	 * payment on account or a part payment of another item is round too,
	 * whole or less a charge */
	if (exact_count > 1)
		row->fit = 0.95;
	else if (exact_count > 0)
		row->fit = 0.97;
	else if (row->write_off * 10 <= items[chosen].open_units &&
			 charge_scheduled(set, items[chosen].customer_id,
							  items[chosen].currency, row->write_off))
		row->fit = 0.95;
	else
		row->fit = 0.93;
	if (cash_round_amount(items[chosen].open_units) &&
		others_in_currency(items, start, end, chosen))
	{
		row->round_fit = row->fit;
		row->fit = 0.88;
	}
	row->settles = true;
	/* (of round ones alike, none: fees and instalments repeat, and are
	 * paid in any order) */
	row->ambiguous =
		(exact_count == 0 && short_count > 1) ||
		(exact_count > 1 && cash_round_amount(items[chosen].open_units)) ||
		others_make(items, start, end, chosen, set);
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
	int targets = 1;
	bool prefix;
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
	/* the oldest items exactly, or short by a charge of the schedule or
	 * the customer's own (a statement paid by SWIFT) */
	prefix = oldest_prefix(amounts, m, pay, &found);
	for (i = 0; i < set->ncharges && !prefix; i++)
		if (charge_for(set, i, items[c].customer_id, items[c].currency))
		{
			targets++;
			prefix =
				oldest_prefix(amounts, m, pay + set->charges[i].units,
							  &found) &&
				set->charges[i].units <= largest_chosen(amounts, m, &found);
		}
	if (prefix)
		found.shortfall = found.sum - pay;
	else if (subset_sum_find(amounts, m, pay, tolerance_of(set, pay),
							 set->node_budget, &found) != SUBSET_FOUND)
		return false;
	row = open_row(result, &items[c], CASH_RULE_COMBINATION);
	for (i = 0; i < m; i++)
		if (found.chosen & ((uint64_t) 1 << i))
			add_item(result, row, index[i], amounts[i]);
	row->write_off = found.shortfall;
	row->settles =
		prefix
			? prefix_telling(m, pay / chosen_unit(amounts, m, &found), targets)
			: found.shortfall == 0 &&
				  subset_telling(m, found.count,
								 pay / chosen_unit(amounts, m, &found), 1);
	row->fit = row->settles ? 0.95 : 0.85;
	row->ambiguous = found.ambiguous || found.exhausted;
	return true;
}

/* Partial: the items of the currency of items[c], oldest first, as far as
 * the payment goes; where the oldest whole items leave less than a tenth
 * of it, those alone, the rest unexplained: an overpayment is a whole
 * invoice and a little more, rarely a sliver of the next one. A round
 * payment less than an item is a part payment of one, the oldest such
 * (instalments and part payments are sent as round amounts, and no
 * payer pays a part of one invoice and a smaller one whole with it) */
static bool
rule_partial(const CashItem *items, int start, int end, int c,
			 CashResult *result)
{
	int64_t pay = items[c].pay_units;
	int64_t running = 0;
	int64_t whole = 0;
	CashAllocation *row = NULL;
	int i;

	if (pay > 0 && cash_round_amount(pay))
		for (i = start; i < end; i++)
			if (items[i].currency == items[c].currency &&
				items[i].open_units > pay)
			{
				row = open_row(result, &items[c], CASH_RULE_PARTIAL);
				add_item(result, row, i, pay);
				row->fit = 0.40;
				return true;
			}
	for (i = start; i < end && whole < pay; i++)
		if (items[i].currency == items[c].currency)
		{
			if (whole + items[i].open_units > pay)
				break;
			whole += items[i].open_units;
		}
	for (i = start; i < end; i++)
		if (items[i].currency == items[c].currency)
		{
			int64_t open = items[i].open_units;

			running += open;
			if (running - open >= pay ||
				(whole > 0 && (pay - whole) * 10 < pay && running > whole))
				continue;
			if (row == NULL)
				row = open_row(result, &items[c], CASH_RULE_PARTIAL);
			add_item(result, row, i, clamp64(pay - (running - open), 0, open));
		}
	if (row != NULL)
	{
		row->fit = 0.40;
		row->unexplained = max64(pay - running, 0);
		if (whole > 0 && (pay - whole) * 10 < pay)
			row->unexplained = pay - whole;
	}
	return row != NULL;
}

/* The allocations of the customer of items[start .. end) by the first
 * rule that fits */
static void
allocate_rules(const CashItem *items, int start, int end,
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

/*
 * The shortfall of a row is booked on its last item: make that the item
 * it applies most to, so that no small item is asked to carry a larger
 * charge
 */
static void
shortfall_on_largest(CashResult *result, int first_row)
{
	int r;

	for (r = first_row; r < result->nrows; r++)
	{
		const CashAllocation *row = &result->rows[r];
		int last = row->first + row->count - 1;
		int largest = last;
		int k;

		if (row->write_off == 0)
			continue;
		for (k = row->first; k < last; k++)
			if (result->applied[k] > result->applied[largest])
				largest = k;
		if (largest != last)
		{
			int item = result->item[largest];
			int64_t applied = result->applied[largest];

			result->item[largest] = result->item[last];
			result->applied[largest] = result->applied[last];
			result->item[last] = item;
			result->applied[last] = applied;
		}
	}
}

/* The allocations of the customer of items[start .. end) */
static void
allocate_customer(const CashItem *items, int start, int end,
				  const CashSettings *set, CashResult *result)
{
	int first_row = result->nrows;

	allocate_rules(items, start, end, set, result);
	shortfall_on_largest(result, first_row);
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
