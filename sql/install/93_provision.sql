-- Provision and write-off: an IFRS 9 style provision matrix (a loss rate
-- per aging bucket, set by hand or derived from the roll rates), the
-- allowance it gives by customer and bucket on any date, and write-offs
-- as applications with an approval threshold. See doc/provision.md.

CREATE TABLE ar2c.provision_rate (
    company_id   bigint NOT NULL REFERENCES ar2c.company,
    aging_bucket ar2c.aging_bucket NOT NULL,
    loss_rate    numeric NOT NULL,
    derived_from text,
    set_at       timestamptz NOT NULL DEFAULT now(),
    set_by       text NOT NULL DEFAULT current_user,
    PRIMARY KEY (company_id, aging_bucket),
    CONSTRAINT provision_rate_valid CHECK (loss_rate BETWEEN 0 AND 1)
);
COMMENT ON TABLE ar2c.provision_rate IS 'the provision matrix: the expected loss rate of each aging bucket of a company (a bucket without a row provisions nothing)';
COMMENT ON COLUMN ar2c.provision_rate.company_id IS 'the company';
COMMENT ON COLUMN ar2c.provision_rate.aging_bucket IS 'the aging bucket, one of the company''s buckets';
COMMENT ON COLUMN ar2c.provision_rate.loss_rate IS 'share of the bucket''s open amount expected to be lost, 0 to 1';
COMMENT ON COLUMN ar2c.provision_rate.derived_from IS 'how the rate was found: NULL when set by hand, else the roll rates it was derived from';
COMMENT ON COLUMN ar2c.provision_rate.set_at IS 'when the rate was set';
COMMENT ON COLUMN ar2c.provision_rate.set_by IS 'who set it';

CREATE TABLE ar2c.write_off_policy (
    company_id         bigint NOT NULL REFERENCES ar2c.company,
    currency           ar2c.currency NOT NULL,
    approval_threshold ar2c.money_cur NOT NULL,
    PRIMARY KEY (company_id, currency),
    CONSTRAINT write_off_policy_currency CHECK (ar2c.currency(approval_threshold) OPERATOR(ar2c.=) currency),
    CONSTRAINT write_off_policy_not_negative CHECK (ar2c.minor_units_value(approval_threshold) >= 0)
);
COMMENT ON TABLE ar2c.write_off_policy IS 'per company and currency: the largest write-off a clerk may make alone (without a row, every write-off needs an approver)';
COMMENT ON COLUMN ar2c.write_off_policy.company_id IS 'the company';
COMMENT ON COLUMN ar2c.write_off_policy.currency IS 'the currency of the invoices it applies to';
COMMENT ON COLUMN ar2c.write_off_policy.approval_threshold IS 'write-offs above this amount need an approver';

CREATE TABLE ar2c.write_off_approval (
    company_id     bigint NOT NULL,
    customer_id    bigint NOT NULL,
    application_id bigint NOT NULL,
    requested_by   text NOT NULL DEFAULT current_user,
    approved_by    text NOT NULL,
    approved_at    timestamptz NOT NULL DEFAULT now(),
    -- no foreign key to ar2c.application: a table referencing it would
    -- turn the refusal of TRUNCATE of the history (55000, by its trigger)
    -- into a foreign key error; write_off() writes both rows together
    PRIMARY KEY (customer_id, application_id)
);
COMMENT ON TABLE ar2c.write_off_approval IS 'who approved a write-off above the threshold, and who asked for it';
COMMENT ON COLUMN ar2c.write_off_approval.company_id IS 'the company';
COMMENT ON COLUMN ar2c.write_off_approval.customer_id IS 'the customer';
COMMENT ON COLUMN ar2c.write_off_approval.application_id IS 'the write-off application';
COMMENT ON COLUMN ar2c.write_off_approval.requested_by IS 'who wrote it off';
COMMENT ON COLUMN ar2c.write_off_approval.approved_by IS 'who approved it (another role)';
COMMENT ON COLUMN ar2c.write_off_approval.approved_at IS 'when';

