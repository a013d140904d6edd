/*
 * chart.c
 *		Nice axis scales and number formatting for the report charts.
 */
#include "core/chart.h"

#include <math.h>
#include <string.h>

static const int nice_mantissas[] = { 1, 2, 5 };

/* low, high and ticks of a step; false if the bounds overflow */
static bool
scale_with_step(double min, double max, int mantissa, int exponent,
				ChartScale *scale)
{
	double step = mantissa * pow(10.0, exponent);
	double first = floor(min / step);
	double last = ceil(max / step);

	/* a quotient that underflows to zero must still cover its value */
	if (first * step > min)
		first -= 1;
	if (last * step < max)
		last += 1;
	if (!isfinite(step) || step <= 0 || !isfinite(first * step) ||
		!isfinite(last * step) || last - first > CHART_MAX_TICKS)
		return false;
	scale->step = step;
	scale->mantissa = mantissa;
	scale->exponent = exponent;
	scale->low = first * step;
	scale->high = last * step;
	scale->ticks = (int) (last - first) + 1;
	scale->decimals = exponent < 0 ? -exponent : 0;
	return true;
}

bool
chart_nice_scale(double min, double max, int max_ticks, ChartScale *scale)
{
	double raw;
	int exponent;
	int m;

	if (!isfinite(min) || !isfinite(max) || min > max || max_ticks < 2 ||
		max_ticks > CHART_MAX_TICKS)
		return false;
	/* zero is on every axis: bars grow from it */
	if (min > 0)
		min = 0;
	if (max < 0)
		max = 0;
	if (min == max)
		max = 1;
	raw = (max - min) / (max_ticks - 1);
	if (!isfinite(raw) || raw <= 0)
		return false;
	/* no step finer than a label can print */
	exponent = (int) floor(log10(raw));
	if (exponent < -CHART_MAX_DECIMALS)
		exponent = -CHART_MAX_DECIMALS;
	/* from the largest nice step at or below raw, up to the first that fits */
	for (;; exponent++)
	{
		if (exponent > 308)
			return false;
		for (m = 0; m < 3; m++)
		{
			double step = nice_mantissas[m] * pow(10.0, exponent);

			if (step < raw * (1 - 1e-12))
				continue;
			if (!scale_with_step(min, max, nice_mantissas[m], exponent, scale))
			{
				if (!isfinite(step) || step > fabs(max) + fabs(min))
					return false;
				continue;
			}
			if (scale->ticks <= max_ticks)
				return true;
		}
	}
}

double
chart_tick(const ChartScale *scale, int i)
{
	double first = round(scale->low / scale->step);
	double units = (first + i) * scale->mantissa;

	/* a negative exponent divides, so that 0.1 * 3 prints as 0.3 */
	if (scale->exponent < 0)
		return units / pow(10.0, -scale->exponent);
	return units * pow(10.0, scale->exponent);
}

bool
chart_locale(const char *language, size_t len, ChartLocale *locale)
{
	static const struct
	{
		const char *code;
		ChartLocale locale;
	} known[] = { { "en", CHART_EN },
				  { "de", CHART_DE },
				  { "fr", CHART_FR },
				  { "zh", CHART_ZH } };
	char code[3];
	size_t i;

	if (len < 2 || (len > 2 && language[2] != '-' && language[2] != '_'))
		return false;
	for (i = 0; i < 2; i++)
	{
		char c = language[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		code[i] = c;
	}
	code[2] = '\0';
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(code, known[i].code) == 0)
		{
			*locale = known[i].locale;
			return true;
		}
	return false;
}

/* The group separator and decimal mark of a locale */
static void
locale_marks(ChartLocale locale, const char **group, const char **mark)
{
	switch (locale)
	{
		case CHART_DE:
			*group = ".";
			*mark = ",";
			break;
		case CHART_FR:
			*group = "\xE2\x80\xAF"; /* U+202F narrow no-break space */
			*mark = ",";
			break;
		case CHART_EN:
		case CHART_ZH:
		default:
			*group = ",";
			*mark = ".";
			break;
	}
}

