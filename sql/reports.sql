--
-- The reports in a database that is not UTF-8: the extension installs
-- (its script holds no character outside ASCII), texts a LATIN1 database
-- can hold are written in their language, Chinese falls back to English,
-- and French numbers group with plain spaces.
--
CREATE DATABASE ar2c_reports_latin1 TEMPLATE template0 ENCODING 'LATIN1'
    LC_COLLATE 'C' LC_CTYPE 'C';
\set regress_db :DBNAME
\c ar2c_reports_latin1
SET client_encoding = 'UTF8';
CREATE EXTENSION ar2c;
SELECT ar2c.report_text('statement_title', 'fr') AS fr, ar2c.report_text('total_open', 'de') AS de,
       ar2c.report_text('statement_title', 'zh') AS zh, ar2c.report_language('zh') AS zh_is,
       ar2c.format_number(1234567.5, 2, 'fr') AS fr_number, ar2c.report_date('2026-05-31', 'zh') AS zh_date;
INSERT INTO ar2c.company (company_id, name, functional_currency, language) VALUES
    (1, 'Société Générale', 'EUR', 'fr'), (2, 'Shanghai', 'EUR', 'zh');
INSERT INTO ar2c.customer (customer_id, company_id, customer_number, name, currency, language)
    VALUES (101, 1, 'C-101', 'Müller', 'EUR', 'de');
INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
    VALUES (1, 101, 'I-1', '2026-03-01', '2026-03-31', '1234.50 EUR');
SELECT strpos(ar2c.report_html(1, '2026-06-30'), 'Créances ouvertes') > 0 AS french_dashboard,
       strpos(ar2c.report_html(2, '2026-06-30'), 'Receivables dashboard') > 0 AS chinese_falls_back_to_english,
       strpos(ar2c.statement_html(101, '2026-01-01', '2026-06-30'), 'Kontoauszug') > 0 AS german_statement;
\c :regress_db
DROP DATABASE ar2c_reports_latin1;
