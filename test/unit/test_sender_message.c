/*
 * test_sender_message.c
 *		Unit tests for the e-mail pieces of ar2c-sender: RFC 2047 header
 *		text, mailboxes, the Message-ID, the Date, the HTML body and its
 *		items, and the log's fields (src/sender/core/)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "sender/core/log_line.h"
#include "sender/core/mail_header.h"
#include "sender/core/notice_html.h"

/* Decode the encoded-words of a header body back to the text, checking
 * each word's form and length on the way */
static char *
decode_words(const char *header)
{
	TextBuffer out;
	const char *p = header;

	text_buffer_init(&out);
	while (*p)
	{
		const char *end;
		unsigned char decoded[128];
		int n;
		size_t len;

		assert_int_equal(strncmp(p, "=?UTF-8?B?", 10), 0);
		end = strstr(p + 10, "?=");
		assert_non_null(end);
		len = (size_t) (end - (p + 10));
		assert_true(len + 12 <= 75);
		assert_int_equal(len % 4, 0);
		n = EVP_DecodeBlock(decoded, (const unsigned char *) p + 10,
							(int) len);
		assert_true(n >= 0);
		/* EVP_DecodeBlock keeps the padding's zero bytes */
		while (len > 0 && p[10 + len - 1] == '=')
		{
			n--;
			len--;
		}
		text_buffer_append(&out, (const char *) decoded, (size_t) n);
		p = end + 2;
		if (strncmp(p, "\r\n ", 3) == 0)
			p += 3;
		else
			assert_int_equal(*p, '\0');
	}
	return out.data ? out.data : strdup("");
}

static void
test_plain_subject_unchanged(void **state)
{
	TextBuffer out;

	(void) state;
	text_buffer_init(&out);
	mail_header_text(&out, "Reminder C-101 (2nd)");
	assert_string_equal(text_buffer_text(&out), "Reminder C-101 (2nd)");
	text_buffer_free(&out);
}

static void
test_utf8_subjects_round_trip(void **state)
{
	static const char *const subjects[] = {
		"Zahlungserinnerung für Müller & Söhne GmbH – Rechnung Nr. 2026/0042",
		"Relance : facture échue, montant dû à régler",
		"付款提醒：华强电子有限公司，发票INV-1002已逾期，请尽快付款，谢谢合作",
		"=?not an encoded word?=",
		"emoji 😀 and a \xF0\x9F\x98\x80 at the edge of a word boundary....xx",
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++)
	{
		TextBuffer out;
		char *back;

		text_buffer_init(&out);
		mail_header_text(&out, subjects[i]);
		assert_false(out.failed);
		back = decode_words(text_buffer_text(&out));
		assert_string_equal(back, subjects[i]);
		free(back);
		text_buffer_free(&out);
	}
}

static void
test_words_split_between_characters(void **state)
{
	TextBuffer out;
	const char *word;
	const char *text = "付款提醒付款提醒付款提醒付款提醒付款提醒付款提醒";

	(void) state;
	text_buffer_init(&out);
	mail_header_text(&out, text);
	/* 24 characters of 3 bytes: 15 fit in 45 bytes, two words */
	word = strstr(text_buffer_text(&out), "\r\n ");
	assert_non_null(word);
	assert_null(strstr(word + 3, "\r\n "));
	{
		unsigned char decoded[64];
		const char *first = text_buffer_text(&out) + 10;
		int n = EVP_DecodeBlock(decoded, (const unsigned char *) first, 60);

		assert_int_equal(n, 45);
		assert_memory_equal(decoded, text, 45);
	}
	text_buffer_free(&out);
}

static void
test_header_injection_encoded(void **state)
{
	TextBuffer out;

	(void) state;
	text_buffer_init(&out);
	mail_header_text(&out, "Hello\r\nBcc: victim@example.com");
	assert_null(strstr(text_buffer_text(&out), "Bcc"));
	assert_null(strchr(text_buffer_text(&out), '\n'));
	text_buffer_free(&out);
}

static void
test_addresses(void **state)
{
	(void) state;
	assert_true(mail_address_is_valid("ap@beta.example"));
	assert_true(mail_address_is_valid("müller@bücher.example"));
	assert_false(mail_address_is_valid(""));
	assert_false(mail_address_is_valid("no-at.example"));
	assert_false(mail_address_is_valid("@example.com"));
	assert_false(mail_address_is_valid("a@"));
	assert_false(mail_address_is_valid("a@b@c"));
	assert_false(mail_address_is_valid("a b@example.com"));
	assert_false(mail_address_is_valid("a@example.com\r\nBcc: x@y"));
	assert_false(mail_address_is_valid("<a@example.com>"));
	assert_false(mail_address_is_valid("a@example.com, b@example.com"));
}

