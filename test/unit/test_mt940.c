/*
 * test_mt940.c
 *		Unit tests for the MT940 reader (core/mt940.c) and the field :86:
 *		reader (core/mt940_field86.c): each feature, and each error with
 *		the line it names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/mt940.h"
#include "core/mt940_field86.h"

#define MAX_ENTRIES 16

/* A statement and its entries, read from a C string */
typedef struct Read
{
	Mt940Statement st;
	Mt940Entry entries[MAX_ENTRIES];
	int entry_count;
} Read;

/* Read every statement of text into out[]; returns the final status */
static Mt940Status
read_text(const char *text, Read *out, int max, int *count, Mt940Error *err)
{
	Mt940Reader reader;
	Mt940Statement st;
	Mt940Status status;

	*count = 0;
	mt940_reader_init(&reader, text, strlen(text));
	while ((status = mt940_next_statement(&reader, &st, err)) == MT940_OK)
	{
		Read *r;

		if (*count >= max)
			fail_msg("more than %d statements", max);
		r = &out[(*count)++];
		r->st = st;
		r->entry_count = 0;
		while ((status = mt940_next_entry(&r->st, &r->entries[r->entry_count],
										  err)) == MT940_OK)
		{
			r->entry_count++;
			assert_true(r->entry_count < MAX_ENTRIES);
		}
		assert_int_equal(status, MT940_END);
		assert_int_equal(r->entry_count, r->st.entry_count);
	}
	return status;
}

/* Read text that must hold exactly n statements */
static void
read_ok(const char *text, Read *out, int n)
{
	Mt940Error err;
	int count;
	Mt940Status status = read_text(text, out, n, &count, &err);

	if (status != MT940_END)
		fail_msg("status %d (%s) at line %d, field :%s:", status,
				 mt940_status_text(status), err.line, err.tag);
	assert_int_equal(count, n);
}

/* Read text that must fail with status at line, in field tag ("" if none) */
static void
read_fails(const char *text, Mt940Status expected, int line, const char *tag)
{
	Read out[4];
	Mt940Error err;
	int count;
	Mt940Status status = read_text(text, out, 4, &count, &err);

	if (status != expected)
		fail_msg("expected status %d, got %d (%s) at line %d", expected,
				 status, mt940_status_text(status), err.line);
	assert_int_equal(err.status, expected);
	assert_int_equal(err.line, line);
	assert_string_equal(err.tag, tag);
}

static void
assert_text(Mt940Text t, const char *expected)
{
	char buf[512];

	if (expected == NULL)
	{
		if (t.len != 0)
			fail_msg("expected nothing, got \"%.*s\"", (int) t.len, t.ptr);
		return;
	}
	assert_true(t.len < sizeof(buf));
	memcpy(buf, t.ptr, t.len);
	buf[t.len] = '\0';
	assert_string_equal(buf, expected);
}

static void
assert_date(Mt940Date d, int year, int month, int day)
{
	assert_int_equal(d.year, year);
	assert_int_equal(d.month, month);
	assert_int_equal(d.day, day);
}

#define STATEMENT_HEAD \
	":20:STMT-1\n:25:DE89370400440532013000\n:28C:00012/001\n"

/* A plain statement: the header fields, two entries, the balances */
static void
test_statement_fields(void **state)
{
	Read r[1];

	(void) state;
	read_ok(":20:STMT-1\n"
			":21:RELATED\n"
			":25:DE89370400440532013000\n"
			":28C:00012/001\n"
			":60F:C260301EUR1000,00\n"
			":61:2603020302C250,50NTRFREF-1//BANK-1\n"
			":86:Payment one\n"
			":61:2603020302D0,50NCHGNONREF\n"
			":62F:C260302EUR1250,00\n"
			":64:C260302EUR1249,00\n"
			":65:C260303EUR1249,00\n"
			":65:C260304EUR1249,00\n"
			":86:Information for the owner\n"
			"-\n",
			r, 1);
	assert_int_equal(r[0].st.line, 1);
	assert_text(r[0].st.reference, "STMT-1");
	assert_text(r[0].st.related, "RELATED");
	assert_text(r[0].st.account, "DE89370400440532013000");
	assert_text(r[0].st.number, "00012");
	assert_text(r[0].st.sequence, "001");
	assert_text(r[0].st.statement_number_field, "00012/001");
	assert_true(r[0].st.opening.present);
	assert_int_equal(r[0].st.opening.kind, 'F');
	assert_date(r[0].st.opening.date, 2026, 3, 1);
	assert_int_equal(r[0].st.opening.units, 100000);
	assert_int_equal(r[0].st.opening.line, 5);
	assert_int_equal(r[0].st.closing.units, 125000);
	assert_int_equal(r[0].st.closing_available.units, 124900);
	assert_date(r[0].st.forward_available.date, 2026, 3, 3);
	assert_text(r[0].st.information, "Information for the owner");
	assert_int_equal(r[0].st.minor_units, 2);
	assert_int_equal(r[0].st.entry_count, 2);
	assert_true(mt940_statement_balanced(&r[0].st));

	assert_int_equal(r[0].entries[0].number, 1);
	assert_int_equal(r[0].entries[0].line, 6);
	assert_int_equal(r[0].entries[0].units, 25050);
	assert_int_equal(r[0].entries[0].mark, 'C');
	assert_text(r[0].entries[0].customer_reference, "REF-1");
	assert_text(r[0].entries[0].bank_reference, "BANK-1");
	assert_text(r[0].entries[0].information, "Payment one");
	assert_int_equal(r[0].entries[0].information_line, 7);
	assert_int_equal(r[0].entries[1].number, 2);
	assert_int_equal(r[0].entries[1].mark, 'D');
	assert_int_equal(r[0].entries[1].units, 50);
	assert_text(r[0].entries[1].customer_reference, NULL);
	assert_text(r[0].entries[1].information, NULL);
}

