/*
 * test_dunning_template.c
 *		Unit tests for dunning templates and formats (core/dunning_template.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/dunning_template.h"

/* A rendering buffer */
typedef struct Out
{
	char text[4096];
	size_t len;
} Out;

/* DunWriteFn into an Out; refuses to overflow it */
static bool
out_write(void *arg, const char *text, size_t len)
{
	Out *out = arg;

	if (out->len + len >= sizeof(out->text))
		return false;
	memcpy(out->text + out->len, text, len);
	out->len += len;
	out->text[out->len] = '\0';
	return true;
}

/* An amount formatted, in a static buffer */
static const char *
money(int64_t units, const char *code, DunLang lang)
{
	static char buf[DUN_MONEY_MAX];

	if (dun_format_money(units, currency_pack(code, 3), lang, buf) == 0)
		return "(none)";
	return buf;
}

/* A date formatted, in a static buffer */
static const char *
date(int y, int m, int d, DunLang lang)
{
	static char buf[DUN_DATE_MAX];

	if (dun_format_date(y, m, d, lang, buf) == 0)
		return "(none)";
	return buf;
}

/* Compile and render a template for a notice; the status */
static DunStatus
render(const char *tmpl, const DunNotice *n, Out *out, DunError *err)
{
	static DunTemplate compiled;
	DunStatus status;

	out->len = 0;
	out->text[0] = '\0';
	status = dun_template_compile(tmpl, strlen(tmpl), &compiled, err);
	if (status != DUN_OK)
		return status;
	return dun_template_render(&compiled, tmpl, n, out_write, out);
}

static const DunItem two_items[] = {
	{ "INV-1", 5, { 2026, 3, 31 }, 30, 123456 },
	{ "INV-2", 5, { 2026, 4, 15 }, 15, 50 },
};

/* A notice of two EUR items with a fee, in a language */
static DunNotice
notice(DunLang lang)
{
	DunNotice n;

	memset(&n, 0, sizeof(n));
	n.lang = lang;
	n.currency = currency_pack("EUR", 3);
	n.customer_name = "Beta AG";
	n.customer_name_len = 7;
	n.customer_number = "C-101";
	n.customer_number_len = 5;
	n.company_name = "Acme";
	n.company_name_len = 4;
	n.date = (DunDate){ 2026, 4, 30 };
	n.level = 2;
	n.fee_units = 500;
	n.interest_units = 1;
	n.items = two_items;
	n.item_count = 2;
	return n;
}

/* Language tags: two letters, a region after - or _, any case */
static void
test_lang_parse(void **state)
{
	DunLang lang;

	(void) state;
	assert_true(dun_lang_parse("de", 2, &lang));
	assert_int_equal(lang, DUN_LANG_DE);
	assert_true(dun_lang_parse("ZH_cn", 5, &lang));
	assert_int_equal(lang, DUN_LANG_ZH);
	assert_true(dun_lang_parse("fr-CH", 5, &lang));
	assert_int_equal(lang, DUN_LANG_FR);
	assert_false(dun_lang_parse("es", 2, &lang));
	assert_false(dun_lang_parse("e", 1, &lang));
	assert_false(dun_lang_parse("eng", 3, &lang));
}

/* Amounts: grouping, decimal mark and code place per language */
static void
test_format_money(void **state)
{
	(void) state;
	assert_string_equal(money(123456789, "EUR", DUN_LANG_EN),
						"EUR 1,234,567.89");
	assert_string_equal(money(123456789, "EUR", DUN_LANG_DE),
						"1.234.567,89 EUR");
	assert_string_equal(money(123456789, "EUR", DUN_LANG_FR), "1\xE2\x80\xAF"
															  "234\xE2\x80\xAF"
															  "567,89\xC2\xA0"
															  "EUR");
	assert_string_equal(money(123456789, "CNY", DUN_LANG_ZH),
						"CNY 1,234,567.89");
	/* small, negative, no minor units, three minor units */
	assert_string_equal(money(5, "EUR", DUN_LANG_EN), "EUR 0.05");
	assert_string_equal(money(-100000, "EUR", DUN_LANG_DE), "-1.000,00 EUR");
	assert_string_equal(money(1234567, "JPY", DUN_LANG_EN), "JPY 1,234,567");
	assert_string_equal(money(1234567, "KWD", DUN_LANG_EN), "KWD 1,234.567");
	assert_string_equal(money(0, "JPY", DUN_LANG_DE), "0 JPY");
	/* the extremes of the range */
	assert_string_equal(money(INT64_MAX, "EUR", DUN_LANG_EN),
						"EUR 92,233,720,368,547,758.07");
	assert_string_equal(money(-INT64_MAX, "EUR", DUN_LANG_EN),
						"EUR -92,233,720,368,547,758.07");
	/* a currency without minor units (gold) cannot be shown */
	assert_string_equal(money(1, "XAU", DUN_LANG_EN), "(none)");
}

/* Dates per language; impossible dates refused */
static void
test_format_date(void **state)
{
	(void) state;
	assert_string_equal(date(2026, 3, 1, DUN_LANG_EN), "1 March 2026");
	assert_string_equal(date(2026, 3, 1, DUN_LANG_DE), "01.03.2026");
	assert_string_equal(date(2026, 3, 1, DUN_LANG_FR), "01/03/2026");
	assert_string_equal(date(2026, 3, 1, DUN_LANG_ZH), "2026\xE5\xB9\xB4"
													   "3\xE6\x9C\x88"
													   "1\xE6\x97\xA5");
	assert_string_equal(date(2024, 2, 29, DUN_LANG_DE), "29.02.2024");
	assert_string_equal(date(2026, 2, 29, DUN_LANG_DE), "(none)");
	assert_string_equal(date(1900, 2, 29, DUN_LANG_DE), "(none)");
	assert_string_equal(date(2000, 2, 29, DUN_LANG_DE), "29.02.2000");
	assert_string_equal(date(2026, 13, 1, DUN_LANG_EN), "(none)");
	assert_string_equal(date(10000, 1, 1, DUN_LANG_EN), "(none)");
}

