/*
 * fuzz_reference.c
 *		libFuzzer target for reference extraction and the pattern compiler.
 *
 * The first byte chooses the invoice patterns: the defaults, none, or a
 * pattern made of the bytes up to the first newline (compiled first; a
 * pattern that fails must blame a place inside itself). The rest is the
 * remittance text. Every reference found must lie inside the text, at the
 * character position reported, and check again on its own: an RF
 * reference and an IBAN validate, an invoice number normalises to what was
 * reported and has a digit, an end-to-end id is 1 to 35 characters, a
 * creditor reference of another scheme checks in its scheme.
 */
#include <stdlib.h>
#include <string.h>

#include "core/creditor_reference.h"
#include "core/iban.h"
#include "core/reference.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct Input
{
	const char *text;
	size_t len;
} Input;

/* Check one reference against the text it was found in */
static void
check_match(void *arg, const RefMatch *m)
{
	const Input *in = arg;
	const char *span = in->text + m->start;
	size_t span_len = m->end - m->start;
	size_t pos = 0;
	size_t chars = 0;
	size_t i;

	if (m->start >= m->end || m->end > in->len)
		abort();
	while (pos < m->start)
	{
		ref_next_char(in->text, in->len, &pos);
		chars++;
	}
	if (pos != m->start || chars != m->char_pos)
		abort();
	if (m->normalized_len == 0 || m->normalized_len >= REF_NORMALIZED_MAX ||
		m->normalized_len != strlen(m->normalized))
		abort();
	for (i = 0; i < m->normalized_len; i++)
		if ((unsigned char) m->normalized[i] < 0x21 ||
			(unsigned char) m->normalized[i] > 0x7E)
			abort();

	switch (m->kind)
	{
		case REF_KIND_RF:
		{
			RfParse rf;

			if (rf_check(span, span_len, &rf) != RF_OK ||
				strcmp(rf.rf, m->normalized) != 0)
				abort();
			break;
		}
		case REF_KIND_IBAN:
		{
			IbanParse iban;

			if (iban_parse(span, span_len, &iban) != IBAN_OK ||
				strcmp(iban.iban, m->normalized) != 0)
				abort();
			break;
		}
		case REF_KIND_INVOICE:
		{
			char again[2 * REF_INVOICE_MAX * 4];
			size_t n;
			bool digit = false;

			/* at most 35 characters, at most 4 bytes each */
			if (span_len > 4 * REF_INVOICE_MAX)
				abort();
			n = ref_normalize_invoice(span, span_len, again);
			if (n != m->normalized_len || memcmp(again, m->normalized, n) != 0)
				abort();
			for (i = 0; i < n; i++)
				digit |= ref_is_digit((unsigned char) again[i]);
			if (!digit)
				abort();
			break;
		}
		case REF_KIND_BE_OGM:
		case REF_KIND_CH_QR:
		case REF_KIND_FI:
		case REF_KIND_KID:
		{
			CrefParse cref;
			CrefScheme scheme = m->kind == REF_KIND_BE_OGM  ? CREF_BE
								: m->kind == REF_KIND_CH_QR ? CREF_CH_QR
								: m->kind == REF_KIND_FI    ? CREF_FI
															: CREF_NO_KID;

			if (cref_check(scheme, m->normalized, m->normalized_len, &cref) !=
				CREF_OK)
				abort();
			break;
		}
		default:
			if (m->normalized_len > 35)
				abort();
			break;
	}
}

/* Extract with the patterns the first byte chooses */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static RefPattern pattern;
	const RefPattern *patterns;
	size_t npatterns;
	Input in;

	if (size == 0)
		return 0;
	in.text = (const char *) data + 1;
	in.len = size - 1;
	switch (data[0] % 4)
	{
		case 0:
			patterns = ref_default_patterns(&npatterns);
			break;
		case 1:
			patterns = &pattern;
			npatterns = 0;
			break;
		default:
		{
			const char *nl = memchr(in.text, '\n', in.len);
			size_t plen = nl ? (size_t) (nl - in.text) : in.len;
			RefPatternError err;

			if (ref_pattern_compile(in.text, plen, &pattern, &err) !=
				REF_PATTERN_OK)
			{
				if (err.message == NULL || err.offset > plen)
					abort();
				return 0;
			}
			if (pattern.nprog == 0 || pattern.nprog > REF_PATTERN_MAX_PROG ||
				pattern.nset > REF_PATTERN_MAX_SET)
				abort();
			patterns = &pattern;
			npatterns = 1;
			if (nl != NULL)
			{
				in.text = nl + 1;
				in.len -= plen + 1;
			}
			break;
		}
	}
	ref_extract(in.text, in.len, patterns, npatterns, check_match, &in);
	return 0;
}
