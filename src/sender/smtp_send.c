/*
 * A notice as e-mail over SMTP by libcurl: multipart/alternative of the
 * text and an HTML rendering with the items as a table (inside the
 * multipart/mixed that libcurl's MIME API makes of a mail, which also
 * carries the customer's statement when the company attaches it), the headers
 * encoded by core/mail_header.c, STARTTLS and authentication as the
 * company's settings say.
 */
#include "sender/sender.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "sender/core/mail_header.h"
#include "sender/core/notice_html.h"

/* The first error reply (4xx, 5xx) of the server, kept for the error:
 * the later ones are the goodbye to the QUIT that libcurl sends */
typedef struct ServerReply
{
	char line[512];
} ServerReply;

static int
KeepServerReply(CURL *curl, curl_infotype type, char *data, size_t size,
				void *arg)
{
	ServerReply *reply = arg;

	if (type == CURLINFO_HEADER_IN && size > 0 && reply->line[0] == '\0' &&
		(data[0] == '4' || data[0] == '5'))
	{
		size_t len =
			size < sizeof(reply->line) - 1 ? size : sizeof(reply->line) - 1;

		memcpy(reply->line, data, len);
		reply->line[len] = '\0';
		reply->line[strcspn(reply->line, "\r\n")] = '\0';
	}
	return 0;
}

/* Append "Name: value" to the header list from a buffer, then empty it */
static struct curl_slist *
AddHeader(struct curl_slist *headers, TextBuffer *field, bool *failed)
{
	struct curl_slist *added = NULL;

	if (!field->failed)
		added = curl_slist_append(headers, text_buffer_text(field));
	if (added == NULL)
		*failed = true;
	text_buffer_reset(field);
	return added ? added : headers;
}

static long
TlsLevel(const char *smtp_tls)
{
	if (smtp_tls && strcmp(smtp_tls, "none") == 0)
		return CURLUSESSL_NONE;
	if (smtp_tls && strcmp(smtp_tls, "try") == 0)
		return CURLUSESSL_TRY;
	return CURLUSESSL_ALL;
}

/* The headers of the message; NULL if one could not be made */
static struct curl_slist *
MessageHeaders(const Notice *notice, const char *message_id)
{
	struct curl_slist *headers = NULL;
	TextBuffer field;
	bool failed = false;

	text_buffer_init(&field);
	text_buffer_puts(&field, "Date: ");
	mail_header_date(&field, time(NULL));
	headers = AddHeader(headers, &field, &failed);
	text_buffer_puts(&field, "From: ");
	mail_header_mailbox(&field, notice->from_name, notice->from_address);
	headers = AddHeader(headers, &field, &failed);
	text_buffer_puts(&field, "To: ");
	mail_header_mailbox(&field, notice->customer_name, notice->address);
	headers = AddHeader(headers, &field, &failed);
	if (notice->reply_to && mail_address_is_valid(notice->reply_to))
	{
		text_buffer_printf(&field, "Reply-To: <%s>", notice->reply_to);
		headers = AddHeader(headers, &field, &failed);
	}
	text_buffer_puts(&field, "Subject: ");
	mail_header_text(&field, notice->subject ? notice->subject : "");
	headers = AddHeader(headers, &field, &failed);
	text_buffer_printf(&field, "Message-ID: %s", message_id);
	headers = AddHeader(headers, &field, &failed);
	if (notice->language && mail_header_text_is_plain(notice->language))
	{
		text_buffer_printf(&field, "Content-Language: %s", notice->language);
		headers = AddHeader(headers, &field, &failed);
	}
	text_buffer_puts(&field, "Auto-Submitted: auto-generated");
	headers = AddHeader(headers, &field, &failed);
	text_buffer_printf(&field, "X-Ar2c-Notice: %lld", notice->notice_id);
	headers = AddHeader(headers, &field, &failed);
	text_buffer_free(&field);
	if (failed)
	{
		curl_slist_free_all(headers);
		return NULL;
	}
	return headers;
}

/* One text part, UTF-8 in base64 */
static CURLcode
AddTextPart(curl_mime *mime, const char *type, const char *text)
{
	curl_mimepart *part = curl_mime_addpart(mime);
	CURLcode rc;

	if (part == NULL)
		return CURLE_OUT_OF_MEMORY;
	rc = curl_mime_data(part, text, CURL_ZERO_TERMINATED);
	if (rc == CURLE_OK)
		rc = curl_mime_type(part, type);
	if (rc == CURLE_OK)
		rc = curl_mime_encoder(part, "base64");
	return rc;
}

/* The customer's statement as an attached CSV file, after the text */
static CURLcode
AddStatement(curl_mime *mime, const Notice *notice)
{
	curl_mimepart *part = curl_mime_addpart(mime);
	char filename[64];
	CURLcode rc;

	if (part == NULL)
		return CURLE_OUT_OF_MEMORY;
	snprintf(filename, sizeof(filename), "statement-%lld.csv",
			 notice->notice_id);
	rc = curl_mime_data(part, notice->statement, CURL_ZERO_TERMINATED);
	if (rc == CURLE_OK)
		rc = curl_mime_type(part, "text/csv; charset=utf-8");
	if (rc == CURLE_OK)
		rc = curl_mime_encoder(part, "base64");
	if (rc == CURLE_OK)
		rc = curl_mime_filename(part, filename);
	return rc;
}

