/*
 * dunning_template.h
 *		Dunning notice templates: a small template language, and money and
 *		dates formatted for the reader's language.
 *
 * Plain C (no postgres.h). A template is UTF-8 text with tags in double
 * braces: {{name}} puts a value, {{#items}} ... {{/items}} repeats its
 * body once per dunned item. White space inside the braces is ignored.
 * "{{" always opens a tag; a single "{" or "}" is text. The names are
 * fixed (see dun_var_name); an unknown name, an item value outside the
 * items section, a nested or unclosed section is an error with its byte
 * offset, so a bad template is refused when it is stored, not when a
 * notice is due.
 */
#ifndef AR2C_CORE_DUNNING_TEMPLATE_H
#define AR2C_CORE_DUNNING_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/currency.h"

/* Languages with their own number and date formats */
typedef enum DunLang
{
	DUN_LANG_EN = 0, /* EUR 1,234.56 and 31 March 2026 */
	DUN_LANG_DE,     /* 1.234,56 EUR and 31.03.2026 */
	DUN_LANG_FR,     /* 1 234,56 EUR and 31/03/2026 (narrow no-break space) */
	DUN_LANG_ZH      /* CNY 1,234.56 and 2026年3月31日 */
} DunLang;

/*
 * The language of a tag such as "de", "de-CH" or "zh_CN" (case ignored,
 * the part before "-" or "_" counts); false for any other.
 */
extern bool dun_lang_parse(const char *tag, size_t len, DunLang *out);

/* The longest formatted amount and date, with their NUL */
#define DUN_MONEY_MAX 64
#define DUN_DATE_MAX  32

/*
 * Format an amount of minor units in a currency for a language into
 * buf[DUN_MONEY_MAX], NUL-terminated; returns the length, 0 if the
 * currency is unknown or has no minor units.
 */
extern size_t dun_format_money(int64_t units, ar2c_currency currency,
							   DunLang lang, char *buf);

/*
 * Format a date (year 1..9999, a valid month and day) for a language into
 * buf[DUN_DATE_MAX], NUL-terminated; returns the length, 0 if invalid.
 */
extern size_t dun_format_date(int year, int month, int day, DunLang lang,
							  char *buf);

/* The values a template may name */
typedef enum DunVar
{
	DUN_VAR_CUSTOMER_NAME = 0,
	DUN_VAR_CUSTOMER_NUMBER,
	DUN_VAR_COMPANY_NAME,
	DUN_VAR_DATE,        /* the day of the run */
	DUN_VAR_LEVEL,       /* 1, 2, ... */
	DUN_VAR_ITEM_COUNT,  /* number of items dunned */
	DUN_VAR_CURRENCY,    /* "EUR" */
	DUN_VAR_PRINCIPAL,   /* the items' open amounts, summed */
	DUN_VAR_FEE,         /* the notice's fee */
	DUN_VAR_INTEREST,    /* the notice's interest */
	DUN_VAR_TOTAL,       /* principal + fee + interest */
	DUN_VAR_ITEM_NUMBER, /* items only: the invoice number */
	DUN_VAR_ITEM_DUE_DATE,
	DUN_VAR_ITEM_DAYS_OVERDUE,
	DUN_VAR_ITEM_OPEN_AMOUNT,
	DUN_VAR_COUNT
} DunVar;

/* The first variable that exists only inside {{#items}} */
#define DUN_VAR_FIRST_ITEM DUN_VAR_ITEM_NUMBER

/* The name of a variable as a template spells it: "customer_name" */
extern const char *dun_var_name(DunVar var);

#define DUN_TEMPLATE_MAX_TEXT  65536 /* bytes of template */
#define DUN_TEMPLATE_MAX_NODES 1024  /* text runs and tags */

typedef enum DunOp
{
	DUN_OP_TEXT = 0, /* template bytes [start, start + len) */
	DUN_OP_VAR,      /* a value */
	DUN_OP_ITEMS,    /* start of the items section; jump: its end node */
	DUN_OP_ITEMS_END /* end of the items section */
} DunOp;

typedef struct DunNode
{
	uint8_t op;
	uint8_t var;
	uint16_t jump;
	uint32_t start;
	uint32_t len;
} DunNode;

/* A compiled template; it points into the text it was compiled from */
typedef struct DunTemplate
{
	DunNode nodes[DUN_TEMPLATE_MAX_NODES];
	uint16_t count;
} DunTemplate;

typedef enum DunStatus
{
	DUN_OK = 0,
	DUN_SYNTAX,   /* see the error's message and offset */
	DUN_TOO_LONG, /* beyond DUN_TEMPLATE_MAX_TEXT or _NODES */
	DUN_OVERFLOW, /* a total beyond the money range */
	DUN_BAD_VALUE /* a currency, date or item the formats cannot show */
} DunStatus;

typedef struct DunError
{
	const char *message; /* static, lower case: "unknown value \"totl\"" */
	size_t offset;       /* byte offset of the culprit in the template */
	size_t length;       /* its length in bytes */
} DunError;

/* Compile a template; on failure err says what and where */
extern DunStatus dun_template_compile(const char *text, size_t len,
									  DunTemplate *out, DunError *err);

typedef struct DunDate
{
	int year;
	int month;
	int day;
} DunDate;

typedef struct DunItem
{
	const char *number; /* invoice number, UTF-8 */
	size_t number_len;
	DunDate due_date;
	int32_t days_overdue;
	int64_t open_units; /* in the notice's currency */
} DunItem;

/* What a notice says: every value a template may name */
typedef struct DunNotice
{
	DunLang lang;
	ar2c_currency currency;
	const char *customer_name;
	size_t customer_name_len;
	const char *customer_number;
	size_t customer_number_len;
	const char *company_name;
	size_t company_name_len;
	DunDate date;
	int32_t level;
	int64_t fee_units;
	int64_t interest_units;
	const DunItem *items;
	size_t item_count;
} DunNotice;

/* Where rendered text goes; returns false to stop (out of memory) */
typedef bool (*DunWriteFn)(void *arg, const char *text, size_t len);

/*
 * Render a compiled template (text is the template it was compiled from)
 * for a notice, writing the result piece by piece.
 */
extern DunStatus dun_template_render(const DunTemplate *tmpl, const char *text,
									 const DunNotice *notice, DunWriteFn write,
									 void *arg);

#endif /* AR2C_CORE_DUNNING_TEMPLATE_H */
