/*
 * money_cur.c
 *		Parsing, formatting and rounding of exact money (plain C)
 */
#include "core/money_cur.h"

#include <string.h>

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		   c == '\v';
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

/* Skip white space from *p up to end */
static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && is_space(*p))
		p++;
	return p;
}

/*
 * Scan a signed decimal: [+-]digits[.digits]. Leaves *p after it; returns
 * false if there is no digit before the point.
 */
static bool
scan_number(const char **p, const char *end, const char **int_start,
			size_t *int_len, const char **frac_start, size_t *frac_len,
			bool *negative)
{
	const char *s = *p;

	*negative = false;
	if (s < end && (*s == '-' || *s == '+'))
	{
		*negative = (*s == '-');
		s++;
	}
	*int_start = s;
	while (s < end && is_digit(*s))
		s++;
	*int_len = (size_t) (s - *int_start);
	if (*int_len == 0)
		return false;
	*frac_start = s;
	*frac_len = 0;
	if (s < end && *s == '.')
	{
		s++;
		*frac_start = s;
		while (s < end && is_digit(*s))
			s++;
		*frac_len = (size_t) (s - *frac_start);
		if (*frac_len == 0)
			return false; /* "12." is a typo, not an amount */
	}
	*p = s;
	return true;
}

/* Scan a run of letters */
static void
scan_word(const char **p, const char *end, const char **start, size_t *len)
{
	const char *s = *p;

	*start = s;
	while (s < end && is_letter(*s))
		s++;
	*len = (size_t) (s - *start);
	*p = s;
}

/*
 * Parse "1234.56 EUR" or "EUR 1234.56".
 *
 * The amount must not have more fraction digits than the currency: an input
 * that would need rounding is refused rather than silently changed.
 */
MoneyStatus
money_parse(const char *text, size_t len, MoneyParse *out)
{
	const char *p = text;
	const char *end = text + len;
	const char *code = NULL;
	size_t code_len = 0;
	const char *int_start;
	const char *frac_start;
	size_t int_len;
	size_t frac_len;
	bool negative;
	const CurrencyInfo *info;
	ar2c_int128 units = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	p = skip_space(p, end);
	if (p == end)
		return MONEY_EMPTY;

	if (is_letter(*p))
	{
		scan_word(&p, end, &code, &code_len);
		p = skip_space(p, end);
		if (p == end)
		{
			out->token = code;
			out->token_len = code_len;
			return MONEY_NO_AMOUNT;
		}
	}
	if (!scan_number(&p, end, &int_start, &int_len, &frac_start, &frac_len,
					 &negative))
	{
		out->token = text;
		out->token_len = len;
		return MONEY_SYNTAX;
	}
	p = skip_space(p, end);
	if (code == NULL)
	{
		if (p == end)
			return MONEY_NO_CURRENCY;
		if (!is_letter(*p))
		{
			out->token = text;
			out->token_len = len;
			return MONEY_SYNTAX;
		}
		scan_word(&p, end, &code, &code_len);
		p = skip_space(p, end);
	}
	if (p != end)
	{
		out->token = p;
		out->token_len = (size_t) (end - p);
		return MONEY_SYNTAX;
	}

	out->token = code;
	out->token_len = code_len;
	info = currency_lookup(code, code_len);
	if (info == NULL)
		return MONEY_UNKNOWN_CURRENCY;
	out->value.currency = currency_pack(info->code, 3);
	out->minor_units = info->minor_units;
	if (info->minor_units == AR2C_MINOR_UNITS_NA)
		return MONEY_NO_MINOR_UNITS;

	out->decimals = (int) frac_len;
	if (frac_len > (size_t) info->minor_units)
	{
		out->token = int_start;
		out->token_len = (size_t) (frac_start + frac_len - int_start);
		return MONEY_TOO_MANY_DECIMALS;
	}

	/* Accumulate digits; stop as soon as the range is left. */
	for (i = 0; i < int_len + (size_t) info->minor_units; i++)
	{
		int digit = 0;

		if (i < int_len)
			digit = int_start[i] - '0';
		else if (i - int_len < frac_len)
			digit = frac_start[i - int_len] - '0';
		units = units * 10 + digit;
		if (units > MONEY_UNITS_MAX)
		{
			out->token = int_start;
			out->token_len = int_len + (frac_len ? frac_len + 1 : 0);
			return MONEY_OUT_OF_RANGE;
		}
	}
	out->value.units = (int64_t) (negative ? -units : units);
	out->token = NULL;
	out->token_len = 0;
	return MONEY_OK;
}

