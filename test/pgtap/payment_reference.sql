-- issued payment references (invoice.payment_reference): made per scheme,
-- checked on write with their SQLSTATE, issued by the company's scheme,
-- found in remittance text, and matched by apply_cash as if the invoice's
-- number had been written
BEGIN;
SET search_path = public, ar2c;
SELECT plan(56);

-- making one from a payload, per scheme (the published examples)
SELECT is(payment_reference('be', '0909337554'), '+++090/9337/55493+++', 'be: the Belgian structured communication');
SELECT is(payment_reference('fi', '123'), '1232', 'fi: the Finnish reference, 7-3-1 weights');
SELECT is(payment_reference('fi', '123456'), '12 34561', 'fi: printed in groups of five from the right');
SELECT is(payment_reference('ch_qr', '21000000000313947143000901'), '21 00000 00003 13947 14300 09017',
          'ch_qr: the Swiss QR reference, recursive mod 10');
SELECT is(payment_reference('no_kid', '7992739871'), '79927398713', 'no_kid: a KID with a Luhn check digit');
SELECT is(payment_reference('rf', '539007547034'), 'RF18 5390 0754 7034', 'rf: the ISO 11649 example');
SELECT is(payment_reference('be', 'INV-2026-00012'), '+++020/2600/01289+++', 'the digits of an invoice number are a payload');
SELECT throws_ok($$SELECT payment_reference('kid', '1')$$, '22023', 'unknown payment reference scheme "kid"',
                 'an unknown scheme is refused');
SELECT throws_like($$SELECT payment_reference('be', '12345678901')$$, 'cannot make a be payment reference from "12345678901"',
                   'a payload with too many digits is refused');
SELECT throws_ok($$SELECT payment_reference('fi', 'INV-ABC')$$, '22023', NULL, 'a payload without digits is refused');

-- which scheme a text is
SELECT is(payment_reference_scheme('+++090/9337/55493+++'), 'be', 'a framed Belgian reference');
SELECT is(payment_reference_scheme('21 00000 00003 13947 14300 09017'), 'ch_qr', 'a Swiss QR reference');
SELECT is(payment_reference_scheme('1232'), 'fi', 'a Finnish reference');
SELECT is(payment_reference_scheme('79927398713'), 'no_kid', 'a KID');
SELECT is(payment_reference_scheme('rf18 5390 0754 7034'), 'rf', 'an RF reference');
SELECT is(payment_reference_scheme('+++090/9337/55494+++'), NULL, 'a wrong check digit: no scheme');
SELECT is(payment_reference_scheme('INV-2026-00012'), NULL, 'free text: no scheme');
SELECT is(normalize_payment_reference('+++090/9337/55493+++'), '090933755493', 'the key of a reference: its digits');
SELECT is(normalize_payment_reference('1009 -'), '1009-', 'a KID keeps its "-" check digit');

-- companies of each scheme, and one without
SELECT is((SELECT aging_date FROM roll_aging('2026-06-30')), '2026-06-30'::date, 'the aging date is set');
INSERT INTO company (company_id, name, functional_currency, payment_reference_scheme) VALUES
  (1, 'Acme BE', 'EUR', 'be'), (2, 'Acme FI', 'EUR', 'fi'), (3, 'Acme CH', 'CHF', 'ch_qr'),
  (4, 'Acme NO', 'NOK', 'no_kid'), (5, 'Acme RF', 'EUR', 'rf'), (6, 'Acme', 'EUR', NULL);
SELECT throws_ok($$UPDATE company SET payment_reference_scheme = 'kid' WHERE company_id = 6$$, '23514', NULL,
                 'a company''s scheme is one of the five');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 1, 'C1', 'Brasserie Dupont SA', 'EUR'), (2, 2, 'C2', 'Oy Metsä Ab', 'EUR'),
  (3, 3, 'C3', 'Bergbahn AG', 'CHF'), (4, 4, 'C4', 'Fjord Fisk AS', 'NOK'),
  (5, 5, 'C5', 'Atlas Foods Ltd', 'EUR'), (6, 6, 'C6', 'Nordwind Logistik GmbH', 'EUR'),
  (7, 6, 'C7', 'Baltic Trading Ltd', 'EUR'), (8, 2, 'C8', 'Lumi Oy', 'EUR');

