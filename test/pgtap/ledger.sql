-- The ledger: every refusal with its SQLSTATE, the credit seed example,
-- roles and row-level security
BEGIN;
SET search_path = public, ar2c;
SELECT plan(73);

SELECT is((SELECT aging_date FROM roll_aging('2026-06-30')), '2026-06-30'::date, 'the aging date is set');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR'), (2, 'Other Co', 'USD');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, credit_limit) VALUES
  (1, 1, 'C1', 'Beta AG', 'EUR', '5000000.00 EUR'),
  (2, 1, 'C2', 'Gamma', 'EUR', NULL),
  (3, 2, 'C3', 'Delta Inc', 'USD', NULL);
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 1, 'I-1', '2026-06-01', '2026-07-01', '100.00 EUR'),
  (1, 2, 2, 'I-2', '2026-06-01', '2026-07-01', '50.00 EUR'),
  (2, 3, 3, 'I-3', '2026-06-01', '2026-07-01', '70.00 USD');
INSERT INTO payment (company_id, payment_id, value_date, amount) VALUES
  (1, 1, '2026-06-30', '80.00 EUR'), (1, 2, '2026-06-30', '500.00 EUR'), (1, 3, '2026-06-30', '10.00 USD');
DO $$ BEGIN
    PERFORM setval(pg_get_serial_sequence('ar2c.' || t, c), 100)
    FROM (VALUES ('invoice', 'invoice_id'), ('payment', 'payment_id'), ('application', 'application_id'),
                 ('sales_order', 'order_id')) v(t, c);
END $$;

-- applications
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, 1, 2, '100.01 EUR', 'manual')$$,
                 '23514', 'applying 100.01 EUR to invoice I-1 would exceed its open amount 100.00 EUR', 'an invoice is never over-applied');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, 1, 1, '80.01 EUR', 'manual')$$,
                 '23514', NULL, 'a payment is never applied beyond its amount');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, 1, 3, '10.00 USD', 'manual')$$,
                 '42804', NULL, 'an application cannot mix currencies');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, 1, 3, '10.00 EUR', 'manual')$$,
                 '42804', NULL, 'nor apply a USD payment as EUR');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, amount, kind) VALUES (1, 1, '10.00 EUR', 'manual')$$,
                 '23514', NULL, 'a manual application needs a payment or credit note');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, 1, 1, '-5.00 EUR', 'manual')$$,
                 '23514', NULL, 'a negative application is not a reversal');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, 99, 1, '5.00 EUR', 'manual')$$,
                 '23503', NULL, 'the invoice must exist for that customer');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, 3, 1, '5.00 EUR', 'manual')$$,
                 '23503', NULL, 'another customer''s invoice is not found');

INSERT INTO application (customer_id, application_id, invoice_id, payment_id, amount, kind) VALUES (1, 1, 1, 1, '60.00 EUR', 'manual');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 1), '40.00 EUR'::money_cur, 'the application lowers the open amount');
SELECT throws_ok($$UPDATE application SET amount = '1.00 EUR'$$, '55000', 'cannot update ar2c.application: applications are append-only', 'no UPDATE of history');
SELECT throws_ok($$DELETE FROM application$$, '55000', NULL, 'no DELETE of history');
SELECT throws_ok($$TRUNCATE application$$, '55000', NULL, 'no TRUNCATE of history');
INSERT INTO application (customer_id, application_id, kind, reverses_application_id) VALUES (1, 2, 'reversal', 1);
SELECT is((SELECT (open_amount, status) FROM invoice WHERE invoice_id = 1), ('100.00 EUR'::money_cur, 'open'::text), 'a reversal restores the invoice');
SELECT is((SELECT (unapplied_amount, status) FROM payment WHERE payment_id = 1), ('80.00 EUR'::money_cur, 'unapplied'::text), 'and the payment');
SELECT throws_ok($$INSERT INTO application (customer_id, kind, reverses_application_id) VALUES (1, 'reversal', 1)$$,
                 '23505', NULL, 'an application is reversed once');
SELECT throws_ok($$INSERT INTO application (customer_id, kind, reverses_application_id) VALUES (1, 'reversal', 2)$$,
                 '23514', NULL, 'a reversal is not reversed');

