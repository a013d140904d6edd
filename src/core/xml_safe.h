/*
 * xml_safe.h
 *		libxml2's text reader opened the way ar2c reads documents that
 *		users hand it: without network access, without loading a DTD or
 *		substituting entities, within libxml2's default limits (no
 *		XML_PARSE_HUGE), with libxml2's own messages silenced; a document
 *		with a DOCTYPE is refused. Shared by the camt reader (core/camt.c)
 *		and the e-invoice reader (core/einvoice.c).
 *
 * Plain C (no postgres.h). The text is UTF-8 whatever its XML declaration
 * says: the caller converts it first.
 */
#ifndef AR2C_CORE_XML_SAFE_H
#define AR2C_CORE_XML_SAFE_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

typedef enum XmlSafeStatus
{
	XML_SAFE_OK = 0,
	XML_SAFE_NOT_XML,   /* not well-formed: xml_safe_error() says why */
	XML_SAFE_DOCTYPE,   /* a document type declaration before the root */
	XML_SAFE_TOO_LARGE, /* more than 2 GB */
	XML_SAFE_NO_MEMORY
} XmlSafeStatus;

/*
 * An open reader, and libxml2's message function while the reader
 * silences it; xml_safe_close restores it (call it also after a longjmp)
 */
typedef struct XmlSafe
{
	void *text_reader; /* xmlTextReaderPtr, NULL when closed */
	bool quiet;
	void (*saved_error_function)(void *context, const char *msg, ...)
		__attribute__((format(printf, 2, 3)));
	void *saved_error_context;
} XmlSafe;

/* Open a reader over buf (which must outlive it) */
extern XmlSafeStatus xml_safe_open(XmlSafe *x, const char *buf, size_t len);
extern void xml_safe_close(XmlSafe *x);

/*
 * Move the reader to the root element and return it in *root; a
 * DOCTYPE before it is refused
 */
extern XmlSafeStatus xml_safe_root(XmlSafe *x, xmlNode **root);

/* libxml2's last error: its line, and "line N: message" in detail */
extern int xml_safe_error(char *detail, size_t size);

/*
 * The bytes of the text below n (its XPath string value), copied to out
 * when out is not NULL
 */
extern size_t xml_gather_text(const xmlNode *n, char *out);

/*
 * The first characters of a document (at most 100) after its XML
 * declaration, white space folded, whole UTF-8 characters: for messages
 */
extern void xml_describe_start(const char *buf, size_t len, char *out,
							   size_t size);

#endif /* AR2C_CORE_XML_SAFE_H */
