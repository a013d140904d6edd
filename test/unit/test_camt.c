/*
 * test_camt.c
 *		Unit tests for the camt reader (core/camt.c): statements,
 *		notifications and reports, each rule of the rows, and each
 *		refusal with the element it names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/camt.h"

#define MAX_ROWS 16
#define TEXT_MAX 128

/* A row as the tests look at it: texts copied out of the callback */
typedef struct Seen
{
	int statement;
	bool has_entry;
	bool has_opening;
	int64_t opening_units;
	int opening_day;
	int entry_number;
	int transaction_number;
	char direction;
	bool is_return;
	int64_t units;
	int64_t entry_units;
	bool has_charges;
	int64_t charge_units;
	char origin[TEXT_MAX];
	char name[TEXT_MAX];
	char account[TEXT_MAX];
	char remittance[TEXT_MAX];
	char code[TEXT_MAX];
	char end_to_end[TEXT_MAX];
	char format[TEXT_MAX];
} Seen;

typedef struct Rows
{
	Seen rows[MAX_ROWS];
	int count;
} Rows;

static void
copy(char *out, CamtText t)
{
	size_t n = t.len < TEXT_MAX - 1 ? t.len : TEXT_MAX - 1;

	if (t.ptr == NULL)
		strcpy(out, "(null)");
	else
	{
		memcpy(out, t.ptr, n);
		out[n] = '\0';
	}
}

static void
collect(void *context, const CamtStatement *st, const CamtRow *row)
{
	Rows *rows = context;
	Seen *s;

	assert_true(rows->count < MAX_ROWS);
	s = &rows->rows[rows->count++];
	memset(s, 0, sizeof(*s));
	s->statement = st->number;
	s->has_opening = st->opening.present;
	s->opening_units = st->opening.units;
	s->opening_day = st->opening_date.day;
	snprintf(s->format, TEXT_MAX, "%s", st->format);
	if (row == NULL)
	{
		copy(s->origin, st->path);
		return;
	}
	s->has_entry = true;
	s->entry_number = row->entry_number;
	s->transaction_number = row->transaction_number;
	s->direction = row->direction;
	s->is_return = row->is_return;
	s->units = row->amount.units;
	s->entry_units = row->entry_amount.units;
	s->has_charges = row->charges.present;
	s->charge_units = row->charges.units;
	copy(s->origin, row->origin);
	copy(s->name, row->counterparty_name);
	copy(s->account, row->counterparty_account);
	copy(s->remittance, row->remittance_text);
	copy(s->code, row->transaction_code);
	copy(s->end_to_end, row->end_to_end_id);
}

static CamtStatus
read_doc(const char *doc, CamtKind want, Rows *rows, CamtError *err)
{
	CamtReader reader;
	CamtStatus status;

	memset(rows, 0, sizeof(*rows));
	camt_reader_init(&reader);
	status = camt_read(&reader, doc, strlen(doc), want, collect, rows, err);
	camt_reader_free(&reader);
	return status;
}

#define NS053 "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"

#define BAL(code, amount, ind, day)                                          \
	"<Bal><Tp><CdOrPrtry><Cd>" code                                          \
	"</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" amount "</Amt><CdtDbtInd>" ind \
	"</CdtDbtInd><Dt><Dt>2026-03-" day "</Dt></Dt></Bal>"

/* A camt.053 of one statement: balances and entries as given */
#define STATEMENT(balances, entries)                                       \
	"<?xml version=\"1.0\"?><Document xmlns=\"" NS053 "\"><BkToCstmrStmt>" \
	"<Stmt><Id>S-1</Id><Acct><Id><IBAN>DE21500105170648213957</IBAN></Id>" \
	"</Acct>" balances entries "</Stmt></BkToCstmrStmt></Document>"

#define CREDIT(amount, details)                                               \
	"<Ntry><Amt Ccy=\"EUR\">" amount "</Amt><CdtDbtInd>CRDT</CdtDbtInd>"      \
	"<Sts>BOOK</Sts><BookgDt><Dt>2026-03-10</Dt></BookgDt>"                   \
	"<ValDt><Dt>2026-03-10</Dt></ValDt><BkTxCd><Domn><Cd>PMNT</Cd><Fmly>"     \
	"<Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>" details \
	"</Ntry>"

