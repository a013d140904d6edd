/*
 * test_einvoice.c
 *		Unit tests for the e-invoice reader (core/einvoice.c) and its
 *		money rules (core/einvoice_rules.c): a UBL invoice and a CII
 *		invoice read term by term, each rule refusing with its id, the
 *		line rule's rounding and slack, and the refusals of the reader.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/einvoice.h"

#define UBL_OPEN                                                            \
	"<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:"        \
	"Invoice-2\" xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:" \
	"CommonAggregateComponents-2\" xmlns:cbc=\"urn:oasis:names:"            \
	"specification:ubl:schema:xsd:CommonBasicComponents-2\">"

/* A UBL invoice with one line of quantity q and price p and the totals */
static char *
ubl(const char *quantity, const char *price, const char *line,
	const char *lines, const char *without, const char *vat, const char *with,
	const char *payable)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf),
			 UBL_OPEN
			 "<cbc:ID>INV-1</cbc:ID>"
			 "<cbc:IssueDate>2026-03-01</cbc:IssueDate>"
			 "<cbc:DueDate>2026-03-31</cbc:DueDate>"
			 "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>"
			 "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>"
			 "<cac:AccountingSupplierParty><cac:Party>"
			 "<cac:PartyTaxScheme><cbc:CompanyID>DE1</cbc:CompanyID>"
			 "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>"
			 "</cac:PartyTaxScheme><cac:PartyLegalEntity>"
			 "<cbc:RegistrationName>Seller</cbc:RegistrationName>"
			 "</cac:PartyLegalEntity></cac:Party>"
			 "</cac:AccountingSupplierParty>"
			 "<cac:AccountingCustomerParty><cac:Party>"
			 "<cac:PartyName><cbc:Name> Buyer &amp; Co </cbc:Name>"
			 "</cac:PartyName></cac:Party>"
			 "</cac:AccountingCustomerParty>"
			 "<cac:TaxTotal><cbc:TaxAmount currencyID=\"EUR\">%s"
			 "</cbc:TaxAmount></cac:TaxTotal>"
			 "<cac:LegalMonetaryTotal>"
			 "<cbc:LineExtensionAmount currencyID=\"EUR\">%s"
			 "</cbc:LineExtensionAmount>"
			 "<cbc:TaxExclusiveAmount currencyID=\"EUR\">%s"
			 "</cbc:TaxExclusiveAmount>"
			 "<cbc:TaxInclusiveAmount currencyID=\"EUR\">%s"
			 "</cbc:TaxInclusiveAmount>"
			 "<cbc:PayableAmount currencyID=\"EUR\">%s"
			 "</cbc:PayableAmount></cac:LegalMonetaryTotal>"
			 "<cac:InvoiceLine><cbc:ID>1</cbc:ID>"
			 "<cbc:InvoicedQuantity unitCode=\"H87\">%s"
			 "</cbc:InvoicedQuantity>"
			 "<cbc:LineExtensionAmount currencyID=\"EUR\">%s"
			 "</cbc:LineExtensionAmount>"
			 "<cac:Item><cbc:Name>Thing</cbc:Name></cac:Item>"
			 "<cac:Price><cbc:PriceAmount currencyID=\"EUR\">%s"
			 "</cbc:PriceAmount></cac:Price></cac:InvoiceLine>"
			 "</Invoice>",
			 vat, lines, without, with, payable, quantity, line, price);
	return buf;
}

static EinvoiceStatus
read_doc(const char *doc, EinvoiceSyntax want, Einvoice *inv,
		 EinvoiceError *err)
{
	return einvoice_read(doc, strlen(doc), want, inv, err);
}

static void
test_ubl_terms(void **state)
{
	Einvoice inv;
	EinvoiceError err;
	char buf[64];

	(void) state;
	assert_int_equal(read_doc(ubl("3", "33.335", "100.01", "100.01", "100.01",
								  "19.00", "119.01", "119.01"),
							  EINVOICE_ANY, &inv, &err),
					 EINVOICE_OK);
	assert_int_equal(inv.syntax, EINVOICE_UBL);
	assert_false(inv.credit_note);
	assert_string_equal(inv.number.ptr, "INV-1");
	assert_int_equal(inv.issue_date.day, 1);
	assert_int_equal(inv.due_date.day, 31);
	assert_string_equal(inv.seller.vat_id.ptr, "DE1");
	/* entities are the XML's own, blanks trimmed */
	assert_string_equal(inv.buyer.name.ptr, "Buyer & Co");
	assert_int_equal(inv.line_count, 1);
	assert_int_equal(inv.payable.units, 11901);
	einvoice_format_decimal(inv.lines[0].price, buf, sizeof(buf));
	assert_string_equal(buf, "33.335");
	einvoice_format_amount(&inv, -5, buf, sizeof(buf));
	assert_string_equal(buf, "-0.05 EUR");
	einvoice_free(&inv);
}