-- across currencies: the invoice gets EUR, the payment gives up USD
SELECT lives_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, source_amount, kind, reason)
                  VALUES (2, 2, 3, '9.20 EUR', '10.00 USD', 'manual', 'converted at 0.92')$$, 'a USD payment settles a EUR invoice with source_amount');
SELECT is((SELECT (i.open_amount, p.unapplied_amount) FROM invoice i, payment p WHERE i.invoice_id = 2 AND p.payment_id = 3),
          ('40.80 EUR'::money_cur, '0.00 USD'::money_cur), 'each side moves in its own currency');

-- one statement, several rows: their sums are checked, each row is moved once
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind)
                   VALUES (1, 1, 2, '60.00 EUR', 'manual'), (1, 1, 2, '50.00 EUR', 'manual')$$,
                 '23514', 'applying 110.00 EUR to invoice I-1 would exceed its open amount 100.00 EUR',
                 'two applications of one statement together never over-apply an invoice');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind)
                   VALUES (1, 1, 1, '50.00 EUR', 'manual'), (1, 1, 1, '40.00 EUR', 'manual')$$,
                 '23514', 'applying 90.00 EUR from payment 1 would exceed its unapplied amount 80.00 EUR',
                 'nor a payment');
INSERT INTO application (customer_id, application_id, invoice_id, payment_id, amount, kind)
VALUES (2, 4, 2, 2, '10.00 EUR', 'manual'), (2, 5, 2, 2, '20.00 EUR', 'manual');
SELECT is((SELECT (i.open_amount, i.status, p.unapplied_amount, p.status, p.customer_id) FROM invoice i, payment p
           WHERE i.invoice_id = 2 AND p.payment_id = 2),
          ('10.80 EUR'::money_cur, 'partially_paid'::text, '470.00 EUR'::money_cur, 'partially_applied'::text, 2::bigint),
          'two applications of one statement move the invoice and the payment by their sum');
SELECT is((SELECT count(*) FROM check_ledger()), 0::bigint, 'and the balances follow');
SELECT throws_ok($$INSERT INTO application (customer_id, kind, reverses_application_id) VALUES (2, 'reversal', 4), (2, 'reversal', 4)$$,
                 '23505', NULL, 'one application is not reversed twice in one statement');
INSERT INTO application (customer_id, kind, reverses_application_id) VALUES (2, 'reversal', 4), (2, 'reversal', 5);
SELECT is((SELECT (i.open_amount, p.unapplied_amount) FROM invoice i, payment p WHERE i.invoice_id = 2 AND p.payment_id = 2),
          ('40.80 EUR'::money_cur, '500.00 EUR'::money_cur), 'reversals in one statement restore both');

-- derived columns are not written directly
SELECT throws_ok($$UPDATE invoice SET open_amount = '1.00 EUR' WHERE invoice_id = 1$$, '428C9', 'cannot set the open amount of an invoice directly', 'open_amount is maintained');
SELECT throws_ok($$UPDATE payment SET unapplied_amount = '1.00 EUR' WHERE payment_id = 1$$, '428C9', NULL, 'unapplied_amount is maintained');
INSERT INTO application (customer_id, application_id, invoice_id, payment_id, amount, kind) VALUES (1, 3, 1, 1, '30.00 EUR', 'manual');
SELECT throws_ok($$INSERT INTO application (customer_id, kind, reverses_application_id, amount) VALUES (1, 'reversal', 3, '-1.00 EUR')$$,
                 '23514', NULL, 'a reversal mirrors its original');
SELECT throws_ok($$UPDATE invoice SET amount = '20.00 EUR' WHERE invoice_id = 1$$, '23514', NULL, 'an invoice amount stays above what is applied');
SELECT throws_ok($$UPDATE invoice SET status = 'cancelled' WHERE invoice_id = 1$$, '23514', NULL, 'an invoice with applications is not cancelled');
SELECT throws_ok($$UPDATE payment SET status = 'returned' WHERE payment_id = 1$$, '23514', NULL, 'a payment with applications is not returned');
UPDATE invoice SET amount = '120.00 EUR' WHERE invoice_id = 1;
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 1), '90.00 EUR'::money_cur, 'a corrected amount moves the open amount by the difference');

