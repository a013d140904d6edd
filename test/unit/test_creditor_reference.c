/*
 * test_creditor_reference.c
 *		Unit tests for creditor references of five schemes: check digits,
 *		generation, the scheme of a text, the check on write, finding them
 *		in remittance text and the keys matching looks up
 *		(core/creditor_reference.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/creditor_reference.h"
#include "core/reference.h"

/* ---------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

static CrefStatus
check(CrefScheme scheme, const char *text)
{
	CrefParse p;

	return cref_check(scheme, text, strlen(text), &p);
}

/* The key of a valid reference of a scheme, "" if not valid */
static const char *
check_key(CrefScheme scheme, const char *text)
{
	static CrefParse p;

	return cref_check(scheme, text, strlen(text), &p) == CREF_OK ? p.key : "";
}

/* The printed form of a generated reference, "" with *status on failure */
static const char *
generate(CrefScheme scheme, const char *payload, CrefStatus *status)
{
	static CrefParse p;

	*status = cref_generate(scheme, payload, strlen(payload), &p);
	return *status == CREF_OK ? p.print : "";
}

static const char *
detect(const char *text)
{
	CrefParse p;

	return cref_scheme_name(cref_detect(text, strlen(text), &p));
}

static CrefStatus
validate(const char *text, CrefScheme company, CrefScheme *scheme)
{
	CrefParse p;
	CrefStatus status = cref_validate(text, strlen(text), company, &p);

	*scheme = p.scheme;
	return status;
}

static const char *
key(const char *text)
{
	static char out[CREF_KEY_MAX + 1];

	cref_key(text, strlen(text), out, CREF_KEY_MAX);
	return out;
}

#define MAX_FOUND 16

typedef struct Found
{
	char text[MAX_FOUND][128]; /* "kind:normalized@char_pos" */
	size_t count;
} Found;

static void
collect(void *arg, const RefMatch *m)
{
	Found *f = arg;

	if (f->count < MAX_FOUND)
		snprintf(f->text[f->count++], 128, "%s:%s@%zu", ref_kind_name(m->kind),
				 m->normalized, m->char_pos);
}

/* Everything extraction finds (default invoice patterns), joined by " " */
static const char *
extract(const char *text)
{
	static char out[1024];
	Found f = { .count = 0 };
	size_t npatterns;
	const RefPattern *patterns = ref_default_patterns(&npatterns);
	size_t i;

	ref_extract(text, strlen(text), patterns, npatterns, collect, &f);
	out[0] = '\0';
	for (i = 0; i < f.count; i++)
	{
		if (i > 0)
			strcat(out, " ");
		strcat(out, f.text[i]);
	}
	return out;
}

static void
collect_key(void *arg, const char *k, size_t len, bool structured)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, 1024 - n, "%s%s%.*s", n > 0 ? " " : "",
			 structured ? "" : "?", (int) len, k);
}

/* The keys of a text, "?" before those of bare numbers */
static const char *
keys(const char *text)
{
	static char out[1024];

	out[0] = '\0';
	cref_keys(text, strlen(text), collect_key, out);
	return out;
}

/* ---------------------------------------------------------------------
 * Check digits, per scheme
 * --------------------------------------------------------------------- */

static void
test_rf(void **state)
{
	(void) state;
	assert_string_equal(check_key(CREF_RF, "RF18 5390 0754 7034"),
						"RF18539007547034");
	assert_int_equal(check(CREF_RF, "RF18539007547043"), CREF_BAD_CHECK);
	assert_int_equal(check(CREF_RF, "RF18 5390-0754"), CREF_BAD_CHARACTER);
}

static void
test_be(void **state)
{
	(void) state;
	/* the published example, framed either way, or bare */
	assert_string_equal(check_key(CREF_BE, "+++090/9337/55493+++"),
						"090933755493");
	assert_string_equal(check_key(CREF_BE, "*** 090/9337/55493 ***"),
						"090933755493");
	assert_string_equal(check_key(CREF_BE, "090933755493"), "090933755493");
	/* a remainder of 0 is written 97 */
	assert_string_equal(check_key(CREF_BE, "+++000/0000/09797+++"),
						"000000009797");
	assert_int_equal(check(CREF_BE, "+++000/0000/09700+++"), CREF_BAD_CHECK);
	assert_int_equal(check(CREF_BE, "+++090/9337/55494+++"), CREF_BAD_CHECK);
	assert_int_equal(check(CREF_BE, "+++090/9337/5549+++"), CREF_BAD_LENGTH);
	assert_int_equal(check(CREF_BE, "+++090/9337/5549X+++"),
					 CREF_BAD_CHARACTER);
}

