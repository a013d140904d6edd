/*
 * mt940_field86.c
 *		Read field :86: of an MT940 entry: German ?NN subfields with SEPA
 *		keywords, SWIFT /CODE/ slash codes, or free text.
 *
 * Plain C (no postgres.h). See mt940_field86.h for the dialects.
 *
 * The caller's buffer holds two regions: first the text with every line
 * break removed (the structured dialects are read from it), then what
 * has to be assembled from pieces (a remittance from ?20-?29, a name
 * from ?32/?33, free text with its line breaks turned into spaces).
 * Each region is at most as long as the input (pieces lose their marks,
 * and gain at most one separating space each), and joining the text
 * before SEPA keywords to the SVWZ+ value copies less than the input
 * once more: three times the input always suffices.
 */
#include "core/mt940_field86.h"

#include <string.h>

#include "core/iban.h"

/* Width of a line of field 86, and of a German ?NN subfield */
#define FIELD86_LINE_WIDTH     65
#define FIELD86_SUBFIELD_WIDTH 27

/* The longest SEPA reference (end-to-end id, mandate, creditor id) */
#define SEPA_REFERENCE_MAX_CHARS 35

/* Subfield joins remembered: ?20-?29 and ?60-?63 make at most 13 */
#define FIELD86_MAX_JOINS 16

/* The fewest digits a domestic account number has */
#define FIELD86_ACCOUNT_MIN_DIGITS 8

/* The German business transaction code of a returned transfer */
#define GVC_TRANSFER_RETURN 159

/* Where assembled text goes */
typedef struct Field86Out
{
	char *buf;
	size_t cap;
	size_t used;
	bool full;
	/* offsets in buf where a German subfield went on a full one directly */
	size_t joins[FIELD86_MAX_JOINS];
	int join_count;
} Field86Out;

/* The SEPA keywords of the German dialect, as in the remittance */
typedef enum SepaKeyword
{
	SEPA_EREF,
	SEPA_KREF,
	SEPA_MREF,
	SEPA_CRED,
	SEPA_DEBT,
	SEPA_SVWZ,
	SEPA_ABWA,
	SEPA_ABWE,
	SEPA_IBAN,
	SEPA_BIC,
	SEPA_COAM,
	SEPA_OAMT,
	SEPA_PURP,
	SEPA_NONE
} SepaKeyword;

static const char *const sepa_keywords[] = {
	"EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "SVWZ+", "ABWA+",
	"ABWE+", "IBAN+", "BIC+",  "COAM+", "OAMT+", "PURP+",
};

/* The slash codes read; others still end the value before them */
typedef enum SlashCode
{
	SLASH_ACCW,
	SLASH_ADDR,
	SLASH_BENM,
	SLASH_BIC,
	SLASH_BUSP,
	SLASH_CDTRREF,
	SLASH_CDTRREFTP,
	SLASH_CHGS,
	SLASH_CNTP,
	SLASH_COAM,
	SLASH_CREF,
	SLASH_CSID,
	SLASH_EREF,
	SLASH_EXCH,
	SLASH_IBAN,
	SLASH_ID,
	SLASH_IREF,
	SLASH_ISDT,
	SLASH_KREF,
	SLASH_MARF,
	SLASH_NAME,
	SLASH_OCMT,
	SLASH_ORDP,
	SLASH_PREF,
	SLASH_PURP,
	SLASH_REMI,
	SLASH_RTRN,
	SLASH_SVCL,
	SLASH_TRCD,
	SLASH_TRTP,
	SLASH_ULTB,
	SLASH_ULTC,
	SLASH_ULTD,
	SLASH_NONE
} SlashCode;

static const char *const slash_codes[] = {
	"ACCW", "ADDR", "BENM", "BIC",  "BUSP", "CDTRREF", "CDTRREFTP",
	"CHGS", "CNTP", "COAM", "CREF", "CSID", "EREF",    "EXCH",
	"IBAN", "ID",   "IREF", "ISDT", "KREF", "MARF",    "NAME",
	"OCMT", "ORDP", "PREF", "PURP", "REMI", "RTRN",    "SVCL",
	"TRCD", "TRTP", "ULTB", "ULTC", "ULTD",
};

