/*
 * iban.h
 *		IBAN (ISO 13616): parsing, the SWIFT IBAN registry, mod 97 checks.
 *
 * Plain C (no postgres.h). Input is UTF-8; full-width letters and digits
 * and Unicode spaces are folded first (see core/reference.h), so an IBAN
 * copied from a CJK document reads like an ASCII one.
 */
#ifndef AR2C_CORE_IBAN_H
#define AR2C_CORE_IBAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest IBAN any country may have (ISO 13616) */
#define IBAN_MAX_LEN 34

/* One country of the SWIFT IBAN registry */
typedef struct IbanCountry
{
	char code[3];     /* ISO 3166 alpha-2, as the IBAN begins */
	const char *name; /* English short name, ASCII */
	uint8_t length;   /* whole IBAN, country code and check digits included */
	const char *bban; /* registry notation of the BBAN: "8!n10!n" */
} IbanCountry;

typedef enum IbanStatus
{
	IBAN_OK = 0,
	IBAN_EMPTY,           /* nothing but white space */
	IBAN_BAD_CHARACTER,   /* a character other than a letter, digit or space */
	IBAN_NO_COUNTRY,      /* does not begin with two letters */
	IBAN_UNKNOWN_COUNTRY, /* two letters that are not in the registry */
	IBAN_BAD_LENGTH,      /* not the registry's length for the country */
	IBAN_BAD_FORMAT,      /* a letter where the BBAN has digits, or similar */
	IBAN_BAD_CHECK_DIGITS /* check digits not 02..98, or mod 97 is not 1 */
} IbanStatus;

/* What the parser found, also on failure, so errors can name the culprit */
typedef struct IbanParse
{
	char iban[IBAN_MAX_LEN + 1]; /* electronic form: upper case, no spaces */
	size_t len;                  /* letters and digits seen (may exceed 34) */
	const IbanCountry *country;  /* from the first two letters, if known */
	size_t bad_offset; /* IBAN_BAD_CHARACTER: byte offset in the input */
	size_t bad_bytes;  /* IBAN_BAD_CHARACTER: bytes of that character */
	size_t bad_index;  /* IBAN_BAD_FORMAT: 0-based index in iban[] */
	char bad_expected; /* IBAN_BAD_FORMAT: 'n' digit, 'a' letter */
} IbanParse;

/* Parse the print ("DE89 3704 ...") or electronic form of an IBAN */
extern IbanStatus iban_parse(const char *text, size_t len, IbanParse *out);

/* Registry entry of a country code (either case), or NULL */
extern const IbanCountry *iban_country_lookup(const char *code, size_t len);

/* The registry, in alphabetical order of country code */
extern size_t iban_country_count(void);
extern const IbanCountry *iban_country_at(size_t i);

/* ISO 7064 MOD 97-10 of letters and digits, letters counting A=10..Z=35;
 * the string is read as given (no rotation); other characters are skipped */
extern unsigned iban_mod97(const char *s, size_t len);

/* True if an electronic-form IBAN passes the mod 97 check (rotated) */
extern bool iban_checksum_ok(const char *iban, size_t len);

#endif /* AR2C_CORE_IBAN_H */