static void
test_line_rule(void **state)
{
	Einvoice inv;
	EinvoiceError err;

	(void) state;
	/* 3 x 33.335 = 100.005: 100.01, and Peppol's slack of 0.02 */
	assert_int_equal(read_doc(ubl("3", "33.335", "100.03", "100.03", "100.03",
								  "19.00", "119.03", "119.03"),
							  EINVOICE_ANY, &inv, &err),
					 EINVOICE_OK);
	einvoice_free(&inv);
	assert_int_equal(read_doc(ubl("3", "33.335", "100.04", "100.04", "100.04",
								  "19.00", "119.04", "119.04"),
							  EINVOICE_ANY, &inv, &err),
					 EINVOICE_INCONSISTENT);
	assert_string_equal(err.rule, "PEPPOL-EN16931-R120");
	einvoice_free(&inv);
	/* a negative quantity rounds away from zero */
	assert_int_equal(read_doc(ubl("-3", "33.335", "-100.01", "-100.01",
								  "-100.01", "-19.00", "-119.01", "-119.01"),
							  EINVOICE_ANY, &inv, &err),
					 EINVOICE_OK);
	assert_int_equal(inv.payable.units, -11901);
	einvoice_free(&inv);
	/* huge quantities and prices are refused, not overflowed */
	assert_int_equal(read_doc(ubl("999999999999999999", "999999999999999999",
								  "1.00", "1.00", "1.00", "0", "1.00", "1.00"),
							  EINVOICE_ANY, &inv, &err),
					 EINVOICE_INCONSISTENT);
	assert_string_equal(err.rule, "PEPPOL-EN16931-R120");
	einvoice_free(&inv);
}

static void
test_total_rules(void **state)
{
	static const struct
	{
		const char *lines, *without, *vat, *with, *payable, *rule;
	} cases[] = {
		{ "99.00", "100.00", "19.00", "119.00", "119.00", "BR-CO-10" },
		{ "100.00", "99.00", "19.00", "118.00", "118.00", "BR-CO-13" },
		{ "100.00", "100.00", "19.00", "118.00", "118.00", "BR-CO-15" },
		{ "100.00", "100.00", "19.00", "119.00", "120.00", "BR-CO-16" },
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		Einvoice inv;
		EinvoiceError err;

		assert_int_equal(read_doc(ubl("1", "100", "100.00", cases[i].lines,
									  cases[i].without, cases[i].vat,
									  cases[i].with, cases[i].payable),
								  EINVOICE_ANY, &inv, &err),
						 EINVOICE_INCONSISTENT);
		assert_string_equal(err.rule, cases[i].rule);
		assert_non_null(strstr(err.message, cases[i].rule));
		einvoice_free(&inv);
	}
}