static void
test_fi(void **state)
{
	(void) state;
	assert_string_equal(check_key(CREF_FI, "1232"), "1232");
	assert_string_equal(check_key(CREF_FI, "12 34561"), "1234561");
	assert_int_equal(check(CREF_FI, "1233"), CREF_BAD_CHECK);
	assert_int_equal(check(CREF_FI, "123"), CREF_BAD_LENGTH);
	assert_int_equal(check(CREF_FI, "123456789012345678901"), CREF_BAD_LENGTH);
	assert_int_equal(check(CREF_FI, "+++090/9337/55493+++"),
					 CREF_BAD_CHARACTER);
}

static void
test_ch_qr(void **state)
{
	(void) state;
	assert_string_equal(
		check_key(CREF_CH_QR, "21 00000 00003 13947 14300 09017"),
		"210000000003139471430009017");
	assert_string_equal(check_key(CREF_CH_QR, "210000000003139471430009017"),
						"210000000003139471430009017");
	assert_int_equal(check(CREF_CH_QR, "210000000003139471430009018"),
					 CREF_BAD_CHECK);
	/* two digits swapped */
	assert_int_equal(check(CREF_CH_QR, "120000000003139471430009017"),
					 CREF_BAD_CHECK);
	assert_int_equal(check(CREF_CH_QR, "21000000000313947143000901"),
					 CREF_BAD_LENGTH);
}

static void
test_no_kid(void **state)
{
	(void) state;
	/* Luhn */
	assert_string_equal(check_key(CREF_NO_KID, "79927398713"), "79927398713");
	assert_int_equal(check(CREF_NO_KID, "79927398710"), CREF_BAD_CHECK);
	/* mod 11, and its "-" for 10 */
	assert_string_equal(check_key(CREF_NO_KID, "12345678903"), "12345678903");
	assert_string_equal(check_key(CREF_NO_KID, "1009-"), "1009-");
	assert_int_equal(check(CREF_NO_KID, "1008-"), CREF_BAD_CHECK);
	assert_int_equal(check(CREF_NO_KID, "7"), CREF_BAD_LENGTH);
	assert_int_equal(check(CREF_NO_KID, ""), CREF_EMPTY);
	assert_int_equal(check(CREF_FI, "1009-"), CREF_BAD_CHARACTER);
}

/* ---------------------------------------------------------------------
 * Generation
 * --------------------------------------------------------------------- */

static void
test_generate(void **state)
{
	CrefStatus s;

	(void) state;
	assert_string_equal(generate(CREF_RF, "539007547034", &s),
						"RF18 5390 0754 7034");
	assert_string_equal(generate(CREF_BE, "INV-2026-00012", &s),
						"+++020/2600/01289+++");
	assert_string_equal(generate(CREF_BE, "0909337554", &s),
						"+++090/9337/55493+++");
	assert_string_equal(generate(CREF_FI, "123", &s), "1232");
	assert_string_equal(generate(CREF_FI, "123456", &s), "12 34561");
	assert_string_equal(generate(CREF_FI, "7", &s), "0071");
	assert_string_equal(generate(CREF_CH_QR, "21000000000313947143000901", &s),
						"21 00000 00003 13947 14300 09017");
	assert_string_equal(generate(CREF_CH_QR, "INV-2026-00012", &s),
						"00 00000 00000 00000 20260 00125");
	assert_string_equal(generate(CREF_NO_KID, "7992739871", &s),
						"79927398713");
	/* every generated reference checks */
	assert_int_equal(check(CREF_BE, generate(CREF_BE, "12", &s)), CREF_OK);
	assert_int_equal(check(CREF_CH_QR, generate(CREF_CH_QR, "12", &s)),
					 CREF_OK);
	/* too many digits, none */
	generate(CREF_BE, "12345678901", &s);
	assert_int_equal(s, CREF_BAD_LENGTH);
	generate(CREF_FI, "INV-ABC", &s);
	assert_int_equal(s, CREF_EMPTY);
	generate(CREF_RF, "1234567890123456789012", &s);
	assert_int_equal(s, CREF_BAD_LENGTH);
	generate(CREF_NONE, "1", &s);
	assert_int_equal(s, CREF_BAD_CHARACTER);
}

