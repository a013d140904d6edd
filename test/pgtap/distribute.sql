-- Scale-out (issue 20) on one node: ar2c.distribute() refuses without
-- Citus, and what Citus needs of the schema holds here too (policies
-- without subqueries, no NOTIFY from a trigger that runs on a shard),
-- without opening what a hostile role sees.
BEGIN;
SET search_path = public, ar2c;
SELECT plan(11);

SELECT throws_ok($$SELECT * FROM ar2c.distribute()$$, '0A000',
                 'citus is not installed in database ' || current_database(),
                 'distribute() without Citus is refused, naming the database');
SELECT is(ar2c.distributed(), false, 'one node: not distributed');
SELECT is((SELECT count(*) FROM ar2c.distribution_plan() p
           WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = p.table_name)), 0::bigint,
          'every table of the distribution plan exists');
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
           WHERE c.relnamespace = 'ar2c'::regnamespace AND c.relkind = 'r'
             AND c.oid NOT IN (SELECT table_name FROM ar2c.distribution_plan())), NULL,
          'the plan places every table of the schema');
SELECT is((SELECT count(*) FROM pg_policies
           WHERE schemaname = 'ar2c' AND (qual ~* '\mselect\M' OR with_check ~* '\mselect\M')), 0::bigint,
          'no row-level security policy holds a subquery (Citus refuses them on distributed tables)');
SELECT hasnt_trigger('ar2c', 'dunning_notice', 'dunning_notice_notify',
                     'no trigger sends NOTIFY ar2c_outbox: run_dunning() does, on the node that ran it');

-- the policies still scope a hostile role to its own company
SELECT roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (9001, 'North GmbH', 'EUR'), (9002, 'South SA', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 9001, 'A', 'Alpha GmbH', 'EUR'), (3, 9002, 'C', 'Charlie SA', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (9001, 1, 11, 'A-11', '2026-06-01', '2026-07-01', '100.00 EUR'),
  (9002, 3, 12, 'SECRET-9002', '2026-06-01', '2026-07-01', '200.00 EUR');
SELECT ar2c.create_roles();
CREATE ROLE dist_hostile LOGIN IN ROLE ar2c_clerk;
INSERT INTO company_access (role_name, company_id) VALUES ('dist_hostile', 9001);
SET ROLE dist_hostile;
SELECT is(scoped_companies(), ARRAY[9001]::bigint[], 'scoped_companies() is the companies the role sees');
SELECT is((SELECT array_agg(invoice_number ORDER BY invoice_number) FROM invoice), ARRAY['A-11'],
          'a hostile clerk reads only its company''s invoices');
SELECT is((SELECT count(*) FROM invoice WHERE company_id = 9002 OR invoice_number = 'SECRET-9002'), 0::bigint,
          'nor the other''s when it asks for them');
SELECT throws_ok($$INSERT INTO customer (company_id, customer_number, name, currency) VALUES (9002, 'X', 'X', 'EUR')$$,
                 '42501', NULL, 'nor writes for the other company');
RESET ROLE;
SELECT is(scoped_companies(), ARRAY[9001, 9002]::bigint[], 'the owner sees both again, after RESET ROLE');

SELECT * FROM finish();
ROLLBACK;
