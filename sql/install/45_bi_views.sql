-- Exposure for the views: they run with their owner's rights on tables, but
-- functions run with the reader's, who may not read ar2c.customer. This
-- checks that the session may see the customer's company, then reads as
-- the owner.
CREATE FUNCTION ar2c.visible_exposure(customer_id bigint) RETURNS ar2c.money_cur
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT ar2c.customer_exposure(c.customer_id)
    FROM ar2c.customer c
    WHERE c.customer_id OPERATOR(pg_catalog.=) $1 AND ar2c.company_visible(c.company_id)
$$;
COMMENT ON FUNCTION ar2c.visible_exposure(bigint) IS 'ar2c.customer_exposure() for a reader who may see the customer''s company (NULL otherwise), for the BI views';

-- Views for BI tools: plain column types only (numeric amounts with a text
-- currency, date, text labels), and only the companies the reader may see
-- (ar2c.company_visible). They run with their owner's rights, so a
-- reporting role needs SELECT on the views and nothing else.

CREATE VIEW ar2c.aging_detail AS
SELECT i.company_id, i.customer_id, c.customer_number, c.name AS customer_name,
       i.invoice_id, i.invoice_number, i.issue_date, i.due_date,
       ar2c.currency(i.amount)::text AS currency,
       ar2c.amount(i.amount) AS amount, ar2c.amount(i.open_amount) AS open_amount,
       ((SELECT ar2c.aging_date()) - i.due_date) AS days_past_due,
       i.aging_bucket::text AS aging_bucket,
       ar2c.aging_position(i.aging_bucket, co.aging_boundaries) AS bucket_order,
       i.status, i.disputed, (SELECT ar2c.aging_date()) AS as_of,
       co.functional_currency::text AS reporting_currency,
       ar2c.amount(ar2c.convert_at(i.open_amount, co.functional_currency, r.rate, r.inverse)) AS reporting_amount,
       (SELECT ar2c.aging_date()) AS rate_date
FROM ar2c.invoice i
JOIN ar2c.customer c ON c.customer_id = i.customer_id
JOIN ar2c.company co ON co.company_id = i.company_id
LEFT JOIN ar2c.reporting_rates((SELECT ar2c.aging_date())) r
       ON r.company_id = i.company_id AND r.currency OPERATOR(ar2c.=) ar2c.currency(i.open_amount)
WHERE i.aging_bucket IS NOT NULL AND i.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.aging_detail IS 'one row per open invoice with its aging bucket as of the aging date';
COMMENT ON COLUMN ar2c.aging_detail.company_id IS 'the issuing company';
COMMENT ON COLUMN ar2c.aging_detail.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.aging_detail.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.aging_detail.customer_name IS 'the customer''s name';
COMMENT ON COLUMN ar2c.aging_detail.invoice_id IS 'ar2c''s key for the invoice';
COMMENT ON COLUMN ar2c.aging_detail.invoice_number IS 'the invoice number';
COMMENT ON COLUMN ar2c.aging_detail.issue_date IS 'invoice date';
COMMENT ON COLUMN ar2c.aging_detail.due_date IS 'due date';
COMMENT ON COLUMN ar2c.aging_detail.currency IS 'ISO 4217 code of the amounts';
COMMENT ON COLUMN ar2c.aging_detail.amount IS 'invoiced amount';
COMMENT ON COLUMN ar2c.aging_detail.open_amount IS 'amount still open';
COMMENT ON COLUMN ar2c.aging_detail.days_past_due IS 'days from the due date to the aging date (negative: not yet due)';
COMMENT ON COLUMN ar2c.aging_detail.aging_bucket IS 'aging bucket label: not due, 1-30, ..., over 120';
COMMENT ON COLUMN ar2c.aging_detail.bucket_order IS 'position of the bucket, 1 = not due, for sorting';
COMMENT ON COLUMN ar2c.aging_detail.status IS 'open or partially_paid';
COMMENT ON COLUMN ar2c.aging_detail.disputed IS 'the customer disputes the invoice';
COMMENT ON COLUMN ar2c.aging_detail.as_of IS 'the aging date';
COMMENT ON COLUMN ar2c.aging_detail.reporting_currency IS 'the company''s reporting currency (its functional currency)';
COMMENT ON COLUMN ar2c.aging_detail.reporting_amount IS 'open_amount in the reporting currency at the rate in force on rate_date; NULL when there is no rate';
COMMENT ON COLUMN ar2c.aging_detail.rate_date IS 'the day whose exchange rate converts the amounts: the aging date';

