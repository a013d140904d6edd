-- E-invoices in (doc/einvoice.md): a document of each profile (Peppol BIS 3
-- invoice and credit note, XRechnung UBL and CII, Factur-X EN16931 and
-- BASIC) imported into the ledger with its buyer found by VAT id, buyer
-- reference or name; every refusal with its SQLSTATE and rule, nothing
-- written; exactly once per company, document type and number.
BEGIN;
SET search_path = public, ar2c;
SELECT plan(82);

INSERT INTO company (company_id, name, functional_currency, vat_id, legal_id)
VALUES (1, 'Nordwind Handel GmbH', 'EUR', 'de 123 456 789', NULL),
       (2, 'Other Co', 'EUR', 'DE999999999', NULL),
       (3, 'No Id Co', 'EUR', NULL, NULL);
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, payment_terms_days, vat_id, buyer_reference)
VALUES (10, 1, 'VDG', 'Van Dijk Groothandel B.V.', 'EUR', 30, 'NL812345678B01', NULL),
       (11, 1, 'MUSTER', 'Stadtverwaltung Musterstadt', 'EUR', 14, NULL, '04011000-12345-34'),
       (12, 1, 'MARTIN', 'boulangerie martin sarl ', 'EUR', 30, NULL, NULL),
       (13, 1, 'LUMIERE', 'Lumière', 'EUR', 30, 'FR 40 303265045', NULL),
       (20, 2, 'VDG', 'Van Dijk Groothandel B.V.', 'EUR', 30, 'NL812345678B01', NULL);
INSERT INTO sales_order (company_id, customer_id, order_id, order_number, amount)
VALUES (1, 10, 100, 'SO-1001', '500.00 EUR');

\set pi `cat test/fixtures/einvoice_peppol_invoice.xml`
\set pc `cat test/fixtures/einvoice_peppol_credit_note.xml`
\set xu `cat test/fixtures/einvoice_xrechnung_ubl.xml`
\set xc `cat test/fixtures/einvoice_xrechnung_cii.xml`
\set fx `cat test/fixtures/einvoice_facturx_en16931.xml`
\set fb `cat test/fixtures/einvoice_facturx_basic.xml`
\set camt `cat test/fixtures/camt053_v08.xml`
CREATE TEMP TABLE fixture (name text PRIMARY KEY, content text NOT NULL);
INSERT INTO fixture VALUES ('pi', :'pi'), ('pc', :'pc'), ('xu', :'xu'), ('xc', :'xc'), ('fx', :'fx'), ('fb', :'fb'),
                           ('camt', :'camt');
