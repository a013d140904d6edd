-- Loads open invoices into ar2c's ledger and the same items into a plain
-- table, for bench/ledger_aging_summary.bench and
-- bench/ledger_roll_aging.bench. Skipped when the ledger already holds this
-- data set at this scale.
--
-- psql variables, set by the benchmark before \i:
--   ledger_dataset     name of the data set (aging_summary, roll_aging)
--   ledger_days_past   earliest due date, in days before the aging date
--   ledger_days_ahead  latest due date, in days after it
-- and :scale (scale 1 = 10 million invoices over 100,000 customers).
--
-- ar2c.invoice is loaded with plain INSERT ... SELECT, through every
-- trigger (the C row trigger sets open amount, status and aging bucket; the
-- statement triggers maintain ar2c.customer_balance_total and check for
-- duplicates), ten statements of a tenth each, as an ERP's nightly
-- batches might, with a VACUUM of the balances after each (as autovacuum
-- would between batches: each batch updates every customer's balance row,
-- and without it the table would hold ten versions of each). ar2c_bench.ledger_plain holds the same items the way a
-- plain-SQL ledger would: open_amount numeric(18,2) (the natural type for
-- a plain-SQL user) and a smallint aging bucket (1 = not due ... 6 = over
-- 120) as of the aging date, for the plain re-aging baseline.

\ir ledger_common.sql

SELECT ar2c_bench.ledger_needs_load(:'ledger_dataset', :'scale', 'ledger_plain', 'ledger_plain_cents') AS ledger_load \gset
\if :ledger_load
SELECT greatest(round(10000000 * :'scale'::numeric), 1)::bigint AS ledger_n,
       greatest(round(100000 * :'scale'::numeric), 1)::bigint AS ledger_customers \gset
SELECT ar2c_bench.ledger_reset(:ledger_customers);
DROP TABLE IF EXISTS ar2c_bench.ledger_plain, ar2c_bench.ledger_plain_cents;

CREATE TABLE ar2c_bench.ledger_plain (
    customer_id  bigint NOT NULL,
    due_date     date NOT NULL,
    open_amount  numeric(18,2) NOT NULL,
    aging_bucket smallint NOT NULL
);
-- the same with bigint cents: the fastest a plain table can be
CREATE TABLE ar2c_bench.ledger_plain_cents (
    customer_id bigint NOT NULL,
    due_date    date NOT NULL,
    open_cents  bigint NOT NULL
);

SELECT format($$INSERT INTO ar2c.invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
               SELECT 1, customer_id, invoice_id, 'INV-' || invoice_id, due_date - 30, due_date,
                      ar2c.money_cur_units(cents, 'EUR')
               FROM ar2c_bench.ledger_invoices(%s, %s, %s, %s, %s)$$,
              part * :ledger_n / 10 + 1, (part + 1) * :ledger_n / 10,
              :ledger_customers, :ledger_days_past, :ledger_days_ahead),
       'VACUUM ar2c.customer_balance_total'
FROM generate_series(0, 9) part \gexec

INSERT INTO ar2c_bench.ledger_plain
SELECT customer_id, due_date, cents / 100.0, ar2c_bench.plain_bucket(due_date, DATE '2026-06-30')
FROM ar2c_bench.ledger_invoices(1, :ledger_n, :ledger_customers, :ledger_days_past, :ledger_days_ahead);
INSERT INTO ar2c_bench.ledger_plain_cents
SELECT customer_id, due_date, cents
FROM ar2c_bench.ledger_invoices(1, :ledger_n, :ledger_customers, :ledger_days_past, :ledger_days_ahead);

VACUUM ANALYZE ar2c.invoice, ar2c.customer_balance_total, ar2c.customer, ar2c.company,
    ar2c_bench.ledger_plain, ar2c_bench.ledger_plain_cents;
SELECT ar2c_bench.ledger_mark_loaded(:'ledger_dataset', :'scale');
CHECKPOINT;
\endif