/* Every subfield of :61: */
static void
test_entry_subfields(void **state)
{
	Read r[1];
	Mt940Entry *e;

	(void) state;
	read_ok(STATEMENT_HEAD ":60F:C260301EUR1000,00\n"
						   ":61:2603020303CR1,NTRFNONREF//B1\n"
						   ":61:260302RC2,5N123CUST REF 16 CHR\n"
						   ":61:260302RDR3,00S103MYREF//BANKREF\n"
						   "/OCMT/EUR3,00/\n"
						   ":61:260302D0,NMSC\n"
						   ":62F:C260302EUR1001,50\n",
			r, 1);
	e = r[0].entries;
	assert_date(e[0].value_date, 2026, 3, 2);
	assert_date(e[0].entry_date, 2026, 3, 3);
	assert_int_equal(e[0].mark, 'C');
	assert_false(e[0].reversal);
	assert_int_equal(e[0].funds_code, 'R');
	assert_int_equal(e[0].units, 100);
	assert_string_equal(e[0].transaction_type, "NTRF");
	assert_text(e[0].customer_reference, NULL);
	assert_text(e[0].bank_reference, "B1");
	assert_text(e[0].field61, "2603020303CR1,NTRFNONREF//B1");

	/* RC reverses a credit: a debit */
	assert_int_equal(e[1].entry_date.year, 0);
	assert_int_equal(e[1].mark, 'D');
	assert_true(e[1].reversal);
	assert_int_equal(e[1].funds_code, 0);
	assert_int_equal(e[1].units, 250);
	assert_string_equal(e[1].transaction_type, "N123");
	assert_text(e[1].customer_reference, "CUST REF 16 CHR");
	assert_text(e[1].bank_reference, NULL);

	/* RD reverses a debit: a credit; funds code and supplementary details */
	assert_int_equal(e[2].mark, 'C');
	assert_true(e[2].reversal);
	assert_int_equal(e[2].funds_code, 'R');
	assert_string_equal(e[2].transaction_type, "S103");
	assert_text(e[2].customer_reference, "MYREF");
	assert_text(e[2].bank_reference, "BANKREF");
	assert_text(e[2].supplementary, "/OCMT/EUR3,00/");

	assert_int_equal(e[3].units, 0);
	/* 1000.00 + 1.00 - 2.50 + 3.00 - 0.00 */
	assert_true(mt940_statement_balanced(&r[0].st));
}

/* The entry date's year is the one nearest the value date */
static void
test_entry_date_rollover(void **state)
{
	Read r[1];
	Mt940Entry *e;

	(void) state;
	read_ok(STATEMENT_HEAD ":60F:C251231EUR0,00\n"
						   ":61:2512310102C1,00NTRF\n"
						   ":61:2601021231C1,00NTRF\n"
						   ":61:2402290229C1,00NTRF\n"
						   ":61:2503010228C1,00NTRF\n"
						   ":61:990615C1,00NTRF\n"
						   ":62F:C260102EUR5,00\n",
			r, 1);
	e = r[0].entries;
	assert_date(e[0].value_date, 2025, 12, 31);
	assert_date(e[0].entry_date, 2026, 1, 2);
	assert_date(e[1].value_date, 2026, 1, 2);
	assert_date(e[1].entry_date, 2025, 12, 31);
	assert_date(e[2].entry_date, 2024, 2, 29);
	assert_date(e[3].entry_date, 2025, 2, 28);
	/* YY of 80 and above is 19YY */
	assert_date(e[4].value_date, 1999, 6, 15);
}

/* The SWIFT envelope: blocks 1 to 5, nested braces, two messages */
static void
test_envelope(void **state)
{
	Read r[2];

	(void) state;
	read_ok("{1:F01ACMEDEFFAXXX0000000000}{2:O9400630260305ABNANL2AXXXX"
			"00000000002603050630N}{3:{108:MT940 1}{119:STP}}{4:\r\n"
			":20:MSG-1\r\n"
			":25:NL91ABNA0417164300\r\n"
			":28C:64/1\r\n"
			":60F:C260304EUR10,00\r\n"
			":61:260305C5,00NTRFNONREF\r\n"
			":62M:C260305EUR15,00\r\n"
			"-}{5:{CHK:1A2B3C4D5E6F}}\r\n"
			"{1:F01ACMEDEFFAXXX0000000000}{4::20:MSG-2\r\n"
			":25:NL91ABNA0417164300\r\n"
			":28C:64/2\r\n"
			":60M:C260305EUR15,00\r\n"
			":62F:C260305EUR15,00\r\n"
			"-}",
			r, 2);
	assert_text(r[0].st.reference, "MSG-1");
	assert_int_equal(r[0].st.line, 2);
	assert_int_equal(r[0].st.closing.kind, 'M');
	assert_int_equal(r[0].entries[0].line, 6);
	/* ":20:" right after "{4:" on the same line */
	assert_text(r[1].st.reference, "MSG-2");
	assert_int_equal(r[1].st.line, 9);
	assert_int_equal(r[1].st.opening.kind, 'M');
	assert_int_equal(r[1].st.entry_count, 0);
	assert_text(r[1].st.sequence, "2");
}

/* Line ends CR LF, LF or CR; a byte order mark; DOS end-of-file marks */
static void
test_line_ends(void **state)
{
	Read r[1];

	(void) state;
	read_ok("\xEF\xBB\xBF:20:A\r:25:B\r\n:60F:C260101EUR1,00\n"
			":61:260101C1,00NTRF\r:86:line one\r\nline two\r"
			"line three\n:62F:C260101EUR2,00\r\n\x1A\x1A",
			r, 1);
	assert_int_equal(r[0].entries[0].line, 4);
	assert_int_equal(r[0].entries[0].information_line, 5);
	assert_text(r[0].entries[0].information,
				"line one\r\nline two\rline three");
}

/* A field goes on over continuation lines; blank lines are skipped */
static void
test_continuation_lines(void **state)
{
	Read r[1];

	(void) state;
	read_ok(":20:A\n\n:25:B\n:60F:C260101EUR1,00\n"
			":61:260101C1,00NTRF\n"
			":86:first\n"
			"  second\n"
			"\n"
			"-third, not the end of the message\n"
			"\n"
			":62F:C260101EUR2,00\n",
			r, 1);
	assert_text(r[0].entries[0].information,
				"first\n  second\n\n-third, not the end of the message");
	assert_int_equal(r[0].st.closing.line, 11);
}

/* Several statements: after "-", or a new :20: after a closing balance */
static void
test_several_statements(void **state)
{
	Read r[3];

	(void) state;
	read_ok(":20:A\n:25:X\n:60F:C260101EUR1,00\n:62F:C260101EUR1,00\n-\n"
			":20:B\n:25:X\n:60F:C260102EUR1,00\n:62F:C260102EUR1,00\n"
			":20:C\n:25:X\n:60F:D260103EUR1,00\n:61:260103C2,00NTRF\n"
			":62F:C260103EUR1,00\n",
			r, 3);
	assert_text(r[0].st.reference, "A");
	assert_text(r[1].st.reference, "B");
	assert_int_equal(r[1].st.line, 6);
	assert_text(r[2].st.reference, "C");
	assert_int_equal(r[2].st.line, 10);
	/* a debit balance is negative */
	assert_int_equal(r[2].st.opening.units, -100);
	assert_true(mt940_statement_balanced(&r[2].st));
}

