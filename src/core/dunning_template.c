/*
 * dunning_template.c
 *		Dunning notice templates, and money and dates per language.
 */
#include "core/dunning_template.h"

#include "core/calendar.h"

#include <stdio.h>
#include <string.h>

#include "core/money_cur.h"

static const char *const var_names[DUN_VAR_COUNT] = {
	"customer_name", "customer_number", "company_name", "date",
	"level",         "item_count",      "currency",     "principal",
	"fee",           "interest",        "total",        "invoice_number",
	"due_date",      "days_overdue",    "open_amount",
};

/* "customer_name", ... */
const char *
dun_var_name(DunVar var)
{
	return (var >= 0 && var < DUN_VAR_COUNT) ? var_names[var] : NULL;
}

/* Lower case of an ASCII letter */
static char
ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

/* The language of "de", "de-CH", "zh_CN" */
bool
dun_lang_parse(const char *tag, size_t len, DunLang *out)
{
	static const char codes[][3] = { "en", "de", "fr", "zh" };
	size_t i;

	if (len < 2 || (len > 2 && tag[2] != '-' && tag[2] != '_'))
		return false;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (ascii_lower(tag[0]) == codes[i][0] &&
			ascii_lower(tag[1]) == codes[i][1])
		{
			*out = (DunLang) i;
			return true;
		}
	return false;
}

/*
 * Format an amount: digits grouped by three with the language's group
 * separator, its decimal mark, and the code before (en, zh) or after (de,
 * fr) the number.
 */
