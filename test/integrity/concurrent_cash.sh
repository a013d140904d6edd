#!/usr/bin/env bash
# apply_cash in several sessions at once. One data set (300 customers with
# three open invoices each, a payment per customer naming its first invoice,
# 30 customers who paid that invoice twice, payments by name and amount,
# unknown payers) is copied into three databases: one apply_cash run; two
# sessions starting apply_cash at the same moment; four sessions working
# through the payments in batches of 15 at once, so that a payment and its
# duplicate are taken by different sessions. Afterwards: no payment applied
# by two runs or beyond its amount, no invoice over-applied, the ledger
# sound, and the totals (payments applied and queued, amounts applied and
# written off) those of the single run.
set -uo pipefail
source "$(dirname "$0")/common.bash"
tpl=ar2c_it_cash_tpl

new_db $tpl || exit 1
run_sql $tpl <<'SQL' || { not_ok "set up the payments"; exit 1; }
SELECT roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Race Receivables GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency)
SELECT k, 1, 'C-' || k,
       (ARRAY['Nordwind', 'Alpen', 'Rhein', 'Baltic', 'Atlas', 'Orion'])[1 + k % 6] || ' '
       || (ARRAY['Trading', 'Logistik', 'Foods', 'Pharma', 'Systems'])[1 + (k / 6) % 5] || ' ' || k || ' GmbH', 'EUR'
