-- The demo, continued: the order-to-cash chain and its breaks, DSO and
-- CEI, and a customer's statement reconciled against the ledger. Run from
-- scripts/demo.sql after demo_data.sql. The orders, shipments and the
-- statement it adds are written once (the ledger never deletes).

SELECT EXISTS (SELECT 1 FROM ar2c.sales_order WHERE order_number LIKE 'SO-RECON-%') AS recon_loaded \gset
\if :recon_loaded
\else
-- five orders of five customers, each broken in one way, and one that is fine
CREATE TEMP TABLE demo_chain AS
SELECT row_number() OVER (ORDER BY c.customer_id) AS k, c.customer_id, c.currency
FROM ar2c.customer c
WHERE c.company_id = 9001 AND c.currency OPERATOR(ar2c.=) 'EUR' AND c.credit_limit OPERATOR(ar2c.>) '50000.00 EUR'
ORDER BY c.customer_id LIMIT 6;
INSERT INTO ar2c.sales_order (company_id, customer_id, order_number, order_date, amount)
SELECT 9001, customer_id, 'SO-RECON-' || k, ar2c.aging_date() - 40, '10000.00 EUR' FROM demo_chain;
INSERT INTO ar2c.shipment (company_id, customer_id, order_id, shipment_number, shipped_on, amount)
SELECT 9001, d.customer_id, o.order_id, 'SH-RECON-' || d.k, ar2c.aging_date() - 30, '10000.00 EUR'
FROM demo_chain d JOIN ar2c.sales_order o ON o.customer_id = d.customer_id AND o.order_number = 'SO-RECON-' || d.k
WHERE d.k <> 2;                                   -- SO-RECON-2 is invoiced but never shipped
INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, order_id, issue_date, due_date, amount)
SELECT 9001, d.customer_id, format('INV-%s-9%s', to_char(ar2c.aging_date(), 'YYYY'), lpad(d.k::text, 5, '0')), o.order_id,
       ar2c.aging_date() - 28, ar2c.aging_date() + 2,
       -- SO-RECON-3 invoiced 15% over, SO-RECON-5 10% under though shipped in full
       CASE d.k WHEN 3 THEN '11500.00 EUR' WHEN 5 THEN '9000.00 EUR' ELSE '10000.00 EUR' END::ar2c.money_cur
FROM demo_chain d JOIN ar2c.sales_order o ON o.customer_id = d.customer_id AND o.order_number = 'SO-RECON-' || d.k
WHERE d.k <> 1;                                   -- SO-RECON-1 is shipped and not invoiced
-- SO-RECON-4 is paid, and paid again by a second transfer naming the invoice
INSERT INTO ar2c.payment (company_id, customer_id, value_date, amount, payer_name, remittance_text, bank_reference)
SELECT 9001, d.customer_id, ar2c.aging_date() - 5 + n, '10000.00 EUR', c.name,
       format('INV-%s-9%s', to_char(ar2c.aging_date(), 'YYYY'), lpad(d.k::text, 5, '0')), format('RECON-PAY-%s-%s', d.k, n)
FROM demo_chain d JOIN ar2c.customer c USING (customer_id), generate_series(1, 2) n
WHERE d.k IN (4, 6) AND (d.k = 4 OR n = 1);
INSERT INTO ar2c.application (customer_id, invoice_id, payment_id, amount, kind, applied_on, reason)
SELECT i.customer_id, i.invoice_id, p.payment_id, i.amount, 'matched', p.value_date, 'remittance names the invoice'
FROM ar2c.invoice i JOIN ar2c.payment p ON p.company_id = 9001 AND p.bank_reference = 'RECON-PAY-' || right(i.invoice_number, 1) || '-1'
WHERE i.company_id = 9001 AND (i.invoice_number LIKE 'INV-%-900004' OR i.invoice_number LIKE 'INV-%-900006');

-- The statement a customer sends for last month: its own bookings of our
-- invoices and its payments, with the differences customers' books have:
-- one invoice not booked yet, one booked at another amount, one booked
-- twice, one reference mistyped, and an invoice we never issued.
SELECT date_trunc('month', ar2c.aging_date() - interval '1 month')::date AS period_from,
       (date_trunc('month', ar2c.aging_date()) - interval '1 day')::date AS period_to \gset
SELECT customer_id AS statement_customer FROM ar2c.invoice
WHERE company_id = 9001 AND ar2c.currency(amount) OPERATOR(ar2c.=) 'EUR'
  AND issue_date BETWEEN :'period_from' AND :'period_to'
GROUP BY customer_id HAVING count(*) >= 4 ORDER BY count(*) DESC, customer_id LIMIT 1 \gset
CREATE TEMP TABLE demo_statement AS
SELECT row_number() OVER (ORDER BY item_date, item_kind, item_id) AS n, item_kind, item_date, reference, amount
FROM ar2c.account_items(:statement_customer, 'EUR', :'period_from', :'period_to');
SELECT ar2c.load_counterparty_statement(:statement_customer, :'period_from', :'period_to',
    ar2c.account_balance(:statement_customer, 'EUR', :'period_from'::date - 1),
    ar2c.account_balance(:statement_customer, 'EUR', :'period_from'::date - 1) OPERATOR(ar2c.+) ar2c.sum(l.amount),
    jsonb_agg(jsonb_build_object('date', l.item_date, 'reference', l.reference, 'amount', ar2c.amount(l.amount))
              ORDER BY l.item_date, l.n),
    reference => 'DEMO-STATEMENT') AS demo_statement_id