static void
test_cii(void **state)
{
	char doc[] =
		"<rsm:CrossIndustryInvoice "
		"xmlns:rsm=\"urn:un:unece:uncefact:data:standard:"
		"CrossIndustryInvoice:100\" "
		"xmlns:ram=\"urn:un:unece:uncefact:data:standard:"
		"ReusableAggregateBusinessInformationEntity:100\" "
		"xmlns:udt=\"urn:un:unece:uncefact:data:standard:"
		"UnqualifiedDataType:100\">"
		"<rsm:ExchangedDocument><ram:ID>CN-9</ram:ID>"
		"<ram:TypeCode>381</ram:TypeCode><ram:IssueDateTime>"
		"<udt:DateTimeString format=\"102\">20280229</udt:DateTimeString>"
		"</ram:IssueDateTime></rsm:ExchangedDocument>"
		"<rsm:SupplyChainTradeTransaction>"
		"<ram:IncludedSupplyChainTradeLineItem>"
		"<ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID>"
		"</ram:AssociatedDocumentLineDocument>"
		"<ram:SpecifiedTradeProduct><ram:Name>Yen</ram:Name>"
		"</ram:SpecifiedTradeProduct><ram:SpecifiedLineTradeAgreement>"
		"<ram:NetPriceProductTradePrice><ram:ChargeAmount>1000"
		"</ram:ChargeAmount></ram:NetPriceProductTradePrice>"
		"</ram:SpecifiedLineTradeAgreement><ram:SpecifiedLineTradeDelivery>"
		"<ram:BilledQuantity unitCode=\"H87\">2</ram:BilledQuantity>"
		"</ram:SpecifiedLineTradeDelivery><ram:SpecifiedLineTradeSettlement>"
		"<ram:SpecifiedTradeSettlementLineMonetarySummation>"
		"<ram:LineTotalAmount>2000</ram:LineTotalAmount>"
		"</ram:SpecifiedTradeSettlementLineMonetarySummation>"
		"</ram:SpecifiedLineTradeSettlement>"
		"</ram:IncludedSupplyChainTradeLineItem>"
		"<ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty>"
		"<ram:Name>S</ram:Name></ram:SellerTradeParty><ram:BuyerTradeParty>"
		"<ram:Name>B</ram:Name></ram:BuyerTradeParty>"
		"</ram:ApplicableHeaderTradeAgreement>"
		"<ram:ApplicableHeaderTradeSettlement>"
		"<ram:InvoiceCurrencyCode>JPY</ram:InvoiceCurrencyCode>"
		"<ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
		"<ram:LineTotalAmount>2000</ram:LineTotalAmount>"
		"<ram:TaxBasisTotalAmount>2000</ram:TaxBasisTotalAmount>"
		"<ram:GrandTotalAmount>2000.00</ram:GrandTotalAmount>"
		"<ram:DuePayableAmount>2000</ram:DuePayableAmount>"
		"</ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
		"</ram:ApplicableHeaderTradeSettlement>"
		"</rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>";
	Einvoice inv;
	EinvoiceError err;

	(void) state;
	assert_int_equal(read_doc(doc, EINVOICE_ANY, &inv, &err), EINVOICE_OK);
	assert_int_equal(inv.syntax, EINVOICE_CII);
	assert_true(inv.credit_note);
	/* a leap day */
	assert_int_equal(inv.issue_date.month, 2);
	/* yen have no decimals: zeros beyond them are allowed */
	assert_int_equal(inv.tax_inclusive.units, 2000);
	einvoice_free(&inv);
	assert_int_equal(read_doc(doc, EINVOICE_UBL, &inv, &err),
					 EINVOICE_NOT_EINVOICE);
	assert_string_equal(err.message, "not an e-invoice in UBL");
	einvoice_free(&inv);
	/* not a leap year */
	memcpy(strstr(doc, "2028"), "2026", 4);
	assert_int_equal(read_doc(doc, EINVOICE_ANY, &inv, &err),
					 EINVOICE_INVALID);
	assert_non_null(strstr(err.message, "\"20260229\", not a date"));
	einvoice_free(&inv);
}

static void
test_refusals(void **state)
{
	Einvoice inv;
	EinvoiceError err;
	char doc[4096];

	(void) state;
	snprintf(doc, sizeof(doc), "%s",
			 ubl("1", "100", "100.00", "100.00", "100.00", "19.00", "119.00",
				 "119.00"));
	/* not well-formed, cut short */
	assert_int_equal(
		einvoice_read(doc, strlen(doc) - 5, EINVOICE_ANY, &inv, &err),
		EINVOICE_NOT_XML);
	einvoice_free(&inv);
	assert_int_equal(read_doc("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY "
							  "e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
							  EINVOICE_ANY, &inv, &err),
					 EINVOICE_INVALID);
	assert_non_null(strstr(err.message, "DOCTYPE"));
	einvoice_free(&inv);
	assert_int_equal(read_doc(ubl("1", "100", "100.00", "100.00", "100.00",
								  "19.00", "119.00", "1x9.00"),
							  EINVOICE_ANY, &inv, &err),
					 EINVOICE_INVALID);
	assert_string_equal(err.message,
						"invalid e-invoice: the amount due for payment "
						"(BT-115) at cbc:PayableAmount is \"1x9.00\", not an "
						"amount");
	einvoice_free(&inv);
	assert_int_equal(read_doc(ubl("1", "100", "100.00", "100.00", "100.00",
								  "19.00", "119.00", "119.001"),
							  EINVOICE_ANY, &inv, &err),
					 EINVOICE_INVALID);
	einvoice_free(&inv);
	assert_int_equal(read_doc(ubl("1", "100", "100.00", "100.00", "100.00",
								  "19.00", "119.00", "119.000"),
							  EINVOICE_ANY, &inv, &err),
					 EINVOICE_OK);
	einvoice_free(&inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ubl_terms),   cmocka_unit_test(test_line_rule),
		cmocka_unit_test(test_total_rules), cmocka_unit_test(test_cii),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
