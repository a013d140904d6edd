-- The order-to-cash chain: one row per order with what was ordered,
-- shipped, invoiced and paid, the dates and days of each step, and flags
-- where the chain breaks. Plain column types: BI tools read it as it is.
-- See doc/order_chain.md.

CREATE TABLE ar2c.order_chain_setting (
    company_id          bigint PRIMARY KEY REFERENCES ar2c.company,
    invoice_within_days integer NOT NULL DEFAULT 7,
    CONSTRAINT order_chain_setting_days_valid CHECK (invoice_within_days BETWEEN 0 AND 365)
);
COMMENT ON TABLE ar2c.order_chain_setting IS 'per company: how the order chain flags breaks (a company without a row uses the defaults)';
COMMENT ON COLUMN ar2c.order_chain_setting.company_id IS 'the company';
COMMENT ON COLUMN ar2c.order_chain_setting.invoice_within_days IS 'days after the last shipment by which it must be invoiced before shipped_not_invoiced is flagged (default 7)';

CREATE VIEW ar2c.order_chain AS
WITH named AS (
    -- cash that names an order's invoice in its remittance but is not
    -- applied (yet): what makes an order paid twice, or paid more than
    -- invoiced. Read here, with the view owner's rights: the reporting
    -- role may read no table.
    SELECT DISTINCT ON (i.customer_id, i.invoice_id, p.payment_id)
           p.company_id, i.customer_id, i.invoice_id, p.payment_id, p.unapplied_amount
    FROM ar2c.payment p
    CROSS JOIN LATERAL ar2c.extract_references(p.remittance_text) r
    JOIN ar2c.invoice i ON i.company_id = p.company_id
                       AND ar2c.normalize_invoice_number(i.invoice_number) = r.normalized
                       AND (p.customer_id IS NULL OR i.customer_id = p.customer_id)
    WHERE p.status IN ('unapplied', 'partially_applied') AND r.kind = 'invoice'
      AND ar2c.currency(p.unapplied_amount) OPERATOR(ar2c.=) ar2c.currency(i.amount)
      AND p.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[])
), ship AS (
    SELECT s.customer_id, s.order_id, count(*) AS shipments, min(s.shipped_on) AS first_shipped_on,
           max(s.shipped_on) AS last_shipped_on, sum(s.quantity) AS quantity,
           sum(ar2c.amount(s.amount)) AS amount, bool_and(s.amount IS NOT NULL) AS amounts_known
    FROM ar2c.shipment s JOIN ar2c.sales_order o ON o.customer_id = s.customer_id AND o.order_id = s.order_id
    WHERE s.amount IS NULL OR ar2c.currency(s.amount) OPERATOR(ar2c.=) ar2c.currency(o.amount)
    GROUP BY s.customer_id, s.order_id
), inv AS (
    SELECT i.customer_id, i.order_id, count(*) AS invoices, min(i.issue_date) AS first_invoiced_on,
           sum(ar2c.amount(i.amount)) AS amount, sum(ar2c.amount(i.open_amount)) AS open_amount,
           bool_and(i.status = 'paid') AS all_paid
    FROM ar2c.invoice i JOIN ar2c.sales_order o ON o.customer_id = i.customer_id AND o.order_id = i.order_id
    WHERE i.status <> 'cancelled' AND ar2c.currency(i.amount) OPERATOR(ar2c.=) ar2c.currency(o.amount)
    GROUP BY i.customer_id, i.order_id
), paid AS (
    -- cash and credit applied (reversals included); write-offs are not payment
    SELECT i.customer_id, i.order_id, sum(ar2c.amount(a.amount)) AS amount, max(a.applied_on) AS last_paid_on,
           count(DISTINCT a.payment_id) AS payments
    FROM ar2c.application a
    JOIN ar2c.invoice i ON i.customer_id = a.customer_id AND i.invoice_id = a.invoice_id
    LEFT JOIN ar2c.application o ON o.customer_id = a.customer_id AND o.application_id = a.reverses_application_id
    WHERE i.order_id IS NOT NULL AND coalesce(o.kind, a.kind) IN ('matched', 'manual')
    GROUP BY i.customer_id, i.order_id
), pending AS (
    SELECT i.customer_id, i.order_id, sum(ar2c.amount(u.unapplied_amount)) AS amount
    FROM named u
    JOIN ar2c.invoice i ON i.customer_id = u.customer_id AND i.invoice_id = u.invoice_id
    WHERE i.order_id IS NOT NULL
    GROUP BY i.customer_id, i.order_id
), twice AS (
    -- an invoice with two payments of its full amount, applied to it or naming it
    SELECT DISTINCT i.customer_id, i.order_id
    FROM ar2c.invoice i
    JOIN (SELECT a.customer_id, a.invoice_id, p.payment_id, p.amount
          FROM ar2c.application a JOIN ar2c.payment p ON p.company_id = a.company_id AND p.payment_id = a.payment_id
          WHERE a.kind IN ('matched', 'manual')
            AND NOT EXISTS (SELECT 1 FROM ar2c.application r
                            WHERE r.customer_id = a.customer_id AND r.reverses_application_id = a.application_id)
          UNION
          SELECT u.customer_id, u.invoice_id, u.payment_id, p.amount
          FROM named u
          JOIN ar2c.payment p ON p.company_id = u.company_id AND p.payment_id = u.payment_id) c
      ON c.customer_id = i.customer_id AND c.invoice_id = i.invoice_id AND c.amount OPERATOR(ar2c.=) i.amount
    WHERE i.order_id IS NOT NULL AND i.status <> 'cancelled'
    GROUP BY i.customer_id, i.order_id, i.invoice_id
    HAVING count(DISTINCT c.payment_id) >= 2
), chain AS (
    SELECT o.company_id, o.customer_id, c.customer_number, o.order_id, o.order_number, o.status AS order_status,
           ar2c.currency(o.amount)::text AS currency, ar2c.amount(o.amount) AS ordered_amount,
           coalesce(ship.amount, 0) AS shipped_amount, coalesce(inv.amount, 0) AS invoiced_amount,
           coalesce(paid.amount, 0) AS paid_amount, coalesce(inv.open_amount, 0) AS open_amount,
           coalesce(pending.amount, 0) AS unapplied_cash,
           o.quantity AS ordered_quantity, ship.quantity AS shipped_quantity,
           coalesce(ship.shipments, 0) AS shipments, coalesce(inv.invoices, 0) AS invoices,
           o.order_date, ship.first_shipped_on, ship.last_shipped_on, inv.first_invoiced_on,
           CASE WHEN inv.all_paid THEN paid.last_paid_on END AS paid_on,
           ship.amounts_known, twice.order_id IS NOT NULL AS twice,
           co.invoice_tolerance, coalesce(st.invoice_within_days, 7) AS invoice_within_days,
           ar2c.aging_date() AS as_of
    FROM ar2c.sales_order o
    JOIN ar2c.customer c ON c.customer_id = o.customer_id
    JOIN ar2c.company co ON co.company_id = o.company_id
    LEFT JOIN ar2c.order_chain_setting st ON st.company_id = o.company_id
    LEFT JOIN ship ON ship.customer_id = o.customer_id AND ship.order_id = o.order_id
    LEFT JOIN inv ON inv.customer_id = o.customer_id AND inv.order_id = o.order_id
    LEFT JOIN paid ON paid.customer_id = o.customer_id AND paid.order_id = o.order_id
    LEFT JOIN pending ON pending.customer_id = o.customer_id AND pending.order_id = o.order_id
    LEFT JOIN twice ON twice.customer_id = o.customer_id AND twice.order_id = o.order_id
    WHERE o.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[])
)
SELECT company_id, customer_id, customer_number, order_id, order_number, order_status,
       CASE WHEN order_status = 'cancelled' THEN 'cancelled'
            WHEN paid_on IS NOT NULL THEN 'paid'
            WHEN invoices > 0 THEN 'invoiced'
            WHEN shipments > 0 THEN 'shipped'
            ELSE 'ordered' END AS stage,
       currency, ordered_amount, shipped_amount, invoiced_amount, paid_amount, open_amount, unapplied_cash,
       ordered_quantity, shipped_quantity, shipments, invoices,
       order_date, first_shipped_on, last_shipped_on, first_invoiced_on, paid_on,
       first_shipped_on - order_date AS days_to_ship,
       first_invoiced_on - coalesce(first_shipped_on, order_date) AS days_to_invoice,
       coalesce(paid_on, as_of) - first_invoiced_on AS days_to_pay,
       shipments > 0 AND as_of - last_shipped_on > invoice_within_days
           AND (invoices = 0 OR (amounts_known AND invoiced_amount < shipped_amount)) AS shipped_not_invoiced,
       invoices > 0 AND shipments = 0 AS invoiced_not_shipped,
       invoiced_amount > ordered_amount AS over_invoiced,
       coalesce(shipped_amount > ordered_amount OR shipped_quantity > ordered_quantity, false) AS over_shipped,
       paid_amount + unapplied_cash > invoiced_amount AS overpaid,
       twice AS paid_twice,
       invoices > 0 AND (invoiced_amount > ordered_amount * (1 + invoice_tolerance)
                         OR (invoiced_amount < ordered_amount * (1 - invoice_tolerance)
                             AND (shipped_amount >= ordered_amount OR shipped_quantity >= ordered_quantity)))
           AS amount_mismatch,
       as_of
