/*
 * mt940.h
 *		SWIFT MT940 customer statements: a reader of the text format.
 *
 * Plain C (no postgres.h). The reader never allocates: it walks the
 * input and hands back slices of it and numbers.
 *
 * A file holds one or more statements, each one message:
 *
 *	{1:F01...}{2:O940...}{4:		SWIFT envelope, optional
 *	:20:reference
 *	:21:related reference			optional
 *	:25:account
 *	:28C:number/sequence			optional here (:28: also read)
 *	:60F: or :60M:opening balance	C/D, YYMMDD, currency, amount
 *	:61:entry						zero or more, each followed by
 *	:86:information					an optional :86:
 *	:62F: or :62M:closing balance
 *	:64:closing available balance	optional
 *	:65:forward available balance	optional, repeatable
 *	:86:information for the owner	optional
 *	-} or -							end of the message, optional
 *
 * Lines end in CR LF, LF or CR. A field goes on over the lines that do
 * not start with ':' (or the message end). Tags ar2c does not read
 * (:13D:, :34F:, :90C:, ...) are skipped.
 *
 * Use:
 *		mt940_reader_init(&reader, text, len);
 *		while ((status = mt940_next_statement(&reader, &st, &err)) == MT940_OK)
 *			while ((status = mt940_next_entry(&st, &entry, &err)) == MT940_OK)
 *				... ;
 *		status MT940_END: the statements (or entries) are done; anything
 *		else is an error, described by err.
 *
 * mt940_next_statement reads and checks the whole statement, every entry
 * included, before it returns it: a statement is returned only if all of
 * it is valid, and mt940_next_entry then cannot fail.
 */
#ifndef AR2C_CORE_MT940_H
#define AR2C_CORE_MT940_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/currency.h"
#include "core/money_cur.h"
#include "core/mt940_field86.h"

/* Digits an amount may have, comma included (SWIFT's 15d) */
#define MT940_AMOUNT_MAX_CHARS 15

/* The longest :28C: read (SWIFT's 5n/5n; banks write longer numbers) */
#define MT940_STATEMENT_NUMBER_MAX_CHARS 35

/* The longest bank header line before :20: ("0000 01INGBNL2A...") */
#define MT940_HEADER_MAX_CHARS 80

/* Start and end of text, framing each message in some banks' files */
#define MT940_SOH '\x01'
#define MT940_ETX '\x03'

typedef enum Mt940Status
{
	MT940_OK = 0,
	MT940_END,                  /* no more statements (or entries) */
	MT940_EMPTY,                /* the input holds no statement at all */
	MT940_BAD_CHARACTER,        /* a control character (NUL, ESC, ...) */
	MT940_BAD_ENVELOPE,         /* "{" not followed by a block "{N:" */
	MT940_NOT_A_FIELD,          /* text where a field ":NN:" should start */
	MT940_BAD_TAG,              /* ":" that does not open a tag ":NNa:" */
	MT940_TRUNCATED,            /* the input ends inside a statement */
	MT940_MISSING_FIELD,        /* a mandatory field is absent */
	MT940_MISPLACED_FIELD,      /* a field out of order, or twice */
	MT940_BAD_STATEMENT_NUMBER, /* :28C: is not "number[/sequence]" */
	MT940_BAD_MARK,             /* not C, D, RC or RD */
	MT940_BAD_DATE,             /* not YYMMDD (or MMDD) */
	MT940_BAD_CURRENCY,         /* not an ISO 4217 code with minor units */
	MT940_CURRENCY_MISMATCH,    /* a balance in another currency than :60: */
	MT940_BAD_AMOUNT,           /* not digits with a decimal comma */
	MT940_TOO_MANY_DECIMALS,    /* more decimals than the currency has */
	MT940_AMOUNT_TOO_LARGE,     /* beyond what money_cur holds */
	MT940_BAD_TRANSACTION_TYPE, /* not N, F or S and three characters */
	MT940_EMPTY_FIELD,          /* a field with no content (:20:, :25:) */
	MT940_BAD_ENTRY_DATE,       /* :61: entry date not MMDD or four blanks */
	MT940_IMPOSSIBLE_DATE,      /* a day the month does not have (30 Feb) */
	MT940_MESSAGE_ENDED,        /* "-" before the closing balance */
	MT940_TEXT_AFTER_END        /* text on the line after a "-" */
} Mt940Status;

/* What went wrong, and where */
typedef struct Mt940Error
{
	Mt940Status status;
	int line;       /* line of the input, from 1 */
	char tag[4];    /* the field ("61", "60F"), "" outside a field */
	Mt940Text text; /* the offending part of the input, if any */
} Mt940Error;

