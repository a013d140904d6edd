/*
 * ar2c-sender: the daemon that delivers the outbox (doc/sender.md).
 *
 *   ar2c-sender [OPTION...] [CONNINFO]
 *
 * It LISTENs on ar2c_outbox and, on each notification and at least every
 * --poll seconds, claims due notices (ar2c.claim_notices, SKIP LOCKED, so
 * several senders run side by side), sends each (SMTP or webhook), then
 * marks it. A crash between send and mark leaves the notice leased; once
 * the lease is over it is sent again with the same Message-ID. It
 * reconnects with backoff when the database goes away, and on SIGTERM
 * finishes the notice in hand and exits.
 */
#include "sender/sender.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "sender/core/backoff.h"
#include "sender/core/log_line.h"

volatile sig_atomic_t sender_stopping = 0;

/* written by the signal handler, so that a wait wakes at once */
static int wake_pipe[2] = { -1, -1 };

static void
OnStopSignal(int signo)
{
	int saved = errno;
	ssize_t n;

	sender_stopping = 1;
	n = write(wake_pipe[1], "x", 1);
	(void) n;
	errno = saved;
}

void
sender_log(const char *level, const char *event, ...)
{
	TextBuffer line;
	struct timeval now;
	struct tm tm;
	char stamp[40];
	size_t stamp_len;
	va_list args;
	const char *key;

	gettimeofday(&now, NULL);
	gmtime_r(&now.tv_sec, &tm);
	stamp_len = strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp + stamp_len, sizeof(stamp) - stamp_len, ".%03dZ",
			 (int) (now.tv_usec / 1000) % 1000);
	text_buffer_init(&line);
	log_field(&line, "time", stamp);
	log_field(&line, "level", level);
	log_field(&line, "event", event);
	va_start(args, event);
	while ((key = va_arg(args, const char *)) != NULL)
	{
		const char *value = va_arg(args, const char *);

		log_field(&line, key, value ? value : "");
	}
	va_end(args);
	text_buffer_puts(&line, "\n");
	fputs(text_buffer_text(&line), stderr);
	fflush(stderr);
	text_buffer_free(&line);
}

/* Wait until fd is readable, a signal arrives or seconds pass; false if
 * stopping */
static bool
WaitFor(int fd, double seconds)
{
	fd_set readable;
	struct timeval timeout;
	int top = wake_pipe[0];

	if (sender_stopping)
		return false;
	FD_ZERO(&readable);
	FD_SET(wake_pipe[0], &readable);
	if (fd >= 0)
	{
		FD_SET(fd, &readable);
		if (fd > top)
			top = fd;
	}
	timeout.tv_sec = (time_t) seconds;
	timeout.tv_usec =
		(suseconds_t) ((seconds - (double) timeout.tv_sec) * 1e6);
	if (select(top + 1, &readable, NULL, NULL, &timeout) < 0 && errno != EINTR)
		sender_log("warning", "select_failed", "error", strerror(errno),
				   LOG_END);
	return !sender_stopping;
}

/* Connect, retrying with backoff until connected or stopping */
static PGconn *
ConnectWithBackoff(const SenderConfig *config)
{
	unsigned attempt = 0;

	while (!sender_stopping)
	{
		PGconn *conn = outbox_connect(config);

		if (conn)
			return conn;
		attempt++;
		if (config->once && attempt >= 3)
			return NULL;
		WaitFor(-1, backoff_delay(attempt, 1, 30, drand48()));
	}
	return NULL;
}

/*
 * Mark the outcome, reconnecting as long as the connection is lost (the
 * database restarting); the notice stays leased meanwhile. Returns the
 * connection to go on with (NULL when stopping).
 */
static PGconn *
MarkOutcome(const SenderConfig *config, PGconn *conn, const Notice *notice,
			const DeliveryResult *result, unsigned retry_in,
			MarkStatus *status)
{
	*status = MARK_CONNECTION_LOST;
	while (conn != NULL)
	{
		*status = outbox_mark(conn, notice, result, retry_in);
		if (*status != MARK_CONNECTION_LOST)
			return conn;
		sender_log("warning", "connection_lost", "during", "mark", LOG_END);
		PQfinish(conn);
		conn = ConnectWithBackoff(config);
	}
	return NULL;
}

