/*
 * text_similarity.c
 *		SQL functions over core/text_normalize.h, core/similarity.h and
 *		core/name_index.h: normalize_name, legal_form, normalize_reference,
 *		fold_text, pinyin, name_forms, jaro_winkler, damerau_levenshtein, token_set_similarity,
 *		name_similarity, name_key_similarity, name_tokens, name_candidates.
 *
 * The core reads UTF-8. In a UTF-8 database (and in SQL_ASCII, where the
 * server stores bytes unchecked and UTF-8 is the only reading that makes
 * sense) text goes to the core as it is stored, without a copy; in any
 * other encoding it is converted to UTF-8 first and results back.
 */
#include "ar2c.h"

#include <limits.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "core/name_index.h"
#include "core/pinyin.h"
#include "core/pinyin_name.h"
#include "core/similarity.h"
#include "core/text_normalize.h"

/* Raise 22021 for bytes that are not UTF-8, showing the bad sequence */
static void
invalid_utf8_error(const char *function, int argument, int arguments,
				   const char *s, size_t len, size_t offset)
{
	const unsigned char *p = (const unsigned char *) s + offset;
	size_t avail = len - offset;
	char bytes[32];
	size_t n = 1;
	size_t i;
	int used = 0;

	/* the bad byte and the continuation bytes that follow it */
	while (n < 4 && n < avail && (p[n] & 0xC0) == 0x80)
		n++;
	for (i = 0; i < n && avail > 0; i++)
		used += snprintf(bytes + used, sizeof(bytes) - used, "%s0x%02x",
						 i > 0 ? " " : "", p[i]);

	ereport(
		ERROR,
		(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
		 arguments > 1
			 ? errmsg(
				   "invalid UTF-8 at byte offset %zu of argument %d of %s: %s",
				   offset, argument, function, bytes)
			 : errmsg(
				   "invalid UTF-8 at byte offset %zu of the argument of %s: %s",
				   offset, function, bytes),
		 errdetail("%s reads text as UTF-8; byte offsets count from 0.",
				   function),
		 GetDatabaseEncoding() == PG_SQL_ASCII
			 ? errhint(
				   "The database encoding is SQL_ASCII, which stores bytes unchecked: store the text as UTF-8.")
			 : 0));
}

/* Raise the error for a failed similarity call */
static void
similarity_error(SimStatus status, const SimError *err, const char *function,
				 const char *a, size_t alen, const char *b, size_t blen)
{
	switch (status)
	{
		case SIM_INVALID_UTF8:
			if (err->argument == 1)
				invalid_utf8_error(function, 1, 2, a, alen, err->offset);
			invalid_utf8_error(function, 2, 2, b, blen, err->offset);
			break;
		case SIM_TOO_LONG:
			ereport(
				ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("argument %d of %s is too long: %zu characters",
						err->argument, function, err->offset),
				 errdetail(
					 "The limit is %d characters: the work grows with the product of the lengths.",
					 SIM_MAX_CHARS)));
			break;
		case SIM_NO_MEMORY:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"),
					 errdetail("%s could not allocate its work space.",
							   function)));
			break;
		case SIM_OK:
			break;
	}
}

/* Normalize the text argument as the mode says */
static Datum
normalize_text(FunctionCallInfo fcinfo, TextNormMode mode,
			   const char *function)
{
	text *t = PG_GETARG_TEXT_PP(0);
	size_t len;
	const char *s = text_utf8(t, &len);
	text *result = palloc(VARHDRSZ + len);
	size_t out_len;
	size_t bad_offset;
	char *converted;

	switch (
		text_normalize(mode, s, len, VARDATA(result), &out_len, &bad_offset))
	{
		case TEXT_OK:
			break;
		case TEXT_INVALID_UTF8:
			invalid_utf8_error(function, 1, 1, s, len, bad_offset);
			break;
		case TEXT_NO_MEMORY:
			elog(ERROR, "%s: normalized text outgrew its input", function);
			break;
	}
	if (!utf8_needs_conversion())
	{
		SET_VARSIZE(result, VARHDRSZ + out_len);
		PG_RETURN_TEXT_P(result);
	}
	converted = pg_any_to_server(VARDATA(result), (int) out_len, PG_UTF8);
	if (converted == VARDATA(result))
	{
		SET_VARSIZE(result, VARHDRSZ + out_len);
		PG_RETURN_TEXT_P(result);
	}
	PG_RETURN_TEXT_P(cstring_to_text(converted));
}

PG_FUNCTION_INFO_V1(normalize_name);
/* A payer name folded for matching: 'Müller GmbH' -> 'MULLER' */
Datum
normalize_name(PG_FUNCTION_ARGS)
{
	return normalize_text(fcinfo, TEXT_NORM_NAME, "ar2c.normalize_name");
}

