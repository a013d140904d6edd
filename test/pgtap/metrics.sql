-- metrics: the as-of aging equals the aging that was current on each day,
-- and the refusals
BEGIN;
SET search_path = public, ar2c;
SELECT plan(20);

-- A ledger rolled forward day by day for four months: each day new
-- invoices (terms 0 to 60 days), payments and write-offs applied in part
-- or in full, now and then a reversal; after the day's roll, the
-- maintained aging (aging_detail) is kept as it stood.
SELECT setseed(0.42);
SELECT roll_aging('2026-01-01');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR'), (2, 'Acme Asia', 'CNY');
UPDATE company SET aging_boundaries = '{15,45,90}' WHERE company_id = 2;
INSERT INTO customer (customer_id, company_id, customer_number, name, currency)
SELECT n, 1 + n % 2, 'C-' || n, 'Customer ' || n, CASE n % 2 WHEN 0 THEN 'EUR' ELSE 'CNY' END::currency
FROM generate_series(1, 20) n;
CREATE TEMP TABLE maintained AS
SELECT as_of, company_id, customer_id, invoice_id, open_amount, aging_bucket FROM aging_detail WHERE false;

DO $$
DECLARE
    d date;
    i record;
    n integer := 0;
BEGIN
    FOR d IN SELECT generate_series('2026-01-02'::date, '2026-04-30', '1 day')::date LOOP
        INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
        SELECT c.company_id, c.customer_id, 'INV-' || d || '-' || k, d, d + (array[0, 14, 30, 60])[1 + floor(random() * 4)::int],
               money_cur(round((100 + random() * 4900)::numeric, 2), c.currency)
        FROM generate_series(1, 3) k
        CROSS JOIN LATERAL (SELECT * FROM customer ORDER BY random() + k LIMIT 1) c;
        FOR i IN SELECT * FROM invoice WHERE status IN ('open', 'partially_paid') AND issue_date < d
                 ORDER BY random() LIMIT 3 LOOP
            n := n + 1;
            IF random() < 0.7 THEN
                INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount)
                VALUES (i.company_id, n, i.customer_id, d, i.open_amount);
                INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_on)
                VALUES (i.customer_id, i.invoice_id, n, i.open_amount, 'manual', d);
            ELSE
                INSERT INTO application (customer_id, invoice_id, amount, kind, applied_on)
                VALUES (i.customer_id, i.invoice_id, round_to(i.open_amount / 3, 0.01), 'write_off', d);
            END IF;
        END LOOP;
        IF extract(day FROM d) IN (7, 21) THEN
            INSERT INTO application (customer_id, kind, reverses_application_id, applied_on, reason)
            SELECT a.customer_id, 'reversal', a.application_id, d, 'wrong invoice'
            FROM application a
            WHERE a.kind <> 'reversal' AND NOT EXISTS (SELECT 1 FROM application r WHERE r.reverses_application_id = a.application_id)
            ORDER BY a.application_id DESC LIMIT 1;
        END IF;
        PERFORM roll_aging(d);
        INSERT INTO maintained
        SELECT as_of, company_id, customer_id, invoice_id, open_amount, aging_bucket FROM aging_detail;
    END LOOP;
END
$$;

SELECT cmp_ok((SELECT count(*) FROM maintained), '>', 5000::bigint, 'the roll-forward kept thousands of open items');
SELECT cmp_ok((SELECT count(*) FROM application WHERE kind = 'reversal'), '>=', 7::bigint, 'and reversals among the applications');
SELECT is_empty($$SELECT * FROM check_ledger()$$, 'the maintained ledger is sound at the end');
SELECT is_empty($$
    SELECT d, company_id, customer_id, invoice_id, amount(open_amount), aging_bucket::text
    FROM generate_series('2026-01-02'::date, '2026-04-30', '1 day') d, aging_as_of(NULL, d::date)
    EXCEPT ALL
    SELECT as_of, company_id, customer_id, invoice_id, open_amount, aging_bucket FROM maintained$$,
    'every item aging_as_of finds on a past day was open, in that bucket and for that amount, that day');
