/*
 * The HTML body of a notice's e-mail: its text, then its items as a table
 * with headings in the notice's language. The items come from
 * ar2c.claim_notices() as text, one line per item, four fields separated
 * by tabs: invoice number, due date, days overdue, open amount.
 */
#ifndef AR2C_SENDER_NOTICE_HTML_H
#define AR2C_SENDER_NOTICE_HTML_H

#include <stddef.h>

#include "text_buffer.h"

#define NOTICE_ITEM_FIELDS 4

typedef struct NoticeItem
{
	const char *field[NOTICE_ITEM_FIELDS]; /* into the parsed text */
	size_t length[NOTICE_ITEM_FIELDS];
} NoticeItem;

/*
 * Split len bytes of items text into at most max_items items; returns how
 * many there are (also those beyond max_items, which are not stored). An
 * empty line is no item; missing fields are empty, fields beyond the
 * fourth are part of the fourth.
 */
size_t notice_items_parse(const char *text, size_t len, NoticeItem *items,
						  size_t max_items);

/* Append text with &, <, >, " and ' escaped, NUL bytes dropped */
void html_escape(TextBuffer *out, const char *text, size_t len);

/*
 * Append the HTML document of a notice: language (en, de, fr, zh; the
 * headings fall back to English), subject as title, body as paragraphs
 * (blank lines separate them, line breaks kept), the items as a table.
 */
void notice_html_render(TextBuffer *out, const char *language,
						const char *subject, const char *body,
						const char *items_text);

#endif