CREATE VIEW ar2c.open_items AS
SELECT o.company_id, o.customer_id, o.item_kind, o.item_id, o.reference, o.item_date, o.due_date,
       ar2c.currency(o.open_amount)::text AS currency, ar2c.amount(o.open_amount) AS open_amount, o.aging_bucket,
       o.disputed, co.functional_currency::text AS reporting_currency,
       ar2c.amount(ar2c.convert_at(o.open_amount, co.functional_currency, r.rate, r.inverse)) AS reporting_amount,
       (SELECT ar2c.aging_date()) AS rate_date,
       -- the old name of item_kind, for BI queries written against 0.1's first release
       o.item_kind AS item_type
FROM (
    SELECT i.company_id, i.customer_id, 'invoice'::text AS item_kind, i.invoice_id AS item_id,
           i.invoice_number AS reference, i.issue_date AS item_date, i.due_date, i.open_amount,
           i.aging_bucket::text AS aging_bucket, i.disputed
    FROM ar2c.invoice i
    WHERE i.aging_bucket IS NOT NULL
    UNION ALL
    SELECT p.company_id, p.customer_id, 'payment', p.payment_id, coalesce(p.bank_reference, p.end_to_end_id),
           p.value_date, NULL, OPERATOR(ar2c.-) p.unapplied_amount, NULL, false
    FROM ar2c.payment p
    WHERE p.status IN ('unapplied', 'partially_applied')
    UNION ALL
    SELECT n.company_id, n.customer_id, 'credit_note', n.credit_note_id, n.credit_note_number,
           n.issue_date, NULL, OPERATOR(ar2c.-) n.unapplied_amount, NULL, false
    FROM ar2c.credit_note n
    WHERE n.status IN ('unapplied', 'partially_applied')) o
JOIN ar2c.company co ON co.company_id = o.company_id
LEFT JOIN ar2c.reporting_rates((SELECT ar2c.aging_date())) r
       ON r.company_id = o.company_id AND r.currency OPERATOR(ar2c.=) ar2c.currency(o.open_amount)
WHERE o.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.open_items IS 'everything open: invoices (positive) and unapplied payments and credit notes (negative)';
COMMENT ON COLUMN ar2c.open_items.company_id IS 'the company';
COMMENT ON COLUMN ar2c.open_items.customer_id IS 'the customer; NULL for a payment not yet identified';
COMMENT ON COLUMN ar2c.open_items.item_kind IS 'invoice, payment or credit_note (as in ar2c.account_items)';
COMMENT ON COLUMN ar2c.open_items.item_id IS 'the key of the item in its table';
COMMENT ON COLUMN ar2c.open_items.reference IS 'invoice number, bank reference or credit note number';
COMMENT ON COLUMN ar2c.open_items.item_date IS 'issue date or value date';
COMMENT ON COLUMN ar2c.open_items.due_date IS 'due date of an invoice';
COMMENT ON COLUMN ar2c.open_items.currency IS 'ISO 4217 code of the amount';
COMMENT ON COLUMN ar2c.open_items.open_amount IS 'open amount; negative for unapplied cash and credit';
COMMENT ON COLUMN ar2c.open_items.aging_bucket IS 'aging bucket of an invoice';
COMMENT ON COLUMN ar2c.open_items.disputed IS 'the customer disputes the invoice';
COMMENT ON COLUMN ar2c.open_items.reporting_currency IS 'the company''s reporting currency (its functional currency)';
COMMENT ON COLUMN ar2c.open_items.reporting_amount IS 'open_amount in the reporting currency at the rate in force on rate_date; NULL when there is no rate';
COMMENT ON COLUMN ar2c.open_items.rate_date IS 'the day whose exchange rate converts the amounts: the aging date';
COMMENT ON COLUMN ar2c.open_items.item_type IS 'deprecated: use item_kind; removed after 0.1';

CREATE VIEW ar2c.aging_summary_by_customer AS
SELECT b.company_id, b.customer_id, c.customer_number, c.name AS customer_name,
       b.currency::text AS currency, k.bucket::text AS aging_bucket, k.ordinal AS bucket_order,
       ar2c.amount(ar2c.money_cur_units(coalesce(b.bucket_amounts[k.ordinal], 0), b.currency)) AS open_amount,
       coalesce(b.bucket_items[k.ordinal], 0) AS open_items,
       (SELECT ar2c.aging_date()) AS as_of, co.functional_currency::text AS reporting_currency,
       ar2c.amount(ar2c.convert_at(ar2c.money_cur_units(coalesce(b.bucket_amounts[k.ordinal], 0), b.currency),
                                   co.functional_currency, r.rate, r.inverse)) AS reporting_amount,
       (SELECT ar2c.aging_date()) AS rate_date
