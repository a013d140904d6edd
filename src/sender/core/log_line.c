/*
 * logfmt fields (log_line.h).
 */
#include "log_line.h"

#include <string.h>

void
log_field(TextBuffer *line, const char *key, const char *value)
{
	const unsigned char *p;
	bool quote = value[0] == '\0';

	for (p = (const unsigned char *) value; *p && !quote; p++)
		quote =
			*p <= ' ' || *p == '"' || *p == '=' || *p == '\\' || *p == 0x7F;
	if (line->len > 0)
		text_buffer_puts(line, " ");
	text_buffer_printf(line, "%s=", key);
	if (!quote)
	{
		text_buffer_puts(line, value);
		return;
	}
	text_buffer_puts(line, "\"");
	for (p = (const unsigned char *) value; *p; p++)
	{
		if (*p == '"' || *p == '\\')
			text_buffer_printf(line, "\\%c", *p);
		else if (*p == '\n')
			text_buffer_puts(line, "\\n");
		else if (*p == '\r')
			text_buffer_puts(line, "\\r");
		else if (*p == '\t')
			text_buffer_puts(line, "\\t");
		else if (*p < ' ' || *p == 0x7F)
			text_buffer_printf(line, "\\x%02x", *p);
		else
			text_buffer_append(line, (const char *) p, 1);
	}
	text_buffer_puts(line, "\"");
}
