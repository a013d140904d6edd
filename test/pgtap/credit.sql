-- Credit scoring: the payment behaviour aggregate against a plain-SQL
-- reference, its state's text form, every refusal with its SQLSTATE,
-- rescoring and limit rules (the seed example), grade policies in the
-- order check, the catalogue (comments, dump registration, security)
BEGIN;
SET search_path = public, ar2c;
SELECT plan(98);

-- random items: 40 groups, about 1 in 8 open, some early, some very late
SELECT setseed(0.42);
CREATE TABLE pb_rows AS
SELECT (random() * 39)::integer AS grp, due, paid, money_cur_units(units, 'EUR') AS amount, units
FROM (SELECT '2025-01-01'::date + (random() * 500)::integer AS due,
             (random() * 220)::integer - 40 AS delay, random() < 0.125 AS open,
             (random() * 5000000)::bigint AS units
      FROM generate_series(1, 8000)) r,
     LATERAL (SELECT CASE WHEN NOT open THEN due + delay END AS paid) p;
ANALYZE pb_rows;

-- the reference: the same figures with count, sum, max and FILTER
CREATE FUNCTION pg_temp.reference(as_of date) RETURNS TABLE (grp integer, b payment_behaviour)
LANGUAGE sql AS $$
    SELECT grp, ROW(count(*), money_cur_units(sum(units)::bigint, 'EUR'),
                    round(sum(units * days)::numeric / nullif(sum(units), 0), 2),
                    round((count(*) FILTER (WHERE days > 0))::numeric / count(*), 4),
                    round(coalesce(sum(units) FILTER (WHERE days > 0), 0)::numeric / nullif(sum(units), 0), 4),
                    max(days),
                    round(coalesce(sum(units) FILTER (WHERE days > 90), 0)::numeric / nullif(sum(units), 0), 4),
                    count(*) FILTER (WHERE open),
                    money_cur_units(coalesce(sum(units) FILTER (WHERE open), 0)::bigint, 'EUR'))::payment_behaviour
    FROM (SELECT grp, units, o.open,
                 greatest(CASE WHEN o.open THEN $1 - due ELSE paid - due END, 0) AS days
          FROM pb_rows,
               LATERAL (SELECT $1 IS NOT NULL AND (paid IS NULL OR paid > $1) AS open) o
          WHERE CASE WHEN $1 IS NULL THEN paid IS NOT NULL ELSE NOT (o.open AND due >= $1) END) x
    GROUP BY grp
$$;

SELECT set_eq($$SELECT grp, payment_behaviour(due, paid, amount) FROM pb_rows GROUP BY grp$$,
              $$SELECT * FROM pg_temp.reference(NULL)$$,
              'payment_behaviour(due, paid, amount) equals the plain-SQL reference on random data');
SELECT set_eq($$SELECT grp, payment_behaviour(due, paid, amount, '2026-01-15') FROM pb_rows GROUP BY grp$$,
              $$SELECT * FROM pg_temp.reference('2026-01-15')$$,
              'payment_behaviour(due, paid, amount, as_of) equals the plain-SQL reference on random data');
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT set_eq($$SELECT grp, payment_behaviour(due, paid, amount, '2026-01-15') FROM pb_rows GROUP BY grp$$,
              $$SELECT * FROM pg_temp.reference('2026-01-15')$$,
              'and with parallel workers');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- partial states, combined after a trip through their text form, give the
-- aggregate over the whole
CREATE AGGREGATE pg_temp.behaviour_state(date, date, money_cur, date) (
    SFUNC = payment_behaviour_add, STYPE = payment_behaviour_state, INITCOND = '(0,0,0,0,0,0,0,0,0,)');
SELECT set_eq($$SELECT grp, payment_behaviour_final(payment_behaviour_combine(a.s::text::payment_behaviour_state,
                                                                                coalesce(b.s, '(0,0,0,0,0,0,0,0,0,)')::text::payment_behaviour_state))
                FROM (SELECT grp, pg_temp.behaviour_state(due, paid, amount, '2026-01-15') s FROM pb_rows WHERE units % 2 = 0 GROUP BY grp) a
                LEFT JOIN (SELECT grp, pg_temp.behaviour_state(due, paid, amount, '2026-01-15') s FROM pb_rows WHERE units % 2 = 1 GROUP BY grp) b USING (grp)$$,
              $$SELECT grp, payment_behaviour(due, paid, amount, '2026-01-15') FROM pb_rows GROUP BY grp$$,
              'states combined after a text round trip give the aggregate over all rows');
