/*
 * camt.c
 *		Read camt.053, camt.054 and camt.052 documents: one pass of
 *		libxml2's text reader over the document, its statements walked
 *		as they come. See camt.h.
 */
#include "core/camt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "core/camt_walk.h"

#define CAMT_NAMESPACE "urn:iso:std:iso:20022:tech:xsd:camt.05"

static const CamtKindInfo kinds[] = {
	{ CAMT_053, "BkToCstmrStmt", "Stmt", "statement" },
	{ CAMT_054, "BkToCstmrDbtCdtNtfctn", "Ntfctn", "notification" },
	{ CAMT_052, "BkToCstmrAcctRpt", "Rpt", "report" },
};

void
camt_reader_init(CamtReader *reader)
{
	memset(reader, 0, sizeof(*reader));
}

static void free_header(CamtReader *r);

void
camt_reader_free(CamtReader *reader)
{
	ScratchMark none = { NULL, 0 };

	xml_safe_close(&reader->xml);
	free_header(reader);
	camt_scratch_release(reader, none);
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
	if (!camt_read_date(w, camt_child(w, bal, "Dt"), true, path, date))
		return false;
	if (!camt_child_text(w, bal, "CdtDbtInd", &indicator))
		return false;
	direction = camt_direction_of(indicator);
	if (direction == 0)
	{
		snprintf(path, sizeof(path), "%s/Bal", item_path);
		return camt_fail_at(
			w, CAMT_INVALID, path,
			opening ? "A statement has a Bal of type OPBD (or PRCD) with "
					  "CdtDbtInd CRDT or DBIT."
					: "A statement has a Bal of type CLBD with CdtDbtInd "
					  "CRDT or DBIT.",
			"the %s balance's CdtDbtInd is \"%.*s\"",
			opening ? "opening" : "closing", camt_quote_len(indicator),
			indicator.ptr ? indicator.ptr : "");
	}
	snprintf(path, sizeof(path), "%s/Bal[%s]/Amt", item_path, type);
	if (!camt_read_amount(w, camt_child(w, bal, "Amt"), path, amount))
		return false;
	if (direction == 'D')
		amount->units = -amount->units;
	return true;
}

/* The code of a balance: Tp/CdOrPrtry/Cd */
static bool
balance_type(Walk *w, const xmlNode *bal, CamtText *out)
{
	return camt_child_text(
		w, camt_child(w, camt_child(w, bal, "Tp"), "CdOrPrtry"), "Cd", out);
}

/* The first Id, sequence, account and balance of each type, copied */
enum
{
	HEADER_ID,
	HEADER_SEQUENCE,
	HEADER_ACCOUNT,
	HEADER_OPBD,
	HEADER_PRCD,
	HEADER_CLBD
};

/* Free the copies of a statement's header elements */
static void
free_header(CamtReader *r)
{
	int i;

	for (i = 0; i < CAMT_HEADER_ELEMENTS; i++)
	{
		if (r->header[i] != NULL)
			xmlFreeNode((xmlNodePtr) r->header[i]);
		r->header[i] = NULL;
	}
}

/* Keep a copy of a header element the statement will need */
static bool
keep_header(Walk *w, const xmlNode *c)
{
	void **header = w->reader->header;
	int slot = -1;

	if (camt_is_element(w, c, "Id"))
		slot = HEADER_ID;
	else if (camt_is_element(w, c, "ElctrncSeqNb") ||
			 camt_is_element(w, c, "LglSeqNb"))
		slot = HEADER_SEQUENCE;
	else if (camt_is_element(w, c, "Acct"))
		slot = HEADER_ACCOUNT;
	else if (w->kind->kind == CAMT_053 && camt_is_element(w, c, "Bal"))
	{
		CamtText type;

		if (!balance_type(w, c, &type))
			return false;
		if (camt_text_equals(type, "OPBD"))
			slot = HEADER_OPBD;
		else if (camt_text_equals(type, "PRCD"))
			slot = HEADER_PRCD;
		else if (camt_text_equals(type, "CLBD"))
			slot = HEADER_CLBD;
	}
	if (slot < 0 || header[slot] != NULL)
		return true;
	header[slot] = xmlCopyNode((xmlNodePtr) c, 1);
	if (header[slot] == NULL)
		return camt_out_of_memory(w);
	return true;
}

/*
 * The statement's own elements, read once the first entry (or the end of
 * the statement) is reached: its texts are copied into scratch memory,
 * since the elements are freed when the walk moves on
 */