FROM ar2c.customer_balance_total b
JOIN ar2c.customer c ON c.customer_id = b.customer_id
JOIN ar2c.company co ON co.company_id = b.company_id
CROSS JOIN LATERAL ar2c.aging_buckets(co.aging_boundaries) k
LEFT JOIN ar2c.reporting_rates((SELECT ar2c.aging_date())) r
       ON r.company_id = b.company_id AND r.currency OPERATOR(ar2c.=) b.currency
WHERE b.open_items > 0 AND b.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.aging_summary_by_customer IS 'open AR per customer, currency and aging bucket, read from the maintained balances (a lookup, not a scan of the invoices)';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.company_id IS 'the company';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.customer_name IS 'the customer''s name';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.currency IS 'ISO 4217 code of the amounts';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.aging_bucket IS 'aging bucket label';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.bucket_order IS 'position of the bucket, 1 = not due';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.open_amount IS 'open amount in the bucket';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.open_items IS 'number of open invoices in the bucket';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.as_of IS 'the aging date';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.reporting_currency IS 'the company''s reporting currency (its functional currency)';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.reporting_amount IS 'open_amount in the reporting currency at the rate in force on rate_date; NULL when there is no rate';
COMMENT ON COLUMN ar2c.aging_summary_by_customer.rate_date IS 'the day whose exchange rate converts the amounts: the aging date';

CREATE VIEW ar2c.aging_summary_by_company AS
SELECT company_id, currency, aging_bucket, bucket_order, sum(open_amount) AS open_amount,
       sum(open_items)::bigint AS open_items, count(*) FILTER (WHERE open_items > 0) AS customers, as_of,
       reporting_currency, sum(reporting_amount) AS reporting_amount, rate_date
FROM ar2c.aging_summary_by_customer
GROUP BY company_id, currency, aging_bucket, bucket_order, as_of, reporting_currency, rate_date;
COMMENT ON VIEW ar2c.aging_summary_by_company IS 'open AR per company, currency and aging bucket';
COMMENT ON COLUMN ar2c.aging_summary_by_company.company_id IS 'the company';
COMMENT ON COLUMN ar2c.aging_summary_by_company.currency IS 'ISO 4217 code of the amounts';
COMMENT ON COLUMN ar2c.aging_summary_by_company.aging_bucket IS 'aging bucket label';
COMMENT ON COLUMN ar2c.aging_summary_by_company.bucket_order IS 'position of the bucket, 1 = not due';
COMMENT ON COLUMN ar2c.aging_summary_by_company.open_amount IS 'open amount in the bucket';
COMMENT ON COLUMN ar2c.aging_summary_by_company.open_items IS 'number of open invoices in the bucket';
COMMENT ON COLUMN ar2c.aging_summary_by_company.customers IS 'number of customers with items in the bucket';
COMMENT ON COLUMN ar2c.aging_summary_by_company.as_of IS 'the aging date';
COMMENT ON COLUMN ar2c.aging_summary_by_company.reporting_currency IS 'the company''s reporting currency (its functional currency)';
COMMENT ON COLUMN ar2c.aging_summary_by_company.reporting_amount IS 'open_amount in the reporting currency at the rate in force on rate_date; NULL when there is no rate';
COMMENT ON COLUMN ar2c.aging_summary_by_company.rate_date IS 'the day whose exchange rate converts the amounts: the aging date';

CREATE VIEW ar2c.customer_balances AS
SELECT c.company_id, c.customer_id, c.customer_number, c.name AS customer_name,
       c.currency::text AS currency, c.credit_grade,
       coalesce(sum(ar2c.amount(ar2c.money_cur_units(b.open_amount, b.currency)))
                    FILTER (WHERE b.currency OPERATOR(ar2c.=) c.currency), 0) AS open_amount,
       coalesce(sum(ar2c.amount(ar2c.money_cur_units(b.open_orders, b.currency)))
                    FILTER (WHERE b.currency OPERATOR(ar2c.=) c.currency), 0) AS open_orders,
       count(b.currency) FILTER (WHERE b.currency OPERATOR(ar2c.<>) c.currency
                                 AND (b.open_amount <> 0 OR b.open_orders <> 0)) AS other_currencies,
       ar2c.amount(ar2c.visible_exposure(c.customer_id)) AS exposure,
       ar2c.amount(c.credit_limit) AS credit_limit,
       ar2c.amount(c.credit_limit) - ar2c.amount(ar2c.visible_exposure(c.customer_id)) AS available_credit,
       co.functional_currency::text AS reporting_currency,
       coalesce(sum(ar2c.amount(ar2c.convert_at(ar2c.money_cur_units(b.open_amount, b.currency), co.functional_currency,
                                                r.rate, r.inverse))), 0) AS reporting_amount,
       count(b.currency) FILTER (WHERE b.open_amount <> 0 AND r.rate IS NULL) AS missing_rates,
       (SELECT ar2c.aging_date()) AS rate_date