SELECT is((SELECT count(*) FROM (SELECT s FROM (SELECT pg_temp.behaviour_state(due, paid, amount, '2026-01-15') s FROM pb_rows GROUP BY grp) x
                                 WHERE s::text::payment_behaviour_state::text <> s::text) y),
          0::bigint, 'every state reads back from its text as itself');
DROP TABLE pb_rows;

-- empty, NULL and single-row input
SELECT is((SELECT payment_behaviour(d, d, m) FROM (SELECT NULL::date d, NULL::money_cur m) x WHERE false), NULL::payment_behaviour, 'no rows give NULL');
SELECT is((SELECT payment_behaviour(d, d, m, '2026-01-01') FROM (VALUES (NULL::date, '1.00 EUR'::money_cur)) x(d, m)), NULL::payment_behaviour, 'rows with a NULL due date are skipped');
SELECT is((SELECT payment_behaviour(NULL, '2026-01-01', '1.00 EUR')), NULL::payment_behaviour, 'and a single NULL row gives NULL');
SELECT is(payment_behaviour('2026-01-01', '2026-01-31', '10.00 EUR'),
          '(1,"10.00 EUR",30.00,1.0000,1.0000,30,0.0000,0,"0.00 EUR")'::payment_behaviour, 'a single late row');
SELECT is(payment_behaviour('2026-01-01', NULL, '10.00 EUR', '2026-05-01'),
          '(1,"10.00 EUR",120.00,1.0000,1.0000,120,1.0000,1,"10.00 EUR")'::payment_behaviour, 'a single open row, 120 days overdue');
SELECT is(payment_behaviour('2026-05-01', NULL, '10.00 EUR', '2026-05-01'), NULL::payment_behaviour, 'an open row due on the as-of date is not overdue');

-- refusals of the aggregate and its state
SELECT throws_ok($$SELECT payment_behaviour(d, d, m) FROM (VALUES ('2026-01-01'::date, '1.00 EUR'::money_cur), ('2026-01-01', '1 JPY')) v(d, m)$$,
                 '42804', 'cannot compute payment_behaviour over amounts in different currencies: EUR and JPY', 'two currencies');
SELECT throws_ok($$SELECT payment_behaviour('2026-01-01', '2026-01-02', '-0.01 EUR')$$, '22023', NULL, 'a negative amount');
SELECT throws_ok($$SELECT payment_behaviour('2026-01-01', 'infinity', '1.00 EUR')$$, '22008', NULL, 'an infinite paid date');
SELECT throws_ok($$SELECT payment_behaviour('2026-01-01', NULL, '1.00 EUR', '-infinity')$$, '22008', NULL, 'an infinite as-of date');
SELECT throws_ok($$SELECT payment_behaviour('2026-01-01', NULL, '1.00 EUR', NULL)$$, '22004', NULL, 'a NULL as-of date');
SELECT throws_ok($$SELECT '(1,100,0,0,0,0,0,0,0)'::payment_behaviour_state$$, '22P02', NULL, 'a state of nine fields');
SELECT throws_ok($$SELECT '(1,100,0,0,0,0,0,0,0,)'::payment_behaviour_state$$, '22P02', NULL, 'a count without a currency');
SELECT throws_ok($$SELECT '(1,100,0,0,0,0,0,0,0,EUX)'::payment_behaviour_state$$, '22P02', NULL, 'an unknown currency');
SELECT throws_ok($$SELECT payment_behaviour_combine('(1,100,0,0,0,0,0,0,0,EUR)', '(1,100,0,0,0,0,0,0,0,USD)')$$, '42804', NULL, 'combining currencies');
SELECT throws_ok($$SELECT payment_behaviour_combine('(1,170141183460469231731687303715884105727,0,0,0,0,0,0,0,EUR)', '(1,1,0,0,0,0,0,0,0,EUR)')$$,
                 '22003', NULL, 'a state beyond 128 bits');
SELECT throws_ok($$SELECT payment_behaviour_final('(1,9223372036854775808,0,0,0,0,0,0,0,EUR)')$$, '22003', NULL, 'a total beyond money_cur');

