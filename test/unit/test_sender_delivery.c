/*
 * test_sender_delivery.c
 *		Unit tests for ar2c-sender's delivery rules: the backoff schedule,
 *		what SMTP and HTTP answers come to, and the webhook signature
 *		(src/sender/core/)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "sender/core/backoff.h"
#include "sender/core/delivery_outcome.h"
#include "sender/core/signature.h"

static void
test_backoff_doubles_to_cap(void **state)
{
	(void) state;
	assert_int_equal(backoff_delay(1, 30, 3600, 0), 30);
	assert_int_equal(backoff_delay(2, 30, 3600, 0), 60);
	assert_int_equal(backoff_delay(3, 30, 3600, 0), 120);
	assert_int_equal(backoff_delay(7, 30, 3600, 0), 1920);
	assert_int_equal(backoff_delay(8, 30, 3600, 0), 3600);
	assert_int_equal(backoff_delay(1000000, 30, 3600, 0), 3600);
	assert_int_equal(backoff_delay(0, 30, 3600, 0), 30);
	/* no overflow on the way to a cap near the largest unsigned */
	assert_int_equal(backoff_delay(40, 1, 4294967295u, 0), 4294967295u);
}

static void
test_backoff_jitter_and_bounds(void **state)
{
	(void) state;
	assert_int_equal(backoff_delay(1, 100, 3600, 1), 80);
	assert_int_equal(backoff_delay(1, 100, 3600, 0.5), 90);
	assert_int_equal(backoff_delay(1, 100, 3600, 7), 80);
	assert_int_equal(backoff_delay(1, 100, 3600, -1), 100);
	assert_int_equal(backoff_delay(1, 0, 0, 0), 1);
	assert_int_equal(backoff_delay(3, 1, 1, 1), 1);
	assert_int_equal(backoff_delay(5, 500, 60, 0), 60);
}

static void
test_smtp_outcomes(void **state)
{
	(void) state;
	assert_int_equal(smtp_delivery_outcome(true, 250), DELIVERY_SENT);
	assert_int_equal(smtp_delivery_outcome(false, 550), DELIVERY_REFUSED);
	assert_int_equal(smtp_delivery_outcome(false, 554), DELIVERY_REFUSED);
	assert_int_equal(smtp_delivery_outcome(false, 535), DELIVERY_REFUSED);
	assert_int_equal(smtp_delivery_outcome(false, 451), DELIVERY_RETRY);
	assert_int_equal(smtp_delivery_outcome(false, 421), DELIVERY_RETRY);
	assert_int_equal(smtp_delivery_outcome(false, 0), DELIVERY_RETRY);
	assert_int_equal(smtp_delivery_outcome(false, 250), DELIVERY_RETRY);
	assert_int_equal(smtp_delivery_outcome(true, 0), DELIVERY_RETRY);
	assert_string_equal(delivery_outcome_name(DELIVERY_REFUSED), "refused");
}

static void
test_http_outcomes(void **state)
{
	(void) state;
	assert_int_equal(http_delivery_outcome(true, 200), DELIVERY_SENT);
	assert_int_equal(http_delivery_outcome(true, 204), DELIVERY_SENT);
	assert_int_equal(http_delivery_outcome(true, 500), DELIVERY_RETRY);
	assert_int_equal(http_delivery_outcome(true, 503), DELIVERY_RETRY);
	assert_int_equal(http_delivery_outcome(true, 429), DELIVERY_RETRY);
	assert_int_equal(http_delivery_outcome(true, 408), DELIVERY_RETRY);
	assert_int_equal(http_delivery_outcome(false, 0), DELIVERY_RETRY);
	assert_int_equal(http_delivery_outcome(true, 400), DELIVERY_REFUSED);
	assert_int_equal(http_delivery_outcome(true, 401), DELIVERY_REFUSED);
	assert_int_equal(http_delivery_outcome(true, 404), DELIVERY_REFUSED);
	assert_int_equal(http_delivery_outcome(true, 301), DELIVERY_REFUSED);
}

/* RFC 4231, test cases 1 and 2 */
static void
test_hmac_sha256_vectors(void **state)
{
	char hex[SIGNATURE_HEX_LENGTH + 1];
	char key[20];

	(void) state;
	memset(key, 0x0b, sizeof(key));
	assert_true(hmac_sha256_hex(key, sizeof(key), "Hi There", 8, hex));
	assert_string_equal(
		hex,
		"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	assert_true(
		hmac_sha256_hex("Jefe", 4, "what do ya want for nothing?", 28, hex));
	assert_string_equal(
		hex,
		"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void
test_webhook_signature(void **state)
{
	char signed_hex[SIGNATURE_HEX_LENGTH + 1];
	char direct_hex[SIGNATURE_HEX_LENGTH + 1];
	const char *body = "{\"notice_id\": 1}";

	(void) state;
	assert_true(webhook_signature("k3y", "1796514103", body, strlen(body),
								  signed_hex));
	assert_true(hmac_sha256_hex("k3y", 3, "1796514103.{\"notice_id\": 1}", 27,
								direct_hex));
	assert_string_equal(signed_hex, direct_hex);
	assert_true(webhook_signature("other", "1796514103", body, strlen(body),
								  direct_hex));
	assert_string_not_equal(signed_hex, direct_hex);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff_doubles_to_cap),
		cmocka_unit_test(test_backoff_jitter_and_bounds),
		cmocka_unit_test(test_smtp_outcomes),
		cmocka_unit_test(test_http_outcomes),
		cmocka_unit_test(test_hmac_sha256_vectors),
		cmocka_unit_test(test_webhook_signature),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
