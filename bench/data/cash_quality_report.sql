-- Quality of one apply_cash run over bench_cash (see cash_quality.sql):
-- its truth put in the shape bench/data/cash_report.sql reads (a
-- scenario is the payment's one kind; a fee_deducted payment's shortfall
-- is its bank charge, an overpaid_ref payment's surplus its overpayment,
-- a partial_ref payment meant only what it paid), then that report.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_truth CASCADE;
CREATE SCHEMA bench_truth;
CREATE TABLE bench_truth.payment AS
SELECT t.payment_id, t.scenario <> 'unknown_payer' AS identifiable, t.customer_id, 'generated'::text AS channel,
       ARRAY[t.scenario] AS kinds,
       CASE WHEN t.scenario = 'fee_deducted' THEN ar2c.minor_units_value(i.amount) - ar2c.minor_units_value(y.amount) ELSE 0 END AS charge_units,
       CASE WHEN t.scenario = 'overpaid_ref' THEN ar2c.minor_units_value(y.amount) - ar2c.minor_units_value(i.amount) ELSE 0 END AS excess_units
FROM bench_cash.truth t
JOIN ar2c.payment y ON y.company_id = 1 AND y.payment_id = t.payment_id
LEFT JOIN ar2c.invoice i ON i.company_id = 1 AND i.invoice_id = t.invoice_ids[1];
CREATE TABLE bench_truth.payment_invoice AS
SELECT t.payment_id, i.invoice_id,
       CASE WHEN t.scenario = 'partial_ref' THEN ar2c.minor_units_value(y.amount) ELSE ar2c.minor_units_value(i.amount) END AS meant_units
FROM bench_cash.truth t
JOIN ar2c.payment y ON y.company_id = 1 AND y.payment_id = t.payment_id
CROSS JOIN LATERAL unnest(t.invoice_ids) x(invoice_id)
JOIN ar2c.invoice i ON i.company_id = 1 AND i.invoice_id = x.invoice_id;
RESET client_min_messages;
\ir cash_report.sql
