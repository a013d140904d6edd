#!/usr/bin/env bash
# Two imports of one bank statement at the same time: one per company at a
# time, and the second never fails on a unique key (23505). In READ
# COMMITTED it waits and reports the statement already imported; in
# REPEATABLE READ, whose snapshot cannot see the first import, it fails
# with a serialization failure (40001), to be retried.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_import
fixture=$(dirname "$0")/../fixtures/mt940_sepa.sta

new_db $db || exit 1
run_sql $db <<'SQL' || { not_ok "set up the companies"; exit 1; }
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Import One', 'EUR'), (2, 'Import Two', 'EUR');
SQL

# race ISOLATION COMPANY: A imports the file and holds its transaction 1.5 s;
# B imports it 0.5 s later. Prints "statusA statusB".
race() {
	local iso=$1 company=$2 pid_a sa sb
	psql -X -q -At -v ON_ERROR_STOP=1 -v content="$(cat "$fixture")" -d $db >"$IT_TMP/$company.a.out" 2>&1 <<SQL &
\set VERBOSITY verbose
BEGIN ISOLATION LEVEL $iso;
SELECT statements_new FROM ar2c.import_statement($company, :'content');
SELECT pg_sleep(1.5);
COMMIT;
SQL
	pid_a=$!
	IT_PIDS+=("$pid_a")
	sleep 0.5
	psql -X -q -At -v ON_ERROR_STOP=1 -v content="$(cat "$fixture")" -d $db >"$IT_TMP/$company.b.out" 2>&1 <<SQL
\set VERBOSITY verbose
BEGIN ISOLATION LEVEL $iso;
SELECT statements_new FROM ar2c.import_statement($company, :'content');
COMMIT;
SQL
	sb=$?
	wait "$pid_a"; sa=$?
	echo "$sa $sb"
}

read -r sa sb < <(race 'READ COMMITTED' 1)
is "$sa $sb $(head -1 "$IT_TMP/1.a.out") $(head -1 "$IT_TMP/1.b.out")" "0 0 2 0" \
	"READ COMMITTED: the first import writes the 2 statements, the second, which waited for it, none"
read -r sa sb < <(race 'REPEATABLE READ' 2)
is "$sa $(head -1 "$IT_TMP/2.a.out")" "0 2" "REPEATABLE READ: the first import writes the 2 statements"
check "REPEATABLE READ: the second fails with a serialization failure (40001), not a unique violation" \
	grep -q 'ERROR:  40001' "$IT_TMP/2.b.out"
grep -m1 ERROR "$IT_TMP/2.b.out" | sed 's/^/#   /'
is "$(q $db "SELECT count(*) FROM bank_statement GROUP BY company_id ORDER BY company_id" | tr '\n' ' ')" "2 2 " \
	"each company holds the statements once"
it_done
