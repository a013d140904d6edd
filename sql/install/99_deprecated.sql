-- The old forms of the functions brought in line with doc/conventions.md
-- in 0.1, kept for one version: each a thin function that calls its
-- replacement with the arguments reordered, and says so in its comment
-- (no WARNING, which would fill the reports it runs in). They are removed
-- after 0.1 with this file.
--
-- Each keeps the old arguments' names but its first, the date: a call
-- that names as_of means the same in the old order and the new and finds
-- the new function only, and a call that gives the date by position and
-- the rest by name (rescore('2026-06-30', company_id => 70)) still finds
-- the old one. The first argument is a date where the replacement's is a
-- company, and the replacement takes both without defaults while the
-- wrapper exists, so a positional call of either form finds one function
-- (doc/conventions.md, Deprecated in 0.1).

CREATE FUNCTION ar2c.open_items_as_of(date, company bigint DEFAULT NULL, customers bigint[] DEFAULT NULL,
    OUT company_id bigint, OUT customer_id bigint, OUT invoice_id bigint, OUT invoice_number text,
    OUT issue_date date, OUT due_date date, OUT open_amount ar2c.money_cur,
    OUT reporting_currency ar2c.currency, OUT reporting_amount ar2c.money_cur, OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT * FROM ar2c.open_items_as_of($2, $1, $3);
END;
COMMENT ON FUNCTION ar2c.open_items_as_of(date, bigint, bigint[]) IS
    'deprecated: use ar2c.open_items_as_of(company_id, as_of, customers); removed after 0.1';

CREATE FUNCTION ar2c.aging_as_of(date, company_id bigint DEFAULT NULL, customers bigint[] DEFAULT NULL,
    OUT company_id bigint, OUT customer_id bigint, OUT invoice_id bigint, OUT invoice_number text,
    OUT issue_date date, OUT due_date date, OUT open_amount ar2c.money_cur,
    OUT aging_bucket ar2c.aging_bucket, OUT bucket_order integer,
    OUT reporting_currency ar2c.currency, OUT reporting_amount ar2c.money_cur, OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT * FROM ar2c.aging_as_of($2, $1, $3);
END;
COMMENT ON FUNCTION ar2c.aging_as_of(date, bigint, bigint[]) IS
    'deprecated: use ar2c.aging_as_of(company_id, as_of, customers); removed after 0.1';

CREATE FUNCTION ar2c.provision(date, company_id bigint DEFAULT NULL,
    OUT company_id bigint, OUT customer_id bigint, OUT currency text, OUT aging_bucket text, OUT bucket_order integer,
    OUT open_amount numeric, OUT loss_rate numeric, OUT allowance numeric,
    OUT reporting_currency text, OUT reporting_open_amount numeric, OUT reporting_allowance numeric, OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT * FROM ar2c.provision($2, $1);
END;
COMMENT ON FUNCTION ar2c.provision(date, bigint) IS
    'deprecated: use ar2c.provision(company_id, as_of); removed after 0.1';

CREATE FUNCTION ar2c.dunning_candidates(date, company_id bigint DEFAULT NULL)
    RETURNS TABLE (company_id bigint, customer_id bigint, currency ar2c.currency, policy_id bigint, level integer,
                   previous_level integer, channel text, address text, language text, promise_broken boolean,
                   invoice_ids bigint[], days_overdue integer[], open_amounts ar2c.money_cur[],
                   interest_from date[], interest_amounts ar2c.money_cur[], annual_rate numeric,
                   principal ar2c.money_cur, fee ar2c.money_cur, interest ar2c.money_cur, total ar2c.money_cur,
                   subject text, body text)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT * FROM ar2c.dunning_candidates($2, $1);
END;
COMMENT ON FUNCTION ar2c.dunning_candidates(date, bigint) IS
    'deprecated: use ar2c.dunning_candidates(company_id, as_of); removed after 0.1';

CREATE FUNCTION ar2c.run_dunning(date DEFAULT current_date, company bigint DEFAULT NULL,
        OUT company_id bigint, OUT run_date date, OUT notices bigint, OUT items bigint, OUT charges bigint,
        OUT promises_kept bigint, OUT promises_broken bigint, OUT alerts bigint)
    RETURNS SETOF record
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT * FROM ar2c.run_dunning($2, $1);
END;
COMMENT ON FUNCTION ar2c.run_dunning(date, bigint) IS
    'deprecated: use ar2c.run_dunning(company_id, as_of); removed after 0.1';
REVOKE EXECUTE ON FUNCTION ar2c.run_dunning(date, bigint) FROM PUBLIC;

CREATE FUNCTION ar2c.payment_history_as_of(date)
    RETURNS TABLE (company_id bigint, customer_id bigint, invoice_id bigint, invoice_number text,
                   issue_date date, due_date date, paid_date date, amount ar2c.money_cur,
                   days_late integer, disputed boolean, written_off boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT * FROM ar2c.payment_history_as_of(NULL::bigint, $1);
END;
COMMENT ON FUNCTION ar2c.payment_history_as_of(date) IS
    'deprecated: use ar2c.payment_history_as_of(company_id, as_of); removed after 0.1';

CREATE FUNCTION ar2c.credit_scores(date, lookback_months integer DEFAULT 24)
    RETURNS TABLE (company_id bigint, customer_id bigint, behaviour ar2c.payment_behaviour,
                   disputed_share numeric, written_off_share numeric, years_trading numeric,
                   result ar2c.credit_score_result)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT * FROM ar2c.credit_scores(NULL::bigint, $1, $2);
END;
COMMENT ON FUNCTION ar2c.credit_scores(date, integer) IS
    'deprecated: use ar2c.credit_scores(company_id, as_of, lookback_months); removed after 0.1';

CREATE FUNCTION ar2c.rescore_preview(date DEFAULT current_date, lookback_months integer DEFAULT 24,
    company_id bigint DEFAULT NULL)
    RETURNS TABLE (customer_id bigint, customer_number text, old_score integer, new_score integer,
                   old_grade text, new_grade text, old_limit ar2c.money_cur, new_limit ar2c.money_cur,
                   old_terms integer, new_terms integer, rule_id bigint, reason text)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT * FROM ar2c.rescore_preview($3, $1, $2);
END;
COMMENT ON FUNCTION ar2c.rescore_preview(date, integer, bigint) IS
    'deprecated: use ar2c.rescore_preview(company_id, as_of, lookback_months); removed after 0.1';

CREATE FUNCTION ar2c.rescore(date DEFAULT current_date, lookback_months integer DEFAULT 24, company_id bigint DEFAULT NULL,
    OUT customers_scored bigint, OUT scores_changed bigint, OUT grades_changed bigint, OUT limits_changed bigint)
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT * FROM ar2c.rescore($3, $1, $2);
END;
COMMENT ON FUNCTION ar2c.rescore(date, integer, bigint) IS
    'deprecated: use ar2c.rescore(company_id, as_of, lookback_months); removed after 0.1';
REVOKE EXECUTE ON FUNCTION ar2c.rescore(date, integer, bigint) FROM PUBLIC;

CREATE FUNCTION ar2c.rebuild_aging(date DEFAULT NULL, company_id bigint DEFAULT NULL) RETURNS bigint
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT ar2c.rebuild_aging($2, $1);
END;
COMMENT ON FUNCTION ar2c.rebuild_aging(date, bigint) IS
    'deprecated: use ar2c.rebuild_aging(company_id, as_of); removed after 0.1';
REVOKE EXECUTE ON FUNCTION ar2c.rebuild_aging(date, bigint) FROM PUBLIC;
