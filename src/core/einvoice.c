/*
 * einvoice.c
 *		Read a UBL 2.1 Invoice or CreditNote, or a CII CrossIndustryInvoice,
 *		into an Einvoice: the root element expanded by libxml2's text
 *		reader, each business term looked up by its path in the syntax,
 *		copied and checked. See einvoice.h.
 */
#include "core/einvoice.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "core/calendar.h"
#include "core/xml_safe.h"

#define NS_UBL_INVOICE "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define NS_UBL_CREDIT \
	"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
#define NS_CAC \
	"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#define NS_CBC \
	"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
#define NS_RSM "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
#define NS_RAM                             \
	"urn:un:unece:uncefact:data:standard:" \
	"ReusableAggregateBusinessInformationEntity:100"
#define NS_UDT "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"

#define BLOCK_SIZE 8192
#define QUOTE_MAX  80
/* digits of a decimal: kept below 10^18 so that sums do not overflow */
#define DECIMAL_MAX_DIGITS 18

struct EinvoiceBlock
{
	EinvoiceBlock *next;
	size_t size;
	size_t used;
	char data[];
};

typedef struct Reader
{
	Einvoice *inv;
	EinvoiceError *err;
	const char *root_ns;        /* the root element's namespace */
	ar2c_currency tax_currency; /* BT-6, 0 when absent */
	char where[160];            /* the element being read, for messages */
} Reader;

/* ---- memory ---- */

static void *
take(Einvoice *inv, size_t n)
{
	EinvoiceBlock *b = inv->blocks;
	void *p;

	n = (n + 7) & ~(size_t) 7;
	if (b == NULL || b->size - b->used < n)
	{
		size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;

		b = malloc(sizeof(EinvoiceBlock) + size);
		if (b == NULL)
			return NULL;
		b->next = inv->blocks;
		b->size = size;
		b->used = 0;
		inv->blocks = b;
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

void
einvoice_free(Einvoice *inv)
{
	while (inv->blocks != NULL)
	{
		EinvoiceBlock *b = inv->blocks;

		inv->blocks = b->next;
		free(b);
	}
	memset(inv, 0, sizeof(*inv));
}

/* ---- errors ---- */

static bool fail(Reader *r, EinvoiceStatus status, const char *rule,
				 const char *detail, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Fill err; returns false, so that callers can "return fail(...)" */
static bool
fail(Reader *r, EinvoiceStatus status, const char *rule, const char *detail,
	 const char *fmt, ...)
{
	va_list ap;

	r->err->status = status;
	snprintf(r->err->rule, EINVOICE_RULE_MAX, "%s", rule ? rule : "");
	va_start(ap, fmt);
	vsnprintf(r->err->message, EINVOICE_MESSAGE_MAX, fmt, ap);
	va_end(ap);
	snprintf(r->err->detail, EINVOICE_MESSAGE_MAX, "%s", detail ? detail : "");
	return false;
}

static bool
out_of_memory(Reader *r)
{
	return fail(r, EINVOICE_NO_MEMORY, NULL, NULL, "out of memory");
}

/* The length of a value to quote: at most QUOTE_MAX bytes, whole UTF-8 */
static int
quote_len(EinvoiceText t)
{
	size_t n = t.len;

	if (n > QUOTE_MAX)
	{
		n = QUOTE_MAX;
		while (n > 0 && (t.ptr[n] & 0xC0) == 0x80)
			n--;
	}
	return (int) n;
}

/* "a mandatory term is missing": names the rule, the term and the path */
static bool
missing(Reader *r, const char *rule, const char *term, const char *path)
{
	return fail(r, EINVOICE_INVALID, rule, NULL,
				"invalid e-invoice: %s is missing (%s, %s)", term, rule, path);
}

/* ---- the tree ---- */

static const char *
namespace_of(const Reader *r, const char *prefix, size_t len)
{
	if (len == 3 && strncmp(prefix, "cac", 3) == 0)
		return NS_CAC;
	if (len == 3 && strncmp(prefix, "cbc", 3) == 0)
		return NS_CBC;
	if (len == 3 && strncmp(prefix, "ram", 3) == 0)
		return NS_RAM;
	if (len == 3 && strncmp(prefix, "rsm", 3) == 0)
		return NS_RSM;
	if (len == 3 && strncmp(prefix, "udt", 3) == 0)
		return NS_UDT;
	return r->root_ns;
}

/* Whether n is element "pfx:Name" (the name of length len) */
static bool
is_element(const Reader *r, const xmlNode *n, const char *step, size_t len)
{
	const char *colon = memchr(step, ':', len);
	const char *local = colon ? colon + 1 : step;
	size_t local_len = len - (size_t) (local - step);
	const char *ns =
		namespace_of(r, step, colon ? (size_t) (colon - step) : 0);

	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
		   n->ns->href != NULL &&
		   strcmp((const char *) n->ns->href, ns) == 0 &&
		   strlen((const char *) n->name) == local_len &&
		   strncmp((const char *) n->name, local, local_len) == 0;
}

/* The next sibling from c on (c included) that is element step */
static xmlNode *
next_named(const Reader *r, xmlNode *c, const char *step, size_t len)
{
	for (; c != NULL; c = c->next)
		if (is_element(r, c, step, len))
			return c;
	return NULL;
}

/* The first element at path below n ("cac:Party/cbc:Name"), or NULL */
static xmlNode *
at(const Reader *r, const xmlNode *n, const char *path)
{
	xmlNode *cur = (xmlNode *) n;

	while (cur != NULL && *path != '\0')
	{
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t) (slash - path) : strlen(path);

		cur = next_named(r, cur->children, path, len);
		path += len + (slash ? 1 : 0);
	}
	return cur;
}

/* The next sibling of c with c's name */
static xmlNode *
next_same(const xmlNode *c)
{
	xmlNode *s;

	for (s = c->next; s != NULL; s = s->next)
		if (s->type == XML_ELEMENT_NODE && s->ns == c->ns &&
			strcmp((const char *) s->name, (const char *) c->name) == 0)
			return s;
	return NULL;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A trimmed, NUL-terminated copy of the text of n; false when out of memory */
static bool
text_of(Reader *r, const xmlNode *n, EinvoiceText *out)
{
	size_t len;
	char *buf;
	size_t start = 0;

	out->ptr = NULL;
	out->len = 0;
	if (n == NULL)
		return true;
	len = xml_gather_text(n, NULL);
	buf = take(r->inv, len + 1);
	if (buf == NULL)
		return out_of_memory(r);
	xml_gather_text(n, buf);
	while (start < len && is_space(buf[start]))
		start++;
	while (len > start && is_space(buf[len - 1]))
		len--;
	buf[len] = '\0';
	if (len > start)
	{
		out->ptr = buf + start;
		out->len = len - start;
	}
	return true;
}

static bool
text_at(Reader *r, const xmlNode *n, const char *path, EinvoiceText *out)
{
	return text_of(r, at(r, n, path), out);
}

/* The value of attribute name of n, trimmed, copied */
static bool
attribute(Reader *r, const xmlNode *n, const char *name, EinvoiceText *out)
{
	const xmlAttr *a;

	out->ptr = NULL;
	out->len = 0;
	if (n == NULL)
		return true;
	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *) a->name, name) == 0)
			return text_of(r, (const xmlNode *) a, out);
	return true;
}

