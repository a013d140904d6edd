-- One consistent API (issue 17, doc/conventions.md): the catalog follows
-- the argument conventions, each deprecated wrapper gives what its
-- replacement gives and no call of either form is ambiguous, and an
-- unknown or invisible company gives a reader nothing and a writer 23503.
BEGIN;
SET search_path = public, ar2c;
SET client_min_messages = warning;
SELECT plan(102);

-- The input arguments of every function of ar2c, in order.
CREATE TEMP VIEW function_argument AS
SELECT p.oid AS fn, p.proname, a.ordinality AS position, a.name
FROM pg_proc p
CROSS JOIN LATERAL unnest(p.proargnames, coalesce(p.proargmodes, array_fill('i'::"char", ARRAY[cardinality(p.proargnames)])))
     WITH ORDINALITY a(name, mode, ordinality)
WHERE p.pronamespace = 'ar2c'::regnamespace AND p.prokind = 'f' AND p.proargnames IS NOT NULL AND a.mode IN ('i', 'b', 'v')
  -- the deprecated wrappers keep the old forms until they are removed
  AND coalesce(obj_description(p.oid, 'pg_proc'), '') NOT LIKE 'deprecated:%';

SELECT is_empty($$SELECT proname, position, name FROM function_argument WHERE name IN ('company', 'customer', 'id')$$,
                'no argument is named company, customer or id');
SELECT is_empty($$SELECT proname, position FROM function_argument
                  WHERE name = 'company_id' AND position > 1
                    -- a job's lock is named by the job, then the company (doc/conventions.md)
                    AND proname <> 'lock_company_job'$$,
                'company_id is the first argument wherever there is one');
SELECT is_empty($$SELECT s.proname, s.name FROM function_argument s
                  WHERE s.name = 'customer_id' AND s.position > 1
                    AND NOT EXISTS (SELECT 1 FROM function_argument c
                                    WHERE c.fn = s.fn AND c.name = 'company_id' AND c.position = s.position - 1)$$,
                'customer_id comes first, or right after company_id');
SELECT is_empty($$SELECT d.proname, d.name, s.name FROM function_argument d JOIN function_argument s ON s.fn = d.fn
                  WHERE d.name IN ('as_of', 'from_date', 'to_date', 'from_month', 'to_month')
                    AND s.name IN ('company_id', 'customer_id') AND s.position > d.position$$,
                'dates come after the scope');
SELECT is_empty($$SELECT d.proname, d.name FROM function_argument d JOIN function_argument o ON o.fn = d.fn
                  WHERE d.name IN ('as_of', 'from_date', 'to_date') AND o.name = 'currency' AND o.position < d.position
                    -- in 0.1 still (doc/conventions.md, What remains)
                    AND d.proname NOT IN ('account_balance', 'account_items')$$,
                'a currency option comes after the dates');
SELECT is_empty($$SELECT p.proname FROM pg_proc p
                  WHERE p.pronamespace = 'ar2c'::regnamespace AND p.proretset
                    AND 'company_id' = ANY (p.proargnames) AND 'as_of' = ANY (p.proargnames)
                    AND NOT EXISTS (SELECT 1 FROM function_argument a WHERE a.fn = p.oid AND a.name = 'company_id')
                    AND coalesce(obj_description(p.oid, 'pg_proc'), '') NOT LIKE 'deprecated:%'$$,
                'a report of several companies as of a date takes a company_id');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p
                  WHERE p.pronamespace = 'ar2c'::regnamespace
                    AND obj_description(p.oid, 'pg_proc') LIKE 'deprecated:%'
                    AND obj_description(p.oid, 'pg_proc') NOT LIKE 'deprecated: use ar2c.%; removed after 0.1%'$$,
                'every deprecated wrapper names its replacement and when it goes');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p
                  WHERE p.pronamespace = 'ar2c'::regnamespace
                    AND obj_description(p.oid, 'pg_proc') LIKE 'deprecated:%'
                    -- SQL, so it cannot RAISE; its caller's rights; a call of its replacement
                    AND (p.prolang <> (SELECT l.oid FROM pg_language l WHERE l.lanname = 'sql')
                         OR p.prosecdef
                         OR coalesce(pg_get_function_sqlbody(p.oid), p.prosrc) !~ ('\m' || p.proname || '\('))$$,
                'a deprecated wrapper is a thin SQL function of its caller''s rights that calls its replacement (no WARNING)');

-- A small ledger: two customers, a USD item, a payment applied in June.
SELECT roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR'), (2, 'Other', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, email) VALUES
  (101, 1, 'C-101', 'Beta AG', 'EUR', 'beta@example.com'), (102, 1, 'C-102', 'Gamma SARL', 'EUR', NULL),
  (201, 2, 'C-201', 'Delta', 'EUR', NULL);
