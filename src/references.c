/*
 * references.c
 *		SQL functions over payment references: RF creditor references,
 *		IBANs, invoice numbers and extraction from remittance text.
 *
 * The core (core/reference.c, core/iban.c) reads UTF-8. Text arrives in
 * the server encoding and is converted here; results go back the same
 * way. Under SQL_ASCII nothing is converted: the bytes are read as they
 * are, invalid UTF-8 counting one character a byte, as SQL_ASCII does.
 */
#include "ar2c.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "core/iban.h"
#include "core/reference.h"

/* How much of a bad value an error message quotes */
#define QUOTE_MAX_BYTES 80

/* The value of a text argument for an error message, clipped if long */
static char *
quoted_value(text *t)
{
	const char *s = VARDATA_ANY(t);
	int n = VARSIZE_ANY_EXHDR(t);
	int clip;

	if (n <= QUOTE_MAX_BYTES)
		return pnstrdup(s, n);
	clip = pg_mbcliplen(s, n, QUOTE_MAX_BYTES);
	return psprintf("%s...", pnstrdup(s, clip));
}

/* Characters of UTF-8 text before a byte offset, plus one */
static int
char_number(const char *s, size_t offset)
{
	size_t pos = 0;
	int n = 1;

	while (pos < offset)
	{
		ref_next_char(s, offset, &pos);
		n++;
	}
	return n;
}

/* ---------------------------------------------------------------------
 * RF creditor references
 * --------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(rf_reference);
/* Make the RF creditor reference of an invoice number: 'RF18539007547034' */
Datum
rf_reference(PG_FUNCTION_ARGS)
{
	text *arg = PG_GETARG_TEXT_PP(0);
	size_t len;
	const char *s = text_utf8(arg, &len);
	RfParse parse;
	RfStatus status = rf_generate(s, len, &parse);

	switch (status)
	{
		case RF_OK:
			PG_RETURN_TEXT_P(cstring_to_text(parse.rf));
		case RF_BAD_CHARACTER:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot make an RF creditor reference from \"%s\"",
							quoted_value(arg)),
					 errdetail(
						 "Character %d, \"%s\", is not a letter A to Z "
						 "or a digit.",
						 char_number(s, parse.bad_offset),
						 utf8_cstring(s + parse.bad_offset, parse.bad_bytes)),
					 errhint("Give the reference in letters A to Z and "
							 "digits; spaces, \"-\", \"/\", \".\" and \"_\" "
							 "are dropped.")));
			break;
		case RF_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot make an RF creditor reference from \"%s\"",
							quoted_value(arg)),
					 errdetail("It has %zu letters and digits; ISO 11649 "
							   "allows at most 21.",
							   parse.len - 4),
					 errhint("Use a shorter reference, such as the invoice "
							 "number alone.")));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot make an RF creditor reference from \"%s\"",
							quoted_value(arg)),
					 errdetail("It has no letter or digit."),
					 errhint("Give the invoice number or another reference "
							 "of 1 to 21 letters and digits.")));
			break;
	}
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(rf_valid);
/* True for a valid RF creditor reference, print or electronic form */
Datum
rf_valid(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	RfParse parse;

	PG_RETURN_BOOL(rf_check(s, len, &parse) == RF_OK);
}

PG_FUNCTION_INFO_V1(rf_payload);
/* The reference inside a valid RF creditor reference; NULL if not valid */
Datum
rf_payload(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	RfParse parse;

	if (rf_check(s, len, &parse) != RF_OK)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(parse.rf + 4));
}

/* ---------------------------------------------------------------------
 * IBAN
 * --------------------------------------------------------------------- */

static void iban_error(text *arg, const char *s, IbanStatus status,
					   const IbanParse *parse) pg_attribute_noreturn();

