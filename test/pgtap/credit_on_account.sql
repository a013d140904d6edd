-- Credit on account: apply_cash() applies the open credit notes that name
-- no invoice to their customer's open invoices in the note's currency,
-- the invoices the note's reason names first, then the oldest due date;
-- never beyond the note or the invoice; per company policy; as a clerk,
-- within the companies the clerk sees
BEGIN;
SET search_path = public, ar2c;
SELECT plan(28);

SELECT is((SELECT aging_date FROM roll_aging('2026-06-30')), '2026-06-30'::date, 'the aging date is set');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR'), (3, 'Other', 'EUR');
INSERT INTO company (company_id, name, functional_currency, credit_note_policy) VALUES (2, 'Keep GmbH', 'EUR', 'keep_on_account');
SELECT throws_ok($$UPDATE company SET credit_note_policy = 'newest_first' WHERE company_id = 1$$, '23514', NULL,
                 'an unknown credit note policy is refused');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 1, 'C1', 'Nordwind Logistik GmbH', 'EUR'), (2, 1, 'C2', 'Lemaire Provisions', 'EUR'),
  (3, 1, 'C3', 'Baltic Timber Oy', 'EUR'), (4, 2, 'C4', 'Kept Kunde AG', 'EUR'), (5, 3, 'C5', 'Hidden SA', 'EUR'),
  (6, 1, 'C6', 'Corrected Ltd', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 10, 'INV-2026-010', '2026-02-01', '2026-03-01', '200.00 EUR'),
  (1, 1, 11, 'INV-2026-011', '2026-03-01', '2026-04-01', '300.00 EUR'),
  (1, 1, 12, 'INV-2026-012', '2026-04-01', '2026-05-01', '500.00 EUR'),
  (1, 1, 13, 'INV-2026-013', '2026-07-01', '2026-08-01', '400.00 EUR'),
  (1, 1, 14, 'INV-2026-014', '2026-01-01', '2026-02-01', '100.00 USD'),
  (1, 2, 21, 'INV-2026-021', '2026-04-01', '2026-05-01', '250.00 EUR'),
  (1, 3, 31, 'INV-2026-031', '2026-04-10', '2026-05-10', '700.00 EUR'),
  (2, 4, 41, 'K-041', '2026-04-01', '2026-05-01', '400.00 EUR'),
  (3, 5, 51, 'H-051', '2026-04-01', '2026-05-01', '400.00 EUR'),
  (1, 6, 61, 'INV-2026-061', '2026-04-01', '2026-05-01', '100.00 EUR');
INSERT INTO dispute (company_id, customer_id, invoice_id, reason, opened_on) VALUES (1, 1, 10, 'wrong price', '2026-03-05');
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (1, 1, 'standard', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel, min_amount, fee, annual_interest_rate, grace_days)
VALUES (1, 1, 1, 5, 'email', 10, 0, 0, 10);
INSERT INTO credit_note (company_id, customer_id, credit_note_number, issue_date, amount, reason) VALUES
  (1, 1, 'CN-11', '2026-06-01', '600.00 EUR', 'goodwill'),
  (1, 1, 'CN-12', '2026-06-02', '100.00 EUR', 'price correction on INV-2026-013'),
  (1, 1, 'CN-13', '2026-06-03', '50.00 USD', NULL),
  (1, 1, 'CN-14', '2026-06-04', '30.00 GBP', 'no invoice in GBP'),
  (1, 2, 'CN-21', '2026-06-05', '250.00 EUR', 'returned goods'),
  (1, 3, 'CN-31', '2026-06-06', '1000.00 EUR', 'volume rebate'),
  (2, 4, 'CN-41', '2026-06-07', '100.00 EUR', NULL),
  (3, 5, 'CN-51', '2026-06-08', '100.00 EUR', NULL);
-- a note that named its invoice, whose application a person reversed, is
-- that person's to apply again
INSERT INTO credit_note (company_id, customer_id, credit_note_number, invoice_id, issue_date, amount)
VALUES (1, 6, 'CN-61', 61, '2026-06-09', '40.00 EUR');
INSERT INTO application (customer_id, kind, reverses_application_id, reason)
SELECT 6, 'reversal', application_id, 'credited the wrong invoice' FROM application WHERE customer_id = 6;

SELECT ok(2 IN (SELECT customer_id FROM dunning_candidates('2026-06-30', 1)),
          'before the run, a customer whose overdue invoice a credit note covers is dunned');

