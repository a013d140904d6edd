#!/usr/bin/env bash
# When the sender claims: at once on NOTIFY ar2c_outbox (a run commits
# notices), and on its timer (--poll) for what becomes due without a
# notification (a notice due later, a retry after its backoff), so that
# delivery never depends on NOTIFY.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_sender_wakeup

new_db $db || exit 1
start_sink "$IT_TMP/sink" || exit 1
ledger $db "$sink_port" <<'ROWS' || { not_ok "set up the ledger"; exit 1; }
anna	de
ROWS
# a sender that would not poll for ten minutes: what it sends, NOTIFY woke it for
"$SENDER_BIN" --poll 600 "dbname=$db" >>"$IT_TMP/sender.log" 2>&1 &
sender_pid=$!
IT_PIDS+=("$sender_pid")
wait_for 10 no_pending || not_ok "the notice written before it started is sent at its first claim"
more() {
	run_sql $db <<SQL
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email)
VALUES ($1, 1, 'C-$1', 'Customer $1', 'EUR', 'en', 'c$1@example.org');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, $1, 'RE-$1', '2026-01-01', '2026-01-31', '10.00 EUR');
BEGIN;
SELECT count(*) FROM run_dunning(NULL, date '$2');
UPDATE dunning_notice SET next_attempt_at = clock_timestamp() + interval '$3 seconds' WHERE customer_id = $1;
COMMIT;
SQL
}
more 10 2026-02-21 0
check "a run's NOTIFY wakes the sender: its notice is sent within 5 s" wait_for 5 no_pending
more 11 2026-02-22 2
sleep 5
is "$(pending_count)" 1 "a notice due 2 s after its NOTIFY waits for the sender's next poll (10 minutes)"
first=$sender_pid
# a second sender, polling every second, beside the first
start_sender "$IT_TMP/poller.log"
wait_for 10 no_pending || not_ok "the polling sender claims the due notice at its start"
more 12 2026-02-23 2
check "a notice due 2 s after its NOTIFY is sent by the sender that polls, within 6 s" wait_for 6 no_pending
id=$(q $db "SELECT notice_id FROM dunning_notice WHERE customer_id = 12")
check "by the polling sender" grep -q "event=sent notice=$id " "$IT_TMP/poller.log"
stop_sender
sender_pid=$first
stop_sender
is "$(messages "$IT_TMP/sink")" 4 "four notices, four messages"
it_done
