/*
 * The SQL side of ar2c-sender: connect and LISTEN, claim due notices,
 * mark what became of each (sql/install/84_notice_delivery.sql).
 */
#include "sender/sender.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Connect, LISTEN on the outbox's channel; NULL (logged) on failure */
PGconn *
outbox_connect(const SenderConfig *config)
{
	PGconn *conn = PQconnectdb(config->conninfo);
	PGresult *res;

	if (PQstatus(conn) != CONNECTION_OK)
	{
		char error[256];

		snprintf(error, sizeof(error), "%s", PQerrorMessage(conn));
		error[strcspn(error, "\n")] = '\0';
		sender_log("warning", "connect_failed", "error", error, LOG_END);
		PQfinish(conn);
		return NULL;
	}
	res = PQexec(conn, "SET application_name = 'ar2c-sender'; "
					   "LISTEN ar2c_outbox");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		sender_log("warning", "listen_failed", "error",
				   PQresultErrorMessage(res), LOG_END);
		PQclear(res);
		PQfinish(conn);
		return NULL;
	}
	PQclear(res);
	sender_log("info", "connected", LOG_END);
	return conn;
}

/* Claim up to a batch of due notices; NULL (logged) on failure */
PGresult *
outbox_claim(PGconn *conn, const SenderConfig *config)
{
	char batch[16];
	char lease[16];
	const char *params[2] = { batch, lease };
	PGresult *res;

	snprintf(batch, sizeof(batch), "%d", config->batch_size);
	snprintf(lease, sizeof(lease), "%d", config->lease_seconds);
	res = PQexecParams(
		conn,
		"SELECT notice_id, company_id, customer_id, attempts, max_attempts, "
		"channel, address, language, subject, body, customer_name, items, "
		"payload, smtp_url, smtp_tls, from_address, from_name, reply_to, "
		"webhook_url, smtp_username, smtp_password, webhook_secret, statement "
		"FROM ar2c.claim_notices($1::integer, make_interval(secs => $2))",
		2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		char error[512];

		snprintf(error, sizeof(error), "%s", PQerrorMessage(conn));
		error[strcspn(error, "\n")] = '\0';
		sender_log("warning", "claim_failed", "error", error, LOG_END);
		PQclear(res);
		return NULL;
	}
	return res;
}

static const char *
Field(const PGresult *res, int row, int column)
{
	return PQgetisnull(res, row, column) ? NULL : PQgetvalue(res, row, column);
}

/* The notice of a row of outbox_claim's result */
void
outbox_notice(const PGresult *claimed, int row, Notice *notice)
{
	notice->notice_id = atoll(PQgetvalue(claimed, row, 0));
	notice->company_id = atoll(PQgetvalue(claimed, row, 1));
	notice->customer_id = atoll(PQgetvalue(claimed, row, 2));
	notice->attempts = atoi(PQgetvalue(claimed, row, 3));
	notice->max_attempts = atoi(PQgetvalue(claimed, row, 4));
	notice->channel = Field(claimed, row, 5);
	notice->address = Field(claimed, row, 6);
	notice->language = Field(claimed, row, 7);
	notice->subject = Field(claimed, row, 8);
	notice->body = Field(claimed, row, 9);
	notice->customer_name = Field(claimed, row, 10);
	notice->items = Field(claimed, row, 11);
	notice->payload = Field(claimed, row, 12);
	notice->smtp_url = Field(claimed, row, 13);
	notice->smtp_tls = Field(claimed, row, 14);
	notice->from_address = Field(claimed, row, 15);
	notice->from_name = Field(claimed, row, 16);
	notice->reply_to = Field(claimed, row, 17);
	notice->webhook_url = Field(claimed, row, 18);
	notice->smtp_username = Field(claimed, row, 19);
	notice->smtp_password = Field(claimed, row, 20);
	notice->webhook_secret = Field(claimed, row, 21);
	notice->statement = Field(claimed, row, 22);
}

/*
 * Record the outcome: sent, retry in retry_in seconds, or failed for good.
 * A notice that is no longer pending (another sender resent and marked it
 * after this one's lease ran out) is not an error.
 */
MarkStatus
outbox_mark(PGconn *conn, const Notice *notice, const DeliveryResult *result,
			unsigned retry_in)
{
	char id[24];
	char seconds[16];
	const char *params[3] = { id, result->error, seconds };
	const char *sql;
	int nparams;
	PGresult *res;
	MarkStatus status;

	snprintf(id, sizeof(id), "%lld", notice->notice_id);
	snprintf(seconds, sizeof(seconds), "%u", retry_in);
	switch (result->outcome)
	{
		case DELIVERY_SENT:
			sql = "SELECT 1 FROM ar2c.mark_notice_sent($1::bigint)";
			nparams = 1;
			break;
		case DELIVERY_RETRY:
			sql = "SELECT 1 FROM ar2c.mark_notice_retry($1::bigint, $2, "
				  "make_interval(secs => $3::integer))";
			nparams = 3;
			break;
		default:
			sql =
				"SELECT 1 FROM ar2c.mark_notice_failed($1::bigint, $2, false)";
			nparams = 2;
			break;
	}
	res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		status = MARK_DONE;
	else if (PQstatus(conn) != CONNECTION_OK)
		status = MARK_CONNECTION_LOST;
	else
	{
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		if (state &&
			(strcmp(state, "55000") == 0 || strcmp(state, "P0002") == 0))
			status = MARK_NOT_PENDING;
		else
			status = MARK_ERROR;
		if (status == MARK_ERROR)
			sender_log("error", "mark_failed", "notice", id, "error",
					   PQresultErrorMessage(res), LOG_END);
	}
	PQclear(res);
	return status;
}
