#!/usr/bin/env bash
# Dunning notices are announced with NOTIFY ar2c_outbox when, and only
# when, they are committed: a listener session must hear one notification
# for a committed run, with an empty payload (any role may listen on any
# channel), and nothing of a rolled-back run. Two runs of one day started
# at once write each notice once.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_outbox

new_db $db || exit 1
run_sql $db <<'SQL' || { not_ok "set up the ledger"; exit 1; }
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Outbox Ltd', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, email)
SELECT g, 1, 'C-' || g, 'Customer ' || g, 'EUR', 'c' || g || '@example.com' FROM generate_series(1, 3) g;
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 1, g, 'INV-' || g, '2026-01-01', '2026-01-31', '100.00 EUR' FROM generate_series(1, 3) g;
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (1, 1, 'standard', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel, grace_days) VALUES
  (1, 1, 1, 1, 'email', 1), (1, 1, 2, 2, 'email', 1);
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body)
VALUES (1, 1, 1, 'en', 'Reminder', 'Total {{total}}'), (1, 1, 2, 'en', 'Second reminder', 'Total {{total}}');
SQL

listener_out=$IT_TMP/listener.out
start_listener $db ar2c_outbox ar2c_it_outbox_listener "$listener_out"

# rolled back: a run whose transaction is rolled back
rolled_back=$(psql -X -q -At -v ON_ERROR_STOP=1 -d $db <<'SQL'
SET search_path = public, ar2c;
BEGIN;
SELECT notices FROM run_dunning(NULL, date '2026-02-01');
SELECT string_agg(notice_id::text, ' ' ORDER BY notice_id) FROM dunning_notice;
ROLLBACK;
SQL
)
note "rolled back: $(echo $rolled_back)"
is "$(echo "$rolled_back" | head -1)" 3 "the rolled-back run wrote 3 notices before its rollback"

# committed: two sessions run the same day at once
for s in 1 2; do
	psql -X -q -At -v ON_ERROR_STOP=1 -d $db -c "SET search_path = public, ar2c" \
		-c "SELECT notices FROM run_dunning(NULL, date '2026-02-02')" >"$IT_TMP/run$s.out" 2>&1 &
	IT_PIDS+=("$!")
	runs[$s]=$!
done
wait "${runs[1]}" "${runs[2]}"
is "$(cat "$IT_TMP/run1.out" "$IT_TMP/run2.out" | sort -n | tr '\n' ' ')" "0 3 " "of two concurrent runs of one day, one writes 3 notices, the other none"
is "$(q $db "SELECT count(*) FROM dunning_notice")" 3 "each notice is written once"

sleep 1.5
kill "$listener" 2>/dev/null
wait "$listener" 2>/dev/null
heard=$(grep -c 'Asynchronous notification "ar2c_outbox"' "$listener_out")
is "$heard" 1 "the listener heard one notification: the committed run's, not the rolled-back run's nor the run that wrote nothing"
check "the notification has an empty payload (no notice id)" \
	grep -q 'Asynchronous notification "ar2c_outbox" received from' "$listener_out"
grep -m1 'Asynchronous notification' "$listener_out" | sed 's/^/# heard: /'
it_done
