-- Loads the payment history of bench/credit_behaviour.bench: one row per
-- invoice (customer, due date, paid date, amount), 100 invoices per
-- customer (100,000 customers at scale 1), the same rows in three tables:
-- the amount as ar2c.money_cur, as numeric(18,2) and as bigint cents.
-- Skipped when already loaded at this scale.
--
-- Deterministic (hashes of the row number, no random()): due dates spread
-- over the two years to 2026-06-30; each customer has its own habit, a
-- chance between 0 and 60% of paying an invoice late (1 to 150 days, so
-- some pass 90), and otherwise pays up to 10 days early or on the day;
-- about 3% of the invoices are still open (paid NULL); amounts are
-- log-uniform between 10 and 100,000 EUR, in cents.

\ir money_common.sql

SELECT ar2c_bench.needs_load('credit_behaviour', :'scale', 'behaviour_money_cur',
                             'behaviour_numeric', 'behaviour_cents') AS load_credit_behaviour \gset
\if :load_credit_behaviour
DROP TABLE IF EXISTS ar2c_bench.behaviour_money_cur, ar2c_bench.behaviour_numeric,
    ar2c_bench.behaviour_cents;
CREATE TABLE ar2c_bench.behaviour_money_cur (
    customer_id integer NOT NULL, due date NOT NULL, paid date, amount ar2c.money_cur NOT NULL);
CREATE TABLE ar2c_bench.behaviour_numeric (
    customer_id integer NOT NULL, due date NOT NULL, paid date, amount numeric(18,2) NOT NULL);
CREATE TABLE ar2c_bench.behaviour_cents (
    customer_id integer NOT NULL, due date NOT NULL, paid date, cents bigint NOT NULL);
INSERT INTO ar2c_bench.behaviour_money_cur
SELECT c.customer_id, d.due,
       CASE WHEN ar2c_bench.uniform(g.i, 13) < 0.03 THEN NULL
            WHEN ar2c_bench.uniform(g.i, 14) < 0.6 * ar2c_bench.uniform(c.customer_id, 15)
                THEN d.due + 1 + (ar2c_bench.uniform(g.i, 16) * 150)::integer
            ELSE d.due - (ar2c_bench.uniform(g.i, 17) * 10)::integer END,
       ar2c.money_cur_units(greatest(round(exp(ln(1000.0) + ar2c_bench.uniform(g.i, 18) * ln(10000.0))), 1)::bigint,
                            'EUR')
FROM generate_series(1, ar2c_bench.rows(:'scale')) AS g(i),
     LATERAL (SELECT (g.i % greatest(ar2c_bench.rows(:'scale') / 100, 1))::integer + 1 AS customer_id) c,
     LATERAL (SELECT DATE '2026-06-30' - (ar2c_bench.uniform(g.i, 12) * 730)::integer AS due) d;
INSERT INTO ar2c_bench.behaviour_numeric
SELECT customer_id, due, paid, ar2c.amount(amount) FROM ar2c_bench.behaviour_money_cur;
INSERT INTO ar2c_bench.behaviour_cents
SELECT customer_id, due, paid, ar2c.minor_units_value(amount) FROM ar2c_bench.behaviour_money_cur;
VACUUM ANALYZE ar2c_bench.behaviour_money_cur, ar2c_bench.behaviour_numeric, ar2c_bench.behaviour_cents;
SELECT ar2c_bench.mark_loaded('credit_behaviour', :'scale');
CHECKPOINT;
\endif
