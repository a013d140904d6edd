-- Prepares bench/ledger_load.bench and bench/ledger_load_copy.bench: an
-- empty ledger with its company and customers, the invoices to load in
-- ar2c_bench.load_source (scale 1 = 1 million invoices over 10,000
-- customers, due dates spread over the 200 days before the aging date
-- 2026-06-30 and the 60 after it), and the same rows written once to a
-- server-side file for COPY, ar2c_bench_ledger_load.copy in the data
-- directory (the throw-away cluster's user is a superuser; the file goes
-- with the cluster). Skipped when
-- already prepared at this scale.
--
-- The invoices carry only what an application writes: company, customer,
-- key, number, issue and due dates, amount. ar2c derives the rest.

\ir ledger_common.sql

-- where the COPY file is (the cases read it by this psql variable)
SELECT current_setting('data_directory') || '/ar2c_bench_ledger_load.copy' AS ledger_copy_file \gset

SELECT ar2c_bench.ledger_needs_load('load', :'scale', 'load_source', 'invoice_copy') AS ledger_load \gset
\if :ledger_load
SELECT greatest(round(1000000 * :'scale'::numeric), 1)::bigint AS ledger_n,
       greatest(round(10000 * :'scale'::numeric), 1)::bigint AS ledger_customers \gset
SELECT ar2c_bench.ledger_reset(:ledger_customers);
DROP TABLE IF EXISTS ar2c_bench.load_source;
CREATE TABLE ar2c_bench.load_source AS
SELECT 1::bigint AS company_id, customer_id, invoice_id, 'INV-' || invoice_id AS invoice_number,
       due_date - 30 AS issue_date, due_date, ar2c.money_cur_units(cents, 'EUR') AS amount
FROM ar2c_bench.ledger_invoices(1, :ledger_n, :ledger_customers, 200, 60);
COPY ar2c_bench.load_source TO :'ledger_copy_file';
-- a copy of ar2c.invoice without any trigger at all (LIKE copies columns,
-- defaults, CHECK constraints and indexes; the foreign keys are added by
-- hand; no row-level security), for the COPY baseline that PostgreSQL can
-- load in batches
DROP TABLE IF EXISTS ar2c_bench.invoice_copy;
CREATE TABLE ar2c_bench.invoice_copy (LIKE ar2c.invoice INCLUDING ALL);
ALTER TABLE ar2c_bench.invoice_copy
    ADD FOREIGN KEY (customer_id, company_id) REFERENCES ar2c.customer (customer_id, company_id),
    ADD FOREIGN KEY (customer_id, order_id) REFERENCES ar2c.sales_order (customer_id, order_id);
VACUUM ANALYZE ar2c_bench.load_source, ar2c.customer, ar2c.company;
SELECT ar2c_bench.ledger_mark_loaded('load', :'scale');
CHECKPOINT;
\endif
