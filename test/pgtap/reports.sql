-- Visual reports (97_reports.sql): the escaping helper, numbers by
-- language, chart scales, the dashboard and the statement: arguments,
-- errors, an empty ledger, hostile names, visibility from the session's
-- role, and the dashboard_* views. The browser suite is test/reports.
BEGIN;
SET search_path = public, ar2c;
SET client_min_messages = warning;
SELECT plan(53);

-- the escaping helper
SELECT is(html_escape('<script>alert("x")</script>'), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
          'html_escape: tags and double quotes');
SELECT is(html_escape('O''Brien & Sons'), 'O&#39;Brien &amp; Sons', 'html_escape: apostrophes and ampersands');
SELECT is(html_escape('&amp;'), '&amp;amp;', 'html_escape: an entity already written is text, escaped again');
SELECT is(html_escape('上海 <b>'), '上海 &lt;b&gt;', 'html_escape: other characters stay');
SELECT is(html_escape(NULL), NULL, 'html_escape: NULL');

-- numbers and dates by language
SELECT is(format_number(1234567.891, 2, 'en'), '1,234,567.89', 'format_number: English');
SELECT is(format_number(1234567.891, 2, 'de'), '1.234.567,89', 'format_number: German');
SELECT is(format_number(1234567.891, 2, 'fr'), '1' || chr(8239) || '234' || chr(8239) || '567,89',
          'format_number: French, narrow no-break spaces');
SELECT is(format_number(1234567.891, 2, 'zh'), '1,234,567.89', 'format_number: Chinese');
SELECT is(format_number(-0.005, 2, 'en'), '-0.01', 'format_number: half away from zero');
SELECT is(format_number(-0.004, 2, 'de-AT'), '0,00', 'format_number: no negative zero; a region is ignored');
SELECT throws_ok($$SELECT format_number(1, 2, 'es')$$, '22023', NULL, 'format_number: an unknown language');
SELECT throws_ok($$SELECT format_number(1, 21, 'en')$$, '22023', NULL, 'format_number: too many decimals');
SELECT throws_ok($$SELECT format_number('NaN', 2, 'en')$$, '22023', NULL, 'format_number: NaN');
SELECT is(format_number(NULL, 2, 'en'), NULL, 'format_number: NULL');
SELECT is(report_date('2026-05-31', 'de'), '31.05.2026', 'report_date: German');
SELECT is(report_date('2026-05-31', 'zh'), '2026年5月31日', 'report_date: Chinese');
SELECT is(report_language('de-CH'), 'de', 'report_language: a region');
SELECT is(report_language('es'), 'en', 'report_language: English for another');
SELECT is(report_bucket('over 120', 'fr'), 'plus de 120 jours', 'report_bucket: the last bucket in French');

-- chart scales
SELECT is((SELECT row(low, high, step, decimals, ticks)::text FROM chart_scale(0, 95, 6)),
          '(0,100,20,0,"{0,20,40,60,80,100}")', 'chart_scale: a nice step from zero');
SELECT is((SELECT ticks FROM chart_scale(0, 0.37, 5)), '{0,0.1,0.2,0.3,0.4}'::float8[],
          'chart_scale: fractions without accumulated error');
SELECT throws_ok($$SELECT chart_scale(2, 1, 5)$$, '22023', NULL, 'chart_scale: min above max');
SELECT throws_ok($$SELECT chart_scale(0, 'Infinity', 5)$$, '22023', NULL, 'chart_scale: infinity');
SELECT throws_ok($$SELECT chart_scale(0, 1, 1)$$, '22023', NULL, 'chart_scale: too few ticks');
SELECT throws_ok($$SELECT svg_bar_chart('t', ARRAY['a', 'b'], ARRAY['s'], ARRAY[1]::numeric[], 'en')$$, '22023', NULL,
                 'svg_bar_chart: an amount missing');
SELECT ok(svg_bar_chart('t', ARRAY['a'], ARRAY['s'], ARRAY[1]::numeric[], 'en', ARRAY['red" onmouseover="alert(1)'])
          !~ '" onmouseover="', 'svg_bar_chart: a colour given is escaped too');
-- bar heights are proportional to their values
SELECT is((SELECT array_agg(m[1]::numeric ORDER BY n)
           FROM regexp_matches(svg_bar_chart('t', ARRAY['a', 'b'], ARRAY['s'], ARRAY[100, 50]::numeric[], 'en'),
                               'class="bar"[^>]* height="([0-9.]+)"', 'g') WITH ORDINALITY r(m, n)),
          '{220.000,110.000}'::numeric[], 'svg_bar_chart: heights in proportion to the values (scale 0 to 100)');

