/*
 * aging_bucket.c
 *		Aging buckets and boundary lists (plain C, no postgres.h)
 *
 * Boundaries b1 < b2 < ... < bn cut the day line into n + 2 buckets:
 * "not due" (day 0 and before), 1-b1, b1+1-b2, ..., b(n-1)+1-bn and
 * "over bn".  A label names a bucket on its own, without the list.
 */
#include "core/aging_bucket.h"

#include <stdio.h>

/* White space as the C locale has it; isspace() would follow the locale */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
		   c == '\f';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ASCII lower case, whatever the locale */
static char
to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

/* Skip white space from *pos */
static void
skip_space(const char *text, size_t len, size_t *pos)
{
	while (*pos < len && is_space(text[*pos]))
		(*pos)++;
}

/*
 * Read digits from *pos into *value (saturated at INT64_MAX); returns how
 * many digits were read.
 */
static size_t
read_digits(const char *text, size_t len, size_t *pos, int64_t *value)
{
	size_t start = *pos;
	int64_t v = 0;

	while (*pos < len && is_digit(text[*pos]))
	{
		int d = text[*pos] - '0';

		if (v > (INT64_MAX - d) / 10)
			v = INT64_MAX;
		else
			v = v * 10 + d;
		(*pos)++;
	}
	*value = v;
	return *pos - start;
}

/* Match a lower-case word at *pos, any case; advances on a match */
static bool
match_word(const char *text, size_t len, size_t *pos, const char *word)
{
	size_t i;

	for (i = 0; word[i] != '\0'; i++)
		if (*pos + i >= len || to_lower(text[*pos + i]) != word[i])
			return false;
	*pos += i;
	return true;
}

/* Clear an error report */
static void
error_reset(AgingError *err)
{
	err->position = 0;
	err->length = 0;
	err->index = 0;
	err->value = 0;
	err->previous = 0;
	err->range_end = 0;
	err->limit = 0;
}

/* Check that a packed value is a bucket */
bool
aging_bucket_valid(AgingBucket b)
{
	int32_t lower = aging_bucket_lower(b);
	int32_t upper = aging_bucket_upper(b);

	if (lower == AGING_OPEN_LOWER)
		return upper == 0;
	return lower >= 1 && lower <= upper;
}

/* Check one boundary against the one before it; records the culprit */
static AgingStatus
check_boundary(int64_t value, const AgingBoundaries *so_far, AgingError *err)
{
	err->index = so_far->count;
	err->value = value;
	if (so_far->count >= AGING_MAX_BOUNDARIES)
		return AGING_TOO_MANY;
	if (value < 1)
		return AGING_NOT_POSITIVE;
	if (value > AGING_MAX_BOUNDARY)
	{
		err->limit = AGING_MAX_BOUNDARY;
		return AGING_OUT_OF_RANGE;
	}
	if (so_far->count > 0 && value <= so_far->days[so_far->count - 1])
	{
		err->previous = so_far->days[so_far->count - 1];
		return AGING_NOT_INCREASING;
	}
	return AGING_OK;
}

/* Check and copy boundaries given as numbers */
AgingStatus
aging_boundaries_set(const int32_t *days, size_t n, AgingBoundaries *out,
					 AgingError *err)
{
	AgingBoundaries result;
	size_t i;

	error_reset(err);
	result.count = 0;
	if (n == 0)
		return AGING_EMPTY;
	for (i = 0; i < n; i++)
	{
		AgingStatus status = check_boundary(days[i], &result, err);

		if (status != AGING_OK)
			return status;
		result.days[result.count++] = days[i];
	}
	*out = result;
	return AGING_OK;
}

/* Parse "30,60,90,120" */
AgingStatus
aging_boundaries_parse(const char *text, size_t len, AgingBoundaries *out,
					   AgingError *err)
{
	AgingBoundaries result;
	size_t pos = 0;

	error_reset(err);
	result.count = 0;
	skip_space(text, len, &pos);
	if (pos == len)
		return AGING_EMPTY;
	for (;;)
	{
		size_t start;
		bool negative = false;
		int64_t value;
		AgingStatus status;

		skip_space(text, len, &pos);
		start = pos;
		if (pos < len && (text[pos] == '-' || text[pos] == '+'))
			negative = (text[pos++] == '-');
		if (read_digits(text, len, &pos, &value) == 0)
		{
			/* the culprit runs up to the next comma, trimmed */
			size_t end = start;

			while (end < len && text[end] != ',')
				end++;
			while (end > start && is_space(text[end - 1]))
				end--;
			err->index = result.count;
			err->position = start;
			err->length = end - start;
			return AGING_SYNTAX;
		}
		err->position = start;
		err->length = pos - start;
		status = check_boundary(negative ? -value : value, &result, err);
		if (status != AGING_OK)
			return status;
		result.days[result.count++] = (int32_t) value;

		skip_space(text, len, &pos);
		if (pos == len)
			break;
		if (text[pos] != ',')
		{
			size_t end = pos;

			while (end < len && text[end] != ',')
				end++;
			while (end > pos && is_space(text[end - 1]))
				end--;
			err->index = result.count;
			err->position = pos;
			err->length = end - pos;
			err->value = 0;
			return AGING_SYNTAX;
		}
		pos++;
	}
	*out = result;
	return AGING_OK;
}

