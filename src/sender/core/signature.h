/*
 * The signature of a webhook request: HMAC-SHA256, keyed with the
 * company's webhook secret, of the timestamp, a dot and the body, in
 * lowercase hex (header X-Ar2c-Signature: "sha256=" and the hex, beside
 * X-Ar2c-Timestamp). A receiver recomputes it and compares, and refuses
 * old timestamps to stop replays.
 */
#ifndef AR2C_SENDER_SIGNATURE_H
#define AR2C_SENDER_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>

#define SIGNATURE_HEX_LENGTH 64

/* HMAC-SHA256 of data under key, as 64 hex digits and a NUL */
bool hmac_sha256_hex(const char *key, size_t key_len, const char *data,
					 size_t data_len, char hex[SIGNATURE_HEX_LENGTH + 1]);

/* The webhook signature of body sent at timestamp (decimal seconds) */
bool webhook_signature(const char *secret, const char *timestamp,
					   const char *body, size_t body_len,
					   char hex[SIGNATURE_HEX_LENGTH + 1]);

#endif
