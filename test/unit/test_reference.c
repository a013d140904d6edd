/*
 * test_reference.c
 *		Unit tests for RF creditor references, invoice number
 *		normalisation, invoice patterns and reference extraction
 *		(core/reference.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/iban.h"
#include "core/reference.h"

/* ---------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

static RfStatus
check(const char *text)
{
	RfParse p;

	return rf_check(text, strlen(text), &p);
}

/* The RF reference of text, or "" with the status in *status */
static const char *
generate(const char *text, RfStatus *status)
{
	static RfParse p;

	*status = rf_generate(text, strlen(text), &p);
	return *status == RF_OK ? p.rf : "";
}

static const char *
normalize(const char *text)
{
	static char out[512];
	size_t n = ref_normalize_invoice(text, strlen(text), out);

	out[n] = '\0';
	return out;
}

#define MAX_MATCHES 32

typedef struct Found
{
	const char *text;
	RefMatch matches[MAX_MATCHES];
	size_t count;
} Found;

static void
collect(void *arg, const RefMatch *m)
{
	Found *found = arg;

	/* every reference lies inside the text */
	assert_true(m->start < m->end);
	assert_true(m->end <= strlen(found->text));
	if (found->count < MAX_MATCHES)
		found->matches[found->count++] = *m;
}

static int
cmp_matches(const void *a, const void *b)
{
	return ref_match_cmp(a, b);
}

/*
 * Extract with the given patterns (NULL: the defaults) and describe the
 * results as "kind [reference] normalized @position" lines, by position.
 */
static const char *
extract_with(const char *text, const RefPattern *patterns, size_t n)
{
	static Found found;
	static char out[4096];
	size_t used = 0;
	size_t i;

	if (patterns == NULL)
		patterns = ref_default_patterns(&n);
	found.text = text;
	found.count = 0;
	ref_extract(text, strlen(text), patterns, n, collect, &found);
	qsort(found.matches, found.count, sizeof(RefMatch), cmp_matches);
	out[0] = '\0';
	for (i = 0; i < found.count; i++)
	{
		const RefMatch *m = &found.matches[i];

		used += (size_t) snprintf(out + used, sizeof(out) - used,
								  "%s%s [%.*s] %s @%zu", i > 0 ? "; " : "",
								  ref_kind_name(m->kind),
								  (int) (m->end - m->start), text + m->start,
								  m->normalized, m->char_pos + 1);
	}
	return out;
}

static const char *
extract(const char *text)
{
	return extract_with(text, NULL, 0);
}

/* Extract with one pattern of our own */
static const char *
extract_pattern(const char *text, const char *pattern)
{
	static RefPattern compiled;
	RefPatternError err;

	if (ref_pattern_compile(pattern, strlen(pattern), &compiled, &err) !=
		REF_PATTERN_OK)
		fail_msg("pattern %s: %s", pattern, err.message);
	return extract_with(text, &compiled, 1);
}

/* ---------------------------------------------------------------------
 * RF creditor references
 * --------------------------------------------------------------------- */

/* Published examples, and what the brief's "RF71 4567 8" really is */
static void
test_rf_examples(void **state)
{
	RfParse p;
	RfStatus status;

	(void) state;
	/* ISO 11649 and the EPC's example */
	assert_int_equal(check("RF18 5390 0754 7034"), RF_OK);
	assert_int_equal(check("RF18539007547034"), RF_OK);
	assert_string_equal(generate("539007547034", &status), "RF18539007547034");
	/* the example with letters (RF45 G72U UR) */
	assert_int_equal(check("RF45 G72U UR"), RF_OK);
	assert_string_equal(generate("G72UUR", &status), "RF45G72UUR");
	/* a Finnish national reference carried as RF */
	assert_int_equal(check("RF71 2348 231"), RF_OK);
	/* 45678 takes check digits 53: "RF71 4567 8" is not valid */
	assert_int_equal(check("RF71 4567 8"), RF_BAD_CHECK_DIGITS);
	assert_string_equal(generate("45678", &status), "RF5345678");
	/* the longest: 21 characters of reference, 25 in all */
	assert_string_equal(generate("000000000000000000001", &status),
						"RF74000000000000000000001");
	assert_int_equal(check("RF74 0000 0000 0000 0000 0000 1"), RF_OK);
	/* 22 characters of reference are one too many */
	assert_int_equal(check("RF18 0000 0000 0000 0000 0000 0000 1"),
					 RF_TOO_LONG);
	/* case and spaces do not matter; the payload is upper case */
	assert_int_equal(rf_check(" rf45 g72u ur ", 14, &p), RF_OK);
	assert_string_equal(p.rf, "RF45G72UUR");
	assert_string_equal(p.rf + 4, "G72UUR");
}

