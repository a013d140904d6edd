/*
 * Exponential backoff with a cap (backoff.h).
 */
#include "backoff.h"

unsigned
backoff_delay(unsigned attempt, unsigned base, unsigned cap, double jitter)
{
	unsigned delay = base > 0 ? base : 1;
	unsigned cut;

	if (cap < 1)
		cap = 1;
	while (attempt > 1 && delay < cap)
	{
		delay = delay > cap / 2 ? cap : delay * 2;
		attempt--;
	}
	if (delay > cap)
		delay = cap;
	if (jitter < 0 || !(jitter == jitter))
		jitter = 0;
	if (jitter > 1)
		jitter = 1;
	cut = (unsigned) (delay / 5.0 * jitter);
	delay -= cut;
	return delay < 1 ? 1 : delay;
}