-- a clerk who sees companies 1 and 2 runs cash application for all
SELECT lives_ok('SELECT ar2c.create_roles()', 'the roles are created');
CREATE ROLE ar2c_test_credit_clerk IN ROLE ar2c_clerk;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_credit_clerk', 1), ('ar2c_test_credit_clerk', 2);
SET ROLE ar2c_test_credit_clerk;
SELECT is((SELECT count(*) FROM ar2c.credit_lock_invoices(ARRAY[5]::bigint[])), 0::bigint,
          'the locking helpers lock and show nothing of a company the clerk does not see');
CREATE TEMP TABLE run1 AS SELECT * FROM ar2c.apply_cash();
RESET ROLE;
CREATE ROLE ar2c_test_credit_reader IN ROLE ar2c_reporting;
SET ROLE ar2c_test_credit_reader;
SELECT throws_ok('SELECT * FROM ar2c.credit_lock_on_account(NULL)', '42501', NULL, 'a role that does not apply cash may not lock credit notes');
RESET ROLE;
SELECT results_eq($$SELECT outcome, rule, payments, amount, currency FROM run1$$,
                  $$VALUES ('applied', 'credit note', 4::bigint, 1650.00, 'EUR'), ('applied', 'credit note', 1::bigint, 50.00, 'USD')$$,
                  'the run reports the credit notes it applied, per currency');

SELECT results_eq($$SELECT invoice_number, open_amount FROM invoice WHERE customer_id = 1 ORDER BY invoice_id$$,
                  $$VALUES ('INV-2026-010', '200.00 EUR'::money_cur), ('INV-2026-011', '0.00 EUR'), ('INV-2026-012', '200.00 EUR'),
                           ('INV-2026-013', '300.00 EUR'), ('INV-2026-014', '50.00 USD')$$,
                  'notes go to the invoices in their currency: the one the reason names first, then oldest due date first, disputed ones left');
SELECT results_eq($$SELECT n.credit_note_number, i.invoice_number, a.amount, a.source_amount, a.kind, a.reason
                    FROM application a JOIN credit_note n USING (customer_id, credit_note_id)
                    JOIN invoice i ON i.customer_id = a.customer_id AND i.invoice_id = a.invoice_id
                    WHERE a.customer_id = 1 ORDER BY a.application_id$$,
                  $$VALUES ('CN-11', 'INV-2026-011', '300.00 EUR'::money_cur, '300.00 EUR'::money_cur, 'matched',
                            'credit note CN-11 on account, oldest open invoice first'),
                           ('CN-11', 'INV-2026-012', '300.00 EUR', '300.00 EUR', 'matched', 'credit note CN-11 on account, oldest open invoice first'),
                           ('CN-12', 'INV-2026-013', '100.00 EUR', '100.00 EUR', 'matched', 'credit note CN-12 on account, named in its reason'),
                           ('CN-13', 'INV-2026-014', '50.00 USD', '50.00 USD', 'matched', 'credit note CN-13 on account, oldest open invoice first')$$,
                  'each application is of kind matched, with the note, in invoice order, and says why');
SELECT is((SELECT array_agg(DISTINCT applied_by) FROM application WHERE credit_note_id IS NOT NULL AND customer_id <> 6),
          '{ar2c_test_credit_clerk}'::text[], 'the clerk who ran it applied them');
SELECT results_eq($$SELECT credit_note_number, unapplied_amount, status FROM credit_note WHERE customer_id = 1 ORDER BY credit_note_id$$,
                  $$VALUES ('CN-11', '0.00 EUR'::money_cur, 'applied'), ('CN-12', '0.00 EUR', 'applied'), ('CN-13', '0.00 USD', 'applied'),
                           ('CN-14', '30.00 GBP', 'unapplied')$$,
                  'a note in a currency the customer owes nothing in stays on account');
SELECT results_eq($$SELECT n.unapplied_amount, n.status, i.open_amount, i.status FROM credit_note n JOIN invoice i ON i.customer_id = n.customer_id
                    WHERE n.credit_note_number = 'CN-31'$$,
                  $$VALUES ('300.00 EUR'::money_cur, 'partially_applied', '0.00 EUR'::money_cur, 'paid')$$,
                  'a note larger than what is open settles it and keeps the rest: never over-applied');
SELECT is((SELECT unapplied_amount FROM credit_note WHERE credit_note_number = 'CN-41'), '100.00 EUR'::money_cur,
          'under keep_on_account a note waits for a person');
SELECT is((SELECT unapplied_amount FROM credit_note WHERE credit_note_number = 'CN-51'), '100.00 EUR'::money_cur,
          'a note of a company the clerk does not see is left alone');