-- a ledger: one company with hostile names, one empty, one for another role
INSERT INTO company (company_id, name, functional_currency, language) VALUES
    (1, '<script>alert(1)</script> & "Co"', 'EUR', 'en'), (2, 'Leer GmbH', 'EUR', 'de'), (3, 'Other', 'EUR', 'fr');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, credit_grade) VALUES
    (101, 1, 'C-101', '<img src=x onerror=alert(2)>', 'EUR', 'fr', 'B'),
    (301, 3, 'C-301', 'Hidden', 'EUR', 'en', NULL);
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount) VALUES
    (1, 101, 'I-1', '2026-03-01', '2026-03-31', '1000.00 EUR'),
    (1, 101, 'I-2', '2026-06-01', '2026-07-01', '250.50 EUR'),
    (3, 301, 'O-1', '2026-06-01', '2026-07-01', '99.00 EUR');
SELECT roll_aging('2026-06-30') IS NOT NULL AS rolled \gset

SELECT is(report_html(99), NULL, 'report_html: NULL for an unknown company');
SELECT throws_ok($$SELECT report_html(1, NULL)$$, '22004', NULL, 'report_html: a NULL date');
SELECT throws_ok($$SELECT report_html(1, 'infinity')$$, '22023', NULL, 'report_html: an infinite date');
SELECT is(report_html(1), report_html(1, '2026-06-30', 'EUR'),
          'report_html: on the aging date, in the reporting currency, by default');
SELECT ok(report_html(1) !~* '<script|<img', 'report_html: no element from a name');
SELECT ok(strpos(report_html(1), '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;') > 0,
          'report_html: the company''s name escaped');
SELECT ok(strpos(report_html(1), 'id="empty"') = 0, 'report_html: a company with invoices is not empty');
SELECT ok(strpos(report_html(1, '2026-06-30', 'JPY'), 'No exchange rate into JPY on 2026-06-30 for EUR: these amounts are left out.') > 0,
          'report_html: in a currency without a rate, the amounts left out are named, not added unconverted');
SELECT ok(strpos(report_html(1), '1,250.50 EUR') > 0, 'report_html: the open total in English');
SELECT ok(strpos(report_html(2), 'Keine Forderungen: Diese Firma hat noch keine Rechnungen oder Zahlungen.') > 0,
          'report_html: an empty ledger says so, in the company''s language');
SELECT ok(report_html(2) ~ '^<!DOCTYPE html>' AND report_html(2) ~ '</html>\n$',
          'report_html: an empty ledger is a whole document');
SELECT ok(report_html(1) !~* '<[^>]*\s(src|href|xlink:href)\s*=|@import|url\(|@font-face', 'report_html: nothing to fetch');

SELECT is(statement_html(999, '2026-01-01', '2026-06-30'), NULL, 'statement_html: NULL for an unknown customer');
SELECT throws_ok($$SELECT statement_html(101, NULL, '2026-06-30')$$, '22004', NULL, 'statement_html: a NULL date');
SELECT throws_ok($$SELECT statement_html(101, '2026-06-30', '2026-01-01')$$, '22023', NULL,
                 'statement_html: a period backwards');
SELECT ok(strpos(statement_html(101, '2026-01-01', '2026-06-30'), 'Relevé de compte') > 0,
          'statement_html: in the customer''s language');
SELECT ok(strpos(statement_html(101, '2026-01-01', '2026-06-30'), '&lt;img src=x onerror=alert(2)&gt;') > 0
          AND statement_html(101, '2026-01-01', '2026-06-30') !~* '<img|<script',
          'statement_html: the customer''s name escaped, the company''s too');
SELECT ok(strpos(statement_html(101, '2026-01-01', '2026-06-30'), '1' || chr(8239) || '250,50') > 0,
          'statement_html: the closing balance in French');

-- the views give what the functions give
SELECT is((SELECT sum(reporting_amount) FROM dashboard_aging WHERE company_id = 1), 1250.50,
          'dashboard_aging: the open amount on the aging date');
SELECT set_eq($$SELECT bucket_order, currency, reporting_amount FROM dashboard_aging WHERE company_id = 1$$,
              $$SELECT bucket_order, currency, reporting_amount FROM report_aging(1, '2026-06-30')$$,
              'dashboard_aging: what report_aging gives');
SELECT is((SELECT customer_name FROM dashboard_top_overdue WHERE company_id = 1), '<img src=x onerror=alert(2)>',
          'dashboard_top_overdue: the overdue customer, its name as it is');

-- a reporting role that may see company 1 only
DO $$ BEGIN PERFORM ar2c.create_roles(); END $$;
CREATE ROLE reports_reader IN ROLE ar2c_reporting;
INSERT INTO company_access (role_name, company_id) VALUES ('reports_reader', 1);
SET ROLE reports_reader;
SELECT ok(report_html(1) IS NOT NULL, 'reporting: the dashboard of its company');
SELECT is(report_html(3), NULL, 'reporting: NULL for a company it may not see, as for an unknown one');
SELECT is(statement_html(301, '2026-01-01', '2026-06-30'), NULL,
          'reporting: NULL for a customer of a company it may not see');
SELECT is((SELECT array_agg(DISTINCT company_id) FROM dashboard_aging), '{1}'::bigint[],
          'reporting: the dashboard views show its company only');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
