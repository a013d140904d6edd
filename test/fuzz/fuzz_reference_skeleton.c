/*
 * fuzz_reference_skeleton.c
 *		libFuzzer target for the skeletons of invoice numbers and of the
 *		number-like tokens of a remittance.
 *
 * Every skeleton emitted must be digit runs joined by single "-", of at
 * least REF_SKELETON_MIN_DIGITS digits and at most REF_SKELETON_MAX
 * characters, and a skeleton as written must be its own skeleton (the
 * index and the lookup agree).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/reference_skeleton.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One skeleton: digit runs joined by single "-", enough digits */
static void
check_skeleton(const char *skel, size_t len)
{
	size_t digits = 0;
	size_t i;

	if (len == 0 || len > REF_SKELETON_MAX || skel[0] == '-' ||
		skel[len - 1] == '-')
		abort();
	for (i = 0; i < len; i++)
	{
		if (skel[i] == '-')
		{
			if (skel[i + 1] == '-')
				abort();
		}
		else if (skel[i] < '0' || skel[i] > '9')
			abort();
		else
			digits++;
	}
	if (digits < REF_SKELETON_MIN_DIGITS)
		abort();
}

static void
check(void *arg, const RefSkeleton *s)
{
	char again[REF_SKELETON_MAX + 1];

	(void) arg;
	check_skeleton(s->skeleton, s->len);
	check_skeleton(s->written, s->written_len);
	check_skeleton(s->token, s->token_len);
	/* a skeleton as written is its own skeleton (the index and the lookup
	 * agree), up to the length of an invoice number (a longer one names
	 * no invoice); a swap changes what was written (the digits as written
	 * swapped may split anew, and be longer) */
	if (s->damage == REF_DAMAGE_NONE && s->len <= REF_TOKEN_MAX &&
		(ref_skeleton(s->skeleton, s->len, again) != s->len ||
		 memcmp(again, s->skeleton, s->len)))
		abort();
	if ((s->damage == REF_DAMAGE_NONE) !=
		(s->written_len == s->len &&
		 memcmp(s->written, s->skeleton, s->len) == 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[REF_SKELETON_MAX + 1];
	size_t n = ref_skeleton((const char *) data, size, out);

	if (n > REF_SKELETON_MAX || strlen(out) != n)
		abort();
	if (n > 0)
		check_skeleton(out, n);
	ref_skeletons((const char *) data, size, check, NULL);
	return 0;
}