/* Format only the amount, with exactly minor_units fraction digits */
size_t
money_format_amount(int64_t units, int minor_units, char *buf)
{
	char digits[24];
	int ndigits = 0;
	uint64_t magnitude;
	size_t n = 0;
	int i;

	if (minor_units < 0)
		minor_units = 0;
	magnitude = units < 0 ? (uint64_t) (-(units + 1)) + 1 : (uint64_t) units;
	do
	{
		digits[ndigits++] = (char) ('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude > 0);
	/* pad so that there is at least one digit before the point */
	while (ndigits <= minor_units)
		digits[ndigits++] = '0';

	if (units < 0)
		buf[n++] = '-';
	for (i = ndigits - 1; i >= 0; i--)
	{
		buf[n++] = digits[i];
		if (i == minor_units && i > 0)
			buf[n++] = '.';
	}
	buf[n] = '\0';
	return n;
}

/* Format canonically: "1234.56 EUR" */
size_t
money_format(MoneyCur m, char *buf)
{
	int minor_units = currency_minor_units(m.currency);
	size_t n = money_format_amount(m.units, minor_units, buf);

	buf[n++] = ' ';
	currency_unpack(m.currency, buf + n);
	return n + 3;
}

/*
 * Divide and round to an integer by the rule.
 *
 * Half-even compares the remainder with the rest of the divisor instead of
 * doubling it, so it cannot overflow near the 128-bit limits.
 */
bool
money_div_round(ar2c_int128 num, ar2c_int128 den, MoneyRounding rounding,
				ar2c_int128 *quotient)
{
	ar2c_int128 q;
	ar2c_int128 r;
	ar2c_int128 abs_r;
	ar2c_int128 abs_den;
	bool away = false;

	if (den == 0)
		return false;
	q = num / den;
	r = num % den;
	if (r != 0)
	{
		abs_r = r < 0 ? -r : r;
		abs_den = den < 0 ? -den : den;
		if (abs_r > abs_den - abs_r)
			away = true;
		else if (abs_r == abs_den - abs_r)
			away = (rounding == MONEY_ROUND_HALF_UP) || (q % 2 != 0);
		if (away)
			q += ((num < 0) != (den < 0)) ? -1 : 1;
	}
	*quotient = q;
	return true;
}

/* Parse a plain decimal such as numeric's text output gives */
bool
decimal_parse(const char *text, size_t len, ar2c_int128 *mantissa, int *scale)
{
	const char *p = text;
	const char *end = text + len;
	bool negative = false;
	bool seen_point = false;
	bool seen_digit = false;
	int frac = 0;
	ar2c_int128 m = 0;

	if (p < end && (*p == '-' || *p == '+'))
		negative = (*p++ == '-');
	for (; p < end; p++)
	{
		if (*p == '.' && !seen_point)
		{
			seen_point = true;
			continue;
		}
		if (!is_digit(*p))
			return false;
		seen_digit = true;
		if (__builtin_mul_overflow(m, 10, &m) ||
			__builtin_add_overflow(m, *p - '0', &m))
			return false;
		if (seen_point)
			frac++;
	}
	if (!seen_digit)
		return false;
	*mantissa = negative ? -m : m;
	*scale = frac;
	return true;
}
