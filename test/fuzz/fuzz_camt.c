/*
 * fuzz_camt.c
 *		libFuzzer target for the camt reader (core/camt.c) over each kind.
 *
 * Nothing may read outside what it was given (ASan), overflow (UBSan)
 * or leak libxml2's tree (LeakSanitizer); every text handed to the
 * callback is readable and free of surrounding blanks, dates are real
 * dates, amounts of rows are not negative; a refusal has a message, and
 * a document that is read is read the same way twice.
 */
#include <stdlib.h>
#include <string.h>

#include "core/camt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct Seen
{
	int rows;
	unsigned sum; /* of every byte of every text, so that all are read */
} Seen;

static void
check_text(Seen *seen, CamtText t)
{
	size_t i;

	if (t.ptr == NULL)
	{
		if (t.len != 0)
			abort();
		return;
	}
	if (t.len == 0 || t.ptr[0] == ' ' || t.ptr[t.len - 1] == ' ')
		abort();
	for (i = 0; i < t.len; i++)
		seen->sum += (unsigned char) t.ptr[i];
}

static void
check_date(CamtDate d)
{
	if (d.year != 0 && (d.year < 1 || d.year > 9999 || d.month < 1 ||
						d.month > 12 || d.day < 1 || d.day > 31))
		abort();
}

static void
check_row(void *context, const CamtStatement *st, const CamtRow *row)
{
	Seen *seen = context;

	seen->rows++;
	check_text(seen, st->id);
	check_text(seen, st->account);
	check_text(seen, st->sequence);
	check_text(seen, st->path);
	check_date(st->opening_date);
	check_date(st->closing_date);
	if (st->id.ptr == NULL || st->account.ptr == NULL || st->number < 1 ||
		strncmp(st->format, "camt.05", 7) != 0)
		abort();
	if (row == NULL)
		return;
	if ((row->direction != 'C' && row->direction != 'D') ||
		!row->amount.present || row->amount.units < 0 ||
		!row->entry_amount.present || row->entry_amount.units < 0 ||
		row->entry_number < 1 || row->transaction_number < 1)
		abort();
	check_date(row->booking_date);
	check_date(row->value_date);
	check_text(seen, row->entry_ref);
	check_text(seen, row->bank_reference);
	check_text(seen, row->transaction_code);
	check_text(seen, row->counterparty_name);
	check_text(seen, row->counterparty_account);
	check_text(seen, row->counterparty_bic);
	check_text(seen, row->remittance_text);
	check_text(seen, row->structured_reference);
	check_text(seen, row->end_to_end_id);
	check_text(seen, row->mandate_reference);
	check_text(seen, row->bank_text);
	check_text(seen, row->origin);
}

static CamtStatus
read_once(const uint8_t *data, size_t size, CamtKind want, Seen *seen,
		  CamtError *err)
{
	CamtReader reader;
	CamtStatus status;

	memset(seen, 0, sizeof(*seen));
	camt_reader_init(&reader);
	status = camt_read(&reader, (const char *) data, size, want, check_row,
					   seen, err);
	camt_reader_free(&reader);
	return status;
}

/* Read arbitrary bytes as a camt document, of any kind and as a statement */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const CamtKind wants[] = { CAMT_ANY, CAMT_053 };
	size_t i;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
	{
		Seen first;
		Seen again;
		CamtError err;
		CamtStatus status = read_once(data, size, wants[i], &first, &err);

		if (status != CAMT_OK)
		{
			if (err.status != status || err.message[0] == '\0' ||
				strlen(err.message) >= CAMT_MESSAGE_MAX)
				abort();
			continue;
		}
		if (first.rows < 1 ||
			read_once(data, size, wants[i], &again, &err) != CAMT_OK ||
			again.rows != first.rows || again.sum != first.sum)
			abort();
	}
	return 0;
}
