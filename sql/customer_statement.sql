-- The customer statement, worked by hand
SET search_path = public, ar2c;
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
RESET client_min_messages;
SELECT aging_date FROM roll_aging('2026-06-30');

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (101, 1, 'C-101', 'Beta AG', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 101, 1, 'INV-2026-001', '2026-04-10', '2026-05-10', '500.00 EUR'),
  (1, 101, 2, 'INV-2026-002', '2026-06-05', '2026-07-05', '1000.00 EUR');
INSERT INTO credit_note (company_id, customer_id, credit_note_number, issue_date, amount, reason)
VALUES (1, 101, 'CN-2026-001', '2026-06-10', '100.00 EUR', 'damaged goods');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount, end_to_end_id)
VALUES (1, 1, 101, '2026-06-20', '800.00 EUR', 'BETA-PAY-0620');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_on) VALUES
  (101, 1, 1, '500.00 EUR', 'manual', '2026-06-20'),
  (101, 2, 1, '200.00 EUR', 'manual', '2026-06-20');
INSERT INTO application (customer_id, invoice_id, amount, kind, applied_on, reason)
VALUES (101, 2, '20.00 EUR', 'write_off', '2026-06-25', 'bank charges');

-- June: opening 500.00 (INV-2026-001)
--   05 Jun invoice      +1000.00  1500.00
--   10 Jun credit note   -100.00  1400.00
--   20 Jun payment       -800.00   600.00
--   25 Jun write-off      -20.00   580.00
-- closing 580.00 = INV-2026-002 780.00 open and not due, less 200.00 unapplied
-- (the credit note's 100.00 and 100.00 of the payment)
SELECT line_no, line_type, item_date, item_kind, reference, due_date, debit, credit, balance, aging_bucket, currency
FROM customer_statement(101, '2026-06-01', '2026-06-30');

-- May: nothing moved; the balance is aged on 31 May (INV-2026-001 21 days past due)
SELECT line_type, balance, aging_bucket FROM customer_statement(101, '2026-05-01', '2026-05-31') WHERE balance <> 0;
