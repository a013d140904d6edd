-- payment references issued in other schemes than the invoice number:
-- made, told apart, checked on write, found in remittance text
SET search_path = public, ar2c;

-- one payload, every scheme, in the printed form
SELECT scheme, payment_reference(scheme, 'INV-2026-00012') AS reference
FROM unnest(ARRAY['rf', 'be', 'fi', 'ch_qr', 'no_kid']) AS scheme;

-- the scheme a text is valid in; one wrong digit and it is none
SELECT ref, payment_reference_scheme(ref) AS scheme
FROM unnest(ARRAY['+++090/9337/55493+++', '***090/9337/55493***', '090933755493',
                  '+++090/9337/55439+++', '21 00000 00003 13947 14300 09017',
                  '21 00000 00003 13947 14300 09071', '1232', '1223',
                  '79927398713', '1009-', 'RF18 5390 0754 7034', 'INV-2026-00012']) AS ref;

-- in remittance text: by shape, or after a label; nothing with a wrong
-- check digit, nothing from an IBAN's digits, a date or an amount
SELECT t.n, x.kind, x.reference, x.normalized
FROM unnest(ARRAY[
  'Betaling factuur +++090/9337/55493+++ dank u',
  'Zahlung QR-Referenz 21 00000 00003 13947 14300 09017',
  'Lasku 2026-118, viitenumero 12 34561',
  'KID: 79927398713 faktura 4711',
  'Mededeling +++090/9337/55439+++, Viite 1223',
  'IBAN CH93 0076 2011 6238 5295 7 vom 30.06.2026 CHF 1.234,56'
]) WITH ORDINALITY AS t(text, n)
LEFT JOIN LATERAL extract_references(t.text) x ON true
ORDER BY t.n, x.position;

-- issued by the company's scheme, checked on write (and rolled back)
BEGIN;
INSERT INTO company (company_id, name, functional_currency, payment_reference_scheme)
VALUES (18, 'Oy Acme Ab', 'EUR', 'fi');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency)
VALUES (1801, 18, 'C1', 'Lumi Oy', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, payment_reference)
VALUES (18, 1801, 1801, 'LASKU-118', '2026-06-01', '2026-07-01', '100.00 EUR', NULL),
       (18, 1801, 1802, 'LASKU-119', '2026-06-01', '2026-07-01', '200.00 EUR', '12 34561'),
       (18, 1801, 1803, 'LASKU-120', '2026-06-01', '2026-07-01', '300.00 EUR', 'RF18 5390 0754 7034');
SELECT invoice_number, payment_reference FROM invoice WHERE company_id = 18 ORDER BY invoice_id;
SAVEPOINT written;
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, payment_reference)
VALUES (18, 1801, 'LASKU-121', '2026-06-01', '2026-07-01', '400.00 EUR', '12 34562');
ROLLBACK TO written;
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, payment_reference)
VALUES (18, 1801, 'LASKU-122', '2026-06-01', '2026-07-01', '500.00 EUR', '+++090/9337/55439+++');
ROLLBACK;
