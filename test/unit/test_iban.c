/*
 * test_iban.c
 *		Unit tests for IBAN parsing and the registry (core/iban.c)
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

/*
 * The sample IBANs of the SWIFT IBAN Registry (and national examples for
 * countries whose sample changed), in print form. Each was checked by
 * hand and by an independent mod 97 computation.
 */
static const char *const registry_examples[] = {
	"AD12 0001 2030 2003 5910 0100",
	"AE07 0331 2345 6789 0123 456",
	"AL47 2121 1009 0000 0002 3569 8741",
	"AT61 1904 3002 3457 3201",
	"AZ21 NABZ 0000 0000 1370 1000 1944",
	"BA39 1290 0794 0102 8494",
	"BE68 5390 0754 7034",
	"BG80 BNBG 9661 1020 3456 78",
	"BH67 BMAG 0000 1299 1234 56",
	"BR18 0036 0305 0000 1000 9795 493C 1",
	"CH93 0076 2011 6238 5295 7",
	"CY17 0020 0128 0000 0012 0052 7600",
	"CZ65 0800 0000 1920 0014 5399",
	"DE89 3704 0044 0532 0130 00",
	"DK50 0040 0440 1162 43",
	"DO28 BAGR 0000 0001 2124 5361 1324",
	"EE38 2200 2210 2014 5685",
	"ES91 2100 0418 4502 0005 1332",
	"FI21 1234 5600 0007 85",
	"FO62 6460 0001 6316 34",
	"FR14 2004 1010 0505 0001 3M02 606",
	"GB29 NWBK 6016 1331 9268 19",
	"GE29 NB00 0000 0101 9049 17",
	"GI75 NWBK 0000 0000 7099 453",
	"GL89 6471 0001 0002 06",
	"GR16 0110 1250 0000 0001 2300 695",
	"GT82 TRAJ 0102 0000 0012 1002 9690",
	"HR12 1001 0051 8630 0016 0",
	"HU42 1177 3016 1111 1018 0000 0000",
	"IE29 AIBK 9311 5212 3456 78",
	"IL62 0108 0000 0009 9999 999",
	"IS14 0159 2600 7654 5510 7303 39",
	"IT60 X054 2811 1010 0000 0123 456",
	"JO94 CBJO 0010 0000 0000 0131 0003 02",
	"KW81 CBKU 0000 0000 0000 1234 5601 01",
	"KZ86 125K ZT50 0410 0100",
	"LB62 0999 0000 0001 0019 0122 9114",
	"LI21 0881 0000 2324 013A A",
	"LT12 1000 0111 0100 1000",
	"LU28 0019 4006 4475 0000",
	"LV80 BANK 0000 4351 9500 1",
	"MC58 1122 2000 0101 2345 6789 030",
	"MD24 AG00 0225 1000 1310 4168",
	"ME25 5050 0001 2345 6789 51",
	"MK07 2501 2000 0058 984",
	"MR13 0002 0001 0100 0012 3456 753",
	"MT84 MALT 0110 0001 2345 MTLC AST0 01S",
	"MU17 BOMM 0101 1010 3030 0200 000M UR",
	"NL91 ABNA 0417 1643 00",
	"NO93 8601 1117 947",
	"PK36 SCBL 0000 0011 2345 6702",
	"PL61 1090 1014 0000 0712 1981 2874",
	"PS92 PALS 0000 0000 0400 1234 5670 2",
	"PT50 0002 0123 1234 5678 9015 4",
	"QA58 DOHB 0000 1234 5678 90AB CDEF G",
	"RO49 AAAA 1B31 0075 9384 0000",
	"RS35 2600 0560 1001 6113 79",
	"SA03 8000 0000 6080 1016 7519",
	"SE45 5000 0000 0583 9825 7466",
	"SI56 1910 0000 0123 438",
	"SK31 1200 0000 1987 4263 7541",
	"SM86 U032 2509 8000 0000 0270 100",
	"TL38 0080 0123 4567 8910 157",
	"TN59 1000 6035 1835 9847 8831",
	"TR33 0006 1005 1978 6457 8413 26",
	"UA21 3223 1300 0002 6007 2335 6600 1",
	"VG96 VPVG 0000 0123 4567 8901",
	"XK05 1212 0123 4567 8906",
};

