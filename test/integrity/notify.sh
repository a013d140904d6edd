#!/usr/bin/env bash
# Alerts are announced with NOTIFY ar2c_alert when, and only when, they are
# committed: a listener session must hear the alert of a committed
# transaction, and nothing of a rolled-back transaction or a rolled-back
# savepoint. The notification carries no payload: any role may listen on
# any channel, so it must say nothing about a company.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_notify

new_db $db || exit 1
run_sql $db <<'SQL' || { not_ok "set up the ledger"; exit 1; }
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Notify Ltd', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, credit_limit)
VALUES (1, 1, 'C-1', 'Small Buyer', 'EUR', '1000.00 EUR');
SQL

# The listener: LISTEN, then short sleeps; psql prints each notification
# after the command during which it arrived.
listener_out=$IT_TMP/listener.out
start_listener $db ar2c_alert ar2c_it_listener "$listener_out"

# committed: an order over the limit goes on credit hold and raises an alert
committed=$(psql -X -q -At -v ON_ERROR_STOP=1 -d $db <<'SQL'
SET search_path = public, ar2c;
BEGIN;
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 1, 'SO-COMMIT', '1500.00 EUR');
SELECT alert_id FROM alert WHERE subject_table = 'sales_order'
   AND subject_id = (SELECT order_id FROM sales_order WHERE order_number = 'SO-COMMIT');
COMMIT;
SQL
)
is "$(q $db "SELECT status FROM sales_order WHERE order_number = 'SO-COMMIT'")" credit_hold "the committed order is on credit hold"
cmp_num "${committed:-x}" -gt 0 "the committed order raised alert $committed"

# rolled back: the same in a transaction that is rolled back
rolled_back=$(psql -X -q -At -v ON_ERROR_STOP=1 -d $db <<'SQL'
SET search_path = public, ar2c;
BEGIN;
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 1, 'SO-ROLLBACK', '2500.00 EUR');
SELECT alert_id FROM alert WHERE subject_table = 'sales_order'
   AND subject_id = (SELECT order_id FROM sales_order WHERE order_number = 'SO-ROLLBACK');
ROLLBACK;
SQL
)
cmp_num "${rolled_back:-x}" -gt 0 "the rolled-back order raised alert $rolled_back before its rollback"

# a savepoint rolled back inside a committed transaction
savepoint=$(psql -X -q -At -v ON_ERROR_STOP=1 -d $db <<'SQL'
SET search_path = public, ar2c;
BEGIN;
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 1, 'INV-KEPT', '2026-01-01', '2026-01-31', '10.00 EUR');
SAVEPOINT s;
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 1, 'SO-SAVEPOINT', '3500.00 EUR');
SELECT alert_id FROM alert WHERE subject_table = 'sales_order'
   AND subject_id = (SELECT order_id FROM sales_order WHERE order_number = 'SO-SAVEPOINT');
ROLLBACK TO SAVEPOINT s;
COMMIT;
SQL
)
cmp_num "${savepoint:-x}" -gt 0 "an order in a rolled-back savepoint raised alert $savepoint before the rollback"
is "$(q $db "SELECT count(*) FROM alert")" 1 "the alert table holds only the committed alert"

# give the listener time to report, then end it
sleep 1.5
kill "$listener" 2>/dev/null
wait "$listener" 2>/dev/null
heard=$(grep -c 'Asynchronous notification "ar2c_alert"' "$listener_out")
is "$heard" 1 "the listener heard exactly one notification: the committed alert's, not the rolled-back ones"
# any role may LISTEN on any channel: the payload says nothing about a
# company; a listener reads the new alerts it may see
check "the notification has an empty payload (no alert, company or customer id)" \
	grep -q 'Asynchronous notification "ar2c_alert" received from' "$listener_out"
grep -m1 'Asynchronous notification' "$listener_out" | sed 's/^/# heard: /'
it_done