FROM ar2c.customer c
JOIN ar2c.company co ON co.company_id = c.company_id
LEFT JOIN ar2c.customer_balance_total b ON b.customer_id = c.customer_id
LEFT JOIN ar2c.reporting_rates((SELECT ar2c.aging_date())) r
       ON r.company_id = b.company_id AND r.currency OPERATOR(ar2c.=) b.currency
WHERE c.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[])
GROUP BY co.company_id, c.company_id, c.customer_id;
COMMENT ON VIEW ar2c.customer_balances IS 'per customer: open AR and open orders in the billing currency, exposure (all currencies converted), credit limit and what is left of it';
COMMENT ON COLUMN ar2c.customer_balances.company_id IS 'the company';
COMMENT ON COLUMN ar2c.customer_balances.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.customer_balances.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.customer_balances.customer_name IS 'the customer''s name';
COMMENT ON COLUMN ar2c.customer_balances.currency IS 'billing currency (ISO 4217)';
COMMENT ON COLUMN ar2c.customer_balances.credit_grade IS 'credit grade A to D';
COMMENT ON COLUMN ar2c.customer_balances.open_amount IS 'open invoices in the billing currency';
COMMENT ON COLUMN ar2c.customer_balances.open_orders IS 'open orders in the billing currency';
COMMENT ON COLUMN ar2c.customer_balances.other_currencies IS 'number of other currencies with open items or orders (counted in exposure)';
COMMENT ON COLUMN ar2c.customer_balances.exposure IS 'open invoices plus open orders, all currencies converted to the billing currency';
COMMENT ON COLUMN ar2c.customer_balances.credit_limit IS 'credit limit; NULL for none';
COMMENT ON COLUMN ar2c.customer_balances.available_credit IS 'credit limit less exposure';
COMMENT ON COLUMN ar2c.customer_balances.reporting_currency IS 'the company''s reporting currency (its functional currency)';
COMMENT ON COLUMN ar2c.customer_balances.reporting_amount IS 'open invoices of every currency converted into the reporting currency at the rate in force on rate_date; a currency without a rate is left out and counted in missing_rates';
COMMENT ON COLUMN ar2c.customer_balances.missing_rates IS 'number of currencies with open invoices and no rate into the reporting currency (left out of reporting_amount)';
COMMENT ON COLUMN ar2c.customer_balances.rate_date IS 'the day whose exchange rate converts the amounts: the aging date';

CREATE VIEW ar2c.alerts AS
SELECT a.company_id, a.alert_id, a.customer_id, c.customer_number, a.kind, a.severity, a.subject_table, a.subject_id,
       a.message, a.raised_at, a.acknowledged_at IS NOT NULL AS acknowledged, a.acknowledged_at, a.acknowledged_by
FROM ar2c.alert a
LEFT JOIN ar2c.customer c ON c.customer_id = a.customer_id
WHERE a.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.alerts IS 'the alerts (credit limit breaches, items in the last aging bucket, mismatches, duplicates, payments set aside), acknowledged or not, in plain types';
COMMENT ON COLUMN ar2c.alerts.company_id IS 'the company concerned';
COMMENT ON COLUMN ar2c.alerts.alert_id IS 'ar2c''s key for the alert';
COMMENT ON COLUMN ar2c.alerts.customer_id IS 'the customer concerned, if any';
COMMENT ON COLUMN ar2c.alerts.customer_number IS 'the application''s customer number, if any';
COMMENT ON COLUMN ar2c.alerts.kind IS 'credit_limit, credit_grade, aging_last_bucket, invoice_order_mismatch, duplicate_invoice, payment_set_aside, ...';
COMMENT ON COLUMN ar2c.alerts.severity IS 'info, warning or critical';
COMMENT ON COLUMN ar2c.alerts.subject_table IS 'the table of the row concerned (invoice, sales_order, ...)';
COMMENT ON COLUMN ar2c.alerts.subject_id IS 'the key of the row concerned in that table';
COMMENT ON COLUMN ar2c.alerts.message IS 'what happened, in a sentence';
COMMENT ON COLUMN ar2c.alerts.raised_at IS 'when the alert was raised';
COMMENT ON COLUMN ar2c.alerts.acknowledged IS 'a person has acknowledged it';
COMMENT ON COLUMN ar2c.alerts.acknowledged_at IS 'when';
COMMENT ON COLUMN ar2c.alerts.acknowledged_by IS 'who';
