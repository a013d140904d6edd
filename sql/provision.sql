-- Provision matrix, allowance and write-offs, worked by hand
SET search_path = public, ar2c;
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
DROP ROLE IF EXISTS regress_ar2c_controller, regress_ar2c_clerk;
SELECT count(*) > 0 AS roles_granted FROM create_roles();
CREATE ROLE regress_ar2c_controller IN ROLE ar2c_admin;
CREATE ROLE regress_ar2c_clerk IN ROLE ar2c_clerk;
RESET client_min_messages;
SELECT aging_date FROM roll_aging('2026-06-30');

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (101, 1, 'C-101', 'Beta AG', 'EUR'), (102, 1, 'C-102', 'Gamma SARL', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 101, 1, 'INV-1', '2026-06-15', '2026-07-15', '10000.00 EUR'),  -- not due
  (1, 101, 2, 'INV-2', '2026-05-20', '2026-06-19', '4000.00 EUR'),   -- 11 days: 1-30
  (1, 101, 3, 'INV-3', '2026-04-20', '2026-05-20', '2000.00 EUR'),   -- 41 days: 31-60
  (1, 101, 4, 'INV-4', '2026-01-10', '2026-02-09', '1000.00 EUR'),   -- 141 days: over 120
  (1, 102, 5, 'INV-5', '2026-03-20', '2026-04-19', '333.33 EUR');    -- 72 days: 61-90

-- the matrix, set by hand
INSERT INTO provision_rate (company_id, aging_bucket, loss_rate) VALUES
  (1, 'not due', 0.005), (1, '1-30', 0.02), (1, '31-60', 0.05), (1, '61-90', 0.15), (1, '91-120', 0.4), (1, 'over 120', 1);
-- customer 101: 10,000 * 0.5% + 4,000 * 2% + 2,000 * 5% + 1,000 * 100% = 50 + 80 + 100 + 1,000 = 1,230.00
-- customer 102: 333.33 * 15% = 49.9995, rounded half-even to the cent: 50.00
SELECT * FROM provision(NULL, date '2026-06-30');
SELECT customer_id, sum(allowance) FROM provision(1, '2026-06-30') GROUP BY customer_id ORDER BY 1;
-- on 31 March, INV-4 (due 9 February) was 50 days past due and INV-5 not
-- yet due: 1,000 * 5% + 333.33 * 0.5% (1.66665, rounded to 1.67)
SELECT customer_id, aging_bucket, open_amount, loss_rate, allowance FROM provision(NULL, date '2026-03-31');

-- write-offs: up to 500.00 EUR a clerk alone, above that with an approval
-- that a member of ar2c_admin gave beforehand
INSERT INTO write_off_policy (company_id, currency, approval_threshold) VALUES (1, 'EUR', '500.00 EUR');
INSERT INTO company_access (role_name, company_id) VALUES ('regress_ar2c_clerk', 1);
SET ROLE regress_ar2c_controller;
SELECT approve_write_off(4, '1000.00 EUR') AS approval_id;
SET ROLE regress_ar2c_clerk;
SELECT write_off(5, '333.33 EUR', 'customer insolvent', applied_on => '2026-06-30') AS application_id;
SELECT write_off(4, '1000.00 EUR', 'uncollectible after legal action', applied_on => '2026-06-30') AS application_id;
RESET ROLE;
SELECT invoice_id, amount, kind, applied_on, applied_by, reason FROM application ORDER BY application_id;
SELECT approval_id, invoice_id, amount, approved_by, application_id, requested_by FROM write_off_approval;
SELECT invoice_number, status, open_amount FROM invoice WHERE invoice_id IN (4, 5) ORDER BY 1;
-- the allowance falls by what was written off (1,000.00 and 50.00); as of 29 June it is unchanged
SELECT (SELECT sum(allowance) FROM provision(NULL, date '2026-06-30')) AS on_30_june,
       (SELECT sum(allowance) FROM provision(NULL, date '2026-06-29')) AS on_29_june;

-- rates derived from the roll rates, in a second company with buckets
-- not due, 1-30 and over 30:
--   INV-X 1,000, due 15 May: not due at the end of April, 1-30 at the end of May;
--         500 paid on 10 June, so 500 over 30 at the end of June
--   INV-Y 2,000, due 9 June: not due at the end of May;
--         1,000 paid on 5 June, so 1,000 in 1-30 at the end of June
-- roll rates: May  not due -> 1-30 = 1,000 / 1,000 = 1
--             June not due -> 1-30 = 1,000 / 2,000 = 0.5; 1-30 -> over 30 = 500 / 1,000 = 0.5
-- averages: not due -> 1-30 0.75; 1-30 -> over 30 0.5 (May had nothing in 1-30)
-- loss rates, the last bucket taken as 80% lost: over 30 0.8; 1-30 0.5 * 0.8 = 0.4;
-- not due 0.75 * 0.5 * 0.8 = 0.3
INSERT INTO company (company_id, name, functional_currency, aging_boundaries) VALUES (2, 'Acme Ltd', 'GBP', '{30}');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (201, 2, 'C-201', 'Delta Ltd', 'GBP');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (2, 201, 11, 'INV-X', '2026-04-15', '2026-05-15', '1000.00 GBP'),
  (2, 201, 12, 'INV-Y', '2026-05-10', '2026-06-09', '2000.00 GBP');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES
  (2, 11, 201, '2026-06-10', '500.00 GBP'), (2, 12, 201, '2026-06-05', '1000.00 GBP');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_on) VALUES
  (201, 11, 11, '500.00 GBP', 'manual', '2026-06-10'), (201, 12, 12, '1000.00 GBP', 'manual', '2026-06-05');
SELECT * FROM derive_provision_rates(2, '2026-06-30', months => 2, last_bucket_loss => 0.8);
SELECT aging_bucket, loss_rate, derived_from FROM provision_rate WHERE company_id = 2 ORDER BY aging_bucket;
-- 500 over 30 * 0.8 + 1,000 in 1-30 * 0.4 = 800.00
SELECT aging_bucket, open_amount, allowance FROM provision(2, '2026-06-30');

SET client_min_messages = warning;
DROP OWNED BY regress_ar2c_controller, regress_ar2c_clerk;
DROP ROLE regress_ar2c_controller, regress_ar2c_clerk;
