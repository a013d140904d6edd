/*
 * The HTML body of a notice's e-mail (notice_html.h).
 */
#include "notice_html.h"

#include <string.h>

/* The table's headings per language, English first (the fallback) */
static const struct
{
	const char *language;
	const char *heading[NOTICE_ITEM_FIELDS];
} headings[] = {
	{ "en", { "Invoice", "Due date", "Days overdue", "Open amount" } },
	{ "de", { "Rechnung", "Fällig am", "Tage überfällig", "Offener Betrag" } },
	{ "fr", { "Facture", "Échéance", "Jours de retard", "Montant dû" } },
	{ "zh", { "发票号", "到期日", "逾期天数", "未付金额" } },
};

size_t
notice_items_parse(const char *text, size_t len, NoticeItem *items,
				   size_t max_items)
{
	size_t count = 0;
	size_t pos = 0;

	while (pos < len)
	{
		const char *line = text + pos;
		const char *newline = memchr(line, '\n', len - pos);
		size_t line_len = newline ? (size_t) (newline - line) : len - pos;

		pos += line_len + (newline ? 1 : 0);
		if (line_len == 0)
			continue;
		if (count < max_items)
		{
			NoticeItem *item = &items[count];
			size_t start = 0;
			int f;

			for (f = 0; f < NOTICE_ITEM_FIELDS; f++)
			{
				const char *tab =
					f < NOTICE_ITEM_FIELDS - 1 && start < line_len
						? memchr(line + start, '\t', line_len - start)
						: NULL;
				size_t end = tab ? (size_t) (tab - line) : line_len;

				item->field[f] = line + start;
				item->length[f] = end - start;
				start = tab ? end + 1 : line_len;
			}
		}
		count++;
	}
	return count;
}

void
html_escape(TextBuffer *out, const char *text, size_t len)
{
	size_t i;
	size_t run = 0;

	for (i = 0; i < len; i++)
	{
		const char *entity = NULL;

		switch (text[i])
		{
			case '&':
				entity = "&amp;";
				break;
			case '<':
				entity = "&lt;";
				break;
			case '>':
				entity = "&gt;";
				break;
			case '"':
				entity = "&quot;";
				break;
			case '\'':
				entity = "&#39;";
				break;
			case '\0':
				entity = "";
				break;
			default:
				continue;
		}
		text_buffer_append(out, text + run, i - run);
		text_buffer_puts(out, entity);
		run = i + 1;
	}
	text_buffer_append(out, text + run, len - run);
}

/* Append the body: paragraphs at blank lines, <br> at line breaks */
static void
RenderParagraphs(TextBuffer *out, const char *body)
{
	const char *p = body;

	while (*p)
	{
		const char *end = strstr(p, "\n\n");
		size_t len = end ? (size_t) (end - p) : strlen(p);
		size_t start = 0;

		text_buffer_puts(out, "<p>");
		while (start < len)
		{
			const char *nl = memchr(p + start, '\n', len - start);
			size_t stop = nl ? (size_t) (nl - p) : len;

			html_escape(out, p + start, stop - start);
			if (nl)
				text_buffer_puts(out, "<br>\n");
			start = stop + 1;
		}
		text_buffer_puts(out, "</p>\n");
		p += len;
		while (*p == '\n')
			p++;
	}
}

void
notice_html_render(TextBuffer *out, const char *language, const char *subject,
				   const char *body, const char *items_text)
{
	size_t h = 0;
	size_t i;
	size_t count;
	size_t pos = 0;
	int f;

	for (i = 0; i < sizeof(headings) / sizeof(headings[0]); i++)
		if (language && strcmp(language, headings[i].language) == 0)
			h = i;
	text_buffer_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n",
					   headings[h].language);
	text_buffer_puts(out, "<head><meta charset=\"utf-8\"><title>");
	html_escape(out, subject, strlen(subject));
	text_buffer_puts(out, "</title></head>\n<body>\n");
	RenderParagraphs(out, body);
	count = notice_items_parse(items_text, strlen(items_text), NULL, 0);
	if (count > 0)
	{
		text_buffer_puts(out, "<table border=\"1\" cellpadding=\"4\" "
							  "style=\"border-collapse:collapse\">\n<tr>");
		for (f = 0; f < NOTICE_ITEM_FIELDS; f++)
			text_buffer_printf(out, "<th>%s</th>", headings[h].heading[f]);
		text_buffer_puts(out, "</tr>\n");
		/* one item at a time: no array sized by the input */
		while (pos < strlen(items_text))
		{
			const char *line = items_text + pos;
			const char *nl = strchr(line, '\n');
			size_t line_len = nl ? (size_t) (nl - line) : strlen(line);
			NoticeItem item;

			pos += line_len + (nl ? 1 : 0);
			if (notice_items_parse(line, line_len, &item, 1) == 0)
				continue;
			text_buffer_puts(out, "<tr>");
			for (f = 0; f < NOTICE_ITEM_FIELDS; f++)
			{
				text_buffer_puts(out,
								 f >= 2 ? "<td align=\"right\">" : "<td>");
				html_escape(out, item.field[f], item.length[f]);
				text_buffer_puts(out, "</td>");
			}
			text_buffer_puts(out, "</tr>\n");
		}
		text_buffer_puts(out, "</table>\n");
	}
	text_buffer_puts(out, "</body>\n</html>\n");
}
