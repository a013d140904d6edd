-- Shared by the ledger benchmarks' loaders (bench/ledger_*.bench).
--
-- Unlike the money benchmarks, these use ar2c's own ledger tables
-- (ar2c.company, ar2c.customer, ar2c.invoice, ...), of which there is one
-- set per database, so each loader empties them first. That is only safe
-- on a throw-away cluster: ar2c_bench.ledger_reset() refuses to touch a
-- ledger that holds any company other than the benchmarks' own.
--
-- ar2c_bench.ledger_loaded says which data set the ledger tables hold, so
-- that benchmarks sharing a data set in one bench/run load it once.
-- Everything is deterministic (hashes of the row number, no random()), and
-- the aging date is fixed: 2026-06-30.

CREATE SCHEMA IF NOT EXISTS ar2c_bench;

CREATE TABLE IF NOT EXISTS ar2c_bench.ledger_loaded (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    dataset   text NOT NULL,
    scale     numeric NOT NULL
);

-- Whether the ledger must be (re)loaded for a data set at a scale
CREATE OR REPLACE FUNCTION ar2c_bench.ledger_needs_load(dataset text, scale numeric, VARIADIC tables text[])
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT NOT EXISTS (SELECT FROM ar2c_bench.ledger_loaded l
                       WHERE l.dataset = ledger_needs_load.dataset AND l.scale = ledger_needs_load.scale)
        OR EXISTS (SELECT FROM unnest(tables) t WHERE to_regclass('ar2c_bench.' || t) IS NULL)
$$;

-- A number in [0, 1) from row i and a seed, the same on every run
CREATE OR REPLACE FUNCTION ar2c_bench.ledger_uniform(i bigint, seed bigint) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (hashint8extended(i, seed) & 281474976710655) / 281474976710656.0::float8
$$;

-- Empty the invoices and everything hanging off them (the empty, append-only
-- ar2c.application refuses TRUNCATE by a trigger, which the replica role
-- skips) and the balances and alerts they maintain
CREATE OR REPLACE FUNCTION ar2c_bench.ledger_empty_invoices() RETURNS void
LANGUAGE sql SET session_replication_role = replica AS $$
    TRUNCATE ar2c.invoice, ar2c.customer_balance_total, ar2c.alert CASCADE
$$;

-- Empty the ledger and set up company 1 with customers 1..n (EUR, 30 days,
-- the default boundaries {30,60,90,120}: six buckets) and the aging date.
CREATE OR REPLACE FUNCTION ar2c_bench.ledger_reset(customers bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM ar2c.company WHERE company_id <> 1 OR name <> 'ar2c bench ledger') THEN
        RAISE EXCEPTION 'the ledger benchmarks empty ar2c''s ledger tables, and this database holds other companies'
            USING HINT = 'Run them on a throw-away cluster (bench/run without PGHOST, PGPORT or PGDATABASE).';
    END IF;
    DELETE FROM ar2c_bench.ledger_loaded;
    -- every ledger table hangs off ar2c.company; TRUNCATE fires no row
    -- triggers, so the maintained balances go with the invoices (the replica
    -- role skips application's trigger refusing TRUNCATE)
    SET LOCAL session_replication_role = replica;
    TRUNCATE ar2c.company CASCADE;
    SET LOCAL session_replication_role = origin;
    DELETE FROM ar2c.aging_clock;
    INSERT INTO ar2c.company (company_id, name, functional_currency) VALUES (1, 'ar2c bench ledger', 'EUR');
    INSERT INTO ar2c.customer (customer_id, company_id, customer_number, name, currency, payment_terms_days)
    SELECT c, 1, 'C' || c, 'Bench customer ' || c, 'EUR', 30 FROM generate_series(1, customers) c;
    PERFORM ar2c.roll_aging(DATE '2026-06-30');
END
$$;

-- Record that the ledger holds a data set (the last step of a loader)
CREATE OR REPLACE FUNCTION ar2c_bench.ledger_mark_loaded(dataset text, scale numeric)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO ar2c_bench.ledger_loaded (dataset, scale) VALUES (dataset, scale)
$$;

-- Invoices first..last of a data set: invoice i goes to customer 1 + (i-1) % customers
-- (so each has as many), falls due on a day spread evenly from
-- days_past before the aging date to days_ahead after it (in hashed order,
-- not sorted: rows that change bucket on a day are scattered over the
-- table), is issued 30 days before, and is for 1 to 100,000 EUR
-- (log-uniform, in cents). The cents are the invoice's rank at its
-- customer (mod 100), so no two invoices of a customer have the same
-- amount and ar2c's duplicate check raises no alert.
CREATE OR REPLACE FUNCTION ar2c_bench.ledger_invoices(first bigint, last bigint, customers bigint,
                                                       days_past integer, days_ahead integer)
RETURNS TABLE (invoice_id bigint, customer_id bigint, due_date date, cents bigint)
LANGUAGE sql IMMUTABLE AS $$
    SELECT i, 1 + (i - 1) % customers,
           DATE '2026-06-30' - days_past + floor(ar2c_bench.ledger_uniform(i, 2) * (days_past + days_ahead + 1))::integer,
           100 * floor(exp(ar2c_bench.ledger_uniform(i, 3) * ln(1e5::float8)))::bigint + ((i - 1) / customers) % 100
    FROM generate_series(first, last) i
$$;

-- Plain-SQL aging bucket (1 = not due, 2 = 1-30, ..., 6 = over 120) of an
-- item due on a date, as of a date: what a plain table would store
CREATE OR REPLACE FUNCTION ar2c_bench.plain_bucket(due date, as_of date) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN as_of - due <= 0 THEN 1 WHEN as_of - due <= 30 THEN 2 WHEN as_of - due <= 60 THEN 3
                WHEN as_of - due <= 90 THEN 4 WHEN as_of - due <= 120 THEN 5 ELSE 6 END::smallint
$$;
