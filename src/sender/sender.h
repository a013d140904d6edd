/*
 * ar2c-sender: delivers the outbox (ar2c.dunning_notice) over SMTP and
 * webhooks (doc/sender.md). A notice is claimed (leased), sent, then
 * marked; the plain-C pieces are in core/.
 */
#ifndef AR2C_SENDER_H
#define AR2C_SENDER_H

#include <signal.h>
#include <stdbool.h>

#include <curl/curl.h>
#include <libpq-fe.h>

#include "sender/core/delivery_outcome.h"

typedef struct SenderConfig
{
	const char *conninfo;  /* libpq connection string ("" for PG* env) */
	bool once;             /* deliver what is due, then exit */
	int batch_size;        /* notices per claim */
	int poll_seconds;      /* claim at least this often */
	int lease_seconds;     /* a claim's lease */
	unsigned backoff_base; /* first delay after a transient failure */
	unsigned backoff_cap;  /* longest delay */
	int timeout_seconds;   /* one SMTP or HTTP transfer */
	/* CA certificates to trust (PEM), NULL for the system's */
	const char *ca_file;
	/* credentials from the environment, overriding ar2c.delivery_secret */
	const char *smtp_username;
	const char *smtp_password;
	const char *webhook_secret;
} SenderConfig;

/* One claimed notice: the strings point into the claim's PGresult, NULL
 * for SQL NULL */
typedef struct Notice
{
	long long notice_id;
	long long company_id;
	long long customer_id;
	int attempts; /* before this one */
	int max_attempts;
	const char *channel;
	const char *address;
	const char *language;
	const char *subject;
	const char *body;
	const char *customer_name;
	const char *items;
	const char *payload;
	const char *smtp_url;
	const char *smtp_tls;
	const char *from_address;
	const char *from_name;
	const char *reply_to;
	const char *webhook_url;
	const char *smtp_username;
	const char *smtp_password;
	const char *webhook_secret;
	const char *statement; /* CSV to attach, or NULL */
} Notice;

typedef struct DeliveryResult
{
	DeliveryOutcome outcome;
	long reply;           /* last SMTP reply code or HTTP status, 0 for none */
	char error[512];      /* the server's reply or the transfer's error */
	char message_id[256]; /* Message-ID, also the idempotency key */
} DeliveryResult;

/* set by SIGTERM and SIGINT: finish the notice in hand, then exit */
extern volatile sig_atomic_t sender_stopping;

/* outbox.c: the SQL side */
typedef enum MarkStatus
{
	MARK_DONE,
	MARK_NOT_PENDING, /* marked meanwhile (a resend) or gone */
	MARK_CONNECTION_LOST,
	MARK_ERROR
} MarkStatus;

PGconn *outbox_connect(const SenderConfig *config);
PGresult *outbox_claim(PGconn *conn, const SenderConfig *config);
void outbox_notice(const PGresult *claimed, int row, Notice *notice);
MarkStatus outbox_mark(PGconn *conn, const Notice *notice,
					   const DeliveryResult *result, unsigned retry_in);

/* transfer.c: the one libcurl handle, kept for its open connections */
CURL *transfer_handle(void);
void transfer_handle_free(void);

/* smtp_send.c and webhook_send.c */
void smtp_deliver(const SenderConfig *config, const Notice *notice,
				  DeliveryResult *result);
void webhook_deliver(const SenderConfig *config, const Notice *notice,
					 DeliveryResult *result);

/*
 * ar2c_sender.c: one line of log (logfmt) to stderr: level, event, then
 * key and value strings in pairs, ended by LOG_END
 */
#define LOG_END ((const char *) 0)
void sender_log(const char *level, const char *event, ...);

#endif
