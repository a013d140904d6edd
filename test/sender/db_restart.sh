#!/usr/bin/env bash
# The database restarted under the sender, on a cluster of the test's own:
# while the sender waits for notices (it reconnects and delivers what comes
# next), and while it is sending one (the SMTP server has the message; the
# sender reconnects and marks the notice sent, without sending it again).
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_sender_restart

own_cluster sender_restart </dev/null || exit 1
new_db $db || exit 1
SINK_SLOW=4 start_sink "$IT_TMP/sink" || exit 1
ledger $db "$sink_port" <<'ROWS' || { not_ok "set up the ledger"; exit 1; }
anna	de
ROWS
start_sender "$IT_TMP/sender.log"
wait_for 30 no_pending || not_ok "the first notice is sent"

restart() {
	as_server "$PGBIN/pg_ctl" -D "$IT_CLUSTER/data" -m fast -w restart -l "$IT_CLUSTER/server.log" >/dev/null 2>&1
}
# 1. while idle: the sender notices at its next wait or claim
check "the database restarts (fast)" restart
run_sql $db <<'SQL'
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email)
VALUES (10, 1, 'C-10', 'Après Redémarrage SARL', 'EUR', 'fr', 'jean@example.org');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 10, 'RE-10', '2026-01-01', '2026-01-31', '10.00 EUR');
SELECT count(*) FROM run_dunning(NULL, date '2026-02-21');
SQL
wait_for 40 no_pending || not_ok "after the restart the sender reconnects and sends the new notice"
is "$(q $db "SELECT count(*) FROM dunning_notice WHERE status = 'sent'")" 2 "both notices sent"
check "the sender logged the lost connection" grep -q 'event=connection_lost' "$IT_TMP/sender.log"

# 2. while sending: the sink holds the reply to a "slow" recipient; the
# database restarts meanwhile, so the mark finds the connection gone
run_sql $db <<'SQL'
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email)
VALUES (11, 1, 'C-11', '慢客户', 'EUR', 'zh', 'slow-wang@example.org');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 11, 'RE-11', '2026-01-01', '2026-01-31', '11.00 EUR');
SELECT count(*) FROM run_dunning(NULL, date '2026-02-22');
SQL
wait_for 20 has_messages "$IT_TMP/sink" 3 || not_ok "the sink received the third message"
check "the database restarts while the sender waits for the server's reply" restart
wait_for 40 no_pending || not_ok "the sender reconnects and marks the notice"
stop_sender
is "$(q $db "SELECT status || ' ' || attempts FROM dunning_notice WHERE customer_id = 11")" "sent 1" \
	"the notice in flight is marked sent after the restart"
is "$(messages "$IT_TMP/sink")" 3 "and was not sent again: three notices, three messages"
check "the mark found the connection lost and reconnected" grep -q 'event=connection_lost during=mark' "$IT_TMP/sender.log"
is "$(grep -c 'event=connected' "$IT_TMP/sender.log")" 3 "the sender connected three times (start and two restarts)"
it_done
