/*
 * similarity.h
 *		String similarity on Unicode code points: Jaro-Winkler, restricted
 *		Damerau-Levenshtein, token sets, and a score for payer names.
 *
 * Plain C (no postgres.h). The functions on code points take arrays the
 * caller decoded once; the *_utf8 ones decode (on the stack up to
 * SIM_STACK_CHARS code points, on the heap beyond) and are what the SQL
 * functions call. Every score is symmetric, lies in [0, 1] and is 1 for
 * two equal non-empty strings.
 */
#ifndef AR2C_CORE_SIMILARITY_H
#define AR2C_CORE_SIMILARITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest argument, in code points: the work grows as its square */
#define SIM_MAX_CHARS 10000

/* Code points decoded into a stack buffer before the heap is used */
#define SIM_STACK_CHARS 256

/* Winkler's prefix scale and the longest prefix it rewards */
#define JARO_WINKLER_SCALE      0.1
#define JARO_WINKLER_MAX_PREFIX 4

/* Two name words are the same word misspelt from this Jaro-Winkler on */
#define NAME_WORD_MATCH 0.88

typedef enum SimStatus
{
	SIM_OK = 0,
	SIM_INVALID_UTF8, /* an argument is not UTF-8: see SimError */
	SIM_TOO_LONG,     /* an argument has more than SIM_MAX_CHARS */
	SIM_NO_MEMORY     /* a work buffer for long input was refused */
} SimStatus;

/* Which argument failed, and where */
typedef struct SimError
{
	int argument;  /* 1 or 2 */
	size_t offset; /* SIM_INVALID_UTF8: byte offset of the first bad byte;
					* SIM_TOO_LONG: its length in code points */
} SimError;

/* Code points of one string, on the stack when short */
typedef struct CodePoints
{
	uint32_t *cp;
	size_t len;
	uint32_t local[SIM_STACK_CHARS];
} CodePoints;

/* Decode UTF-8; SIM_TOO_LONG beyond max_chars code points (err->offset
 * then holds a lower bound of the length) */
extern SimStatus sim_codepoints_decode(CodePoints *buf, const char *s,
									   size_t len, size_t max_chars,
									   SimError *err);

/* Free what sim_codepoints_decode allocated (safe to call twice) */
extern void sim_codepoints_free(CodePoints *buf);

/* Jaro similarity: 0 when nothing matches, 1 for equal strings */
extern double sim_jaro(const uint32_t *a, size_t alen, const uint32_t *b,
					   size_t blen);

/* Jaro-Winkler: jaro + l * 0.1 * (1 - jaro), l the common prefix up to 4,
 * always applied (no boost threshold) */
extern double sim_jaro_winkler(const uint32_t *a, size_t alen,
							   const uint32_t *b, size_t blen);

/* Optimal string alignment distance (insertions, deletions, substitutions,
 * transpositions of two adjacent code points, no substring edited twice),
 * or max_distance + 1 as soon as it is known to be larger; -1 if out of
 * memory. max_distance must not be negative. */
extern int sim_damerau_levenshtein(const uint32_t *a, size_t alen,
								   const uint32_t *b, size_t blen,
								   int max_distance);

/* Dice coefficient of the sets of words of two normalized names:
 * 2 |A n B| / (|A| + |B|); 0 when either has no word; -1 if out of memory */
extern double sim_token_set(const uint32_t *a, size_t alen, const uint32_t *b,
							size_t blen);

/* Umlauts' digraphs folded (AE, OE, UE to A, O, U: SCHROEDER to
 * SCHRODER, as normalization writes Schröder); out has room for len code
 * points; returns its length */
extern size_t sim_fold_digraphs(const uint32_t *s, size_t len, uint32_t *out);

/*
 * The length of a legal-form first word and its space, where two words
 * or more follow (SAS HOLDINGS BRABANT): normalization keeps a name's
 * first word (SAS Institute is called so), but a payer who puts the form
 * first means the company without it; 0 if none
 */
extern size_t sim_leading_form(const uint32_t *s, size_t len);

/* Payer-name score of two normalized names (see similarity.c), as written,
 * with umlauts' digraphs folded, or without a legal form written first,
 * the best; -1 if out of memory */
extern double sim_name(const uint32_t *a, size_t alen, const uint32_t *b,
					   size_t blen);

/* The same on UTF-8 text; token set and name normalize first */
extern SimStatus sim_jaro_winkler_utf8(const char *a, size_t alen,
									   const char *b, size_t blen,
									   double *result, SimError *err);
extern SimStatus sim_damerau_levenshtein_utf8(const char *a, size_t alen,
											  const char *b, size_t blen,
											  int max_distance, int *result,
											  SimError *err);
extern SimStatus sim_token_set_utf8(const char *a, size_t alen, const char *b,
									size_t blen, double *result,
									SimError *err);
extern SimStatus sim_name_utf8(const char *a, size_t alen, const char *b,
							   size_t blen, double *result, SimError *err);
/* The same on names normalized already (as normalize_name does): equal to
 * sim_name_utf8 of the names they came from, without normalizing again */
extern SimStatus sim_name_keys_utf8(const char *a, size_t alen, const char *b,
									size_t blen, double *result,
									SimError *err);

#endif /* AR2C_CORE_SIMILARITY_H */
