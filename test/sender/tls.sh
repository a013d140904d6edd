#!/usr/bin/env bash
# STARTTLS and SMTP AUTH against a sink that requires both (aiosmtpd with a
# certificate made here): without the certificate's CA the sender refuses
# the server (libcurl verifies it) and tries again later; with it
# (--ca-file), it sends, authenticated with the credentials of
# ar2c.delivery_secret, which AR2C_SMTP_PASSWORD overrides.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_sender_tls

new_db $db || exit 1
mkdir -p "$IT_TMP/tls"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$IT_TMP/tls/key.pem" -out "$IT_TMP/tls/cert.pem" -days 2 \
	-subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 ||
	{ not_ok "make a certificate for the sink"; exit 1; }
SINK_TLS=$IT_TMP/tls SINK_USER=mahnwesen SINK_PASSWORD='s3cret, sehr geheim' start_sink "$IT_TMP/sink" || exit 1
ledger $db "$sink_port" <<'ROWS' || { not_ok "set up the ledger"; exit 1; }
anna	de
ROWS
q $db "UPDATE delivery_setting SET smtp_tls = 'required';
       INSERT INTO delivery_secret (company_id, smtp_username, smtp_password) VALUES (1, 'mahnwesen', 's3cret, sehr geheim')" >/dev/null

"$SENDER_BIN" --once --timeout 10 "dbname=$db" >>"$IT_TMP/sender.log" 2>&1
state=$(q $db "SELECT status || ' ' || attempts || ' ' || last_error FROM dunning_notice")
note "without the CA: $state"
check "a certificate the sender cannot verify: not sent, tried again later" grep -qiE '^pending 1 .*(certificate|SSL)' <<<"$state"
is "$(messages "$IT_TMP/sink")" 0 "nothing reached the sink"

q $db "UPDATE dunning_notice SET next_attempt_at = NULL" >/dev/null
"$SENDER_BIN" --once --timeout 10 --ca-file "$IT_TMP/tls/cert.pem" "dbname=$db" >>"$IT_TMP/sender.log" 2>&1
is "$(q $db "SELECT status || ' ' || attempts FROM dunning_notice")" "sent 2" \
	"with --ca-file: STARTTLS, AUTH with the credentials of delivery_secret, sent"
is "$(messages "$IT_TMP/sink")" 1 "the sink has the message"

# the environment overrides the table's password: a wrong one is refused
run_sql $db <<'SQL'
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email)
VALUES (2, 1, 'C-2', 'Zwei', 'EUR', 'de', 'zwei@example.org');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 2, 'RE-2', '2026-01-01', '2026-01-31', '20.00 EUR');
SELECT count(*) FROM run_dunning(NULL, date '2026-02-21');
SQL
AR2C_SMTP_PASSWORD=wrong "$SENDER_BIN" --once --timeout 10 --ca-file "$IT_TMP/tls/cert.pem" "dbname=$db" >>"$IT_TMP/sender.log" 2>&1
state=$(q $db "SELECT status || ' ' || last_error FROM dunning_notice WHERE customer_id = 2")
note "AR2C_SMTP_PASSWORD=wrong: $state"
check "AR2C_SMTP_PASSWORD overrides the table: a wrong password is refused (535), the notice failed" grep -q '^failed 535' <<<"$state"
it_done
