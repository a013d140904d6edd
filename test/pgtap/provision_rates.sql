-- deriving the provision matrix: the dry run shows what would change and
-- why, and the derivation stores exactly that
BEGIN;
SET search_path = public, ar2c;
SELECT plan(8);

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (101, 1, 'C-101', 'Beta AG', 'EUR');
-- one invoice a month, each paid two months late: the history rolls
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
SELECT 1, 101, n, 'INV-' || n, d, d + 30, '1000.00 EUR'
FROM generate_series(1, 6) n, LATERAL (SELECT ('2026-01-01'::date + make_interval(months => n - 1))::date AS d) x;
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount)
SELECT 1, invoice_id, 101, due_date + 45, amount FROM invoice WHERE due_date + 45 <= '2026-06-30';
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_on)
SELECT 101, p.payment_id, p.payment_id, p.amount, 'manual', p.value_date FROM payment p;

CREATE TEMP TABLE preview AS SELECT * FROM derive_provision_rates_preview(1, '2026-06-30', months => 6);
SELECT ok((SELECT count(*) FROM preview) > 0, 'the preview lists the buckets whose rate would change');
SELECT is((SELECT count(*) FROM preview WHERE old_loss_rate IS NOT NULL), 0::bigint, 'from no rate at all');
SELECT is((SELECT count(*) FROM preview WHERE reason NOT LIKE 'roll rates of 6 months to 2026-06-30:%'), 0::bigint,
          'each with its reason');
SELECT is((SELECT count(*) FROM provision_rate), 0::bigint, 'and writes nothing');
SELECT set_eq($$SELECT aging_bucket, new_loss_rate FROM preview$$,
              $$SELECT aging_bucket, loss_rate FROM derive_provision_rates(1, '2026-06-30', months => 6)$$,
              'derive_provision_rates stores exactly the preview''s rates');
SELECT is((SELECT count(*) FROM derive_provision_rates_preview(1, '2026-06-30', months => 6)), 0::bigint,
          'after which nothing would change');
UPDATE provision_rate SET loss_rate = 0.5, derived_from = NULL WHERE company_id = 1 AND aging_bucket = 'not due';
SELECT is((SELECT (old_loss_rate, new_loss_rate) FROM derive_provision_rates_preview(1, '2026-06-30', months => 6)),
          (0.5, (SELECT new_loss_rate FROM preview WHERE aging_bucket = 'not due')), 'a rate set by hand shows as the old rate');
SELECT throws_ok($$SELECT * FROM derive_provision_rates_preview(1, '2026-06-30', months => 0)$$, '22023',
                 'invalid derivation settings: 0 months, last bucket loss 1', 'the preview refuses what the derivation refuses');

SELECT * FROM finish();
ROLLBACK;
