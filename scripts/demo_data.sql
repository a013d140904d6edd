-- A year of business for two companies, generated deterministically and
-- written with plain INSERTs, the way an ERP or a billing service would.
-- Skipped when the demo companies exist already (applications are
-- append-only, so the demo never deletes).
SELECT EXISTS (SELECT 1 FROM ar2c.company WHERE company_id IN (9001, 9002)) AS demo_loaded \gset
\if :demo_loaded
\echo '(demo data already loaded; showing it as it is)'
\else
SELECT setseed(0.2026) AS seeded \gset
SELECT aging_date FROM ar2c.roll_aging(greatest(current_date, ar2c.aging_date())) \gset

INSERT INTO ar2c.company (company_id, name, functional_currency) VALUES
  (9001, 'Acme Trading GmbH', 'EUR'),
  (9002, '上海远航贸易有限公司', 'CNY');

INSERT INTO ar2c.fx_rate (from_currency, to_currency, rate_date, rate, source) VALUES
  ('EUR', 'USD', current_date - 400, 1.0842, 'ECB'), ('EUR', 'GBP', current_date - 400, 0.8571, 'ECB'),
  ('EUR', 'CNY', current_date - 400, 7.8120, 'ECB'), ('USD', 'CNY', current_date - 400, 7.2050, 'PBOC')
ON CONFLICT DO NOTHING;

-- 1,500 European customers (mostly EUR, some USD and GBP), 500 Chinese ones
INSERT INTO ar2c.customer (company_id, customer_number, name, currency, payment_terms_days, credit_limit, language)
SELECT 9001, format('EU-%s', lpad(g::text, 5, '0')),
       format('%s %s %s', (ARRAY['Nordwind','Alpen','Rhein','Baltic','Lumière','Atlas','Helvetia','Orion','Danube',
                                 'Meridian','Zephyr','Brabant','Tessin','Provence','Galicia','Saxonia'])[1 + g % 16],
              (ARRAY['Logistik','Metall','Textiles','Foods','Pharma','Systems','Bau','Optique','Energie','Handel'])[1 + (g / 16) % 10],
              (ARRAY['GmbH','AG','SARL','S.A.','Ltd','B.V.','S.p.A.','KG'])[1 + (g / 160) % 8]),
       c.cur::ar2c.currency, (ARRAY[30, 30, 45, 60])[1 + g % 4],
       ar2c.money_cur_units((20000 + (random() * 480000)::bigint) * 100, c.cur::ar2c.currency),
       (ARRAY['de','en','fr','de','en'])[1 + g % 5]
FROM generate_series(1, 1500) g
CROSS JOIN LATERAL (SELECT CASE WHEN g % 10 = 0 THEN 'USD' WHEN g % 10 = 5 THEN 'GBP' ELSE 'EUR' END AS cur) c;

INSERT INTO ar2c.customer (company_id, customer_number, name, currency, payment_terms_days, credit_limit, language)
SELECT 9002, format('CN-%s', lpad(g::text, 5, '0')),
       (ARRAY['华强','长江','东方','海天','金桥','中远','新世纪','恒通','宏达','瑞丰'])[1 + g % 10]
         || (ARRAY['电子','机械','物流','化工','纺织','食品','建材','医药'])[1 + (g / 10) % 8]
         || (ARRAY['有限公司','股份有限公司'])[1 + (g / 80) % 2],
       'CNY', (ARRAY[30, 60, 90])[1 + g % 3],
       ar2c.money_cur_units((100000 + (random() * 2900000)::bigint) * 100, 'CNY'), 'zh'
FROM generate_series(1, 500) g;

-- invoices over the last year: 4 to 15 per customer
INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT c.company_id, c.customer_id,
       format('INV-%s-%s', to_char(d.issued, 'YYYY'), lpad((row_number() OVER (PARTITION BY c.company_id ORDER BY d.issued, c.customer_id, n))::text, 6, '0')),
       d.issued, d.issued + c.payment_terms_days,
       ar2c.money_cur_units(((50 + random() * 19950) * 100)::bigint, c.currency)
FROM ar2c.customer c
CROSS JOIN LATERAL generate_series(1, 4 + (c.customer_id % 12)::int) n
-- n in the expression keeps the draw per row (an uncorrelated subquery runs once)
CROSS JOIN LATERAL (SELECT ar2c.aging_date() - (random() * 365 + 0 * n)::int AS issued) d
WHERE c.company_id IN (9001, 9002);

-- each customer pays a number of days late that is its habit; what is
-- due by then is paid: one bank payment per invoice, a few of them short
CREATE TEMP TABLE demo_paid AS
SELECT i.company_id, i.customer_id, i.invoice_id, i.invoice_number, i.amount,
       i.due_date + lateness.days AS paid_on,
       CASE WHEN random() < 0.05 THEN 0.5 ELSE 1 END AS share
FROM ar2c.invoice i
CROSS JOIN LATERAL (SELECT ((i.customer_id * 7919) % 75)::int - 10 + (random() * 10)::int AS days) lateness
WHERE i.company_id IN (9001, 9002) AND i.due_date + lateness.days < ar2c.aging_date();

INSERT INTO ar2c.payment (company_id, value_date, amount, payer_name, remittance_text, bank_reference)
SELECT p.company_id, p.paid_on, ar2c.round_to(p.amount * p.share, 0.01), c.name, p.invoice_number, 'DEMO-' || p.invoice_id
FROM demo_paid p JOIN ar2c.customer c USING (customer_id);

INSERT INTO ar2c.application (customer_id, invoice_id, payment_id, amount, kind, applied_on, reason)
SELECT p.customer_id, p.invoice_id, y.payment_id, y.amount, 'matched', y.value_date, 'remittance names the invoice'
FROM demo_paid p JOIN ar2c.payment y ON y.company_id = p.company_id AND y.bank_reference = 'DEMO-' || p.invoice_id;

-- orders arrive: the first customer near its limit shows the credit check
SELECT customer_id AS tight_customer, ar2c.amount(credit_limit) - ar2c.amount(ar2c.customer_exposure(customer_id)) AS room
FROM ar2c.customer WHERE company_id = 9001 AND currency = 'EUR'
  AND ar2c.amount(credit_limit) - ar2c.amount(ar2c.customer_exposure(customer_id)) > 5000
ORDER BY ar2c.amount(credit_limit) - ar2c.amount(ar2c.customer_exposure(customer_id)) LIMIT 1 \gset
INSERT INTO ar2c.sales_order (company_id, customer_id, order_number, amount)
VALUES (9001, :tight_customer, 'SO-DEMO-1', ar2c.money_cur(trunc(:room / 2), 'EUR')),
       (9001, :tight_customer, 'SO-DEMO-2', ar2c.money_cur(trunc(:room), 'EUR'));
\endif