#define N_EXAMPLES (sizeof(registry_examples) / sizeof(registry_examples[0]))

static IbanStatus
parse(const char *text, IbanParse *out)
{
	return iban_parse(text, strlen(text), out);
}

/* Copy without spaces */
static void
electronic(const char *text, char *out)
{
	for (; *text; text++)
		if (*text != ' ')
			*out++ = *text;
	*out = '\0';
}

/* Every sample is valid, in print and electronic form and in lower case */
static void
test_registry_examples(void **state)
{
	size_t i;

	(void) state;
	for (i = 0; i < N_EXAMPLES; i++)
	{
		IbanParse p;
		char flat[64];
		char lower[64];
		size_t k;

		electronic(registry_examples[i], flat);
		if (parse(registry_examples[i], &p) != IBAN_OK)
			fail_msg("%s should be valid", registry_examples[i]);
		assert_string_equal(p.iban, flat);
		assert_int_equal(p.len, strlen(flat));
		assert_non_null(p.country);
		assert_memory_equal(p.country->code, flat, 2);
		assert_int_equal(p.country->length, strlen(flat));

		assert_int_equal(parse(flat, &p), IBAN_OK);
		for (k = 0; flat[k]; k++)
			lower[k] =
				(char) ((flat[k] >= 'A' && flat[k] <= 'Z') ? flat[k] + 32
														   : flat[k]);
		lower[k] = '\0';
		assert_int_equal(parse(lower, &p), IBAN_OK);
		assert_string_equal(p.iban, flat);
	}
	/* the samples cover most of the registry */
	assert_true(N_EXAMPLES >= 68);
}

/* Lengths and formats of well-known countries, and the table's order */
static void
test_registry_table(void **state)
{
	static const struct
	{
		const char *code;
		int length;
	} lengths[] = {
		{ "DE", 22 }, { "FR", 27 }, { "GB", 22 }, { "NL", 18 }, { "CH", 21 },
		{ "ES", 24 }, { "IT", 27 }, { "BE", 16 }, { "AT", 20 }, { "PL", 28 },
		{ "NO", 15 }, { "MT", 31 }, { "RU", 33 }, { "LC", 32 }, { "SE", 24 },
	};
	size_t i;
	size_t count = iban_country_count();

	(void) state;
	assert_int_equal(count, 89);
	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++)
	{
		const IbanCountry *c = iban_country_lookup(lengths[i].code, 2);

		assert_non_null(c);
		assert_int_equal(c->length, lengths[i].length);
	}
	assert_string_equal(iban_country_lookup("de", 2)->bban, "8!n10!n");
	assert_null(iban_country_lookup("XX", 2));
	assert_null(iban_country_lookup("US", 2)); /* no IBANs in the US */
	assert_null(iban_country_lookup("D", 1));
	assert_null(iban_country_lookup("DEU", 3));
	assert_null(iban_country_lookup("1E", 2));
	assert_null(iban_country_at(count));

	for (i = 0; i < count; i++)
	{
		const IbanCountry *c = iban_country_at(i);
		const char *f = c->bban;
		unsigned sum = 0;

		/* sorted, unique, length = 4 + the BBAN's parts */
		if (i > 0)
			assert_true(strcmp(iban_country_at(i - 1)->code, c->code) < 0);
		assert_ptr_equal(iban_country_lookup(c->code, 2), c);
		while (*f)
		{
			unsigned n = 0;

			while (*f >= '0' && *f <= '9')
				n = n * 10 + (unsigned) (*f++ - '0');
			assert_int_equal(*f++, '!');
			assert_non_null(strchr("nac", *f++));
			sum += n;
		}
		assert_int_equal(c->length, 4 + sum);
		assert_true(c->length >= 15 && c->length <= IBAN_MAX_LEN);
	}
}

