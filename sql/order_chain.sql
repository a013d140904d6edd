-- The order-to-cash chain: each break, worked by hand
SET search_path = public, ar2c;
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
RESET client_min_messages;
SELECT aging_date FROM roll_aging('2026-06-30');

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (101, 1, 'C-101', 'Beta AG', 'EUR');
INSERT INTO sales_order (company_id, customer_id, order_id, order_number, order_date, amount) VALUES
  (1, 101, 1, 'SO-1', '2026-05-25', '1000.00 EUR'),  -- shipped, invoiced, paid: no break
  (1, 101, 2, 'SO-2', '2026-06-05', '500.00 EUR'),   -- shipped 06-10, not invoiced 20 days later
  (1, 101, 3, 'SO-3', '2026-06-05', '300.00 EUR'),   -- invoiced, never shipped
  (1, 101, 4, 'SO-4', '2026-06-05', '200.00 EUR'),   -- invoiced 250.00: over-invoiced, beyond the 1% tolerance
  (1, 101, 5, 'SO-5', '2026-06-05', '400.00 EUR'),   -- paid, and a second payment of 400.00 names the invoice
  (1, 101, 6, 'SO-6', '2026-06-20', '600.00 EUR'),   -- shipped in full, invoiced 550.00: beyond the tolerance
  (1, 101, 7, 'SO-7', '2026-06-05', '100.00 EUR'),   -- paid, and 30.00 more names the invoice: overpaid
  (1, 101, 8, 'SO-8', '2026-06-25', '100.00 EUR');   -- shipped 3 days ago, not invoiced yet: no break
INSERT INTO shipment (company_id, customer_id, order_id, shipment_number, shipped_on, amount) VALUES
  (1, 101, 1, 'SH-1', '2026-05-28', '1000.00 EUR'),
  (1, 101, 2, 'SH-2', '2026-06-10', '500.00 EUR'),
  (1, 101, 4, 'SH-4', '2026-06-08', '200.00 EUR'),
  (1, 101, 5, 'SH-5', '2026-06-08', '400.00 EUR'),
  (1, 101, 6, 'SH-6', '2026-06-28', '600.00 EUR'),
  (1, 101, 7, 'SH-7', '2026-06-08', '100.00 EUR'),
  (1, 101, 8, 'SH-8', '2026-06-27', '100.00 EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, order_id, issue_date, due_date, amount) VALUES
  (1, 101, 1, 'INV-2026-001', 1, '2026-06-01', '2026-07-01', '1000.00 EUR'),
  (1, 101, 3, 'INV-2026-003', 3, '2026-06-06', '2026-07-06', '300.00 EUR'),
  (1, 101, 4, 'INV-2026-004', 4, '2026-06-09', '2026-07-09', '250.00 EUR'),
  (1, 101, 5, 'INV-2026-005', 5, '2026-06-09', '2026-07-09', '400.00 EUR'),
  (1, 101, 6, 'INV-2026-006', 6, '2026-06-29', '2026-07-29', '550.00 EUR'),
  (1, 101, 7, 'INV-2026-007', 7, '2026-06-09', '2026-07-09', '100.00 EUR');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount, remittance_text) VALUES
  (1, 1, 101, '2026-06-20', '1000.00 EUR', 'INV-2026-001'),
  (1, 2, 101, '2026-06-15', '400.00 EUR', 'INV-2026-005'),
  (1, 3, 101, '2026-06-16', '400.00 EUR', 'payment of invoice INV-2026-005'),
  (1, 4, 101, '2026-06-15', '100.00 EUR', 'INV-2026-007'),
  (1, 5, 101, '2026-06-17', '30.00 EUR', 'INV-2026-007 freight');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_on) VALUES
  (101, 1, 1, '1000.00 EUR', 'manual', '2026-06-20'),
  (101, 5, 2, '400.00 EUR', 'manual', '2026-06-15'),
  (101, 7, 4, '100.00 EUR', 'manual', '2026-06-15');

-- SO-1: ordered 05-25, shipped 05-28 (3 days), invoiced 06-01 (4 days), paid 06-20 (19 days)
SELECT order_number, stage, ordered_amount, shipped_amount, invoiced_amount, paid_amount, open_amount, unapplied_cash,
       days_to_ship, days_to_invoice, days_to_pay
FROM order_chain ORDER BY order_id;
SELECT order_number, shipped_not_invoiced, invoiced_not_shipped, over_invoiced, overpaid, paid_twice, amount_mismatch
FROM order_chain ORDER BY order_id;
SELECT order_number, break_kind FROM order_chain_breaks ORDER BY order_id, break_kind;

-- a tighter company setting: SO-8, shipped 3 days ago, is now late
INSERT INTO order_chain_setting (company_id, invoice_within_days) VALUES (1, 2);
SELECT order_number, break_kind FROM order_chain_breaks WHERE break_kind = 'shipped_not_invoiced' ORDER BY order_id;
-- the second payment of INV-2026-005 goes back to the payer: both breaks of SO-5 clear
UPDATE payment SET status = 'returned' WHERE payment_id = 3;
SELECT order_number, overpaid, paid_twice FROM order_chain WHERE order_id = 5;
