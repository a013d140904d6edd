/*
 * ar2c-sender's log: one line per event, key=value pairs (logfmt), values
 * quoted when they hold spaces, quotes, equals signs or control
 * characters, so that one delivery is one line a machine can read.
 */
#ifndef AR2C_SENDER_LOG_LINE_H
#define AR2C_SENDER_LOG_LINE_H

#include "text_buffer.h"

/* Append " key=value" (no space before the first field of a line) */
void log_field(TextBuffer *line, const char *key, const char *value);

#endif
