-- Credit scoring and credit control: payment history, the payment
-- behaviour aggregate, the 5C score and grade, suggested limits, limit
-- rules, grade policies, the credit history and the BI view
-- (doc/credit.md). The order credit check that reads the grade policies
-- is ar2c.sales_order_maintain() in 43_credit_check.sql.

-- The other Cs, kept on the customer

ALTER TABLE ar2c.customer
    ADD COLUMN credit_score integer,
    ADD COLUMN credit_scored_on date,
    ADD COLUMN external_rating integer,
    ADD COLUMN trading_since date,
    ADD COLUMN annual_revenue ar2c.money_cur,
    ADD COLUMN equity ar2c.money_cur,
    ADD COLUMN collateral_value ar2c.money_cur,
    ADD CONSTRAINT customer_credit_score_valid CHECK (credit_score BETWEEN 0 AND 1000),
    ADD CONSTRAINT customer_external_rating_valid CHECK (external_rating BETWEEN 0 AND 100),
    ADD CONSTRAINT customer_revenue_valid
        CHECK (ar2c.currency(annual_revenue) OPERATOR(ar2c.=) currency AND ar2c.minor_units_value(annual_revenue) >= 0),
    ADD CONSTRAINT customer_equity_currency CHECK (ar2c.currency(equity) OPERATOR(ar2c.=) currency),
    ADD CONSTRAINT customer_collateral_valid
        CHECK (ar2c.currency(collateral_value) OPERATOR(ar2c.=) currency AND ar2c.minor_units_value(collateral_value) >= 0);
COMMENT ON COLUMN ar2c.customer.credit_score IS 'credit score 0 (worst) to 1000, written by ar2c.rescore()';
COMMENT ON COLUMN ar2c.customer.credit_scored_on IS 'the as-of date of the last ar2c.rescore() that scored the customer';
COMMENT ON COLUMN ar2c.customer.external_rating IS 'conditions: an external rating mapped onto 0 (worst) to 100 (best); NULL if none';
COMMENT ON COLUMN ar2c.customer.trading_since IS 'conditions: the date the customer started trading; NULL if unknown';
COMMENT ON COLUMN ar2c.customer.annual_revenue IS 'capacity: the customer''s annual revenue, in its billing currency; NULL if unknown';
COMMENT ON COLUMN ar2c.customer.equity IS 'capital: the customer''s equity (net worth), in its billing currency, may be negative; NULL if unknown';
COMMENT ON COLUMN ar2c.customer.collateral_value IS 'collateral: guarantees and securities held against the customer''s debt, in its billing currency; NULL if none';

-- How ar2c.rescore() rounds the limits its rules set, per company

ALTER TABLE ar2c.company
    ADD COLUMN credit_limit_step numeric NOT NULL DEFAULT 100,
    ADD CONSTRAINT company_credit_limit_step_valid CHECK (credit_limit_step > 0);
COMMENT ON COLUMN ar2c.company.credit_limit_step IS 'a credit limit set by a limit rule is rounded down to a multiple of this, in major units of the limit''s currency (100 by default; 0.01 for no rounding)';

-- Payment behaviour: an aggregate over (due, paid, amount) whose state is
-- a real type with an exact text form (src/credit_aggregates.c).

CREATE TYPE ar2c.payment_behaviour AS (
    items               bigint,
    amount              ar2c.money_cur,
    avg_days_late       numeric,
    late_share_count    numeric,
    late_share_amount   numeric,
    max_days_late       integer,
    over_90_share       numeric,
    open_overdue_items  bigint,
    open_overdue_amount ar2c.money_cur
);
COMMENT ON TYPE ar2c.payment_behaviour IS 'how a set of items was paid: the result of the aggregate ar2c.payment_behaviour()';
COMMENT ON COLUMN ar2c.payment_behaviour.items IS 'items counted: paid, or open and overdue on the as-of date';
COMMENT ON COLUMN ar2c.payment_behaviour.amount IS 'their total amount';
COMMENT ON COLUMN ar2c.payment_behaviour.avg_days_late IS 'days beyond terms, averaged weighted by amount, 2 decimals; an early payment counts 0';
COMMENT ON COLUMN ar2c.payment_behaviour.late_share_count IS 'share of the items paid (or open) late, 4 decimals';
COMMENT ON COLUMN ar2c.payment_behaviour.late_share_amount IS 'share of the amount paid (or open) late, 4 decimals';
COMMENT ON COLUMN ar2c.payment_behaviour.max_days_late IS 'the most days late of any item; 0 if none was late';
COMMENT ON COLUMN ar2c.payment_behaviour.over_90_share IS 'share of the amount more than 90 days late, 4 decimals';
COMMENT ON COLUMN ar2c.payment_behaviour.open_overdue_items IS 'items still open and overdue on the as-of date (0 without one)';
COMMENT ON COLUMN ar2c.payment_behaviour.open_overdue_amount IS 'their amount';

