-- BI views of reconciliation, the chain, metrics and provision: plain
-- column types only (numeric amounts beside a text currency, date, text
-- labels), one row shape per view, and only the companies the reader may
-- see. With the views of 45_bi_views.sql and ar2c.order_chain (91) they
-- are the BI surface; doc/bi_views.md lists them all.
--
-- The views run with their owner's rights on tables, but functions run
-- with the reader's; the metric views therefore call the SECURITY DEFINER
-- wrappers below, which check that the reader may see the company. They
-- are also how a reporting role, which reads no table, runs the reports
-- for other periods, customers or currencies (doc/bi_views.md).

CREATE FUNCTION ar2c.visible_monthly_metrics(company_id bigint, from_month date, to_month date,
    customers bigint[] DEFAULT NULL, currency ar2c.currency DEFAULT NULL,
    OUT month date, OUT sales numeric, OUT closing_receivables numeric, OUT closing_current numeric,
    OUT dso numeric, OUT dso_countback numeric, OUT best_possible_dso numeric, OUT average_days_delinquent numeric,
    OUT collection_effectiveness numeric, OUT average_days_to_pay numeric, OUT period_end date, OUT partial boolean)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.* FROM ar2c.monthly_metrics($1, $2, $3, $4, $5) m WHERE ar2c.company_visible($1)
$$;
COMMENT ON FUNCTION ar2c.visible_monthly_metrics(bigint, date, date, bigint[], ar2c.currency) IS
    'ar2c.monthly_metrics() for a reader who may see the company (no rows otherwise), for the BI views and the reporting role';

CREATE FUNCTION ar2c.visible_roll_rates(company_id bigint, from_month date, to_month date,
    customers bigint[] DEFAULT NULL, currency ar2c.currency DEFAULT NULL,
    OUT month date, OUT from_bucket text, OUT to_bucket text, OUT from_amount numeric, OUT to_amount numeric,
    OUT roll_rate numeric)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.* FROM ar2c.roll_rates($1, $2, $3, $4, $5) r WHERE ar2c.company_visible($1)
$$;
COMMENT ON FUNCTION ar2c.visible_roll_rates(bigint, date, date, bigint[], ar2c.currency) IS
    'ar2c.roll_rates() for a reader who may see the company (no rows otherwise), for the BI views and the reporting role';

