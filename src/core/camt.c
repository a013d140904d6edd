/*
 * camt.c
 *		Read camt.053, camt.054 and camt.052 documents: one parse with
 *		libxml2, one walk over the tree. See camt.h.
 */
#include "core/camt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/money_cur.h"
#include "core/mt940.h"

#define CAMT_NAMESPACE "urn:iso:std:iso:20022:tech:xsd:camt.05"
#define PATH_MAX_CHARS 96
#define BLOCK_SIZE     16384
/* Characters of a found value quoted in a message */
#define QUOTE_MAX_CHARS 100

struct CamtBlock
{
	CamtBlock *next;
	size_t size;
	size_t used;
	char data[];
};

/* A position in the scratch memory, to free back to */
typedef struct ScratchMark
{
	CamtBlock *block;
	size_t used;
} ScratchMark;

/* The three kinds: their container, their item and its name in messages */
typedef struct CamtKindInfo
{
	CamtKind kind;
	const char *container;
	const char *item;
	const char *word;
} CamtKindInfo;

static const CamtKindInfo kinds[] = {
	{ CAMT_053, "BkToCstmrStmt", "Stmt", "statement" },
	{ CAMT_054, "BkToCstmrDbtCdtNtfctn", "Ntfctn", "notification" },
	{ CAMT_052, "BkToCstmrAcctRpt", "Rpt", "report" },
};

typedef struct Walk
{
	CamtReader *reader;
	CamtError *err;
	const xmlNs *ns; /* of the root element */
	const xmlChar *ns_href;
	const CamtKindInfo *kind;
	char format[16]; /* "camt.053.001.08" */
	CamtRowFunction emit;
	void *context;
	/* the rows of the entry being read, and its transactions */
	CamtRow *rows;
	size_t rows_capacity;
	xmlNode **transactions;
	size_t transactions_capacity;
} Walk;

/* ---- scratch memory ---- */

