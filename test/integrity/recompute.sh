#!/usr/bin/env bash
# The maintained state equals a recomputation from scratch, whatever the
# history: a seeded random workload (invoices in two currencies for two
# companies with different aging boundaries, payments, credit notes,
# applications, reversals, write-offs, amount and due-date corrections,
# cancellations, orders with credit holds, aging rolls, a change of aging
# boundaries, multi-row statements) runs in one session; every 100 steps
# and at the end ar2c.check_ledger() must be empty, and the BI aging views
# must agree with sums over the invoices.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_recompute
steps=${AR2C_IT_STEPS:-2000}
seed=${AR2C_IT_SEED:-0.31}

new_db $db || exit 1

run_sql $db <<'SQL' || { not_ok "set up the workload"; exit 1; }
SELECT roll_aging('2026-01-01');
INSERT INTO fx_rate (from_currency, to_currency, rate_date, rate) VALUES ('USD', 'EUR', '2020-01-01', 0.9);
INSERT INTO company (company_id, name, functional_currency, aging_boundaries) VALUES
  (1, 'Euro Co', 'EUR', '{30,60,90,120}'),
  (2, 'Dollar Co', 'USD', '{15,45,75}');
INSERT INTO customer (company_id, customer_number, name, currency, credit_limit, payment_terms_days)
SELECT co, 'K-' || k, 'Customer ' || co || '-' || k, CASE co WHEN 1 THEN 'EUR' ELSE 'USD' END::currency,
       CASE WHEN k % 2 = 0 THEN money_cur_units(2000000 + k * 500000, CASE co WHEN 1 THEN 'EUR' ELSE 'USD' END::currency) END,
       (k * 15) % 90
FROM generate_series(1, 2) co, generate_series(1, 6) k;

CREATE TABLE it_check (step int, problems bigint, first_problems text);
CREATE TABLE it_error (step int, op text, sqlstate text, message text);
CREATE TABLE it_op (step int, op text, detail text);

