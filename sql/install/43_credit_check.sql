-- Orders: credit exposure and the credit check.

CREATE FUNCTION ar2c.customer_exposure(customer_id bigint) RETURNS ar2c.money_cur
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- read once, before the query: on Citus the query runs on the
    -- customer's shard, which cannot read the coordinator's tables
    rate_date date := ar2c.aging_date();
    exposure ar2c.money_cur;
BEGIN
    -- open invoices (maintained balance) plus open orders (read from the
    -- orders, so that orders earlier in the same statement count), in the
    -- customer's currency; other currencies are converted at the rate in
    -- force on the aging date. PL/pgSQL, not SQL: Citus plans a SQL
    -- function's parameters in no distributed query.
    WITH owed AS (
        SELECT b.currency, b.open_amount AS units FROM ar2c.customer_balance_total b
        WHERE b.customer_id OPERATOR(pg_catalog.=) customer_exposure.customer_id
        UNION ALL
        SELECT ar2c.currency(o.amount),
               greatest(ar2c.minor_units_value(o.amount) - ar2c.minor_units_value(o.invoiced_amount), 0)
        FROM ar2c.sales_order o
        WHERE o.customer_id OPERATOR(pg_catalog.=) customer_exposure.customer_id AND o.status IN ('open', 'released')
    ), by_currency AS (
        SELECT currency, ar2c.money_cur_units(sum(units)::bigint, currency) AS m FROM owed GROUP BY currency
    )
    SELECT coalesce(ar2c.sum(CASE WHEN x.currency OPERATOR(ar2c.=) c.currency THEN x.m
                                  ELSE ar2c.convert(x.m, c.currency, rate_date) END),
                    ar2c.money_cur_units(0, c.currency))
    INTO exposure
    FROM ar2c.customer c LEFT JOIN by_currency x ON true
    WHERE c.customer_id OPERATOR(pg_catalog.=) customer_exposure.customer_id
    GROUP BY c.currency;
    RETURN exposure;
END
$$;
COMMENT ON FUNCTION ar2c.customer_exposure(bigint) IS 'what a customer owes or has on order: open invoices plus open orders, in the customer''s currency';

-- sales_order: invoiced amount and status, and the credit check when an
-- order would be released to the business

