/*
 * ar2c_facturx.c
 *		ar2c-facturx: the e-invoice attached to a Factur-X / ZUGFeRD PDF
 *		(PDF/A-3), written to standard output for ar2c.import_invoice().
 *
 *		ar2c-facturx invoice.pdf > invoice.xml
 *		psql -v content="$(cat invoice.xml)" <<< \
 *			"SELECT * FROM ar2c.import_invoice(1, :'content')"
 *
 * The PDF is read by qpdf (its C API), not by code of ar2c: a PDF reader
 * is a large parser of hostile input, so it runs in this small program
 * and not in the database server, whose extension stays on libxml2 only.
 * The attachments are those of the document's embedded files name tree
 * (Root/Names/EmbeddedFiles), each a file specification whose embedded
 * stream (EF/F) is decoded; the one named factur-x.xml,
 * zugferd-invoice.xml, ZUGFeRD-invoice.xml or xrechnung.xml is written
 * (or the only XML attachment). Exit status 0 when written, 1 when the
 * PDF has no such attachment or cannot be read, 2 on wrong usage.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <qpdf/qpdf-c.h>

/* Name trees nest; a PDF that nests deeper than this is refused */
#define MAX_DEPTH 16

static const char *const invoice_names[] = {
	"factur-x.xml",
	"zugferd-invoice.xml",
	"xrechnung.xml",
};

typedef struct Found
{
	qpdf_oh invoice;  /* a file named as an invoice, 0 when none */
	qpdf_oh only_xml; /* the one .xml file, 0 when none or several */
	int xml_files;
	char name[256];
} Found;

static bool
is_invoice_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(invoice_names) / sizeof(invoice_names[0]); i++)
		if (strcasecmp(name, invoice_names[i]) == 0)
			return true;
	return false;
}

static bool
ends_with_xml(const char *name)
{
	size_t n = strlen(name);

	return n >= 4 && strcasecmp(name + n - 4, ".xml") == 0;
}

/* The file name of a file specification: UF, else F, else the tree's key */
static const char *
file_name(qpdf_data q, qpdf_oh spec, const char *key)
{
	const char *names[] = { "/UF", "/F" };
	size_t i;

	for (i = 0; i < 2; i++)
		if (qpdf_oh_has_key(q, spec, names[i]))
		{
			qpdf_oh v = qpdf_oh_get_key(q, spec, names[i]);

			if (qpdf_oh_is_string(q, v))
				return qpdf_oh_get_utf8_value(q, v);
		}
	return key;
}

/* One file specification of the tree */
static void
look_at(qpdf_data q, qpdf_oh spec, const char *key, Found *found)
{
	const char *name;
	qpdf_oh ef;
	qpdf_oh stream;

	if (!qpdf_oh_is_dictionary(q, spec) || !qpdf_oh_has_key(q, spec, "/EF"))
		return;
	ef = qpdf_oh_get_key(q, spec, "/EF");
	if (!qpdf_oh_is_dictionary(q, ef) || !qpdf_oh_has_key(q, ef, "/F"))
		return;
	stream = qpdf_oh_get_key(q, ef, "/F");
	if (!qpdf_oh_is_stream(q, stream))
		return;
	name = file_name(q, spec, key);
	if (found->invoice == 0 && is_invoice_name(name))
	{
		found->invoice = stream;
		snprintf(found->name, sizeof(found->name), "%s", name);
	}
	if (ends_with_xml(name))
	{
		found->xml_files++;
		found->only_xml = found->xml_files == 1 ? stream : 0;
		if (found->invoice == 0)
			snprintf(found->name, sizeof(found->name), "%s", name);
	}
}

/* A node of the embedded files name tree: Names [key spec ...], or Kids */
static void
walk_tree(qpdf_data q, qpdf_oh node, int depth, Found *found)
{
	int i;
	int n;

	if (depth > MAX_DEPTH || !qpdf_oh_is_dictionary(q, node))
		return;
	if (qpdf_oh_has_key(q, node, "/Names"))
	{
		qpdf_oh names = qpdf_oh_get_key(q, node, "/Names");

		n = qpdf_oh_is_array(q, names) ? qpdf_oh_get_array_n_items(q, names)
									   : 0;
		for (i = 0; i + 1 < n; i += 2)
		{
			qpdf_oh key = qpdf_oh_get_array_item(q, names, i);

			look_at(q, qpdf_oh_get_array_item(q, names, i + 1),
					qpdf_oh_is_string(q, key) ? qpdf_oh_get_utf8_value(q, key)
											  : "",
					found);
		}
	}
	if (qpdf_oh_has_key(q, node, "/Kids"))
	{
		qpdf_oh kids = qpdf_oh_get_key(q, node, "/Kids");

		n = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
		for (i = 0; i < n; i++)
			walk_tree(q, qpdf_oh_get_array_item(q, kids, i), depth + 1, found);
	}
}

static int
fail(qpdf_data q, const char *path, const char *what)
{
	/* qpdf's message names the file */
	if (q != NULL && qpdf_has_error(q))
		fprintf(stderr, "ar2c-facturx: %s\n",
				qpdf_get_error_full_text(q, qpdf_get_error(q)));
	else
		fprintf(stderr, "ar2c-facturx: %s: %s\n", path, what);
	return 1;
}

int
main(int argc, char **argv)
{
	qpdf_data q;
	qpdf_oh root;
	qpdf_oh stream;
	Found found;
	unsigned char *data = NULL;
	size_t len = 0;
	int status = 0;

	if (argc != 2)
	{
		fprintf(stderr, "usage: ar2c-facturx FILE.pdf > invoice.xml\n");
		return 2;
	}
	memset(&found, 0, sizeof(found));
	q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read(q, argv[1], NULL) & QPDF_ERRORS)
	{
		status = fail(q, argv[1], "not a PDF");
		qpdf_cleanup(&q);
		return status;
	}
	root = qpdf_get_root(q);
	if (qpdf_oh_has_key(q, root, "/Names"))
	{
		qpdf_oh names = qpdf_oh_get_key(q, root, "/Names");

		if (qpdf_oh_is_dictionary(q, names) &&
			qpdf_oh_has_key(q, names, "/EmbeddedFiles"))
			walk_tree(q, qpdf_oh_get_key(q, names, "/EmbeddedFiles"), 0,
					  &found);
	}
	stream = found.invoice != 0 ? found.invoice : found.only_xml;
	if (stream == 0)
		status =
			fail(NULL, argv[1],
				 found.xml_files > 1
					 ? "several XML attachments, none named factur-x.xml, "
					   "zugferd-invoice.xml or xrechnung.xml"
					 : "no e-invoice attached (factur-x.xml, "
					   "zugferd-invoice.xml or xrechnung.xml)");
	else if ((qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, NULL,
									  &data, &len) &
			  QPDF_ERRORS) ||
			 data == NULL)
		status = fail(q, argv[1], "its attachment cannot be decoded");
	else if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
		status = fail(NULL, argv[1], "cannot write the XML");
	free(data);
	qpdf_cleanup(&q);
	return status;
}