/* Find the bucket of a day count */
AgingBucket
aging_bucket_of(int64_t days, const AgingBoundaries *bounds)
{
	int32_t lower = 1;
	int i;

	if (days <= 0)
		return AGING_NOT_DUE;
	for (i = 0; i < bounds->count; i++)
	{
		if (days <= bounds->days[i])
			return aging_bucket_make(lower, bounds->days[i]);
		lower = bounds->days[i] + 1;
	}
	return aging_bucket_make(lower, AGING_OPEN_UPPER);
}

/* Count the buckets of a boundary list */
int
aging_bucket_count(const AgingBoundaries *bounds)
{
	return bounds->count + 2;
}

/* Return the i-th bucket of a boundary list */
AgingBucket
aging_bucket_at(const AgingBoundaries *bounds, int i)
{
	if (i <= 0)
		return AGING_NOT_DUE;
	if (i > bounds->count)
		return aging_bucket_of((int64_t) AGING_OPEN_UPPER, bounds);
	return aging_bucket_of(bounds->days[i - 1], bounds);
}

/* Format a label */
size_t
aging_bucket_format(AgingBucket b, char *buf)
{
	int32_t lower = aging_bucket_lower(b);
	int32_t upper = aging_bucket_upper(b);
	int n;

	if (lower == AGING_OPEN_LOWER)
		n = snprintf(buf, AGING_LABEL_MAX, "not due");
	else if (upper == AGING_OPEN_UPPER)
		n = snprintf(buf, AGING_LABEL_MAX, "over %ld", (long) lower - 1);
	else
		n = snprintf(buf, AGING_LABEL_MAX, "%ld-%ld", (long) lower,
					 (long) upper);
	return (size_t) n;
}

/* Parse a label */
AgingStatus
aging_bucket_parse(const char *text, size_t len, AgingBucket *out,
				   AgingError *err)
{
	size_t pos = 0;
	size_t end = len;
	size_t mark;
	int64_t first;
	int64_t second;

	error_reset(err);
	skip_space(text, len, &pos);
	while (end > pos && is_space(text[end - 1]))
		end--;
	if (pos == end)
		return AGING_EMPTY;
	err->position = pos;
	err->length = end - pos;

	/* "not due", one or more spaces between the words */
	mark = pos;
	if (match_word(text, end, &mark, "not") && mark < end &&
		is_space(text[mark]))
	{
		skip_space(text, end, &mark);
		if (match_word(text, end, &mark, "due") && mark == end)
		{
			*out = AGING_NOT_DUE;
			return AGING_OK;
		}
		return AGING_SYNTAX;
	}

	/* "over N" */
	mark = pos;
	if (match_word(text, end, &mark, "over") && mark < end &&
		is_space(text[mark]))
	{
		size_t digits;

		skip_space(text, end, &mark);
		err->position = mark;
		digits = read_digits(text, end, &mark, &first);
		if (digits == 0 || mark != end)
		{
			err->position = pos;
			return AGING_SYNTAX;
		}
		err->length = digits;
		err->value = first;
		if (first > AGING_MAX_BOUNDARY)
		{
			err->limit = AGING_MAX_BOUNDARY;
			return AGING_OUT_OF_RANGE;
		}
		*out = aging_bucket_make((int32_t) (first + 1), AGING_OPEN_UPPER);
		return AGING_OK;
	}

	/* "N-M", white space allowed around the dash */
	mark = pos;
	{
		size_t first_at = mark;
		size_t first_len = read_digits(text, end, &mark, &first);
		size_t second_at;
		size_t second_len;

		if (first_len == 0)
			return AGING_SYNTAX;
		skip_space(text, end, &mark);
		if (mark == end || text[mark] != '-')
			return AGING_SYNTAX;
		mark++;
		skip_space(text, end, &mark);
		second_at = mark;
		second_len = read_digits(text, end, &mark, &second);
		if (second_len == 0 || mark != end)
			return AGING_SYNTAX;

		if (first > AGING_OPEN_UPPER)
		{
			err->position = first_at;
			err->length = first_len;
			err->value = first;
			err->limit = AGING_OPEN_UPPER;
			return AGING_OUT_OF_RANGE;
		}
		if (second > AGING_OPEN_UPPER)
		{
			err->position = second_at;
			err->length = second_len;
			err->value = second;
			err->limit = AGING_OPEN_UPPER;
			return AGING_OUT_OF_RANGE;
		}
		err->value = first;
		err->range_end = second;
		if (first < 1 || first > second)
			return AGING_BAD_RANGE;
		*out = aging_bucket_make((int32_t) first, (int32_t) second);
		return AGING_OK;
	}
}
