-- The plain-SQL baseline of bench/cash_speed.bench: the same matching as
-- ar2c.apply_cash, written as well as we could with pg_trgm and
-- fuzzystrmatch and indexes, set-based, in one statement. References are
-- read from the remittance with a regular expression (INV numbers and RF
-- references, full-width digits folded) and looked up by an expression
-- index; a reference that hits nothing is tried against invoice numbers by
-- trigram index and levenshtein <= 2; payer accounts by key; names by the
-- trigram index (% with similarity_threshold 0.5, the 30 most similar);
-- the evidence is combined as ar2c does, allocations are a referenced
-- invoice or one open invoice of the amount (within the fee tolerance);
-- the best allocation is applied when its confidence is >= 0.90, 0.05
-- ahead of any other customer's and its amount fits one invoice only.
-- What it leaves out, in its favour: subset-sum for combined payments,
-- partial and overpayment splitting, FX, the exception queue, learning,
-- and locking against a second run.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch SCHEMA public;
CREATE INDEX IF NOT EXISTS bench_invoice_number_norm ON ar2c.invoice (upper(regexp_replace(invoice_number, '[^A-Za-z0-9]', '', 'g')))
    WHERE status IN ('open', 'partially_paid');
CREATE INDEX IF NOT EXISTS bench_invoice_number_trgm ON ar2c.invoice
    USING gin (upper(regexp_replace(invoice_number, '[^A-Za-z0-9]', '', 'g')) public.gin_trgm_ops)
    WHERE status IN ('open', 'partially_paid');
CREATE INDEX IF NOT EXISTS bench_customer_name_trgm ON ar2c.customer USING gin (lower(name) public.gin_trgm_ops);
-- a customer's open items by due date: ar2c's index invoice_open_by_due_date
-- (customer_id, due_date, invoice_id) serves the baseline as it would serve
-- any plain-SQL formulation, so it is not built twice
ANALYZE ar2c.invoice;
ANALYZE ar2c.customer;