CREATE TYPE ar2c.payment_behaviour_state;
CREATE FUNCTION ar2c.payment_behaviour_state_in(cstring) RETURNS ar2c.payment_behaviour_state
    AS 'MODULE_PATHNAME', 'payment_behaviour_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.payment_behaviour_state_out(ar2c.payment_behaviour_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'payment_behaviour_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE ar2c.payment_behaviour_state (
    INPUT = ar2c.payment_behaviour_state_in,
    OUTPUT = ar2c.payment_behaviour_state_out,
    INTERNALLENGTH = 112,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE ar2c.payment_behaviour_state IS 'state of payment_behaviour(): (count,amount,late_count,late_amount,over_90_amount,weighted_days,max_days_late,open_count,open_amount,currency), amounts in minor units';
COMMENT ON FUNCTION ar2c.payment_behaviour_state_in(cstring) IS 'text input of payment_behaviour_state; refuses fields no set of items could give';
COMMENT ON FUNCTION ar2c.payment_behaviour_state_out(ar2c.payment_behaviour_state) IS 'text output of payment_behaviour_state';

CREATE FUNCTION ar2c.payment_behaviour_add(ar2c.payment_behaviour_state, due date, paid date, amount ar2c.money_cur)
    RETURNS ar2c.payment_behaviour_state
    AS 'MODULE_PATHNAME', 'payment_behaviour_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.payment_behaviour_add(ar2c.payment_behaviour_state, date, date, ar2c.money_cur) IS 'transition of payment_behaviour(due, paid, amount): counts a paid item';
-- not strict: a NULL paid date is an open item
CREATE FUNCTION ar2c.payment_behaviour_add(ar2c.payment_behaviour_state, due date, paid date, amount ar2c.money_cur, as_of date)
    RETURNS ar2c.payment_behaviour_state
    AS 'MODULE_PATHNAME', 'payment_behaviour_add_as_of' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.payment_behaviour_add(ar2c.payment_behaviour_state, date, date, ar2c.money_cur, date) IS 'transition of payment_behaviour(due, paid, amount, as_of): counts a paid item, or an open one as late as of as_of';
CREATE FUNCTION ar2c.payment_behaviour_combine(ar2c.payment_behaviour_state, ar2c.payment_behaviour_state)
    RETURNS ar2c.payment_behaviour_state
    AS 'MODULE_PATHNAME', 'payment_behaviour_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.payment_behaviour_combine(ar2c.payment_behaviour_state, ar2c.payment_behaviour_state) IS 'combine two partial states of payment_behaviour()';
CREATE FUNCTION ar2c.payment_behaviour_final(ar2c.payment_behaviour_state) RETURNS ar2c.payment_behaviour
    AS 'MODULE_PATHNAME', 'payment_behaviour_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.payment_behaviour_final(ar2c.payment_behaviour_state) IS 'the payment_behaviour composite of a state; NULL for no items';

CREATE AGGREGATE ar2c.payment_behaviour(due date, paid date, amount ar2c.money_cur) (
    SFUNC = ar2c.payment_behaviour_add, STYPE = ar2c.payment_behaviour_state,
    INITCOND = '(0,0,0,0,0,0,0,0,0,)',
    COMBINEFUNC = ar2c.payment_behaviour_combine, FINALFUNC = ar2c.payment_behaviour_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ar2c.payment_behaviour(date, date, ar2c.money_cur) IS 'payment behaviour of paid items (rows with a NULL skipped): days beyond terms, shares paid late, over 90 days; amounts in one currency';
CREATE AGGREGATE ar2c.payment_behaviour(due date, paid date, amount ar2c.money_cur, as_of date) (
    SFUNC = ar2c.payment_behaviour_add, STYPE = ar2c.payment_behaviour_state,
    INITCOND = '(0,0,0,0,0,0,0,0,0,)',
    COMBINEFUNC = ar2c.payment_behaviour_combine, FINALFUNC = ar2c.payment_behaviour_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ar2c.payment_behaviour(date, date, ar2c.money_cur, date) IS 'payment behaviour as of a date: an item paid after as_of, or not paid, is open; an open overdue item counts as late by as_of - due, one not yet due is skipped';

-- Payment history: one row per invoice, derived from the invoices and
-- the applications.
--
-- A SQL-standard body (BEGIN ATOMIC), not SET search_path, so that the
-- planner still inlines it and pushes a customer or company filter down
-- into it: its names and operators are bound when it is created, so no
-- caller's search_path (and no operator a user creates) reaches it.
CREATE FUNCTION ar2c.payment_history_as_of(company_id bigint, as_of date)
    RETURNS TABLE (company_id bigint, customer_id bigint, invoice_id bigint, invoice_number text,
                   issue_date date, due_date date, paid_date date, amount ar2c.money_cur,
                   days_late integer, disputed boolean, written_off boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT i.company_id, i.customer_id, i.invoice_id, i.invoice_number, i.issue_date, i.due_date,
           s.paid_date, i.amount, greatest(coalesce(s.paid_date, $2) - i.due_date, 0),
           i.disputed, coalesce(t.written_off, false)
    FROM ar2c.invoice i
    LEFT JOIN (
        -- per invoice, the applications made by as_of; written off if the
        -- write-offs less their reversals leave something
        SELECT a.customer_id, a.invoice_id,
               sum(ar2c.minor_units_value(a.amount)) AS applied,
               max(a.applied_on) AS last_applied_on,
               coalesce(sum(ar2c.minor_units_value(a.amount))
                            FILTER (WHERE coalesce(o.kind, a.kind) = 'write_off'), 0) > 0 AS written_off
        FROM ar2c.application a
        LEFT JOIN ar2c.application o
               ON o.customer_id = a.customer_id AND o.application_id = a.reverses_application_id
        WHERE a.applied_on <= $2 AND ($1 IS NULL OR a.company_id = $1)
        GROUP BY a.customer_id, a.invoice_id
    ) t ON t.customer_id = i.customer_id AND t.invoice_id = i.invoice_id
    -- applications are never zero, so when they add up to the amount, the
    -- latest of them is the one that brought the open amount to zero
    CROSS JOIN LATERAL (
        SELECT CASE WHEN t.applied = ar2c.minor_units_value(i.amount) THEN t.last_applied_on END AS paid_date
    ) s
    WHERE i.status <> 'cancelled' AND i.issue_date <= $2 AND ($1 IS NULL OR i.company_id = $1);
END;
COMMENT ON FUNCTION ar2c.payment_history_as_of(bigint, date) IS 'every invoice of a company (or of all the session may see) issued by a date (cancelled ones left out) with the date it was settled by then: paid_date is the date of the application that brought its open amount to zero, NULL while open; days_late = max(0, (paid_date or as_of) - due_date); written_off if a write-off not reversed by then applies to it';

-- The view repeats the query of payment_history_as_of() rather than
-- calling it: a function in a view runs with the reader's rights, and a
-- reporting role may read the views but not the tables. Keep the two in
-- step.
CREATE VIEW ar2c.payment_history AS
SELECT i.company_id, i.customer_id, i.invoice_id, i.invoice_number, i.issue_date, i.due_date, s.paid_date,
       ar2c.currency(i.amount)::text AS currency, ar2c.amount(i.amount) AS amount,
       greatest(coalesce(s.paid_date, d.as_of) - i.due_date, 0) AS days_late,
       i.disputed, coalesce(t.written_off, false) AS written_off, d.as_of
FROM (SELECT ar2c.aging_date() AS as_of) d
JOIN ar2c.invoice i ON i.issue_date <= d.as_of
LEFT JOIN LATERAL (
    SELECT sum(ar2c.minor_units_value(a.amount)) AS applied, max(a.applied_on) AS last_applied_on,
           coalesce(sum(ar2c.minor_units_value(a.amount))
                        FILTER (WHERE coalesce(o.kind, a.kind) = 'write_off'), 0) > 0 AS written_off
    FROM ar2c.application a
    LEFT JOIN ar2c.application o ON o.customer_id = a.customer_id AND o.application_id = a.reverses_application_id
    WHERE a.customer_id = i.customer_id AND a.invoice_id = i.invoice_id AND a.applied_on <= d.as_of
) t ON true
CROSS JOIN LATERAL (
    SELECT CASE WHEN t.applied = ar2c.minor_units_value(i.amount) THEN t.last_applied_on END AS paid_date
) s
WHERE i.status <> 'cancelled' AND i.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.payment_history IS 'payment history as of the aging date: one row per invoice, settled (paid_date) or open (paid_date NULL); for another date use ar2c.payment_history_as_of(company_id, as_of)';
COMMENT ON COLUMN ar2c.payment_history.company_id IS 'the issuing company';
COMMENT ON COLUMN ar2c.payment_history.customer_id IS 'the invoiced customer';
COMMENT ON COLUMN ar2c.payment_history.invoice_id IS 'ar2c''s key for the invoice';
COMMENT ON COLUMN ar2c.payment_history.invoice_number IS 'the invoice number';
COMMENT ON COLUMN ar2c.payment_history.issue_date IS 'invoice date';
COMMENT ON COLUMN ar2c.payment_history.due_date IS 'due date';
COMMENT ON COLUMN ar2c.payment_history.paid_date IS 'the date of the application (cash, credit or write-off) that brought the open amount to zero; NULL while open';
COMMENT ON COLUMN ar2c.payment_history.currency IS 'ISO 4217 code of the amount';
COMMENT ON COLUMN ar2c.payment_history.amount IS 'invoiced amount';
COMMENT ON COLUMN ar2c.payment_history.days_late IS 'days beyond the due date: to paid_date, or to the aging date while open; 0 if paid on time or not yet due';
COMMENT ON COLUMN ar2c.payment_history.disputed IS 'the customer disputes the invoice';
COMMENT ON COLUMN ar2c.payment_history.written_off IS 'a write-off (not reversed) applies to the invoice';
COMMENT ON COLUMN ar2c.payment_history.as_of IS 'the aging date the history is as of';

-- The score: factors and their defaults are constants of the C core
-- (core/credit_score.c), overridden per company by rows of the tables
-- below, so the extension script inserts no rows that a restore would
-- duplicate.

CREATE FUNCTION ar2c.credit_factors()
    RETURNS TABLE (ordinal integer, factor text, five_c text, default_weight integer, rule text)
    AS 'MODULE_PATHNAME', 'credit_factors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION ar2c.credit_factors() IS 'the factors of the credit score in their order, the C each belongs to, its default weight and how its input becomes a value from 0 to 1';
CREATE FUNCTION ar2c.credit_grade_defaults() RETURNS TABLE (grade text, min_score integer)
    AS 'MODULE_PATHNAME', 'credit_grade_defaults' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION ar2c.credit_grade_defaults() IS 'the default grade bands: the lowest score of grades A (800), B (650), C (450) and D (0)';

CREATE TABLE ar2c.credit_score_weight (
    company_id bigint NOT NULL REFERENCES ar2c.company ON DELETE CASCADE,
    factor     text NOT NULL,
    weight     integer NOT NULL,
    changed_by text NOT NULL DEFAULT current_user,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, factor),
    CONSTRAINT credit_score_weight_range CHECK (weight BETWEEN 0 AND 1000)
);
COMMENT ON TABLE ar2c.credit_score_weight IS 'a company''s weight for a factor of the credit score, overriding the default of ar2c.credit_factors(); change it with plain INSERT, UPDATE or DELETE';
COMMENT ON COLUMN ar2c.credit_score_weight.company_id IS 'the company';
COMMENT ON COLUMN ar2c.credit_score_weight.factor IS 'a factor named by ar2c.credit_factors()';
COMMENT ON COLUMN ar2c.credit_score_weight.weight IS 'points, 0 to 1000; the score is 1000 * sum(weight * value) / sum(weight), so only the proportions matter';
COMMENT ON COLUMN ar2c.credit_score_weight.changed_by IS 'who set the weight';
COMMENT ON COLUMN ar2c.credit_score_weight.changed_at IS 'when';

CREATE TABLE ar2c.credit_grade_band (
    company_id bigint NOT NULL REFERENCES ar2c.company ON DELETE CASCADE,
    grade      text NOT NULL,
    min_score  integer NOT NULL,
    changed_by text NOT NULL DEFAULT current_user,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, grade),
    CONSTRAINT credit_grade_band_grade_valid CHECK (grade IN ('A', 'B', 'C', 'D')),
    CONSTRAINT credit_grade_band_score_valid CHECK (min_score BETWEEN 0 AND 1000)
);
COMMENT ON TABLE ar2c.credit_grade_band IS 'a company''s lowest score for a grade, overriding the default of ar2c.credit_grade_defaults(); the bands must not overlap (A > B > C > D = 0)';
COMMENT ON COLUMN ar2c.credit_grade_band.company_id IS 'the company';
COMMENT ON COLUMN ar2c.credit_grade_band.grade IS 'A (best) to D';
COMMENT ON COLUMN ar2c.credit_grade_band.min_score IS 'the lowest score of the grade; the grade runs up to the next grade''s lowest score less one';
COMMENT ON COLUMN ar2c.credit_grade_band.changed_by IS 'who set the band';
COMMENT ON COLUMN ar2c.credit_grade_band.changed_at IS 'when';

CREATE FUNCTION ar2c.credit_score_weights(company_id bigint)
    RETURNS TABLE (ordinal integer, factor text, five_c text, weight integer, is_default boolean)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.ordinal, f.factor, f.five_c, coalesce(w.weight, f.default_weight), w.weight IS NULL
    FROM ar2c.credit_factors() f
    LEFT JOIN ar2c.credit_score_weight w ON w.company_id = $1 AND w.factor = f.factor
    -- nothing for a company that does not exist or that the session may not see
    WHERE EXISTS (SELECT 1 FROM ar2c.company c WHERE c.company_id = $1)
    ORDER BY f.ordinal
$$;
COMMENT ON FUNCTION ar2c.credit_score_weights(bigint) IS 'the weights a company''s scores use: its own rows, the defaults for the rest; no rows for a company that does not exist or that the session may not see';

CREATE FUNCTION ar2c.credit_grade_bands(company_id bigint)
    RETURNS TABLE (grade text, min_score integer, max_score integer, is_default boolean)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT d.grade, coalesce(b.min_score, d.min_score),
           coalesce(lag(coalesce(b.min_score, d.min_score)) OVER (ORDER BY d.grade) - 1, 1000),
           b.min_score IS NULL
    FROM ar2c.credit_grade_defaults() d
    LEFT JOIN ar2c.credit_grade_band b ON b.company_id = $1 AND b.grade = d.grade
    -- nothing for a company that does not exist or that the session may not see
    WHERE EXISTS (SELECT 1 FROM ar2c.company c WHERE c.company_id = $1)
    ORDER BY d.grade
$$;
COMMENT ON FUNCTION ar2c.credit_grade_bands(bigint) IS 'the grade bands a company''s scores use: its own rows, the defaults for the rest; no rows for a company that does not exist or that the session may not see';

-- Weights and bands are checked as a whole per company after each row,
-- or at commit for a transaction that sets constraints deferred.
CREATE FUNCTION ar2c.credit_config_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    company bigint;
    band record;
BEGIN
    company := CASE WHEN TG_OP = 'DELETE' THEN OLD.company_id ELSE NEW.company_id END;
    IF TG_TABLE_NAME = 'credit_score_weight' THEN
        IF TG_OP <> 'DELETE' AND NOT EXISTS (SELECT 1 FROM ar2c.credit_factors() f WHERE f.factor = NEW.factor) THEN
            RAISE EXCEPTION 'unknown credit score factor "%"', NEW.factor
                USING ERRCODE = 'check_violation',
                      HINT = format('The factors are %s.', (SELECT string_agg(f.factor, ', ' ORDER BY f.ordinal) FROM ar2c.credit_factors() f));
        END IF;
        IF (SELECT sum(w.weight) FROM ar2c.credit_score_weights(company) w) = 0 THEN
            RAISE EXCEPTION 'the credit score weights of company % are all zero', company
                USING ERRCODE = 'check_violation',
                      HINT = 'Give at least one factor a weight above 0, or delete the company''s rows to return to the defaults.';
        END IF;
    ELSE
        FOR band IN
            SELECT b.grade, b.min_score, lag(b.grade) OVER w AS upper_grade, lag(b.min_score) OVER w AS upper_min
            FROM ar2c.credit_grade_bands(company) b
            WINDOW w AS (ORDER BY b.grade)
        LOOP
            IF band.min_score >= band.upper_min THEN
                RAISE EXCEPTION 'the credit grade bands of company % overlap: grade % starts at %, not below grade %''s %',
                      company, band.grade, band.min_score, band.upper_grade, band.upper_min
                    USING ERRCODE = 'check_violation',
                          HINT = 'Each grade must start below the grade above it: A > B > C > D = 0. Change several bands in one UPDATE, or SET CONSTRAINTS ar2c.credit_grade_band_valid DEFERRED.';
            END IF;
            IF band.grade = 'D' AND band.min_score <> 0 THEN
                RAISE EXCEPTION 'grade D of company % starts at %, not at 0', company, band.min_score
                    USING ERRCODE = 'check_violation', HINT = 'Grade D takes every score below grade C, so it starts at 0.';
            END IF;
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER credit_score_weight_valid AFTER INSERT OR UPDATE OR DELETE ON ar2c.credit_score_weight
    DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION ar2c.credit_config_check();
CREATE CONSTRAINT TRIGGER credit_grade_band_valid AFTER INSERT OR UPDATE OR DELETE ON ar2c.credit_grade_band
    DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION ar2c.credit_config_check();
COMMENT ON FUNCTION ar2c.credit_config_check() IS 'trigger: refuses unknown factors, all-zero weights and overlapping grade bands of a company (SQLSTATE 23514)';

CREATE TYPE ar2c.credit_score_result AS (
    score         integer,
    grade         text,
    character_points  numeric,
    capacity_points   numeric,
    capital_points    numeric,
    collateral_points numeric,
    conditions_points numeric,
    factor_values     numeric[]
);
COMMENT ON TYPE ar2c.credit_score_result IS 'a credit score, its grade, the points each of the five Cs contributed and the value of each factor';
COMMENT ON COLUMN ar2c.credit_score_result.score IS '0 (worst) to 1000: 1000 * sum(weight * value) / sum(weight), rounded';
COMMENT ON COLUMN ar2c.credit_score_result.grade IS 'A to D, by the grade bands';
COMMENT ON COLUMN ar2c.credit_score_result.character_points IS 'points from payment behaviour, disputes and write-offs, 1 decimal';
COMMENT ON COLUMN ar2c.credit_score_result.capacity_points IS 'points from revenue against the credit limit, 1 decimal';
COMMENT ON COLUMN ar2c.credit_score_result.capital_points IS 'points from equity against the credit limit, 1 decimal';
COMMENT ON COLUMN ar2c.credit_score_result.collateral_points IS 'points from collateral against the credit limit, 1 decimal';
COMMENT ON COLUMN ar2c.credit_score_result.conditions_points IS 'points from the external rating and years trading, 1 decimal';
COMMENT ON COLUMN ar2c.credit_score_result.factor_values IS 'the value of each factor, 0 to 1, in the order of ar2c.credit_factors()';

-- not strict: a NULL input is unknown and worth half its weight
CREATE FUNCTION ar2c.credit_score(behaviour ar2c.payment_behaviour, disputed_share numeric,
        written_off_share numeric, external_rating integer, years_trading numeric,
        annual_revenue ar2c.money_cur, equity ar2c.money_cur, collateral ar2c.money_cur,
        credit_limit ar2c.money_cur, weights integer[] DEFAULT NULL, grade_floors integer[] DEFAULT NULL)
    RETURNS ar2c.credit_score_result
    AS 'MODULE_PATHNAME', 'credit_score_compute_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.credit_score(ar2c.payment_behaviour, numeric, numeric, integer, numeric, ar2c.money_cur, ar2c.money_cur, ar2c.money_cur, ar2c.money_cur, integer[], integer[])
    IS 'the 5C score of one customer''s inputs: a NULL input is worth half its weight; weights in the order of ar2c.credit_factors() and grade floors (A, B, C, D) default to the built-in ones';

-- Every customer's score as of a date, set-based. A SQL-standard body,
-- inlined like payment_history_as_of and bound when created like it.
CREATE FUNCTION ar2c.credit_scores(company_id bigint, as_of date, lookback_months integer DEFAULT 24)
    RETURNS TABLE (company_id bigint, customer_id bigint, behaviour ar2c.payment_behaviour,
                   disputed_share numeric, written_off_share numeric, years_trading numeric,
                   result ar2c.credit_score_result)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.company_id, c.customer_id, b.behaviour, b.disputed_share, b.written_off_share, y.years_trading,
           ar2c.credit_score(b.behaviour, b.disputed_share, b.written_off_share, c.external_rating,
                             y.years_trading, c.annual_revenue, c.equity, c.collateral_value, c.credit_limit,
                             k.weights, k.floors)
    FROM ar2c.customer c
    LEFT JOIN (
        SELECT x.customer_id,
               ar2c.payment_behaviour(x.due_date, x.paid_date, x.amount, $2) AS behaviour,
               round(coalesce(ar2c.sum(x.amount) FILTER (WHERE x.disputed)
                              OPERATOR(ar2c./) ar2c.sum(x.amount), 0), 4) AS disputed_share,
               round(coalesce(ar2c.sum(x.amount) FILTER (WHERE x.written_off)
                              OPERATOR(ar2c./) ar2c.sum(x.amount), 0), 4) AS written_off_share
        FROM (
            -- the items due in the lookback window, and older ones still
            -- open; a written-off item counts as never paid; amounts in the
            -- customer's currency, converted at the rate of the due date
            SELECT h.customer_id, h.due_date, h.disputed, h.written_off,
                   CASE WHEN h.written_off THEN NULL ELSE h.paid_date END AS paid_date,
                   CASE WHEN ar2c.currency(h.amount) OPERATOR(ar2c.=) hc.currency THEN h.amount
                        ELSE ar2c.convert(h.amount, hc.currency, h.due_date) END AS amount
            FROM ar2c.payment_history_as_of($1, $2) h
            JOIN ar2c.customer hc ON hc.customer_id = h.customer_id
            WHERE h.due_date > $2 - make_interval(months => $3) OR h.paid_date IS NULL
        ) x
        GROUP BY x.customer_id
    ) b ON b.customer_id = c.customer_id
    CROSS JOIN LATERAL (SELECT round(($2 - c.trading_since) / 365.25, 2) AS years_trading) y
    JOIN (
        -- the company's weights and bands, once per company
        SELECT co.company_id,
               (SELECT array_agg(w.weight ORDER BY w.ordinal) FROM ar2c.credit_score_weights(co.company_id) w) AS weights,
               (SELECT array_agg(g.min_score ORDER BY g.grade) FROM ar2c.credit_grade_bands(co.company_id) g) AS floors
        FROM ar2c.company co
    ) k ON k.company_id = c.company_id
    WHERE $1 IS NULL OR c.company_id = $1;
END;
COMMENT ON FUNCTION ar2c.credit_scores(bigint, date, integer) IS 'every customer''s score (of a company, or of all the session may see) as of a date from the items due in the lookback window (and older ones still open), with the company''s weights and grade bands';

CREATE FUNCTION ar2c.credit_score(customer_id bigint, as_of date DEFAULT current_date,
        OUT score integer, OUT grade text, OUT character_points numeric, OUT capacity_points numeric,
        OUT capital_points numeric, OUT collateral_points numeric, OUT conditions_points numeric,
        OUT behaviour ar2c.payment_behaviour, OUT disputed_share numeric, OUT written_off_share numeric,
        OUT years_trading numeric)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (s.result).score, (s.result).grade, (s.result).character_points, (s.result).capacity_points,
           (s.result).capital_points, (s.result).collateral_points, (s.result).conditions_points,
           s.behaviour, s.disputed_share, s.written_off_share, s.years_trading
    FROM ar2c.credit_scores(NULL, $2) s
    WHERE s.customer_id = $1
$$;
COMMENT ON FUNCTION ar2c.credit_score(bigint, date) IS 'one customer''s score as of a date (today by default), with the points of each C and the inputs; nothing is written (ar2c.rescore() writes)';

-- One customer's score, factor by factor: the points of a factor are
-- 1000 x weight x value / sum of the weights, so they add up to the score
-- (up to rounding to 1 decimal).
CREATE FUNCTION ar2c.credit_score_breakdown(customer_id bigint, as_of date DEFAULT current_date)
    RETURNS TABLE (ordinal integer, five_c text, factor text, input text, rule text, value numeric,
                   weight integer, points numeric)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.ordinal, f.five_c, f.factor,
           -- || gives NULL for an unknown input
           coalesce(CASE f.factor
                        WHEN 'days_beyond_terms' THEN (s.behaviour).avg_days_late || ' days beyond terms on average'
                        WHEN 'paid_late_share' THEN (s.behaviour).late_share_amount || ' of the amount paid late'
                        WHEN 'over_90_share' THEN (s.behaviour).over_90_share || ' of the amount more than 90 days late'
                        WHEN 'disputed_share' THEN s.disputed_share || ' of the amount disputed'
                        WHEN 'written_off_share' THEN s.written_off_share || ' of the amount written off'
                        WHEN 'revenue' THEN 'annual revenue ' || c.annual_revenue || ', credit limit ' || c.credit_limit
                        WHEN 'equity' THEN 'equity ' || c.equity || ', credit limit ' || c.credit_limit
                        WHEN 'collateral' THEN 'collateral ' || c.collateral_value || ', credit limit ' || c.credit_limit
                        WHEN 'external_rating' THEN c.external_rating::text
                        WHEN 'years_trading' THEN s.years_trading || ' years'
                    END, 'unknown (half its weight)'),
           f.rule, (s.result).factor_values[f.ordinal], w.weight,
           round(1000 * w.weight * (s.result).factor_values[f.ordinal] / sum(w.weight) OVER (), 1)
    FROM ar2c.credit_scores(NULL, $2) s
    JOIN ar2c.customer c ON c.customer_id = s.customer_id
    CROSS JOIN ar2c.credit_factors() f
    JOIN ar2c.credit_score_weights(s.company_id) w ON w.ordinal = f.ordinal
    WHERE s.customer_id = $1
    ORDER BY f.ordinal
$$;
COMMENT ON FUNCTION ar2c.credit_score_breakdown(bigint, date) IS 'one customer''s score as of a date, one row per factor: its C, its input in words, the rule that makes it a value from 0 to 1, the value, the company''s weight and the points it contributes (the points add up to the score)';

-- Suggested limits: what a customer with this score needs to buy on its
-- terms (doc/credit.md).

CREATE FUNCTION ar2c.suggested_limit(customer_id bigint, as_of date DEFAULT current_date, score integer DEFAULT NULL)
    RETURNS ar2c.money_cur
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- sales of the 12 months to as_of, converted at the rate of the issue
    -- date; monthly sales x (terms + 30) / 30 x score / 500, rounded to 100
    SELECT CASE WHEN v.sales IS NOT NULL AND ar2c.minor_units_value(v.sales) > 0 THEN
               ar2c.round_to(
                   (v.sales OPERATOR(ar2c.*) ((c.payment_terms_days + 30)::bigint * coalesce($3, c.credit_score, 500)))
                       OPERATOR(ar2c./) 180000::bigint,
                   100)
           END
    FROM ar2c.customer c
    CROSS JOIN LATERAL (
        SELECT ar2c.sum(CASE WHEN ar2c.currency(i.amount) OPERATOR(ar2c.=) c.currency THEN i.amount
                             ELSE ar2c.convert(i.amount, c.currency, i.issue_date) END) AS sales
        FROM ar2c.invoice i
        WHERE i.customer_id = c.customer_id AND i.status <> 'cancelled'
          AND i.issue_date > $2 - interval '12 months' AND i.issue_date <= $2
    ) v
    WHERE c.customer_id = $1
$$;
COMMENT ON FUNCTION ar2c.suggested_limit(bigint, date, integer) IS 'suggested credit limit: monthly sales of the last 12 months x (payment terms + 30) / 30 x score / 500, rounded to 100 units; the stored score unless one is given (500 if never scored); NULL without sales';

-- Grade policies, read by the order credit check (43_credit_check.sql)
-- and by ar2c.rescore() for the terms.

CREATE TABLE ar2c.credit_grade_policy (
    company_id         bigint NOT NULL REFERENCES ar2c.company ON DELETE CASCADE,
    grade              text NOT NULL,
    payment_terms_days integer,
    prepayment_share   numeric NOT NULL DEFAULT 0,
    order_hold         boolean NOT NULL DEFAULT false,
    changed_by         text NOT NULL DEFAULT current_user,
    changed_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, grade),
    CONSTRAINT credit_grade_policy_grade_valid CHECK (grade IN ('A', 'B', 'C', 'D')),
    CONSTRAINT credit_grade_policy_terms_valid CHECK (payment_terms_days BETWEEN 0 AND 3650),
    CONSTRAINT credit_grade_policy_prepayment_valid CHECK (prepayment_share >= 0 AND prepayment_share <= 1)
);
COMMENT ON TABLE ar2c.credit_grade_policy IS 'what a credit grade means for a company''s customers: payment terms, prepayment, order hold; a grade without a row has no policy';
COMMENT ON COLUMN ar2c.credit_grade_policy.company_id IS 'the company';
COMMENT ON COLUMN ar2c.credit_grade_policy.grade IS 'A to D';
COMMENT ON COLUMN ar2c.credit_grade_policy.payment_terms_days IS 'terms a customer gets when ar2c.rescore() moves it into the grade; NULL leaves its terms alone';
COMMENT ON COLUMN ar2c.credit_grade_policy.prepayment_share IS 'share of an order to be paid in advance (0.30 = 30%), named in the hold reason of a held order';
COMMENT ON COLUMN ar2c.credit_grade_policy.order_hold IS 'every new order of a customer in the grade goes to credit_hold, whatever the limit, with an alert';
COMMENT ON COLUMN ar2c.credit_grade_policy.changed_by IS 'who set the policy';
COMMENT ON COLUMN ar2c.credit_grade_policy.changed_at IS 'when';

-- Limit rules, applied by ar2c.rescore()

CREATE TABLE ar2c.credit_limit_rule (
    company_id      bigint NOT NULL REFERENCES ar2c.company ON DELETE CASCADE,
    rule_id         bigint GENERATED BY DEFAULT AS IDENTITY,
    name            text NOT NULL,
    action          text NOT NULL,
    lookback_months integer NOT NULL,
    late_periods    integer,
    grace_days      integer NOT NULL DEFAULT 0,
    change_share    numeric NOT NULL,
    cap_factor      numeric,
    priority        integer NOT NULL DEFAULT 100,
    enabled         boolean NOT NULL DEFAULT true,
    changed_by      text NOT NULL DEFAULT current_user,
    changed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, rule_id),
    CONSTRAINT credit_limit_rule_action_valid CHECK (action IN ('reduce', 'raise')),
    CONSTRAINT credit_limit_rule_lookback_valid CHECK (lookback_months BETWEEN 1 AND 120),
    CONSTRAINT credit_limit_rule_grace_valid CHECK (grace_days BETWEEN 0 AND 365),
    CONSTRAINT credit_limit_rule_reduce_valid CHECK (action <> 'reduce' OR (
        late_periods IS NOT NULL AND late_periods BETWEEN 1 AND lookback_months + 1 AND change_share > 0 AND change_share < 1 AND cap_factor IS NULL)),
    CONSTRAINT credit_limit_rule_raise_valid CHECK (action <> 'raise' OR (
        late_periods IS NULL AND change_share > 0 AND change_share <= 10 AND (cap_factor IS NULL OR cap_factor > 0)))
);
COMMENT ON TABLE ar2c.credit_limit_rule IS 'automatic credit limit changes, applied by ar2c.rescore(): reduce after late periods, raise after good behaviour; each change is recorded in ar2c.credit_history';
COMMENT ON COLUMN ar2c.credit_limit_rule.company_id IS 'the company';
COMMENT ON COLUMN ar2c.credit_limit_rule.rule_id IS 'ar2c''s key for the rule';
COMMENT ON COLUMN ar2c.credit_limit_rule.name IS 'a name for the reason text';
COMMENT ON COLUMN ar2c.credit_limit_rule.action IS 'reduce (after late periods) or raise (after good behaviour)';
COMMENT ON COLUMN ar2c.credit_limit_rule.lookback_months IS 'the window, in months back from the as-of date, over which the rule looks at items by due date; the rule fires at most once per customer per window';
COMMENT ON COLUMN ar2c.credit_limit_rule.late_periods IS 'reduce: at least this many calendar months (of the due date) with an item late beyond the grace days';
COMMENT ON COLUMN ar2c.credit_limit_rule.grace_days IS 'days late that do not count as late';
COMMENT ON COLUMN ar2c.credit_limit_rule.change_share IS 'reduce by, or raise by, this share of the limit (0.40 = 40%)';
COMMENT ON COLUMN ar2c.credit_limit_rule.cap_factor IS 'raise: the limit goes no higher than cap_factor x the suggested limit (no raise without sales); NULL for no cap';
COMMENT ON COLUMN ar2c.credit_limit_rule.priority IS 'among matching rules of one action, the lowest priority applies; a reduction always wins over a raise';
COMMENT ON COLUMN ar2c.credit_limit_rule.enabled IS 'false to keep the rule without applying it';
COMMENT ON COLUMN ar2c.credit_limit_rule.changed_by IS 'who set the rule';
COMMENT ON COLUMN ar2c.credit_limit_rule.changed_at IS 'when';

