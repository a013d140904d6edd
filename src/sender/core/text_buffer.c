/*
 * A growable text buffer (text_buffer.h).
 */
#include "text_buffer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
text_buffer_init(TextBuffer *buf)
{
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
	buf->failed = false;
}

void
text_buffer_free(TextBuffer *buf)
{
	free(buf->data);
	text_buffer_init(buf);
}

/* Empty the buffer, keeping its memory */
void
text_buffer_reset(TextBuffer *buf)
{
	buf->len = 0;
	buf->failed = false;
	if (buf->data)
		buf->data[0] = '\0';
}

/* Make room for extra more bytes and the final NUL */
static bool
TextBufferReserve(TextBuffer *buf, size_t extra)
{
	size_t want;
	size_t cap;
	char *data;

	if (buf->failed)
		return false;
	if (extra > ((size_t) -1) / 2 - buf->len)
	{
		buf->failed = true;
		return false;
	}
	want = buf->len + extra + 1;
	if (want <= buf->cap)
		return true;
	cap = buf->cap ? buf->cap : 64;
	while (cap < want)
		cap *= 2;
	data = realloc(buf->data, cap);
	if (data == NULL)
	{
		buf->failed = true;
		return false;
	}
	buf->data = data;
	buf->cap = cap;
	return true;
}

void
text_buffer_append(TextBuffer *buf, const char *text, size_t len)
{
	if (!TextBufferReserve(buf, len))
		return;
	if (len > 0)
		memcpy(buf->data + buf->len, text, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
}

void
text_buffer_puts(TextBuffer *buf, const char *text)
{
	text_buffer_append(buf, text, strlen(text));
}

void
text_buffer_printf(TextBuffer *buf, const char *format, ...)
{
	va_list args;
	int needed;

	va_start(args, format);
	needed = vsnprintf(NULL, 0, format, args);
	va_end(args);
	if (needed < 0 || !TextBufferReserve(buf, (size_t) needed))
	{
		buf->failed = true;
		return;
	}
	va_start(args, format);
	vsnprintf(buf->data + buf->len, (size_t) needed + 1, format, args);
	va_end(args);
	buf->len += (size_t) needed;
}

const char *
text_buffer_text(const TextBuffer *buf)
{
	return buf->data ? buf->data : "";
}