-- The allowance: each open item at the date times its bucket's rate,
-- rounded to the currency's minor unit by ar2c.rounding, summed by
-- customer, currency and bucket.
CREATE FUNCTION ar2c.provision(as_of date, company_id bigint DEFAULT NULL,
    OUT company_id bigint, OUT customer_id bigint, OUT currency text, OUT aging_bucket text, OUT bucket_order integer,
    OUT open_amount numeric, OUT loss_rate numeric, OUT allowance numeric)
    RETURNS SETOF record
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.company_id, a.customer_id, ar2c.currency(a.open_amount)::text, a.aging_bucket::text, a.bucket_order,
           sum(ar2c.amount(a.open_amount)), coalesce(r.loss_rate, 0),
           sum(ar2c.amount(a.open_amount OPERATOR(ar2c.*) coalesce(r.loss_rate, 0)))
    FROM ar2c.aging_as_of($1, $2) a
    LEFT JOIN ar2c.provision_rate r ON r.company_id = a.company_id AND r.aging_bucket OPERATOR(ar2c.=) a.aging_bucket
    WHERE a.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]) AND $1 IS NOT NULL
    GROUP BY a.company_id, a.customer_id, ar2c.currency(a.open_amount), a.aging_bucket, a.bucket_order, r.loss_rate
    ORDER BY 1, 2, 3, 5
$$;
COMMENT ON FUNCTION ar2c.provision(date, bigint) IS
    'the loss allowance on a date by company, customer, currency and aging bucket: open amount (as of that date) times the bucket''s loss rate, each item rounded to the minor unit';

-- Loss rates from history (the roll-rate, or chain-ladder, method): the
-- average roll rate of each bucket into the next over the months before
-- as_of, and a bucket's loss rate is the product of its roll rates up to
-- the last bucket, whose items are taken as lost (last_bucket_loss).
CREATE FUNCTION ar2c.derive_provision_rates(company_id bigint, as_of date, months integer DEFAULT 12,
    last_bucket_loss numeric DEFAULT 1,
    OUT aging_bucket text, OUT average_roll_rate numeric, OUT loss_rate numeric)
    RETURNS SETOF record
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF months IS NULL OR months < 1 OR last_bucket_loss IS NULL OR last_bucket_loss NOT BETWEEN 0 AND 1 THEN
        RAISE EXCEPTION 'invalid derivation settings: % months, last bucket loss %', months, last_bucket_loss
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give 1 month or more and a loss rate of the last bucket between 0 and 1.';
    END IF;
    RETURN QUERY
    WITH rolls AS (
        SELECT r.from_bucket, avg(least(r.roll_rate, 1)) AS rate
        FROM ar2c.roll_rates(derive_provision_rates.company_id,
                             (date_trunc('month', derive_provision_rates.as_of) - make_interval(months => months - 1))::date,
                             derive_provision_rates.as_of) r
        -- a month whose bucket was empty has no rate and does not count
        WHERE r.from_bucket <> r.to_bucket AND r.roll_rate IS NOT NULL
        GROUP BY r.from_bucket
    ), buckets AS (
        SELECT k.ordinal, k.bucket, rolls.rate
        FROM ar2c.company c
        CROSS JOIN LATERAL ar2c.aging_buckets(c.aging_boundaries) k
        LEFT JOIN rolls ON rolls.from_bucket = k.bucket::text
        WHERE c.company_id = derive_provision_rates.company_id
    ), chained AS (
        -- the product of the roll rates from a bucket to the last, by logs
        -- (a zero rate anywhere on the way makes it zero)
        SELECT b.ordinal, b.bucket, b.rate,
               CASE WHEN bool_or(coalesce(l.rate, 0) = 0) FILTER (WHERE l.ordinal < (SELECT max(ordinal) FROM buckets))
                    THEN round(0, 6)
                    ELSE round(exp(coalesce(sum(ln(nullif(l.rate, 0))) FILTER (WHERE l.ordinal < (SELECT max(ordinal) FROM buckets)), 0))
                               * derive_provision_rates.last_bucket_loss, 6) END AS loss
        FROM buckets b JOIN buckets l ON l.ordinal >= b.ordinal
        GROUP BY b.ordinal, b.bucket, b.rate
    ), stored AS (
        INSERT INTO ar2c.provision_rate AS p (company_id, aging_bucket, loss_rate, derived_from)
        SELECT derive_provision_rates.company_id, c.bucket, least(c.loss, 1),
               format('roll rates of %s months to %s', months, derive_provision_rates.as_of)
        FROM chained c
        ON CONFLICT (company_id, aging_bucket) DO UPDATE
            SET loss_rate = excluded.loss_rate, derived_from = excluded.derived_from, set_at = now(), set_by = current_user
        RETURNING p.aging_bucket, p.loss_rate
    )
    SELECT c.bucket::text, round(c.rate, 4), s.loss_rate
    FROM chained c JOIN stored s ON s.aging_bucket OPERATOR(ar2c.=) c.bucket
    ORDER BY c.ordinal;