/* Tags ar2c does not read are skipped, even between :61: and its :86: */
static void
test_unknown_tags(void **state)
{
	Read r[1];

	(void) state;
	read_ok(":20:A\n:13D:2603051200+0100\n:25:B\n:34F:EURD0,\n"
			":60F:C260101EUR1,00\n:61:260101C1,00NTRF\n:NS:22xyz\n"
			":86:its info\n:90C:1EUR1,00\n:62F:C260101EUR2,00\n",
			r, 1);
	assert_text(r[0].entries[0].information, "its info");
}

/* A balance that does not add up still reads; the caller checks it */
static void
test_unbalanced(void **state)
{
	Read r[1];

	(void) state;
	read_ok(":20:A\n:25:B\n:60F:C260101EUR1,00\n:61:260101C1,00NTRF\n"
			":62F:C260101EUR2,01\n",
			r, 1);
	assert_false(mt940_statement_balanced(&r[0].st));
	assert_true(r[0].st.entries_sum == 100);
}

/* Amounts: a decimal comma, the currency's decimals, at most 15 chars */
static void
test_amounts(void **state)
{
	int64_t u = -1;

	(void) state;
	assert_int_equal(mt940_parse_amount("1234,56", 7, 2, &u), MT940_OK);
	assert_int_equal(u, 123456);
	assert_int_equal(mt940_parse_amount("0,", 2, 2, &u), MT940_OK);
	assert_int_equal(u, 0);
	assert_int_equal(mt940_parse_amount("1,5", 3, 2, &u), MT940_OK);
	assert_int_equal(u, 150);
	assert_int_equal(mt940_parse_amount("1,500", 5, 2, &u), MT940_OK);
	assert_int_equal(u, 150);
	assert_int_equal(mt940_parse_amount("100,", 4, 0, &u), MT940_OK);
	assert_int_equal(u, 100);
	assert_int_equal(mt940_parse_amount("1,234", 5, 3, &u), MT940_OK);
	assert_int_equal(u, 1234);
	assert_int_equal(mt940_parse_amount("99999999999999,", 15, 4, &u),
					 MT940_OK);
	assert_int_equal(u, 999999999999990000LL);
	assert_int_equal(mt940_parse_amount("1,501", 5, 2, &u),
					 MT940_TOO_MANY_DECIMALS);
	assert_int_equal(mt940_parse_amount("1,5", 3, 0, &u),
					 MT940_TOO_MANY_DECIMALS);
	assert_int_equal(mt940_parse_amount("1234", 4, 2, &u), MT940_BAD_AMOUNT);
	assert_int_equal(mt940_parse_amount(",50", 3, 2, &u), MT940_BAD_AMOUNT);
	assert_int_equal(mt940_parse_amount("1,2,3", 5, 2, &u), MT940_BAD_AMOUNT);
	assert_int_equal(mt940_parse_amount("1.50", 4, 2, &u), MT940_BAD_AMOUNT);
	assert_int_equal(mt940_parse_amount("", 0, 2, &u), MT940_BAD_AMOUNT);
	assert_int_equal(mt940_parse_amount("123456789012345,", 16, 2, &u),
					 MT940_BAD_AMOUNT);
	/* ISO 20022 amounts: a point, which may be left out */
	assert_int_equal(mt940_parse_decimal("1234.5", 6, '.', false, 19, 2, &u),
					 MT940_OK);
	assert_int_equal(u, 123450);
	assert_int_equal(mt940_parse_decimal("12", 2, '.', false, 19, 2, &u),
					 MT940_OK);
	assert_int_equal(u, 1200);
	assert_int_equal(
		mt940_parse_decimal("92233720368547758.07", 20, '.', false, 20, 2, &u),
		MT940_OK);
	assert_int_equal(u, INT64_MAX);
	assert_int_equal(
		mt940_parse_decimal("92233720368547758.08", 20, '.', false, 20, 2, &u),
		MT940_AMOUNT_TOO_LARGE);
	assert_int_equal(mt940_parse_decimal("-1.00", 5, '.', false, 19, 2, &u),
					 MT940_BAD_AMOUNT);
}

/* Charges as /CHGS/ writes them: a currency and an amount */
static void
test_currency_amounts(void **state)
{
	ar2c_currency cur = 0;
	int64_t u = 0;

	(void) state;
	assert_int_equal(mt940_parse_currency_amount("EUR2,50", 7, &cur, &u),
					 MT940_OK);
	assert_int_equal(cur, currency_pack("EUR", 3));
	assert_int_equal(u, 250);
	assert_int_equal(mt940_parse_currency_amount(" JPY 300,", 9, &cur, &u),
					 MT940_OK);
	assert_int_equal(u, 300);
	assert_int_equal(mt940_parse_currency_amount("EUX2,50", 7, &cur, &u),
					 MT940_BAD_CURRENCY);
	assert_int_equal(mt940_parse_currency_amount("XAU2,50", 7, &cur, &u),
					 MT940_BAD_CURRENCY);
	assert_int_equal(mt940_parse_currency_amount("eur2,50", 7, &cur, &u),
					 MT940_BAD_CURRENCY);
	assert_int_equal(mt940_parse_currency_amount("EUR", 3, &cur, &u),
					 MT940_BAD_CURRENCY);
	assert_int_equal(mt940_parse_currency_amount("EUR2.50", 7, &cur, &u),
					 MT940_BAD_AMOUNT);
}

/* Input that is not MT940 at all, or breaks its layout */
static void
test_layout_errors(void **state)
{
	(void) state;
	read_fails("", MT940_EMPTY, 1, "");
	read_fails("\r\n  \r\n", MT940_EMPTY, 1, "");
	read_fails("{1:F01ACME}{2:O940}", MT940_EMPTY, 1, "");
	read_fails(":20:A\n:25:B\n\x02\n", MT940_BAD_CHARACTER, 3, "");
	/* SOH and ETX end a message (framing); here too early */
	read_fails(":20:A\n:25:B\n\x01\n", MT940_MESSAGE_ENDED, 3, "62F");
	read_fails(":20:A\n:86:te\x1Bxt\n", MT940_BAD_CHARACTER, 2, "");
	read_fails("{1:F01ACME}\n{!:abc}", MT940_BAD_ENVELOPE, 2, "");
	read_fails("{12345:abc}", MT940_BAD_ENVELOPE, 1, "");
	read_fails("Statement of account\n:20:A\n", MT940_NOT_A_FIELD, 1, "");
	read_fails(":20:A\n:25:B\n:6:C\n", MT940_BAD_TAG, 3, "");
	read_fails(":20:A\n:25:B\n:60f:C\n", MT940_BAD_TAG, 3, "");
	/* the envelope, a block or the statement ends too early */
	read_fails("{1:F01ACME}{4:\n:20:A\n:25:B\n:60F:C260101EUR1,00\n"
			   ":62F:C260101EUR1,00\n",
			   MT940_TRUNCATED, 5, "");
	read_fails("{1:F01ACME}{2:O940\n\n", MT940_TRUNCATED, 1, "");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,00\n:61:260101C1,00NTRF\n"
			   ":86:cut here",
			   MT940_TRUNCATED, 5, "62F");
}