-- one random step; returns the name of what it did
CREATE FUNCTION it_step(step int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r float8 := random();
    cu record;
    inv record;
    pay record;
    app record;
    ord record;
    cur currency;
    other currency;
    units bigint;
    asof date := ar2c.aging_date();
    issue date;
    op text;
BEGIN
    SELECT * INTO cu FROM customer ORDER BY random() LIMIT 1;
    other := CASE cu.currency::text WHEN 'EUR' THEN 'USD' ELSE 'EUR' END;
    cur := CASE WHEN random() < 0.8 THEN cu.currency ELSE other END;

    IF r < 0.18 THEN
        op := 'invoice';
        issue := asof - (random() * 200)::int;
        SELECT * INTO ord FROM sales_order o
        WHERE o.customer_id = cu.customer_id AND o.status IN ('open', 'released')
          AND currency(o.amount) = cur AND random() < 0.5
        ORDER BY random() LIMIT 1;
        units := CASE WHEN ord.order_id IS NOT NULL AND random() < 0.7
                      THEN minor_units_value(ord.amount) - minor_units_value(ord.invoiced_amount)
                      ELSE 100 + (random() * 500000)::bigint END;
        IF units <= 0 THEN units := 100; END IF;
        INSERT INTO invoice (company_id, customer_id, invoice_number, order_id, issue_date, due_date, amount)
        VALUES (cu.company_id, cu.customer_id, 'I-' || step, ord.order_id, issue,
                issue + (random() * 90)::int, money_cur_units(units, cur));
    ELSIF r < 0.22 THEN
        op := 'invoices, several in one statement';
        INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
        SELECT c.company_id, c.customer_id, 'B-' || step || '-' || g, asof - g * 17, asof - g * 17 + 30,
               money_cur_units(1000 * g + c.customer_id, c.currency)
        FROM customer c CROSS JOIN generate_series(1, 2) g
        WHERE random() < 0.4;
    ELSIF r < 0.32 THEN
        op := 'payment';
        INSERT INTO payment (company_id, customer_id, value_date, amount, payer_name)
        VALUES (cu.company_id, CASE WHEN random() < 0.9 THEN cu.customer_id END, asof,
                money_cur_units(100 + (random() * 600000)::bigint, cur), cu.name);
    ELSIF r < 0.52 THEN
        op := 'apply a payment';
        SELECT i.* INTO inv FROM invoice i
        WHERE i.status IN ('open', 'partially_paid') ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (nothing open)'; END IF;
        -- mostly a payment in the invoice's currency, sometimes one in the other
        SELECT p.* INTO pay FROM payment p
        WHERE p.company_id = inv.company_id AND p.status IN ('unapplied', 'partially_applied')
          AND (p.customer_id = inv.customer_id OR p.customer_id IS NULL)
          AND (currency(p.amount) = currency(inv.amount)) = (random() < 0.8)
        ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (no cash)'; END IF;
        IF currency(pay.amount) = currency(inv.amount) THEN
            units := least(minor_units_value(inv.open_amount), minor_units_value(pay.unapplied_amount));
            IF random() < 0.6 THEN units := 1 + (random() * (units - 1))::bigint; END IF;
            INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, reason)
            VALUES (inv.customer_id, inv.invoice_id, pay.payment_id, money_cur_units(units, currency(inv.amount)),
                    CASE WHEN random() < 0.5 THEN 'matched' ELSE 'manual' END, 'step ' || step);
        ELSE
            -- across currencies at 1.1 units of the payment per unit of the invoice
            op := 'apply a payment in another currency';
            units := least(minor_units_value(inv.open_amount), floor(minor_units_value(pay.unapplied_amount) / 1.1)::bigint);
            IF units < 1 THEN RETURN op || ' (too little cash)'; END IF;
            IF random() < 0.6 THEN units := 1 + (random() * (units - 1))::bigint; END IF;
            INSERT INTO application (customer_id, invoice_id, payment_id, amount, source_amount, kind, reason)
            VALUES (inv.customer_id, inv.invoice_id, pay.payment_id, money_cur_units(units, currency(inv.amount)),
                    money_cur_units(ceil(units * 1.1)::bigint, currency(pay.amount)), 'manual', 'step ' || step);
        END IF;
    ELSIF r < 0.56 THEN
        op := 'credit note, applied';
        SELECT i.* INTO inv FROM invoice i
        WHERE i.status IN ('open', 'partially_paid') ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (nothing open)'; END IF;
        units := 1 + (random() * (minor_units_value(inv.open_amount) - 1))::bigint;
        IF random() < 0.5 THEN
            -- naming the invoice: ar2c applies it
            INSERT INTO credit_note (company_id, customer_id, credit_note_number, invoice_id, issue_date, amount)
            VALUES (inv.company_id, inv.customer_id, 'CN-' || step, inv.invoice_id, asof, money_cur_units(units, currency(inv.amount)));
        ELSE
            -- on account, then applied in part by hand
            INSERT INTO credit_note (company_id, customer_id, credit_note_number, issue_date, amount)
            VALUES (inv.company_id, inv.customer_id, 'CN-' || step, asof,
                    money_cur_units(units + (random() * 1000)::bigint, currency(inv.amount)));
            INSERT INTO application (customer_id, invoice_id, credit_note_id, amount, kind)
            SELECT inv.customer_id, inv.invoice_id, n.credit_note_id, money_cur_units(units, currency(inv.amount)), 'manual'
            FROM credit_note n WHERE n.customer_id = inv.customer_id AND n.credit_note_number = 'CN-' || step;
        END IF;
    ELSIF r < 0.64 THEN
        op := 'reversal';
        SELECT a.* INTO app FROM application a
        WHERE a.kind <> 'reversal'
          AND NOT EXISTS (SELECT 1 FROM application x WHERE x.customer_id = a.customer_id
                                                      AND x.reverses_application_id = a.application_id)
        ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (nothing to reverse)'; END IF;
        INSERT INTO application (customer_id, kind, reverses_application_id, reason)
        VALUES (app.customer_id, 'reversal', app.application_id, 'step ' || step);
    ELSIF r < 0.68 THEN
        op := 'write-off';
        SELECT i.* INTO inv FROM invoice i
        WHERE i.status IN ('open', 'partially_paid') ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (nothing open)'; END IF;
        units := CASE WHEN random() < 0.5 THEN minor_units_value(inv.open_amount)
                      ELSE 1 + (random() * (minor_units_value(inv.open_amount) - 1))::bigint END;
        INSERT INTO application (customer_id, invoice_id, amount, kind, reason)
        VALUES (inv.customer_id, inv.invoice_id, money_cur_units(units, currency(inv.amount)),
                CASE WHEN random() < 0.8 THEN 'write_off' ELSE 'fx_difference' END, 'step ' || step);
    ELSIF r < 0.74 THEN
        op := 'invoice amount correction';
        SELECT i.* INTO inv FROM invoice i WHERE i.status <> 'cancelled' ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (no invoice)'; END IF;
        -- never below what is already applied
        units := minor_units_value(inv.amount) - minor_units_value(inv.open_amount);
        units := greatest(units, 0) + CASE WHEN random() < 0.2 AND units > 0 THEN 0 ELSE 1 + (random() * 300000)::bigint END;
        UPDATE invoice SET amount = money_cur_units(units, currency(inv.amount))
        WHERE customer_id = inv.customer_id AND invoice_id = inv.invoice_id;
    ELSIF r < 0.76 THEN
        op := 'due date correction';
        SELECT i.* INTO inv FROM invoice i WHERE i.status IN ('open', 'partially_paid') ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (nothing open)'; END IF;
        UPDATE invoice SET due_date = issue_date + (random() * 120)::int
        WHERE customer_id = inv.customer_id AND invoice_id = inv.invoice_id;
    ELSIF r < 0.78 THEN
        op := 'bulk correction of a customer''s open invoices';
        UPDATE invoice SET amount = amount OPERATOR(ar2c.+) money_cur_units(1, currency(amount)),
                           due_date = due_date + 1
        WHERE customer_id = cu.customer_id AND status IN ('open', 'partially_paid');
    ELSIF r < 0.81 THEN
        op := 'cancel an untouched invoice';
        SELECT i.* INTO inv FROM invoice i WHERE i.status = 'open' ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (none)'; END IF;
        UPDATE invoice SET status = 'cancelled' WHERE customer_id = inv.customer_id AND invoice_id = inv.invoice_id;
    ELSIF r < 0.82 THEN
        op := 'reinstate a cancelled invoice';
        SELECT i.* INTO inv FROM invoice i WHERE i.status = 'cancelled' ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (none)'; END IF;
        UPDATE invoice SET status = 'open' WHERE customer_id = inv.customer_id AND invoice_id = inv.invoice_id;
    ELSIF r < 0.83 THEN
        -- (one whose cash was applied and reversed is tested apart, below)
        op := 'change the currency of an untouched invoice';
        SELECT i.* INTO inv FROM invoice i
        WHERE i.status IN ('open', 'cancelled') AND i.open_amount = i.amount
          AND NOT EXISTS (SELECT 1 FROM application a WHERE a.customer_id = i.customer_id AND a.invoice_id = i.invoice_id)
        ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (none)'; END IF;
        UPDATE invoice SET amount = money_cur_units(minor_units_value(amount),
                                                    CASE currency(amount)::text WHEN 'EUR' THEN 'USD' ELSE 'EUR' END::currency)
        WHERE customer_id = inv.customer_id AND invoice_id = inv.invoice_id;
    ELSIF r < 0.90 THEN
        op := 'order';
        INSERT INTO sales_order (company_id, customer_id, order_number, order_date, amount)
        VALUES (cu.company_id, cu.customer_id, 'O-' || step, asof,
                money_cur_units(1000 + (random() * 1500000)::bigint, cur));
    ELSIF r < 0.92 THEN
        op := 'release a held order, or cancel an open one';
        SELECT o.* INTO ord FROM sales_order o WHERE o.status IN ('credit_hold', 'open') ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (none)'; END IF;
        UPDATE sales_order SET status = CASE WHEN ord.status = 'credit_hold' AND random() < 0.7 THEN 'released' ELSE 'cancelled' END
        WHERE customer_id = ord.customer_id AND order_id = ord.order_id;
    ELSIF r < 0.93 THEN
        op := 'change an order amount';
        SELECT o.* INTO ord FROM sales_order o WHERE o.status IN ('open', 'released', 'invoiced') ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (none)'; END IF;
        UPDATE sales_order SET amount = money_cur_units(greatest(1, minor_units_value(amount) + (random() * 200000)::bigint - 100000),
                                                        currency(amount))
        WHERE customer_id = ord.customer_id AND order_id = ord.order_id;
    ELSIF r < 0.94 THEN
        op := 'payment amount correction or return';
        SELECT p.* INTO pay FROM payment p WHERE p.status <> 'returned' ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (none)'; END IF;
        IF pay.status = 'unapplied' AND random() < 0.3 THEN
            UPDATE payment SET status = 'returned' WHERE company_id = pay.company_id AND payment_id = pay.payment_id;
        ELSE
            UPDATE payment SET amount = money_cur_units(minor_units_value(amount) - minor_units_value(unapplied_amount)
                                                        + (random() * 100000)::bigint + 1, currency(amount))
            WHERE company_id = pay.company_id AND payment_id = pay.payment_id;
        END IF;
    ELSIF r < 0.947 THEN
        op := 'delete an untouched invoice, or an uninvoiced order';
        IF random() < 0.5 THEN
            SELECT i.* INTO inv FROM invoice i
            WHERE NOT EXISTS (SELECT 1 FROM application a WHERE a.customer_id = i.customer_id AND a.invoice_id = i.invoice_id)
              AND NOT EXISTS (SELECT 1 FROM credit_note n WHERE n.customer_id = i.customer_id AND n.invoice_id = i.invoice_id)
            ORDER BY random() LIMIT 1;
            IF NOT FOUND THEN RETURN op || ' (none)'; END IF;
            DELETE FROM invoice WHERE customer_id = inv.customer_id AND invoice_id = inv.invoice_id;
        ELSE
            SELECT o.* INTO ord FROM sales_order o
            WHERE NOT EXISTS (SELECT 1 FROM invoice i WHERE i.customer_id = o.customer_id AND i.order_id = o.order_id)
              AND NOT EXISTS (SELECT 1 FROM shipment s WHERE s.customer_id = o.customer_id AND s.order_id = o.order_id)
            ORDER BY random() LIMIT 1;
            IF NOT FOUND THEN RETURN op || ' (none)'; END IF;
            DELETE FROM sales_order WHERE customer_id = ord.customer_id AND order_id = ord.order_id;
        END IF;
    ELSIF r < 0.952 THEN
        op := 'move an untouched invoice to another customer of its company';
        SELECT i.* INTO inv FROM invoice i
        WHERE i.order_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM application a WHERE a.customer_id = i.customer_id AND a.invoice_id = i.invoice_id)
          AND NOT EXISTS (SELECT 1 FROM credit_note n WHERE n.customer_id = i.customer_id AND n.invoice_id = i.invoice_id)
        ORDER BY random() LIMIT 1;
        IF NOT FOUND THEN RETURN op || ' (none)'; END IF;
        UPDATE invoice SET customer_id = (SELECT c.customer_id FROM customer c
                                          WHERE c.company_id = inv.company_id AND c.customer_id <> inv.customer_id
                                          ORDER BY random() LIMIT 1),
                           invoice_number = invoice_number || '-moved-' || step
        WHERE customer_id = inv.customer_id AND invoice_id = inv.invoice_id;
    ELSE
        op := 'roll aging';
        PERFORM roll_aging(asof + 1 + (random() * 12)::int);
    END IF;
    RETURN op;
