-- cash application: refusals with their SQLSTATE, idempotency, and that
-- nothing is over-applied whatever the runs
BEGIN;
SET search_path = public, ar2c;
SELECT plan(11);

SELECT is((SELECT aging_date FROM roll_aging('2026-06-30')), '2026-06-30'::date, 'the aging date is set');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 1, 'C1', 'Nordwind Logistik GmbH', 'EUR'), (2, 1, 'C2', 'Atlas Foods Ltd', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 1, 'INV-1001', '2026-06-01', '2026-07-01', '100.00 EUR'),
  (1, 2, 2, 'INV-2001', '2026-06-01', '2026-07-01', '100.00 EUR');
-- two payments naming the same invoice: only one may take it
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (1, 1, '2026-06-30', '100.00 EUR', 'Nordwind Logistik', 'INV-1001'),
  (1, 2, '2026-06-30', '100.00 EUR', 'Nordwind Logistik', 'INV-1001'),
  (1, 3, '2026-06-30', '50.00 EUR', 'Somebody', 'nothing');

SELECT lives_ok('SELECT * FROM ar2c.apply_cash(1)', 'a run with two payments for one invoice succeeds');
SELECT is((SELECT count(*) FROM application WHERE invoice_id = 1), 1::bigint, 'the invoice is applied once');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 1), '0.00 EUR'::money_cur, 'and is paid');
SELECT is((SELECT array_agg(match_state ORDER BY payment_id) FROM payment), '{applied,queued,queued}'::text[],
          'the other payment waits for a person');
SELECT lives_ok('SELECT * FROM ar2c.apply_cash(1)', 'a second run succeeds');
SELECT is((SELECT count(*) FROM application), 1::bigint, 'and applies nothing twice');

SELECT throws_ok($$SELECT confirm_match(1, 3, 1)$$, 'P0002', 'payment 3 has no suggestion 1', 'no suggestion to confirm');
SELECT throws_ok($$SELECT confirm_match(1, 1, ARRAY[2::bigint])$$, '55000', 'payment 1 is already applied', 'an applied payment is not applied again');
SELECT throws_ok($$SELECT confirm_match(1, 3, ARRAY[1::bigint, 2::bigint])$$, '22023', NULL, 'invoices of two customers are refused');
SELECT is((SELECT count(*) FROM check_ledger()), 0::bigint, 'the ledger stays exact');

SELECT * FROM finish();
ROLLBACK;
