/*
 * money_cur.h
 *		Exact money: a count of minor units and its ISO 4217 currency.
 *
 * Plain C (no postgres.h). Amounts are int64 minor units kept within
 * +/-(2^63 - 1), so negation and abs never overflow; sums are carried in
 * 128 bits and checked only when they are stored back.
 */
#ifndef AR2C_CORE_MONEY_CUR_H
#define AR2C_CORE_MONEY_CUR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/currency.h"

/* 8-byte aligned, as PostgreSQL's int128, so it may live in palloc'd datums */
typedef __int128 ar2c_int128 __attribute__((aligned(8)));

#define MONEY_UNITS_MAX INT64_MAX
#define MONEY_UNITS_MIN (-INT64_MAX)

/* The longest canonical text: sign, 19 digits, point, space, code, NUL */
#define MONEY_TEXT_MAX 32

typedef struct MoneyCur
{
	int64_t units;          /* amount in minor units */
	ar2c_currency currency; /* packed ISO 4217 code */
} MoneyCur;

typedef enum MoneyStatus
{
	MONEY_OK = 0,
	MONEY_EMPTY,             /* nothing but white space */
	MONEY_SYNTAX,            /* not "<amount> <code>" nor "<code> <amount>" */
	MONEY_NO_CURRENCY,       /* an amount with no currency code */
	MONEY_NO_AMOUNT,         /* a currency code with no amount */
	MONEY_UNKNOWN_CURRENCY,  /* three letters that are not an ISO 4217 code */
	MONEY_NO_MINOR_UNITS,    /* a code ISO gives no minor unit (XAU, XDR) */
	MONEY_TOO_MANY_DECIMALS, /* more fraction digits than the currency has */
	MONEY_OUT_OF_RANGE       /* beyond +/-(2^63 - 1) minor units */
} MoneyStatus;

/* What the parser found, also on failure, so errors can name the culprit */
typedef struct MoneyParse
{
	MoneyCur value;
	const char *token; /* the offending token, when there is one */
	size_t token_len;
	int decimals;    /* fraction digits given */
	int minor_units; /* fraction digits the currency allows */
} MoneyParse;

typedef enum MoneyRounding
{
	MONEY_ROUND_HALF_EVEN = 0, /* banker's rounding: 0.125 -> 0.12 */
	MONEY_ROUND_HALF_UP        /* half away from zero: 0.125 -> 0.13 */
} MoneyRounding;

/* Parse "1234.56 EUR" or "EUR 1234.56" (any case, sign before the digits) */
extern MoneyStatus money_parse(const char *text, size_t len, MoneyParse *out);

/* Format canonically ("1234.56 EUR") into buf[MONEY_TEXT_MAX]; returns length */
extern size_t money_format(MoneyCur m, char *buf);

/* Format only the amount ("1234.56"); returns length */
extern size_t money_format_amount(int64_t units, int minor_units, char *buf);

/* True if a 128-bit amount fits the money range */
static inline bool
money_units_fit(ar2c_int128 v)
{
	return v >= MONEY_UNITS_MIN && v <= MONEY_UNITS_MAX;
}

/* Divide and round by the rule; false if den is 0 */
extern bool money_div_round(ar2c_int128 num, ar2c_int128 den,
							MoneyRounding rounding, ar2c_int128 *quotient);

/*
 * Parse a plain decimal ("-12.5000") into mantissa and scale, as numeric's
 * text output gives it; false on anything else or beyond 128 bits.
 */
extern bool decimal_parse(const char *text, size_t len, ar2c_int128 *mantissa,
						  int *scale);

#endif /* AR2C_CORE_MONEY_CUR_H */
