-- AR metrics, each worked by hand
SET search_path = public, ar2c;
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
RESET client_min_messages;
SELECT aging_date FROM roll_aging('2026-06-30');

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (101, 1, 'C-101', 'Beta AG', 'EUR'),
  (102, 1, 'C-102', 'Gamma SARL', 'EUR');
-- customer 101: sales of 70,000 in April, 80,000 in May, 100,000 in June;
-- 38,000 of April's invoice paid on 20 May, so 212,000 is open on 30 June
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 101, 1, 'INV-2026-04', '2026-04-15', '2026-05-15', '70000.00 EUR'),
  (1, 101, 2, 'INV-2026-05', '2026-05-15', '2026-06-14', '80000.00 EUR'),
  (1, 101, 3, 'INV-2026-06', '2026-06-15', '2026-07-15', '100000.00 EUR');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES (1, 1, 101, '2026-05-20', '38000.00 EUR');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_on)
VALUES (101, 1, 1, '38000.00 EUR', 'manual', '2026-05-20');

-- aging as of past days, rebuilt from the applications:
-- 19 May: April's 70,000 is 4 days past due (1-30), May's 80,000 not due
-- 31 May: April's is 32,000 after the payment, 16 days past due
-- 30 June: April's 46 days (31-60), May's 16 days (1-30), June's not due
SELECT d AS as_of, invoice_number, open_amount, aging_bucket, bucket_order
FROM unnest('{2026-04-30,2026-05-19,2026-05-31,2026-06-30}'::date[]) d, aging_as_of(1, d)
WHERE customer_id = 101 ORDER BY d, invoice_id;

-- Countback DSO on 30 June: 212,000 open.
--   June sales 100,000: all covered, 30 days; 112,000 left
--   May sales 80,000: all covered, 30 days (textbook) or 31 (calendar); 32,000 left
--   April sales 70,000: 32,000 / 70,000 of its 30 days = 13.71
--   textbook: 30 + 30 + 13.71 = 73.71; calendar: 30 + 31 + 13.71 = 74.71
SELECT dso_countback(1, '2026-06-30', '{101}', days_in_month => 30) AS textbook,
       dso_countback(1, '2026-06-30', '{101}') AS calendar;

-- The second quarter, 91 days: sales 250,000, open at the start 0, at the
-- end 212,000 of which 100,000 current (not due)
--   DSO       = 212,000 / 250,000 * 91 = 77.17
--   best DSO  = 100,000 / 250,000 * 91 = 36.40
--   ADD       = 77.17 - 36.40 = 40.77
--   CEI       = (0 + 250,000 - 212,000) / (0 + 250,000 - 100,000) * 100 = 25.33
SELECT * FROM period_metrics(1, '2026-04-01', '2026-06-30', '{101}');
-- June alone, 30 days: 212,000 / 100,000 * 30 = 63.60; best 100,000 / 100,000 * 30 = 30.00;
-- opening 112,000 (31 May); CEI = (112,000 + 100,000 - 212,000) / (112,000 + 100,000 - 100,000) = 0.00
SELECT dso, best_possible_dso, average_days_delinquent, opening_receivables, collection_effectiveness
FROM period_metrics(1, '2026-06-01', '2026-06-30', '{101}');

-- customer 102 pays two invoices issued 1 May, due 31 May:
--   1,000 on 21 May: 20 days to pay, 10 days early (-10)
--   3,000 on 10 June: 40 days to pay, 10 days late
--   weighted by amount: (1,000 * 20 + 3,000 * 40) / 4,000 = 35.00 days to pay,
--   (1,000 * -10 + 3,000 * 10) / 4,000 = 5.00 days late
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 102, 4, 'INV-2026-A', '2026-05-01', '2026-05-31', '1000.00 EUR'),
  (1, 102, 5, 'INV-2026-B', '2026-05-01', '2026-05-31', '3000.00 EUR');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES
  (1, 2, 102, '2026-05-21', '1000.00 EUR'), (1, 3, 102, '2026-06-10', '3000.00 EUR');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_on) VALUES
  (102, 4, 2, '1000.00 EUR', 'manual', '2026-05-21'), (102, 5, 3, '3000.00 EUR', 'manual', '2026-06-10');
SELECT * FROM days_to_pay(1, '2026-05-01', '2026-06-30', '{102}');
-- June alone: only the 3,000 was settled then
SELECT * FROM days_to_pay(1, '2026-06-01', '2026-06-30');

-- Roll rates of customer 101, month ends from the as-of aging:
--   30 April: not due 70,000
--   31 May:   not due 80,000; 1-30 32,000
--   30 June:  not due 100,000; 1-30 80,000; 31-60 32,000
--   May:  not due -> 1-30: 32,000 / 70,000 = 0.4571
--   June: not due -> 1-30: 80,000 / 80,000 = 1; 1-30 -> 31-60: 32,000 / 32,000 = 1
SELECT month, from_bucket, to_bucket, from_amount, to_amount, roll_rate
FROM roll_rates(1, '2026-05-01', '2026-06-30', '{101}') WHERE from_amount > 0 OR to_amount > 0;

-- month by month, the whole company (both customers):
-- April: sales 70,000, all open and not due: DSO 70,000 / 70,000 * 30 = 30.00;
--   CEI (0 + 70,000 - 70,000) / (0 + 70,000 - 70,000) is 0 / 0: NULL
-- May: sales 84,000 (80,000 + 1,000 + 3,000); open on 31 May 112,000 + 3,000
--   = 115,000, of which current 80,000 + 3,000 (due that day) = 83,000
--   DSO 115,000 / 84,000 * 31 = 42.44; best 83,000 / 84,000 * 31 = 30.63
--   countback 31 + 31,000 / 70,000 * 30 = 44.29
--   CEI (70,000 + 84,000 - 115,000) / (70,000 + 84,000 - 83,000) = 54.93
--   days to pay: INV-2026-A, 20
-- June: countback 30 + 31 + 28,000 / 70,000 * 30 = 73.00;
--   CEI (115,000 + 100,000 - 212,000) / (115,000 + 100,000 - 100,000) = 2.61
SELECT * FROM monthly_metrics(1, '2026-04-01', '2026-06-30');