GRANT SELECT ON fixture TO PUBLIC;
CREATE FUNCTION pg_temp.doc(n text) RETURNS text LANGUAGE sql AS $$ SELECT content FROM fixture WHERE name = n $$;
-- the SQLSTATE, message and detail of a statement's error
CREATE FUNCTION pg_temp.error_of(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s text; m text; d text;
BEGIN
    EXECUTE statement;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    RETURN s || ': ' || m || coalesce(' | ' || nullif(d, ''), '');
END
$$;

-- ---------------------------------------------------------------------
-- Refusals: each names its rule and the values, and writes nothing
-- ---------------------------------------------------------------------
-- the Peppol invoice altered in one place each
CREATE TEMP TABLE altered (rule text PRIMARY KEY, base text, old text, new text);
INSERT INTO altered VALUES
  ('R120',      'pi', '<cbc:LineExtensionAmount currencyID="EUR">250.00', '<cbc:LineExtensionAmount currencyID="EUR">240.00'),
  ('BR-CO-10',  'pi', '<cbc:LineExtensionAmount currencyID="EUR">360.00', '<cbc:LineExtensionAmount currencyID="EUR">350.00'),
  ('BR-CO-11',  'fx', '<ram:AllowanceTotalAmount>5.00', '<ram:AllowanceTotalAmount>6.00'),
  ('BR-CO-12',  'pi', '<cbc:ChargeTotalAmount currencyID="EUR">15.00', '<cbc:ChargeTotalAmount currencyID="EUR">20.00'),
  ('BR-CO-13',  'pi', '<cbc:TaxExclusiveAmount currencyID="EUR">375.00', '<cbc:TaxExclusiveAmount currencyID="EUR">360.00'),
  ('BR-CO-14',  'xc', '<ram:TaxTotalAmount currencyID="EUR">12.30', '<ram:TaxTotalAmount currencyID="EUR">12.40'),
  ('BR-CO-15',  'pi', '<cbc:TaxInclusiveAmount currencyID="EUR">453.75', '<cbc:TaxInclusiveAmount currencyID="EUR">443.75'),
  ('BR-CO-16',  'pi', '<cbc:PayableAmount currencyID="EUR">453.75', '<cbc:PayableAmount currencyID="EUR">450.00'),
  ('BR-CO-16c', 'xu', '<cbc:PrepaidAmount currencyID="EUR">428.00', '<cbc:PrepaidAmount currencyID="EUR">400.00'),
  ('R051',      'pi', '<cbc:PayableAmount currencyID="EUR">', '<cbc:PayableAmount currencyID="USD">'),
  ('BR-CL-03',  'pi', '<cbc:PayableAmount currencyID="EUR">', '<cbc:PayableAmount currencyID="EUX">'),
  ('BR-CL-04',  'pi', '<cbc:DocumentCurrencyCode>EUR', '<cbc:DocumentCurrencyCode>EUX'),
  ('BR-02',     'fx', '<ram:ID>FX-2026-042</ram:ID>', '<ram:ID> </ram:ID>'),
  ('BR-15',     'pi', '<cbc:PayableAmount currencyID="EUR">453.75</cbc:PayableAmount>', ''),
  ('R121',      'xc', '<ram:BasisQuantity unitCode="H87">2', '<ram:BasisQuantity unitCode="H87">0'),
  ('decimals',  'pi', '<cbc:PayableAmount currencyID="EUR">453.75', '<cbc:PayableAmount currencyID="EUR">453.751'),
  ('doctype',   'pi', '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x "y">]>');
CREATE FUNCTION pg_temp.altered(r text) RETURNS text LANGUAGE sql AS $$
    SELECT replace(pg_temp.doc(a.base), a.old, a.new) FROM altered a WHERE a.rule = r
$$;
-- every alteration changed its document
SELECT is_empty($$SELECT rule FROM altered WHERE pg_temp.altered(rule) = pg_temp.doc(base)$$, 'every altered document differs from its fixture');

SELECT is(pg_temp.error_of($$SELECT * FROM import_invoice(1, pg_temp.altered('R120'))$$),
          '23514: e-invoice breaks PEPPOL-EN16931-R120: the net amount (BT-131) 240.00 EUR of line 1 ("1") is not its quantity times its price, 250.00 EUR | Quantity 10 times net price 25.00, plus charges, less allowances, is 250.00 EUR.',
          'PEPPOL-EN16931-R120: a line whose net amount is not quantity times price');
SELECT is(pg_temp.error_of($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-CO-10'))$$),
          '23514: e-invoice breaks BR-CO-10: the sum of invoice line net amount (BT-106) 350.00 EUR is not the sum of the lines'' net amounts 360.00 EUR | Invoice PB-2026-0001: stated 350.00 EUR, computed 360.00 EUR, difference -10.00 EUR.',
          'BR-CO-10: the sum of the lines is not BT-106, with the values');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-CO-11'))$$, '23514',
                 'e-invoice breaks BR-CO-11: the sum of allowances on document level (BT-107) 6.00 EUR is not the sum of the document''s allowances 5.00 EUR',
                 'BR-CO-11: the allowances (CII)');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-CO-12'))$$, '23514',
                 'e-invoice breaks BR-CO-12: the sum of charges on document level (BT-108) 20.00 EUR is not the sum of the document''s charges 15.00 EUR',
                 'BR-CO-12: the charges');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-CO-13'))$$, '23514',
                 'e-invoice breaks BR-CO-13: the invoice total amount without VAT (BT-109) 360.00 EUR is not the line net amounts less allowances plus charges 375.00 EUR',
                 'BR-CO-13: the total without VAT');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-CO-14'))$$, '23514',
                 'e-invoice breaks BR-CO-14: the invoice total VAT amount (BT-110) 12.40 EUR is not the sum of the VAT category tax amounts 12.30 EUR',
                 'BR-CO-14: the total VAT is not its breakdown (CII)');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-CO-15'))$$, '23514',
                 'e-invoice breaks BR-CO-15: the invoice total amount with VAT (BT-112) 443.75 EUR is not the total without VAT plus the total VAT 453.75 EUR',
                 'BR-CO-15: the total with VAT');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-CO-16'))$$, '23514',
                 'e-invoice breaks BR-CO-16: the amount due for payment (BT-115) 450.00 EUR is not the total with VAT less the paid amount plus rounding 453.75 EUR',
                 'BR-CO-16: the amount due');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-CO-16c'))$$, '23514',
                 'e-invoice breaks BR-CO-16: the amount due for payment (BT-115) 1000.00 EUR is not the total with VAT less the paid amount plus rounding 1028.00 EUR',
                 'BR-CO-16: the amount due less what was paid (XRechnung)');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('R051'))$$, '23514',
                 'invalid e-invoice: the amount due for payment (BT-115) at cbc:PayableAmount is in "USD", not in the invoice currency EUR (PEPPOL-EN16931-R051)',
                 'PEPPOL-EN16931-R051: an amount in another currency');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-CL-03'))$$, '22P02',
                 'invalid e-invoice: unknown currency "EUX" of the amount due for payment (BT-115) at cbc:PayableAmount (BR-CL-03)',
                 'BR-CL-03: an unknown currencyID');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-CL-04'))$$, '22P02',
                 'invalid e-invoice: unknown invoice currency "EUX" (BT-5, BR-CL-04)',
                 'BR-CL-04: an unknown invoice currency');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-02'))$$, '22P02',
                 'invalid e-invoice: the invoice number (BT-1) is missing (BR-02, rsm:ExchangedDocument/ram:ID)',
                 'BR-02: no invoice number');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('BR-15'))$$, '22P02',
                 'invalid e-invoice: the amount due for payment (BT-115) is missing (BR-15, cbc:PayableAmount)',
                 'BR-15: no amount due');
