/*
 * xml_safe.c
 *		libxml2's text reader opened safely, its errors described, and the
 *		text of elements. See xml_safe.h.
 */
#include "core/xml_safe.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#define DESCRIBE_MAX_CHARS 100

/* Swallow libxml2's messages: a refusal says what went wrong */
static void
quiet_error(void *context, const char *msg, ...)
{
	(void) context;
	(void) msg;
}

XmlSafeStatus
xml_safe_open(XmlSafe *x, const char *buf, size_t len)
{
	memset(x, 0, sizeof(*x));
	if (len > INT32_MAX)
		return XML_SAFE_TOO_LARGE;
	xmlInitParser();
	xmlResetLastError();
	/* errors of the input's encoding are printed whatever the options say */
	x->saved_error_function = xmlGenericError;
	x->saved_error_context = xmlGenericErrorContext;
	x->quiet = true;
	xmlSetGenericErrorFunc(NULL, quiet_error);
	/*
	 * No network, no DTD loaded, entities not substituted, libxml2's
	 * limits kept (no XML_PARSE_HUGE); the text is UTF-8 whatever the
	 * XML declaration says, as the caller converted it
	 */
	x->text_reader = xmlReaderForMemory(
		buf, (int) len, NULL, "UTF-8",
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
			XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	return x->text_reader != NULL ? XML_SAFE_OK : XML_SAFE_NO_MEMORY;
}

void
xml_safe_close(XmlSafe *x)
{
	if (x->quiet)
		xmlSetGenericErrorFunc(x->saved_error_context,
							   x->saved_error_function);
	x->quiet = false;
	if (x->text_reader != NULL)
		xmlFreeTextReader((xmlTextReaderPtr) x->text_reader);
	x->text_reader = NULL;
}

XmlSafeStatus
xml_safe_root(XmlSafe *x, xmlNode **root)
{
	xmlTextReaderPtr tr = (xmlTextReaderPtr) x->text_reader;
	int ret;

	*root = NULL;
	while ((ret = xmlTextReaderRead(tr)) == 1)
	{
		int type = xmlTextReaderNodeType(tr);

		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			return XML_SAFE_DOCTYPE;
		if (type == XML_READER_TYPE_ELEMENT)
		{
			*root = xmlTextReaderCurrentNode(tr);
			return XML_SAFE_OK;
		}
	}
	return XML_SAFE_NOT_XML;
}

int
xml_safe_error(char *detail, size_t size)
{
	const xmlError *e = xmlGetLastError();
	int line = e != NULL ? e->line : 0;
	size_t n;

	snprintf(detail, size, "line %d: %s", line,
			 e != NULL && e->message != NULL ? e->message : "not XML");
	n = strlen(detail);
	while (n > 0 && (detail[n - 1] == ' ' || detail[n - 1] == '\n' ||
					 detail[n - 1] == '\r' || detail[n - 1] == '\t'))
		detail[--n] = '\0';
	return line;
}

static bool
is_text_node(const xmlNode *n)
{
	return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

size_t
xml_gather_text(const xmlNode *n, char *out)
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
			len += xml_gather_text(c, out != NULL ? out + len : NULL);
	}
	return len;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void
xml_describe_start(const char *buf, size_t len, char *out, size_t size)
{
	size_t i = 0;
	size_t n = 0;
	bool space = false;

	if (size == 0)
		return;
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
	for (; i < len && n + 1 < size && n < DESCRIBE_MAX_CHARS; i++)
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
