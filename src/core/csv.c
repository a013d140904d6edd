/*
 * csv.c
 *		A reader of comma-separated values (RFC 4180); see csv.h.
 */
#include "core/csv.h"

#include <string.h>

/* Start reading buf (len bytes) with fields split at separator */
void
csv_reader_init(CsvReader *reader, const char *buf, size_t len, char separator)
{
	reader->buf = buf;
	reader->len = len;
	reader->pos = 0;
	reader->line = 1;
	reader->records = 0;
	reader->separator = separator;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		reader->pos = 3;
}

/* Is the byte at pos a line end (CR LF, LF or CR)? Its length, or 0 */
static size_t
line_end_at(const CsvReader *reader, size_t pos)
{
	if (pos >= reader->len)
		return 0;
	if (reader->buf[pos] == '\n')
		return 1;
	if (reader->buf[pos] == '\r')
		return (pos + 1 < reader->len && reader->buf[pos + 1] == '\n') ? 2 : 1;
	return 0;
}

static CsvStatus
fail(CsvError *err, CsvStatus status, const CsvReader *reader, int field)
{
	err->status = status;
	err->line = reader->line;
	err->record = reader->records + 1;
	err->field = field;
	return status;
}

/* Read a quoted field from just after its opening quote into out */
static CsvStatus
read_quoted(CsvReader *reader, char *out, size_t *out_len, CsvError *err,
			int field, int start_line)
{
	size_t n = 0;

	for (;;)
	{
		size_t eol;
		char c;

		if (reader->pos >= reader->len)
		{
			CsvStatus status;

			reader->line = start_line;
			status = fail(err, CSV_UNTERMINATED_QUOTE, reader, field);
			return status;
		}
		c = reader->buf[reader->pos];
		if (c == '\0')
			return fail(err, CSV_BAD_CHARACTER, reader, field);
		if (c == '"')
		{
			if (reader->pos + 1 < reader->len &&
				reader->buf[reader->pos + 1] == '"')
			{
				out[n++] = '"';
				reader->pos += 2;
				continue;
			}
			reader->pos++;
			break;
		}
		eol = line_end_at(reader, reader->pos);
		if (eol > 0)
		{
			memcpy(out + n, reader->buf + reader->pos, eol);
			n += eol;
			reader->pos += eol;
			reader->line++;
			continue;
		}
		out[n++] = c;
		reader->pos++;
	}
	/* only blanks may stand between the closing quote and what ends it */
	while (reader->pos < reader->len && reader->buf[reader->pos] == ' ' &&
		   reader->separator != ' ')
		reader->pos++;
	if (reader->pos < reader->len &&
		reader->buf[reader->pos] != reader->separator &&
		line_end_at(reader, reader->pos) == 0)
		return fail(err, CSV_TEXT_AFTER_QUOTE, reader, field);
	*out_len = n;
	return CSV_OK;
}

/*
 * Read the next record into fields[] (at most max_fields), its text
 * unquoted into buffer, which must hold the input's length
 */
CsvStatus
csv_next_record(CsvReader *reader, CsvRecord *record, CsvField *fields,
				int max_fields, char *buffer, CsvError *err)
{
	size_t used = 0;
	int count = 0;
	char sep = reader->separator;

	if (sep == '"' || sep == '\r' || sep == '\n' || sep == '\0')
		return fail(err, CSV_BAD_SEPARATOR, reader, 0);

	/* empty lines are no records */
	for (;;)
	{
		size_t eol = line_end_at(reader, reader->pos);

		if (eol == 0)
			break;
		reader->pos += eol;
		reader->line++;
	}
	if (reader->pos >= reader->len)
		return CSV_END;

	record->line = reader->line;
	for (;;)
	{
		CsvField *f;
		size_t eol;

		if (count >= max_fields)
			return fail(err, CSV_TOO_MANY_FIELDS, reader, count + 1);
		f = &fields[count++];
		f->ptr = buffer + used;
		f->quoted = false;
		if (reader->pos < reader->len && reader->buf[reader->pos] == '"')
		{
			size_t n;
			CsvStatus status;

			reader->pos++;
			status = read_quoted(reader, buffer + used, &n, err, count,
								 reader->line);
			if (status != CSV_OK)
				return status;
			f->quoted = true;
			f->len = n;
			used += n;
		}
		else
		{
			size_t start = used;

			while (reader->pos < reader->len &&
				   reader->buf[reader->pos] != sep &&
				   line_end_at(reader, reader->pos) == 0)
			{
				if (reader->buf[reader->pos] == '\0')
					return fail(err, CSV_BAD_CHARACTER, reader, count);
				buffer[used++] = reader->buf[reader->pos++];
			}
			f->len = used - start;
		}
		if (reader->pos < reader->len && reader->buf[reader->pos] == sep)
		{
			reader->pos++;
			continue;
		}
		/* the end of the line or of the input ends the record */
		record->end_line = reader->line;
		eol = line_end_at(reader, reader->pos);
		reader->pos += eol;
		if (eol > 0)
			reader->line++;
		break;
	}
	reader->records++;
	record->number = reader->records;
	record->field_count = count;
	return CSV_OK;
}

/* What a status means, in a phrase */
const char *
csv_status_text(CsvStatus status)
{
	switch (status)
	{
		case CSV_OK:
			return "no error";
		case CSV_END:
			return "the end of the input";
		case CSV_UNTERMINATED_QUOTE:
			return "a quoted field is not closed before the end of the input";
		case CSV_TEXT_AFTER_QUOTE:
			return "text follows the closing quote of a field";
		case CSV_BAD_CHARACTER:
			return "a NUL byte";
		case CSV_TOO_MANY_FIELDS:
			return "more fields in a record than allowed";
		case CSV_BAD_SEPARATOR:
			return "the separator cannot be a quote, a line break or NUL";
	}
	return "unknown status";
}