/* A NUL byte is a control character like any other */
static void
test_nul_byte(void **state)
{
	static const char text[] = ":20:A\n:25:B\n:60F:C2601\0001EUR1,00\n";
	Mt940Reader reader;
	Mt940Statement st;
	Mt940Error err;

	(void) state;
	mt940_reader_init(&reader, text, sizeof(text) - 1);
	assert_int_equal(mt940_next_statement(&reader, &st, &err),
					 MT940_BAD_CHARACTER);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.text.len, 1);
	assert_int_equal(err.text.ptr[0], '\0');
}

/* Fields missing, out of order or twice */
static void
test_order_errors(void **state)
{
	(void) state;
	read_fails(":25:B\n:20:A\n", MT940_MISPLACED_FIELD, 1, "25");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,00\n-\n", MT940_MESSAGE_ENDED,
			   4, "62F");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,00\n:20:B\n",
			   MT940_MISSING_FIELD, 4, "62F");
	read_fails(":20:A\n:60F:C260101EUR1,00\n", MT940_MISSING_FIELD, 2, "25");
	read_fails(":20:A\n:25:B\n:61:260101C1,00NTRF\n", MT940_MISSING_FIELD, 3,
			   "60F");
	read_fails(":20:A\n:25:B\n:62F:C260101EUR1,00\n", MT940_MISSING_FIELD, 3,
			   "60F");
	read_fails(":20:A\n:25:B\n:25:C\n", MT940_MISPLACED_FIELD, 3, "25");
	read_fails(":20:A\n:25:B\n:28C:1\n:28C:2\n", MT940_MISPLACED_FIELD, 4,
			   "28C");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,00\n:21:R\n",
			   MT940_MISPLACED_FIELD, 4, "21");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,00\n:60M:C260101EUR1,00\n",
			   MT940_MISPLACED_FIELD, 4, "60M");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,00\n:62F:C260101EUR1,00\n"
			   ":61:260101C1,00NTRF\n",
			   MT940_MISPLACED_FIELD, 5, "61");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,00\n:62F:C260101EUR1,00\n"
			   ":62F:C260101EUR1,00\n",
			   MT940_MISPLACED_FIELD, 5, "62F");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,00\n:64:C260101EUR1,00\n",
			   MT940_MISPLACED_FIELD, 4, "64");
	read_fails(":20:\n", MT940_EMPTY_FIELD, 1, "20");
	read_fails(":20:A\n:25:  \n", MT940_EMPTY_FIELD, 2, "25");
}

/* Bad contents of a field, with its line */
static void
test_content_errors(void **state)
{
	(void) state;
	read_fails(":20:A\n:25:B\n:28C:12A/1\n", MT940_BAD_STATEMENT_NUMBER, 3,
			   "28C");
	read_fails(":20:A\n:25:B\n:28C:1/\n", MT940_BAD_STATEMENT_NUMBER, 3,
			   "28C");
	read_fails(":20:A\n:25:B\n:60F:X260101EUR1,00\n", MT940_BAD_MARK, 3,
			   "60F");
	read_fails(":20:A\n:25:B\n:60F:C261301EUR1,00\n", MT940_BAD_DATE, 3,
			   "60F");
	read_fails(":20:A\n:25:B\n:60F:C250229EUR1,00\n", MT940_IMPOSSIBLE_DATE, 3,
			   "60F");
	read_fails(":20:A\n:25:B\n:60F:C260101EUX1,00\n", MT940_BAD_CURRENCY, 3,
			   "60F");
	read_fails(":20:A\n:25:B\n:60F:C260101XAU1,00\n", MT940_BAD_CURRENCY, 3,
			   "60F");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1.00\n", MT940_BAD_AMOUNT, 3,
			   "60F");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,001\n", MT940_TOO_MANY_DECIMALS,
			   3, "60F");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,00\n:62F:C260101USD1,00\n",
			   MT940_CURRENCY_MISMATCH, 4, "62F");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1,00\n:62F:C260101EUR1,00\n"
			   ":65:C260102GBP1,00\n",
			   MT940_CURRENCY_MISMATCH, 5, "65");
	read_fails(STATEMENT_HEAD ":60F:C260101EUR1,00\n:61:260132C1,00NTRF\n",
			   MT940_BAD_DATE, 5, "61");
	read_fails(STATEMENT_HEAD ":60F:C260101EUR1,00\n:61:2601011341C1,00NTRF\n",
			   MT940_BAD_ENTRY_DATE, 5, "61");
	read_fails(STATEMENT_HEAD ":60F:C260101EUR1,00\n"
							  ":61:260101C1,00NTRF\n:61:260101X1,00NTRF\n",
			   MT940_BAD_MARK, 6, "61");
	read_fails(STATEMENT_HEAD ":60F:C260101EUR1,00\n:61:260101CNTRF\n",
			   MT940_BAD_AMOUNT, 5, "61");
	read_fails(STATEMENT_HEAD ":60F:C260101EUR1,00\n:61:260101C1,234NTRF\n",
			   MT940_TOO_MANY_DECIMALS, 5, "61");
	read_fails(STATEMENT_HEAD ":60F:C260101EUR1,00\n:61:260101C1,00XTRF\n",
			   MT940_BAD_TRANSACTION_TYPE, 5, "61");
	read_fails(STATEMENT_HEAD ":60F:C260101EUR1,00\n:61:260101C1,00NT\n",
			   MT940_BAD_TRANSACTION_TYPE, 5, "61");
}

/* A statement around a :61: line, for the loose forms banks write */
#define ONE_ENTRY(line61) \
	STATEMENT_HEAD ":60F:C260101EUR1,00\n:61:" line61 "\n:62F:C260101EUR2,00\n"

