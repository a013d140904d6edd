-- Dunning: idempotency, escalation timing and grace days, pauses for
-- disputes and promises, broken promises, minimum amounts, interest on a
-- declining balance, the payment order, alerts, refusals with SQLSTATE
BEGIN;
SET search_path = public, ar2c;
SELECT plan(71);
-- the tests give invoices their own ids; fees and interest take the sequence's
DO $$ BEGIN PERFORM setval('ar2c.invoice_invoice_id_seq', 1000); END $$;

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email) VALUES
  (1, 1, 'C-1', 'One', 'EUR', 'en', 'one@example.com'),
  (2, 1, 'C-2', 'Two', 'EUR', 'de', 'two@example.com'),
  (3, 1, 'C-3', 'Three', 'EUR', 'fr', NULL),
  (4, 1, 'C-4', 'Four', 'EUR', 'en', NULL);
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (1, 1, 'standard', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel, min_amount, fee, annual_interest_rate, grace_days) VALUES
  (1, 1, 1, 5, 'email', 10, 0, 0, 10),
  (1, 1, 2, 20, 'email', 10, 0, 0, 10),
  (1, 1, 3, 40, 'letter', 10, 5, 0.10, 10),
  (1, 1, 4, 80, 'legal', 10, 0, 0, 0);
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body)
SELECT 1, 1, l, 'en', 'Level {{level}}', '{{#items}}{{invoice_number}} {{open_amount}};{{/items}} total {{total}}'
FROM generate_series(1, 4) l;

-- customer 1: 1000.00 due 2026-01-01; customer 2: 5.00 (under the minimum);
-- customer 3: disputed; customer 4: under a promise
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 1, 'I-1', '2025-12-01', '2026-01-01', '1000.00 EUR'),
  (1, 2, 2, 'I-2', '2025-12-01', '2026-01-01', '5.00 EUR'),
  (1, 3, 3, 'I-3', '2025-12-01', '2026-01-01', '700.00 EUR'),
  (1, 4, 4, 'I-4', '2025-12-01', '2026-01-01', '300.00 EUR');
INSERT INTO dispute (company_id, customer_id, invoice_id, reason, opened_on) VALUES (1, 3, 3, 'wrong price', '2026-01-02');
INSERT INTO promise_to_pay (company_id, customer_id, amount, promised_date, recorded_on)
VALUES (1, 4, '300.00 EUR', '2026-01-25', '2026-01-05');

-- nothing before the first level's days
SELECT is((SELECT notices FROM run_dunning(NULL, date '2026-01-05')), 0::bigint, 'day 4: no item is 5 days overdue yet');
SELECT is((SELECT notices FROM run_dunning(NULL, date '2026-01-06')), 1::bigint, 'day 5: one notice');
SELECT results_eq($$SELECT customer_id, level FROM dunning_notice$$, $$VALUES (1::bigint, 1)$$,
                  'level 1 for customer 1 only: 5.00 is under the minimum, the dispute and the promise pause the others');
SELECT is((SELECT address FROM dunning_notice WHERE customer_id = 1), 'one@example.com', 'the e-mail address is the customer''s');
SELECT is((SELECT body FROM dunning_notice WHERE customer_id = 1), 'I-1 EUR 1,000.00; total EUR 1,000.00', 'the body is rendered');

-- idempotent: the same day again writes nothing, and says so
SELECT results_eq($$SELECT notices, items, charges, alerts FROM run_dunning(NULL, date '2026-01-06')$$,
                  $$VALUES (0::bigint, 0::bigint, 0::bigint, 0::bigint)$$, 'a second run for the day writes nothing');
SELECT is((SELECT count(*) FROM dunning_notice), 1::bigint, 'still one notice');
SELECT throws_ok($$SELECT * FROM run_dunning(NULL, date '2026-01-05')$$, '22023', NULL, 'a day before the last run is refused');
SELECT throws_ok($$SELECT * FROM run_dunning(NULL::bigint, NULL)$$, '22023', NULL, 'a NULL day is refused');
SELECT throws_ok($$SELECT * FROM run_dunning(99, '2026-02-01')$$, '23503', NULL, 'an unknown company is refused');