static bool
text_is(EinvoiceText t, const char *s)
{
	return t.ptr != NULL && strcmp(t.ptr, s) == 0;
}

/* ---- values ---- */

/* "-12.345" into digits and scale; false when not a decimal */
static bool
parse_decimal(EinvoiceText t, EinvoiceDecimal *out)
{
	const char *p;
	const char *end;
	bool negative = false;
	bool point = false;
	int digits = 0;
	int64_t v = 0;

	memset(out, 0, sizeof(*out));
	if (t.ptr == NULL)
		return false;
	p = t.ptr;
	end = t.ptr + t.len;
	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	if (p == end)
		return false;
	for (; p < end; p++)
	{
		if (*p == '.' && !point)
		{
			point = true;
			continue;
		}
		if (*p < '0' || *p > '9')
			return false;
		/* leading zeros do not count */
		if (v != 0 || *p != '0')
			digits++;
		if (digits > DECIMAL_MAX_DIGITS)
			return false;
		v = v * 10 + (*p - '0');
		if (point)
			out->scale++;
	}
	if (p[-1] == '.' || (point && t.len == 1) ||
		out->scale > DECIMAL_MAX_DIGITS)
		return false;
	out->present = true;
	out->digits = negative ? -v : v;
	return true;
}

static int64_t
power_of_ten(int n)
{
	int64_t v = 1;

	while (n-- > 0)
		v *= 10;
	return v;
}

static bool
currency_fail(Reader *r, const char *rule, EinvoiceText code, const char *term,
			  const char *path)
{
	char expected[4];

	currency_unpack(r->inv->currency, expected);
	return fail(r, EINVOICE_INCONSISTENT, rule,
				"Every amount of an invoice is in its currency (BT-5), but "
				"for the VAT total in the accounting currency (BT-111).",
				"invalid e-invoice: %s at %s is in \"%.*s\", not in the "
				"invoice currency %s (%s)",
				term, path, quote_len(code), code.ptr, expected, rule);
}

/*
 * The amount of element n, in the invoice currency: its currencyID, when
 * it has one, is the invoice currency, and it has no more decimals than
 * that currency (but zeros). Absent when n is NULL.
 */
static bool
read_amount(Reader *r, const xmlNode *n, const char *term, const char *path,
			EinvoiceAmount *out)
{
	EinvoiceText value;
	EinvoiceText code;
	EinvoiceDecimal d;
	int minor = currency_minor_units(r->inv->currency);

	memset(out, 0, sizeof(*out));
	if (n == NULL)
		return true;
	if (!text_of(r, n, &value) || !attribute(r, n, "currencyID", &code))
		return false;
	if (value.ptr == NULL)
		return fail(r, EINVOICE_INVALID, NULL, NULL,
					"invalid e-invoice: %s at %s is empty", term, path);
	if (code.ptr != NULL &&
		currency_pack(code.ptr, code.len) != r->inv->currency)
	{
		if (currency_lookup(code.ptr, code.len) == NULL)
			return fail(r, EINVOICE_INVALID, "BR-CL-03",
						"A currencyID is an ISO 4217 code.",
						"invalid e-invoice: unknown currency \"%.*s\" of %s "
						"at %s (BR-CL-03)",
						quote_len(code), code.ptr, term, path);
		return currency_fail(r, "PEPPOL-EN16931-R051", code, term, path);
	}
	if (!parse_decimal(value, &d))
		return fail(r, EINVOICE_INVALID, NULL,
					"An amount is digits with an optional sign and decimal "
					"point, such as 1234.56.",
					"invalid e-invoice: %s at %s is \"%.*s\", not an amount",
					term, path, quote_len(value), value.ptr);
	/* decimals beyond the currency's must be zeros */
	while (d.scale > minor && d.digits % 10 == 0)
	{
		d.digits /= 10;
		d.scale--;
	}
	if (d.scale > minor)
	{
		char detail[128];
		char cur[4];

		currency_unpack(r->inv->currency, cur);
		snprintf(detail, sizeof(detail), "%s has %d decimals.", cur, minor);
		return fail(r, EINVOICE_INVALID, NULL, detail,
					"invalid e-invoice: %s at %s is \"%.*s\", more decimals "
					"than its currency has",
					term, path, quote_len(value), value.ptr);
	}
	if (__builtin_mul_overflow(d.digits, power_of_ten(minor - d.scale),
							   &out->units))
		return fail(r, EINVOICE_INVALID, NULL, NULL,
					"invalid e-invoice: %s at %s is too large", term, path);
	out->present = true;
	return true;
}

