-- Security review (issue 16), findings 6, 7, 8 (the application
-- trigger), 11 (double reversal) and 13, replayed by a hostile clerk of
-- company 9001 who may also create objects in schema public.
BEGIN;
SET search_path = public, ar2c;
SELECT plan(46);

SELECT roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (9001, 'North GmbH', 'EUR'), (9002, 'South SA', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 9001, 'A', 'Alpha Werkzeuge GmbH', 'EUR'), (2, 9001, 'B', 'Bravo Logistik AG', 'EUR'),
  (3, 9002, 'C', 'Charlie Industrie SA', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (9001, 1, 11, 'A-11', '2026-06-01', '2026-07-01', '100.00 EUR'),
  (9001, 2, 12, 'B-12', '2026-06-01', '2026-07-01', '100.00 EUR'),
  (9001, 2, 13, 'B-13', '2026-06-01', '2026-07-01', '14727.16 EUR'),
  (9001, 1, 14, 'A-14', '2026-06-01', '2026-07-01', '200.00 EUR'),
  (9002, 3, 12146, 'SECRET-9002', '2026-06-01', '2026-07-01', '14727.16 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount) VALUES
  (9001, 1, '2026-06-30', '100.00 EUR'), (9001, 2, '2026-06-30', '1.00 EUR'),
  (9001, 3, '2026-06-30', '199.50 EUR'), (9002, 4, '2026-06-30', '10.00 EUR');
SELECT setval(pg_get_serial_sequence('ar2c.application', 'application_id'), 100), setval(pg_get_serial_sequence('ar2c.payment', 'payment_id'), 100);

SELECT ar2c.create_roles();
CREATE ROLE sec_hostile LOGIN IN ROLE ar2c_clerk;
CREATE ROLE sec_south LOGIN IN ROLE ar2c_clerk;
CREATE ROLE sec_approver LOGIN IN ROLE ar2c_admin;
GRANT CREATE ON SCHEMA public TO sec_hostile;
INSERT INTO company_access (role_name, company_id) VALUES ('sec_hostile', 9001), ('sec_south', 9002);

-- 6: foreign keys include the company
SET ROLE sec_hostile;
SELECT throws_ok($$INSERT INTO payment (company_id, customer_id, value_date, amount) VALUES (9001, 3, '2026-06-30', '5.00 EUR')$$,
                 '23503', NULL, '6: a payment of 9001 cannot name a customer of 9002');
SELECT throws_ok($$UPDATE payment SET customer_id = 3 WHERE payment_id = 1$$,
                 '23503', NULL, '6: nor be pointed at one');
SELECT throws_ok($$INSERT INTO payer_account (company_id, account, customer_id) VALUES (9001, 'DE00123', 3)$$,
                 '23503', NULL, '6: a payer account of 9001 cannot name a customer of 9002');
RESET ROLE;
INSERT INTO counterparty_statement (company_id, customer_id, statement_id, period_from, period_to, opening_balance, closing_balance)
VALUES (9002, 3, 77, '2026-06-01', '2026-06-30', '0.00 EUR', '0.00 EUR');
SET ROLE sec_hostile;
SELECT throws_ok($$INSERT INTO counterparty_statement_line (company_id, customer_id, statement_id, line_no, line_date, amount)
                   VALUES (9001, 3, 77, 1, '2026-06-01', '1.00 EUR')$$,
                 '23503', NULL, '6: nor a statement line of 9001 another company''s statement');

-- 6: the payment's customer follows its applications
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, 11, 1, '100.00 EUR', 'manual');
SELECT is((SELECT customer_id FROM payment WHERE payment_id = 1), 1::bigint, '6: applied to A, the payment is A''s');
SELECT throws_ok($$UPDATE payment SET customer_id = 2 WHERE payment_id = 1$$,
                 '23514', 'payment 1 is applied to customer 1', '6: an applied payment''s customer cannot be changed by hand');
INSERT INTO application (customer_id, kind, reverses_application_id) VALUES (1, 'reversal', 101);
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (2, 12, 1, '60.00 EUR', 'manual');
SELECT is((SELECT customer_id FROM payment WHERE payment_id = 1), 2::bigint, '6: reversed and applied to B, it is B''s');
SELECT is((SELECT count(*) FROM customer_statement(1, '2026-01-01', '2026-12-31') WHERE item_kind = 'payment'), 0::bigint,
          '6: A''s statement shows no payment');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (1, 11, 1, '10.00 EUR', 'manual')$$,
                 '23514', 'payment 1 is applied to customer 2, not 1', '6: one payment is not applied to two customers');
RESET ROLE;
SET session_replication_role = replica;
UPDATE payment SET customer_id = 1 WHERE payment_id = 1;
SET session_replication_role = DEFAULT;
SELECT is((SELECT array_agg(problem || ' ' || subject_id) FROM check_ledger()),
          ARRAY['payment customer differs from the customer of its applications 1'],
          '6: check_ledger() sees a payment whose customer is not its applications''');
