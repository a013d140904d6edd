/*
 * fuzz_aging_bucket.c
 *		libFuzzer target for the aging bucket label and boundary parsers.
 *
 * The same bytes go to both parsers.  A label that parses must format to
 * text that parses back to the same bucket; a boundary list that parses
 * must be increasing and positive, and each of its buckets must round-trip
 * and contain the days it is the bucket of.  A blamed token must lie inside
 * the input, and nothing may read outside it (ASan) or overflow (UBSan).
 */
#include <stdlib.h>
#include <string.h>

#include "core/aging_bucket.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless a bucket formats to a label that parses back to it */
static void
check_round_trip(AgingBucket b)
{
	char buf[AGING_LABEL_MAX];
	size_t len;
	AgingBucket back = 0;
	AgingError err;

	if (!aging_bucket_valid(b))
		abort();
	len = aging_bucket_format(b, buf);
	if (len == 0 || len >= AGING_LABEL_MAX || len != strlen(buf))
		abort();
	if (aging_bucket_parse(buf, len, &back, &err) != AGING_OK || back != b)
		abort();
}

/* Abort if a failed parse blames bytes outside the input */
static void
check_blame(const AgingError *err, size_t size)
{
	if (err->position > size || err->length > size - err->position)
		abort();
}

/* Parse arbitrary bytes as a label and as a boundary list */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;
	AgingBucket bucket = 0;
	AgingBoundaries bounds;
	AgingError err;
	int i;

	if (aging_bucket_parse(text, size, &bucket, &err) == AGING_OK)
		check_round_trip(bucket);
	else
		check_blame(&err, size);

	if (aging_boundaries_parse(text, size, &bounds, &err) != AGING_OK)
	{
		check_blame(&err, size);
		return 0;
	}
	if (bounds.count < 1 || bounds.count > AGING_MAX_BOUNDARIES)
		abort();
	for (i = 0; i < bounds.count; i++)
	{
		int32_t day = bounds.days[i];

		if (day < 1 || day > AGING_MAX_BOUNDARY ||
			(i > 0 && day <= bounds.days[i - 1]))
			abort();
		/* a boundary is the last day of its bucket; the next day is not */
		if (aging_bucket_upper(aging_bucket_of(day, &bounds)) != day ||
			aging_bucket_lower(aging_bucket_of((int64_t) day + 1, &bounds)) !=
				day + 1)
			abort();
	}
	for (i = 0; i < aging_bucket_count(&bounds); i++)
	{
		AgingBucket b = aging_bucket_at(&bounds, i);

		check_round_trip(b);
		if (i > 0 && aging_bucket_at(&bounds, i - 1) >= b)
			abort();
		if (aging_bucket_of(aging_bucket_upper(b), &bounds) != b)
			abort();
	}
	return 0;
}
