/*
 * HMAC-SHA256 signatures of webhook requests (signature.h), by OpenSSL.
 */
#include "signature.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

bool
hmac_sha256_hex(const char *key, size_t key_len, const char *data,
				size_t data_len, char hex[SIGNATURE_HEX_LENGTH + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	unsigned int i;

	if (HMAC(EVP_sha256(), key, (int) key_len, (const unsigned char *) data,
			 data_len, mac, &mac_len) == NULL ||
		mac_len * 2 != SIGNATURE_HEX_LENGTH)
		return false;
	for (i = 0; i < mac_len; i++)
	{
		hex[2 * i] = digits[mac[i] >> 4];
		hex[2 * i + 1] = digits[mac[i] & 0x0F];
	}
	hex[SIGNATURE_HEX_LENGTH] = '\0';
	return true;
}

bool
webhook_signature(const char *secret, const char *timestamp, const char *body,
				  size_t body_len, char hex[SIGNATURE_HEX_LENGTH + 1])
{
	size_t ts_len = strlen(timestamp);
	char *signed_text = malloc(ts_len + 1 + body_len);
	bool ok;

	if (signed_text == NULL)
		return false;
	memcpy(signed_text, timestamp, ts_len);
	signed_text[ts_len] = '.';
	memcpy(signed_text + ts_len + 1, body, body_len);
	ok = hmac_sha256_hex(secret, strlen(secret), signed_text,
						 ts_len + 1 + body_len, hex);
	free(signed_text);
	return ok;
}
