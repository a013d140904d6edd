-- Credit scoring: the payment behaviour aggregate, the 5C score, rescoring
-- with limit rules, grade policies in the order check, the BI view
SET search_path = public, ar2c;
SET datestyle = 'ISO, YMD';

-- payment_behaviour(due, paid, amount): 100.00 paid 5 days early, 200.00
-- 15 days late, 300.00 on the day; the open item is skipped
SELECT (payment_behaviour(due, paid, amount)).*
FROM (VALUES ('2026-01-31'::date, '2026-01-26'::date, '100.00 EUR'::money_cur),
             ('2026-01-31', '2026-02-15', '200.00 EUR'),
             ('2026-03-02', '2026-03-02', '300.00 EUR'),
             ('2026-03-02', NULL, '500.00 EUR')) AS v(due, paid, amount);

-- as of 2026-04-10: open 99 days, paid after the date (open on it, 50
-- days), not yet due (skipped), paid early before the date
SELECT (payment_behaviour(due, paid, amount, '2026-04-10')).*
FROM (VALUES ('2026-01-01'::date, NULL::date, '100.00 EUR'::money_cur),
             ('2026-02-19', '2026-05-01', '50.00 EUR'),
             ('2026-04-10', NULL, '70.00 EUR'),
             ('2026-06-01', '2026-04-01', '10.00 EUR')) AS v(due, paid, amount);

-- no rows, only NULLs, one row
SELECT payment_behaviour(due, paid, amount) IS NULL AS empty_is_null
FROM (VALUES ('2026-01-01'::date, '2026-01-01'::date, '1.00 EUR'::money_cur)) AS v(due, paid, amount) WHERE false;
SELECT payment_behaviour(due, paid, amount) IS NULL AS nulls_only_is_null
FROM (VALUES (NULL::date, '2026-01-01'::date, '1.00 EUR'::money_cur), ('2026-01-01', NULL, '1.00 EUR'),
             ('2026-01-01', '2026-01-01', NULL)) AS v(due, paid, amount);
SELECT payment_behaviour('2026-01-31', '2026-02-10', '25.00 USD');

-- the state: a real type with an exact text form, also after combining
SELECT payment_behaviour_add('(0,0,0,0,0,0,0,0,0,)', '2026-01-31', '2026-02-15', '200.00 EUR') AS one_item;
SELECT payment_behaviour_combine('(1,20000,1,20000,0,300000,15,0,0,EUR)', '(2,40000,0,0,0,0,0,0,0,EUR)') AS combined,
       payment_behaviour_combine('(1,20000,1,20000,0,300000,15,0,0,EUR)', '(2,40000,0,0,0,0,0,0,0,EUR)')::text
           ::payment_behaviour_state::text AS round_trip;
SELECT payment_behaviour_final('(3,60000,1,20000,0,300000,15,0,0,EUR)');

-- refusals
SELECT payment_behaviour(due, paid, amount)
FROM (VALUES ('2026-01-31'::date, '2026-02-01'::date, '1.00 EUR'::money_cur),
             ('2026-01-31', '2026-02-01', '1.00 USD')) AS v(due, paid, amount);
SELECT payment_behaviour('2026-01-31', '2026-02-01', '-1.00 EUR');
SELECT payment_behaviour('infinity', '2026-02-01', '1.00 EUR');
SELECT payment_behaviour('2026-01-31', NULL, '1.00 EUR', NULL);
SELECT '(1,5,2,5,0,5,1,0,0,EUR)'::payment_behaviour_state;

-- parallel: Partial aggregates in the workers, combined in the leader,
-- the same result as without workers
CREATE TABLE behaviour_rows AS
SELECT g % 10 AS grp, '2025-01-01'::date + g % 500 AS due,
       CASE WHEN g % 17 <> 0 THEN '2025-01-01'::date + g % 500 + ((g::bigint * 7919) % 150)::integer - 30 END AS paid,
       money_cur_units((g::bigint * 104729) % 1000000, 'EUR') AS amount
FROM generate_series(1, 60000) AS g;
ANALYZE behaviour_rows;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 1;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT grp, payment_behaviour(due, paid, amount), payment_behaviour(due, paid, amount, '2026-03-01')
FROM behaviour_rows GROUP BY grp;
CREATE TEMP TABLE with_workers AS
SELECT grp, payment_behaviour(due, paid, amount) AS b, payment_behaviour(due, paid, amount, '2026-03-01') AS b_as_of
FROM behaviour_rows GROUP BY grp;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE without_workers AS
SELECT grp, payment_behaviour(due, paid, amount) AS b, payment_behaviour(due, paid, amount, '2026-03-01') AS b_as_of
FROM behaviour_rows GROUP BY grp;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT (SELECT count(*) FROM with_workers) AS groups,
       (SELECT count(*) FROM (TABLE with_workers EXCEPT TABLE without_workers) d) AS differences;