-- grace days: level 2's 20 days are reached on 01-21, but level 1's grace
-- (10 days from 01-06) ended on 01-16; before that nothing, however late
SELECT is((SELECT notices FROM run_dunning(NULL, date '2026-01-15')), 0::bigint, 'no escalation within the grace days');
SELECT is((SELECT notices FROM run_dunning(NULL, date '2026-01-20')), 0::bigint, 'grace over, but level 2''s days not reached');
SELECT is((SELECT notices FROM run_dunning(NULL, date '2026-01-21')), 1::bigint, 'level 2 once both hold');
SELECT is((SELECT max(level) FROM dunning_notice WHERE customer_id = 1), 2, 'customer 1 is at level 2');

-- one level at a time: at 200 days the next notice is still only level 3
SELECT is((SELECT notices FROM run_dunning(NULL, date '2026-07-20')), 2::bigint, 'two notices on 07-20');
SELECT is((SELECT level FROM dunning_notice WHERE customer_id = 1 AND as_of = '2026-07-20'), 3, 'level 3, not 4, after level 2');

-- the promise to customer 4 was broken on 01-25: dunning resumed, at level 1
SELECT is((SELECT status FROM promise_to_pay WHERE customer_id = 4), 'broken', 'the promise is broken');
SELECT is((SELECT level FROM dunning_notice WHERE customer_id = 4 AND as_of = '2026-07-20'), 1, 'customer 4 is dunned again');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'promise_broken' AND customer_id = 4), 1::bigint, 'one alert for the broken promise');

-- the dispute pauses customer 3 until it is resolved
SELECT is((SELECT count(*) FROM dunning_notice WHERE customer_id = 3), 0::bigint, 'nothing for the disputed item');
UPDATE dispute SET resolved_on = '2026-07-21', resolution = 'price confirmed' WHERE customer_id = 3;
SELECT is((SELECT disputed FROM invoice WHERE invoice_id = 3), false, 'resolving the dispute clears the flag');
SELECT is((SELECT notices FROM run_dunning(NULL, date '2026-07-21')), 1::bigint, 'the resolved item is dunned the next day');
SELECT is((SELECT level FROM dunning_notice WHERE customer_id = 3), 1, 'at level 1');

-- a broken promise resumes at the NEXT level, before that level's days
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (5, 1, 'C-5', 'Five', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 5, 5, 'I-5', '2026-07-01', '2026-07-15', '100.00 EUR');
SELECT is((SELECT notices FROM run_dunning(NULL, date '2026-07-22')), 1::bigint, 'customer 5 at level 1 (7 days)');
INSERT INTO promise_to_pay (company_id, customer_id, amount, promised_date, recorded_on)
VALUES (1, 5, '100.00 EUR', '2026-08-02', '2026-07-23');
SELECT lives_ok($$SELECT * FROM run_dunning(NULL, date '2026-08-01')$$, 'a run while the promise runs');
SELECT is((SELECT count(*) FROM dunning_notice WHERE customer_id = 5 AND as_of = '2026-08-01'), 0::bigint,
          'no notice while the promise runs (17 days, grace over)');
SELECT lives_ok($$SELECT * FROM run_dunning(NULL, date '2026-08-03')$$, 'a run the day after the promised date');
SELECT is((SELECT level FROM dunning_notice WHERE customer_id = 5 AND as_of = '2026-08-03'), 2,
          'broken on 08-03: level 2 at 19 days, under level 2''s 20');

-- a kept promise is marked kept
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES (1, 1, 2, '2026-08-04', '5.00 EUR');
INSERT INTO promise_to_pay (company_id, customer_id, amount, promised_date, recorded_on)
VALUES (1, 2, '5.00 EUR', '2026-08-10', '2026-08-04');
INSERT INTO application (company_id, customer_id, invoice_id, payment_id, amount, kind, applied_on)
VALUES (1, 2, 2, 1, '5.00 EUR', 'manual', '2026-08-05');
SELECT is((SELECT promises_kept FROM run_dunning(NULL, date '2026-08-06')), 1::bigint, 'the paid promise is kept');