/* Deliver one claimed notice and mark it; returns the connection */
static PGconn *
DeliverOne(const SenderConfig *config, PGconn *conn, const Notice *notice)
{
	DeliveryResult result;
	struct timeval started;
	struct timeval ended;
	unsigned retry_in = 0;
	MarkStatus status;
	char id[24];
	char attempt[16];
	char reply[16];
	char millis[24];
	char retry[16];

	gettimeofday(&started, NULL);
	if (strcmp(notice->channel, "sms") == 0)
		webhook_deliver(config, notice, &result);
	else
		smtp_deliver(config, notice, &result);
	gettimeofday(&ended, NULL);

	if (result.outcome == DELIVERY_RETRY)
	{
		if (notice->attempts + 1 >= notice->max_attempts)
		{
			char given_up[sizeof(result.error)];

			snprintf(given_up, sizeof(given_up),
					 "gave up after %d attempts: %.450s", notice->attempts + 1,
					 result.error);
			memcpy(result.error, given_up, sizeof(result.error));
			result.outcome = DELIVERY_REFUSED;
		}
		else
			retry_in = backoff_delay((unsigned) notice->attempts + 1,
									 config->backoff_base, config->backoff_cap,
									 drand48());
	}
	conn = MarkOutcome(config, conn, notice, &result, retry_in, &status);

	snprintf(id, sizeof(id), "%lld", notice->notice_id);
	snprintf(attempt, sizeof(attempt), "%d", notice->attempts + 1);
	snprintf(reply, sizeof(reply), "%ld", result.reply);
	snprintf(millis, sizeof(millis), "%ld",
			 (long) ((ended.tv_sec - started.tv_sec) * 1000 +
					 (ended.tv_usec - started.tv_usec) / 1000));
	snprintf(retry, sizeof(retry), "%u", retry_in);
	sender_log(result.outcome == DELIVERY_SENT ? "info" : "warning",
			   delivery_outcome_name(result.outcome), "notice", id, "channel",
			   notice->channel, "to", notice->address, "message_id",
			   result.message_id, "attempt", attempt, "reply", reply, "ms",
			   millis, "retry_in",
			   result.outcome == DELIVERY_RETRY ? retry : "", "error",
			   result.error, "marked",
			   status == MARK_DONE          ? "yes"
			   : status == MARK_NOT_PENDING ? "already"
											: "no",
			   LOG_END);
	return conn;
}

/*
 * Claim a batch and deliver it; returns how many were claimed, or -1 when
 * the connection was lost (*conn is then NULL or a new connection).
 */
static int
DeliverBatch(const SenderConfig *config, PGconn **conn)
{
	PGresult *claimed = outbox_claim(*conn, config);
	int count;
	int row;

	if (claimed == NULL)
		return -1;
	count = PQntuples(claimed);
	for (row = 0; row < count && *conn != NULL; row++)
	{
		Notice notice;

		/* claimed notices not begun wait for their lease to end */
		if (sender_stopping)
			break;
		outbox_notice(claimed, row, &notice);
		*conn = DeliverOne(config, *conn, &notice);
	}
	PQclear(claimed);
	return count;
}

/* Read the notifications that arrived; false if the connection is lost */
static bool
DrainNotifications(PGconn *conn)
{
	PGnotify *notify;

	if (!PQconsumeInput(conn))
		return false;
	while ((notify = PQnotifies(conn)) != NULL)
		PQfreemem(notify);
	return true;
}

static void
Usage(FILE *out)
{
	fprintf(
		out,
		"Usage: ar2c-sender [OPTION...] [CONNINFO]\n"
		"Deliver ar2c's outbox (dunning notices) over SMTP and webhooks.\n\n"
		"  --once            deliver what is due now, then exit\n"
		"  --batch N         notices per claim (10)\n"
		"  --poll SECONDS    claim at least this often (30)\n"
		"  --lease SECONDS   how long a claimed notice is ours (300)\n"
		"  --backoff SECONDS first delay after a transient failure (60)\n"
		"  --backoff-cap S   longest delay (3600)\n"
		"  --timeout SECONDS one SMTP or HTTP transfer (60)\n"
		"  --ca-file PATH    trust these CA certificates (PEM) for TLS,\n"
		"                    instead of the system's\n"
		"  --help            this text\n\n"
		"CONNINFO is a libpq connection string; the PG* variables apply.\n"
		"AR2C_SMTP_USERNAME, AR2C_SMTP_PASSWORD and AR2C_WEBHOOK_SECRET\n"
		"override the credentials of ar2c.delivery_secret.\n");
}