EXCEPTION WHEN OTHERS THEN
    -- say which step failed
    RAISE EXCEPTION USING ERRCODE = SQLSTATE, MESSAGE = op || ': ' || SQLERRM;
END
$$;
SQL

# The workload, in one session: every step in its own subtransaction, so
# that an unexpected error is recorded (and the step undone) rather than
# ending the run; every 100 steps, check_ledger().
cat >"$IT_TMP/run.sql" <<SQL
SET search_path = public, ar2c;
SET client_min_messages = warning;
SELECT setseed($seed);
DO \$\$
DECLARE
    op text;
    n bigint;
    first text;
BEGIN
    FOR step IN 1 .. $steps LOOP
        BEGIN
            IF step = $steps / 2 THEN
                op := 'change aging boundaries of company 2';
                UPDATE company SET aging_boundaries = '{10,20,40,80,160}' WHERE company_id = 2;
            ELSE
                op := it_step(step);
            END IF;
            INSERT INTO it_op VALUES (step, op);
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO it_error VALUES (step, NULL, SQLSTATE, SQLERRM);
        END;
        IF step % 100 = 0 OR step = $steps THEN
            BEGIN
                SELECT count(*), string_agg(concat_ws(' ', problem, 'customer', customer_id, 'id', subject_id, details), '; ')
                       FILTER (WHERE rn <= 3)
                INTO n, first
                FROM (SELECT p.*, row_number() OVER () AS rn FROM check_ledger() p) p;
            EXCEPTION WHEN OTHERS THEN
                n := -1;
                first := format('check_ledger() failed: %s %s', SQLSTATE, SQLERRM);
            END;
            INSERT INTO it_check VALUES (step, n, first);
        END IF;
    END LOOP;