SELECT throws_ok($$SELECT * FROM import_invoice(1, regexp_replace(pg_temp.doc('pi'), '<cac:InvoiceLine>.*</cac:InvoiceLine>', ''))$$, '22P02',
                 'invalid e-invoice: an invoice line (BG-25) is missing (BR-16, cac:InvoiceLine)',
                 'BR-16: no line');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('R121'))$$, '23514',
                 'e-invoice breaks PEPPOL-EN16931-R121: line 2 ("2") has a price base quantity that is not positive',
                 'PEPPOL-EN16931-R121: a base quantity of 0');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('decimals'))$$, '22P02',
                 'invalid e-invoice: the amount due for payment (BT-115) at cbc:PayableAmount is "453.751", more decimals than its currency has',
                 'an amount with more decimals than its currency');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.altered('doctype'))$$, '22P02',
                 'invalid e-invoice: it has a document type declaration (DOCTYPE)',
                 'a DOCTYPE is refused: no entity is expanded');
SELECT throws_ok($$SELECT * FROM import_invoice(1, replace(pg_temp.doc('pi'), '</Invoice>', '</Invoic>'))$$, '2200M', 'invalid XML document',
                 'XML that is not well-formed');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.doc('camt'))$$, '22P02', 'not an e-invoice',
                 'a camt statement is not an e-invoice');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.doc('pi'), 'cii')$$, '22P02', 'not an e-invoice in CII',
                 'the format asked for is the format read');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.doc('pi'), 'pdf')$$, '22023', 'unknown e-invoice format "pdf"',
                 'an unknown format');