/* Every way a check fails */
static void
test_rf_errors(void **state)
{
	RfParse p;
	RfStatus status;

	(void) state;
	assert_int_equal(check(""), RF_EMPTY);
	assert_int_equal(check("   "), RF_EMPTY);
	assert_int_equal(check("RF18"), RF_TOO_SHORT);
	assert_int_equal(check("RF1"), RF_TOO_SHORT);
	assert_int_equal(check("RF18 5390 0754 7034 0000 0000 00"), RF_TOO_LONG);
	assert_int_equal(check("XX18 5390 0754 7034"), RF_NO_PREFIX);
	assert_int_equal(check("DE89 3704 0044 0532 0130 00"), RF_NO_PREFIX);
	assert_int_equal(check("RF19 5390 0754 7034"), RF_BAD_CHECK_DIGITS);
	assert_int_equal(check("RF18 5390 0754 7043"), RF_BAD_CHECK_DIGITS);
	assert_int_equal(check("RFX8 5390 0754 7034"), RF_BAD_CHECK_DIGITS);
	assert_int_equal(rf_check("RF18-5390", 9, &p), RF_BAD_CHARACTER);
	assert_int_equal(p.bad_offset, 4);
	assert_int_equal(rf_check("RF18 5390 \xC3\xA4", 12, &p), RF_BAD_CHARACTER);
	assert_int_equal(p.bad_offset, 10);
	assert_int_equal(p.bad_bytes, 2);

	/* generation drops spaces and - / . _, refuses other characters */
	assert_string_equal(generate("INV-2026/00.012_A b", &status),
						"RF73INV202600012AB");
	assert_int_equal(rf_check("RF73INV202600012AB", 18, &p), RF_OK);
	generate("", &status);
	assert_int_equal(status, RF_EMPTY);
	generate(" - / ", &status);
	assert_int_equal(status, RF_EMPTY);
	generate("INV#12", &status);
	assert_int_equal(status, RF_BAD_CHARACTER);
	assert_int_equal(rf_generate("INV\xC3\xA4"
								 "12",
								 7, &p),
					 RF_BAD_CHARACTER);
	assert_int_equal(p.bad_offset, 3);
	assert_int_equal(p.bad_bytes, 2);
	assert_int_equal(rf_generate("1234567890123456789012", 22, &p),
					 RF_TOO_LONG);
	assert_int_equal(p.len - 4, 22);
	assert_string_equal(generate("123456789012345678901", &status),
						"RF40123456789012345678901");
}

/*
 * "00", "01" and "99" are never generated, so they are refused even
 * where the remainder test alone would pass them.
 */
static void
test_rf_reserved_check_digits(void **state)
{
	char ref[16];
	int n;
	int seen98 = 0;
	int seen02 = 0;

	(void) state;
	for (n = 0; n < 5000 && !(seen98 && seen02); n++)
	{
		RfParse p;
		char other[32];

		snprintf(ref, sizeof(ref), "%d", n);
		assert_int_equal(rf_generate(ref, strlen(ref), &p), RF_OK);
		memcpy(other, p.rf, p.len + 1);
		if (strncmp(p.rf + 2, "98", 2) == 0)
		{
			other[2] = '0', other[3] = '1';
			assert_true(iban_checksum_ok(other, p.len));
			assert_int_equal(check(other), RF_BAD_CHECK_DIGITS);
			seen98 = 1;
		}
		if (strncmp(p.rf + 2, "02", 2) == 0)
		{
			other[2] = '9', other[3] = '9';
			assert_true(iban_checksum_ok(other, p.len));
			assert_int_equal(check(other), RF_BAD_CHECK_DIGITS);
			seen02 = 1;
		}
	}
	assert_true(seen98 && seen02);
}