static bool
amount_at(Reader *r, const xmlNode *n, const char *path, const char *term,
		  EinvoiceAmount *out)
{
	return read_amount(r, at(r, n, path), term, path, out);
}

/* A decimal (quantity, price, rate); absent when there is no element */
static bool
decimal_at(Reader *r, const xmlNode *n, const char *path, const char *term,
		   EinvoiceDecimal *out, EinvoiceText *unit)
{
	xmlNode *e = at(r, n, path);
	EinvoiceText value;

	memset(out, 0, sizeof(*out));
	if (unit != NULL && !attribute(r, e, "unitCode", unit))
		return false;
	if (!text_of(r, e, &value))
		return false;
	if (value.ptr == NULL)
		return true;
	if (!parse_decimal(value, out))
		return fail(r, EINVOICE_INVALID, NULL,
					"A quantity, price or rate is digits with an optional "
					"sign and decimal point, at most 18 digits.",
					"invalid e-invoice: %s at %s is \"%.*s\", not a number",
					term, path, quote_len(value), value.ptr);
	return true;
}

/* A date: YYYY-MM-DD (UBL) or YYYYMMDD (CII format 102) */
static bool
date_at(Reader *r, const xmlNode *n, const char *path, const char *term,
		EinvoiceDate *out)
{
	EinvoiceText t;
	const char *p;
	int y, m, d;
	bool ok;

	memset(out, 0, sizeof(*out));
	if (!text_at(r, n, path, &t))
		return false;
	if (t.ptr == NULL)
		return true;
	p = t.ptr;
	if (t.len == 10)
		ok = sscanf(p, "%4d-%2d-%2d", &y, &m, &d) == 3 && p[4] == '-' &&
			 p[7] == '-';
	else
		ok = t.len == 8 && sscanf(p, "%4d%2d%2d", &y, &m, &d) == 3;
	for (size_t i = 0; ok && i < t.len; i++)
		ok = (p[i] >= '0' && p[i] <= '9') || p[i] == '-';
	if (!ok || y < 1 || !calendar_date_valid(y, m, d))
		return fail(
			r, EINVOICE_INVALID, NULL,
			"A date is YYYY-MM-DD (UBL) or YYYYMMDD (CII, format 102).",
			"invalid e-invoice: %s at %s is \"%.*s\", not a date", term, path,
			quote_len(t), t.ptr);
	out->year = y;
	out->month = m;
	out->day = d;
	return true;
}

/* Sum of allowances or charges: the elements name below n (or its
 * siblings) whose indicator says charge (or not) */
static bool
add_amount(Reader *r, EinvoiceAmount *sum, const EinvoiceAmount *a)
{
	if (!a->present)
		return true;
	if (__builtin_add_overflow(sum->units, a->units, &sum->units))
		return fail(r, EINVOICE_INVALID, NULL, NULL,
					"invalid e-invoice: the amounts of %s are too large",
					r->where);
	sum->present = true;
	return true;
}

/*
 * The allowances and charges among the children of parent called name:
 * indicator path, amount path
 */
static bool
allowances_charges(Reader *r, const xmlNode *parent, const char *name,
				   const char *indicator, const char *amount,
				   EinvoiceAmount *allowances, EinvoiceAmount *charges)
{
	xmlNode *c = next_named(r, parent->children, name, strlen(name));

	memset(allowances, 0, sizeof(*allowances));
	memset(charges, 0, sizeof(*charges));
	for (; c != NULL; c = next_same(c))
	{
		EinvoiceText flag;
		EinvoiceAmount a;

		if (!text_at(r, c, indicator, &flag) ||
			!amount_at(r, c, amount, "an allowance or charge amount", &a))
			return false;
		if (!text_is(flag, "true") && !text_is(flag, "false"))
			return fail(r, EINVOICE_INVALID, NULL,
						"ChargeIndicator is true (a charge) or false (an "
						"allowance).",
						"invalid e-invoice: an allowance or charge of %s "
						"has no ChargeIndicator true or false",
						r->where);
		if (!a.present)
			return missing(r, text_is(flag, "true") ? "BR-33" : "BR-31",
						   "an allowance or charge amount", amount);
		if (!add_amount(r, text_is(flag, "true") ? charges : allowances, &a))
			return false;
	}
	return true;
}

/* ---- the two syntaxes ---- */