SELECT is_empty($$
    SELECT as_of, company_id, customer_id, invoice_id, open_amount, aging_bucket FROM maintained
    EXCEPT ALL
    SELECT d, company_id, customer_id, invoice_id, amount(open_amount), aging_bucket::text
    FROM generate_series('2026-01-02'::date, '2026-04-30', '1 day') d, aging_as_of(NULL, d::date)$$,
    'and it finds every item that was open on each past day');
SELECT is_empty($$
    SELECT * FROM aging_as_of(2, '2026-03-15') a WHERE a.company_id <> 2$$, 'one company''s aging has only its items');
SELECT set_eq($$SELECT * FROM aging_as_of(NULL, date '2026-03-15', '{3,4}')$$,
              $$SELECT * FROM aging_as_of(NULL, date '2026-03-15') WHERE customer_id IN (3, 4)$$,
              'some customers'' aging is theirs from the whole aging');

SELECT is((period_metrics(999, '2026-01-01', '2026-01-31')).sales, NULL,
          'metrics of an unknown company are NULL (doc/conventions.md)');
SELECT throws_ok($$SELECT * FROM period_metrics(1, '2026-01-31', '2026-01-01')$$, '22023',
                 'invalid metric period 2026-01-31 to 2026-01-01', 'a period backwards');
SELECT throws_ok($$SELECT * FROM roll_rates(1, '2026-03-01', 'infinity')$$, '22023', NULL, 'an infinite period');
SELECT throws_ok($$SELECT dso_countback(1, '2026-03-31', days_in_month => 0)$$, '22023',
                 'invalid countback settings: 0 days a month, 24 months', 'a month of no days');
SELECT throws_ok($$SELECT * FROM days_to_pay(1, '2026-03-01', '2026-02-01')$$, '22023', NULL, 'days to pay over a backwards period');
SELECT throws_ok($$SELECT credit_sales(1, '2026-03-31', '2026-03-01')$$, '22023',
                 'invalid metric period 2026-03-31 to 2026-03-01', 'credit sales over a backwards period');
SELECT throws_ok($$SELECT credit_sales(1, '-infinity', '2026-03-31')$$, '22023', NULL, 'credit sales over an infinite period');
SELECT is((SELECT sales FROM period_metrics(1, '2026-01-01', '2026-01-31', currency => 'USD')), 0::numeric,
          'no sales in a currency the company does not invoice in');

-- a month under way is computed to the aging date and marked partial
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 2, 'INV-MAY-1', '2026-05-04', '2026-06-03', '3000.00 EUR'), (1, 4, 'INV-MAY-2', '2026-05-11', '2026-05-25', '1500.00 EUR');
SELECT roll_aging('2026-05-12');
SELECT is((SELECT dso FROM metrics_by_month WHERE company_id = 1 AND month = '2026-05-01'),
          (SELECT dso FROM period_metrics(1, '2026-05-01', '2026-05-12')), 'the current month''s DSO counts to the aging date');
SELECT is((SELECT dso_countback FROM metrics_by_month WHERE company_id = 1 AND month = '2026-05-01'),
          dso_countback(1, '2026-05-12'), 'so does its countback DSO');
SELECT is((SELECT (period_end, partial) FROM metrics_by_month WHERE company_id = 1 AND month = '2026-05-01'),
          ('2026-05-12'::date, true), 'and it is marked partial');
SELECT is((SELECT (period_end, partial) FROM monthly_metrics(1, '2026-04-01', '2026-06-30') WHERE month = '2026-04-01'),
          ('2026-04-30'::date, false), 'a past month is whole');
SELECT is((SELECT count(*) FROM monthly_metrics(1, '2026-04-01', '2026-06-30')), 2::bigint, 'a month after the aging date has no row');

SELECT * FROM finish();
ROLLBACK;