/* Every error kind, with what the parser reports about it */
static void
test_errors(void **state)
{
	IbanParse p;

	(void) state;
	assert_int_equal(parse("", &p), IBAN_EMPTY);
	assert_int_equal(parse("   ", &p), IBAN_EMPTY);

	assert_int_equal(parse("DE89-3704-0044-0532-0130-00", &p),
					 IBAN_BAD_CHARACTER);
	assert_int_equal(p.bad_offset, 4);
	assert_int_equal(p.bad_bytes, 1);
	assert_int_equal(parse("DE89 3704 0044 0532 0130 0\xC3\xA4", &p),
					 IBAN_BAD_CHARACTER);
	assert_int_equal(p.bad_offset, 26);
	assert_int_equal(p.bad_bytes, 2);
	assert_int_equal(parse("DE89\xFF", &p), IBAN_BAD_CHARACTER);
	assert_int_equal(p.bad_bytes, 1);

	assert_int_equal(parse("1234", &p), IBAN_NO_COUNTRY);
	assert_int_equal(parse("D", &p), IBAN_NO_COUNTRY);
	assert_int_equal(parse("XX89 3704 0044 0532 0130 00", &p),
					 IBAN_UNKNOWN_COUNTRY);
	assert_null(p.country);
	assert_int_equal(parse("QQ93 1234 5678", &p), IBAN_UNKNOWN_COUNTRY);

	/* wrong lengths: one short, one long, far too long */
	assert_int_equal(parse("DE89 3704 0044 0532 0130 0", &p), IBAN_BAD_LENGTH);
	assert_string_equal(p.country->code, "DE");
	assert_int_equal(p.len, 21);
	assert_int_equal(parse("AT93 1904 3002 3457 3201 99", &p),
					 IBAN_BAD_LENGTH);
	assert_int_equal(parse("BE36 5390 0754 7034 1234", &p), IBAN_BAD_LENGTH);
	assert_int_equal(
		parse("DE89 3704 0044 0532 0130 0000 0000 0000 0000 0000 0000", &p),
		IBAN_BAD_LENGTH);
	assert_int_equal(p.len, 44);
	assert_int_equal(strlen(p.iban), IBAN_MAX_LEN);

	/* check digits that are not digits */
	assert_int_equal(parse("DEX9 3704 0044 0532 0130 00", &p),
					 IBAN_BAD_CHECK_DIGITS);

	/* letters where the registry has digits, and the other way round */
	assert_int_equal(parse("NL56 3003 0A17 1643 00", &p), IBAN_BAD_FORMAT);
	assert_int_equal(p.bad_index, 4);
	assert_int_equal(p.bad_expected, 'a');
	assert_int_equal(parse("BG93 BNBG 9661 1A20 3456 78", &p),
					 IBAN_BAD_FORMAT);
	assert_int_equal(p.bad_index, 13);
	assert_int_equal(p.bad_expected, 'n');
	assert_int_equal(parse("GI22 NW3K 0000 0000 7099 453", &p),
					 IBAN_BAD_FORMAT);
	assert_int_equal(p.bad_index, 6);

	/* broken checksums (mangled samples) */
	assert_int_equal(parse("DE88 3704 0044 0532 0130 00", &p),
					 IBAN_BAD_CHECK_DIGITS);
	assert_int_equal(parse("AT61 1804 3002 3457 3201", &p),
					 IBAN_BAD_CHECK_DIGITS);
	assert_int_equal(parse("BE68 5309 0754 7034", &p), IBAN_BAD_CHECK_DIGITS);
	assert_int_equal(parse("DK50 0040 0440 1163 42", &p),
					 IBAN_BAD_CHECK_DIGITS);
	assert_int_equal(parse("CZ65 0800 0000 1290 0014 5399", &p),
					 IBAN_BAD_CHECK_DIGITS);
}

/*
 * Check digits "00", "01" and "99" are never issued (98 minus a remainder
 * gives 2..98), even where the remainder test would pass them: an IBAN
 * whose remainder with "00" is 0 also passes with "97", and one that
 * passes with "02" also passes with "99".
 */