-- aging and companies
SELECT throws_ok($$SELECT rebuild_aging(1, '2026-07-01')$$, '22023', 'cannot move the aging date for one company', 'the aging date is shared by all companies');
SELECT throws_ok($$SELECT roll_aging('2026-06-29')$$, '22023', 'cannot roll aging back from 2026-06-30 to 2026-06-29', 'aging moves forward only');
SELECT throws_ok($$UPDATE company SET aging_boundaries = '{60,30}' WHERE company_id = 1$$, '22023', NULL, 'bad boundaries are refused');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES (1, 1, 'I-X', '2026-06-01', '2026-05-01', '1.00 EUR')$$,
                 '23514', NULL, 'due before issue');

-- invoice checks with the refuse policy
UPDATE company SET invoice_check_policy = 'refuse' WHERE company_id = 1;
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES (1, 2, 'I-2b', '2026-06-01', '2026-07-01', '50.00 EUR')$$,
                 '23505', 'invoice I-2b duplicates invoice I-2 of the same customer: same amount 50.00 EUR and issue date 2026-06-01', 'a duplicate is refused');
INSERT INTO sales_order (company_id, customer_id, order_id, order_number, amount) VALUES (1, 2, 1, 'SO-1', '100.00 EUR');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, order_id) VALUES (1, 2, 'I-4', '2026-06-02', '2026-07-02', '102.00 EUR', 1)$$,
                 '23514', NULL, 'invoicing more than ordered beyond the tolerance is refused');
SELECT lives_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, order_id) VALUES (1, 2, 'I-5', '2026-06-02', '2026-07-02', '100.50 EUR', 1)$$,
                'within the 1% tolerance it passes');
SELECT throws_ok($$UPDATE invoice SET amount = '900.00 EUR' WHERE invoice_number = 'I-5'$$,
                 '23514', NULL, 'an UPDATE that invoices more than ordered is checked too');
SELECT throws_ok($$UPDATE invoice SET amount = CASE WHEN invoice_number = 'I-5' THEN '900.00 EUR'::money_cur ELSE amount END WHERE customer_id = 2$$,
                 '23514', NULL, 'so is one changed invoice among unchanged ones in a bulk UPDATE');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES (1, 2, 'I-USD', '2026-06-03', '2026-07-03', '75.00 USD')$$,
                 '23514', 'invoice I-USD is in USD, customer Gamma is billed in EUR', 'an invoice in another currency than the customer''s is refused under refuse');
INSERT INTO fx_rate (from_currency, to_currency, rate_date, rate) VALUES ('EUR', 'USD', '2026-06-01', 1.08);
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES (2, 3, 'I-EUR', '2026-06-03', '2026-07-03', '75.00 EUR');
SELECT is((SELECT details FROM alert WHERE kind = 'invoice_currency_mismatch'),
          '{"currency": "EUR", "billing_currency": "USD"}'::jsonb, 'and raises an alert under alert');
UPDATE invoice SET amount = '76.00 EUR' WHERE invoice_number = 'I-EUR';
SELECT is((SELECT count(*) FROM alert WHERE kind = 'invoice_currency_mismatch'), 2::bigint, 'a changed amount is checked again');

-- the seed example: three late periods lower the limit from 5,000,000 to 3,000,000
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES (1, 1, 'I-BIG', '2026-06-01', '2026-07-01', '2800000.00 EUR');
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 1, 'SO-A', '1000000.00 EUR');
SELECT is((SELECT status FROM sales_order WHERE order_number = 'SO-A'), 'open', 'with a 5,000,000 limit a 1,000,000 order passes');
UPDATE customer SET credit_limit = '3000000.00 EUR' WHERE customer_id = 1;
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 1, 'SO-B', '1000000.00 EUR');
SELECT is((SELECT status FROM sales_order WHERE order_number = 'SO-B'), 'credit_hold', 'with 3,000,000 the same order is held');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'credit_limit' AND subject_id = (SELECT order_id FROM sales_order WHERE order_number = 'SO-B')),
          1::bigint, 'and an alert is raised in the same transaction');
UPDATE company SET order_credit_policy = 'refuse' WHERE company_id = 1;
SELECT throws_ok($$INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 1, 'SO-C', '10.00 EUR')$$,
                 '23514', NULL, 'with the refuse policy the order is refused');

