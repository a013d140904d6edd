/*
 * fuzz_iban.c
 *		libFuzzer target for the IBAN and RF parsers and invoice number
 *		normalisation.
 *
 * The same bytes go to each. An IBAN that parses parses again from its
 * electronic form to the same thing, with its country's length and a good
 * checksum. An RF reference that checks is what generating from its
 * payload gives; an RF reference generated from the bytes checks and
 * carries them. Normalising an invoice number twice changes nothing. A
 * blamed character lies inside the input.
 */
#include <stdlib.h>
#include <string.h>

#include "core/iban.h"
#include "core/reference.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_iban(const char *text, size_t size)
{
	IbanParse first;
	IbanParse again;
	IbanStatus status = iban_parse(text, size, &first);

	if (status == IBAN_BAD_CHARACTER &&
		(first.bad_bytes == 0 || first.bad_offset + first.bad_bytes > size))
		abort();
	if (status == IBAN_BAD_FORMAT && first.bad_index >= first.len)
		abort();
	if (status != IBAN_OK)
		return;
	if (first.country == NULL || first.len != first.country->length ||
		first.len != strlen(first.iban) ||
		!iban_checksum_ok(first.iban, first.len) ||
		iban_parse(first.iban, first.len, &again) != IBAN_OK ||
		strcmp(first.iban, again.iban) != 0 || again.country != first.country)
		abort();
}

static void
fuzz_rf(const char *text, size_t size)
{
	RfParse checked;
	RfParse made;
	RfStatus status = rf_check(text, size, &checked);

	if (status == RF_BAD_CHARACTER &&
		(checked.bad_bytes == 0 ||
		 checked.bad_offset + checked.bad_bytes > size))
		abort();
	if (status == RF_OK)
	{
		/* one set of check digits in 02..98 fits a payload */
		if (rf_generate(checked.rf + 4, checked.len - 4, &made) != RF_OK ||
			strcmp(made.rf, checked.rf) != 0)
			abort();
	}

	status = rf_generate(text, size, &made);
	if (status == RF_BAD_CHARACTER &&
		(made.bad_bytes == 0 || made.bad_offset + made.bad_bytes > size))
		abort();
	if (status == RF_OK)
	{
		size_t payload = made.len - 4;
		size_t pos = 0;
		size_t i = 0;

		if (payload < 1 || payload > RF_PAYLOAD_MAX ||
			rf_check(made.rf, made.len, &checked) != RF_OK ||
			strcmp(made.rf, checked.rf) != 0)
			abort();
		/* the payload is the input's letters and digits, upper case */
		while (pos < size)
		{
			uint32_t c = ref_next_char(text, size, &pos);

			if (ref_is_alnum(c) && made.rf[4 + i++] != (char) ref_upper(c))
				abort();
		}
		if (i != payload)
			abort();
	}
}

static void
fuzz_normalize(const char *text, size_t size)
{
	char *once = malloc(2 * size + 1);
	char *twice = malloc(2 * size + 1);
	size_t n1 = ref_normalize_invoice(text, size, once);
	size_t n2;
	size_t i;

	if (once == NULL || twice == NULL)
		abort();
	if (n1 > 2 * size || (n1 > 0 && (once[0] == '-' || once[n1 - 1] == '-')))
		abort();
	for (i = 0; i < n1; i++)
		if (!ref_is_digit((unsigned char) once[i]) &&
			!(once[i] >= 'A' && once[i] <= 'Z') && once[i] != '-')
			abort();
	n2 = ref_normalize_invoice(once, n1, twice);
	if (n2 != n1 || memcmp(once, twice, n1) != 0)
		abort();
	free(once);
	free(twice);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;

	fuzz_iban(text, size);
	fuzz_rf(text, size);
	fuzz_normalize(text, size);
	return 0;
}