static void
test_reserved_check_digits(void **state)
{
	char iban[] = "DE00370400440532013000";
	char with[] = "DE00370400440532013000";
	int d;
	int found01 = 0;
	int found99 = 0;
	unsigned long n;
	IbanParse p;

	(void) state;
	/* search account numbers whose check digits are 98 or 02 */
	for (n = 0; n < 20000 && (!found01 || !found99); n++)
	{
		snprintf(iban + 4, sizeof(iban) - 4, "37040044%010lu", n);
		for (d = 2; d <= 98; d++)
		{
			iban[2] = (char) ('0' + d / 10);
			iban[3] = (char) ('0' + d % 10);
			if (iban_checksum_ok(iban, 22))
				break;
		}
		assert_true(d <= 98);
		assert_int_equal(parse(iban, &p), IBAN_OK);
		memcpy(with, iban, sizeof(with));
		if (d == 98)
		{
			/* remainder 0: "01" also passes the remainder test */
			with[2] = '0', with[3] = '1';
			assert_true(iban_checksum_ok(with, 22));
			assert_int_equal(parse(with, &p), IBAN_BAD_CHECK_DIGITS);
			found01 = 1;
		}
		if (d == 2)
		{
			with[2] = '9', with[3] = '9';
			assert_true(iban_checksum_ok(with, 22));
			assert_int_equal(parse(with, &p), IBAN_BAD_CHECK_DIGITS);
			found99 = 1;
		}
	}
	assert_true(found01 && found99);
	/* "00" never passes: it would need a remainder of 1 before the digits */
	assert_int_equal(parse("DE00 3704 0044 0532 0130 00", &p),
					 IBAN_BAD_CHECK_DIGITS);
}

/*
 * Every change of one digit into another, and every swap of two adjacent
 * different digits of the BBAN, is caught: mod 97 detects both.
 */
static void
test_errors_detected(void **state)
{
	size_t i;
	size_t detected = 0;

	(void) state;
	for (i = 0; i < N_EXAMPLES; i++)
	{
		char flat[64];
		size_t len;
		size_t k;
		IbanParse p;

		electronic(registry_examples[i], flat);
		len = strlen(flat);
		for (k = 2; k < len; k++)
		{
			char orig = flat[k];
			char alt;

			if (orig < '0' || orig > '9')
				continue;
			for (alt = '0'; alt <= '9'; alt++)
			{
				if (alt == orig)
					continue;
				flat[k] = alt;
				if (parse(flat, &p) == IBAN_OK)
					fail_msg("%s passes", flat);
				detected++;
			}
			flat[k] = orig;
			if (k >= 4 && k + 1 < len && flat[k + 1] >= '0' &&
				flat[k + 1] <= '9' && flat[k] != flat[k + 1])
			{
				flat[k] = flat[k + 1];
				flat[k + 1] = orig;
				if (parse(flat, &p) == IBAN_OK)
					fail_msg("%s passes", flat);
				flat[k + 1] = flat[k];
				flat[k] = orig;
				detected++;
			}
		}
		assert_int_equal(parse(flat, &p), IBAN_OK);
	}
	assert_true(detected > 10000);
}

/* Print forms, Unicode spaces and full-width characters */
static void
test_forms(void **state)
{
	IbanParse p;

	(void) state;
	assert_int_equal(parse("  DE89370400440532013000  ", &p), IBAN_OK);
	assert_int_equal(parse("DE89\t3704\n0044 0532 0130 00", &p), IBAN_OK);
	assert_int_equal(parse("DE 89 37040044 0532013000", &p), IBAN_OK);
	/* no-break space and ideographic space */
	assert_int_equal(parse("DE89\xC2\xA0"
						   "3704\xE3\x80\x80"
						   "0044 0532 0130 00",
						   &p),
					 IBAN_OK);
	/* full-width: ＤＥ８９... */
	assert_int_equal(parse("\xEF\xBC\xA4\xEF\xBC\xA5\xEF\xBC\x98\xEF\xBC\x99"
						   " 3704 0044 0532 0130 00",
						   &p),
					 IBAN_OK);
	assert_string_equal(p.iban, "DE89370400440532013000");
}

/* The remainder arithmetic itself */
static void
test_mod97(void **state)
{
	(void) state;
	assert_int_equal(iban_mod97("97", 2), 0);
	assert_int_equal(iban_mod97("98", 2), 1);
	assert_int_equal(iban_mod97("A", 1), 10);
	assert_int_equal(iban_mod97("Z", 1), 35);
	assert_int_equal(iban_mod97("z", 1), 35);
	/* 3704 0044 0532 0130 00 1314 89 mod 97 = 1 */
	assert_int_equal(iban_mod97("370400440532013000131489", 24), 1);
	assert_true(iban_checksum_ok("DE89370400440532013000", 22));
	assert_false(iban_checksum_ok("DE89", 4));
	assert_false(iban_checksum_ok("DE8-370400440532013000", 22));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_examples),
		cmocka_unit_test(test_registry_table),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_reserved_check_digits),
		cmocka_unit_test(test_errors_detected),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_mod97),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
