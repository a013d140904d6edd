/*
 * cash_candidates.h
 *		The candidate customers of a run's payments: the signals that name
 *		a customer, combined into evidence, ranked, and pruned.
 *
 * Plain C (no postgres.h). A payment's signals each name a customer: a
 * reference to one of its open invoices, the payer's account known to be
 * its, or its name (with the similarity to the payer's). Per payment and
 * customer the signals combine as independent witnesses,
 *
 *	evidence = 1 - (1 - 0.97 reference)(1 - 0.95 account)(1 - name)
 *
 * where name is cash_name_evidence of the similarity, halved when the
 * payer's account is known to belong to another customer (equally named
 * group companies are told apart by the account they pay from). A
 * customer no name signal found is scored by its name all the same. Kept
 * are the three most likely customers of a payment and every one within
 * 0.1 of the best evidence, at most 30.
 */
#ifndef AR2C_CORE_CASH_CANDIDATES_H
#define AR2C_CORE_CASH_CANDIDATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One signal naming a customer for a payment */
typedef struct CashSignal
{
	int64_t payment_id;
	int64_t customer_id;
	bool by_reference;
	bool by_account;
	bool by_name;
	double similarity; /* a name signal's (legal forms weighed in) */
	/* the customer's normalized name and the forms it states (NULL: none),
	 * for a customer no name signal finds */
	const char *key;
	size_t key_len;
	const char *forms;
	size_t forms_len;
} CashSignal;

/* A payer's normalized name and the legal forms written with it */
typedef struct CashPayer
{
	int64_t payment_id;
	const char *key;
	size_t key_len;
	const char *forms; /* space-separated */
	size_t forms_len;
} CashPayer;

/* A kept candidate customer of a payment */
typedef struct CashCandidate
{
	int64_t payment_id;
	int64_t customer_id;
	bool by_reference;
	bool by_account;
	double similarity;
	double evidence;
	int rank; /* 1 for the most likely */
} CashCandidate;

/*
 * The kept candidates of the payments the signals (n, in any order; sorted
 * in place) name, into out (room for n), by payment then rank; payers (any
 * order; sorted in place) are the payments' names, a payment without one
 * has no name to score by. Returns how many.
 */
extern int cash_rank_candidates(CashSignal *signals, int n, CashPayer *payers,
								int npayers, CashCandidate *out);

#endif /* AR2C_CORE_CASH_CANDIDATES_H */
