/*
 * money_cur.h
 *		The money_cur SQL type as a datum, shared by its wrapper files.
 *
 * On disk a money_cur is 10 bytes: int64 minor units then the int16
 * currency, aligned on 2 bytes to keep rows small; it is always read and
 * written through memcpy, never by casting the pointer.
 */
#ifndef AR2C_MONEY_CUR_H
#define AR2C_MONEY_CUR_H

#include "ar2c.h"
#include "utils/numeric.h"

#define MONEY_CUR_DATUM_SIZE 10

/* Read a money_cur datum */
static inline MoneyCur
money_from_datum(Datum d)
{
	const char *p = DatumGetPointer(d);
	MoneyCur m;

	memcpy(&m.units, p, sizeof(int64));
	memcpy(&m.currency, p + sizeof(int64), sizeof(int16));
	return m;
}

/* Make a money_cur datum */
static inline Datum
money_to_datum(MoneyCur m)
{
	char *p = palloc(MONEY_CUR_DATUM_SIZE);

	memcpy(p, &m.units, sizeof(int64));
	memcpy(p + sizeof(int64), &m.currency, sizeof(int16));
	return PointerGetDatum(p);
}

/* Canonical text of an amount, for messages: "1234.56 EUR" */
static inline char *
money_cur_text(MoneyCur m)
{
	char *buf = palloc(MONEY_TEXT_MAX);

	money_format(m, buf);
	return buf;
}

#define PG_GETARG_MONEY_CUR(n) money_from_datum(PG_GETARG_DATUM(n))
#define PG_RETURN_MONEY_CUR(m) return money_to_datum(m)

/* Raise "money_cur out of range" unless v fits */
extern int64 money_units_checked(ar2c_int128 v, ar2c_currency cur);

/* Raise the mixed-currency error unless a and b share a currency */
extern void money_same_currency(MoneyCur a, MoneyCur b, const char *what);

/* Rounding rule by name ("half_even", "half_up"); raises on anything else */
extern MoneyRounding money_rounding_from_name(const char *name);

/*
 * Round the exact quotient a / b to an integer count of minor units of
 * cur by the rule; raises if it does not fit.
 */
extern int64 money_round_quotient(Numeric a, Numeric b, MoneyRounding rounding,
								  ar2c_currency cur);

/* 10^n for the few powers minor units need */
static inline int64
money_pow10(int n)
{
	int64 p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

/* -1, 0 or 1 as n is below, at or above zero */
extern int money_numeric_sign(Numeric n);

/* An integral numeric as int64 within the money range; false if outside */
extern bool money_numeric_to_units(Numeric n, int64 *units);

/* Minor units of a currency that money_cur accepts */
extern int money_minor_units(ar2c_currency cur);

#endif /* AR2C_MONEY_CUR_H */