/* A UBL party (cac:Party) */
static bool
ubl_party(Reader *r, const xmlNode *party, EinvoiceParty *out)
{
	xmlNode *tax;

	if (!text_at(r, party, "cac:PartyLegalEntity/cbc:RegistrationName",
				 &out->name) ||
		!text_at(r, party, "cac:PartyIdentification/cbc:ID", &out->id) ||
		!text_at(r, party, "cac:PartyLegalEntity/cbc:CompanyID",
				 &out->legal_id))
		return false;
	if (out->name.ptr == NULL &&
		!text_at(r, party, "cac:PartyName/cbc:Name", &out->name))
		return false;
	/* the PartyTaxScheme of scheme VAT, else the first */
	tax = at(r, party, "cac:PartyTaxScheme");
	for (xmlNode *t = tax; t != NULL; t = next_same(t))
	{
		EinvoiceText scheme;

		if (!text_at(r, t, "cac:TaxScheme/cbc:ID", &scheme))
			return false;
		if (text_is(scheme, "VAT"))
		{
			tax = t;
			break;
		}
	}
	return text_at(r, tax, "cbc:CompanyID", &out->vat_id);
}

/* A CII party (ram:SellerTradeParty, ram:BuyerTradeParty) */
static bool
cii_party(Reader *r, const xmlNode *party, EinvoiceParty *out)
{
	xmlNode *reg;

	if (!text_at(r, party, "ram:Name", &out->name) ||
		!text_at(r, party, "ram:ID", &out->id) ||
		!text_at(r, party, "ram:SpecifiedLegalOrganization/ram:ID",
				 &out->legal_id))
		return false;
	if (out->id.ptr == NULL && !text_at(r, party, "ram:GlobalID", &out->id))
		return false;
	/* the tax registration of scheme VA (VAT), not FC (tax number) */
	for (reg = at(r, party, "ram:SpecifiedTaxRegistration"); reg != NULL;
		 reg = next_same(reg))
	{
		xmlNode *id = at(r, reg, "ram:ID");
		EinvoiceText scheme;

		if (!attribute(r, id, "schemeID", &scheme))
			return false;
		if (text_is(scheme, "VA"))
			return text_of(r, id, &out->vat_id);
	}
	return true;
}

/*
 * Whether amount is the VAT total in the accounting currency (BT-111):
 * its currencyID is the tax currency (BT-6), not the invoice currency
 */
static bool
in_tax_currency(const Reader *r, const xmlNode *amount)
{
	const xmlAttr *a;

	if (amount == NULL || r->tax_currency == 0 ||
		r->tax_currency == r->inv->currency)
		return false;
	for (a = amount->properties; a != NULL; a = a->next)
		if (strcmp((const char *) a->name, "currencyID") == 0 &&
			a->children != NULL && a->children->content != NULL)
			return currency_pack(
					   (const char *) a->children->content,
					   strlen((const char *) a->children->content)) ==
				   r->tax_currency;
	return false;
}

/* The total VAT amount in the invoice currency, among several elements */
static bool
tax_total(Reader *r, xmlNode *first, const char *amount_path, const char *path,
		  EinvoiceAmount *out)
{
	memset(out, 0, sizeof(*out));
	for (xmlNode *t = first; t != NULL; t = next_same(t))
	{
		xmlNode *a = amount_path ? at(r, t, amount_path) : t;

		/* BT-111, in the accounting currency, is not read */
		if (in_tax_currency(r, a))
			continue;
		if (out->present)
			return fail(r, EINVOICE_INVALID, "BR-CO-14", NULL,
						"invalid e-invoice: the invoice total VAT amount "
						"(BT-110) is given twice (%s)",
						path);
		if (!read_amount(r, a, "the invoice total VAT amount (BT-110)", path,
						 out))
			return false;
	}
	return true;
}

static int
count_same(const xmlNode *first)
{
	int n = 0;

	for (const xmlNode *c = first; c != NULL; c = next_same(c))
		n++;
	return n;
}

static bool
set_currency(Reader *r, EinvoiceText code, const char *path)
{
	const CurrencyInfo *info;

	if (code.ptr == NULL)
		return missing(r, "BR-05", "the invoice currency code (BT-5)", path);
	info = currency_lookup(code.ptr, code.len);
	if (info == NULL || info->minor_units < 0)
		return fail(r, EINVOICE_INVALID, "BR-CL-04",
					"The invoice currency is an ISO 4217 code.",
					"invalid e-invoice: unknown invoice currency \"%.*s\" "
					"(BT-5, BR-CL-04)",
					quote_len(code), code.ptr);
	r->inv->currency = currency_pack(info->code, 3);
	return true;
}

static bool
set_tax_currency(Reader *r, EinvoiceText code)
{
	if (code.ptr != NULL)
		r->tax_currency = currency_pack(code.ptr, code.len);
	return true;
}

static bool
is_credit_code(EinvoiceText code)
{
	return text_is(code, "381") || text_is(code, "81") ||
		   text_is(code, "83") || text_is(code, "396") || text_is(code, "532");
}

static bool
ubl_line(Reader *r, const xmlNode *n, bool credit, EinvoiceLine *line)
{
	return text_at(r, n, "cbc:ID", &line->id) &&
		   text_at(r, n, "cac:Item/cbc:Name", &line->name) &&
		   decimal_at(r, n,
					  credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity",
					  "the invoiced quantity (BT-129)", &line->quantity,
					  &line->unit_code) &&
		   decimal_at(r, n, "cac:Price/cbc:PriceAmount",
					  "the item net price (BT-146)", &line->price, NULL) &&
		   decimal_at(r, n, "cac:Price/cbc:BaseQuantity",
					  "the item price base quantity (BT-149)",
					  &line->base_quantity, NULL) &&
		   text_at(r, n, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID",
				   &line->vat_category) &&
		   decimal_at(r, n, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent",
					  "the invoiced item VAT rate (BT-152)", &line->vat_rate,
					  NULL) &&
		   amount_at(r, n, "cbc:LineExtensionAmount",
					 "the invoice line net amount (BT-131)", &line->amount) &&
		   allowances_charges(r, n, "cac:AllowanceCharge",
							  "cbc:ChargeIndicator", "cbc:Amount",
							  &line->allowances, &line->charges);
}