PG_FUNCTION_INFO_V1(legal_form);
/* The legal forms a name states, NULL if none: 'Atlas Foods S.A.' -> 'SA' */
Datum
legal_form(PG_FUNCTION_ARGS)
{
	text *t = PG_GETARG_TEXT_PP(0);
	size_t len;
	const char *s = text_utf8(t, &len);
	char *work = palloc(len + 1);
	char *forms = palloc(2 * len);
	size_t out_len;
	size_t bad_offset;

	if (text_legal_form(s, len, work, forms, &out_len, &bad_offset) ==
		TEXT_INVALID_UTF8)
		invalid_utf8_error("ar2c.legal_form", 1, 1, s, len, bad_offset);
	if (out_len == 0)
		PG_RETURN_NULL();
	return PointerGetDatum(utf8_text(forms, out_len));
}

PG_FUNCTION_INFO_V1(payer_key);
/*
 * A payer's name normalized, NULL when nothing is left but legal forms:
 * 'Atlas Foods Ltd' -> 'ATLAS FOODS', '???? CO LTD' -> NULL
 */
Datum
payer_key(PG_FUNCTION_ARGS)
{
	size_t len;
	const char *s = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	char *name = palloc(len + 1);
	size_t name_len;
	size_t bad_offset;

	switch (
		text_normalize(TEXT_NORM_NAME, s, len, name, &name_len, &bad_offset))
	{
		case TEXT_OK:
			break;
		case TEXT_INVALID_UTF8:
			invalid_utf8_error("ar2c.payer_key", 1, 1, s, len, bad_offset);
			break;
		case TEXT_NO_MEMORY:
			elog(ERROR, "ar2c.payer_key: normalized text outgrew its input");
			break;
	}
	if (text_only_legal_forms(name, name_len,
							  palloc(TEXT_ONLY_FORMS_SCRATCH(name_len))))
		PG_RETURN_NULL();
	return PointerGetDatum(utf8_text(name, name_len));
}

PG_FUNCTION_INFO_V1(pinyin);
/* Han ideographs as toneless pinyin: '杭州ABC' -> 'hang zhou ABC' */
Datum
pinyin(PG_FUNCTION_ARGS)
{
	text *t = PG_GETARG_TEXT_PP(0);
	size_t len;
	const char *s = text_utf8(t, &len);
	char *out = palloc(PINYIN_OUT_MAX(len));
	size_t out_len;
	size_t bad_offset;

	if (pinyin_transliterate(s, len, out, &out_len, &bad_offset) ==
		TEXT_INVALID_UTF8)
		invalid_utf8_error("ar2c.pinyin", 1, 1, s, len, bad_offset);
	return PointerGetDatum(utf8_text(out, out_len));
}

/* Append the space-separated words of s[0, len) to elems, each once */
static int
add_words(Datum *elems, char **words, size_t *lens, int n, const char *s,
		  size_t len)
{
	size_t i = 0;

	while (i < len)
	{
		size_t end = i;
		int k;

		while (end < len && s[end] != ' ')
			end++;
		for (k = 0; k < n; k++)
			if (lens[k] == end - i && memcmp(words[k], s + i, end - i) == 0)
				break;
		if (end > i && k == n)
		{
			words[n] = (char *) s + i;
			lens[n] = end - i;
			elems[n] = PointerGetDatum(utf8_text(s + i, end - i));
			n++;
		}
		i = end + 1;
	}
	return n;
}

PG_FUNCTION_INFO_V1(name_forms);
/*
 * The legal forms a name states, then what they stand for in the other
 * script: '杭州瑞丰机械有限公司' -> {有限公司,CO,LTD,LIMITED,COMPANY},
 * 'Atlas Foods Ltd' -> {LTD,有限公司}; NULL if none. Chinese ones only
 * where the database can hold them (UTF-8, SQL_ASCII)
 */