/* Raise 22023 with a hint that says what is wrong with the IBAN */
static void
iban_error(text *arg, const char *s, IbanStatus status, const IbanParse *parse)
{
	char *hint;

	switch (status)
	{
		case IBAN_EMPTY:
			hint = pstrdup("An IBAN is a country code, two check digits and "
						   "the account number, such as \"DE89 3704 0044 "
						   "0532 0130 00\".");
			break;
		case IBAN_BAD_CHARACTER:
			hint = psprintf(
				"Wrong character \"%s\" at position %d: an IBAN has only "
				"letters, digits and spaces.",
				utf8_cstring(s + parse->bad_offset, parse->bad_bytes),
				char_number(s, parse->bad_offset));
			break;
		case IBAN_NO_COUNTRY:
			hint = pstrdup("An IBAN begins with the two-letter country code "
						   "of the account, such as DE or FR.");
			break;
		case IBAN_UNKNOWN_COUNTRY:
			hint = psprintf("Unknown country \"%.2s\": it is not in the IBAN "
							"registry; SELECT * FROM ar2c.iban_countries() "
							"lists the countries.",
							parse->iban);
			break;
		case IBAN_BAD_LENGTH:
			hint = psprintf("Wrong length for country %s (expected %d "
							"characters, found %zu): check for a missing or "
							"extra character.",
							parse->country->code, parse->country->length,
							parse->len);
			break;
		case IBAN_BAD_FORMAT:
			hint = psprintf("Wrong format for country %s: character %zu "
							"(\"%c\") must be %s (BBAN format %s).",
							parse->country->code, parse->bad_index + 1,
							parse->iban[parse->bad_index],
							parse->bad_expected == 'n'   ? "a digit"
							: parse->bad_expected == 'a' ? "a capital letter"
														 : "a letter or digit",
							parse->country->bban);
			break;
		default:
			hint = pstrdup("Bad check digits: the IBAN fails its mod 97 "
						   "check, so a character is probably mistyped or "
						   "two are swapped.");
			break;
	}
	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("invalid IBAN \"%s\"", quoted_value(arg)),
					errhint("%s", hint)));
}

PG_FUNCTION_INFO_V1(iban_strict);
/* The electronic form of a valid IBAN, or an error saying what is wrong */
Datum
iban_strict(PG_FUNCTION_ARGS)
{
	text *arg = PG_GETARG_TEXT_PP(0);
	size_t len;
	const char *s = text_utf8(arg, &len);
	IbanParse parse;
	IbanStatus status = iban_parse(s, len, &parse);

	if (status != IBAN_OK)
		iban_error(arg, s, status, &parse);
	PG_RETURN_TEXT_P(cstring_to_text(parse.iban));
}

PG_FUNCTION_INFO_V1(iban_normalize);
/* The electronic form of a valid IBAN; NULL if not valid */
Datum
iban_normalize(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	IbanParse parse;

	if (iban_parse(s, len, &parse) != IBAN_OK)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(parse.iban));
}

PG_FUNCTION_INFO_V1(iban_valid);
/* True for a valid IBAN */
Datum
iban_valid(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	IbanParse parse;

	PG_RETURN_BOOL(iban_parse(s, len, &parse) == IBAN_OK);
}

PG_FUNCTION_INFO_V1(iban_country);
/* Country code of a valid IBAN; NULL if not valid */
Datum
iban_country(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	IbanParse parse;

	if (iban_parse(s, len, &parse) != IBAN_OK)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(parse.country->code));
}

PG_FUNCTION_INFO_V1(iban_countries);
/* The compiled-in IBAN registry */
Datum
iban_countries(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	size_t i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < iban_country_count(); i++)
	{
		const IbanCountry *country = iban_country_at(i);
		Datum values[4];
		bool nulls[4] = { false, false, false, false };

		values[0] = CStringGetTextDatum(country->code);
		values[1] = CStringGetTextDatum(country->name);
		values[2] = Int32GetDatum(country->length);
		values[3] = CStringGetTextDatum(country->bban);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
	return (Datum) 0;
}

/* ---------------------------------------------------------------------
 * Invoice numbers and extraction
 * --------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(normalize_invoice_number);
/* 'INV-2026-00012', 'inv 2026 12', 'INV2026/12' -> 'INV-2026-12' */
Datum
normalize_invoice_number(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	char *out = palloc(2 * len + 1);
	size_t n = ref_normalize_invoice(s, len, out);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, (int) n));
}

PG_FUNCTION_INFO_V1(default_invoice_patterns);
/* The patterns extract_references uses when given none */
Datum
default_invoice_patterns(PG_FUNCTION_ARGS)
{
	size_t count = ref_default_pattern_count();
	Datum *elems = palloc(count * sizeof(Datum));
	size_t i;

	for (i = 0; i < count; i++)
	{
		const char *pattern = ref_default_pattern(i);
		size_t len = strlen(pattern);

		if (utf8_needs_conversion())
		{
			/* the server encoding may lack 发票: write \uXXXX escapes */
			StringInfoData buf;
			size_t pos = 0;

			initStringInfo(&buf);
			while (pos < len)
			{
				size_t at = pos;
				uint32_t c = ref_next_char(pattern, len, &pos);

				if (pos - at == 1)
					appendStringInfoChar(&buf, pattern[at]);
				else
					appendStringInfo(&buf, "\\u%04X", (unsigned) c);
			}
			elems[i] = PointerGetDatum(cstring_to_text(buf.data));
		}
		else
			elems[i] = PointerGetDatum(cstring_to_text_with_len(pattern, len));
	}
	PG_RETURN_ARRAYTYPE_P(
		construct_array(elems, (int) count, TEXTOID, -1, false, TYPALIGN_INT));
}

