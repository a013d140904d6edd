/*
 * fuzz_mt940.c
 *		libFuzzer target for the MT940 reader (core/mt940.c), and the
 *		field :86: reader on every entry it returns.
 *
 * Nothing may read outside the input (ASan) or overflow (UBSan); an
 * error names a line of the input; every slice handed back lies inside
 * the input; dates are real dates; a statement's entries can be walked
 * again and give the same count.
 */
#include <stdlib.h>
#include <string.h>

#include "core/mt940.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *input_start;
static const char *input_end;

/* A slice must be empty or lie inside the input */
static void
check_slice(Mt940Text t)
{
	if (t.len == 0)
		return;
	if (t.ptr < input_start || t.ptr + t.len > input_end)
		abort();
}

static void
check_date(Mt940Date d, int optional)
{
	if (optional && d.year == 0)
		return;
	if (d.year < 1980 || d.year > 2080 || d.month < 1 || d.month > 12 ||
		d.day < 1 || d.day > 31)
		abort();
}

/* Count the lines of the input, for the bound on error lines */
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

/* Every field 86 reads within its buffer */
static void
check_field86(Mt940Text info)
{
	size_t size = FIELD86_BUFFER_SIZE(info.len);
	char *buf = malloc(size);
	Field86 f;

	field86_parse(info.ptr, info.len, buf, size, &f);
	if (f.buffer_full)
		abort();
	if (f.remittance.len > 0 &&
		(f.remittance.ptr < buf ||
		 f.remittance.ptr + f.remittance.len > buf + size))
		abort();
	free(buf);
}

/* Read arbitrary bytes as MT940 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Mt940Reader reader;
	Mt940Statement st;
	Mt940Entry entry;
	Mt940Error err;
	Mt940Status status;
	int lines = line_count((const char *) data, size);

	input_start = (const char *) data;
	input_end = input_start + size;
	mt940_reader_init(&reader, (const char *) data, size);
	while ((status = mt940_next_statement(&reader, &st, &err)) == MT940_OK)
	{
		Mt940Statement again = st;
		int entries = 0;

		check_slice(st.reference);
		check_slice(st.account);
		check_slice(st.number);
		check_slice(st.sequence);
		check_slice(st.information);
		check_date(st.opening.date, 0);
		check_date(st.closing.date, 0);
		if (st.reference.len == 0 || st.account.len == 0 ||
			!st.opening.present || !st.closing.present ||
			st.opening.currency != st.closing.currency)
			abort();
		(void) mt940_statement_balanced(&st);
		while ((status = mt940_next_entry(&st, &entry, &err)) == MT940_OK)
		{
			entries++;
			if (entry.number != entries || entry.units < 0 ||
				(entry.mark != 'C' && entry.mark != 'D') || entry.line < 1 ||
				entry.line > lines)
				abort();
			check_date(entry.value_date, 0);
			check_date(entry.entry_date, 1);
			check_slice(entry.customer_reference);
			check_slice(entry.bank_reference);
			check_slice(entry.supplementary);
			check_slice(entry.information);
			check_slice(mt940_supplementary_account(&entry));
			check_field86(entry.information);
		}
		/* a returned statement cannot fail later */
		if (status != MT940_END || entries != st.entry_count)
			abort();
		entries = 0;
		while (mt940_next_entry(&again, &entry, &err) == MT940_OK)
			entries++;
		if (entries != st.entry_count)
			abort();
	}
	if (status != MT940_END)
	{
		if (status != err.status || err.line < 1 || err.line > lines ||
			strlen(err.tag) > 3 || mt940_status_text(status) == NULL)
			abort();
		check_slice(err.text);
	}
	return 0;
}
