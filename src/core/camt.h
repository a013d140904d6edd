/*
 * camt.h
 *		ISO 20022 cash management messages: a reader of camt.053
 *		(statements), camt.054 (debit/credit notifications) and camt.052
 *		(account reports), versions .001.02 to .001.08.
 *
 * Plain C (no postgres.h) on libxml2. The document is read once, by
 * libxml2's text reader, without network access, without loading a DTD or
 * substituting entities, and with libxml2's default limits (no
 * XML_PARSE_HUGE); a document with a DOCTYPE is refused. Each element of
 * a statement is expanded into a small tree, read and freed, so memory
 * does not grow with the document. The walk hands each row to a
 * callback: one row per booked entry (Ntry), or per transaction
 * (NtryDtls/TxDtls) of an entry that has them, and one row without an
 * entry for a statement that has no booked entry.
 *
 * Everything is checked before it is handed over: amounts, currencies,
 * dates, indicators, a batch entry's transactions against the entry, the
 * one transaction of an entry against the booked amount. The first
 * problem stops the walk and is described in CamtError: a message that
 * names the element ("Stmt[1]/Ntry[3]/Amt"), a detail and a hint.
 *
 * Texts are slices of the document (or of the reader's scratch memory),
 * trimmed of white space, with ptr NULL when absent or empty; they are
 * valid only during the callback.
 */
#ifndef AR2C_CORE_CAMT_H
#define AR2C_CORE_CAMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/currency.h"
#include "core/xml_safe.h"

typedef enum CamtKind
{
	CAMT_ANY = 0, /* whichever of the three the document is */
	CAMT_052 = 52,
	CAMT_053 = 53,
	CAMT_054 = 54
} CamtKind;

typedef enum CamtStatus
{
	CAMT_OK = 0,
	CAMT_NOT_XML,      /* not well-formed XML (SQLSTATE 2200M) */
	CAMT_NOT_CAMT,     /* not a camt document of the kind asked for */
	CAMT_INVALID,      /* a missing or invalid element (22P02) */
	CAMT_INCONSISTENT, /* amounts that contradict each other (23514) */
	CAMT_NO_MEMORY
} CamtStatus;

#define CAMT_MESSAGE_MAX 512

typedef struct CamtError
{
	CamtStatus status;
	int line; /* of the XML error, for CAMT_NOT_XML */
	char message[CAMT_MESSAGE_MAX];
	char detail[CAMT_MESSAGE_MAX];
	char hint[CAMT_MESSAGE_MAX];
} CamtError;

typedef struct CamtText
{
	const char *ptr; /* NULL when absent */
	size_t len;
} CamtText;

/* A calendar date; year 0 when absent */
typedef struct CamtDate
{
	int year;
	int month;
	int day;
} CamtDate;

typedef struct CamtAmount
{
	bool present;
	int64_t units; /* signed for balances, never negative for entries */
	ar2c_currency currency;
} CamtAmount;

/* A statement, notification or report */
typedef struct CamtStatement
{
	const char *format; /* "camt.053.001.08" */
	int number;         /* position in the document, from 1 */
	CamtText path;      /* "Stmt[1]", "Ntfctn[2]" */
	CamtText id;
	CamtText account;  /* Acct/Id/IBAN, else Acct/Id/Othr/Id */
	CamtText sequence; /* ElctrncSeqNb, else LglSeqNb */
	/* balances: camt.053 only (OPBD, else PRCD; CLBD) */
	CamtDate opening_date;
	CamtAmount opening;
	CamtDate closing_date;
	CamtAmount closing;
} CamtStatement;

/* An entry, or one transaction of a batch entry */
typedef struct CamtRow
{
	int entry_number;       /* from 1, pending entries counted too */
	int transaction_number; /* from 1 */
	CamtText entry_ref;     /* NtryRef */
	CamtText bank_reference;
	CamtDate booking_date;
	CamtDate value_date;
	char direction; /* 'C' or 'D' */
	bool reversal;
	CamtAmount amount;
	CamtAmount entry_amount;
	CamtText transaction_code;
	CamtText counterparty_name;
	CamtText counterparty_account;
	CamtText counterparty_bic;
	CamtText remittance_text;
	CamtText structured_reference;
	CamtText end_to_end_id;
	CamtText mandate_reference;
	CamtAmount charges;
	CamtText bank_text;
	bool is_return;  /* BkTxCd sub-family RTRN or RRTN, or RtrInf */
	CamtText origin; /* "Stmt[1]/Ntry[3]/NtryDtls/TxDtls[2]" */
} CamtRow;

/*
 * Called for each row in document order; row is NULL for a statement
 * without booked entries.
 */
typedef void (*CamtRowFunction)(void *context, const CamtStatement *statement,
								const CamtRow *row);

/* Scratch memory: blocks freed together */
typedef struct CamtBlock CamtBlock;

/*
 * The reader owns libxml2's text reader and its scratch memory while it
 * reads.
 * camt_reader_free releases them; call it also when emit did not return
 * (a longjmp), which is why the reader is the caller's.
 */
#define CAMT_HEADER_ELEMENTS 6

typedef struct CamtReader
{
	XmlSafe xml; /* libxml2's text reader */
	/* a statement's own elements, copied */
	void *header[CAMT_HEADER_ELEMENTS];
	CamtBlock *blocks; /* newest first */
} CamtReader;

extern void camt_reader_init(CamtReader *reader);
extern void camt_reader_free(CamtReader *reader);

/*
 * Read a document of kind want (CAMT_ANY: any of the three) and call
 * emit for each row. Returns CAMT_OK, or the status of the first problem
 * with err filled in. The caller converts the text to UTF-8 first.
 */
extern CamtStatus camt_read(CamtReader *reader, const char *buf, size_t len,
							CamtKind want, CamtRowFunction emit, void *context,
							CamtError *err);

#endif /* AR2C_CORE_CAMT_H */