SET session_replication_role = replica;
UPDATE payment SET customer_id = 2 WHERE payment_id = 1;
SET session_replication_role = DEFAULT;

-- 6: one bad payment never blocks a run: it is set aside with an alert
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, kind, principal_invoice_id) VALUES
  (9001, 2, 21, 'B-21', '2026-05-01', '2026-06-01', '300.00 EUR', 'principal', NULL),
  (9001, 2, 22, 'B-21-INT', '2026-06-20', '2026-06-30', '1.00 EUR', 'interest', 21),
  (9001, 1, 23, 'A-23', '2026-05-01', '2026-06-01', '436.20 EUR', 'principal', NULL);
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount, payer_name, remittance_text) VALUES
  (9001, 5, 1, '2026-06-30', '301.00 EUR', 'Bravo Logistik AG', 'B-21'),
  (9001, 6, NULL, '2026-06-30', '436.20 EUR', 'Alpha Werkzeuge GmbH', 'A-23');
-- (apply_cash locks customers and invoices: a clerk may not, see the report)
SET ROLE sec_approver;
SELECT lives_ok($$SELECT * FROM apply_cash(9001)$$, '6: a run with a payment known to be another customer''s succeeds');
SELECT is((SELECT status FROM payment WHERE payment_id = 6), 'applied', '6: the good payment is applied');
SELECT is((SELECT status || ' ' || match_state FROM payment WHERE payment_id = 5), 'unapplied queued',
          '6: the bad one waits for a person');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'payment_set_aside' AND subject_id = 5), 1::bigint,
          '6: with an alert');
-- (the run's temporary tables are the approver's until the end of the transaction)
DROP TABLE ar2c_run_payment, ar2c_apply, ar2c_run_held, ar2c_run_paid;

-- 13: a reversed auto-applied payment goes back to the queue
SELECT is((SELECT match_state FROM payment WHERE payment_id = 6), 'applied', '13: the payment was applied automatically');
RESET ROLE;
SET ROLE sec_hostile;
INSERT INTO application (customer_id, kind, reverses_application_id)
SELECT customer_id, 'reversal', application_id FROM application WHERE payment_id = 6;
SELECT is((SELECT status || ' ' || match_state FROM payment WHERE payment_id = 6), 'unapplied queued',
          '13: reversed, it is queued again');
SELECT is((SELECT count(*) FROM exception_queue WHERE payment_id = 6), 1::bigint, '13: the exception queue shows it');
RESET ROLE;
SET ROLE sec_approver;
SELECT is((SELECT sum(payments) FROM apply_cash(9001) WHERE outcome = 'applied'), 1::numeric, '13: and apply_cash takes it again');
DROP TABLE ar2c_run_payment, ar2c_apply, ar2c_run_held, ar2c_run_paid;
RESET ROLE;
SET ROLE sec_hostile;

-- 7: write-offs go through the policy and the approval, on every path
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, amount, kind, reason) VALUES (2, 13, '14726.16 EUR', 'write_off', 'x')$$,
                 '42501', NULL, '7: a clerk cannot insert a write-off of any size');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, amount, kind, reason) VALUES (2, 13, '0.01 EUR', 'write_off', 'x')$$,
                 '42501', NULL, '7: nor a small one without a threshold');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, amount, kind, reason) VALUES (2, 13, '14726.16 EUR', 'fx_difference', 'x')$$,
                 '42501', 'exchange difference of 14726.16 EUR on invoice B-13 needs an approval',
                 '7: nor an exchange difference, which lowers the invoice the same way');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, amount, kind, reason) VALUES (2, 13, '10.00 EUR', 'bank_charge', 'x')$$,
                 '42501', 'bank charge of 10.00 EUR on invoice B-13 needs an approval',
                 '7: nor bank charges without cash of a payment beside them');
SELECT throws_ok($$SELECT confirm_match(9001, 2, ARRAY[13::bigint], true)$$,
                 '42501', 'write-off of 14726.16 EUR on invoice B-13 needs an approval', '7: confirm_match does not write off 14,726.16 EUR as bank charges');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 13), '14727.16 EUR'::money_cur, '7: the invoice is untouched');
SELECT is(confirm_match(9001, 3, ARRAY[14::bigint], true), 2::bigint,
          '7: a short payment within the bank-charge allowance: two applications, and says two');
SELECT is((SELECT amount FROM application WHERE invoice_id = 14 AND kind = 'bank_charge'), '0.50 EUR'::money_cur,
          '7: the shortfall is booked as bank charges');