#define TX(amount, rest)                                         \
	"<TxDtls><Refs><EndToEndId>E-" amount "</EndToEndId></Refs>" \
	"<Amt Ccy=\"EUR\">" amount "</Amt>" rest "</TxDtls>"

static void
test_statement_rows(void **state)
{
	Rows r;
	CamtError err;
	const char *doc = STATEMENT(
		BAL("OPBD", "100.00", "CRDT", "10")
			BAL("CLBD", "130.00", "CRDT", "10"),
		CREDIT("10.00", "") CREDIT(
			"20.00",
			"<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId>"
			"</Refs><Amt Ccy=\"EUR\">20.00</Amt><RltdPties><Dbtr><Pty><Nm> "
			"Nordlicht GmbH </Nm></Pty></Dbtr><DbtrAcct><Id><Othr><Id>"
			"12-34</Id></Othr></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>"
			"Rechnung</Ustrd><Ustrd> 2026-311</Ustrd></RmtInf><Chrgs>"
			"<Rcrd><Amt Ccy=\"EUR\">0.50</Amt></Rcrd><Rcrd><Amt Ccy=\"EUR\">"
			"0.25</Amt></Rcrd></Chrgs></TxDtls></NtryDtls>"));

	(void) state;
	assert_int_equal(read_doc(doc, CAMT_053, &r, &err), CAMT_OK);
	assert_int_equal(r.count, 2);
	assert_string_equal(r.rows[0].format, "camt.053.001.08");
	assert_int_equal(r.rows[0].opening_units, 10000);
	assert_string_equal(r.rows[0].origin, "Stmt[1]/Ntry[1]");
	assert_int_equal(r.rows[0].units, 1000);
	assert_string_equal(r.rows[0].code, "PMNT/RCDT/ESCT");
	assert_string_equal(r.rows[1].origin,
						"Stmt[1]/Ntry[2]/NtryDtls/TxDtls[1]");
	assert_string_equal(r.rows[1].name, "Nordlicht GmbH");
	assert_string_equal(r.rows[1].account, "12-34");
	assert_string_equal(r.rows[1].remittance, "Rechnung 2026-311");
	assert_string_equal(r.rows[1].end_to_end, "(null)");
	assert_true(r.rows[1].has_charges);
	assert_int_equal(r.rows[1].charge_units, 75);
	assert_false(r.rows[1].is_return);
}

static void
test_opening_is_opbd_before_prcd(void **state)
{
	Rows r;
	CamtError err;
	const char *doc = STATEMENT(BAL("OPBD", "100.00", "CRDT", "10")
									BAL("PRCD", "99.00", "DBIT", "09")
										BAL("CLBD", "100.00", "CRDT", "10"),
								"");

	(void) state;
	assert_int_equal(read_doc(doc, CAMT_053, &r, &err), CAMT_OK);
	assert_int_equal(r.count, 1);
	assert_false(r.rows[0].has_entry);
	assert_string_equal(r.rows[0].origin, "Stmt[1]");
	assert_int_equal(r.rows[0].opening_units, 10000);
	assert_int_equal(r.rows[0].opening_day, 10);
}

static void
test_altered_booked_amount_refused(void **state)
{
	Rows r;
	CamtError err;
	const char *doc = STATEMENT(
		BAL("OPBD", "100.00", "CRDT", "10")
			BAL("CLBD", "110.00", "CRDT", "10"),
		CREDIT("110.00", "<NtryDtls>" TX("10.00", "") "</NtryDtls>"));

	(void) state;
	assert_int_equal(read_doc(doc, CAMT_053, &r, &err), CAMT_INCONSISTENT);
	assert_string_equal(err.message,
						"invalid camt.053 document at Stmt[1]/Ntry[1]: the "
						"transaction amount 10.00 EUR is not the booked entry "
						"amount 110.00 EUR");
	assert_true(strlen(err.hint) > 0);
}

static void
test_exchange_keeps_booked_amount(void **state)
{
	Rows r;
	CamtError err;
	const char *doc = STATEMENT(
		BAL("OPBD", "100.00", "CRDT", "10")
			BAL("CLBD", "110.00", "CRDT", "10"),
		CREDIT("10.00",
			   "<NtryDtls>" TX("10.50",
							   "<AmtDtls><InstdAmt><Amt Ccy=\"USD\">11.00"
							   "</Amt></InstdAmt></AmtDtls>") "</NtryDtls>"));

	(void) state;
	assert_int_equal(read_doc(doc, CAMT_053, &r, &err), CAMT_OK);
	assert_int_equal(r.rows[0].units, 1000);
}

