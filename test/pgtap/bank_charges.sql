-- Bank charges: which shortfall is the banks' charges is decided once
-- (ar2c.cash_charge_accepted, the matcher's rule), so apply_cash() and a
-- person's confirm_match() book the same shortfalls as bank_charge.
-- Each case twice: in company 1 apply_cash() decides, in company 2 a
-- person confirms the same payment with write_off_shortfall.
BEGIN;
SET search_path = public, ar2c;
SELECT plan(10);

SELECT is((SELECT aging_date FROM roll_aging('2026-06-30')), '2026-06-30'::date, 'the aging date is set');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Matcher Ltd', 'EUR'), (2, 'Person Ltd', 'EUR');
-- the defaults: fee tolerance 0.5% up to 50.00 (5.00 of 1,000.00); EUR
-- charges 5.00 to 35.00, two together up to the cap of 60.00; GBP 5.00 to 25.00
CREATE TEMP TABLE charge_case (k integer, what text, currency text, shortfall numeric, expected boolean);
INSERT INTO charge_case VALUES
  (1, 'within the fee tolerance', 'EUR', 3.00, true),
  (2, 'a flat charge', 'EUR', 15.00, true),
  (3, 'below the cap, no charge', 'EUR', 37.12, false),
  (4, 'two charges at the cap', 'EUR', 60.00, true),
  (5, 'above the cap', 'EUR', 61.00, false),
  (6, 'a charge of another currency', 'GBP', 7.50, false),
  (7, 'the customer''s usual deduction', 'EUR', 42.42, true),
  (8, 'another customer''s usual deduction', 'EUR', 42.42, false);
INSERT INTO customer (customer_id, company_id, customer_number, name, currency)
SELECT c * 10 + k, c, format('K%s-%s', c, k), format('Kunde %s GmbH', chr(64 + k)), x.currency::currency
FROM charge_case x CROSS JOIN generate_series(1, 2) c;
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
SELECT c, c * 10 + k, c * 100 + k, format('R%s-2026-%s', c, 1000 + k), '2026-06-01', '2026-07-01',
       money_cur(1000.00, x.currency::currency)
FROM charge_case x CROSS JOIN generate_series(1, 2) c;
-- the usual deduction: a bank charge of 42.42 booked on customer 7 before
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
SELECT c, c * 10 + 7, c * 100 + 50, format('R%s-2026-0050', c), '2026-05-01', '2026-05-31', '500.00 EUR' FROM generate_series(1, 2) c;
INSERT INTO application (customer_id, invoice_id, amount, kind, reason)
SELECT c * 10 + 7, c * 100 + 50, '42.42 EUR', 'bank_charge', 'confirmed by a person' FROM generate_series(1, 2) c;
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text)
SELECT c, c * 100 + k, '2026-06-30', money_cur(1000.00 - x.shortfall, x.currency::currency), format('Kunde %s GmbH', chr(64 + k)),
       format('R%s-2026-%s', c, 1000 + k)
FROM charge_case x CROSS JOIN generate_series(1, 2) c;

SELECT lives_ok('SELECT * FROM apply_cash(1)', 'the matcher runs over company 1');
SELECT lives_ok($$SELECT confirm_match(2, 200 + k, ARRAY[200 + k]::bigint[], write_off_shortfall => true) FROM charge_case$$,
                'a person confirms each payment of company 2, writing off the shortfall');
CREATE TEMP TABLE answer AS
SELECT x.k, x.what, x.expected,
       EXISTS (SELECT FROM application a WHERE a.invoice_id = 100 + x.k AND a.kind = 'bank_charge'
                                           AND a.amount = money_cur(x.shortfall, x.currency::currency)) AS matcher,
       (SELECT a.kind FROM application a WHERE a.invoice_id = 200 + x.k AND a.payment_id IS NULL) AS booked
FROM charge_case x;

SELECT results_eq($$SELECT k, matcher FROM answer ORDER BY k$$, $$SELECT k, expected FROM charge_case ORDER BY k$$,
                  'the matcher settles a payment short by accepted charges, and only those, booking them as bank_charge');
SELECT results_eq($$SELECT k, booked FROM answer ORDER BY k$$,
                  $$SELECT k, CASE WHEN expected THEN 'bank_charge' ELSE 'write_off' END FROM charge_case ORDER BY k$$,
                  'confirm_match books the same shortfalls as bank_charge, the others as write_off');
SELECT is((SELECT array_agg(what ORDER BY k) FROM answer WHERE matcher IS DISTINCT FROM (booked = 'bank_charge')), NULL,
          'the matcher and confirm_match agree on every case');
SELECT results_eq($$SELECT k, bank_charge_accepted(1, 10 + k, money_cur(1000.00, currency::currency),
                                                   money_cur(shortfall, currency::currency)) FROM charge_case ORDER BY k$$,
                  $$SELECT k, expected FROM charge_case ORDER BY k$$,
                  'bank_charge_accepted gives the same answers');
SELECT is(bank_charge_accepted(1, NULL, '1000.00 EUR', '42.42 EUR'), false, 'a payment of no known customer has no usual deduction');
SELECT throws_ok($$SELECT bank_charge_accepted(1, 17, '1000.00 EUR', '42.42 USD')$$, '42804',
                 'shortfall 42.42 USD is not in the currency of the invoiced 1000.00 EUR', 'a shortfall in another currency is refused');
SELECT throws_ok($$SELECT cash_charge_accepted(1, 'EUR', 100000, 0, 0.005, 5000, '{0}', '{EUR}', '{0}')$$, '22023',
                 'cash_charge_accepted needs positive charge_units, not 0', 'cash_charge_accepted checks the charges as cash_allocate_run does');

SELECT * FROM finish();
ROLLBACK;
