/*
 * creditor_reference.c
 *		Creditor payment references of five schemes: check digits, making
 *		one from a payload, telling the scheme of a text, and finding them
 *		in remittance text (see creditor_reference.h).
 *
 * The check digits:
 *	  RF	 ISO 7064 MOD 97-10 over the reference + "RF" + check (core/iban.c)
 *	  BE	 the first 10 digits mod 97, 97 for a remainder of 0
 *	  FI	 weights 7, 3, 1, 7, ... from the right of the base, 10 minus
 *			 the sum's last digit (0 for 10)
 *	  CH_QR	 recursive mod 10 (the Swiss payment standards' table)
 *	  NO_KID Luhn (mod 10), or mod 11 with weights 2..7 from the right, "-"
 *			 for 10; which the creditor agreed with its bank, so either
 *			 is accepted, and Luhn is what cref_generate makes
 */
#include "core/creditor_reference.h"

#include <string.h>

/* Characters of a reference we read at most (a printed one is short) */
#define CREF_TEXT_MAX 64

/* Digits a reference of a digit scheme has at most (a QR reference) */
#define CREF_DIGITS_MAX 27

/* ---------------------------------------------------------------------
 * Schemes and check digits
 * --------------------------------------------------------------------- */

static const char *const scheme_names[] = {
	[CREF_NONE] = "", [CREF_RF] = "rf",       [CREF_BE] = "be",
	[CREF_FI] = "fi", [CREF_CH_QR] = "ch_qr", [CREF_NO_KID] = "no_kid",
};

/* The name of a scheme */
const char *
cref_scheme_name(CrefScheme scheme)
{
	return scheme_names[scheme];
}

/* The scheme of a name */
bool
cref_scheme_from_name(const char *name, size_t len, CrefScheme *scheme)
{
	int s;

	for (s = CREF_RF; s <= CREF_NO_KID; s++)
		if (strlen(scheme_names[s]) == len &&
			memcmp(scheme_names[s], name, len) == 0)
		{
			*scheme = (CrefScheme) s;
			return true;
		}
	*scheme = CREF_NONE;
	return false;
}

/* Belgian check of 10 digits: their value mod 97, 97 for 0 */
static unsigned
be_check(const char *d)
{
	unsigned r = 0;
	int i;

	for (i = 0; i < 10; i++)
		r = (r * 10 + (unsigned) (d[i] - '0')) % 97;
	return r == 0 ? 97 : r;
}

/* Swiss QR check digit of n digits: recursive mod 10 */
static unsigned
qr_check(const char *d, size_t n)
{
	static const unsigned table[10] = { 0, 9, 4, 6, 8, 2, 7, 1, 3, 5 };
	unsigned carry = 0;
	size_t i;

	for (i = 0; i < n; i++)
		carry = table[(carry + (unsigned) (d[i] - '0')) % 10];
	return (10 - carry) % 10;
}

/* Finnish check digit of n digits: weights 7, 3, 1 from the right */
static unsigned
fi_check(const char *d, size_t n)
{
	static const unsigned weights[3] = { 7, 3, 1 };
	unsigned sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += (unsigned) (d[n - 1 - i] - '0') * weights[i % 3];
	return (10 - sum % 10) % 10;
}

/* Luhn check digit of n digits: the rightmost doubled, then every other */
static unsigned
luhn_check(const char *d, size_t n)
{
	unsigned sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
	{
		unsigned v = (unsigned) (d[n - 1 - i] - '0');

		if (i % 2 == 0)
			v = v * 2 > 9 ? v * 2 - 9 : v * 2;
		sum += v;
	}
	return (10 - sum % 10) % 10;
}

/* Mod 11 check digit of n digits, weights 2..7 from the right; 10 is "-" */
static unsigned
mod11_check(const char *d, size_t n)
{
	unsigned sum = 0;
	unsigned r;
	size_t i;

	for (i = 0; i < n; i++)
		sum += (unsigned) (d[n - 1 - i] - '0') * (unsigned) (2 + i % 6);
	r = 11 - sum % 11;
	return r == 11 ? 0 : r;
}

/* True if every one of n characters is a digit */
static bool
all_digits(const char *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ref_is_digit((unsigned char) d[i]))
			return false;
	return true;
}

