/*
 * reference.c
 *		Payment references: RF creditor references, invoice numbers and
 *		their patterns, and extraction from remittance text.
 *
 * Extraction walks the text once. At every position that begins a word
 * it tries, in this order: an RF reference, an IBAN, a creditor
 * reference of another scheme (core/creditor_reference.c; all checked
 * with their check digits, and all claim their span so no invoice number
 * is read inside them), an end-to-end id label, and the invoice patterns.
 * Invoice patterns compile to a small program that a backtracking matcher
 * runs with a visited set over (instruction, characters consumed), so a
 * match attempt costs at most instructions x 100 steps whatever the
 * pattern or the text.
 */
#include "core/reference.h"

#include <string.h>

#include "core/creditor_reference.h"
#include "core/iban.h"

/* ---------------------------------------------------------------------
 * UTF-8 with folding
 * --------------------------------------------------------------------- */

/* Map full-width ASCII, Unicode spaces and dashes to their ASCII forms */
static uint32_t
fold_char(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	switch (c)
	{
		case 0x00A0: /* no-break space */
		case 0x1680:
		case 0x2028:
		case 0x2029:
		case 0x202F:
		case 0x205F:
		case 0x3000: /* ideographic space */
			return ' ';
		case 0x2010: /* hyphen, non-breaking hyphen, figure dash, en dash, */
		case 0x2011: /* em dash, horizontal bar */
		case 0x2012:
		case 0x2013:
		case 0x2014:
		case 0x2015:
		case 0x2212: /* minus sign */
		case 0xFE58:
		case 0xFE63:
			return '-';
		default:
			break;
	}
	if (c >= 0x2000 && c <= 0x200A)
		return ' ';
	return c;
}

