/*
 * einvoice.h
 *		Structured e-invoices: a reader of UBL 2.1 Invoice and CreditNote
 *		and of UN/CEFACT CII CrossIndustryInvoice (D16B), in the EN 16931
 *		profiles used in practice (Peppol BIS Billing 3.0, XRechnung,
 *		Factur-X/ZUGFeRD EN16931 and BASIC), and the EN 16931 business
 *		rules that concern money.
 *
 * Plain C (no postgres.h) on libxml2, opened as core/xml_safe.h says (no
 * network, no DTD, no entity substitution, DOCTYPE refused). A document
 * is one invoice, small enough to be read as one tree: the root element
 * is expanded, its values copied into the Einvoice, the tree freed.
 *
 * einvoice_read checks what it reads: the mandatory business terms, the
 * amounts (exact, in the invoice currency and its decimals), then the
 * money rules (core/einvoice_rules.c). The first problem stops it and is
 * described in EinvoiceError with the rule's id (BR-CO-10, ...).
 *
 * Texts are NUL-terminated copies owned by the Einvoice, trimmed of white
 * space, ptr NULL when absent or empty; einvoice_free releases them.
 */
#ifndef AR2C_CORE_EINVOICE_H
#define AR2C_CORE_EINVOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/currency.h"

typedef enum EinvoiceSyntax
{
	EINVOICE_ANY = 0, /* whichever of the two the document is */
	EINVOICE_UBL,
	EINVOICE_CII
} EinvoiceSyntax;

typedef enum EinvoiceStatus
{
	EINVOICE_OK = 0,
	EINVOICE_NOT_XML,      /* not well-formed XML (SQLSTATE 2200M) */
	EINVOICE_NOT_EINVOICE, /* neither UBL nor CII, or not the one asked for */
	EINVOICE_INVALID,      /* a missing or invalid business term (22P02) */
	EINVOICE_INCONSISTENT, /* a money rule broken (23514) */
	EINVOICE_NO_MEMORY
} EinvoiceStatus;

#define EINVOICE_MESSAGE_MAX 512
#define EINVOICE_RULE_MAX    32

typedef struct EinvoiceError
{
	EinvoiceStatus status;
	int line;                     /* of the XML error, for EINVOICE_NOT_XML */
	char rule[EINVOICE_RULE_MAX]; /* "BR-CO-10"; empty when none */
	char message[EINVOICE_MESSAGE_MAX];
	char detail[EINVOICE_MESSAGE_MAX];
	char hint[EINVOICE_MESSAGE_MAX];
} EinvoiceError;

typedef struct EinvoiceText
{
	const char *ptr; /* NUL-terminated; NULL when absent */
	size_t len;
} EinvoiceText;

/* A calendar date; year 0 when absent */
typedef struct EinvoiceDate
{
	int year;
	int month;
	int day;
} EinvoiceDate;

/* An amount in the invoice currency, in its minor units */
typedef struct EinvoiceAmount
{
	bool present;
	int64_t units;
} EinvoiceAmount;

/* A quantity, price or rate: digits / 10^scale, exactly */
typedef struct EinvoiceDecimal
{
	bool present;
	int64_t digits;
	int scale;
} EinvoiceDecimal;

typedef struct EinvoiceParty
{
	EinvoiceText name;     /* BT-27 / BT-44 */
	EinvoiceText id;       /* BT-29 / BT-46 */
	EinvoiceText legal_id; /* BT-30 / BT-47 */
	EinvoiceText vat_id;   /* BT-31 / BT-48 */
} EinvoiceParty;

typedef struct EinvoiceLine
{
	EinvoiceText id;   /* BT-126 */
	EinvoiceText name; /* BT-153 */
	EinvoiceDecimal quantity;
	EinvoiceText unit_code;
	EinvoiceDecimal price;         /* net, BT-146 */
	EinvoiceDecimal base_quantity; /* BT-149; absent means 1 */
	EinvoiceText vat_category;     /* BT-151 */
	EinvoiceDecimal vat_rate;      /* BT-152 */
	EinvoiceAmount amount;         /* BT-131 */
	EinvoiceAmount allowances;     /* sum of BT-136 */
	EinvoiceAmount charges;        /* sum of BT-141 */
} EinvoiceLine;

/* A VAT breakdown (BG-23) */
typedef struct EinvoiceVat
{
	EinvoiceText category; /* BT-118 */
	EinvoiceDecimal rate;  /* BT-119 */
	EinvoiceAmount taxable;
	EinvoiceAmount tax;
} EinvoiceVat;

typedef struct EinvoiceBlock EinvoiceBlock;

typedef struct Einvoice
{
	EinvoiceSyntax syntax;
	bool credit_note; /* a CreditNote, or type code 81, 83, 381, 396, 532 */
	EinvoiceText profile;   /* BT-24 */
	EinvoiceText type_code; /* BT-3 */
	EinvoiceText number;    /* BT-1 */
	EinvoiceDate issue_date;
	EinvoiceDate due_date;
	ar2c_currency currency;       /* BT-5 */
	EinvoiceText buyer_reference; /* BT-10 */
	EinvoiceText order_reference; /* BT-13 */
	EinvoiceText preceding_invoice;
	EinvoiceText payment_reference; /* BT-83 */
	EinvoiceParty seller;
	EinvoiceParty buyer;
	EinvoiceAmount allowances; /* sum of the document's BT-92 */
	EinvoiceAmount charges;    /* sum of the document's BT-99 */
	EinvoiceAmount line_total; /* BT-106 */
	EinvoiceAmount allowance_total;
	EinvoiceAmount charge_total;
	EinvoiceAmount tax_exclusive; /* BT-109 */
	EinvoiceAmount tax_total;     /* BT-110 */
	EinvoiceAmount tax_inclusive; /* BT-112 */
	EinvoiceAmount prepaid;       /* BT-113 */
	EinvoiceAmount rounding;      /* BT-114 */
	EinvoiceAmount payable;       /* BT-115 */
	EinvoiceVat *vat;
	int vat_count;
	EinvoiceLine *lines;
	int line_count;
	EinvoiceBlock *blocks; /* the memory of all the above */
} Einvoice;

/*
 * Read one e-invoice of syntax want (EINVOICE_ANY: either) into inv and
 * check it. Returns EINVOICE_OK, or the status of the first problem with
 * err filled in. Call einvoice_free afterwards in either case.
 */
extern EinvoiceStatus einvoice_read(const char *buf, size_t len,
									EinvoiceSyntax want, Einvoice *inv,
									EinvoiceError *err);
extern void einvoice_free(Einvoice *inv);

/* The money rules (core/einvoice_rules.c); false with err filled in */
extern bool einvoice_check(const Einvoice *inv, EinvoiceError *err);

/* "1234.56 EUR" */
extern void einvoice_format_amount(const Einvoice *inv, int64_t units,
								   char *buf, size_t size);
/* "1.5", "-3", "0.125" */
extern void einvoice_format_decimal(EinvoiceDecimal d, char *buf, size_t size);

/* The syntax's name: "ubl", "cii" */
extern const char *einvoice_syntax_name(EinvoiceSyntax s);

#endif /* AR2C_CORE_EINVOICE_H */
