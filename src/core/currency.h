/*
 * currency.h
 *		ISO 4217 currencies: the compiled-in table and its look-ups.
 *
 * Plain C (no postgres.h), so it can be unit-tested and fuzzed on its own.
 *
 * A currency is stored as its three letters packed in base 26 plus one,
 * so 0 means "no currency", integer order is alphabetical order, and what
 * is on disk never depends on the position of a code in the table.
 */
#ifndef AR2C_CORE_CURRENCY_H
#define AR2C_CORE_CURRENCY_H

#include <stddef.h>
#include <stdint.h>

typedef int16_t ar2c_currency;

#define AR2C_CURRENCY_NONE 0
/* largest packed value: "ZZZ" */
#define AR2C_CURRENCY_MAX (26 * 26 * 26)
/* minor_units of codes for which ISO 4217 says "N.A." (gold, SDR, ...) */
#define AR2C_MINOR_UNITS_NA (-1)

typedef struct CurrencyInfo
{
	char code[4];         /* "EUR", NUL-terminated */
	int16_t numeric_code; /* 978 */
	int8_t minor_units;   /* 2, or AR2C_MINOR_UNITS_NA */
	const char *name;     /* "Euro" */
} CurrencyInfo;

/* Pack three ASCII letters (any case) into a currency; 0 if not letters */
extern ar2c_currency currency_pack(const char *code, size_t len);

/* Write the three letters of a packed currency into buf[4]; NUL-terminated */
extern void currency_unpack(ar2c_currency cur, char *buf);

/* Find a code (case-insensitive, exactly three letters); NULL if unknown */
extern const CurrencyInfo *currency_lookup(const char *code, size_t len);

/* Find the table entry of a packed currency; NULL if not in the table */
extern const CurrencyInfo *currency_info(ar2c_currency cur);

/* Minor units of a packed currency; AR2C_MINOR_UNITS_NA if none, -2 if unknown */
extern int currency_minor_units(ar2c_currency cur);

/*
 * Fill out[0..max-1] with the known codes that are one letter away from
 * code (one substitution of a three-letter input), alphabetical order;
 * returns how many were written.
 */
extern size_t currency_suggest(const char *code, size_t len,
							   const CurrencyInfo **out, size_t max);

/* Number of entries in the table, and the i-th in alphabetical order */
extern size_t currency_count(void);
extern const CurrencyInfo *currency_at(size_t i);

#endif /* AR2C_CORE_CURRENCY_H */
