-- Cash application judged against a truth kept aside, after one
-- ar2c.apply_cash(1): shared by bench/cash_quality and bench/bank_corpus.
--
-- Reads bench_truth.payment (payment_id, identifiable, customer_id NULL
-- for a stranger, channel, kinds, charge_units, excess_units) and
-- bench_truth.payment_invoice (payment_id, invoice_id, meant_units: what
-- the payer meant for the invoice, a deducted bank charge included).
-- psql variable :goal is the profile's goal for payments settled right (%).
--
-- settled right: every invoice meant got exactly its amount, as cash
--   plus a `bank_charge` application for the charge the banks took, and
--   nothing went to another invoice (among identifiable payers)
-- charge as write-off: right, but the charge booked as a `write_off`
-- charge left open: the cash right, the charge still open on the invoice
-- part applied, rest left: some cash applied to invoices meant, more of
--   the payment than an overpayment left unapplied, and it out of the queue
-- wrong: an automatic application (cash or charge) to an invoice not
--   meant, more than meant on an invoice, or a part applied with the rest left
-- rank-1 right: a queued payment whose first suggestion is the invoices meant
CREATE TEMP TABLE judged_line AS
WITH applied AS (
    SELECT coalesce(a.payment_id, m.payment_id) AS payment_id, a.invoice_id,
           sum(ar2c.minor_units_value(a.amount)) FILTER (WHERE a.kind NOT IN ('bank_charge', 'write_off', 'fx_difference')) AS cash,
           sum(ar2c.minor_units_value(a.amount)) FILTER (WHERE a.kind = 'bank_charge') AS charge,
           sum(ar2c.minor_units_value(a.amount)) FILTER (WHERE a.kind = 'write_off') AS written_off
    FROM ar2c.application a
    LEFT JOIN bench_truth.payment_invoice m ON a.payment_id IS NULL AND m.invoice_id = a.invoice_id
    WHERE a.company_id = 1
      AND (a.payment_id IN (SELECT payment_id FROM bench_truth.payment) OR m.payment_id IS NOT NULL)
    GROUP BY 1, 2
)
SELECT payment_id, invoice_id, m.invoice_id IS NOT NULL AS meant_here, coalesce(m.meant_units, 0) AS meant,
       coalesce(a.cash, 0) AS cash, coalesce(a.charge, 0) AS charge, coalesce(a.written_off, 0) AS written_off
FROM bench_truth.payment_invoice m FULL JOIN applied a USING (payment_id, invoice_id);
CREATE INDEX ON judged_line (payment_id);

CREATE TEMP TABLE judged AS
SELECT t.payment_id, t.identifiable, t.customer_id IS NULL AS stranger, t.channel, t.kinds, y.match_state,
       l.cash > 0 AS auto, l.foreign_cash, l.too_much,
       t.identifiable AND l.meant > 0 AND NOT l.foreign_cash AND l.exact AND l.charge = t.charge_units AS right_settled,
       t.charge_units > 0 AND NOT l.foreign_cash AND l.exact_if_written_off AND l.written_off = t.charge_units AS charge_written_off,
       t.charge_units > 0 AND NOT l.foreign_cash AND NOT l.too_much AND l.cash = l.meant - t.charge_units
           AND l.charge = 0 AND l.written_off = 0 AS charge_left_open,
       l.cash > 0 AND NOT l.foreign_cash AND NOT l.too_much AND ar2c.minor_units_value(y.unapplied_amount) > t.excess_units
           AND y.match_state IS DISTINCT FROM 'queued' AS part_left,
       y.match_state = 'queued' AND t.identifiable AND l.meant > 0
           AND (SELECT array_agg(x ORDER BY x) FROM unnest(s.invoice_ids) x) = l.meant_ids AS rank1_right
