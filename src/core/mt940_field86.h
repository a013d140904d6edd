/*
 * mt940_field86.h
 *		Field :86: of an MT940 entry: free text, or one of the structured
 *		dialects banks write into it.
 *
 * Plain C (no postgres.h). Five dialects are read:
 *
 *	german	"166?00GUTSCHRIFT?20EREF+E2E-1?21SVWZ+RE 4711?31DE02...?32NAME"
 *			(DFU-Abkommen / SEPA: a three-digit business transaction code,
 *			then ?NN subfields; ?20-?29 and ?60-?63 hold the remittance
 *			with the SEPA keywords EREF+, KREF+, MREF+, SVWZ+, ABWA+, ...)
 *	slash	"/EREF/E2E-1//CNTP/NL02.../ABNANL2A/ACME BV///REMI/USTD//INV 1/"
 *			(the SWIFT field-86 codes of ING, Rabobank, ABN AMRO and
 *			others: /EREF/, /REMI/, /ORDP/, /NAME/, /IBAN/, /BIC/, ...)
 *	colon	"SEPA_CREDIT_TRANSFER:Rechnung 12:Hoffmann GmbH:DE62..." (Penta:
 *			the kind of transfer, the purpose, the party's name and IBAN)
 *	iban-line "NL74RABO0398765432 Stichting X" on the first line, then
 *			lines padded with blanks holding slash codes or text (ASN Bank)
 *	free	anything else: the text is the remittance, and SEPA keywords
 *			in it are still recognised
 *
 * The parser never fails: what it cannot place stays in the remittance.
 * It writes the joined text into a caller's buffer and returns slices of
 * that buffer, so the buffer must outlive the result.
 */
#ifndef AR2C_CORE_MT940_FIELD86_H
#define AR2C_CORE_MT940_FIELD86_H

#include <stdbool.h>
#include <stddef.h>

/* A piece of text that is not NUL-terminated; len 0 means absent */
typedef struct Mt940Text
{
	const char *ptr;
	size_t len;
} Mt940Text;

typedef enum Field86Dialect
{
	FIELD86_FREE = 0, /* free text */
	FIELD86_GERMAN,   /* ?NN subfields */
	FIELD86_SLASH,    /* /CODE/value codes */
	FIELD86_COLON,    /* KIND_OF_TRANSFER:purpose:name:IBAN */
	FIELD86_IBAN_LINE /* IBAN and name, then padded lines */
} Field86Dialect;

typedef struct Field86
{
	Field86Dialect dialect;
	int transaction_code;           /* German business code (166), or -1 */
	Mt940Text booking_text;         /* ?00, /TRTP/ */
	Mt940Text remittance;           /* SVWZ+, /REMI/USTD//, or the text */
	Mt940Text structured_reference; /* /REMI/STRD/CUR/ (an RF reference) */
	Mt940Text end_to_end_id;        /* EREF+, /EREF/ */
	Mt940Text customer_reference;   /* KREF+, /PREF/ */
	Mt940Text mandate_reference;    /* MREF+, /MARF/ */
	Mt940Text creditor_id;          /* CRED+, /CSID/ */
	Mt940Text ultimate_party;       /* ABWA+, ABWE+, /ULTD/, /ULTC/ */
	Mt940Text purpose_code;         /* PURP+, /PURP/ */
	Mt940Text counterparty_name;    /* ?32?33, /NAME/, /ORDP/, /BENM/ */
	Mt940Text counterparty_account; /* ?31, IBAN+, /IBAN/, /ACCW/ */
	Mt940Text counterparty_bic;     /* ?30, BIC+, /BIC/ */
	Mt940Text charges;              /* /CHGS/ as written: "EUR2,50" */
	Mt940Text return_reason;        /* /RTRN/ */
	bool is_return;   /* returns the owner's own transfer: GVC 159, RETOURE */
	bool buffer_full; /* never true with a buffer of FIELD86_BUFFER_SIZE */
} Field86;

/* Bytes of buffer field86_parse needs for len bytes of input */
#define FIELD86_BUFFER_SIZE(len) (3 * (len) + 16)

/*
 * Read the text of a field :86: (line breaks included, as in the file).
 * buf must hold FIELD86_BUFFER_SIZE(len) bytes; the slices in out point
 * into it. Line breaks are dropped inside structured dialects (banks break
 * lines at 65 characters, even inside a code); in free text a break after
 * a full 65-character line is dropped and any other becomes a space.
 */
extern void field86_parse(const char *text, size_t len, char *buf,
						  size_t buflen, Field86 *out);

/* Name of a dialect: "free", "german", "slash", "colon", "iban-line" */
extern const char *field86_dialect_name(Field86Dialect dialect);

#endif /* AR2C_CORE_MT940_FIELD86_H */