/* Lines banks write before :20:, and SOH/ETX framing a message */
static void
test_bank_headers(void **state)
{
	Read r[2];

	(void) state;
	read_ok(":940:\n" ONE_ENTRY("260101C1,00NTRF"), r, 1);
	read_ok("ABNANL2A\n940\nABNANL2A\n" ONE_ENTRY(
				"260101C1,00NTRF") "-\n"
								   "ABNANL2A\n940\nABNANL2A\n" ONE_ENTRY(
									   "260101C1,00NTRF") "-\n",
			r, 2);
	read_ok(
		"0000 01INGBNL2AXXXX00001\n0000 01INGBNL2AXXXX00001\n940 00\n" ONE_ENTRY(
			"260101C1,00NTRF"),
		r, 1);
	read_ok("\x01{1:F01X}{4:\n" ONE_ENTRY(
				"260101C1,00NTRF") "-}\x03\x01"
								   "{1:F01X}{4:\n" ONE_ENTRY(
									   "260101C1,00NTRF") "-}\x03\n",
			r, 2);
	read_ok("\x01" ONE_ENTRY("260101C1,00NTRF") "\x03\x01" ONE_ENTRY(
				"260101C1,00NTRF") "\x03",
			r, 2);
	/* text that is no header line, other control characters */
	read_fails("Kontoauszug 02.03.2026\n" ONE_ENTRY("260101C1,00NTRF"),
			   MT940_NOT_A_FIELD, 1, "");
	read_fails("ABNANL2A\n:940:x\n" ONE_ENTRY("260101C1,00NTRF"),
			   MT940_BAD_TAG, 2, "");
	read_fails("\x02" ONE_ENTRY("260101C1,00NTRF"), MT940_BAD_CHARACTER, 1,
			   "");
}

/* :61: as banks write it beyond N/F/S + 3; :28C: and amounts too */
static void
test_loose_entries(void **state)
{
	Read r[1];

	(void) state;
	read_ok(ONE_ENTRY("260101    C1,00NTRFNONREF"), r, 1);
	assert_int_equal(r[0].entries[0].entry_date.year, 0);
	assert_int_equal(r[0].entries[0].mark, 'C');
	read_ok(ONE_ENTRY("2601010101C1,00S   NONREF"), r, 1);
	assert_string_equal(r[0].entries[0].transaction_type, "S");
	assert_text(r[0].entries[0].customer_reference, NULL);
	read_ok(ONE_ENTRY("260101C1,00NIT 2026-77//B77"), r, 1);
	assert_string_equal(r[0].entries[0].transaction_type, "NIT");
	assert_text(r[0].entries[0].customer_reference, "2026-77");
	assert_text(r[0].entries[0].bank_reference, "B77");
	read_ok(ONE_ENTRY("260101C1,00"), r, 1);
	assert_string_equal(r[0].entries[0].transaction_type, "");
	assert_text(r[0].entries[0].customer_reference, NULL);
	read_ok(
		":20:A\n:25:B\n:28C:/1\n:60F:C260101EUR1,00\n:62F:C260101EUR1,00\n", r,
		1);
	assert_text(r[0].st.number, NULL);
	assert_text(r[0].st.sequence, "1");
	read_ok(":20:A\n:25:B\n:28C:202603030000017/1\n:60F:C260101EUR1,00\n"
			":62F:C260101EUR1,00\n",
			r, 1);
	assert_text(r[0].st.number, "202603030000017");
	read_ok(":20:A\n:25:B\n:60F:C260101EUR000000000012500,00\n"
			":62F:C260101EUR00000000000000000012500,00\n",
			r, 1);
	assert_int_equal(r[0].st.opening.units, 1250000);
	assert_int_equal(r[0].st.closing.units, 1250000);

	read_fails(ONE_ENTRY("260101   C1,00NTRF"), MT940_BAD_ENTRY_DATE, 5, "61");
	read_fails(ONE_ENTRY("26010101X1C1,00NTRF"), MT940_BAD_ENTRY_DATE, 5,
			   "61");
	read_fails(ONE_ENTRY("260230C1,00NTRF"), MT940_IMPOSSIBLE_DATE, 5, "61");
	read_fails(ONE_ENTRY("2601010230C1,00NTRF"), MT940_IMPOSSIBLE_DATE, 5,
			   "61");
	read_fails(ONE_ENTRY("260101C1,00S  X"), MT940_BAD_TRANSACTION_TYPE, 5,
			   "61");
	read_fails(ONE_ENTRY("260101C1,00NAC"), MT940_BAD_TRANSACTION_TYPE, 5,
			   "61");
	read_fails(":20:A\n:25:B\n:28C:/\n", MT940_BAD_STATEMENT_NUMBER, 3, "28C");
	read_fails(":20:A\n:25:B\n:28C:1234567890123456789012345678901234567/1\n",
			   MT940_BAD_STATEMENT_NUMBER, 3, "28C");
	read_fails(":20:A\n:25:B\n:60F:C260101EUR1234567890123456,00\n",
			   MT940_BAD_AMOUNT, 3, "60F");
}

/* :86: lines starting with ":12:" are text; known tags still end it */
static void
test_information_colon_lines(void **state)
{
	Read r[1];

	(void) state;
	read_ok(STATEMENT_HEAD ":60F:C260101EUR1,00\n:61:260101C1,00NTRF\n"
						   ":86:Kasse 3 um 14\n:12:30 Uhr\n:26:Beleg 7\n"
						   ":NS:skipped\n:62F:C260101EUR2,00\n",
			r, 1);
	assert_text(r[0].entries[0].information,
				"Kasse 3 um 14\n:12:30 Uhr\n:26:Beleg 7");
	/* the lone "-" inside :86: is named at its own line */
	read_fails(STATEMENT_HEAD ":60F:C260101EUR1,00\n:61:260101C1,00NTRF\n"
							  ":86:Kasse 3\n-\nmore\n:62F:C260101EUR2,00\n",
			   MT940_MESSAGE_ENDED, 7, "62F");
	/* in the owner's :86: after :62F:, the text after it is named */
	read_fails(STATEMENT_HEAD ":60F:C260101EUR1,00\n:62F:C260101EUR1,00\n"
							  ":86:Saldo\n-\nmore\n",
			   MT940_TEXT_AFTER_END, 7, "");
	read_fails(STATEMENT_HEAD ":60F:C260101EUR1,00\n:62F:C260101EUR1,00\n"
							  "-\n\nmore\n",
			   MT940_NOT_A_FIELD, 8, "");
}