static bool
cii_line(Reader *r, const xmlNode *n, EinvoiceLine *line)
{
	xmlNode *settlement = at(r, n, "ram:SpecifiedLineTradeSettlement");

	return text_at(r, n, "ram:AssociatedDocumentLineDocument/ram:LineID",
				   &line->id) &&
		   text_at(r, n, "ram:SpecifiedTradeProduct/ram:Name", &line->name) &&
		   decimal_at(r, n,
					  "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity",
					  "the invoiced quantity (BT-129)", &line->quantity,
					  &line->unit_code) &&
		   decimal_at(r, n,
					  "ram:SpecifiedLineTradeAgreement/"
					  "ram:NetPriceProductTradePrice/ram:ChargeAmount",
					  "the item net price (BT-146)", &line->price, NULL) &&
		   decimal_at(r, n,
					  "ram:SpecifiedLineTradeAgreement/"
					  "ram:NetPriceProductTradePrice/ram:BasisQuantity",
					  "the item price base quantity (BT-149)",
					  &line->base_quantity, NULL) &&
		   text_at(r, settlement, "ram:ApplicableTradeTax/ram:CategoryCode",
				   &line->vat_category) &&
		   decimal_at(r, settlement,
					  "ram:ApplicableTradeTax/ram:RateApplicablePercent",
					  "the invoiced item VAT rate (BT-152)", &line->vat_rate,
					  NULL) &&
		   amount_at(r, settlement,
					 "ram:SpecifiedTradeSettlementLineMonetarySummation/"
					 "ram:LineTotalAmount",
					 "the invoice line net amount (BT-131)", &line->amount) &&
		   (settlement == NULL ||
			allowances_charges(
				r, settlement, "ram:SpecifiedTradeAllowanceCharge",
				"ram:ChargeIndicator/udt:Indicator", "ram:ActualAmount",
				&line->allowances, &line->charges));
}

/* The lines: each child of parent called name */
static bool
read_lines(Reader *r, const xmlNode *parent, const char *name, bool credit)
{
	xmlNode *first = next_named(r, parent->children, name, strlen(name));
	int n = count_same(first);
	int i = 0;

	if (n == 0)
		return missing(r, "BR-16", "an invoice line (BG-25)", name);
	r->inv->lines = take(r->inv, sizeof(EinvoiceLine) * (size_t) n);
	if (r->inv->lines == NULL)
		return out_of_memory(r);
	memset(r->inv->lines, 0, sizeof(EinvoiceLine) * (size_t) n);
	r->inv->line_count = n;
	for (xmlNode *c = first; c != NULL; c = next_same(c), i++)
	{
		snprintf(r->where, sizeof(r->where), "%s[%d]", name, i + 1);
		if (r->inv->syntax == EINVOICE_UBL
				? !ubl_line(r, c, credit, &r->inv->lines[i])
				: !cii_line(r, c, &r->inv->lines[i]))
			return false;
	}
	return true;
}

/* The VAT breakdowns: amount, taxable, category and rate paths */
static bool
read_vat(Reader *r, xmlNode *first, const char *tax, const char *taxable,
		 const char *category, const char *rate)
{
	int n = count_same(first);
	int i = 0;

	if (n == 0)
		return true;
	r->inv->vat = take(r->inv, sizeof(EinvoiceVat) * (size_t) n);
	if (r->inv->vat == NULL)
		return out_of_memory(r);
	memset(r->inv->vat, 0, sizeof(EinvoiceVat) * (size_t) n);
	r->inv->vat_count = n;
	for (xmlNode *c = first; c != NULL; c = next_same(c), i++)
	{
		EinvoiceVat *v = &r->inv->vat[i];

		if (!amount_at(r, c, tax, "the VAT category tax amount (BT-117)",
					   &v->tax) ||
			!amount_at(r, c, taxable,
					   "the VAT category taxable amount (BT-116)",
					   &v->taxable) ||
			!text_at(r, c, category, &v->category) ||
			!decimal_at(r, c, rate, "the VAT category rate (BT-119)", &v->rate,
						NULL))
			return false;
	}
	return true;
}

