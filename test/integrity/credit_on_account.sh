#!/usr/bin/env bash
# Credit notes on account under concurrency: 6 pgbench clients run
# apply_cash() (payments, then the credit notes on account), enter credit
# notes on account, payments and invoices, apply credit notes by hand, reverse
# applications and roll the aging clock, all on the same 6 customers. The
# run locks its notes, customers and invoices SKIP LOCKED after its
# payments (doc/ledger.md, Locking and concurrency): the server's deadlock
# count must stay 0, no note or invoice over-applied, the ledger sound, and
# a last run applies every note an open invoice can take.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_credit_on_account
duration=${AR2C_IT_SECONDS:-15}

new_db $db || exit 1
load_workload $db || { not_ok "load the shared workload functions"; exit 1; }

# 6 customers with 40 invoices each, due a day apart; 5 payments each
# naming an invoice; ids of invoices k * 1000 + i, of payments k * 1000 + p
run_sql $db <<'SQL' || { not_ok "set up the ledger"; exit 1; }
SELECT setseed(0.29);
SELECT roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Credit Race GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency)
SELECT k, 1, 'C-' || k, 'Kunde ' || k || ' GmbH', 'EUR' FROM generate_series(1, 6) k;
INSERT INTO invoice (invoice_id, company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT k * 1000 + i, 1, k, format('CR-%s-%s', k, i), date '2026-04-01' + i, date '2026-05-01' + i,
       money_cur_units(5000 + (random() * 50000)::bigint, 'EUR')
FROM generate_series(1, 6) k, generate_series(1, 40) i;
INSERT INTO payment (payment_id, company_id, value_date, amount, payer_name, remittance_text)
SELECT k * 1000 + p, 1, '2026-06-30', i.amount, 'Kunde ' || k || ' GmbH', i.invoice_number
FROM generate_series(1, 6) k CROSS JOIN generate_series(1, 5) p
JOIN LATERAL (SELECT amount, invoice_number FROM invoice WHERE invoice_id = k * 1000 + p * 7) i ON true;
SELECT setval('ar2c.invoice_invoice_id_seq', 100000), setval('ar2c.payment_payment_id_seq', 100000);

CREATE FUNCTION it_cash() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM count(*) FROM ar2c.apply_cash(1);
END
$$;
CREATE FUNCTION it_note(c int, units int, named int) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO ar2c.credit_note (company_id, customer_id, credit_note_number, issue_date, amount, reason)
    VALUES (1, c, 'CN-' || c || '-' || gen_random_uuid(), '2026-06-30', ar2c.money_cur_units(units, 'EUR'),
            CASE WHEN named > 0 THEN format('correction of CR-%s-%s', c, named) END)
$$;
-- a customer pays one of its open invoices, naming it: the next run applies it
CREATE FUNCTION it_payment(c int) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO ar2c.payment (company_id, value_date, amount, payer_name, remittance_text)
    SELECT 1, '2026-06-30', i.open_amount, 'Kunde ' || c || ' GmbH', i.invoice_number
    FROM ar2c.invoice i WHERE i.customer_id = c AND i.status = 'open' ORDER BY random() LIMIT 1
$$;
CREATE FUNCTION it_invoice(c int, units int) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
    VALUES (1, c, 'CR-' || c || '-' || gen_random_uuid(), '2026-06-30', '2026-07-30', ar2c.money_cur_units(units, 'EUR'))
$$;
-- a person applies part of a note on account to an invoice; refused
-- (check_violation) when either has not that much left
CREATE FUNCTION it_manual(c int, inv int, units int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    note bigint;
BEGIN
    SELECT n.credit_note_id INTO note FROM ar2c.credit_note n
    WHERE n.customer_id = c AND n.invoice_id IS NULL AND n.status <> 'applied' ORDER BY random() LIMIT 1;
    IF note IS NOT NULL THEN
        INSERT INTO ar2c.application (customer_id, invoice_id, credit_note_id, amount, kind, reason)
        VALUES (c, inv, note, ar2c.money_cur_units(units, 'EUR'), 'manual', 'pgbench');
    END IF;
EXCEPTION WHEN check_violation THEN
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
    NULL;
END
$$;
CREATE FUNCTION it_roll() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ar2c.roll_aging(ar2c.aging_date() + 1);
EXCEPTION WHEN invalid_parameter_value THEN
    NULL;
END
$$;
SQL

cat >"$IT_TMP/cash.sql" <<'EOF'
SELECT it_cash();
EOF
cat >"$IT_TMP/note.sql" <<'EOF'
\set c random(1, 6)
\set units random(100, 60000)
\set named random(-40, 40)
SELECT it_note(:c, :units, :named);
EOF
cat >"$IT_TMP/payment.sql" <<'EOF'
\set c random(1, 6)
SELECT it_payment(:c);
EOF
cat >"$IT_TMP/invoice.sql" <<'EOF'
\set c random(1, 6)
\set units random(100, 60000)
SELECT it_invoice(:c, :units);
EOF
cat >"$IT_TMP/manual.sql" <<'EOF'
\set c random(1, 6)
\set i random(1, 40)
\set units random(1, 20000)
SELECT it_manual(:c, :c * 1000 + :i, :units);
EOF
cat >"$IT_TMP/reverse.sql" <<'EOF'
\set c random(1, 6)
SELECT it_reverse(:c);
EOF
cat >"$IT_TMP/roll.sql" <<'EOF'
SELECT it_roll();
EOF

deadlocks() { q postgres "SELECT pg_stat_clear_snapshot(); SELECT deadlocks FROM pg_stat_database WHERE datname = '$db'" | tail -1; }
before=$(deadlocks)
PGOPTIONS="-c search_path=public,ar2c" "$PGBIN/pgbench" -n -c 6 -j 2 -T "$duration" \
	-f "$IT_TMP/cash.sql@8" -f "$IT_TMP/note.sql@10" -f "$IT_TMP/payment.sql@6" -f "$IT_TMP/invoice.sql@4" \
	-f "$IT_TMP/manual.sql@6" \
	-f "$IT_TMP/reverse.sql@4" -f "$IT_TMP/roll.sql@1" \
	$db >"$IT_TMP/pgbench.out" 2>&1
status=$?
grep -E '^number of (transactions|failed)|aborted|ERROR' "$IT_TMP/pgbench.out" | head -6 | sed 's/^/# pgbench: /'
is "$status" 0 "pgbench ran $duration s with 6 clients and no client aborted"
# (how many of each a busy machine gets through varies: that each kind
# ran alongside the others is what the checks below rest on)
cmp_num "$(q $db "SELECT count(*) FROM application WHERE credit_note_id IS NOT NULL AND reason LIKE 'credit note % on account, %'")" -gt 0 \
	"apply_cash() applied credit notes on account while the others wrote"
cmp_num "$(q $db "SELECT count(*) FROM application WHERE credit_note_id IS NOT NULL AND kind = 'manual'")" -gt 0 \
	"and people applied notes by hand"
is "$(( $(deadlocks) - before ))" 0 "no deadlock between apply_cash(), notes, invoices, manual applications, reversals and rolls"
is "$(q $db "SELECT count(*) FROM credit_note WHERE minor_units_value(unapplied_amount) < 0
               OR unapplied_amount > amount")" 0 "no credit note is applied beyond its amount, nor below nothing"
problems=$(q $db "SELECT count(*) FROM check_ledger()")
is "$problems" 0 "check_ledger() finds no problem after the run"
[ "$problems" != 0 ] && q $db "SELECT concat_ws(' ', problem, details) FROM check_ledger() LIMIT 5" | sed 's/^/#   /'

# a last run, alone: every note on account meets no open invoice it could
# take (principal, not disputed, in its currency)
q $db "SELECT count(*) FROM apply_cash(1)" >/dev/null
is "$(q $db "SELECT count(*) FROM credit_note n
             WHERE n.invoice_id IS NULL AND n.status <> 'applied'
               AND EXISTS (SELECT FROM invoice i WHERE i.customer_id = n.customer_id AND i.status IN ('open', 'partially_paid')
                                                   AND i.kind = 'principal' AND NOT i.disputed)")" 0 \
	"a run alone applies every note an open invoice can take"
is "$(q $db "SELECT count(*) FROM check_ledger()")" 0 "check_ledger() finds no problem after it"
it_done
