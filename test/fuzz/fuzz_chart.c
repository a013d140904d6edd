/*
 * fuzz_chart.c
 *		libFuzzer target for the chart number formats and scales.
 *
 * The bytes are a decimal text for chart_format_decimal in each locale,
 * with the decimals the first byte asks for. What formats is as long as
 * it says, fits CHART_FORMAT_SIZE, and, its grouping taken out and its
 * decimal mark made a point, formats again to itself. The first sixteen
 * bytes are also two doubles for chart_nice_scale: a scale it gives
 * covers both and zero within its tick limit, on a step of 1, 2 or 5.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/chart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The English form back to plain decimal text: no commas */
static size_t
plain(const char *formatted, size_t len, char *out)
{
	size_t n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (formatted[i] != ',')
			out[n++] = formatted[i];
	return n;
}

static void
fuzz_format(const char *text, size_t size, int decimals)
{
	static const ChartLocale locales[] = { CHART_EN, CHART_DE, CHART_FR,
										   CHART_ZH };
	size_t out_size = CHART_FORMAT_SIZE(size, decimals);
	char *out = malloc(out_size);
	char *again = malloc(out_size);
	char *bare = malloc(out_size);
	size_t len;
	size_t len2;
	size_t n;
	size_t i;

	if (out == NULL || again == NULL || bare == NULL)
		abort();
	for (i = 0; i < sizeof(locales) / sizeof(locales[0]); i++)
	{
		ChartFormatStatus status = chart_format_decimal(
			text, size, decimals, locales[i], out, out_size, &len);

		if (status == CHART_FORMAT_SPACE && size <= CHART_MAX_INTEGER_DIGITS)
			abort();
		if (status != CHART_FORMAT_OK)
			continue;
		if (len >= out_size || strlen(out) != len)
			abort();
		if (locales[i] != CHART_EN)
			continue;
		n = plain(out, len, bare);
		if (chart_format_decimal(bare, n, decimals, CHART_EN, again, out_size,
								 &len2) != CHART_FORMAT_OK ||
			len2 != len || memcmp(out, again, len) != 0)
			abort();
	}
	free(out);
	free(again);
	free(bare);
}

static void
fuzz_scale(const uint8_t *data, size_t size)
{
	double a;
	double b;
	ChartScale scale;
	int max_ticks;
	int i;

	if (size < 17)
		return;
	memcpy(&a, data, sizeof(a));
	memcpy(&b, data + 8, sizeof(b));
	max_ticks = 2 + data[16] % (CHART_MAX_TICKS - 1);
	if (!chart_nice_scale(a, b, max_ticks, &scale))
		return;
	if (scale.ticks < 2 || scale.ticks > max_ticks || scale.low > a ||
		scale.high < b || scale.low > 0 || scale.high < 0 ||
		!(scale.step > 0) ||
		(scale.mantissa != 1 && scale.mantissa != 2 && scale.mantissa != 5) ||
		scale.decimals < 0 || scale.decimals > CHART_MAX_DECIMALS)
		abort();
	for (i = 1; i < scale.ticks; i++)
		if (!(chart_tick(&scale, i) > chart_tick(&scale, i - 1)))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	fuzz_format((const char *) data + 1, size - 1,
				data[0] % (CHART_MAX_DECIMALS + 1));
	fuzz_scale(data, size);
	return 0;
}