-- the score function
SELECT is((credit_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).score, 500, 'nothing known scores 500');
SELECT is((credit_score(NULL, NULL, NULL, 100, NULL, NULL, NULL, NULL, NULL, '{0,0,0,0,0,0,0,0,1,0}')).score, 1000,
          'with one weight, the score is that factor alone');
SELECT throws_ok($$SELECT credit_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{1,2,3}')$$, '22023', NULL, 'weights of the wrong length');
SELECT throws_ok($$SELECT credit_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{0,0,0,0,0,0,0,0,0,0}')$$, '22023', NULL, 'all weights zero');
SELECT throws_ok($$SELECT credit_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{800,800,450,0}')$$,
                 '22023', 'invalid credit grade floors {800,800,450,0}', 'overlapping grade floors');
SELECT throws_ok($$SELECT credit_score(NULL, NULL, NULL, NULL, NULL, '1.00 USD', NULL, NULL, '1.00 EUR')$$, '42804', NULL, 'revenue in another currency than the limit');

-- a ledger
SELECT is((SELECT aging_date FROM roll_aging('2026-06-30')), '2026-06-30'::date, 'the aging date is set');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR'), (2, 'Other Co', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, credit_limit, external_rating) VALUES
  (1, 1, 'C1', 'Seed SpA', 'EUR', '5000000.00 EUR', NULL),
  (2, 1, 'C2', 'Prompt AG', 'EUR', '100000.00 EUR', 80),
  (3, 2, 'C3', 'Elsewhere', 'EUR', '1000.00 EUR', NULL);
DO $$ BEGIN
    PERFORM setval(pg_get_serial_sequence('ar2c.' || t, c), 100)
    FROM (VALUES ('invoice', 'invoice_id'), ('payment', 'payment_id'), ('application', 'application_id')) v(t, c);
END $$;
-- the seed example: late in January, February and March, on time otherwise
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 1, 'S-1', '2025-12-01', '2025-12-31', '1000000.00 EUR'),
  (1, 1, 2, 'S-2', '2026-01-01', '2026-01-31', '1000000.00 EUR'),
  (1, 1, 3, 'S-3', '2026-02-01', '2026-02-28', '1000000.00 EUR'),
  (1, 1, 4, 'S-4', '2026-03-01', '2026-03-31', '1000000.00 EUR'),
  (1, 1, 5, 'S-5', '2026-04-01', '2026-04-30', '1000000.00 EUR'),
  (1, 2, 6, 'P-1', '2026-05-01', '2026-05-31', '1000.00 EUR'),
  (1, 2, 7, 'P-0', '2026-04-15', '2026-05-15', '1000.00 EUR'),
  (1, 2, 8, 'P-2', '2026-05-21', '2026-06-20', '1000.00 EUR');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount)
SELECT 1, invoice_id, customer_id, paid, amount
FROM invoice JOIN (VALUES (1, '2025-12-30'::date), (2, '2026-02-20'), (3, '2026-03-20'), (4, '2026-04-30'), (5, '2026-04-29'), (6, '2026-05-31'),
                   (7, '2026-05-15'), (8, '2026-06-19'))
     v(id, paid) ON v.id = invoice_id;
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_on)
SELECT i.customer_id, i.invoice_id, p.payment_id, p.amount, 'manual', p.value_date FROM payment p JOIN invoice i ON i.invoice_id = p.payment_id;
SELECT is((SELECT string_agg(days_late::text, ',' ORDER BY due_date) FROM payment_history WHERE customer_id = 1), '0,20,20,30,0',
          'the payment history derives days late from the applications');
SELECT is((SELECT paid_date FROM payment_history_as_of(NULL, date '2026-03-25') WHERE invoice_id = 4), NULL::date, 'an invoice paid later is open on an earlier date');

-- refusals of the configuration
SELECT throws_ok($$INSERT INTO credit_score_weight (company_id, factor, weight) VALUES (1, 'revenu', 10)$$,
                 '23514', 'unknown credit score factor "revenu"', 'an unknown factor');
SELECT throws_ok($$INSERT INTO credit_score_weight (company_id, factor, weight) VALUES (1, 'revenue', 1001)$$, '23514', NULL, 'a weight above 1000');
SELECT throws_ok($$INSERT INTO credit_score_weight (company_id, factor, weight)
                   SELECT 1, factor, 0 FROM credit_factors()$$, '23514', 'the credit score weights of company 1 are all zero', 'all weights zero');
