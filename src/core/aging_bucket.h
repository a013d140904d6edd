/*
 * aging_bucket.h
 *		Aging buckets: intervals of days past due ("not due", "1-30", ...,
 *		"over 120") and the boundary lists that cut the day line into them.
 *
 * Plain C (no postgres.h), so it can be unit-tested and fuzzed on its own.
 *
 * A bucket is stored as one int64: its lowest day in the high 32 bits and
 * its highest day in the low 32 bits.  "not due" is (INT32_MIN, 0), that
 * is every day up to and including the due date; the last bucket of a list
 * is open, (last boundary + 1, INT32_MAX).  The upper bound is never
 * negative, so integer order of the packed value is (lower, upper) order,
 * and a stored bucket means the same thing whatever boundaries are in
 * force later.
 */
#ifndef AR2C_CORE_AGING_BUCKET_H
#define AR2C_CORE_AGING_BUCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t AgingBucket;

/* At most this many boundaries, so at most AGING_MAX_BOUNDARIES + 2 buckets */
#define AGING_MAX_BOUNDARIES 16
#define AGING_MAX_BUCKETS    (AGING_MAX_BOUNDARIES + 2)

/* The largest boundary: the open bucket after it starts at INT32_MAX */
#define AGING_MAX_BOUNDARY (INT32_MAX - 1)

/* Lower bound of "not due" and upper bound of an open bucket */
#define AGING_OPEN_LOWER INT32_MIN
#define AGING_OPEN_UPPER INT32_MAX

/* The boundaries of ar2c.aging_boundaries when nobody sets it */
#define AGING_DEFAULT_BOUNDARIES "30,60,90,120"

/* The longest label, "2147483647-2147483647", and its NUL, with room */
#define AGING_LABEL_MAX 32

/* Strictly increasing positive day counts: 30, 60, 90, 120 */
typedef struct AgingBoundaries
{
	int count;
	int32_t days[AGING_MAX_BOUNDARIES];
} AgingBoundaries;

typedef enum AgingStatus
{
	AGING_OK = 0,
	AGING_EMPTY,          /* nothing but white space, or no boundaries */
	AGING_SYNTAX,         /* not a number / not a label */
	AGING_OUT_OF_RANGE,   /* a number beyond what a bound can hold */
	AGING_NOT_POSITIVE,   /* boundaries: a boundary below 1 */
	AGING_NOT_INCREASING, /* boundaries: not above the one before it */
	AGING_TOO_MANY,       /* boundaries: more than AGING_MAX_BOUNDARIES */
	AGING_BAD_RANGE       /* labels: "N-M" with N < 1 or N > M */
} AgingStatus;

/* Where a parse failed and on what, so errors can name the culprit */
typedef struct AgingError
{
	size_t position;   /* byte offset of the offending token in the text */
	size_t length;     /* its length (0 when there is no token) */
	int index;         /* boundaries: 0-based index of the offending one */
	int64_t value;     /* the offending number, saturated to int64 */
	int64_t previous;  /* AGING_NOT_INCREASING: the boundary before it */
	int64_t range_end; /* AGING_BAD_RANGE: M of "N-M" (value is N) */
	int64_t limit;     /* AGING_OUT_OF_RANGE: the largest value allowed */
} AgingError;

/* Pack a bucket from its bounds */
static inline AgingBucket
aging_bucket_make(int32_t lower, int32_t upper)
{
	return (AgingBucket) (((uint64_t) (uint32_t) lower << 32) |
						  (uint64_t) (uint32_t) upper);
}

/* Lowest day of a bucket; AGING_OPEN_LOWER for "not due" */
static inline int32_t
aging_bucket_lower(AgingBucket b)
{
	return (int32_t) (uint32_t) ((uint64_t) b >> 32);
}

/* Highest day of a bucket; AGING_OPEN_UPPER for the last, open one */
static inline int32_t
aging_bucket_upper(AgingBucket b)
{
	return (int32_t) (uint32_t) ((uint64_t) b & 0xFFFFFFFFu);
}

/* The "not due" bucket: every day up to and including the due date */
#define AGING_NOT_DUE aging_bucket_make(AGING_OPEN_LOWER, 0)

/*
 * True if a packed value is a bucket input could produce: "not due", or
 * (lower, upper) with 1 <= lower <= upper.
 */
extern bool aging_bucket_valid(AgingBucket b);

/*
 * Parse a boundary list such as "30,60,90,120" (white space allowed around
 * each number); on failure err says where and what.
 */
extern AgingStatus aging_boundaries_parse(const char *text, size_t len,
										  AgingBoundaries *out,
										  AgingError *err);

/* Check and copy n boundaries given as numbers */
extern AgingStatus aging_boundaries_set(const int32_t *days, size_t n,
										AgingBoundaries *out, AgingError *err);

/* Bucket that a count of days past due falls into */
extern AgingBucket aging_bucket_of(int64_t days,
								   const AgingBoundaries *bounds);

/* Number of buckets of a boundary list: "not due", one per boundary, "over" */
extern int aging_bucket_count(const AgingBoundaries *bounds);

/* The i-th bucket (0-based, in order) of a boundary list */
extern AgingBucket aging_bucket_at(const AgingBoundaries *bounds, int i);

/* Write a bucket's label ("not due", "1-30", "over 120"); returns length */
extern size_t aging_bucket_format(AgingBucket b, char *buf);

/*
 * Parse a label: "not due", "N-M" (1 <= N <= M) or "over N" (N >= 0), any
 * case, white space around; on failure err says where and what.
 */
extern AgingStatus aging_bucket_parse(const char *text, size_t len,
									  AgingBucket *out, AgingError *err);

#endif /* AR2C_CORE_AGING_BUCKET_H */
