/*
 * fuzz_einvoice.c
 *		libFuzzer target for the e-invoice reader (core/einvoice.c) and
 *		its money rules (core/einvoice_rules.c), as either syntax and as
 *		UBL only.
 *
 * Nothing may read outside what it was given (ASan), overflow (UBSan)
 * or leak libxml2's tree or the reader's memory (LeakSanitizer); every
 * text read is NUL-terminated and free of surrounding blanks, dates are
 * real dates; a document that is read has a number, a line and the
 * totals the rules need, and adds up; a refusal has a message, and a
 * document is read the same way twice.
 */
#include <stdlib.h>
#include <string.h>

#include "core/einvoice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned
check_text(EinvoiceText t)
{
	unsigned sum = 0;
	size_t i;

	if (t.ptr == NULL)
	{
		if (t.len != 0)
			abort();
		return 0;
	}
	if (t.len == 0 || t.ptr[t.len] != '\0' || t.ptr[0] == ' ' ||
		t.ptr[t.len - 1] == ' ')
		abort();
	for (i = 0; i < t.len; i++)
		sum += (unsigned char) t.ptr[i];
	return sum;
}

static void
check_date(EinvoiceDate d)
{
	if (d.year != 0 && (d.year < 1 || d.year > 9999 || d.month < 1 ||
						d.month > 12 || d.day < 1 || d.day > 31))
		abort();
}

/* A checksum of what was read, after checking it */
static unsigned
check_invoice(const Einvoice *inv)
{
	unsigned sum = 0;
	char buf[64];
	int i;

	if (inv->number.ptr == NULL || inv->line_count < 1 ||
		inv->issue_date.year == 0 || !inv->payable.present ||
		!inv->line_total.present)
		abort();
	check_date(inv->issue_date);
	check_date(inv->due_date);
	sum += check_text(inv->number) + check_text(inv->profile) +
		   check_text(inv->buyer.name) + check_text(inv->buyer.vat_id) +
		   check_text(inv->seller.vat_id) +
		   check_text(inv->payment_reference) +
		   check_text(inv->order_reference) + check_text(inv->buyer_reference);
	for (i = 0; i < inv->line_count; i++)
	{
		const EinvoiceLine *l = &inv->lines[i];

		if (!l->amount.present || !l->quantity.present || !l->price.present)
			abort();
		sum += check_text(l->id) + check_text(l->name) +
			   check_text(l->unit_code) + check_text(l->vat_category);
		einvoice_format_decimal(l->quantity, buf, sizeof(buf));
		sum += (unsigned) strlen(buf);
		sum += (unsigned) l->amount.units;
	}
	einvoice_format_amount(inv, inv->payable.units, buf, sizeof(buf));
	return sum + (unsigned) strlen(buf);
}

static EinvoiceStatus
read_once(const uint8_t *data, size_t size, EinvoiceSyntax want, unsigned *sum,
		  EinvoiceError *err)
{
	Einvoice inv;
	EinvoiceStatus status =
		einvoice_read((const char *) data, size, want, &inv, err);

	*sum = 0;
	if (status == EINVOICE_OK)
	{
		EinvoiceError again;

		*sum = check_invoice(&inv);
		/* what was read adds up */
		if (!einvoice_check(&inv, &again))
			abort();
	}
	einvoice_free(&inv);
	return status;
}

/* Read arbitrary bytes as an e-invoice of either syntax, and as UBL */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const EinvoiceSyntax wants[] = { EINVOICE_ANY, EINVOICE_UBL };
	size_t i;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
	{
		unsigned first;
		unsigned again;
		EinvoiceError err;
		EinvoiceStatus status = read_once(data, size, wants[i], &first, &err);

		if (status != EINVOICE_OK)
		{
			if (err.status != status || err.message[0] == '\0' ||
				strlen(err.message) >= EINVOICE_MESSAGE_MAX)
				abort();
			continue;
		}
		if (read_once(data, size, wants[i], &again, &err) != EINVOICE_OK ||
			again != first)
			abort();
	}
	return 0;
}