SELECT throws_ok($$INSERT INTO credit_grade_band (company_id, grade, min_score) VALUES (1, 'B', 850)$$,
                 '23514', 'the credit grade bands of company 1 overlap: grade B starts at 850, not below grade A''s 800', 'overlapping bands');
SELECT throws_ok($$INSERT INTO credit_grade_band (company_id, grade, min_score) VALUES (1, 'D', 10)$$, '23514', NULL, 'grade D not at 0');
SELECT throws_ok($$INSERT INTO credit_grade_band (company_id, grade, min_score) VALUES (1, 'E', 10)$$, '23514', NULL, 'no grade E');
SELECT lives_ok($$INSERT INTO credit_grade_band (company_id, grade, min_score) VALUES (1, 'A', 900), (1, 'B', 850)$$,
                'bands moved together in one statement');
SELECT lives_ok($$SET CONSTRAINTS credit_grade_band_valid DEFERRED;
                  UPDATE credit_grade_band SET min_score = 650 WHERE company_id = 1 AND grade = 'B';
                  UPDATE credit_grade_band SET min_score = 800 WHERE company_id = 1 AND grade = 'A';
                  SET CONSTRAINTS credit_grade_band_valid IMMEDIATE$$,
                'or one at a time with the check deferred');
SELECT is((SELECT array_agg(min_score ORDER BY grade) FROM credit_grade_bands(1)), '{800,650,450,0}', 'the company''s bands with defaults for the rest');
SELECT throws_ok($$INSERT INTO credit_grade_policy (company_id, grade, prepayment_share) VALUES (1, 'D', 1.5)$$, '23514', NULL, 'a prepayment above 100%');
SELECT throws_ok($$INSERT INTO credit_limit_rule (company_id, name, action, lookback_months, late_periods, change_share)
                   VALUES (1, 'x', 'reduce', 6, 3, 1.5)$$, '23514', NULL, 'a reduction of 150%');
SELECT throws_ok($$INSERT INTO credit_limit_rule (company_id, name, action, lookback_months, change_share)
                   VALUES (1, 'x', 'reduce', 6, 0.5)$$, '23514', NULL, 'a reduction without late periods');
SELECT throws_ok($$SELECT rescore(NULL, date 'infinity')$$, '22023', NULL, 'rescoring as of infinity');
SELECT throws_ok($$SELECT rescore(NULL, date '2026-06-30', 0)$$, '22023', NULL, 'a lookback of 0 months');

-- rescoring: the seed example
INSERT INTO credit_limit_rule (company_id, rule_id, name, action, lookback_months, late_periods, change_share)
VALUES (1, 1, 'late in three months of six', 'reduce', 6, 3, 0.40);
SELECT is((SELECT (customers_scored, limits_changed) FROM rescore(NULL, date '2026-06-30')), (3::bigint, 1::bigint), 'rescore scores every customer, one limit changes');
SELECT is((SELECT credit_limit FROM customer WHERE customer_id = 1), '3000000.00 EUR'::money_cur,
          'late in three periods: 5,000,000 becomes 3,000,000');
SELECT is((SELECT (rule_id, old_limit, new_limit) FROM credit_history WHERE customer_id = 1),
          (1::bigint, '5000000.00 EUR'::money_cur, '3000000.00 EUR'::money_cur), 'and the history says which rule');
SELECT matches((SELECT reason FROM credit_history WHERE customer_id = 1), 'late in 3 months of the last 6', 'with its figures');
SELECT is((SELECT (credit_score, credit_grade) FROM customer WHERE customer_id = 1), (663, 'B'::text), 'score and grade are written');
SELECT is((SELECT limits_changed FROM rescore(NULL, date '2026-06-30')), 0::bigint, 'a rule fires once per customer in its window');
SELECT is((SELECT credit_limit FROM customer WHERE customer_id = 1), '3000000.00 EUR'::money_cur, 'so the limit stays');