/* Random references: what is generated checks, and gives its payload */
static void
test_rf_round_trip(void **state)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	int round;

	(void) state;
	srand(11649);
	for (round = 0; round < 20000; round++)
	{
		char ref[32];
		RfParse made;
		RfParse back;
		size_t len = 1 + (size_t) rand() % RF_PAYLOAD_MAX;
		size_t i;
		unsigned check_digits;

		for (i = 0; i < len; i++)
			ref[i] = alphabet[rand() % 36];
		ref[len] = '\0';
		assert_int_equal(rf_generate(ref, len, &made), RF_OK);
		assert_int_equal(made.len, len + 4);
		check_digits =
			(unsigned) (made.rf[2] - '0') * 10 + (unsigned) (made.rf[3] - '0');
		assert_true(check_digits >= 2 && check_digits <= 98);
		assert_int_equal(rf_check(made.rf, made.len, &back), RF_OK);
		assert_string_equal(back.rf + 4, ref);
		/* one digit changed is caught */
		for (i = 4; i < made.len; i++)
		{
			if (made.rf[i] >= '0' && made.rf[i] <= '9')
			{
				made.rf[i] = (char) ('0' + (made.rf[i] - '0' + 1) % 10);
				assert_int_equal(rf_check(made.rf, made.len, &back),
								 RF_BAD_CHECK_DIGITS);
				break;
			}
		}
	}
}

/* ---------------------------------------------------------------------
 * Invoice numbers
 * --------------------------------------------------------------------- */

static void
test_normalize(void **state)
{
	(void) state;
	/* the spellings of one number compare equal */
	assert_string_equal(normalize("INV-2026-00012"), "INV-2026-12");
	assert_string_equal(normalize("inv 2026 12"), "INV-2026-12");
	assert_string_equal(normalize("INV2026/12"), "INV-2026-12");
	assert_string_equal(normalize("INV202600012"), "INV-2026-12");
	assert_string_equal(normalize("INV.2026.012"), "INV-2026-12");
	assert_string_equal(normalize(" Inv - 2026 - 0012 "), "INV-2026-12");
	/* full-width and Unicode dashes */
	assert_string_equal(normalize("\xEF\xBC\xA9\xEF\xBC\xAE\xEF\xBC\xB6"
								  "\xEF\xBC\x8D\xEF\xBC\x92\xEF\xBC\x90"
								  "\xEF\xBC\x92\xEF\xBC\x96\xEF\xBC\x8D"
								  "\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x92"),
						"INV-2026-12");
	assert_string_equal(normalize("INV\xE2\x80\x93"
								  "2026\xE2\x80\x93"
								  "12"),
						"INV-2026-12");

	/* the year stays apart from the number, which keeps its value */
	assert_string_equal(normalize("INV-2026-00120"), "INV-2026-120");
	assert_string_equal(normalize("INV-20260-0012"), "INV-2026-0-12");
	assert_string_equal(normalize("2026-00012"), "2026-12");
	assert_string_equal(normalize("202600012"), "2026-12");
	assert_string_equal(normalize("0202600012"), "2026-12");
	/* only the first digit run holds a year */
	assert_string_equal(normalize("12-202600012"), "12-202600012");
	assert_string_equal(normalize("2026-2000123"), "2026-2000123");
	/* short runs and runs not beginning 20 are plain numbers */
	assert_string_equal(normalize("2026"), "2026");
	assert_string_equal(normalize("20260"), "2026-0");
	assert_string_equal(normalize("1999123"), "1999123");
	assert_string_equal(normalize("000"), "0");
	assert_string_equal(normalize("RE 0"), "RE-0");
	assert_string_equal(normalize("00012"), "12");
	/* letters and digits are runs of their own */
	assert_string_equal(normalize("A1B2"), "A-1-B-2");
	assert_string_equal(normalize("ab/cd"), "AB-CD");
	/* nothing to keep */
	assert_string_equal(normalize(""), "");
	assert_string_equal(normalize(" -/. "), "");
	assert_string_equal(normalize("\xE5\x8F\x91\xE7\xA5\xA8"), "");
}