SELECT throws_ok($$SELECT * FROM import_invoice(2, pg_temp.doc('pi'))$$, '22023',
                 'e-invoice PB-2026-0001 was issued by "Nordwind Handel GmbH", not by company 2',
                 'an e-invoice of another seller is refused');
SELECT throws_ok($$SELECT * FROM import_invoice(3, pg_temp.doc('pi'))$$, '22023', 'company 3 has neither vat_id nor legal_id',
                 'a company without identifiers cannot be a seller');
SELECT throws_ok($$SELECT * FROM import_invoice(9, pg_temp.doc('pi'))$$, '23503', 'unknown company 9',
                 'an unknown company');
SELECT throws_ok($$SELECT * FROM import_invoice(1, replace(replace(pg_temp.doc('fb'), 'FR40303265045', 'FR11222333444'), 'Société Lumière SA', 'Inconnu SARL'))$$,
                 '23503', 'unknown buyer "Inconnu SARL" of e-invoice FB-2026-7 for company 1',
                 'an unknown buyer is refused under the default policy');
SELECT throws_ok($$SELECT * FROM import_invoice(1, replace(replace(pg_temp.doc('xu'), '>428.00<', '>1428.00<'), '>1000.00<', '>0.00<'))$$,
                 '22023', 'e-invoice XR-2026-17 has nothing to pay: its amount due for payment (BT-115) is 0.00 EUR',
                 'a document with nothing to pay is refused');
SELECT is((SELECT count(*) FROM einvoice_document) + (SELECT count(*) FROM invoice) + (SELECT count(*) FROM credit_note)
          + (SELECT count(*) FROM invoice_line) + (SELECT count(*) FROM alert), 0::bigint,
          'no refusal wrote anything');
SELECT is((SELECT count(*) FROM parse_invoice(NULL)), 0::bigint, 'parse_invoice(NULL) has no rows');

-- ---------------------------------------------------------------------
-- Imports: one of each profile
-- ---------------------------------------------------------------------
SELECT is((SELECT status || ' ' || document_type || ' ' || document_number || ' ' || customer_id || ' ' || amount || ' ' || lines
           FROM import_invoice(1, pg_temp.doc('pi'))),
          'imported invoice PB-2026-0001 10 453.75 EUR 2', 'Peppol BIS 3 invoice: imported for the customer of its buyer VAT id');
SELECT row_eq($$SELECT customer_id, order_id, issue_date, due_date, amount, open_amount, payment_reference FROM invoice WHERE invoice_number = 'PB-2026-0001'$$,
              ROW(10::bigint, 100::bigint, DATE '2026-03-15', DATE '2026-04-14', '453.75 EUR'::money_cur, '453.75 EUR'::money_cur, 'RF18539007547034'::text),
              'the invoice: its order by reference, dates, amount due and issued payment reference');
SELECT results_eq($$SELECT line_number, line_id, item_name, quantity, unit_code, unit_price, base_quantity, vat_category, vat_rate, line_amount::text
                    FROM invoice_line WHERE document_number = 'PB-2026-0001' ORDER BY line_number$$,
                  $$VALUES (1, '1', 'Ship chandlery rope, 50 m', 10::numeric, 'H87', 25.00, NULL::numeric, 'S', 21::numeric, '250.00 EUR'),
                           (2, '2', 'Brass deck cleat', 3, 'H87', 40.00, 1, 'S', 21, '110.00 EUR')$$,
                  'its lines: quantity, unit, price, VAT category and rate, net amount');
