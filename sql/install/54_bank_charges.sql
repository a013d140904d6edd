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

-- a candidate customer's bank charges, looked up once per run
CREATE INDEX application_bank_charge ON ar2c.application (customer_id) WHERE kind = 'bank_charge';

SELECT ar2c.scope_by_company('bank_charge_schedule');