SELECT is((SELECT (n.unapplied_amount, i.open_amount) FROM credit_note n JOIN invoice i ON i.customer_id = n.customer_id WHERE n.credit_note_number = 'CN-61'),
          ('40.00 EUR'::money_cur, '100.00 EUR'::money_cur), 'a note naming its invoice is not applied again once reversed');
SELECT is((SELECT (status, aging_bucket IS NULL) FROM invoice WHERE invoice_id = 21), ('paid'::text, true),
          'a credit note covering an overdue invoice settles it');
SELECT ok(2 NOT IN (SELECT customer_id FROM dunning_candidates('2026-06-30', 1)),
          'and its customer is no longer dunned');
SELECT ok(1 IN (SELECT customer_id FROM dunning_candidates('2026-06-30', 1)),
          'a customer with an overdue invoice the notes did not cover still is');

-- again: nothing new
SET ROLE ar2c_test_credit_clerk;
SELECT is((SELECT count(*) FROM ar2c.apply_cash() WHERE rule = 'credit note'), 0::bigint, 'a second run applies no credit note');
RESET ROLE;
SELECT is((SELECT count(*) FROM application WHERE credit_note_id IS NOT NULL), 8::bigint, 'and writes no application');
-- a new invoice takes what is left of a note
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 3, 32, 'INV-2026-032', '2026-06-20', '2026-07-20', '500.00 EUR');
SELECT results_eq($$SELECT outcome, rule, payments, amount, currency FROM ar2c.apply_cash(1)$$,
                  $$VALUES ('applied', 'credit note', 1::bigint, 300.00, 'EUR')$$, 'the next run applies the rest of a note to a new invoice');
SELECT is((SELECT (n.status, i.open_amount) FROM credit_note n JOIN invoice i ON i.customer_id = n.customer_id AND i.invoice_id = 32
           WHERE n.credit_note_number = 'CN-31'), ('applied'::text, '200.00 EUR'::money_cur), 'the note is then applied in full');

-- several notes and invoices of one customer: the older note first, each
-- note's named invoice before the oldest, every amount exact
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (7, 1, 'C7', 'Many Notes GmbH', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 7, 71, 'M-71', '2026-03-01', '2026-04-01', '100.00 EUR'),
  (1, 7, 72, 'M-72', '2026-03-02', '2026-04-02', '100.00 EUR'),
  (1, 7, 73, 'M-73', '2026-03-03', '2026-04-03', '100.00 EUR'),
  (1, 7, 74, 'M-74', '2026-03-04', '2026-04-04', '100.00 EUR');
INSERT INTO credit_note (company_id, customer_id, credit_note_number, issue_date, amount, reason) VALUES
  (1, 7, 'MN-1', '2026-06-01', '150.00 EUR', 'for M-73 and M-74'),
  (1, 7, 'MN-2', '2026-06-02', '120.00 EUR', 'for M-73'),
  (1, 7, 'MN-3', '2026-06-03', '80.00 EUR', NULL);
SELECT lives_ok('SELECT * FROM ar2c.apply_cash(1)', 'a run over several notes of one customer');
SELECT results_eq($$SELECT n.credit_note_number, a.invoice_id, ar2c.amount(a.amount)
                    FROM application a JOIN credit_note n ON n.customer_id = a.customer_id AND n.credit_note_id = a.credit_note_id
                    WHERE a.customer_id = 7 ORDER BY 1, 2$$,
                  $$VALUES ('MN-1', 73::bigint, 100.00), ('MN-1', 74, 50.00), ('MN-2', 71, 100.00), ('MN-2', 72, 20.00),
                           ('MN-3', 72, 80.00)$$,
                  'named invoices first, a named invoice already credited passes the rest on to the oldest');
SELECT results_eq($$SELECT invoice_id, open_amount FROM invoice WHERE customer_id = 7 ORDER BY 1$$,
                  $$VALUES (71::bigint, '0.00 EUR'::money_cur), (72, '0.00 EUR'), (73, '0.00 EUR'), (74, '50.00 EUR')$$,
                  'no invoice credited beyond its open amount');

-- a superuser sees every company
SELECT lives_ok('SELECT * FROM ar2c.apply_cash()', 'a run that sees company 3');
SELECT is((SELECT unapplied_amount FROM credit_note WHERE credit_note_number = 'CN-51'), '0.00 EUR'::money_cur,
          'applies its note');
SELECT is((SELECT count(*) FROM check_ledger()), 0::bigint, 'the ledger stays exact');

SELECT * FROM finish();
ROLLBACK;