FROM chain;
COMMENT ON VIEW ar2c.order_chain IS 'one row per order: ordered, shipped, invoiced, paid and open amounts, the date and days of each step, and flags where the chain breaks';
COMMENT ON COLUMN ar2c.order_chain.company_id IS 'the company';
COMMENT ON COLUMN ar2c.order_chain.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.order_chain.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.order_chain.order_id IS 'ar2c''s key for the order';
COMMENT ON COLUMN ar2c.order_chain.order_number IS 'the order number';
COMMENT ON COLUMN ar2c.order_chain.order_status IS 'the order''s status: open, credit_hold, released, invoiced, cancelled';
COMMENT ON COLUMN ar2c.order_chain.stage IS 'how far the order has come: ordered, shipped, invoiced, paid (every invoice paid), or cancelled';
COMMENT ON COLUMN ar2c.order_chain.currency IS 'ISO 4217 code of the order and of the amounts';
COMMENT ON COLUMN ar2c.order_chain.ordered_amount IS 'ordered amount';
COMMENT ON COLUMN ar2c.order_chain.shipped_amount IS 'value shipped (shipments that record one, in the order''s currency)';
COMMENT ON COLUMN ar2c.order_chain.invoiced_amount IS 'amount of the order''s invoices in its currency, cancelled ones left out';
COMMENT ON COLUMN ar2c.order_chain.paid_amount IS 'cash and credit applied to those invoices (write-offs not counted)';
COMMENT ON COLUMN ar2c.order_chain.open_amount IS 'what is still open on those invoices';
COMMENT ON COLUMN ar2c.order_chain.unapplied_cash IS 'unapplied cash whose remittance names one of the invoices';
COMMENT ON COLUMN ar2c.order_chain.ordered_quantity IS 'ordered quantity, if recorded';
COMMENT ON COLUMN ar2c.order_chain.shipped_quantity IS 'quantity shipped, if recorded';
COMMENT ON COLUMN ar2c.order_chain.shipments IS 'number of shipments';
COMMENT ON COLUMN ar2c.order_chain.invoices IS 'number of invoices (not cancelled)';
COMMENT ON COLUMN ar2c.order_chain.order_date IS 'order date';
COMMENT ON COLUMN ar2c.order_chain.first_shipped_on IS 'date of the first shipment';
COMMENT ON COLUMN ar2c.order_chain.last_shipped_on IS 'date of the last shipment';
COMMENT ON COLUMN ar2c.order_chain.first_invoiced_on IS 'issue date of the first invoice';
COMMENT ON COLUMN ar2c.order_chain.paid_on IS 'date the last invoice was settled, once all are paid';
COMMENT ON COLUMN ar2c.order_chain.days_to_ship IS 'days from order to first shipment';
COMMENT ON COLUMN ar2c.order_chain.days_to_invoice IS 'days from first shipment (or the order, if none) to first invoice';
COMMENT ON COLUMN ar2c.order_chain.days_to_pay IS 'days from first invoice to payment, or to the aging date while unpaid';
COMMENT ON COLUMN ar2c.order_chain.shipped_not_invoiced IS 'break: shipped, and not (fully) invoiced more than invoice_within_days after the last shipment';
COMMENT ON COLUMN ar2c.order_chain.invoiced_not_shipped IS 'break: invoiced with no shipment recorded';
COMMENT ON COLUMN ar2c.order_chain.over_invoiced IS 'break: invoiced more than ordered';
COMMENT ON COLUMN ar2c.order_chain.over_shipped IS 'break: shipped more than ordered, in value or in quantity';
COMMENT ON COLUMN ar2c.order_chain.overpaid IS 'break: cash applied plus unapplied cash naming the invoices is more than invoiced';
COMMENT ON COLUMN ar2c.order_chain.paid_twice IS 'break: an invoice has two payments of its full amount (applied, or naming it)';
COMMENT ON COLUMN ar2c.order_chain.amount_mismatch IS 'break: invoiced differs from ordered by more than the company''s invoice_tolerance (less only counts once fully shipped)';
COMMENT ON COLUMN ar2c.order_chain.as_of IS 'the aging date the days are counted to';