CREATE FUNCTION ar2c.sales_order_maintain() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cust record;
    grade_policy record;
    held_by_grade boolean;
    prepayment text := '';
    exposure ar2c.money_cur;
    added ar2c.money_cur;
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.invoiced_amount := ar2c.money_cur_units(0, ar2c.currency(NEW.amount));
        IF NEW.status NOT IN ('open', 'credit_hold', 'cancelled') THEN
            RAISE EXCEPTION 'a new order cannot have status %', NEW.status
                USING ERRCODE = 'check_violation', HINT = 'Insert it as open; ar2c checks credit and holds it if needed.';
        END IF;
    ELSIF ar2c.currency(NEW.amount) OPERATOR(ar2c.<>) ar2c.currency(OLD.amount) THEN
        IF ar2c.minor_units_value(OLD.invoiced_amount) <> 0 THEN
            RAISE EXCEPTION 'cannot change the currency of an order that has invoices' USING ERRCODE = 'check_violation';
        END IF;
        NEW.invoiced_amount := ar2c.money_cur_units(0, ar2c.currency(NEW.amount));
    END IF;

    -- an invoiced order that grows (an upsert sent again with more) is
    -- open again for the growth, and checked as an open order is
    IF TG_OP = 'UPDATE' AND OLD.status = 'invoiced' AND NEW.status = 'invoiced'
       AND NEW.amount OPERATOR(ar2c.>) NEW.invoiced_amount THEN
        NEW.status := 'open';
    END IF;

    -- the credit check: for a new open order, or an open order that grows.
    -- An INSERT whose order number the customer already has is left to
    -- the UPDATE of its ON CONFLICT (or to the unique key's error): PostgreSQL
    -- fires this trigger for the proposed row before it finds the conflict.
    IF NEW.status = 'open' AND (TG_OP = 'INSERT' OR OLD.status <> 'open' OR NEW.amount OPERATOR(ar2c.>) OLD.amount)
       AND NOT (TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM ar2c.sales_order o
                                             WHERE o.customer_id = NEW.customer_id AND o.order_number = NEW.order_number)) THEN
        -- one credit check at a time per customer
        SELECT c.credit_limit, c.currency, c.name, c.credit_grade, co.order_credit_policy AS policy INTO cust
        FROM ar2c.customer c JOIN ar2c.company co ON co.company_id = c.company_id
        WHERE c.customer_id = NEW.customer_id
        FOR UPDATE OF c;
        -- and mark the row changed: under REPEATABLE READ a second check
        -- that locked it after this one commits fails with 40001 instead of
        -- passing on an exposure that misses this order
        UPDATE ar2c.customer c SET credit_limit = c.credit_limit WHERE c.customer_id = NEW.customer_id;
        -- the policy of the customer's grade, if the company set one
        -- (ar2c.credit_grade_policy, 70_credit.sql): it may hold every
        -- order of the grade, whatever the limit, and ask for prepayment
        SELECT p.order_hold, p.prepayment_share INTO grade_policy
        FROM ar2c.credit_grade_policy p
        WHERE p.company_id = NEW.company_id AND p.grade = cust.credit_grade;
        held_by_grade := coalesce(grade_policy.order_hold, false);
        IF cust.policy <> 'off' AND (cust.credit_limit IS NOT NULL OR held_by_grade) THEN
            -- what the order adds to the exposure: its uninvoiced amount,
            -- or the growth of an order that already counted as open
            added := NEW.amount OPERATOR(ar2c.-) NEW.invoiced_amount;
            IF TG_OP = 'UPDATE' AND OLD.status = 'open' THEN
                added := NEW.amount OPERATOR(ar2c.-) OLD.amount;
            END IF;
            IF ar2c.currency(added) OPERATOR(ar2c.<>) cust.currency THEN
                added := ar2c.convert(added, cust.currency, ar2c.aging_date());
            END IF;
            exposure := ar2c.customer_exposure(NEW.customer_id) OPERATOR(ar2c.+) added;
            IF grade_policy.prepayment_share > 0 THEN
                prepayment := format('; grade %s requires prepayment of %s%% (%s)', cust.credit_grade,
                                     trim_scale(grade_policy.prepayment_share * 100),
                                     NEW.amount OPERATOR(ar2c.*) grade_policy.prepayment_share);
            END IF;
            IF held_by_grade THEN
                NEW.status := 'credit_hold';
                NEW.hold_reason := format('grade %s: the company holds every order of this grade', cust.credit_grade)
                                   || prepayment;
                INSERT INTO ar2c.alert (company_id, customer_id, kind, severity, subject_table, subject_id, message, details)
                VALUES (NEW.company_id, NEW.customer_id, 'credit_grade', 'warning', 'sales_order', NEW.order_id,
                        format('order %s of %s held: the grade %s policy holds every order', NEW.order_number, cust.name,
                               cust.credit_grade) || prepayment,
                        jsonb_build_object('order_amount', ar2c.amount(NEW.amount), 'exposure', ar2c.amount(exposure),
                                           'credit_limit', ar2c.amount(cust.credit_limit), 'currency', cust.currency::text,
                                           'grade', cust.credit_grade, 'prepayment_share', grade_policy.prepayment_share));
            ELSIF cust.credit_limit IS NOT NULL AND exposure OPERATOR(ar2c.>) cust.credit_limit THEN
                IF cust.policy = 'refuse' THEN
                    RAISE EXCEPTION 'order % would bring the exposure of customer % to %, over its credit limit %',
                          NEW.order_number, cust.name, exposure, cust.credit_limit
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'credit_limit',
                              HINT = 'Lower the order, collect open invoices, or raise the credit limit.';
                END IF;
                NEW.status := 'credit_hold';
                NEW.hold_reason := format('exposure %s would pass the credit limit %s', exposure, cust.credit_limit)
                                   || prepayment;
                INSERT INTO ar2c.alert (company_id, customer_id, kind, severity, subject_table, subject_id, message, details)
                VALUES (NEW.company_id, NEW.customer_id, 'credit_limit', 'warning', 'sales_order', NEW.order_id,
                        format('order %s of %s held: exposure %s would pass the credit limit %s',
                               NEW.order_number, cust.name, exposure, cust.credit_limit),
                        jsonb_build_object('order_amount', ar2c.amount(NEW.amount), 'exposure', ar2c.amount(exposure),
                                           'credit_limit', ar2c.amount(cust.credit_limit), 'currency', cust.currency::text));
            END IF;
        END IF;
    END IF;

    IF NEW.status IN ('open', 'released') AND NEW.invoiced_amount OPERATOR(ar2c.>=) NEW.amount THEN
        NEW.status := 'invoiced';
    ELSIF NEW.status = 'invoiced' AND NEW.invoiced_amount OPERATOR(ar2c.<) NEW.amount THEN
        NEW.status := 'released';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER sales_order_derived_guard BEFORE UPDATE ON ar2c.sales_order
    FOR EACH ROW WHEN (OLD.invoiced_amount IS DISTINCT FROM NEW.invoiced_amount)
    EXECUTE FUNCTION ar2c.derived_column_guard(
        'cannot set the invoiced amount of an order directly',
        'ar2c maintains invoiced_amount from the invoices raised against the order.',
        'Insert or change the order''s invoices instead.');
CREATE TRIGGER sales_order_maintain BEFORE INSERT OR UPDATE ON ar2c.sales_order
    FOR EACH ROW EXECUTE FUNCTION ar2c.sales_order_maintain();
COMMENT ON FUNCTION ar2c.sales_order_maintain() IS 'trigger: an order''s invoiced amount and status, and the credit check of a new or growing open order (hold or refuse over the limit)';

-- sales_order: open orders in the per-customer balance. An order counts
-- for its uninvoiced amount while it is open or released.

CREATE FUNCTION ar2c.sales_order_balance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    item constant text := $i$
        SELECT t.customer_id, t.company_id, ar2c.currency(t.amount) AS currency,
               %1$s * greatest(ar2c.minor_units_value(t.amount) - ar2c.minor_units_value(t.invoiced_amount), 0) AS units
        FROM %2$I t
        WHERE t.status IN ('open', 'released') $i$;
    changes text;
BEGIN
    changes := ar2c.transition_changes(item, TG_OP);
    EXECUTE format($q$
        INSERT INTO ar2c.customer_balance_total AS b (customer_id, company_id, currency, open_orders)
        SELECT customer_id, company_id, currency, sum(units)
        FROM (%s) changes
        GROUP BY customer_id, company_id, currency
        ON CONFLICT (customer_id, currency) DO UPDATE
        SET open_orders = b.open_orders + excluded.open_orders
        $q$, changes);
    RETURN NULL;
END
$$;
CREATE TRIGGER sales_order_balance_insert AFTER INSERT ON ar2c.sales_order
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.sales_order_balance();
CREATE TRIGGER sales_order_balance_update AFTER UPDATE ON ar2c.sales_order
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.sales_order_balance();
CREATE TRIGGER sales_order_balance_delete AFTER DELETE ON ar2c.sales_order
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.sales_order_balance();
COMMENT ON FUNCTION ar2c.sales_order_balance() IS 'trigger: once per statement, fold the uninvoiced amount of open and released orders into ar2c.customer_balance_total';