static bool
read_ubl(Reader *r, const xmlNode *root)
{
	Einvoice *inv = r->inv;
	bool credit = strcmp(r->root_ns, NS_UBL_CREDIT) == 0;
	EinvoiceText code;
	xmlNode *totals = at(r, root, "cac:LegalMonetaryTotal");
	xmlNode *taxes = at(r, root, "cac:TaxTotal");

	inv->syntax = EINVOICE_UBL;
	if (!text_at(r, root, "cbc:CustomizationID", &inv->profile) ||
		!text_at(r, root, "cbc:ID", &inv->number) ||
		!text_at(r, root,
				 credit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode",
				 &inv->type_code) ||
		!date_at(r, root, "cbc:IssueDate", "the invoice issue date (BT-2)",
				 &inv->issue_date) ||
		!date_at(r, root, "cbc:DueDate", "the payment due date (BT-9)",
				 &inv->due_date) ||
		!text_at(r, root, "cbc:DocumentCurrencyCode", &code) ||
		!set_currency(r, code, "cbc:DocumentCurrencyCode") ||
		!text_at(r, root, "cbc:TaxCurrencyCode", &code) ||
		!set_tax_currency(r, code) ||
		!text_at(r, root, "cbc:BuyerReference", &inv->buyer_reference) ||
		!text_at(r, root, "cac:OrderReference/cbc:ID",
				 &inv->order_reference) ||
		!text_at(r, root,
				 "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID",
				 &inv->preceding_invoice) ||
		!text_at(r, root, "cac:PaymentMeans/cbc:PaymentID",
				 &inv->payment_reference) ||
		!ubl_party(r, at(r, root, "cac:AccountingSupplierParty/cac:Party"),
				   &inv->seller) ||
		!ubl_party(r, at(r, root, "cac:AccountingCustomerParty/cac:Party"),
				   &inv->buyer))
		return false;
	/* a credit note's due date is its payment means' */
	if (inv->due_date.year == 0 &&
		!date_at(r, root, "cac:PaymentMeans/cbc:PaymentDueDate",
				 "the payment due date (BT-9)", &inv->due_date))
		return false;
	inv->credit_note = credit || is_credit_code(inv->type_code);
	snprintf(r->where, sizeof(r->where), "the document");
	if (!allowances_charges(r, root, "cac:AllowanceCharge",
							"cbc:ChargeIndicator", "cbc:Amount",
							&inv->allowances, &inv->charges) ||
		!tax_total(r, taxes, "cbc:TaxAmount", "cac:TaxTotal/cbc:TaxAmount",
				   &inv->tax_total))
		return false;
	/* the breakdown is that of the TaxTotal in the invoice currency */
	for (xmlNode *t = taxes; t != NULL; t = next_same(t))
		if (at(r, t, "cac:TaxSubtotal") != NULL &&
			!in_tax_currency(r, at(r, t, "cbc:TaxAmount")))
		{
			if (!read_vat(r, at(r, t, "cac:TaxSubtotal"), "cbc:TaxAmount",
						  "cbc:TaxableAmount", "cac:TaxCategory/cbc:ID",
						  "cac:TaxCategory/cbc:Percent"))
				return false;
			break;
		}
	if (!amount_at(r, totals, "cbc:LineExtensionAmount",
				   "the sum of invoice line net amount (BT-106)",
				   &inv->line_total) ||
		!amount_at(r, totals, "cbc:AllowanceTotalAmount",
				   "the sum of allowances on document level (BT-107)",
				   &inv->allowance_total) ||
		!amount_at(r, totals, "cbc:ChargeTotalAmount",
				   "the sum of charges on document level (BT-108)",
				   &inv->charge_total) ||
		!amount_at(r, totals, "cbc:TaxExclusiveAmount",
				   "the invoice total amount without VAT (BT-109)",
				   &inv->tax_exclusive) ||
		!amount_at(r, totals, "cbc:TaxInclusiveAmount",
				   "the invoice total amount with VAT (BT-112)",
				   &inv->tax_inclusive) ||
		!amount_at(r, totals, "cbc:PrepaidAmount", "the paid amount (BT-113)",
				   &inv->prepaid) ||
		!amount_at(r, totals, "cbc:PayableRoundingAmount",
				   "the rounding amount (BT-114)", &inv->rounding) ||
		!amount_at(r, totals, "cbc:PayableAmount",
				   "the amount due for payment (BT-115)", &inv->payable))
		return false;
	return read_lines(
		r, root, credit ? "cac:CreditNoteLine" : "cac:InvoiceLine", credit);
}