static void
test_batch_must_add_up(void **state)
{
	Rows r;
	CamtError err;
	const char *good = STATEMENT(
		BAL("OPBD", "0.00", "CRDT", "10") BAL("CLBD", "30.00", "CRDT", "10"),
		CREDIT("30.00",
			   "<NtryDtls>" TX("10.00", "") TX("20.00", "") "</NtryDtls>"));
	const char *bad = STATEMENT(
		BAL("OPBD", "0.00", "CRDT", "10") BAL("CLBD", "30.00", "CRDT", "10"),
		CREDIT("30.00",
			   "<NtryDtls>" TX("10.00", "") TX("19.99", "") "</NtryDtls>"));

	(void) state;
	assert_int_equal(read_doc(good, CAMT_053, &r, &err), CAMT_OK);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.rows[1].transaction_number, 2);
	assert_int_equal(r.rows[1].entry_units, 3000);
	assert_int_equal(read_doc(bad, CAMT_053, &r, &err), CAMT_INCONSISTENT);
	assert_string_equal(err.message,
						"invalid camt.053 document at Stmt[1]/Ntry[1]: the 2 "
						"transactions of the entry add up to 29.99 EUR, the "
						"entry is 30.00 EUR");
}

static void
test_pending_left_out_but_counted(void **state)
{
	Rows r;
	CamtError err;
	const char *doc = STATEMENT(
		BAL("OPBD", "0.00", "CRDT", "10") BAL("CLBD", "2.00", "CRDT", "10"),
		"<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>"
		"PDNG</Cd></Sts></Ntry>" CREDIT("2.00", ""));

	(void) state;
	assert_int_equal(read_doc(doc, CAMT_053, &r, &err), CAMT_OK);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.rows[0].entry_number, 2);
}

static void
test_returns_marked(void **state)
{
	Rows r;
	CamtError err;
	const char *doc = STATEMENT(
		BAL("OPBD", "0.00", "CRDT", "10") BAL("CLBD", "3.00", "CRDT", "10"),
		"<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BkTxCd>"
		"<Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>RRTN</SubFmlyCd>"
		"</Fmly></Domn></BkTxCd></Ntry>" CREDIT(
			"2.00", "<NtryDtls>" TX("2.00", "<RtrInf><Rsn><Cd>AC04</Cd></Rsn>"
											"</RtrInf>") "</NtryDtls>"));

	(void) state;
	assert_int_equal(read_doc(doc, CAMT_053, &r, &err), CAMT_OK);
	assert_int_equal(r.count, 2);
	assert_true(r.rows[0].is_return);
	assert_true(r.rows[1].is_return);
}

static void
test_notification_and_report(void **state)
{
	Rows r;
	CamtError err;
	const char *ntfctn =
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\">"
		"<BkToCstmrDbtCdtNtfctn><Ntfctn><Id>N-1</Id><Acct><Id><IBAN>"
		"DE21500105170648213957</IBAN></Id></Acct>" CREDIT(
			"5.00", "") "</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>";
	const char *report =
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.052.001.08\">"
		"<BkToCstmrAcctRpt><Rpt><Id>R-1</Id><Acct><Id><IBAN>"
		"DE21500105170648213957</IBAN></Id></Acct>" CREDIT(
			"5.00", "") "</Rpt></BkToCstmrAcctRpt></Document>";

	(void) state;
	assert_int_equal(read_doc(ntfctn, CAMT_ANY, &r, &err), CAMT_OK);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.rows[0].format, "camt.054.001.02");
	assert_false(r.rows[0].has_opening);
	assert_string_equal(r.rows[0].origin, "Ntfctn[1]/Ntry[1]");
	assert_int_equal(read_doc(report, CAMT_052, &r, &err), CAMT_OK);
	assert_string_equal(r.rows[0].format, "camt.052.001.08");
	/* a notification is not a statement */
	assert_int_equal(read_doc(ntfctn, CAMT_053, &r, &err), CAMT_NOT_CAMT);
	assert_string_equal(err.message, "not a camt.053 document");
}