SELECT ok((SELECT invoice_id IS NOT NULL FROM invoice_line WHERE document_number = 'PB-2026-0001' AND line_number = 1)
          AND (SELECT invoice_id FROM invoice_line WHERE line_number = 1 AND document_number = 'PB-2026-0001')
              = (SELECT invoice_id FROM invoice WHERE invoice_number = 'PB-2026-0001'),
          'the lines belong to the invoice');

-- the credit note names the invoice: a credit_note applied to it
SELECT is((SELECT status || ' ' || document_type || ' ' || amount || ' ' || (credit_note_id IS NOT NULL) FROM import_invoice(1, pg_temp.doc('pc'))),
          'imported credit_note 60.50 EUR true', 'Peppol BIS 3 credit note: imported as a credit note');
SELECT row_eq($$SELECT c.amount, c.invoice_id = i.invoice_id, c.reason FROM credit_note c, invoice i
               WHERE c.credit_note_number = 'PB-CN-0001' AND i.invoice_number = 'PB-2026-0001'$$,
              ROW('60.50 EUR'::money_cur, true, 'e-invoice credit_note PB-CN-0001 for invoice PB-2026-0001'::text),
              'the credit note is linked to the invoice it names');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_number = 'PB-2026-0001'), '393.25 EUR'::money_cur,
          'and applied to it: the invoice is open for 453.75 - 60.50');
SELECT is((SELECT credit_note_id IS NOT NULL AND invoice_id IS NULL FROM invoice_line WHERE document_number = 'PB-CN-0001'), true,
          'the credit note''s line belongs to the credit note');

-- XRechnung: the buyer by its buyer reference (Leitweg-ID)
SELECT is((SELECT status || ' ' || customer_id || ' ' || amount FROM import_invoice(1, pg_temp.doc('xu'), 'ubl')),
          'imported 11 1000.00 EUR', 'XRechnung UBL: the buyer by buyer reference, the amount due after the prepaid amount');
SELECT is((SELECT due_date FROM invoice WHERE invoice_number = 'XR-2026-17'), DATE '2026-03-30',
          'without a due date in the document, the customer''s terms (14 days) set it');
SELECT is((SELECT status || ' ' || customer_id || ' ' || amount || ' ' || lines FROM import_invoice(1, pg_temp.doc('xc'), 'CII')),
          'imported 11 102.30 EUR 2', 'XRechnung CII: two VAT rates');
SELECT is((SELECT string_agg(line_amount::text || ' ' || base_quantity || ' ' || vat_rate, ', ' ORDER BY line_number) FROM invoice_line WHERE document_number = 'XR-2026-18'),
          '40.00 EUR 2 7', 'a line priced per base quantity (8 at 10.00 per 2)');
-- Factur-X: the buyer by name (case and blanks aside), then by VAT id
SELECT is((SELECT status || ' ' || customer_id || ' ' || amount FROM import_invoice(1, pg_temp.doc('fx'))),
          'imported 12 48.00 EUR', 'Factur-X EN16931: the buyer by name, a document allowance');
SELECT is((SELECT status || ' ' || customer_id || ' ' || amount FROM import_invoice(1, pg_temp.doc('fb'))),
          'imported 13 119.99 EUR', 'Factur-X BASIC: the buyer by VAT id, written with blanks in the ledger');
SELECT is((SELECT due_date || ' ' || payment_reference FROM invoice WHERE invoice_number = 'FB-2026-7'),
          '2026-04-18 FB-2026-7', 'the CII due date and payment reference');
SELECT is((SELECT string_agg(syntax || ' ' || profile, ', ' ORDER BY document_number) FROM einvoice_document WHERE document_number IN ('FB-2026-7', 'FX-2026-042')),
          'cii urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic, cii urn:cen.eu:en16931:2017',
          'the document''s syntax and profile are kept');