/* A whole positive number of an option, or exit */
static int
PositiveArgument(const char *name, const char *text)
{
	char *end;
	long value = strtol(text, &end, 10);

	if (*text == '\0' || *end != '\0' || value < 1 || value > 1000000)
	{
		fprintf(
			stderr,
			"ar2c-sender: invalid %s \"%s\": a whole number from 1 to 1000000\n",
			name, text);
		exit(2);
	}
	return (int) value;
}

static void
ParseOptions(int argc, char **argv, SenderConfig *config)
{
	static const struct option options[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "batch", required_argument, NULL, 'b' },
		{ "poll", required_argument, NULL, 'p' },
		{ "lease", required_argument, NULL, 'l' },
		{ "backoff", required_argument, NULL, 'r' },
		{ "backoff-cap", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "ca-file", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1)
	{
		switch (c)
		{
			case 'o':
				config->once = true;
				break;
			case 'b':
				config->batch_size = PositiveArgument("--batch", optarg);
				break;
			case 'p':
				config->poll_seconds = PositiveArgument("--poll", optarg);
				break;
			case 'l':
				config->lease_seconds = PositiveArgument("--lease", optarg);
				break;
			case 'r':
				config->backoff_base =
					(unsigned) PositiveArgument("--backoff", optarg);
				break;
			case 'c':
				config->backoff_cap =
					(unsigned) PositiveArgument("--backoff-cap", optarg);
				break;
			case 't':
				config->timeout_seconds =
					PositiveArgument("--timeout", optarg);
				break;
			case 'a':
				config->ca_file = optarg;
				break;
			case 'h':
				Usage(stdout);
				exit(0);
			default:
				Usage(stderr);
				exit(2);
		}
	}
	if (optind < argc - 1)
	{
		Usage(stderr);
		exit(2);
	}
	if (optind == argc - 1)
		config->conninfo = argv[optind];
}

int
main(int argc, char **argv)
{
	SenderConfig config = {
		.conninfo = "",
		.once = false,
		.batch_size = 10,
		.poll_seconds = 30,
		.lease_seconds = 300,
		.backoff_base = 60,
		.backoff_cap = 3600,
		.timeout_seconds = 60,
	};
	struct sigaction stop;
	PGconn *conn = NULL;
	int status = 0;

	ParseOptions(argc, argv, &config);
	config.smtp_username = getenv("AR2C_SMTP_USERNAME");
	config.smtp_password = getenv("AR2C_SMTP_PASSWORD");
	config.webhook_secret = getenv("AR2C_WEBHOOK_SECRET");
	srand48((long) time(NULL) ^ (long) getpid());

	if (pipe(wake_pipe) != 0)
	{
		perror("ar2c-sender: pipe");
		return 1;
	}
	fcntl(wake_pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(wake_pipe[1], F_SETFL, O_NONBLOCK);
	memset(&stop, 0, sizeof(stop));
	stop.sa_handler = OnStopSignal;
	sigemptyset(&stop.sa_mask);
	sigaction(SIGTERM, &stop, NULL);
	sigaction(SIGINT, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
	{
		fprintf(stderr, "ar2c-sender: could not initialise libcurl\n");
		return 1;
	}
	sender_log("info", "started", "once", config.once ? "yes" : "no", LOG_END);

	while (!sender_stopping)
	{
		int claimed;

		if (conn == NULL && (conn = ConnectWithBackoff(&config)) == NULL)
		{
			status = sender_stopping ? 0 : 1;
			break;
		}
		claimed = DeliverBatch(&config, &conn);
		if (conn == NULL || PQstatus(conn) != CONNECTION_OK)
		{
			/* the database went away: connect again and claim again */
			if (conn)
				PQfinish(conn);
			conn = NULL;
			sender_log("warning", "connection_lost", "during", "claim",
					   LOG_END);
			continue;
		}
		if (claimed < 0)
		{
			/* the claim was refused (logged): a privilege or setting to
			 * fix; try again at the next poll, not in a loop */
			if (config.once)
			{
				status = 1;
				break;
			}
			WaitFor(-1, config.poll_seconds);
			continue;
		}
		if (claimed > 0)
			continue;
		if (config.once)
			break;
		/* nothing due: wait for a notification or the next poll */
		if (WaitFor(PQsocket(conn), config.poll_seconds) &&
			!DrainNotifications(conn))
		{
			PQfinish(conn);
			conn = NULL;
		}
	}
	if (conn)
		PQfinish(conn);
	transfer_handle_free();
	curl_global_cleanup();
	sender_log("info", "stopped", LOG_END);
	return status;
}