static void
test_refusals_name_the_element(void **state)
{
	Rows r;
	CamtError err;

	(void) state;
	assert_int_equal(read_doc(STATEMENT(BAL("OPBD", "0.00", "CRDT", "10")
											BAL("CLBD", "1.00", "CRDT", "32"),
										""),
							  CAMT_053, &r, &err),
					 CAMT_INVALID);
	assert_string_equal(err.message,
						"invalid date \"2026-03-32\" at Stmt[1]/Bal[CLBD]/Dt");
}

static void
test_bad_values(void **state)
{
	Rows r;
	CamtError err;

	(void) state;
	assert_int_equal(read_doc(STATEMENT(BAL("OPBD", "0.00", "CRDT", "10")
											BAL("CLBD", "1.001", "CRDT", "10"),
										""),
							  CAMT_053, &r, &err),
					 CAMT_INVALID);
	assert_string_equal(
		err.message, "invalid amount \"1.001\" EUR at Stmt[1]/Bal[CLBD]/Amt");
	assert_string_equal(err.detail, "EUR has 2 decimals.");
	assert_int_equal(read_doc(STATEMENT(BAL("OPBD", "0.00", "CRDT", "10"), ""),
							  CAMT_053, &r, &err),
					 CAMT_INVALID);
	assert_string_equal(err.message, "invalid camt.053 document at Stmt[1]: "
									 "the statement has no closing balance");
	assert_int_equal(
		read_doc(STATEMENT(BAL("OPBD", "0.00", "CRDT", "10")
							   BAL("CLBD", "1.00", "CRDT", "10"),
						   "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>DEBIT"
						   "</CdtDbtInd></Ntry>"),
				 CAMT_053, &r, &err),
		CAMT_INVALID);
	assert_string_equal(err.message, "invalid camt.053 document at "
									 "Stmt[1]/Ntry[1]/CdtDbtInd: CdtDbtInd is "
									 "\"DEBIT\"");
}

static void
test_not_xml_and_no_dtd(void **state)
{
	Rows r;
	CamtError err;

	(void) state;
	assert_int_equal(read_doc("<Document xmlns=\"" NS053 "\"><BkToCstmrStmt>",
							  CAMT_053, &r, &err),
					 CAMT_NOT_XML);
	assert_string_equal(err.message, "invalid XML document");
	assert_true(err.line >= 1);
	assert_int_equal(
		read_doc("<?xml version=\"1.0\"?><!DOCTYPE Document ["
				 "<!ENTITY a \"aaaaaaaaaa\">]><Document xmlns=\"" NS053
				 "\"><BkToCstmrStmt/></Document>",
				 CAMT_053, &r, &err),
		CAMT_INVALID);
	assert_non_null(strstr(err.message, "DOCTYPE"));
	assert_int_equal(read_doc("<Document xmlns=\"" NS053
							  "\"><BkToCstmrStmt/></Document>",
							  CAMT_053, &r, &err),
					 CAMT_INVALID);
	assert_string_equal(err.message,
						"invalid camt.053 document: it holds no statement");
	assert_int_equal(read_doc("<html/>", CAMT_ANY, &r, &err), CAMT_NOT_CAMT);
	/* well-formed to the end, also after the statements */
	assert_int_equal(read_doc(STATEMENT(BAL("OPBD", "0.00", "CRDT", "10")
											BAL("CLBD", "1.00", "CRDT", "10"),
										"") "<trailing/>",
							  CAMT_053, &r, &err),
					 CAMT_NOT_XML);
	assert_int_equal(read_doc("<Document xmlns=\"" NS053
							  "\"><BkToCstmrStmt><Stmt/>"
							  "</BkToCstmrStmt></Document>",
							  CAMT_053, &r, &err),
					 CAMT_INVALID);
	assert_string_equal(err.message, "invalid camt.053 document at Stmt[1]: "
									 "the statement has no Id");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statement_rows),
		cmocka_unit_test(test_opening_is_opbd_before_prcd),
		cmocka_unit_test(test_altered_booked_amount_refused),
		cmocka_unit_test(test_exchange_keeps_booked_amount),
		cmocka_unit_test(test_batch_must_add_up),
		cmocka_unit_test(test_pending_left_out_but_counted),
		cmocka_unit_test(test_returns_marked),
		cmocka_unit_test(test_notification_and_report),
		cmocka_unit_test(test_refusals_name_the_element),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_not_xml_and_no_dtd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
