-- Cash application: one hand-made case per rule, then the exception queue
SET search_path = public, ar2c;
-- a fresh extension: the tests share one database, and the ledger's history cannot be deleted
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
RESET client_min_messages;
SELECT aging_date FROM roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO fx_rate (from_currency, to_currency, rate_date, rate) VALUES ('EUR', 'USD', '2026-01-01', 1.10);
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 1, 'C1', 'Nordwind Logistik GmbH', 'EUR'),
  (2, 1, 'C2', 'Société Générale de Transport SARL', 'EUR'),
  (3, 1, 'C3', '上海远航贸易有限公司', 'EUR'),
  (4, 1, 'C4', 'Helvetia Pharma AG', 'EUR'),
  (5, 1, 'C5', 'Atlas Foods Ltd', 'EUR');
INSERT INTO payer_account (company_id, account, customer_id, source) VALUES (1, 'DE89370400440532013000', 4, 'master_data');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 1, 'INV-2026-00011', '2026-05-01', '2026-05-31', '1200.00 EUR'),
  (1, 1, 2, 'INV-2026-00012', '2026-05-10', '2026-06-09', '812.60 EUR'),
  (1, 1, 3, 'INV-2026-00013', '2026-05-20', '2026-06-19', '450.00 EUR'),
  (1, 2, 4, 'INV-2026-00021', '2026-05-01', '2026-05-31', '300.00 EUR'),
  (1, 2, 5, 'INV-2026-00022', '2026-05-02', '2026-06-01', '700.00 EUR'),
  (1, 3, 6, 'INV-2026-00031', '2026-05-05', '2026-06-04', '8800.00 EUR'),
  (1, 4, 7, 'INV-2026-00041', '2026-05-05', '2026-06-04', '1000.00 EUR'),
  (1, 4, 8, 'INV-2026-00042', '2026-05-06', '2026-06-05', '1000.00 EUR'),
  (1, 4, 9, 'INV-2026-00043', '2026-05-07', '2026-06-06', '1532.40 EUR'),
  (1, 5, 10, 'INV-2026-00051', '2026-05-07', '2026-06-06', '2043.80 EUR'),
  (1, 5, 11, 'INV-2026-00052', '2026-05-08', '2026-06-07', '106.15 EUR');

INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  -- reference and amount
  (1, 101, '2026-06-28', '1200.00 EUR', 'NORDWIND LOGISTIK', 'DE02100100100006820101', 'INV-2026-00011'),
  -- a typo in the reference (a swapped pair) names another customer's invoice;
  -- the payer's name and the exact amount of its own invoice outweigh it
  (1, 102, '2026-06-28', '812.60 EUR', 'Nordwind Logistik GmbH', NULL, 'Rechnung INV-2026-00021 '),
  -- two invoices in one payment, both referenced
  (1, 103, '2026-06-28', '1000.00 EUR', 'SOCIETE GENERALE DE TRANSPORT', NULL, 'Factures INV2026/21 et INV2026/22'),
  -- Chinese payer, full-width reference, bank charges deducted
  (1, 104, '2026-06-28', '8785.00 EUR', '上海远航贸易', NULL, '发票号 ＩＮＶ－２０２６－０００３１'),
  -- known account, no reference, two invoices of the same round amount (fees, instalments): ambiguous
  (1, 105, '2026-06-28', '1000.00 EUR', 'Helvetia Pharma', 'DE89 3704 0044 0532 0130 00', 'Zahlung'),
  -- known account, no reference, a unique amount
  (1, 106, '2026-06-28', '1532.40 EUR', NULL, 'DE89370400440532013000', 'Payment'),
  -- no reference: two invoices that add up exactly (subset-sum)
  (1, 107, '2026-06-28', '2149.95 EUR', 'Atlas Foods', NULL, 'thank you'),
  -- a partial payment with a reference
  (1, 108, '2026-06-28', '200.00 EUR', 'Nordwind Logistik', NULL, 'Teilzahlung INV-2026-00013'),
  -- an unknown payer
  (1, 109, '2026-06-28', '77.70 EUR', 'Somebody Else', 'GB82WEST12345698765432', 'misc');

SELECT * FROM apply_cash(1);
SELECT y.payment_id, y.match_state, y.status, y.unapplied_amount,
       string_agg(format('%s %s %s', i.invoice_number, a.kind, a.amount), '; ' ORDER BY a.application_id) AS applications
FROM payment y
LEFT JOIN application a ON a.company_id = y.company_id AND a.payment_id = y.payment_id
LEFT JOIN invoice i ON i.customer_id = a.customer_id AND i.invoice_id = a.invoice_id
GROUP BY y.company_id, y.payment_id ORDER BY y.payment_id;
SELECT kind, amount, reason FROM application WHERE kind IN ('write_off', 'bank_charge');
SELECT invoice_number, open_amount, status FROM invoice ORDER BY invoice_id;

-- the exception queue, explained
SELECT payment_id, rank, customer_name, invoices, amount_to_apply, confidence, rule, explanation
FROM exception_queue ORDER BY payment_id, rank;

-- running again looks at the queued payments once more and applies
-- nothing twice
SELECT * FROM apply_cash(1);

-- a person confirms the first suggestion for the ambiguous payment, and
-- rejects the unknown payer's
SELECT confirm_match(1, 105, 1);
SELECT reject_match(1, 109);
SELECT payment_id, match_state, status FROM payment WHERE payment_id IN (105, 109) ORDER BY 1;
SELECT count(*) AS queued FROM exception_queue WHERE payment_id IN (105, 109);

-- a payment from a new account under an abbreviated name finds nobody; a
-- person says which invoice it pays, and ar2c learns the account and name
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  (1, 110, '2026-06-29', '1000.00 EUR', 'HLV PHRM', 'FR76 3000 6000 0112 3456 7890 189', 'SEPA');
SELECT outcome, rule FROM apply_cash(1);
SELECT confirm_match(1, 110, ARRAY[8::bigint]);
SELECT account, customer_id, source FROM payer_account ORDER BY account;
SELECT customer_id, alias FROM customer_alias;
-- the next payment from that account goes through on its own
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 4, 12, 'INV-2026-00044', '2026-06-01', '2026-07-01', '640.00 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  (1, 111, '2026-06-30', '640.00 EUR', 'HLV PHRM', 'FR7630006000011234567890189', 'SEPA');
SELECT outcome, rule FROM apply_cash(1);
SELECT y.payment_id, y.match_state, i.invoice_number
FROM payment y JOIN application a ON a.company_id = y.company_id AND a.payment_id = y.payment_id
JOIN invoice i ON i.customer_id = a.customer_id AND i.invoice_id = a.invoice_id
WHERE y.payment_id = 111;

-- refusals
SELECT confirm_match(1, 999, 1);
SELECT confirm_match(1, 103, ARRAY[1::bigint]);
SELECT confirm_match(1, 109, ARRAY[1::bigint, 4::bigint]);

-- and the ledger stays exact
SELECT count(*) AS problems FROM check_ledger();
