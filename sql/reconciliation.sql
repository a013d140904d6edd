-- Counterparty statement reconciliation: every result kind, worked by hand
SET search_path = public, ar2c;
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
RESET client_min_messages;
SELECT aging_date FROM roll_aging('2026-06-30');

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (101, 1, 'C-101', 'Beta AG', 'EUR');
-- our ledger: one invoice before the period (the opening balance, 100.00),
-- four invoices and three payments in May; payments 2 and 3 are the same
-- payment entered twice
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 101, 'INV-2026-050', '2026-04-10', '2026-05-10', '100.00 EUR'),
  (1, 101, 'INV-2026-101', '2026-05-03', '2026-06-02', '1000.00 EUR'),
  (1, 101, 'INV-2026-102', '2026-05-10', '2026-06-09', '500.00 EUR'),
  (1, 101, 'INV-2026-103', '2026-05-15', '2026-06-14', '300.00 EUR'),
  (1, 101, 'INV-2026-104', '2026-05-20', '2026-06-19', '200.00 EUR');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount, end_to_end_id) VALUES
  (1, 1, 101, '2026-05-28', '800.00 EUR', 'E2E-555'),
  (1, 2, 101, '2026-05-29', '300.00 EUR', 'E2E-777'),
  (1, 3, 101, '2026-05-29', '300.00 EUR', 'E2E-777');
SELECT item_kind, item_id, item_date, reference, amount FROM account_items(101, 'EUR', '2026-05-01', '2026-05-31') ORDER BY item_date, item_id;
-- ours: 100.00 before May; +1000 +500 +300 +200 -800 -300 -300 = +600.00 in May
SELECT account_balance(101, 'EUR', '2026-04-30') AS opening, account_balance(101, 'EUR', '2026-05-31') AS closing;

-- their statement of May, lines in our sign: opening 100.00 + 2400.00 = 2500.00
--   1 INV-2026-101  1000.00  matched by reference
--   2 INV 2026 0102  450.00  same invoice (normalised), 50.00 less: amount_differs -50.00
--   3 INV-2026-013   300.00  one edit from INV-2026-103, same amount: matched, similar_reference
--   4 INV-2026-199   750.00  not ours: missing_in_ledger +750.00
--   5 INV-2026-101  1000.00  line 1 again: duplicate_in_statement +1000.00
--   6 PMT 28/05     -800.00  no reference in common, same amount a day apart: matched, amount_and_date
--   7 E2E-777       -300.00  matched with payment 2; payment 3 is duplicate_in_ledger +300.00
-- INV-2026-104 (200.00) is not on it: missing_in_statement -200.00
-- balance difference 2500.00 - 700.00 = 1800.00 = -50 + 750 + 1000 + 300 - 200
SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '100.00 EUR', '2500.00 EUR', $$[
  {"date": "2026-05-03", "reference": "INV-2026-101", "amount": 1000.00},
  {"date": "2026-05-12", "reference": "INV 2026 0102", "amount": "450.00"},
  {"date": "2026-05-16", "reference": "INV-2026-013", "amount": 300},
  {"date": "2026-05-25", "reference": "INV-2026-199", "amount": 750.00},
  {"date": "2026-05-04", "reference": "INV-2026-101", "amount": 1000.00, "description": "booked twice"},
  {"date": "2026-05-27", "reference": "PMT 28/05", "amount": -800.00},
  {"date": "2026-05-29", "reference": "E2E-777", "amount": -300.00}
]$$, reference => 'BETA-2026-05') AS statement_id;

SELECT result, line_no, item_kind, item_id, reference, their_date, our_date, their_amount, our_amount, difference, matched_by
FROM reconcile_statement(1);
SELECT our_opening_balance, our_closing_balance, opening_difference, balance_difference, differences
FROM counterparty_statement WHERE statement_id = 1;
-- the rows explain the balance difference
SELECT s.balance_difference = s.opening_difference + sum(r.difference) AS explained
FROM counterparty_statement s JOIN statement_result r USING (customer_id, statement_id)
WHERE s.statement_id = 1 GROUP BY s.statement_id, s.balance_difference, s.opening_difference;
SELECT kind, subject_table, subject_id, message, details FROM alert WHERE kind = 'statement_difference';

-- a person resolves a difference; reconciling again keeps the resolution
SELECT result, resolved_by IS NOT NULL AS resolved, resolution_note
FROM resolve_statement_difference((SELECT result_id FROM statement_result WHERE result = 'missing_in_statement'),
                                  'invoice sent again by e-mail');
SELECT result, reference, resolution_note FROM reconcile_statement(1) WHERE resolved_at IS NOT NULL;
-- resolving every difference acknowledges the statement's alerts
SELECT count(*) AS resolved FROM statement_result r, resolve_statement_difference(r.result_id, 'checked')
WHERE r.result NOT IN ('matched') AND r.resolved_at IS NULL;
SELECT count(*) AS open_alerts FROM alert WHERE kind = 'statement_difference' AND acknowledged_at IS NULL;

-- the customer's payables view, signs flipped: the same statement
SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '-100.00 EUR', '-2500.00 EUR', $$[
  {"date": "2026-05-03", "reference": "INV-2026-101", "amount": -1000.00},
  {"date": "2026-05-12", "reference": "INV 2026 0102", "amount": -450.00},
  {"date": "2026-05-16", "reference": "INV-2026-013", "amount": -300},
  {"date": "2026-05-25", "reference": "INV-2026-199", "amount": -750.00},
  {"date": "2026-05-04", "reference": "INV-2026-101", "amount": -1000.00},
  {"date": "2026-05-27", "reference": "PMT 28/05", "amount": 800.00},
  {"date": "2026-05-29", "reference": "E2E-777", "amount": 300.00}
]$$, 'payable') AS statement_id;
SELECT result, count(*), sum(amount(difference)) FROM reconcile_statement(2) GROUP BY result ORDER BY result;
SELECT opening_balance, closing_balance, balance_difference FROM counterparty_statement WHERE statement_id = 2;

-- an opening balance that differs is counted in the balance difference
SELECT load_counterparty_statement(101, '2026-06-01', '2026-06-30', '690.00 EUR', '690.00 EUR', '[]') AS statement_id;
SELECT count(*) AS rows FROM reconcile_statement(3);
SELECT our_opening_balance, opening_difference, balance_difference, differences FROM counterparty_statement WHERE statement_id = 3;
