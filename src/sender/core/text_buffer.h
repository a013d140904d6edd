/*
 * A growable text buffer for ar2c-sender's plain-C pieces: appends never
 * fail loudly; a buffer that could not grow is marked failed and keeps
 * what it had, so callers check once at the end.
 */
#ifndef AR2C_SENDER_TEXT_BUFFER_H
#define AR2C_SENDER_TEXT_BUFFER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct TextBuffer
{
	char *data; /* NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	bool failed; /* an allocation failed */
} TextBuffer;

void text_buffer_init(TextBuffer *buf);
void text_buffer_free(TextBuffer *buf);
void text_buffer_reset(TextBuffer *buf);
void text_buffer_append(TextBuffer *buf, const char *text, size_t len);
void text_buffer_puts(TextBuffer *buf, const char *text);
void text_buffer_printf(TextBuffer *buf, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
/* the text so far, "" for an empty buffer */
const char *text_buffer_text(const TextBuffer *buf);

#endif