INSERT INTO fx_rate (from_currency, to_currency, rate_date, rate) VALUES ('USD', 'EUR', '2026-01-01', 0.80);
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 101, 1, 'INV-1', '2026-03-01', '2026-03-31', '1000.00 EUR'),
  (1, 101, 2, 'INV-2', '2026-05-01', '2026-05-31', '500.00 USD'),
  (1, 102, 3, 'INV-3', '2026-04-01', '2026-05-01', '900.00 EUR'),
  (2, 201, 4, 'INV-4', '2026-04-01', '2026-05-01', '100.00 EUR');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES (1, 1, 101, '2026-06-10', '400.00 EUR');
INSERT INTO application (company_id, customer_id, payment_id, invoice_id, kind, amount, applied_on)
VALUES (1, 101, 1, 1, 'matched', '400.00 EUR', '2026-06-10');
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (1, 1, 'standard', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel, min_amount, fee, annual_interest_rate, grace_days)
VALUES (1, 1, 1, 5, 'email', 10, 0, 0, 10);
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body)
VALUES (1, 1, 1, 'en', 'Level {{level}}', '{{#items}}{{invoice_number}};{{/items}}');

-- Each deprecated wrapper gives the rows of its replacement.
SELECT set_eq($$SELECT * FROM aging_as_of('2026-05-31', 1)$$, $$SELECT * FROM aging_as_of(1, '2026-05-31')$$,
              'aging_as_of(as_of, company_id) gives the rows of aging_as_of(company_id, as_of)');
SELECT set_eq($$SELECT * FROM aging_as_of(date '2026-05-31', NULL, '{101}')$$,
              $$SELECT * FROM aging_as_of(NULL::bigint, '2026-05-31', '{101}')$$,
              'aging_as_of: every company, some customers');
SELECT set_eq($$SELECT * FROM open_items_as_of('2026-05-31')$$, $$SELECT * FROM open_items_as_of(NULL::bigint, '2026-05-31')$$,
              'open_items_as_of(as_of) gives the rows of open_items_as_of(NULL, as_of)');
SELECT is((SELECT count(*) FROM open_items_as_of(1, '2026-05-31')), 3::bigint, 'open_items_as_of(company_id, as_of): three items then');
SELECT set_eq($$SELECT * FROM provision('2026-06-30', 1)$$, $$SELECT * FROM provision(1, '2026-06-30')$$,
              'provision(as_of, company_id) gives the rows of provision(company_id, as_of)');
SELECT is((SELECT count(*) FROM provision(1, '2026-06-30')), 3::bigint, 'provision(company_id, as_of): a row per customer, currency and bucket');
SELECT set_eq($$SELECT * FROM dunning_candidates('2026-06-30', 1)$$, $$SELECT * FROM dunning_candidates(1, '2026-06-30')$$,
              'dunning_candidates(as_of, company_id) gives the rows of dunning_candidates(company_id, as_of)');
SELECT is((SELECT count(*) FROM dunning_candidates(1, '2026-06-30')), 3::bigint, 'dunning_candidates: a row per customer and currency overdue');
SELECT set_eq($$SELECT * FROM payment_history_as_of('2026-06-30') WHERE company_id = 1$$,
              $$SELECT * FROM payment_history_as_of(1, '2026-06-30')$$,
              'payment_history_as_of(as_of) gives the rows of payment_history_as_of(company_id, as_of) for the company');
SELECT set_eq($$SELECT * FROM credit_scores('2026-06-30', 12)$$, $$SELECT * FROM credit_scores(NULL::bigint, '2026-06-30', 12)$$,
              'credit_scores(as_of, lookback_months) gives the rows of credit_scores(NULL, as_of, lookback_months)');
SELECT is((SELECT array_agg(customer_id ORDER BY customer_id) FROM credit_scores(2, '2026-06-30')), '{201}',
          'credit_scores(company_id, as_of): that company''s customers');
SELECT set_eq($$SELECT * FROM rescore_preview('2026-06-30', 24, 1)$$, $$SELECT * FROM rescore_preview(1, '2026-06-30')$$,
              'rescore_preview(as_of, lookback_months, company_id) gives the rows of rescore_preview(company_id, as_of)');

