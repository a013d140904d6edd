-- Demo section: e-invoices in (doc/einvoice.md). Included by demo.sql.
\echo
\echo '== E-invoices: an XRechnung (CII) invoice imported, its money rules checked (ar2c.import_invoice())'
UPDATE ar2c.company SET vat_id = 'DE123456789' WHERE company_id = 9001 AND vat_id IS NULL;
INSERT INTO ar2c.customer (company_id, customer_number, name, currency, payment_terms_days, buyer_reference)
SELECT 9001, 'EINV-MUSTER', 'Stadtverwaltung Musterstadt', 'EUR', 14, '04011000-12345-34'
WHERE NOT EXISTS (SELECT 1 FROM ar2c.customer WHERE company_id = 9001 AND customer_number = 'EINV-MUSTER');
\set einvoice `cat test/fixtures/einvoice_xrechnung_cii.xml`
CREATE TEMP TABLE demo_einvoice AS SELECT :'einvoice'::text AS content;
SELECT status, document_number, amount, lines, summary FROM ar2c.import_invoice(9001, (SELECT content FROM demo_einvoice));
SELECT line_id, item_name, quantity, unit_price, base_quantity, vat_rate, line_amount
FROM ar2c.invoice_line WHERE company_id = 9001 AND document_number = 'XR-2026-18' ORDER BY line_number;
\echo 'Sent again, it is not imported twice; with totals that do not add up, it is refused:'
SELECT status, summary FROM ar2c.import_invoice(9001, (SELECT content FROM demo_einvoice));
SET client_min_messages = notice;
DO $$
BEGIN
    PERFORM ar2c.import_invoice(9001, replace(content, '<ram:GrandTotalAmount>102.30', '<ram:GrandTotalAmount>112.30'))
    FROM demo_einvoice;
EXCEPTION WHEN check_violation THEN
    RAISE NOTICE '%', SQLERRM;
END
$$;
SET client_min_messages = warning;
