/*
 * cash_allocate.h
 *		Which open items one payment settles at each of its candidate
 *		customers, by the rules of cash application.
 *
 * Plain C (no postgres.h). apply_cash gathers, for one payment, the open
 * items of every candidate customer and the references read from its
 * remittance; this file scores the references against the items' invoice
 * numbers and proposes the allocations of each customer by the first rule
 * that fits:
 *
 *	reference    the referenced items of a currency, oldest first; in full
 *	             when the payment covers them (less at most the fee
 *	             tolerance), else as far as it goes
 *	amount       one item of exactly the payment, or short by its fee
 *	             tolerance
 *	combination  several items of a currency, by subset-sum (subset_sum.h)
 *	partial      what is left, oldest first (never applied without a person)
 *
 * One set of rules, so the SQL that calls it (ar2c.cash_allocate) only
 * gathers items and keeps the decision across customers.
 */
#ifndef AR2C_CORE_CASH_ALLOCATE_H
#define AR2C_CORE_CASH_ALLOCATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parts of fee_share_ppb that make the whole amount */
#define CASH_SHARE_ONE 1000000000

/* Reference scores of an item's invoice number against the remittance */
#define CASH_REF_EXACT     1.0
#define CASH_REF_ONE_EDIT  0.85 /* one edit, references of 5+ characters */
#define CASH_REF_TWO_EDITS 0.6  /* two edits, references of 8+ characters */
/* A near or damaged reference (at least one edit's score) to items the
 * payment settles exactly: the amount confirms it */
#define CASH_REF_CONFIRMED 0.97

typedef enum CashRule
{
	CASH_RULE_REFERENCE = 0,
	CASH_RULE_AMOUNT,
	CASH_RULE_COMBINATION,
	CASH_RULE_PARTIAL
} CashRule;

typedef enum CashStatus
{
	CASH_OK = 0,
	CASH_NO_MEMORY /* an edit distance's work buffer was refused */
} CashStatus;

/* One open item of a candidate customer, in any order */
typedef struct CashItem
{
	int64_t customer_id;
	int64_t invoice_id;
	int32_t due_date; /* any day count: older items come first */
	const char *key;  /* normalized invoice number (UTF-8), or NULL */
	size_t key_len;
	int32_t currency;   /* any code: items of one currency share it */
	int64_t open_units; /* open amount, in minor units of the currency */
	int64_t pay_units;  /* the payment in that currency */
	double ref_score;   /* set by cash_allocate */
	bool ref_near;      /* that score is an edit distance's */
} CashItem;

/*
 * A reference read from the remittance, normalized as invoice numbers are,
 * with what an item whose number it is scores: 1 for a reference as
 * written, less for one read from a damaged number (its digits, an OCR
 * confusion undone, two digits swapped back). Only references as written
 * are also compared by edit distance.
 */
typedef struct CashRef
{
	const char *text;
	size_t len;
	double weight;
} CashRef;

/*
 * A shortfall the company accepts as bank charges beyond the fee
 * tolerance: a flat charge of its schedule (or two banks' together), or a
 * customer's usual deduction
 */
typedef struct CashCharge
{
	int64_t customer_id; /* 0: any customer */
	int32_t currency;
	int64_t units;
} CashCharge;

typedef struct CashSettings
{
	int64_t fee_share_ppb;     /* share an amount may be short, per 10^9 */
	int64_t fee_max_units;     /* cap on that shortfall, in minor units */
	int max_items;             /* oldest items a combination searches */
	long node_budget;          /* search nodes per combination */
	const CashCharge *charges; /* accepted charges, ncharges of them */
	int ncharges;
} CashSettings;

/* One proposed allocation: items[first .. first + count) of the result */
typedef struct CashAllocation
{
	int64_t customer_id;
	CashRule rule;
	int first;
	int count;
	int64_t write_off; /* what the payment is short, in the currency */
	int32_t currency;
	int64_t pay_units;
	double fit;          /* how well the items fit, 0 to 1 */
	bool ambiguous;      /* another choice fits as well: not for automation */
	int64_t unexplained; /* what the payment brings beyond its items and
						  * no other open item explains: for a person */
	bool settles;        /* the payment settles its items in full (exactly, or
				   * short by an accepted charge): the amount fits */
	double round_fit;    /* the fit had the amount not been round, where the
						  * roundness lowered it (0 if not): a payer account
						  * known to be the customer's restores it */
} CashAllocation;

/*
 * Allocations of one payment. The caller gives room for n of each:
 * no allocation is empty and none shares an item, so n always suffices.
 */
typedef struct CashResult
{
	CashAllocation *rows;
	int nrows;
	int *item;        /* index into the items, per allocated item */
	int64_t *applied; /* units applied to it */
	int nitems;
} CashResult;

/* Round half away from zero of units * share_ppb / 10^9 */
extern int64_t cash_share_of(int64_t units, int64_t share_ppb);

/* Whether a shortfall of a customer's payment against base units is bank
 * charges: within the fee tolerance of base, or an accepted charge */
extern bool cash_charge_accepted(const CashSettings *set, int64_t customer_id,
								 int32_t currency, int64_t base,
								 int64_t shortfall);

/* Whether units are a round amount, a multiple of 50.00 (5,000 minor
 * units): deposits, instalments and payments on account are round, and
 * so are the invoices a typo most easily names instead */
extern bool cash_round_amount(int64_t units);

/* qsort order of items: customers apart, each one's items oldest first
 * (due date, then invoice) */
extern int cash_compare_items(const void *a, const void *b);

/*
 * Sort items[0..n-1] by customer, due date and invoice, score the
 * references against them (their ref_score) and propose the allocations
 * of each customer into result.
 */
extern CashStatus cash_allocate(CashItem *items, int n, const CashRef *refs,
								int nrefs, const CashSettings *settings,
								CashResult *result);

/*
 * Names
 */

/* How sure a name similarity makes us of the customer: 0.95 from 0.97,
 * 0.90 from 0.92, 0.60 from 0.85, 0.25 from 0.75, else 0 */
extern double cash_name_evidence(double similarity);

/* A customer a payer's name found, with the forms its name states */
typedef struct CashNameCandidate
{
	int64_t customer_id;
	double similarity;
	const char *forms; /* space-separated legal forms, or NULL: none */
	size_t forms_len;
	bool keep; /* set by cash_prune_names */
} CashNameCandidate;

/*
 * What a customer's name similarity counts for when the payer wrote legal
 * forms (space-separated) that its name, stating forms (NULL: none),
 * lacks: 0.9; else 1
 */
extern double cash_form_weight(const char *payer_forms, size_t payer_forms_len,
							   const char *forms, size_t forms_len);

/*
 * Of the candidates of one payer name, keep (their keep flag) what the
 * candidate customers can keep: each similarity times 0.9 when the payer
 * wrote legal forms (space-separated payer_forms) that the candidate's
 * name, stating forms, does not; then the three most likely (name
 * evidence, similarity, customer id) and every one whose evidence is
 * within 0.1 of the best. The similarities are replaced by the weighed
 * ones. Returns how many are kept, or -1 if out of memory.
 */
extern int cash_prune_names(CashNameCandidate *candidates, int n,
							const char *payer_forms, size_t payer_forms_len);

#endif /* AR2C_CORE_CASH_ALLOCATE_H */
