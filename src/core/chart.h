/*
 * chart.h
 *		The arithmetic of the report charts: a nice axis scale (bounds and
 *		ticks on 1, 2 or 5 times a power of ten, zero always on the axis)
 *		and decimal numbers formatted by the grouping and decimal mark of a
 *		language (en, de, fr, zh).
 *
 * Plain C (no postgres.h). Numbers come in as the decimal text PostgreSQL
 * prints for numeric ("-1234.5"), so an amount is formatted exactly,
 * without a detour through binary floating point.
 */
#ifndef AR2C_CORE_CHART_H
#define AR2C_CORE_CHART_H

#include <stdbool.h>
#include <stddef.h>

/* The most ticks an axis may ask for */
#define CHART_MAX_TICKS 50

/* An axis from low to high with ticks every step (both multiples of step) */
typedef struct ChartScale
{
	double low;
	double high;
	double step;  /* mantissa * 10^exponent */
	int mantissa; /* 1, 2 or 5 */
	int exponent; /* power of ten of the step */
	int ticks;    /* tick marks from low to high, both included */
	int decimals; /* digits after the decimal mark a tick label needs */
} ChartScale;

/*
 * The scale of an axis showing values from min to max with at most
 * max_ticks ticks (2..CHART_MAX_TICKS): the smallest step of 1, 2 or 5
 * times a power of ten whose multiples below and above the values,
 * zero included, need no more ticks. min == max == 0 gives 0..1. False
 * for a non-finite bound, min > max, a bad max_ticks, or a range whose
 * bounds overflow.
 */
extern bool chart_nice_scale(double min, double max, int max_ticks,
							 ChartScale *scale);

/* The value of tick i (0 = low) of a scale, without accumulated error */
extern double chart_tick(const ChartScale *scale, int i);

typedef enum ChartLocale
{
	CHART_EN = 0, /* 1,234,567.89 */
	CHART_DE,     /* 1.234.567,89 */
	CHART_FR,     /* 1 234 567,89 (narrow no-break spaces) */
	CHART_ZH      /* 1,234,567.89 */
} ChartLocale;

/*
 * The locale of a language code: its first two letters, any case ("de",
 * "de-CH", "ZH_cn"); false for another language.
 */
extern bool chart_locale(const char *language, size_t len,
						 ChartLocale *locale);

typedef enum ChartFormatStatus
{
	CHART_FORMAT_OK = 0,
	CHART_FORMAT_SYNTAX,   /* not [+-]digits[.digits] with a digit */
	CHART_FORMAT_DECIMALS, /* decimals outside 0..CHART_MAX_DECIMALS */
	CHART_FORMAT_SPACE     /* too many digits, or the output is too small */
} ChartFormatStatus;

#define CHART_MAX_DECIMALS 20
/* numeric has at most 131072 digits before the point; charts need fewer */
#define CHART_MAX_INTEGER_DIGITS 1000

/* Bytes the output of a len-byte number with decimals digits may need */
#define CHART_FORMAT_SIZE(len, decimals) (2 * (len) + (decimals) + 8)

/*
 * Format a decimal text rounded half away from zero to decimals digits,
 * with the grouping of thousands and the decimal mark of a locale, into
 * out (NUL-terminated, *out_len bytes). A value that rounds to zero has
 * no minus sign.
 */
extern ChartFormatStatus chart_format_decimal(const char *text, size_t len,
											  int decimals, ChartLocale locale,
											  char *out, size_t out_size,
											  size_t *out_len);

#endif