SELECT grp, (b).items, (b).amount, (b).avg_days_late, (b).late_share_amount, (b_as_of).open_overdue_items
FROM with_workers ORDER BY grp LIMIT 3;
DROP TABLE behaviour_rows;

-- the score of inputs: nothing known is 500 points, grade C
SELECT * FROM credit_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
-- the worked example of doc/credit.md
SELECT score, grade, character_points, capacity_points, capital_points, collateral_points, conditions_points
FROM credit_score(payment_behaviour_final('(3,600000,1,150000,0,7200000,48,0,0,EUR)'), 0.1, 0, 60, 12,
                  '100000.00 EUR', '20000.00 EUR', NULL, '10000.00 EUR');

-- a ledger to score, in a transaction rolled back at the end; the
-- sequences it draws from are put back too, so that the suites that follow
-- find the ledger as it was. It keeps to a company of its own (70), as a
-- suite run before it may have left a ledger behind.
CREATE TEMP TABLE sequences_before AS
SELECT schemaname, sequencename, start_value, last_value FROM pg_sequences WHERE schemaname = 'ar2c';
BEGIN;
SELECT rebuild_aging(NULL, date '2026-06-30') >= 0 AS aging_rebuilt;
SELECT aging_date();
INSERT INTO company (company_id, name, functional_currency) VALUES (70, 'Acme Credit GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, credit_limit,
                      external_rating, trading_since, annual_revenue, equity) VALUES
  (7201, 70, 'C-201', 'Prompt GmbH', 'EUR', '20000.00 EUR', 80, '2012-06-30', '5000000.00 EUR', '1500000.00 EUR'),
  (7202, 70, 'C-202', 'Slow SpA', 'EUR', '5000000.00 EUR', NULL, NULL, NULL, NULL),
  (7203, 70, 'C-203', 'New Ltd', 'EUR', NULL, NULL, NULL, NULL, NULL),
  (7204, 70, 'C-204', 'Doubtful Ltd', 'EUR', '10000.00 EUR', NULL, NULL, NULL, NULL);
