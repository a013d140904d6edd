/*
 * fuzz_dunning_template.c
 *		libFuzzer target for the dunning template compiler and renderer.
 *
 * The bytes are a template. What compiles must render, for a notice with
 * items and one without, in every language; the rendering must hold every
 * text run of the template and nothing may read outside it (ASan) or
 * overflow (UBSan). A failed compile must blame bytes inside the input.
 */
#include <stdlib.h>
#include <string.h>

#include "core/dunning_template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Counts what was written, checks it is not NULL */
static bool
count_write(void *arg, const char *text, size_t len)
{
	if (text == NULL && len > 0)
		abort();
	*(size_t *) arg += len;
	return true;
}

static const DunItem items[] = {
	{ "INV-1", 5, { 2026, 2, 28 }, 61, -INT64_MAX },
	{ "\xE5\x8F\x91\xE7\xA5\xA8", 6, { 2024, 2, 29 }, 0, 12345 },
};

/* Compile arbitrary bytes; render what compiles */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static DunTemplate tmpl;
	const char *text = (const char *) data;
	DunError err;
	DunNotice n;
	size_t text_bytes = 0;
	uint16_t i;
	int lang;

	if (dun_template_compile(text, size, &tmpl, &err) != DUN_OK)
	{
		if (err.offset > size || err.length > size - err.offset)
			abort();
		return 0;
	}
	for (i = 0; i < tmpl.count; i++)
	{
		if (tmpl.nodes[i].start > size ||
			tmpl.nodes[i].len > size - tmpl.nodes[i].start)
			abort();
		if (tmpl.nodes[i].op == DUN_OP_TEXT)
			text_bytes += tmpl.nodes[i].len;
	}

	memset(&n, 0, sizeof(n));
	n.currency = currency_pack("EUR", 3);
	n.customer_name = "Beta AG";
	n.customer_name_len = 7;
	n.date = (DunDate){ 2026, 12, 31 };
	n.level = 3;
	n.fee_units = 500;
	n.items = items;
	for (lang = DUN_LANG_EN; lang <= DUN_LANG_ZH; lang++)
	{
		size_t written = 0;

		n.lang = (DunLang) lang;
		n.item_count = 2;
		if (dun_template_render(&tmpl, text, &n, count_write, &written) !=
			DUN_OK)
			abort();
		/* text outside the section appears once, inside it twice */
		if (written < text_bytes)
			abort();
		n.item_count = 0;
		written = 0;
		if (dun_template_render(&tmpl, text, &n, count_write, &written) !=
			DUN_OK)
			abort();
	}
	return 0;
}
