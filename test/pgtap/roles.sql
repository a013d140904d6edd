-- The role matrix: what each role of ar2c.create_roles(), and a role with
-- none of them, may do on each table and view of ar2c (doc/security.md),
-- then a few real actions of each role through SET ROLE.
BEGIN;
SET search_path = public, ar2c;
SET client_min_messages = warning;

DO $$ BEGIN PERFORM ar2c.create_roles(); END $$;
CREATE ROLE roles_reporting IN ROLE ar2c_reporting;
CREATE ROLE roles_clerk IN ROLE ar2c_clerk;
CREATE ROLE roles_erp IN ROLE ar2c_application;
CREATE ROLE roles_approver IN ROLE ar2c_approver;
CREATE ROLE roles_admin IN ROLE ar2c_admin;
CREATE ROLE roles_none;

-- Privileges as letters: S select, I insert, U update (i, u: of some
-- columns only), D delete; '-' for none.
CREATE FUNCTION pg_temp.privileges(r name, rel regclass) RETURNS text
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(nullif(concat(
        CASE WHEN has_table_privilege(r, rel, 'SELECT') THEN 'S' END,
        CASE WHEN has_table_privilege(r, rel, 'INSERT') THEN 'I'
             WHEN has_any_column_privilege(r, rel, 'INSERT') THEN 'i' END,
        CASE WHEN has_table_privilege(r, rel, 'UPDATE') THEN 'U'
             WHEN has_any_column_privilege(r, rel, 'UPDATE') THEN 'u' END,
        CASE WHEN has_table_privilege(r, rel, 'DELETE') THEN 'D' END), ''), '-')
$$;