/* Normalising twice changes nothing */
static void
test_normalize_idempotent(void **state)
{
	static const char pieces[] = "0123456789AZaz -/.";
	int round;

	(void) state;
	srand(2026);
	for (round = 0; round < 50000; round++)
	{
		char text[40];
		char once[96];
		char twice[96];
		size_t len = (size_t) rand() % 30;
		size_t n1;
		size_t n2;
		size_t i;

		for (i = 0; i < len; i++)
			text[i] = pieces[rand() % (int) (sizeof(pieces) - 1)];
		n1 = ref_normalize_invoice(text, len, once);
		assert_true(n1 <= 2 * len);
		n2 = ref_normalize_invoice(once, n1, twice);
		assert_int_equal(n1, n2);
		assert_memory_equal(once, twice, n1);
	}
}

/* ---------------------------------------------------------------------
 * Patterns
 * --------------------------------------------------------------------- */

static void
test_pattern_errors(void **state)
{
	static const struct
	{
		const char *pattern;
		RefPatternStatus status;
		size_t offset;
	} cases[] = {
		{ "", REF_PATTERN_EMPTY, 0 },
		{ "()", REF_PATTERN_EMPTY, 0 },
		{ "(INV", REF_PATTERN_SYNTAX, 0 },
		{ "INV)", REF_PATTERN_SYNTAX, 3 },
		{ "<{d}", REF_PATTERN_SYNTAX, 0 },
		{ "{d}>", REF_PATTERN_SYNTAX, 3 },
		{ "<{d}><{d}>", REF_PATTERN_SYNTAX, 5 },
		{ "[-/", REF_PATTERN_SYNTAX, 0 },
		{ "[]", REF_PATTERN_SYNTAX, 0 },
		{ "INV]", REF_PATTERN_SYNTAX, 3 },
		{ "{q}", REF_PATTERN_SYNTAX, 0 },
		{ "{d", REF_PATTERN_SYNTAX, 0 },
		{ "{d0}", REF_PATTERN_SYNTAX, 0 },
		{ "{d36}", REF_PATTERN_SYNTAX, 0 },
		{ "{d5-3}", REF_PATTERN_SYNTAX, 0 },
		{ "{d3-}", REF_PATTERN_SYNTAX, 0 },
		{ "{year4}", REF_PATTERN_SYNTAX, 0 },
		{ "INV}", REF_PATTERN_SYNTAX, 3 },
		{ "?INV", REF_PATTERN_SYNTAX, 0 },
		{ "INV??", REF_PATTERN_SYNTAX, 4 },
		{ "INV*", REF_PATTERN_SYNTAX, 3 },
		{ "\\d+", REF_PATTERN_SYNTAX, 2 },
		{ "INV\\", REF_PATTERN_SYNTAX, 3 },
		{ "INV\xFF", REF_PATTERN_SYNTAX, 3 },
		{ "((((((((((A))))))))))", REF_PATTERN_TOO_DEEP, 8 },
	};
	size_t i;
	RefPattern pat;
	RefPatternError err;
	char big[1024];

	(void) state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		RefPatternStatus status = ref_pattern_compile(
			cases[i].pattern, strlen(cases[i].pattern), &pat, &err);

		if (status != cases[i].status || err.offset != cases[i].offset)
			fail_msg("%s: status %d at %zu, expected %d at %zu",
					 cases[i].pattern, status, err.offset, cases[i].status,
					 cases[i].offset);
		assert_non_null(err.message);
	}

	/* limits: text, program and sets */
	memset(big, 'A', sizeof(big));
	assert_int_equal(ref_pattern_compile(big, 513, &pat, &err),
					 REF_PATTERN_TOO_LONG);
	assert_int_equal(ref_pattern_compile(big, 300, &pat, &err),
					 REF_PATTERN_TOO_LONG);
	assert_int_equal(ref_pattern_compile(big, 200, &pat, &err),
					 REF_PATTERN_OK);
	big[0] = '[';
	big[300] = ']';
	assert_int_equal(ref_pattern_compile(big, 301, &pat, &err),
					 REF_PATTERN_TOO_LONG);

	/* escapes: \uXXXX, and reserved characters written as themselves */
	assert_int_equal(
		ref_pattern_compile("\\u53D1\\u7968 <{d}>", 18, &pat, &err),
		REF_PATTERN_OK);
	assert_int_equal(ref_pattern_compile("\\u0000", 6, &pat, &err),
					 REF_PATTERN_SYNTAX);
	assert_int_equal(ref_pattern_compile("\\*\\+\\^\\$", 8, &pat, &err),
					 REF_PATTERN_OK);

	/* the defaults compile */
	for (i = 0; i < ref_default_pattern_count(); i++)
	{
		const char *d = ref_default_pattern(i);

		assert_int_equal(ref_pattern_compile(d, strlen(d), &pat, &err),
						 REF_PATTERN_OK);
	}
	assert_null(ref_default_pattern(ref_default_pattern_count()));
}

