-- One reporting currency (issue 17): every report shows amounts in their
-- own currency beside their conversion into the company's functional
-- currency at a stated rate date, totals across currencies in it, ranks by
-- it, and never drops or sums raw an item whose currency has no rate.
BEGIN;
SET search_path = public, ar2c;
SELECT plan(45);

SELECT roll_aging('2026-06-30');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (101, 1, 'C-101', 'Beta AG', 'EUR'), (102, 1, 'C-102', 'Gamma SARL', 'EUR'), (103, 1, 'C-103', 'Tanaka KK', 'JPY');
-- 1 USD = 0.80 EUR from January, 0.90 EUR from June; 1 EUR = 160 JPY (the
-- other direction)
INSERT INTO fx_rate (from_currency, to_currency, rate_date, rate) VALUES
  ('USD', 'EUR', '2026-01-01', 0.80), ('USD', 'EUR', '2026-06-01', 0.90), ('EUR', 'JPY', '2026-01-01', 160);
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 101, 1, 'INV-E1', '2026-05-01', '2026-05-31', '1000.00 EUR'),
  (1, 101, 2, 'INV-U1', '2026-05-01', '2026-05-31', '500.00 USD'),
  (1, 102, 3, 'INV-E2', '2026-04-01', '2026-05-01', '900.00 EUR'),
  (1, 103, 4, 'INV-J1', '2026-04-01', '2026-05-01', '99999 JPY');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES (1, 1, 101, '2026-06-15', '100.00 USD');

-- Aging by bucket: it had no currency column and summed the EUR items only
SELECT is((SELECT array_agg(a.currency ORDER BY a.currency) FROM aging_by_bucket_as_of(1, '2026-06-30') a
           WHERE a.aging_bucket = '1-30'),
          '{EUR,USD}', 'aging_by_bucket_as_of shows the USD invoice beside the EUR one, each in its currency');
SELECT is((SELECT row(a.open_amount, a.reporting_currency, a.reporting_amount, a.rate_date)::text
           FROM aging_by_bucket_as_of(1, '2026-06-30') a WHERE a.currency = 'USD'),
          row(500.00, 'EUR', 450.00, date '2026-06-30')::text, 'the USD bucket converted at the rate in force on the as-of date');
SELECT is((SELECT sum(reporting_amount) FROM aging_by_bucket_as_of(1, '2026-06-30')), 2974.99,
          'the buckets total across currencies in EUR (99,999 JPY = 624.99 EUR)');
SELECT is((SELECT array_agg(a.currency) FROM aging_by_bucket_as_of(1, '2026-06-30', currency => 'USD') a
           WHERE a.open_amount <> 0),
          '{USD}', 'a currency asked for: only its items');
SELECT is((SELECT count(*) FROM aging_by_bucket_as_of(1, '2026-06-30') WHERE currency = 'EUR'), 6::bigint,
          'every bucket has a row in the reporting currency, empty ones with 0');

-- The as-of aging and the open items
SELECT is((SELECT row(a.reporting_currency, a.reporting_amount, a.rate_date)::text FROM aging_as_of(1, '2026-06-30') a
           WHERE a.invoice_number = 'INV-J1'),
          row('EUR'::currency, '624.99 EUR'::money_cur, date '2026-06-30')::text, 'aging_as_of converts each item');
SELECT is((SELECT a.reporting_amount FROM aging_as_of(1, '2026-05-31') a WHERE a.invoice_number = 'INV-U1'),
          '400.00 EUR'::money_cur, 'at the rate in force on the as-of date (0.80 in May)');
SELECT is((SELECT a.reporting_amount FROM open_items_as_of(1, '2026-06-30') a WHERE a.invoice_number = 'INV-U1'),
          '450.00 EUR'::money_cur, 'open_items_as_of converts each item');

-- The BI views of the aging
SELECT is((SELECT row(currency, open_amount, reporting_currency, reporting_amount, rate_date)::text FROM aging_detail
           WHERE invoice_number = 'INV-U1'),
          row('USD', 500.00, 'EUR', 450.00, date '2026-06-30')::text, 'aging_detail: the original and the converted amount');
SELECT is((SELECT sum(reporting_amount) FROM aging_summary_by_customer WHERE aging_bucket = '1-30'), 1450.00,
          'aging_summary_by_customer totals across currencies in EUR');
SELECT is((SELECT sum(reporting_amount) FROM aging_summary_by_company), 2974.99,
          'aging_summary_by_company totals across currencies in EUR');
SELECT is((SELECT sum(reporting_amount) FROM open_items WHERE customer_id = 101), 1360.00,
          'open_items: invoices less unapplied cash, all in EUR');
SELECT is((SELECT row(open_amount, reporting_currency, reporting_amount, missing_rates)::text FROM customer_balances
           WHERE customer_id = 101),
          row(1000.00, 'EUR', 1450.00, 0)::text, 'customer_balances: open AR of every currency in EUR beside the billing currency''s');
