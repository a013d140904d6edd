/*
 * A notice as a webhook: HTTP POST of its JSON (built by
 * ar2c.claim_notices) to the company's URL, signed with HMAC-SHA256
 * (core/signature.c), with the Message-ID as idempotency key.
 */
#include "sender/sender.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "sender/core/mail_header.h"
#include "sender/core/signature.h"

/* The start of the response body, kept for the error */
typedef struct ResponseStart
{
	char text[256];
	size_t len;
} ResponseStart;

static size_t
KeepResponseStart(char *data, size_t size, size_t count, void *arg)
{
	ResponseStart *start = arg;
	size_t len = size * count;
	size_t room = sizeof(start->text) - 1 - start->len;
	size_t take = len < room ? len : room;

	memcpy(start->text + start->len, data, take);
	start->len += take;
	start->text[start->len] = '\0';
	return len;
}

void
webhook_deliver(const SenderConfig *config, const Notice *notice,
				DeliveryResult *result)
{
	const char *secret = config->webhook_secret ? config->webhook_secret
												: notice->webhook_secret;
	const char *payload = notice->payload ? notice->payload : "{}";
	ResponseStart response = { { 0 }, 0 };
	char curl_error[CURL_ERROR_SIZE] = "";
	char timestamp[24];
	char signature[SIGNATURE_HEX_LENGTH + 1];
	TextBuffer field;
	CURL *curl = transfer_handle();
	struct curl_slist *headers = NULL;
	struct curl_slist *added;
	bool failed = false;
	CURLcode rc;
	int i;

	text_buffer_init(&field);
	result->reply = 0;
	result->error[0] = '\0';
	mail_message_id(&field, notice->notice_id, notice->customer_id,
					notice->company_id, notice->from_address);
	snprintf(result->message_id, sizeof(result->message_id), "%s",
			 text_buffer_text(&field));
	snprintf(timestamp, sizeof(timestamp), "%lld", (long long) time(NULL));
	for (i = 0; i < 6 && !failed; i++)
	{
		text_buffer_reset(&field);
		switch (i)
		{
			case 0:
				text_buffer_puts(
					&field, "Content-Type: application/json; charset=utf-8");
				break;
			case 1:
				text_buffer_printf(&field, "Idempotency-Key: %s",
								   result->message_id);
				break;
			case 2:
				text_buffer_printf(&field, "X-Ar2c-Notice: %lld",
								   notice->notice_id);
				break;
			case 3:
				text_buffer_printf(&field, "X-Ar2c-Timestamp: %s", timestamp);
				break;
			case 4:
				if (secret == NULL || secret[0] == '\0')
					continue;
				if (!webhook_signature(secret, timestamp, payload,
									   strlen(payload), signature))
					failed = true;
				text_buffer_printf(&field, "X-Ar2c-Signature: sha256=%s",
								   signature);
				break;
			default:
				/* no "Expect: 100-continue" round trip */
				text_buffer_puts(&field, "Expect:");
				break;
		}
		added = failed || field.failed
					? NULL
					: curl_slist_append(headers, text_buffer_text(&field));
		if (added == NULL)
			failed = true;
		else
			headers = added;
	}
	text_buffer_free(&field);
	if (curl == NULL || failed)
	{
		result->outcome = DELIVERY_RETRY;
		snprintf(result->error, sizeof(result->error), "out of memory");
		goto done;
	}

	curl_easy_setopt(curl, CURLOPT_URL, notice->webhook_url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long) strlen(payload));
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, KeepResponseStart);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
					 (long) config->timeout_seconds);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long) config->timeout_seconds);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (config->ca_file)
		curl_easy_setopt(curl, CURLOPT_CAINFO, config->ca_file);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");

	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result->reply);
	result->outcome = http_delivery_outcome(rc == CURLE_OK, result->reply);
	if (rc != CURLE_OK)
		snprintf(result->error, sizeof(result->error), "%s",
				 curl_error[0] ? curl_error : curl_easy_strerror(rc));
	else if (result->outcome != DELIVERY_SENT)
	{
		response.text[strcspn(response.text, "\r\n")] = '\0';
		snprintf(result->error, sizeof(result->error), "HTTP %ld %s",
				 result->reply, response.text);
	}

done:
	curl_slist_free_all(headers);
}
