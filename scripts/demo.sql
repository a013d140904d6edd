-- The ar2c demo: a realistic ledger, loaded with plain SQL as an ERP would,
-- and what a credit controller looks at.
\set QUIET on
\pset footer off
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ar2c;
SET search_path = public, ar2c;

\echo
\echo '== ar2c' `date +%F`
SELECT extversion AS "ar2c version", (SELECT count(*) FROM ar2c.currencies()) AS "ISO 4217 currencies known"
FROM pg_extension WHERE extname = 'ar2c';

\echo
\echo '== Exact money: amounts carry their currency and never round silently'
SELECT '1234.56 EUR'::money_cur + '0.44 EUR' AS "EUR sum",
       '1000 JPY'::money_cur * 3 AS "JPY times 3",
       '100.000 KWD'::money_cur / 3 AS "KWD thirds (half-even)",
       ar2c.convert('250.00 USD', 'CNY', 7.1234) AS "USD to CNY";
\echo 'Splitting 100.00 EUR three ways: no cent lost or invented'
SELECT ar2c.allocate('100.00 EUR', ARRAY[1, 1, 1]) AS parts;

\echo
\echo '== Loading a year of business (plain INSERTs; triggers keep balances and aging)'
\i scripts/demo_data.sql
SELECT (SELECT count(*) FROM ar2c.company) AS companies, (SELECT count(*) FROM ar2c.customer) AS customers,
       (SELECT count(*) FROM ar2c.invoice) AS invoices, (SELECT count(*) FROM ar2c.payment) AS payments,
       (SELECT count(*) FROM ar2c.application) AS applications, ar2c.aging_date() AS "aging as of";

\echo
\echo '== Aging summary by company (ar2c.aging_summary_by_company: a lookup on maintained balances)'
SELECT c.name AS company, s.currency, s.aging_bucket AS bucket, s.open_items AS items,
       to_char(s.open_amount, 'FM999G999G999G990D00') AS open_amount, s.customers
FROM ar2c.aging_summary_by_company s JOIN ar2c.company c USING (company_id)
ORDER BY c.company_id, s.currency, s.bucket_order;

\echo
\echo '== Customers most overdue (over 60 days)'
SELECT customer_number, customer_name, currency,
       to_char(sum(open_amount) FILTER (WHERE bucket_order >= 4), 'FM999G999G990D00') AS "over 60 days",
       to_char(sum(open_amount), 'FM999G999G990D00') AS "all open"
FROM ar2c.aging_summary_by_customer
GROUP BY customer_number, customer_name, currency
HAVING sum(open_amount) FILTER (WHERE bucket_order >= 4) > 0
ORDER BY sum(open_amount) FILTER (WHERE bucket_order >= 4) DESC
LIMIT 8;

\echo
\echo '== Bank statement: today''s MT940 file imported into payments'
\i scripts/demo_statement.sql

\echo
\echo '== Cash application: today''s payments matched to open invoices (ar2c.apply_cash())'
SELECT outcome, rule, payments, to_char(amount, 'FM999G999G990D00') AS amount, currency FROM ar2c.apply_cash(9001);
\echo 'The exception queue: what waits for a person, with the evidence'
SELECT payment_id, amount, payer_name, remittance_text, rank, customer_name, invoices, confidence, explanation
FROM ar2c.exception_queue WHERE company_id = 9001 AND rank = 1 ORDER BY confidence DESC LIMIT 5;

\echo
\echo '== Credit control: orders checked against limits as they arrive'
SELECT o.order_number, cu.name AS customer, o.amount, o.status, coalesce(o.hold_reason, '') AS reason
FROM ar2c.sales_order o JOIN ar2c.customer cu USING (customer_id)
WHERE o.order_number LIKE 'SO-DEMO-%' ORDER BY o.order_number;

\ir demo_dunning.sql
\ir demo_reconciliation.sql

\ir demo_einvoice.sql

\echo
\echo '== Alerts raised'
SELECT kind, count(*) AS alerts, min(message) AS example FROM ar2c.alert GROUP BY kind ORDER BY kind;

\echo
\echo '== Integrity: maintained state against a recomputation from scratch'
SELECT count(*) AS "problems found by ar2c.check_ledger()" FROM ar2c.check_ledger();

\echo
\echo '== Scale-out: where ar2c.distribute() puts the tables on Citus (doc/scale-out.md)'
SELECT kind, coalesce(distribution_column::text, '') AS "distributed by", count(*) AS tables,
       min(table_name::text) AS example
FROM ar2c.distribution_plan() GROUP BY 1, 2 ORDER BY 1 DESC, 2 DESC;
\echo '== Visual reports: each company''s dashboard and a customer statement as HTML files'
\echo '   (ar2c.report_html(), ar2c.statement_html(); inline SVG, no script, nothing to fetch)'
UPDATE ar2c.company SET language = 'zh' WHERE company_id = 9002 AND language <> 'zh';
SELECT customer_id AS statement_9001 FROM ar2c.dashboard_top_overdue WHERE company_id = 9001 AND rank = 1 \gset
SELECT customer_id AS statement_9002 FROM ar2c.dashboard_top_overdue WHERE company_id = 9002 AND rank = 1 \gset
\! mkdir -p /tmp/ar2c-demo-reports
\pset tuples_only on
\pset format unaligned
\o /tmp/ar2c-demo-reports/dashboard-9001.html
SELECT ar2c.report_html(9001);
\o /tmp/ar2c-demo-reports/dashboard-9002.html
SELECT ar2c.report_html(9002);
\o /tmp/ar2c-demo-reports/statement-9001.html
SELECT ar2c.statement_html(:statement_9001, ar2c.aging_date() - 90, ar2c.aging_date());
\o /tmp/ar2c-demo-reports/statement-9002.html
SELECT ar2c.statement_html(:statement_9002, ar2c.aging_date() - 90, ar2c.aging_date());
\o
\pset format aligned
\pset tuples_only off
\echo 'Written (open them in a browser, or print them):'
\! ls -1 /tmp/ar2c-demo-reports/*.html
