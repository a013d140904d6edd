-- AR metrics: aging as of any past date, rebuilt from the append-only
-- applications, and on it DSO (standard and countback), best possible DSO,
-- average days delinquent, collection effectiveness, days to pay and roll
-- rates, for a company, one customer or a segment (a set of customers).
-- See doc/metrics.md.
--
-- Amounts of every currency converted into the company's reporting
-- (functional) currency, or of one currency only when it is asked for:
-- ar2c never adds raw amounts of different currencies. An amount at a day
-- (receivables) is converted at that day's rate, an amount over a period
-- (sales, payments) at the rate of the period's last day; each currency's
-- total is converted once, and a currency without a rate is refused
-- (ar2c.convert, 22023) rather than left out. See doc/metrics.md.

-- The as-of aging reads today's open invoices and the applications dated
-- after the day asked for, and undoes those: the applications are
-- append-only, so open(d) = open(today) + applied after d. These indexes
-- find both without reading the paid history.
CREATE INDEX invoice_open_by_company ON ar2c.invoice (company_id) WHERE aging_bucket IS NOT NULL;
CREATE INDEX application_applied_on ON ar2c.application (company_id, applied_on);
-- credit sales of a period
CREATE INDEX invoice_company_issue_date ON ar2c.invoice (company_id, issue_date);

-- The invoices open at the end of a day and their open amount then. The
-- work is PL/pgSQL's, whose arguments cannot share a name with a column
-- of the result as open_items_as_of's company_id does: its arguments are
-- by position.
CREATE FUNCTION ar2c.open_items_then(bigint, date, bigint[],
    OUT company_id bigint, OUT customer_id bigint, OUT invoice_id bigint, OUT invoice_number text,
    OUT issue_date date, OUT due_date date, OUT open_amount ar2c.money_cur,
    OUT reporting_currency ar2c.currency, OUT reporting_amount ar2c.money_cur, OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    company bigint := $1;
    day date := $2;
    customers bigint[] := $3;
    enough bigint;
    recent boolean;
BEGIN
    -- The invoices settled since the day are found from the applications
    -- dated after it. For a recent day they are few, and looking each up
    -- by key is fastest; for a day long ago they are most of the ledger,
    -- and hashing the invoices is. The planner, costing random reads high,
    -- hashes in both cases, so the choice is made here: by key while the
    -- applications after the day are under a twentieth of the invoices.
    enough := greatest((SELECT c.reltuples FROM pg_catalog.pg_class c WHERE c.oid = 'ar2c.invoice'::regclass) / 20, 1000);
    SELECT count(*) < enough INTO recent
    FROM (SELECT 1 FROM ar2c.application a
          WHERE a.applied_on > day AND (company IS NULL OR a.company_id = company) LIMIT enough) a;
    -- EXECUTE plans for the values given, so the indexes serve them
    RETURN QUERY EXECUTE format($query$
    WITH later AS (
        SELECT a.customer_id, a.invoice_id, ar2c.sum(a.amount) AS applied
        FROM ar2c.application a
        WHERE a.applied_on > $1 AND ($2 IS NULL OR a.company_id = $2) AND ($3 IS NULL OR a.customer_id = ANY ($3))
        GROUP BY a.customer_id, a.invoice_id
    ), open_then AS (
        -- open today
        SELECT i.company_id, i.customer_id, i.invoice_id, i.invoice_number, i.issue_date, i.due_date,
               CASE WHEN l.applied IS NULL THEN i.open_amount ELSE i.open_amount OPERATOR(ar2c.+) l.applied END AS open_amount
        FROM ar2c.invoice i
        LEFT JOIN later l ON l.customer_id = i.customer_id AND l.invoice_id = i.invoice_id
        WHERE i.aging_bucket IS NOT NULL AND i.issue_date <= $1 AND ($2 IS NULL OR i.company_id = $2)
          AND ($3 IS NULL OR i.customer_id = ANY ($3))
        UNION ALL
        -- settled since
        SELECT i.company_id, i.customer_id, i.invoice_id, i.invoice_number, i.issue_date, i.due_date,
               i.open_amount OPERATOR(ar2c.+) l.applied
        FROM later l
        %s
        WHERE i.aging_bucket IS NULL AND i.status <> 'cancelled' AND i.issue_date <= $1
    )
    -- converted with one rate per company and currency, joined (doc/conventions.md)
    SELECT o.*, co.functional_currency, ar2c.convert_at(o.open_amount, co.functional_currency, r.rate, r.inverse), $1
    FROM open_then o
    JOIN ar2c.company co ON co.company_id = o.company_id
    LEFT JOIN ar2c.reporting_rates($1) r ON r.company_id = o.company_id AND r.currency OPERATOR(ar2c.=) ar2c.currency(o.open_amount)
    WHERE ar2c.minor_units_value(o.open_amount) > 0
    $query$,
        -- (Citus cannot push the fenced lateral form down: the join there)
        CASE WHEN recent AND NOT ar2c.distributed()
             -- OFFSET 0 keeps the subquery from being flattened into a hash join
             THEN 'CROSS JOIN LATERAL (SELECT * FROM ar2c.invoice i
                                       WHERE i.customer_id = l.customer_id AND i.invoice_id = l.invoice_id OFFSET 0) i'
             ELSE 'JOIN ar2c.invoice i ON i.customer_id = l.customer_id AND i.invoice_id = l.invoice_id' END)
    USING day, company, customers;
