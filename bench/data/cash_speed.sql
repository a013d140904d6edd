-- The speed data set of bench/cash_speed.bench: the quality generator
-- (bench/data/cash_quality.sql, default noise profile) with 100,000 x
-- :scale customers and one payment each, then more open invoices, none of
-- them paid by a payment of the run, until the customers have 10 open
-- invoices each on average (1,000,000 x :scale). Schema ar2c_bench holds
-- the baseline's helpers: apply_and_undo() times a run and rolls it back,
-- so that every timed run starts from the same unapplied payments.
SELECT greatest(10, round(100000 * :scale))::int AS customers, 'default' AS profile, 0.42 AS seed \gset
\i data/cash_quality.sql
SET client_min_messages = warning;
INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 1, c.customer_id, format('INV-2027-%s', lpad(g::text, 7, '0')), d, d + 30,
       ar2c.money_cur_units((1000 + random() * 2000000)::bigint, 'EUR')
FROM generate_series(1, 10 * :customers - (SELECT count(*) FROM ar2c.invoice)::int) g
CROSS JOIN LATERAL (SELECT 100000 + 1 + (g::bigint * 7919) % :customers AS customer_id,
                           date '2026-07-01' + (g % 60) AS d) c;
DROP SCHEMA IF EXISTS ar2c_bench CASCADE;
CREATE SCHEMA ar2c_bench;
-- run a matching function, count its applications and undo everything
CREATE FUNCTION ar2c_bench.apply_and_undo(run text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    BEGIN
        EXECUTE format('SELECT count(*) FROM %s', run);
        SELECT count(*) INTO n FROM ar2c.application WHERE kind = 'matched';
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = n::text;
    EXCEPTION WHEN raise_exception THEN
        n := SQLERRM::bigint;
    END;
    RETURN n;
END
$$;
-- a loaded database has been vacuumed: the GIN indexes' pending lists are merged
VACUUM ANALYZE;