/* Header values, the items section repeated per item, totals */
static void
test_render_items(void **state)
{
	DunNotice n = notice(DUN_LANG_EN);
	Out out;
	DunError err;

	(void) state;
	assert_int_equal(
		render("Dear {{ customer_name }} ({{customer_number}}), level "
			   "{{level}} of {{date}}:\n{{#items}}- {{invoice_number}} due "
			   "{{due_date}}, {{days_overdue}} days: {{open_amount}}\n"
			   "{{/items}}{{item_count}} items {{principal}} + fee {{fee}} + "
			   "interest {{interest}} = {{total}} {{currency}}. {single} }",
			   &n, &out, &err),
		DUN_OK);
	assert_string_equal(
		out.text, "Dear Beta AG (C-101), level 2 of 30 April 2026:\n"
				  "- INV-1 due 31 March 2026, 30 days: EUR 1,234.56\n"
				  "- INV-2 due 15 April 2026, 15 days: EUR 0.50\n"
				  "2 items EUR 1,235.06 + fee EUR 5.00 + interest EUR 0.01 = "
				  "EUR 1,240.07 EUR. {single} }");

	/* German */
	n = notice(DUN_LANG_DE);
	assert_int_equal(render("{{#items}}{{open_amount}};{{/items}}{{total}}",
							&n, &out, &err),
					 DUN_OK);
	assert_string_equal(out.text, "1.234,56 EUR;0,50 EUR;1.240,07 EUR");

	/* no items: the section is skipped */
	n.item_count = 0;
	assert_int_equal(
		render("a{{#items}}x{{invoice_number}}{{/items}}b", &n, &out, &err),
		DUN_OK);
	assert_string_equal(out.text, "ab");

	/* an empty template renders nothing */
	assert_int_equal(render("", &n, &out, &err), DUN_OK);
	assert_int_equal(out.len, 0);
}

/* The total beyond the money range is an overflow, not a wrap */
static void
test_render_overflow(void **state)
{
	DunItem big[2] = { { "A", 1, { 2026, 1, 1 }, 1, INT64_MAX },
					   { "B", 1, { 2026, 1, 1 }, 1, 1 } };
	DunNotice n = notice(DUN_LANG_EN);
	Out out;
	DunError err;

	(void) state;
	n.items = big;
	assert_int_equal(render("{{total}}", &n, &out, &err), DUN_OVERFLOW);
	n.item_count = 1;
	n.fee_units = 1;
	n.interest_units = 0;
	assert_int_equal(render("{{principal}}", &n, &out, &err), DUN_OVERFLOW);
	n.fee_units = 0;
	assert_int_equal(render("{{total}}", &n, &out, &err), DUN_OK);
}

/* Assert a compile error: its message and where */
static void
assert_syntax(const char *tmpl, const char *message, size_t offset,
			  size_t length)
{
	static DunTemplate compiled;
	DunError err;

	assert_int_equal(dun_template_compile(tmpl, strlen(tmpl), &compiled, &err),
					 DUN_SYNTAX);
	assert_string_equal(err.message, message);
	assert_int_equal(err.offset, offset);
	assert_int_equal(err.length, length);
}

/* Every syntax error names what and where */
static void
test_compile_errors(void **state)
{
	(void) state;
	assert_syntax("Dear {{totl}}", "unknown value", 7, 4);
	assert_syntax("x {{customer_name", "unclosed \"{{\"", 2, 2);
	assert_syntax("x {{customer_name}", "unclosed \"{{\"", 2, 2);
	assert_syntax("{{customer-name}}", "unexpected character in a tag", 10, 1);
	assert_syntax("{{ }}", "a tag needs a name", 0, 5);
	assert_syntax("{{#lines}}", "the only section is \"items\"", 3, 5);
	assert_syntax("{{#items}}{{#items}}", "sections cannot nest", 10, 10);
	assert_syntax("a{{/items}}", "\"{{/items}}\" without \"{{#items}}\"", 1,
				  10);
	assert_syntax("ab{{#items}}x", "\"{{#items}}\" is never closed", 2, 10);
	assert_syntax("{{open_amount}}", "an item value outside \"{{#items}}\"", 2,
				  11);
}

/* Limits: text length and node count */
static void
test_compile_limits(void **state)
{
	static DunTemplate compiled;
	static char big[DUN_TEMPLATE_MAX_TEXT + 2];
	DunError err;
	size_t i;

	(void) state;
	memset(big, 'x', DUN_TEMPLATE_MAX_TEXT + 1);
	assert_int_equal(
		dun_template_compile(big, DUN_TEMPLATE_MAX_TEXT + 1, &compiled, &err),
		DUN_TOO_LONG);
	assert_int_equal(
		dun_template_compile(big, DUN_TEMPLATE_MAX_TEXT, &compiled, &err),
		DUN_OK);
	assert_int_equal(compiled.count, 1);
	/* "{{fee}}x" 1000 times: 2000 nodes */
	for (i = 0; i < 1000; i++)
		memcpy(big + i * 8, "{{fee}}x", 8);
	assert_int_equal(dun_template_compile(big, 8000, &compiled, &err),
					 DUN_TOO_LONG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang_parse),
		cmocka_unit_test(test_format_money),
		cmocka_unit_test(test_format_date),
		cmocka_unit_test(test_render_items),
		cmocka_unit_test(test_render_overflow),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_compile_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