-- The expected matrix. Reporting reads the BI views only; a clerk reads
-- the ledger and writes cash, collections, reconciliation and write-off
-- requests (ar2c_reporting's views included); the application writes the
-- documents of an ERP; the approver reads what it approves; an admin may
-- do everything (ar2c_clerk and ar2c_approver included). fx_rate and
-- aging_clock are readable by everyone.
CREATE TEMP TABLE role_matrix (
    relation    text PRIMARY KEY,
    reporting   text NOT NULL,
    clerk       text NOT NULL,
    application text NOT NULL,
    approver    text NOT NULL,
    admin       text NOT NULL,
    nobody      text NOT NULL
);
INSERT INTO role_matrix VALUES
    -- tables                    reporting clerk  application approver admin  none
    ('aging_clock',                 'S',   'S',    'S',   'S',   'SIUD', 'S'),
    ('alert',                       '-',   'SIu',  'I',   '-',   'SIUD', '-'),
    ('application',                 '-',   'SI',   '-',   '-',   'SIUD', '-'),
    ('bank_account',                '-',   'SIu',  '-',   '-',   'SIUD', '-'),
    ('bank_statement',              '-',   'SI',   '-',   '-',   'SIUD', '-'),
    ('bank_statement_entry',        '-',   'SI',   '-',   '-',   'SIUD', '-'),
    ('einvoice_document',           '-',   'S',    'SIU', '-',   'SIUD', '-'),
    ('invoice_line',                '-',   'S',    'SI',  '-',   'SIUD', '-'),
    ('csv_profile',                 '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('csv_shipped_profile',         '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('cash_application_setting',    '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('bank_charge_schedule',        '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('company',                     '-',   'S',    'S',   '-',   'SIUD', '-'),
    ('company_access',              '-',   '-',    '-',   '-',   'SIUD', '-'),
    ('counterparty_statement',      '-',   'SIU',  '-',   '-',   'SIUD', '-'),
    ('counterparty_statement_line', '-',   'SI',   '-',   '-',   'SIUD', '-'),
    ('credit_grade_band',           '-',   '-',    '-',   '-',   'SIUD', '-'),
    ('credit_grade_policy',         '-',   '-',    '-',   '-',   'SIUD', '-'),
    ('credit_history',              '-',   '-',    'Si',  '-',   'SIUD', '-'),
    ('credit_limit_rule',           '-',   '-',    '-',   '-',   'SIUD', '-'),
    ('credit_note',                 '-',   'S',    'SIU', '-',   'SIUD', '-'),
    ('credit_score_weight',         '-',   '-',    '-',   '-',   'SIUD', '-'),
    ('customer',                    '-',   'S',    'SIU', 'S',   'SIUD', '-'),
    ('customer_alias',              '-',   'SIU',  '-',   '-',   'SIUD', '-'),
    ('customer_balance_total',            '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('dispute',                     '-',   'SIu',  '-',   '-',   'SIUD', '-'),
    ('dunning_interest',            '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('dunning_level',               '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('dunning_notice',              '-',   'Su',   '-',   '-',   'SIUD', '-'),
    ('dunning_notice_item',         '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('dunning_policy',              '-',   'S',    '-',   '-',   'SIUD', '-'),
    -- delivery (84_notice_delivery.sql): an admin writes the credentials but cannot read them
    ('delivery_setting',            '-',   '-',    '-',   '-',   'SIUD', '-'),
    ('delivery_secret',             '-',   '-',    '-',   '-',   'IUD',  '-'),
    ('dunning_run',                 '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('dunning_state',               '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('dunning_template',            '-',   'S',    '-',   '-',   'SIUD', '-'),
    ('fx_rate',                     'S',   'S',    'S',   'S',   'SIUD', 'S'),
    ('invoice',                     '-',   'S',    'SIU', 'S',   'SIUD', '-'),
    ('match_suggestion',            '-',   'SID',  '-',   '-',   'SIUD', '-'),
    ('order_chain_setting',         '-',   '-',    '-',   '-',   'SIUD', '-'),
    ('payer_account',               '-',   'SIU',  '-',   '-',   'SIUD', '-'),
    ('payment',                     '-',   'SIu',  'SIU', '-',   'SIUD', '-'),
    ('promise_to_pay',              '-',   'SIu',  '-',   '-',   'SIUD', '-'),
    ('provision_rate',              '-',   '-',    '-',   '-',   'SIUD', '-'),
    ('sales_order',                 '-',   'S',    'SIU', '-',   'SIUD', '-'),
    ('shipment',                    '-',   'S',    'SIU', '-',   'SIUD', '-'),
    ('statement_result',            '-',   'SIuD', '-',   '-',   'SIUD', '-'),
    ('write_off_approval',          '-',   'SI',   '-',   'SI',  'SIUD', '-'),
    ('write_off_policy',            '-',   'S',    '-',   'S',   'SIUD', '-'),
    -- views (the BI surface, doc/bi_views.md)
    ('account_item',                'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('account_movements',           'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('aging_detail',                'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('aging_summary_by_company',    'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('aging_summary_by_customer',   'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('alerts',                      'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('collector_worklist',          'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('credit_exposure',             'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('customer_balances',           'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('dashboard_aging',             'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('dashboard_aging_trend',       'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('dashboard_alerts',            'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('dashboard_cash_application',  'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('dashboard_credit_grades',     'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('dashboard_dunning_funnel',    'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('dashboard_metrics',           'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('dashboard_top_overdue',       'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('dunning_due_today',           'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('exception_queue',             'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('metrics_by_month',            'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('open_items',                  'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('order_chain',                 'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('order_chain_breaks',          'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('outbox',                      'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('payment_history',             'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('pending_write_offs',          '-',   'S',    '-',   'S',   'SIUD', '-'),
    ('provision_by_customer',       'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('roll_rates_by_month',         'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('statement_differences',       'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('unapplied_cash_queue',        'S',   'S',    '-',   '-',   'SIUD', '-'),
    ('undeliverable_notices',       'S',   'S',    '-',   '-',   'SIUD', '-');

-- The write-off functions each role may call (X), beside the tables: a
-- clerk writes off and withdraws its own requests, an approver approves
-- and rejects them.
CREATE TEMP TABLE function_matrix (
    function    text PRIMARY KEY,
    reporting   text NOT NULL,
    clerk       text NOT NULL,
    application text NOT NULL,
    approver    text NOT NULL,
    admin       text NOT NULL,
    nobody      text NOT NULL
);
INSERT INTO function_matrix VALUES
    ('ar2c.write_off(bigint, ar2c.money_cur, text, date)',  'X', 'X', 'X', 'X', 'X', 'X'),
    ('ar2c.approve_write_off(bigint, ar2c.money_cur)',      '-', '-', '-', 'X', 'X', '-'),
    ('ar2c.approve_write_off(bigint)',                      '-', '-', '-', 'X', 'X', '-'),
    ('ar2c.reject_write_off(bigint, text)',                 '-', '-', '-', 'X', 'X', '-'),
    ('ar2c.withdraw_write_off(bigint)',                     '-', 'X', '-', '-', 'X', '-');

SELECT plan((SELECT count(*)::integer * 6 FROM role_matrix) + (SELECT count(*)::integer * 6 FROM function_matrix) + 40);

SELECT set_eq($$SELECT c.relname::text FROM pg_class c
                WHERE c.relnamespace = 'ar2c'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')$$,
              $$SELECT relation FROM role_matrix$$, 'the matrix names every table and view of ar2c');

SELECT is(pg_temp.privileges(r.role_name, format('ar2c.%I', m.relation)::regclass), r.expected,
          format('%s on %s', r.role_name, m.relation))
FROM role_matrix m
CROSS JOIN LATERAL (VALUES (1, 'ar2c_reporting'::name, m.reporting), (2, 'ar2c_clerk', m.clerk),
                           (3, 'ar2c_application', m.application), (4, 'ar2c_approver', m.approver),
                           (5, 'ar2c_admin', m.admin), (6, 'roles_none', m.nobody)) r(n, role_name, expected)
ORDER BY m.relation, r.n;

SELECT is(CASE WHEN has_function_privilege(r.role_name, m.function::regprocedure, 'EXECUTE') THEN 'X' ELSE '-' END, r.expected,
          format('%s may call %s', r.role_name, m.function))
FROM function_matrix m
CROSS JOIN LATERAL (VALUES (1, 'ar2c_reporting'::name, m.reporting), (2, 'ar2c_clerk', m.clerk),
                           (3, 'ar2c_application', m.application), (4, 'ar2c_approver', m.approver),
                           (5, 'ar2c_admin', m.admin), (6, 'roles_none', m.nobody)) r(n, role_name, expected)
ORDER BY m.function, r.n;

-- Two companies; each role but the admin is granted company 1 only.
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'North', 'EUR'), (2, 'South', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
    (101, 1, 'C-101', 'Beta AG', 'EUR'), (201, 2, 'C-201', 'Gamma SpA', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
    (1, 101, 1, 'N-1', '2026-01-10', '2026-02-09', '1000.00 EUR'),
    (2, 201, 2, 'S-1', '2026-01-10', '2026-02-09', '1000.00 EUR');
INSERT INTO alert (company_id, kind, message) VALUES (1, 'test', 'north'), (2, 'test', 'south');
INSERT INTO write_off_policy VALUES (1, 'EUR', '50.00 EUR');
INSERT INTO company_access (role_name, company_id)
SELECT r, 1 FROM unnest(ARRAY['roles_reporting', 'roles_clerk', 'roles_erp', 'roles_approver', 'roles_none']) r;

SET ROLE roles_reporting;
SELECT is((SELECT string_agg(message, ',') FROM alerts), 'north', 'reporting reads the alerts of its company');
SELECT lives_ok($$SELECT * FROM exception_queue$$, 'reporting reads the exception queue');
SELECT throws_ok($$SELECT * FROM invoice$$, '42501', NULL, 'reporting does not read the tables');
SELECT lives_ok($$SELECT * FROM visible_monthly_metrics(1, '2026-01-01', '2026-06-30')$$, 'reporting runs the monthly metrics');
SELECT lives_ok($$SELECT * FROM visible_roll_rates(1, '2026-01-01', '2026-06-30')$$, 'the roll rates');
SELECT is((SELECT sum(open_amount) FROM visible_provision(1, '2026-06-30')), 1000.00, 'the provision');
SELECT is((SELECT string_agg(reference, ',' ORDER BY line_no) FROM visible_customer_statement(101, '2026-01-01', '2026-06-30')),
          'N-1', 'the customer statement');
SELECT is((SELECT count(*) FROM visible_customer_statement(201, '2026-01-01', '2026-06-30')), 0::bigint,
          'but not another company''s customer''s');
RESET ROLE;

SET ROLE roles_clerk;
SELECT is((SELECT string_agg(invoice_number, ',') FROM invoice), 'N-1', 'a clerk of company 1 does not see company 2''s invoices');
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount) VALUES (2, '2026-02-01', '1.00 EUR')$$,
                 '42501', NULL, 'nor records a payment of company 2');
SELECT throws_ok($$UPDATE invoice SET due_date = '2026-03-01'$$, '42501', NULL, 'nor changes an invoice');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
                   VALUES (1, 101, 'N-2', '2026-01-10', '2026-02-09', '1.00 EUR')$$, '42501', NULL, 'nor issues one');
SELECT ok(write_off(1, '20.00 EUR', 'small balance') IS NOT NULL, 'a clerk writes off within the threshold');
SELECT is(write_off(1, '80.00 EUR', 'customer insolvent'), NULL, 'above it the write-off is pending');
SELECT throws_ok($$SELECT approve_write_off((SELECT approval_id FROM write_off_approval))$$, '42501', NULL,
                 'and the clerk does not approve it');
SELECT throws_ok($$SELECT write_off(2, '1.00 EUR', 'x')$$, '23503', 'unknown invoice 2', 'nor writes off company 2''s invoice');
RESET ROLE;

SET ROLE roles_approver;
SELECT ok(approve_write_off((SELECT approval_id FROM write_off_approval)) IS NOT NULL, 'an approver applies the pending write-off');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 1), '900.00 EUR'::money_cur, 'the invoice is 100.00 less open');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, amount, kind, reason) VALUES (101, 1, '1.00 EUR', 'write_off', 'x')$$,
                 '42501', NULL, 'but writes off nothing itself');
RESET ROLE;
SELECT is((SELECT a.applied_by || ' ' || w.approved_by FROM write_off_approval w
           JOIN application a ON a.customer_id = w.customer_id AND a.application_id = w.application_id),
          'roles_clerk roles_approver', 'the clerk wrote it off, the approver approved it');

-- a clerk who is also an approver does not approve her own write-off by
-- acting as another role she may SET ROLE to
CREATE ROLE roles_approvers IN ROLE ar2c_approver;
CREATE ROLE roles_both IN ROLE ar2c_clerk, roles_approvers;
INSERT INTO company_access (role_name, company_id) VALUES ('roles_approvers', 1), ('roles_both', 1);
SET SESSION AUTHORIZATION roles_both;
SELECT is(write_off(1, '70.00 EUR', 'disputed'), NULL, 'a clerk and approver requests a write-off: pending');
SET ROLE roles_approvers;
SELECT throws_ok($$SELECT approve_write_off((SELECT approval_id FROM write_off_approval WHERE amount = '70.00 EUR'::money_cur))$$,
                 '42501', format('cannot approve write-off %s: roles_both requested it',
                                 (SELECT approval_id FROM write_off_approval WHERE amount = '70.00 EUR'::money_cur)),
                 'nor approves it as another of her roles');
RESET ROLE;
RESET SESSION AUTHORIZATION;

SET ROLE roles_erp;
SELECT lives_ok($$INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (102, 1, 'C-102', 'Delta', 'EUR')$$,
                'the application creates a customer');
SELECT lives_ok($$UPDATE customer SET name = 'Delta GmbH' WHERE customer_id = 102$$, 'and changes it');
SELECT lives_ok($$INSERT INTO sales_order (company_id, customer_id, order_id, order_number, order_date, amount) VALUES (1, 102, 1, 'SO-1', '2026-01-02', '100.00 EUR')$$,
                'an order');
SELECT lives_ok($$INSERT INTO shipment (company_id, customer_id, order_id, shipment_number, shipped_on, amount)
                  VALUES (1, 102, 1, 'SH-1', '2026-01-05', '100.00 EUR')$$, 'a shipment');
SELECT lives_ok($$INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
                  VALUES (1, 102, 3, 'N-3', '2026-01-10', '2026-02-09', '100.00 EUR')$$, 'an invoice');
SELECT lives_ok($$INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
                  VALUES (1, 102, 3, 'N-3', '2026-01-10', '2026-02-19', '100.00 EUR')
                  ON CONFLICT (customer_id, invoice_number) DO UPDATE SET due_date = excluded.due_date$$, 'upserts it');
SELECT is((SELECT due_date FROM invoice WHERE invoice_number = 'N-3'), '2026-02-19'::date, 'which changes the due date');
SELECT lives_ok($$INSERT INTO credit_note (company_id, customer_id, credit_note_number, issue_date, amount, reason)
                  VALUES (1, 102, 'CN-1', '2026-01-12', '10.00 EUR', 'damaged')$$, 'a credit note');
SELECT lives_ok($$INSERT INTO payment (company_id, customer_id, value_date, amount) VALUES (1, 102, '2026-01-20', '50.00 EUR')$$,
                'a payment');
SELECT throws_ok($$UPDATE invoice SET open_amount = '0.00 EUR' WHERE invoice_number = 'N-3'$$, '428C9', NULL,
                 'the application does not set open_amount');
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, amount, kind, reason) VALUES (102, 3, '1.00 EUR', 'write_off', 'x')$$,
                 '42501', NULL, 'nor inserts applications');
SELECT throws_ok($$DELETE FROM invoice WHERE invoice_number = 'N-3'$$, '42501', NULL, 'nor deletes');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
                   VALUES (2, 201, 'S-2', '2026-01-10', '2026-02-09', '1.00 EUR')$$, '42501', NULL, 'nor writes company 2''s');
SELECT is((SELECT count(*) FROM invoice WHERE company_id = 2), 0::bigint, 'nor reads them');
RESET ROLE;

SET ROLE roles_admin;
SELECT is((SELECT count(*) FROM invoice), 3::bigint, 'an admin sees every company');
RESET ROLE;

SET ROLE roles_none;
SELECT throws_ok($$SELECT * FROM ar2c.invoice$$, '42501', NULL, 'a role with no ar2c role reads no table');
SELECT throws_ok($$SELECT * FROM ar2c.aging_detail$$, '42501', NULL, 'nor any view, whatever its company access');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