-- an invoiced order that grows (an upsert sent again with more) is checked again
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, credit_limit) VALUES (4, 1, 'C4', 'Epsilon', 'EUR', '1000.00 EUR');
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 4, 'SO-G', '500.00 EUR'), (1, 4, 'SO-H', '100.00 EUR');
INSERT INTO invoice (company_id, customer_id, invoice_number, order_id, issue_date, due_date, amount)
SELECT 1, 4, 'I-' || right(order_number, 1), order_id, '2026-06-10', '2026-07-10', amount FROM sales_order WHERE customer_id = 4;
SELECT is((SELECT string_agg(status, ',' ORDER BY order_number) FROM sales_order WHERE customer_id = 4), 'invoiced,invoiced', 'both orders are invoiced');
SELECT throws_ok($$INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 4, 'SO-G', '2000.00 EUR')
                   ON CONFLICT (customer_id, order_number) DO UPDATE SET amount = excluded.amount$$,
                 '23514', 'order SO-G would bring the exposure of customer Epsilon to 2100.00 EUR, over its credit limit 1000.00 EUR',
                 'with the refuse policy an invoiced order grown over the limit is refused');
UPDATE company SET order_credit_policy = 'hold' WHERE company_id = 1;
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 4, 'SO-G', '2000.00 EUR')
ON CONFLICT (customer_id, order_number) DO UPDATE SET amount = excluded.amount;
SELECT is((SELECT status FROM sales_order WHERE order_number = 'SO-G'), 'credit_hold', 'with hold it is held');
SELECT is((SELECT array_agg(subject_id) FROM alert WHERE kind = 'credit_limit' AND message LIKE 'order SO-G %'),
          (SELECT array_agg(order_id) FROM sales_order WHERE order_number = 'SO-G'), 'with one alert, about the order itself');
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 4, 'SO-H', '150.00 EUR')
ON CONFLICT (customer_id, order_number) DO UPDATE SET amount = excluded.amount;
SELECT is((SELECT status FROM sales_order WHERE order_number = 'SO-H'), 'open', 'within the limit it is open again, not released');

-- payments: the bank's reference is the natural key; likely duplicates raise an alert
INSERT INTO payment (company_id, value_date, amount, payer_account, end_to_end_id, bank_reference)
VALUES (1, '2026-06-30', '250.00 EUR', 'DE02120300000000202051', 'E2E-1', 'BR-1');
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount, bank_reference) VALUES (1, '2026-06-30', '250.00 EUR', 'BR-1')$$,
                 '23505', NULL, 'a payment sent again with the same bank reference is refused');
SELECT lives_ok($$INSERT INTO payment (company_id, value_date, amount, bank_reference) VALUES (1, '2026-06-30', '250.00 EUR', 'BR-1')
                  ON CONFLICT (company_id, bank_reference) WHERE bank_entry_id IS NULL DO NOTHING$$, 'ON CONFLICT on the natural key skips it');
SELECT is((SELECT count(*) FROM payment WHERE bank_reference = 'BR-1'), 1::bigint, 'the payment is stored once');
INSERT INTO payment (company_id, value_date, amount, end_to_end_id, bank_reference)
VALUES (1, '2026-07-01', '250.00 EUR', 'E2E-1', 'BR-2');
SELECT is((SELECT message FROM alert WHERE kind = 'duplicate_payment' AND subject_id = (SELECT payment_id FROM payment WHERE bank_reference = 'BR-2')),
          format('payment %s duplicates payment %s: same amount 250.00 EUR and end-to-end id E2E-1',
                 (SELECT payment_id FROM payment WHERE bank_reference = 'BR-2'), (SELECT payment_id FROM payment WHERE bank_reference = 'BR-1')),
          'the same amount and end-to-end id under another bank reference raises an alert');
INSERT INTO payment (company_id, value_date, amount, payer_account) VALUES (1, '2026-06-30', '250.00 EUR', 'DE02120300000000202051');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'duplicate_payment'), 2::bigint,
          'so do the same amount, payer account and value date without a reference');
INSERT INTO payment (company_id, value_date, amount, payer_account) VALUES (1, '2026-06-30', '250.00 USD', 'DE02120300000000202051');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'duplicate_payment'), 2::bigint, 'another currency is no duplicate');

