/*
 * ar2c.h
 *		Declarations shared by the fmgr wrappers (they include postgres.h).
 */
#ifndef AR2C_H
#define AR2C_H

#include "postgres.h"
#include "fmgr.h"

#include "core/aging_bucket.h"
#include "core/creditor_reference.h"
#include "core/money_cur.h"
#include "utils/array.h"
#include "utils/date.h"

/* ar2c.rounding: how money arithmetic rounds to minor units */
extern int ar2c_rounding;

/* Define the GUCs of each concept; called once from _PG_init */
extern void money_cur_define_gucs(void);
extern void aging_bucket_define_gucs(void);

/* Currency of a datum, for error messages: "EUR" */
extern const char *currency_code_text(ar2c_currency cur);

/* Raise the error for an unknown currency code, with a hint if one is close */
extern void currency_unknown_error(const char *code, size_t len)
	pg_attribute_noreturn();

/* Boundaries given as integer[]; raises on a bad list */
extern void aging_boundaries_from_array(ArrayType *array,
										AgingBoundaries *out);

/* Text between the server's encoding and the cores' UTF-8 (utf8_text.c) */
/* True if the database's encoding is neither UTF-8 nor SQL_ASCII */
extern bool utf8_needs_conversion(void);
/* The UTF-8 bytes of a text datum (not NUL-terminated) */
extern const char *text_utf8(text *t, size_t *len);
/* A text datum in the server's encoding from UTF-8 bytes */
extern text *utf8_text(const char *s, size_t len);
/* A C string in the server's encoding from UTF-8 bytes */
extern char *utf8_cstring(const char *s, size_t len);
/* The UTF-8 bytes of a text array element, NULL (length 0) for NULL */
extern const char *text_element_utf8(Datum d, bool isnull, size_t *len);

/*
 * The elements of a one-dimensional array argument of function (errors
 * name the argument); a NULL element raises unless nulls_allowed.
 * Returns how many (array_argument.c).
 */
extern int array_argument(ArrayType *arr, const char *function,
						  const char *name, bool nulls_allowed, Datum **elems,
						  bool **nulls);
/* Raise 22023 unless array name (n elements) is as long as first_name */
extern void array_lengths_match(const char *function, const char *first_name,
								int first, const char *name, int n);

/* Raise 22023 for a payment reference (s, len bytes of UTF-8) the check
 * refused, naming it and the scheme checked (payment_reference.c) */
extern void payment_reference_error(const char *s, size_t len,
									CrefStatus status, const CrefParse *parse)
	pg_attribute_noreturn();
/* Raise 22023 for a payload no reference of the scheme can be made of; of
 * the invoice named, when invoice_number is not NULL */
extern void payment_reference_make_error(CrefScheme scheme, const char *s,
										 size_t len, CrefStatus status,
										 const CrefParse *parse,
										 const char *invoice_number)
	pg_attribute_noreturn();

/* The date the maintained aging is as of */
extern DateADT ledger_aging_date(void);

#endif /* AR2C_H */
