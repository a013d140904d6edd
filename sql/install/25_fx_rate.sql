-- Exchange rates by date, and conversion that reads them.
-- A reference table: it carries no customer, so on a distributed cluster it
-- is replicated to every node rather than sharded.

CREATE FUNCTION ar2c.convert_inverse(ar2c.money_cur, to_currency ar2c.currency, rate numeric) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_convert_inverse' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.convert_inverse(ar2c.money_cur, ar2c.currency, numeric) IS 'convert at the inverse of rate (1 unit of to_currency = rate units of the amount''s currency), exactly, rounded once by ar2c.rounding';

CREATE TABLE ar2c.fx_rate (
    from_currency ar2c.currency NOT NULL,
    to_currency   ar2c.currency NOT NULL,
    rate_date     date NOT NULL,
    rate          numeric NOT NULL,
    source        text NOT NULL DEFAULT 'manual',
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (from_currency, to_currency, rate_date),
    CONSTRAINT fx_rate_positive CHECK (rate > 0 AND rate <> 'Infinity'),
    CONSTRAINT fx_rate_two_currencies CHECK (from_currency OPERATOR(ar2c.<>) to_currency)
);
COMMENT ON TABLE ar2c.fx_rate IS 'exchange rates by date: 1 unit of from_currency = rate units of to_currency';
COMMENT ON COLUMN ar2c.fx_rate.from_currency IS 'the currency converted from';
COMMENT ON COLUMN ar2c.fx_rate.to_currency IS 'the currency converted to';
COMMENT ON COLUMN ar2c.fx_rate.rate_date IS 'the first day the rate applies; it applies until a later rate';
COMMENT ON COLUMN ar2c.fx_rate.rate IS 'units of to_currency for one unit of from_currency';
COMMENT ON COLUMN ar2c.fx_rate.source IS 'where the rate comes from (ECB, bank, manual, ...)';
COMMENT ON COLUMN ar2c.fx_rate.created_at IS 'when the row was entered';
SELECT pg_catalog.pg_extension_config_dump('ar2c.fx_rate', '');
-- rates are public knowledge; conversions in the BI views need them
GRANT SELECT ON ar2c.fx_rate TO PUBLIC;

CREATE FUNCTION ar2c.fx_rate_on(from_currency ar2c.currency, to_currency ar2c.currency, on_date date,
    OUT rate numeric, OUT rate_date date, OUT inverse boolean)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- the latest rate on or before the date, in either direction; the
    -- direct quote wins when both were entered for the same day
    SELECT r.rate, r.rate_date, r.inverse
    FROM (SELECT f.rate, f.rate_date, false AS inverse FROM ar2c.fx_rate f
          WHERE f.from_currency OPERATOR(ar2c.=) $1 AND f.to_currency OPERATOR(ar2c.=) $2
            AND f.rate_date <= $3
          ORDER BY f.rate_date DESC LIMIT 1) r
    UNION ALL
    SELECT r.rate, r.rate_date, r.inverse
    FROM (SELECT f.rate, f.rate_date, true AS inverse FROM ar2c.fx_rate f
          WHERE f.from_currency OPERATOR(ar2c.=) $2 AND f.to_currency OPERATOR(ar2c.=) $1
            AND f.rate_date <= $3
          ORDER BY f.rate_date DESC LIMIT 1) r
    ORDER BY rate_date DESC, inverse
    LIMIT 1
$$;
COMMENT ON FUNCTION ar2c.fx_rate_on(ar2c.currency, ar2c.currency, date) IS 'the rate in force on a date (the latest on or before it), looked up in either direction of ar2c.fx_rate';

CREATE FUNCTION ar2c.convert(amount ar2c.money_cur, to_currency ar2c.currency, on_date date) RETURNS ar2c.money_cur
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET citus.allow_nested_distributed_execution = on
AS $$
DECLARE
    found record;
BEGIN
    IF ar2c.currency(amount) OPERATOR(ar2c.=) to_currency THEN
        RETURN amount;
    END IF;
    SELECT * INTO found FROM ar2c.fx_rate_on(ar2c.currency(amount), to_currency, on_date);
    IF found.rate IS NULL THEN
        RAISE EXCEPTION 'no exchange rate from % to % on or before %', ar2c.currency(amount), to_currency, on_date
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('Add one: INSERT INTO ar2c.fx_rate (from_currency, to_currency, rate_date, rate) VALUES (%L, %L, %L, ...).',
                                ar2c.currency(amount), to_currency, on_date);
    END IF;
    IF found.inverse THEN
        RETURN ar2c.convert_inverse(amount, to_currency, found.rate);
    END IF;
    RETURN ar2c.convert(amount, to_currency, found.rate);
END
$$;
COMMENT ON FUNCTION ar2c.convert(ar2c.money_cur, ar2c.currency, date) IS 'convert at the rate in force on a date, read from ar2c.fx_rate (either direction), rounded by ar2c.rounding';

-- The reports convert with one rate per currency, looked up once and
-- joined, never once per row: fx_rates_to() gives the rate of every
-- currency quoted against the target on a date, and convert_at() applies
-- one to an amount.
CREATE FUNCTION ar2c.fx_rates_to(to_currency ar2c.currency, on_date date,
    OUT currency ar2c.currency, OUT rate numeric, OUT inverse boolean)
    RETURNS SETOF record
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 10
    SET search_path = pg_catalog, pg_temp
    SET citus.allow_nested_distributed_execution = on
AS $$
    SELECT $1, 1::numeric, false
    UNION ALL
    SELECT q.currency, r.rate, r.inverse
    FROM (SELECT DISTINCT CASE WHEN f.from_currency OPERATOR(ar2c.=) $1 THEN f.to_currency ELSE f.from_currency END AS currency
          FROM ar2c.fx_rate f
          WHERE (f.from_currency OPERATOR(ar2c.=) $1 OR f.to_currency OPERATOR(ar2c.=) $1) AND f.rate_date <= $2) q
    CROSS JOIN LATERAL ar2c.fx_rate_on(q.currency, $1, $2) r
$$;
COMMENT ON FUNCTION ar2c.fx_rates_to(ar2c.currency, date) IS 'one row per currency with a rate into to_currency in force on a date (ar2c.fx_rate_on, either direction), and to_currency itself at 1: what the reports join to convert';

CREATE FUNCTION ar2c.convert_at(amount ar2c.money_cur, to_currency ar2c.currency, rate numeric, inverse boolean)
    RETURNS ar2c.money_cur
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN ar2c.currency(amount) OPERATOR(ar2c.=) to_currency THEN amount
            WHEN inverse THEN ar2c.convert_inverse(amount, to_currency, rate)
            ELSE ar2c.convert(amount, to_currency, rate) END;
COMMENT ON FUNCTION ar2c.convert_at(ar2c.money_cur, ar2c.currency, numeric, boolean) IS 'convert at a rate found by ar2c.fx_rates_to or ar2c.fx_rate_on (inverse: 1 unit of to_currency = rate units of the amount''s currency); the amount itself when already in to_currency; NULL when the rate is NULL';
