/*
 * reference.h
 *		Payment references: ISO 11649 RF creditor references, invoice
 *		number normalisation, and extraction of references (RF, IBAN,
 *		end-to-end id, invoice numbers) from remittance text.
 *
 * Plain C (no postgres.h). Text is UTF-8; invalid bytes are read as one
 * character each that matches nothing. Before anything is matched,
 * full-width ASCII (U+FF01..U+FF5E) is folded to ASCII, Unicode spaces to
 * a space and Unicode hyphens and dashes to "-", so "ＩＮＶ－２０２６"
 * reads as "INV-2026".
 */
#ifndef AR2C_CORE_REFERENCE_H
#define AR2C_CORE_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------------
 * UTF-8 with folding
 * --------------------------------------------------------------------- */

/* What an invalid byte decodes to: above Unicode, so it matches nothing */
#define REF_INVALID_CHAR 0x110000u

/* Decode the character at text[*pos], fold it, advance *pos past it */
extern uint32_t ref_next_char(const char *text, size_t len, size_t *pos);

/* The electronic form of a printed code (IBAN, RF reference): its letters
 * and digits, upper case, white space skipped, into out (max of them and a
 * NUL; *count counts them all). False at any other character, with its
 * byte offset and length. */
extern bool ref_compact(const char *text, size_t len, char *out, size_t max,
						size_t *count, size_t *bad_offset, size_t *bad_bytes);

