-- The ledger the browser suite renders (test/reports/run.py): fixed dates,
-- aging date 2026-06-30.
--   1 (en) hostile names everywhere, EUR and USD, every aging bucket,
--     payments applied by rule and one waiting, alerts
--   2 (zh) a Chinese company and customers, CNY and USD
--   3 (de) no invoices and no payments
--   4 (fr) one customer with 200 invoices paid in the half year (a long
--     statement) and one with two (a short one)
SET client_min_messages = warning;
SELECT ar2c.roll_aging('2026-06-30') IS NOT NULL AS rolled;

INSERT INTO ar2c.company (company_id, name, functional_currency, language) VALUES
  (1, '<script>document.title="pwned"</script> Hostile & Sons'' "Trading" <b>Ltd</b>', 'EUR', 'en'),
  (2, '上海远航贸易有限公司', 'CNY', 'zh'),
  (3, 'Leere Firma GmbH', 'EUR', 'de'),
  (4, 'Société Longue SARL', 'EUR', 'fr');

INSERT INTO ar2c.fx_rate (from_currency, to_currency, rate_date, rate, source) VALUES
  ('EUR', 'USD', '2025-01-01', 1.10, 'test'), ('EUR', 'CNY', '2025-01-01', 7.80, 'test'),
  ('USD', 'CNY', '2025-01-01', 7.10, 'test');

INSERT INTO ar2c.bank_account (company_id, account, currency, name) VALUES
  (1, 'DE89370400440532013000', 'EUR', 'Hausbank <main> & "co"'),
  (2, '6222020200112233445', 'CNY', '中国工商银行'),
  (4, 'FR1420041010050500013M02606', 'EUR', 'Banque du Midi');

INSERT INTO ar2c.customer (customer_id, company_id, customer_number, name, currency, credit_limit, credit_grade, language, email)
SELECT 100 + g, 1, format('H-%s', g),
       (ARRAY['Evil <script>alert(1)</script> GmbH', 'Quote " Apostrophe '' & Ampersand AG', '<img src=x onerror=alert(2)>',
              'Plain Customer Ltd', 'Tag </table></svg> Breaker', '&amp; Already Escaped', 'Normal Two', 'Normal Three'])[g],
       CASE WHEN g % 3 = 0 THEN 'USD' ELSE 'EUR' END::ar2c.currency,
       ar2c.money_cur(50000, CASE WHEN g % 3 = 0 THEN 'USD' ELSE 'EUR' END::ar2c.currency),
       (ARRAY['A', 'B', 'C', 'D', NULL])[1 + g % 5], 'en', format('h%s@example.com', g)
FROM generate_series(1, 8) g;

INSERT INTO ar2c.customer (customer_id, company_id, customer_number, name, currency, credit_grade, language)
SELECT 200 + g, 2, format('CN-%s', g), (ARRAY['华强电子有限公司', '长江机械股份有限公司', '东方物流有限公司'])[g],
       CASE WHEN g = 3 THEN 'USD' ELSE 'CNY' END::ar2c.currency, 'B', 'zh'
FROM generate_series(1, 3) g;

INSERT INTO ar2c.customer (customer_id, company_id, customer_number, name, currency, language, email) VALUES
  (401, 4, 'FR-LONG', 'Client Très Long & Fils', 'EUR', 'fr', 'compta@example.fr'),
  (402, 4, 'FR-COURT', 'Client Court', 'EUR', 'fr', NULL);

-- company 1 and 2: an invoice per customer in each bucket, due dates
-- from not due to over 120 days
INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT c.company_id, c.customer_id, format('%s-%s', c.customer_number, b.n), b.due - 30, b.due,
       ar2c.money_cur(100 * c.customer_id % 7 + 250 * b.n + 0.25 * b.n, c.currency)
FROM ar2c.customer c
CROSS JOIN (VALUES (1, date '2026-07-20'), (2, date '2026-06-15'), (3, date '2026-05-20'), (4, date '2026-04-20'),
                   (5, date '2026-03-20'), (6, date '2026-01-10')) b(n, due)
WHERE c.company_id IN (1, 2) AND (b.n <= 3 OR c.customer_id % 2 = 0);

-- payments in the last 30 days: applied by rule, and one waiting
INSERT INTO ar2c.payment (company_id, value_date, amount, payer_name, remittance_text, bank_reference)
SELECT 1, date '2026-06-20' + (i.customer_id % 5)::int, i.amount, c.name, i.invoice_number, 'P-' || i.invoice_id
FROM ar2c.invoice i JOIN ar2c.customer c ON c.customer_id = i.customer_id
WHERE i.company_id = 1 AND i.invoice_number LIKE '%-3' AND i.customer_id % 2 = 1;
INSERT INTO ar2c.application (customer_id, invoice_id, payment_id, amount, kind, applied_on, reason)
SELECT i.customer_id, i.invoice_id, y.payment_id, y.amount, 'matched', y.value_date,
       (ARRAY['reference (confidence 0.990): reference in the remittance', 'amount (confidence 0.910): name 95% similar'])[1 + (i.customer_id % 4) / 2]
FROM ar2c.invoice i JOIN ar2c.payment y ON y.company_id = 1 AND y.bank_reference = 'P-' || i.invoice_id;
INSERT INTO ar2c.payment (company_id, value_date, amount, payer_name, remittance_text, bank_reference)
VALUES (1, '2026-06-28', '123.45 EUR', 'Unknown <payer>', 'no reference', 'P-UNKNOWN');

INSERT INTO ar2c.alert (company_id, customer_id, kind, severity, message, raised_at) VALUES
  (1, 101, 'credit_limit', 'critical', '<img src=x onerror=alert(3)> over its limit & more', '2026-06-29'),
  (1, 102, 'aging_last_bucket', 'warning', 'invoice "H-2-6" is over 120 days', '2026-06-28');

-- company 4: a long statement (200 invoices, each paid 20 days after
-- issue) and a short one
INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 4, 401, format('F-%s', lpad(g::text, 4, '0')), date '2026-01-01' + (g * 150 / 200), date '2026-01-31' + (g * 150 / 200),
       ar2c.money_cur(1000 + g, 'EUR')
FROM generate_series(1, 200) g;
INSERT INTO ar2c.payment (company_id, value_date, amount, payer_name, remittance_text, bank_reference)
SELECT 4, i.issue_date + 20, i.amount, 'Client Très Long', i.invoice_number, 'L-' || i.invoice_number
FROM ar2c.invoice i WHERE i.customer_id = 401;
INSERT INTO ar2c.application (customer_id, invoice_id, payment_id, amount, kind, applied_on, reason)
SELECT 401, i.invoice_id, y.payment_id, y.amount, 'manual', y.value_date, 'statement test'
FROM ar2c.invoice i JOIN ar2c.payment y ON y.company_id = 4 AND y.bank_reference = 'L-' || i.invoice_number
WHERE i.customer_id = 401;
INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES
  (4, 402, 'F-C1', '2026-05-02', '2026-06-01', '1500.00 EUR'),
  (4, 402, 'F-C2', '2026-06-10', '2026-07-10', '2750.50 EUR');