FROM bench_truth.payment t
JOIN ar2c.payment y ON y.company_id = 1 AND y.payment_id = t.payment_id
LEFT JOIN ar2c.match_suggestion s ON s.company_id = 1 AND s.payment_id = t.payment_id AND s.rank = 1
CROSS JOIN LATERAL (
    SELECT coalesce(sum(cash), 0) AS cash, coalesce(sum(meant), 0) AS meant,
           coalesce(sum(charge), 0) AS charge, coalesce(sum(written_off), 0) AS written_off,
           coalesce(bool_or((cash > 0 OR charge > 0) AND NOT meant_here), false) AS foreign_cash,
           coalesce(bool_or(meant_here AND cash > meant), false) AS too_much,
           coalesce(bool_and(NOT meant_here OR cash + charge = meant), false) AS exact,
           coalesce(bool_and(NOT meant_here OR cash + written_off = meant), false) AS exact_if_written_off,
           array_agg(invoice_id ORDER BY invoice_id) FILTER (WHERE meant_here) AS meant_ids
    FROM judged_line WHERE judged_line.payment_id = t.payment_id) l;

CREATE TEMP TABLE figures AS
WITH grouped AS (
    SELECT 'all' AS dimension, 'all' AS value, j.* FROM judged j
    UNION ALL SELECT 'kind', k, j.* FROM judged j, unnest(j.kinds) k
    UNION ALL SELECT 'channel', j.channel, j.* FROM judged j
)
SELECT dimension, value, count(*) AS payments,
       count(*) FILTER (WHERE identifiable) AS identifiable,
       round(100.0 * count(*) FILTER (WHERE right_settled) / nullif(count(*) FILTER (WHERE identifiable), 0), 1) AS "settled right %",
       count(*) FILTER (WHERE charge_written_off) AS "charge as write-off",
       count(*) FILTER (WHERE charge_left_open) AS "charge left open",
       count(*) FILTER (WHERE part_left) AS "part applied, rest left",
       count(*) FILTER (WHERE auto) AS auto,
       count(*) FILTER (WHERE auto AND (foreign_cash OR too_much OR part_left)) AS wrong,
       round(1000.0 * count(*) FILTER (WHERE auto AND (foreign_cash OR too_much OR part_left))
             / nullif(count(*) FILTER (WHERE auto), 0), 2) AS "wrong per 1000 auto",
       count(*) FILTER (WHERE match_state = 'queued') AS queued,
       round(100.0 * count(*) FILTER (WHERE rank1_right)
             / nullif(count(*) FILTER (WHERE match_state = 'queued' AND identifiable), 0), 1) AS "rank-1 right %",
       count(*) FILTER (WHERE stranger AND auto) AS "strangers applied"
FROM grouped GROUP BY dimension, value;

\echo 'Overall (goals: settled right >=' :goal '%, wrong <= 1 per 1000 auto, rank-1 right >= 80%, strangers applied 0):'
SELECT payments, identifiable, "settled right %", "charge as write-off", "charge left open", "part applied, rest left",
       round(100.0 * auto / payments, 1) AS "auto-applied %", wrong, "wrong per 1000 auto", queued, "rank-1 right %",
       "strangers applied",
       concat_ws(', ', CASE WHEN coalesce("settled right %", 0) < :goal THEN 'settled' END,
                 CASE WHEN coalesce("wrong per 1000 auto", 0) > 1 THEN 'wrong' END,
                 CASE WHEN coalesce("rank-1 right %", 100) < 80 THEN 'rank-1' END,
                 CASE WHEN "strangers applied" > 0 THEN 'strangers' END) AS "goals missed"
FROM figures WHERE dimension = 'all';
\echo 'By kind (a payment counts under each of its kinds):'
SELECT value AS kind, payments, identifiable, "settled right %", "charge as write-off", "charge left open",
       "part applied, rest left", auto, wrong, "wrong per 1000 auto", queued, "rank-1 right %", "strangers applied"
FROM figures WHERE dimension = 'kind' ORDER BY payments DESC, value;
\echo 'By channel:'
SELECT value AS channel, payments, identifiable, "settled right %", "charge as write-off", "charge left open",
       "part applied, rest left", auto, wrong, "wrong per 1000 auto", queued, "rank-1 right %", "strangers applied"
FROM figures WHERE dimension = 'channel' ORDER BY payments DESC, value;
SELECT count(*) AS "ledger problems (check_ledger)" FROM ar2c.check_ledger();
