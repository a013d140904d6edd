/*
 * creditor_reference.h
 *		Creditor payment references that are not the invoice number: ISO
 *		11649 RF, Belgian structured communication, Finnish reference,
 *		Swiss QR reference and Norwegian KID. Their check digits, making
 *		one from a payload, telling which scheme a text is, and finding
 *		them in remittance text.
 *
 * Plain C (no postgres.h). Text is UTF-8, folded as core/reference.h
 * says (full-width digits read as ASCII).
 *
 * A reference's key is the form payments are matched on: its letters and
 * digits, upper case, everything else dropped, except the "-" that ends a
 * KID whose mod 11 check digit is 10 ("+++090/9337/55493+++" has the key
 * "090933755493", "RF18 5390 0754 7034" "RF18539007547034").
 */
#ifndef AR2C_CORE_CREDITOR_REFERENCE_H
#define AR2C_CORE_CREDITOR_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/reference.h"

typedef enum CrefScheme
{
	CREF_NONE = 0, /* no scheme (free text, or valid in none) */
	CREF_RF,       /* ISO 11649: "RF", 2 check digits, 1..21 letters, digits */
	CREF_BE,       /* Belgium: 10 digits + 2 check digits mod 97 (97 for 0) */
	CREF_FI,       /* Finland: 3..19 digits + a 7-3-1 weighted check digit */
	CREF_CH_QR,    /* Switzerland: 26 digits + a recursive mod 10 digit */
	CREF_NO_KID    /* Norway: 1..24 digits + a Luhn or mod 11 check digit */
} CrefScheme;

#define CREF_SCHEME_COUNT 5

/* "rf", "be", "fi", "ch_qr", "no_kid"; "" for CREF_NONE */
extern const char *cref_scheme_name(CrefScheme scheme);

/* The scheme of a name; false (CREF_NONE) for an unknown one */
extern bool cref_scheme_from_name(const char *name, size_t len,
								  CrefScheme *scheme);

typedef enum CrefStatus
{
	CREF_OK = 0,
	CREF_EMPTY,         /* no digit (RF: no letter or digit) in the payload */
	CREF_BAD_CHARACTER, /* a character the scheme does not have */
	CREF_BAD_LENGTH,    /* too few or too many digits for the scheme */
	CREF_BAD_CHECK      /* the check digits are wrong */
} CrefStatus;

/* The longest key: of free text, as SEPA's Max35Text allows */
#define CREF_KEY_MAX 35

typedef struct CrefParse
{
	CrefScheme scheme;            /* the scheme checked (or made) */
	char key[CREF_KEY_MAX + 1];   /* the key, NUL-terminated */
	size_t key_len;               /* its length */
	char print[2 * CREF_KEY_MAX]; /* cref_generate: the printed form */
	size_t length;                /* letters and digits seen (errors) */
} CrefParse;

/* The key of a reference as written (see above) into out (at most max
 * bytes and a NUL); returns its length, which may exceed max */
extern size_t cref_key(const char *text, size_t len, char *out, size_t max);

/*
 * Check a reference against one scheme, as printed or electronic (spaces,
 * "/", "." and "-" between digits, the Belgian "+++" or "***" frame, any
 * case). On CREF_OK out->key is its key.
 */
extern CrefStatus cref_check(CrefScheme scheme, const char *text, size_t len,
							 CrefParse *out);

/*
 * Make a reference of a scheme from a payload: RF from its letters and
 * digits (as rf_generate), the others from its digits alone (anything
 * else dropped), padded with leading zeros to the scheme's least (BE 10,
 * FI 3, CH 26). out->print is the printed form: "RF18 5390 0754 7034",
 * "+++090/9337/55493+++", "12 34561" (groups of five from the right),
 * "21 00000 00003 13947 14300 09017", "12345678903" (a KID, Luhn).
 */
extern CrefStatus cref_generate(CrefScheme scheme, const char *payload,
								size_t len, CrefParse *out);

/*
 * The scheme a text is valid in, CREF_NONE if none; the first of: RF, a
 * framed Belgian one, then for digits alone Swiss QR (27 digits), Belgian
 * (12), Finnish, KID.
 */
extern CrefScheme cref_detect(const char *text, size_t len, CrefParse *out);

/*
 * Check a reference issued by a company whose scheme is company (CREF_NONE
 * for none): the scheme its shape claims must accept it. RF and two digits
 * claim RF; the "+++"/"***" frame Belgian; digits alone the company's
 * scheme when that is not RF, else any scheme of digits; other text claims
 * none and is accepted as free text of at most 35 letters and digits. out->scheme is the scheme checked
 * (CREF_NONE on failure: no scheme of digits took it).
 */
extern CrefStatus cref_validate(const char *text, size_t len,
								CrefScheme company, CrefParse *out);

/* ---------------------------------------------------------------------
 * Finding references in remittance text
 * --------------------------------------------------------------------- */

typedef struct CrefFound
{
	RefKind kind; /* REF_KIND_BE_OGM, _CH_QR, _FI or _KID */
	size_t start; /* byte offset of the reference (after a label) */
	size_t end;   /* byte offset just past it */
	char key[CREF_KEY_MAX + 1];
	size_t key_len;
} CrefFound;

/*
 * A creditor reference beginning at pos, where a word begins: a Belgian
 * one framed ("+++090/9337/55493+++", "*** 090/9337/55493 ***") or as
 * "090/9337/55493"; a Swiss QR reference, 27 digits joined or in groups
 * after single spaces; a Finnish reference after "Viite", "Viitenumero",
 * "Viitenro" or "Referensnummer"; a KID after "KID", "KID-nr" or
 * "KID-nummer". Each with valid check digits, ending a word.
 */
extern bool cref_find(const char *text, size_t len, size_t pos,
					  CrefFound *out);

/* A key a remittance may name an issued reference by; structured: found by
 * its scheme's shape or label (or an RF reference, or a Finnish one in RF
 * form), not a bare number */
typedef void (*CrefKeyFn)(void *arg, const char *key, size_t len,
						  bool structured);

/*
 * Every key in a remittance text that may be an issued payment reference:
 * those of the RF references and of what cref_find finds (structured),
 * and those of bare numbers of 5 to 27 digits (joined or in groups after
 * single spaces, perhaps ending in the "-" of a KID) valid in a scheme of
 * digits, not within an IBAN or RF reference, not part of a date, an
 * amount or a longer token (not structured). A key may come more than
 * once. Not reentrant (it runs ref_extract).
 */
extern void cref_keys(const char *text, size_t len, CrefKeyFn emit, void *arg);

#endif /* AR2C_CORE_CREDITOR_REFERENCE_H */
