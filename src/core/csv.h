/*
 * csv.h
 *		A reader of comma-separated values (RFC 4180) as banks and payment
 *		platforms export them.
 *
 * Plain C (no postgres.h). The input is walked once, record by record;
 * the fields of a record are written, unquoted, into a buffer the caller
 * gives (the input's length is always enough) and handed back as slices
 * of it.
 *
 *	- the separator is given: ',', ';' or a TAB (any byte but a quote,
 *	  CR or LF works);
 *	- a field in double quotes may hold separators, line breaks and
 *	  quotes written twice (""); after the closing quote only the
 *	  separator, the end of the line or of the input may follow (blanks
 *	  are allowed);
 *	- a quote inside an unquoted field is an ordinary character (many
 *	  exports write 5" screen);
 *	- lines end in CR LF, LF or CR; an empty line is not a record;
 *	- a UTF-8 byte order mark at the very start is skipped;
 *	- a NUL byte is refused.
 *
 * Use:
 *		csv_reader_init(&reader, text, len, ';');
 *		while ((status = csv_next_record(&reader, &record, fields, max,
 *										 buffer, &err)) == CSV_OK)
 *			... record.field_count fields ...
 *		status CSV_END: done; anything else is an error, described by err.
 */
#ifndef AR2C_CORE_CSV_H
#define AR2C_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

typedef enum CsvStatus
{
	CSV_OK = 0,
	CSV_END,                /* no more records */
	CSV_UNTERMINATED_QUOTE, /* the input ends inside a quoted field */
	CSV_TEXT_AFTER_QUOTE, /* a quoted field goes on after its closing quote */
	CSV_BAD_CHARACTER,    /* a NUL byte */
	CSV_TOO_MANY_FIELDS,  /* more fields in a record than the caller holds */
	CSV_BAD_SEPARATOR     /* a quote, CR, LF or NUL given as separator */
} CsvStatus;

/* One field of a record: a slice of the caller's buffer */
typedef struct CsvField
{
	const char *ptr;
	size_t len;
	bool quoted; /* it was written in quotes */
} CsvField;

/* A record, and where it is in the input */
typedef struct CsvRecord
{
	int number;      /* from 1, empty lines not counted */
	int line;        /* line it starts on, from 1 */
	int end_line;    /* line it ends on (after a quoted line break) */
	int field_count; /* fields written to the caller's array */
} CsvRecord;

/* What went wrong, and where */
typedef struct CsvError
{
	CsvStatus status;
	int line;   /* line of the input, from 1 */
	int record; /* record it happened in, from 1 */
	int field;  /* field of that record, from 1 (0 when none) */
} CsvError;

typedef struct CsvReader
{
	const char *buf;
	size_t len;
	size_t pos;  /* next byte to read */
	int line;    /* line of buf[pos] */
	int records; /* returned so far */
	char separator;
} CsvReader;

extern void csv_reader_init(CsvReader *reader, const char *buf, size_t len,
							char separator);
extern CsvStatus csv_next_record(CsvReader *reader, CsvRecord *record,
								 CsvField *fields, int max_fields,
								 char *buffer, CsvError *err);
extern const char *csv_status_text(CsvStatus status);

#endif /* AR2C_CORE_CSV_H */