/* Check n digits (a KID's last may be "-") against a scheme of digits */
static CrefStatus
check_digits(CrefScheme scheme, const char *d, size_t n)
{
	bool dash = n > 0 && d[n - 1] == '-';

	if (n == 0)
		return CREF_EMPTY;
	if (!all_digits(d, n - (dash ? 1 : 0)) || (dash && scheme != CREF_NO_KID))
		return CREF_BAD_CHARACTER;
	switch (scheme)
	{
		case CREF_BE:
			if (n != 12)
				return CREF_BAD_LENGTH;
			return be_check(d) == (unsigned) ((d[10] - '0') * 10 + d[11] - '0')
					   ? CREF_OK
					   : CREF_BAD_CHECK;
		case CREF_CH_QR:
			if (n != 27)
				return CREF_BAD_LENGTH;
			return qr_check(d, 26) == (unsigned) (d[26] - '0')
					   ? CREF_OK
					   : CREF_BAD_CHECK;
		case CREF_FI:
			if (n < 4 || n > 20)
				return CREF_BAD_LENGTH;
			return fi_check(d, n - 1) == (unsigned) (d[n - 1] - '0')
					   ? CREF_OK
					   : CREF_BAD_CHECK;
		case CREF_NO_KID:
			if (n < 2 || n > 25)
				return CREF_BAD_LENGTH;
			if (dash)
				return mod11_check(d, n - 1) == 10 ? CREF_OK : CREF_BAD_CHECK;
			return luhn_check(d, n - 1) == (unsigned) (d[n - 1] - '0') ||
						   mod11_check(d, n - 1) == (unsigned) (d[n - 1] - '0')
					   ? CREF_OK
					   : CREF_BAD_CHECK;
		default:
			return CREF_BAD_CHARACTER;
	}
}

/* The scheme of digits alone, CREF_NONE if none takes them */
static CrefScheme
digits_scheme(const char *d, size_t n)
{
	static const CrefScheme order[] = { CREF_CH_QR, CREF_BE, CREF_FI,
										CREF_NO_KID };
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (check_digits(order[i], d, n) == CREF_OK)
			return order[i];
	return CREF_NONE;
}

/* ---------------------------------------------------------------------
 * Reading a reference as written
 * --------------------------------------------------------------------- */

/* A reference decoded and folded, white space trimmed from both ends */
typedef struct Chars
{
	uint32_t c[CREF_TEXT_MAX];
	size_t n;
	bool too_long;
} Chars;

/* Decode text into chars, trimmed */
static void
read_chars(const char *text, size_t len, Chars *out)
{
	size_t pos = 0;

	out->n = 0;
	out->too_long = false;
	while (pos < len)
	{
		uint32_t c = ref_next_char(text, len, &pos);

		if (out->n == 0 && ref_is_space(c))
			continue;
		if (out->n == CREF_TEXT_MAX)
		{
			out->too_long = true;
			return;
		}
		out->c[out->n++] = c;
	}
	while (out->n > 0 && ref_is_space(out->c[out->n - 1]))
		out->n--;
}

/* True if the characters are framed by "+++" or "***" at both ends */
static bool
framed(const Chars *ch)
{
	uint32_t f;
	size_t i;

	if (ch->n < 6)
		return false;
	f = ch->c[0];
	if (f != '+' && f != '*')
		return false;
	for (i = 0; i < 3; i++)
		if (ch->c[i] != f || ch->c[ch->n - 1 - i] != f)
			return false;
	return true;
}

/*
 * The digits of a reference of a digit scheme: white space, "/", "." and
 * "-" between digits skipped, a final "-" kept (a KID's mod 11 check), the
 * frame skipped if framed. False at a letter or any other character.
 */
static CrefStatus
read_digits(const Chars *ch, bool skip_frame, char *d, size_t *n)
{
	size_t from = skip_frame ? 3 : 0;
	size_t to = skip_frame ? ch->n - 3 : ch->n;
	size_t i;
	bool too_many = ch->too_long;

	*n = 0;
	for (i = from; i < to; i++)
	{
		uint32_t c = ch->c[i];

		if (ref_is_digit(c) || (c == '-' && i == to - 1 && *n > 0))
		{
			if (*n == CREF_DIGITS_MAX)
				too_many = true;
			else
				d[(*n)++] = (char) c;
		}
		else if (!ref_is_space(c) && c != '/' && c != '.' && c != '-')
			return CREF_BAD_CHARACTER;
	}
	if (too_many)
		return CREF_BAD_LENGTH;
	return *n == 0 ? CREF_EMPTY : CREF_OK;
}

