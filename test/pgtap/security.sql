-- Security: the catalog checks that keep whole classes of holes closed,
-- and a hostile role that replays each finding of the security review
-- (doc/security.md). The hostile roles have CREATE on public, as on many
-- real servers.
BEGIN;
SET search_path = public, ar2c;
SELECT plan(44);

-- ---------------------------------------------------------------------
-- Catalog checks
-- ---------------------------------------------------------------------

-- Every SECURITY DEFINER function (triggers and C included) fixes its
-- search_path to pg_catalog (and ar2c) with pg_temp last, so no caller's
-- schema or temporary object can stand in for a name or operator in it.
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
    WHERE p.pronamespace = 'ar2c'::regnamespace AND p.prosecdef
      AND NOT coalesce(p.proconfig && ARRAY['search_path=pg_catalog, pg_temp', 'search_path=pg_catalog, ar2c, pg_temp'], false)
$$, 'every SECURITY DEFINER function sets search_path to pg_catalog[, ar2c], pg_temp');

-- A SQL or PL/pgSQL function without its own search_path would resolve
-- an operator that pg_catalog has no exact match for (numeric = bigint)
-- through its caller's path: each one either sets search_path or has a
-- SQL-standard body, bound when it was created.
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
    WHERE p.pronamespace = 'ar2c'::regnamespace AND l.lanname IN ('sql', 'plpgsql')
      AND p.prosqlbody IS NULL
      AND NOT coalesce(p.proconfig && ARRAY['search_path=pg_catalog, pg_temp', 'search_path=pg_catalog, ar2c, pg_temp'], false)
$$, 'every SQL and PL/pgSQL function sets search_path or has a SQL-standard body');

-- Visibility comes from the session's role, never from an argument.
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
    WHERE p.pronamespace = 'ar2c'::regnamespace AND p.prosecdef
      AND has_function_privilege('public', p.oid, 'EXECUTE')
      AND (p.proargtypes::oid[] && ARRAY['name'::regtype, 'regrole'::regtype]::oid[]
           OR EXISTS (SELECT 1 FROM unnest(p.proargnames) n WHERE n ~ '^(who|role|role_name|usr|user_name)$'))
$$, 'no SECURITY DEFINER function executable by PUBLIC takes a role');

-- A SECURITY DEFINER function anyone may call only reads: one that
-- writes or locks could be held open to stop others' work.
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
    WHERE p.pronamespace = 'ar2c'::regnamespace AND p.prosecdef AND p.provolatile = 'v'
      AND p.prorettype <> 'trigger'::regtype AND has_function_privilege('public', p.oid, 'EXECUTE')
$$, 'every SECURITY DEFINER function executable by PUBLIC is STABLE or IMMUTABLE');

-- Company data sits behind row-level security. ar2c.company_access is
-- the access list itself: only admins may read or write it.
SELECT is_empty($$
    SELECT c.relname::text FROM pg_class c
    WHERE c.relnamespace = 'ar2c'::regnamespace AND c.relkind IN ('r', 'p')
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname IN ('company_id', 'customer_id')
                  AND NOT a.attisdropped)
      AND NOT c.relrowsecurity AND c.relname <> 'company_access'
$$, 'every table holding company data has row-level security');
SELECT is_empty($$
    SELECT c.relname::text FROM pg_class c
    WHERE c.relnamespace = 'ar2c'::regnamespace AND c.relkind IN ('r', 'p')
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'customer_id' AND NOT a.attisdropped)
      AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'company_id' AND NOT a.attisdropped)
$$, 'every table keyed by customer also carries the company');
SELECT is_empty($$
    SELECT c.relname::text FROM pg_class c
    WHERE c.relnamespace = 'ar2c'::regnamespace AND c.relkind IN ('r', 'p')
      AND c.relname NOT IN ('company_access')
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'company_id' AND NOT a.attisdropped)
      AND NOT EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname = 'ar2c' AND c.oid = ANY (e.extconfig))
$$, 'every table holding company data is dumped with the database (pg_extension_config_dump)');