DROP TABLE ar2c_run_payment, ar2c_apply, ar2c_run_held, ar2c_run_paid;
RESET ROLE;
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, kind, principal_invoice_id) VALUES
  (9001, 1, 31, 'INV-2026-0031', '2026-05-01', '2026-06-01', '1000.00 EUR', 'principal', NULL),
  (9001, 1, 32, 'INV-2026-0031-I', '2026-06-20', '2026-06-30', '2.00 EUR', 'interest', 31);
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (9001, 7, '2026-06-30', '999.00 EUR', 'Alpha Werkzeuge GmbH', 'INV-2026-0031');
SET ROLE sec_approver;
SELECT lives_ok($$SELECT * FROM apply_cash(9001)$$, '7: a short payment of an invoice with interest charged on it is applied');
DROP TABLE ar2c_run_payment, ar2c_apply, ar2c_run_held, ar2c_run_paid;
SELECT is((SELECT string_agg(kind || ' ' || amount, ', ' ORDER BY application_id) FROM application WHERE invoice_id IN (31, 32)),
          'matched 2.00 EUR, matched 997.00 EUR, bank_charge 1.00 EUR', '7: interest first, then the invoice, and the bank charges booked');
RESET ROLE;
SET ROLE sec_hostile;
SELECT throws_ok($$INSERT INTO write_off_approval (company_id, customer_id, invoice_id, amount) VALUES (9001, 2, 13, '14726.16 EUR')$$,
                 '42501', NULL, '7: a clerk cannot approve a write-off');
SELECT is(write_off(13, '14726.16 EUR', 'insolvent'), NULL, '7: write_off() above the threshold is only pending');
RESET ROLE;
SET ROLE sec_approver;
SELECT ok(approve_write_off(13, '14726.16 EUR') IS NOT NULL, '7: an admin approves it');
SELECT is(write_off(13, '14726.16 EUR', 'insolvent'), NULL, '7: but cannot use the approval alone');
RESET ROLE;
SET ROLE sec_hostile;
SELECT ok(write_off(13, '14726.16 EUR', 'insolvent') IS NOT NULL, '7: the clerk writes it off with the approval');
SELECT is((SELECT requested_by || ' ' || approved_by FROM write_off_approval WHERE invoice_id = 13 AND application_id IS NOT NULL),
          'sec_hostile sec_approver',
          '7: who asked and who approved are recorded');
SELECT throws_ok($$SELECT write_off(12146, '1.00 EUR', 'x')$$, '23503', 'unknown invoice 12146',
                 '7: write_off() does not reach another company''s invoice');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_by) VALUES (2, 12, 1, '1.00 EUR', 'manual', 'somebody');
SELECT is((SELECT applied_by FROM application ORDER BY application_id DESC LIMIT 1), 'sec_hostile',
          '7: applied_by names who applied, whatever the insert says');

-- 8: visibility before amounts: nothing of another company in the error
SELECT throws_ok($$INSERT INTO application (company_id, customer_id, invoice_id, payment_id, amount, kind) VALUES (9001, 3, 12146, 1, '99999.00 EUR', 'manual')$$,
                 '23503', 'customer 3 does not exist', '8: another company''s invoice is not there, whatever the amount');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, amount, kind, reason) VALUES (3, 12146, '99999.00 EUR', 'write_off', 'x')$$,
                 '23503', 'customer 3 does not exist', '8: nor for a write-off');
SELECT throws_ok($$INSERT INTO application (company_id, customer_id, invoice_id, payment_id, amount, kind) VALUES (9002, 2, 12, 4, '1.00 EUR', 'manual')$$,
                 '23503', NULL, '8: nor another company''s payment');
RESET ROLE;
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (3, 12146, 4, '10.00 EUR', 'manual');
SET ROLE sec_hostile;
SELECT throws_ok($$INSERT INTO application (customer_id, kind, reverses_application_id) SELECT 3, 'reversal', max(application_id) FROM ar2c.application$$,
                 '23503', 'customer 3 does not exist', '8: nor another company''s application to reverse');

-- 11: a second reversal says so
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (2, 12, 1, '2.00 EUR', 'manual');
SELECT lives_ok($$INSERT INTO application (customer_id, kind, reverses_application_id) SELECT 2, 'reversal', max(application_id) FROM ar2c.application$$,
                '11: an application is reversed');
SELECT throws_ok($$INSERT INTO application (customer_id, kind, reverses_application_id) SELECT 2, 'reversal', max(application_id) - 1 FROM ar2c.application$$,
                 '23505', NULL, '11: and only once');

-- the hostile clerk's objects in public change nothing of the above
CREATE FUNCTION public.company_visible(bigint) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE FUNCTION public.visible_companies() RETURNS bigint[] LANGUAGE sql AS 'SELECT ''{9001,9002}''::bigint[]';
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (3, 12146, 1, '1.00 EUR', 'manual')$$,
                 '23503', 'customer 3 does not exist', 'functions of the clerk''s in public do not widen what it sees');
SELECT throws_ok($$SELECT write_off(12146, '1.00 EUR', 'x')$$, '23503', NULL, 'nor what write_off() reaches');
RESET ROLE;

SELECT is((SELECT count(*) FROM check_ledger()), 0::bigint, 'the ledger is exact');
SELECT is((SELECT count(*) FROM application a JOIN invoice i USING (customer_id, invoice_id) WHERE a.company_id <> i.company_id),
          0::bigint, 'no application crosses companies');

SELECT * FROM finish();
ROLLBACK;