size_t
dun_format_money(int64_t units, ar2c_currency currency, DunLang lang,
				 char *buf)
{
	/* U+202F narrow no-break space groups, U+00A0 precedes the code */
	const char *group = lang == DUN_LANG_DE   ? "."
						: lang == DUN_LANG_FR ? "\xE2\x80\xAF"
											  : ",";
	const char *decimal =
		(lang == DUN_LANG_DE || lang == DUN_LANG_FR) ? "," : ".";
	const char *code_space = lang == DUN_LANG_FR ? "\xC2\xA0" : " ";
	bool code_first = (lang == DUN_LANG_EN || lang == DUN_LANG_ZH);
	int minor = currency_minor_units(currency);
	char code[4];
	char digits[24];
	size_t ndigits = 0;
	size_t nint, i, pos = 0;
	uint64_t magnitude;

	if (minor < 0)
		return 0;
	currency_unpack(currency, code);
	magnitude = units < 0 ? (uint64_t) 0 - (uint64_t) units : (uint64_t) units;
	do
	{
		digits[ndigits++] = (char) ('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude > 0 || ndigits <= (size_t) minor);
	/* digits are in reverse order; the first minor of them are decimals */
	nint = ndigits - (size_t) minor;

#define PUT(s)                      \
	do                              \
	{                               \
		size_t n_ = strlen(s);      \
		memcpy(buf + pos, (s), n_); \
		pos += n_;                  \
	} while (0)

	if (code_first)
	{
		PUT(code);
		PUT(code_space);
	}
	if (units < 0)
		PUT("-");
	for (i = 0; i < nint; i++)
	{
		if (i > 0 && (nint - i) % 3 == 0)
			PUT(group);
		buf[pos++] = digits[ndigits - 1 - i];
	}
	if (minor > 0)
	{
		PUT(decimal);
		for (i = nint; i < ndigits; i++)
			buf[pos++] = digits[ndigits - 1 - i];
	}
	if (!code_first)
	{
		PUT(code_space);
		PUT(code);
	}
#undef PUT
	buf[pos] = '\0';
	return pos;
}

/* Format a date for a language */
size_t
dun_format_date(int year, int month, int day, DunLang lang, char *buf)
{
	static const char *const months[] = { "January", "February", "March",
										  "April",   "May",      "June",
										  "July",    "August",   "September",
										  "October", "November", "December" };
	int n;

	if (!calendar_date_valid(year, month, day))
		return 0;
	switch (lang)
	{
		case DUN_LANG_DE:
			n = snprintf(buf, DUN_DATE_MAX, "%02d.%02d.%04d", day, month,
						 year);
			break;
		case DUN_LANG_FR:
			n = snprintf(buf, DUN_DATE_MAX, "%02d/%02d/%04d", day, month,
						 year);
			break;
		case DUN_LANG_ZH:
			/* 年 U+5E74, 月 U+6708, 日 U+65E5 */
			n = snprintf(buf, DUN_DATE_MAX,
						 "%d\xE5\xB9\xB4%d\xE6\x9C\x88%d\xE6\x97\xA5", year,
						 month, day);
			break;
		default:
			n = snprintf(buf, DUN_DATE_MAX, "%d %s %d", day, months[month - 1],
						 year);
			break;
	}
	return n > 0 && n < DUN_DATE_MAX ? (size_t) n : 0;
}

/* ---------------------------------------------------------------------
 * Compiling
 * --------------------------------------------------------------------- */

/* Set the error and return DUN_SYNTAX */
static DunStatus
syntax_error(DunError *err, const char *message, size_t offset, size_t length)
{
	err->message = message;
	err->offset = offset;
	err->length = length;
	return DUN_SYNTAX;
}

/* Append a node; false if the template has too many */
static bool
add_node(DunTemplate *out, DunOp op, int var, size_t start, size_t len)
{
	DunNode *node;

	if (out->count >= DUN_TEMPLATE_MAX_NODES)
		return false;
	node = &out->nodes[out->count++];
	node->op = (uint8_t) op;
	node->var = (uint8_t) var;
	node->jump = 0;
	node->start = (uint32_t) start;
	node->len = (uint32_t) len;
	return true;
}

/* The variable a name spells, or -1 */
static int
find_var(const char *name, size_t len)
{
	int v;

	for (v = 0; v < DUN_VAR_COUNT; v++)
		if (strlen(var_names[v]) == len &&
			memcmp(var_names[v], name, len) == 0)
			return v;
	return -1;
}

/* True for the white space allowed inside braces */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Compile a template into nodes */
DunStatus
dun_template_compile(const char *text, size_t len, DunTemplate *out,
					 DunError *err)
{
	size_t pos = 0;
	int section = -1; /* node of the open {{#items}}, or -1 */
	size_t section_offset = 0;

	out->count = 0;
	err->message = NULL;
	err->offset = err->length = 0;
	if (len > DUN_TEMPLATE_MAX_TEXT)
	{
		err->message = "template too long";
		return DUN_TOO_LONG;
	}
	while (pos < len)
	{
		const char *open = NULL;
		size_t p, tag_start, name_start, name_end, close;
		char sigil = 0;
		int var;

		for (p = pos; p + 1 < len; p++)
			if (text[p] == '{' && text[p + 1] == '{')
			{
				open = text + p;
				break;
			}
		if (open == NULL)
			p = len;
		if (p > pos && !add_node(out, DUN_OP_TEXT, 0, pos, p - pos))
			goto too_many;
		if (open == NULL)
			break;

		/* a tag: {{ [#/] name }} */
		tag_start = p;
		p += 2;
		while (p < len && is_space(text[p]))
			p++;
		if (p < len && (text[p] == '#' || text[p] == '/'))
			sigil = text[p++];
		while (p < len && is_space(text[p]))
			p++;
		name_start = p;
		while (p < len &&
			   ((text[p] >= 'a' && text[p] <= 'z') ||
				(text[p] >= 'A' && text[p] <= 'Z') ||
				(text[p] >= '0' && text[p] <= '9') || text[p] == '_'))
			p++;
		name_end = p;
		while (p < len && is_space(text[p]))
			p++;
		if (p + 1 >= len || text[p] != '}' || text[p + 1] != '}')
		{
			if (p + 1 >= len)
				return syntax_error(err, "unclosed \"{{\"", tag_start, 2);
			return syntax_error(err, "unexpected character in a tag", p, 1);
		}
		close = p + 2;
		if (name_end == name_start)
			return syntax_error(err, "a tag needs a name", tag_start,
								close - tag_start);
		if (sigil != 0)
		{
			if (name_end - name_start != 5 ||
				memcmp(text + name_start, "items", 5) != 0)
				return syntax_error(err, "the only section is \"items\"",
									name_start, name_end - name_start);
			if (sigil == '#')
			{
				if (section >= 0)
					return syntax_error(err, "sections cannot nest", tag_start,
										close - tag_start);
				section = out->count;
				section_offset = tag_start;
				if (!add_node(out, DUN_OP_ITEMS, 0, tag_start,
							  close - tag_start))
					goto too_many;
			}
			else
			{
				if (section < 0)
					return syntax_error(
						err, "\"{{/items}}\" without \"{{#items}}\"",
						tag_start, close - tag_start);
				out->nodes[section].jump = out->count;
				if (!add_node(out, DUN_OP_ITEMS_END, 0, tag_start,
							  close - tag_start))
					goto too_many;
				out->nodes[out->count - 1].jump = (uint16_t) section;
				section = -1;
			}
		}
		else
		{
			var = find_var(text + name_start, name_end - name_start);
			if (var < 0)
				return syntax_error(err, "unknown value", name_start,
									name_end - name_start);
			if (var >= DUN_VAR_FIRST_ITEM && section < 0)
				return syntax_error(err,
									"an item value outside \"{{#items}}\"",
									name_start, name_end - name_start);
			if (!add_node(out, DUN_OP_VAR, var, tag_start, close - tag_start))
				goto too_many;
		}
		pos = close;
	}
	if (section >= 0)
		return syntax_error(err, "\"{{#items}}\" is never closed",
							section_offset, 10);
	return DUN_OK;

too_many:
	err->message = "template has too many tags and text runs";
	return DUN_TOO_LONG;
}

/* ---------------------------------------------------------------------
 * Rendering
 * --------------------------------------------------------------------- */

/* Write a NUL-terminated string */
static bool
write_str(DunWriteFn write, void *arg, const char *s)
{
	return write(arg, s, strlen(s));
}

/* Write a value of the notice, or of the current item */
static DunStatus
write_var(DunVar var, const DunNotice *n, const DunItem *item,
		  int64_t principal, int64_t total, DunWriteFn write, void *arg)
{
	char buf[DUN_MONEY_MAX];
	int64_t money;
	const DunDate *date;
	bool ok;

	switch (var)
	{
		case DUN_VAR_CUSTOMER_NAME:
			ok = write(arg, n->customer_name, n->customer_name_len);
			break;
		case DUN_VAR_CUSTOMER_NUMBER:
			ok = write(arg, n->customer_number, n->customer_number_len);
			break;
		case DUN_VAR_COMPANY_NAME:
			ok = write(arg, n->company_name, n->company_name_len);
			break;
		case DUN_VAR_ITEM_NUMBER:
			ok = write(arg, item->number, item->number_len);
			break;
		case DUN_VAR_LEVEL:
		case DUN_VAR_ITEM_COUNT:
		case DUN_VAR_ITEM_DAYS_OVERDUE:
			snprintf(buf, sizeof(buf), "%lld",
					 var == DUN_VAR_LEVEL ? (long long) n->level
					 : var == DUN_VAR_ITEM_COUNT
						 ? (long long) n->item_count
						 : (long long) item->days_overdue);
			ok = write_str(write, arg, buf);
			break;
		case DUN_VAR_CURRENCY:
			currency_unpack(n->currency, buf);
			ok = write_str(write, arg, buf);
			break;
		case DUN_VAR_DATE:
		case DUN_VAR_ITEM_DUE_DATE:
			date = var == DUN_VAR_DATE ? &n->date : &item->due_date;
			if (dun_format_date(date->year, date->month, date->day, n->lang,
								buf) == 0)
				return DUN_BAD_VALUE;
			ok = write_str(write, arg, buf);
			break;
		default:
			money = var == DUN_VAR_PRINCIPAL  ? principal
					: var == DUN_VAR_FEE      ? n->fee_units
					: var == DUN_VAR_INTEREST ? n->interest_units
					: var == DUN_VAR_TOTAL    ? total
											  : item->open_units;
			if (dun_format_money(money, n->currency, n->lang, buf) == 0)
				return DUN_BAD_VALUE;
			ok = write_str(write, arg, buf);
			break;
	}
	return ok ? DUN_OK : DUN_BAD_VALUE;
}

/* Render a template for a notice */
DunStatus
dun_template_render(const DunTemplate *tmpl, const char *text,
					const DunNotice *notice, DunWriteFn write, void *arg)
{
	ar2c_int128 sum = 0;
	int64_t principal, total;
	size_t i, item = 0;
	uint16_t k = 0;
	DunStatus status;

	for (i = 0; i < notice->item_count; i++)
		sum += notice->items[i].open_units;
	if (!money_units_fit(sum))
		return DUN_OVERFLOW;
	principal = (int64_t) sum;
	sum += (ar2c_int128) notice->fee_units + notice->interest_units;
	if (!money_units_fit(sum))
		return DUN_OVERFLOW;
	total = (int64_t) sum;

	while (k < tmpl->count)
	{
		const DunNode *node = &tmpl->nodes[k];

		switch (node->op)
		{
			case DUN_OP_TEXT:
				if (!write(arg, text + node->start, node->len))
					return DUN_BAD_VALUE;
				break;
			case DUN_OP_VAR:
				status = write_var(
					(DunVar) node->var, notice,
					item < notice->item_count ? &notice->items[item] : NULL,
					principal, total, write, arg);
				if (status != DUN_OK)
					return status;
				break;
			case DUN_OP_ITEMS:
				item = 0;
				if (notice->item_count == 0)
					k = node->jump; /* skip the body and its end */
				break;
			case DUN_OP_ITEMS_END:
				/* again from the first node of the body, for the next item */
				if (++item < notice->item_count)
					k = node->jump;
				break;
		}
		k++;
	}
	return DUN_OK;
}