-- refused on write: 22023, naming the value and the scheme
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, payment_reference)
                   VALUES (6, 6, 'X-1', '2026-06-01', '2026-07-01', '10.00 EUR', '+++090/9337/55494+++')$$,
                 '22023', 'invalid payment reference "+++090/9337/55494+++" for scheme be',
                 'a framed reference is checked as Belgian, whatever the company''s scheme');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, payment_reference)
                   VALUES (6, 6, 'X-1', '2026-06-01', '2026-07-01', '10.00 EUR', 'RF18 5390 0754 7043')$$,
                 '22023', 'invalid payment reference "RF18 5390 0754 7043" for scheme rf', 'RF and two digits are checked as RF');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, payment_reference)
                   VALUES (3, 3, 'X-1', '2026-06-01', '2026-07-01', '10.00 CHF', '210000000003139471430009018')$$,
                 '22023', 'invalid payment reference "210000000003139471430009018" for scheme ch_qr',
                 'digits are checked by the company''s scheme: ch_qr');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, payment_reference)
                   VALUES (2, 2, 'X-1', '2026-06-01', '2026-07-01', '10.00 EUR', '1233')$$,
                 '22023', 'invalid payment reference "1233" for scheme fi', 'fi');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, payment_reference)
                   VALUES (4, 4, 'X-1', '2026-06-01', '2026-07-01', '10.00 NOK', '79927398710')$$,
                 '22023', 'invalid payment reference "79927398710" for scheme no_kid', 'no_kid');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, payment_reference)
                   VALUES (1, 1, 'X-1', '2026-06-01', '2026-07-01', '10.00 EUR', '090933755494')$$,
                 '22023', 'invalid payment reference "090933755494" for scheme be', 'be, digits alone');
SELECT throws_ok($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount, payment_reference)
                   VALUES (6, 6, 'X-1', '2026-06-01', '2026-07-01', '10.00 EUR', '12345')$$,
                 '22023', 'invalid payment reference "12345"', 'digits valid in no scheme, for a company without one');
SELECT lives_ok($$INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, payment_reference)
                  VALUES (6, 6, 60, 'X-1', '2026-06-01', '2026-07-01', '10.00 EUR', 'Order 4711/B')$$,
                'free text is a reference of no scheme, taken as issued');
SELECT throws_ok($$UPDATE invoice SET payment_reference = '1233' WHERE invoice_id = 60$$, '22023', NULL,
                 'an update is checked too');

