--
-- Cash application on bank text as payers and banks write it: one
-- readable example of each kind of damage (see doc/cash_application.md)
--
SET search_path = public, ar2c;
-- a fresh extension: the tests share one database, and the ledger's history cannot be deleted
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
RESET client_min_messages;
SELECT aging_date FROM roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 1, 'C1', 'Baltic Timber Oy', 'EUR'), (2, 1, 'C2', 'Rheinkraft Maschinen GmbH', 'EUR'),
  (3, 1, 'C3', 'Lumen Optics BV', 'EUR'), (4, 1, 'C4', 'Orchid Textiles SARL', 'EUR'),
  (5, 1, 'C5', 'Harbor Freight Lines Inc', 'USD');
INSERT INTO payer_account (company_id, account, customer_id, source) VALUES (1, 'DE02120300000000202051', 2, 'master_data');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 11, 'FA-2025-1569', '2026-05-02', '2026-06-01', '1843.20 EUR'),
  (1, 1, 12, 'FA2025/01570', '2026-05-03', '2026-06-02', '612.75 EUR'),
  (1, 2, 21, 'RE-2026-0042', '2026-05-10', '2026-06-09', '725.40 EUR'),
  (1, 3, 31, 'INV-004711', '2026-05-12', '2026-06-11', '455.55 EUR'),
  (1, 3, 32, 'INV-004712', '2026-05-13', '2026-06-12', '1290.00 EUR'),
  (1, 4, 41, 'INV-2026-7001', '2026-05-14', '2026-06-13', '980.35 EUR'),
  (1, 4, 42, 'INV-2026-7002', '2026-05-15', '2026-06-14', '412.60 EUR'),
  (1, 5, 51, 'HF-88001', '2026-05-16', '2026-06-15', '2250.00 USD');

-- what a remittance's numbers are looked up by
SELECT remittance, string_agg(skeleton || CASE WHEN damage = 'swapped' THEN ' (swapped)' ELSE '' END, ', ') AS skeletons
FROM (VALUES ('SETTLEMENT OF 2025-1569'), ('付款 ２０２５／０１５７０ 货款'), ('RE 2O26-OO42')) r(remittance)
CROSS JOIN LATERAL reference_skeletons(remittance)
WHERE damage = 'none'
GROUP BY remittance ORDER BY remittance;

INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  -- the prefix dropped, after words that are no label
  (1, 1, '2026-06-28', '1843.20 EUR', 'BALTIC TIMBER OY', NULL, 'SETTLEMENT OF 2025-1569'),
  -- full-width digits in a Chinese domestic transfer
  (1, 2, '2026-06-28', '612.75 EUR', '波罗的海木材', NULL, '付款 ２０２５／０１５７０ 货款'),
  -- OCR confusions, and the SWIFT character set left no payer name
  (1, 3, '2026-06-28', '725.40 EUR', '?????', 'DE02 1203 0000 0000 2020 51', 'RE 2O26-OO42'),
  -- a list cut short: the rest is the other open invoice
  (1, 4, '2026-06-28', '1745.55 EUR', 'Lumen Optics', NULL, 'Facturen INV-004711 INV-0047'),
  -- a list cut short whose rest no open invoice explains
  (1, 5, '2026-06-28', '1080.35 EUR', 'Orchid Textiles', NULL, 'Factures INV-2026-7001 INV'),
  -- 20.00 USD taken by an intermediary bank
  (1, 6, '2026-06-28', '2230.00 USD', 'HARBOR FREIGHT LINES', NULL, 'INV HF-88001');
SELECT outcome, rule, payments FROM apply_cash(1);

SELECT y.payment_id, y.match_state, string_agg(format('%s %s %s', i.invoice_number, a.kind, a.amount), '; ' ORDER BY a.application_id) AS applications
FROM payment y
LEFT JOIN application a ON a.customer_id = y.customer_id
     AND (a.payment_id = y.payment_id OR (a.payment_id IS NULL AND a.reason LIKE format('%%(payment %s)', y.payment_id)))
LEFT JOIN invoice i ON i.customer_id = a.customer_id AND i.invoice_id = a.invoice_id
GROUP BY y.payment_id, y.match_state ORDER BY y.payment_id;

SELECT payment_id, rank, invoices, rule, explanation FROM exception_queue ORDER BY payment_id, rank;
