/*
 * fuzz_money_parse.c
 *		libFuzzer target for the money_cur text parser.
 *
 * Whatever parses must format to text that parses back to the same value,
 * and nothing may read outside the input (ASan) or overflow (UBSan).
 */
#include <stdlib.h>
#include <string.h>

#include "core/money_cur.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse arbitrary bytes; check the round trip of what parses */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	MoneyParse first;
	MoneyParse second;
	char buf[MONEY_TEXT_MAX];
	size_t len;

	if (money_parse((const char *) data, size, &first) != MONEY_OK)
	{
		/* a blamed token must lie inside the input */
		if (first.token != NULL &&
			(first.token < (const char *) data ||
			 first.token + first.token_len > (const char *) data + size))
			abort();
		return 0;
	}
	len = money_format(first.value, buf);
	if (len >= MONEY_TEXT_MAX)
		abort();
	if (money_parse(buf, len, &second) != MONEY_OK ||
		second.value.units != first.value.units ||
		second.value.currency != first.value.currency)
		abort();
	return 0;
}