/* True for the white space that folding leaves: space, tab, CR, LF, VT, FF */
static inline bool
ref_is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* ASCII digit */
static inline bool
ref_is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* ASCII letter, either case */
static inline bool
ref_is_letter(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* ASCII letter or digit: what words and numbers are made of */
static inline bool
ref_is_alnum(uint32_t c)
{
	return ref_is_digit(c) || ref_is_letter(c);
}

/* Upper case of an ASCII letter; anything else unchanged */
static inline uint32_t
ref_upper(uint32_t c)
{
	return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

/* True if the text at pos does not continue a word or a number: no letter
 * or digit, and no "-", "/", "." or "," followed by a digit */
extern bool ref_ends_token(const char *text, size_t len, size_t pos);

/* Match a label at pos, any case ("|" in it: "-", "_", a space or nothing);
 * the byte offset after it, or 0 */
extern size_t ref_match_label(const char *text, size_t len, size_t pos,
							  const char *label);

/* True if a number may not begin at pos because it would go on the token
 * before it (prev1, prev2: the two characters before pos) */
extern bool ref_continues_token(const char *text, size_t len, size_t pos,
								uint32_t prev1, uint32_t prev2);

/* ---------------------------------------------------------------------
 * ISO 11649 creditor references: "RF" + 2 check digits + 1..21 characters
 * --------------------------------------------------------------------- */

#define RF_PAYLOAD_MAX 21
#define RF_MAX_LEN     (4 + RF_PAYLOAD_MAX)

typedef enum RfStatus
{
	RF_OK = 0,
	RF_EMPTY,           /* nothing but white space (and separators) */
	RF_BAD_CHARACTER,   /* not a letter, a digit or an allowed separator */
	RF_TOO_LONG,        /* more than 21 characters of reference */
	RF_TOO_SHORT,       /* fewer than 5 characters in all (checking) */
	RF_NO_PREFIX,       /* does not begin with "RF" (checking) */
	RF_BAD_CHECK_DIGITS /* not two digits 02..98, or mod 97 is not 1 */
} RfStatus;

/* What a parse found, also on failure, so errors can name the culprit */
typedef struct RfParse
{
	char rf[RF_MAX_LEN + 1]; /* electronic form: "RF18539007547034" */
	size_t len;              /* letters and digits seen (may exceed 25) */
	size_t bad_offset;       /* RF_BAD_CHARACTER: byte offset in the input */
	size_t bad_bytes;        /* RF_BAD_CHARACTER: bytes of that character */
} RfParse;

/*
 * Make the RF reference of an invoice number or other reference: white
 * space and the separators "-", "/", "." and "_" are dropped, letters are
 * upper-cased, and 1 to 21 letters and digits must remain.
 */
extern RfStatus rf_generate(const char *text, size_t len, RfParse *out);

/*
 * Check an RF reference in print ("RF18 5390 0754 7034") or electronic
 * form, any case; white space may stand anywhere. On RF_OK, out->rf is the
 * electronic form and its payload is out->rf + 4.
 */
extern RfStatus rf_check(const char *text, size_t len, RfParse *out);

/* ---------------------------------------------------------------------
 * Invoice numbers
 * --------------------------------------------------------------------- */

/*
 * Normalise an invoice number so that spellings of one number compare
 * equal: "INV-2026-00012", "inv 2026 12" and "INV2026/12" all give
 * "INV-2026-12". Letters are upper-cased; letters and digits are split
 * into runs (a letter run, a digit run) and everything else only
 * separates runs; leading zeros of each digit run are dropped (a run of
 * zeros is "0"); if the first digit run has five or more digits and
 * begins with "20", its first four are a year and the rest a number of
 * their own; the runs are joined with "-". Writes at most 2 * len bytes to
 * out (no NUL); returns the length, 0 if there is no letter or digit.
 */
extern size_t ref_normalize_invoice(const char *text, size_t len, char *out);

/* ---------------------------------------------------------------------
 * Invoice number patterns (see doc/references.md, "Pattern language")
 * --------------------------------------------------------------------- */

#define REF_PATTERN_MAX_TEXT  512 /* bytes of pattern text */
#define REF_PATTERN_MAX_PROG  256 /* compiled instructions */
#define REF_PATTERN_MAX_SET   256 /* characters in all [...] sets */
#define REF_PATTERN_MAX_RUN   35  /* the longest {d}, {a}, {x} or {id} */
#define REF_PATTERN_MAX_SPACE 16 /* white space one space in a pattern takes */
#define REF_PATTERN_MAX_MATCH 100 /* characters of a whole match */
#define REF_INVOICE_MAX       35  /* characters of an invoice reference */

typedef struct RefInstr
{
	uint8_t op;
	uint8_t cls;
	uint8_t min;
	uint8_t max;
	uint16_t x;
	uint16_t y;
	uint32_t c;
} RefInstr;

/* A compiled pattern; fixed size, so the caller may keep it anywhere */
typedef struct RefPattern
{
	RefInstr prog[REF_PATTERN_MAX_PROG];
	uint32_t set[REF_PATTERN_MAX_SET];
	uint16_t nprog;
	uint16_t nset;
} RefPattern;

typedef enum RefPatternStatus
{
	REF_PATTERN_OK = 0,
	REF_PATTERN_EMPTY,    /* nothing to match */
	REF_PATTERN_SYNTAX,   /* see message and offset */
	REF_PATTERN_TOO_LONG, /* beyond the text, program or set limits */
	REF_PATTERN_TOO_DEEP  /* groups nested more than 8 deep */
} RefPatternStatus;

typedef struct RefPatternError
{
	const char *message; /* static, lower case: "unclosed \"(\"" */
	size_t offset;       /* byte offset in the pattern text */
} RefPatternError;

/* Compile a pattern; on failure err says what and where */
extern RefPatternStatus ref_pattern_compile(const char *text, size_t len,
											RefPattern *out,
											RefPatternError *err);

/* The default invoice patterns, in the order they are tried */
extern size_t ref_default_pattern_count(void);
extern const char *ref_default_pattern(size_t i);

/* ---------------------------------------------------------------------
 * Extraction
 * --------------------------------------------------------------------- */

/* Kinds, in the order results at one position are listed */
typedef enum RefKind
{
	REF_KIND_E2E = 0, /* end-to-end id after a label: "EREF+...", "E2E: ..." */
	REF_KIND_IBAN,    /* a valid IBAN */
	REF_KIND_INVOICE, /* an invoice number found by a pattern */
	REF_KIND_RF,      /* a valid ISO 11649 creditor reference */
	REF_KIND_BE_OGM, /* a Belgian structured communication (creditor_reference.h) */
	REF_KIND_CH_QR, /* a Swiss QR reference */
	REF_KIND_FI,    /* a Finnish reference after its label */
	REF_KIND_KID    /* a Norwegian KID after its label */
} RefKind;

/* "e2e", "iban", "invoice", "rf", "be_ogm", "ch_qr", "fi", "kid" */
extern const char *ref_kind_name(RefKind kind);

#define REF_NORMALIZED_MAX 80

typedef struct RefMatch
{
	RefKind kind;
	size_t start;    /* byte offset of the reference in the text */
	size_t end;      /* byte offset just past it */
	size_t char_pos; /* characters before it (an invalid byte counts one) */
	char normalized[REF_NORMALIZED_MAX]; /* ASCII, NUL-terminated */
	size_t normalized_len;
} RefMatch;

typedef void (*RefEmitFn)(void *arg, const RefMatch *match);

/* The default patterns, compiled once (kept in static storage) */
extern const RefPattern *ref_default_patterns(size_t *count);

/*
 * Find every reference in text and call emit for each, in the order they
 * are found (sort with ref_match_cmp to list them by position). patterns
 * are the compiled invoice patterns, npatterns of them (0: no invoice
 * numbers). Not reentrant: the matcher's visited table is static, since
 * clearing it on every call would cost more than the search.
 */
extern void ref_extract(const char *text, size_t len,
						const RefPattern *patterns, size_t npatterns,
						RefEmitFn emit, void *arg);

/* Order of results: by character position, then kind */
extern int ref_match_cmp(const RefMatch *a, const RefMatch *b);

#endif /* AR2C_CORE_REFERENCE_H */