-- a raise: no late payment in the last month, a customer for longer
INSERT INTO credit_limit_rule (company_id, rule_id, name, action, lookback_months, change_share, cap_factor)
VALUES (1, 2, 'a good month', 'raise', 1, 0.50, 1.0);
SELECT is((SELECT limits_changed FROM rescore(NULL, date '2026-06-30')), 0::bigint, 'capped at the suggested limit, which is far below, the raise is none');
UPDATE credit_limit_rule SET cap_factor = NULL WHERE company_id = 1 AND rule_id = 2;
SELECT is((SELECT limits_changed FROM rescore(NULL, date '2026-06-30')), 1::bigint, 'without a cap it fires');
SELECT is((SELECT credit_limit FROM customer WHERE customer_id = 2), '150000.00 EUR'::money_cur, 'and raises 100,000 by 50%');
SELECT is((SELECT credit_limit FROM customer WHERE customer_id = 1), '3000000.00 EUR'::money_cur, 'but not the late payer''s');

-- weights and bands change the scores
INSERT INTO credit_score_weight (company_id, factor, weight)
SELECT 1, factor, CASE factor WHEN 'external_rating' THEN 100 ELSE 0 END FROM credit_factors();
SELECT is((credit_score(2, '2026-06-30')).score, 800, 'with only the external rating weighted, the score is 10 x the rating');
SELECT is((credit_score(2, '2026-06-30')).grade, 'A', 'and grade A at the default floor of 800');
UPDATE credit_grade_band SET min_score = 801 WHERE company_id = 1 AND grade = 'A';
SELECT is((credit_score(2, '2026-06-30')).grade, 'B', 'a higher floor for A makes it B');
DELETE FROM credit_score_weight WHERE company_id = 1;

-- the history is append-only; changes by hand are recorded
SELECT throws_ok($$UPDATE credit_history SET reason = 'x'$$, '55000', NULL, 'no UPDATE of the credit history');
SELECT throws_ok($$DELETE FROM credit_history$$, '55000', NULL, 'no DELETE');
SELECT throws_ok($$TRUNCATE credit_history$$, '55000', NULL, 'no TRUNCATE');
UPDATE customer SET credit_limit = '3500000.00 EUR' WHERE customer_id = 1;
SELECT is((SELECT (new_limit, reason) FROM credit_history WHERE customer_id = 1 ORDER BY history_id DESC LIMIT 1),
          ('3500000.00 EUR'::money_cur, 'changed by hand'::text), 'a limit changed by hand is recorded');
UPDATE customer SET credit_limit = '3000000.00 EUR' WHERE customer_id = 1;
SELECT is((SELECT count(*) FROM credit_history WHERE customer_id = 1), 3::bigint, 'also when it goes back to what rescore set in this transaction');

-- grade policies in the order check
INSERT INTO credit_grade_policy (company_id, grade, payment_terms_days, prepayment_share, order_hold) VALUES (1, 'D', 14, 0.30, true);
UPDATE customer SET credit_grade = 'D' WHERE customer_id = 2;
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 2, 'SO-1', '10.00 EUR');
SELECT is((SELECT status FROM sales_order WHERE order_number = 'SO-1'), 'credit_hold', 'grade D holds an order far below the limit');
SELECT is((SELECT hold_reason FROM sales_order WHERE order_number = 'SO-1'),
          'grade D: the company holds every order of this grade; grade D requires prepayment of 30% (3.00 EUR)', 'the reason names the prepayment');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'credit_grade'), 1::bigint, 'with an alert');
UPDATE credit_grade_policy SET order_hold = false WHERE company_id = 1 AND grade = 'D';
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 2, 'SO-2', '10.00 EUR');
SELECT is((SELECT status FROM sales_order WHERE order_number = 'SO-2'), 'open', 'without the hold the order passes');
UPDATE credit_grade_policy SET order_hold = true WHERE company_id = 1 AND grade = 'D';
UPDATE company SET order_credit_policy = 'off' WHERE company_id = 1;
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 2, 'SO-3', '10.00 EUR');
SELECT is((SELECT status FROM sales_order WHERE order_number = 'SO-3'), 'open', 'with the credit check off, grades hold nothing');
UPDATE company SET order_credit_policy = 'hold' WHERE company_id = 1;
UPDATE credit_grade_policy SET order_hold = false WHERE company_id = 1 AND grade = 'D';
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES (1, 2, 'SO-4', '200000.00 EUR');
SELECT matches((SELECT hold_reason FROM sales_order WHERE order_number = 'SO-4'),
               '^exposure .* would pass the credit limit 150000.00 EUR; grade D requires prepayment of 30% \(60000.00 EUR\)$',
               'an order held over the limit names the grade''s prepayment too');

