/*
 * fuzz_field86.c
 *		libFuzzer target for the field :86: reader (core/mt940_field86.c).
 *
 * The buffer is exactly FIELD86_BUFFER_SIZE(len) bytes, so a write past
 * it is caught by ASan; every slice must lie inside the buffer, hold no
 * line break, and not start or end with a space; the same input must
 * read the same twice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mt940_field86.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A slice of the output: inside buf, trimmed, without line breaks */
static void
check(Mt940Text t, const char *buf, size_t size)
{
	size_t i;

	if (t.len == 0)
		return;
	if (t.ptr < buf || t.ptr + t.len > buf + size)
		abort();
	if (t.ptr[0] == ' ' || t.ptr[t.len - 1] == ' ')
		abort();
	for (i = 0; i < t.len; i++)
		if (t.ptr[i] == '\r' || t.ptr[i] == '\n')
			abort();
}

static void
check_all(const Field86 *f, const char *buf, size_t size)
{
	if (f->buffer_full)
		abort();
	check(f->booking_text, buf, size);
	check(f->remittance, buf, size);
	check(f->structured_reference, buf, size);
	check(f->end_to_end_id, buf, size);
	check(f->customer_reference, buf, size);
	check(f->mandate_reference, buf, size);
	check(f->creditor_id, buf, size);
	check(f->ultimate_party, buf, size);
	check(f->purpose_code, buf, size);
	check(f->counterparty_name, buf, size);
	check(f->counterparty_account, buf, size);
	check(f->counterparty_bic, buf, size);
	check(f->charges, buf, size);
	check(f->return_reason, buf, size);
	if (f->transaction_code < -1 || f->transaction_code > 999)
		abort();
}

/* Read arbitrary bytes as a field 86 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t buf_size = FIELD86_BUFFER_SIZE(size);
	char *buf = malloc(buf_size);
	char *buf2 = malloc(buf_size);
	Field86 f;
	Field86 g;

	field86_parse((const char *) data, size, buf, buf_size, &f);
	check_all(&f, buf, buf_size);
	field86_parse((const char *) data, size, buf2, buf_size, &g);
	if (f.dialect != g.dialect || f.remittance.len != g.remittance.len ||
		memcmp(f.remittance.ptr ? f.remittance.ptr : "",
			   g.remittance.ptr ? g.remittance.ptr : "",
			   f.remittance.len) != 0)
		abort();
	free(buf);
	free(buf2);
	return 0;
}
