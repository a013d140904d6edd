/*
 * The header fields of a notice's e-mail that libcurl does not write:
 * UTF-8 text as RFC 2047 encoded-words, mailboxes with display names,
 * the Message-ID derived from the notice, and the Date.
 */
#ifndef AR2C_SENDER_MAIL_HEADER_H
#define AR2C_SENDER_MAIL_HEADER_H

#include <stdbool.h>
#include <time.h>

#include "text_buffer.h"

/*
 * Append text as the body of an unstructured header field (Subject):
 * as it is when it is printable ASCII, else as UTF-8 "B" encoded-words of
 * at most 75 characters, each on a line of its own (folded with CRLF and
 * a space), never splitting a character. Control characters (CR, LF) are
 * always encoded, so no text can add a header field.
 */
void mail_header_text(TextBuffer *out, const char *text);

/* true if text is printable ASCII without "=?" (needs no encoding) */
bool mail_header_text_is_plain(const char *text);

/*
 * true if address can stand in a header and an SMTP envelope as it is:
 * one "@" with text on both sides, no white space, control characters,
 * angle brackets, commas, quotes or parentheses. UTF-8 (RFC 6532) passes.
 */
bool mail_address_is_valid(const char *address);

/*
 * Append "display name <address>", or "<address>" without a name: the
 * name as it is (atext and spaces), as a quoted string (other printable
 * ASCII), or as encoded-words. The address must be valid.
 */
void mail_header_mailbox(TextBuffer *out, const char *display_name,
						 const char *address);

/*
 * Append the Message-ID of a notice, <ar2c.notice.N.C.K@domain>, N, C, K
 * its notice, customer and company ids, domain that of from_address
 * (letters, digits, dots and hyphens only; "ar2c.invalid" otherwise): the
 * same for every attempt, so that a resend after a crash is recognisable.
 */
void mail_message_id(TextBuffer *out, long long notice_id,
					 long long customer_id, long long company_id,
					 const char *from_address);

/* Append the RFC 5322 date of t in UTC: "Mon, 07 Dec 2026 23:41:43 +0000" */
void mail_header_date(TextBuffer *out, time_t t);

#endif