END
\$\$;
SQL
started=$SECONDS
psql -X -q -v ON_ERROR_STOP=1 -d $db -f "$IT_TMP/run.sql" >/dev/null 2>"$IT_TMP/run.out"
status=$?
is "$status" 0 "$steps random steps ran (seed $seed, $((SECONDS - started)) s)"
[ $status -ne 0 ] && head -5 "$IT_TMP/run.out" | sed 's/^/#   /'

note "$(q $db "SELECT string_agg(format('%s %s', op, n), ', ' ORDER BY n DESC)
               FROM (SELECT op, count(*) n FROM it_op GROUP BY op) x")"
note "ledger: $(q $db "SELECT format('%s invoices (%s open, %s cancelled), %s payments, %s applications (%s reversals), %s orders (%s held), %s alerts, aging date %s',
    (SELECT count(*) FROM invoice), (SELECT count(*) FROM invoice WHERE aging_bucket IS NOT NULL),
    (SELECT count(*) FROM invoice WHERE status = 'cancelled'), (SELECT count(*) FROM payment),
    (SELECT count(*) FROM application), (SELECT count(*) FROM application WHERE kind = 'reversal'),
    (SELECT count(*) FROM sales_order), (SELECT count(*) FROM sales_order WHERE status = 'credit_hold'),
    (SELECT count(*) FROM alert), aging_date())")"

