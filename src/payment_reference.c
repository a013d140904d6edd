/*
 * payment_reference.c
 *		SQL functions over issued payment references (RF, Belgian, Finnish,
 *		Swiss QR, KID), and the errors the invoice trigger raises when it
 *		checks or issues one (core/creditor_reference.c does the work).
 */
#include "ar2c.h"

#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "core/creditor_reference.h"

/* How much of a bad value an error message quotes */
#define QUOTE_MAX_BYTES 80

/* A reference or payload for an error message, clipped if long */
static char *
quoted(const char *s, size_t len)
{
	char *value = utf8_cstring(s, len);
	int n = (int) strlen(value);

	if (n <= QUOTE_MAX_BYTES)
		return value;
	return psprintf("%s...",
					pnstrdup(value, pg_mbcliplen(value, n, QUOTE_MAX_BYTES)));
}

/* What a reference of a scheme has, for errors: "12 digits" */
static const char *
scheme_length(CrefScheme scheme)
{
	switch (scheme)
	{
		case CREF_RF:
			return "\"RF\", two check digits and 1 to 21 letters and digits";
		case CREF_BE:
			return "12 digits";
		case CREF_FI:
			return "4 to 20 digits";
		case CREF_CH_QR:
			return "27 digits";
		case CREF_NO_KID:
			return "2 to 25 digits";
		default:
			return "at most 35 letters and digits";
	}
}

/* The scheme of a scheme name argument, or 22023 */
static CrefScheme
scheme_argument(text *name)
{
	CrefScheme scheme;

	if (!cref_scheme_from_name(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name),
							   &scheme))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown payment reference scheme \"%s\"",
						text_to_cstring(name)),
				 errhint("The schemes are rf (ISO 11649), be (Belgian "
						 "structured communication), fi (Finnish reference), "
						 "ch_qr (Swiss QR reference) and no_kid (Norwegian "
						 "KID).")));
	return scheme;
}

/* Raise 22023 for a reference the check refused (see ar2c.h) */
void
payment_reference_error(const char *s, size_t len, CrefStatus status,
						const CrefParse *parse)
{
	const char *value = quoted(s, len);
	const char *name = cref_scheme_name(parse->scheme);
	char *message = parse->scheme == CREF_NONE
						? psprintf("invalid payment reference \"%s\"", value)
						: psprintf("invalid payment reference \"%s\" for "
								   "scheme %s",
								   value, name);
	char *detail;

	switch (status)
	{
		case CREF_EMPTY:
			detail = pstrdup("It has no letter or digit.");
			break;
		case CREF_BAD_CHARACTER:
			detail =
				parse->scheme == CREF_RF
					? pstrdup("A reference of scheme rf has only letters, "
							  "digits and spaces.")
					: psprintf("A reference of scheme %s has only digits, "
							   "with spaces, \"/\" or \".\" between them.",
							   name);
			break;
		case CREF_BAD_LENGTH:
			detail =
				parse->scheme == CREF_NONE && parse->key_len == 0
					? pstrdup("It has more digits than a reference of "
							  "any scheme.")
					: psprintf("A reference of %s has %s; this one has "
							   "%zu.",
							   parse->scheme == CREF_NONE
								   ? "free text"
								   : psprintf("scheme %s", name),
							   scheme_length(parse->scheme), parse->length);
			break;
		default:
			detail = parse->scheme == CREF_NONE
						 ? pstrdup("Digits alone must be a valid reference "
								   "of a scheme of digits (be, fi, ch_qr or "
								   "no_kid); these are valid in none.")
						 : psprintf("Its check digits are wrong for scheme "
									"%s.",
									name);
			break;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg_internal("%s", message), errdetail_internal("%s", detail),
			 errhint("Check the reference for a mistyped or swapped "
					 "character; ar2c.payment_reference_scheme() says which "
					 "scheme a reference is valid in, and NULL lets ar2c "
					 "issue one by the company's scheme.")));
}

/* Raise 22023 for a payload no reference of the scheme can be made of */
void
payment_reference_make_error(CrefScheme scheme, const char *s, size_t len,
							 CrefStatus status, const CrefParse *parse,
							 const char *invoice_number)
{
	const char *name = cref_scheme_name(scheme);
	const char *what = scheme == CREF_RF ? "letters and digits" : "digits";
	int most = scheme == CREF_RF      ? 21
			   : scheme == CREF_BE    ? 10
			   : scheme == CREF_FI    ? 19
			   : scheme == CREF_CH_QR ? 26
									  : 24;
	char *message =
		invoice_number != NULL
			? psprintf("cannot issue a %s payment reference for invoice "
					   "\"%s\"",
					   name, invoice_number)
			: psprintf("cannot make a %s payment reference from \"%s\"", name,
					   quoted(s, len));

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg_internal("%s", message),
			 status == CREF_BAD_LENGTH
				 ? errdetail("It has %zu %s; a %s reference is made of at "
							 "most %d.",
							 parse->length, what, name, most)
			 : status == CREF_EMPTY
				 ? errdetail("It has no %s.", what)
				 : errdetail("It has a character other than letters, "
							 "digits, spaces and \"- / . _\"."),
			 invoice_number != NULL
				 ? errhint("Give the invoice its payment_reference, made "
						   "with ar2c.payment_reference(scheme, payload) "
						   "from a shorter payload.")
				 : errhint("Use a payload of at most %d %s, such as the "
						   "invoice number.",
						   most, what)));
}

PG_FUNCTION_INFO_V1(payment_reference);
/* Make a reference of a scheme from a payload, in its printed form */
Datum
payment_reference(PG_FUNCTION_ARGS)
{
	CrefScheme scheme = scheme_argument(PG_GETARG_TEXT_PP(0));
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(1), &len);
	CrefParse parse;
	CrefStatus status = cref_generate(scheme, s, len, &parse);

	if (status != CREF_OK)
		payment_reference_make_error(scheme, s, len, status, &parse, NULL);
	PG_RETURN_TEXT_P(cstring_to_text(parse.print));
}

PG_FUNCTION_INFO_V1(payment_reference_scheme);
/* The scheme a text is a valid reference of; NULL if none */
Datum
payment_reference_scheme(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	CrefParse parse;
	CrefScheme scheme = cref_detect(s, len, &parse);

	if (scheme == CREF_NONE)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(cref_scheme_name(scheme)));
}

PG_FUNCTION_INFO_V1(normalize_payment_reference);
/* The key a reference is matched on; NULL without a letter or digit */
Datum
normalize_payment_reference(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	char *key = palloc(len + 2);
	size_t n = cref_key(s, len, key, len + 1);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(key, (int) n));
}

typedef struct KeyRows
{
	ReturnSetInfo *rsinfo;
} KeyRows;

/* One row of payment_reference_keys (the core calls this) */
static void
put_key(void *arg, const char *key, size_t len, bool structured)
{
	KeyRows *rows = arg;
	Datum values[2];
	bool nulls[2] = { false, false };

	values[0] = PointerGetDatum(cstring_to_text_with_len(key, (int) len));
	values[1] = BoolGetDatum(structured);
	tuplestore_putvalues(rows->rsinfo->setResult, rows->rsinfo->setDesc,
						 values, nulls);
}

PG_FUNCTION_INFO_V1(payment_reference_keys);
/* The keys of a remittance text that may name an issued reference */
Datum
payment_reference_keys(PG_FUNCTION_ARGS)
{
	KeyRows rows;
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);

	InitMaterializedSRF(fcinfo, 0);
	rows.rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	cref_keys(s, len, put_key, &rows);
	return (Datum) 0;
}