/* What each element of the language matches */
static void
test_pattern_language(void **state)
{
	(void) state;
	/* literals are case-insensitive; {d} counts digits */
	assert_string_equal(extract_pattern("pay acme-123456 now", "ACME-{d6}"),
						"invoice [acme-123456] ACME-123456 @5");
	assert_string_equal(extract_pattern("ACME-12345", "ACME-{d6}"), "");
	assert_string_equal(extract_pattern("ACME-1234567", "ACME-{d6}"), "");
	/* ranges, sets, optional parts, alternatives */
	assert_string_equal(extract_pattern("K/77 K77 K-7", "K[-/]?{d1-2}"),
						"invoice [K/77] K-77 @1; invoice [K77] K-77 @6; "
						"invoice [K-7] K-7 @10");
	assert_string_equal(extract_pattern("AB12 CD34 EF56", "(AB|CD){d2}"),
						"invoice [AB12] AB-12 @1; invoice [CD34] CD-34 @6");
	/* {a}, {x} */
	assert_string_equal(extract_pattern("X ab12 ABC12 a1b2", "{a2}{x2}"),
						"invoice [ab12] AB-12 @3");
	/* a space is any white space, or none */
	assert_string_equal(
		extract_pattern("Ref 7 | Ref\t\t8 | Ref9", "REF <{d}>"),
		"invoice [7] 7 @5; invoice [8] 8 @14; "
		"invoice [9] 9 @21");
	/* {year} is 2000 to 2099 */
	assert_string_equal(extract_pattern("Y2026 Y1999 Y2100", "Y{year}"),
						"invoice [Y2026] Y-2026 @1");
	/* {id} is a whole token with a digit; "." ends the word before it */
	assert_string_equal(
		extract_pattern("No. AB-12/C No. ABC No.X1 NoY2", "NO. <{id}>"),
		"invoice [AB-12/C] AB-12-C @5; invoice [X1] X-1 @24");
	assert_string_equal(
		extract_pattern("No. 12345678901234567890123456789012345"
						"6",
						"NO. <{id}>"),
		"");
	/* escapes and non-ASCII literals */
	assert_string_equal(extract_pattern("\xE5\x8F\x91\xE7\xA5\xA8 12345",
										"\\u53D1\\u7968 <{d}>"),
						"invoice [12345] 12345 @4");
	assert_string_equal(extract_pattern("A+1 A1", "A\\+{d}"),
						"invoice [A+1] A-1 @1");
	/* a match never ends inside a word or a number */
	assert_string_equal(extract_pattern("AB12C AB12-3 AB12.", "AB{d2}"),
						"invoice [AB12] AB-12 @14");
	/* nor begins inside one: after a letter or digit, or "7-" */
	assert_string_equal(extract_pattern("XAB12 7-AB12 -AB12", "AB{d2}"),
						"invoice [AB12] AB-12 @15");
	/* without a digit there is no invoice number */
	assert_string_equal(extract_pattern("ACME", "ACME"), "");
	/* backtracking finds the reading that ends a word */
	assert_string_equal(extract_pattern("A123456", "A{d1-8}{d4}"),
						"invoice [A123456] A-123456 @1");
	/* many overlapping runs stay cheap (the visited table bounds them) */
	assert_string_equal(
		extract_pattern("1111111111111111111111111111111111111111X",
						"{d0-9}{d0-9}{d0-9}{d0-9}{d0-9}{d0-9}{d0-9}{d0-9}"
						"{d0-9}{d0-9}{d0-9}{d0-9}Y"),
		"");
}

/* ---------------------------------------------------------------------
 * Extraction
 * --------------------------------------------------------------------- */