/* Rabobank: the counterparty's IBAN as the second line of :61: */
static void
test_supplementary_account(void **state)
{
	Read r[1];

	(void) state;
	read_ok(ONE_ENTRY("260101C1,00N541NONREF\nNL74RABO0398765432"), r, 1);
	assert_text(mt940_supplementary_account(&r[0].entries[0]),
				"NL74RABO0398765432");
	read_ok(ONE_ENTRY("260101C1,00N541NONREF\nNL74RABO0398765432 X"), r, 1);
	assert_text(mt940_supplementary_account(&r[0].entries[0]),
				"NL74RABO0398765432");
	/* a wrong check digit, a reference that is no IBAN */
	read_ok(ONE_ENTRY("260101C1,00N541NONREF\nNL75RABO0398765432"), r, 1);
	assert_text(mt940_supplementary_account(&r[0].entries[0]), NULL);
	read_ok(ONE_ENTRY("260101C1,00NTRFNONREF\n/TRCD/00100/"), r, 1);
	assert_text(mt940_supplementary_account(&r[0].entries[0]), NULL);
}

/* The offending text is a slice of the input, for the message */
static void
test_error_text(void **state)
{
	Read r[1];
	Mt940Error err;
	int count;

	(void) state;
	assert_int_equal(read_text(STATEMENT_HEAD ":60F:C260101EUR1,00\n"
											  ":61:260101Q1,00NTRF\n",
							   r, 1, &count, &err),
					 MT940_BAD_MARK);
	assert_text(err.text, "Q1");
	assert_int_equal(
		read_text(":20:A\n:25:B\n:60F:C260101EUR12x4\n", r, 1, &count, &err),
		MT940_BAD_AMOUNT);
	assert_text(err.text, "12x4");
}

/* Every status has its own message */
static void
test_status_texts(void **state)
{
	int s;
	int t;

	(void) state;
	for (s = MT940_OK; s <= MT940_EMPTY_FIELD; s++)
	{
		assert_true(strlen(mt940_status_text((Mt940Status) s)) > 5);
		for (t = MT940_OK; t < s; t++)
			assert_string_not_equal(mt940_status_text((Mt940Status) s),
									mt940_status_text((Mt940Status) t));
	}
}

/* ---- field :86: ---- */

static char f86_buf[4096];

/* Read a field 86 given as a C string */
static Field86
f86(const char *text)
{
	Field86 f;
	size_t len = strlen(text);

	assert_true(FIELD86_BUFFER_SIZE(len) <= sizeof(f86_buf));
	field86_parse(text, len, f86_buf, FIELD86_BUFFER_SIZE(len), &f);
	assert_false(f.buffer_full);
	return f;
}

/* German: code, ?00 booking text, ?20-?29 with SEPA keywords, ?30-?33 */
static void
test_field86_german(void **state)
{
	Field86 f;

	(void) state;
	f = f86("166?00SEPA-GUTSCHRIFT?109310?20EREF+INV-2026-0112?21SVWZ+Rechnung"
			"\n INV-2026-0112?22 vom 15.02.2026?30COBADEFFXXX?31DE021\n"
			"00100100006820101?32Beta Handelsgesellschaft mb?33H und Co. KG");
	assert_int_equal(f.dialect, FIELD86_GERMAN);
	assert_string_equal(field86_dialect_name(f.dialect), "german");
	assert_int_equal(f.transaction_code, 166);
	assert_text(f.booking_text, "SEPA-GUTSCHRIFT");
	assert_text(f.end_to_end_id, "INV-2026-0112");
	/* ?21 is 27 characters: cut inside the text, joined directly */
	assert_text(f.remittance, "Rechnung INV-2026-0112 vom 15.02.2026");
	assert_text(f.counterparty_bic, "COBADEFFXXX");
	/* the line break inside ?31 is dropped */
	assert_text(f.counterparty_account, "DE02100100100006820101");
	assert_text(f.counterparty_name,
				"Beta Handelsgesellschaft mbH und Co. KG");
}

/* German SEPA keywords: KREF+, MREF+, CRED+, ABWA+, NOTPROVIDED */
static void
test_field86_sepa_keywords(void **state)
{
	Field86 f;

	(void) state;
	f = f86("105?00SEPA-LASTSCHRIFT?20EREF+NOTPROVIDED?21KREF+K-1?22MREF+M-2"
			"024-77?23CRED+DE98ZZZ09999999999?24SVWZ+Strom Maerz?25ABWA+Stadt"
			"werke?26PURP+ELEC?32Stadtwerke Musterstadt");
	assert_int_equal(f.transaction_code, 105);
	assert_text(f.end_to_end_id, NULL);
	assert_text(f.customer_reference, "K-1");
	assert_text(f.mandate_reference, "M-2024-77");
	assert_text(f.creditor_id, "DE98ZZZ09999999999");
	assert_text(f.remittance, "Strom Maerz");
	assert_text(f.ultimate_party, "Stadtwerke");
	assert_text(f.purpose_code, "ELEC");
	/* a short subfield is joined with a space */
	assert_text(f.counterparty_name, "Stadtwerke Musterstadt");
}

/* German remittance: without keywords, text before them, ?60-?63 */
static void
test_field86_german_remittance(void **state)
{
	Field86 f;

	(void) state;
	f = f86("051?00UEBERWEISUNG?20Rechnung 4711?21vom 01.03.2026");
	assert_text(f.remittance, "Rechnung 4711 vom 01.03.2026");
	assert_text(f.end_to_end_id, NULL);

	f = f86("166?20Kunde 42?21EREF+E-1?22SVWZ+Re 4711");
	assert_text(f.remittance, "Kunde 42 Re 4711");
	assert_text(f.end_to_end_id, "E-1");

	f = f86("166?20SVWZ+aaaa?21bbb?60ccc?61ddd?62?63eee");
	assert_text(f.remittance, "aaaa bbb ccc ddd eee");

	/* a 27-character subfield followed by a keyword still splits there */
	f = f86("166?20EREF+1234567890123456789012?21SVWZ+text");
	assert_text(f.end_to_end_id, "1234567890123456789012");
	assert_text(f.remittance, "text");

	/* no code before the first subfield; an unknown subfield is ignored */
	f = f86("?00GUTSCHRIFT?20hello?99ignored");
	assert_int_equal(f.dialect, FIELD86_GERMAN);
	assert_int_equal(f.transaction_code, -1);
	assert_text(f.remittance, "hello");
}