CREATE FUNCTION ar2c.visible_provision(company_id bigint, as_of date,
    OUT company_id bigint, OUT customer_id bigint, OUT currency text, OUT aging_bucket text, OUT bucket_order integer,
    OUT open_amount numeric, OUT loss_rate numeric, OUT allowance numeric,
    OUT reporting_currency text, OUT reporting_open_amount numeric, OUT reporting_allowance numeric, OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.* FROM ar2c.provision($1, $2) p WHERE ar2c.company_visible($1)
$$;
COMMENT ON FUNCTION ar2c.visible_provision(bigint, date) IS
    'ar2c.provision() of one company for a reader who may see it (no rows otherwise), for the BI views and the reporting role';

CREATE FUNCTION ar2c.visible_customer_statement(customer_id bigint, from_date date, to_date date,
    statement_currency ar2c.currency DEFAULT NULL,
    OUT line_no integer, OUT line_type text, OUT item_date date, OUT item_kind text, OUT reference text,
    OUT due_date date, OUT debit numeric, OUT credit numeric, OUT balance numeric, OUT aging_bucket text,
    OUT currency text, OUT reporting_currency text, OUT reporting_amount numeric, OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.* FROM ar2c.customer c CROSS JOIN LATERAL ar2c.customer_statement($1, $2, $3, $4) s
    WHERE c.customer_id OPERATOR(pg_catalog.=) $1 AND ar2c.company_visible(c.company_id)
$$;
COMMENT ON FUNCTION ar2c.visible_customer_statement(bigint, date, date, ar2c.currency) IS
    'ar2c.customer_statement() for a reader who may see the customer''s company (no rows otherwise), for the reporting role';

CREATE VIEW ar2c.metrics_by_month AS
SELECT co.company_id, co.functional_currency::text AS currency, m.month, m.sales, m.closing_receivables,
       m.closing_current, m.dso, m.dso_countback, m.best_possible_dso, m.average_days_delinquent,
       m.collection_effectiveness, m.average_days_to_pay, m.period_end, m.partial,
       co.functional_currency::text AS reporting_currency, m.period_end AS rate_date
FROM ar2c.company co
CROSS JOIN LATERAL ar2c.visible_monthly_metrics(co.company_id,
                                                (date_trunc('month', (SELECT ar2c.aging_date())) - interval '11 months')::date,
                                                (SELECT ar2c.aging_date())) m
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.metrics_by_month IS 'per company and month, the twelve months to the aging date, every currency converted into the reporting (functional) currency: sales, receivables, DSO (standard and countback), best possible DSO, average days delinquent, collection effectiveness index and average days to pay (the month of the aging date counts to it, marked partial)';
COMMENT ON COLUMN ar2c.metrics_by_month.company_id IS 'the company';
COMMENT ON COLUMN ar2c.metrics_by_month.currency IS 'the currency the figures are in: the reporting (functional) currency, into which every other currency is converted';
COMMENT ON COLUMN ar2c.metrics_by_month.month IS 'first day of the month';
COMMENT ON COLUMN ar2c.metrics_by_month.sales IS 'amount invoiced in the month, to the period end';
COMMENT ON COLUMN ar2c.metrics_by_month.closing_receivables IS 'open invoices at the period end (the month end, or the aging date)';
COMMENT ON COLUMN ar2c.metrics_by_month.closing_current IS 'of which not yet due';
COMMENT ON COLUMN ar2c.metrics_by_month.dso IS 'days sales outstanding: closing receivables / sales * days of the period';
COMMENT ON COLUMN ar2c.metrics_by_month.dso_countback IS 'countback DSO at the period end';
COMMENT ON COLUMN ar2c.metrics_by_month.best_possible_dso IS 'closing current receivables / sales * days';
COMMENT ON COLUMN ar2c.metrics_by_month.average_days_delinquent IS 'DSO less best possible DSO';
COMMENT ON COLUMN ar2c.metrics_by_month.collection_effectiveness IS 'collection effectiveness index, percent';
COMMENT ON COLUMN ar2c.metrics_by_month.average_days_to_pay IS 'amount-weighted days from issue to payment of the invoices settled in the month';
COMMENT ON COLUMN ar2c.metrics_by_month.period_end IS 'the day the figures are as of: the month end, or the aging date for the month under way';
COMMENT ON COLUMN ar2c.metrics_by_month.partial IS 'the month is under way: its figures count to the aging date, not to the month end';
COMMENT ON COLUMN ar2c.metrics_by_month.reporting_currency IS 'the company''s reporting currency (its functional currency), the same as currency';
COMMENT ON COLUMN ar2c.metrics_by_month.rate_date IS 'the day whose exchange rate converts the sales and closing receivables: the period end';

CREATE VIEW ar2c.roll_rates_by_month AS
SELECT co.company_id, co.functional_currency::text AS currency, r.month, r.from_bucket, r.to_bucket,
       r.from_amount, r.to_amount, r.roll_rate, co.functional_currency::text AS reporting_currency
FROM ar2c.company co
CROSS JOIN LATERAL ar2c.visible_roll_rates(co.company_id,
                                           (date_trunc('month', (SELECT ar2c.aging_date())) - interval '11 months')::date,
                                           (SELECT ar2c.aging_date())) r
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.roll_rates_by_month IS 'per company, month and aging bucket, the twelve months to the aging date: the share of the bucket''s amount at the previous month end found in the next bucket at this month end';
COMMENT ON COLUMN ar2c.roll_rates_by_month.company_id IS 'the company';
COMMENT ON COLUMN ar2c.roll_rates_by_month.currency IS 'the reporting (functional) currency the amounts are in: every currency converted at the rate of each month end';
COMMENT ON COLUMN ar2c.roll_rates_by_month.month IS 'first day of the month';
COMMENT ON COLUMN ar2c.roll_rates_by_month.from_bucket IS 'aging bucket at the previous month end';
COMMENT ON COLUMN ar2c.roll_rates_by_month.to_bucket IS 'the next bucket (the last rolls into itself)';
COMMENT ON COLUMN ar2c.roll_rates_by_month.from_amount IS 'amount in from_bucket at the previous month end';
COMMENT ON COLUMN ar2c.roll_rates_by_month.to_amount IS 'amount in to_bucket at this month end';
COMMENT ON COLUMN ar2c.roll_rates_by_month.roll_rate IS 'to_amount / from_amount; NULL when from_amount is 0';
COMMENT ON COLUMN ar2c.roll_rates_by_month.reporting_currency IS 'the company''s reporting currency (its functional currency), the same as currency; from_amount is converted at the previous month end''s rate, to_amount at this month end''s';

CREATE VIEW ar2c.provision_by_customer AS
SELECT p.company_id, p.customer_id, c.customer_number, c.name AS customer_name, p.currency, p.aging_bucket,
       p.bucket_order, p.open_amount, p.loss_rate, p.allowance, (SELECT ar2c.aging_date()) AS as_of, p.reporting_currency,
       p.reporting_open_amount, p.reporting_allowance, p.rate_date
FROM ar2c.company co
CROSS JOIN LATERAL ar2c.visible_provision(co.company_id, (SELECT ar2c.aging_date())) p
JOIN ar2c.customer c ON c.customer_id = p.customer_id
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.provision_by_customer IS 'the loss allowance on the aging date by customer, currency and aging bucket, from the provision matrix (ar2c.provision_rate)';
COMMENT ON COLUMN ar2c.provision_by_customer.company_id IS 'the company';
COMMENT ON COLUMN ar2c.provision_by_customer.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.provision_by_customer.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.provision_by_customer.customer_name IS 'the customer''s name';
COMMENT ON COLUMN ar2c.provision_by_customer.currency IS 'ISO 4217 code of the amounts';
COMMENT ON COLUMN ar2c.provision_by_customer.aging_bucket IS 'aging bucket label';
COMMENT ON COLUMN ar2c.provision_by_customer.bucket_order IS 'position of the bucket, 1 = not due';
COMMENT ON COLUMN ar2c.provision_by_customer.open_amount IS 'open amount in the bucket';
COMMENT ON COLUMN ar2c.provision_by_customer.loss_rate IS 'the bucket''s loss rate (0 when the matrix has none)';
COMMENT ON COLUMN ar2c.provision_by_customer.allowance IS 'loss allowance: each item''s open amount times the rate, rounded to the minor unit';
COMMENT ON COLUMN ar2c.provision_by_customer.as_of IS 'the aging date';
COMMENT ON COLUMN ar2c.provision_by_customer.reporting_currency IS 'the company''s reporting currency (its functional currency)';
COMMENT ON COLUMN ar2c.provision_by_customer.reporting_open_amount IS 'open_amount in the reporting currency at the rate in force on rate_date; NULL when there is no rate';
COMMENT ON COLUMN ar2c.provision_by_customer.reporting_allowance IS 'allowance in the reporting currency at the rate in force on rate_date; NULL when there is no rate';
COMMENT ON COLUMN ar2c.provision_by_customer.rate_date IS 'the day whose exchange rate converts the amounts: the aging date';

CREATE VIEW ar2c.account_movements AS
SELECT m.company_id, m.customer_id, m.customer_number, m.currency, m.item_date, m.item_kind, m.item_id, m.reference,
       m.debit, m.credit, m.balance, co.functional_currency::text AS reporting_currency,
       ar2c.amount(ar2c.convert_at(ar2c.money_cur(m.balance, m.currency::ar2c.currency), co.functional_currency,
                                   r.rate, r.inverse)) AS reporting_amount,
       (SELECT ar2c.aging_date()) AS rate_date
FROM (SELECT t.company_id, t.customer_id, c.customer_number, t.currency, t.item_date, t.item_kind, t.item_id,
             t.reference, CASE WHEN t.amount > 0 THEN t.amount END AS debit,
             CASE WHEN t.amount < 0 THEN -t.amount END AS credit,
             sum(t.amount) OVER (PARTITION BY t.customer_id, t.currency
                                 ORDER BY t.item_date, t.item_kind, t.item_id) AS balance
      FROM ar2c.account_item t
      JOIN ar2c.customer c ON c.customer_id = t.customer_id) m
JOIN ar2c.company co ON co.company_id = m.company_id
LEFT JOIN ar2c.reporting_rates((SELECT ar2c.aging_date())) r
       ON r.company_id = m.company_id AND r.currency OPERATOR(ar2c.=) m.currency::ar2c.currency
WHERE m.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.account_movements IS 'every movement of each customer''s account in every currency (invoices, credit notes, payments, write-offs) with a running balance per currency: the customer statement for BI tools';
COMMENT ON COLUMN ar2c.account_movements.company_id IS 'the company';
COMMENT ON COLUMN ar2c.account_movements.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.account_movements.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.account_movements.currency IS 'currency of the movement and of its running balance (ISO 4217)';
COMMENT ON COLUMN ar2c.account_movements.item_date IS 'issue date, value date or application date';
COMMENT ON COLUMN ar2c.account_movements.item_kind IS 'invoice, credit_note, payment, write_off, bank_charge or fx_difference';
COMMENT ON COLUMN ar2c.account_movements.item_id IS 'the key of the item in its table (application_id for write-offs)';
COMMENT ON COLUMN ar2c.account_movements.reference IS 'invoice or credit note number, payment reference';
COMMENT ON COLUMN ar2c.account_movements.debit IS 'amount the customer owes more';
COMMENT ON COLUMN ar2c.account_movements.credit IS 'amount the customer owes less';
COMMENT ON COLUMN ar2c.account_movements.balance IS 'the customer''s balance in the currency after the movement';
COMMENT ON COLUMN ar2c.account_movements.reporting_currency IS 'the company''s reporting currency (its functional currency)';
COMMENT ON COLUMN ar2c.account_movements.reporting_amount IS 'balance in the reporting currency at the rate in force on rate_date; NULL when there is no rate';
COMMENT ON COLUMN ar2c.account_movements.rate_date IS 'the day whose exchange rate converts the amounts: the aging date';

CREATE VIEW ar2c.unapplied_cash_queue AS
SELECT p.company_id, p.payment_id, p.customer_id, c.customer_number, p.value_date,
       (SELECT ar2c.aging_date()) - p.value_date AS days_unapplied,
       ar2c.currency(p.amount)::text AS currency, ar2c.amount(p.amount) AS amount,
       ar2c.amount(p.unapplied_amount) AS unapplied_amount, p.payer_name, p.remittance_text, p.status,
       co.functional_currency::text AS reporting_currency,
       ar2c.amount(ar2c.convert_at(p.unapplied_amount, co.functional_currency, r.rate, r.inverse)) AS reporting_amount,
       (SELECT ar2c.aging_date()) AS rate_date
FROM ar2c.payment p
JOIN ar2c.company co ON co.company_id = p.company_id
LEFT JOIN ar2c.customer c ON c.customer_id = p.customer_id
LEFT JOIN ar2c.reporting_rates((SELECT ar2c.aging_date())) r
       ON r.company_id = p.company_id AND r.currency OPERATOR(ar2c.=) ar2c.currency(p.unapplied_amount)
WHERE p.status IN ('unapplied', 'partially_applied') AND p.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.unapplied_cash_queue IS 'cash received and not (fully) applied, oldest first when sorted by value_date: the work queue of cash application';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.company_id IS 'the receiving company';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.payment_id IS 'ar2c''s key for the payment';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.customer_id IS 'the paying customer; NULL while unidentified';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.customer_number IS 'the application''s customer number, if identified';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.value_date IS 'the date the money is available';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.days_unapplied IS 'days from the value date to the aging date';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.currency IS 'ISO 4217 code of the amounts';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.amount IS 'amount received';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.unapplied_amount IS 'amount not yet applied';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.payer_name IS 'the payer''s name as the bank gives it';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.remittance_text IS 'remittance information';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.status IS 'unapplied or partially_applied';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.reporting_currency IS 'the company''s reporting currency (its functional currency)';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.reporting_amount IS 'unapplied_amount in the reporting currency at the rate in force on rate_date; NULL when there is no rate';
COMMENT ON COLUMN ar2c.unapplied_cash_queue.rate_date IS 'the day whose exchange rate converts the amounts: the aging date';

CREATE VIEW ar2c.statement_differences AS
SELECT r.company_id, r.customer_id, c.customer_number, r.statement_id, s.reference AS statement_reference,
       s.period_from, s.period_to, r.result_id, r.result, r.line_no, r.item_kind, r.item_id, r.reference,
       r.their_date, r.our_date, ar2c.currency(r.difference)::text AS currency,
       ar2c.amount(r.their_amount) AS their_amount, ar2c.amount(r.our_amount) AS our_amount,
       ar2c.amount(r.difference) AS difference, r.resolved_at IS NOT NULL AS resolved, r.resolved_at, r.resolved_by,
       r.resolution_note
FROM ar2c.statement_result r
JOIN ar2c.counterparty_statement s ON s.customer_id = r.customer_id AND s.statement_id = r.statement_id
JOIN ar2c.customer c ON c.customer_id = r.customer_id
WHERE r.result <> 'matched' AND r.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.statement_differences IS 'every difference found by the last reconciliation of each counterparty statement, resolved or not';
COMMENT ON COLUMN ar2c.statement_differences.company_id IS 'the company';
COMMENT ON COLUMN ar2c.statement_differences.customer_id IS 'the counterparty';
COMMENT ON COLUMN ar2c.statement_differences.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.statement_differences.statement_id IS 'the statement';
COMMENT ON COLUMN ar2c.statement_differences.statement_reference IS 'the counterparty''s reference of the statement';
COMMENT ON COLUMN ar2c.statement_differences.period_from IS 'first day of the statement';
COMMENT ON COLUMN ar2c.statement_differences.period_to IS 'last day of the statement';
COMMENT ON COLUMN ar2c.statement_differences.result_id IS 'the result row, for ar2c.resolve_statement_difference()';
COMMENT ON COLUMN ar2c.statement_differences.result IS 'amount_differs, missing_in_ledger, missing_in_statement, duplicate_in_statement or duplicate_in_ledger';
COMMENT ON COLUMN ar2c.statement_differences.line_no IS 'their statement line, if any';
COMMENT ON COLUMN ar2c.statement_differences.item_kind IS 'our item''s kind, if any';
COMMENT ON COLUMN ar2c.statement_differences.item_id IS 'our item''s key, if any';
COMMENT ON COLUMN ar2c.statement_differences.reference IS 'document reference';
COMMENT ON COLUMN ar2c.statement_differences.their_date IS 'date on their statement';
COMMENT ON COLUMN ar2c.statement_differences.our_date IS 'date in our ledger';
COMMENT ON COLUMN ar2c.statement_differences.currency IS 'ISO 4217 code of the amounts';
COMMENT ON COLUMN ar2c.statement_differences.their_amount IS 'their amount, in our sign (positive: the customer owes us)';
COMMENT ON COLUMN ar2c.statement_differences.our_amount IS 'our amount';
COMMENT ON COLUMN ar2c.statement_differences.difference IS 'their amount less ours';
COMMENT ON COLUMN ar2c.statement_differences.resolved IS 'a person has resolved it';
COMMENT ON COLUMN ar2c.statement_differences.resolved_at IS 'when';
COMMENT ON COLUMN ar2c.statement_differences.resolved_by IS 'who';
COMMENT ON COLUMN ar2c.statement_differences.resolution_note IS 'what was found or done';