/* Each default pattern, on the examples of the brief */
static void
test_extract_invoices(void **state)
{
	(void) state;
	assert_string_equal(extract("INV-2026-00012"),
						"invoice [INV-2026-00012] INV-2026-12 @1");
	assert_string_equal(extract("Payment INV2026/12 thanks"),
						"invoice [INV2026/12] INV-2026-12 @9");
	assert_string_equal(extract("2026-00012"),
						"invoice [2026-00012] 2026-12 @1");
	assert_string_equal(extract("Rechnung 2026-00012"),
						"invoice [2026-00012] 2026-12 @10");
	/* 发票号 INV-2026-00012 */
	assert_string_equal(extract("\xE5\x8F\x91\xE7\xA5\xA8\xE5\x8F\xB7 "
								"INV-2026-00012"),
						"invoice [INV-2026-00012] INV-2026-12 @5");
	assert_string_equal(extract("Inv. No. 12345"),
						"invoice [12345] 12345 @10");
	/* ＩＮＶ－２０２６－０００１２: the reference as written, normalised */
	assert_string_equal(
		extract("\xEF\xBC\xA9\xEF\xBC\xAE\xEF\xBC\xB6\xEF\xBC\x8D\xEF\xBC\x92"
				"\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96\xEF\xBC\x8D\xEF\xBC\x90"
				"\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x92"),
		"invoice [\xEF\xBC\xA9\xEF\xBC\xAE\xEF\xBC\xB6\xEF\xBC\x8D\xEF\xBC\x92"
		"\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96\xEF\xBC\x8D\xEF\xBC\x90"
		"\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x92] INV-2026-12 @1");
	/* 发票号码：２０２６００１２ */
	assert_string_equal(
		extract("\xE5\x8F\x91\xE7\xA5\xA8\xE5\x8F\xB7\xE7\xA0"
				"\x81\xEF\xBC\x9A\xEF\xBC\x92\xEF\xBC\x90\xEF"
				"\xBC\x92\xEF\xBC\x96\xEF\xBC\x90\xEF\xBC\x90"
				"\xEF\xBC\x91\xEF\xBC\x92"),
		"invoice [\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC"
		"\x96\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x92] "
		"2026-12 @6");
	/* a known prefix and digits; labels in several languages */
	assert_string_equal(extract("RE12345 und RG-4711"),
						"invoice [RE12345] RE-12345 @1; "
						"invoice [RG-4711] RG-4711 @13");
	assert_string_equal(extract("Rechnungsnummer: RE-2026-77"),
						"invoice [RE-2026-77] RE-2026-77 @18");
	assert_string_equal(extract("Rg.-Nr. 4711"), "invoice [4711] 4711 @9");
	assert_string_equal(extract("Facture n\xC2\xB0 2026-0042"),
						"invoice [2026-0042] 2026-42 @12");
	assert_string_equal(extract("Invoice #12345"),
						"invoice [12345] 12345 @10");
	assert_string_equal(extract("invoice number: A-17/2026"),
						"invoice [A-17/2026] A-17-2026 @17");
	/* several in one text */
	assert_string_equal(extract("RE-2026-0001, RE-2026-0002"),
						"invoice [RE-2026-0001] RE-2026-1 @1; "
						"invoice [RE-2026-0002] RE-2026-2 @15");
	/* a prefix joined by "-" to a word, a label joined to its number */
	assert_string_equal(extract("Ref-INV-2026-1"),
						"invoice [INV-2026-1] INV-2026-1 @5");
	assert_string_equal(extract("Rechnung-2026-00012"),
						"invoice [2026-00012] 2026-12 @10");
	assert_string_equal(extract("Kd-2026-00012"),
						"invoice [Kd-2026-00012] KD-2026-12 @1");
	assert_string_equal(extract("Kd4-2026-00012"), "");
	/* a label with too short a number, or none */
	assert_string_equal(extract("Invoice 12"), "");
	assert_string_equal(extract("Invoice dated 2026-06-30"), "");
	/* a year alone is not an invoice number */
	assert_string_equal(extract("inv 2026 12"), "");
}