/* /ORDP/ and /BENM/: an account, then the name on the next line */
static void
test_field86_party_account(void **state)
{
	Field86 f;

	(void) state;
	f = f86(
		"/ORDP/MK09300000000042195\nTrgovija Dooel Skopje\n/REMI/Faktura 1");
	assert_text(f.counterparty_account, "MK09300000000042195");
	assert_text(f.counterparty_name, "Trgovija Dooel Skopje");
	assert_text(f.remittance, "Faktura 1");
	f = f86("/BENM/300000000042195\nPekara Zlatno Zrno\n/REMI/Kirija");
	assert_text(f.counterparty_account, "300000000042195");
	assert_text(f.counterparty_name, "Pekara Zlatno Zrno");
	f = f86("/ORDP/NL74RABO0398765432/Jansen BV/REMI/x");
	assert_text(f.counterparty_account, "NL74RABO0398765432");
	assert_text(f.counterparty_name, "Jansen BV");
	/* a name alone, and short numbers that are part of it */
	f = f86("/ORDP/Epsilon Ltd/ADDR/London");
	assert_text(f.counterparty_account, NULL);
	assert_text(f.counterparty_name, "Epsilon Ltd");
	f = f86("/BENM/1234 Trading/REMI/x");
	assert_text(f.counterparty_account, NULL);
	assert_text(f.counterparty_name, "1234 Trading");
}

/* Penta: KIND:purpose:name:IBAN */
static void
test_field86_colon(void **state)
{
	Field86 f;

	(void) state;
	f = f86("SEPA_CREDIT_TRANSFER:Rechnung RE-2026-031:Hoffmann GmbH:DE\n"
			"62370400440532013001");
	assert_int_equal(f.dialect, FIELD86_COLON);
	assert_string_equal(field86_dialect_name(f.dialect), "colon");
	assert_text(f.booking_text, "SEPA_CREDIT_TRANSFER");
	assert_text(f.remittance, "Rechnung RE-2026-031");
	assert_text(f.counterparty_name, "Hoffmann GmbH");
	assert_text(f.counterparty_account, "DE62370400440532013001");
	/* a purpose with colons and keywords; no IBAN */
	f = f86("SEPA_CREDIT_TRANSFER:EREF+E-9 SVWZ+Re: 12:Kunde AG:");
	assert_int_equal(f.dialect, FIELD86_COLON);
	assert_text(f.end_to_end_id, "E-9");
	assert_text(f.remittance, "Re: 12");
	assert_text(f.counterparty_name, "Kunde AG");
	assert_text(f.counterparty_account, NULL);
	/* not the dialect: no underscore, or a last part that is no IBAN */
	f = f86("Termin: 12:30 Uhr: Kasse");
	assert_int_equal(f.dialect, FIELD86_FREE);
	f = f86("SEPA_X:a:b:not an iban");
	assert_int_equal(f.dialect, FIELD86_FREE);
	/* two colons are not the four parts */
	f = f86("SEPA_X:Hoffmann GmbH:DE62370400440532013001");
	assert_int_equal(f.dialect, FIELD86_FREE);
}