static void
test_mailboxes(void **state)
{
	TextBuffer out;
	char *name;

	(void) state;
	text_buffer_init(&out);
	mail_header_mailbox(&out, "Acme Billing", "billing@acme.example");
	assert_string_equal(text_buffer_text(&out),
						"Acme Billing <billing@acme.example>");
	text_buffer_reset(&out);
	mail_header_mailbox(&out, "Acme, Inc. \"Billing\"", "b@acme.example");
	assert_string_equal(text_buffer_text(&out),
						"\"Acme, Inc. \\\"Billing\\\"\" <b@acme.example>");
	text_buffer_reset(&out);
	mail_header_mailbox(&out, NULL, "b@acme.example");
	assert_string_equal(text_buffer_text(&out), "<b@acme.example>");
	text_buffer_reset(&out);
	mail_header_mailbox(&out, "华强电子有限公司", "cw@huaqiang.example");
	assert_non_null(strstr(text_buffer_text(&out), " <cw@huaqiang.example>"));
	*strstr(out.data, " <") = '\0';
	name = decode_words(text_buffer_text(&out));
	assert_string_equal(name, "华强电子有限公司");
	free(name);
	text_buffer_free(&out);
}

static void
test_message_id(void **state)
{
	TextBuffer out;

	(void) state;
	text_buffer_init(&out);
	mail_message_id(&out, 42, 101, 1, "billing@acme.example");
	assert_string_equal(text_buffer_text(&out),
						"<ar2c.notice.42.101.1@acme.example>");
	text_buffer_reset(&out);
	mail_message_id(&out, 42, 101, 1, "billing@acme.example");
	assert_string_equal(text_buffer_text(&out),
						"<ar2c.notice.42.101.1@acme.example>");
	text_buffer_reset(&out);
	mail_message_id(&out, 7, 8, 9, "x@bad domain>");
	assert_string_equal(text_buffer_text(&out),
						"<ar2c.notice.7.8.9@ar2c.invalid>");
	text_buffer_reset(&out);
	mail_message_id(&out, 7, 8, 9, NULL);
	assert_string_equal(text_buffer_text(&out),
						"<ar2c.notice.7.8.9@ar2c.invalid>");
	text_buffer_free(&out);
}

static void
test_date(void **state)
{
	TextBuffer out;

	(void) state;
	text_buffer_init(&out);
	mail_header_date(&out, (time_t) 1796686903);
	assert_string_equal(text_buffer_text(&out),
						"Mon, 07 Dec 2026 23:41:43 +0000");
	text_buffer_free(&out);
}

static void
test_items_parse(void **state)
{
	const char *text =
		"INV-1\t2026-01-01\t9\t100.00 EUR\n\nINV-2\t2026-01-02\n"
		"INV-3\ta\tb\tc\td";
	NoticeItem items[2];

	(void) state;
	assert_int_equal(notice_items_parse(text, strlen(text), items, 2), 3);
	assert_int_equal(items[0].length[0], 5);
	assert_memory_equal(items[0].field[3], "100.00 EUR", 10);
	assert_int_equal(items[0].length[3], 10);
	assert_int_equal(items[1].length[1], 10);
	assert_int_equal(items[1].length[2], 0);
	assert_int_equal(items[1].length[3], 0);
	assert_int_equal(notice_items_parse("", 0, items, 2), 0);
	assert_int_equal(notice_items_parse(text, strlen(text), NULL, 0), 3);
}

static void
test_html(void **state)
{
	TextBuffer out;
	const char *html;

	(void) state;
	text_buffer_init(&out);
	notice_html_render(&out, "de", "Erinnerung <1>",
					   "Sehr geehrte Damen & Herren,\nbitte zahlen.\n\nGruß",
					   "INV-<1>\t2026-01-01\t9\t1.234,56 EUR");
	html = text_buffer_text(&out);
	assert_non_null(strstr(html, "<html lang=\"de\">"));
	assert_non_null(strstr(html, "<title>Erinnerung &lt;1&gt;</title>"));
	assert_non_null(strstr(
		html,
		"<p>Sehr geehrte Damen &amp; Herren,<br>\nbitte zahlen.</p>\n<p>Gruß</p>"));
	assert_non_null(strstr(html, "<th>Tage überfällig</th>"));
	assert_non_null(strstr(
		html,
		"<td>INV-&lt;1&gt;</td><td>2026-01-01</td><td align=\"right\">9</td><td align=\"right\">1.234,56 EUR</td>"));
	text_buffer_reset(&out);
	notice_html_render(&out, "xx", "S", "B", "");
	html = text_buffer_text(&out);
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	assert_null(strstr(html, "<table"));
	text_buffer_reset(&out);
	notice_html_render(&out, "zh", "付款提醒", "请付款",
					   "I-1\t2026-01-01\t9\t88.00 CNY");
	assert_non_null(strstr(text_buffer_text(&out), "<th>逾期天数</th>"));
	text_buffer_free(&out);
}

static void
test_log_fields(void **state)
{
	TextBuffer line;

	(void) state;
	text_buffer_init(&line);
	log_field(&line, "event", "sent");
	log_field(&line, "error", "550 5.1.1 <x@y>: \"no\"\r\n");
	log_field(&line, "empty", "");
	assert_string_equal(
		text_buffer_text(&line),
		"event=sent error=\"550 5.1.1 <x@y>: \\\"no\\\"\\r\\n\" empty=\"\"");
	text_buffer_free(&line);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_subject_unchanged),
		cmocka_unit_test(test_utf8_subjects_round_trip),
		cmocka_unit_test(test_words_split_between_characters),
		cmocka_unit_test(test_header_injection_encoded),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_mailboxes),
		cmocka_unit_test(test_message_id),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_items_parse),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_log_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