-- rescore sees only the companies the caller may see
CREATE ROLE ar2c_test_controller;
GRANT USAGE ON SCHEMA ar2c TO ar2c_test_controller;
GRANT SELECT ON ALL TABLES IN SCHEMA ar2c TO ar2c_test_controller;
GRANT UPDATE ON ar2c.customer TO ar2c_test_controller;
GRANT INSERT ON ar2c.credit_history TO ar2c_test_controller;
GRANT USAGE ON SEQUENCE ar2c.credit_history_history_id_seq TO ar2c_test_controller;
GRANT EXECUTE ON FUNCTION ar2c.rescore(bigint, date, integer) TO ar2c_test_controller;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_controller', 2);
SET ROLE ar2c_test_controller;
SELECT is((SELECT customers_scored FROM rescore(NULL, date '2026-08-31')), 1::bigint, 'a controller of company 2 rescores its one customer');
SELECT is((SELECT array_agg(DISTINCT company_id) FROM credit_history), '{2}'::bigint[], 'and sees only its history');
RESET ROLE;
SELECT is((SELECT credit_scored_on FROM customer WHERE customer_id = 3), '2026-08-31'::date, 'company 2 is scored');
SELECT is((SELECT credit_scored_on FROM customer WHERE customer_id = 1), '2026-06-30'::date, 'company 1 is untouched');

-- the BI views for a reporting role, which reads views and nothing else
SELECT lives_ok('SELECT ar2c.create_roles()', 'the roles are created');
GRANT SELECT ON ar2c.credit_exposure, ar2c.payment_history TO ar2c_reporting;
CREATE ROLE ar2c_test_bi LOGIN IN ROLE ar2c_reporting;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_bi', 1);
SET ROLE ar2c_test_bi;
SELECT is((SELECT array_agg(credit_limit ORDER BY customer_id) FROM credit_exposure), '{3000000.00,150000.00}'::numeric[],
          'a reporting role reads credit_exposure, for its company only');
SELECT is((SELECT suggested_limit FROM credit_exposure WHERE customer_id = 1), 1105000.00,
          'with the suggested limit');
SELECT is((SELECT count(*) FROM payment_history), 8::bigint, 'and payment_history');
RESET ROLE;
SELECT set_eq($$SELECT company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, paid_date,
                       ar2c.amount(amount), days_late, disputed, written_off FROM payment_history_as_of(NULL, aging_date())$$,
              $$SELECT company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, paid_date,
                       amount, days_late, disputed, written_off FROM payment_history$$,
              'the view payment_history says what payment_history_as_of() says');

-- dry run: rescore_preview() shows what rescore() would change, with the
-- reason, and writes nothing; rescore() applies exactly that; a new limit
-- is rounded down to the company's credit_limit_step
INSERT INTO credit_limit_rule (company_id, rule_id, name, action, lookback_months, change_share)
VALUES (1, 3, 'another good month', 'raise', 1, 0.3337);
CREATE TEMP TABLE preview AS SELECT * FROM rescore_preview(1, '2026-06-30');
SELECT is((SELECT (old_limit, new_limit, rule_id) FROM preview WHERE customer_id = 2),
          ('150000.00 EUR'::money_cur, '200000.00 EUR'::money_cur, 3::bigint),
          'the preview raises 150,000 by 33.37% to 200,055, rounded down to 200,000 (a multiple of 100)');
SELECT matches((SELECT reason FROM preview WHERE customer_id = 2), 'rule 3 "another good month".*150000.00 EUR -> 200000.00 EUR',
               'with the reason');
SELECT is((SELECT (old_grade, new_grade) FROM preview WHERE customer_id = 2), ('D'::text, 'A'::text), 'and the grade change');
SELECT is((SELECT count(*) FROM preview WHERE customer_id = 3), 0::bigint, 'only the company asked for');
SELECT is((SELECT credit_limit FROM customer WHERE customer_id = 2), '150000.00 EUR'::money_cur, 'the preview changes nothing');
UPDATE company SET credit_limit_step = 0.01 WHERE company_id = 1;
SELECT is((SELECT new_limit FROM rescore_preview(1, '2026-06-30') WHERE customer_id = 2), '200055.00 EUR'::money_cur,
          'a step of 0.01 does not round');