CREATE FUNCTION ar2c_bench.baseline_apply() RETURNS SETOF bigint LANGUAGE sql
SET pg_trgm.similarity_threshold = 0.5
AS $$
WITH pay AS (
    SELECT p.company_id, p.payment_id, ar2c.minor_units_value(p.amount) AS units, lower(p.payer_name) AS payer,
           upper(regexp_replace(p.payer_account, '[^A-Za-z0-9]', '', 'g')) AS account,
           upper(translate(concat_ws(' ', p.remittance_text, p.end_to_end_id), '０１２３４５６７８９－／', '0123456789-/')) AS remit
    FROM ar2c.payment p
    WHERE p.status = 'unapplied' AND p.match_state IS NULL
), refs AS (
    SELECT DISTINCT p.payment_id, CASE WHEN r LIKE 'RF%' THEN substr(r, 5) ELSE r END AS ref
    FROM pay p
    CROSS JOIN LATERAL regexp_matches(p.remit, '(INV[ ./-]?[0-9]{4}[ ./-]?[0-9]{1,8}|RF[0-9]{2}[A-Z0-9]{1,21})', 'g') m
    CROSS JOIN LATERAL (SELECT regexp_replace(m[1], '[^A-Z0-9]', '', 'g') AS r) x
), exact_ref AS (
    SELECT r.payment_id, r.ref, i.customer_id, i.invoice_id
    FROM refs r
    JOIN ar2c.invoice i ON upper(regexp_replace(i.invoice_number, '[^A-Za-z0-9]', '', 'g')) = r.ref
                       AND i.status IN ('open', 'partially_paid')
), near_ref AS (
    SELECT r.payment_id, n.customer_id, n.invoice_id
    FROM refs r
    CROSS JOIN LATERAL (
        SELECT i.customer_id, i.invoice_id
        FROM ar2c.invoice i
        WHERE upper(regexp_replace(i.invoice_number, '[^A-Za-z0-9]', '', 'g')) OPERATOR(public.%) r.ref
          AND i.status IN ('open', 'partially_paid')
          AND public.levenshtein(upper(regexp_replace(i.invoice_number, '[^A-Za-z0-9]', '', 'g')), r.ref) <= 2
        ORDER BY public.levenshtein(upper(regexp_replace(i.invoice_number, '[^A-Za-z0-9]', '', 'g')), r.ref)
        LIMIT 2) n
    WHERE NOT EXISTS (SELECT 1 FROM exact_ref e WHERE e.payment_id = r.payment_id)
), signals AS (
    SELECT payment_id, customer_id, true AS by_ref, false AS by_account, 0::float8 AS sim FROM exact_ref
    UNION ALL
    SELECT p.payment_id, a.customer_id, false, true, 0 FROM pay p JOIN ar2c.payer_account a ON a.company_id = p.company_id AND a.account = p.account
    UNION ALL
    SELECT p.payment_id, n.customer_id, false, false, n.sim
    FROM pay p
    CROSS JOIN LATERAL (
        SELECT c.customer_id, public.similarity(lower(c.name), p.payer) AS sim
        FROM ar2c.customer c
        WHERE c.company_id = p.company_id AND lower(c.name) OPERATOR(public.%) p.payer
        ORDER BY 2 DESC LIMIT 30) n
    WHERE p.payer IS NOT NULL
    UNION ALL
    SELECT payment_id, customer_id, false, false, 0 FROM near_ref
), customers AS (
    SELECT payment_id, customer_id,
           1 - (1 - CASE WHEN bool_or(by_ref) THEN 0.97 ELSE 0 END)
             * (1 - CASE WHEN bool_or(by_account) THEN 0.95 ELSE 0 END)
             * (1 - CASE WHEN max(sim) >= 0.9 THEN 0.95 WHEN max(sim) >= 0.75 THEN 0.9 WHEN max(sim) >= 0.6 THEN 0.6 ELSE 0 END)
             AS evidence
    FROM signals GROUP BY payment_id, customer_id
), items AS (
    SELECT c.payment_id, c.customer_id, c.evidence, p.units AS pay_units, i.invoice_id,
           ar2c.minor_units_value(i.open_amount) AS open_units,
           CASE WHEN EXISTS (SELECT 1 FROM exact_ref e WHERE e.payment_id = c.payment_id AND e.invoice_id = i.invoice_id AND e.customer_id = i.customer_id) THEN 1.0
                WHEN EXISTS (SELECT 1 FROM near_ref e WHERE e.payment_id = c.payment_id AND e.invoice_id = i.invoice_id AND e.customer_id = i.customer_id) THEN 0.85
                ELSE 0 END AS ref_score
    FROM customers c
    JOIN pay p ON p.payment_id = c.payment_id
    CROSS JOIN LATERAL (
        SELECT i.invoice_id, i.customer_id, i.open_amount FROM ar2c.invoice i
        WHERE i.customer_id = c.customer_id AND i.status IN ('open', 'partially_paid')
        ORDER BY i.due_date LIMIT 200) i
), allocations AS (
    -- a referenced invoice, or one of the amount: fit as ar2c's single-invoice rules
    SELECT payment_id, customer_id, invoice_id, least(open_units, pay_units) AS applied,
           evidence * CASE WHEN ref_score > 0 THEN ref_score * CASE WHEN pay_units BETWEEN open_units - least(5000, round(open_units * 0.005)) AND open_units THEN 1 ELSE 0.95 END
                           WHEN pay_units = open_units THEN 0.97 ELSE 0.93 END AS confidence,
           count(*) FILTER (WHERE ref_score = 0) OVER (PARTITION BY payment_id, customer_id) AS same_amount
    FROM items
    WHERE ref_score > 0 OR pay_units BETWEEN open_units - least(5000, round(open_units * 0.005)) AND open_units
), ranked AS (
    SELECT a.*, row_number() OVER (PARTITION BY payment_id ORDER BY confidence DESC, customer_id, invoice_id) AS rank,
           max(confidence) OVER (PARTITION BY payment_id) AS best
    FROM allocations a
), decided AS (
    SELECT r.* FROM ranked r
    WHERE r.rank = 1 AND r.confidence >= 0.90 AND (r.same_amount <= 1 OR r.confidence >= 0.97)
      AND r.confidence - coalesce((SELECT max(o.confidence) FROM ranked o
                                  WHERE o.payment_id = r.payment_id AND o.customer_id <> r.customer_id), 0) >= 0.05
), one_per_invoice AS (
    SELECT DISTINCT ON (invoice_id) * FROM decided ORDER BY invoice_id, confidence DESC, payment_id
)
INSERT INTO ar2c.application (company_id, customer_id, invoice_id, payment_id, amount, kind, reason)
SELECT 1, customer_id, invoice_id, payment_id, ar2c.money_cur_units(applied, 'EUR'), 'matched', 'baseline'
FROM one_per_invoice
ORDER BY customer_id, invoice_id
RETURNING application_id
$$;