/* A calendar date; year 0 when absent */
typedef struct Mt940Date
{
	int year;
	int month;
	int day;
} Mt940Date;

/* Where the reader is in the input */
typedef struct Mt940Cursor
{
	const char *buf;
	size_t len;
	size_t pos;    /* next byte to read */
	int line;      /* line of buf[pos] */
	int mode;      /* outside any message, in block 4, in bare text */
	int last_line; /* last line that held something, for messages */
	int end_line;  /* line of the last "-" that ended a message, or 0 */
} Mt940Cursor;

typedef struct Mt940Reader
{
	Mt940Cursor cursor;
	int statements; /* returned so far */
} Mt940Reader;

/* A balance (:60F:, :62F:, :64:, :65:) */
typedef struct Mt940Balance
{
	bool present;
	char kind; /* 'F' final, 'M' intermediate, ' ' for :64:/:65: */
	Mt940Date date;
	ar2c_currency currency;
	int64_t units; /* signed: a debit balance is negative */
	int line;
} Mt940Balance;

typedef struct Mt940Statement
{
	int line;                         /* line of :20: */
	Mt940Text reference;              /* :20: */
	Mt940Text related;                /* :21: */
	Mt940Text account;                /* :25: */
	Mt940Text number;                 /* :28C: before the slash */
	Mt940Text sequence;               /* :28C: after the slash */
	Mt940Text statement_number_field; /* :28C: as written */
	Mt940Balance opening;             /* :60F: or :60M: */
	Mt940Balance closing;             /* :62F: or :62M: */
	Mt940Balance closing_available;   /* :64: */
	Mt940Balance forward_available;   /* the first :65: */
	Mt940Text information;            /* :86: for the account owner */
	int minor_units;                  /* of the statement's currency */
	int entry_count;
	ar2c_int128 entries_sum; /* signed sum of the entries */
	/* for mt940_next_entry */
	Mt940Cursor entries;
	int entries_read;
} Mt940Statement;

typedef struct Mt940Entry
{
	int line;   /* line of :61: */
	int number; /* from 1 within the statement */
	Mt940Date value_date;
	Mt940Date entry_date;     /* booking date; year 0 when not given */
	char mark;                /* 'C' or 'D': the direction of the booking */
	bool reversal;            /* RC (a debit) or RD (a credit) */
	char funds_code;          /* third letter of the currency, or 0 */
	int64_t units;            /* the amount, never negative */
	char transaction_type[5]; /* "NTRF" */
	Mt940Text customer_reference; /* empty for NONREF */
	Mt940Text bank_reference;     /* after "//" */
	Mt940Text supplementary;      /* second line of :61: */
	Mt940Text field61;            /* :61: as written */
	Mt940Text information;        /* its :86:, line breaks included */
	int information_line;
} Mt940Entry;

/* Start reading text */
extern void mt940_reader_init(Mt940Reader *reader, const char *text,
							  size_t len);

/* Read and check the next statement */
extern Mt940Status mt940_next_statement(Mt940Reader *reader,
										Mt940Statement *statement,
										Mt940Error *err);

/* The next entry of a statement mt940_next_statement returned */
extern Mt940Status mt940_next_entry(Mt940Statement *statement,
									Mt940Entry *entry, Mt940Error *err);

/* The counterparty's IBAN on the second line of :61:, or empty */
extern Mt940Text mt940_supplementary_account(const Mt940Entry *entry);

/* True if opening + entries = closing */
extern bool mt940_statement_balanced(const Mt940Statement *statement);

/*
 * Parse an amount with a decimal comma ("1234,56") in a currency with
 * minor_units decimals; trailing zeros beyond them are allowed.
 */
extern Mt940Status mt940_parse_amount(const char *text, size_t len,
									  int minor_units, int64_t *units);

/*
 * Parse a decimal amount of at most max_chars characters: digits, then
 * decimal_mark and digits (the mark may be left out unless mark_required).
 * More decimals than minor_units are refused unless they are zeros. Used
 * for MT940 ("1234,56") and ISO 20022 ("1234.56") amounts.
 */
extern Mt940Status mt940_parse_decimal(const char *text, size_t len,
									   char decimal_mark, bool mark_required,
									   size_t max_chars, int minor_units,
									   int64_t *units);

/*
 * Parse a currency and an amount ("EUR2,50", "EUR 2,50"), as bank
 * charges are written in :86:.
 */
extern Mt940Status mt940_parse_currency_amount(const char *text, size_t len,
											   ar2c_currency *currency,
											   int64_t *units);

/* What a status means, as a phrase: "the debit/credit mark is not ..." */
extern const char *mt940_status_text(Mt940Status status);

#endif /* AR2C_CORE_MT940_H */
