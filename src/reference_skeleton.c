/*
 * reference_skeleton.c
 *		ar2c.invoice_number_skeleton() and ar2c.reference_skeletons(): the
 *		skeletons that let a damaged invoice number find its invoice (SQL
 *		wrappers of core/reference_skeleton.c). Skeletons are ASCII digits
 *		and "-", the same in every server encoding.
 */
#include "ar2c.h"

#include "funcapi.h"
#include "utils/builtins.h"

#include "core/reference_skeleton.h"

PG_FUNCTION_INFO_V1(invoice_number_skeleton);
/* 'FA-2025-01569', '2O25/1569' -> '2025-1569'; NULL for none */
Datum
invoice_number_skeleton(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	char out[REF_SKELETON_MAX + 1];
	size_t n = ref_skeleton(s, len, out);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, (int) n));
}

/* Where the skeletons go, and the tokens whose skeletons are not wanted */
typedef struct SkeletonSink
{
	ReturnSetInfo *rsinfo;
	Datum *skip;
	bool *skip_nulls;
	int nskip;
} SkeletonSink;

/* Whether s comes from a token whose skeleton is one of sink's to skip */
static bool
token_skipped(const SkeletonSink *sink, const RefSkeleton *s)
{
	int i;

	for (i = 0; i < sink->nskip; i++)
	{
		text *t = (text *) DatumGetPointer(sink->skip[i]);

		if (!sink->skip_nulls[i] && VARSIZE_ANY_EXHDR(t) == s->token_len &&
			memcmp(VARDATA_ANY(t), s->token, s->token_len) == 0)
			return true;
	}
	return false;
}

static void
put_skeleton(void *arg, const RefSkeleton *s)
{
	SkeletonSink *sink = arg;
	Datum values[4];
	bool nulls[4] = { false, false, false, false };

	if (token_skipped(sink, s))
		return;
	values[0] =
		PointerGetDatum(cstring_to_text_with_len(s->skeleton, (int) s->len));
	values[1] =
		CStringGetTextDatum(s->damage == REF_DAMAGE_SWAP ? "swapped" : "none");
	values[2] = PointerGetDatum(
		cstring_to_text_with_len(s->written, (int) s->written_len));
	values[3] = PointerGetDatum(
		cstring_to_text_with_len(s->token, (int) s->token_len));
	tuplestore_putvalues(sink->rsinfo->setResult, sink->rsinfo->setDesc,
						 values, nulls);
}

PG_FUNCTION_INFO_V1(reference_skeletons);
/*
 * The skeletons of the number-like tokens of a remittance, and their
 * adjacent swaps; with a second argument, none of the tokens whose
 * skeletons it lists (skeletons are ASCII: compared as bytes in any
 * server encoding)
 */
Datum
reference_skeletons(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	SkeletonSink sink = { NULL, NULL, NULL, 0 };

	if (PG_NARGS() > 1)
		sink.nskip = array_argument(
			PG_GETARG_ARRAYTYPE_P(1), "ar2c.reference_skeletons",
			"except_tokens", true, &sink.skip, &sink.skip_nulls);
	InitMaterializedSRF(fcinfo, 0);
	sink.rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ref_skeletons(s, len, put_skeleton, &sink);
	return (Datum) 0;
}
