/*
 * credit_score.h
 *		Payment behaviour (the state of ar2c.payment_behaviour) and the
 *		credit score formula.
 *
 * Plain C (no postgres.h), so it can be unit-tested on its own. Dates are
 * day numbers (PostgreSQL's DateADT: days since 2000-01-01); amounts are
 * minor units of one currency.
 *
 * Everything here is integer arithmetic: shares and averages are rounded
 * once, half away from zero, to a fixed number of decimals, and the score
 * is computed in millionths, so a score is the same on every platform.
 */
#ifndef AR2C_CORE_CREDIT_SCORE_H
#define AR2C_CORE_CREDIT_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/currency.h"
#include "core/money_cur.h"

/*
 * The state of ar2c.payment_behaviour(). An item counts when it was paid,
 * or when it is open and overdue on the as-of date; days late are
 * max(0, paid or as-of date - due date). 112 bytes, no padding holes.
 */
typedef struct PaymentBehaviour
{
	ar2c_int128 amount;         /* sum of the amounts, minor units */
	ar2c_int128 late_amount;    /* ... of the items with days late > 0 */
	ar2c_int128 over_90_amount; /* ... of the items with days late > 90 */
	ar2c_int128 weighted_days;  /* sum of amount * days late */
	ar2c_int128 open_amount;    /* ... of the items open and overdue */
	int64_t count;              /* items counted */
	int64_t late_count;         /* items with days late > 0 */
	int64_t open_count;         /* items open and overdue on the as-of date */
	int32_t max_days_late;      /* 0 when no item was late */
	ar2c_currency currency;     /* AR2C_CURRENCY_NONE before the first item */
	int16_t pad;                /* always 0 */
} PaymentBehaviour;

#define PAYMENT_BEHAVIOUR_SIZE 112

/* The longest text form: ten fields, five of up to 40 characters */
#define PAYMENT_BEHAVIOUR_TEXT_MAX 320

typedef enum BehaviourStatus
{
	BEHAVIOUR_OK = 0,
	BEHAVIOUR_SKIPPED,           /* open and not yet due: says nothing */
	BEHAVIOUR_CURRENCY_MISMATCH, /* an amount in another currency */
	BEHAVIOUR_NEGATIVE_AMOUNT,   /* amounts are zero or more */
	BEHAVIOUR_OUT_OF_RANGE,      /* a sum beyond 128 bits */
	BEHAVIOUR_SYNTAX,            /* text that is not ten fields */
	BEHAVIOUR_UNKNOWN_CURRENCY,  /* text with a code that is not ISO 4217 */
	BEHAVIOUR_INCONSISTENT       /* text whose fields contradict each other */
} BehaviourStatus;

/* An item: paid on paid_date, or (paid_known false) still open */
typedef struct BehaviourItem
{
	int32_t due_date;
	int32_t paid_date;
	bool paid_known;
	int64_t amount; /* minor units */
	ar2c_currency currency;
} BehaviourItem;

/* The empty state */
extern void behaviour_init(PaymentBehaviour *s);

/*
 * Count one item. Without an as-of date (has_as_of false) only paid items
 * count. With one, an item paid after it is open on it, and an open item
 * counts as late by as_of - due_date if it is overdue, and is skipped
 * (BEHAVIOUR_SKIPPED, the state unchanged) if it is not yet due.
 */
extern BehaviourStatus behaviour_add(PaymentBehaviour *s,
									 const BehaviourItem *item, bool has_as_of,
									 int32_t as_of);

/* Fold the state o into s */
extern BehaviourStatus behaviour_combine(PaymentBehaviour *s,
										 const PaymentBehaviour *o);

/*
 * Text form: (count,amount,late_count,late_amount,over_90_amount,
 * weighted_days,max_days_late,open_count,open_amount,currency), such as
 * (2,30000,1,10000,0,150000,15,0,0,EUR); the empty state is
 * (0,0,0,0,0,0,0,0,0,). Writes into buf[PAYMENT_BEHAVIOUR_TEXT_MAX] and
 * returns the length.
 */
extern size_t behaviour_format(const PaymentBehaviour *s, char *buf);

/* Read the text form back, exactly; refuses states no input could give */
extern BehaviourStatus behaviour_parse(const char *text, size_t len,
									   PaymentBehaviour *out);

/* True if the fields of a state agree with each other */
extern bool behaviour_consistent(const PaymentBehaviour *s);

/*
 * num / den * 10^decimals rounded half away from zero, for the results:
 * shares with 4 decimals, average days with 2. False if den is 0 or the
 * result does not fit 64 bits.
 */