CREATE VIEW ar2c.order_chain_breaks AS
SELECT c.company_id, c.customer_id, c.customer_number, c.order_id, c.order_number, b.break_kind, c.currency,
       c.ordered_amount, c.shipped_amount, c.invoiced_amount, c.paid_amount, c.unapplied_cash, c.as_of
FROM ar2c.order_chain c
CROSS JOIN LATERAL (VALUES ('shipped_not_invoiced', c.shipped_not_invoiced), ('invoiced_not_shipped', c.invoiced_not_shipped),
                           ('over_invoiced', c.over_invoiced), ('over_shipped', c.over_shipped), ('overpaid', c.overpaid),
                           ('paid_twice', c.paid_twice), ('amount_mismatch', c.amount_mismatch)) AS b(break_kind, flagged)
WHERE b.flagged AND c.stage <> 'cancelled';
COMMENT ON VIEW ar2c.order_chain_breaks IS 'one row per break of the order chain (an order can break in several ways), cancelled orders left out';
COMMENT ON COLUMN ar2c.order_chain_breaks.company_id IS 'the company';
COMMENT ON COLUMN ar2c.order_chain_breaks.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.order_chain_breaks.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.order_chain_breaks.order_id IS 'ar2c''s key for the order';
COMMENT ON COLUMN ar2c.order_chain_breaks.order_number IS 'the order number';
COMMENT ON COLUMN ar2c.order_chain_breaks.break_kind IS 'shipped_not_invoiced, invoiced_not_shipped, over_invoiced, over_shipped, overpaid, paid_twice or amount_mismatch';
COMMENT ON COLUMN ar2c.order_chain_breaks.currency IS 'ISO 4217 code of the amounts';
COMMENT ON COLUMN ar2c.order_chain_breaks.ordered_amount IS 'ordered amount';
COMMENT ON COLUMN ar2c.order_chain_breaks.shipped_amount IS 'value shipped';
COMMENT ON COLUMN ar2c.order_chain_breaks.invoiced_amount IS 'amount invoiced';
COMMENT ON COLUMN ar2c.order_chain_breaks.paid_amount IS 'cash and credit applied';
COMMENT ON COLUMN ar2c.order_chain_breaks.unapplied_cash IS 'unapplied cash naming the order''s invoices';
COMMENT ON COLUMN ar2c.order_chain_breaks.as_of IS 'the aging date';