-- The credit history: append-only, one row per change of a customer's
-- score, grade, limit or terms, by ar2c.rescore() or by hand.

CREATE TABLE ar2c.credit_history (
    company_id  bigint NOT NULL,
    customer_id bigint NOT NULL,
    history_id  bigint GENERATED BY DEFAULT AS IDENTITY,
    as_of       date NOT NULL,
    old_score   integer,
    new_score   integer,
    old_grade   text,
    new_grade   text,
    old_limit   ar2c.money_cur,
    new_limit   ar2c.money_cur,
    rule_id     bigint,
    reason      text NOT NULL,
    changed_by  text NOT NULL DEFAULT current_user,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, history_id),
    FOREIGN KEY (customer_id, company_id) REFERENCES ar2c.customer (customer_id, company_id)
);
CREATE INDEX credit_history_rule ON ar2c.credit_history (customer_id, rule_id, as_of) WHERE rule_id IS NOT NULL;
COMMENT ON TABLE ar2c.credit_history IS 'append-only: every change of a customer''s credit score, grade, limit or terms, with its reason';
COMMENT ON COLUMN ar2c.credit_history.company_id IS 'the customer''s company';
COMMENT ON COLUMN ar2c.credit_history.customer_id IS 'the customer';
COMMENT ON COLUMN ar2c.credit_history.history_id IS 'ar2c''s key for the change; increases with time';
COMMENT ON COLUMN ar2c.credit_history.as_of IS 'the date the change is as of: the rescore date, or the day of a change by hand';
COMMENT ON COLUMN ar2c.credit_history.old_score IS 'score before';
COMMENT ON COLUMN ar2c.credit_history.new_score IS 'score after';
COMMENT ON COLUMN ar2c.credit_history.old_grade IS 'grade before';
COMMENT ON COLUMN ar2c.credit_history.new_grade IS 'grade after';
COMMENT ON COLUMN ar2c.credit_history.old_limit IS 'credit limit before (NULL: none)';
COMMENT ON COLUMN ar2c.credit_history.new_limit IS 'credit limit after (NULL: none)';
COMMENT ON COLUMN ar2c.credit_history.rule_id IS 'the ar2c.credit_limit_rule that changed the limit, if one did';
COMMENT ON COLUMN ar2c.credit_history.reason IS 'why, in words: the rescore, the rule and its figures, or a change by hand';
COMMENT ON COLUMN ar2c.credit_history.changed_by IS 'who made the change';
COMMENT ON COLUMN ar2c.credit_history.changed_at IS 'when it was recorded';

