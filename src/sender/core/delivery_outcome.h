/*
 * What a delivery attempt came to, from what the server answered: sent,
 * to be tried again (transient), or refused for good.
 */
#ifndef AR2C_SENDER_DELIVERY_OUTCOME_H
#define AR2C_SENDER_DELIVERY_OUTCOME_H

#include <stdbool.h>

typedef enum DeliveryOutcome
{
	DELIVERY_SENT,
	DELIVERY_RETRY,  /* transient: try again after a delay */
	DELIVERY_REFUSED /* permanent: mark failed, alert */
} DeliveryOutcome;

/*
 * SMTP: completed is true when the transfer completed, reply the server's
 * last reply code (0 for none: no connection, dropped, timed out). A 5xx
 * reply refuses (unknown mailbox, relay denied, authentication refused);
 * a 4xx reply and anything without a reply are transient.
 */
DeliveryOutcome smtp_delivery_outcome(bool completed, long reply);

/*
 * HTTP: completed as for SMTP, status the response's. 2xx is sent; no
 * response, 408, 425, 429 and 5xx are transient; any other status refuses.
 */
DeliveryOutcome http_delivery_outcome(bool completed, long status);

const char *delivery_outcome_name(DeliveryOutcome outcome);

#endif
