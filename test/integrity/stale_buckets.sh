#!/usr/bin/env bash
# No invoice keeps a stale aging bucket: one inserted while a company's
# aging boundaries change, or while rebuild_aging() moves the aging date,
# waits for it and is aged by the new boundaries or date (check_ledger()
# finds no aging difference afterwards). In REPEATABLE READ, a writer whose
# snapshot predates new boundaries or a roll fails with 40001.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_stale_buckets

new_db $db || exit 1
run_sql $db <<'SQL' || { not_ok "set up the ledger"; exit 1; }
SELECT roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Buckets Ltd', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (1, 1, 'C-1', 'Customer 1', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 1, 1, 'INV-' || g, date '2026-06-30' - 30 - g, date '2026-06-30' - g, '100.00 EUR' FROM generate_series(1, 50) g;
SQL

# race NAME SQL-A SQL-B: A runs its statement in a transaction it holds
# open 1.5 s; B inserts an invoice 0.5 s after A started. Prints "statusA statusB".
race() {
	local name=$1 a=$2 b=$3 pid_a sa sb
	psql -X -q -At -v ON_ERROR_STOP=1 -d $db >"$IT_TMP/$name.a.out" 2>&1 <<SQL &
SET search_path = public, ar2c;
BEGIN;
$a
SELECT pg_sleep(1.5);
COMMIT;
SQL
	pid_a=$!
	IT_PIDS+=("$pid_a")
	sleep 0.5
	psql -X -q -At -v ON_ERROR_STOP=1 -d $db -c "SET search_path = public, ar2c" -c "$b" >"$IT_TMP/$name.b.out" 2>&1
	sb=$?
	wait "$pid_a"; sa=$?
	echo "$sa $sb"
}
aging_problems() { q $db "SELECT count(*) FROM check_ledger() WHERE problem LIKE 'invoice aging%' OR problem LIKE 'customer balance%'"; }
insert() { # insert NUMBER DUE: an invoice
	echo "INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
	      VALUES (1, 1, '$1', date '$2' - 30, '$2', '100.00 EUR')"
}

read -r sa sb < <(race boundaries "UPDATE company SET aging_boundaries = '{10,20,30}' WHERE company_id = 1;" "$(insert NEW-BOUNDARIES 2026-06-15)")
is "$sa $sb" "0 0" "new aging boundaries and an invoice insert at the same time both succeed"
is "$(q $db "SELECT aging_bucket FROM invoice WHERE invoice_number = 'NEW-BOUNDARIES'")" "11-20" \
	"the invoice written while the boundaries changed, 15 days past due, is in the new boundaries' bucket"
is "$(aging_problems)" 0 "check_ledger() finds no stale bucket or balance after the boundaries changed"

read -r sa sb < <(race rebuild "SELECT rebuild_aging(NULL, date '2026-08-14');" "$(insert NEW-DATE 2026-07-30)")
is "$sa $sb" "0 0" "rebuild_aging() to a new date and an invoice insert at the same time both succeed"
is "$(q $db "SELECT aging_bucket FROM invoice WHERE invoice_number = 'NEW-DATE'")" "11-20" \
	"the invoice written during the rebuild, 15 days past the new date, is in that bucket"
is "$(aging_problems)" 0 "check_ledger() finds no stale bucket or balance after the rebuild"

# REPEATABLE READ: a writer whose snapshot predates new boundaries (or a
# roll) cannot see them; it fails with 40001 instead of writing a stale bucket
for change in "UPDATE company SET aging_boundaries = '{15,45}' WHERE company_id = 1" "SELECT roll_aging('2026-08-20')"; do
	psql -X -q -At -d $db >"$IT_TMP/rr.out" 2>&1 <<SQL &
SET search_path = public, ar2c;
\set VERBOSITY verbose
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM invoice;
SELECT pg_sleep(1);
$(insert "RR-$RANDOM" 2026-07-31);
COMMIT;
SQL
	pid_rr=$!
	IT_PIDS+=("$pid_rr")
	sleep 0.3
	q $db "$change" >/dev/null
	wait "$pid_rr"
	check "REPEATABLE READ: an invoice insert whose snapshot predates \"${change:0:40}...\" fails with 40001" \
		grep -q 'ERROR:  40001' "$IT_TMP/rr.out"
	grep -m1 ERROR "$IT_TMP/rr.out" | sed 's/^/#   /'
	is "$(aging_problems)" 0 "check_ledger() finds no stale bucket after it"
done

# a roll in REPEATABLE READ would age by a snapshot older than its lock
out=$(psql -X -q -At -d $db -c "SET search_path = public, ar2c" -c "\\set VERBOSITY verbose" \
	-c "BEGIN ISOLATION LEVEL REPEATABLE READ" -c "SELECT roll_aging(aging_date() + 1)" -c "ROLLBACK" 2>&1)
check "a roll in a REPEATABLE READ transaction is refused with 25001" grep -q 'ERROR:  25001: roll_aging() must run in a READ COMMITTED transaction' <<<"$out"
it_done