-- credit notes: one that names an invoice is applied to it, in its currency and within its open amount
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES (1, 2, 'I-CN', '2026-05-05', '2026-06-04', '1200.00 EUR');
SELECT throws_ok($$INSERT INTO credit_note (company_id, customer_id, credit_note_number, invoice_id, issue_date, amount)
                   SELECT 1, 2, 'CN-BIG', invoice_id, '2026-06-10', '5000.00 EUR' FROM invoice WHERE invoice_number = 'I-CN'$$,
                 '23514', 'credit note CN-BIG of 5000.00 EUR exceeds the open amount 1200.00 EUR of invoice I-CN',
                 'a credit note larger than its invoice''s open amount is refused');
SELECT throws_ok($$INSERT INTO credit_note (company_id, customer_id, credit_note_number, invoice_id, issue_date, amount)
                   SELECT 1, 2, 'CN-USD', invoice_id, '2026-06-10', '100.00 USD' FROM invoice WHERE invoice_number = 'I-CN'$$,
                 '42804', 'credit note CN-USD is in USD, its invoice I-CN in EUR', 'a credit note in another currency than its invoice is refused');
INSERT INTO credit_note (company_id, customer_id, credit_note_number, invoice_id, issue_date, amount)
SELECT 1, 2, 'CN-1', invoice_id, '2026-06-10', '200.00 EUR' FROM invoice WHERE invoice_number = 'I-CN';
SELECT is((SELECT (open_amount, status) FROM invoice WHERE invoice_number = 'I-CN'), ('1000.00 EUR'::money_cur, 'partially_paid'::text),
          'a credit note naming an invoice lowers its open amount');
SELECT is((SELECT (unapplied_amount, status) FROM credit_note WHERE credit_note_number = 'CN-1'), ('0.00 EUR'::money_cur, 'applied'::text),
          'and is applied');
SELECT is((SELECT (a.kind, a.amount, a.applied_on) FROM application a JOIN credit_note n USING (customer_id, credit_note_id)
           WHERE n.credit_note_number = 'CN-1'), ('matched'::text, '200.00 EUR'::money_cur, '2026-06-10'::date),
          'by an application of the credit note, dated the note''s issue date');
INSERT INTO credit_note (company_id, customer_id, credit_note_number, invoice_id, issue_date, amount)
SELECT 1, 2, 'CN-2', invoice_id, '2026-06-11', '1000.00 EUR' FROM invoice WHERE invoice_number = 'I-CN';
SELECT is((SELECT (status, aging_bucket IS NULL) FROM invoice WHERE invoice_number = 'I-CN'), ('paid'::text, true),
          'credited in full, the invoice is settled: no longer overdue nor dunned');
INSERT INTO credit_note (company_id, customer_id, credit_note_number, issue_date, amount) VALUES (1, 2, 'CN-3', '2026-06-12', '50.00 EUR');
SELECT is((SELECT status FROM credit_note WHERE credit_note_number = 'CN-3'), 'unapplied', 'a credit note naming no invoice waits to be applied');

-- roles and row-level security
SELECT lives_ok('SELECT ar2c.create_roles()', 'the roles are created');
CREATE ROLE ar2c_test_clerk LOGIN IN ROLE ar2c_clerk;
CREATE ROLE ar2c_test_bi LOGIN IN ROLE ar2c_reporting;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_clerk', 1), ('ar2c_test_bi', 2);
SET ROLE ar2c_test_clerk;
SELECT is((SELECT array_agg(DISTINCT company_id) FROM invoice), '{1}'::bigint[], 'a clerk sees only its company''s invoices');
RESET ROLE;
SET ROLE ar2c_test_bi;
SELECT throws_ok($$SELECT * FROM invoice$$, '42501', NULL, 'the reporting role cannot read tables');
SELECT is((SELECT array_agg(DISTINCT company_id) FROM aging_detail), '{2}'::bigint[], 'but reads the views, for its company only');
SELECT lives_ok($$SELECT * FROM aging_detail, aging_summary_by_customer, aging_summary_by_company, customer_balances, open_items$$,
                'every column of every BI view is readable by the reporting role');
SELECT is((SELECT count(*) FROM customer_balances WHERE exposure IS NOT NULL), (SELECT count(*) FROM customer_balances), 'with exposure for its customers');
RESET ROLE;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_gone', 1);
CREATE ROLE ar2c_test_gone;
DROP ROLE ar2c_test_gone;
SET ROLE ar2c_test_clerk;
SELECT lives_ok($$SELECT * FROM invoice$$, 'a dropped role left in company_access does not break access');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