-- an invoice whose amount due is negative credits the buyer
SELECT is((SELECT status || ' ' || document_type || ' ' || amount || ' ' || (credit_note_id IS NOT NULL)
           FROM import_invoice(1, replace(replace(replace(replace(replace(replace(pg_temp.doc('fb'),
                '>99.99<', '>-99.99<'), '<ram:ChargeAmount>-99.99', '<ram:ChargeAmount>99.99'),
                '>1</ram:BilledQuantity>', '>-1</ram:BilledQuantity>'), '>20.00<', '>-20.00<'),
                '>119.99<', '>-119.99<'), 'FB-2026-7', 'FB-2026-8'))),
          'imported invoice 119.99 EUR true', 'an invoice with a negative amount due becomes a credit note on account');
SELECT is((SELECT reason || ' ' || (invoice_id IS NULL) FROM credit_note WHERE credit_note_number = 'FB-2026-8'),
          'e-invoice invoice FB-2026-8 true', 'naming its document');

-- ---------------------------------------------------------------------
-- Exactly once
-- ---------------------------------------------------------------------
SELECT is((SELECT status || ' ' || summary FROM import_invoice(1, pg_temp.doc('pi'))),
          'already_imported invoice PB-2026-0001 was imported on ' || current_date || '; nothing written',
          'a re-sent document says so');
SELECT is((SELECT status FROM import_invoice(1, regexp_replace(pg_temp.doc('pi'), '>\s+<', '><', 'g'))),
          'already_imported', 'also when its layout differs');
SELECT is((SELECT status FROM import_invoice(1, pg_temp.doc('pc'))), 'already_imported', 'a re-sent credit note too');
SELECT is((SELECT count(*) FROM invoice WHERE invoice_number = 'PB-2026-0001') + (SELECT count(*) FROM credit_note WHERE credit_note_number = 'PB-CN-0001')
          + (SELECT count(*) FROM invoice_line WHERE document_number IN ('PB-2026-0001', 'PB-CN-0001')), 5::bigint,
          'and nothing more was written');
SELECT is(pg_temp.error_of($$SELECT * FROM import_invoice(1, replace(replace(replace(pg_temp.doc('pi'),
              '<cbc:DueDate>2026-04-14', '<cbc:DueDate>2026-04-30'), 'RF18539007547034', 'RF712348231'),
              'Ship chandlery rope, 50 m', 'Rope'))$$),
          '23505: e-invoice PB-2026-0001 (invoice) was imported before with other terms | Changed: due_date: 2026-04-14 -> 2026-04-30; payment_reference: RF18539007547034 -> RF712348231; line 1 item: Ship chandlery rope, 50 m -> Rope.',
          'a changed re-send is refused with the differences');
SELECT is(pg_temp.error_of($$SELECT * FROM import_invoice(1, replace(replace(pg_temp.doc('pi'), 'PB-2026-0001', 'PB-2026-0002'), 'SO-1001', 'SO-1002'))$$),
          'no error', 'another number is another invoice');
SELECT is((SELECT order_id IS NULL FROM invoice WHERE invoice_number = 'PB-2026-0002'), true, 'an order reference not in the ledger links nothing');
SELECT is((SELECT status FROM import_invoice(1, replace(pg_temp.doc('pc'), 'PB-CN-0001', 'PB-2026-0002'))), 'imported',
          'a credit note with the number of an invoice is a document of its own');

-- the issued payment reference is where cash application reads it
INSERT INTO payment (company_id, value_date, amount, payer_name, remittance_text)
VALUES (1, '2026-03-25', '393.25 EUR', 'VAN DIJK GROOTHANDEL', 'Betaling RF18 5390 0754 7034');
SELECT lives_ok($$SELECT * FROM apply_cash(1)$$, 'cash application runs');
SELECT is((SELECT status || ' ' || open_amount FROM invoice WHERE invoice_number = 'PB-2026-0001'), 'paid 0.00 EUR',
          'a payment quoting the e-invoice''s payment reference settles it');