UPDATE company SET credit_limit_step = 100 WHERE company_id = 1;
SELECT throws_ok($$UPDATE company SET credit_limit_step = 0 WHERE company_id = 1$$, '23514', NULL, 'a step of 0');
SELECT throws_ok($$SELECT * FROM rescore_preview(NULL, date 'infinity')$$, '22023', NULL, 'a preview as of infinity');
CREATE TEMP TABLE history_before AS SELECT max(history_id) AS last FROM credit_history;
SELECT is((SELECT limits_changed FROM rescore(1, '2026-06-30')), 1::bigint, 'rescore applies the preview');
SELECT set_eq($$SELECT customer_id, new_score, new_grade, new_limit, rule_id, reason FROM credit_history
                WHERE history_id > (SELECT last FROM history_before)$$,
              $$SELECT customer_id, new_score, new_grade, new_limit, rule_id, reason FROM preview$$,
              'and records exactly what the preview showed');

-- the score of one customer, factor by factor
SELECT is((SELECT count(*) FROM credit_score_breakdown(2, '2026-06-30')), 10::bigint, 'one row per factor');
SELECT is((SELECT (five_c, input, value, weight, points) FROM credit_score_breakdown(2, '2026-06-30') WHERE factor = 'external_rating'),
          ('conditions'::text, '80'::text, 0.8, 100, 80.0), 'each with its C, input, value, weight and points');
SELECT is((SELECT round(sum(points)) FROM credit_score_breakdown(2, '2026-06-30')),
          (SELECT score FROM credit_score(2, '2026-06-30'))::numeric,
          'the points of the factors add up to the score');

-- the catalogue
SELECT is((SELECT count(*) FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
           WHERE a.attrelid = 'ar2c.credit_exposure'::regclass AND a.attnum > 0 AND t.typnamespace = 'ar2c'::regnamespace),
          0::bigint, 'credit_exposure has plain column types only');
SELECT is((SELECT count(*) FROM pg_attribute a
           WHERE a.attrelid IN ('ar2c.credit_exposure'::regclass, 'ar2c.payment_history'::regclass, 'ar2c.credit_history'::regclass,
                                'ar2c.credit_limit_rule'::regclass, 'ar2c.credit_grade_policy'::regclass,
                                'ar2c.credit_score_weight'::regclass, 'ar2c.credit_grade_band'::regclass)
             AND a.attnum > 0 AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NULL),
          0::bigint, 'every column of the credit tables and views has a comment');
SELECT is((SELECT count(*) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
           WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'ar2c')
             AND p.proname IN ('payment_behaviour', 'payment_behaviour_add', 'payment_behaviour_combine', 'payment_behaviour_final',
                               'payment_history_as_of', 'credit_factors', 'credit_grade_defaults', 'credit_score_weights',
                               'credit_grade_bands', 'credit_score', 'credit_scores', 'suggested_limit', 'rescore',
                               'rescore_preview', 'rescore_decisions', 'credit_score_breakdown')
             AND obj_description(p.oid, 'pg_proc') IS NULL),
          0::bigint, 'every credit function has a comment');
SELECT is((SELECT count(*) FROM pg_extension e, unnest(e.extconfig) c
           WHERE e.extname = 'ar2c'
             AND c IN ('ar2c.credit_score_weight'::regclass, 'ar2c.credit_grade_band'::regclass, 'ar2c.credit_grade_policy'::regclass,
                       'ar2c.credit_limit_rule'::regclass, 'ar2c.credit_history'::regclass,
                       'ar2c.credit_limit_rule_rule_id_seq'::regclass, 'ar2c.credit_history_history_id_seq'::regclass)),
          7::bigint, 'the credit tables and sequences survive pg_dump');
SELECT is((SELECT bool_and(relrowsecurity) FROM pg_class
           WHERE oid IN ('ar2c.credit_score_weight'::regclass, 'ar2c.credit_grade_band'::regclass, 'ar2c.credit_grade_policy'::regclass,
                         'ar2c.credit_limit_rule'::regclass, 'ar2c.credit_history'::regclass)),
          true, 'row-level security on every credit table');
SELECT is((SELECT bool_and(proparallel = 's') FROM pg_proc WHERE proname LIKE 'payment_behaviour%'), true, 'the aggregate and its support functions are parallel safe');

SELECT * FROM finish();
ROLLBACK;
