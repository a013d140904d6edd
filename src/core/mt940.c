/*
 * mt940.c
 *		Read SWIFT MT940 statements: the SWIFT envelope, fields and their
 *		continuation lines, balances, and the subfields of :61:.
 *
 * Plain C (no postgres.h). See mt940.h for the layout of a file.
 *
 * Two layers: next_token() cuts the input into fields (a tag and its
 * text over one or more lines) and message ends; mt940_next_statement()
 * checks the order of the fields and parses each. Errors carry the line
 * where they were found.
 */
#include "core/mt940.h"

#include <string.h>

#include "core/calendar.h"
#include "core/iban.h"

/* Where the cursor is: between messages, inside "{4:", or in bare fields */
#define MODE_TOP    0
#define MODE_BLOCK4 1
#define MODE_BARE   2

/* Years YY below this are 20YY, the others 19YY */
#define MT940_CENTURY_PIVOT 80

typedef enum TokenKind
{
	TOKEN_FIELD,
	TOKEN_END_MESSAGE,
	TOKEN_EOF,
	TOKEN_ERROR
} TokenKind;

/* A field: its tag and its text, continuation lines included */
typedef struct Mt940Field
{
	char tag[4];
	Mt940Text value;
	int line;
} Mt940Field;

/* A slice of s */
static Mt940Text
text_of(const char *s, size_t len)
{
	Mt940Text t;

	t.ptr = s;
	t.len = len;
	return t;
}

/* Drop spaces, tabs and line breaks at both ends */
static Mt940Text
text_trim(Mt940Text t)
{
	while (t.len > 0 && (t.ptr[0] == ' ' || t.ptr[0] == '\t' ||
						 t.ptr[0] == '\r' || t.ptr[0] == '\n'))
	{
		t.ptr++;
		t.len--;
	}
	while (t.len > 0 && (t.ptr[t.len - 1] == ' ' || t.ptr[t.len - 1] == '\t' ||
						 t.ptr[t.len - 1] == '\r' || t.ptr[t.len - 1] == '\n'))
		t.len--;
	return t;
}

