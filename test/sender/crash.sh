#!/usr/bin/env bash
# kill -9 of the sender between send and mark: the message reached the
# SMTP server, the notice was not marked. It stays pending and leased; a
# sender started after the lease sends it again with the same Message-ID
# and marks it sent. To stop the sender exactly there, a session holds the
# notice's row lock once the sink has the message, so the sender's mark
# waits on it; the sink delays its reply ("slow" recipient) to leave time.
# And SIGTERM in the same place: the notice in hand is finished first.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_sender_crash

new_db $db || exit 1
SINK_SLOW=2 start_sink "$IT_TMP/sink" || exit 1
ledger $db "$sink_port" <<'ROWS' || { not_ok "set up the ledger"; exit 1; }
slow-anna	de
ROWS
notice=$(q $db "SELECT notice_id FROM dunning_notice")

start_sender "$IT_TMP/sender1.log" --lease 3
wait_for 20 has_messages "$IT_TMP/sink" 1 || not_ok "the sink received the message"
# hold the row, so that the sender's mark waits
psql -X -q -d $db -c "SET application_name = 'ar2c_it_locker'" -c "BEGIN" \
	-c "SELECT 1 FROM ar2c.dunning_notice WHERE notice_id = $notice FOR UPDATE" -c "SELECT pg_sleep(30)" >/dev/null 2>&1 &
IT_PIDS+=("$!")
waiting_mark() {
	[ "$(q $db "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ar2c-sender' AND wait_event_type = 'Lock'
	            AND query LIKE '%mark_notice_sent%'")" = 1 ]
}
check "the sender got the server's 250 and waits to mark the notice sent" wait_for 20 waiting_mark
kill -9 "$sender_pid"
wait "$sender_pid" 2>/dev/null
# the killed sender's session would mark the notice once the lock goes:
# end it, as a crash before the mark would have
q $db "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
       WHERE application_name IN ('ar2c-sender', 'ar2c_it_locker')" >/dev/null
is "$(q $db "SELECT status || ' ' || attempts FROM dunning_notice")" "pending 0" \
	"after kill -9 the notice is pending, its attempt not recorded"
is "$(messages "$IT_TMP/sink")" 1 "the server has the message once"

start_sender "$IT_TMP/sender2.log" --lease 3
wait_for 30 no_pending || not_ok "a new sender delivers the notice once the lease is over"
stop_sender
is "$(q $db "SELECT status || ' ' || attempts FROM dunning_notice")" "sent 1" "the new sender sent it and marked it sent"
is "$(messages "$IT_TMP/sink")" 2 "the server received it twice"
ids=$(grep -h '^Message-ID:' "$IT_TMP"/sink/*.eml | tr -d '\r' | sort | uniq -c | sed 's/^ *//')
is "$ids" "2 Message-ID: <ar2c.notice.$notice.1.1@acme.example>" "both carry the same Message-ID: the resend is recognisable"

# SIGTERM while a notice is in hand: the sender finishes it (the server's
# reply, then the mark) and only then exits, with status 0
run_sql $db <<'SQL'
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email)
VALUES (2, 1, 'C-2', 'Langsam GmbH', 'EUR', 'de', 'slow-bert@example.org');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 2, 'RE-2', '2026-01-01', '2026-01-31', '20.00 EUR');
SELECT count(*) FROM run_dunning(NULL, date '2026-02-21');
SQL
start_sender "$IT_TMP/sender3.log"
wait_for 20 has_messages "$IT_TMP/sink" 3 || not_ok "the sink received the third message"
stop_sender
is "$sender_status" 0 "SIGTERM during a send: the sender exits 0"
is "$(q $db "SELECT status || ' ' || attempts FROM dunning_notice WHERE customer_id = 2")" "sent 1" \
	"after finishing the notice in hand: sent and marked"
check "its delivery is logged before it stopped" \
	awk '/event=sent / { sent = 1 } /event=stopped/ { exit !sent }' "$IT_TMP/sender3.log"
it_done
