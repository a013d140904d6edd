-- Quality of one apply_cash run over bench_cash (see cash_quality.sql):
-- what was applied automatically, how much of it was right, what was
-- queued, and how often the queue's first suggestion was the right one.
CREATE TEMP TABLE outcome AS
SELECT t.payment_id, t.scenario, t.invoice_ids AS truth, y.match_state,
       (SELECT array_agg(DISTINCT a.invoice_id ORDER BY a.invoice_id) FROM ar2c.application a
        WHERE a.company_id = 1 AND a.payment_id = t.payment_id AND a.kind = 'matched') AS applied,
       (SELECT m.invoice_ids FROM ar2c.match_suggestion m WHERE m.company_id = 1 AND m.payment_id = t.payment_id AND m.rank = 1) AS suggested
FROM bench_cash.truth t JOIN ar2c.payment y ON y.company_id = 1 AND y.payment_id = t.payment_id;

\echo 'Overall:'
SELECT count(*) AS payments,
       round(100.0 * count(*) FILTER (WHERE match_state = 'applied') / count(*), 1) AS "auto-applied %",
       count(*) FILTER (WHERE match_state = 'applied' AND applied IS DISTINCT FROM (SELECT array_agg(x ORDER BY x) FROM unnest(truth) x)) AS "wrong auto",
       round(1000.0 * count(*) FILTER (WHERE match_state = 'applied' AND applied IS DISTINCT FROM (SELECT array_agg(x ORDER BY x) FROM unnest(truth) x))
             / nullif(count(*) FILTER (WHERE match_state = 'applied'), 0), 2) AS "wrong per 1000 auto",
       round(100.0 * count(*) FILTER (WHERE match_state = 'queued') / count(*), 1) AS "queued %",
       round(100.0 * count(*) FILTER (WHERE match_state = 'queued' AND cardinality(truth) > 0
                                        AND (SELECT array_agg(x ORDER BY x) FROM unnest(suggested) x) = (SELECT array_agg(x ORDER BY x) FROM unnest(truth) x))
             / nullif(count(*) FILTER (WHERE match_state = 'queued' AND cardinality(truth) > 0), 0), 1) AS "queued: top suggestion right %"
FROM outcome;

\echo 'By scenario:'
SELECT scenario, count(*) AS payments,
       count(*) FILTER (WHERE match_state = 'applied') AS auto,
       count(*) FILTER (WHERE match_state = 'applied' AND applied IS DISTINCT FROM (SELECT array_agg(x ORDER BY x) FROM unnest(truth) x)) AS wrong,
       count(*) FILTER (WHERE match_state = 'queued') AS queued,
       count(*) FILTER (WHERE match_state = 'queued' AND (SELECT array_agg(x ORDER BY x) FROM unnest(suggested) x) = (SELECT array_agg(x ORDER BY x) FROM unnest(truth) x)) AS "queued, top right"
FROM outcome GROUP BY scenario ORDER BY scenario;
SELECT count(*) AS "ledger problems (check_ledger)" FROM ar2c.check_ledger();
