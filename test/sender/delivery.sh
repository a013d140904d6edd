#!/usr/bin/env bash
# ar2c-sender against a real SMTP server (smtp_sink.py, aiosmtpd): each
# notice arrives once, with its headers, encodings and bodies in German,
# French, Chinese and English; a 5xx refusal fails the notice with the
# server's reply and an alert; a 4xx reply and a dropped connection are
# tried again until sent; a notice without an address is never claimed;
# STARTTLS as the settings say; the statement attached when the settings
# say so; one log line per delivery; SIGTERM ends it.
# The sender runs as a role of ar2c_sender, with that role's rights only.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_sender_delivery

new_db $db || exit 1
start_sink "$IT_TMP/sink" || exit 1
ledger $db "$sink_port" <<'ROWS' || { not_ok "set up the ledger"; exit 1; }
anna	de
jean	fr
wang	zh
bob	en
refuse-carl	en
tempfail-dora	de
drop-emil	fr
-	de
ROWS
run_sql $db <<'SQL' || { not_ok "set up the sender's role"; exit 1; }
SELECT count(*) FROM create_roles();
CREATE ROLE ar2c_it_sender LOGIN IN ROLE ar2c_sender;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_it_sender', 1);
SQL
is "$(q $db "SELECT count(*) FROM dunning_notice")" 8 "the run wrote 8 e-mail notices"
is "$(q $db "SELECT count(*) FROM alert WHERE kind = 'notice_undeliverable'")" 1 "the run alerted the notice without an address"

sender_user=ar2c_it_sender
start_sender "$IT_TMP/sender.log"
wait_for 60 no_pending || not_ok "the sender finished within 60 s"
stop_sender
is "$sender_status" 0 "SIGTERM: the sender exits 0"
check "and logs that it stopped" grep -q 'event=stopped' "$IT_TMP/sender.log"

is "$(q $db "SELECT string_agg(split_part(address, '@', 1) || ':' || status || ':' || attempts, ' ' ORDER BY customer_id)
             FROM dunning_notice WHERE address IS NOT NULL")" \
	"anna:sent:1 jean:sent:1 wang:sent:1 bob:sent:1 refuse-carl:failed:1 tempfail-dora:sent:2 drop-emil:sent:2" \
	"sent once each; refused after one attempt; the 4xx reply and the dropped connection tried again and sent"
is "$(messages "$IT_TMP/sink")" 6 "the sink holds 6 messages: one per notice sent"
expected $db "$IT_TMP/expected.json"
"$SINK_PYTHON" "$SENDER_TESTS/check_messages.py" "$IT_TMP/sink" "$IT_TMP/expected.json"

is "$(q $db "SELECT last_error FROM dunning_notice WHERE address LIKE 'refuse%'")" \
	"550 5.1.1 <refuse-carl@example.org>: Recipient address rejected: User unknown" \
	"the refused notice keeps the server's reply"
is "$(q $db "SELECT count(*) FROM alert WHERE kind = 'notice_failed' AND message LIKE '%550 5.1.1%'")" 1 \
	"and raised a notice_failed alert with it"
like_error=$(q $db "SELECT last_error FROM dunning_notice WHERE address LIKE 'tempfail%'")
is "$like_error" "451 4.3.0 Temporary failure, try again later" "the 4xx reply is kept as the last error of the notice sent later"
is "$(q $db "SELECT attempts || ' ' || (next_attempt_at IS NULL) FROM dunning_notice WHERE address IS NULL")" "0 true" \
	"the notice without an address was never claimed"
is "$(q $db "SELECT reason FROM undeliverable_notices")" "no address" "it is listed in undeliverable_notices"

is "$(grep -c 'event=sent ' "$IT_TMP/sender.log")" 6 "one log line per notice sent"
is "$(grep -c 'event=retry ' "$IT_TMP/sender.log")" 2 "one per transient failure"
is "$(grep -c 'event=refused ' "$IT_TMP/sender.log")" 1 "one per refusal"
check "a log line names the notice, recipient, Message-ID, reply and time" \
	grep -qE 'event=sent notice=[0-9]+ channel=email to=anna@example.org message_id=<ar2c\.notice\.[0-9]+\.1\.1@acme\.example> attempt=1 reply=250 ms=[0-9]+' "$IT_TMP/sender.log"

# STARTTLS required: the plain sink offers none, so libcurl refuses to
# send; the notice stays pending with the error, and is sent once the
# settings say none
run_sql $db <<'SQL'
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email)
VALUES (100, 1, 'C-100', 'Tls Test', 'EUR', 'en', 'tls@example.org');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 100, 'RE-TLS', '2026-01-01', '2026-01-31', '10.00 EUR');
SELECT count(*) FROM run_dunning(NULL, date '2026-02-21');
UPDATE delivery_setting SET smtp_tls = 'required';
SQL
"$SENDER_BIN" --once --timeout 10 "dbname=$db user=ar2c_it_sender" >>"$IT_TMP/tls.log" 2>&1
is "$?" 0 "--once: the sender delivers what is due and exits"
tls=$(q $db "SELECT status || ' ' || attempts || ' ' || last_error FROM dunning_notice WHERE customer_id = 100")
note "STARTTLS required: $tls"
check "smtp_tls required: libcurl insists on STARTTLS, which the plain sink lacks; the notice stays pending" \
	grep -qiE '^pending 1 .*(STARTTLS|SSL|TLS)' <<<"$tls"
is "$(messages "$IT_TMP/sink")" 6 "and nothing was sent in the clear"
q $db "UPDATE delivery_setting SET smtp_tls = 'none', attach_statement = true;
       UPDATE dunning_notice SET next_attempt_at = NULL WHERE customer_id = 100" >/dev/null
"$SENDER_BIN" --once --timeout 10 "dbname=$db user=ar2c_it_sender" >>"$IT_TMP/tls.log" 2>&1
is "$(q $db "SELECT status FROM dunning_notice WHERE customer_id = 100")" sent "smtp_tls none: sent to the plain sink"
attachment=$("$SINK_PYTHON" - "$IT_TMP/sink" <<'PY'
import email, email.policy, glob, sys
last = sorted(glob.glob(sys.argv[1] + "/*.eml"))[-1]
message = email.message_from_bytes(open(last, "rb").read(), policy=email.policy.default)
for part in message.iter_attachments():
    text = part.get_content()
    print(part.get_content_type(), part.get_filename(), "RE-TLS" in text, text.splitlines()[0].split(",")[0])
PY
)
id=$(q $db "SELECT notice_id FROM dunning_notice WHERE customer_id = 100")
is "$attachment" "text/csv statement-$id.csv True line_no" \
	"attach_statement: the customer's statement comes as a CSV attachment beside the alternative text and HTML"
it_done