-- issued by the company's scheme when the invoice has none
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 1, 'BE-2026-0001', '2026-06-01', '2026-07-01', '110.00 EUR'),
  (2, 2, 2, 'FI-2026-0002', '2026-06-01', '2026-07-01', '120.00 EUR'),
  (2, 2, 22, 'FI-2026-0022', '2026-06-01', '2026-07-01', '122.00 EUR'),
  (3, 3, 3, 'CH-2026-0003', '2026-06-01', '2026-07-01', '130.00 CHF'),
  (4, 4, 4, 'NO-2026-0004', '2026-06-01', '2026-07-01', '140.00 NOK'),
  (4, 4, 44, 'NO-2026-0044', '2026-06-01', '2026-07-01', '144.00 NOK'),
  (6, 6, 6, 'DE-2026-0006', '2026-06-01', '2026-07-01', '160.00 EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, payment_reference) VALUES
  (5, 5, 5, 'INV-5001', '2026-06-01', '2026-07-01', '150.00 EUR', 'RF18 5390 0754 7034'),
  (6, 7, 7, 'DE-2026-0007', '2026-06-01', '2026-07-01', '170.00 EUR', '+++090/9337/55493+++');
SELECT is((SELECT payment_reference FROM invoice WHERE invoice_id = 1), '+++002/0260/00196+++', 'be: issued from the invoice number''s digits');
SELECT is((SELECT payment_reference FROM invoice WHERE invoice_id = 2), payment_reference('fi', '20260002'), 'fi');
SELECT is((SELECT payment_reference FROM invoice WHERE invoice_id = 3), payment_reference('ch_qr', '20260003'), 'ch_qr');
SELECT is((SELECT payment_reference FROM invoice WHERE invoice_id = 4), payment_reference('no_kid', '20260004'), 'no_kid');
SELECT is((SELECT payment_reference FROM invoice WHERE invoice_id = 5), 'RF18 5390 0754 7034', 'a reference given is kept');
SELECT is((SELECT payment_reference FROM invoice WHERE invoice_id = 6), NULL, 'a company without a scheme issues none');
SELECT throws_like($$INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
                     VALUES (1, 1, 'BE-2026-000000001', '2026-06-01', '2026-07-01', '10.00 EUR')$$,
                   'cannot issue a be payment reference for invoice "BE-2026-000000001"',
                   'an invoice number with too many digits for the scheme is refused');

-- found in remittance text, with a valid check digit only
SELECT is((SELECT array_agg(kind || ' ' || normalized) FROM extract_references('Mededeling +++090/9337/55493+++')),
          '{"be_ogm 090933755493"}', 'extraction: a Belgian reference');
SELECT is((SELECT array_agg(kind || ' ' || normalized) FROM extract_references('QRR 21 00000 00003 13947 14300 09017')),
          '{"ch_qr 210000000003139471430009017"}', 'extraction: a Swiss QR reference in groups');
SELECT is((SELECT array_agg(kind || ' ' || normalized) FROM extract_references('Viite 12 34561, KID: 79927398713')),
          '{"fi 1234561","kid 79927398713"}', 'extraction: labelled Finnish reference and KID');
SELECT is((SELECT array_agg(kind) FROM extract_references('+++090/9337/55494+++ Viite 1233')), NULL,
          'extraction: wrong check digits find nothing');
SELECT is((SELECT array_agg(kind) FROM extract_references('CH93 0076 2011 6238 5295 7 1232')), '{iban}',
          'extraction: an IBAN''s digits and a short bare number are no reference');

-- apply_cash: the issued reference alone names the invoice
INSERT INTO payment (company_id, payment_id, value_date, amount, remittance_text) VALUES
  (1, 1, '2026-06-30', '110.00 EUR', '+++002/0260/00196+++'),
  (2, 2, '2026-06-30', '120.00 EUR', (SELECT payment_reference FROM invoice WHERE invoice_id = 2)),
  (2, 22, '2026-06-30', '122.00 EUR', 'Viite ' || (SELECT payment_reference FROM invoice WHERE invoice_id = 22)),
  (3, 3, '2026-06-30', '130.00 CHF', (SELECT payment_reference FROM invoice WHERE invoice_id = 3)),
  (4, 4, '2026-06-30', '140.00 NOK', (SELECT payment_reference FROM invoice WHERE invoice_id = 4)),
  (4, 44, '2026-06-30', '144.00 NOK', 'KID ' || (SELECT payment_reference FROM invoice WHERE invoice_id = 44)),
  (5, 5, '2026-06-30', '150.00 EUR', 'RF18539007547034'),
  (6, 7, '2026-06-30', '170.00 EUR', '090/9337/55493'),
  -- a wrong check digit names nothing
  (6, 6, '2026-06-30', '160.00 EUR', '+++002/0260/00605+++');
SELECT lives_ok($$SELECT * FROM apply_cash()$$, 'apply_cash runs over every company');
SELECT is((SELECT invoice_id FROM application WHERE payment_id = 1), 1::bigint, 'be: applied to the invoice of the reference');
SELECT is((SELECT invoice_id FROM application WHERE payment_id = 2), 2::bigint, 'fi: a bare Finnish reference');
SELECT is((SELECT invoice_id FROM application WHERE payment_id = 22), 22::bigint, 'fi: a labelled one');
SELECT is((SELECT invoice_id FROM application WHERE payment_id = 3), 3::bigint, 'ch_qr');
SELECT is((SELECT invoice_id FROM application WHERE payment_id = 4), 4::bigint, 'no_kid: a bare KID');
SELECT is((SELECT invoice_id FROM application WHERE payment_id = 44), 44::bigint, 'no_kid: a labelled one');
SELECT is((SELECT invoice_id FROM application WHERE payment_id = 5), 5::bigint, 'rf: an RF reference that is not the invoice number');
SELECT is((SELECT invoice_id FROM application WHERE payment_id = 7), 7::bigint, 'be: the unframed form');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 6), 'queued', 'a wrong check digit: the payment waits');
SELECT is((SELECT count(*) FROM application WHERE payment_id = 6), 0::bigint, 'and nothing is applied');

-- a bare number that is an open invoice's number is read as that number,
-- not as another invoice's issued reference
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, payment_reference) VALUES
  (2, 2, 81, 'FI-81', '2026-06-01', '2026-07-01', '500.00 EUR', '1234561'),
  (2, 8, 82, '1234561', '2026-06-01', '2026-07-01', '820.00 EUR', NULL);
INSERT INTO payment (company_id, payment_id, value_date, amount, remittance_text) VALUES
  (2, 81, '2026-06-30', '500.00 EUR', '1234561');
SELECT lives_ok($$SELECT * FROM apply_cash(2)$$, 'a second run');
SELECT is((SELECT count(*) FROM application WHERE payment_id = 81), 0::bigint,
          'a bare number that is an open invoice''s number is not another invoice''s reference');
SELECT is((SELECT count(*) FROM check_ledger()), 0::bigint, 'the ledger stays exact');

SELECT * FROM finish();
ROLLBACK;
