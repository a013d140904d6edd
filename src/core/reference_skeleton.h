/*
 * reference_skeleton.h
 *		The skeleton of an invoice number: what survives of it when a payer
 *		or a bank damages it, so that a damaged number still finds its
 *		invoice.
 *
 * Plain C (no postgres.h). Payers drop an invoice number's prefix
 * ("2025-1569" for "FA-2025-1569"), pad or run its parts together
 * ("202501569" for "FA2025/01569"), write it in full-width digits, or an
 * OCR reads O for 0 and S for 5. The skeleton keeps the digit runs of the
 * number as ref_normalize_invoice() splits them, joined by "-", after
 * folding full-width forms to ASCII and the letters an OCR confuses with
 * digits (O, I, L, S, B, Z) where they stand in or beside a digit run;
 * both sides are folded alike, so the skeleton of an invoice number and
 * of its damaged copy meet in one index. Two digits swapped are found by
 * trying each adjacent swap of a remittance's skeletons.
 */
#ifndef AR2C_CORE_REFERENCE_SKELETON_H
#define AR2C_CORE_REFERENCE_SKELETON_H

#include <stdbool.h>
#include <stddef.h>

/* Digits a skeleton needs: fewer name too many numbers */
#define REF_SKELETON_MIN_DIGITS 4
/* Digits a skeleton needs before its swaps are tried */
#define REF_SKELETON_MIN_SWAP_DIGITS 5
/* The longest skeleton, and the longest token read from a remittance */
#define REF_SKELETON_MAX 70
#define REF_TOKEN_MAX    35

typedef enum RefDamage
{
	REF_DAMAGE_NONE = 0, /* the skeleton of a token as written */
	REF_DAMAGE_SWAP      /* with two adjacent digits swapped back */
} RefDamage;

/*
 * The skeleton of text into out (at least REF_SKELETON_MAX + 1 bytes, NUL
 * terminated); returns its length, 0 when text has fewer than
 * REF_SKELETON_MIN_DIGITS digits or is longer than REF_TOKEN_MAX
 * characters.
 */
extern size_t ref_skeleton(const char *text, size_t len, char *out);

/* A skeleton a remittance may name an invoice by */
typedef struct RefSkeleton
{
	const char *skeleton;
	size_t len;
	RefDamage damage;
	const char *written; /* the skeleton as written it was made from
						  * (itself, when undamaged) */
	size_t written_len;
	const char *token; /* the skeleton of the whole token it is part of */
	size_t token_len;
} RefSkeleton;

typedef void (*RefSkeletonFn)(void *arg, const RefSkeleton *skeleton);

/*
 * Every skeleton a remittance may name an invoice by: of each number-like
 * token (letters, digits and the separators - / . _ between them) the
 * whole, each two neighbouring digit runs and each digit run alone (a
 * list "1569/1570" names two numbers); then of each, with
 * REF_SKELETON_MIN_SWAP_DIGITS digits or more, every adjacent swap of two
 * different digits of one run, and of a number written as one run of
 * digits every such swap of its digits as written, skeletonized anew. A
 * skeleton may be emitted more than once.
 */
extern void ref_skeletons(const char *text, size_t len, RefSkeletonFn emit,
						  void *arg);

#endif /* AR2C_CORE_REFERENCE_SKELETON_H */