static bool
read_header(Walk *w, CamtStatement *st)
{
	xmlNode **header = (xmlNode **) w->reader->header;
	const char *path = st->path.ptr;
	CamtText *texts[3];
	int i;

	if (!camt_text_of(w, header[HEADER_ID], &st->id) ||
		!camt_text_of(w, header[HEADER_SEQUENCE], &st->sequence) ||
		!camt_read_account(w, header[HEADER_ACCOUNT], &st->account))
		return false;
	if (st->id.ptr == NULL)
		return camt_fail_at(w, CAMT_INVALID, path, NULL, "the %s has no Id",
							w->kind->word);
	if (st->account.ptr == NULL)
		return camt_fail_at(
			w, CAMT_INVALID, path, NULL,
			"the %s has no account (Acct/Id/IBAN or Acct/Id/Othr/Id)",
			w->kind->word);
	if (w->kind->kind == CAMT_053)
	{
		xmlNode *opening =
			header[HEADER_OPBD] ? header[HEADER_OPBD] : header[HEADER_PRCD];

		/* the opening balance is OPBD, or PRCD (the previous closing) */
		if (opening == NULL)
			return camt_fail_at(
				w, CAMT_INVALID, path,
				"A statement has a Bal of type OPBD (or PRCD).",
				"the statement has no opening balance");
		if (!read_balance(w, opening, header[HEADER_OPBD] ? "OPBD" : "PRCD",
						  true, path, &st->opening_date, &st->opening))
			return false;
		if (header[HEADER_CLBD] == NULL)
			return camt_fail_at(w, CAMT_INVALID, path,
								"A statement has a Bal of type CLBD.",
								"the statement has no closing balance");
		if (!read_balance(w, header[HEADER_CLBD], "CLBD", false, path,
						  &st->closing_date, &st->closing))
			return false;
	}
	texts[0] = &st->id;
	texts[1] = &st->sequence;
	texts[2] = &st->account;
	for (i = 0; i < 3; i++)
		if (texts[i]->ptr != NULL)
		{
			char *copy = camt_scratch(w->reader, texts[i]->len);

			if (copy == NULL)
				return camt_out_of_memory(w);
			memcpy(copy, texts[i]->ptr, texts[i]->len);
			texts[i]->ptr = copy;
		}
	free_header(w->reader);
	return true;
}

/* The reader failed: not well-formed XML */
static bool
fail_xml(Walk *w)
{
	w->err->status = CAMT_NOT_XML;
	w->err->line = xml_safe_error(w->err->detail, CAMT_MESSAGE_MAX);
	snprintf(w->err->message, CAMT_MESSAGE_MAX, "invalid XML document");
	w->err->hint[0] = '\0';
	return false;
}

/*
 * A statement, notification or report: the text reader is on its start
 * tag, and is left on its end tag. Each child element is expanded into a
 * tree of its own, read, and freed when the reader moves on.
 */