/* A slice of s */
static Mt940Text
text_of(const char *s, size_t len)
{
	Mt940Text t;

	t.ptr = s;
	t.len = len;
	return t;
}

/* Drop spaces and tabs at both ends */
static Mt940Text
text_trim(Mt940Text t)
{
	while (t.len > 0 && (t.ptr[0] == ' ' || t.ptr[0] == '\t'))
	{
		t.ptr++;
		t.len--;
	}
	while (t.len > 0 && (t.ptr[t.len - 1] == ' ' || t.ptr[t.len - 1] == '\t'))
		t.len--;
	if (t.len == 0)
		t.ptr = NULL;
	return t;
}

/* True if t is exactly the ASCII word w */
static bool
text_equals(Mt940Text t, const char *w)
{
	size_t n = strlen(w);

	return t.len == n && memcmp(t.ptr, w, n) == 0;
}

/* Characters (not bytes) of UTF-8 text: continuation bytes do not count */
static size_t
utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(char c)
{
	return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Length of the IBAN with valid check digits that starts s, or 0 */
static size_t
iban_at(const char *s, size_t len)
{
	const IbanCountry *country;
	size_t i;

	if (len < 4)
		return 0;
	country = iban_country_lookup(s, 2);
	if (country == NULL || country->length > len)
		return 0;
	for (i = 0; i < country->length; i++)
		if (!is_alnum(s[i]))
			return 0;
	return iban_checksum_ok(s, country->length) ? country->length : 0;
}

/*
 * Length of the account that starts s: an IBAN, or a domestic account
 * number of at least 8 digits (and dashes); 0 if none
 */
static size_t
account_at(const char *s, size_t len)
{
	size_t n = iban_at(s, len);
	size_t digits = 0;

	if (n > 0)
		return n;
	while (n < len && (is_digit(s[n]) || s[n] == '-'))
		digits += is_digit(s[n++]);
	return digits >= FIELD86_ACCOUNT_MIN_DIGITS ? n : 0;
}

/* Append bytes; on a full buffer append nothing and remember it */
static void
out_append(Field86Out *out, const char *s, size_t len)
{
	if (out->full || len > out->cap - out->used)
	{
		out->full = true;
		return;
	}
	memcpy(out->buf + out->used, s, len);
	out->used += len;
}

/* The SEPA keyword that starts at s[i], or SEPA_NONE */
static SepaKeyword
sepa_keyword_at(const char *s, size_t len, size_t i)
{
	size_t k;

	for (k = 0; k < SEPA_NONE; k++)
	{
		size_t n = strlen(sepa_keywords[k]);

		if (len - i >= n && memcmp(s + i, sepa_keywords[k], n) == 0)
			return (SepaKeyword) k;
	}
	return SEPA_NONE;
}

/*
 * A keyword counts where it starts the text or follows a character that
 * is not a letter or digit, so "SVWZ+" inside a word stays text.
 */
static SepaKeyword
sepa_keyword_starting(const char *s, size_t len, size_t i, size_t *kw_len)
{
	SepaKeyword kw;

	if (s[i] < 'A' || s[i] > 'Z' || (i > 0 && is_alnum(s[i - 1])))
		return SEPA_NONE;
	kw = sepa_keyword_at(s, len, i);
	if (kw != SEPA_NONE)
		*kw_len = strlen(sepa_keywords[kw]);
	return kw;
}

/* Set t to v unless it is already set */
static void
set_once(Mt940Text *t, Mt940Text v)
{
	if (t->len == 0 && v.len > 0)
		*t = v;
}

/* An end-to-end id; "NOTPROVIDED" means none */
static void
set_end_to_end(Field86 *f, Mt940Text v)
{
	if (!text_equals(v, "NOTPROVIDED"))
		set_once(&f->end_to_end_id, v);
}

/* Put the value of one SEPA keyword where it belongs */
static void
sepa_assign(Field86 *f, SepaKeyword kw, Mt940Text v, Mt940Text *svwz)
{
	v = text_trim(v);
	switch (kw)
	{
		case SEPA_EREF:
			set_end_to_end(f, v);
			break;
		case SEPA_KREF:
			set_once(&f->customer_reference, v);
			break;
		case SEPA_MREF:
			set_once(&f->mandate_reference, v);
			break;
		case SEPA_CRED:
			set_once(&f->creditor_id, v);
			break;
		case SEPA_SVWZ:
			set_once(svwz, v);
			break;
		case SEPA_ABWA:
		case SEPA_ABWE:
			set_once(&f->ultimate_party, v);
			break;
		case SEPA_IBAN:
			set_once(&f->counterparty_account, v);
			break;
		case SEPA_BIC:
			set_once(&f->counterparty_bic, v);
			break;
		case SEPA_PURP:
			set_once(&f->purpose_code, v);
			break;
		case SEPA_DEBT:
		case SEPA_COAM:
		case SEPA_OAMT:
		case SEPA_NONE:
			break;
	}
}

/* True for the keywords whose value is a SEPA reference of 35 characters */
static bool
sepa_reference(SepaKeyword kw)
{
	return kw == SEPA_EREF || kw == SEPA_KREF || kw == SEPA_MREF ||
		   kw == SEPA_CRED;
}

/*
 * A SEPA reference cannot be longer than 35 characters. One that is has
 * run into the text of the next German subfield (EREF+ filling ?20, then
 * "?21MTLG Rechnung ..."): it ends where that subfield was joined on, and
 * the rest is remittance text, returned in *rest.
 */
static Mt940Text
sepa_reference_cut(Mt940Text v, const Field86Out *out, Mt940Text *rest)
{
	const char *cut = NULL;
	int k;

	if (utf8_chars(v.ptr, v.len) <= SEPA_REFERENCE_MAX_CHARS)
		return v;
	for (k = 0; k < out->join_count; k++)
	{
		const char *j = out->buf + out->joins[k];

		if (j > v.ptr && j <= v.ptr + SEPA_REFERENCE_MAX_CHARS &&
			j < v.ptr + v.len)
			cut = j;
	}
	if (cut == NULL)
		return v;
	*rest = text_trim(text_of(cut, v.ptr + v.len - cut));
	return text_trim(text_of(v.ptr, cut - v.ptr));
}

/* Append the non-empty texts, separated by a space; the slice written */
static Mt940Text
out_join(Field86Out *out, const Mt940Text *parts, int n)
{
	size_t start = out->used;
	int i;

	for (i = 0; i < n; i++)
	{
		if (parts[i].len == 0)
			continue;
		if (out->used > start)
			out_append(out, " ", 1);
		out_append(out, parts[i].ptr, parts[i].len);
	}
	return out->full ? text_of(NULL, 0)
					 : text_of(out->buf + start, out->used - start);
}

/*
 * Split a remittance at its SEPA keywords. The remittance is the text
 * before the first keyword, what a SEPA reference ran into, and the SVWZ+
 * value, joined by spaces; without keywords it is the whole text.
 */
static void
sepa_split(Field86 *f, Mt940Text text, Field86Out *out)
{
	const char *s = text.ptr;
	size_t len = text.len;
	size_t i;
	size_t kw_len = 0;
	SepaKeyword current = SEPA_NONE;
	size_t value_start = 0;
	Mt940Text parts[3] = { { NULL, 0 }, { NULL, 0 }, { NULL, 0 } };
	bool seen = false;

	for (i = 0; i <= len; i++)
	{
		SepaKeyword kw =
			i < len ? sepa_keyword_starting(s, len, i, &kw_len) : SEPA_NONE;
		Mt940Text v;

		if (kw == SEPA_NONE && i < len)
			continue;
		if (!seen && i == len)
			break;
		if (!seen)
			parts[0] = text_trim(text_of(s, i));
		else
		{
			v = text_of(s + value_start, i - value_start);
			if (sepa_reference(current) && parts[1].len == 0)
				v = sepa_reference_cut(text_trim(v), out, &parts[1]);
			sepa_assign(f, current, v, &parts[2]);
		}
		if (i == len)
			break;
		seen = true;
		current = kw;
		value_start = i + kw_len;
		i = value_start - 1;
	}
	if (!seen)
	{
		f->remittance = text_trim(text);
		return;
	}
	if ((parts[0].len > 0) + (parts[1].len > 0) + (parts[2].len > 0) > 1)
		f->remittance = out_join(out, parts, 3);
	else
		f->remittance = parts[0].len > 0   ? parts[0]
						: parts[1].len > 0 ? parts[1]
										   : parts[2];
}

/* Length of the line break at s[i] (CR LF, LF or CR), or 0 */
static size_t
line_break_at(const char *s, size_t len, size_t i)
{
	if (s[i] == '\r')
		return (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
	return s[i] == '\n' ? 1 : 0;
}

/* Copy the text without its line breaks */
static Mt940Text
join_lines(const char *text, size_t len, Field86Out *out)
{
	size_t start = out->used;
	size_t i = 0;

	while (i < len)
	{
		size_t run = i;

		while (run < len && text[run] != '\r' && text[run] != '\n')
			run++;
		out_append(out, text + i, run - i);
		i = run;
		if (i < len)
			i += line_break_at(text, len, i);
	}
	return text_of(out->buf + start, out->used - start);
}

/*
 * Free text: a break after a full-width line is a wrap inside a word and
 * is dropped; any other break (and a run of empty lines) becomes a space.
 */
static Mt940Text
join_free_text(const char *text, size_t len, Field86Out *out)
{
	size_t start = out->used;
	size_t i = 0;
	bool pending_space = false;

	while (i < len)
	{
		size_t run = i;

		while (run < len && text[run] != '\r' && text[run] != '\n')
			run++;
		if (run > i)
		{
			if (pending_space && out->used > start)
				out_append(out, " ", 1);
			out_append(out, text + i, run - i);
			pending_space = utf8_chars(text + i, run - i) < FIELD86_LINE_WIDTH;
		}
		else
			pending_space = true;
		i = run;
		if (i < len)
			i += line_break_at(text, len, i);
	}
	return text_trim(text_of(out->buf + start, out->used - start));
}

/* True if the German subfield mark sep + two digits starts at s[i] */
static bool
german_mark_at(const char *s, size_t len, size_t i, char sep)
{
	return i + 2 < len && s[i] == sep && is_digit(s[i + 1]) &&
		   is_digit(s[i + 2]);
}

/*
 * The subfield separator of German text ('?'), or 0 if the text is not
 * German: "?NN" at the start, or three digits (the business transaction
 * code) and then "?NN". Only '?' counts, so "123:45 Uhr" stays free text.
 */
static char
german_separator(Mt940Text t, int *code)
{
	const char *s = t.ptr;

	*code = -1;
	if (german_mark_at(s, t.len, 0, '?'))
		return '?';
	if (t.len < 6 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) ||
		!german_mark_at(s, t.len, 3, '?'))
		return 0;
	*code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	return '?';
}

/* Walk to the next German subfield; false at the end */
static bool
german_next(Mt940Text t, char sep, size_t *pos, int *number,
			Mt940Text *content)
{
	const char *s = t.ptr;
	size_t i = *pos;
	size_t end;

	while (i < t.len && !german_mark_at(s, t.len, i, sep))
		i++;
	if (i >= t.len)
		return false;
	*number = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	end = i + 3;
	while (end < t.len && !german_mark_at(s, t.len, end, sep))
		end++;
	*content = text_of(s + i + 3, end - (i + 3));
	*pos = end;
	return true;
}

/* True if a German subfield number belongs to the remittance */
static bool
german_remittance_part(int number)
{
	return (number >= 20 && number <= 29) || (number >= 60 && number <= 63);
}

/*
 * Append the subfields of one kind, in order. Subfields are cut at 27
 * characters, inside words: a full one is joined to the next directly,
 * a shorter one with a space; a space also goes before a subfield that
 * opens with a SEPA keyword, so the keyword is found.
 */
static Mt940Text
german_join(Mt940Text t, char sep, bool (*wanted)(int), Field86Out *out)
{
	size_t start = out->used;
	size_t pos = 0;
	int number;
	Mt940Text content;
	bool previous_short = false;

	while (german_next(t, sep, &pos, &number, &content))
	{
		size_t kw_len;

		if (!wanted(number) || content.len == 0)
			continue;
		if (out->used > start &&
			(previous_short ||
			 sepa_keyword_starting(content.ptr, content.len, 0, &kw_len) !=
				 SEPA_NONE) &&
			out->buf[out->used - 1] != ' ' && content.ptr[0] != ' ')
			out_append(out, " ", 1);
		else if (out->used > start && !previous_short &&
				 out->join_count < FIELD86_MAX_JOINS)
			out->joins[out->join_count++] = out->used;
		out_append(out, content.ptr, content.len);
		previous_short =
			utf8_chars(content.ptr, content.len) < FIELD86_SUBFIELD_WIDTH;
	}
	return text_trim(text_of(out->buf + start, out->used - start));
}

static bool
german_name_part(int number)
{
	return number == 32 || number == 33;
}

/* The German dialect: ?00 booking text, ?2x remittance, ?3x counterparty */
static void
parse_german(Field86 *f, Mt940Text t, char sep, Field86Out *out)
{
	size_t pos = 0;
	int number;
	Mt940Text content;

	while (german_next(t, sep, &pos, &number, &content))
	{
		content = text_trim(content);
		switch (number)
		{
			case 0:
				set_once(&f->booking_text, content);
				break;
			case 30:
				set_once(&f->counterparty_bic, content);
				break;
			case 31:
				set_once(&f->counterparty_account, content);
				break;
			default:
				break;
		}
	}
	set_once(&f->counterparty_name,
			 german_join(t, sep, german_name_part, out));
	sepa_split(f, german_join(t, sep, german_remittance_part, out), out);
}

/* The slash code that starts at s[i] ("/CODE/"), or SLASH_NONE */
static SlashCode
slash_code_at(const char *s, size_t len, size_t i)
{
	size_t k;

	if (s[i] != '/')
		return SLASH_NONE;
	for (k = 0; k < SLASH_NONE; k++)
	{
		size_t n = strlen(slash_codes[k]);

		if (len - i >= n + 2 && memcmp(s + i + 1, slash_codes[k], n) == 0 &&
			s[i + 1 + n] == '/')
			return (SlashCode) k;
	}
	return SLASH_NONE;
}

/* The value of a slash code, without the slashes that close it */
static Mt940Text
slash_value(const char *s, size_t len)
{
	while (len > 0 && s[len - 1] == '/')
		len--;
	return text_trim(text_of(s, len));
}

/* Part n (from 0) of a value of parts separated by "/" */
static Mt940Text
slash_part(Mt940Text v, int n)
{
	size_t i = 0;
	size_t start = 0;

	if (v.len == 0)
		return text_of(NULL, 0);
	for (;;)
	{
		if (i == v.len || v.ptr[i] == '/')
		{
			if (n-- == 0)
				return text_trim(text_of(v.ptr + start, i - start));
			if (i == v.len)
				return text_of(NULL, 0);
			start = i + 1;
		}
		i++;
	}
}

/* /REMI/: USTD// for unstructured text, STRD/<type>/ for a reference */
static void
slash_remittance(Field86 *f, Mt940Text v)
{
	if (v.len >= 5 && memcmp(v.ptr, "USTD/", 5) == 0)
	{
		size_t i = 5;

		while (i < v.len && v.ptr[i] == '/')
			i++;
		set_once(&f->remittance, text_trim(text_of(v.ptr + i, v.len - i)));
	}
	else if (v.len >= 5 && memcmp(v.ptr, "STRD/", 5) == 0)
	{
		size_t i = 5;

		/* an optional issuer or type (CUR, ISO, SCOR) and its slash */
		while (i < v.len && v.ptr[i] != '/')
			i++;
		if (i < v.len)
			i++;
		else
			i = 5;
		set_once(&f->structured_reference,
				 text_trim(text_of(v.ptr + i, v.len - i)));
	}
	else
		set_once(&f->remittance, v);
}

/*
 * /ORDP/ and /BENM/: the party's name, or its account and then its name,
 * on one line ("/ORDP/NL74RABO.../Name") or on two (Macedonian banks:
 * "/ORDP/MK07250120000058984" and the name on the next line, which the
 * joined text runs together).
 */
static void
slash_party(Field86 *f, Mt940Text v, Mt940Text *party)
{
	Mt940Text first = slash_part(v, 0);
	size_t n = account_at(first.ptr, first.len);

	if (n == 0)
	{
		set_once(party, first);
		return;
	}
	set_once(&f->counterparty_account, text_of(first.ptr, n));
	if (n < first.len)
		set_once(party, text_trim(text_of(first.ptr + n, first.len - n)));
	else
		set_once(party, slash_part(v, 1));
}

/* Put the value of one slash code where it belongs */
static void
slash_assign(Field86 *f, SlashCode code, Mt940Text v, Mt940Text *party)
{
	switch (code)
	{
		case SLASH_EREF:
			set_end_to_end(f, v);
			break;
		case SLASH_KREF:
		case SLASH_PREF:
			set_once(&f->customer_reference, v);
			break;
		case SLASH_MARF:
			set_once(&f->mandate_reference, v);
			break;
		case SLASH_CSID:
			set_once(&f->creditor_id, v);
			break;
		case SLASH_REMI:
			slash_remittance(f, v);
			break;
		case SLASH_CDTRREF:
			set_once(&f->structured_reference, v);
			break;
		case SLASH_CNTP:
			set_once(&f->counterparty_account, slash_part(v, 0));
			set_once(&f->counterparty_bic, slash_part(v, 1));
			set_once(&f->counterparty_name, slash_part(v, 2));
			break;
		case SLASH_NAME:
			set_once(&f->counterparty_name, v);
			break;
		case SLASH_ORDP:
		case SLASH_BENM:
			slash_party(f, v, party);
			break;
		case SLASH_IBAN:
		case SLASH_ACCW:
			set_once(&f->counterparty_account, v);
			break;
		case SLASH_BIC:
			set_once(&f->counterparty_bic, v);
			break;
		case SLASH_ULTD:
		case SLASH_ULTC:
		case SLASH_ULTB:
			set_once(&f->ultimate_party, v);
			break;
		case SLASH_PURP:
			set_once(&f->purpose_code, v);
			break;
		case SLASH_CHGS:
			set_once(&f->charges, v);
			break;
		case SLASH_RTRN:
			set_once(&f->return_reason, v);
			break;
		case SLASH_TRTP:
			set_once(&f->booking_text, v);
			break;
		default:
			break;
	}
}

/* The slash dialect: "/CODE/value" repeated; values may hold slashes */
static void
parse_slash(Field86 *f, Mt940Text t)
{
	const char *s = t.ptr;
	size_t i = 0;
	Mt940Text party = { NULL, 0 };

	while (i < t.len)
	{
		SlashCode code = slash_code_at(s, t.len, i);
		size_t start;
		size_t end;

		if (code == SLASH_NONE)
		{
			i++;
			continue;
		}
		start = i + 2 + strlen(slash_codes[code]);
		end = start;
		while (end < t.len && slash_code_at(s, t.len, end) == SLASH_NONE)
			end++;
		slash_assign(f, code, slash_value(s + start, end - start), &party);
		i = end;
	}
	/* /NAME/ and /CNTP/ name the party better than /ORDP/ or /BENM/ */
	set_once(&f->counterparty_name, party);
}

/*
 * The colon dialect (Penta): "SEPA_CREDIT_TRANSFER:purpose:name:IBAN", a
 * kind in capitals with an underscore, the purpose (which may hold
 * colons), the party's name, and its IBAN (or nothing). False if the
 * text is not written so.
 */
static bool
parse_colon(Field86 *f, Mt940Text t, Field86Out *out)
{
	size_t first = 0;
	size_t last;
	size_t name;
	bool underscore = false;
	Mt940Text account;

	while (first < t.len && ((t.ptr[first] >= 'A' && t.ptr[first] <= 'Z') ||
							 is_digit(t.ptr[first]) || t.ptr[first] == '_'))
		underscore |= t.ptr[first++] == '_';
	if (first == 0 || first == t.len || t.ptr[first] != ':' || !underscore)
		return false;
	last = t.len;
	while (last > first && t.ptr[last - 1] != ':')
		last--;
	/* the colon before the name, after the one that ends the kind */
	name = last - 1;
	while (name > first && t.ptr[name - 1] != ':')
		name--;
	if (name <= first + 1)
		return false;
	account = text_trim(text_of(t.ptr + last, t.len - last));
	if (account.len > 0 && iban_at(account.ptr, account.len) != account.len)
		return false;
	f->dialect = FIELD86_COLON;
	f->booking_text = text_of(t.ptr, first);
	f->counterparty_account = account;
	f->counterparty_name = text_trim(text_of(t.ptr + name, last - 1 - name));
	sepa_split(f, text_of(t.ptr + first + 1, name - 1 - (first + 1)), out);
	return true;
}

/* The length of the line at s, and of its line break in *brk */
static size_t
line_at(const char *s, size_t len, size_t *brk)
{
	size_t n = 0;

	while (n < len && s[n] != '\r' && s[n] != '\n')
		n++;
	*brk = n < len ? line_break_at(s, len, n) : 0;
	return n;
}

/*
 * Append the logical line at *pos (a full-width line that does not end in
 * padding goes on in the next directly) and step past it; returns it,
 * trimmed
 */
static Mt940Text
logical_line(const char *text, size_t len, size_t *pos, Field86Out *out)
{
	size_t start = out->used;
	size_t n;
	size_t brk;
	bool full;

	do
	{
		n = line_at(text + *pos, len - *pos, &brk);
		out_append(out, text + *pos, n);
		full = utf8_chars(text + *pos, n) >= FIELD86_LINE_WIDTH &&
			   text[*pos + n - 1] != ' ';
		*pos += n + brk;
	} while (full && *pos < len);
	return text_trim(text_of(out->buf + start, out->used - start));
}

/*
 * The IBAN-line dialect (ASN Bank): the party's IBAN and name on the first
 * line, then lines padded with blanks, each either slash codes (/NAME/,
 * /IBAN/, /EREF/, ...) or remittance text, joined by spaces. False if the
 * first line is not an IBAN and a name.
 */
static bool
parse_iban_line(Field86 *f, const char *text, size_t len, Field86Out *out)
{
	size_t brk;
	size_t n = line_at(text, len, &brk);
	Mt940Text first = text_trim(text_of(text, n));
	size_t iban = iban_at(first.ptr, first.len);
	size_t rest = n + brk;
	size_t pos;
	size_t text_start;
	int pass;

	if (iban == 0 || iban >= first.len || first.ptr[iban] != ' ')
		return false;
	f->dialect = FIELD86_IBAN_LINE;
	/* every slice handed back lies in the buffer */
	text_start = out->used;
	out_append(out, first.ptr, first.len);
	if (out->full)
		return true;
	first = text_of(out->buf + text_start, first.len);
	f->counterparty_account = text_of(first.ptr, iban);
	f->counterparty_name =
		text_trim(text_of(first.ptr + iban, first.len - iban));
	/* the lines of codes first, then the text lines after them */
	for (pass = 0; pass < 2; pass++)
	{
		text_start = out->used;
		for (pos = rest; pos < len;)
		{
			size_t start = out->used;
			size_t sep = pass == 1 && out->used > text_start ? 1 : 0;
			bool codes;
			Mt940Text line;

			out_append(out, " ", sep);
			line = logical_line(text, len, &pos, out);
			codes = line.len > 0 &&
					slash_code_at(line.ptr, line.len, 0) != SLASH_NONE;
			if (out->full || line.len == 0 || codes != (pass == 0))
				out->used = start;
			else if (pass == 0)
				parse_slash(f, line);
			else
			{
				/* the line without its padding */
				memmove(out->buf + start + sep, line.ptr, line.len);
				out->used = start + sep + line.len;
			}
		}
	}
	/* the text lines are the remittance, unless /REMI/ gave one */
	if (f->remittance.len == 0 && out->used > text_start)
		sepa_split(
			f,
			text_trim(text_of(out->buf + text_start, out->used - text_start)),
			out);
	return true;
}

/* True if ASCII text t holds w, in any case */
static bool
text_contains_nocase(Mt940Text t, const char *w)
{
	size_t n = strlen(w);
	size_t i;
	size_t k;

	for (i = 0; i + n <= t.len; i++)
	{
		for (k = 0; k < n; k++)
		{
			char c = t.ptr[i + k];

			if (c >= 'a' && c <= 'z')
				c = (char) (c - 'a' + 'A');
			if (c != w[k])
				break;
		}
		if (k == n)
			return true;
	}
	return false;
}

/*
 * A return of one of the account owner's own transfers: German business
 * code 159, a booking text saying RETOURE, or a return reason (/RTRN/)
 */
static bool
field86_is_return(const Field86 *f)
{
	return f->transaction_code == GVC_TRANSFER_RETURN ||
		   text_contains_nocase(f->booking_text, "RETOURE") ||
		   f->return_reason.len > 0;
}

/* Read a field :86: */
void
field86_parse(const char *text, size_t len, char *buf, size_t buflen,
			  Field86 *out)
{
	Field86Out o;
	Mt940Text joined;
	char sep;
	int code;

	memset(out, 0, sizeof(*out));
	out->transaction_code = -1;
	o.buf = buf;
	o.cap = buflen;
	o.used = 0;
	o.full = false;
	o.join_count = 0;

	joined = join_lines(text, len, &o);
	sep = german_separator(joined, &code);
	if (sep != 0)
	{
		out->dialect = FIELD86_GERMAN;
		out->transaction_code = code;
		parse_german(out, joined, sep, &o);
	}
	else if (joined.len > 0 &&
			 slash_code_at(joined.ptr, joined.len, 0) != SLASH_NONE)
	{
		out->dialect = FIELD86_SLASH;
		parse_slash(out, joined);
	}
	else if (parse_colon(out, joined, &o))
		;
	else
	{
		/* the joined text is not needed any more: its room is reused */
		o.used = 0;
		if (!parse_iban_line(out, text, len, &o))
		{
			out->dialect = FIELD86_FREE;
			sepa_split(out, join_free_text(text, len, &o), &o);
		}
	}
	out->is_return = field86_is_return(out);
	out->buffer_full = o.full;
}

/* Name of a dialect */
const char *
field86_dialect_name(Field86Dialect dialect)
{
	switch (dialect)
	{
		case FIELD86_GERMAN:
			return "german";
		case FIELD86_SLASH:
			return "slash";
		case FIELD86_COLON:
			return "colon";
		case FIELD86_IBAN_LINE:
			return "iban-line";
		case FIELD86_FREE:
			break;
	}
	return "free";
}