-- The writers: the old form's result, rolled back, is the new form's.
SAVEPOINT old_form;
SELECT row(r.*)::text AS run FROM rescore('2026-06-30', 24, 1) r \gset old_rescore_
SELECT row(r.*)::text AS run FROM run_dunning('2026-06-30', 1) r \gset old_dunning_
SELECT rebuild_aging(NULL, 1) AS run \gset old_rebuild_
ROLLBACK TO SAVEPOINT old_form;
SELECT is((SELECT row(r.*)::text FROM rescore(1, '2026-06-30') r), :'old_rescore_run',
          'rescore(company_id, as_of) does what rescore(as_of, lookback_months, company_id) did');
SELECT is((SELECT row(r.*)::text FROM run_dunning(1, '2026-06-30') r), :'old_dunning_run',
          'run_dunning(company_id, as_of) does what run_dunning(as_of, company) did');
SELECT is(rebuild_aging(1, NULL)::text, :'old_rebuild_run', 'rebuild_aging(company_id, NULL) does what rebuild_aging(NULL, company_id) did');
SELECT is((SELECT notices FROM run_dunning(1, '2026-06-30')), 0::bigint, 'run_dunning: the run was recorded, a second one writes nothing');

-- No call is ambiguous: the new form with a typed scope, the old form with
-- an untyped date first, and every call by name (EXPLAIN resolves without
-- running).
SELECT lives_ok(format('EXPLAIN SELECT * FROM ar2c.%s', c), c) FROM unnest(ARRAY[
    'aging_as_of(1, ''2026-01-31'')', 'aging_as_of(''2026-01-31'', 1)', 'aging_as_of(''2026-01-31'')',
    'aging_as_of(company_id => NULL, as_of => ''2026-01-31'')',
    'open_items_as_of(1, ''2026-01-31'')', 'open_items_as_of(''2026-01-31'', 1)',
    'open_items_as_of(as_of => ''2026-01-31'', company_id => 1, customers => NULL)',
    'provision(1, ''2026-01-31'')', 'provision(''2026-01-31'', 1)', 'provision(''2026-01-31'')',
    'provision(company_id => 1, as_of => ''2026-01-31'')',
    'dunning_candidates(1, ''2026-01-31'')', 'dunning_candidates(''2026-01-31'', 1)',
    'dunning_candidates(as_of => ''2026-01-31'', company_id => 1)',
    'run_dunning(1, ''2026-01-31'')', 'run_dunning(''2026-01-31'', 1)', 'run_dunning(''2026-01-31'')', 'run_dunning()',
    'run_dunning(company_id => NULL, as_of => ''2026-01-31'')',
    'rescore(1, ''2026-01-31'')', 'rescore(''2026-01-31'', 1)', 'rescore(''2026-01-31'')', 'rescore()',
    'rescore(company_id => 1, as_of => ''2026-01-31'', lookback_months => 12)',
    'rescore_preview(1, ''2026-01-31'')', 'rescore_preview(''2026-01-31'', 1)', 'rescore_preview()',
    'rescore_preview(as_of => ''2026-01-31'', company_id => NULL)',
    'rebuild_aging(1, NULL)', 'rebuild_aging(''2026-01-31'', 1)', 'rebuild_aging()', 'rebuild_aging(''2026-01-31'')',
    'rebuild_aging(company_id => NULL, as_of => ''2026-01-31'')',
    'credit_scores(1, ''2026-01-31'')', 'credit_scores(''2026-01-31'', 1)', 'credit_scores(''2026-01-31'')',
    'credit_scores(company_id => 1, as_of => ''2026-01-31'')',
    'payment_history_as_of(1, ''2026-01-31'')', 'payment_history_as_of(''2026-01-31'')',
    'payment_history_as_of(company_id => 1, as_of => ''2026-01-31'')',
    -- the old order with names after the date
    'aging_as_of(''2026-01-31'', company_id => 1)', 'run_dunning(''2026-01-31'', company => 1)',
    'rescore(''2026-01-31'', company_id => 1)', 'rebuild_aging(company_id => 1)',
    -- the old form's company by position after a NULL date, the new form's NULL before a typed date
    'rebuild_aging(NULL, 1)', 'run_dunning(NULL, current_date)']) c;
-- as doc/conventions.md says: two untyped first arguments match both forms
SELECT throws_ok($$EXPLAIN SELECT * FROM ar2c.run_dunning(NULL, '2026-01-31')$$, '42725', NULL,
                 'run_dunning(NULL, an untyped date) matches both forms while the old one exists');