/* Dates, amounts, phone numbers and IBANs are not invoice numbers */
static void
test_extract_negatives(void **state)
{
	(void) state;
	/* dates */
	assert_string_equal(extract("2026-06-30"), "");
	assert_string_equal(extract("paid 30.06.2026 and 2026/06/30"), "");
	assert_string_equal(extract("Invoice 2026-06-30"), "");
	assert_string_equal(extract("Rechnung 30.06.2026"), "");
	assert_string_equal(extract("Invoice 06/30/26"), "");
	assert_string_equal(extract("Invoice 30-Jun-2026"), "");
	assert_string_equal(extract("INV-2026-06-30"), "");
	/* amounts */
	assert_string_equal(extract("Betrag 1.234,56 EUR"), "");
	assert_string_equal(extract("USD 1,234.56"), "");
	assert_string_equal(extract("Invoice 1.234,56"), "");
	assert_string_equal(extract("Invoice 1234.56"), "");
	assert_string_equal(extract("Rechnung 1'234.50"), "");
	assert_string_equal(extract("2026.50 2026,5"), "");
	/* phone numbers */
	assert_string_equal(extract("Tel. +49 30 12345678"), "");
	assert_string_equal(extract("call +1 (212) 555-0123"), "");
	assert_string_equal(extract("+86 138 0013 8000"), "");
	assert_string_equal(extract("Tel 030/2026-1234"), "");
	assert_string_equal(extract("Fax 0049-2026-12345"), "");
	/* IBANs: found as IBANs, never as invoice numbers */
	assert_string_equal(extract("Invoice DE89370400440532013000"),
						"iban [DE89370400440532013000] "
						"DE89370400440532013000 @9");
	assert_string_equal(extract("IBAN DE20 3704 0044 0532 0130 00"), "");
	/* ordinary words */
	assert_string_equal(extract("Thank you for your business"), "");
	assert_string_equal(extract("RE: payment for March"), "");
}

/* RF references in text: validated, print or electronic form */
static void
test_extract_rf(void **state)
{
	(void) state;
	assert_string_equal(extract("RF18 5390 0754 7034"),
						"rf [RF18 5390 0754 7034] RF18539007547034 @1");
	assert_string_equal(extract("ref: rf18539007547034."),
						"rf [rf18539007547034] RF18539007547034 @6");
	/* a following word is not part of it */
	assert_string_equal(extract("RF18 5390 0754 7034 PAID"),
						"rf [RF18 5390 0754 7034] RF18539007547034 @1");
	assert_string_equal(extract("RF18 539007547034"),
						"rf [RF18 539007547034] RF18539007547034 @1");
	/* an RF reference over an invoice number */
	assert_string_equal(extract("RF70INV202600012"),
						"rf [RF70INV202600012] RF70INV202600012 @1");
	/* invalid check digits: nothing, not even an invoice number */
	assert_string_equal(extract("RF19 5390 0754 7034"), "");
	assert_string_equal(extract("XRF18539007547034"), "");
}

/* IBANs in text */
static void
test_extract_iban(void **state)
{
	(void) state;
	assert_string_equal(extract("IBAN: GB29 NWBK 6016 1331 9268 19, BIC "
								"NWBKGB2L"),
						"iban [GB29 NWBK 6016 1331 9268 19] "
						"GB29NWBK60161331926819 @7");
	assert_string_equal(extract("from de89370400440532013000"),
						"iban [de89370400440532013000] "
						"DE89370400440532013000 @6");
	/* groups must end with the IBAN: a longer word is not one */
	assert_string_equal(extract("DE89 3704 0044 0532 0130 001"), "");
	assert_string_equal(extract("DE89370400440532013000X"), "");
	/* two spaces break the print form */
	assert_string_equal(extract("DE89  3704 0044 0532 0130 00"), "");
	/* an IBAN then an invoice number */
	assert_string_equal(extract("NL91 ABNA 0417 1643 00 INV-2026-00012"),
						"iban [NL91 ABNA 0417 1643 00] NL91ABNA0417164300 "
						"@1; invoice [INV-2026-00012] INV-2026-12 @24");
}