static void
test_scheme_names(void **state)
{
	CrefScheme s;

	(void) state;
	assert_true(cref_scheme_from_name("ch_qr", 5, &s));
	assert_int_equal(s, CREF_CH_QR);
	assert_string_equal(cref_scheme_name(CREF_NO_KID), "no_kid");
	assert_false(cref_scheme_from_name("kid", 3, &s));
	assert_int_equal(s, CREF_NONE);
}

/* ---------------------------------------------------------------------
 * The scheme of a text, and the check on write
 * --------------------------------------------------------------------- */

static void
test_detect(void **state)
{
	(void) state;
	assert_string_equal(detect("RF18 5390 0754 7034"), "rf");
	assert_string_equal(detect("+++090/9337/55493+++"), "be");
	assert_string_equal(detect("090933755493"), "be");
	assert_string_equal(detect("21 00000 00003 13947 14300 09017"), "ch_qr");
	assert_string_equal(detect("1232"), "fi");
	assert_string_equal(detect("79927398713"), "no_kid");
	assert_string_equal(detect("1009-"), "no_kid");
	/* valid in none */
	assert_string_equal(detect("+++090/9337/55494+++"), "");
	assert_string_equal(detect("12345"), "");
	assert_string_equal(detect("INV-2026-00012"), "");
	assert_string_equal(detect(""), "");
}

static void
test_validate(void **state)
{
	CrefScheme s;

	(void) state;
	/* the shape claims the scheme, whatever the company's */
	assert_int_equal(validate("RF18 5390 0754 7034", CREF_FI, &s), CREF_OK);
	assert_int_equal(s, CREF_RF);
	assert_int_equal(validate("RF18 5390 0754 7043", CREF_NONE, &s),
					 CREF_BAD_CHECK);
	assert_int_equal(s, CREF_RF);
	assert_int_equal(validate("+++090/9337/55494+++", CREF_NONE, &s),
					 CREF_BAD_CHECK);
	assert_int_equal(s, CREF_BE);
	/* digits alone: the company's scheme */
	assert_int_equal(validate("1232", CREF_FI, &s), CREF_OK);
	assert_int_equal(validate("1232", CREF_CH_QR, &s), CREF_BAD_LENGTH);
	assert_int_equal(s, CREF_CH_QR);
	assert_int_equal(validate("79927398710", CREF_NO_KID, &s), CREF_BAD_CHECK);
	assert_int_equal(s, CREF_NO_KID);
	/* digits alone, no scheme of digits: any one */
	assert_int_equal(validate("1232", CREF_NONE, &s), CREF_OK);
	assert_int_equal(s, CREF_FI);
	assert_int_equal(validate("1232", CREF_RF, &s), CREF_OK);
	assert_int_equal(validate("12345", CREF_NONE, &s), CREF_BAD_CHECK);
	assert_int_equal(s, CREF_NONE);
	assert_int_equal(validate("1234567890123456789012345678", CREF_NONE, &s),
					 CREF_BAD_LENGTH);
	/* free text */
	assert_int_equal(validate("Order 4711/B", CREF_BE, &s), CREF_OK);
	assert_int_equal(s, CREF_NONE);
	assert_int_equal(validate("  ", CREF_NONE, &s), CREF_EMPTY);
	assert_int_equal(
		validate("A123456789012345678901234567890123456", CREF_NONE, &s),
		CREF_BAD_LENGTH);
}

static void
test_key(void **state)
{
	(void) state;
	assert_string_equal(key("+++090/9337/55493+++"), "090933755493");
	assert_string_equal(key("rf18 5390 0754 7034"), "RF18539007547034");
	assert_string_equal(key("1009-"), "1009-");
	assert_string_equal(key("1009 - "), "1009-");
	assert_string_equal(key("AB-12-"), "AB12");
	assert_string_equal(
		key("\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x92"), "1232");
}

/* ---------------------------------------------------------------------
 * Finding references in remittance text
 * --------------------------------------------------------------------- */

