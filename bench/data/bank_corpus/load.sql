-- Load a bank-side corpus written by generate.py (run psql in the folder
-- of its CSV files) the way an ERP and a bank import would: company 1,
-- customers, the registered English names of some Chinese customers, the
-- payer accounts the ERP knows, invoices (with the payment reference
-- printed on them when ar2c.invoice has a payment_reference column), the
-- earlier part payments of some invoices, and the bank's payments. The
-- truth goes to schema bench_truth, which nothing of ar2c reads.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
INSERT INTO ar2c.company (company_id, name, functional_currency) VALUES (1, 'Bank Corpus Receivables GmbH', 'EUR');
\copy ar2c.customer (customer_id, company_id, customer_number, name, currency, payment_terms_days) FROM 'customer.csv' CSV
\copy ar2c.customer_alias (customer_id, company_id, alias, source) FROM 'customer_alias.csv' CSV
\copy ar2c.payer_account (company_id, account, customer_id, source) FROM 'payer_account.csv' CSV

CREATE TEMP TABLE invoice_in (invoice_id bigint, company_id bigint, customer_id bigint, invoice_number text,
                              external_number text, issue_date date, due_date date, amount ar2c.money_cur);
\copy invoice_in FROM 'invoice.csv' CSV
CREATE TEMP TABLE invoice_reference (invoice_id bigint PRIMARY KEY, reference text);
\copy invoice_reference FROM 'invoice_reference.csv' CSV
SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'ar2c' AND table_name = 'invoice'
               AND column_name = 'payment_reference') AS has_payment_reference \gset
\if :has_payment_reference
-- as printed; if the column takes only the compact form, compact
DO $$
BEGIN
    BEGIN
        INSERT INTO ar2c.invoice (invoice_id, company_id, customer_id, invoice_number, external_number, issue_date,
                                  due_date, amount, payment_reference)
        SELECT i.*, r.reference FROM invoice_in i LEFT JOIN invoice_reference r USING (invoice_id);
    EXCEPTION WHEN others THEN
        RAISE WARNING 'payment references as printed refused (%), loading them compact', SQLERRM;
        INSERT INTO ar2c.invoice (invoice_id, company_id, customer_id, invoice_number, external_number, issue_date,
                                  due_date, amount, payment_reference)
        SELECT i.*, regexp_replace(r.reference, '[^0-9A-Za-z]', '', 'g')
        FROM invoice_in i LEFT JOIN invoice_reference r USING (invoice_id);
    END;
END $$;
\else
INSERT INTO ar2c.invoice (invoice_id, company_id, customer_id, invoice_number, external_number, issue_date,
                          due_date, amount)
SELECT * FROM invoice_in;
\endif

\copy ar2c.payment (payment_id, company_id, value_date, amount, payer_name, payer_account, remittance_text, end_to_end_id, bank_reference) FROM 'payment.csv' CSV
\copy ar2c.application (company_id, customer_id, invoice_id, payment_id, amount, kind) FROM 'application.csv' CSV
SELECT count(setval(pg_get_serial_sequence('ar2c.' || t, t || '_id'), m)) AS sequences_moved
FROM (VALUES ('customer', (SELECT max(customer_id) FROM ar2c.customer)),
             ('invoice', (SELECT max(invoice_id) FROM ar2c.invoice)),
             ('payment', (SELECT max(payment_id) FROM ar2c.payment))) v(t, m);

DROP SCHEMA IF EXISTS bench_truth CASCADE;
CREATE SCHEMA bench_truth;
CREATE TABLE bench_truth.payment (
    payment_id   bigint PRIMARY KEY,
    identifiable boolean NOT NULL,
    customer_id  bigint,
    channel      text NOT NULL,
    kinds        text[] NOT NULL,
    charge_units bigint NOT NULL,
    excess_units bigint NOT NULL
);
COMMENT ON TABLE bench_truth.payment IS 'what a payment was: identifiable from what it carries, the customer meant (NULL: no customer), the bank channel, the damage done, the charge the banks deducted and the overpayment, in minor units';
CREATE TABLE bench_truth.payment_invoice (
    payment_id  bigint NOT NULL REFERENCES bench_truth.payment,
    invoice_id  bigint NOT NULL,
    meant_units bigint NOT NULL,
    PRIMARY KEY (payment_id, invoice_id)
);
COMMENT ON TABLE bench_truth.payment_invoice IS 'the invoices a payment was meant for and how much for each (bank charge included)';
\copy bench_truth.payment FROM 'truth_payment.csv' CSV
\copy bench_truth.payment_invoice FROM 'truth_invoice.csv' CSV
ANALYZE;