static bool
read_cii(Reader *r, const xmlNode *root)
{
	Einvoice *inv = r->inv;
	xmlNode *doc = at(r, root, "rsm:ExchangedDocument");
	xmlNode *trade = at(r, root, "rsm:SupplyChainTradeTransaction");
	xmlNode *agreement = at(r, trade, "ram:ApplicableHeaderTradeAgreement");
	xmlNode *settlement = at(r, trade, "ram:ApplicableHeaderTradeSettlement");
	xmlNode *totals = at(
		r, settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation");
	EinvoiceText code;

	inv->syntax = EINVOICE_CII;
	if (trade == NULL)
		return missing(r, "BR-16", "the trade transaction",
					   "rsm:SupplyChainTradeTransaction");
	if (!text_at(r, root,
				 "rsm:ExchangedDocumentContext/"
				 "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
				 &inv->profile) ||
		!text_at(r, doc, "ram:ID", &inv->number) ||
		!text_at(r, doc, "ram:TypeCode", &inv->type_code) ||
		!date_at(r, doc, "ram:IssueDateTime/udt:DateTimeString",
				 "the invoice issue date (BT-2)", &inv->issue_date) ||
		!text_at(r, settlement, "ram:InvoiceCurrencyCode", &code) ||
		!set_currency(r, code, "ram:InvoiceCurrencyCode") ||
		!text_at(r, settlement, "ram:TaxCurrencyCode", &code) ||
		!set_tax_currency(r, code) ||
		!date_at(r, settlement,
				 "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/"
				 "udt:DateTimeString",
				 "the payment due date (BT-9)", &inv->due_date) ||
		!text_at(r, agreement, "ram:BuyerReference", &inv->buyer_reference) ||
		!text_at(r, agreement,
				 "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
				 &inv->order_reference) ||
		!text_at(r, settlement,
				 "ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
				 &inv->preceding_invoice) ||
		!text_at(r, settlement, "ram:PaymentReference",
				 &inv->payment_reference) ||
		!cii_party(r, at(r, agreement, "ram:SellerTradeParty"),
				   &inv->seller) ||
		!cii_party(r, at(r, agreement, "ram:BuyerTradeParty"), &inv->buyer))
		return false;
	inv->credit_note = is_credit_code(inv->type_code);
	snprintf(r->where, sizeof(r->where), "the document");
	if ((settlement != NULL &&
		 (!allowances_charges(
			  r, settlement, "ram:SpecifiedTradeAllowanceCharge",
			  "ram:ChargeIndicator/udt:Indicator", "ram:ActualAmount",
			  &inv->allowances, &inv->charges) ||
		  !read_vat(r, at(r, settlement, "ram:ApplicableTradeTax"),
					"ram:CalculatedAmount", "ram:BasisAmount",
					"ram:CategoryCode", "ram:RateApplicablePercent"))) ||
		!tax_total(r, at(r, totals, "ram:TaxTotalAmount"), NULL,
				   "ram:TaxTotalAmount", &inv->tax_total) ||
		!amount_at(r, totals, "ram:LineTotalAmount",
				   "the sum of invoice line net amount (BT-106)",
				   &inv->line_total) ||
		!amount_at(r, totals, "ram:AllowanceTotalAmount",
				   "the sum of allowances on document level (BT-107)",
				   &inv->allowance_total) ||
		!amount_at(r, totals, "ram:ChargeTotalAmount",
				   "the sum of charges on document level (BT-108)",
				   &inv->charge_total) ||
		!amount_at(r, totals, "ram:TaxBasisTotalAmount",
				   "the invoice total amount without VAT (BT-109)",
				   &inv->tax_exclusive) ||
		!amount_at(r, totals, "ram:GrandTotalAmount",
				   "the invoice total amount with VAT (BT-112)",
				   &inv->tax_inclusive) ||
		!amount_at(r, totals, "ram:TotalPrepaidAmount",
				   "the paid amount (BT-113)", &inv->prepaid) ||
		!amount_at(r, totals, "ram:RoundingAmount",
				   "the rounding amount (BT-114)", &inv->rounding) ||
		!amount_at(r, totals, "ram:DuePayableAmount",
				   "the amount due for payment (BT-115)", &inv->payable))
		return false;
	return read_lines(r, trade, "ram:IncludedSupplyChainTradeLineItem", false);
}

/* ---- the document ---- */

/* The mandatory terms the ledger needs (EN 16931 BR-01 to BR-26) */
static bool
check_mandatory(Reader *r)
{
	const Einvoice *inv = r->inv;
	bool ubl = inv->syntax == EINVOICE_UBL;

	if (inv->number.ptr == NULL)
		return missing(r, "BR-02", "the invoice number (BT-1)",
					   ubl ? "cbc:ID" : "rsm:ExchangedDocument/ram:ID");
	if (inv->issue_date.year == 0)
		return missing(r, "BR-03", "the invoice issue date (BT-2)",
					   ubl ? "cbc:IssueDate" : "ram:IssueDateTime");
	if (inv->type_code.ptr == NULL)
		return missing(r, "BR-04", "the invoice type code (BT-3)",
					   ubl ? "cbc:InvoiceTypeCode" : "ram:TypeCode");
	if (inv->seller.name.ptr == NULL)
		return missing(r, "BR-06", "the seller name (BT-27)",
					   ubl ? "cac:AccountingSupplierParty"
						   : "ram:SellerTradeParty");
	if (inv->buyer.name.ptr == NULL)
		return missing(r, "BR-07", "the buyer name (BT-44)",
					   ubl ? "cac:AccountingCustomerParty"
						   : "ram:BuyerTradeParty");
	if (!inv->line_total.present)
		return missing(
			r, "BR-12", "the sum of invoice line net amount (BT-106)",
			ubl ? "cbc:LineExtensionAmount" : "ram:LineTotalAmount");
	if (!inv->tax_exclusive.present)
		return missing(
			r, "BR-13", "the invoice total amount without VAT (BT-109)",
			ubl ? "cbc:TaxExclusiveAmount" : "ram:TaxBasisTotalAmount");
	if (!inv->tax_inclusive.present)
		return missing(
			r, "BR-14", "the invoice total amount with VAT (BT-112)",
			ubl ? "cbc:TaxInclusiveAmount" : "ram:GrandTotalAmount");
	if (!inv->payable.present)
		return missing(r, "BR-15", "the amount due for payment (BT-115)",
					   ubl ? "cbc:PayableAmount" : "ram:DuePayableAmount");
	for (int i = 0; i < inv->line_count; i++)
	{
		const EinvoiceLine *l = &inv->lines[i];
		char where[64];

		snprintf(where, sizeof(where), "invoice line %d", i + 1);
		if (l->id.ptr == NULL)
			return missing(r, "BR-21", "the invoice line identifier (BT-126)",
						   where);
		if (!l->quantity.present)
			return missing(r, "BR-22", "the invoiced quantity (BT-129)",
						   where);
		if (!l->amount.present)
			return missing(r, "BR-24", "the invoice line net amount (BT-131)",
						   where);
		if (l->name.ptr == NULL)
			return missing(r, "BR-25", "the item name (BT-153)", where);
		if (!l->price.present)
			return missing(r, "BR-26", "the item net price (BT-146)", where);
	}
	return true;
}

static bool
not_einvoice(Reader *r, const char *buf, size_t len, EinvoiceSyntax want)
{
	char start[128];
	char detail[EINVOICE_MESSAGE_MAX];

	xml_describe_start(buf, len, start, sizeof(start));
	snprintf(
		detail, sizeof(detail), "ar2c reads %s; this one starts with \"%s\".",
		want == EINVOICE_UBL   ? "a UBL 2.1 Invoice or CreditNote"
		: want == EINVOICE_CII ? "a CII CrossIndustryInvoice"
							   : "a UBL 2.1 Invoice or CreditNote or a CII "
								 "CrossIndustryInvoice",
		start);
	return fail(r, EINVOICE_NOT_EINVOICE, NULL, detail, "not an e-invoice%s",
				want == EINVOICE_UBL   ? " in UBL"
				: want == EINVOICE_CII ? " in CII"
									   : "");
}

static bool
fail_xml(Reader *r)
{
	r->err->status = EINVOICE_NOT_XML;
	r->err->line = xml_safe_error(r->err->detail, EINVOICE_MESSAGE_MAX);
	snprintf(r->err->message, EINVOICE_MESSAGE_MAX, "invalid XML document");
	return false;
}

static bool
read_document(Reader *r, XmlSafe *x, const char *buf, size_t len,
			  EinvoiceSyntax want)
{
	xmlTextReaderPtr tr = (xmlTextReaderPtr) x->text_reader;
	xmlNode *root;
	EinvoiceSyntax found;
	bool ok;
	int ret;

	switch (xml_safe_root(x, &root))
	{
		case XML_SAFE_OK:
			break;
		case XML_SAFE_DOCTYPE:
			return fail(r, EINVOICE_INVALID, NULL,
						"ar2c reads e-invoices without a DTD, so that no "
						"entity is expanded and nothing is loaded.",
						"invalid e-invoice: it has a document type "
						"declaration (DOCTYPE)");
		default:
			return fail_xml(r);
	}
	if (root->ns == NULL || root->ns->href == NULL)
		return not_einvoice(r, buf, len, want);
	r->root_ns = (const char *) root->ns->href;
	if ((strcmp(r->root_ns, NS_UBL_INVOICE) == 0 &&
		 strcmp((const char *) root->name, "Invoice") == 0) ||
		(strcmp(r->root_ns, NS_UBL_CREDIT) == 0 &&
		 strcmp((const char *) root->name, "CreditNote") == 0))
		found = EINVOICE_UBL;
	else if (strcmp(r->root_ns, NS_RSM) == 0 &&
			 strcmp((const char *) root->name, "CrossIndustryInvoice") == 0)
		found = EINVOICE_CII;
	else
		return not_einvoice(r, buf, len, want);
	if (want != EINVOICE_ANY && want != found)
		return not_einvoice(r, buf, len, want);

	root = xmlTextReaderExpand(tr);
	if (root == NULL)
		return fail_xml(r);
	r->root_ns = (const char *) root->ns->href;
	ok = found == EINVOICE_UBL ? read_ubl(r, root) : read_cii(r, root);
	/* the rest of the document must be well-formed too */
	ret = xmlTextReaderNext(tr);
	while (ret == 1)
		ret = xmlTextReaderRead(tr);
	if (ret != 0)
		return fail_xml(r);
	return ok && check_mandatory(r) && einvoice_check(r->inv, r->err);
}

EinvoiceStatus
einvoice_read(const char *buf, size_t len, EinvoiceSyntax want, Einvoice *inv,
			  EinvoiceError *err)
{
	Reader r;
	XmlSafe x;
	bool ok;

	memset(err, 0, sizeof(*err));
	memset(inv, 0, sizeof(*inv));
	memset(&r, 0, sizeof(r));
	r.inv = inv;
	r.err = err;
	switch (xml_safe_open(&x, buf, len))
	{
		case XML_SAFE_OK:
			break;
		case XML_SAFE_TOO_LARGE:
			fail(&r, EINVOICE_NOT_XML, NULL, NULL,
				 "the document is too large");
			xml_safe_close(&x);
			return err->status;
		default:
			out_of_memory(&r);
			xml_safe_close(&x);
			return err->status;
	}
	ok = read_document(&r, &x, buf, len, want);
	xml_safe_close(&x);
	return ok ? EINVOICE_OK : err->status;
}

const char *
einvoice_syntax_name(EinvoiceSyntax s)
{
	return s == EINVOICE_UBL ? "ubl" : s == EINVOICE_CII ? "cii" : "any";
}

void
einvoice_format_amount(const Einvoice *inv, int64_t units, char *buf,
					   size_t size)
{
	int minor = currency_minor_units(inv->currency);
	uint64_t mag = units < 0 ? -(uint64_t) units : (uint64_t) units;
	uint64_t scale = (uint64_t) power_of_ten(minor);
	char code[4];

	currency_unpack(inv->currency, code);
	if (minor > 0)
		snprintf(buf, size, "%s%llu.%0*llu %s", units < 0 ? "-" : "",
				 (unsigned long long) (mag / scale), minor,
				 (unsigned long long) (mag % scale), code);
	else
		snprintf(buf, size, "%s%llu %s", units < 0 ? "-" : "",
				 (unsigned long long) mag, code);
}

void
einvoice_format_decimal(EinvoiceDecimal d, char *buf, size_t size)
{
	uint64_t mag = d.digits < 0 ? -(uint64_t) d.digits : (uint64_t) d.digits;
	uint64_t scale = (uint64_t) power_of_ten(d.scale);

	if (d.scale > 0)
		snprintf(buf, size, "%s%llu.%0*llu", d.digits < 0 ? "-" : "",
				 (unsigned long long) (mag / scale), d.scale,
				 (unsigned long long) (mag % scale));
	else
		snprintf(buf, size, "%s%llu", d.digits < 0 ? "-" : "",
				 (unsigned long long) mag);
}