errors=$(q $db "SELECT count(*) FROM it_error")
is "$errors" 0 "no step raised an error (every step is valid by construction)"
q $db "SELECT format('step %s: %s %s', step, sqlstate, message) FROM it_error ORDER BY step LIMIT 5" | sed 's/^/#   /'

checks=$(q $db "SELECT count(*) FROM it_check")
cmp_num "$checks" -ge $((steps / 100)) "check_ledger() ran at every 100th step ($checks times)"
while IFS='|' read -r step problems first; do
	if [ "$problems" = 0 ]; then
		ok "check_ledger() is empty after step $step"
	else
		not_ok "check_ledger() is empty after step $step: $problems problems"
		echo "#   $first" | cut -c1-400
	fi
done < <(q $db "SELECT step, problems, first_problems FROM it_check ORDER BY step")
first_bad=$(q $db "SELECT min(step) FROM it_check WHERE problems > 0")
if [ -n "$first_bad" ]; then
	note "steps before the first failing check:"
	q $db "SELECT step || ' ' || op FROM it_op WHERE step > $first_bad - 100 AND step <= $first_bad ORDER BY step" |
		sed 's/^/#   /' | tail -100
fi

cmp_num "$(q $db "SELECT count(*) FROM it_op WHERE op = 'apply a payment'")" -gt 100 "the workload applied cash many times"
cmp_num "$(q $db "SELECT count(*) FROM alert WHERE kind = 'credit_limit'")" -gt 0 "orders went on credit hold"
cmp_num "$(q $db "SELECT count(*) FROM alert WHERE kind = 'aging_last_bucket'")" -gt 0 "items entered the last aging bucket"
is "$(q $db "SELECT count(DISTINCT currency(amount)) FROM invoice WHERE aging_bucket IS NOT NULL")" 2 "open invoices in two currencies"

# The BI summary against sums over the invoices, bucket by bucket
scratch="SELECT i.company_id, i.customer_id, currency(i.open_amount)::text AS currency,
                aging_bucket(i.due_date, aging_date(), c.aging_boundaries)::text AS bucket,
                sum(amount(i.open_amount)) AS open_amount, count(*) AS open_items
         FROM invoice i JOIN company c USING (company_id)
         WHERE i.status IN ('open', 'partially_paid')
         GROUP BY 1, 2, 3, 4"
view="SELECT company_id, customer_id, currency, aging_bucket, open_amount, open_items::bigint
      FROM aging_summary_by_customer WHERE open_items <> 0 OR open_amount <> 0"