/* The key of a reference (see creditor_reference.h) */
size_t
cref_key(const char *text, size_t len, char *out, size_t max)
{
	size_t pos = 0;
	size_t n = 0;
	size_t last_alnum = 0; /* n after the last letter or digit */
	bool letters = false;
	bool dash_last = false;

	while (pos < len)
	{
		uint32_t c = ref_next_char(text, len, &pos);

		if (ref_is_alnum(c))
		{
			if (n < max)
				out[n] = (char) ref_upper(c);
			n++;
			last_alnum = n;
			letters |= ref_is_letter(c);
			dash_last = false;
		}
		else if (c == '-' && n > 0)
			dash_last = true;
		else if (!ref_is_space(c))
			dash_last = false;
	}
	/* a KID's "-" check digit: digits, then "-" and nothing else */
	if (dash_last && !letters && n == last_alnum)
	{
		if (n < max)
			out[n] = '-';
		n++;
	}
	out[n < max ? n : max] = '\0';
	return n;
}

/* Fill out->key with the key of the text */
static void
set_key(const char *text, size_t len, CrefParse *out)
{
	out->key_len = cref_key(text, len, out->key, CREF_KEY_MAX);
	if (out->key_len > CREF_KEY_MAX)
		out->key_len = CREF_KEY_MAX;
}

/* Map an RF status */
static CrefStatus
from_rf(RfStatus status)
{
	switch (status)
	{
		case RF_OK:
			return CREF_OK;
		case RF_EMPTY:
			return CREF_EMPTY;
		case RF_BAD_CHARACTER:
			return CREF_BAD_CHARACTER;
		case RF_BAD_CHECK_DIGITS:
		case RF_NO_PREFIX:
			return CREF_BAD_CHECK;
		default:
			return CREF_BAD_LENGTH;
	}
}

/* Check a reference against one scheme */
CrefStatus
cref_check(CrefScheme scheme, const char *text, size_t len, CrefParse *out)
{
	Chars ch;
	char d[CREF_DIGITS_MAX];
	size_t n;
	CrefStatus status;

	memset(out, 0, sizeof(*out));
	out->scheme = scheme;
	if (scheme == CREF_RF)
	{
		RfParse rf;

		status = from_rf(rf_check(text, len, &rf));
		out->length = rf.len;
		if (status == CREF_OK)
			set_key(text, len, out);
		return status;
	}
	read_chars(text, len, &ch);
	status = read_digits(&ch, scheme == CREF_BE && framed(&ch), d, &n);
	out->length = n;
	if (status == CREF_OK)
		status = check_digits(scheme, d, n);
	if (status == CREF_OK)
	{
		memcpy(out->key, d, n);
		out->key[n] = '\0';
		out->key_len = n;
	}
	return status;
}

/* ---------------------------------------------------------------------
 * Making references
 * --------------------------------------------------------------------- */

/* Digits in groups of five from the right, into out (NUL-terminated) */
static void
print_groups_of_five(const char *d, size_t n, char *out)
{
	size_t i;
	size_t k = 0;

	for (i = 0; i < n; i++)
	{
		if (i > 0 && (n - i) % 5 == 0)
			out[k++] = ' ';
		out[k++] = d[i];
	}
	out[k] = '\0';
}

/* Make an RF reference and its printed form, in groups of four */
static CrefStatus
generate_rf(const char *payload, size_t len, CrefParse *out)
{
	RfParse rf;
	CrefStatus status = from_rf(rf_generate(payload, len, &rf));
	size_t i;
	size_t k = 0;

	out->length = rf.len >= 4 ? rf.len - 4 : 0;
	if (status != CREF_OK)
		return status;
	out->key_len = strlen(rf.rf);
	memcpy(out->key, rf.rf, out->key_len + 1);
	for (i = 0; i < out->key_len; i++)
	{
		if (i > 0 && i % 4 == 0)
			out->print[k++] = ' ';
		out->print[k++] = rf.rf[i];
	}
	out->print[k] = '\0';
	return CREF_OK;
}