-- interest on a declining balance, actual/365: 1000.00 due 09-01, 400.00
-- applied on 09-11; on 10-01: 9 days at 1000.00 + 21 days at 600.00 at 10%
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (6, 1, 'C-6', 'Six', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 6, 6, 'I-6', '2026-08-01', '2026-09-01', '1000.00 EUR');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES (1, 2, 6, '2026-09-11', '400.00 EUR');
INSERT INTO application (company_id, customer_id, invoice_id, payment_id, amount, kind, applied_on)
VALUES (1, 6, 6, 2, '400.00 EUR', 'manual', '2026-09-11');
SELECT is(dunning_interest_on(6, 6, '2026-09-01', '2026-10-01', 0.10), '5.92 EUR'::money_cur,
          '(9 x 1000.00 + 21 x 600.00) x 10% / 365 = 5.9178 -> 5.92');
SELECT is(dunning_interest_on(6, 6, '2026-09-01', '2026-09-10', 0.10), '2.47 EUR'::money_cur,
          'before the payment: 9 x 1000.00 x 10% / 365 = 2.4658 -> 2.47');
SELECT is(dunning_interest_on(6, 6, '2026-09-11', '2026-09-11', 0.10), NULL, 'no days, no interest');
-- the level 3 notice charges it, with the fee, as items of their own
UPDATE dunning_level SET days_overdue = 1 WHERE policy_id = 1 AND level = 1;
SELECT lives_ok($$SELECT * FROM run_dunning(NULL, date '2026-09-02')$$, 'level 1 for customer 6');
SELECT lives_ok($$SELECT * FROM run_dunning(NULL, date '2026-09-21')$$, 'level 2 for customer 6 at 20 days');
SELECT lives_ok($$SELECT * FROM run_dunning(NULL, date '2026-10-11')$$, 'level 3 for customer 6 at 40 days');
-- 9 days at 1000.00 + 31 days at 600.00 at 10% = 7.5616
SELECT results_eq($$SELECT level, principal, fee, interest, total FROM dunning_notice WHERE customer_id = 6 AND as_of = '2026-10-11'$$,
                  $$VALUES (3, '600.00 EUR'::money_cur, '5.00 EUR'::money_cur, '7.56 EUR'::money_cur, '612.56 EUR'::money_cur)$$,
                  'the notice charges a fee of 5.00 and interest of 7.56');
SELECT results_eq($$SELECT kind, amount, principal_invoice_id FROM invoice WHERE customer_id = 6 AND kind <> 'principal' ORDER BY kind$$,
                  $$VALUES ('fee', '5.00 EUR'::money_cur, NULL::bigint), ('interest', '7.56 EUR'::money_cur, 6::bigint)$$,
                  'the fee and the interest are invoices; the interest points at its principal');

-- the payment order: costs, then interest, then principal
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES (1, 3, 6, '2026-10-05', '50.00 EUR');
SELECT results_eq($$SELECT i.kind, a.amount FROM settle_in_order(6, 3) a JOIN invoice i USING (customer_id, invoice_id) ORDER BY a.application_id$$,
                  $$VALUES ('fee', '5.00 EUR'::money_cur), ('interest', '7.56 EUR'::money_cur), ('principal', '37.44 EUR'::money_cur)$$,
                  '50.00 settles the fee 5.00, the interest 7.56, then 37.44 of principal');
SELECT is((SELECT unapplied_amount FROM payment WHERE payment_id = 3), '0.00 EUR'::money_cur, 'the payment is fully applied');
SELECT is((SELECT count(*) FROM check_ledger()), 0::bigint, 'the ledger''s invariants hold');
-- a policy may say principal first
INSERT INTO dunning_policy (company_id, policy_id, name, payment_order) VALUES (1, 2, 'principal first', 'principal_first');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, kind)
VALUES (1, 6, 60, 'FEE-X', '2026-10-01', '2026-10-15', '3.00 EUR', 'fee');
UPDATE customer SET dunning_policy_id = 2 WHERE customer_id = 6;
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES (1, 4, 6, '2026-10-06', '20.00 EUR');
SELECT results_eq($$SELECT i.kind, a.amount FROM settle_in_order(6, 4, '10.00 EUR', reason => 'remittance names I-6') a
                    JOIN invoice i USING (customer_id, invoice_id)$$,
                  $$VALUES ('principal', '10.00 EUR'::money_cur)$$, 'principal_first: the principal first');
SELECT is((SELECT reason FROM application WHERE payment_id = 4), 'remittance names I-6; principal I-6 settled in the order principal, interest, costs',
          'the caller''s reason and the order go into the application');
