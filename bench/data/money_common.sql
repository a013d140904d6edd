-- Shared by the money benchmarks' loaders: the schema ar2c_bench, a record
-- of what is loaded at which scale, and ar2c_bench.amounts(), the one source
-- of amounts, so that every representation holds the same values.
--
-- Amounts are deterministic (hashes of the row number, no random()): their
-- size is log-uniform between 1 and 100,000 euro-equivalent, converted at
-- a fixed rate into one of ten currencies weighted as an exporter's ledger
-- might be (EUR 30%, USD 25%, CNY 12%, GBP 8%, JPY 8%, ...), in that
-- currency's minor units (JPY has none: 0 decimals).

CREATE SCHEMA IF NOT EXISTS ar2c_bench;

CREATE TABLE IF NOT EXISTS ar2c_bench.loaded (
    dataset text PRIMARY KEY,
    scale numeric NOT NULL
);

-- Whether dataset must be (re)loaded: not loaded at this scale, or a table gone
CREATE OR REPLACE FUNCTION ar2c_bench.needs_load(dataset text, scale numeric, VARIADIC tables text[])
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT NOT EXISTS (SELECT FROM ar2c_bench.loaded l
                       WHERE l.dataset = needs_load.dataset AND l.scale = needs_load.scale)
        OR EXISTS (SELECT FROM unnest(tables) t WHERE to_regclass('ar2c_bench.' || t) IS NULL)
$$;

CREATE OR REPLACE FUNCTION ar2c_bench.mark_loaded(dataset text, scale numeric)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO ar2c_bench.loaded VALUES (dataset, scale)
    ON CONFLICT ON CONSTRAINT loaded_pkey DO UPDATE SET scale = EXCLUDED.scale
$$;

-- Rows at a scale: scale 1 is 10 million
CREATE OR REPLACE FUNCTION ar2c_bench.rows(scale numeric) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT greatest(round(10000000 * scale), 1)::bigint $$;

-- A number in [0, 1) from row i and a seed, the same on every run
CREATE OR REPLACE FUNCTION ar2c_bench.uniform(i bigint, seed bigint) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (hashint8extended(i, seed) & 281474976710655) / 281474976710656.0::float8
$$;

-- The currency mix: 100 buckets, each currency in as many as its weight
DROP TABLE IF EXISTS ar2c_bench.currency_bucket;
CREATE TABLE ar2c_bench.currency_bucket AS
WITH mix (code, weight, per_eur) AS (
    VALUES ('EUR', 30, 1.0), ('USD', 25, 1.08), ('CNY', 12, 7.8), ('GBP', 8, 0.85),
           ('JPY', 8, 160.0), ('CHF', 5, 0.95), ('CAD', 4, 1.47), ('AUD', 3, 1.63),
           ('HKD', 3, 8.4), ('SEK', 2, 11.5)
), cumulative AS (
    SELECT code, per_eur, sum(weight) OVER (ORDER BY weight DESC, code) - weight AS first_bucket,
           weight
    FROM mix
)
SELECT b AS bucket, code, code::ar2c.currency AS currency, per_eur,
       ar2c.minor_units(code::ar2c.currency) AS minor_units,
       round(power(10::numeric, -ar2c.minor_units(code::ar2c.currency)),
             ar2c.minor_units(code::ar2c.currency)) AS unit
FROM cumulative, generate_series(first_bucket, first_bucket + weight - 1) AS b;
ALTER TABLE ar2c_bench.currency_bucket ADD PRIMARY KEY (bucket);

-- n amounts: in the currency mix, or all in EUR (mixed = false).
-- units is the amount in minor units, amount the same in major units.
CREATE OR REPLACE FUNCTION ar2c_bench.amounts(n bigint, mixed boolean)
RETURNS TABLE (units bigint, code text, currency ar2c.currency, amount numeric(18,2))
LANGUAGE sql STABLE AS $$
    SELECT a.units, c.code, c.currency, (a.units * c.unit)::numeric(18,2)
    FROM generate_series(1, n) AS g(i)
    JOIN ar2c_bench.currency_bucket c
      ON c.bucket = CASE WHEN mixed THEN (hashint8extended(g.i, 2) & 281474976710655) % 100 ELSE 0 END
    CROSS JOIN LATERAL (
        SELECT greatest(round(exp(ar2c_bench.uniform(g.i, 1) * ln(100000.0))
                              * c.per_eur * 10 ^ c.minor_units), 1)::bigint AS units
    ) a
$$;