static bool
read_statement(Walk *w, xmlTextReaderPtr tr, int number)
{
	CamtStatement st;
	char path[PATH_MAX_CHARS];
	bool header_read = false;
	bool emitted = false;
	int entries = 0;
	int depth = xmlTextReaderDepth(tr);
	int ret = 1;

	memset(&st, 0, sizeof(st));
	st.format = w->format;
	st.number = number;
	snprintf(path, sizeof(path), "%s[%d]", w->kind->item, number);
	st.path.ptr = path;
	st.path.len = strlen(path);

	if (!xmlTextReaderIsEmptyElement(tr))
		ret = xmlTextReaderRead(tr);
	while (ret == 1 && xmlTextReaderDepth(tr) > depth)
	{
		xmlNode *c;

		if (xmlTextReaderNodeType(tr) != XML_READER_TYPE_ELEMENT)
		{
			ret = xmlTextReaderRead(tr);
			continue;
		}
		c = xmlTextReaderExpand(tr);
		if (c == NULL)
			return fail_xml(w);
		if (camt_is_element(w, c, "Ntry"))
		{
			ScratchMark mark;

			if (!header_read && !read_header(w, &st))
				return false;
			header_read = true;
			mark = camt_scratch_mark(w->reader);
			if (!camt_read_entry(w, &st, c, ++entries, &emitted))
				return false;
			camt_scratch_release(w->reader, mark);
		}
		else if (!header_read && !keep_header(w, c))
			return false;
		ret = xmlTextReaderNext(tr);
	}
	if (ret != 1)
		return fail_xml(w);
	if (!header_read && !read_header(w, &st))
		return false;
	if (!emitted)
		w->emit(w->context, &st, NULL);
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

static bool
not_camt(Walk *w, const char *buf, size_t len, CamtKind want,
		 const CamtKindInfo *found)
{
	char start[QUOTE_MAX_CHARS + 1];
	char detail[CAMT_MESSAGE_MAX];
	const char *hint = NULL;

	xml_describe_start(buf, len, start, sizeof(start));
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

/* Skip to the next node; -1 on an XML error */
static int
skip(xmlTextReaderPtr tr)
{
	return xmlTextReaderNodeType(tr) == XML_READER_TYPE_ELEMENT
			   ? xmlTextReaderNext(tr)
			   : xmlTextReaderRead(tr);
}

/* The container's items, one statement each; the reader is on its start tag */
static bool
read_container(Walk *w, xmlTextReaderPtr tr, int *number)
{
	int depth = xmlTextReaderDepth(tr);
	int ret = 1;

	if (!xmlTextReaderIsEmptyElement(tr))
		ret = xmlTextReaderRead(tr);
	while (ret == 1 && xmlTextReaderDepth(tr) > depth)
	{
		if (xmlTextReaderNodeType(tr) == XML_READER_TYPE_ELEMENT &&
			camt_is_element(w, xmlTextReaderCurrentNode(tr), w->kind->item))
		{
			if (!read_statement(w, tr, ++*number))
				return false;
			ret = xmlTextReaderRead(tr);
		}
		else
			ret = skip(tr);
	}
	return ret == 1 || fail_xml(w);
}

static bool
walk_document(Walk *w, xmlTextReaderPtr tr, const char *buf, size_t len,
			  CamtKind want)
{
	xmlNode *root = NULL;
	int number = 0;
	int ret = 1;

	/* the root element; a DOCTYPE before it is refused */
	switch (xml_safe_root(&w->reader->xml, &root))
	{
		case XML_SAFE_OK:
			break;
		case XML_SAFE_DOCTYPE:
			return camt_fail(
				w, CAMT_INVALID,
				"ar2c reads camt documents without a DTD, so that no "
				"entity is expanded and nothing is loaded.",
				"Remove the DOCTYPE.",
				"invalid camt document: it has a document type "
				"declaration (DOCTYPE)");
		default:
			return fail_xml(w);
	}
	if (root == NULL || root->ns == NULL ||
		strcmp((const char *) root->name, "Document") != 0 ||
		!kind_of_namespace(w, root->ns->href))
		return not_camt(w, buf, len, want, NULL);
	if (want != CAMT_ANY && w->kind->kind != want)
		return not_camt(w, buf, len, want, w->kind);
	w->ns = root->ns;
	w->ns_href = root->ns->href;

	if (!xmlTextReaderIsEmptyElement(tr))
		ret = xmlTextReaderRead(tr);
	while (ret == 1 && xmlTextReaderDepth(tr) > 0)
	{
		if (xmlTextReaderNodeType(tr) == XML_READER_TYPE_ELEMENT &&
			camt_is_element(w, xmlTextReaderCurrentNode(tr),
							w->kind->container))
		{
			if (!read_container(w, tr, &number))
				return false;
			ret = xmlTextReaderRead(tr);
		}
		else
			ret = skip(tr);
	}
	/* the rest of the document must be well-formed too */
	while (ret == 1)
		ret = xmlTextReaderRead(tr);
	if (ret != 0)
		return fail_xml(w);
	if (number == 0)
	{
		char detail[128];

		snprintf(detail, sizeof(detail),
				 "ar2c reads Document/%s/%s; there is none.",
				 w->kind->container, w->kind->item);
		return camt_fail(w, CAMT_INVALID, detail, NULL,
						 "invalid camt.%03d document: it holds no %s",
						 (int) w->kind->kind, w->kind->word);
	}
	return true;
}

CamtStatus
camt_read(CamtReader *reader, const char *buf, size_t len, CamtKind want,
		  CamtRowFunction emit, void *context, CamtError *err)
{
	Walk w;
	bool ok;

	memset(err, 0, sizeof(*err));
	memset(&w, 0, sizeof(w));
	w.reader = reader;
	w.err = err;
	w.emit = emit;
	w.context = context;
	w.kind = &kinds[0];
	switch (xml_safe_open(&reader->xml, buf, len))
	{
		case XML_SAFE_OK:
			break;
		case XML_SAFE_TOO_LARGE:
			camt_fail(&w, CAMT_NOT_XML, NULL, NULL,
					  "the document is too large");
			return err->status;
		default:
			camt_out_of_memory(&w);
			return err->status;
	}
	ok = walk_document(&w, (xmlTextReaderPtr) reader->xml.text_reader, buf,
					   len, want);
	free(w.rows);
	free(w.transactions);
	camt_reader_free(reader);
	return ok ? CAMT_OK : err->status;
}
