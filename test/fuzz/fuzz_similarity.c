/*
 * fuzz_similarity.c
 *		libFuzzer target for the string similarities of core/similarity.c.
 *
 * The input is one bound byte, then two strings split at the first 0xFF
 * (a byte UTF-8 never uses), or in the middle when there is none. Every
 * score must lie in [0, 1], be the same both ways round and be 1 for a
 * string against itself; Jaro-Winkler must equal a plain window scan, and
 * the bounded Damerau-Levenshtein the full dynamic programme cut at the
 * bound. Nothing may read or write outside its buffer (ASan) or overflow
 * (UBSan).
 */
#include <stdlib.h>
#include <string.h>

#include "core/similarity.h"
#include "core/text_normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Strings compared with the quadratic references, at most */
#define REFERENCE_MAX 300

/* Jaro-Winkler by the textbook: scan each window for the first free match */
static double
reference_jaro_winkler(const uint32_t *a, size_t alen, const uint32_t *b,
					   size_t blen)
{
	unsigned char a_flag[REFERENCE_MAX] = { 0 };
	unsigned char b_flag[REFERENCE_MAX] = { 0 };
	size_t longer = alen > blen ? alen : blen;
	size_t window = longer / 2 > 0 ? longer / 2 - 1 : 0;
	size_t m = 0;
	size_t t = 0;
	size_t prefix = 0;
	size_t i;
	size_t j;
	double jaro;
	double jw;

	if (alen == 0 && blen == 0)
		return 1.0;
	if (alen == 0 || blen == 0)
		return 0.0;
	for (i = 0; i < alen; i++)
		for (j = i > window ? i - window : 0; j < blen && j <= i + window; j++)
			if (!b_flag[j] && a[i] == b[j])
			{
				a_flag[i] = b_flag[j] = 1;
				m++;
				break;
			}
	if (m == 0)
		return 0.0;
	for (i = 0, j = 0; i < alen; i++)
		if (a_flag[i])
		{
			while (!b_flag[j])
				j++;
			t += a[i] != b[j];
			j++;
		}
	t /= 2;
	jaro =
		((double) m / alen + (double) m / blen + (double) (m - t) / m) / 3.0;
	while (prefix < alen && prefix < blen && prefix < 4 &&
		   a[prefix] == b[prefix])
		prefix++;
	jw = jaro + prefix * 0.1 * (1.0 - jaro);
	return jw > 1.0 ? 1.0 : jw;
}

/* Optimal string alignment distance over the whole table */
static int
reference_osa(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	static int d[REFERENCE_MAX + 1][REFERENCE_MAX + 1];
	size_t i;
	size_t j;

	for (i = 0; i <= alen; i++)
		d[i][0] = (int) i;
	for (j = 0; j <= blen; j++)
		d[0][j] = (int) j;
	for (i = 1; i <= alen; i++)
		for (j = 1; j <= blen; j++)
		{
			int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
				a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[alen][blen];
}

/* Abort unless a score is in [0, 1] */
static void
check_range(double s)
{
	if (!(s >= 0.0 && s <= 1.0))
		abort();
}

/* Check the code-point functions on one decoded pair */
static void
check_pair(const CodePoints *a, const CodePoints *b, int bound)
{
	double jw = sim_jaro_winkler(a->cp, a->len, b->cp, b->len);
	int d;
	int d_back;

	check_range(jw);
	if (jw != sim_jaro_winkler(b->cp, b->len, a->cp, a->len))
		abort();
	if (a->len > 0 && sim_jaro_winkler(a->cp, a->len, a->cp, a->len) != 1.0)
		abort();

	d = sim_damerau_levenshtein(a->cp, a->len, b->cp, b->len, bound);
	d_back = sim_damerau_levenshtein(b->cp, b->len, a->cp, a->len, bound);
	if (d < 0 || d > bound + 1 || d != d_back)
		abort();
	if (sim_damerau_levenshtein(a->cp, a->len, a->cp, a->len, bound) != 0)
		abort();

	if (a->len <= REFERENCE_MAX && b->len <= REFERENCE_MAX)
	{
		int full = reference_osa(a->cp, a->len, b->cp, b->len);

		if (jw != reference_jaro_winkler(a->cp, a->len, b->cp, b->len))
			abort();
		if (d != (full <= bound ? full : bound + 1))
			abort();
	}
}

/* Check the name functions (which normalize first) on one pair */
static void
check_names(const char *a, size_t alen, const char *b, size_t blen)
{
	SimError err;
	double s;
	double back;
	double self;
	SimStatus st;

	st = sim_token_set_utf8(a, alen, b, blen, &s, &err);
	if (st == SIM_INVALID_UTF8 || st == SIM_TOO_LONG)
		return;
	if (st != SIM_OK ||
		sim_token_set_utf8(b, blen, a, alen, &back, &err) != SIM_OK)
		abort();
	check_range(s);
	if (s != back)
		abort();

	if (sim_name_utf8(a, alen, b, blen, &s, &err) != SIM_OK ||
		sim_name_utf8(b, blen, a, alen, &back, &err) != SIM_OK ||
		sim_name_utf8(a, alen, a, alen, &self, &err) != SIM_OK)
		abort();
	check_range(s);
	if (s != back)
		abort();
	/* a name that keeps a word after normalization matches itself */
	if (sim_token_set_utf8(a, alen, a, alen, &s, &err) != SIM_OK)
		abort();
	if (s == 1.0 && self != 1.0)
		abort();
}

/* Decode with sim_codepoints_decode and, one code point at a time, with
 * text_utf8_decode: the same code points, or the same first bad byte */
static void
check_decode(const char *s, size_t len)
{
	CodePoints cp;
	SimError err;
	SimStatus st = sim_codepoints_decode(&cp, s, len, SIM_MAX_CHARS, &err);
	size_t i = 0;
	size_t n = 0;

	while (i < len)
	{
		uint32_t c;
		int bytes =
			text_utf8_decode((const unsigned char *) s + i, len - i, &c);

		if (bytes == 0)
		{
			if (st != SIM_INVALID_UTF8 || err.offset != i)
				abort();
			return;
		}
		if (st == SIM_OK && (n >= cp.len || cp.cp[n] != c))
			abort();
		i += bytes;
		n++;
	}
	if (st != SIM_OK || cp.len != n)
		abort();
	sim_codepoints_free(&cp);
}

/* Split the input into a bound and two strings, and check every function */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text;
	const char *a;
	const char *b;
	const char *sep;
	size_t len;
	size_t alen;
	size_t blen;
	int bound;
	CodePoints ca;
	CodePoints cb;
	SimError err;

	if (size < 1)
		return 0;
	bound = data[0] % 40;
	text = (const char *) data + 1;
	len = size - 1;
	sep = memchr(text, 0xFF, len);
	alen = sep ? (size_t) (sep - text) : len / 2;
	a = text;
	b = text + alen + (sep ? 1 : 0);
	blen = len - (size_t) (b - text);

	check_decode(a, alen);
	check_decode(b, blen);
	if (sim_codepoints_decode(&ca, a, alen, SIM_MAX_CHARS, &err) == SIM_OK)
	{
		if (sim_codepoints_decode(&cb, b, blen, SIM_MAX_CHARS, &err) == SIM_OK)
		{
			check_pair(&ca, &cb, bound);
			sim_codepoints_free(&cb);
		}
		sim_codepoints_free(&ca);
	}
	check_names(a, alen, b, blen);
	return 0;
}
