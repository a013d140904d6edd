-- The AR ledger: invoices, payments, applications, aging and credit, kept by triggers
SET search_path = public, ar2c;
-- a fresh extension: the tests share one database, and the ledger's history cannot be deleted
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
RESET client_min_messages;
-- a fixed aging date, so the output does not depend on today
SELECT aging_date FROM roll_aging('2026-06-30');

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, credit_limit) VALUES
  (101, 1, 'C-101', 'Beta AG', 'EUR', '10000.00 EUR'),
  (102, 1, 'C-102', 'Gamma SARL', 'EUR', NULL);

-- invoices get their open amount, status and aging bucket on insert
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 101, 'INV-2026-001', '2026-03-01', '2026-03-31', '1000.00 EUR'),
  (1, 101, 'INV-2026-002', '2026-06-01', '2026-07-01', '500.00 EUR'),
  (1, 101, 'INV-2026-003', '2026-01-15', '2026-02-14', '250.00 EUR'),
  (1, 102, 'INV-2026-004', '2026-05-20', '2026-06-19', '800.00 EUR');
SELECT invoice_number, amount, open_amount, status, aging_bucket, aging_changes_on
FROM invoice ORDER BY invoice_number;

-- the maintained balance: open AR by bucket, "not due" first
SELECT customer_id, currency, open_amount, open_items, bucket_amounts, bucket_items FROM customer_balance_total ORDER BY 1;

-- a payment applied to two invoices; the second application is partial
INSERT INTO payment (company_id, value_date, amount, payer_name, remittance_text)
VALUES (1, '2026-06-28', '1200.00 EUR', 'BETA AG', 'INV-2026-001 INV-2026-002');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, reason)
SELECT 101, invoice_id, 1, '1000.00 EUR', 'manual', 'remittance names it' FROM invoice WHERE invoice_number = 'INV-2026-001';
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, reason)
SELECT 101, invoice_id, 1, '200.00 EUR', 'manual', 'rest of the payment' FROM invoice WHERE invoice_number = 'INV-2026-002';
SELECT invoice_number, open_amount, status, aging_bucket FROM invoice WHERE customer_id = 101 ORDER BY 1;
SELECT payment_id, customer_id, amount, unapplied_amount, status FROM payment;

-- a correction is a reversal row, never an UPDATE: the first application is undone
INSERT INTO application (customer_id, kind, reverses_application_id, reason) VALUES (101, 'reversal', 1, 'applied to the wrong invoice');
SELECT application_id, invoice_id, payment_id, amount, kind, reverses_application_id FROM application ORDER BY 1;
SELECT invoice_number, open_amount, status FROM invoice WHERE customer_id = 101 ORDER BY 1;
SELECT payment_id, unapplied_amount, status FROM payment;

-- a write-off closes the small old invoice
INSERT INTO application (customer_id, invoice_id, amount, kind, reason)
SELECT 101, invoice_id, '250.00 EUR', 'write_off', 'uncollectible' FROM invoice WHERE invoice_number = 'INV-2026-003';

-- BI views: plain types
SELECT customer_number, currency, aging_bucket, bucket_order, open_amount, open_items
FROM aging_summary_by_customer ORDER BY customer_number, bucket_order;
SELECT currency, aging_bucket, open_amount, open_items, customers FROM aging_summary_by_company ORDER BY bucket_order;
SELECT item_kind, reference, currency, open_amount, aging_bucket FROM open_items ORDER BY item_kind, reference;
SELECT customer_number, currency, open_amount, open_orders, exposure, credit_limit, available_credit
FROM customer_balances ORDER BY customer_number;

-- credit check: the limit is 10,000.00; open AR is 1,300.00
INSERT INTO sales_order (company_id, customer_id, order_number, amount) VALUES
  (1, 101, 'SO-1', '5000.00 EUR'),
  (1, 101, 'SO-2', '4000.00 EUR');
SELECT order_number, amount, status, hold_reason FROM sales_order ORDER BY 1;
SELECT kind, subject_table, message FROM alert ORDER BY alert_id;

-- invoicing an order moves its amount from open orders to open AR
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, order_id)
SELECT 1, 101, 'INV-2026-005', '2026-06-30', '2026-07-30', '5000.00 EUR', order_id FROM sales_order WHERE order_number = 'SO-1';
SELECT order_number, status, invoiced_amount FROM sales_order ORDER BY 1;
SELECT customer_number, open_amount, open_orders, exposure FROM customer_balances WHERE customer_number = 'C-101';

-- time passes: only items whose bucket changes move; crossing into "over 120" raises an alert
SELECT * FROM roll_aging('2026-07-31');
SELECT * FROM roll_aging('2026-07-31');
SELECT invoice_number, open_amount, aging_bucket, aging_changes_on FROM invoice WHERE aging_bucket IS NOT NULL ORDER BY 1;
SELECT * FROM roll_aging('2026-08-01');
SELECT kind, message FROM alert WHERE kind = 'aging_last_bucket';

-- a company's own boundaries re-age its items at once
UPDATE company SET aging_boundaries = '{15,45}' WHERE company_id = 1;
SELECT invoice_number, aging_bucket FROM invoice WHERE aging_bucket IS NOT NULL ORDER BY 1;
SELECT customer_number, aging_bucket, open_amount FROM aging_summary_by_customer ORDER BY customer_number, bucket_order;

-- invoice checks raise alerts (the company's policy is alert): a duplicate by
-- external number, a duplicate by date and amount, a number reused by another customer
INSERT INTO invoice (company_id, customer_id, invoice_number, external_number, issue_date, due_date, amount) VALUES
  (1, 102, 'INV-2026-006', 'PO-77', '2026-07-01', '2026-07-31', '90.00 EUR'),
  (1, 102, 'INV-2026-007', 'PO-77', '2026-07-02', '2026-08-01', '90.00 EUR'),
  (1, 102, 'INV-2026-008', NULL, '2026-05-20', '2026-06-19', '800.00 EUR'),
  (1, 101, 'INV-2026-004', NULL, '2026-07-03', '2026-08-02', '10.00 EUR');
SELECT kind, subject_id, message FROM alert WHERE kind = 'duplicate_invoice' ORDER BY alert_id;

-- and the maintained state equals a recomputation from scratch
SELECT count(*) AS problems FROM check_ledger();