/* ASN: IBAN and name on the first line, then padded lines */
static void
test_field86_iban_line(void **state)
{
	Field86 f;

	(void) state;
	f = f86(
		"NL74RABO0398765432 Stichting Buurtmoestuin                   \n"
		"Bijdrage contributie 2026                                        \n"
		"/NAME/Stichting X/IBAN/NL74RABO0398765432                        \n"
		"/EREF/CONTR-88                                                   \n"
		"en dank                                                          ");
	assert_int_equal(f.dialect, FIELD86_IBAN_LINE);
	assert_string_equal(field86_dialect_name(f.dialect), "iban-line");
	assert_text(f.counterparty_account, "NL74RABO0398765432");
	assert_text(f.counterparty_name, "Stichting Buurtmoestuin");
	assert_text(f.end_to_end_id, "CONTR-88");
	assert_text(f.remittance, "Bijdrage contributie 2026 en dank");
	/* a full-width line without padding goes on in the next */
	f = f86(
		"NL74RABO0398765432 Jansen\n"
		"/REMI/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		"bbb/EREF/E-1");
	assert_text(
		f.remittance,
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaabbb");
	assert_text(f.end_to_end_id, "E-1");
	/* an IBAN with a wrong check digit is free text */
	f = f86("NL75RABO0398765432 Jansen\nx");
	assert_int_equal(f.dialect, FIELD86_FREE);
}

/* German: an EREF+ longer than 35 characters ran into the next subfield */
static void
test_field86_long_reference(void **state)
{
	Field86 f;

	(void) state;
	f = f86("166?20EREF+2026030212345678901234?21MTLG Rechnung RE-90?22 Dank");
	assert_text(f.end_to_end_id, "2026030212345678901234");
	assert_text(f.remittance, "MTLG Rechnung RE-90 Dank");
	/* 35 characters over two subfields are one id */
	f = f86("166?20EREF+2026030212345678901234?21ABCDEFGHIJKLM?22SVWZ+Re 1");
	assert_text(f.end_to_end_id, "2026030212345678901234ABCDEFGHIJKLM");
	assert_text(f.remittance, "Re 1");
	/* text before, the rest, and SVWZ+ all go into the remittance */
	f = f86(
		"166?20Kd 7 EREF+12345678901234567?21MTLG Rechnung Nummer 2026-0042"
		"?22SVWZ+Re 2");
	assert_text(f.end_to_end_id, "12345678901234567");
	assert_text(f.remittance, "Kd 7 MTLG Rechnung Nummer 2026-0042 Re 2");
	/* free text has no subfields: a long id stays whole */
	f = f86("EREF+1234567890123456789012345678901234567890 SVWZ+x");
	assert_text(f.end_to_end_id, "1234567890123456789012345678901234567890");
}

/* Returns of the owner's own transfers: GVC 159, RETOURE, /RTRN/ */
static void
test_field86_return(void **state)
{
	(void) state;
	assert_true(f86("159?00SEPA-UEBERWEISUNG?20SVWZ+x").is_return);
	assert_true(f86("166?00Retoure SEPA?20SVWZ+x").is_return);
	assert_true(f86("/RTRN/AC04/REMI/USTD//x/").is_return);
	assert_false(f86("166?00SEPA-GUTSCHRIFT?20SVWZ+Retoure").is_return);
	assert_false(f86("/EREF/X/REMI/USTD//Retoure/").is_return);
	assert_false(f86("Retoure").is_return);
}

/* Slash codes: /EREF/, /CNTP/, /REMI/USTD//, /REMI/STRD/CUR/, /ORDP/ */
static void
test_field86_slash(void **state)
{
	Field86 f;

	(void) state;
	f = f86("/EREF/E2E-445566//CNTP/DE44500105175407324931/INGDDEFFXXX/Delta M"
			"\naschinenbau GmbH/Frankfurt///REMI/USTD//Invoice INV-1 and\n"
			" INV-2/");
	assert_int_equal(f.dialect, FIELD86_SLASH);
	assert_text(f.end_to_end_id, "E2E-445566");
	assert_text(f.counterparty_account, "DE44500105175407324931");
	assert_text(f.counterparty_bic, "INGDDEFFXXX");
	assert_text(f.counterparty_name, "Delta Maschinenbau GmbH");
	assert_text(f.remittance, "Invoice INV-1 and INV-2");

	f = f86("/EREF/NOTPROVIDED/ORDP//NAME/Epsilon Ltd/ADDR/1 High Street/IBAN"
			"/GB29NWBK60161331926819/BIC/NWBKGB2L/REMI/STRD/CUR/RF18539007547"
			"034/CHGS/EUR2,50/");
	assert_text(f.end_to_end_id, NULL);
	assert_text(f.counterparty_name, "Epsilon Ltd");
	assert_text(f.counterparty_account, "GB29NWBK60161331926819");
	assert_text(f.counterparty_bic, "NWBKGB2L");
	assert_text(f.structured_reference, "RF18539007547034");
	assert_text(f.remittance, NULL);
	assert_text(f.charges, "EUR2,50");

	/* ABN AMRO style, and an ordering party without /NAME/ */
	f = f86("/TRTP/SEPA OVERBOEKING/IBAN/NL02ABNA0123456789/BIC/ABNANL2A/NAME"
			"/J JANSEN/REMI/Factuur 2026-17/EREF/NOTPROVIDED");
	assert_text(f.booking_text, "SEPA OVERBOEKING");
	assert_text(f.counterparty_name, "J JANSEN");
	assert_text(f.remittance, "Factuur 2026-17");

	f = f86("/ORDP/Zeta Oy/Helsinki/REMI/invoice 7/MARF/M-1/CSID/NL00ZZZ1/"
			"ULTD/Zeta Group/PURP/SUPP/RTRN/AC04/PREF/BATCH-9/");
	assert_text(f.counterparty_name, "Zeta Oy");
	assert_text(f.remittance, "invoice 7");
	assert_text(f.mandate_reference, "M-1");
	assert_text(f.creditor_id, "NL00ZZZ1");
	assert_text(f.ultimate_party, "Zeta Group");
	assert_text(f.purpose_code, "SUPP");
	assert_text(f.return_reason, "AC04");
	assert_text(f.customer_reference, "BATCH-9");
}

/* Free text: full-width lines are wrapped words, others end in a space */
static void
test_field86_free(void **state)
{
	Field86 f;

	(void) state;
	f = f86("Zahlung Rechnung INV-2026-0120\r\nGamma SARL, merci");
	assert_int_equal(f.dialect, FIELD86_FREE);
	assert_string_equal(field86_dialect_name(f.dialect), "free");
	assert_text(f.remittance,
				"Zahlung Rechnung INV-2026-0120 Gamma SARL, merci");

	f = f86("Payment for invoices INV-2026-0001 INV-2026-0002 INV-2026-0003 IN"
			"\nV-2026-0004\n\n\nthanks");
	assert_text(f.remittance,
				"Payment for invoices INV-2026-0001 INV-2026-0002 "
				"INV-2026-0003 INV-2026-0004 thanks");

	/* keywords in free text count, but not inside a word */
	f = f86("EREF+E2E-1 SVWZ+INV-2026-0125 XSVWZ+no");
	assert_text(f.end_to_end_id, "E2E-1");
	assert_text(f.remittance, "INV-2026-0125 XSVWZ+no");

	/* text that merely looks structured */
	f = f86("123:45 Uhr Zahlung");
	assert_int_equal(f.dialect, FIELD86_FREE);
	assert_text(f.remittance, "123:45 Uhr Zahlung");
	f = f86("/not a code/ 123?20");
	assert_int_equal(f.dialect, FIELD86_FREE);
	assert_text(f.remittance, "/not a code/ 123?20");

	f = f86("");
	assert_text(f.remittance, NULL);
	f = f86("\r\n  \r\n");
	assert_text(f.remittance, NULL);
}

/* UTF-8 counts characters, not bytes, for the width rules */
static void
test_field86_utf8_width(void **state)
{
	Field86 f;

	(void) state;
	/* 26 characters (29 bytes): short, so joined with a space */
	f = f86("166?32Müller Maschinenbau GmbHäö?33Co");
	assert_text(f.counterparty_name, "Müller Maschinenbau GmbHäö Co");
}

/* Random bytes never overflow the buffer, whatever the dialect */
static void
test_field86_buffer_bound(void **state)
{
	static const char alphabet[] = "?2031EREF+SVWZ+/REMI/USTD//NAME/\r\n ab";
	char text[300];
	char *buf = malloc(FIELD86_BUFFER_SIZE(sizeof(text)));
	int round;

	(void) state;
	srand(940);
	for (round = 0; round < 20000; round++)
	{
		size_t len = (size_t) (rand() % (int) sizeof(text));
		size_t i;
		Field86 f;

		for (i = 0; i < len; i++)
			text[i] = alphabet[rand() % (int) (sizeof(alphabet) - 1)];
		if (len >= 4 && round % 3 == 0)
			memcpy(text, "166?", 4);
		field86_parse(text, len, buf, FIELD86_BUFFER_SIZE(len), &f);
		assert_false(f.buffer_full);
	}
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statement_fields),
		cmocka_unit_test(test_entry_subfields),
		cmocka_unit_test(test_entry_date_rollover),
		cmocka_unit_test(test_envelope),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_continuation_lines),
		cmocka_unit_test(test_several_statements),
		cmocka_unit_test(test_unknown_tags),
		cmocka_unit_test(test_unbalanced),
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_currency_amounts),
		cmocka_unit_test(test_layout_errors),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_order_errors),
		cmocka_unit_test(test_content_errors),
		cmocka_unit_test(test_bank_headers),
		cmocka_unit_test(test_loose_entries),
		cmocka_unit_test(test_information_colon_lines),
		cmocka_unit_test(test_supplementary_account),
		cmocka_unit_test(test_error_text),
		cmocka_unit_test(test_status_texts),
		cmocka_unit_test(test_field86_german),
		cmocka_unit_test(test_field86_sepa_keywords),
		cmocka_unit_test(test_field86_german_remittance),
		cmocka_unit_test(test_field86_party_account),
		cmocka_unit_test(test_field86_colon),
		cmocka_unit_test(test_field86_iban_line),
		cmocka_unit_test(test_field86_long_reference),
		cmocka_unit_test(test_field86_return),
		cmocka_unit_test(test_field86_slash),
		cmocka_unit_test(test_field86_free),
		cmocka_unit_test(test_field86_utf8_width),
		cmocka_unit_test(test_field86_buffer_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
