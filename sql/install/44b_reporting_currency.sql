-- The reporting currency: every report shows its amounts beside their
-- conversion into the company's functional currency (ar2c.company.
-- functional_currency) at the rate in force on the report's date. See
-- doc/conventions.md, "Reporting currency".

-- Per company the session may see, the rate of each currency into the
-- functional currency on a date: a few rows, which a report joins by
-- (company_id, currency) once, not a lookup per row. SECURITY DEFINER so
-- that the reporting role, which reads no table, gets the rates too.
CREATE FUNCTION ar2c.reporting_rates(on_date date,
    OUT company_id bigint, OUT currency ar2c.currency, OUT reporting_currency ar2c.currency, OUT rate numeric,
    OUT inverse boolean)
    RETURNS SETOF record
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER ROWS 20
    SET search_path = pg_catalog, pg_temp
    SET citus.allow_nested_distributed_execution = on
AS $$
    SELECT co.company_id, r.currency, co.functional_currency, r.rate, r.inverse
    FROM ar2c.company co
    CROSS JOIN LATERAL ar2c.fx_rates_to(co.functional_currency, $1) r
    WHERE co.company_id OPERATOR(pg_catalog.=) ANY (ar2c.visible_companies())
$$;
COMMENT ON FUNCTION ar2c.reporting_rates(date) IS 'per company the session may see: each currency with a rate into its reporting (functional) currency in force on a date, and the reporting currency itself at 1; a currency without a rate has no row';
