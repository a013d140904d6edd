/*
 * test_csv.c
 *		Unit tests for the CSV reader (core/csv.c): quoting, line breaks,
 *		separators, the byte order mark, and each error with its line and
 *		field.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/csv.h"

#define MAX_RECORDS 8
#define MAX_FIELDS  8

/* The records of a text, each field as a C string */
typedef struct Read
{
	CsvRecord records[MAX_RECORDS];
	char fields[MAX_RECORDS][MAX_FIELDS][64];
	int count;
	CsvError err;
	CsvStatus status;
} Read;

/* Read every record of text split at separator */
static void
read_text(const char *text, char separator, Read *out)
{
	CsvReader reader;
	CsvField fields[MAX_FIELDS];
	char *buffer = malloc(strlen(text) + 1);
	CsvRecord record;

	memset(out, 0, sizeof(*out));
	csv_reader_init(&reader, text, strlen(text), separator);
	while ((out->status = csv_next_record(&reader, &record, fields, MAX_FIELDS,
										  buffer, &out->err)) == CSV_OK)
	{
		int i;

		assert_true(out->count < MAX_RECORDS);
		out->records[out->count] = record;
		for (i = 0; i < record.field_count; i++)
		{
			assert_true(fields[i].len < 64);
			memcpy(out->fields[out->count][i], fields[i].ptr, fields[i].len);
			out->fields[out->count][i][fields[i].len] = '\0';
		}
		out->count++;
	}
	free(buffer);
}

static void
test_plain(void **state)
{
	Read r;

	(void) state;
	read_text("a,b,c\r\n1,,3\r\n", ',', &r);
	assert_int_equal(r.status, CSV_END);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.records[0].field_count, 3);
	assert_int_equal(r.records[1].field_count, 3);
	assert_string_equal(r.fields[1][0], "1");
	assert_string_equal(r.fields[1][1], "");
	assert_string_equal(r.fields[1][2], "3");
	assert_int_equal(r.records[1].line, 2);
	assert_int_equal(r.records[1].number, 2);
}

static void
test_quoted(void **state)
{
	Read r;

	(void) state;
	read_text("\"a,b\",\"say \"\"hi\"\"\",\"\"\n", ',', &r);
	assert_int_equal(r.status, CSV_END);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.records[0].field_count, 3);
	assert_string_equal(r.fields[0][0], "a,b");
	assert_string_equal(r.fields[0][1], "say \"hi\"");
	assert_string_equal(r.fields[0][2], "");
}

/* A line break inside quotes is content; the next record's line counts it */
static void
test_embedded_newline(void **state)
{
	Read r;

	(void) state;
	read_text("x;\"line one\r\nline two\";y\nnext;1;2", ';', &r);
	assert_int_equal(r.status, CSV_END);
	assert_int_equal(r.count, 2);
	assert_string_equal(r.fields[0][1], "line one\r\nline two");
	assert_int_equal(r.records[0].line, 1);
	assert_int_equal(r.records[0].end_line, 2);
	assert_int_equal(r.records[1].line, 3);
	assert_string_equal(r.fields[1][0], "next");
}

static void
test_separators(void **state)
{
	Read r;

	(void) state;
	read_text("a\tb;c\t\"d\te\"\n", '\t', &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.records[0].field_count, 3);
	assert_string_equal(r.fields[0][1], "b;c");
	assert_string_equal(r.fields[0][2], "d\te");
	read_text("1.234,56;-7,00\n", ';', &r);
	assert_string_equal(r.fields[0][0], "1.234,56");
	assert_string_equal(r.fields[0][1], "-7,00");
}

/* The BOM is skipped at the start only; empty lines and CR endings */
static void
test_bom_and_lines(void **state)
{
	Read r;

	(void) state;
	read_text("\xEF\xBB\xBF\"Date\",\"Gross\"\r\rA,B\r\n\r\n", ',', &r);
	assert_int_equal(r.status, CSV_END);
	assert_int_equal(r.count, 2);
	assert_string_equal(r.fields[0][0], "Date");
	assert_int_equal(r.records[1].line, 3);
	assert_int_equal(r.records[1].number, 2);
}

/* A quote inside an unquoted field is kept; blanks after a closing quote */
static void
test_lenient(void **state)
{
	Read r;

	(void) state;
	read_text("5\" screen,\"x\"  ,z,\n", ',', &r);
	assert_int_equal(r.status, CSV_END);
	assert_int_equal(r.records[0].field_count, 4);
	assert_string_equal(r.fields[0][0], "5\" screen");
	assert_string_equal(r.fields[0][1], "x");
	assert_string_equal(r.fields[0][3], "");
}

static void
test_errors(void **state)
{
	Read r;

	(void) state;
	read_text("a,b\nc,\"open\nstill open\n", ',', &r);
	assert_int_equal(r.status, CSV_UNTERMINATED_QUOTE);
	assert_int_equal(r.err.line, 2);
	assert_int_equal(r.err.record, 2);
	assert_int_equal(r.err.field, 2);

	read_text("a,b\n1,\"2\"x,3\n", ',', &r);
	assert_int_equal(r.status, CSV_TEXT_AFTER_QUOTE);
	assert_int_equal(r.err.line, 2);
	assert_int_equal(r.err.field, 2);

	read_text("a,b,c,d,e,f,g,h,i\n", ',', &r);
	assert_int_equal(r.status, CSV_TOO_MANY_FIELDS);
	assert_int_equal(r.err.field, MAX_FIELDS + 1);

	read_text("a,b", '"', &r);
	assert_int_equal(r.status, CSV_BAD_SEPARATOR);
	assert_non_null(csv_status_text(CSV_BAD_SEPARATOR));
}

/* A NUL byte is refused (the text cannot hold it as a C string) */
static void
test_nul(void **state)
{
	static const char text[] = "a,b\nc,d\0e\n";
	CsvReader reader;
	CsvField fields[MAX_FIELDS];
	char buffer[sizeof(text)];
	CsvRecord record;
	CsvError err;

	(void) state;
	csv_reader_init(&reader, text, sizeof(text) - 1, ',');
	assert_int_equal(
		csv_next_record(&reader, &record, fields, MAX_FIELDS, buffer, &err),
		CSV_OK);
	assert_int_equal(
		csv_next_record(&reader, &record, fields, MAX_FIELDS, buffer, &err),
		CSV_BAD_CHARACTER);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.field, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_embedded_newline),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_bom_and_lines),
		cmocka_unit_test(test_lenient),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