/* Make a reference of a scheme from a payload (see creditor_reference.h) */
CrefStatus
cref_generate(CrefScheme scheme, const char *payload, size_t len,
			  CrefParse *out)
{
	char d[CREF_DIGITS_MAX + 1];
	size_t n = 0;
	size_t seen = 0;
	size_t base_max;
	size_t base_min;
	size_t pos = 0;
	unsigned check;

	memset(out, 0, sizeof(*out));
	out->scheme = scheme;
	if (scheme == CREF_RF)
		return generate_rf(payload, len, out);
	switch (scheme)
	{
		case CREF_BE:
			base_min = base_max = 10;
			break;
		case CREF_FI:
			base_min = 3, base_max = 19;
			break;
		case CREF_CH_QR:
			base_min = base_max = 26;
			break;
		case CREF_NO_KID:
			base_min = 1, base_max = 24;
			break;
		default:
			return CREF_BAD_CHARACTER;
	}
	while (pos < len)
	{
		uint32_t c = ref_next_char(payload, len, &pos);

		if (!ref_is_digit(c))
			continue;
		if (seen < base_max)
			d[seen] = (char) c;
		seen++;
	}
	out->length = seen;
	if (seen == 0)
		return CREF_EMPTY;
	if (seen > base_max)
		return CREF_BAD_LENGTH;
	n = seen < base_min ? base_min : seen;
	memmove(d + (n - seen), d, seen);
	memset(d, '0', n - seen);

	switch (scheme)
	{
		case CREF_BE:
			check = be_check(d);
			d[n++] = (char) ('0' + check / 10);
			d[n++] = (char) ('0' + check % 10);
			memcpy(out->print, "+++", 3);
			memcpy(out->print + 3, d, 3);
			out->print[6] = '/';
			memcpy(out->print + 7, d + 3, 4);
			out->print[11] = '/';
			memcpy(out->print + 12, d + 7, 5);
			memcpy(out->print + 17, "+++", 4);
			break;
		case CREF_FI:
			d[n] = (char) ('0' + fi_check(d, n));
			n++;
			print_groups_of_five(d, n, out->print);
			break;
		case CREF_CH_QR:
			d[n] = (char) ('0' + qr_check(d, n));
			n++;
			print_groups_of_five(d, n, out->print);
			break;
		default:
			d[n] = (char) ('0' + luhn_check(d, n));
			n++;
			memcpy(out->print, d, n);
			out->print[n] = '\0';
			break;
	}
	memcpy(out->key, d, n);
	out->key[n] = '\0';
	out->key_len = n;
	return CREF_OK;
}

/* ---------------------------------------------------------------------
 * Telling the scheme
 * --------------------------------------------------------------------- */

/* True if the letters and digits begin with "RF" and two digits */
static bool
claims_rf(const Chars *ch)
{
	char head[4];
	size_t k = 0;
	size_t i;

	for (i = 0; i < ch->n && k < 4; i++)
		if (ref_is_alnum(ch->c[i]))
			head[k++] = (char) ref_upper(ch->c[i]);
		else if (!ref_is_space(ch->c[i]))
			break;
	return k == 4 && head[0] == 'R' && head[1] == 'F' &&
		   ref_is_digit((unsigned char) head[2]) &&
		   ref_is_digit((unsigned char) head[3]);
}

/* The scheme a text is valid in */
CrefScheme
cref_detect(const char *text, size_t len, CrefParse *out)
{
	Chars ch;
	char d[CREF_DIGITS_MAX];
	size_t n;
	CrefScheme scheme;

	if (cref_check(CREF_RF, text, len, out) == CREF_OK)
		return CREF_RF;
	read_chars(text, len, &ch);
	if (framed(&ch))
		return cref_check(CREF_BE, text, len, out) == CREF_OK ? CREF_BE
															  : CREF_NONE;
	memset(out, 0, sizeof(*out));
	if (read_digits(&ch, false, d, &n) != CREF_OK)
		return CREF_NONE;
	scheme = digits_scheme(d, n);
	if (scheme != CREF_NONE)
	{
		out->scheme = scheme;
		memcpy(out->key, d, n);
		out->key[n] = '\0';
		out->key_len = n;
	}
	return scheme;
}