SELECT throws_ok($$SELECT * FROM settle_in_order(6, 4, '11.00 EUR')$$, '23514', NULL, 'more than the unapplied amount is refused');
SELECT throws_ok($$SELECT * FROM settle_in_order(6, 4, '1.00 USD')$$, '42804', NULL, 'another currency is refused');
-- cash application settles an invoice's charges first too
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (17, 1, 'C-17', 'Seventh Heaven Trading', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 17, 170, 'INV-2026-00170', '2026-08-01', '2026-09-01', '1000.00 EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, kind, principal_invoice_id)
VALUES (1, 17, 171, 'INT-17-170', '2026-10-01', '2026-10-15', '8.00 EUR', 'interest', 170);
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text)
VALUES (1, 170, '2026-10-20', '1000.00 EUR', 'Seventh Heaven Trading', 'INV-2026-00170');
SELECT lives_ok($$SELECT * FROM apply_cash(1)$$, 'apply_cash runs');
SELECT results_eq($$SELECT i.kind, a.amount FROM application a JOIN invoice i USING (customer_id, invoice_id)
                    WHERE a.payment_id = 170 ORDER BY a.application_id$$,
                  $$VALUES ('interest', '8.00 EUR'::money_cur), ('principal', '992.00 EUR'::money_cur)$$,
                  'a payment matched to INV-2026-00170 pays its interest 8.00 first, then 992.00 of it');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 170), '8.00 EUR'::money_cur, 'the principal keeps 8.00 open');

-- items crossing 90 days overdue since the last run raise one alert each
SELECT is((SELECT count(*) FROM alert WHERE kind = 'overdue_90' AND subject_id = 6), 0::bigint, 'I-6 was 40 days overdue at the last run: no alert');
SELECT lives_ok($$SELECT * FROM run_dunning(NULL, date '2026-12-01')$$, 'a run at 91 days');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'overdue_90' AND subject_id = 6), 1::bigint, 'one alert for I-6 crossing 90 days');

-- refusals
SELECT throws_ok($$INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body) VALUES (1, 1, 1, 'de', 'x', '{{#items}}')$$,
                 '22023', NULL, 'an unclosed section is refused');
SELECT throws_ok($$INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel) VALUES (1, 1, 6, 100, 'email')$$,
                 '23514', 'dunning policy 1 has no level 5', 'a gap in the levels is refused');

SELECT throws_ok($$INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel) VALUES (1, 1, 5, 70, 'email')$$,
                 '23514', 'level 5 of dunning policy 1 starts at 70 days overdue, not after level 4''s 80',
                 'days overdue that do not increase are refused');
SELECT throws_ok($$INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel) VALUES (1, 1, 5, 100, 'fax')$$,
                 '23514', NULL, 'an unknown channel is refused');
SELECT throws_ok($$SELECT mark_notice_sent(-1)$$, 'P0002', 'dunning notice -1 does not exist', 'marking an unknown notice is refused');
SELECT lives_ok($$SELECT mark_notice_sent((SELECT min(notice_id) FROM dunning_notice))$$, 'a pending notice is marked sent');
SELECT throws_ok($$SELECT mark_notice_failed((SELECT min(notice_id) FROM dunning_notice), 'late bounce')$$, '55000', NULL,
                 'a sent notice cannot be marked failed');
SELECT is((SELECT status FROM mark_notice_failed((SELECT max(notice_id) FROM dunning_notice), 'no such address', false)),
          'failed', 'a failure without retry gives up');
SELECT throws_ok($$SELECT dunning_render('x', 'es', 'n', 'c', 'co', '2026-01-01', 1, '0.00 EUR', '0.00 EUR', '{}', '{}', '{}', '{}')$$,
                 '22023', 'no notice format for language "es"', 'a language without formats is refused');
SELECT throws_ok($$SELECT dunning_render('x', 'en', 'n', 'c', 'co', '2026-01-01', 1, '0.00 EUR', '0.00 EUR', '{A}', '{}', '{}', '{}')$$,
                 '2202E', NULL, 'item arrays of different lengths are refused');
SELECT throws_ok($$SELECT dunning_render('{{#items}}{{open_amount}}{{/items}}', 'en', 'n', 'c', 'co', '2026-01-01', 1, '0.00 EUR',
                                         '0.00 EUR', '{A}', '{2026-01-01}', '{1}', ARRAY['1.00 USD']::money_cur[])$$,
                 '42804', 'cannot render a notice of money_cur in different currencies: EUR and USD',
                 'an item in another currency is refused');