Datum
name_forms(PG_FUNCTION_ARGS)
{
	text *t = PG_GETARG_TEXT_PP(0);
	size_t len;
	const char *s = text_utf8(t, &len);
	char *work = palloc(len + 1);
	char *forms = palloc(2 * len + 1);
	size_t forms_len;
	size_t bad_offset;
	size_t i = 0;
	int max;
	Datum *elems;
	char **words;
	size_t *lens;
	int n;

	if (text_legal_form(s, len, work, forms, &forms_len, &bad_offset) ==
		TEXT_INVALID_UTF8)
		invalid_utf8_error("ar2c.name_forms", 1, 1, s, len, bad_offset);
	if (forms_len == 0)
		PG_RETURN_NULL();
	max = (int) forms_len * 7 + 1; /* a form, then at most six more */
	elems = palloc(max * sizeof(Datum));
	words = palloc(max * sizeof(char *));
	lens = palloc(max * sizeof(size_t));
	n = add_words(elems, words, lens, 0, forms, forms_len);
	while (i < forms_len)
	{
		size_t end = i;
		const char *other;

		while (end < forms_len && forms[end] != ' ')
			end++;
		other = pinyin_form_equivalents(forms + i, end - i);
		if (!utf8_needs_conversion() || (unsigned char) other[0] < 0x80)
			n = add_words(elems, words, lens, n, other, strlen(other));
		i = end + 1;
	}
	PG_RETURN_ARRAYTYPE_P(
		construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(normalize_reference);
/* A reference with only letters and digits: 'ＩＮＶ－２０２６' -> 'INV2026' */
Datum
normalize_reference(PG_FUNCTION_ARGS)
{
	return normalize_text(fcinfo, TEXT_NORM_REFERENCE,
						  "ar2c.normalize_reference");
}

PG_FUNCTION_INFO_V1(fold_text);
/* Width, case and accents folded, punctuation kept: 'ＩＮＶ－２０２６' -> 'INV-2026' */
Datum
fold_text(PG_FUNCTION_ARGS)
{
	return normalize_text(fcinfo, TEXT_NORM_FOLD, "ar2c.fold_text");
}

/* The two text arguments as UTF-8 */
typedef struct TextPair
{
	const char *a;
	size_t alen;
	const char *b;
	size_t blen;
} TextPair;

/* Read the first two arguments */
static void
text_pair(FunctionCallInfo fcinfo, TextPair *pair)
{
	pair->a = text_utf8(PG_GETARG_TEXT_PP(0), &pair->alen);
	pair->b = text_utf8(PG_GETARG_TEXT_PP(1), &pair->blen);
}

PG_FUNCTION_INFO_V1(jaro_winkler);
/* Jaro-Winkler similarity of two strings, on code points */
Datum
jaro_winkler(PG_FUNCTION_ARGS)
{
	TextPair p;
	SimError err;
	SimStatus st;
	double result;

	text_pair(fcinfo, &p);
	st = sim_jaro_winkler_utf8(p.a, p.alen, p.b, p.blen, &result, &err);
	if (st != SIM_OK)
		similarity_error(st, &err, "ar2c.jaro_winkler", p.a, p.alen, p.b,
						 p.blen);
	PG_RETURN_FLOAT8(result);
}

/* Damerau-Levenshtein with a bound; max_distance < 0 means none */
static Datum
damerau_levenshtein_bounded(FunctionCallInfo fcinfo, int max_distance)
{
	TextPair p;
	SimError err;
	SimStatus st;
	int result;

	text_pair(fcinfo, &p);
	if (max_distance < 0)
		max_distance = INT_MAX; /* no bound: the distance is at most the
								 * longer length */
	st = sim_damerau_levenshtein_utf8(p.a, p.alen, p.b, p.blen, max_distance,
									  &result, &err);
	if (st != SIM_OK)
		similarity_error(st, &err, "ar2c.damerau_levenshtein", p.a, p.alen,
						 p.b, p.blen);
	PG_RETURN_INT32(result);
}

PG_FUNCTION_INFO_V1(damerau_levenshtein_max);
/* Restricted edit distance, or max_distance + 1 when above max_distance */
Datum
damerau_levenshtein_max(PG_FUNCTION_ARGS)
{
	int32 max_distance = PG_GETARG_INT32(2);

	if (max_distance < 0)
		ereport(
			ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("max_distance must not be negative: %d", max_distance),
			 errhint(
				 "Pass 0 or more, or call ar2c.damerau_levenshtein(a, b) for no bound.")));
	return damerau_levenshtein_bounded(fcinfo, max_distance);
}

PG_FUNCTION_INFO_V1(damerau_levenshtein);
/* Restricted edit distance, unbounded */
Datum
damerau_levenshtein(PG_FUNCTION_ARGS)
{
	return damerau_levenshtein_bounded(fcinfo, -1);
}

/* A score of the two text arguments by one of similarity.h's *_utf8 */
typedef SimStatus (*Utf8Score)(const char *a, size_t alen, const char *b,
							   size_t blen, double *result, SimError *err);

static Datum
utf8_score(FunctionCallInfo fcinfo, Utf8Score score, const char *function)
{
	TextPair p;
	SimError err;
	SimStatus st;
	double result;

	text_pair(fcinfo, &p);
	st = score(p.a, p.alen, p.b, p.blen, &result, &err);
	if (st != SIM_OK)
		similarity_error(st, &err, function, p.a, p.alen, p.b, p.blen);
	PG_RETURN_FLOAT8(result);
}

PG_FUNCTION_INFO_V1(token_set_similarity);
/* Dice coefficient of the word sets of two normalized names */
Datum
token_set_similarity(PG_FUNCTION_ARGS)
{
	return utf8_score(fcinfo, sim_token_set_utf8, "ar2c.token_set_similarity");
}

PG_FUNCTION_INFO_V1(name_similarity);
/* Payer-name score of two names, normalized first */
Datum
name_similarity(PG_FUNCTION_ARGS)
{
	return utf8_score(fcinfo, sim_name_utf8, "ar2c.name_similarity");
}

PG_FUNCTION_INFO_V1(name_key_similarity);
/* The same score of two names normalize_name has normalized already */
Datum
name_key_similarity(PG_FUNCTION_ARGS)
{
	return utf8_score(fcinfo, sim_name_keys_utf8, "ar2c.name_key_similarity");
}

PG_FUNCTION_INFO_V1(name_tokens);
/* Tokens of a normalized name: words, or character bigrams of Chinese */
Datum
name_tokens(PG_FUNCTION_ARGS)
{
	text *t = PG_GETARG_TEXT_PP(0);
	size_t len;
	const char *s = text_utf8(t, &len);
	char *key = palloc(len + 1);
	size_t key_len;
	size_t bad_offset;
	NameToken *tokens;
	Datum *elems;
	int count;
	int i;

	if (text_normalize(TEXT_NORM_NAME, s, len, key, &key_len, &bad_offset) ==
		TEXT_INVALID_UTF8)
		invalid_utf8_error("ar2c.name_tokens", 1, 1, s, len, bad_offset);
	count = name_tokenize(key, key_len, &tokens);
	if (count < 0)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
						errmsg("out of memory in ar2c.name_tokens")));
	elems = palloc(sizeof(Datum) * (count > 0 ? count : 1));
	for (i = 0; i < count; i++)
		elems[i] =
			PointerGetDatum(utf8_text(key + tokens[i].offset, tokens[i].len));
	free(tokens);
	PG_RETURN_ARRAYTYPE_P(
		construct_array(elems, count, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(name_candidates);
/*
 * For each payer name, the most similar of the given names that hold its
 * known tokens: (payer name, name, similarity). Both lists are of names
 * normalize_name has normalized.
 */
Datum
name_candidates(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType *names_arr = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType *payers_arr = PG_GETARG_ARRAYTYPE_P(1);
	int max_names = PG_GETARG_INT32(2);
	Datum *names_d;
	Datum *payers_d;
	bool *names_n;
	bool *payers_n;
	int nnames;
	int npayers;
	const char **names;
	size_t *lens;
	NameIndex *index;
	NameHit *hits;
	int i;

	if (max_names < 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("name_candidates needs max_names >= 1, not %d",
							   max_names)));
	deconstruct_array(names_arr, TEXTOID, -1, false, TYPALIGN_INT, &names_d,
					  &names_n, &nnames);
	deconstruct_array(payers_arr, TEXTOID, -1, false, TYPALIGN_INT, &payers_d,
					  &payers_n, &npayers);
	names = palloc(sizeof(char *) * (nnames > 0 ? nnames : 1));
	lens = palloc(sizeof(size_t) * (nnames > 0 ? nnames : 1));
	for (i = 0; i < nnames; i++)
	{
		names[i] = "";
		lens[i] = 0;
		if (!names_n[i])
			names[i] = text_utf8(DatumGetTextPP(names_d[i]), &lens[i]);
	}
	index = name_index_build(names, lens, nnames);
	if (index == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
						errmsg("out of memory in ar2c.name_candidates")));
	hits = palloc(sizeof(NameHit) * max_names);

	InitMaterializedSRF(fcinfo, 0);
	PG_TRY();
	{
		for (i = 0; i < npayers; i++)
		{
			size_t len;
			const char *payer;
			int found;
			int k;

			if (payers_n[i])
				continue;
			payer = text_utf8(DatumGetTextPP(payers_d[i]), &len);
			found = name_index_lookup(index, payer, len, max_names, hits);
			if (found < 0)
				ereport(ERROR,
						(errcode(ERRCODE_OUT_OF_MEMORY),
						 errmsg("out of memory in ar2c.name_candidates")));
			for (k = 0; k < found; k++)
			{
				Datum values[3];
				bool nulls[3] = { false, false, false };

				values[0] = payers_d[i];
				values[1] = names_d[hits[k].name];
				values[2] = Float8GetDatum(hits[k].similarity);
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
									 values, nulls);
			}
		}
	}
	PG_FINALLY();
	{
		name_index_free(index);
	}
	PG_END_TRY();
	return (Datum) 0;
}
