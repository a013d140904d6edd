/*
 * camt_walk.c
 *		The camt reader's elements: their texts and values (amounts,
 *		dates, indicators, accounts), its scratch memory and its errors.
 *		See camt_walk.h.
 */
#include "core/camt_walk.h"

#include "core/calendar.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money_cur.h"
#include "core/mt940.h"

/* ---- scratch memory ---- */

/* n bytes that live until the reader is freed or released to a mark */
char *
camt_scratch(CamtReader *r, size_t n)
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

ScratchMark
camt_scratch_mark(const CamtReader *r)
{
	ScratchMark m;

	m.block = r->blocks;
	m.used = r->blocks != NULL ? r->blocks->used : 0;
	return m;
}

/* Free what was taken since the mark */
void
camt_scratch_release(CamtReader *r, ScratchMark m)
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

/* ---- errors ---- */

/* Fill err; returns false, so that callers can "return camt_fail(...)" */
bool
camt_fail(Walk *w, CamtStatus status, const char *detail, const char *hint,
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

bool
camt_out_of_memory(Walk *w)
{
	return camt_fail(w, CAMT_NO_MEMORY, NULL, NULL, "out of memory");
}

/* The length of a value to quote: at most QUOTE_MAX_CHARS, whole UTF-8 */
int
camt_quote_len(CamtText t)
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
bool
camt_fail_at(Walk *w, CamtStatus status, const char *path, const char *detail,
			 const char *fmt, ...)
{
	char problem[CAMT_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	return camt_fail(w, status, detail, NULL,
					 "invalid camt.%03d document at %s: %s",
					 (int) w->kind->kind, path, problem);
}

/* ---- the tree ---- */

bool
camt_is_element(const Walk *w, const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
		   (n->ns == w->ns || xmlStrEqual(n->ns->href, w->ns_href)) &&
		   strcmp((const char *) n->name, name) == 0;
}

/* The first child element called name */
xmlNode *
camt_child(const Walk *w, const xmlNode *n, const char *name)
{
	xmlNode *c;

	if (n == NULL)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (camt_is_element(w, c, name))
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

bool
camt_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A slice without surrounding white space; absent when empty */
static CamtText
trimmed(const char *p, size_t len)
{
	CamtText t = { NULL, 0 };

	while (len > 0 && camt_is_space(*p))
		p++, len--;
	while (len > 0 && camt_is_space(p[len - 1]))
		len--;
	if (len > 0)
	{
		t.ptr = p;
		t.len = len;
	}
	return t;
}

/*
 * The text of an element (all the text below it, as XPath's string
 * value), trimmed; absent for a missing element
 */
bool
camt_text_of(Walk *w, const xmlNode *n, CamtText *out)
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
	if (c->next == NULL &&
		(c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE))
	{
		if (c->content != NULL)
			*out = trimmed((const char *) c->content,
						   strlen((const char *) c->content));
		return true;
	}
	len = xml_gather_text(n, NULL);
	if (len == 0)
		return true;
	buf = camt_scratch(w->reader, len);
	if (buf == NULL)
		return camt_out_of_memory(w);
	xml_gather_text(n, buf);
	*out = trimmed(buf, len);
	return true;
}

/* The text of the first child called name */
bool
camt_child_text(Walk *w, const xmlNode *n, const char *name, CamtText *out)
{
	return camt_text_of(w, camt_child(w, n, name), out);
}

/* The value of attribute name, trimmed */
CamtText
camt_attribute(const xmlNode *n, const char *name)
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

bool
camt_text_equals(CamtText t, const char *s)
{
	return t.ptr != NULL && t.len == strlen(s) && memcmp(t.ptr, s, t.len) == 0;
}

bool
camt_same_text(CamtText a, CamtText b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* A formatted text in scratch memory, NUL-terminated */
CamtText
camt_scratch_printf(Walk *w, const char *fmt, ...)
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
	p = camt_scratch(w->reader, (size_t) n + 1);
	if (p == NULL)
		return t;
	memcpy(p, buf, (size_t) n + 1);
	t.ptr = p;
	t.len = (size_t) n;
	return t;
}

/* ---- values ---- */

/* An amount in its currency ("1234.56" Ccy="EUR"), exactly */
bool
camt_read_amount(Walk *w, const xmlNode *amt, const char *path,
				 CamtAmount *out)
{
	CamtText value;
	CamtText code = camt_attribute(amt, "Ccy");
	const CurrencyInfo *info;
	Mt940Status status;
	int64_t units;
	char detail[128];

	if (!camt_text_of(w, amt, &value))
		return false;
	if (value.ptr == NULL)
		return camt_fail(w, CAMT_INVALID, NULL, NULL, "missing amount at %s",
						 path);
	if (code.ptr == NULL)
		return camt_fail(w, CAMT_INVALID, NULL, NULL,
						 "missing currency (Ccy) at %s", path);
	info = currency_lookup(code.ptr, code.len);
	if (info == NULL || info->minor_units < 0)
		return camt_fail(
			w, CAMT_INVALID,
			"An amount's Ccy must be an ISO 4217 code with minor units.", NULL,
			"invalid currency \"%.*s\" at %s", camt_quote_len(code), code.ptr,
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
		return camt_fail(w, CAMT_INVALID, detail, NULL,
						 "invalid amount \"%.*s\" %.*s at %s",
						 camt_quote_len(value), value.ptr,
						 camt_quote_len(code), code.ptr, path);
	}
	out->present = true;
	out->units = units;
	out->currency = currency_pack(info->code, 3);
	return true;
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
bool
camt_read_date(Walk *w, const xmlNode *choice, bool required, const char *path,
			   CamtDate *out)
{
	CamtText v;
	size_t i;

	out->year = 0;
	if (!camt_text_of(w, first_element(choice), &v))
		return false;
	if (v.ptr == NULL)
	{
		if (required)
			return camt_fail(w, CAMT_INVALID, NULL, NULL, "missing date at %s",
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

		if (calendar_date_valid(year, month, day))
		{
			out->year = year;
			out->month = month;
			out->day = day;
			return true;
		}
	}
	return camt_fail(
		w, CAMT_INVALID, "A date is YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss.", NULL,
		"invalid date \"%.*s\" at %s", camt_quote_len(v), v.ptr, path);
}

/* CRDT or DBIT as 'C' or 'D'; 0 for anything else */
char
camt_direction_of(CamtText t)
{
	if (camt_text_equals(t, "CRDT"))
		return 'C';
	if (camt_text_equals(t, "DBIT"))
		return 'D';
	return 0;
}

/* The account: Acct/Id/IBAN or Acct/Id/Othr/Id, whichever comes first */
bool
camt_read_account(Walk *w, const xmlNode *acct, CamtText *out)
{
	xmlNode *c;

	out->ptr = NULL;
	for (c = camt_child(w, acct, "Id") ? camt_child(w, acct, "Id")->children
									   : NULL;
		 c != NULL; c = c->next)
	{
		if (camt_is_element(w, c, "IBAN"))
			return camt_text_of(w, c, out);
		if (camt_is_element(w, c, "Othr") && camt_child(w, c, "Id") != NULL)
			return camt_child_text(w, c, "Id", out);
	}
	return true;
}