FROM generate_series(1, 300) k;
-- invoices 3k-2 .. 3k of customer k, amounts distinct within a customer
INSERT INTO invoice (invoice_id, company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 3 * k - 3 + j, 1, k, format('INV-2026-%s', lpad((3 * k - 3 + j)::text, 5, '0')),
       date '2026-05-01' + j, date '2026-05-31' + j, money_cur_units(10000 * j + 37 * k, 'EUR')
FROM generate_series(1, 300) k, generate_series(1, 3) j;
INSERT INTO payer_account (company_id, account, customer_id, source)
SELECT 1, 'DE' || lpad(k::text, 20, '0'), k, 'master_data' FROM generate_series(1, 300) k;
-- payment 2k: customer k pays its first invoice, by reference, from its account
INSERT INTO payment (payment_id, company_id, value_date, amount, payer_name, payer_account, remittance_text)
SELECT 2 * k, 1, '2026-06-30', money_cur_units(10000 + 37 * k, 'EUR'), c.name, 'DE' || lpad(k::text, 20, '0'),
       format('Invoice INV-2026-%s', lpad((3 * k - 2)::text, 5, '0'))
FROM generate_series(1, 250) k JOIN customer c ON c.customer_id = k;
-- customers 251..290 pay their second invoice by name and amount only
INSERT INTO payment (payment_id, company_id, value_date, amount, payer_name, remittance_text)
SELECT 2 * k, 1, '2026-06-30', money_cur_units(20000 + 37 * k, 'EUR'), c.name, 'Zahlung'
FROM generate_series(251, 290) k JOIN customer c ON c.customer_id = k;
-- customers 291..300: nobody pays; unknown payers instead
INSERT INTO payment (payment_id, company_id, value_date, amount, payer_name, payer_account, remittance_text)
SELECT 2 * k, 1, '2026-06-30', '77.70 EUR', 'Unbekannt ' || k, 'GB82WEST12345698765432', 'misc'
FROM generate_series(291, 300) k;
-- customers 1..30 paid their first invoice twice; the second payment
-- (2k + 41) sits 20 payments later, in another batch of 15
INSERT INTO payment (payment_id, company_id, value_date, amount, payer_name, payer_account, remittance_text)
SELECT 2 * k + 41, 1, p.value_date, p.amount, p.payer_name, p.payer_account, p.remittance_text
FROM generate_series(1, 30) k JOIN payment p ON p.payment_id = 2 * k;
SQL
is "$(q $tpl "SELECT count(*) FROM payment")" 330 "330 payments to apply (30 of them duplicates)"

copy_db() { # copy_db NAME: a copy of the template, dropped at the end
	IT_DBS+=("$1")
	psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\" TEMPLATE $tpl" >/dev/null
}

# what a run left behind, to compare: applied and queued payments, matched
# and written-off amounts, payments applied by more than one transaction,
# invoices and payments beyond their amounts, check_ledger problems
summary() {
	q "$1" "SELECT (SELECT count(*) FROM payment WHERE match_state = 'applied') || ' applied, '
	            || (SELECT count(*) FROM payment WHERE match_state = 'queued') || ' queued, '
	            || (SELECT coalesce(sum(minor_units_value(amount)), 0) FROM application WHERE kind = 'matched') || ' matched, '
	            || (SELECT coalesce(sum(minor_units_value(amount)), 0) FROM application WHERE kind = 'write_off') || ' written off'"
}
invariants() { # invariants DB LABEL
	is "$(q "$1" "SELECT count(*) FROM (SELECT payment_id FROM application WHERE payment_id IS NOT NULL
	                                    GROUP BY payment_id HAVING count(DISTINCT xmin::text) > 1) x")" 0 \
		"$2: no payment was applied by two runs"
	is "$(q "$1" "SELECT count(*) FROM payment WHERE minor_units_value(unapplied_amount) < 0")" 0 \
		"$2: no payment is applied beyond its amount"
	is "$(q "$1" "SELECT count(*) FROM invoice WHERE minor_units_value(open_amount) < 0")" 0 \
		"$2: no invoice is over-applied"
	is "$(q "$1" "SELECT count(*) FROM invoice i
	              JOIN (SELECT customer_id, invoice_id, sum(minor_units_value(amount)) s FROM application GROUP BY 1, 2) a
	                USING (customer_id, invoice_id)
	              WHERE a.s <> minor_units_value(i.amount) - minor_units_value(i.open_amount)")" 0 \
		"$2: per invoice, the applications add up to amount - open"
	is "$(q "$1" "SELECT count(*) FROM check_ledger()")" 0 "$2: check_ledger() finds no problem"
	is "$(q "$1" "SELECT count(*) FROM payment WHERE match_state IS NULL")" 0 "$2: every payment was looked at"
}

copy_db ar2c_it_cash_single && copy_db ar2c_it_cash_race && copy_db ar2c_it_cash_batches ||
	{ not_ok "copy the data set"; it_done; exit 1; }

q ar2c_it_cash_single "SELECT count(*) FROM apply_cash(1)" >/dev/null
want=$(summary ar2c_it_cash_single)
note "one run: $want"
invariants ar2c_it_cash_single "one run"
# the data set's own answer: 250 + 40 right, the 30 duplicates and 10 unknown payers queued
is "$want" "290 applied, 40 queued, $(q ar2c_it_cash_single "SELECT sum(minor_units_value(amount))
	FROM invoice WHERE invoice_id IN (SELECT 3 * k - 2 FROM generate_series(1, 250) k UNION ALL
	                                 SELECT 3 * k - 1 FROM generate_series(251, 290) k)") matched, 0 written off" \
	"one run applies every payment that names or fits one invoice, and queues the duplicates and unknown payers"

# two sessions start apply_cash at the same moment
start=$(q postgres "SELECT clock_timestamp() + interval '0.5 second'")
pids=()
for s in 1 2; do
	psql -X -q -At -v ON_ERROR_STOP=1 -d ar2c_it_cash_race \
		-c "SELECT pg_sleep_until('$start')" -c "SELECT count(*) FROM ar2c.apply_cash(1)" \
		>"$IT_TMP/race.$s.out" 2>&1 &
	pids+=($!)
	IT_PIDS+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
is "$failed" 0 "two apply_cash runs at the same moment both succeed"
grep -h ERROR "$IT_TMP"/race.*.out | head -3 | sed 's/^/#   /'
is "$(summary ar2c_it_cash_race)" "$want" "two runs at once: the totals of one run"
invariants ar2c_it_cash_race "two runs at once"

# four sessions at once, each taking a batch of 15, in rounds until no
# payment is left unseen (a run with a limit takes unseen payments first)
rounds=0 failed=0
while [ "$(q ar2c_it_cash_batches "SELECT count(*) FROM payment WHERE match_state IS NULL")" != 0 ] && [ $rounds -lt 20 ]; do
	pids=()
	for s in 1 2 3 4; do
		q ar2c_it_cash_batches "SELECT count(*) FROM apply_cash(1, 15)" >>"$IT_TMP/batch.$s.out" 2>&1 &
		pids+=($!)
		IT_PIDS+=($!)
	done
	for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
	rounds=$((rounds + 1))
done
note "batches: $rounds rounds of four sessions"
is "$failed" 0 "every batch run succeeded"
grep -h ERROR "$IT_TMP"/batch.*.out | head -3 | sed 's/^/#   /'
is "$(summary ar2c_it_cash_batches)" "$want" "four sessions in batches: the totals of one run"
invariants ar2c_it_cash_batches "four sessions in batches"
is "$(q ar2c_it_cash_batches "SELECT count(*) FROM payment WHERE payment_id % 2 = 1 AND match_state = 'applied'")" \
	"$(q ar2c_it_cash_batches "SELECT 30 - count(*) FROM payment WHERE payment_id % 2 = 0 AND payment_id <= 60 AND match_state = 'applied'")" \
	"of each duplicated pair exactly one payment was applied"

it_done