/* Appends to the output; false when it would not fit with its NUL */
typedef struct Out
{
	char *buf;
	size_t size;
	size_t len;
} Out;

static bool
put(Out *out, const char *s, size_t n)
{
	if (out->len + n + 1 > out->size)
		return false;
	memcpy(out->buf + out->len, s, n);
	out->len += n;
	out->buf[out->len] = '\0';
	return true;
}

ChartFormatStatus
chart_format_decimal(const char *text, size_t len, int decimals,
					 ChartLocale locale, char *out, size_t out_size,
					 size_t *out_len)
{
	size_t pos = 0;
	size_t int_start;
	size_t int_len;
	size_t frac_start = 0;
	size_t frac_len = 0;
	bool negative = false;
	bool nonzero = false;
	/* the digits kept: a carry digit, the integer part, the decimals */
	char digits[2 + CHART_MAX_INTEGER_DIGITS + CHART_MAX_DECIMALS];
	size_t n = 0;
	size_t int_digits;
	size_t first;
	size_t i;
	const char *group;
	const char *mark;
	Out o = { out, out_size, 0 };

	*out_len = 0;
	if (out_size > 0)
		out[0] = '\0';
	if (decimals < 0 || decimals > CHART_MAX_DECIMALS)
		return CHART_FORMAT_DECIMALS;
	if (pos < len && (text[pos] == '-' || text[pos] == '+'))
		negative = text[pos++] == '-';
	/* leading zeros do not count */
	while (pos + 1 < len && text[pos] == '0' && text[pos + 1] >= '0' &&
		   text[pos + 1] <= '9')
		pos++;
	int_start = pos;
	while (pos < len && text[pos] >= '0' && text[pos] <= '9')
		pos++;
	int_len = pos - int_start;
	if (pos < len && text[pos] == '.')
	{
		frac_start = ++pos;
		while (pos < len && text[pos] >= '0' && text[pos] <= '9')
			pos++;
		frac_len = pos - frac_start;
	}
	if (pos != len || int_len + frac_len == 0)
		return CHART_FORMAT_SYNTAX;
	if (int_len > CHART_MAX_INTEGER_DIGITS)
		return CHART_FORMAT_SPACE;

	digits[n++] = '0';
	if (int_len == 0)
		digits[n++] = '0';
	memcpy(digits + n, text + int_start, int_len);
	n += int_len;
	int_digits = n - 1;
	for (i = 0; i < (size_t) decimals; i++)
		digits[n++] = i < frac_len ? text[frac_start + i] : '0';
	/* half away from zero: the first digit dropped decides */
	if ((size_t) decimals < frac_len && text[frac_start + decimals] >= '5')
	{
		size_t k = n;

		while (k-- > 0)
		{
			if (digits[k] == '9')
				digits[k] = '0';
			else
			{
				digits[k]++;
				break;
			}
		}
	}
	for (i = 0; i < n; i++)
		nonzero |= digits[i] != '0';

	locale_marks(locale, &group, &mark);
	if (negative && nonzero && !put(&o, "-", 1))
		return CHART_FORMAT_SPACE;
	/* the integer part without leading zeros, but one digit at least */
	first = 0;
	while (first + 1 < 1 + int_digits && digits[first] == '0')
		first++;
	for (i = first; i < 1 + int_digits; i++)
	{
		size_t left = 1 + int_digits - i;

		if (!put(&o, &digits[i], 1))
			return CHART_FORMAT_SPACE;
		if (left > 1 && left % 3 == 1 && !put(&o, group, strlen(group)))
			return CHART_FORMAT_SPACE;
	}
	if (decimals > 0 && (!put(&o, mark, strlen(mark)) ||
						 !put(&o, digits + 1 + int_digits, (size_t) decimals)))
		return CHART_FORMAT_SPACE;
	*out_len = o.len;
	return CHART_FORMAT_OK;
}