/* Compile the patterns of a text[]; raises on a bad or NULL one */
static RefPattern *
compile_patterns(ArrayType *array, size_t *count)
{
	Datum *elems;
	bool *nulls;
	int n;
	int i;
	RefPattern *patterns;

	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls,
					  &n);
	patterns = palloc(Max(n, 1) * sizeof(RefPattern));
	for (i = 0; i < n; i++)
	{
		text *t;
		size_t len;
		const char *s;
		RefPatternError err;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("invoice pattern %d is null", i + 1),
					 errhint("Remove the null from the array; pass NULL "
							 "instead of the array for the default "
							 "patterns.")));
		t = DatumGetTextPP(elems[i]);
		s = text_utf8(t, &len);
		if (ref_pattern_compile(s, len, &patterns[i], &err) != REF_PATTERN_OK)
			ereport(
				ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid invoice pattern \"%s\"", quoted_value(t)),
				 errdetail("At character %d: %s.",
						   char_number(s, Min(err.offset, len)), err.message),
				 errhint("Patterns are literal text with [-/] for one "
						 "of some characters, (A|B) for either, ? for "
						 "optional, {d}, {a}, {x}, {id} or {year} for "
						 "runs, and <...> around the reference; see "
						 "ar2c.default_invoice_patterns().")));
	}
	*count = (size_t) n;
	return patterns;
}

typedef struct MatchList
{
	RefMatch *items;
	size_t count;
	size_t capacity;
} MatchList;

/* Collect a match (the core calls this) */
static void
collect_match(void *arg, const RefMatch *match)
{
	MatchList *list = (MatchList *) arg;

	if (list->count == list->capacity)
	{
		list->capacity = list->capacity == 0 ? 8 : list->capacity * 2;
		if (list->items == NULL)
			list->items = palloc(list->capacity * sizeof(RefMatch));
		else
			list->items =
				repalloc_huge(list->items, list->capacity * sizeof(RefMatch));
	}
	list->items[list->count++] = *match;
}

/* qsort comparator over RefMatch */
static int
match_qsort_cmp(const void *a, const void *b)
{
	return ref_match_cmp((const RefMatch *) a, (const RefMatch *) b);
}

PG_FUNCTION_INFO_V1(extract_references);
/* Every RF reference, IBAN, end-to-end id and invoice number in a text */
Datum
extract_references(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text *remittance;
	const char *s;
	size_t len;
	const RefPattern *patterns;
	size_t npatterns;
	MatchList list = { NULL, 0, 0 };
	int encoding = GetDatabaseEncoding();
	size_t counted_to = 0; /* byte offset up to which characters are known */
	int counted_chars = 0;
	size_t i;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	if (PG_ARGISNULL(1))
		patterns = ref_default_patterns(&npatterns);
	else
		patterns = compile_patterns(PG_GETARG_ARRAYTYPE_P(1), &npatterns);

	remittance = PG_GETARG_TEXT_PP(0);
	s = text_utf8(remittance, &len);
	ref_extract(s, len, patterns, npatterns, collect_match, &list);
	if (list.count > 1)
		qsort(list.items, list.count, sizeof(RefMatch), match_qsort_cmp);

	for (i = 0; i < list.count; i++)
	{
		const RefMatch *m = &list.items[i];
		Datum values[4];
		bool nulls[4] = { false, false, false, false };
		int position;

		/*
		 * The core counts UTF-8 characters; in another server encoding
		 * count the server's characters, segment by segment, since a
		 * conversion need not map one character to one.
		 */
		if (encoding == PG_UTF8)
			position = (int) m->char_pos + 1;
		else if (encoding == PG_SQL_ASCII)
			position = (int) m->start + 1;
		else
		{
			if (m->start < counted_to)
			{
				counted_to = 0;
				counted_chars = 0;
			}
			if (m->start > counted_to)
			{
				const char *from = s + counted_to;
				int bytes = (int) (m->start - counted_to);
				char *segment = pg_any_to_server(from, bytes, PG_UTF8);

				if (segment != from)
					bytes = (int) strlen(segment);
				counted_chars += pg_mbstrlen_with_len(segment, bytes);
				counted_to = m->start;
			}
			position = counted_chars + 1;
		}

		values[0] = CStringGetTextDatum(ref_kind_name(m->kind));
		values[1] =
			PointerGetDatum(utf8_text(s + m->start, m->end - m->start));
		values[2] = PointerGetDatum(
			cstring_to_text_with_len(m->normalized, (int) m->normalized_len));
		values[3] = Int32GetDatum(position);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
	return (Datum) 0;
}