-- ---------------------------------------------------------------------
-- Unknown buyer under the alert policy: kept, then imported once known
-- ---------------------------------------------------------------------
UPDATE company SET einvoice_unknown_buyer = 'alert' WHERE company_id = 1;
CREATE TEMP TABLE stranger AS
SELECT replace(replace(replace(pg_temp.doc('fb'), 'FR40303265045', 'FR11222333444'), 'Société Lumière SA', 'Inconnu SARL'), 'FB-2026-7', 'FB-2026-9') AS content;
SELECT is((SELECT status || ' ' || coalesce(customer_id::text, 'no customer') FROM import_invoice(1, (SELECT content FROM stranger))),
          'unknown_buyer no customer', 'an unknown buyer is kept under the alert policy');
SELECT is((SELECT kind || ': ' || message FROM alert WHERE company_id = 1 AND kind = 'einvoice_unknown_buyer'),
          'einvoice_unknown_buyer: e-invoice FB-2026-9: unknown buyer "Inconnu SARL"', 'with an alert');
SELECT is((SELECT count(*) FROM invoice WHERE invoice_number = 'FB-2026-9'), 0::bigint, 'and nothing in the ledger');
SELECT is((SELECT status FROM import_invoice(1, (SELECT content FROM stranger))), 'unknown_buyer', 'sent again, still unknown');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'einvoice_unknown_buyer'), 1::bigint, 'without a second alert');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, vat_id) VALUES (14, 1, 'INCONNU', 'Inconnu', 'EUR', 'FR11222333444');
SELECT is((SELECT status || ' ' || customer_id FROM import_invoice(1, (SELECT content FROM stranger))), 'imported 14',
          'sent again once the customer exists, it is imported');
SELECT is((SELECT status || ' ' || customer_id FROM einvoice_document WHERE document_number = 'FB-2026-9'), 'imported 14', 'the kept document is updated');

-- the buyer by its identifier (BT-46) as customer number; an ambiguous name
SELECT is((SELECT customer_id FROM import_invoice(1, replace(replace(pg_temp.doc('fx'), 'FX-2026-042', 'FX-2026-043'),
                  '<ram:Name>Boulangerie Martin SARL', '<ram:ID>LUMIERE</ram:ID><ram:Name>Someone'))), 13::bigint,
          'the buyer identifier is a customer number');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (15, 1, 'MARTIN2', 'Boulangerie Martin SARL', 'EUR');
SELECT throws_ok($$SELECT * FROM import_invoice(1, replace(pg_temp.doc('fx'), 'FX-2026-042', 'FX-2026-044'))$$, '21000',
                 'the buyer of e-invoice FX-2026-044 is 2 customers of company 1 by name',
                 'a name two customers share is refused');

-- ---------------------------------------------------------------------
-- Export: import(export(x)) = x
-- ---------------------------------------------------------------------
SELECT is((SELECT status FROM import_invoice(1, (SELECT invoice_ubl(invoice_id)::text FROM invoice WHERE invoice_number = 'XR-2026-18'))),
          'already_imported', 'an imported CII invoice exported as UBL imports to the same terms: dates, parties, references, totals, lines');
SELECT is((SELECT string_agg(DISTINCT document_number || ' ' || tax_total || ' ' || charge_total || ' ' || payable, ', ')
           FROM parse_invoice((SELECT invoice_ubl(invoice_id)::text FROM invoice WHERE invoice_number = 'PB-2026-0001'))),
          'PB-2026-0001 75.60 EUR 18.15 EUR 453.75 EUR', 'a document charge the ledger does not itemize is exported as a charge, the amounts adding up');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, payment_reference)