/* Check a reference issued by a company of a scheme */
CrefStatus
cref_validate(const char *text, size_t len, CrefScheme company, CrefParse *out)
{
	Chars ch;
	char d[CREF_DIGITS_MAX];
	size_t n;
	CrefStatus status;

	read_chars(text, len, &ch);
	if (claims_rf(&ch))
		return cref_check(CREF_RF, text, len, out);
	if (framed(&ch))
		return cref_check(CREF_BE, text, len, out);
	memset(out, 0, sizeof(*out));
	status = read_digits(&ch, false, d, &n);
	out->length = n;
	if (status == CREF_OK && company != CREF_NONE && company != CREF_RF)
		return cref_check(company, text, len, out);
	if (status == CREF_OK)
	{
		out->scheme = digits_scheme(d, n);
		if (out->scheme == CREF_NONE)
			return CREF_BAD_CHECK;
		memcpy(out->key, d, n);
		out->key[n] = '\0';
		out->key_len = n;
		return CREF_OK;
	}
	if (status == CREF_BAD_LENGTH && !ch.too_long)
		return CREF_BAD_LENGTH; /* digits alone, more than any scheme has */
	/* free text: letters, or characters no scheme has */
	out->length = cref_key(text, len, out->key, CREF_KEY_MAX);
	out->key_len = out->length;
	if (out->length == 0)
		return CREF_EMPTY;
	if (out->length > CREF_KEY_MAX)
	{
		out->key_len = CREF_KEY_MAX;
		return CREF_BAD_LENGTH;
	}
	return CREF_OK;
}

/* ---------------------------------------------------------------------
 * Finding references in remittance text
 * --------------------------------------------------------------------- */

/* The character at pos, or 0 at the end; *next after it */
static uint32_t
char_at(const char *text, size_t len, size_t pos, size_t *next)
{
	*next = pos;
	if (pos >= len)
		return 0;
	return ref_next_char(text, len, next);
}

/* Most groups a number is read in */
#define CREF_GROUPS_MAX 8

/* Groups of digits from pos joined by single white-space characters */
typedef struct Groups
{
	char d[CREF_DIGITS_MAX];
	size_t n;                      /* groups */
	size_t end[CREF_GROUPS_MAX];   /* byte offset after group i */
	size_t count[CREF_GROUPS_MAX]; /* digits up to and with group i */
} Groups;

/* Read groups of digits at pos, at most CREF_DIGITS_MAX digits in all */
static void
read_groups(const char *text, size_t len, size_t pos, Groups *g)
{
	size_t p = pos;
	size_t total = 0;

	g->n = 0;
	while (g->n < CREF_GROUPS_MAX)
	{
		size_t q = p;
		size_t run = 0;
		size_t next;
		char buf[CREF_DIGITS_MAX];
		uint32_t c;

		while (ref_is_digit(c = char_at(text, len, q, &next)))
		{
			if (total + run == CREF_DIGITS_MAX)
				return; /* too long for any scheme */
			buf[run++] = (char) c;
			q = next;
		}
		if (run == 0)
			return;
		memcpy(g->d + total, buf, run);
		total += run;
		g->end[g->n] = q;
		g->count[g->n++] = total;
		/* one white-space character, then a digit: the next group */
		c = char_at(text, len, q, &next);
		if (!ref_is_space(c) || !ref_is_digit(char_at(text, len, next, &p)))
			return;
		p = next;
	}
}

/* Record a find */
static bool
found(CrefFound *out, RefKind kind, size_t start, size_t end, const char *d,
	  size_t n)
{
	out->kind = kind;
	out->start = start;
	out->end = end;
	memcpy(out->key, d, n);
	out->key[n] = '\0';
	out->key_len = n;
	return true;
}

/* A Belgian reference in its frame: "+++090/9337/55493+++" */
static bool
find_be_framed(const char *text, size_t len, size_t pos, CrefFound *out)
{
	size_t p = pos;
	size_t next;
	uint32_t frame = char_at(text, len, p, &next);
	char d[12];
	size_t n = 0;
	size_t chars = 0;
	int i;

	for (i = 0; i < 3; i++)
	{
		if (char_at(text, len, p, &next) != frame)
			return false;
		p = next;
	}
	for (;;)
	{
		uint32_t c = char_at(text, len, p, &next);

		if (p >= len || ++chars > 24)
			return false;
		if (c == frame)
			break;
		if (ref_is_digit(c))
		{
			if (n == 12)
				return false;
			d[n++] = (char) c;
		}
		else if (!ref_is_space(c) && c != '/')
			return false;
		p = next;
	}
	for (i = 0; i < 3; i++)
	{
		if (char_at(text, len, p, &next) != frame)
			return false;
		p = next;
	}
	if (n != 12 || check_digits(CREF_BE, d, 12) != CREF_OK)
		return false;
	return found(out, REF_KIND_BE_OGM, pos, p, d, 12);
}