CREATE FUNCTION ar2c.credit_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'cannot % ar2c.credit_history: the credit history is append-only', lower(TG_OP)
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Change the customer instead; the change is recorded as a new row.';
END
$$;
CREATE TRIGGER credit_history_append_only BEFORE UPDATE OR DELETE ON ar2c.credit_history
    FOR EACH ROW EXECUTE FUNCTION ar2c.credit_history_append_only();
CREATE TRIGGER credit_history_no_truncate BEFORE TRUNCATE ON ar2c.credit_history
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.credit_history_append_only();
COMMENT ON FUNCTION ar2c.credit_history_append_only() IS 'trigger: refuses UPDATE, DELETE and TRUNCATE of the credit history (SQLSTATE 55000)';

-- A change of score, grade or limit made with a plain UPDATE is recorded
-- too. ar2c.rescore() records its own changes, with their reasons, in the
-- statement that makes them; this trigger recognises them as the latest
-- rows of their customers written in this transaction with the new values,
-- and leaves them alone. It runs as the caller, so changed_by is who made
-- the change (a role that changes limits needs INSERT on the history).
CREATE FUNCTION ar2c.customer_credit_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO ar2c.credit_history (company_id, customer_id, as_of, old_score, new_score, old_grade, new_grade,
                                     old_limit, new_limit, reason)
    SELECT n.company_id, n.customer_id, current_date, o.credit_score, n.credit_score, o.credit_grade, n.credit_grade,
           o.credit_limit, n.credit_limit, 'changed by hand'
    FROM new_rows n JOIN old_rows o ON o.customer_id = n.customer_id
    WHERE (o.credit_score IS DISTINCT FROM n.credit_score OR o.credit_grade IS DISTINCT FROM n.credit_grade
           OR (o.credit_limit IS NULL) <> (n.credit_limit IS NULL)
           OR o.credit_limit OPERATOR(ar2c.<>) n.credit_limit)
      -- not already recorded: the customer's latest history row was
      -- written in this transaction with these values
      AND NOT EXISTS (
          SELECT 1
          FROM (SELECT h.* FROM ar2c.credit_history h WHERE h.customer_id = n.customer_id
                ORDER BY h.history_id DESC LIMIT 1) h
          WHERE h.changed_at = now()
            AND h.new_score IS NOT DISTINCT FROM n.credit_score AND h.new_grade IS NOT DISTINCT FROM n.credit_grade
            AND ((h.new_limit IS NULL AND n.credit_limit IS NULL) OR h.new_limit OPERATOR(ar2c.=) n.credit_limit));
    RETURN NULL;