-- A foreign key to company data names the company, directly or through
-- a column that another foreign key of the table ties to the company
-- (customer_id beside (customer_id, company_id) -> customer), so that no
-- row can point at another company's row.
SELECT is_empty($$
    WITH fk AS (
        SELECT con.oid, con.conrelid, con.confrelid, con.conname,
               array(SELECT a.attname FROM pg_attribute a
                     WHERE a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey))::text[] AS cols
        FROM pg_constraint con
        WHERE con.contype = 'f' AND con.connamespace = 'ar2c'::regnamespace
    )
    SELECT f.conrelid::regclass::text || '.' || f.conname FROM fk f
    WHERE EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = f.confrelid AND t.attname = 'company_id')
      AND f.confrelid <> 'ar2c.company'::regclass
      AND NOT 'company_id' = ANY (f.cols)
      AND NOT EXISTS (SELECT 1 FROM fk g
                      WHERE g.conrelid = f.conrelid AND 'company_id' = ANY (g.cols)
                        AND g.cols && f.cols AND cardinality(g.cols) = 2)
$$, 'every foreign key to company data includes the company');

-- A C function that is not STRICT survives NULL in every argument: each
-- is called with all arguments NULL and with each argument NULL in turn
-- (the others a sample of their type). An error is fine; a crash would
-- end this test's connection.
CREATE TEMP TABLE null_sample (typ regtype PRIMARY KEY, sample text NOT NULL);
INSERT INTO null_sample VALUES
    ('bigint', '1'), ('integer', '1'), ('numeric', '1'), ('double precision', '0.5'), ('text', '''x'''),
    ('date', '''2026-01-01''::date'), ('text[]', '''{x}''::text[]'), ('integer[]', '''{1}''::integer[]'),
    ('bigint[]', '''{1,2,3,4,5,6}''::bigint[]'),
    ('ar2c.money_cur', '''1.00 EUR''::ar2c.money_cur'),
    ('ar2c.money_cur_totals', '''{(EUR,1,100)}''::ar2c.money_cur_totals'),
    ('ar2c.payment_behaviour_state', '''(0,0,0,0,0,0,0,0,0,)''::ar2c.payment_behaviour_state'),
    ('ar2c.payment_behaviour', '''(1,"1.00 EUR",3.00,1.0000,1.0000,3,0.0000,0,"0.00 EUR")''::ar2c.payment_behaviour');
CREATE TEMP TABLE null_call AS
SELECT p.oid::regprocedure AS fn, k AS null_arg,
       format('SELECT %s(%s)', p.oid::regproc,
              (SELECT string_agg(CASE WHEN i = k OR k = 0 THEN format('NULL::%s', t::regtype) ELSE s.sample END, ', ' ORDER BY i)
               FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, i)
               LEFT JOIN null_sample s ON s.typ = u.t)) AS call
FROM pg_proc p
CROSS JOIN LATERAL generate_series(0, p.pronargs) k
WHERE p.pronamespace = 'ar2c'::regnamespace AND NOT p.proisstrict AND p.prokind = 'f'
  AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')
  AND p.prorettype <> 'trigger'::regtype;
SELECT is_empty($$
    SELECT DISTINCT t::regtype::text FROM pg_proc p, unnest(p.proargtypes::oid[]) t
    WHERE p.pronamespace = 'ar2c'::regnamespace AND NOT p.proisstrict AND p.prokind = 'f'
      AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') AND p.prorettype <> 'trigger'::regtype
      AND NOT EXISTS (SELECT 1 FROM null_sample s WHERE s.typ = t)
$$, 'every argument type of a non-strict C function has a sample here');
SELECT cmp_ok((SELECT count(*) FROM null_call), '>=', 30::bigint, 'the non-strict C functions give at least 30 calls');
CREATE TEMP TABLE null_outcome (fn regprocedure, null_arg integer, sqlstate text);
DO $$
DECLARE
    c record;
    state text;
BEGIN
    FOR c IN SELECT * FROM null_call ORDER BY fn::text, null_arg LOOP
        state := '00000';
        BEGIN
            EXECUTE c.call;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE;
        END;
        INSERT INTO null_outcome VALUES (c.fn, c.null_arg, state);
    END LOOP;
END
$$;
SELECT is((SELECT count(*) FROM null_outcome), (SELECT count(*) FROM null_call), 'every NULL call returned or raised an error, and the server is up');
-- an internal error (class XX) would be a bug the user cannot act on
SELECT is_empty($$SELECT fn::text || ' NULL at ' || null_arg || ': ' || sqlstate FROM null_outcome WHERE sqlstate LIKE 'XX%'$$,
                'no NULL call ends in an internal error');
SELECT throws_ok($$SELECT ar2c.payment_behaviour_add(NULL::ar2c.payment_behaviour_state, NULL, NULL, NULL, NULL)$$,
                 '22004', 'payment_behaviour_add needs a state, not NULL', 'the review''s crash: a NULL state is refused');

-- ---------------------------------------------------------------------
-- The data and the roles: two companies, a clerk of the first, and two
-- hostile roles with CREATE on public (an admin and a clerk)
-- ---------------------------------------------------------------------
SELECT lives_ok('SELECT ar2c.create_roles()', 'the roles are created');
INSERT INTO company (company_id, name, functional_currency) VALUES (9001, 'Nine One', 'EUR'), (9002, 'Nine Two', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, credit_limit) VALUES
  (91, 9001, 'A1', 'Alpha', 'EUR', '1000.00 EUR'),
  (92, 9002, 'B1', 'Bravo', 'EUR', '1000.00 EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (9001, 91, 91, 'A-1', '2026-01-01', '2026-01-31', '100.00 EUR'),
  (9002, 92, 92, 'B-1', '2026-01-01', '2026-01-31', '200.00 EUR');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES
  (9001, 91, 91, '2026-02-10', '40.00 EUR'), (9002, 92, 92, '2026-02-10', '50.00 EUR');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES
  (91, 91, 91, '40.00 EUR', 'manual'), (92, 92, 92, '50.00 EUR', 'manual');
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (9001, 91, 'std', true), (9002, 92, 'std', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel, min_amount, fee, annual_interest_rate, grace_days)
VALUES (9001, 91, 1, 5, 'email', 0, 0, 0, 0), (9002, 92, 1, 5, 'email', 0, 0, 0, 0);

CREATE ROLE ar2c_test_mallory;           -- an admin gone bad
CREATE ROLE ar2c_test_eve;               -- a clerk of 9001 gone bad
CREATE ROLE ar2c_test_victim;            -- an honest admin
GRANT ar2c_admin TO ar2c_test_mallory, ar2c_test_victim;
GRANT ar2c_clerk TO ar2c_test_eve;
GRANT CREATE, USAGE ON SCHEMA public TO ar2c_test_mallory, ar2c_test_eve, ar2c_test_victim;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_eve', 9001);

-- what a trap records: who it ran as
CREATE TABLE public.trap_log (ran_as name NOT NULL, trap text NOT NULL);
GRANT INSERT, SELECT ON public.trap_log TO PUBLIC;

-- ---------------------------------------------------------------------
-- Finding 1: an operator of the caller's inside a SECURITY DEFINER trigger
-- ---------------------------------------------------------------------
SET ROLE ar2c_test_mallory;
CREATE FUNCTION public.trap_int8eq(bigint, bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.trap_log VALUES (current_user, 'bigint = bigint');
    RETURN $1 OPERATOR(pg_catalog.=) $2;
END $$;
CREATE OPERATOR public.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = public.trap_int8eq);
SET LOCAL search_path = public, pg_catalog, ar2c;
INSERT INTO ar2c.invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
VALUES (9001, 91, 93, 'A-2', '2026-01-01', '2026-01-31', '10.00 EUR');
-- a change of currency makes the trigger look for applications
UPDATE ar2c.invoice SET amount = '10.00 USD' WHERE customer_id = 91 AND invoice_id = 93;
SET LOCAL search_path = public, ar2c;
RESET ROLE;
SELECT is((SELECT ar2c.currency(open_amount)::text FROM invoice WHERE invoice_id = 93), 'USD', 'the invoices were written');
SELECT is_empty($$SELECT ran_as::text FROM trap_log WHERE ran_as <> 'ar2c_test_mallory'$$,
                'an admin''s operator never runs as the trigger''s owner');
SELECT is((SELECT rolsuper FROM pg_roles WHERE rolname = 'ar2c_test_mallory'), false, 'and the admin is no superuser');
DELETE FROM invoice WHERE invoice_id = 93;
INSERT INTO fx_rate (from_currency, to_currency, rate_date, rate) VALUES ('USD', 'EUR', '2026-01-01', 0.9);
DROP OPERATOR public.= (bigint, bigint);
DELETE FROM trap_log;

-- ---------------------------------------------------------------------
-- Finding 2: another company's data through a role argument
-- ---------------------------------------------------------------------
SET ROLE ar2c_test_eve;
SELECT is(ar2c.visible_companies(), '{9001}'::bigint[], 'the clerk sees her company');
SELECT throws_ok($$SELECT * FROM ar2c.dunning_candidates(9002, '2026-03-01', 'postgres')$$, '42883', NULL,
                 'dunning_candidates takes no role to act as');
SELECT throws_ok($$SELECT ar2c.visible_exposure(92, 'postgres')$$, '42883', NULL, 'nor does visible_exposure');
SELECT throws_ok($$SELECT ar2c.company_visible(9002, 'postgres')$$, '42883', NULL, 'nor does company_visible');
SELECT is((SELECT count(*) FROM ar2c.dunning_candidates(9001, '2026-03-01')), 1::bigint, 'her company''s dunning candidates');
SELECT is((SELECT count(*) FROM ar2c.dunning_candidates(9002, '2026-03-01')), 0::bigint, 'none of the other company');
SELECT is(ar2c.visible_exposure(91), '60.00 EUR'::money_cur, 'her customer''s exposure');
SELECT is(ar2c.visible_exposure(92), NULL, 'not the other company''s');
SELECT is((SELECT count(*) FROM ar2c.visible_provision(9002, '2026-03-01')), 0::bigint, 'nor its provision');
SELECT is(ar2c.visible_suggested_limit(92, '2026-03-01'), NULL, 'nor its suggested limit');
RESET ROLE;

-- ---------------------------------------------------------------------
-- Finding 5: an ordinary user's operator inside a function an admin calls
-- ---------------------------------------------------------------------
SET ROLE ar2c_test_eve;
CREATE FUNCTION public.trap_numeric_int8eq(numeric, bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.trap_log VALUES (current_user, 'numeric = bigint');
    RETURN $1 OPERATOR(pg_catalog.=) $2;
END $$;
CREATE OPERATOR public.= (LEFTARG = numeric, RIGHTARG = bigint, FUNCTION = public.trap_numeric_int8eq);
CREATE FUNCTION public.trap_int4_numeric_div(integer, numeric) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.trap_log VALUES (current_user, 'integer / numeric');
    RETURN $1 OPERATOR(pg_catalog./) $2;
END $$;
CREATE OPERATOR public./ (LEFTARG = integer, RIGHTARG = numeric, FUNCTION = public.trap_int4_numeric_div);
SET ROLE ar2c_test_victim;
-- the victim's path is the default one: pg_catalog is searched first
SET LOCAL search_path = "$user", public;
UPDATE ar2c.customer SET trading_since = '2020-01-01' WHERE customer_id = 91;
SELECT is((SELECT count(*) FROM ar2c.payment_history_as_of(NULL, date '2026-03-01')), 2::bigint, 'the victim reads the payment history');
SELECT is((SELECT count(*) FROM ar2c.credit_scores(NULL, date '2026-03-01')), 2::bigint, 'and scores the customers');
SET LOCAL search_path = public, ar2c;
RESET ROLE;
SELECT is_empty($$SELECT ran_as::text || ': ' || trap FROM trap_log WHERE ran_as <> 'ar2c_test_eve'$$,
                'a clerk''s operators never run inside payment_history_as_of or credit_scores as their caller');
DROP OPERATOR public.= (numeric, bigint);
DROP OPERATOR public./ (integer, numeric);

-- ---------------------------------------------------------------------
-- Finding 12: a maintained column set from a trigger of the user's own
-- ---------------------------------------------------------------------
SET ROLE ar2c_test_mallory;
CREATE TABLE public.sneaky (customer_id bigint, invoice_id bigint, company_id bigint, payment_id bigint);
CREATE FUNCTION public.sneaky_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.invoice_id IS NOT NULL THEN
        UPDATE ar2c.invoice SET open_amount = ar2c.money_cur_units(0, 'EUR')
        WHERE customer_id = NEW.customer_id AND invoice_id = NEW.invoice_id;
    ELSE
        UPDATE ar2c.payment SET unapplied_amount = ar2c.money_cur_units(100, 'EUR')
        WHERE company_id = NEW.company_id AND payment_id = NEW.payment_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER sneaky AFTER INSERT ON public.sneaky FOR EACH ROW EXECUTE FUNCTION public.sneaky_write();
SELECT throws_ok($$INSERT INTO public.sneaky (customer_id, invoice_id) VALUES (92, 92)$$, '428C9',
                 'cannot set the open amount of an invoice directly', 'an open amount is not set from a trigger of the user''s');
SELECT throws_ok($$INSERT INTO public.sneaky (company_id, payment_id) VALUES (9002, 92)$$, '428C9',
                 'cannot set the unapplied amount of a payment directly', 'nor an unapplied amount');
SELECT throws_ok($$UPDATE ar2c.invoice SET open_amount = '0.00 EUR' WHERE invoice_id = 92$$, '428C9', NULL,
                 'nor directly');
RESET ROLE;
SELECT throws_ok($$UPDATE ar2c.invoice SET open_amount = '0.00 EUR' WHERE invoice_id = 92$$, '428C9', NULL,
                 'a superuser''s direct change of a maintained column is refused too');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 92), '150.00 EUR'::money_cur, 'the open amount is what the applications left');
-- ar2c's own path still moves it
SELECT throws_ok($$INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (91, 91, 91, '0.01 EUR', 'manual')$$,
                 '23514', NULL, 'a payment applied in full refuses more');
SET ROLE ar2c_test_eve;
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES (9001, 94, 91, '2026-02-11', '5.00 EUR');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (91, 91, 94, '5.00 EUR', 'manual');
RESET ROLE;
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 91), '55.00 EUR'::money_cur, 'a clerk''s application moves the open amount');
SELECT is_empty('SELECT * FROM ar2c.check_ledger()', 'and the ledger adds up');

-- ---------------------------------------------------------------------
-- A clerk runs cash application: her company's payments, no one else's
-- ---------------------------------------------------------------------
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (9001, 95, '2026-02-12', '55.00 EUR', 'Alpha', 'A-1'), (9002, 95, '2026-02-12', '150.00 EUR', 'Bravo', 'B-1');
SET ROLE ar2c_test_eve;
SELECT lives_ok('SELECT * FROM ar2c.apply_cash()', 'a clerk runs apply_cash()');
SELECT is((SELECT count(*) FROM ar2c.cash_lock_invoices('{91,92}', '{91,92}')), 1::bigint,
          'its lock helper locks her company''s invoice, not the other''s');
RESET ROLE;
SELECT is((SELECT status FROM payment WHERE company_id = 9001 AND payment_id = 95), 'applied', 'her company''s payment is applied');
SELECT is((SELECT (status, match_state) FROM payment WHERE company_id = 9002 AND payment_id = 95), ('unapplied'::text, NULL::text),
          'the other company''s is not even looked at');

-- Every view runs with its owner's rights, so each one filters by the
-- session's companies itself: read as a clerk or a reporting role of 9001,
-- no view granted to them shows a row of 9002 (or refuses them), while a superuser sees 9002 in them.
CREATE TEMP TABLE view_rows (view_name text, reader text, rows_of_9002 bigint, sqlstate text);
GRANT INSERT ON view_rows TO PUBLIC;
CREATE FUNCTION pg_temp.count_view_rows(reader text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v record;
    n bigint;
    state text;
BEGIN
    FOR v IN SELECT c.relname FROM pg_class c
             WHERE c.relnamespace = 'ar2c'::regnamespace AND c.relkind IN ('v', 'm')
               AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'company_id')
               AND has_table_privilege(c.oid, 'SELECT')
             ORDER BY 1 LOOP
        n := NULL;
        state := '00000';
        BEGIN
            EXECUTE format('SELECT count(*) FROM ar2c.%I WHERE company_id = 9002', v.relname) INTO n;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE;
        END;
        INSERT INTO view_rows VALUES (v.relname, reader, n, state);
    END LOOP;
END
$$;
SELECT pg_temp.count_view_rows('superuser');
SET ROLE ar2c_test_eve;
SELECT pg_temp.count_view_rows('clerk of 9001');
RESET ROLE;
CREATE ROLE ar2c_test_bi IN ROLE ar2c_reporting;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_bi', 9001);
SET ROLE ar2c_test_bi;
SELECT pg_temp.count_view_rows('reporting of 9001');
RESET ROLE;
SELECT is_empty($$SELECT reader || ', ' || view_name || ': ' || coalesce(rows_of_9002::text, sqlstate) FROM view_rows
                  WHERE reader <> 'superuser' AND (sqlstate <> '00000' OR rows_of_9002 > 0)$$,
                'no view shows a clerk or a reporting role another company''s rows, nor refuses them');
SELECT cmp_ok((SELECT count(*) FROM view_rows WHERE reader = 'superuser' AND rows_of_9002 > 0), '>=', 8::bigint,
              'at least 8 views have rows of 9002 for a superuser, so the check above is not empty');

SELECT * FROM finish();
ROLLBACK;