/* A Belgian reference unframed: "090/9337/55493", ending a token */
static bool
find_be_slashed(const char *text, size_t len, size_t pos, CrefFound *out)
{
	static const size_t parts[3] = { 3, 4, 5 };
	size_t p = pos;
	size_t next;
	char d[12] = { 0 };
	size_t n = 0;
	int i;

	for (i = 0; i < 3; i++)
	{
		size_t k;

		if (i > 0)
		{
			if (char_at(text, len, p, &next) != '/')
				return false;
			p = next;
		}
		for (k = 0; k < parts[i]; k++)
		{
			uint32_t c = char_at(text, len, p, &next);

			if (!ref_is_digit(c))
				return false;
			d[n++] = (char) c;
			p = next;
		}
	}
	if (!ref_ends_token(text, len, p) ||
		check_digits(CREF_BE, d, 12) != CREF_OK)
		return false;
	return found(out, REF_KIND_BE_OGM, pos, p, d, 12);
}

/* A Swiss QR reference: 27 digits, joined or in groups, ending a token */
static bool
find_qr(const char *text, size_t len, size_t pos, CrefFound *out)
{
	Groups g;
	size_t k;

	read_groups(text, len, pos, &g);
	for (k = 0; k < g.n; k++)
		if (g.count[k] == 27)
		{
			if (!ref_ends_token(text, len, g.end[k]) ||
				check_digits(CREF_CH_QR, g.d, 27) != CREF_OK)
				return false;
			return found(out, REF_KIND_CH_QR, pos, g.end[k], g.d, 27);
		}
	return false;
}

/* Labels of Finnish references and KIDs; "|" as in ref_match_label */
static const struct
{
	const char *label;
	RefKind kind;
} labels[] = {
	{ "KID|NUMMER", REF_KIND_KID },    { "KID|NR", REF_KIND_KID },
	{ "KID", REF_KIND_KID },           { "VIITENUMERO", REF_KIND_FI },
	{ "VIITE|NRO", REF_KIND_FI },      { "VIITE", REF_KIND_FI },
	{ "REFERENSNUMMER", REF_KIND_FI },
};

/*
 * A Finnish reference or a KID after its label: the label ending a word,
 * perhaps ".", then white space and perhaps one of ":", "#", "=", "-";
 * then digits, joined or in groups (the longest valid reading), a KID
 * perhaps ending in its "-".
 */
static bool
find_labelled(const char *text, size_t len, size_t pos, CrefFound *out)
{
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
	{
		size_t p = ref_match_label(text, len, pos, labels[i].label);
		size_t next;
		uint32_t c;
		Groups g;
		int k;

		if (p == 0)
			continue;
		c = char_at(text, len, p, &next);
		if (ref_is_alnum(c))
			continue;
		if (c == '.')
			p = next;
		while (ref_is_space(char_at(text, len, p, &next)))
			p = next;
		c = char_at(text, len, p, &next);
		if (c == ':' || c == '#' || c == '=' || c == '-')
		{
			p = next;
			while (ref_is_space(char_at(text, len, p, &next)))
				p = next;
		}
		read_groups(text, len, p, &g);
		for (k = (int) g.n - 1; k >= 0; k--)
		{
			size_t n = g.count[k];
			size_t end = g.end[k];

			if (labels[i].kind == REF_KIND_KID &&
				char_at(text, len, end, &next) == '-' &&
				ref_ends_token(text, len, next) && n < CREF_DIGITS_MAX &&
				n + 1 <= 25)
			{
				char d[CREF_DIGITS_MAX + 1];

				memcpy(d, g.d, n);
				d[n] = '-';
				if (check_digits(CREF_NO_KID, d, n + 1) == CREF_OK)
					return found(out, REF_KIND_KID, p, next, d, n + 1);
			}
			if (!ref_ends_token(text, len, end))
				continue;
			if (check_digits(labels[i].kind == REF_KIND_KID ? CREF_NO_KID
															: CREF_FI,
							 g.d, n) == CREF_OK)
				return found(out, labels[i].kind, p, end, g.d, n);
		}
		return false;
	}
	return false;
}

