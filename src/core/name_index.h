/*
 * name_index.h
 *		Name tokens, and an in-memory token index of normalized names for
 *		looking many payer names up at once.
 *
 * Plain C (no postgres.h). The tokens of a normalized name are its words
 * of two code points or more; a word holding a CJK ideograph (U+3400 to
 * U+9FFF) gives the bigrams of its code points instead (a one-character
 * word, itself), as Chinese names are written without spaces. A payer's
 * name finds the names that hold every one of its tokens that some name
 * holds (a misspelt or cut-off word is in no name and is left out),
 * scored by sim_name (similarity.h), the best first.
 */
#ifndef AR2C_CORE_NAME_INDEX_H
#define AR2C_CORE_NAME_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A token: len bytes at offset of the name it came from */
typedef struct NameToken
{
	size_t offset;
	size_t len;
} NameToken;

/*
 * The distinct tokens of a normalized UTF-8 name, in byte order, into
 * *tokens (malloc'ed, free() it; NULL when there are none). Returns how
 * many, or -1 if out of memory.
 */
extern int name_tokenize(const char *name, size_t len, NameToken **tokens);

typedef struct NameIndex NameIndex;

/* A name found for a payer: its position in the index, and the score */
typedef struct NameHit
{
	int name;
	double similarity;
} NameHit;

/*
 * An index of n normalized names (UTF-8; the caller keeps them alive
 * while the index lives). NULL if out of memory.
 */
extern NameIndex *name_index_build(const char *const *names,
								   const size_t *lens, int n);
extern void name_index_free(NameIndex *index);

/*
 * The at most max_hits names most similar to a normalized payer name,
 * among those holding its known tokens, into hits (room for max_hits),
 * best first (ties: the earlier name). Returns how many, or -1 if out of
 * memory.
 */
extern int name_index_lookup(const NameIndex *index, const char *payer,
							 size_t len, int max_hits, NameHit *hits);

#endif /* AR2C_CORE_NAME_INDEX_H */