extern bool behaviour_ratio(ar2c_int128 num, ar2c_int128 den, int decimals,
							int64_t *scaled);

/*
 * The score. Ten factors, each worth between 0 and 1 (in millionths),
 * weighted by integer points; the score is 1000 * sum(weight * value) /
 * sum(weight), rounded, and the grade the first band (A to D) whose floor
 * it reaches. An unknown input is worth 0.5.
 */
typedef enum CreditFactor
{
	CREDIT_DAYS_BEYOND_TERMS = 0, /* input: average days late, x100 */
	CREDIT_PAID_LATE,             /* input: share paid late by amount, x10^4 */
	CREDIT_OVER_90,               /* input: share over 90 days, x10^4 */
	CREDIT_DISPUTED,              /* input: share disputed, x10^4 */
	CREDIT_WRITTEN_OFF,           /* input: share written off, x10^4 */
	CREDIT_CAPACITY,              /* input: revenue / credit base, x10^4 */
	CREDIT_CAPITAL,               /* input: equity / credit base, x10^4 */
	CREDIT_COLLATERAL,            /* input: collateral / credit base, x10^4 */
	CREDIT_EXTERNAL_RATING,       /* input: rating 0 to 100 */
	CREDIT_YEARS_TRADING,         /* input: years trading, x100 */
	CREDIT_FACTOR_COUNT
} CreditFactor;

/* The five Cs, which group the factors */
typedef enum CreditC
{
	CREDIT_C_CHARACTER = 0,
	CREDIT_C_CAPACITY,
	CREDIT_C_CAPITAL,
	CREDIT_C_COLLATERAL,
	CREDIT_C_CONDITIONS,
	CREDIT_C_COUNT
} CreditC;

#define CREDIT_GRADE_COUNT   4
#define CREDIT_SCORE_MAX     1000
#define CREDIT_WEIGHT_MAX    1000
#define CREDIT_VALUE_ONE     1000000 /* a factor value of 1, in millionths */
#define CREDIT_VALUE_NEUTRAL 500000  /* the value of an unknown input */

typedef struct CreditFactorInfo
{
	const char *name;       /* "days_beyond_terms" */
	CreditC c;              /* the C it belongs to */
	int32_t default_weight; /* points when the company sets none */
	const char *rule;       /* how the input becomes a value, for the docs */
} CreditFactorInfo;

/* The factor table, in CreditFactor order */
extern const CreditFactorInfo *credit_factor_info(CreditFactor f);

/* The factor of a name; -1 if there is none */
extern int credit_factor_lookup(const char *name, size_t len);

/* Name of a C: "character", "capacity", ... */
extern const char *credit_c_name(CreditC c);

/* Grade letters and the default floors: A 800, B 650, C 450, D 0 */
extern const char credit_grade_letter[CREDIT_GRADE_COUNT];
extern const int32_t credit_default_floor[CREDIT_GRADE_COUNT];

typedef struct CreditInputs
{
	bool known[CREDIT_FACTOR_COUNT];
	int64_t input[CREDIT_FACTOR_COUNT]; /* in the units the enum gives */
} CreditInputs;

typedef struct CreditScore
{
	int32_t score;                           /* 0 to 1000 */
	char grade;                              /* 'A' to 'D' */
	int64_t value[CREDIT_FACTOR_COUNT];      /* each factor, millionths */
	int32_t c_points_tenths[CREDIT_C_COUNT]; /* points per C, x10 */
} CreditScore;

typedef enum CreditStatus
{
	CREDIT_OK = 0,
	CREDIT_BAD_WEIGHT, /* a weight outside 0 to 1000 */
	CREDIT_NO_WEIGHT,  /* all weights zero */
	CREDIT_BAD_FLOORS  /* floors not strictly falling from A to D = 0 */
} CreditStatus;

/* The value of one factor, in millionths, from its input */
extern int64_t credit_factor_value(CreditFactor f, bool known, int64_t input);

/* Check weights[CREDIT_FACTOR_COUNT] */
extern CreditStatus credit_weights_check(const int32_t *weights);

/* Check floors[CREDIT_GRADE_COUNT], A first */
extern CreditStatus credit_floors_check(const int32_t *floors);

/* The grade of a score under valid floors */
extern char credit_grade_of(int32_t score, const int32_t *floors);

/* Score the inputs with the weights and floors (checked first) */
extern CreditStatus credit_score_compute(const CreditInputs *in,
										 const int32_t *weights,
										 const int32_t *floors,
										 CreditScore *out);

#endif /* AR2C_CORE_CREDIT_SCORE_H */