END
$$;
COMMENT ON FUNCTION ar2c.derive_provision_rates(bigint, date, integer, numeric) IS
    'set a company''s provision matrix from its history: each bucket''s loss rate is the product of the average monthly roll rates from it to the last bucket, times the loss rate of the last bucket';

CREATE FUNCTION ar2c.write_off(invoice_id bigint, amount ar2c.money_cur, reason text, approver text DEFAULT NULL,
    applied_on date DEFAULT current_date) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    inv record;
    threshold ar2c.money_cur;
    new_id bigint;
BEGIN
    IF nullif(btrim(reason), '') IS NULL THEN
        RAISE EXCEPTION 'a write-off needs a reason' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Say why, e.g. ''customer insolvent, claim filed''.';
    END IF;
    IF amount IS NULL OR applied_on IS NULL THEN
        RAISE EXCEPTION 'a write-off needs an amount and a date' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT i.company_id, i.customer_id, i.invoice_number, i.amount INTO inv
    FROM ar2c.invoice i WHERE i.invoice_id = write_off.invoice_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown invoice %', invoice_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT p.approval_threshold INTO threshold FROM ar2c.write_off_policy p
    WHERE p.company_id = inv.company_id AND p.currency OPERATOR(ar2c.=) ar2c.currency(amount);
    IF approver IS NULL AND (threshold IS NULL OR amount OPERATOR(ar2c.>) threshold) THEN
        RAISE EXCEPTION 'write-off of % on invoice % needs an approver', amount, inv.invoice_number
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = CASE WHEN threshold IS NULL
                                THEN format('Company %s has no write-off threshold in %s.', inv.company_id, ar2c.currency(amount))
                                ELSE format('The approval threshold is %s.', threshold) END,
                  HINT = 'Give approver => the role that approved it.';
    END IF;
    IF approver IS NOT NULL AND approver = current_user THEN
        RAISE EXCEPTION 'a write-off cannot be approved by the one who makes it (%)', approver
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF approver IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = approver) THEN
        RAISE EXCEPTION 'unknown approver "%"', approver USING ERRCODE = 'undefined_object',
            HINT = 'The approver is a database role.';
    END IF;
    -- the application trigger locks the customer and the invoice and
    -- refuses more than is open, or another currency
    INSERT INTO ar2c.application AS a (company_id, customer_id, invoice_id, amount, kind, applied_on, reason)
    VALUES (inv.company_id, inv.customer_id, invoice_id, amount, 'write_off', applied_on,
            reason || CASE WHEN approver IS NOT NULL THEN format(' (approved by %s)', approver) ELSE '' END)
    RETURNING a.application_id INTO new_id;
    IF approver IS NOT NULL THEN
        INSERT INTO ar2c.write_off_approval (company_id, customer_id, application_id, approved_by)
        VALUES (inv.company_id, inv.customer_id, new_id, approver);
    END IF;
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION ar2c.write_off(bigint, ar2c.money_cur, text, text, date) IS
    'write off part or all of an invoice (an application of kind write_off); above the company''s approval threshold it needs an approver, another role, who is recorded; returns the application_id';