FROM (SELECT n, item_date, reference, amount FROM demo_statement
      WHERE NOT (item_kind = 'invoice' AND n = (SELECT min(n) FROM demo_statement WHERE item_kind = 'invoice'))
        AND NOT (item_kind = 'invoice' AND n IN (SELECT n FROM demo_statement WHERE item_kind = 'invoice' ORDER BY n OFFSET 1 LIMIT 1))
        AND NOT (item_kind = 'invoice' AND n IN (SELECT n FROM demo_statement WHERE item_kind = 'invoice' ORDER BY n OFFSET 3 LIMIT 1))
      UNION ALL   -- booked at 100.00 less
      SELECT n, item_date + 2, reference, amount OPERATOR(ar2c.-) '100.00 EUR' FROM demo_statement
      WHERE item_kind = 'invoice' AND n IN (SELECT n FROM demo_statement WHERE item_kind = 'invoice' ORDER BY n OFFSET 1 LIMIT 1)
      UNION ALL   -- a digit mistyped
      SELECT n, item_date + 1, overlay(reference placing CASE WHEN right(reference, 1) = '7' THEN '8' ELSE '7' END
                                       from length(reference)), amount FROM demo_statement
      WHERE item_kind = 'invoice' AND n IN (SELECT n FROM demo_statement WHERE item_kind = 'invoice' ORDER BY n OFFSET 3 LIMIT 1)
      UNION ALL   -- booked twice
      SELECT n, item_date, reference, amount FROM demo_statement
      WHERE item_kind = 'invoice' AND n IN (SELECT n FROM demo_statement WHERE item_kind = 'invoice' ORDER BY n OFFSET 2 LIMIT 1)
      UNION ALL   -- not ours
      SELECT 0, :'period_to'::date - 2, 'INV-2019-000999', '1234.50 EUR') l \gset
\endif

\echo
\echo '== The order-to-cash chain (ar2c.order_chain): where each order stands, and its breaks'
SELECT order_number, stage, to_char(ordered_amount, 'FM999G990D00') AS ordered, to_char(shipped_amount, 'FM999G990D00') AS shipped,
       to_char(invoiced_amount, 'FM999G990D00') AS invoiced, to_char(paid_amount, 'FM999G990D00') AS paid,
       to_char(unapplied_cash, 'FM999G990D00') AS "unapplied cash", days_to_ship, days_to_invoice, days_to_pay
FROM ar2c.order_chain WHERE order_number LIKE 'SO-RECON-%' ORDER BY order_number;
SELECT break_kind AS "break", count(*) AS orders, string_agg(order_number, ', ' ORDER BY order_number) AS which
FROM ar2c.order_chain_breaks WHERE company_id = 9001 GROUP BY break_kind ORDER BY break_kind;

\echo
\echo '== DSO and collection effectiveness over the last quarter (ar2c.period_metrics, ar2c.dso_countback)'
SELECT c.name AS company, m.currency, to_char(m.sales, 'FM999G999G999G990D00') AS sales,
       to_char(m.closing_receivables, 'FM999G999G999G990D00') AS receivables, m.dso, m.best_possible_dso AS "best DSO",
       m.average_days_delinquent AS "ADD", ar2c.dso_countback(c.company_id, ar2c.aging_date()) AS "countback DSO",
       m.collection_effectiveness AS "CEI %"
FROM ar2c.company c
CROSS JOIN LATERAL (SELECT c.functional_currency::text AS currency, p.*
                    FROM ar2c.period_metrics(c.company_id, ar2c.aging_date() - 89, ar2c.aging_date()) p) m
WHERE c.company_id IN (9001, 9002) ORDER BY c.company_id;

\echo
\echo '== A customer''s statement reconciled against the ledger (ar2c.reconcile_statement)'
SELECT s.statement_id, c.customer_number, c.name AS customer, s.period_from, s.period_to, s.closing_balance AS "their balance"
FROM ar2c.counterparty_statement s JOIN ar2c.customer c USING (customer_id)
WHERE s.reference = 'DEMO-STATEMENT';
SELECT statement_id AS demo_statement_id FROM ar2c.counterparty_statement WHERE reference = 'DEMO-STATEMENT' \gset
SELECT result, count(*) AS "rows", sum(ar2c.amount(difference)) AS difference
FROM ar2c.reconcile_statement(:demo_statement_id) GROUP BY result ORDER BY result;
SELECT result, line_no AS "their line", item_kind AS "our item", reference, their_amount, our_amount, difference, matched_by
FROM ar2c.statement_result WHERE statement_id = :demo_statement_id AND (result <> 'matched' OR matched_by <> 'reference')
ORDER BY result_id;
SELECT our_closing_balance AS "our balance", closing_balance AS "their balance", balance_difference AS "difference",
       opening_difference AS "of which opening", differences
FROM ar2c.counterparty_statement WHERE statement_id = :demo_statement_id;
