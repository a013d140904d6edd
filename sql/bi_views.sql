-- The BI surface: plain types and a comment on every view and column
SET search_path = public, ar2c;
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
RESET client_min_messages;
SELECT aging_date FROM roll_aging('2026-06-30');

-- every view of the schema, and the types of its columns
SELECT c.relname AS view, count(*) AS columns,
       string_agg(DISTINCT format_type(a.atttypid, a.atttypmod), ', ') AS types
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = 'ar2c' AND c.relkind = 'v'
GROUP BY c.relname ORDER BY 1;
-- none has a column of a type a BI tool would not know
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = 'ar2c' AND c.relkind = 'v'
  AND a.atttypid NOT IN ('numeric'::regtype, 'text'::regtype, 'date'::regtype, 'integer'::regtype, 'bigint'::regtype,
                         'boolean'::regtype, 'timestamptz'::regtype);
-- every view and every column has a comment
SELECT c.relname, a.attname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = 'ar2c' AND c.relkind = 'v'
  AND (obj_description(c.oid, 'pg_class') IS NULL OR col_description(c.oid, a.attnum) IS NULL);

-- the new views on a small ledger
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (101, 1, 'C-101', 'Beta AG', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 101, 1, 'INV-2026-001', '2026-05-10', '2026-06-09', '1000.00 EUR'),
  (1, 101, 2, 'INV-2026-002', '2026-06-10', '2026-07-10', '500.00 EUR');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount, payer_name, remittance_text) VALUES
  (1, 1, 101, '2026-06-15', '600.00 EUR', 'BETA AG', 'INV-2026-001');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_on)
VALUES (101, 1, 1, '400.00 EUR', 'manual', '2026-06-15');
INSERT INTO provision_rate (company_id, aging_bucket, loss_rate) VALUES (1, 'not due', 0.01), (1, '1-30', 0.05);
SELECT * FROM account_movements ORDER BY customer_id, currency, item_date, item_kind, item_id;
SELECT payment_id, customer_number, days_unapplied, currency, amount, unapplied_amount, status FROM unapplied_cash_queue;
-- INV-2026-001: 600.00 open, 21 days past due, 5% = 30.00; INV-2026-002: 500.00 not due, 1% = 5.00
SELECT customer_number, aging_bucket, open_amount, loss_rate, allowance, as_of FROM provision_by_customer;
-- June: sales 500.00, open 1,100.00 at the end: DSO 1,100 / 500 * 30 = 66.00;
-- countback 30 (June) + 600 / 1,000 * 31 (May) = 48.60
SELECT month, currency, sales, closing_receivables, dso, dso_countback FROM metrics_by_month WHERE sales > 0;
SELECT month, from_bucket, to_bucket, from_amount, to_amount, roll_rate FROM roll_rates_by_month WHERE from_amount > 0;
SELECT load_counterparty_statement(101, '2026-06-01', '2026-06-30', '1000.00 EUR', '1450.00 EUR',
  '[{"date": "2026-06-10", "reference": "INV-2026-002", "amount": 450.00}]') AS statement_id;
SELECT count(*) FROM reconcile_statement(1);
SELECT customer_number, result, reference, their_amount, our_amount, difference, resolved FROM statement_differences ORDER BY result;
