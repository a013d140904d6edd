/*
 * The delay before a notice that failed transiently is tried again:
 * exponential from a base, capped.
 */
#ifndef AR2C_SENDER_BACKOFF_H
#define AR2C_SENDER_BACKOFF_H

/*
 * Seconds to wait after the attempt-th failure (1 for the first):
 * base * 2^(attempt - 1), at most cap, less up to a fifth of it by
 * jitter (0 to 1, from the caller's random source) so that notices that
 * failed together do not come back together. Never below 1 nor above cap.
 */
unsigned backoff_delay(unsigned attempt, unsigned base, unsigned cap,
					   double jitter);

#endif
