#!/usr/bin/env bash
# Two sessions at once on what must happen once. Under the company's
# duplicate_payment_policy refuse, two transactions writing the same
# payment (no bank reference): in READ COMMITTED the second waits for the
# first and is refused (23505), one payment is stored. An approver
# approving a pending write-off while another rejects it: the second is
# told it is no longer pending (55000), the write-off is applied once or
# not at all.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_payment

# the roles are the cluster's: those this test creates are dropped at its end
roles_before=$(q postgres "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'ar2c\_%'")
new_db $db || exit 1
run_sql $db <<'SQL' || { not_ok "set up the company and the roles"; exit 1; }
INSERT INTO company (company_id, name, functional_currency, duplicate_payment_policy) VALUES (1, 'Race Ltd', 'EUR', 'refuse');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (1, 1, 'C-1', 'Alpha', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 1, 1, 'INV-1', '2026-06-01', '2026-07-01', '1000.00 EUR');
INSERT INTO write_off_policy VALUES (1, 'EUR', '50.00 EUR');
SET client_min_messages = warning;
SELECT ar2c.create_roles();
DROP ROLE IF EXISTS it_pay_clerk, it_pay_one, it_pay_two;
CREATE ROLE it_pay_clerk IN ROLE ar2c_clerk;
CREATE ROLE it_pay_one IN ROLE ar2c_approver;
CREATE ROLE it_pay_two IN ROLE ar2c_approver;
INSERT INTO company_access (role_name, company_id) VALUES ('it_pay_clerk', 1), ('it_pay_one', 1), ('it_pay_two', 1);
SET ROLE it_pay_clerk;
SELECT ar2c.write_off(1, '80.00 EUR', 'customer insolvent');
SQL

# race NAME SQL_A SQL_B: A runs SQL_A and holds its transaction 1.5 s; B
# runs SQL_B 0.5 s later. Output in $IT_TMP/NAME.a.out and .b.out.
race() {
	local name=$1 pid_a
	psql -X -q -At -v ON_ERROR_STOP=1 -d $db >"$IT_TMP/$name.a.out" 2>&1 <<SQL &
\set VERBOSITY verbose
BEGIN;
$2
SELECT pg_sleep(1.5);
COMMIT;
SQL
	pid_a=$!
	IT_PIDS+=("$pid_a")
	sleep 0.5
	psql -X -q -At -v ON_ERROR_STOP=1 -d $db >"$IT_TMP/$name.b.out" 2>&1 <<SQL
\set VERBOSITY verbose
BEGIN;
$3
COMMIT;
SQL
	wait "$pid_a"
}

# not_grep PATTERN FILE: the file has no line matching
not_grep() { ! grep -q "$1" "$2"; }

pay="INSERT INTO ar2c.payment (company_id, value_date, amount, payer_account) VALUES (1, '2026-06-30', '250.00 EUR', 'DE02120300000000202051');"
race payment "$pay" "$pay"
check "the first of two equal payments written at once is stored" not_grep ERROR "$IT_TMP/payment.a.out"
check "the second waits for it and is refused (23505)" grep -q 'ERROR:  23505: payment of 250.00 EUR duplicates payment' "$IT_TMP/payment.b.out"
is "$(q $db "SELECT count(*) FROM payment")" "1" "one payment is stored"

race decision "SET ROLE it_pay_one; SELECT ar2c.approve_write_off(1);" "SET ROLE it_pay_two; SELECT ar2c.reject_write_off(1, 'no evidence');"
check "an approver applies the pending write-off" not_grep ERROR "$IT_TMP/decision.a.out"
check "another rejecting it at once is told it is approved (55000)" \
	grep -q 'ERROR:  55000: write-off 1 is not pending: it_pay_one approved it' "$IT_TMP/decision.b.out"
is "$(q $db "SELECT count(*) || ' ' || (SELECT concat_ws(',', approved_by, rejected_by) FROM write_off_approval) FROM application WHERE kind = 'write_off'")" \
	"1 it_pay_one" "the write-off is applied once, approved and not rejected"

drop_dbs
q postgres "DROP ROLE it_pay_clerk, it_pay_one, it_pay_two" >/dev/null
if [ "$roles_before" = 0 ]; then
	q postgres "DROP ROLE ar2c_admin, ar2c_approver, ar2c_application, ar2c_clerk, ar2c_reporting" >/dev/null
fi
it_done