/* End-to-end ids after their labels */
static void
test_extract_e2e(void **state)
{
	(void) state;
	assert_string_equal(extract("EREF+INV-2026-00012 MREF+M1"),
						"e2e [INV-2026-00012] INV-2026-00012 @6; "
						"invoice [INV-2026-00012] INV-2026-12 @6");
	assert_string_equal(extract("?20EREF+ABC123?21SVWZ+Payment"),
						"e2e [ABC123] ABC123 @9");
	assert_string_equal(extract("EndToEndId: E2E-7/2026."),
						"e2e [E2E-7/2026] E2E-7/2026 @13");
	assert_string_equal(extract("End-to-End-ID ABC-9"),
						"e2e [ABC-9] ABC-9 @15");
	assert_string_equal(extract("E2E REF = X1"), "e2e [X1] X1 @11");
	assert_string_equal(extract("e2e id 42"), "e2e [42] 42 @8");
	/* the placeholder and ids without a digit after a bare label */
	assert_string_equal(extract("End-to-End-ID: NOTPROVIDED"), "");
	assert_string_equal(extract("EREF+notprovided"), "");
	assert_string_equal(extract("E2E tests passed"), "");
	assert_string_equal(extract("EREF+ABC"), "e2e [ABC] ABC @6");
	/* at most 35 characters */
	assert_string_equal(extract("EREF+123456789012345678901234567890123456"),
						"");
	assert_string_equal(extract("EREF+12345678901234567890123456789012345."),
						"e2e [12345678901234567890123456789012345] "
						"12345678901234567890123456789012345 @6");
	assert_string_equal(extract("XEREF+ABC1"), "");
	/* digits glued to a word by "-" belong to it: no invoice inside */
	assert_string_equal(extract("EREF+E2E-2026-0042"),
						"e2e [E2E-2026-0042] E2E-2026-0042 @6");
}

/* Positions count characters, not bytes; results come by position */
static void
test_extract_positions(void **state)
{
	(void) state;
	/* 付款 ＩＮＶ２０２６／１２，发票 RF18 5390 0754 7034 */
	assert_string_equal(
		extract("\xE4\xBB\x98\xE6\xAC\xBE \xEF\xBC\xA9\xEF\xBC\xAE\xEF\xBC"
				"\xB6\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96\xEF\xBC"
				"\x8F\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x8C\xE5\x8F\x91\xE7\xA5"
				"\xA8 RF18 5390 0754 7034"),
		"invoice [\xEF\xBC\xA9\xEF\xBC\xAE\xEF\xBC\xB6\xEF\xBC\x92\xEF\xBC"
		"\x90\xEF\xBC\x92\xEF\xBC\x96\xEF\xBC\x8F\xEF\xBC\x91\xEF\xBC\x92] "
		"INV-2026-12 @4; rf [RF18 5390 0754 7034] RF18539007547034 @18");
	/* an invalid byte counts as one character */
	assert_string_equal(extract("\xFF\xFE INV-2026-1"),
						"invoice [INV-2026-1] INV-2026-1 @4");
	/* a truncated sequence at the end is harmless */
	assert_string_equal(extract("INV-2026-1 \xE5\x8F"),
						"invoice [INV-2026-1] INV-2026-1 @1");
	/* everything in one text, sorted by position */
	assert_string_equal(
		extract("Rechnung 2026-00012 / EREF+E2E-55 / IBAN DE89 3704 0044 "
				"0532 0130 00 / RF18 5390 0754 7034 / 30.06.2026 / 1.234,56"),
		"invoice [2026-00012] 2026-12 @10; e2e [E2E-55] E2E-55 @28; "
		"iban [DE89 3704 0044 0532 0130 00] DE89370400440532013000 @42; "
		"rf [RF18 5390 0754 7034] RF18539007547034 @72");
	/* with no patterns, only the structured kinds */
	assert_string_equal(extract_with("INV-2026-1 RF18539007547034",
									 (const RefPattern *) "", 0),
						"rf [RF18539007547034] RF18539007547034 @12");
	assert_string_equal(extract(""), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rf_examples),
		cmocka_unit_test(test_rf_errors),
		cmocka_unit_test(test_rf_reserved_check_digits),
		cmocka_unit_test(test_rf_round_trip),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_normalize_idempotent),
		cmocka_unit_test(test_pattern_errors),
		cmocka_unit_test(test_pattern_language),
		cmocka_unit_test(test_extract_invoices),
		cmocka_unit_test(test_extract_negatives),
		cmocka_unit_test(test_extract_rf),
		cmocka_unit_test(test_extract_iban),
		cmocka_unit_test(test_extract_e2e),
		cmocka_unit_test(test_extract_positions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