CREATE FUNCTION pg_temp.pay(customer bigint, number text, paid_on date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    i record;
    payment bigint;
BEGIN
    SELECT * INTO i FROM ar2c.invoice WHERE customer_id = customer AND invoice_number = number;
    INSERT INTO ar2c.payment (company_id, customer_id, value_date, amount)
    VALUES (i.company_id, i.customer_id, paid_on, i.open_amount) RETURNING payment_id INTO payment;
    INSERT INTO ar2c.application (customer_id, invoice_id, payment_id, amount, kind, applied_on)
    VALUES (i.customer_id, i.invoice_id, payment, i.open_amount, 'manual', paid_on);
END
$$;
-- Prompt: 10,000.00 a month, paid two days early (June's is not yet due)
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 70, 7201, format('P-%s', to_char(d, 'YYYY-MM')), d, d + 30, '10000.00 EUR'
FROM generate_series('2025-05-01'::date, '2026-06-01', '1 month') AS s(t), LATERAL (SELECT t::date AS d) x;
SELECT count(pg_temp.pay(7201, invoice_number, due_date - 2)) AS paid FROM invoice WHERE customer_id = 7201 AND due_date < '2026-06-30';
-- Slow: 1,000,000.00 a month, late in January, February and March
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES
  (70, 7202, 'S-1', '2025-12-01', '2025-12-31', '1000000.00 EUR'),
  (70, 7202, 'S-2', '2026-01-01', '2026-01-31', '1000000.00 EUR'),
  (70, 7202, 'S-3', '2026-02-01', '2026-02-28', '1000000.00 EUR'),
  (70, 7202, 'S-4', '2026-03-01', '2026-03-31', '1000000.00 EUR'),
  (70, 7202, 'S-5', '2026-04-01', '2026-04-30', '1000000.00 EUR'),
  (70, 7202, 'S-6', '2026-05-01', '2026-05-31', '1000000.00 EUR');
SELECT count(pg_temp.pay(7202, n, d)) AS paid FROM (VALUES ('S-1', '2025-12-30'::date), ('S-2', '2026-02-20'), ('S-3', '2026-03-20'),
                                      ('S-4', '2026-04-30'), ('S-5', '2026-04-29'), ('S-6', '2026-05-31')) AS v(n, d);
-- Doubtful: one invoice written off, one open and disputed
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, disputed) VALUES
  (70, 7204, 'D-1', '2025-09-01', '2025-10-01', '8000.00 EUR', false),
  (70, 7204, 'D-2', '2026-01-15', '2026-02-14', '2000.00 EUR', true);
INSERT INTO application (customer_id, invoice_id, amount, kind, applied_on, reason)
SELECT 7204, invoice_id, '8000.00 EUR', 'write_off', '2026-03-31', 'insolvency'
FROM invoice WHERE customer_id = 7204 AND invoice_number = 'D-1';

-- the payment history as of the aging date
SELECT customer_id, invoice_number, due_date, paid_date, amount, days_late, disputed, written_off
FROM payment_history WHERE customer_id IN (7202, 7204) ORDER BY customer_id, due_date;

-- one customer's score: nothing is written
SELECT score, grade, character_points, capacity_points, capital_points, collateral_points, conditions_points,
       (behaviour).items, (behaviour).avg_days_late, (behaviour).late_share_amount, years_trading
FROM credit_score(7201, '2026-06-30');
SELECT customer_id, (result).score, (result).grade, (result).character_points, (behaviour).avg_days_late,
       (behaviour).late_share_amount, (behaviour).over_90_share, disputed_share, written_off_share
FROM credit_scores(NULL, date '2026-06-30') WHERE company_id = 70 ORDER BY customer_id;

-- limit rules and grade policies
INSERT INTO credit_limit_rule (company_id, rule_id, name, action, lookback_months, late_periods, change_share) VALUES
  (70, 1, 'late in three months of six', 'reduce', 6, 3, 0.40);
INSERT INTO credit_limit_rule (company_id, rule_id, name, action, lookback_months, change_share, cap_factor) VALUES
  (70, 2, 'a good year', 'raise', 12, 0.20, 1.0);
INSERT INTO credit_grade_policy (company_id, grade, payment_terms_days, prepayment_share, order_hold) VALUES
  (70, 'C', NULL, 0.10, false),
  (70, 'D', 14, 0.30, true);

-- rescore: scores, grades, the seed example (5,000,000 -> 3,000,000), a
-- raise capped by the suggested limit, grade D's terms
SELECT * FROM rescore(70, '2026-06-30');
SELECT customer_number, credit_score, credit_grade, credit_limit, payment_terms_days, credit_scored_on
FROM customer WHERE company_id = 70 ORDER BY customer_id;
SELECT customer_id, as_of, old_score, new_score, old_grade, new_grade, old_limit, new_limit, rule_id, reason
FROM credit_history WHERE company_id = 70 ORDER BY history_id;
-- suggested limits: monthly sales x (terms + 30) / 30 x score / 500
SELECT customer_number, suggested_limit(customer_id, '2026-06-30') AS at_its_score,
       suggested_limit(customer_id, '2026-06-30', 500) AS at_500
FROM customer WHERE company_id = 70 ORDER BY customer_id;
-- again on the same day: nothing changes, no rule fires twice in its window
SELECT * FROM rescore(70, '2026-06-30');
SELECT count(*) AS history_rows FROM credit_history WHERE company_id = 70;

-- the order check reads the grade policies: grade D holds every order and
-- names the prepayment; Slow SpA's new limit holds the second order
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES
  (70, 7204, 'SO-D1', '1000.00 EUR'),
  (70, 7202, 'SO-S1', '2500000.00 EUR'),
  (70, 7202, 'SO-S2', '1000000.00 EUR'),
  (70, 7203, 'SO-N1', '50000.00 EUR');
SELECT order_number, status, hold_reason FROM sales_order WHERE company_id = 70 ORDER BY order_number;
SELECT kind, message FROM alert WHERE company_id = 70 ORDER BY alert_id;

-- a change by hand is recorded too
UPDATE customer SET credit_limit = '4000000.00 EUR' WHERE customer_id = 7202;
SELECT old_limit, new_limit, rule_id, reason FROM credit_history WHERE company_id = 70 ORDER BY history_id DESC LIMIT 1;

-- the BI view: plain types
SELECT customer_number, currency, credit_limit, exposure, available_credit, suggested_limit, credit_grade,
       credit_score, scored_on, prepayment_share, order_hold, last_change_reason
FROM credit_exposure WHERE company_id = 70 ORDER BY customer_number;
ROLLBACK;
SELECT bool_and(setval(format('%I.%I', schemaname, sequencename), coalesce(last_value, start_value),
                       last_value IS NOT NULL) IS NOT NULL) AS sequences_restored
FROM sequences_before;
