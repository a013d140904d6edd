#!/usr/bin/env bash
# One lock order everywhere (doc/ledger.md, Locking and concurrency): no
# deadlock between the ledger's own paths. 6 pgbench clients apply and
# reverse cash, update invoices and roll the aging clock forward a day at a
# time (every roll re-ages the invoices that change bucket that day); then
# apply_cash() runs while a person applies one of its payments by hand in a
# transaction that already holds the customer. The server's deadlock count
# for the database must stay 0, and the ledger sound.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_lock_order
duration=${AR2C_IT_SECONDS:-15}

new_db $db || exit 1
load_workload $db || { not_ok "load the shared workload functions"; exit 1; }

# 4 customers; 460 invoices due a day apart around the aging date, so that
# every day of rolling moves some of them to the next bucket; 13 payments
# per customer (id = 4 * k + customer)
run_sql $db <<'SQL' || { not_ok "set up the ledger"; exit 1; }
SELECT setseed(0.17);
SELECT roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Lock Order Ltd', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency)
SELECT c, 1, 'C-' || c, 'Customer ' || c, 'EUR' FROM generate_series(1, 4) c;
INSERT INTO invoice (invoice_id, company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT i, 1, (i - 1) % 4 + 1, 'INV-' || i, date '2026-06-30' - 190 + i, date '2026-06-30' - 160 + i,
       money_cur_units(10000 + (random() * 90000)::bigint, 'EUR')
FROM generate_series(1, 460) i;
INSERT INTO payment (payment_id, company_id, customer_id, value_date, amount)
SELECT p, 1, (p - 1) % 4 + 1, '2026-06-30', money_cur_units(10000 + (random() * 90000)::bigint, 'EUR')
FROM generate_series(1, 52) p;
SELECT setval('ar2c.invoice_invoice_id_seq', 1000), setval('ar2c.payment_payment_id_seq', 1000);

CREATE FUNCTION it_apply(c int, inv int, pay int, units int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ar2c.application (company_id, customer_id, invoice_id, payment_id, amount, kind, reason)
    VALUES (1, c, inv, pay, ar2c.money_cur_units(units, 'EUR'), 'manual', 'pgbench');
EXCEPTION WHEN check_violation THEN
    NULL;  -- over-application, refused as it must be
END
$$;
-- a day forward; a roll that read the date before another moved it is refused
CREATE FUNCTION it_roll() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ar2c.roll_aging(ar2c.aging_date() + 1);
EXCEPTION WHEN invalid_parameter_value THEN
    NULL;
END
$$;
CREATE FUNCTION it_reverse(c int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    victim bigint;
BEGIN
    victim := it_unreversed_application(c);
    IF victim IS NOT NULL THEN
        INSERT INTO ar2c.application (customer_id, kind, reverses_application_id, reason)
        VALUES (c, 'reversal', victim, 'pgbench reversal');
    END IF;
EXCEPTION WHEN unique_violation OR check_violation THEN
    NULL;  -- another client reversed it first
END
$$;
SQL

cat >"$IT_TMP/apply.sql" <<'EOF'
\set c random(1, 4)
\set i random(0, 114)
\set p random(0, 12)
\set units random(1, 30000)
SELECT it_apply(:c, :i * 4 + :c, :p * 4 + :c, :units);
EOF
cat >"$IT_TMP/reverse.sql" <<'EOF'
\set c random(1, 4)
SELECT it_reverse(:c);
EOF
cat >"$IT_TMP/touch.sql" <<'EOF'
\set i random(1, 460)
UPDATE invoice SET due_date = due_date WHERE customer_id = (:i - 1) % 4 + 1 AND invoice_id = :i;
EOF
cat >"$IT_TMP/roll.sql" <<'EOF'
SELECT it_roll();
EOF

deadlocks() { q postgres "SELECT pg_stat_clear_snapshot(); SELECT deadlocks FROM pg_stat_database WHERE datname = '$db'" | tail -1; }
before=$(deadlocks)

# deadlocks are counted by the server; a client that hits one goes on (its
# transaction counts as failed), any other error aborts it
PGOPTIONS="-c search_path=public,ar2c" "$PGBIN/pgbench" -n -c 6 -j 2 -T "$duration" \
	-f "$IT_TMP/apply.sql@20" -f "$IT_TMP/reverse.sql@5" -f "$IT_TMP/touch.sql@5" -f "$IT_TMP/roll.sql@1" \
	$db >"$IT_TMP/pgbench.out" 2>&1
status=$?
grep -E '^number of (transactions|failed)|aborted|ERROR' "$IT_TMP/pgbench.out" | head -6 | sed 's/^/# pgbench: /'
is "$status" 0 "pgbench ran $duration s with 6 clients and no client aborted"
note "aging date after the run: $(q $db "SELECT aging_date()")"
cmp_num "$(q $db "SELECT aging_date() - date '2026-06-30'")" -gt 20 "the clock was rolled many days forward"
cmp_num "$(q $db "SELECT count(*) FROM application")" -gt 100 "cash was applied while it rolled"
is "$(( $(deadlocks) - before ))" 0 "no deadlock between applications, reversals, invoice updates and aging rolls"
problems=$(q $db "SELECT count(*) FROM check_ledger()")
is "$problems" 0 "check_ledger() finds no problem after the run"
[ "$problems" != 0 ] && q $db "SELECT concat_ws(' ', problem, details) FROM check_ledger() LIMIT 5" | sed 's/^/#   /'

# apply_cash() against a manual application of one of its payments: the
# person applies the payment while the run scores, after the run has taken
# the payment and before it locks the customer (a third session holds
# payer_account, which the scoring reads, for a moment). The manual
# application waits for the run, then succeeds or is refused (23514: the
# run applied the payment); neither deadlocks.
before=$(deadlocks)
for c in 11 12 13; do
	run_sql $db <<SQL || { not_ok "set up the apply_cash race"; exit 1; }
INSERT INTO customer (customer_id, company_id, customer_number, name, currency)
VALUES ($c, 1, 'C-$c', 'Nordwind Handel $c GmbH', 'EUR');
INSERT INTO invoice (invoice_id, company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (100 * $c, 1, $c, 'RACE-$c', '2026-06-01', '2026-07-01', '500.01 EUR');
INSERT INTO payment (payment_id, company_id, value_date, amount, payer_name, remittance_text)
VALUES (100000 * $c, 1, '2026-06-30', '500.01 EUR', 'Nordwind Handel $c GmbH', 'RACE-$c');
SQL
	psql -X -q -At -d $db -c "BEGIN" -c "LOCK TABLE ar2c.payer_account IN ACCESS EXCLUSIVE MODE" \
		-c "SELECT pg_sleep(1.5)" -c "COMMIT" >/dev/null 2>&1 &
	pid_l=$!
	IT_PIDS+=("$pid_l")
	sleep 0.3
	q $db "SELECT count(*) FROM apply_cash(1)" >"$IT_TMP/cash.$c.out" 2>&1 &
	pid_c=$!
	IT_PIDS+=("$pid_c")
	sleep 0.3
	psql -X -q -At -d $db -c "SET search_path = public, ar2c" -c "\\set VERBOSITY verbose" \
		-c "INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind)
		    VALUES ($c, $((100 * c)), $((100000 * c)), '100.00 EUR', 'manual')" >"$IT_TMP/manual.$c.out" 2>&1
	wait "$pid_c"; sc=$?
	wait "$pid_l"
	manual=$(grep -o 'ERROR:  [0-9A-Z]*' "$IT_TMP/manual.$c.out" | head -1)
	is "$sc ${manual:-ok}" "0 $(case "$manual" in *23514) echo "ERROR:  23514";; *) echo ok;; esac)" \
		"customer $c: apply_cash() succeeds and the manual application of its payment succeeds or is refused (23514)"
	grep -h ERROR "$IT_TMP/manual.$c.out" "$IT_TMP/cash.$c.out" | head -2 | sed 's/^/#   /'
	is "$(q $db "SELECT count(*) FILTER (WHERE minor_units_value(unapplied_amount) < 0) FROM payment WHERE payment_id = $((100000 * c))")" 0 \
		"customer $c: the payment is not applied beyond its amount"
done
is "$(( $(deadlocks) - before ))" 0 "no deadlock between apply_cash() and manual applications"
is "$(q $db "SELECT count(*) FROM check_ledger()")" 0 "check_ledger() finds no problem after the races"
it_done
