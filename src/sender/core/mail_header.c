/*
 * Header fields of a notice's e-mail (mail_header.h).
 */
#include "mail_header.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

/* bytes of UTF-8 per encoded-word: 45 bytes are 60 base64 characters,
 * and "=?UTF-8?B?" + 60 + "?=" is 72, within RFC 2047's 75 */
#define WORD_BYTES 45

/* Length of the UTF-8 sequence led by byte c (1 for a stray byte) */
static size_t
Utf8SequenceLength(unsigned char c)
{
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	if (c >= 0xE0)
		return c <= 0xEF ? 3 : 1;
	if (c >= 0xC2)
		return 2;
	return 1;
}

bool
mail_header_text_is_plain(const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *) text; *p; p++)
	{
		if (*p < 0x20 || *p > 0x7E)
			return false;
		if (p[0] == '=' && p[1] == '?')
			return false;
	}
	return true;
}

/* Append text as encoded-words, folded between words */
static void
EncodedWords(TextBuffer *out, const char *text)
{
	size_t len = strlen(text);
	size_t start = 0;
	unsigned char encoded[4 * (WORD_BYTES / 3) + 1];

	while (start < len)
	{
		size_t end = start;
		int n;

		/* whole characters, as many as fit (a longer one alone) */
		while (end < len)
		{
			size_t step = Utf8SequenceLength((unsigned char) text[end]);

			if (step > len - end)
				step = len - end;
			if (end + step - start > WORD_BYTES && end > start)
				break;
			end += step;
		}
		n = EVP_EncodeBlock(encoded, (const unsigned char *) text + start,
							(int) (end - start));
		if (start > 0)
			text_buffer_puts(out, "\r\n ");
		text_buffer_puts(out, "=?UTF-8?B?");
		text_buffer_append(out, (const char *) encoded, (size_t) n);
		text_buffer_puts(out, "?=");
		start = end;
	}
}

void
mail_header_text(TextBuffer *out, const char *text)
{
	if (mail_header_text_is_plain(text))
		text_buffer_puts(out, text);
	else
		EncodedWords(out, text);
}

bool
mail_address_is_valid(const char *address)
{
	const char *at = NULL;
	const unsigned char *p;

	for (p = (const unsigned char *) address; *p; p++)
	{
		if (*p <= 0x20 || *p == 0x7F || strchr("<>,;\"()[]\\", *p))
			return false;
		if (*p == '@')
		{
			if (at)
				return false;
			at = (const char *) p;
		}
	}
	return at != NULL && at != address && at[1] != '\0';
}

/* true if name is atext and single spaces only (RFC 5322 phrase of atoms) */
static bool
IsAtomPhrase(const char *name)
{
	const unsigned char *p;

	if (name[0] == ' ')
		return false;
	for (p = (const unsigned char *) name; *p; p++)
	{
		if (*p == ' ')
		{
			if (p[1] == ' ' || p[1] == '\0')
				return false;
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			  (*p >= '0' && *p <= '9') || strchr("!#$%&'*+-/=?^_`{|}~", *p)))
			return false;
	}
	return true;
}

void
mail_header_mailbox(TextBuffer *out, const char *display_name,
					const char *address)
{
	if (display_name != NULL && display_name[0] != '\0')
	{
		if (!mail_header_text_is_plain(display_name))
			EncodedWords(out, display_name);
		else if (IsAtomPhrase(display_name))
			text_buffer_puts(out, display_name);
		else
		{
			const char *p;

			text_buffer_puts(out, "\"");
			for (p = display_name; *p; p++)
			{
				if (*p == '"' || *p == '\\')
					text_buffer_puts(out, "\\");
				text_buffer_append(out, p, 1);
			}
			text_buffer_puts(out, "\"");
		}
		text_buffer_puts(out, " ");
	}
	text_buffer_printf(out, "<%s>", address);
}

void
mail_message_id(TextBuffer *out, long long notice_id, long long customer_id,
				long long company_id, const char *from_address)
{
	const char *at = from_address ? strrchr(from_address, '@') : NULL;
	const char *domain = "ar2c.invalid";

	if (at != NULL && at[1] != '\0' && at[1] != '.' &&
		strspn(at + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					   "0123456789.-") == strlen(at + 1))
		domain = at + 1;
	text_buffer_printf(out, "<ar2c.notice.%lld.%lld.%lld@%s>", notice_id,
					   customer_id, company_id, domain);
}

void
mail_header_date(TextBuffer *out, time_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
										"Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
										  "May", "Jun", "Jul", "Aug",
										  "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&t, &tm);
	text_buffer_printf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000",
					   days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
					   tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