SELECT is((SELECT row(reporting_currency, reporting_amount)::text FROM unapplied_cash_queue WHERE payment_id = 1),
          row('EUR', 90.00)::text, 'unapplied_cash_queue converts the unapplied amount');

-- The collector worklist ranked 99,999 JPY (625 EUR) first in its
-- currency, beside 900 EUR; now one ranking by the converted amount
SELECT is((SELECT array_agg(customer_number || ' ' || currency ORDER BY priority) FROM collector_worklist),
          '{"C-101 EUR","C-102 EUR","C-103 JPY","C-101 USD"}', 'the worklist ranks by the amount at risk in EUR');
SELECT ok((SELECT priority FROM collector_worklist WHERE customer_id = 102)
          < (SELECT priority FROM collector_worklist WHERE customer_id = 103), '900 EUR comes before 99,999 JPY');
SELECT is((SELECT row(reporting_currency, reporting_amount, reporting_amount_at_risk, rate_date)::text
           FROM collector_worklist WHERE customer_id = 103),
          row('EUR', 624.99, 624.99, date '2026-06-30')::text, 'the worklist shows the converted amounts');

-- Provision
INSERT INTO provision_rate (company_id, aging_bucket, loss_rate) VALUES (1, '1-30', 0.1), (1, '31-60', 0.2);
SELECT is((SELECT row(allowance, reporting_currency, reporting_open_amount, reporting_allowance, rate_date)::text
           FROM provision(1, '2026-06-30') WHERE currency = 'USD'),
          row(50.00, 'EUR', 450.00, 45.00, date '2026-06-30')::text, 'provision: the allowance converted');
SELECT is((SELECT sum(reporting_allowance) FROM provision(1, '2026-06-30')), 100 + 45 + 180 + 125.00,
          'the allowance totals across currencies in EUR');
SELECT is((SELECT sum(reporting_allowance) FROM provision_by_customer), 450.00,
          'provision_by_customer: the same total');

-- Metrics: they counted the functional currency only (sales 1,900)
SELECT is((SELECT sales FROM period_metrics(1, '2026-04-01', '2026-06-30')), 2974.99,
          'period_metrics: sales of every currency at the period end''s rate');
SELECT is((SELECT closing_receivables FROM period_metrics(1, '2026-04-01', '2026-06-30')), 2974.99,
          'closing receivables of every currency at the period end''s rate');
SELECT is((SELECT sales FROM period_metrics(1, '2026-04-01', '2026-06-30', currency => 'USD')), 500.00,
          'a currency asked for: that currency only, unconverted');
SELECT is((SELECT array_agg(row(month, sales)::text ORDER BY month) FROM monthly_metrics(1, '2026-04-01', '2026-06-30')),
          ARRAY[row(date '2026-04-01', 1524.99)::text, row(date '2026-05-01', 1400.00)::text,
                row(date '2026-06-01', 0)::text],
          'monthly_metrics: each month''s sales at its last day''s rate (USD at 0.80 in May)');
SELECT is((SELECT row(currency, reporting_currency, sales, rate_date)::text FROM metrics_by_month WHERE month = '2026-05-01'),
          row('EUR', 'EUR', 1400.00, date '2026-05-31')::text, 'metrics_by_month: in the reporting currency, with the rate date');
SELECT is((SELECT row(from_amount, to_amount)::text FROM roll_rates(1, '2026-06-01', '2026-06-30')
           WHERE from_bucket = 'not due'),
          row(1400.00, 1450.00)::text, 'roll_rates: each month end''s buckets at that day''s rate');
SELECT ok(dso_countback(1, '2026-06-30') > dso_countback(1, '2026-06-30', currency => 'EUR'), 'countback DSO counts the receivables of every currency');

-- The customer statement dropped the USD invoice and payment
SELECT is((SELECT count(*) FROM customer_statement(101, '2026-05-01', '2026-06-30') WHERE reference = 'INV-U1'), 1::bigint,
          'customer_statement lists the USD invoice');
SELECT is((SELECT array_agg(row(currency, balance)::text ORDER BY line_no) FROM customer_statement(101, '2026-05-01', '2026-06-30')
           WHERE line_type = 'item'),
          ARRAY[row('EUR', 1000.00)::text, row('USD', 500.00)::text, row('USD', 400.00)::text],
          'a running balance per currency');
SELECT is((SELECT array_agg(row(currency, balance, reporting_amount)::text ORDER BY line_no)
           FROM customer_statement(101, '2026-05-01', '2026-06-30') WHERE line_type = 'closing'),
          ARRAY[row('EUR', 1000.00, 1000.00)::text, row('USD', 400.00, 360.00)::text],
          'a closing balance per currency, billing currency first, converted');
SELECT is((SELECT row(currency, balance, reporting_currency, reporting_amount, rate_date)::text
           FROM customer_statement(101, '2026-05-01', '2026-06-30') WHERE line_type = 'total'),
          row(NULL::text, NULL::numeric, 'EUR', 1360.00, date '2026-06-30')::text, 'a total of every currency in EUR');
