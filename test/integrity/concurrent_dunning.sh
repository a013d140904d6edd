#!/usr/bin/env bash
# Two dunning runs of one company for different days at the same time: the
# second waits for the first and then sees it, so every customer gets one
# level 1 notice, one fee and one interest charge per period, and
# check_ledger() finds nothing charged twice. A run is refused in
# REPEATABLE READ (its snapshot could miss a run it waited for).
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_dunning

new_db $db || exit 1
run_sql $db <<'SQL' || { not_ok "set up the ledger"; exit 1; }
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Dunning Race Ltd', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, email)
SELECT g, 1, 'C-' || g, 'Customer ' || g, 'EUR', 'c' || g || '@example.com' FROM generate_series(1, 200) g;
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 1, g, 'INV-' || g, '2026-11-01', '2026-12-01', money_cur_units(10000 + g, 'EUR') FROM generate_series(1, 200) g;
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (1, 1, 'standard', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel, fee, annual_interest_rate, grace_days) VALUES
  (1, 1, 1, 10, 'email', 5, 0.08, 14), (1, 1, 2, 40, 'email', 10, 0.08, 14);
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body)
SELECT 1, 1, l, 'en', 'Reminder {{level}}', 'Total {{total}}' FROM generate_series(1, 2) l;
SQL

# session A runs 2027-01-20 and holds its transaction open; session B runs
# 2027-01-21 a second later, while A has not committed
psql -X -q -At -v ON_ERROR_STOP=1 -d $db >"$IT_TMP/a.out" 2>&1 <<'SQL' &
SET search_path = public, ar2c;
BEGIN;
SELECT notices FROM run_dunning(1, '2027-01-20');
SELECT pg_sleep(2);
COMMIT;
SQL
pid_a=$!
IT_PIDS+=("$pid_a")
sleep 1
psql -X -q -At -v ON_ERROR_STOP=1 -d $db -c "SET search_path = public, ar2c" \
	-c "SELECT notices FROM run_dunning(1, '2027-01-21')" >"$IT_TMP/b.out" 2>&1 &
pid_b=$!
IT_PIDS+=("$pid_b")
wait "$pid_a"; sa=$?
wait "$pid_b"; sb=$?
is "$sa $sb" "0 0" "two runs for consecutive days at the same time both succeed"
grep -h ERROR "$IT_TMP/a.out" "$IT_TMP/b.out" | head -3 | sed 's/^/#   /'
is "$(head -1 "$IT_TMP/a.out") $(head -1 "$IT_TMP/b.out")" "200 0" \
	"the first writes 200 notices, the second, which waited for it, none"
is "$(q $db "SELECT count(*) || ' ' || count(DISTINCT customer_id) FROM dunning_notice WHERE level = 1")" "200 200" \
	"every customer has one level 1 notice"
is "$(q $db "SELECT count(*) FROM invoice WHERE kind = 'fee'")" 200 "200 fees, one per notice"
is "$(q $db "SELECT count(*) FROM dunning_interest")" 200 "one interest charge per item"
problems=$(q $db "SELECT count(*) FROM check_ledger()")
is "$problems" 0 "check_ledger() finds no notice or charge written twice"
[ "$problems" != 0 ] && q $db "SELECT concat_ws(' ', problem, details) FROM check_ledger() LIMIT 5" | sed 's/^/#   /'

# a run in REPEATABLE READ is refused
out=$(psql -X -q -At -d $db -c "SET search_path = public, ar2c" -c "\\set VERBOSITY verbose" \
	-c "BEGIN ISOLATION LEVEL REPEATABLE READ" -c "SELECT notices FROM run_dunning(1, '2027-01-22')" -c "ROLLBACK" 2>&1)
check "a run in a REPEATABLE READ transaction is refused with 25001" grep -q 'ERROR:  25001' <<<"$out"
it_done