diffs=$(q $db "SELECT count(*) FROM (($scratch EXCEPT $view) UNION ALL ($view EXCEPT $scratch)) d")
is "$diffs" 0 "aging_summary_by_customer equals sums over the open invoices"
q $db "($scratch EXCEPT $view) UNION ALL ($view EXCEPT $scratch) LIMIT 5" | sed 's/^/#   /'
company_scratch="SELECT i.company_id, currency(i.open_amount)::text AS currency,
             sum(amount(i.open_amount)) FILTER (WHERE aging_position(b.bucket, c.aging_boundaries) = 1) AS not_due,
             sum(amount(i.open_amount)) FILTER (WHERE ar2c.upper(b.bucket) IS NULL) AS last_bucket,
             sum(amount(i.open_amount)) AS total, count(*) AS items
      FROM invoice i JOIN company c USING (company_id)
      CROSS JOIN LATERAL (SELECT aging_bucket(i.due_date, aging_date(), c.aging_boundaries) AS bucket) b
      WHERE i.status IN ('open', 'partially_paid') GROUP BY 1, 2"
company_view="SELECT company_id, currency,
             sum(open_amount) FILTER (WHERE bucket_order = 1 AND open_items > 0),
             sum(open_amount) FILTER (WHERE bucket_order = (SELECT count(*) FROM company c, aging_buckets(c.aging_boundaries)
                                                             WHERE c.company_id = s.company_id) AND open_items > 0),
             sum(open_amount), sum(open_items)
      FROM aging_summary_by_company s GROUP BY 1, 2"
is "$(q $db "SELECT count(*) FROM (($company_scratch EXCEPT $company_view) UNION ALL ($company_view EXCEPT $company_scratch)) d")" 0 \
	"aging_summary_by_company totals (not due, last bucket, all) equal sums over the invoices"
is "$(q $db "SELECT count(*) FROM customer_balances b
             WHERE b.open_amount <> coalesce((SELECT sum(amount(i.open_amount)) FROM invoice i
                                              WHERE i.customer_id = b.customer_id AND i.status IN ('open', 'partially_paid')
                                                AND currency(i.open_amount)::text = b.currency), 0)")" 0 \
	"customer_balances.open_amount equals the open invoices in the billing currency"

# What check_ledger() does not look at, recomputed here
is "$(q $db "SELECT count(*) FROM credit_note n
             LEFT JOIN (SELECT customer_id, credit_note_id, sum(minor_units_value(source_amount)) s
                        FROM application WHERE credit_note_id IS NOT NULL GROUP BY 1, 2) a USING (customer_id, credit_note_id)
             WHERE coalesce(a.s, 0) <> minor_units_value(n.amount) - minor_units_value(n.unapplied_amount)
                OR minor_units_value(n.unapplied_amount) < 0
                OR n.status <> CASE WHEN minor_units_value(n.unapplied_amount) = 0 THEN 'applied'
                                    WHEN n.unapplied_amount = n.amount THEN 'unapplied' ELSE 'partially_applied' END")" 0 \
	"per credit note, the applications add up to amount - unapplied, and the status follows"
is "$(q $db "SELECT count(*) FROM payment p WHERE p.status <> 'returned' AND p.status <> CASE
                 WHEN minor_units_value(p.unapplied_amount) = 0 THEN 'applied'
                 WHEN p.unapplied_amount = p.amount THEN 'unapplied' ELSE 'partially_applied' END")" 0 \
	"every payment's status follows its unapplied amount"
is "$(q $db "SELECT count(*) FROM invoice i WHERE i.status <> 'cancelled' AND i.status <> CASE
                 WHEN minor_units_value(i.open_amount) = 0 THEN 'paid'
                 WHEN i.open_amount = i.amount THEN 'open' ELSE 'partially_paid' END")" 0 \
	"every invoice's status follows its open amount"
is "$(q $db "SELECT count(*) FROM sales_order o
             LEFT JOIN (SELECT customer_id, order_id, currency(amount) AS cur, sum(minor_units_value(amount)) s FROM invoice
                        WHERE order_id IS NOT NULL AND status <> 'cancelled' GROUP BY 1, 2, 3) i
                    ON i.customer_id = o.customer_id AND i.order_id = o.order_id AND i.cur = currency(o.amount)
             WHERE minor_units_value(o.invoiced_amount) <> coalesce(i.s, 0)
                OR o.status <> CASE WHEN o.status IN ('open', 'released') AND o.invoiced_amount >= o.amount THEN 'invoiced'
                                    WHEN o.status = 'invoiced' AND o.invoiced_amount < o.amount THEN 'released'
                                    ELSE o.status END")" 0 \
	"every order's invoiced amount is the sum of its invoices in its currency, and its status follows"