/* Decode one well-formed UTF-8 character; an invalid byte is one character */
uint32_t
ref_next_char(const char *text, size_t len, size_t *pos)
{
	const unsigned char *s = (const unsigned char *) text + *pos;
	size_t left = len - *pos;
	uint32_t c;
	size_t n;
	size_t k;

	if (s[0] < 0x80)
	{
		*pos += 1;
		return s[0];
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, c = s[0] & 0x07;
	else
		goto invalid;
	if (left < n)
		goto invalid;
	for (k = 1; k < n; k++)
	{
		if ((s[k] & 0xC0) != 0x80)
			goto invalid;
		c = (c << 6) | (s[k] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
		(c >= 0xD800 && c <= 0xDFFF))
		goto invalid;
	*pos += n;
	return fold_char(c);

invalid:
	*pos += 1;
	return REF_INVALID_CHAR;
}

/* Letters and digits of a printed code, upper case (see reference.h) */
bool
ref_compact(const char *text, size_t len, char *out, size_t max, size_t *count,
			size_t *bad_offset, size_t *bad_bytes)
{
	size_t pos = 0;

	*count = 0;
	while (pos < len)
	{
		size_t at = pos;
		uint32_t c = ref_next_char(text, len, &pos);

		if (ref_is_space(c))
			continue;
		if (!ref_is_alnum(c))
		{
			*bad_offset = at;
			*bad_bytes = pos - at;
			return false;
		}
		if (*count < max)
			out[*count] = (char) ref_upper(c);
		(*count)++;
	}
	out[*count < max ? *count : max] = '\0';
	return true;
}

/* The character at pos without moving, or 0 at the end */
static uint32_t
peek_char(const char *text, size_t len, size_t pos, size_t *next)
{
	if (pos >= len)
	{
		*next = pos;
		return 0;
	}
	*next = pos;
	return ref_next_char(text, len, next);
}

/* ---------------------------------------------------------------------
 * ISO 11649 creditor references
 * --------------------------------------------------------------------- */

/* 98 minus the remainder of payload + "RF00": the check digits */
static unsigned
rf_check_digits(const char *payload, size_t len)
{
	char buf[RF_PAYLOAD_MAX + 4];

	memcpy(buf, payload, len);
	memcpy(buf + len, "RF00", 4);
	return 98 - iban_mod97(buf, len + 4);
}

/* Check an electronic-form RF reference, already upper case */
static RfStatus
rf_check_electronic(const char *rf, size_t len)
{
	if (len < 5)
		return RF_TOO_SHORT;
	if (len > RF_MAX_LEN)
		return RF_TOO_LONG;
	if (rf[0] != 'R' || rf[1] != 'F')
		return RF_NO_PREFIX;
	if (!ref_is_digit((unsigned char) rf[2]) ||
		!ref_is_digit((unsigned char) rf[3]) ||
		strncmp(rf + 2, "00", 2) == 0 || strncmp(rf + 2, "01", 2) == 0 ||
		strncmp(rf + 2, "99", 2) == 0 || !iban_checksum_ok(rf, len))
		return RF_BAD_CHECK_DIGITS;
	return RF_OK;
}

/* Make "RFkk" + reference from an invoice number or reference */
RfStatus
rf_generate(const char *text, size_t len, RfParse *out)
{
	size_t pos = 0;
	size_t n = 0;
	unsigned check;

	memset(out, 0, sizeof(*out));
	while (pos < len)
	{
		size_t at = pos;
		uint32_t c = ref_next_char(text, len, &pos);

		if (ref_is_space(c) || c == '-' || c == '/' || c == '.' || c == '_')
			continue;
		if (!ref_is_alnum(c))
		{
			out->bad_offset = at;
			out->bad_bytes = pos - at;
			out->len = 4 + n;
			return RF_BAD_CHARACTER;
		}
		if (n < RF_PAYLOAD_MAX)
			out->rf[4 + n] = (char) ref_upper(c);
		n++;
	}
	out->len = 4 + n;
	if (n == 0)
		return RF_EMPTY;
	if (n > RF_PAYLOAD_MAX)
	{
		out->rf[4 + RF_PAYLOAD_MAX] = '\0';
		return RF_TOO_LONG;
	}
	check = rf_check_digits(out->rf + 4, n);
	out->rf[0] = 'R';
	out->rf[1] = 'F';
	out->rf[2] = (char) ('0' + check / 10);
	out->rf[3] = (char) ('0' + check % 10);
	out->rf[4 + n] = '\0';
	return RF_OK;
}

/* Check an RF reference in print or electronic form */
RfStatus
rf_check(const char *text, size_t len, RfParse *out)
{
	memset(out, 0, sizeof(*out));
	if (!ref_compact(text, len, out->rf, RF_MAX_LEN, &out->len,
					 &out->bad_offset, &out->bad_bytes))
		return RF_BAD_CHARACTER;
	if (out->len == 0)
		return RF_EMPTY;
	return rf_check_electronic(out->rf, out->len);
}

/* ---------------------------------------------------------------------
 * Invoice number normalisation
 * --------------------------------------------------------------------- */

/* Drop the leading zeros of digits out[from..*len), leaving one of a run of
 * zeros */
static void
strip_leading_zeros(char *out, size_t from, size_t *len)
{
	size_t k = from;

	while (k + 1 < *len && out[k] == '0')
		k++;
	if (k > from)
	{
		memmove(out + from, out + k, *len - k);
		*len -= k - from;
	}
}

/* Close a digit run out[from..*len): strip zeros, split a leading year */
static void
finish_digit_run(char *out, size_t from, size_t *len, bool first)
{
	size_t rest;

	strip_leading_zeros(out, from, len);
	if (!first || *len - from < 5 || out[from] != '2' || out[from + 1] != '0')
		return;
	/* "202600012" -> "2026-12": shift the rest right by one for the "-" */
	rest = from + 4;
	memmove(out + rest + 1, out + rest, *len - rest);
	out[rest] = '-';
	(*len)++;
	strip_leading_zeros(out, rest + 1, len);
}

/* Normalise an invoice number (the rule is in core/reference.h) */
size_t
ref_normalize_invoice(const char *text, size_t len, char *out)
{
	size_t pos = 0;
	size_t n = 0;
	size_t run_start = 0;
	int run = 0; /* 0 none, 1 letters, 2 digits */
	bool seen_digit_run = false;

	while (pos < len)
	{
		uint32_t c = ref_next_char(text, len, &pos);
		int kind = ref_is_letter(c) ? 1 : ref_is_digit(c) ? 2 : 0;

		if (kind != run && run == 2)
		{
			finish_digit_run(out, run_start, &n, !seen_digit_run);
			seen_digit_run = true;
		}
		if (kind != 0 && kind != run)
		{
			if (n > 0)
				out[n++] = '-';
			run_start = n;
		}
		run = kind;
		if (kind != 0)
			out[n++] = (char) ref_upper(c);
	}
	if (run == 2)
		finish_digit_run(out, run_start, &n, !seen_digit_run);
	return n;
}

/* ---------------------------------------------------------------------
 * Pattern compiler
 * --------------------------------------------------------------------- */

enum
{
	OP_CHAR,  /* one character c (ASCII letters stored upper case) */
	OP_SET,   /* one character of set[x .. x + y) */
	OP_RUN,   /* min..max characters of class cls, greedy */
	OP_ID,    /* an identifier token of min..max characters */
	OP_SPLIT, /* try x, then y */
	OP_JMP,   /* go to x */
	OP_SAVE,  /* cls 0: the reference starts here; 1: it ends here */
	OP_MATCH
};

enum
{
	CLS_DIGIT,
	CLS_LETTER,
	CLS_ALNUM,
	CLS_SPACE
};

enum
{
	N_SEQ,  /* children in order */
	N_ALT,  /* children are alternatives */
	N_OPT,  /* one child, optional */
	N_CAP,  /* one child, the reference */
	N_CHAR, /* c */
	N_SET,  /* set[off .. off + count) */
	N_RUN,  /* cls, min, max */
	N_ID,   /* min, max */
	N_YEAR
};

#define MAX_NODES 256
#define MAX_DEPTH 8

typedef struct Node
{
	uint8_t type;
	uint8_t cls;
	uint8_t min;
	uint8_t max;
	uint32_t c;
	uint16_t off;
	uint16_t count;
	int16_t child; /* first child, -1 if none */
	int16_t last;  /* last child, for appending */
	int16_t next;  /* next sibling, -1 if none */
} Node;

typedef struct Parser
{
	const char *text;
	size_t len;
	size_t pos;
	Node nodes[MAX_NODES];
	int nnodes;
	int depth;
	bool have_capture;
	bool in_capture;
	RefPattern *out;
	RefPatternError *err;
	RefPatternStatus status;
} Parser;

/* Record the first error; later ones are consequences */
static int
parse_fail(Parser *p, RefPatternStatus status, const char *message,
		   size_t offset)
{
	if (p->status == REF_PATTERN_OK)
	{
		p->status = status;
		p->err->message = message;
		p->err->offset = offset;
	}
	return -1;
}

/* Take a node from the pool; -1 when it is empty */
static int
new_node(Parser *p, uint8_t type)
{
	Node *node;

	if (p->nnodes >= MAX_NODES)
		return parse_fail(p, REF_PATTERN_TOO_LONG, "pattern too long", p->pos);
	node = &p->nodes[p->nnodes];
	memset(node, 0, sizeof(*node));
	node->type = type;
	node->child = node->last = node->next = -1;
	return p->nnodes++;
}

/* Append a child to a node's list */
static void
add_child(Parser *p, int parent, int child)
{
	Node *node = &p->nodes[parent];

	if (node->child < 0)
		node->child = (int16_t) child;
	else
		p->nodes[node->last].next = (int16_t) child;
	node->last = (int16_t) child;
}

/* Decode the next pattern character (folded); REF_INVALID_CHAR is an error */
static uint32_t
parse_char(Parser *p)
{
	size_t at = p->pos;
	uint32_t c = ref_next_char(p->text, p->len, &p->pos);

	if (c == REF_INVALID_CHAR)
		parse_fail(p, REF_PATTERN_SYNTAX, "invalid UTF-8", at);
	return ref_upper(c);
}

/* After "\\": "\\uXXXX" is the character U+XXXX, else the next character */
static uint32_t
parse_escaped(Parser *p)
{
	size_t at = p->pos - 1;
	uint32_t c = 0;
	size_t k;

	if (p->pos + 5 > p->len || p->text[p->pos] != 'u')
		return parse_char(p);
	for (k = 1; k <= 4; k++)
	{
		char h = p->text[p->pos + k];

		if (h >= '0' && h <= '9')
			c = c * 16 + (uint32_t) (h - '0');
		else if ((h | 0x20) >= 'a' && (h | 0x20) <= 'f')
			c = c * 16 + (uint32_t) ((h | 0x20) - 'a' + 10);
		else
			return parse_char(p);
	}
	p->pos += 5;
	if (c == 0 || (c >= 0xD800 && c <= 0xDFFF))
	{
		parse_fail(p, REF_PATTERN_SYNTAX,
				   "\\u0000 and surrogates are not characters", at);
		return REF_INVALID_CHAR;
	}
	/* fold as text is folded: \uFF10 is "0" */
	{
		char utf8[4];
		size_t n;
		size_t pos = 0;

		if (c < 0x80)
			return ref_upper(c);
		if (c < 0x800)
		{
			utf8[0] = (char) (0xC0 | (c >> 6));
			utf8[1] = (char) (0x80 | (c & 0x3F));
			n = 2;
		}
		else
		{
			utf8[0] = (char) (0xE0 | (c >> 12));
			utf8[1] = (char) (0x80 | ((c >> 6) & 0x3F));
			utf8[2] = (char) (0x80 | (c & 0x3F));
			n = 3;
		}
		return ref_upper(ref_next_char(utf8, n, &pos));
	}
}

/* Read an unsigned count of at most two digits; -1 if none */
static int
parse_count(Parser *p)
{
	int value = -1;

	while (p->pos < p->len && ref_is_digit((unsigned char) p->text[p->pos]))
	{
		value = (value < 0 ? 0 : value) * 10 + (p->text[p->pos++] - '0');
		if (value > 99)
			value = 99;
	}
	return value;
}

/* {d}, {a}, {x}, {id} with optional N or N-M, and {year} */
static int
parse_class(Parser *p)
{
	size_t open = p->pos - 1;
	size_t name_start = p->pos;
	size_t name_len;
	int node;
	int min;
	int max;
	uint8_t type = N_RUN;
	uint8_t cls = CLS_DIGIT;

	while (p->pos < p->len && ref_is_letter((unsigned char) p->text[p->pos]))
		p->pos++;
	name_len = p->pos - name_start;
	if (name_len == 4 && strncmp(p->text + name_start, "year", 4) == 0)
	{
		if (p->pos >= p->len || p->text[p->pos] != '}')
			return parse_fail(p, REF_PATTERN_SYNTAX, "{year} takes no count",
							  open);
		p->pos++;
		return new_node(p, N_YEAR);
	}
	if (name_len == 1 && p->text[name_start] == 'd')
		cls = CLS_DIGIT;
	else if (name_len == 1 && p->text[name_start] == 'a')
		cls = CLS_LETTER;
	else if (name_len == 1 && p->text[name_start] == 'x')
		cls = CLS_ALNUM;
	else if (name_len == 2 && strncmp(p->text + name_start, "id", 2) == 0)
		type = N_ID;
	else
		return parse_fail(p, REF_PATTERN_SYNTAX,
						  "unknown class; use {d}, {a}, {x}, {id} or {year}",
						  open);

	min = parse_count(p);
	max = min;
	if (min < 0)
	{
		min = 1;
		max = REF_PATTERN_MAX_RUN;
	}
	else if (p->pos < p->len && p->text[p->pos] == '-')
	{
		p->pos++;
		max = parse_count(p);
		if (max < 0)
			return parse_fail(p, REF_PATTERN_SYNTAX,
							  "count range needs an upper bound", open);
	}
	if (p->pos >= p->len || p->text[p->pos] != '}')
		return parse_fail(p, REF_PATTERN_SYNTAX, "unclosed \"{\"", open);
	p->pos++;
	if (max < 1 || min > max || max > REF_PATTERN_MAX_RUN)
		return parse_fail(p, REF_PATTERN_SYNTAX,
						  "count must be 1 to 35, and N-M must have N <= M",
						  open);
	node = new_node(p, type);
	if (node < 0)
		return -1;
	p->nodes[node].cls = cls;
	p->nodes[node].min = (uint8_t) min;
	p->nodes[node].max = (uint8_t) max;
	return node;
}

/* [...]: one character of a list; "\" escapes, a space is any white space */
static int
parse_set(Parser *p)
{
	size_t open = p->pos - 1;
	int node = new_node(p, N_SET);

	if (node < 0)
		return -1;
	p->nodes[node].off = p->out->nset;
	for (;;)
	{
		uint32_t c;

		if (p->pos >= p->len)
			return parse_fail(p, REF_PATTERN_SYNTAX, "unclosed \"[\"", open);
		if (p->text[p->pos] == ']')
		{
			p->pos++;
			break;
		}
		if (p->text[p->pos] == '\\')
		{
			p->pos++;
			if (p->pos >= p->len)
				return parse_fail(p, REF_PATTERN_SYNTAX,
								  "\"\\\" at the end of the pattern",
								  p->pos - 1);
			c = parse_escaped(p);
		}
		else
			c = parse_char(p);
		if (p->status != REF_PATTERN_OK)
			return -1;
		if (ref_is_space(c))
			c = ' ';
		if (p->out->nset >= REF_PATTERN_MAX_SET)
			return parse_fail(p, REF_PATTERN_TOO_LONG,
							  "too many characters in [...] sets", open);
		p->out->set[p->out->nset++] = c;
		p->nodes[node].count++;
	}
	if (p->nodes[node].count == 0)
		return parse_fail(p, REF_PATTERN_SYNTAX, "empty \"[]\"", open);
	return node;
}

static int parse_alt(Parser *p);

/* One item, without its "?" */
static int
parse_item(Parser *p)
{
	size_t at = p->pos;
	char ch = p->text[p->pos];
	int node;
	int inner;

	switch (ch)
	{
		case '(':
		case '<':
			p->pos++;
			if (ch == '<')
			{
				if (p->have_capture)
					return parse_fail(p, REF_PATTERN_SYNTAX,
									  "more than one \"<\"", at);
				p->have_capture = p->in_capture = true;
			}
			if (++p->depth > MAX_DEPTH)
				return parse_fail(p, REF_PATTERN_TOO_DEEP,
								  "groups nested too deep", at);
			inner = parse_alt(p);
			p->depth--;
			if (inner < 0)
				return -1;
			if (p->pos >= p->len || p->text[p->pos] != (ch == '(' ? ')' : '>'))
				return parse_fail(
					p, REF_PATTERN_SYNTAX,
					ch == '(' ? "unclosed \"(\"" : "unclosed \"<\"", at);
			p->pos++;
			if (ch == '(')
				return inner;
			p->in_capture = false;
			node = new_node(p, N_CAP);
			if (node >= 0)
				add_child(p, node, inner);
			return node;
		case ')':
			return parse_fail(p, REF_PATTERN_SYNTAX, "unmatched \")\"", at);
		case '>':
			return parse_fail(p, REF_PATTERN_SYNTAX, "unmatched \">\"", at);
		case ']':
			return parse_fail(p, REF_PATTERN_SYNTAX, "unmatched \"]\"", at);
		case '}':
			return parse_fail(p, REF_PATTERN_SYNTAX, "unmatched \"}\"", at);
		case '?':
			return parse_fail(p, REF_PATTERN_SYNTAX, "\"?\" follows nothing",
							  at);
		case '*':
		case '+':
		case '^':
		case '$':
			return parse_fail(p, REF_PATTERN_SYNTAX,
							  "reserved character; escape it with \"\\\"", at);
		case '[':
			p->pos++;
			return parse_set(p);
		case '{':
			p->pos++;
			return parse_class(p);
		case '\\':
			p->pos++;
			if (p->pos >= p->len)
				return parse_fail(p, REF_PATTERN_SYNTAX,
								  "\"\\\" at the end of the pattern", at);
			break;
		default:
			break;
	}

	{
		uint32_t c = ch == '\\' ? parse_escaped(p) : parse_char(p);

		if (p->status != REF_PATTERN_OK)
			return -1;
		if (ref_is_space(c) && ch != '\\')
		{
			/* a run of spaces in a pattern is one "any white space" */
			while (p->pos < p->len &&
				   ref_is_space((unsigned char) p->text[p->pos]))
				p->pos++;
			node = new_node(p, N_RUN);
			if (node >= 0)
			{
				p->nodes[node].cls = CLS_SPACE;
				p->nodes[node].min = 0;
				p->nodes[node].max = REF_PATTERN_MAX_SPACE;
			}
			return node;
		}
		node = new_node(p, N_CHAR);
		if (node >= 0)
			p->nodes[node].c = c;
		return node;
	}
}

/* Items up to "|", ")", ">" or the end */
static int
parse_seq(Parser *p)
{
	int seq = new_node(p, N_SEQ);

	if (seq < 0)
		return -1;
	while (p->pos < p->len)
	{
		char ch = p->text[p->pos];
		int item;

		if (ch == '|' || ch == ')' || (ch == '>' && p->in_capture))
			break;
		item = parse_item(p);
		if (item < 0)
			return -1;
		if (p->pos < p->len && p->text[p->pos] == '?')
		{
			int opt = new_node(p, N_OPT);

			if (opt < 0)
				return -1;
			add_child(p, opt, item);
			item = opt;
			p->pos++;
			if (p->pos < p->len && p->text[p->pos] == '?')
				return parse_fail(p, REF_PATTERN_SYNTAX, "\"??\"", p->pos);
		}
		add_child(p, seq, item);
	}
	return seq;
}

/* Sequences separated by "|" */
static int
parse_alt(Parser *p)
{
	int alt = new_node(p, N_ALT);
	int seq;

	if (alt < 0)
		return -1;
	seq = parse_seq(p);
	if (seq < 0)
		return -1;
	add_child(p, alt, seq);
	while (p->pos < p->len && p->text[p->pos] == '|')
	{
		p->pos++;
		seq = parse_seq(p);
		if (seq < 0)
			return -1;
		add_child(p, alt, seq);
	}
	return alt;
}

/* Append an instruction; false when the program is full */
static int
emit(Parser *p, uint8_t op)
{
	RefPattern *pat = p->out;

	if (pat->nprog >= REF_PATTERN_MAX_PROG)
		return parse_fail(p, REF_PATTERN_TOO_LONG, "pattern too long", p->len);
	memset(&pat->prog[pat->nprog], 0, sizeof(RefInstr));
	pat->prog[pat->nprog].op = op;
	return pat->nprog++;
}

/* Emit the code of a node; -1 on overflow */
static int
compile_node(Parser *p, int index)
{
	Node *node = &p->nodes[index];
	RefInstr *prog = p->out->prog;
	int pc;
	int child;

	switch (node->type)
	{
		case N_SEQ:
			for (child = node->child; child >= 0; child = p->nodes[child].next)
				if (compile_node(p, child) < 0)
					return -1;
			return 0;
		case N_ALT:
		{
			int jumps[MAX_NODES];
			int njumps = 0;
			int k;

			for (child = node->child; child >= 0; child = p->nodes[child].next)
			{
				int split = -1;

				if (p->nodes[child].next >= 0)
				{
					split = emit(p, OP_SPLIT);
					if (split < 0)
						return -1;
					prog[split].x = (uint16_t) (split + 1);
				}
				if (compile_node(p, child) < 0)
					return -1;
				if (split >= 0)
				{
					int jmp = emit(p, OP_JMP);

					if (jmp < 0)
						return -1;
					jumps[njumps++] = jmp;
					prog[split].y = p->out->nprog;
				}
			}
			for (k = 0; k < njumps; k++)
				prog[jumps[k]].x = p->out->nprog;
			return 0;
		}
		case N_OPT:
			pc = emit(p, OP_SPLIT);
			if (pc < 0 || compile_node(p, node->child) < 0)
				return -1;
			prog[pc].x = (uint16_t) (pc + 1);
			prog[pc].y = p->out->nprog;
			return 0;
		case N_CAP:
			pc = emit(p, OP_SAVE);
			if (pc < 0 || compile_node(p, node->child) < 0)
				return -1;
			pc = emit(p, OP_SAVE);
			if (pc < 0)
				return -1;
			prog[pc].cls = 1;
			return 0;
		case N_CHAR:
			pc = emit(p, OP_CHAR);
			if (pc < 0)
				return -1;
			prog[pc].c = node->c;
			return 0;
		case N_SET:
			pc = emit(p, OP_SET);
			if (pc < 0)
				return -1;
			prog[pc].x = node->off;
			prog[pc].y = node->count;
			return 0;
		case N_RUN:
		case N_ID:
			pc = emit(p, node->type == N_RUN ? OP_RUN : OP_ID);
			if (pc < 0)
				return -1;
			prog[pc].cls = node->cls;
			prog[pc].min = node->min;
			prog[pc].max = node->max;
			return 0;
		case N_YEAR:
			/* 2000 to 2099 */
			if ((pc = emit(p, OP_CHAR)) < 0)
				return -1;
			prog[pc].c = '2';
			if ((pc = emit(p, OP_CHAR)) < 0)
				return -1;
			prog[pc].c = '0';
			if ((pc = emit(p, OP_RUN)) < 0)
				return -1;
			prog[pc].cls = CLS_DIGIT;
			prog[pc].min = prog[pc].max = 2;
			return 0;
		default:
			return -1;
	}
}

/* True if a node can consume a character (empty patterns are refused) */
static bool
node_consumes(Parser *p, int index)
{
	Node *node = &p->nodes[index];
	int child;

	switch (node->type)
	{
		case N_SEQ:
		case N_ALT:
		case N_CAP:
			for (child = node->child; child >= 0; child = p->nodes[child].next)
				if (node_consumes(p, child))
					return true;
			return false;
		case N_OPT:
			return node_consumes(p, node->child);
		case N_RUN:
			return node->max > 0;
		default:
			return true;
	}
}

/* Parse a pattern into nodes, then emit its program */
RefPatternStatus
ref_pattern_compile(const char *text, size_t len, RefPattern *out,
					RefPatternError *err)
{
	Parser *p;
	Parser parser;
	int root;

	p = &parser;
	memset(out, 0, sizeof(*out));
	err->message = NULL;
	err->offset = 0;
	p->text = text;
	p->len = len;
	p->pos = 0;
	p->nnodes = 0;
	p->depth = 0;
	p->have_capture = p->in_capture = false;
	p->out = out;
	p->err = err;
	p->status = REF_PATTERN_OK;

	if (len > REF_PATTERN_MAX_TEXT)
	{
		parse_fail(p, REF_PATTERN_TOO_LONG, "pattern longer than 512 bytes",
				   0);
		return p->status;
	}
	root = parse_alt(p);
	if (root >= 0 && p->pos < p->len)
		parse_fail(p, REF_PATTERN_SYNTAX,
				   p->text[p->pos] == ')' ? "unmatched \")\""
										  : "unmatched \">\"",
				   p->pos);
	if (p->status != REF_PATTERN_OK)
		return p->status;
	if (!node_consumes(p, root))
	{
		parse_fail(p, REF_PATTERN_EMPTY, "the pattern matches nothing", 0);
		return p->status;
	}
	if (compile_node(p, root) < 0 || emit(p, OP_MATCH) < 0)
	{
		if (p->status == REF_PATTERN_OK)
			parse_fail(p, REF_PATTERN_TOO_LONG, "pattern too long", 0);
		return p->status;
	}
	return REF_PATTERN_OK;
}

/* ---------------------------------------------------------------------
 * Matcher
 * --------------------------------------------------------------------- */

typedef struct Capture
{
	size_t start; /* bytes */
	size_t end;
	uint8_t start_chars; /* characters from the match start */
	bool has_start;
	bool has_end;
} Capture;

typedef struct Vm
{
	const RefPattern *pat;
	const char *text;
	size_t len;
	uint16_t gen;
	uint16_t visited[REF_PATTERN_MAX_PROG][REF_PATTERN_MAX_MATCH + 1];
	/* the match found */
	size_t end;
	Capture cap;
} Vm;

/* True if a character is of a run class */
static bool
class_has(uint8_t cls, uint32_t c)
{
	switch (cls)
	{
		case CLS_DIGIT:
			return ref_is_digit(c);
		case CLS_LETTER:
			return ref_is_letter(c);
		case CLS_ALNUM:
			return ref_is_alnum(c);
		default:
			return ref_is_space(c);
	}
}

/* True if a character is in an instruction's [...] list */
static bool
set_has(const RefPattern *pat, const RefInstr *ins, uint32_t c)
{
	uint16_t k;

	c = ref_upper(c);
	for (k = 0; k < ins->y; k++)
	{
		uint32_t m = pat->set[ins->x + k];

		if (m == c || (m == ' ' && ref_is_space(c)))
			return true;
	}
	return false;
}

/* Joiners that may stand inside an identifier or a number */
static bool
is_joiner(uint32_t c)
{
	return c == '-' || c == '/' || c == '.' || c == '_';
}

/* True if the text at pos does not continue a word or a number: no letter
 * or digit, and no "-", "/", "." or "," followed by a digit */
bool
ref_ends_token(const char *text, size_t len, size_t pos)
{
	size_t next;
	uint32_t c = peek_char(text, len, pos, &next);

	if (pos >= len)
		return true;
	if (ref_is_alnum(c))
		return false;
	if (c == '-' || c == '/' || c == '.' || c == ',')
	{
		size_t after;
		uint32_t d = peek_char(text, len, next, &after);

		if (next < len && ref_is_digit(d))
			return false;
	}
	return true;
}

/*
 * Run the program from pc at byte pos, n characters into the match;
 * prev_alnum says whether the character before pos is a letter or digit.
 */
static bool
vm_run(Vm *vm, uint16_t pc, size_t pos, unsigned n, bool prev_alnum,
	   Capture cap)
{
	const RefPattern *pat = vm->pat;

	for (;;)
	{
		const RefInstr *ins;
		size_t next;
		uint32_t c;

		if (n > REF_PATTERN_MAX_MATCH || vm->visited[pc][n] == vm->gen)
			return false;
		vm->visited[pc][n] = vm->gen;
		ins = &pat->prog[pc];
		switch (ins->op)
		{
			case OP_CHAR:
			case OP_SET:
				if (pos >= vm->len)
					return false;
				next = pos;
				c = ref_next_char(vm->text, vm->len, &next);
				if (ins->op == OP_CHAR ? ref_upper(c) != ins->c
									   : !set_has(pat, ins, c))
					return false;
				prev_alnum = ref_is_alnum(c);
				pos = next;
				n++;
				pc++;
				break;
			case OP_RUN:
			{
				size_t ends[REF_PATTERN_MAX_RUN + 1];
				unsigned k = 0;
				int j;

				ends[0] = pos;
				while (k < ins->max && ends[k] < vm->len)
				{
					next = ends[k];
					c = ref_next_char(vm->text, vm->len, &next);
					if (!class_has(ins->cls, c))
						break;
					ends[++k] = next;
				}
				/* greedy: the longest run first */
				for (j = (int) k; j >= (int) ins->min; j--)
				{
					bool alnum = j == 0 ? prev_alnum : ins->cls != CLS_SPACE;

					if (vm_run(vm, (uint16_t) (pc + 1), ends[j],
							   n + (unsigned) j, alnum, cap))
						return true;
				}
				return false;
			}
			case OP_ID:
			{
				/* the whole token: letters, digits, inner joiners */
				unsigned k = 0;
				bool digit = false;

				if (prev_alnum)
					return false;
				while (pos < vm->len)
				{
					next = pos;
					c = ref_next_char(vm->text, vm->len, &next);
					if (ref_is_alnum(c))
					{
						digit |= ref_is_digit(c);
						pos = next;
						k++;
					}
					else if (k > 0 && is_joiner(c))
					{
						size_t after = next;
						uint32_t d;

						if (next >= vm->len)
							break;
						d = ref_next_char(vm->text, vm->len, &after);
						if (!ref_is_alnum(d))
							break;
						pos = next;
						k++;
					}
					else
						break;
					if (k > ins->max)
						return false;
				}
				if (k < ins->min || !digit)
					return false;
				n += k;
				prev_alnum = true;
				pc++;
				break;
			}
			case OP_SPLIT:
				if (vm_run(vm, ins->x, pos, n, prev_alnum, cap))
					return true;
				pc = ins->y;
				break;
			case OP_JMP:
				pc = ins->x;
				break;
			case OP_SAVE:
				if (ins->cls == 0)
				{
					cap.start = pos;
					cap.start_chars = (uint8_t) n;
					cap.has_start = true;
				}
				else
				{
					cap.end = pos;
					cap.has_end = true;
				}
				pc++;
				break;
			default: /* OP_MATCH */
				if (n == 0 || !ref_ends_token(vm->text, vm->len, pos))
					return false;
				vm->end = pos;
				vm->cap = cap;
				return true;
		}
	}
}

/* Try a pattern at a byte offset that begins a word */
static bool
vm_match(Vm *vm, const RefPattern *pat, const char *text, size_t len,
		 size_t start)
{
	Capture none;

	memset(&none, 0, sizeof(none));
	if (++vm->gen == 0)
	{
		memset(vm->visited, 0, sizeof(vm->visited));
		vm->gen = 1;
	}
	vm->pat = pat;
	vm->text = text;
	vm->len = len;
	return vm_run(vm, 0, start, 0, false, none);
}

/* ---------------------------------------------------------------------
 * Default invoice patterns
 * --------------------------------------------------------------------- */

static const char *const default_patterns[] = {
	/* a prefix of letters, a year and a number: INV-2026-00012, INV2026/12 */
	"{a2-5}[-/#.]?{year}[-/]?{d1-8}",
	/* a known prefix and a number: RE12345, INV-00012 */
	"(INV|IN|RE|RG|RN|FA|FV)[-/#.]?{d3-12}",
	/* a label, perhaps "No."/"Nr."/"#", then the number: Inv. No. 12345,
	 * Rechnung 2026-00012, 发票号 INV-2026-00012 */
	"(INVOICES?|INV|BILL|RECHNUNG(EN|S)?|RECHN|RG|RE|FACTURES?|FACT|"
	"FACTURAS?|FATTUR[AE]|FACTUUR|FAKTURA|发票|請求書) .?-? "
	"(NUMBERS?|NUMMER|NUMERO|NUM|NR|NO|N°|Nº|N|#|号码|号|编号|番号)?.? "
	"[:#=]? <{id3-35}>",
	/* a year and a number of 3 to 8 digits: 2026-00012 (not 2026-06-30) */
	"{year}[-/]{d3-8}",
};

#define DEFAULT_PATTERN_COUNT \
	(sizeof(default_patterns) / sizeof(default_patterns[0]))

/* How many default patterns there are */
size_t
ref_default_pattern_count(void)
{
	return DEFAULT_PATTERN_COUNT;
}

/* The text of default pattern i, or NULL */
const char *
ref_default_pattern(size_t i)
{
	return i < DEFAULT_PATTERN_COUNT ? default_patterns[i] : NULL;
}

/* Compile the default patterns on first use */
const RefPattern *
ref_default_patterns(size_t *count)
{
	static RefPattern compiled[DEFAULT_PATTERN_COUNT];
	static size_t ncompiled;
	static bool done;

	if (!done)
	{
		size_t i;

		ncompiled = 0;
		for (i = 0; i < DEFAULT_PATTERN_COUNT; i++)
		{
			RefPatternError err;

			if (ref_pattern_compile(
					default_patterns[i], strlen(default_patterns[i]),
					&compiled[ncompiled], &err) == REF_PATTERN_OK)
				ncompiled++;
		}
		done = true;
	}
	*count = ncompiled;
	return compiled;
}

/* ---------------------------------------------------------------------
 * Extraction
 * --------------------------------------------------------------------- */

/* Name of a kind, as extract_references reports it */
const char *
ref_kind_name(RefKind kind)
{
	switch (kind)
	{
		case REF_KIND_E2E:
			return "e2e";
		case REF_KIND_IBAN:
			return "iban";
		case REF_KIND_INVOICE:
			return "invoice";
		case REF_KIND_BE_OGM:
			return "be_ogm";
		case REF_KIND_CH_QR:
			return "ch_qr";
		case REF_KIND_FI:
			return "fi";
		case REF_KIND_KID:
			return "kid";
		default:
			return "rf";
	}
}

/* Order matches by position, then kind, then end */
int
ref_match_cmp(const RefMatch *a, const RefMatch *b)
{
	if (a->char_pos != b->char_pos)
		return a->char_pos < b->char_pos ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return 0;
}

/* Characters in text[from..to) */
static size_t
count_chars(const char *text, size_t from, size_t to)
{
	size_t n = 0;

	while (from < to)
	{
		ref_next_char(text, to, &from);
		n++;
	}
	return n;
}

/* Fill the span and the normalised form of a match */
static void
set_match(RefMatch *m, RefKind kind, size_t start, size_t end, size_t char_pos,
		  const char *normalized, size_t normalized_len)
{
	m->kind = kind;
	m->start = start;
	m->end = end;
	m->char_pos = char_pos;
	if (normalized_len >= REF_NORMALIZED_MAX)
		normalized_len = REF_NORMALIZED_MAX - 1;
	memcpy(m->normalized, normalized, normalized_len);
	m->normalized[normalized_len] = '\0';
	m->normalized_len = normalized_len;
}

/* Read a letter-or-digit run at pos, upper case, into buf (at most cap);
 * returns its length in characters (which may exceed cap) and moves pos */
static size_t
read_alnum_run(const char *text, size_t len, size_t *pos, char *buf,
			   size_t cap)
{
	size_t n = 0;

	while (*pos < len)
	{
		size_t next = *pos;
		uint32_t c = ref_next_char(text, len, &next);

		if (!ref_is_alnum(c))
			break;
		if (n < cap)
			buf[n] = (char) ref_upper(c);
		n++;
		*pos = next;
	}
	return n;
}

/*
 * An RF reference at pos: "RFkk" then the rest either joined to it or in
 * groups after single spaces ("RF18 5390 0754 7034"), all groups but the
 * last of four characters. The longest reading that validates wins.
 */
static bool
find_rf(const char *text, size_t len, size_t pos, size_t *end, char *rf,
		size_t *rf_len)
{
	size_t p = pos;
	size_t n;
	size_t next;
	uint32_t c;
	size_t tok_end[RF_PAYLOAD_MAX + 1];
	size_t tok_len[RF_PAYLOAD_MAX + 1];
	size_t ntok = 0;
	size_t total = 0;
	int k;

	n = read_alnum_run(text, len, &p, rf, RF_MAX_LEN + 1);
	if (n < 4 || rf[0] != 'R' || rf[1] != 'F' ||
		!ref_is_digit((unsigned char) rf[2]) ||
		!ref_is_digit((unsigned char) rf[3]))
		return false;
	if (n > 4)
	{
		/* electronic form: the whole word */
		if (n > RF_MAX_LEN || rf_check_electronic(rf, n) != RF_OK)
			return false;
		*end = p;
		*rf_len = n;
		return true;
	}

	/* print form: groups after single white-space characters */
	for (;;)
	{
		size_t q;
		size_t t;
		char group[RF_MAX_LEN + 1];

		c = peek_char(text, len, p, &next);
		if (p >= len || !ref_is_space(c))
			break;
		q = next;
		t = read_alnum_run(text, len, &q, group, sizeof(group));
		if (t == 0 || total + t > RF_PAYLOAD_MAX)
			break;
		memcpy(rf + 4 + total, group, t);
		total += t;
		tok_len[ntok] = t;
		tok_end[ntok++] = q;
		p = q;
	}
	for (k = (int) ntok; k >= 1; k--)
	{
		size_t used = 0;
		int i;
		bool shaped = true;

		for (i = 0; i < k; i++)
		{
			if (i < k - 1 && tok_len[i] != 4)
				shaped = false;
			used += tok_len[i];
		}
		if (k > 1 && tok_len[k - 1] > 4)
			shaped = false;
		if (shaped && rf_check_electronic(rf, 4 + used) == RF_OK)
		{
			*end = tok_end[k - 1];
			*rf_len = 4 + used;
			return true;
		}
	}
	return false;
}

/*
 * An IBAN at pos: a country of the registry, then exactly its number of
 * letters and digits, joined or in groups after single white-space
 * characters, ending a word, and valid.
 */
static bool
find_iban(const char *text, size_t len, size_t pos, size_t *end, char *iban)
{
	size_t p = pos;
	size_t n = 0;
	size_t want;
	const IbanCountry *country;
	IbanParse parse;
	char head[4];

	if (read_alnum_run(text, len, &p, head, 4) < 4)
		return false;
	country = iban_country_lookup(head, 2);
	if (country == NULL || !ref_is_digit((unsigned char) head[2]) ||
		!ref_is_digit((unsigned char) head[3]))
		return false;
	want = country->length;
	p = pos;
	for (;;)
	{
		size_t next;
		size_t q;
		size_t t;
		uint32_t c;

		t = read_alnum_run(text, len, &p, iban + n, want - n);
		n += t;
		if (n >= want)
			break;
		/* one white-space character, then the next group */
		c = peek_char(text, len, p, &next);
		if (p >= len || !ref_is_space(c))
			return false;
		q = next;
		c = peek_char(text, len, q, &next);
		if (q >= len || !ref_is_alnum(c))
			return false;
		p = q;
	}
	if (n != want || !ref_ends_token(text, len, p))
		return false;
	iban[want] = '\0';
	if (iban_parse(iban, want, &parse) != IBAN_OK)
		return false;
	*end = p;
	return true;
}

/* The longest end-to-end id (ISO 20022 Max35Text) */
#define REF_E2E_MAX 35

/* End-to-end id labels; "|" marks where "-", "_" or a space may stand */
static const char *const e2e_labels[] = {
	"END|TO|END|REFERENCE",
	"END|TO|END|REFERENZ",
	"END|TO|END|REF",
	"END|TO|END|ID",
	"END|TO|END",
	"E2E|REF",
	"E2E|ID",
	"E2E",
	"EREF",
};

/* Match a label at pos; returns the byte offset after it, or 0 */
size_t
ref_match_label(const char *text, size_t len, size_t pos, const char *label)
{
	size_t p = pos;

	for (; *label; label++)
	{
		size_t next;
		uint32_t c;

		if (*label == '|')
		{
			c = peek_char(text, len, p, &next);
			if (p < len && (c == '-' || c == '_' || c == ' '))
				p = next;
			continue;
		}
		if (p >= len)
			return 0;
		c = ref_next_char(text, len, &p);
		if (ref_upper(c) != (unsigned char) *label)
			return 0;
	}
	return p;
}

/* Characters an end-to-end id may have (the SEPA set, without space) */
static bool
is_e2e_char(uint32_t c)
{
	return ref_is_alnum(c) ||
		   (c != 0 && c < 0x80 && strchr("/-?:().,'+", (int) c));
}

/*
 * An end-to-end id after a label at pos: "EREF+ABC123", "E2E: ABC123",
 * "EndToEndId ABC123". The id is 1 to 35 characters of the SEPA set; it
 * stops at white space or at an MT940 subfield mark "?dd", and a final
 * ".", "," or ":" is punctuation, not id. After white space alone it must
 * have a digit. "NOTPROVIDED" is the placeholder of an empty id.
 */
static bool
find_e2e(const char *text, size_t len, size_t pos, size_t *vstart,
		 size_t *vend, char *id, size_t *id_len)
{
	size_t label;

	for (label = 0; label < sizeof(e2e_labels) / sizeof(e2e_labels[0]);
		 label++)
	{
		size_t p = ref_match_label(text, len, pos, e2e_labels[label]);
		size_t start;
		size_t next;
		uint32_t c;
		bool marked = false;
		bool digit = false;
		bool alnum = false;
		size_t n = 0;
		size_t ends[REF_E2E_MAX + 1];

		if (p == 0)
			continue;
		/* white space or a mark after the label, then the id */
		start = p;
		while (p < len && ref_is_space(peek_char(text, len, p, &next)))
			p = next;
		c = peek_char(text, len, p, &next);
		if (p < len && (c == ':' || c == '=' || c == '+' || c == '#'))
		{
			marked = true;
			p = next;
			while (p < len && ref_is_space(peek_char(text, len, p, &next)))
				p = next;
		}
		if (p == start)
			continue;
		*vstart = p;
		while (p < len)
		{
			c = peek_char(text, len, p, &next);
			if (!is_e2e_char(c))
				break;
			if (c == '?' && n > 0)
			{
				/* an MT940 subfield mark "?20" ends the id */
				size_t a;
				size_t b;
				uint32_t d1 = peek_char(text, len, next, &a);
				uint32_t d2 = peek_char(text, len, a, &b);

				if (next < len && a < len && ref_is_digit(d1) &&
					ref_is_digit(d2))
					break;
			}
			if (n > REF_E2E_MAX)
				return false; /* too long to be an id */
			id[n] = (char) c;
			p = next;
			ends[n++] = p;
		}
		while (n > 0 &&
			   (id[n - 1] == '.' || id[n - 1] == ',' || id[n - 1] == ':'))
			n--;
		if (n == 0 || n > REF_E2E_MAX)
			return false;
		for (p = 0; p < n; p++)
		{
			digit |= ref_is_digit((unsigned char) id[p]);
			alnum |= ref_is_alnum((unsigned char) id[p]);
		}
		if (!alnum || (!marked && !digit))
			return false;
		if (n == 11)
		{
			static const char placeholder[] = "NOTPROVIDED";
			size_t k;

			for (k = 0; k < n; k++)
				if (ref_upper((unsigned char) id[k]) !=
					(unsigned char) placeholder[k])
					break;
			if (k == n)
				return false;
		}
		*vend = ends[n - 1];
		*id_len = n;
		return true;
	}
	return false;
}

/* True for one of the English month abbreviations, any case */
static bool
is_month_name(const char *s, size_t n)
{
	static const char months[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
	size_t m;

	if (n != 3)
		return false;
	for (m = 0; m < 12; m++)
		if (ref_upper((unsigned char) s[0]) == (unsigned char) months[3 * m] &&
			ref_upper((unsigned char) s[1]) ==
				(unsigned char) months[3 * m + 1] &&
			ref_upper((unsigned char) s[2]) ==
				(unsigned char) months[3 * m + 2])
			return true;
	return false;
}

/* Value of a run of at most 4 digits */
static int
digits_value(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * True if s (folded ASCII) reads as a date: 2026-06-30, 30.06.2026,
 * 06/30/26, 30-Jun-2026 (three parts split by one separator), or a year
 * 2000..2099 alone.
 */
static bool
looks_like_date(const char *s, size_t n)
{
	size_t starts[3];
	size_t lens[3];
	size_t parts = 0;
	size_t i = 0;
	char sep = 0;
	bool month_name = false;

	if (n == 4 && s[0] == '2' && s[1] == '0' &&
		ref_is_digit((unsigned char) s[2]) &&
		ref_is_digit((unsigned char) s[3]))
		return true;
	while (i < n)
	{
		size_t from = i;

		if (parts == 3)
			return false;
		if (ref_is_digit((unsigned char) s[i]))
			while (i < n && ref_is_digit((unsigned char) s[i]))
				i++;
		else if (ref_is_letter((unsigned char) s[i]))
		{
			while (i < n && ref_is_letter((unsigned char) s[i]))
				i++;
			if (parts != 1 || !is_month_name(s + from, i - from))
				return false;
			month_name = true;
		}
		else
			return false;
		starts[parts] = from;
		lens[parts++] = i - from;
		if (i < n)
		{
			if (s[i] != '-' && s[i] != '.' && s[i] != '/' && s[i] != ' ')
				return false;
			if (sep != 0 && s[i] != sep)
				return false;
			sep = s[i++];
			if (i == n)
				return false;
		}
	}
	if (parts != 3)
		return false;
	if (lens[0] == 4 && !month_name && lens[1] <= 2 && lens[2] <= 2)
	{
		int m = digits_value(s + starts[1], lens[1]);
		int d = digits_value(s + starts[2], lens[2]);

		return m >= 1 && m <= 12 && d >= 1 && d <= 31;
	}
	if (lens[0] <= 2 && (lens[2] == 2 || lens[2] == 4))
	{
		int a = digits_value(s + starts[0], lens[0]);

		if (month_name)
			return a >= 1 && a <= 31;
		if (lens[1] <= 2)
		{
			int b = digits_value(s + starts[1], lens[1]);

			return a >= 1 && b >= 1 && a <= 31 && b <= 31 &&
				   (a <= 12 || b <= 12);
		}
	}
	return false;
}

/*
 * True if s reads as an amount: 1234.56, 12,50, 1.234, 1,234.56,
 * 1'234.50, 1 234,56.
 */
static bool
looks_like_amount(const char *s, size_t n)
{
	size_t i = 0;
	size_t lead;
	char group = 0;
	size_t groups = 0;

	while (i < n && ref_is_digit((unsigned char) s[i]))
		i++;
	lead = i;
	if (lead == 0)
		return false;
	/* plain decimals */
	if (i < n && (s[i] == '.' || s[i] == ',') && n - i - 1 >= 1 &&
		n - i - 1 <= 2)
	{
		size_t k;

		for (k = i + 1; k < n && ref_is_digit((unsigned char) s[k]); k++)
			;
		if (k == n)
			return true;
	}
	if (lead > 3)
		return false;
	/* thousands groups, then perhaps decimals with the other mark */
	while (i + 4 <= n &&
		   (s[i] == '.' || s[i] == ',' || s[i] == '\'' || s[i] == ' '))
	{
		size_t k;

		if (group != 0 && s[i] != group)
			break;
		for (k = 1; k <= 3; k++)
			if (!ref_is_digit((unsigned char) s[i + k]))
				break;
		if (k <= 3 || (i + 4 < n && ref_is_digit((unsigned char) s[i + 4])))
			break;
		group = s[i];
		groups++;
		i += 4;
	}
	if (groups == 0)
		return false;
	if (i == n)
		return true;
	if ((s[i] == '.' || s[i] == ',') && s[i] != group && n - i - 1 >= 1 &&
		n - i - 1 <= 2)
	{
		size_t k;

		for (k = i + 1; k < n && ref_is_digit((unsigned char) s[k]); k++)
			;
		return k == n;
	}
	return false;
}

/* Room for an RF reference, an IBAN or an end-to-end id */
#define REF_BUF 64

/* Scanner state */
typedef struct Scan
{
	const char *text;
	size_t len;
	RefEmitFn emit;
	void *arg;
	Vm vm;
} Scan;

/* True if an RF reference or an IBAN begins a word within [from, to) */
static bool
structured_within(Scan *s, size_t from, size_t to)
{
	size_t pos = from;
	uint32_t prev = ' ';

	while (pos < to)
	{
		if (!ref_is_alnum(prev))
		{
			size_t end;
			size_t n;
			char buf[REF_BUF];

			if (find_rf(s->text, s->len, pos, &end, buf, &n) ||
				find_iban(s->text, s->len, pos, &end, buf))
				return true;
		}
		prev = ref_next_char(s->text, s->len, &pos);
	}
	return false;
}

/*
 * Check an invoice match of pattern pat at start and emit it; returns the
 * byte offset where the whole match ends, or 0 if nothing was emitted.
 */
static size_t
try_invoice(Scan *s, const RefPattern *pat, size_t start, size_t start_char)
{
	Vm *vm = &s->vm;
	size_t ref_start;
	size_t ref_end;
	size_t ref_char;
	size_t pos;
	size_t n = 0;
	bool digit = false;
	char folded[REF_INVOICE_MAX];
	char normalized[2 * REF_INVOICE_MAX];
	size_t normalized_len;
	RefMatch m;

	if (!vm_match(vm, pat, s->text, s->len, start))
		return 0;
	ref_start = start;
	ref_end = vm->end;
	ref_char = start_char;
	if (vm->cap.has_start && vm->cap.has_end)
	{
		ref_start = vm->cap.start;
		ref_end = vm->cap.end;
		ref_char = start_char + vm->cap.start_chars;
	}
	if (ref_end <= ref_start)
		return 0;
	for (pos = ref_start; pos < ref_end;)
	{
		uint32_t c = ref_next_char(s->text, ref_end, &pos);

		if (n >= REF_INVOICE_MAX)
			return 0;
		folded[n++] = c < 0x80 ? (char) c : '\x7f';
		digit |= ref_is_digit(c);
	}
	if (!digit || looks_like_date(folded, n) || looks_like_amount(folded, n))
		return 0;
	if (structured_within(s, start, vm->end))
		return 0;
	normalized_len = ref_normalize_invoice(s->text + ref_start,
										   ref_end - ref_start, normalized);
	set_match(&m, REF_KIND_INVOICE, ref_start, ref_end, ref_char, normalized,
			  normalized_len);
	s->emit(s->arg, &m);
	return vm->end;
}

/*
 * True if an invoice number may not begin at pos because it would go on
 * a token before it: after "-", "/", "." or "," that follows a digit
 * ("30.06.2026", "+49-30-2026-1234"), or, for a number that begins with a
 * digit, that follows a letter ("E2E-2026-0042" is one token).
 */
bool
ref_continues_token(const char *text, size_t len, size_t pos, uint32_t prev1,
					uint32_t prev2)
{
	size_t next;

	if (prev1 != '-' && prev1 != '/' && prev1 != '.' && prev1 != ',')
		return false;
	if (ref_is_digit(prev2))
		return true;
	return ref_is_letter(prev2) &&
		   ref_is_digit(peek_char(text, len, pos, &next));
}

/* Walk the text once, trying each kind where a word begins */
void
ref_extract(const char *text, size_t len, const RefPattern *patterns,
			size_t npatterns, RefEmitFn emit, void *arg)
{
	static Scan scan; /* the visited table is too big for the stack */
	Scan *s = &scan;
	size_t pos = 0;
	size_t char_pos = 0;
	size_t claimed_end = 0; /* RF and IBAN spans: no invoice inside */
	size_t invoice_end = 0; /* invoice matches do not overlap */
	uint32_t prev1 = ' ';
	uint32_t prev2 = ' ';
	uint32_t prev3 = ' ';

	s->text = text;
	s->len = len;
	s->emit = emit;
	s->arg = arg;

	while (pos < len)
	{
		bool word_start = !ref_is_alnum(prev1);
		RefMatch m;
		size_t end;
		char buf[REF_BUF];
		size_t n;
		CrefFound found;

		if (word_start && pos >= claimed_end)
		{
			if (find_rf(text, len, pos, &end, buf, &n))
			{
				set_match(&m, REF_KIND_RF, pos, end, char_pos, buf, n);
				emit(arg, &m);
				claimed_end = end;
			}
			else if (find_iban(text, len, pos, &end, buf))
			{
				n = strlen(buf);
				set_match(&m, REF_KIND_IBAN, pos, end, char_pos, buf, n);
				emit(arg, &m);
				claimed_end = end;
			}
			else if (cref_find(text, len, pos, &found))
			{
				set_match(&m, found.kind, found.start, found.end,
						  char_pos + count_chars(text, pos, found.start),
						  found.key, found.key_len);
				emit(arg, &m);
				claimed_end = found.end;
			}
		}

		/* "?20EREF+..." in MT940 :86: fields: a label after "?dd" */
		if (word_start ||
			(prev3 == '?' && ref_is_digit(prev2) && ref_is_digit(prev1)))
		{
			size_t vstart;
			size_t vend;

			if (find_e2e(text, len, pos, &vstart, &vend, buf, &n))
			{
				set_match(&m, REF_KIND_E2E, vstart, vend,
						  char_pos + count_chars(text, pos, vstart), buf, n);
				emit(arg, &m);
			}
		}

		if (word_start && pos >= claimed_end && pos >= invoice_end &&
			!ref_continues_token(text, len, pos, prev1, prev2))
		{
			size_t i;

			for (i = 0; i < npatterns; i++)
			{
				end = try_invoice(s, &patterns[i], pos, char_pos);
				if (end > 0)
				{
					invoice_end = end;
					break;
				}
			}
		}

		prev3 = prev2;
		prev2 = prev1;
		prev1 = ref_next_char(text, len, &pos);
		char_pos++;
	}
}