/* The first line of a text */
static Mt940Text
text_first_line(Mt940Text t)
{
	size_t i = 0;

	while (i < t.len && t.ptr[i] != '\r' && t.ptr[i] != '\n')
		i++;
	return text_of(t.ptr, i);
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool
is_alnum(char c)
{
	return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z');
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* Value of n decimal digits */
static int
digits_value(const char *s, size_t n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* Record an error; returns its status */
static Mt940Status
fail(Mt940Error *err, Mt940Status status, int line, const char *tag,
	 Mt940Text text)
{
	err->status = status;
	err->line = line;
	memset(err->tag, 0, sizeof(err->tag));
	if (tag != NULL)
	{
		size_t n = strlen(tag);

		memcpy(err->tag, tag, n < sizeof(err->tag) ? n : sizeof(err->tag) - 1);
	}
	err->text = text;
	return status;
}

/* At most n bytes of the input from s, for an error message */
static Mt940Text
excerpt(const char *s, const char *end, size_t n)
{
	size_t len = 0;

	while (s + len < end && len < n && s[len] != '\r' && s[len] != '\n')
		len++;
	return text_of(s, len);
}

/* ---- dates ---- */

/* Days since 1970-01-01 (H. Hinnant's days_from_civil) */
static long
days_from_civil(int y, int m, int d)
{
	long era;
	long yoe;
	long doy;
	long doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * Why a month and day are not a date: MT940_IMPOSSIBLE_DATE for a day the
 * month does not have (30 February), MT940_BAD_DATE for anything else
 */
static Mt940Status
date_problem(int month, int day)
{
	return month >= 1 && month <= 12 && day >= 1 && day <= 31
			   ? MT940_IMPOSSIBLE_DATE
			   : MT940_BAD_DATE;
}

/* YYMMDD: MT940_OK, MT940_BAD_DATE or MT940_IMPOSSIBLE_DATE */
static Mt940Status
parse_yymmdd(const char *s, Mt940Date *out)
{
	int yy;

	if (!all_digits(s, 6))
		return MT940_BAD_DATE;
	yy = digits_value(s, 2);
	out->year = yy < MT940_CENTURY_PIVOT ? 2000 + yy : 1900 + yy;
	out->month = digits_value(s + 2, 2);
	out->day = digits_value(s + 4, 2);
	if (calendar_date_valid(out->year, out->month, out->day))
		return MT940_OK;
	return date_problem(out->month, out->day);
}

/*
 * MMDD of the entry (booking) date: the year is the one of the three
 * around the value date that puts it nearest, so a booking on 31 Dec for
 * value 2 Jan falls in the year before, and one on 2 Jan for value
 * 31 Dec in the year after. False if no year has that day.
 */
static bool
parse_entry_date(const char *s, Mt940Date value, Mt940Date *out)
{
	int month = digits_value(s, 2);
	int day = digits_value(s + 2, 2);
	long value_days = days_from_civil(value.year, value.month, value.day);
	long best = -1;
	int year;

	for (year = value.year - 1; year <= value.year + 1; year++)
	{
		long distance;

		if (!calendar_date_valid(year, month, day))
			continue;
		distance = days_from_civil(year, month, day) - value_days;
		if (distance < 0)
			distance = -distance;
		if (best < 0 || distance < best)
		{
			best = distance;
			out->year = year;
			out->month = month;
			out->day = day;
		}
	}
	return best >= 0;
}

/* ---- amounts ---- */

/* Parse a decimal amount; see mt940.h */
Mt940Status
mt940_parse_decimal(const char *text, size_t len, char decimal_mark,
					bool mark_required, size_t max_chars, int minor_units,
					int64_t *units)
{
	size_t i = 0;
	size_t mark;
	ar2c_int128 v = 0;
	int decimals = 0;

	if (len == 0 || len > max_chars || minor_units < 0)
		return MT940_BAD_AMOUNT;
	while (i < len && is_digit(text[i]))
		v = v * 10 + (text[i++] - '0');
	if (i == 0 || (i == len && mark_required) ||
		(i < len && text[i] != decimal_mark))
		return MT940_BAD_AMOUNT;
	mark = i++;
	for (; i < len; i++)
	{
		if (!is_digit(text[i]))
			return MT940_BAD_AMOUNT;
		if ((int) (i - mark) <= minor_units)
		{
			v = v * 10 + (text[i] - '0');
			decimals++;
		}
		else if (text[i] != '0')
			return MT940_TOO_MANY_DECIMALS;
	}
	for (; decimals < minor_units; decimals++)
		v *= 10;
	if (v > MONEY_UNITS_MAX)
		return MT940_AMOUNT_TOO_LARGE;
	*units = (int64_t) v;
	return MT940_OK;
}

/*
 * Parse "1234,56" in a currency with minor_units decimals. Zeros padding
 * the amount on the left ("000000012500,00", Rabobank) do not count
 * towards its 15 characters.
 */
Mt940Status
mt940_parse_amount(const char *text, size_t len, int minor_units,
				   int64_t *units)
{
	while (len > 1 && text[0] == '0' && is_digit(text[1]))
	{
		text++;
		len--;
	}
	return mt940_parse_decimal(text, len, ',', true, MT940_AMOUNT_MAX_CHARS,
							   minor_units, units);
}

/* A currency code with minor units; false if unknown or without */
static bool
lookup_currency(const char *s, ar2c_currency *currency, int *minor_units)
{
	const CurrencyInfo *info = currency_lookup(s, 3);

	if (info == NULL || info->minor_units < 0 || !is_upper(s[0]) ||
		!is_upper(s[1]) || !is_upper(s[2]))
		return false;
	*currency = currency_pack(s, 3);
	*minor_units = info->minor_units;
	return true;
}

/* Parse "EUR2,50" or "EUR 2,50" */
Mt940Status
mt940_parse_currency_amount(const char *text, size_t len,
							ar2c_currency *currency, int64_t *units)
{
	int minor_units;
	Mt940Text t = text_trim(text_of(text, len));
	Mt940Text amount;

	if (t.len < 4 || !lookup_currency(t.ptr, currency, &minor_units))
		return MT940_BAD_CURRENCY;
	amount = text_trim(text_of(t.ptr + 3, t.len - 3));
	return mt940_parse_amount(amount.ptr, amount.len, minor_units, units);
}

/* ---- fields ---- */

/* Offset of the end of the line that starts at pos */
static size_t
line_end(const Mt940Cursor *c, size_t pos)
{
	while (pos < c->len && c->buf[pos] != '\r' && c->buf[pos] != '\n')
		pos++;
	return pos;
}

/* Step over the line break at pos, if any */
static size_t
skip_break(Mt940Cursor *c, size_t pos)
{
	if (pos < c->len && c->buf[pos] == '\r')
	{
		pos++;
		if (pos < c->len && c->buf[pos] == '\n')
			pos++;
		c->line++;
	}
	else if (pos < c->len && c->buf[pos] == '\n')
	{
		pos++;
		c->line++;
	}
	return pos;
}

/* True if only spaces and tabs lie between s and end */
static bool
blank(const char *s, const char *end)
{
	for (; s < end; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

/* Refuse control characters (tabs aside) on one line */
static Mt940Status
check_characters(const Mt940Cursor *c, size_t start, size_t end,
				 Mt940Error *err)
{
	size_t i;

	for (i = start; i < end; i++)
	{
		unsigned char ch = (unsigned char) c->buf[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7F)
			return fail(err, MT940_BAD_CHARACTER, c->line, NULL,
						text_of(c->buf + i, 1));
	}
	return MT940_OK;
}

/* True if the line [s, end) ends a message: "-", or "-}" in block 4 */
static bool
ends_message(const Mt940Cursor *c, const char *s, const char *end)
{
	if (c->mode == MODE_BLOCK4 && end - s >= 2 && s[0] == '-' && s[1] == '}')
		return true;
	return end > s && s[0] == '-' && blank(s + 1, end);
}

/* SOH and ETX, the bytes some banks frame each message with */
static bool
is_frame(char c)
{
	return c == MT940_SOH || c == MT940_ETX;
}

/*
 * A line a bank writes before the :20: of a message: ":940:" (Rabobank),
 * or capitals, digits, blanks and slashes holding "940" or a BIC
 * ("ABNANL2A", "940", "0000 01INGBNL2AXXXX00001", "940 00").
 */
static bool
header_line(const char *s, const char *end)
{
	size_t n = end - s;
	size_t i;
	bool bic_or_940 = false;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 5 && memcmp(s, ":940:", 5) == 0)
		return true;
	if (n == 0 || n > MT940_HEADER_MAX_CHARS)
		return false;
	for (i = 0; i < n; i++)
	{
		if (!is_upper(s[i]) && !is_digit(s[i]) && s[i] != ' ' && s[i] != '/')
			return false;
		if (i + 3 <= n && memcmp(s + i, "940", 3) == 0)
			bic_or_940 = true;
		if (i + 8 <= n && is_upper(s[i]) && is_upper(s[i + 1]) &&
			is_upper(s[i + 2]) && is_upper(s[i + 3]) && is_upper(s[i + 4]) &&
			is_upper(s[i + 5]) && is_alnum(s[i + 6]) && is_alnum(s[i + 7]))
			bic_or_940 = true;
	}
	return bic_or_940;
}

/*
 * Outside a message: skip blank space, SOH/ETX framing, bank header lines
 * and SWIFT blocks 1, 2, 3 and 5,
 * and find where block 4 or bare fields begin. Returns TOKEN_FIELD when
 * fields follow (mode set), TOKEN_EOF or TOKEN_ERROR.
 */
static TokenKind
skip_envelope(Mt940Cursor *c, Mt940Error *err)
{
	while (c->pos < c->len)
	{
		const char *s = c->buf + c->pos;
		const char *end = c->buf + c->len;
		char ch = *s;

		if (ch == ' ' || ch == '\t' || is_frame(ch))
			c->pos++;
		else if (ch == '\r' || ch == '\n')
			c->pos = skip_break(c, c->pos);
		else if (ch == '{')
		{
			size_t id = 1;
			int block_line = c->line;
			int depth = 1;
			size_t i;

			while (c->pos + id < c->len && id <= 3 && is_alnum(s[id]))
				id++;
			if (id == 1 || c->pos + id >= c->len || s[id] != ':')
			{
				fail(err, MT940_BAD_ENVELOPE, c->line, NULL,
					 excerpt(s, end, 8));
				return TOKEN_ERROR;
			}
			c->last_line = c->line;
			if (id == 2 && s[1] == '4')
			{
				c->pos += 3;
				c->mode = MODE_BLOCK4;
				return TOKEN_FIELD;
			}
			/* skip the block, braces nested in it included */
			i = c->pos + id + 1;
			while (depth > 0)
			{
				if (i >= c->len)
				{
					fail(err, MT940_TRUNCATED, block_line, NULL,
						 excerpt(s, end, id + 1));
					return TOKEN_ERROR;
				}
				ch = c->buf[i];
				if (ch == '{')
					depth++;
				else if (ch == '}')
					depth--;
				if (ch == '\r' || ch == '\n')
					i = skip_break(c, i);
				else
				{
					if (check_characters(c, i, i + 1, err) != MT940_OK)
						return TOKEN_ERROR;
					i++;
				}
			}
			c->pos = i;
		}
		else
		{
			size_t e = line_end(c, c->pos);

			if (check_characters(c, c->pos, e, err) != MT940_OK)
				return TOKEN_ERROR;
			/* a lone "-" between messages, a bank's header line */
			if (ends_message(c, s, c->buf + e) || header_line(s, c->buf + e))
			{
				c->pos = skip_break(c, e);
				continue;
			}
			if (ch == ':')
			{
				c->mode = MODE_BARE;
				return TOKEN_FIELD;
			}
			/* text right after a "-": the "-" was a line of :86: text */
			if (c->end_line > 0 && c->end_line == c->line - 1)
				fail(err, MT940_TEXT_AFTER_END, c->end_line, NULL,
					 excerpt(s, end, 20));
			else
				fail(err, MT940_NOT_A_FIELD, c->line, NULL,
					 excerpt(s, end, 20));
			return TOKEN_ERROR;
		}
	}
	return TOKEN_EOF;
}

/* A character of a tag: a digit or a capital letter (":NS:" is a tag) */
static bool
is_tag_char(char c)
{
	return is_digit(c) || is_upper(c);
}

/* Parse ":NN:" or ":NNa:" at s; the tag's length, or 0 */
static size_t
parse_tag(const char *s, const char *end, char *tag)
{
	size_t n = end - s;

	if (n >= 4 && s[0] == ':' && is_tag_char(s[1]) && is_tag_char(s[2]))
	{
		if (s[3] == ':')
		{
			memcpy(tag, s + 1, 2);
			tag[2] = '\0';
			return 4;
		}
		if (n >= 5 && is_upper(s[3]) && s[4] == ':')
		{
			memcpy(tag, s + 1, 3);
			tag[3] = '\0';
			return 5;
		}
	}
	return 0;
}

/*
 * True if the line at s starts a field of MT940 (or MT942, whose fields
 * banks mix in). Inside :86: a line starting with another ":NN:" is text:
 * a time (":12:30") or a reference that the line break put first.
 */
static bool
starts_statement_field(const char *s, const char *end)
{
	static const char *const tags[] = { "13",  "13D", "20",  "21",  "25",
										"25P", "28",  "28C", "34F", "60F",
										"60M", "61",  "62F", "62M", "64",
										"65",  "86",  "90C", "90D", "NS" };
	char tag[4];
	size_t i;

	if (parse_tag(s, end, tag) == 0)
		return false;
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strcmp(tag, tags[i]) == 0)
			return true;
	return false;
}

/* Cut the next field, or message end, from the input */
static TokenKind
next_token(Mt940Cursor *c, Mt940Field *f, Mt940Error *err)
{
	for (;;)
	{
		size_t start;
		size_t end;
		size_t tag_len;
		size_t value_end;
		const char *s;

		if (c->mode == MODE_TOP)
		{
			TokenKind k = skip_envelope(c, err);

			if (k != TOKEN_FIELD)
				return k;
		}
		if (c->pos >= c->len)
		{
			if (c->mode == MODE_BLOCK4)
			{
				fail(err, MT940_TRUNCATED, c->last_line, NULL,
					 text_of(NULL, 0));
				return TOKEN_ERROR;
			}
			c->mode = MODE_TOP;
			return TOKEN_EOF;
		}
		start = c->pos;
		end = line_end(c, start);
		s = c->buf + start;
		/* "-}" may be followed by ETX, SOH and the next message's blocks */
		if (ends_message(c, s, c->buf + end))
		{
			c->last_line = c->line;
			if (c->mode == MODE_BLOCK4 && end - start >= 2 && s[1] == '}')
			{
				/* "-}" closes block 4; block 5 may follow on the line */
				c->pos = start + 2;
				c->mode = MODE_TOP;
			}
			else
			{
				c->end_line = c->line;
				c->pos = skip_break(c, end);
				if (c->mode == MODE_BARE)
					c->mode = MODE_TOP;
			}
			return TOKEN_END_MESSAGE;
		}
		/* bare fields end where a SWIFT block or SOH/ETX framing starts */
		if (c->mode == MODE_BARE && is_frame(s[0]))
		{
			c->last_line = c->line;
			c->mode = MODE_TOP;
			return TOKEN_END_MESSAGE;
		}
		if (c->mode == MODE_BARE && s[0] == '{')
		{
			c->mode = MODE_TOP;
			continue;
		}
		if (check_characters(c, start, end, err) != MT940_OK)
			return TOKEN_ERROR;
		if (blank(s, c->buf + end))
		{
			c->pos = skip_break(c, end);
			continue;
		}
		if (s[0] != ':')
		{
			fail(err, MT940_NOT_A_FIELD, c->line, NULL,
				 excerpt(s, c->buf + end, 20));
			return TOKEN_ERROR;
		}
		tag_len = parse_tag(s, c->buf + end, f->tag);
		if (tag_len == 0)
		{
			fail(err, MT940_BAD_TAG, c->line, NULL,
				 excerpt(s, c->buf + end, 6));
			return TOKEN_ERROR;
		}
		f->line = c->line;
		c->last_line = c->line;
		value_end = end;
		c->pos = skip_break(c, end);

		/* continuation lines: anything that does not start a field */
		while (c->pos < c->len)
		{
			size_t next_end = line_end(c, c->pos);
			const char *n = c->buf + c->pos;

			if ((n[0] == ':' &&
				 (strcmp(f->tag, "86") != 0 ||
				  starts_statement_field(n, c->buf + next_end))) ||
				ends_message(c, n, c->buf + next_end) ||
				(c->mode == MODE_BARE && (n[0] == '{' || is_frame(n[0]))))
				break;
			if (check_characters(c, c->pos, next_end, err) != MT940_OK)
				return TOKEN_ERROR;
			if (!blank(n, c->buf + next_end))
			{
				value_end = next_end;
				c->last_line = c->line;
			}
			c->pos = skip_break(c, next_end);
		}
		f->value = text_of(s + tag_len, value_end - start - tag_len);
		return TOKEN_FIELD;
	}
}

/* ---- field contents ---- */

/* Parse a balance: C/D, YYMMDD, currency, amount ("C260131EUR1234,56") */
static Mt940Status
parse_balance(const Mt940Field *f, Mt940Balance *b, Mt940Error *err)
{
	Mt940Text v = text_trim(text_first_line(f->value));
	const char *s = v.ptr;
	const char *end = v.ptr + v.len;
	int minor_units;
	Mt940Status status;

	memset(b, 0, sizeof(*b));
	b->line = f->line;
	b->kind = f->tag[2] != '\0' ? f->tag[2] : ' ';
	if (v.len < 1 || (s[0] != 'C' && s[0] != 'D'))
		return fail(err, MT940_BAD_MARK, f->line, f->tag, excerpt(s, end, 2));
	if (v.len < 7)
		return fail(err, MT940_BAD_DATE, f->line, f->tag,
					excerpt(s + 1, end, 6));
	if ((status = parse_yymmdd(s + 1, &b->date)) != MT940_OK)
		return fail(err, status, f->line, f->tag, excerpt(s + 1, end, 6));
	if (v.len < 10 || !lookup_currency(s + 7, &b->currency, &minor_units))
		return fail(err, MT940_BAD_CURRENCY, f->line, f->tag,
					excerpt(s + 7, end, 3));
	status = mt940_parse_amount(s + 10, v.len - 10, minor_units, &b->units);
	if (status != MT940_OK)
		return fail(err, status, f->line, f->tag, text_of(s + 10, v.len - 10));
	if (s[0] == 'D')
		b->units = -b->units;
	b->present = true;
	return MT940_OK;
}

/*
 * Parse :28C: "00012/001" (number, optional sequence). Banks write longer
 * numbers than SWIFT's five digits ("202603030000017/1"), and some no
 * number at all ("/1").
 */
static Mt940Status
parse_statement_number(const Mt940Field *f, Mt940Statement *st,
					   Mt940Error *err)
{
	Mt940Text v = text_trim(text_first_line(f->value));
	size_t i = 0;

	while (i < v.len && is_digit(v.ptr[i]))
		i++;
	st->statement_number_field = v;
	st->number = text_of(v.ptr, i);
	if (v.len > MT940_STATEMENT_NUMBER_MAX_CHARS)
		return fail(err, MT940_BAD_STATEMENT_NUMBER, f->line, f->tag, v);
	if (i >= 1 && i == v.len)
		return MT940_OK;
	if (i < v.len && v.ptr[i] == '/' && v.len - i - 1 >= 1 &&
		all_digits(v.ptr + i + 1, v.len - i - 1))
	{
		st->sequence = text_of(v.ptr + i + 1, v.len - i - 1);
		return MT940_OK;
	}
	return fail(err, MT940_BAD_STATEMENT_NUMBER, f->line, f->tag, v);
}

/* A character of a transaction type after its first: a letter, digit or blank */
static bool
is_type_char(char c)
{
	return is_alnum(c) || c == ' ';
}

/*
 * The transaction type at s[q], n the end of the line: "NTRF", or N, F or
 * S with letters or digits padded with blanks ("S   ", "NIT "); the blanks
 * are not kept. Nothing at all (the line ends after the amount) is no type.
 * Returns the characters read, or -1 if it is not a type.
 */
static int
parse_transaction_type(const char *s, size_t q, size_t n, char *type)
{
	size_t len = 4;
	size_t i;

	memset(type, 0, 5);
	if (q == n)
		return 0;
	if (n - q < 4 || (s[q] != 'N' && s[q] != 'F' && s[q] != 'S'))
		return -1;
	for (i = 1; i < 4; i++)
		if (!is_type_char(s[q + i]) ||
			(s[q + i] != ' ' && s[q + i - 1] == ' '))
			return -1;
	memcpy(type, s + q, 4);
	while (type[len - 1] == ' ')
		type[--len] = '\0';
	return 4;
}

/*
 * The entry date after the value date at s[p]: MMDD, four blanks (none,
 * as some banks write), or nothing (the mark follows). Sets *p past it.
 */
static Mt940Status
parse_entry_date_at(const Mt940Field *f, const char *s, size_t n, size_t *p,
					Mt940Entry *e, Mt940Error *err)
{
	size_t i = *p;

	if (i < n && !is_digit(s[i]) && s[i] != ' ')
		return MT940_OK;
	if (n >= i + 4 && blank(s + i, s + i + 4))
	{
		*p = i + 4;
		return MT940_OK;
	}
	if (n < i + 4 || !all_digits(s + i, 4))
		return fail(err, MT940_BAD_ENTRY_DATE, f->line, f->tag,
					excerpt(s + i, s + n, 4));
	if (!parse_entry_date(s + i, e->value_date, &e->entry_date))
		return fail(
			err,
			date_problem(digits_value(s + i, 2), digits_value(s + i + 2, 2)) ==
					MT940_IMPOSSIBLE_DATE
				? MT940_IMPOSSIBLE_DATE
				: MT940_BAD_ENTRY_DATE,
			f->line, f->tag, text_of(s + i, 4));
	*p = i + 4;
	return MT940_OK;
}

/*
 * Parse :61:. Line 1: value date YYMMDD, entry date MMDD (optional),
 * mark (C, D, RC, RD), funds code (optional letter), amount, type (NTRF),
 * customer reference, "//" bank reference; the type and what follows may
 * be left out. Line 2: supplementary details.
 */
static Mt940Status
parse_entry(const Mt940Field *f, int minor_units, Mt940Entry *e,
			Mt940Error *err)
{
	Mt940Text line1 = text_first_line(f->value);
	const char *s = line1.ptr;
	const char *end = line1.ptr + line1.len;
	size_t n = line1.len;
	size_t p = 0;
	size_t q;
	size_t i;
	int type_len;
	Mt940Status status;
	Mt940Text refs;

	memset(e, 0, sizeof(*e));
	e->line = f->line;
	e->field61 = text_trim(f->value);
	e->supplementary =
		text_trim(text_of(f->value.ptr + line1.len, f->value.len - line1.len));
	if (n < 6)
		return fail(err, MT940_BAD_DATE, f->line, f->tag, excerpt(s, end, 6));
	if ((status = parse_yymmdd(s, &e->value_date)) != MT940_OK)
		return fail(err, status, f->line, f->tag, excerpt(s, end, 6));
	p = 6;
	if ((status = parse_entry_date_at(f, s, n, &p, e, err)) != MT940_OK)
		return status;
	if (p + 1 < n && s[p] == 'R' && (s[p + 1] == 'C' || s[p + 1] == 'D'))
	{
		/* RC reverses a credit, so it is a debit; RD the other way */
		e->reversal = true;
		e->mark = s[p + 1] == 'C' ? 'D' : 'C';
		p += 2;
	}
	else if (p < n && (s[p] == 'C' || s[p] == 'D'))
		e->mark = s[p++];
	else
		return fail(err, MT940_BAD_MARK, f->line, f->tag,
					excerpt(s + p, end, 2));
	if (p < n && is_upper(s[p]))
		e->funds_code = s[p++];
	q = p;
	while (q < n && (is_digit(s[q]) || s[q] == ','))
		q++;
	status = mt940_parse_amount(s + p, q - p, minor_units, &e->units);
	if (status != MT940_OK)
		return fail(err, status, f->line, f->tag,
					q > p ? text_of(s + p, q - p) : excerpt(s + p, end, 4));
	type_len = parse_transaction_type(s, q, n, e->transaction_type);
	if (type_len < 0)
		return fail(err, MT940_BAD_TRANSACTION_TYPE, f->line, f->tag,
					excerpt(s + q, end, 4));
	refs = text_of(s + q + type_len, n - q - type_len);
	for (i = 0; i + 1 < refs.len; i++)
		if (refs.ptr[i] == '/' && refs.ptr[i + 1] == '/')
			break;
	if (i + 1 < refs.len)
	{
		e->customer_reference = text_trim(text_of(refs.ptr, i));
		e->bank_reference =
			text_trim(text_of(refs.ptr + i + 2, refs.len - i - 2));
	}
	else
		e->customer_reference = text_trim(refs);
	if (e->customer_reference.len == 6 &&
		memcmp(e->customer_reference.ptr, "NONREF", 6) == 0)
		e->customer_reference = text_of(NULL, 0);
	return MT940_OK;
}

/*
 * The counterparty's IBAN when a bank writes it as the second line of
 * :61: (Rabobank): the first word of the supplementary details, if it is
 * an IBAN with valid check digits; empty otherwise.
 */
Mt940Text
mt940_supplementary_account(const Mt940Entry *e)
{
	Mt940Text t = e->supplementary;
	size_t i = 0;

	while (i < t.len && is_alnum(t.ptr[i]))
		i++;
	if (i < 15 || i > IBAN_MAX_LEN || (i < t.len && !is_space(t.ptr[i])) ||
		iban_country_lookup(t.ptr, 2) == NULL ||
		iban_country_lookup(t.ptr, 2)->length != i ||
		!iban_checksum_ok(t.ptr, i))
		return text_of(NULL, 0);
	return text_of(t.ptr, i);
}

/* ---- statements ---- */

/* Start reading text */
void
mt940_reader_init(Mt940Reader *reader, const char *text, size_t len)
{
	memset(reader, 0, sizeof(*reader));
	/* a UTF-8 byte order mark, and DOS end-of-file marks */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
	{
		text += 3;
		len -= 3;
	}
	while (len > 0 && text[len - 1] == '\x1A')
		len--;
	reader->cursor.buf = text;
	reader->cursor.len = len;
	reader->cursor.line = 1;
	reader->cursor.last_line = 1;
	reader->cursor.mode = MODE_TOP;
}

static bool
tag_is(const Mt940Field *f, const char *tag)
{
	return strcmp(f->tag, tag) == 0;
}

/* True for the tags ar2c reads; the others are skipped */
static bool
tag_known(const Mt940Field *f)
{
	static const char *const known[] = { "20",  "21",  "25", "28", "28C",
										 "60F", "60M", "61", "86", "62F",
										 "62M", "64",  "65" };
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (tag_is(f, known[i]))
			return true;
	return false;
}

/* The first line of a field, trimmed; an error if it is empty */
static Mt940Status
required_text(const Mt940Field *f, Mt940Text *out, Mt940Error *err)
{
	*out = text_trim(text_first_line(f->value));
	if (out->len == 0)
		return fail(err, MT940_EMPTY_FIELD, f->line, f->tag, text_of(NULL, 0));
	return MT940_OK;
}

static Mt940Status
misplaced(const Mt940Field *f, Mt940Error *err)
{
	return fail(err, MT940_MISPLACED_FIELD, f->line, f->tag,
				excerpt(f->value.ptr, f->value.ptr + f->value.len, 20));
}

/* A later balance must be in the opening balance's currency */
static Mt940Status
check_currency(const Mt940Statement *st, const Mt940Field *f,
			   const Mt940Balance *b, Mt940Error *err)
{
	Mt940Text v = text_trim(f->value);

	if (b->currency != st->opening.currency)
		return fail(err, MT940_CURRENCY_MISMATCH, f->line, f->tag,
					excerpt(v.ptr + 7, v.ptr + v.len, 3));
	return MT940_OK;
}

/* Read and check the next statement */
Mt940Status
mt940_next_statement(Mt940Reader *reader, Mt940Statement *st, Mt940Error *err)
{
	Mt940Cursor *c = &reader->cursor;
	Mt940Field f;
	bool open = false;
	bool after_entry = false;
	bool seen_related = false;
	bool seen_number = false;
	Mt940Status status;

	memset(st, 0, sizeof(*st));
	memset(err, 0, sizeof(*err));
	for (;;)
	{
		Mt940Cursor before = *c;
		TokenKind kind = next_token(c, &f, err);
		Mt940Entry entry;
		Mt940Balance b;

		if (kind == TOKEN_ERROR)
			return err->status;
		if (kind == TOKEN_EOF)
		{
			if (!open && reader->statements == 0)
				return fail(err, MT940_EMPTY, c->last_line, NULL,
							text_of(NULL, 0));
			if (!open)
				return MT940_END;
			if (!st->closing.present)
				return fail(err, MT940_TRUNCATED, c->last_line, "62F",
							text_of(NULL, 0));
			break;
		}
		if (kind == TOKEN_END_MESSAGE)
		{
			if (!open)
				continue;
			if (!st->closing.present)
				return fail(err, MT940_MESSAGE_ENDED, c->last_line, "62F",
							text_of(NULL, 0));
			break;
		}
		if (!tag_known(&f))
			continue;
		if (!open)
		{
			if (!tag_is(&f, "20"))
				return misplaced(&f, err);
			if ((status = required_text(&f, &st->reference, err)) != MT940_OK)
				return status;
			st->line = f.line;
			open = true;
			continue;
		}
		if (tag_is(&f, "20"))
		{
			if (!st->closing.present)
				return fail(err, MT940_MISSING_FIELD, f.line, "62F",
							text_of(NULL, 0));
			*c = before;
			break;
		}
		if (st->closing.present && !tag_is(&f, "64") && !tag_is(&f, "65") &&
			!tag_is(&f, "86"))
			return misplaced(&f, err);
		if (tag_is(&f, "61"))
		{
			if (!st->opening.present)
				return fail(err, MT940_MISSING_FIELD, f.line, "60F",
							text_of(NULL, 0));
			if ((status = parse_entry(&f, st->minor_units, &entry, err)) !=
				MT940_OK)
				return status;
			if (st->entry_count == 0)
				st->entries = before;
			st->entry_count++;
			st->entries_sum += entry.mark == 'C' ? (ar2c_int128) entry.units
												 : -(ar2c_int128) entry.units;
			after_entry = true;
			continue;
		}
		if (tag_is(&f, "86"))
		{
			if (!after_entry && st->information.len == 0)
				st->information = text_trim(f.value);
		}
		else if (tag_is(&f, "21"))
		{
			if (seen_related || st->opening.present)
				return misplaced(&f, err);
			st->related = text_trim(text_first_line(f.value));
			seen_related = true;
		}
		else if (tag_is(&f, "25"))
		{
			if (st->account.len > 0 || st->opening.present)
				return misplaced(&f, err);
			if ((status = required_text(&f, &st->account, err)) != MT940_OK)
				return status;
		}
		else if (tag_is(&f, "28C") || tag_is(&f, "28"))
		{
			if (seen_number || st->opening.present)
				return misplaced(&f, err);
			if ((status = parse_statement_number(&f, st, err)) != MT940_OK)
				return status;
			seen_number = true;
		}
		else if (tag_is(&f, "60F") || tag_is(&f, "60M"))
		{
			if (st->opening.present)
				return misplaced(&f, err);
			if (st->account.len == 0)
				return fail(err, MT940_MISSING_FIELD, f.line, "25",
							text_of(NULL, 0));
			if ((status = parse_balance(&f, &st->opening, err)) != MT940_OK)
				return status;
			st->minor_units = currency_minor_units(st->opening.currency);
		}
		else if (tag_is(&f, "62F") || tag_is(&f, "62M"))
		{
			if (!st->opening.present)
				return fail(err, MT940_MISSING_FIELD, f.line, "60F",
							text_of(NULL, 0));
			if ((status = parse_balance(&f, &st->closing, err)) != MT940_OK ||
				(status = check_currency(st, &f, &st->closing, err)) !=
					MT940_OK)
				return status;
		}
		else if (tag_is(&f, "64") || tag_is(&f, "65"))
		{
			if (!st->closing.present ||
				(tag_is(&f, "64") && st->closing_available.present))
				return misplaced(&f, err);
			if ((status = parse_balance(&f, &b, err)) != MT940_OK ||
				(status = check_currency(st, &f, &b, err)) != MT940_OK)
				return status;
			if (tag_is(&f, "64"))
				st->closing_available = b;
			else if (!st->forward_available.present)
				st->forward_available = b;
		}
		after_entry = false;
	}
	reader->statements++;
	st->entries_read = 0;
	return MT940_OK;
}

/* The next entry of a statement */
Mt940Status
mt940_next_entry(Mt940Statement *st, Mt940Entry *entry, Mt940Error *err)
{
	Mt940Cursor *c = &st->entries;
	Mt940Field f;
	Mt940Status status;

	memset(err, 0, sizeof(*err));
	if (st->entries_read >= st->entry_count)
		return MT940_END;
	for (;;)
	{
		if (next_token(c, &f, err) != TOKEN_FIELD)
			return err->status != MT940_OK
					   ? err->status
					   : fail(err, MT940_TRUNCATED, c->last_line, NULL,
							  text_of(NULL, 0));
		if (tag_is(&f, "61"))
			break;
	}
	if ((status = parse_entry(&f, st->minor_units, entry, err)) != MT940_OK)
		return status;
	entry->number = ++st->entries_read;
	/* its :86:, unless another field comes first */
	for (;;)
	{
		Mt940Cursor before = *c;
		TokenKind kind = next_token(c, &f, err);

		if (kind == TOKEN_FIELD && !tag_known(&f))
			continue;
		if (kind == TOKEN_FIELD && tag_is(&f, "86"))
		{
			entry->information = text_trim(f.value);
			entry->information_line = f.line;
		}
		else
			*c = before;
		break;
	}
	memset(err, 0, sizeof(*err));
	return MT940_OK;
}

/* True if opening + entries = closing */
bool
mt940_statement_balanced(const Mt940Statement *st)
{
	return (ar2c_int128) st->opening.units + st->entries_sum ==
		   (ar2c_int128) st->closing.units;
}

/* What a status means */
const char *
mt940_status_text(Mt940Status status)
{
	switch (status)
	{
		case MT940_OK:
			return "no error";
		case MT940_END:
			return "no more statements";
		case MT940_EMPTY:
			return "the input holds no MT940 statement (no field :20:)";
		case MT940_BAD_CHARACTER:
			return "a control character is not allowed in MT940 text";
		case MT940_BAD_ENVELOPE:
			return "a SWIFT block must start with \"{1:\" to \"{5:\"";
		case MT940_NOT_A_FIELD:
			return "the line does not start a field \":NN:\"";
		case MT940_BAD_TAG:
			return "the field tag is not \":NN:\" or \":NNa:\" (digits and capitals)";
		case MT940_TRUNCATED:
			return "the input ends in the middle of a statement";
		case MT940_MISSING_FIELD:
			return "a mandatory field is missing";
		case MT940_MISPLACED_FIELD:
			return "the field is out of order or repeated";
		case MT940_BAD_STATEMENT_NUMBER:
			return "the statement number is not \"number/sequence\" in digits";
		case MT940_BAD_MARK:
			return "the debit/credit mark is not C, D, RC or RD";
		case MT940_BAD_DATE:
			return "the date is not YYMMDD";
		case MT940_BAD_CURRENCY:
			return "the currency is not an ISO 4217 code with minor units";
		case MT940_CURRENCY_MISMATCH:
			return "the balance is in another currency than the opening balance";
		case MT940_BAD_AMOUNT:
			return "the amount is not digits with a decimal comma (\"1234,56\") of at most 15 characters";
		case MT940_TOO_MANY_DECIMALS:
			return "the amount has more decimals than its currency";
		case MT940_AMOUNT_TOO_LARGE:
			return "the amount is too large";
		case MT940_BAD_TRANSACTION_TYPE:
			return "the transaction type is not N, F or S and three letters, digits or blanks (\"NTRF\")";
		case MT940_EMPTY_FIELD:
			return "the field is empty";
		case MT940_BAD_ENTRY_DATE:
			return "the entry date is not MMDD (or four blanks)";
		case MT940_IMPOSSIBLE_DATE:
			return "the date does not exist (the month has fewer days)";
		case MT940_MESSAGE_ENDED:
			return "the message ends before the closing balance :62F:";
		case MT940_TEXT_AFTER_END:
			return "the line \"-\" ends the message, yet text follows it (a lone \"-\" in :86: text?)";
	}
	return "unknown status";
}