/* n bytes that live until the reader is freed or released to a mark */
static char *
scratch(CamtReader *r, size_t n)
{
	CamtBlock *b = r->blocks;
	char *p;

	if (b == NULL || b->size - b->used < n)
	{
		size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;

		b = malloc(sizeof(CamtBlock) + size);
		if (b == NULL)
			return NULL;
		b->next = r->blocks;
		b->size = size;
		b->used = 0;
		r->blocks = b;
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

static ScratchMark
scratch_mark(const CamtReader *r)
{
	ScratchMark m;

	m.block = r->blocks;
	m.used = r->blocks != NULL ? r->blocks->used : 0;
	return m;
}

/* Free what was taken since the mark */
static void
scratch_release(CamtReader *r, ScratchMark m)
{
	while (r->blocks != NULL && r->blocks != m.block)
	{
		CamtBlock *b = r->blocks;

		r->blocks = b->next;
		free(b);
	}
	if (r->blocks != NULL)
		r->blocks->used = m.used;
}

void
camt_reader_init(CamtReader *reader)
{
	reader->doc = NULL;
	reader->blocks = NULL;
}

void
camt_reader_free(CamtReader *reader)
{
	ScratchMark none = { NULL, 0 };

	if (reader->doc != NULL)
		xmlFreeDoc((xmlDocPtr) reader->doc);
	reader->doc = NULL;
	scratch_release(reader, none);
}

/* ---- errors ---- */

/* Fill err; returns false, so that callers can "return fail(...)" */
static bool fail(Walk *w, CamtStatus status, const char *detail,
				 const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static bool
fail(Walk *w, CamtStatus status, const char *detail, const char *hint,
	 const char *fmt, ...)
{
	va_list ap;

	w->err->status = status;
	va_start(ap, fmt);
	vsnprintf(w->err->message, CAMT_MESSAGE_MAX, fmt, ap);
	va_end(ap);
	snprintf(w->err->detail, CAMT_MESSAGE_MAX, "%s", detail ? detail : "");
	snprintf(w->err->hint, CAMT_MESSAGE_MAX, "%s", hint ? hint : "");
	return false;
}

static bool
out_of_memory(Walk *w)
{
	return fail(w, CAMT_NO_MEMORY, NULL, NULL, "out of memory");
}

/* The length of a value to quote: at most QUOTE_MAX_CHARS, whole UTF-8 */
static int
quote_len(CamtText t)
{
	size_t n = t.len;

	if (n > QUOTE_MAX_CHARS)
	{
		n = QUOTE_MAX_CHARS;
		while (n > 0 && (t.ptr[n] & 0xC0) == 0x80)
			n--;
	}
	return (int) n;
}

/* "invalid camt.053 document at PATH: problem" */
static bool fail_at(Walk *w, CamtStatus status, const char *path,
					const char *detail, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static bool
fail_at(Walk *w, CamtStatus status, const char *path, const char *detail,
		const char *fmt, ...)
{
	char problem[CAMT_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	return fail(w, status, detail, NULL,
				"invalid camt.%03d document at %s: %s", (int) w->kind->kind,
				path, problem);
}

/* ---- the tree ---- */

static bool
is_element(const Walk *w, const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
		   (n->ns == w->ns || xmlStrEqual(n->ns->href, w->ns_href)) &&
		   strcmp((const char *) n->name, name) == 0;
}

/* The first child element called name */
static xmlNode *
child(const Walk *w, const xmlNode *n, const char *name)
{
	xmlNode *c;

	if (n == NULL)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (is_element(w, c, name))
			return c;
	return NULL;
}

/* The first child element of any name */
static xmlNode *
first_element(const xmlNode *n)
{
	xmlNode *c;

	if (n == NULL)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A slice without surrounding white space; absent when empty */
static CamtText
trimmed(const char *p, size_t len)
{
	CamtText t = { NULL, 0 };

	while (len > 0 && is_space(*p))
		p++, len--;
	while (len > 0 && is_space(p[len - 1]))
		len--;
	if (len > 0)
	{
		t.ptr = p;
		t.len = len;
	}
	return t;
}

static bool
is_text_node(const xmlNode *n)
{
	return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

/* Bytes of the text below n, copied to out when it is not NULL */
static size_t
gather_text(const xmlNode *n, char *out)
{
	const xmlNode *c;
	size_t len = 0;

	for (c = n->children; c != NULL; c = c->next)
	{
		if (is_text_node(c) && c->content != NULL)
		{
			size_t l = strlen((const char *) c->content);

			if (out != NULL)
				memcpy(out + len, c->content, l);
			len += l;
		}
		else if (c->type == XML_ELEMENT_NODE)
			len += gather_text(c, out != NULL ? out + len : NULL);
	}
	return len;
}

/*
 * The text of an element (all the text below it, as XPath's string
 * value), trimmed; absent for a missing element
 */
static bool
text_of(Walk *w, const xmlNode *n, CamtText *out)
{
	const xmlNode *c;
	size_t len;
	char *buf;

	out->ptr = NULL;
	out->len = 0;
	if (n == NULL)
		return true;
	c = n->children;
	if (c == NULL)
		return true;
	if (c->next == NULL && is_text_node(c))
	{
		if (c->content != NULL)
			*out = trimmed((const char *) c->content,
						   strlen((const char *) c->content));
		return true;
	}
	len = gather_text(n, NULL);
	if (len == 0)
		return true;
	buf = scratch(w->reader, len);
	if (buf == NULL)
		return out_of_memory(w);
	gather_text(n, buf);
	*out = trimmed(buf, len);
	return true;
}

/* The text of the first child called name */
static bool
child_text(Walk *w, const xmlNode *n, const char *name, CamtText *out)
{
	return text_of(w, child(w, n, name), out);
}

/* The value of attribute name, trimmed */
static CamtText
attribute(const xmlNode *n, const char *name)
{
	const xmlAttr *a;
	CamtText none = { NULL, 0 };

	if (n == NULL)
		return none;
	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *) a->name, name) == 0 && a->children != NULL &&
			a->children->content != NULL)
			return trimmed((const char *) a->children->content,
						   strlen((const char *) a->children->content));
	return none;
}

static bool
text_equals(CamtText t, const char *s)
{
	return t.ptr != NULL && t.len == strlen(s) && memcmp(t.ptr, s, t.len) == 0;
}

static bool
same_text(CamtText a, CamtText b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* A copy of a slice in scratch memory, NUL-terminated */
static CamtText scratch_printf(Walk *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static CamtText
scratch_printf(Walk *w, const char *fmt, ...)
{
	CamtText t = { NULL, 0 };
	va_list ap;
	char buf[256];
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return t;
	if ((size_t) n >= sizeof(buf))
		n = sizeof(buf) - 1;
	p = scratch(w->reader, (size_t) n + 1);
	if (p == NULL)
		return t;
	memcpy(p, buf, (size_t) n + 1);
	t.ptr = p;
	t.len = (size_t) n;
	return t;
}

/* ---- values ---- */

/* An amount in its currency ("1234.56" Ccy="EUR"), exactly */
static bool
read_amount(Walk *w, const xmlNode *amt, const char *path, CamtAmount *out)
{
	CamtText value;
	CamtText code = attribute(amt, "Ccy");
	const CurrencyInfo *info;
	Mt940Status status;
	int64_t units;
	char detail[128];

	if (!text_of(w, amt, &value))
		return false;
	if (value.ptr == NULL)
		return fail(w, CAMT_INVALID, NULL, NULL, "missing amount at %s", path);
	if (code.ptr == NULL)
		return fail(w, CAMT_INVALID, NULL, NULL,
					"missing currency (Ccy) at %s", path);
	info = currency_lookup(code.ptr, code.len);
	if (info == NULL || info->minor_units < 0)
		return fail(
			w, CAMT_INVALID,
			"An amount's Ccy must be an ISO 4217 code with minor units.", NULL,
			"invalid currency \"%.*s\" at %s", quote_len(code), code.ptr,
			path);
	/* ISO 20022 amounts: up to 18 digits, 5 of them decimals */
	status = mt940_parse_decimal(value.ptr, value.len, '.', false, 19,
								 info->minor_units, &units);
	if (status != MT940_OK)
	{
		if (status == MT940_TOO_MANY_DECIMALS)
			snprintf(detail, sizeof(detail), "%s has %d decimals.", info->code,
					 info->minor_units);
		else
			snprintf(detail, sizeof(detail),
					 "An amount is digits with an optional decimal point, "
					 "such as 1234.56.");
		return fail(w, CAMT_INVALID, detail, NULL,
					"invalid amount \"%.*s\" %.*s at %s", quote_len(value),
					value.ptr, quote_len(code), code.ptr, path);
	}
	out->present = true;
	out->units = units;
	out->currency = currency_pack(info->code, 3);
	return true;
}

static bool
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month(int year, int month)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

static int
digits(const char *p, int n)
{
	int v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/*
 * The date of the first child of a date choice (Dt or DtTm: an ISODate
 * or ISODateTime); absent when there is none, unless required
 */
static bool
read_date(Walk *w, const xmlNode *choice, bool required, const char *path,
		  CamtDate *out)
{
	CamtText v;
	size_t i;

	out->year = 0;
	if (!text_of(w, first_element(choice), &v))
		return false;
	if (v.ptr == NULL)
	{
		if (required)
			return fail(w, CAMT_INVALID, NULL, NULL, "missing date at %s",
						path);
		return true;
	}
	for (i = 0; i < 10 && i < v.len; i++)
		if ((i == 4 || i == 7) ? v.ptr[i] != '-'
							   : !(v.ptr[i] >= '0' && v.ptr[i] <= '9'))
			break;
	if (i == 10 && (v.len == 10 || v.ptr[10] == 'T'))
	{
		int year = digits(v.ptr, 4);
		int month = digits(v.ptr + 5, 2);
		int day = digits(v.ptr + 8, 2);

		if (year >= 1 && month >= 1 && month <= 12 && day >= 1 &&
			day <= days_in_month(year, month))
		{
			out->year = year;
			out->month = month;
			out->day = day;
			return true;
		}
	}
	return fail(w, CAMT_INVALID,
				"A date is YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss.", NULL,
				"invalid date \"%.*s\" at %s", quote_len(v), v.ptr, path);
}

/* CRDT or DBIT as 'C' or 'D'; 0 for anything else */
static char
direction_of(CamtText t)
{
	if (text_equals(t, "CRDT"))
		return 'C';
	if (text_equals(t, "DBIT"))
		return 'D';
	return 0;
}

/* ---- statements ---- */

/* A balance: date, indicator and amount, signed */
static bool
read_balance(Walk *w, const xmlNode *bal, const char *type, bool opening,
			 const char *item_path, CamtDate *date, CamtAmount *amount)
{
	char path[PATH_MAX_CHARS + 32];
	CamtText indicator;
	char direction;

	snprintf(path, sizeof(path), "%s/Bal[%s]/Dt", item_path, type);
	if (!read_date(w, child(w, bal, "Dt"), true, path, date))
		return false;
	if (!child_text(w, bal, "CdtDbtInd", &indicator))
		return false;
	direction = direction_of(indicator);
	if (direction == 0)
	{
		snprintf(path, sizeof(path), "%s/Bal", item_path);
		return fail_at(
			w, CAMT_INVALID, path,
			opening ? "A statement has a Bal of type OPBD (or PRCD) with "
					  "CdtDbtInd CRDT or DBIT."
					: "A statement has a Bal of type CLBD with CdtDbtInd "
					  "CRDT or DBIT.",
			"the %s balance's CdtDbtInd is \"%.*s\"",
			opening ? "opening" : "closing", quote_len(indicator),
			indicator.ptr ? indicator.ptr : "");
	}
	snprintf(path, sizeof(path), "%s/Bal[%s]/Amt", item_path, type);
	if (!read_amount(w, child(w, bal, "Amt"), path, amount))
		return false;
	if (direction == 'D')
		amount->units = -amount->units;
	return true;
}

/* The account: Acct/Id/IBAN or Acct/Id/Othr/Id, whichever comes first */
static bool
read_account(Walk *w, const xmlNode *acct, CamtText *out)
{
	xmlNode *c;

	out->ptr = NULL;
	for (c = child(w, acct, "Id") ? child(w, acct, "Id")->children : NULL;
		 c != NULL; c = c->next)
	{
		if (is_element(w, c, "IBAN"))
			return text_of(w, c, out);
		if (is_element(w, c, "Othr") && child(w, c, "Id") != NULL)
			return child_text(w, c, "Id", out);
	}
	return true;
}

/* The code of a balance: Tp/CdOrPrtry/Cd */
static bool
balance_type(Walk *w, const xmlNode *bal, CamtText *out)
{
	return child_text(w, child(w, child(w, bal, "Tp"), "CdOrPrtry"), "Cd",
					  out);
}

static bool read_entry(Walk *w, const CamtStatement *st, const xmlNode *ntry,
					   int number, bool *emitted);

static bool
read_statement(Walk *w, const xmlNode *item, int number)
{
	CamtStatement st;
	char path[PATH_MAX_CHARS];
	const xmlNode *c;
	const xmlNode *id = NULL;
	const xmlNode *sequence = NULL;
	const xmlNode *acct = NULL;
	const xmlNode *opbd = NULL;
	const xmlNode *prcd = NULL;
	const xmlNode *clbd = NULL;
	bool emitted = false;
	int entries = 0;

	memset(&st, 0, sizeof(st));
	st.format = w->format;
	st.number = number;
	snprintf(path, sizeof(path), "%s[%d]", w->kind->item, number);
	st.path.ptr = path;
	st.path.len = strlen(path);

	for (c = item->children; c != NULL; c = c->next)
	{
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (id == NULL && is_element(w, c, "Id"))
			id = c;
		else if (sequence == NULL && (is_element(w, c, "ElctrncSeqNb") ||
									  is_element(w, c, "LglSeqNb")))
			sequence = c;
		else if (acct == NULL && is_element(w, c, "Acct"))
			acct = c;
		else if (w->kind->kind == CAMT_053 && is_element(w, c, "Bal"))
		{
			CamtText type;

			if (!balance_type(w, c, &type))
				return false;
			if (opbd == NULL && text_equals(type, "OPBD"))
				opbd = c;
			else if (prcd == NULL && text_equals(type, "PRCD"))
				prcd = c;
			else if (clbd == NULL && text_equals(type, "CLBD"))
				clbd = c;
		}
	}
	if (!text_of(w, id, &st.id) || !text_of(w, sequence, &st.sequence) ||
		!read_account(w, acct, &st.account))
		return false;
	if (st.id.ptr == NULL)
		return fail_at(w, CAMT_INVALID, path, NULL, "the %s has no Id",
					   w->kind->word);
	if (st.account.ptr == NULL)
		return fail_at(
			w, CAMT_INVALID, path, NULL,
			"the %s has no account (Acct/Id/IBAN or Acct/Id/Othr/Id)",
			w->kind->word);
	if (w->kind->kind == CAMT_053)
	{
		/* the opening balance is OPBD, or PRCD (the previous closing) */
		if (opbd == NULL && prcd == NULL)
			return fail_at(w, CAMT_INVALID, path,
						   "A statement has a Bal of type OPBD (or PRCD).",
						   "the statement has no opening balance");
		if (!read_balance(w, opbd ? opbd : prcd, opbd ? "OPBD" : "PRCD", true,
						  path, &st.opening_date, &st.opening))
			return false;
		if (clbd == NULL)
			return fail_at(w, CAMT_INVALID, path,
						   "A statement has a Bal of type CLBD.",
						   "the statement has no closing balance");
		if (!read_balance(w, clbd, "CLBD", false, path, &st.closing_date,
						  &st.closing))
			return false;
	}

	for (c = item->children; c != NULL; c = c->next)
		if (is_element(w, c, "Ntry"))
		{
			ScratchMark mark = scratch_mark(w->reader);

			if (!read_entry(w, &st, c, ++entries, &emitted))
				return false;
			scratch_release(w->reader, mark);
		}
	if (!emitted)
		w->emit(w->context, &st, NULL);
	return true;
}

/* ---- entries ---- */

/* The bank transaction code: Domn/Cd/Fmly/Cd/SubFmlyCd, else Prtry/Cd */
static bool
transaction_code(Walk *w, const xmlNode *bktxcd, CamtText *code,
				 CamtText *sub_family)
{
	const xmlNode *domain = child(w, bktxcd, "Domn");
	const xmlNode *family = child(w, domain, "Fmly");
	CamtText d;
	CamtText f;

	if (!child_text(w, domain, "Cd", &d) || !child_text(w, family, "Cd", &f) ||
		!child_text(w, family, "SubFmlyCd", sub_family))
		return false;
	if (d.ptr == NULL && f.ptr == NULL && sub_family->ptr == NULL)
		return child_text(w, child(w, bktxcd, "Prtry"), "Cd", code);
	/* as "Domn/Fmly/Sub" with the slashes of absent trailing parts cut */
	if (sub_family->ptr != NULL)
		*code = scratch_printf(
			w, "%.*s/%.*s/%.*s", (int) d.len, d.ptr ? d.ptr : "", (int) f.len,
			f.ptr ? f.ptr : "", (int) sub_family->len, sub_family->ptr);
	else if (f.ptr != NULL)
		*code = scratch_printf(w, "%.*s/%.*s", (int) d.len, d.ptr ? d.ptr : "",
							   (int) f.len, f.ptr);
	else
		*code = d;
	if (code->ptr == NULL)
		return out_of_memory(w);
	return true;
}

static bool
is_return_code(CamtText sub_family)
{
	return text_equals(sub_family, "RTRN") || text_equals(sub_family, "RRTN");
}

/* A party's name: Nm, or Pty/Nm (.08), whichever comes first */
static bool
party_name(Walk *w, const xmlNode *party, CamtText *out)
{
	const xmlNode *c;

	out->ptr = NULL;
	for (c = party ? party->children : NULL; c != NULL; c = c->next)
	{
		if (is_element(w, c, "Nm"))
			return text_of(w, c, out);
		if (is_element(w, c, "Pty") && child(w, c, "Nm") != NULL)
			return child_text(w, c, "Nm", out);
	}
	return true;
}

/* An agent's BIC: FinInstnId/BIC (.02) or FinInstnId/BICFI */
static bool
agent_bic(Walk *w, const xmlNode *agent, CamtText *out)
{
	const xmlNode *c;

	out->ptr = NULL;
	for (c = child(w, agent, "FinInstnId")
				 ? child(w, agent, "FinInstnId")->children
				 : NULL;
		 c != NULL; c = c->next)
		if (is_element(w, c, "BIC") || is_element(w, c, "BICFI"))
			return text_of(w, c, out);
	return true;
}

/* RmtInf/Ustrd, all of them, joined by spaces */
static bool
remittance(Walk *w, const xmlNode *rmtinf, CamtText *out)
{
	const xmlNode *c;
	CamtText parts[16];
	int n = 0;
	size_t len = 0;
	char *buf;
	int i;

	out->ptr = NULL;
	for (c = rmtinf ? rmtinf->children : NULL; c != NULL; c = c->next)
		if (is_element(w, c, "Ustrd"))
		{
			CamtText t;

			if (!text_of(w, c, &t))
				return false;
			if (t.ptr == NULL)
				continue;
			if (n == 0)
				*out = t;
			if (n < (int) (sizeof(parts) / sizeof(parts[0])))
			{
				parts[n++] = t;
				len += t.len + 1;
			}
		}
	if (n <= 1)
		return true;
	buf = scratch(w->reader, len);
	if (buf == NULL)
		return out_of_memory(w);
	len = 0;
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			buf[len++] = ' ';
		memcpy(buf + len, parts[i].ptr, parts[i].len);
		len += parts[i].len;
	}
	out->ptr = buf;
	out->len = len;
	return true;
}

/* RmtInf/Strd/CdtrRefInf/Ref of the first Strd that has one */
static bool
creditor_reference(Walk *w, const xmlNode *rmtinf, CamtText *out)
{
	const xmlNode *c;

	out->ptr = NULL;
	for (c = rmtinf ? rmtinf->children : NULL; c != NULL; c = c->next)
		if (is_element(w, c, "Strd"))
		{
			const xmlNode *ref = child(w, child(w, c, "CdtrRefInf"), "Ref");

			if (ref != NULL)
				return text_of(w, ref, out);
		}
	return true;
}

/* Add one charge amount to the running total */
static bool
add_charge(Walk *w, const xmlNode *amt, const char *path, int *count,
		   bool *mixed, ar2c_int128 *sum, CamtAmount *first)
{
	CamtAmount a;

	if (!read_amount(w, amt, path, &a))
		return false;
	if (*count == 0)
		*first = a;
	else if (a.currency != first->currency)
		*mixed = true;
	*sum += a.units;
	(*count)++;
	return true;
}

/*
 * The charges of an entry or transaction: the first TtlChrgsAndTaxAmt
 * when given, else the sum of Chrgs/Amt (.02) and Chrgs/Rcrd/Amt;
 * absent when there are none or they mix currencies
 */
static bool
read_charges(Walk *w, const xmlNode *parent, const char *origin,
			 CamtAmount *out)
{
	const xmlNode *chrgs;
	const xmlNode *c;
	char path[PATH_MAX_CHARS + 64];
	CamtAmount total = { false, 0, 0 };
	CamtAmount first = { false, 0, 0 };
	ar2c_int128 sum = 0;
	int count = 0;
	bool mixed = false;

	out->present = false;
	for (chrgs = parent->children; chrgs != NULL; chrgs = chrgs->next)
	{
		if (!is_element(w, chrgs, "Chrgs"))
			continue;
		for (c = chrgs->children; c != NULL; c = c->next)
		{
			if (is_element(w, c, "TtlChrgsAndTaxAmt"))
			{
				snprintf(path, sizeof(path), "%s/Chrgs/TtlChrgsAndTaxAmt",
						 origin);
				if (!total.present && !read_amount(w, c, path, &total))
					return false;
			}
			else if (is_element(w, c, "Amt"))
			{
				snprintf(path, sizeof(path), "%s/Chrgs/Amt", origin);
				if (!add_charge(w, c, path, &count, &mixed, &sum, &first))
					return false;
			}
			else if (is_element(w, c, "Rcrd") && child(w, c, "Amt") != NULL)
			{
				snprintf(path, sizeof(path), "%s/Chrgs/Amt", origin);
				if (!add_charge(w, child(w, c, "Amt"), path, &count, &mixed,
								&sum, &first))
					return false;
			}
		}
	}
	if (total.present)
		*out = total;
	else if (count > 0 && !mixed && money_units_fit(sum))
	{
		*out = first;
		out->units = (int64_t) sum;
	}
	return true;
}

/* An amount below AmtDtls in another currency, or a CcyXchg */
static bool
has_exchange(const Walk *w, const xmlNode *n, CamtText currency)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c != NULL; c = c->next)
	{
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_element(w, c, "CcyXchg"))
			return true;
		if (is_element(w, c, "Amt") &&
			!same_text(attribute(c, "Ccy"), currency))
			return true;
		if (has_exchange(w, c, currency))
			return true;
	}
	return false;
}

/* What an entry gives all its rows */
typedef struct EntryFields
{
	const xmlNode *node;
	char origin[PATH_MAX_CHARS];
	CamtText currency; /* Ntry/Amt/@Ccy as written */
	CamtAmount amount;
	char direction;
	bool reversal;
	CamtDate booking_date;
	CamtDate value_date;
	CamtText entry_ref;
	CamtText bank_reference;
	CamtText code;
	CamtText sub_family;
	CamtText info;
	int transactions;
} EntryFields;

/* A row of the entry: the entry itself (tx NULL) or its transaction */
static bool
read_row(Walk *w, const EntryFields *e, const xmlNode *tx, int number,
		 CamtRow *row)
{
	char path[PATH_MAX_CHARS + 64];
	const xmlNode *refs = child(w, tx, "Refs");
	const xmlNode *parties = child(w, tx, "RltdPties");
	const xmlNode *agents = child(w, tx, "RltdAgts");
	const xmlNode *rmtinf = child(w, tx, "RmtInf");
	const xmlNode *tx_amt = child(w, tx, "Amt");
	const xmlNode *tx_amt2 =
		child(w, child(w, child(w, tx, "AmtDtls"), "TxAmt"), "Amt");
	CamtText tx_indicator;
	CamtText tx_reference;
	CamtText tx_info;
	CamtText tx_sub_family = { NULL, 0 };
	CamtText tx_code;
	CamtAmount tx_amount = { false, 0, 0 };
	bool payer_side;

	memset(row, 0, sizeof(*row));
	row->transaction_number = number;
	row->origin =
		e->transactions > 0
			? scratch_printf(w, "%s/NtryDtls/TxDtls[%d]", e->origin, number)
			: scratch_printf(w, "%s", e->origin);
	if (row->origin.ptr == NULL)
		return out_of_memory(w);

	if (!child_text(w, tx, "CdtDbtInd", &tx_indicator))
		return false;
	row->direction = e->direction;
	if (tx_indicator.ptr != NULL)
	{
		row->direction = direction_of(tx_indicator);
		if (row->direction == 0)
		{
			snprintf(path, sizeof(path), "%.*s/CdtDbtInd",
					 (int) row->origin.len, row->origin.ptr);
			return fail_at(w, CAMT_INVALID, path, "It must be CRDT or DBIT.",
						   "CdtDbtInd is \"%.*s\"", quote_len(tx_indicator),
						   tx_indicator.ptr);
		}
	}
	/* the transaction's amount, in the entry's currency */
	if (tx_amt != NULL && same_text(attribute(tx_amt, "Ccy"), e->currency))
	{
		snprintf(path, sizeof(path), "%.*s/Amt", (int) row->origin.len,
				 row->origin.ptr);
		if (!read_amount(w, tx_amt, path, &tx_amount))
			return false;
	}
	else if (tx_amt2 != NULL &&
			 same_text(attribute(tx_amt2, "Ccy"), e->currency))
	{
		snprintf(path, sizeof(path), "%.*s/AmtDtls/TxAmt/Amt",
				 (int) row->origin.len, row->origin.ptr);
		if (!read_amount(w, tx_amt2, path, &tx_amount))
			return false;
	}
	/* charges of the transaction, or of an entry of one transaction */
	if (child(w, tx, "Chrgs") != NULL)
	{
		if (!read_charges(w, tx, row->origin.ptr, &row->charges))
			return false;
	}
	else if (e->transactions <= 1 &&
			 !read_charges(w, e->node, e->origin, &row->charges))
		return false;

	row->entry_amount = e->amount;
	if (e->transactions == 1 &&
		(has_exchange(w, child(w, tx, "AmtDtls"), e->currency) ||
		 (tx_amt != NULL &&
		  !same_text(attribute(tx_amt, "Ccy"), e->currency))))
		/* a currency exchange: the amount booked is the entry's */
		row->amount = e->amount;
	else if (e->transactions == 1 && tx_amount.present &&
			 tx_amount.units != e->amount.units)
	{
		char booked[MONEY_TEXT_MAX];
		char stated[MONEY_TEXT_MAX];
		MoneyCur m;

		m.currency = e->amount.currency;
		m.units = tx_amount.units;
		money_format(m, stated);
		m.units = e->amount.units;
		money_format(m, booked);
		fail_at(w, CAMT_INCONSISTENT, e->origin,
				"The one TxDtls of an entry states the amount booked "
				"(Ntry/Amt) unless it records a currency exchange; the file "
				"may be altered.",
				"the transaction amount %s is not the booked entry amount %s",
				stated, booked);
		snprintf(
			w->err->hint, CAMT_MESSAGE_MAX,
			"Nothing was imported. Ask the bank for the statement again.");
		return false;
	}
	else if (tx_amount.present)
		row->amount = tx_amount;
	else if (e->transactions <= 1)
		row->amount = e->amount;
	else
	{
		char currency[4];

		currency_unpack(e->amount.currency, currency);
		return fail_at(w, CAMT_INVALID, row->origin.ptr,
					   "Each TxDtls of a batch entry needs Amt (or "
					   "AmtDtls/TxAmt/Amt) in the entry's currency.",
					   "the transaction has no amount in %s, and its entry "
					   "holds %d transactions",
					   currency, e->transactions);
	}

	row->entry_ref = e->entry_ref;
	if (!child_text(w, refs, "AcctSvcrRef", &tx_reference))
		return false;
	row->bank_reference = tx_reference.ptr ? tx_reference : e->bank_reference;
	row->booking_date = e->booking_date;
	row->value_date = e->value_date;
	row->reversal = e->reversal;
	row->transaction_code = e->code;

	/*
	 * The other party: the debtor of a credit, the creditor of a debit,
	 * and the other way round for a reversal, whose parties are the
	 * original's
	 */
	payer_side = (row->direction == 'C') != row->reversal;
	if (!party_name(w, child(w, parties, payer_side ? "Dbtr" : "Cdtr"),
					&row->counterparty_name) ||
		!read_account(w,
					  child(w, parties, payer_side ? "DbtrAcct" : "CdtrAcct"),
					  &row->counterparty_account) ||
		!agent_bic(w, child(w, agents, payer_side ? "DbtrAgt" : "CdtrAgt"),
				   &row->counterparty_bic) ||
		!remittance(w, rmtinf, &row->remittance_text) ||
		!creditor_reference(w, rmtinf, &row->structured_reference) ||
		!child_text(w, refs, "EndToEndId", &row->end_to_end_id) ||
		!child_text(w, refs, "MndtId", &row->mandate_reference) ||
		!child_text(w, tx, "AddtlTxInf", &tx_info))
		return false;
	if (text_equals(row->end_to_end_id, "NOTPROVIDED"))
	{
		row->end_to_end_id.ptr = NULL;
		row->end_to_end_id.len = 0;
	}
	row->bank_text = tx_info.ptr ? tx_info : e->info;
	if (child(w, tx, "BkTxCd") != NULL &&
		!transaction_code(w, child(w, tx, "BkTxCd"), &tx_code, &tx_sub_family))
		return false;
	row->is_return = is_return_code(e->sub_family) ||
					 is_return_code(tx_sub_family) ||
					 child(w, tx, "RtrInf") != NULL;
	return true;
}

/* Room for n rows and transactions of an entry */
static bool
reserve(Walk *w, size_t n)
{
	if (n > w->rows_capacity)
	{
		size_t capacity = n < 16 ? 16 : n * 2;
		CamtRow *rows = realloc(w->rows, capacity * sizeof(CamtRow));

		if (rows == NULL)
			return out_of_memory(w);
		w->rows = rows;
		w->rows_capacity = capacity;
	}
	if (n > w->transactions_capacity)
	{
		size_t capacity = n < 16 ? 16 : n * 2;
		xmlNode **tx = realloc(w->transactions, capacity * sizeof(xmlNode *));

		if (tx == NULL)
			return out_of_memory(w);
		w->transactions = tx;
		w->transactions_capacity = capacity;
	}
	return true;
}

static bool
read_entry(Walk *w, const CamtStatement *st, const xmlNode *ntry, int number,
		   bool *emitted)
{
	EntryFields e;
	char path[PATH_MAX_CHARS + 32];
	const xmlNode *c;
	const xmlNode *amt = NULL;
	CamtText status;
	CamtText indicator;
	CamtText reversal;
	int rows;
	int i;

	memset(&e, 0, sizeof(e));
	e.node = ntry;
	snprintf(e.origin, sizeof(e.origin), "%.*s/Ntry[%d]", (int) st->path.len,
			 st->path.ptr, number);

	/* booked entries only: pending or informative ones are not in the balances */
	if (!child_text(w, ntry, "Sts", &status))
		return false;
	if (status.ptr != NULL && !text_equals(status, "BOOK"))
		return true;

	/* the transactions, over every NtryDtls */
	for (c = ntry->children; c != NULL; c = c->next)
		if (is_element(w, c, "NtryDtls"))
		{
			const xmlNode *t;

			for (t = c->children; t != NULL; t = t->next)
				if (is_element(w, t, "TxDtls"))
				{
					if (!reserve(w, (size_t) e.transactions + 1))
						return false;
					w->transactions[e.transactions++] = (xmlNode *) t;
				}
		}
	rows = e.transactions > 0 ? e.transactions : 1;
	if (!reserve(w, (size_t) rows))
		return false;

	amt = child(w, ntry, "Amt");
	e.currency = attribute(amt, "Ccy");
	snprintf(path, sizeof(path), "%s/Amt", e.origin);
	if (!read_amount(w, amt, path, &e.amount))
		return false;
	if (!child_text(w, ntry, "CdtDbtInd", &indicator))
		return false;
	e.direction = direction_of(indicator);
	if (e.direction == 0)
	{
		snprintf(path, sizeof(path), "%s/CdtDbtInd", e.origin);
		return fail_at(w, CAMT_INVALID, path, "It must be CRDT or DBIT.",
					   "CdtDbtInd is \"%.*s\"", quote_len(indicator),
					   indicator.ptr ? indicator.ptr : "");
	}
	if (!child_text(w, ntry, "RvslInd", &reversal))
		return false;
	e.reversal = text_equals(reversal, "true") || text_equals(reversal, "1");
	snprintf(path, sizeof(path), "%s/BookgDt", e.origin);
	if (!read_date(w, child(w, ntry, "BookgDt"), false, path, &e.booking_date))
		return false;
	snprintf(path, sizeof(path), "%s/ValDt", e.origin);
	if (!read_date(w, child(w, ntry, "ValDt"), false, path, &e.value_date))
		return false;
	if (!child_text(w, ntry, "NtryRef", &e.entry_ref) ||
		!child_text(w, ntry, "AcctSvcrRef", &e.bank_reference) ||
		!child_text(w, ntry, "AddtlNtryInf", &e.info))
		return false;
	if (child(w, ntry, "BkTxCd") != NULL &&
		!transaction_code(w, child(w, ntry, "BkTxCd"), &e.code, &e.sub_family))
		return false;

	for (i = 0; i < rows; i++)
	{
		if (!read_row(w, &e, e.transactions > 0 ? w->transactions[i] : NULL,
					  i + 1, &w->rows[i]))
			return false;
		w->rows[i].entry_number = number;
	}

	/* a batch entry: its transactions add up to it */
	if (e.transactions > 1)
	{
		ar2c_int128 sum = 0;

		for (i = 0; i < rows; i++)
			sum += w->rows[i].direction == e.direction
					   ? w->rows[i].amount.units
					   : -w->rows[i].amount.units;
		if (sum != e.amount.units)
		{
			char total[MONEY_TEXT_MAX];
			char entry[MONEY_TEXT_MAX];
			MoneyCur m;

			m.currency = e.amount.currency;
			m.units = money_units_fit(sum) ? (int64_t) sum : 0;
			money_format(m, total);
			m.units = e.amount.units;
			money_format(m, entry);
			return fail_at(
				w, CAMT_INCONSISTENT, e.origin,
				"The TxDtls amounts of a batch entry must add up to "
				"its Amt.",
				"the %d transactions of the entry add up to %s, the "
				"entry is %s",
				e.transactions, total, entry);
		}
	}
	for (i = 0; i < rows; i++)
		w->emit(w->context, st, &w->rows[i]);
	*emitted = true;
	return true;
}

/* ---- the document ---- */

/* The namespace's kind and version ("camt.053.001.08"); false if none */
static bool
kind_of_namespace(Walk *w, const xmlChar *href)
{
	const char *s = (const char *) href;
	size_t prefix = strlen(CAMT_NAMESPACE);
	size_t i;

	if (s == NULL || strncmp(s, CAMT_NAMESPACE, prefix) != 0 ||
		strlen(s) != prefix + 8 || strncmp(s + prefix + 1, ".001.0", 6) != 0 ||
		s[prefix + 7] < '2' || s[prefix + 7] > '8')
		return false;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (s[prefix] == '0' + (int) kinds[i].kind % 10)
		{
			w->kind = &kinds[i];
			snprintf(w->format, sizeof(w->format), "%s", s + prefix - 7);
			return true;
		}
	return false;
}

/* A short look at the start of the document, for messages */
static void
describe_start(const char *buf, size_t len, char *out, size_t size)
{
	size_t i = 0;
	size_t n = 0;
	bool space = false;

	/* after the XML declaration, white space folded */
	while (i < len && is_space(buf[i]))
		i++;
	if (len - i > 5 && strncmp(buf + i, "<?xml", 5) == 0)
	{
		while (i < len && buf[i] != '>')
			i++;
		i++;
	}
	while (i < len && is_space(buf[i]))
		i++;
	for (; i < len && n + 1 < size && n < QUOTE_MAX_CHARS; i++)
	{
		if (is_space(buf[i]))
		{
			space = true;
			continue;
		}
		if (space && n + 2 < size)
			out[n++] = ' ';
		space = false;
		out[n++] = buf[i];
	}
	while (n > 0 && (out[n - 1] & 0xC0) == 0x80)
		n--;
	if (n > 0 && (out[n - 1] & 0x80))
		n--;
	out[n] = '\0';
}

static bool
not_camt(Walk *w, const char *buf, size_t len, CamtKind want,
		 const CamtKindInfo *found)
{
	char start[QUOTE_MAX_CHARS + 1];
	char detail[CAMT_MESSAGE_MAX];
	const char *hint = NULL;

	describe_start(buf, len, start, sizeof(start));
	if (want == CAMT_ANY)
		snprintf(detail, sizeof(detail),
				 "ar2c reads a Document in namespace "
				 "urn:iso:std:iso:20022:tech:xsd:camt.05N.001.02 to .001.08 "
				 "(N = 2, 3 or 4); this one starts with \"%s\".",
				 start);
	else
		snprintf(detail, sizeof(detail),
				 "ar2c reads a Document in namespace "
				 "urn:iso:std:iso:20022:tech:xsd:camt.%03d.001.02 to .001.08; "
				 "this one starts with \"%s\".",
				 (int) want, start);
	if (found != NULL && want == CAMT_053)
		hint = "camt.052 (intraday reports) and camt.054 (notifications) are "
			   "read by ar2c.parse_camt() and ar2c.import_statement().";
	w->err->status = CAMT_NOT_CAMT;
	if (want == CAMT_ANY)
		snprintf(w->err->message, CAMT_MESSAGE_MAX, "not a camt document");
	else
		snprintf(w->err->message, CAMT_MESSAGE_MAX, "not a camt.%03d document",
				 (int) want);
	snprintf(w->err->detail, CAMT_MESSAGE_MAX, "%s", detail);
	snprintf(w->err->hint, CAMT_MESSAGE_MAX, "%s", hint ? hint : "");
	return false;
}

static bool
walk_document(Walk *w, xmlDocPtr doc, const char *buf, size_t len,
			  CamtKind want)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *container;
	xmlNode *c;
	int number = 0;

	if (doc->intSubset != NULL || doc->extSubset != NULL)
		return fail(
			w, CAMT_INVALID,
			"ar2c reads camt documents without a DTD, so that no "
			"entity is expanded and nothing is loaded.",
			"Remove the DOCTYPE.",
			"invalid camt document: it has a document type declaration "
			"(DOCTYPE)");
	if (root == NULL || root->ns == NULL ||
		strcmp((const char *) root->name, "Document") != 0 ||
		!kind_of_namespace(w, root->ns->href))
		return not_camt(w, buf, len, want, NULL);
	if (want != CAMT_ANY && w->kind->kind != want)
		return not_camt(w, buf, len, want, w->kind);
	w->ns = root->ns;
	w->ns_href = root->ns->href;

	container = child(w, root, w->kind->container);
	for (c = container ? container->children : NULL; c != NULL; c = c->next)
		if (is_element(w, c, w->kind->item))
		{
			if (!read_statement(w, c, ++number))
				return false;
		}
	if (number == 0)
	{
		char detail[128];

		snprintf(detail, sizeof(detail),
				 "ar2c reads Document/%s/%s; there is none.",
				 w->kind->container, w->kind->item);
		return fail(w, CAMT_INVALID, detail, NULL,
					"invalid camt.%03d document: it holds no %s",
					(int) w->kind->kind, w->kind->word);
	}
	return true;
}

CamtStatus
camt_read(CamtReader *reader, const char *buf, size_t len, CamtKind want,
		  CamtRowFunction emit, void *context, CamtError *err)
{
	xmlParserCtxtPtr ctxt;
	Walk w;
	bool ok;

	memset(err, 0, sizeof(*err));
	memset(&w, 0, sizeof(w));
	w.reader = reader;
	w.err = err;
	w.emit = emit;
	w.context = context;
	w.kind = &kinds[0];
	if (len > INT32_MAX)
	{
		fail(&w, CAMT_NOT_XML, NULL, NULL, "the document is too large");
		return err->status;
	}

	xmlInitParser();
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
	{
		out_of_memory(&w);
		return err->status;
	}
	/*
	 * No network, no DTD loaded, entities not substituted, libxml2's
	 * limits kept (no XML_PARSE_HUGE); the text is UTF-8 whatever the
	 * XML declaration says, as the caller converted it
	 */
	reader->doc = xmlCtxtReadMemory(ctxt, buf, (int) len, NULL, "UTF-8",
									XML_PARSE_NONET | XML_PARSE_NOERROR |
										XML_PARSE_NOWARNING |
										XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	if (reader->doc == NULL || !ctxt->wellFormed)
	{
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		size_t n;

		err->status = CAMT_NOT_XML;
		err->line = e != NULL ? e->line : 0;
		snprintf(err->message, CAMT_MESSAGE_MAX, "invalid XML document");
		snprintf(err->detail, CAMT_MESSAGE_MAX, "line %d: %s", err->line,
				 e != NULL && e->message != NULL ? e->message : "not XML");
		n = strlen(err->detail);
		while (n > 0 && is_space(err->detail[n - 1]))
			err->detail[--n] = '\0';
		xmlFreeParserCtxt(ctxt);
		return err->status;
	}
	xmlFreeParserCtxt(ctxt);

	ok = walk_document(&w, (xmlDocPtr) reader->doc, buf, len, want);
	free(w.rows);
	free(w.transactions);
	camt_reader_free(reader);
	return ok ? CAMT_OK : err->status;
}
