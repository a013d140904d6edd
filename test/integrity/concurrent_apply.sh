#!/usr/bin/env bash
# Cash application under concurrency: 8 pgbench clients apply random
# amounts of random payments to random invoices of the same customer, and
# reverse random applications, for a few seconds; then the ledger must be
# exact (check_ledger empty, no invoice over-applied, no payment applied
# beyond its amount). Then pairs of sessions race, in READ COMMITTED and
# REPEATABLE READ: for the same invoice, for the same payment (exactly one
# may win), two reversals of one application (the second is told it is
# already reversed), cash against a cancellation, a return or a lower
# amount, two orders against one credit limit, and an invoice insert
# against an aging roll (the ledger must be sound afterwards).
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_concurrent
duration=${AR2C_IT_SECONDS:-15}

new_db $db || exit 1
load_workload $db || { not_ok "load the shared workload functions"; exit 1; }

# 4 customers, 13 invoices and 13 payments each: invoice and payment ids
# 1..52, customer = (id - 1) % 4 + 1, so id = 4 * k + customer.
run_sql $db <<'SQL' || { not_ok "set up the ledger"; exit 1; }
SELECT setseed(0.42);
SELECT roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Race Ltd', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency)
SELECT c, 1, 'C-' || c, 'Customer ' || c, 'EUR' FROM generate_series(1, 4) c;
-- for the credit check races
INSERT INTO fx_rate (from_currency, to_currency, rate_date, rate) VALUES ('USD', 'EUR', '2020-01-01', 1);
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, credit_limit)
VALUES (5, 1, 'C-5', 'Limited', 'EUR', '1000.00 EUR');
INSERT INTO invoice (invoice_id, company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT i, 1, (i - 1) % 4 + 1, 'INV-' || i, date '2026-06-30' - (i * 3), date '2026-06-30' - (i * 3) + 30,
       money_cur_units(10000 + (random() * 90000)::bigint, 'EUR')
FROM generate_series(1, 52) i;
INSERT INTO payment (payment_id, company_id, customer_id, value_date, amount)
SELECT p, 1, (p - 1) % 4 + 1, '2026-06-30', money_cur_units(10000 + (random() * 90000)::bigint, 'EUR')
FROM generate_series(1, 52) p;
-- later inserts get ids past the fixed ones
SELECT setval('ar2c.invoice_invoice_id_seq', 1000), setval('ar2c.payment_payment_id_seq', 1000);

-- what the clients tried and what was refused (outside the ledger)
CREATE TABLE it_outcome (what text NOT NULL, sqlstate text, at timestamptz DEFAULT clock_timestamp());

CREATE FUNCTION it_apply(c int, inv int, pay int, units int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ar2c.application (company_id, customer_id, invoice_id, payment_id, amount, kind, reason)
    VALUES (1, c, inv, pay, ar2c.money_cur_units(units, 'EUR'), 'manual', 'pgbench');
    INSERT INTO it_outcome (what) VALUES ('applied');
EXCEPTION WHEN check_violation THEN
    -- over-application of the invoice or the payment: refused, as it must be
    INSERT INTO it_outcome (what, sqlstate) VALUES ('refused', SQLSTATE);
END
$$;

CREATE FUNCTION it_reverse(c int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    victim bigint;
BEGIN
    victim := it_unreversed_application(c);
    IF victim IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO ar2c.application (customer_id, kind, reverses_application_id, reason)
    VALUES (c, 'reversal', victim, 'pgbench reversal');
    INSERT INTO it_outcome (what) VALUES ('reversed');
EXCEPTION WHEN unique_violation OR check_violation THEN
    -- another client reversed it first
    INSERT INTO it_outcome (what, sqlstate) VALUES ('reversal refused', SQLSTATE);
END
$$;
SQL

cat >"$IT_TMP/apply.sql" <<'EOF'
\set c random(1, 4)
\set i random(0, 12)
\set p random(0, 12)
\set units random(1, 30000)
SELECT it_apply(:c, :i * 4 + :c, :p * 4 + :c, :units);
EOF
cat >"$IT_TMP/reverse.sql" <<'EOF'
\set c random(1, 4)
SELECT it_reverse(:c);
EOF

# deadlocks (40P01) and serialization failures are retried; anything else
# aborts a client and fails the test
PGOPTIONS="-c search_path=public,ar2c" "$PGBIN/pgbench" -n -c 8 -j 2 -T "$duration" --max-tries=5 \
	-f "$IT_TMP/apply.sql@8" -f "$IT_TMP/reverse.sql@2" $db >"$IT_TMP/pgbench.out" 2>&1
status=$?
grep -E '^number of (transactions|failed)|aborted|ERROR' "$IT_TMP/pgbench.out" | head -8 | sed 's/^/# pgbench: /'
is "$status" 0 "pgbench ran $duration s with 8 clients and no client aborted"
failed_tx=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$IT_TMP/pgbench.out")
is "${failed_tx:-missing}" 0 "no transaction failed after retries"

applied=$(q $db "SELECT count(*) FROM it_outcome WHERE what = 'applied'")
refused=$(q $db "SELECT count(*) FROM it_outcome WHERE what = 'refused'")
reversed=$(q $db "SELECT count(*) FROM it_outcome WHERE what = 'reversed'")
rev_refused=$(q $db "SELECT count(*) FROM it_outcome WHERE what = 'reversal refused'")
note "applied $applied, refused $refused (over-application), reversed $reversed, reversals refused $rev_refused"
cmp_num "$applied" -gt 200 "many applications were made ($applied)"
cmp_num "$refused" -gt 0 "over-applications were attempted and refused with 23514 ($refused)"
cmp_num "$reversed" -gt 0 "reversals were made ($reversed)"
is "$(q $db "SELECT count(*) FROM application WHERE kind <> 'reversal'")" "$applied" \
	"every reported application is in the ledger, and no other"
is "$(q $db "SELECT count(*) FROM application WHERE kind = 'reversal'")" "$reversed" \
	"every reported reversal is in the ledger, and no other"

problems=$(q $db "SELECT count(*) FROM check_ledger()")
is "$problems" 0 "check_ledger() finds no problem after the concurrent run"
[ "$problems" != 0 ] && q $db "SELECT * FROM check_ledger() LIMIT 5" | sed 's/^/#   /'
is "$(q $db "SELECT count(*) FROM invoice WHERE minor_units_value(open_amount) < 0
                                           OR open_amount OPERATOR(ar2c.>) amount")" 0 \
	"no invoice is open below zero or above its amount"
is "$(q $db "SELECT count(*) FROM payment WHERE minor_units_value(unapplied_amount) < 0
                                           OR unapplied_amount OPERATOR(ar2c.>) amount")" 0 \
	"no payment is unapplied below zero or above its amount"
is "$(q $db "SELECT count(*) FROM invoice i
             LEFT JOIN (SELECT customer_id, invoice_id, sum(minor_units_value(amount)) s
                        FROM application GROUP BY 1, 2) a USING (customer_id, invoice_id)
             WHERE coalesce(a.s, 0) <> minor_units_value(i.amount) - minor_units_value(i.open_amount)")" 0 \
	"per invoice, the applications add up to amount - open"
is "$(q $db "SELECT count(*) FROM payment p
             LEFT JOIN (SELECT company_id, payment_id, sum(minor_units_value(source_amount)) s
                        FROM application WHERE payment_id IS NOT NULL GROUP BY 1, 2) a USING (company_id, payment_id)
             WHERE coalesce(a.s, 0) <> minor_units_value(p.amount) - minor_units_value(p.unapplied_amount)")" 0 \
	"per payment, the applications add up to amount - unapplied"
is "$(q $db "SELECT count(*) FROM invoice WHERE status <> CASE
                 WHEN minor_units_value(open_amount) = 0 THEN 'paid'
                 WHEN open_amount OPERATOR(ar2c.=) amount THEN 'open' ELSE 'partially_paid' END")" 0 \
	"every invoice's status follows its open amount"
is "$(q $db "SELECT count(*) FROM application a JOIN invoice i USING (customer_id, invoice_id)
             JOIN payment p ON p.company_id = a.company_id AND p.payment_id = a.payment_id
             WHERE p.customer_id <> a.customer_id")" 0 "every payment was applied to its own customer's invoices"

# Races between two sessions. Both wait for the same moment; with ORDER
# "same" both then run their statement at once, with "after" session B
# waits until A has run its statement (and holds its locks). A, and B when
# both go at once, then hold the transaction open for 1.2 s, so the two
# overlap.
race() { # race NAME ISOLATION ORDER SQL-A SQL-B: prints "statusA statusB"
	local name=$1 iso=$2 order=$3 a=$4 b=$5 start pid_a pid_b sa sb wait_a= hold_b="SELECT pg_sleep(1.2);"
	start=$(q postgres "SELECT clock_timestamp() + interval '0.7 second'")
	if [ "$order" = after ]; then
		wait_a="DO \$\$ BEGIN
			FOR i IN 1 .. 200 LOOP
				PERFORM pg_stat_clear_snapshot();
				EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity
				                  WHERE application_name = 'it_race_$name' AND query LIKE 'SELECT pg_sleep(1.2)%');
				PERFORM pg_sleep(0.05);
			END LOOP;
		END \$\$;"
		hold_b=
	fi
	psql -X -q -v ON_ERROR_STOP=1 -d $db >"$IT_TMP/$name.a.out" 2>&1 <<SQL &
SET search_path = public, ar2c;
SET application_name = 'it_race_$name';
BEGIN ISOLATION LEVEL $iso;
SELECT pg_sleep_until('$start');
$a
SELECT pg_sleep(1.2);
COMMIT;
SQL
	pid_a=$!
	psql -X -q -v ON_ERROR_STOP=1 -d $db >"$IT_TMP/$name.b.out" 2>&1 <<SQL &
SET search_path = public, ar2c;
SELECT pg_sleep_until('$start');
$wait_a
BEGIN ISOLATION LEVEL $iso;
$b
$hold_b
COMMIT;
SQL
	pid_b=$!
	wait "$pid_a"; sa=$?
	wait "$pid_b"; sb=$?
	echo "$sa $sb"
}
# the first error message of a race, for a note
race_error() { cat "$IT_TMP/$1.a.out" "$IT_TMP/$1.b.out" | grep -m1 -o 'ERROR: .*' | cut -c1-150; }

n=2000
for iso in 'READ COMMITTED' 'REPEATABLE READ'; do
	# one 100.00 invoice, two payments of 100.00: each session applies 60.00
	run_sql $db <<SQL
INSERT INTO invoice (invoice_id, company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES ($n, 1, 1, 'RACE-$n', '2026-06-01', '2026-07-01', '100.00 EUR');
INSERT INTO payment (payment_id, company_id, customer_id, value_date, amount) VALUES
  ($n, 1, 1, '2026-06-30', '100.00 EUR'), ($n + 1, 1, 1, '2026-06-30', '100.00 EUR');
SQL
	ins="INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, $n, %s, '60.00 EUR', 'manual');"
	read -r sa sb < <(race inv$n "$iso" same "$(printf "$ins" $n)" "$(printf "$ins" $((n + 1)))")
	is "$(( (sa == 0) + (sb == 0) ))" 1 "$iso: two sessions apply 60.00 of one 100.00 invoice at once: exactly one succeeds"
	note "$iso: the other got $(race_error inv$n)"
	is "$(q $db "SELECT open_amount || ' ' || status || ' ' || (SELECT count(*) FROM application WHERE invoice_id = $n)
	             FROM invoice WHERE invoice_id = $n")" "40.00 EUR partially_paid 1" \
		"$iso: the invoice is open 40.00 with one application"

	# two 100.00 invoices, one payment of 100.00: each session applies 60.00 of it
	run_sql $db <<SQL
INSERT INTO invoice (invoice_id, company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES ($n + 10, 1, 1, 'RACE-$n-1', '2026-06-01', '2026-07-01', '100.00 EUR'),
       ($n + 11, 1, 1, 'RACE-$n-2', '2026-06-01', '2026-07-01', '100.00 EUR');
INSERT INTO payment (payment_id, company_id, customer_id, value_date, amount) VALUES ($n + 10, 1, 1, '2026-06-30', '100.00 EUR');
SQL
	ins="INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, %s, $((n + 10)), '60.00 EUR', 'manual');"
	read -r sa sb < <(race pay$n "$iso" same "$(printf "$ins" $((n + 10)))" "$(printf "$ins" $((n + 11)))")
	is "$(( (sa == 0) + (sb == 0) ))" 1 "$iso: two sessions apply 60.00 of one 100.00 payment to two invoices at once: exactly one succeeds"
	note "$iso: the other got $(race_error pay$n)"
	is "$(q $db "SELECT unapplied_amount || ' ' || status FROM payment WHERE payment_id = $n + 10")" \
		"40.00 EUR partially_applied" "$iso: the payment has 40.00 unapplied"

	# one application reversed by two sessions: the second, which waited
	# for the first, is told the application is already reversed
	run_sql $db <<SQL
INSERT INTO invoice (invoice_id, company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES ($n + 12, 1, 1, 'REVERSE-$n', '2026-06-01', '2026-07-01', '100.00 EUR');
INSERT INTO payment (payment_id, company_id, customer_id, value_date, amount) VALUES ($n + 12, 1, 1, '2026-06-30', '100.00 EUR');
SQL
	app=$(q $db "INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind)
	             VALUES (1, $n + 12, $n + 12, '60.00 EUR', 'manual') RETURNING application_id")
	rev="INSERT INTO application (customer_id, kind, reverses_application_id, reason) VALUES (1, 'reversal', $app, 'race');"
	read -r sa sb < <(race rev$n "$iso" after "$rev" "$rev")
	is "$sa $sb" "0 3" "$iso: two sessions reverse one application: the first succeeds"
	if [ "$iso" = 'READ COMMITTED' ]; then
		is "$(race_error rev$n)" "ERROR:  application $app is already reversed" "$iso: the second is told it is already reversed"
	else
		note "$iso: the second got $(race_error rev$n)"
	fi
	is "$(q $db "SELECT open_amount FROM invoice WHERE invoice_id = $n + 12")" "100.00 EUR" "$iso: the invoice is open in full again"

	# cancelling an invoice while cash is applied to it, both ways round
	run_sql $db <<SQL
INSERT INTO invoice (invoice_id, company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES ($n + 20, 1, 1, 'RACE-$n-3', '2026-06-01', '2026-07-01', '100.00 EUR'),
       ($n + 21, 1, 1, 'RACE-$n-4', '2026-06-01', '2026-07-01', '100.00 EUR');
INSERT INTO payment (payment_id, company_id, customer_id, value_date, amount) VALUES ($n + 20, 1, 1, '2026-06-30', '500.00 EUR');
SQL
	cancel="UPDATE invoice SET status = 'cancelled' WHERE customer_id = 1 AND invoice_id = %s;"
	ins="INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, %s, $((n + 20)), '10.00 EUR', 'manual');"
	read -r sa sb < <(race cancel$n "$iso" after "$(printf "$cancel" $((n + 20)))" "$(printf "$ins" $((n + 20)))")
	is "$sa $sb $(q $db "SELECT status FROM invoice WHERE invoice_id = $n + 20")" "0 3 cancelled" \
		"$iso: cash applied to an invoice being cancelled is refused"
	read -r sa sb < <(race apply$n "$iso" after "$(printf "$ins" $((n + 21)))" "$(printf "$cancel" $((n + 21)))")
	is "$sa $sb $(q $db "SELECT status FROM invoice WHERE invoice_id = $n + 21")" "0 3 partially_paid" \
		"$iso: cancelling an invoice that cash is being applied to is refused"
	note "$iso: the canceller got $(race_error apply$n)"

	# returning a payment while it is applied, both ways round
	run_sql $db <<SQL
INSERT INTO payment (payment_id, company_id, customer_id, value_date, amount) VALUES
  ($n + 30, 1, 1, '2026-06-30', '5.00 EUR'), ($n + 31, 1, 1, '2026-06-30', '5.00 EUR');
SQL
	ret="UPDATE payment SET status = 'returned' WHERE company_id = 1 AND payment_id = %s;"
	ins="INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, $((n + 21)), %s, '1.00 EUR', 'manual');"
	read -r sa sb < <(race return$n "$iso" after "$(printf "$ret" $((n + 30)))" "$(printf "$ins" $((n + 30)))")
	is "$sa $sb $(q $db "SELECT status FROM payment WHERE payment_id = $n + 30")" "0 3 returned" \
		"$iso: applying a payment being returned is refused"
	read -r sa sb < <(race applyret$n "$iso" after "$(printf "$ins" $((n + 31)))" "$(printf "$ret" $((n + 31)))")
	is "$sa $sb $(q $db "SELECT status FROM payment WHERE payment_id = $n + 31")" "0 3 partially_applied" \
		"$iso: returning a payment that is being applied is refused"

	# lowering an invoice below what another session is applying
	run_sql $db <<SQL
INSERT INTO invoice (invoice_id, company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES ($n + 40, 1, 1, 'RACE-$n-5', '2026-06-01', '2026-07-01', '100.00 EUR');
SQL
	ins="INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, $((n + 40)), $((n + 20)), '60.00 EUR', 'manual');"
	lower="UPDATE invoice SET amount = '50.00 EUR' WHERE customer_id = 1 AND invoice_id = $((n + 40));"
	read -r sa sb < <(race lower$n "$iso" after "$ins" "$lower")
	is "$sa $sb $(q $db "SELECT amount || ' ' || open_amount FROM invoice WHERE invoice_id = $n + 40")" "0 3 100.00 EUR 40.00 EUR" \
		"$iso: lowering an invoice below the cash another session applies is refused"

	# the credit check: customer 5 (limit 1000.00 EUR, nothing owed) gets two
	# orders of 600.00 at once, in the same currency and then in two
	for cur in EUR USD; do
		ord="INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 5, '%s', '600.00 %s');"
		read -r sa sb < <(race credit$n$cur "$iso" after "$(printf "$ord" "SO-$n-$cur-A" EUR)" "$(printf "$ord" "SO-$n-$cur-B" $cur)")
		open=$(q $db "SELECT count(*) FROM sales_order WHERE customer_id = 5 AND status = 'open'")
		is "$open" 1 "$iso: two concurrent orders of 600.00 (EUR and $cur) against a 1000.00 limit: at most one passes the credit check"
		[ "$open" != 1 ] && note "$iso: $(q $db "SELECT string_agg(order_number || ' ' || amount || ' ' || status, ', ') FROM sales_order WHERE customer_id = 5 AND status <> 'cancelled'"), exposure $(q $db "SELECT customer_exposure(5)")"
		q $db "UPDATE sales_order SET status = 'cancelled' WHERE customer_id = 5" >/dev/null
	done
	n=$((n + 1000))
done

is "$(q $db "SELECT count(*) FROM check_ledger()")" 0 "check_ledger() finds no problem after the races"

# An invoice written while the aging clock rolls: session A inserts an
# invoice (aged as of the old date) and commits after session B has rolled
# the clock past the invoice's next bucket change.
for iso in 'READ COMMITTED' 'REPEATABLE READ'; do
	day=$(q $db "SELECT aging_date()")
	ins="INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
	     VALUES (1, 5, 'ROLL-$day', date '$day' - 30, '$day', '100.00 EUR');"
	read -r sa sb < <(race roll$n "$iso" after "$ins" "SELECT roll_aging(date '$day' + 5);")
	# a roll refuses to run in REPEATABLE READ: its snapshot could miss the invoice
	if [ "$iso" = 'READ COMMITTED' ]; then want="0 0"; else want="0 3"; fi
	is "$sa $sb" "$want" "$iso: an invoice insert and an aging roll at the same time: both succeed in READ COMMITTED, the roll is refused in REPEATABLE READ"
	[ "$sa $sb" != "$want" ] && note "$iso: $(race_error roll$n)"
	problems=$(q $db "SELECT count(*) FROM check_ledger()")
	is "$problems" 0 "$iso: check_ledger() finds no problem after an invoice was inserted during an aging roll"
	[ "$problems" != 0 ] && q $db "SELECT concat_ws(' ', problem, details) FROM check_ledger()" | sed 's/^/#   /'
	# repair, so the next round starts sound
	q $db "SELECT roll_aging(aging_date())" >/dev/null
done
it_done