static void
Refuse(DeliveryResult *result, const char *error)
{
	result->outcome = DELIVERY_REFUSED;
	snprintf(result->error, sizeof(result->error), "%s", error);
}

void
smtp_deliver(const SenderConfig *config, const Notice *notice,
			 DeliveryResult *result)
{
	TextBuffer text;
	TextBuffer html;
	TextBuffer envelope;
	ServerReply reply = { { 0 } };
	char curl_error[CURL_ERROR_SIZE] = "";
	CURL *curl = NULL;
	curl_mime *mime = NULL;
	curl_mime *alternative = NULL;
	curl_mimepart *part;
	struct curl_slist *headers = NULL;
	struct curl_slist *recipients = NULL;
	const char *username =
		config->smtp_username ? config->smtp_username : notice->smtp_username;
	const char *password =
		config->smtp_password ? config->smtp_password : notice->smtp_password;
	CURLcode rc = CURLE_OK;

	text_buffer_init(&text);
	text_buffer_init(&html);
	text_buffer_init(&envelope);
	result->reply = 0;
	result->error[0] = '\0';
	mail_message_id(&text, notice->notice_id, notice->customer_id,
					notice->company_id, notice->from_address);
	snprintf(result->message_id, sizeof(result->message_id), "%s",
			 text_buffer_text(&text));
	text_buffer_reset(&text);
	if (notice->address == NULL || !mail_address_is_valid(notice->address))
	{
		Refuse(result, "invalid e-mail address");
		goto done;
	}
	if (notice->from_address == NULL ||
		!mail_address_is_valid(notice->from_address))
	{
		Refuse(result, "invalid from_address in ar2c.delivery_setting");
		goto done;
	}

	curl = transfer_handle();
	headers = MessageHeaders(notice, result->message_id);
	text_buffer_printf(&envelope, "<%s>", notice->address);
	recipients = curl_slist_append(NULL, text_buffer_text(&envelope));
	text_buffer_reset(&envelope);
	text_buffer_printf(&envelope, "<%s>", notice->from_address);
	/* the text ends with a line break, as mail readers expect */
	text_buffer_puts(&text, notice->body ? notice->body : "");
	if (text.len == 0 || text.data[text.len - 1] != '\n')
		text_buffer_puts(&text, "\n");
	notice_html_render(
		&html, notice->language, notice->subject ? notice->subject : "",
		notice->body ? notice->body : "", notice->items ? notice->items : "");
	if (curl == NULL || headers == NULL || recipients == NULL || text.failed ||
		html.failed || envelope.failed)
	{
		result->outcome = DELIVERY_RETRY;
		snprintf(result->error, sizeof(result->error), "out of memory");
		goto done;
	}

	mime = curl_mime_init(curl);
	alternative = curl_mime_init(curl);
	if (mime == NULL || alternative == NULL)
		rc = CURLE_OUT_OF_MEMORY;
	if (rc == CURLE_OK)
		rc = AddTextPart(alternative, "text/plain; charset=utf-8",
						 text_buffer_text(&text));
	if (rc == CURLE_OK)
		rc = AddTextPart(alternative, "text/html; charset=utf-8",
						 text_buffer_text(&html));
	if (rc == CURLE_OK)
	{
		part = curl_mime_addpart(mime);
		rc =
			part ? curl_mime_subparts(part, alternative) : CURLE_OUT_OF_MEMORY;
		if (rc == CURLE_OK)
			alternative = NULL; /* the part owns it now */
		if (rc == CURLE_OK)
			rc = curl_mime_type(part, "multipart/alternative");
	}
	if (rc == CURLE_OK && notice->statement != NULL)
		rc = AddStatement(mime, notice);
	if (rc != CURLE_OK)
	{
		result->outcome = DELIVERY_RETRY;
		snprintf(result->error, sizeof(result->error), "%s",
				 curl_easy_strerror(rc));
		goto done;
	}

	curl_easy_setopt(curl, CURLOPT_URL, notice->smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, text_buffer_text(&envelope));
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, TlsLevel(notice->smtp_tls));
	if (username && username[0])
	{
		curl_easy_setopt(curl, CURLOPT_USERNAME, username);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, password ? password : "");
	}
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
					 (long) config->timeout_seconds);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long) config->timeout_seconds);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (config->ca_file)
		curl_easy_setopt(curl, CURLOPT_CAINFO, config->ca_file);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
	curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, KeepServerReply);
	curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &reply);
	curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);

	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result->reply);
	result->outcome = smtp_delivery_outcome(rc == CURLE_OK, result->reply);
	if (rc != CURLE_OK)
	{
		/* the server's own words when it answered with an error */
		if (reply.line[0])
			snprintf(result->error, sizeof(result->error), "%s", reply.line);
		else
			snprintf(result->error, sizeof(result->error), "%s",
					 curl_error[0] ? curl_error : curl_easy_strerror(rc));
	}

done:
	curl_mime_free(alternative);
	curl_mime_free(mime);
	curl_slist_free_all(headers);
	curl_slist_free_all(recipients);
	text_buffer_free(&text);
	text_buffer_free(&html);
	text_buffer_free(&envelope);
}