SELECT is(dunning_render('{{#items}}{{invoice_number}},{{/items}}', 'de-CH', 'n', 'c', 'co', '2026-01-01', 1, '0 JPY', '0 JPY',
                         '{A,B}', '{2026-01-01,2026-01-02}', '{1,2}', ARRAY['1 JPY', '2 JPY']::money_cur[]), 'A,B,',
          'de-CH reads as de; the section repeats per item');

-- a customer without a policy of its own follows its credit grade's, else the default
INSERT INTO dunning_policy (company_id, policy_id, name, credit_grade) VALUES (1, 3, 'grade C', 'C');
UPDATE customer SET credit_grade = 'C' WHERE customer_id IN (1, 6);
SELECT results_eq($$SELECT customer_id, dunning_policy_of(customer_id) FROM customer WHERE customer_id IN (1, 2, 6) ORDER BY 1$$,
                  $$VALUES (1::bigint, 3::bigint), (2, 1), (6, 2)$$,
                  'grade C follows the grade policy, no grade the default, an own policy wins');

-- a reporting role sees in dunning_due_today the companies it may see only
CREATE ROLE dunning_test_reader;
GRANT USAGE ON SCHEMA ar2c TO dunning_test_reader;
GRANT SELECT ON ar2c.dunning_due_today, ar2c.outbox, ar2c.collector_worklist TO dunning_test_reader;
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (7, 1, 'C-7', 'Seven', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 7, 7, 'I-7', current_date - 50, current_date - 20, '70.00 EUR');
CREATE TEMP TABLE due_as_owner AS SELECT count(*) AS n FROM dunning_due_today;
GRANT SELECT ON due_as_owner TO dunning_test_reader;
SET LOCAL ROLE dunning_test_reader;
SELECT is((SELECT count(*) FROM dunning_due_today) + (SELECT count(*) FROM outbox), 0::bigint,
          'a reader without access to the company sees nothing due and no notices');
RESET ROLE;
INSERT INTO company_access (role_name, company_id) VALUES ('dunning_test_reader', 1);
SET LOCAL ROLE dunning_test_reader;
SELECT is((SELECT count(*) FROM dunning_due_today), (SELECT n FROM due_as_owner),
          'with access it sees what the owner sees');
RESET ROLE;
SELECT cmp_ok((SELECT n FROM due_as_owner), '>', 0::bigint, 'and that is something');

-- a level without a template in the customer's language or the default: refused, nothing written
INSERT INTO company (company_id, name, functional_currency) VALUES (2, 'Untemplated', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language) VALUES (20, 2, 'C-20', 'Twenty', 'EUR', 'de');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
VALUES (2, 20, 200, 'I-200', '2025-12-01', '2026-01-01', '100.00 EUR');
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (2, 9, 'bare', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel) VALUES (2, 9, 1, 1, 'email');
SELECT throws_ok($$SELECT * FROM run_dunning(2, '2026-02-01')$$, '55000',
                 'level 1 of dunning policy 9 has no template in "de" nor in the policy''s default "en"',
                 'a notice without a template is refused');
SELECT is((SELECT count(*) FROM dunning_notice WHERE company_id = 2), 0::bigint, 'and nothing is written');

-- the catalogue: every dunning table, column, view and function has a comment
SELECT is((SELECT count(*) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
           WHERE c.relnamespace = 'ar2c'::regnamespace AND c.relkind IN ('r', 'v') AND a.attnum > 0 AND NOT a.attisdropped
             AND (c.relname ~ '^(dunning|promise|dispute|outbox|collector)')
             AND col_description(c.oid, a.attnum) IS NULL), 0::bigint, 'every dunning column has a comment');
SELECT is((SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'ar2c'::regnamespace
             AND p.proname ~ '(dunning|notice|settle_in_order|dispute)' AND obj_description(p.oid, 'pg_proc') IS NULL),
          0::bigint, 'every dunning function has a comment');
SELECT is((SELECT count(*) FROM pg_extension e, unnest(e.extconfig) t
           WHERE e.extname = 'ar2c' AND t::regclass::text ~ '(dunning|promise_to_pay|dispute)'), 14::bigint,
          'the dunning tables and their sequences are dumped with the data');

SELECT * FROM finish();
ROLLBACK;
