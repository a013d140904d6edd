/*
 * cash_decision.h
 *		How sure each allocation of a payment is, and how far ahead of the
 *		other customers: what apply_cash decides by.
 *
 * Plain C (no postgres.h). An allocation's confidence is its customer's
 * evidence times its fit, times 0.8 for a reference that may be a
 * mistyped number hitting another customer's invoice: one the payment
 * does not settle, from a payer whose account does not tie it to the
 * customer and whose name is not much like the customer's. A reference
 * the payment settles stands, whoever pays (a factor, a treasury). The
 * allocations rank by confidence, then their customer's rank; the margin
 * is how far an allocation is ahead of the best of any other customer.
 */
#ifndef AR2C_CORE_CASH_DECISION_H
#define AR2C_CORE_CASH_DECISION_H

#include "core/cash_allocate.h"
#include "core/cash_candidates.h"

/* What the decision makes of one allocation */
typedef struct CashChoice
{
	const CashCandidate *candidate; /* its customer's */
	double confidence;
	double margin;
	int rank; /* 1 for the best of the payment */
} CashChoice;

/*
 * The choices of one payment's allocations (rows, n; each of a customer
 * among its candidates, ncandidates) into choices (n of them, in the
 * order of the rows). Returns false if a row's customer is no candidate.
 */
extern bool cash_decide(const CashCandidate *candidates, int ncandidates,
						const CashAllocation *rows, int n,
						CashChoice *choices);

#endif /* AR2C_CORE_CASH_DECISION_H */