SELECT is((SELECT sum(balance) FROM customer_statement(101, '2026-05-01', '2026-06-30')
           WHERE line_type = 'aging' AND currency = 'USD'), 400.00, 'the aging of each currency adds up to its closing balance');
SELECT is((SELECT array_agg(DISTINCT currency) FROM customer_statement(101, '2026-05-01', '2026-06-30', 'USD')), '{USD}',
          'a statement in one currency asked for');
SELECT is((SELECT array_agg(row(currency, balance, reporting_amount)::text ORDER BY currency, item_date)
           FROM account_movements WHERE customer_id = 101),
          ARRAY[row('EUR', 1000.00, 1000.00)::text, row('USD', 500.00, 450.00)::text, row('USD', 400.00, 360.00)::text],
          'account_movements: every currency, a running balance per currency, converted');

-- The reporting role, which reads no table, gets the conversions through
-- the views and the wrappers; a role of another company gets no rates
SELECT ar2c.create_roles();
CREATE ROLE rc_reader IN ROLE ar2c_reporting;
CREATE ROLE rc_stranger IN ROLE ar2c_reporting;
INSERT INTO company_access (role_name, company_id) VALUES ('rc_reader', 1);
SET ROLE rc_reader;
SELECT is((SELECT sum(reporting_amount) FROM ar2c.aging_detail), 2974.99, 'the reporting role reads the converted aging');
SELECT is((SELECT reporting_amount FROM ar2c.visible_customer_statement(101, '2026-05-01', '2026-06-30')
           WHERE line_type = 'total'), 1360.00, 'and the statement''s total');
RESET ROLE;
SET ROLE rc_stranger;
SELECT is((SELECT count(*) FROM ar2c.reporting_rates('2026-06-30')), 0::bigint, 'a role sees no rates of a company it may not see');
RESET ROLE;

-- A currency without a rate: GBP. Rows keep their amount and have no
-- conversion; totals count them; a single figure is refused.
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 102, 5, 'INV-G1', '2026-06-01', '2026-06-10', '200.00 GBP');
SELECT is((SELECT row(open_amount, reporting_amount, rate_date)::text FROM aging_by_bucket_as_of(1, '2026-06-30')
           WHERE currency = 'GBP'),
          row(200.00, NULL::numeric, date '2026-06-30')::text, 'aging_by_bucket_as_of: a GBP row, not converted');
SELECT is((SELECT row(open_amount, reporting_amount)::text FROM aging_detail WHERE invoice_number = 'INV-G1'),
          row(200.00, NULL::numeric)::text, 'aging_detail: the item stays, its conversion is NULL');
SELECT is((SELECT row(reporting_amount, missing_rates)::text FROM customer_balances WHERE customer_id = 102),
          row(900.00, 1)::text, 'customer_balances: the total leaves it out and says so');
SELECT is((SELECT customer_number || ' ' || currency FROM collector_worklist ORDER BY priority DESC LIMIT 1), 'C-102 GBP',
          'the worklist ranks an item without a rate last, not by its raw amount');
SELECT is((SELECT row(reporting_amount, reference)::text FROM customer_statement(102, '2026-06-01', '2026-06-30')
           WHERE line_type = 'total'),
          row(NULL::numeric, 'no rate for GBP')::text, 'the statement''s total is NULL and names the currency without a rate');
SELECT throws_ok($$SELECT * FROM period_metrics(1, '2026-04-01', '2026-06-30')$$, '22023',
                 'no exchange rate from GBP to EUR on or before 2026-06-30', 'period_metrics refuses a currency without a rate');
SELECT throws_ok($$SELECT * FROM roll_rates(1, '2026-06-01', '2026-06-30')$$, '22023',
                 'no exchange rate from GBP to EUR on or before 2026-06-30', 'roll_rates refuses a currency without a rate');

-- Days to pay weighted across currencies: 100 EUR paid after 20 days,
-- 1,000 USD (900 EUR) after 10; it weighted the EUR invoice only (20)
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 101, 6, 'INV-E6', '2026-06-01', '2026-06-11', '100.00 EUR'),
  (1, 101, 7, 'INV-U7', '2026-06-11', '2026-06-21', '1000.00 USD');
INSERT INTO payment (company_id, payment_id, customer_id, value_date, amount) VALUES
  (1, 2, 101, '2026-06-21', '100.00 EUR'), (1, 3, 101, '2026-06-21', '1000.00 USD');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind, applied_on) VALUES
  (101, 6, 2, '100.00 EUR', 'manual', '2026-06-21'), (101, 7, 3, '1000.00 USD', 'manual', '2026-06-21');
SELECT is((SELECT row(invoices, paid_amount, average_days_to_pay)::text FROM days_to_pay(1, '2026-06-01', '2026-06-30')),
          row(2, 1000.00, 11.00)::text, 'days_to_pay weights every currency by its amount in EUR');

SELECT * FROM finish();
ROLLBACK;
