/*
 * fuzz_csv_statement.c
 *		libFuzzer target for the CSV reader (core/csv.c) that CSV bank
 *		statements are read with.
 *
 * The first byte picks the separator (',', ';' or TAB). Nothing may read
 * or write outside the input and the buffer (ASan) or overflow (UBSan);
 * every field lies inside the buffer and the fields of a record do not
 * take more than the input; lines only grow; an error names a line of the
 * input and a field.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FIELDS 64

/* Count the lines of the input, for the bound on lines */
static int
line_count(const char *s, size_t len)
{
	int n = 1;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\n' ||
			(s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
			n++;
	return n;
}

/* Read arbitrary bytes as CSV */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char separators[] = { ',', ';', '\t' };
	CsvReader reader;
	CsvRecord record;
	CsvField fields[MAX_FIELDS];
	CsvError err;
	CsvStatus status;
	const char *text;
	char *buffer;
	size_t len;
	int lines;
	int last_line = 0;
	int records = 0;

	if (size < 1)
		return 0;
	text = (const char *) data + 1;
	len = size - 1;
	lines = line_count(text, len);
	/* exactly the input's length, so that ASan sees any overrun */
	buffer = malloc(len > 0 ? len : 1);
	csv_reader_init(&reader, text, len, separators[data[0] % 3]);
	while ((status = csv_next_record(&reader, &record, fields, MAX_FIELDS,
									 buffer, &err)) == CSV_OK)
	{
		size_t total = 0;
		int i;

		records++;
		if (record.number != records || record.line <= last_line ||
			record.end_line < record.line || record.end_line > lines ||
			record.field_count < 1 || record.field_count > MAX_FIELDS)
			abort();
		last_line = record.end_line;
		for (i = 0; i < record.field_count; i++)
		{
			if (fields[i].ptr < buffer ||
				fields[i].ptr + fields[i].len > buffer + len)
				abort();
			total += fields[i].len;
		}
		if (total > len)
			abort();
	}
	if (status != CSV_END)
	{
		if (status != err.status || err.line < 1 || err.line > lines ||
			err.record != records + 1 || err.field < 1 ||
			err.field > MAX_FIELDS + 1)
			abort();
	}
	free(buffer);
	return 0;
}