END
$$;
CREATE TRIGGER customer_credit_changed AFTER UPDATE ON ar2c.customer
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.customer_credit_changed();
COMMENT ON FUNCTION ar2c.customer_credit_changed() IS 'trigger: records in the credit history a change of score, grade or limit that ar2c.rescore() did not record';

-- Rescoring: scores, grades, terms by grade policy, and the limit rules,
-- for every customer the caller may see (or one company's). What would
-- change is decided once, by ar2c.rescore_decisions(); ar2c.rescore_preview()
-- shows it and ar2c.rescore() applies it, so a run applies exactly what a
-- preview of the same data shows.

CREATE FUNCTION ar2c.rescore_decisions(company_id bigint, as_of date, lookback_months integer)
    RETURNS TABLE (customer_id bigint, customer_number text, old_score integer, new_score integer,
                   old_grade text, new_grade text, old_limit ar2c.money_cur, new_limit ar2c.money_cur,
                   old_terms integer, new_terms integer, rule_id bigint, reason text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF rescore_decisions.as_of IS NULL OR NOT isfinite(rescore_decisions.as_of) THEN
        RAISE EXCEPTION 'invalid rescore date %', rescore_decisions.as_of USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF rescore_decisions.lookback_months IS NULL OR rescore_decisions.lookback_months NOT BETWEEN 1 AND 120 THEN
        RAISE EXCEPTION 'invalid lookback of % months', rescore_decisions.lookback_months
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Look back 1 to 120 months (24 by default).';
    END IF;
    RETURN QUERY
    WITH scored AS (
        SELECT s.customer_id, (s.result).score AS score, (s.result).grade AS grade
        FROM ar2c.credit_scores(rescore_decisions.company_id, rescore_decisions.as_of, rescore_decisions.lookback_months) s
    ), rule_stats AS (
        -- per customer with a limit and enabled rule of its company that
        -- has not fired for it within its window: late months, items due
        -- in the window, open items late beyond the grace, first due date
        SELECT c.customer_id, r.rule_id, r.name, r.action, r.lookback_months, r.late_periods AS needed,
               r.grace_days, r.change_share, r.cap_factor, r.priority,
               count(DISTINCT date_trunc('month', h.due_date::timestamp))
                   FILTER (WHERE h.due_date > rescore_decisions.as_of - make_interval(months => r.lookback_months)
                             AND h.days_late > r.grace_days) AS late_periods,
               count(h.invoice_id)
                   FILTER (WHERE h.due_date > rescore_decisions.as_of - make_interval(months => r.lookback_months)) AS items_due,
               coalesce(bool_or(h.paid_date IS NULL AND h.days_late > r.grace_days), false) AS open_late,
               min(h.due_date) AS first_due
        FROM ar2c.customer c
        JOIN ar2c.credit_limit_rule r ON r.company_id = c.company_id AND r.enabled
        LEFT JOIN ar2c.payment_history_as_of(rescore_decisions.company_id, rescore_decisions.as_of) h
               ON h.customer_id = c.customer_id AND h.due_date <= rescore_decisions.as_of
        WHERE c.credit_limit IS NOT NULL
          AND (rescore_decisions.company_id IS NULL OR c.company_id = rescore_decisions.company_id)
          AND NOT EXISTS (SELECT 1 FROM ar2c.credit_history x
                          WHERE x.customer_id = c.customer_id AND x.rule_id = r.rule_id
                            AND x.as_of > rescore_decisions.as_of - make_interval(months => r.lookback_months))
        GROUP BY c.customer_id, r.company_id, r.rule_id
    ), proposed AS (
        -- the rule's limit rounded down to the company's step; a raise
        -- that rounding takes below the limit is none
        SELECT st.*, c.credit_limit AS old_limit,
               CASE st.action WHEN 'reduce' THEN r.rounded ELSE greatest(r.rounded, c.credit_limit) END AS new_limit,
               u.unrounded,
               CASE WHEN r.rounded OPERATOR(ar2c.<>) u.unrounded
                    THEN format(' (%s rounded down to a multiple of %s)', u.unrounded, trim_scale(co.credit_limit_step))
                    ELSE '' END AS rounding_note
        FROM rule_stats st
        JOIN ar2c.customer c ON c.customer_id = st.customer_id
        JOIN ar2c.company co ON co.company_id = c.company_id
        JOIN scored s ON s.customer_id = st.customer_id
        CROSS JOIN LATERAL (
            SELECT CASE WHEN st.action = 'raise' AND st.cap_factor IS NOT NULL
                        THEN ar2c.suggested_limit(c.customer_id, rescore_decisions.as_of, s.score) END AS suggested
        ) sl
        CROSS JOIN LATERAL (
            SELECT CASE st.action
                       WHEN 'reduce' THEN c.credit_limit OPERATOR(ar2c.*) (1 - st.change_share)
                       WHEN 'raise' THEN
                           CASE WHEN st.cap_factor IS NULL THEN c.credit_limit OPERATOR(ar2c.*) (1 + st.change_share)
                                -- no sales, no suggested limit: no raise
                                WHEN sl.suggested IS NULL THEN NULL
                                ELSE greatest(least(c.credit_limit OPERATOR(ar2c.*) (1 + st.change_share),
                                                    sl.suggested OPERATOR(ar2c.*) st.cap_factor),
                                              c.credit_limit) END
                   END AS unrounded
        ) u
        CROSS JOIN LATERAL (
            SELECT ar2c.money_cur(floor(ar2c.amount(u.unrounded) / co.credit_limit_step) * co.credit_limit_step,
                                  ar2c.currency(u.unrounded), 'half_even') AS rounded
        ) r
        WHERE (st.action = 'reduce' AND st.late_periods >= st.needed)
           OR (st.action = 'raise' AND st.late_periods = 0 AND NOT st.open_late AND st.items_due > 0
               AND st.first_due <= rescore_decisions.as_of - make_interval(months => st.lookback_months))
    ), chosen AS (
        -- one change per customer and run: a reduction before a raise,
        -- then by priority; a raise the cap leaves at the limit is none
        SELECT DISTINCT ON (p.customer_id) p.*
        FROM proposed p
        WHERE p.new_limit IS NOT NULL AND p.new_limit OPERATOR(ar2c.<>) p.old_limit
        ORDER BY p.customer_id, p.action = 'reduce' DESC, p.priority, p.rule_id
    ), decided AS (
        SELECT c.customer_id, c.customer_number,
               c.credit_score AS old_score, s.score AS new_score,
               c.credit_grade AS old_grade, s.grade AS new_grade,
               c.credit_limit AS old_limit, coalesce(m.new_limit, c.credit_limit) AS new_limit,
               c.payment_terms_days AS old_terms,
               CASE WHEN s.grade IS DISTINCT FROM c.credit_grade AND p.payment_terms_days IS NOT NULL
                    THEN p.payment_terms_days ELSE c.payment_terms_days END AS new_terms,
               m.rule_id,
               concat_ws('; ',
                   CASE WHEN c.credit_score IS DISTINCT FROM s.score OR c.credit_grade IS DISTINCT FROM s.grade
                        THEN format('rescore as of %s: score %s -> %s, grade %s -> %s', to_char(rescore_decisions.as_of, 'YYYY-MM-DD'),
                                    coalesce(c.credit_score::text, 'none'), s.score,
                                    coalesce(c.credit_grade, 'none'), s.grade) END,
                   CASE m.action
                       WHEN 'reduce' THEN format('rule %s "%s": late in %s months of the last %s (%s needed), limit reduced by %s%%: %s -> %s%s',
                                                 m.rule_id, m.name, m.late_periods, m.lookback_months, m.needed,
                                                 trim_scale(m.change_share * 100), m.old_limit, m.new_limit, m.rounding_note)
                       WHEN 'raise' THEN format('rule %s "%s": no late payment in the last %s months, limit raised%s: %s -> %s%s',
                                                m.rule_id, m.name, m.lookback_months,
                                                CASE WHEN m.unrounded OPERATOR(ar2c.=) (m.old_limit OPERATOR(ar2c.*) (1 + m.change_share))
                                                     THEN format(' by %s%%', trim_scale(m.change_share * 100))
                                                     ELSE format(' to the cap of %s x the suggested limit', trim_scale(m.cap_factor)) END,
                                                m.old_limit, m.new_limit, m.rounding_note)
                   END,
                   CASE WHEN s.grade IS DISTINCT FROM c.credit_grade AND p.payment_terms_days IS NOT NULL
                             AND p.payment_terms_days <> c.payment_terms_days
                        THEN format('payment terms %s -> %s days by the grade %s policy', c.payment_terms_days,
                                    p.payment_terms_days, s.grade) END
               ) AS reason
        FROM ar2c.customer c
        JOIN scored s ON s.customer_id = c.customer_id
        LEFT JOIN chosen m ON m.customer_id = c.customer_id
        LEFT JOIN ar2c.credit_grade_policy p ON p.company_id = c.company_id AND p.grade = s.grade
    )
    SELECT d.customer_id, d.customer_number, d.old_score, d.new_score, d.old_grade, d.new_grade,
           d.old_limit, d.new_limit, d.old_terms, d.new_terms, d.rule_id, d.reason
    FROM decided d
    ORDER BY d.customer_id;
END
$$;
COMMENT ON FUNCTION ar2c.rescore_decisions(bigint, date, integer) IS 'internal to rescore() and rescore_preview(): for every customer the caller may see (of one company, or all), its score, grade, limit and terms now and after a rescore as of a date, and why (empty if nothing changes)';

CREATE FUNCTION ar2c.rescore_preview(company_id bigint, as_of date, lookback_months integer DEFAULT 24)
    RETURNS TABLE (customer_id bigint, customer_number text, old_score integer, new_score integer,
                   old_grade text, new_grade text, old_limit ar2c.money_cur, new_limit ar2c.money_cur,
                   old_terms integer, new_terms integer, rule_id bigint, reason text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT d.* FROM ar2c.rescore_decisions($1, $2, $3) d WHERE d.reason OPERATOR(pg_catalog.<>) ''
$$;
COMMENT ON FUNCTION ar2c.rescore_preview(bigint, date, integer) IS 'dry run of ar2c.rescore(): one row per customer whose score, grade, limit or terms it would change, old and new values and the reason; writes nothing';

CREATE FUNCTION ar2c.rescore(company_id bigint, as_of date, lookback_months integer DEFAULT 24,
    OUT customers_scored bigint, OUT scores_changed bigint, OUT grades_changed bigint, OUT limits_changed bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- one rescore at a time, whatever the caller's privileges: a
    -- transaction-level advisory lock keyed by the history table
    PERFORM pg_advisory_xact_lock('ar2c.credit_history'::regclass::oid::bigint);
    PERFORM ar2c.require_company(rescore.company_id);

    WITH decided AS (
        SELECT d.*, c.company_id
        FROM ar2c.rescore_decisions(rescore.company_id, rescore.as_of, rescore.lookback_months) d
        JOIN ar2c.customer c ON c.customer_id = d.customer_id
    ), logged AS (
        INSERT INTO ar2c.credit_history (company_id, customer_id, as_of, old_score, new_score, old_grade, new_grade,
                                         old_limit, new_limit, rule_id, reason)
        SELECT d.company_id, d.customer_id, rescore.as_of, d.old_score, d.new_score, d.old_grade, d.new_grade,
               d.old_limit, d.new_limit, d.rule_id, d.reason
        FROM decided d
        WHERE d.reason <> ''
        -- history in customer order, whatever plan found them
        ORDER BY d.customer_id
        RETURNING 1
    ), updated AS (
        UPDATE ar2c.customer c
        SET credit_score = d.new_score, credit_grade = d.new_grade, credit_limit = d.new_limit,
            payment_terms_days = d.new_terms, credit_scored_on = rescore.as_of
        FROM decided d
        WHERE c.customer_id = d.customer_id
        RETURNING 1
    )
    SELECT count(*),
           count(*) FILTER (WHERE d.old_score IS DISTINCT FROM d.new_score),
           count(*) FILTER (WHERE d.old_grade IS DISTINCT FROM d.new_grade),
           count(*) FILTER (WHERE d.rule_id IS NOT NULL)
    INTO customers_scored, scores_changed, grades_changed, limits_changed
    FROM decided d;
END
$$;
COMMENT ON FUNCTION ar2c.rescore(bigint, date, integer) IS 'score and grade every customer the caller may see (of one company, or all) as of a date, apply the grade policies'' terms and the limit rules, and record every change with its reason in ar2c.credit_history; one run at a time';

-- For BI tools: plain types, only the companies the reader may see

-- A function in a view runs with the reader's rights, and a reporting
-- role may not read ar2c.invoice; like ar2c.visible_exposure(), this
-- checks that the reader may see the customer's company, then reads as
-- the owner.
CREATE FUNCTION ar2c.visible_suggested_limit(customer_id bigint, as_of date)
    RETURNS ar2c.money_cur
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT ar2c.suggested_limit(c.customer_id, $2)
    FROM ar2c.customer c
    WHERE c.customer_id OPERATOR(pg_catalog.=) $1 AND ar2c.company_visible(c.company_id)
$$;
COMMENT ON FUNCTION ar2c.visible_suggested_limit(bigint, date) IS 'ar2c.suggested_limit() for a reader who may see the customer''s company (NULL otherwise), for the BI view credit_exposure';

CREATE VIEW ar2c.credit_exposure AS
SELECT c.company_id, c.customer_id, c.customer_number, c.name AS customer_name, c.currency::text AS currency,
       ar2c.amount(c.credit_limit) AS credit_limit,
       ar2c.amount(e.exposure) AS exposure,
       ar2c.amount(c.credit_limit) - ar2c.amount(e.exposure) AS available_credit,
       ar2c.amount(ar2c.visible_suggested_limit(c.customer_id, ar2c.aging_date())) AS suggested_limit,
       c.credit_grade, c.credit_score, c.credit_scored_on AS scored_on,
       p.prepayment_share, coalesce(p.order_hold, false) AS order_hold,
       h.as_of AS last_change_on, h.reason AS last_change_reason
FROM ar2c.customer c
CROSS JOIN LATERAL (SELECT ar2c.visible_exposure(c.customer_id) AS exposure) e
LEFT JOIN ar2c.credit_grade_policy p ON p.company_id = c.company_id AND p.grade = c.credit_grade
LEFT JOIN LATERAL (
    SELECT x.as_of, x.reason FROM ar2c.credit_history x
    WHERE x.customer_id = c.customer_id
    ORDER BY x.history_id DESC LIMIT 1
) h ON true
WHERE c.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.credit_exposure IS 'per customer: credit limit, exposure and what is left, suggested limit, grade and score, the grade policy, and the last credit change with its reason';
COMMENT ON COLUMN ar2c.credit_exposure.company_id IS 'the company';
COMMENT ON COLUMN ar2c.credit_exposure.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.credit_exposure.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.credit_exposure.customer_name IS 'the customer''s name';
COMMENT ON COLUMN ar2c.credit_exposure.currency IS 'billing currency (ISO 4217) of the amounts';
COMMENT ON COLUMN ar2c.credit_exposure.credit_limit IS 'credit limit; NULL for none';
COMMENT ON COLUMN ar2c.credit_exposure.exposure IS 'used: open invoices plus open orders, all currencies converted to the billing currency';
COMMENT ON COLUMN ar2c.credit_exposure.available_credit IS 'credit limit less exposure; NULL without a limit';
COMMENT ON COLUMN ar2c.credit_exposure.suggested_limit IS 'ar2c.suggested_limit() as of the aging date; NULL without sales in the last 12 months';
COMMENT ON COLUMN ar2c.credit_exposure.credit_grade IS 'credit grade A to D';
COMMENT ON COLUMN ar2c.credit_exposure.credit_score IS 'credit score 0 to 1000';
COMMENT ON COLUMN ar2c.credit_exposure.scored_on IS 'as-of date of the last rescore';
COMMENT ON COLUMN ar2c.credit_exposure.prepayment_share IS 'share of an order to be prepaid under the grade policy; NULL without a policy';
COMMENT ON COLUMN ar2c.credit_exposure.order_hold IS 'the grade policy holds every order';
COMMENT ON COLUMN ar2c.credit_exposure.last_change_on IS 'as-of date of the last change of score, grade or limit';
COMMENT ON COLUMN ar2c.credit_exposure.last_change_reason IS 'its reason';

-- Row-level security by company, as for the ledger (46_security.sql)

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['credit_score_weight', 'credit_grade_band', 'credit_grade_policy',
                             'credit_limit_rule', 'credit_history']
    LOOP
        PERFORM ar2c.scope_by_company(t);
    END LOOP;
END
$$;

-- Rescoring writes customers and history: not for everyone
REVOKE EXECUTE ON FUNCTION ar2c.rescore(bigint, date, integer) FROM PUBLIC;

-- user data survives pg_dump / pg_restore
SELECT pg_catalog.pg_extension_config_dump('ar2c.credit_score_weight', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.credit_grade_band', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.credit_grade_policy', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.credit_limit_rule', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.credit_history', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.credit_limit_rule_rule_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.credit_history_history_id_seq', '');
