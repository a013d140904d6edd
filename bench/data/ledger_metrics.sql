-- Loads the ledger of bench/metrics_aging.bench and bench/metrics_period.bench:
-- one company (EUR), rows/100 customers, `rows` invoices issued over three
-- years to 30 June 2026 (the aging date), 30 days' terms, each paid 10 to
-- 80 days after issue (one in ten in two parts, 4% never), the payments
-- and applications dated so; nothing after the aging date is applied, so
-- about a tenth of the invoices is open. The same facts go into plain
-- tables (numeric amount, text currency) for the baselines, with the same
-- indexes. Deterministic (hashes of the row number). Skipped when already
-- loaded at this scale.
--
-- The ledger is loaded as pg_restore would load it (session_replication_role
-- = replica: no triggers), with its derived columns computed here, which
-- takes minutes where row-by-row application would take hours.

\ir money_common.sql

SELECT ar2c_bench.needs_load('ledger_metrics', :'scale', 'plain_invoice', 'plain_application') AS load_ledger_metrics \gset
\if :load_ledger_metrics
SET session_replication_role = replica;
TRUNCATE ar2c.application, ar2c.payment, ar2c.invoice, ar2c.customer_balance_total, ar2c.customer, ar2c.company CASCADE;
DROP TABLE IF EXISTS ar2c_bench.plain_invoice, ar2c_bench.plain_application, ar2c_bench.ledger_facts,
    ar2c_bench.ledger_applications;
INSERT INTO ar2c.aging_clock (as_of) VALUES ('2026-06-30')
    ON CONFLICT (singleton) DO UPDATE SET as_of = excluded.as_of;
INSERT INTO ar2c.company (company_id, name, functional_currency) VALUES (1, 'Bench GmbH', 'EUR');
INSERT INTO ar2c.customer (customer_id, company_id, customer_number, name, currency)
SELECT c, 1, 'C-' || c, 'Customer ' || c, 'EUR'
FROM generate_series(1, greatest(ar2c_bench.rows(:'scale') / 100, 1)) c;

-- one row per invoice: its facts and the (up to two) payments of it
CREATE UNLOGGED TABLE ar2c_bench.ledger_facts AS
SELECT i, 1 + i % greatest(ar2c_bench.rows(:'scale') / 100, 1) AS customer_id, issue, issue + 30 AS due, units,
       CASE WHEN ar2c_bench.uniform(i, 4) < 0.04 THEN NULL ELSE issue + 10 + floor(ar2c_bench.uniform(i, 3) * 70)::int END AS paid_on,
       ar2c_bench.uniform(i, 5) < 0.1 AS in_two_parts
FROM (SELECT i, date '2023-07-02' + floor(ar2c_bench.uniform(i, 1) * 1095)::int AS issue,
             1000 + floor(ar2c_bench.uniform(i, 2) * 999000)::bigint AS units
      FROM generate_series(1, ar2c_bench.rows(:'scale')) i) f;

-- the applications: a part (half, ten days early) and the rest, or all at once
CREATE UNLOGGED TABLE ar2c_bench.ledger_applications AS
SELECT row_number() OVER () AS application_id, i, customer_id, applied_on, units
FROM (SELECT i, customer_id, paid_on - 10 AS applied_on, units / 2 AS units FROM ar2c_bench.ledger_facts
      WHERE in_two_parts AND paid_on - 10 <= date '2026-06-30'
      UNION ALL
      SELECT i, customer_id, paid_on, CASE WHEN in_two_parts THEN units - units / 2 ELSE units END FROM ar2c_bench.ledger_facts
      WHERE paid_on <= date '2026-06-30') a;

INSERT INTO ar2c.invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, open_amount,
                          status, aging_bucket, aging_changes_on)
SELECT 1, f.customer_id, f.i, 'INV-' || f.i, f.issue, f.due, ar2c.money_cur_units(f.units, 'EUR'),
       ar2c.money_cur_units(f.units - coalesce(a.applied, 0), 'EUR'),
       CASE WHEN a.applied IS NULL THEN 'open' WHEN a.applied = f.units THEN 'paid' ELSE 'partially_paid' END,
       CASE WHEN a.applied IS DISTINCT FROM f.units THEN ar2c.aging_bucket(f.due, '2026-06-30', '{30,60,90,120}') END,
       CASE WHEN a.applied IS DISTINCT FROM f.units
            THEN f.due + ar2c.upper(ar2c.aging_bucket(f.due, '2026-06-30', '{30,60,90,120}')) + 1 END
FROM ar2c_bench.ledger_facts f
LEFT JOIN (SELECT i, sum(units)::bigint AS applied FROM ar2c_bench.ledger_applications GROUP BY i) a USING (i);
INSERT INTO ar2c.payment (company_id, payment_id, customer_id, value_date, amount, unapplied_amount, status)
SELECT 1, application_id, customer_id, applied_on, ar2c.money_cur_units(units, 'EUR'), ar2c.money_cur_units(0, 'EUR'), 'applied'
FROM ar2c_bench.ledger_applications;
INSERT INTO ar2c.application (company_id, customer_id, application_id, invoice_id, payment_id, amount, source_amount,
                              kind, applied_on, applied_at)
SELECT 1, customer_id, application_id, i, application_id, ar2c.money_cur_units(units, 'EUR'),
       ar2c.money_cur_units(units, 'EUR'), 'matched', applied_on, applied_on
FROM ar2c_bench.ledger_applications;
SELECT setval('ar2c.invoice_invoice_id_seq', ar2c_bench.rows(:'scale'));
RESET session_replication_role;
SELECT ar2c.rebuild_balances(1);

-- the baselines' tables: the same facts, numeric amounts and a text
-- currency, open_amount kept as the application would keep it
CREATE TABLE ar2c_bench.plain_invoice AS
SELECT invoice_id, company_id, customer_id, issue_date, due_date, ar2c.amount(amount) AS amount,
       ar2c.currency(amount)::text AS currency, ar2c.amount(open_amount) AS open_amount, status
FROM ar2c.invoice;
CREATE TABLE ar2c_bench.plain_application AS
SELECT application_id, company_id, invoice_id, ar2c.amount(amount) AS amount, applied_on
FROM ar2c.application;
ALTER TABLE ar2c_bench.plain_invoice ADD PRIMARY KEY (invoice_id);
ALTER TABLE ar2c_bench.plain_application ADD PRIMARY KEY (application_id);
CREATE INDEX ON ar2c_bench.plain_invoice (company_id) WHERE open_amount > 0;
CREATE INDEX ON ar2c_bench.plain_invoice (company_id, issue_date);
CREATE INDEX ON ar2c_bench.plain_application (company_id, applied_on);
CREATE INDEX ON ar2c_bench.plain_application (invoice_id);
DROP TABLE ar2c_bench.ledger_facts, ar2c_bench.ledger_applications;
VACUUM ANALYZE ar2c.invoice, ar2c.application, ar2c.payment, ar2c.customer, ar2c_bench.plain_invoice,
    ar2c_bench.plain_application;
SELECT ar2c_bench.mark_loaded('ledger_metrics', :'scale');
CHECKPOINT;
\endif
