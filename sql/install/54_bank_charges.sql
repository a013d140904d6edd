-- Bank charges: what the payer's and intermediary banks deduct on the way
-- (SHA and BEN transfers). A payment short by an accepted charge settles
-- its invoices in full, and the charge is booked as an application of kind
-- bank_charge: neither left open on the invoice nor hidden in a write-off
-- (which would count against the customer's credit score).
--
-- Accepted are: a shortfall within the fee tolerance (fee_share of the
-- amount, at most fee_max_units: ar2c.cash_application_setting); a flat
-- charge of the company's schedule in the payment's currency, or two of
-- them together (two banks), up to the schedule's cap; and a customer's
-- usual deduction, an amount up to the cap already booked as a bank charge
-- of that customer (a person confirmed it once, or the schedule took it).

CREATE TABLE ar2c.bank_charge_schedule (
    company_id bigint NOT NULL REFERENCES ar2c.company,
    currency   ar2c.currency NOT NULL,
    charges    numeric[] NOT NULL,
    cap        numeric NOT NULL,
    PRIMARY KEY (company_id, currency),
    CONSTRAINT bank_charge_schedule_cap CHECK (cap > 0),
    CONSTRAINT bank_charge_schedule_charges
        CHECK (cardinality(charges) BETWEEN 1 AND 20 AND array_position(charges, NULL) IS NULL
               AND 0 < ALL (charges) AND cap >= ALL (charges))
);
COMMENT ON TABLE ar2c.bank_charge_schedule IS 'the flat bank charges a company accepts as deducted from payments, per currency (ar2c.default_bank_charges() applies to currencies without a row)';
COMMENT ON COLUMN ar2c.bank_charge_schedule.company_id IS 'the company';
COMMENT ON COLUMN ar2c.bank_charge_schedule.currency IS 'the currency of the payments they are deducted from';
COMMENT ON COLUMN ar2c.bank_charge_schedule.charges IS 'flat amounts one bank deducts, in the currency (7.50, 15, 25 ...): one of them, or two together, is accepted';
COMMENT ON COLUMN ar2c.bank_charge_schedule.cap IS 'most a payment may be short by as charges, in the currency: two charges together and a customer''s usual deduction stop here';
SELECT pg_catalog.pg_extension_config_dump('ar2c.bank_charge_schedule', '');

-- What an intermediary and a receiving bank commonly deduct (published
-- tariffs of correspondent banks: EUR and USD 5 to 40, GBP 5 to 25, CNY
-- cable and handling fees 50 to 200), for currencies a company has not
-- scheduled itself; the cap lets two banks' charges through
CREATE FUNCTION ar2c.default_bank_charges() RETURNS TABLE (currency ar2c.currency, charges numeric[], cap numeric)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT v.currency::ar2c.currency, v.charges, v.cap
    FROM (VALUES ('EUR', '{5,7.50,10,12.50,15,17.50,20,25,30,35}'::numeric[], 60::numeric),
                 ('USD', '{5,10,12,15,18,20,25,30,35,40}', 80),
                 ('GBP', '{5,6,7,8,10,12,15,20,25}', 50),
                 ('CHF', '{5,7.50,10,15,20,25,30}', 60),
                 ('CNY', '{50,80,100,120,150,200}', 300),
                 ('JPY', '{1000,1500,2000,2500,3000,4000,5000}', 6000),
                 ('HKD', '{50,80,100,150,200}', 300),
                 ('SGD', '{10,15,20,25,30}', 40),
                 ('CAD', '{10,15,20,25,30}', 40),
                 ('AUD', '{10,15,20,25,30}', 40),
                 ('SEK', '{50,75,100,150,200}', 250),
                 ('NOK', '{50,75,100,150,200}', 250),
                 ('DKK', '{35,50,75,100,150}', 200),
                 ('PLN', '{20,25,30,40,50,75,100}', 150)) v(currency, charges, cap);
END;
COMMENT ON FUNCTION ar2c.default_bank_charges() IS 'the flat bank charges accepted in a currency a company has no ar2c.bank_charge_schedule row for';

-- The charges in force for a company: its schedule, else the defaults
CREATE FUNCTION ar2c.bank_charges(company_id bigint) RETURNS TABLE (currency ar2c.currency, charges numeric[], cap numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT s.currency, s.charges, s.cap FROM ar2c.bank_charge_schedule s WHERE s.company_id = bank_charges.company_id
    UNION ALL
    SELECT d.currency, d.charges, d.cap FROM ar2c.default_bank_charges() d
    WHERE NOT EXISTS (SELECT 1 FROM ar2c.bank_charge_schedule s
                      WHERE s.company_id = bank_charges.company_id AND s.currency OPERATOR(ar2c.=) d.currency);
END;
COMMENT ON FUNCTION ar2c.bank_charges(bigint) IS 'the flat bank charges and the cap in force for a company, per currency: its ar2c.bank_charge_schedule, else ar2c.default_bank_charges()';

-- Every shortfall a company accepts as charges without a person, in minor
-- units: one flat charge, two together up to the cap, and (customer_id
-- not 0) each customer's earlier bank charges up to the cap, for the
-- customers given
CREATE FUNCTION ar2c.accepted_bank_charges(company_id bigint, customer_ids bigint[] DEFAULT '{}')
    RETURNS TABLE (customer_id bigint, currency ar2c.currency, units bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH b AS (SELECT b.currency, ar2c.minor_units_value(ar2c.money_cur(b.cap, b.currency)) AS cap,
                      ARRAY(SELECT DISTINCT ar2c.minor_units_value(ar2c.money_cur(c, b.currency)) FROM unnest(b.charges) c) AS units
               FROM ar2c.bank_charges(accepted_bank_charges.company_id) b)
    SELECT DISTINCT 0::bigint, b.currency, u.units
    FROM b CROSS JOIN LATERAL (SELECT x AS units FROM unnest(b.units) x
                               UNION
                               SELECT x + y FROM unnest(b.units) x, unnest(b.units) y WHERE x <= y AND x + y <= b.cap) u
    UNION
    SELECT a.customer_id, ar2c.currency(a.amount), ar2c.minor_units_value(a.amount)
    FROM ar2c.application a
    JOIN b ON b.currency OPERATOR(ar2c.=) ar2c.currency(a.amount)
    WHERE a.company_id = accepted_bank_charges.company_id AND a.customer_id = ANY (accepted_bank_charges.customer_ids)
      AND a.kind = 'bank_charge' AND ar2c.minor_units_value(a.amount) <= b.cap;
END;
COMMENT ON FUNCTION ar2c.accepted_bank_charges(bigint, bigint[]) IS 'the shortfalls (minor units, per currency) a company accepts as bank charges without a person: each flat charge of ar2c.bank_charges(), two together up to the cap, and for the customers given (customer_id not 0) the bank charges already booked on them up to the cap';

-- Whether a shortfall is bank charges: the rule of the allocation in C
-- (core/cash_allocate.c), the one place it is decided; the matcher calls
-- it inside ar2c.cash_allocate_run, confirm_match through
-- ar2c.bank_charge_accepted below, so they cannot disagree
CREATE FUNCTION ar2c.cash_charge_accepted(customer_id bigint, currency ar2c.currency, base_units bigint, shortfall_units bigint,
                                          fee_share numeric, fee_max_units bigint, charge_customers bigint[],
                                          charge_currencies ar2c.currency[], charge_units bigint[])
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'cash_charge_accepted_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.cash_charge_accepted(bigint, ar2c.currency, bigint, bigint, numeric, bigint, bigint[], ar2c.currency[], bigint[])
    IS 'whether a customer''s payment short of base units (minor units of the currency) by shortfall units is bank charges, as cash application decides it: within the fee tolerance (fee_share of base, at most fee_max_units), or one of the accepted charges (charge_*: one element per charge, customer 0 for any customer, as ar2c.accepted_bank_charges gives them)';

-- The same for a company's payment: its settings, schedule and the
-- customer's usual deductions (a customer NULL has none)
CREATE FUNCTION ar2c.bank_charge_accepted(company_id bigint, customer_id bigint, invoiced ar2c.money_cur, shortfall ar2c.money_cur)
    RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF ar2c.currency(invoiced) OPERATOR(ar2c.<>) ar2c.currency(shortfall) THEN
        RAISE EXCEPTION 'shortfall % is not in the currency of the invoiced %', shortfall, invoiced
            USING ERRCODE = 'datatype_mismatch', HINT = 'Give the shortfall in the invoices'' currency.';
    END IF;
    RETURN (SELECT ar2c.cash_charge_accepted(coalesce($2, 0), ar2c.currency(invoiced), ar2c.minor_units_value(invoiced),
                                             ar2c.minor_units_value(shortfall), s.fee_share, s.fee_max_units,
                                             b.customers, b.currencies, b.units)
            FROM ar2c.cash_setting($1) s
            CROSS JOIN (SELECT coalesce(array_agg(a.customer_id), '{}') AS customers,
                               coalesce(array_agg(a.currency), '{}') AS currencies, coalesce(array_agg(a.units), '{}') AS units
                        FROM ar2c.accepted_bank_charges($1, ARRAY[$2]) a) b);
END
$$;
COMMENT ON FUNCTION ar2c.bank_charge_accepted(bigint, bigint, ar2c.money_cur, ar2c.money_cur)
    IS 'whether a payment of a company''s customer short of the invoiced amount by shortfall is bank charges, by the rule apply_cash applies (ar2c.cash_charge_accepted with the company''s cash_setting and ar2c.accepted_bank_charges): within the fee tolerance, a flat charge of the schedule or two up to its cap, or the customer''s usual deduction; what confirm_match books as bank_charge rather than write_off';

-- a candidate customer's bank charges, looked up once per run
CREATE INDEX application_bank_charge ON ar2c.application (customer_id) WHERE kind = 'bank_charge';

SELECT ar2c.scope_by_company('bank_charge_schedule');
