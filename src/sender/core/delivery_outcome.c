/*
 * Sent, transient or refused (delivery_outcome.h).
 */
#include "delivery_outcome.h"

DeliveryOutcome
smtp_delivery_outcome(bool completed, long reply)
{
	if (reply >= 500 && reply <= 599)
		return DELIVERY_REFUSED;
	if (completed && reply >= 200 && reply <= 399)
		return DELIVERY_SENT;
	return DELIVERY_RETRY;
}

DeliveryOutcome
http_delivery_outcome(bool completed, long status)
{
	if (!completed || status == 0)
		return DELIVERY_RETRY;
	if (status >= 200 && status <= 299)
		return DELIVERY_SENT;
	if (status == 408 || status == 425 || status == 429 || status >= 500)
		return DELIVERY_RETRY;
	return DELIVERY_REFUSED;
}

const char *
delivery_outcome_name(DeliveryOutcome outcome)
{
	switch (outcome)
	{
		case DELIVERY_SENT:
			return "sent";
		case DELIVERY_RETRY:
			return "retry";
		case DELIVERY_REFUSED:
			return "refused";
	}
	return "unknown";
}
