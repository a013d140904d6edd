/*
 * fuzz_creditor_reference.c
 *		libFuzzer target for creditor references (core/creditor_reference.c).
 *
 * The first byte chooses a scheme; the rest is a reference, a payload or
 * a remittance text, given to every function. What must hold: a key is
 * at most CREF_KEY_MAX printable characters; a reference that checks has
 * the key cref_key gives; a generated one checks in its scheme, with the
 * same key, and so does its printed form; the scheme cref_detect names
 * accepts the text; cref_validate accepts what a digit scheme or RF
 * accepts; every key cref_keys gives is printable and not too long, and
 * one of a bare number is valid in a scheme.
 */
#include <stdlib.h>
#include <string.h>

#include "core/creditor_reference.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless key is n printable ASCII characters, NUL-terminated */
static void
check_printable(const char *key, size_t n)
{
	size_t i;

	if (n > CREF_KEY_MAX || strlen(key) != n)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char) key[i] < 0x21 || (unsigned char) key[i] > 0x7E)
			abort();
}

/* A key of cref_keys: printable, and a bare number's valid in a scheme */
static void
check_key(void *arg, const char *key, size_t len, bool structured)
{
	char buf[CREF_KEY_MAX + 1];
	CrefParse p;

	(void) arg;
	if (len == 0 || len > CREF_KEY_MAX)
		abort();
	memcpy(buf, key, len);
	buf[len] = '\0';
	check_printable(buf, len);
	if (!structured && cref_detect(buf, len, &p) == CREF_NONE)
		abort();
}

/* Run every function on the input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CrefScheme scheme;
	const char *text;
	size_t len;
	CrefParse p;
	CrefParse q;
	char key[CREF_KEY_MAX + 1];
	size_t n;

	if (size == 0)
		return 0;
	scheme = (CrefScheme) (data[0] % (CREF_SCHEME_COUNT + 1));
	text = (const char *) data + 1;
	len = size - 1;

	n = cref_key(text, len, key, CREF_KEY_MAX);
	check_printable(key, n < CREF_KEY_MAX ? n : CREF_KEY_MAX);

	if (scheme != CREF_NONE && cref_check(scheme, text, len, &p) == CREF_OK)
	{
		check_printable(p.key, p.key_len);
		if (n != p.key_len || memcmp(key, p.key, n) != 0)
			abort();
	}

	if (cref_generate(scheme, text, len, &p) == CREF_OK)
	{
		if (scheme == CREF_NONE ||
			cref_check(scheme, p.key, p.key_len, &q) != CREF_OK ||
			strcmp(p.key, q.key) != 0 ||
			cref_check(scheme, p.print, strlen(p.print), &q) != CREF_OK ||
			strcmp(p.key, q.key) != 0)
			abort();
	}

	scheme = cref_detect(text, len, &p);
	if (scheme != CREF_NONE && cref_check(scheme, text, len, &q) != CREF_OK)
		abort();

	if (cref_validate(text, len, (CrefScheme) (data[0] % 6), &p) == CREF_OK)
		check_printable(p.key, p.key_len);

	cref_keys(text, len, check_key, NULL);
	return 0;
}