VALUES (1, 10, 'PLAIN-1', '2026-01-01', '2026-01-31', '250.00 EUR', 'PLAIN-1');
SELECT results_eq($$SELECT document_number, issue_date, due_date, buyer_vat_id, payment_reference, payable::text, line_amount::text, vat_category
                    FROM parse_invoice((SELECT invoice_ubl(invoice_id)::text FROM invoice WHERE invoice_number = 'PLAIN-1'))$$,
                  $$VALUES ('PLAIN-1', DATE '2026-01-01', DATE '2026-01-31', 'NL812345678B01', 'PLAIN-1', '250.00 EUR', '250.00 EUR', 'O')$$,
                  'an invoice entered by INSERT is exported as one line outside the scope of VAT');
SELECT throws_ok($$SELECT invoice_ubl(-1)$$, '23503', 'unknown invoice -1', 'export of an unknown invoice');

-- ---------------------------------------------------------------------
-- Roles: an application imports for its company, sees no other
-- ---------------------------------------------------------------------
SELECT ar2c.create_roles();
CREATE ROLE einv_erp LOGIN IN ROLE ar2c_application;
INSERT INTO company_access (role_name, company_id) VALUES ('einv_erp', 2);
SET ROLE einv_erp;
SELECT is((SELECT status FROM import_invoice(2, replace(pg_temp.doc('pi'), 'DE123456789', 'DE999999999'))), 'imported',
          'an application imports an e-invoice of its company');
SELECT is((SELECT count(*) FROM einvoice_document), 1::bigint, 'and sees only its company''s documents');
SELECT throws_ok($$SELECT * FROM import_invoice(1, pg_temp.doc('xc'))$$, '23503', 'unknown company 1',
                 'nor imports into another company');
RESET ROLE;
SELECT is((SELECT count(*) FROM invoice_line WHERE company_id = 2), 2::bigint, 'its lines were written');

-- ---------------------------------------------------------------------
-- parse_invoice reads without writing; the helpers
-- ---------------------------------------------------------------------
SELECT is((SELECT string_agg(DISTINCT syntax || ' ' || document_type || ' ' || tax_total || ' ' || payable, ', ') FROM parse_invoice(pg_temp.doc('xc'))),
          'cii invoice 12.30 EUR 102.30 EUR', 'parse_invoice: the totals');
-- the VAT total in the accounting currency (BT-111) beside the invoice's
CREATE TEMP TABLE accounting AS
SELECT replace(replace(pg_temp.doc('pi'), '<cbc:BuyerReference>', '<cbc:TaxCurrencyCode>SEK</cbc:TaxCurrencyCode><cbc:BuyerReference>'),
               '<cac:TaxTotal>', '<cac:TaxTotal><cbc:TaxAmount currencyID="SEK">893.02</cbc:TaxAmount></cac:TaxTotal><cac:TaxTotal>') AS content;
SELECT is((SELECT DISTINCT tax_total FROM parse_invoice((SELECT content FROM accounting))), '78.75 EUR'::money_cur,
          'the VAT total in the accounting currency (TaxCurrencyCode) is left aside');
SELECT throws_like($$SELECT * FROM parse_invoice(replace((SELECT content FROM accounting), '<cbc:TaxCurrencyCode>SEK</cbc:TaxCurrencyCode>', ''))$$,
                   '%is in "SEK", not in the invoice currency EUR (PEPPOL-EN16931-R051)', 'but not without one');
SELECT is(normalize_tax_id(' de 123.456-789 '), 'DE123456789', 'normalize_tax_id keeps letters and digits, upper case');
SELECT is(normalize_tax_id(' - '), NULL, 'and is NULL without any');
SELECT is(einvoice_differences('{"a": "1", "line 10 x": "2", "line 2 x": "3"}', '{"a": "1", "line 10 x": "4", "line 2 x": "5", "b": "6"}'),
          'b: (none) -> 6; line 2 x: 3 -> 5; line 10 x: 2 -> 4', 'differences: the document''s terms, then line by line in order');
SELECT is(einvoice_differences('{"a": "1"}', '{"a": "1"}'), NULL, 'no difference');

SELECT * FROM finish();
ROLLBACK;