/* A creditor reference of another scheme than RF at a word's start */
bool
cref_find(const char *text, size_t len, size_t pos, CrefFound *out)
{
	size_t next;
	uint32_t c = char_at(text, len, pos, &next);

	if (c == '+' || c == '*')
		return find_be_framed(text, len, pos, out);
	if (ref_is_digit(c))
		return find_be_slashed(text, len, pos, out) ||
			   find_qr(text, len, pos, out);
	c = ref_upper(c);
	if (c == 'K' || c == 'V' || c == 'R')
		return find_labelled(text, len, pos, out);
	return false;
}

/* ---------------------------------------------------------------------
 * Keys for matching
 * --------------------------------------------------------------------- */

/* Spans of IBANs and references we keep; more are rare enough that bare
 * numbers after the last kept one are simply not read */
#define CREF_SPANS_MAX 32

typedef struct KeyScan
{
	CrefKeyFn emit;
	void *arg;
	size_t start[CREF_SPANS_MAX];
	size_t end[CREF_SPANS_MAX];
	size_t nspans;
	bool overflow;
} KeyScan;

/* Emit the keys of what extraction found and keep its span */
static void
key_of_match(void *arg, const RefMatch *m)
{
	KeyScan *ks = arg;

	switch (m->kind)
	{
		case REF_KIND_RF:
			ks->emit(ks->arg, m->normalized, m->normalized_len, true);
			/* a Finnish reference in RF form */
			if (all_digits(m->normalized + 4, m->normalized_len - 4))
				ks->emit(ks->arg, m->normalized + 4, m->normalized_len - 4,
						 true);
			break;
		case REF_KIND_BE_OGM:
		case REF_KIND_CH_QR:
		case REF_KIND_FI:
		case REF_KIND_KID:
			ks->emit(ks->arg, m->normalized, m->normalized_len, true);
			break;
		case REF_KIND_IBAN:
			break;
		default:
			return; /* invoice numbers and end-to-end ids claim nothing */
	}
	if (ks->nspans == CREF_SPANS_MAX)
	{
		ks->overflow = true;
		return;
	}
	ks->start[ks->nspans] = m->start;
	ks->end[ks->nspans++] = m->end;
}

/* True if digits (n of them, a final "-" allowed) are valid in a scheme */
static bool
valid_in_some_scheme(const char *d, size_t n)
{
	return digits_scheme(d, n) != CREF_NONE;
}

/* Every key that may be an issued reference (see creditor_reference.h) */
void
cref_keys(const char *text, size_t len, CrefKeyFn emit, void *arg)
{
	KeyScan ks;
	size_t pos = 0;
	size_t span = 0;
	uint32_t prev1 = ' ';
	uint32_t prev2 = ' ';

	memset(&ks, 0, sizeof(ks));
	ks.emit = emit;
	ks.arg = arg;
	ref_extract(text, len, NULL, 0, key_of_match, &ks);

	/* bare numbers, outside the spans (which come in text order) */
	while (pos < len)
	{
		size_t at = pos;
		uint32_t c = ref_next_char(text, len, &pos);
		size_t limit;

		while (span < ks.nspans && ks.end[span] <= at)
			span++;
		limit = span < ks.nspans ? ks.start[span] : len;
		if (ks.overflow && span == ks.nspans)
			break;
		if (ref_is_digit(c) && !ref_is_alnum(prev1) && at < limit &&
			!ref_continues_token(text, len, at, prev1, prev2))
		{
			Groups g;
			size_t k;

			read_groups(text, len, at, &g);
			for (k = 0; k < g.n && g.end[k] <= limit; k++)
			{
				size_t n = g.count[k];
				size_t next;

				if (!ref_ends_token(text, len, g.end[k]))
					break;
				if (n >= 5 && valid_in_some_scheme(g.d, n))
					emit(arg, g.d, n, false);
				if (n >= 5 && n < 25 &&
					char_at(text, len, g.end[k], &next) == '-' &&
					ref_ends_token(text, len, next))
				{
					char d[CREF_DIGITS_MAX + 1];

					memcpy(d, g.d, n);
					d[n] = '-';
					if (check_digits(CREF_NO_KID, d, n + 1) == CREF_OK)
						emit(arg, d, n + 1, false);
				}
			}
		}
		prev2 = prev1;
		prev1 = c;
	}
}
