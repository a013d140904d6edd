#!/usr/bin/env bash
# Reconciliation, resolution and write-off under concurrent sessions:
# sessions reconciling one statement at once leave exactly one set of
# results; two people resolving one difference at once: one wins, the other
# is told it is resolved (55000); two write-offs of one invoice that
# together pass its open amount: one is refused (23514), the ledger stays
# exact.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_reconcile

new_db $db || exit 1
run_sql $db <<'SQL' || { not_ok "set up the ledger and a statement"; exit 1; }
SELECT roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Concurrent GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (101, 1, 'C-101', 'Beta AG', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
SELECT 1, 101, n, 'INV-2026-' || lpad(n::text, 4, '0'), date '2026-05-01' + n % 28, date '2026-05-31' + n % 28,
       money_cur(100 + n, 'EUR')
FROM generate_series(1, 40) n;
INSERT INTO write_off_policy VALUES (1, 'EUR', '1000.00 EUR');
-- their statement: every invoice but one, one at another amount, one extra
SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '0.00 EUR',
    sum(a) + '999.00 EUR'::money_cur,
    jsonb_agg(jsonb_build_object('date', d, 'reference', r, 'amount', amount(a))) || '[{"date": "2026-05-30", "reference": "X-999", "amount": 999}]')
FROM (SELECT issue_date AS d, invoice_number AS r,
             CASE WHEN invoice_id = 2 THEN amount - money_cur(100, 'EUR') ELSE amount END AS a
      FROM invoice WHERE invoice_id <> 1) s;
SQL
is "$(q $db "SELECT count(*) FROM counterparty_statement")" 1 "the statement is loaded"

# four sessions, ten reconciliations each, at once
for s in 1 2 3 4; do
	({ echo "SET search_path = public, ar2c;"; for _ in $(seq 1 10); do echo "SELECT count(*) FROM reconcile_statement(1);"; done; } |
		psql -X -q -At -v ON_ERROR_STOP=1 -d $db >"$IT_TMP/rec$s.out" 2>&1; echo $? >"$IT_TMP/rec$s.rc") &
	IT_PIDS+=($!)
done
wait
for s in 1 2 3 4; do
	is "$(cat "$IT_TMP/rec$s.rc")" 0 "session $s reconciled ten times without error"
	grep ERROR "$IT_TMP/rec$s.out" | head -2 | sed 's/^/#   /'
done
is "$(q $db "SELECT count(*) || ' ' || count(DISTINCT (line_no, item_id)) FROM statement_result WHERE statement_id = 1")" "41 41" \
	"one set of results: 41 rows (39 paired, 1 missing on each side), none twice"
is "$(q $db "SELECT string_agg(result || ':' || n, ' ' ORDER BY result) FROM (SELECT result, count(*) n FROM statement_result GROUP BY 1) r")" \
	"amount_differs:1 matched:38 missing_in_ledger:1 missing_in_statement:1" "each result as worked out"

is "$(q $db "SELECT count(*) FROM alert WHERE kind = 'statement_difference'")" 1 "and one alert, not one per run"

# two people resolve the same difference at once
rid=$(q $db "SELECT result_id FROM statement_result WHERE result = 'missing_in_ledger'")
psql -X -q -At -d $db -c "SET search_path = public, ar2c" -c "BEGIN" \
	-c "SELECT result FROM resolve_statement_difference($rid, 'first')" -c "SELECT pg_sleep(1)" -c "COMMIT" \
	>"$IT_TMP/res1.out" 2>&1 &
first=$!
IT_PIDS+=($first)
sleep 0.3
second_out=$(psql -X -q -At -d $db -c "SET search_path = public, ar2c" -c "\\set VERBOSITY verbose" \
	-c "SELECT result FROM resolve_statement_difference($rid, 'second')" 2>&1)
wait $first
check "the second resolution waited and was refused with 55000" grep -q '55000' <<<"$second_out"
is "$(q $db "SELECT resolution_note FROM statement_result WHERE result_id = $rid")" first "the first resolution stands"

# two write-offs of 100.00 of one invoice with 140.00 open (INV-2026-0040), at once
for s in 1 2; do
	psql -X -q -At -d $db -c "SET search_path = public, ar2c" -c "\\set VERBOSITY verbose" \
		-c "SELECT write_off(40, '100.00 EUR', 'session $s')" >"$IT_TMP/wo$s.out" 2>&1 &
	IT_PIDS+=($!)
done
wait
refused=$(cat "$IT_TMP/wo1.out" "$IT_TMP/wo2.out" | grep -c '23514')
is "$refused" 1 "of two write-offs of 100.00 on 140.00 open, one is refused (23514)"
is "$(q $db "SELECT open_amount FROM invoice WHERE invoice_id = 40")" "40.00 EUR" "and the invoice has 40.00 open"
is "$(q $db "SELECT count(*) FROM check_ledger()")" 0 "the ledger is exact (check_ledger)"

it_done