END
$$;
COMMENT ON FUNCTION ar2c.open_items_then(bigint, date, bigint[]) IS 'internal to ar2c.open_items_as_of(): the same, with its arguments by position';

CREATE FUNCTION ar2c.open_items_as_of(company_id bigint, as_of date, customers bigint[] DEFAULT NULL,
    OUT company_id bigint, OUT customer_id bigint, OUT invoice_id bigint, OUT invoice_number text,
    OUT issue_date date, OUT due_date date, OUT open_amount ar2c.money_cur,
    OUT reporting_currency ar2c.currency, OUT reporting_amount ar2c.money_cur, OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM ar2c.open_items_then($1, $2, $3)
$$;
COMMENT ON FUNCTION ar2c.open_items_as_of(bigint, date, bigint[]) IS
    'every invoice open at the end of a day with its open amount then: today''s open amount plus what was applied after the day (of one company, or all; of some customers, or all), and that amount in the company''s reporting currency at the rate in force on the day (NULL without a rate)';

CREATE FUNCTION ar2c.aging_as_of(company_id bigint, as_of date, customers bigint[] DEFAULT NULL,
    OUT company_id bigint, OUT customer_id bigint, OUT invoice_id bigint, OUT invoice_number text,
    OUT issue_date date, OUT due_date date, OUT open_amount ar2c.money_cur,
    OUT aging_bucket ar2c.aging_bucket, OUT bucket_order integer,
    OUT reporting_currency ar2c.currency, OUT reporting_amount ar2c.money_cur, OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT o.company_id, o.customer_id, o.invoice_id, o.invoice_number, o.issue_date, o.due_date, o.open_amount,
           ar2c.aging_bucket(o.due_date, $2, c.aging_boundaries),
           ar2c.aging_position(ar2c.aging_bucket(o.due_date, $2, c.aging_boundaries), c.aging_boundaries),
           o.reporting_currency, o.reporting_amount, o.rate_date
    FROM ar2c.open_items_as_of($1, $2, $3) o JOIN ar2c.company c ON c.company_id = o.company_id
$$;
COMMENT ON FUNCTION ar2c.aging_as_of(bigint, date, bigint[]) IS
    'every invoice open at the end of a past (or the current) day with its open amount and aging bucket then, rebuilt from the applications by their applied_on date (of one company, or all; of some customers, or all), and that amount in the reporting currency at the rate in force on the day (NULL without a rate)';

-- The currency a metric is in; NULL for a company that does not exist or
-- that the session may not see, for which a metric is NULL (a reader
-- cannot tell the two apart, doc/conventions.md).
CREATE FUNCTION ar2c.metric_currency(company_id bigint, currency ar2c.currency) RETURNS ar2c.currency
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    functional ar2c.currency;
BEGIN
    SELECT c.functional_currency INTO functional FROM ar2c.company c WHERE c.company_id = metric_currency.company_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN coalesce(metric_currency.currency, functional);
END
$$;
COMMENT ON FUNCTION ar2c.metric_currency(bigint, ar2c.currency) IS 'internal to the metrics: the currency asked for, or the company''s functional currency; NULL for a company that does not exist or that the session may not see';

CREATE FUNCTION ar2c.metric_period_check(from_date date, to_date date) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF from_date IS NULL OR to_date IS NULL OR to_date < from_date OR NOT isfinite(from_date) OR NOT isfinite(to_date) THEN
        RAISE EXCEPTION 'invalid metric period % to %', from_date, to_date
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give two finite dates, the first not after the second.';
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION ar2c.metric_period_check(date, date) IS 'internal to the metrics: true, or an error for a period that is backwards or infinite';

-- Receivables at the end of a day, in major units: all, and not yet due.
CREATE FUNCTION ar2c.receivables_at(company_id bigint, as_of date, customers bigint[] DEFAULT NULL,
    currency ar2c.currency DEFAULT NULL, OUT total numeric, OUT current numeric)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- not yet due: the due date is the day or later (the "not due" bucket)
    WITH per_currency AS (
        SELECT ar2c.sum(a.open_amount) AS total, ar2c.sum(a.open_amount) FILTER (WHERE a.due_date >= $2) AS current
        FROM ar2c.open_items_as_of($1, $2, $3) a
        WHERE $4 IS NULL OR ar2c.currency(a.open_amount) OPERATOR(ar2c.=) $4
        GROUP BY ar2c.currency(a.open_amount)
    )
    SELECT coalesce(sum(ar2c.amount(ar2c.convert(p.total, t.currency, $2))), 0),
           coalesce(sum(ar2c.amount(ar2c.convert(p.current, t.currency, $2))), 0)
    FROM (SELECT ar2c.metric_currency($1, $4) AS currency) t
    LEFT JOIN per_currency p ON true
    HAVING count(t.currency) > 0
$$;
COMMENT ON FUNCTION ar2c.receivables_at(bigint, date, bigint[], ar2c.currency) IS
    'open invoices at the end of a day (as rebuilt by aging_as_of): total, and current (not yet due); every currency converted into the reporting currency at the day''s rate, or one currency asked for';

-- Credit sales: invoices issued in a period (cancelled ones left out).
CREATE FUNCTION ar2c.credit_sales(company_id bigint, from_date date, to_date date, customers bigint[] DEFAULT NULL,
    currency ar2c.currency DEFAULT NULL) RETURNS numeric
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- PL/pgSQL, not SQL: Citus plans a SQL function's parameters in no
    -- distributed query
    RETURN (
    SELECT coalesce(sum(ar2c.amount(ar2c.convert(s.amount, t.currency, $3))), 0)
    FROM (SELECT ar2c.metric_currency($1, $5) AS currency) t
    LEFT JOIN (SELECT ar2c.sum(i.amount) AS amount
               FROM ar2c.invoice i
               WHERE i.company_id = $1 AND i.issue_date BETWEEN $2 AND $3 AND i.status <> 'cancelled'
                 AND ($4 IS NULL OR i.customer_id = ANY ($4))
                 AND ($5 IS NULL OR ar2c.currency(i.amount) OPERATOR(ar2c.=) $5)
               GROUP BY ar2c.currency(i.amount)) s ON true
    WHERE ar2c.metric_period_check($2, $3)
    HAVING count(t.currency) > 0);
END
$$;
COMMENT ON FUNCTION ar2c.credit_sales(bigint, date, date, bigint[], ar2c.currency) IS
    'amount invoiced in a period (issue date between the two dates, cancelled invoices left out): every currency converted into the reporting currency at the rate of the period''s last day, or one currency asked for';

-- The period metrics together: they share the receivables and the sales.
--   DSO            = receivables at the end / sales of the period * days
--   best DSO       = current receivables at the end / sales * days
--   ADD            = DSO - best DSO (average days delinquent)
--   CEI            = (receivables at the start + sales - receivables at the end)
--                  / (receivables at the start + sales - current receivables at the end) * 100
CREATE FUNCTION ar2c.period_metrics(company_id bigint, from_date date, to_date date, customers bigint[] DEFAULT NULL,
    currency ar2c.currency DEFAULT NULL,
    OUT days integer, OUT sales numeric, OUT opening_receivables numeric,
    OUT closing_receivables numeric, OUT closing_current numeric,
    OUT dso numeric, OUT best_possible_dso numeric, OUT average_days_delinquent numeric,
    OUT collection_effectiveness numeric)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    opening record;
    closing record;
BEGIN
    PERFORM ar2c.metric_period_check(from_date, to_date);
    IF ar2c.metric_currency(company_id, currency) IS NULL THEN
        RETURN;
    END IF;
    days := to_date - from_date + 1;
    sales := ar2c.credit_sales(company_id, from_date, to_date, customers, currency);
    opening := ar2c.receivables_at(company_id, from_date - 1, customers, currency);
    closing := ar2c.receivables_at(company_id, to_date, customers, currency);
    opening_receivables := opening.total;
    closing_receivables := closing.total;
    closing_current := closing.current;
    IF sales > 0 THEN
        dso := round(closing.total / sales * days, 2);
        best_possible_dso := round(closing.current / sales * days, 2);
        average_days_delinquent := dso - best_possible_dso;
    END IF;
    IF opening.total + sales - closing.current > 0 THEN
        collection_effectiveness := round((opening.total + sales - closing.total)
                                          / (opening.total + sales - closing.current) * 100, 2);
    END IF;
END
$$;
COMMENT ON FUNCTION ar2c.period_metrics(bigint, date, date, bigint[], ar2c.currency) IS
    'DSO, best possible DSO, average days delinquent and collection effectiveness index of a period, with the sales and receivables behind them (NULL where sales are nil)';

-- Countback DSO: take the months' sales back from the receivables, newest
-- month first; every month fully covered counts its days, the last one
-- the covered share of its days. days_in_month NULL counts calendar days
-- (the month of as_of up to as_of); 30 is the textbook convention.
CREATE FUNCTION ar2c.dso_countback(company_id bigint, as_of date, customers bigint[] DEFAULT NULL,
    currency ar2c.currency DEFAULT NULL, days_in_month integer DEFAULT NULL, max_months integer DEFAULT 24)
    RETURNS numeric
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    remaining numeric;
    result numeric := 0;
    month_start date;
    month_end date;
    month_days integer;
    month_sales numeric;
BEGIN
    IF as_of IS NULL OR NOT isfinite(as_of) THEN
        RAISE EXCEPTION 'invalid countback date %', as_of USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF days_in_month IS NOT NULL AND days_in_month NOT BETWEEN 1 AND 31 OR max_months IS NULL OR max_months < 1 THEN
        RAISE EXCEPTION 'invalid countback settings: % days a month, % months', days_in_month, max_months
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF ar2c.metric_currency(company_id, currency) IS NULL THEN
        RETURN NULL;
    END IF;
    remaining := (ar2c.receivables_at(company_id, as_of, customers, currency)).total;
    month_end := as_of;
    FOR m IN 1 .. max_months LOOP
        EXIT WHEN remaining <= 0;
        month_start := date_trunc('month', month_end)::date;
        month_days := coalesce(days_in_month, month_end - month_start + 1);
        month_sales := ar2c.credit_sales(company_id, month_start, month_end, customers, currency);
        IF month_sales >= remaining THEN
            result := result + remaining / month_sales * month_days;
            remaining := 0;
        ELSE
            result := result + month_days;
            remaining := remaining - month_sales;
        END IF;
        month_end := month_start - 1;
    END LOOP;
    RETURN round(result, 2);
END
$$;
COMMENT ON FUNCTION ar2c.dso_countback(bigint, date, bigint[], ar2c.currency, integer, integer) IS
    'countback DSO at a date: the months'' sales taken back from the receivables, newest first (days_in_month NULL: calendar days; at most max_months months)';

-- Days to pay: invoices settled in a period, weighted by amount. An
-- invoice is settled on the date of the application that brought its open
-- amount to zero (the last one, if later reversals re-opened it).
CREATE FUNCTION ar2c.days_to_pay(company_id bigint, from_date date, to_date date, customers bigint[] DEFAULT NULL,
    currency ar2c.currency DEFAULT NULL,
    OUT invoices bigint, OUT paid_amount numeric, OUT average_days_to_pay numeric, OUT average_days_late numeric)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH settled AS (
        -- invoices with an application in the period and none after it
        SELECT i.invoice_id, i.amount, i.issue_date, i.due_date, a.paid_on
        FROM (SELECT a.customer_id, a.invoice_id, max(a.applied_on) AS paid_on
              FROM ar2c.application a
              WHERE a.company_id = $1 AND a.applied_on BETWEEN $2 AND $3
              GROUP BY a.customer_id, a.invoice_id) a
        JOIN ar2c.invoice i ON i.customer_id = a.customer_id AND i.invoice_id = a.invoice_id
        WHERE i.status = 'paid' AND ($4 IS NULL OR i.customer_id = ANY ($4))
          AND ($5 IS NULL OR ar2c.currency(i.amount) OPERATOR(ar2c.=) $5)
          AND NOT EXISTS (SELECT 1 FROM ar2c.application l
                          WHERE l.customer_id = a.customer_id AND l.invoice_id = a.invoice_id AND l.applied_on > $3)
    ), per_currency AS (
        -- the days weighted in each currency; its total converted once
        -- gives the weight of the currency (converted / original)
        SELECT count(*) AS invoices, ar2c.sum(s.amount) AS paid,
               sum(ar2c.amount(s.amount) * (s.paid_on - s.issue_date)) AS days_to_pay,
               sum(ar2c.amount(s.amount) * (s.paid_on - s.due_date)) AS days_late
        FROM settled s
        GROUP BY ar2c.currency(s.amount)
    ), converted AS (
        SELECT p.invoices, ar2c.amount(ar2c.convert(p.paid, t.currency, $3)) / ar2c.amount(p.paid) AS weight,
               ar2c.amount(ar2c.convert(p.paid, t.currency, $3)) AS paid, p.days_to_pay, p.days_late
        FROM (SELECT ar2c.metric_currency($1, $5) AS currency) t
        JOIN per_currency p ON true
    )
    SELECT coalesce(sum(invoices), 0)::bigint, coalesce(sum(paid), 0),
           round(sum(days_to_pay * weight) / nullif(sum(paid), 0), 2),
           round(sum(days_late * weight) / nullif(sum(paid), 0), 2)
    FROM converted
    WHERE ar2c.metric_period_check($2, $3)
    HAVING ar2c.metric_currency($1, $5) IS NOT NULL
$$;
COMMENT ON FUNCTION ar2c.days_to_pay(bigint, date, date, bigint[], ar2c.currency) IS
    'invoices settled in a period: how many, their amount (every currency converted into the reporting currency at the rate of the period''s last day, or one currency asked for), and the amount-weighted average days from issue to payment and from due date to payment (negative: early)';

-- Month-end aging by bucket and currency, for roll rates and the
-- provision matrix: every bucket in the reporting currency (or the one
-- asked for), empty ones with 0, and each other currency where it has
-- items; each row's total converted once at the day's rate.
CREATE FUNCTION ar2c.aging_by_bucket_as_of(company_id bigint, as_of date, customers bigint[] DEFAULT NULL,
    currency ar2c.currency DEFAULT NULL, OUT bucket_order integer, OUT aging_bucket text, OUT open_amount numeric,
    OUT open_items bigint, OUT currency text, OUT reporting_currency text, OUT reporting_amount numeric,
    OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH items AS (
        SELECT a.bucket_order, ar2c.currency(a.open_amount) AS currency, ar2c.sum(a.open_amount) AS amount,
               count(*) AS n
        FROM ar2c.aging_as_of($1, $2, $3) a
        WHERE $4 IS NULL OR ar2c.currency(a.open_amount) OPERATOR(ar2c.=) $4
        GROUP BY 1, 2
    )
    SELECT k.ordinal, k.bucket::text, coalesce(ar2c.amount(i.amount), 0), coalesce(i.n, 0), x.currency::text,
           c.functional_currency::text,
           ar2c.amount(ar2c.convert_at(coalesce(i.amount, ar2c.money_cur_units(0, x.currency)), c.functional_currency,
                                       r.rate, r.inverse)),
           $2
    FROM ar2c.company c
    CROSS JOIN LATERAL ar2c.aging_buckets(c.aging_boundaries) k
    CROSS JOIN LATERAL (SELECT coalesce($4, c.functional_currency) AS currency
                        UNION
                        SELECT i.currency FROM items i WHERE i.bucket_order = k.ordinal) x
    LEFT JOIN items i ON i.bucket_order = k.ordinal AND i.currency OPERATOR(ar2c.=) x.currency
    LEFT JOIN ar2c.reporting_rates($2) r ON r.company_id = c.company_id AND r.currency OPERATOR(ar2c.=) x.currency
    WHERE c.company_id = $1
    ORDER BY k.ordinal, x.currency OPERATOR(ar2c.<>) coalesce($4, c.functional_currency), x.currency
$$;
COMMENT ON FUNCTION ar2c.aging_by_bucket_as_of(bigint, date, bigint[], ar2c.currency) IS
    'open amount and number of invoices per aging bucket and currency at the end of a day (every bucket in the reporting currency, or the one asked for, empty ones with 0), each beside its conversion into the reporting currency at the day''s rate (NULL without a rate)';

-- Roll rates: the share of a bucket's amount at one month end found in the
-- next bucket a month later (the last bucket rolls into itself).
CREATE FUNCTION ar2c.roll_rates(company_id bigint, from_month date, to_month date, customers bigint[] DEFAULT NULL,
    currency ar2c.currency DEFAULT NULL,
    OUT month date, OUT from_bucket text, OUT to_bucket text, OUT from_amount numeric, OUT to_amount numeric,
    OUT roll_rate numeric)
    RETURNS SETOF record
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH months AS (
        SELECT m::date AS month, (m + interval '1 month' - interval '1 day')::date AS month_end
        FROM generate_series(date_trunc('month', $2), date_trunc('month', $3), interval '1 month') m
        WHERE ar2c.metric_period_check($2, $3)
    ), ends AS (
        -- one amount per bucket: in the currency asked for, or every
        -- currency converted at the month end's rate (ar2c.convert refuses
        -- a currency without one)
        SELECT ms.month, b.bucket_order, b.aging_bucket,
               sum(CASE WHEN $5 IS NOT NULL THEN b.open_amount
                        ELSE coalesce(b.reporting_amount,
                                      ar2c.amount(ar2c.convert(ar2c.money_cur(b.open_amount, b.currency::ar2c.currency),
                                                               b.reporting_currency::ar2c.currency, ms.month_end))) END)
                   AS open_amount
        FROM (SELECT month, month_end FROM months
              UNION ALL SELECT (min(month) - interval '1 month')::date, min(month) - 1 FROM months) ms
        CROSS JOIN LATERAL ar2c.aging_by_bucket_as_of($1, ms.month_end, $4, $5) b
        GROUP BY ms.month, b.bucket_order, b.aging_bucket
    ), last_bucket AS (
        SELECT max(bucket_order) AS n FROM ends
    )
    SELECT m.month, f.aging_bucket, t.aging_bucket, f.open_amount, t.open_amount,
           round(t.open_amount / nullif(f.open_amount, 0), 4)
    FROM months m
    JOIN ends f ON f.month = (m.month - interval '1 month')::date
    JOIN ends t ON t.month = m.month
               AND t.bucket_order = least(f.bucket_order + 1, (SELECT n FROM last_bucket))
    ORDER BY m.month, f.bucket_order
$$;
COMMENT ON FUNCTION ar2c.roll_rates(bigint, date, date, bigint[], ar2c.currency) IS
    'per month and aging bucket: the amount in the bucket at the previous month end, the amount in the next bucket at this month end (every currency converted into the reporting currency at each month end''s rate, or one currency asked for), and their ratio (the roll rate; NULL when the bucket was empty)';

-- A month by month view of a company's metrics, for reports and BI. The
-- month under way on the aging date counts to that date, not to its end
-- (receivables after it are not known yet, and a whole month's days over
-- a part month's sales inflates DSO), and is marked partial; months after
-- the aging date have no row.
CREATE FUNCTION ar2c.monthly_metrics(company_id bigint, from_month date, to_month date, customers bigint[] DEFAULT NULL,
    currency ar2c.currency DEFAULT NULL,
    OUT month date, OUT sales numeric, OUT closing_receivables numeric, OUT closing_current numeric,
    OUT dso numeric, OUT dso_countback numeric, OUT best_possible_dso numeric, OUT average_days_delinquent numeric,
    OUT collection_effectiveness numeric, OUT average_days_to_pay numeric, OUT period_end date, OUT partial boolean)
    RETURNS SETOF record
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.month, p.sales, p.closing_receivables, p.closing_current, p.dso,
           ar2c.dso_countback($1, m.period_end, $4, $5),
           p.best_possible_dso, p.average_days_delinquent, p.collection_effectiveness, d.average_days_to_pay,
           m.period_end, m.period_end < m.month_end
    FROM (SELECT g::date AS month, (g + interval '1 month' - interval '1 day')::date AS month_end,
                 least((g + interval '1 month' - interval '1 day')::date, ar2c.aging_date()) AS period_end
          FROM generate_series(date_trunc('month', $2), date_trunc('month', $3), interval '1 month') g
          WHERE ar2c.metric_period_check($2, $3) AND g::date <= ar2c.aging_date()
            AND ar2c.metric_currency($1, $5) IS NOT NULL) m
    CROSS JOIN LATERAL ar2c.period_metrics($1, m.month, m.period_end, $4, $5) p
    CROSS JOIN LATERAL ar2c.days_to_pay($1, m.month, m.period_end, $4, $5) d
    ORDER BY 1
$$;
COMMENT ON FUNCTION ar2c.monthly_metrics(bigint, date, date, bigint[], ar2c.currency) IS
    'per calendar month to the aging date: sales, receivables at the period end, DSO (standard and countback), best possible DSO, average days delinquent, collection effectiveness and average days to pay; the month of the aging date counts to it and is marked partial';
