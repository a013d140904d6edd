-- Dunning and reporting under roles and row-level security: a clerk sees
-- only its companies' notice items and interest; the reporting role reads
-- the views it is granted, for its companies only; check_ledger() reports
-- notices and charges written twice (what two runs at once used to leave)
BEGIN;
SET search_path = public, ar2c;
SELECT plan(13);

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR'), (2, 'Beta', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email) VALUES
  (1, 1, 'C-1', 'One', 'EUR', 'en', 'one@example.com'),
  (2, 2, 'C-2', 'Two', 'EUR', 'en', 'two@example.com');
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (1, 1, 'standard', true), (2, 2, 'standard', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel, fee, annual_interest_rate, grace_days)
SELECT p, p, l, 10 * l, 'email', 5, 0.10, 5 FROM generate_series(1, 2) p, generate_series(1, 2) l;
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body)
SELECT p, p, l, 'en', 'Level {{level}}', 'total {{total}}' FROM generate_series(1, 2) p, generate_series(1, 2) l;
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, order_id) VALUES
  (1, 1, 1, 'I-1', '2025-12-01', '2026-01-01', '1000.00 EUR', NULL),
  (2, 2, 2, 'I-2', '2025-12-01', '2026-01-01', '2000.00 EUR', NULL);
DO $$ BEGIN PERFORM setval('ar2c.invoice_invoice_id_seq', 1000); END $$;
SELECT is((SELECT sum(notices)::bigint FROM run_dunning(NULL, date '2026-01-15')), 2::bigint, 'one level 1 notice per company');
SELECT is((SELECT sum(notices)::bigint FROM run_dunning(NULL, date '2026-01-25')), 2::bigint, 'one level 2 notice per company, with interest');
SELECT is((SELECT count(DISTINCT customer_id) FROM dunning_interest), 2::bigint, 'both customers were charged interest');

-- the orders the reporting role reads through order_chain_breaks
INSERT INTO sales_order (company_id, customer_id, order_id, order_number, order_date, amount) VALUES
  (1, 1, 1, 'SO-1', '2026-01-01', '100.00 EUR'), (2, 2, 2, 'SO-2', '2026-01-01', '200.00 EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, order_id) VALUES
  (1, 1, 11, 'I-11', '2026-01-02', '2026-02-01', '100.00 EUR', 1), (2, 2, 12, 'I-12', '2026-01-02', '2026-02-01', '200.00 EUR', 2);

DO $$ BEGIN PERFORM ar2c.create_roles(); END $$;
CREATE ROLE ar2c_test_dunning_clerk LOGIN IN ROLE ar2c_clerk;
CREATE ROLE ar2c_test_dunning_bi LOGIN IN ROLE ar2c_reporting;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_dunning_clerk', 1), ('ar2c_test_dunning_bi', 2);

SET ROLE ar2c_test_dunning_clerk;
SELECT is((SELECT array_agg(DISTINCT customer_id) FROM dunning_notice_item), '{1}'::bigint[],
          'a clerk reads only its company''s notice items');
SELECT is((SELECT array_agg(DISTINCT customer_id) FROM dunning_interest), '{1}'::bigint[],
          'a clerk reads only its company''s interest charges');
SELECT is((SELECT array_agg(DISTINCT company_id) FROM dunning_notice_item), '{1}'::bigint[],
          'notice items carry their company');
RESET ROLE;

SET ROLE ar2c_test_dunning_bi;
SELECT lives_ok($$SELECT * FROM order_chain_breaks$$, 'the reporting role reads order_chain_breaks');
SELECT is((SELECT array_agg(DISTINCT company_id) FROM order_chain_breaks), '{2}'::bigint[],
          'order_chain_breaks shows only the reporting role''s company');
SELECT lives_ok($$SELECT * FROM account_movements$$, 'the reporting role reads account_movements');
SELECT is((SELECT array_agg(DISTINCT company_id) FROM account_movements), '{2}'::bigint[],
          'account_movements shows only the reporting role''s company');
RESET ROLE;

SELECT is((SELECT count(*) FROM check_ledger()), 0::bigint, 'the dunning runs left a sound ledger');

-- what two runs at once left: a second level 1 notice listing the same
-- item, and interest charged again for days already charged
INSERT INTO dunning_notice (company_id, customer_id, notice_id, as_of, currency, policy_id, level, channel, language,
                            item_count, principal, fee, interest, total)
VALUES (1, 1, 901, '2026-01-16', 'EUR', 1, 1, 'email', 'en', 1, '1000.00 EUR', '5.00 EUR', '0.00 EUR', '1005.00 EUR');
INSERT INTO dunning_notice_item (company_id, customer_id, notice_id, invoice_id, days_overdue, open_amount)
VALUES (1, 1, 901, 1, 15, '1000.00 EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, kind, principal_invoice_id)
VALUES (1, 1, 902, 'INT-901-1', '2026-01-16', '2026-01-30', '1.00 EUR', 'interest', 1);
INSERT INTO dunning_interest (company_id, customer_id, notice_id, invoice_id, interest_invoice_id, from_date, to_date, annual_rate, amount)
VALUES (1, 1, 901, 1, 902, '2026-01-10', '2026-01-14', 0.10, '1.00 EUR');
SELECT results_eq($$SELECT problem, customer_id, subject_id FROM check_ledger() ORDER BY 1$$,
                  $$VALUES ('dunning notice repeats the level of an earlier notice for the same item', 1::bigint, 901::bigint),
                           ('interest charged twice for the same days', 1::bigint, 1::bigint)$$,
                  'check_ledger() reports a level repeated for an open item and interest charged twice');
SELECT matches((SELECT details FROM check_ledger() WHERE problem LIKE 'interest%'), 'notices \d+ and 901',
               'and names both notices');

SELECT * FROM finish();
ROLLBACK;