-- An unknown company: a reader returns no rows or NULL, as for a company
-- the session may not see; a writer refuses with 23503.
SELECT is((SELECT count(*) FROM aging_as_of(99, '2026-06-30')), 0::bigint, 'aging_as_of: no rows for an unknown company');
SELECT is((SELECT count(*) FROM provision(99, '2026-06-30')), 0::bigint, 'provision: no rows for an unknown company');
SELECT is((SELECT count(*) FROM dunning_candidates(99, '2026-06-30')), 0::bigint, 'dunning_candidates: no rows');
SELECT is((SELECT count(*) FROM rescore_preview(99, '2026-06-30')), 0::bigint, 'rescore_preview: no rows');
SELECT is((receivables_at(99, '2026-06-30')).total, NULL, 'receivables_at: NULL for an unknown company');
SELECT is(credit_sales(99, '2026-01-01', '2026-06-30'), NULL, 'credit_sales: NULL');
SELECT is((period_metrics(99, '2026-01-01', '2026-06-30')).sales, NULL, 'period_metrics: NULL');
SELECT is(dso_countback(99, '2026-06-30'), NULL, 'dso_countback: NULL');
SELECT is((days_to_pay(99, '2026-01-01', '2026-06-30')).invoices, NULL, 'days_to_pay: NULL');
SELECT is((SELECT count(*) FROM monthly_metrics(99, '2026-01-01', '2026-06-30')), 0::bigint, 'monthly_metrics: no rows');
SELECT is((SELECT count(*) FROM visible_monthly_metrics(99, '2026-01-01', '2026-06-30')), 0::bigint,
          'visible_monthly_metrics: no rows');
SELECT is((SELECT count(*) FROM customer_statement(999, '2026-01-01', '2026-06-30')), 0::bigint,
          'customer_statement: no rows for an unknown customer');
SELECT is(account_balance(999, 'EUR', '2026-06-30'), NULL, 'account_balance: NULL for an unknown customer');
SELECT is((SELECT count(*) FROM credit_score_weights(99)), 0::bigint, 'credit_score_weights: no rows, not the defaults');
SELECT is((SELECT count(*) FROM credit_grade_bands(99)), 0::bigint, 'credit_grade_bands: no rows, not the defaults');

SELECT throws_ok($$SELECT * FROM apply_cash(99)$$, '23503', NULL, 'apply_cash refuses an unknown company');
SELECT throws_ok($$SELECT rebuild_balances(99)$$, '23503', NULL, 'rebuild_balances refuses an unknown company');
SELECT throws_ok($$SELECT rebuild_aging(99, NULL)$$, '23503', NULL, 'rebuild_aging refuses an unknown company');
SELECT throws_ok($$SELECT * FROM rescore(99, '2026-06-30')$$, '23503', NULL, 'rescore refuses an unknown company');
SELECT throws_ok($$SELECT * FROM run_dunning(99, '2026-06-30')$$, '23503', NULL, 'run_dunning refuses an unknown company');
SELECT throws_ok($$SELECT * FROM derive_provision_rates(99, '2026-06-30')$$, '23503', NULL,
                 'derive_provision_rates refuses an unknown company');
SELECT throws_ok($$SELECT confirm_match(99, 1, 1)$$, '23503', NULL, 'confirm_match refuses an unknown company');
SELECT throws_ok($$SELECT confirm_match(99, 1, '{1}'::bigint[])$$, '23503', NULL,
                 'confirm_match of invoices refuses an unknown company');
SELECT throws_ok($$SELECT reject_match(99, 1)$$, '23503', NULL, 'reject_match refuses an unknown company');

-- A company the session may not see is an unknown one.
DO $$ BEGIN PERFORM ar2c.create_roles(); END $$;
CREATE ROLE conventions_clerk IN ROLE ar2c_clerk;
INSERT INTO company_access (role_name, company_id) VALUES ('conventions_clerk', 2);
SET ROLE conventions_clerk;
SELECT is((SELECT count(*) FROM aging_as_of(1, '2026-06-30')), 0::bigint, 'aging_as_of: no rows for an invisible company');
SELECT is((receivables_at(1, '2026-06-30')).total, NULL, 'receivables_at: NULL for an invisible company');
SELECT is((period_metrics(1, '2026-01-01', '2026-06-30')).sales, NULL, 'period_metrics: NULL for an invisible company');
SELECT is((SELECT count(*) FROM customer_statement(101, '2026-01-01', '2026-06-30')), 0::bigint,
          'customer_statement: no rows for an invisible customer');
SELECT is(account_balance(101, 'EUR', '2026-06-30'), NULL, 'account_balance: NULL for an invisible customer');
SELECT throws_ok($$SELECT * FROM apply_cash(1)$$, '23503', NULL, 'apply_cash refuses an invisible company');
SELECT lives_ok($$SELECT * FROM apply_cash(2)$$, 'apply_cash runs for a company the clerk may see');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
