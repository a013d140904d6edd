/*
 * fuzz_sender_message.c
 *		libFuzzer target for ar2c-sender's message pieces: the items text
 *		of a claim (parsed, rendered as HTML) and header text (RFC 2047).
 *
 * The bytes are taken as items text and as a subject or display name.
 * Parsing stores no field outside the input and counts what it stores;
 * the HTML holds no raw "<" or ">" but its own tags, so no input can add
 * markup; a header body is 7-bit without CR or LF but in its folds, and
 * each encoded-word is at most 75 characters; an address that passes
 * the check has no character that could end a header or an envelope.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sender/core/mail_header.h"
#include "sender/core/notice_html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_items(const char *text, size_t size)
{
	NoticeItem items[8];
	size_t count = notice_items_parse(text, size, items, 8);
	size_t i;
	int f;

	if (count > size)
		abort();
	for (i = 0; i < count && i < 8; i++)
		for (f = 0; f < NOTICE_ITEM_FIELDS; f++)
			if (items[i].field[f] < text ||
				items[i].field[f] + items[i].length[f] > text + size ||
				memchr(items[i].field[f], '\n', items[i].length[f]))
				abort();
}

static void
fuzz_html(const char *text)
{
	TextBuffer out;
	const char *p;

	text_buffer_init(&out);
	notice_html_render(&out, text, text, text, text);
	if (out.failed)
		abort();
	/* every "<" opens one of the renderer's own tags */
	for (p = strchr(text_buffer_text(&out), '<'); p; p = strchr(p + 1, '<'))
	{
		static const char *const tags[] = {
			"<!DOCTYPE html>",
			"<html lang=\"",
			"</html>",
			"<head>",
			"</head>",
			"<meta charset=\"utf-8\">",
			"<title>",
			"</title>",
			"<body>",
			"</body>",
			"<p>",
			"</p>",
			"<br>",
			"<table ",
			"</table>",
			"<tr>",
			"</tr>",
			"<th>",
			"</th>",
			"<td>",
			"<td align=\"right\">",
			"</td>",
		};
		size_t t;

		for (t = 0; t < sizeof(tags) / sizeof(tags[0]); t++)
			if (strncmp(p, tags[t], strlen(tags[t])) == 0)
				break;
		if (t == sizeof(tags) / sizeof(tags[0]))
			abort();
	}
	text_buffer_free(&out);
}

static void
fuzz_header(const char *text)
{
	TextBuffer out;
	const unsigned char *p;
	size_t word = 0;

	text_buffer_init(&out);
	mail_header_text(&out, text);
	for (p = (const unsigned char *) text_buffer_text(&out); *p; p++)
	{
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ')
		{
			p += 2;
			word = 0;
			continue;
		}
		if (*p < 0x20 || *p > 0x7E)
			abort();
		word++;
		if (word > 75 && !mail_header_text_is_plain(text))
			abort();
	}
	text_buffer_reset(&out);
	if (mail_address_is_valid(text))
	{
		if (strpbrk(text, "\r\n <>,") || strchr(text, '@') == NULL)
			abort();
		mail_header_mailbox(&out, text, text);
		if (strpbrk(text_buffer_text(&out), "\r\n") &&
			mail_header_text_is_plain(text))
			abort();
	}
	text_buffer_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_items(text, size);
	/* the rest reads NUL-terminated text, as libpq gives it */
	fuzz_html(text);
	fuzz_header(text);
	free(text);
	return 0;
}
