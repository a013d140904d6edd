/*
 * reference_skeleton.c
 *		The skeleton of an invoice number, and the skeletons a remittance
 *		may name invoices by (see reference_skeleton.h)
 */
#include "core/reference_skeleton.h"

#include <string.h>

#include "core/reference.h"

/* The letters an OCR reads for digits, and the digits they stand for */
static char
ocr_digit(char c)
{
	switch (c)
	{
		case 'O':
		case 'o':
			return '0';
		case 'I':
		case 'i':
		case 'L':
		case 'l':
			return '1';
		case 'S':
		case 's':
			return '5';
		case 'B':
			return '8';
		case 'Z':
		case 'z':
			return '2';
		default:
			return 0;
	}
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/*
 * Fold the letter runs of one or two letters an OCR confuses with digits
 * that stand beside a digit ("2O25", "l569", "15B9") into those digits;
 * a word or a prefix ("INV", "FA") stays
 */
static void
fold_ocr(char *s, size_t n)
{
	size_t i = 0;

	while (i < n)
	{
		size_t end = i;
		bool foldable = true;
		size_t k;

		if (!is_letter(s[i]))
		{
			i++;
			continue;
		}
		while (end < n && is_letter(s[end]))
			foldable &= ocr_digit(s[end++]) != 0;
		if (foldable && end - i <= 2 &&
			((i > 0 && is_digit(s[i - 1])) || (end < n && is_digit(s[end]))))
			for (k = i; k < end; k++)
				s[k] = ocr_digit(s[k]);
		i = end;
	}
}

size_t
ref_skeleton(const char *text, size_t len, char *out)
{
	char folded[REF_TOKEN_MAX + 1];
	char normalized[2 * REF_TOKEN_MAX + 1];
	size_t n = 0;
	size_t pos = 0;
	size_t nlen;
	size_t olen = 0;
	size_t digits = 0;
	size_t i = 0;

	out[0] = '\0';
	while (pos < len)
	{
		uint32_t c = ref_next_char(text, len, &pos);

		if (n == REF_TOKEN_MAX)
			return 0;
		/* anything but ASCII only separates, as in an invoice number */
		folded[n++] = c < 0x80 ? (char) c : ' ';
	}
	fold_ocr(folded, n);
	nlen = ref_normalize_invoice(folded, n, normalized);
	/* the digit runs of the normalized number, joined by "-" */
	while (i < nlen)
	{
		size_t end = i;
		bool all_digits = true;

		while (end < nlen && normalized[end] != '-')
			all_digits &= is_digit(normalized[end++]);
		if (all_digits && end > i)
		{
			if (olen > 0)
				out[olen++] = '-';
			memcpy(out + olen, normalized + i, end - i);
			olen += end - i;
			digits += end - i;
		}
		i = end + 1;
	}
	out[olen] = '\0';
	if (digits < REF_SKELETON_MIN_DIGITS)
	{
		out[0] = '\0';
		return 0;
	}
	return olen;
}

/* Where skeletons go, and the token they come from */
typedef struct Emitter
{
	RefSkeletonFn emit;
	void *arg;
	const char *token;
	size_t token_len;
} Emitter;

/* Emit skel and, if it has enough digits, its adjacent swaps */
static void
emit_with_swaps(const char *skel, size_t len, const Emitter *to)
{
	char swapped[REF_SKELETON_MAX + 1];
	RefSkeleton out = { skel, len,       REF_DAMAGE_NONE, skel,
						len,  to->token, to->token_len };
	size_t digits = 0;
	size_t i;

	to->emit(to->arg, &out);
	for (i = 0; i < len; i++)
		digits += is_digit(skel[i]);
	if (digits < REF_SKELETON_MIN_SWAP_DIGITS)
		return;
	memcpy(swapped, skel, len);
	swapped[len] = '\0';
	out.skeleton = swapped;
	out.damage = REF_DAMAGE_SWAP;
	for (i = 0; i + 1 < len; i++)
		if (is_digit(skel[i]) && is_digit(skel[i + 1]) &&
			skel[i] != skel[i + 1]
			/* a swap that makes a leading zero is another spelling */
			&& !((i == 0 || skel[i - 1] == '-') && skel[i + 1] == '0'))
		{
			swapped[i] = skel[i + 1];
			swapped[i + 1] = skel[i];
			to->emit(to->arg, &out);
			swapped[i] = skel[i];
			swapped[i + 1] = skel[i + 1];
		}
}

/* Emit the skeleton of part of a skeleton (its runs may split anew: a
 * later run "20251" is the number 2025-1 on its own), with its swaps */
static void
emit_part(const char *part, size_t len, const Emitter *to)
{
	char skel[REF_SKELETON_MAX + 1];
	size_t slen = ref_skeleton(part, len, skel);

	if (slen > 0)
		emit_with_swaps(skel, slen, to);
}

/*
 * A number written as one run of digits may have two digits swapped
 * across the place its skeleton splits it (20215027, 2021-5027, for
 * 2025-1027), or swapped back be a number the skeleton splits
 * (22051155 for 2025-1155): its swaps are made on the digits as written
 * and each skeletonized anew.
 */
static void
emit_digit_swaps(const char *token, size_t len, const Emitter *to)
{
	char swapped[REF_TOKEN_MAX + 1];
	char skel[REF_SKELETON_MAX + 1];
	RefSkeleton out = { skel,          0,         REF_DAMAGE_SWAP, to->token,
						to->token_len, to->token, to->token_len };
	size_t i;

	if (len < REF_SKELETON_MIN_SWAP_DIGITS || len > REF_TOKEN_MAX)
		return;
	for (i = 0; i < len; i++)
		if (!is_digit(token[i]))
			return;
	memcpy(swapped, token, len);
	for (i = 0; i + 1 < len; i++)
		if (token[i] != token[i + 1] && !(i == 0 && token[1] == '0'))
		{
			swapped[i] = token[i + 1];
			swapped[i + 1] = token[i];
			out.len = ref_skeleton(swapped, len, skel);
			if (out.len > 0 && (out.len != to->token_len ||
								memcmp(skel, to->token, out.len) != 0))
				to->emit(to->arg, &out);
			swapped[i] = token[i];
			swapped[i + 1] = token[i + 1];
		}
}

/* The skeletons of one token: whole, neighbouring runs, single runs */
static void
token_skeletons(const char *token, size_t len, RefSkeletonFn emit, void *arg)
{
	char skel[REF_SKELETON_MAX + 1];
	size_t starts[REF_SKELETON_MAX];
	size_t ends[REF_SKELETON_MAX];
	size_t slen = ref_skeleton(token, len, skel);
	Emitter to = { emit, arg, skel, slen };
	size_t runs = 0;
	size_t i = 0;
	size_t r;

	if (slen == 0)
		return;
	emit_with_swaps(skel, slen, &to);
	emit_digit_swaps(token, len, &to);
	while (i < slen)
	{
		starts[runs] = i;
		while (i < slen && skel[i] != '-')
			i++;
		ends[runs++] = i++;
	}
	if (runs < 2)
		return;
	for (r = 0; r < runs; r++)
	{
		if (runs > 2 && r + 1 < runs)
			emit_part(skel + starts[r], ends[r + 1] - starts[r], &to);
		emit_part(skel + starts[r], ends[r] - starts[r], &to);
	}
}

/* The longest run of token characters read: a list written without
 * spaces ("FA2026/02444/FA2026/02474/...") is one, read in pieces */
#define REF_LIST_MAX 512

static bool
separator(char c)
{
	return c == '-' || c == '/' || c == '.' || c == '_';
}

/*
 * The skeletons of a token too long to be one number: a list run
 * together. It is read in pieces of at most REF_TOKEN_MAX characters, cut
 * at separators, each piece after the first starting at the part of the
 * one before that holds its last digit, so that the parts of each number
 * meet in one piece. A part longer than a piece is skipped.
 */
static void
list_skeletons(const char *token, size_t len, RefSkeletonFn emit, void *arg)
{
	size_t start = 0;

	while (start < len)
	{
		size_t cut = 0;
		size_t next;
		size_t p;

		if (len - start <= REF_TOKEN_MAX)
		{
			token_skeletons(token + start, len - start, emit, arg);
			return;
		}
		for (p = start + 1; p <= start + REF_TOKEN_MAX; p++)
			if (separator(token[p]))
				cut = p;
		if (cut == 0)
		{
			for (p = start + REF_TOKEN_MAX; p < len && !separator(token[p]);
				 p++)
				;
			start = p + 1;
			continue;
		}
		token_skeletons(token + start, cut - start, emit, arg);
		/* back to the last digit, then to the start of its part */
		for (next = cut;
			 next > start && (token[next - 1] < '0' || token[next - 1] > '9');
			 next--)
			;
		while (next > start && !separator(token[next - 1]))
			next--;
		start = next > start ? next : cut + 1;
	}
}

/* Whether a token goes on at c: letters and digits, or a separator that
 * stands between two of them */
static bool
token_char(uint32_t c)
{
	return ref_is_alnum(c) || c == '-' || c == '/' || c == '.' || c == '_';
}

void
ref_skeletons(const char *text, size_t len, RefSkeletonFn emit, void *arg)
{
	char token[REF_LIST_MAX];
	size_t n = 0;
	bool too_long = false;
	size_t pos = 0;

	for (;;)
	{
		bool at_end = pos >= len;
		uint32_t c = at_end ? 0 : ref_next_char(text, len, &pos);

		if (!at_end && token_char(c))
		{
			if (n == REF_LIST_MAX)
				too_long = true;
			else
				token[n++] = (char) c;
			continue;
		}
		if (n > REF_TOKEN_MAX && !too_long)
			list_skeletons(token, n, emit, arg);
		else if (n > 0 && !too_long)
			token_skeletons(token, n, emit, arg);
		n = 0;
		too_long = false;
		if (at_end)
			break;
	}
}