static void
test_extract_be(void **state)
{
	(void) state;
	assert_string_equal(extract("Betaling +++090/9337/55493+++ dank u"),
						"be_ogm:090933755493@9");
	assert_string_equal(extract("MEDEDELING ***090/9337/55493***"),
						"be_ogm:090933755493@11");
	assert_string_equal(extract("ref 090/9337/55493."),
						"be_ogm:090933755493@4");
	/* a wrong check digit is nothing */
	assert_string_equal(extract("+++090/9337/55494+++"), "");
	assert_string_equal(extract("090/9337/55494"), "");
}

static void
test_extract_qr(void **state)
{
	(void) state;
	assert_string_equal(extract("QRR 21 00000 00003 13947 14300 09017"),
						"ch_qr:210000000003139471430009017@4");
	assert_string_equal(extract("210000000003139471430009017, merci"),
						"ch_qr:210000000003139471430009017@0");
	assert_string_equal(extract("21 00000 00003 13947 14300 09018"), "");
	/* 28 digits are not a QR reference */
	assert_string_equal(extract("2100000000031394714300090170"), "");
	/* an IBAN keeps its digits */
	assert_string_equal(extract("CH93 0076 2011 6238 5295 7"),
						"iban:CH9300762011623852957@0");
}

static void
test_extract_labelled(void **state)
{
	(void) state;
	assert_string_equal(extract("Viite 1232"), "fi:1232@6");
	assert_string_equal(extract("VIITENUMERO: 12 34561"), "fi:1234561@13");
	assert_string_equal(extract("KID: 79927398713"), "kid:79927398713@5");
	assert_string_equal(extract("kid-nr. 1009-"), "kid:1009-@8");
	assert_string_equal(extract("KIDNUMMER 12345678903 takk"),
						"kid:12345678903@10");
	/* unlabelled short digits, wrong check digits, another word */
	assert_string_equal(extract("1232"), "");
	assert_string_equal(extract("Viite 1233"), "");
	assert_string_equal(extract("KIDS 79927398713"), "");
	/* a labelled number does not swallow what follows */
	assert_string_equal(extract("Viite 1232 INV-2026-00012"),
						"fi:1232@6 invoice:INV-2026-12@11");
}

static void
test_extract_keeps_invoices(void **state)
{
	(void) state;
	/* invoice numbers and dates are not creditor references */
	assert_string_equal(extract("Rechnung 2026-00012 vom 30.06.2026"),
						"invoice:2026-12@9");
	assert_string_equal(extract("RF18 5390 0754 7034"),
						"rf:RF18539007547034@0");
}

/* ---------------------------------------------------------------------
 * Keys for matching
 * --------------------------------------------------------------------- */

static void
test_keys(void **state)
{
	(void) state;
	/* structured ones, and an RF reference's payload of digits */
	assert_string_equal(keys("+++090/9337/55493+++ RF11 1232"),
						"090933755493 RF111232 1232");
	/* a bare number valid in some scheme, joined from its groups */
	assert_string_equal(keys("paid 2026000121 thanks"), "?2026000121");
	assert_string_equal(keys("21 00000 00003 13947 14300 09017"),
						"210000000003139471430009017");
	assert_string_equal(keys("12 34561"), "?1234561 ?34561");
	/* a KID's "-" */
	assert_string_equal(keys("ref 100008-"), "?100008 ?100008-");
	/* short, invalid, dates, amounts, parts of tokens, IBANs: nothing */
	assert_string_equal(keys("1232 12345 30.06.2026 1.234,56 12500.00"), "");
	assert_string_equal(keys("INV-2026000121 X2026000121 2026000121ABC"), "");
	assert_string_equal(keys("DE89 3704 0044 0532 0130 00"), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rf),
		cmocka_unit_test(test_be),
		cmocka_unit_test(test_fi),
		cmocka_unit_test(test_ch_qr),
		cmocka_unit_test(test_no_kid),
		cmocka_unit_test(test_generate),
		cmocka_unit_test(test_scheme_names),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_extract_be),
		cmocka_unit_test(test_extract_qr),
		cmocka_unit_test(test_extract_labelled),
		cmocka_unit_test(test_extract_keeps_invoices),
		cmocka_unit_test(test_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