is "$(q $db "SELECT count(*) FROM application a JOIN application o
               ON o.customer_id = a.customer_id AND o.application_id = a.reverses_application_id
             WHERE a.amount <> -o.amount OR a.source_amount IS DISTINCT FROM -o.source_amount
                OR (a.invoice_id, a.payment_id, a.credit_note_id) IS DISTINCT FROM (o.invoice_id, o.payment_id, o.credit_note_id)")" 0 \
	"every reversal mirrors its original"

# Recomputing from scratch changes nothing
before=$(q $db "SELECT md5(string_agg(concat_ws(' ', customer_id, invoice_id, open_amount, status, aging_bucket, aging_changes_on), '|' ORDER BY customer_id, invoice_id)) FROM invoice")
balances="SELECT md5(string_agg(concat_ws(' ', customer_id, currency, open_amount, open_items, bucket_amounts, bucket_items, open_orders), '|' ORDER BY customer_id, currency::text))
          FROM customer_balance_total WHERE open_amount <> 0 OR open_items <> 0 OR open_orders <> 0"
bal_before=$(q $db "$balances")
q $db "SELECT rebuild_aging(NULL::bigint, NULL)" >/dev/null || not_ok "rebuild_aging() runs"
is "$(q $db "SELECT md5(string_agg(concat_ws(' ', customer_id, invoice_id, open_amount, status, aging_bucket, aging_changes_on), '|' ORDER BY customer_id, invoice_id)) FROM invoice")" \
	"$before" "rebuild_aging() leaves every invoice as it was"
is "$(q $db "$balances")" "$bal_before" "rebuild_aging() (and rebuild_balances()) leaves the balances as they were, but for empty rows"
is "$(q $db "SELECT count(*) FROM check_ledger()")" 0 "check_ledger() is empty after the rebuild"

# Targeted histories, each in its own database state (rolled back)
targeted() { # targeted WHAT SQL: the SQL runs in a transaction that is rolled back; it prints t when sound
	local out
	out=$(psql -X -q -At -d $db 2>&1 <<SQL
SET search_path = public, ar2c;
BEGIN;
$2
ROLLBACK;
SQL
)
	if [ "$(echo "$out" | tail -1)" = t ]; then ok "$1"; else not_ok "$1"; echo "$out" | grep -v '^t$' | head -3 | sed 's/^/#   /'; fi
}
targeted "an invoice whose cash was applied and reversed keeps its currency (or check_ledger() still works)" "
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 1, 'T-1', '2026-01-01', '2026-01-31', '100.00 EUR');
INSERT INTO payment (company_id, customer_id, value_date, amount) VALUES (1, 1, '2026-01-01', '100.00 EUR');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind)
SELECT 1, (SELECT invoice_id FROM invoice WHERE invoice_number = 'T-1'), max(payment_id), '10.00 EUR', 'manual' FROM payment;
INSERT INTO application (customer_id, kind, reverses_application_id) SELECT 1, 'reversal', max(application_id) FROM application;
-- refused (check_violation) or accepted: either way check_ledger() must work
DO \$\$ BEGIN UPDATE ar2c.invoice SET amount = '100.00 USD' WHERE invoice_number = 'T-1';
EXCEPTION WHEN check_violation THEN NULL; END \$\$;
SELECT count(*) = 0 FROM check_ledger();"
targeted "a payment whose cash was applied and reversed keeps its currency (or check_ledger() still works)" "
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 1, 'T-1', '2026-01-01', '2026-01-31', '100.00 EUR');
INSERT INTO payment (company_id, customer_id, value_date, amount) VALUES (1, 1, '2026-01-01', '100.00 EUR');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind)
SELECT 1, (SELECT invoice_id FROM invoice WHERE invoice_number = 'T-1'), max(payment_id), '10.00 EUR', 'manual' FROM payment;
INSERT INTO application (customer_id, kind, reverses_application_id) SELECT 1, 'reversal', max(application_id) FROM application;
DO \$\$ BEGIN UPDATE ar2c.payment SET amount = '100.00 USD' WHERE payment_id = (SELECT max(payment_id) FROM ar2c.payment);
EXCEPTION WHEN check_violation THEN NULL; END \$\$;
SELECT count(*) = 0 FROM check_ledger();"
it_done
