-- cash application on bank text as payers and banks write it: damaged
-- references, lists cut short (the rest explained by other open items),
-- bank charges booked as charges, and what waits for a person
BEGIN;
SET search_path = public, ar2c;
SELECT plan(50);

SELECT is((SELECT aging_date FROM roll_aging('2026-06-30')), '2026-06-30'::date, 'the aging date is set');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 1, 'C1', 'Baltic Timber Oy', 'EUR'), (2, 1, 'C2', 'Rheinkraft Maschinen GmbH', 'EUR'),
  (3, 1, 'C3', 'Lumen Optics BV', 'EUR'), (4, 1, 'C4', 'Orchid Textiles SARL', 'EUR'),
  (5, 1, 'C5', 'Harbor Freight Lines Inc', 'USD');
INSERT INTO payer_account (company_id, account, customer_id, source) VALUES (1, 'DE02120300000000202051', 2, 'master_data');

-- skeletons: a damaged number and its invoice meet
SELECT is(invoice_number_skeleton('FA-2025-1569'), '2025-1569', 'the skeleton of an invoice number: its digit runs');
SELECT is(invoice_number_skeleton('FA2025/01569'), '2025-1569', 'run together and padded, the same');
SELECT is(invoice_number_skeleton('2O25-l569'), '2025-1569', 'OCR confusions beside digits are folded');
SELECT is(invoice_number_skeleton('ＦＡ－２０２５－１５６９'), '2025-1569', 'full-width digits are folded');
SELECT is(invoice_number_skeleton('INV-12'), NULL, 'fewer than 4 digits make no skeleton');
SELECT is((SELECT array_agg(skeleton ORDER BY skeleton) FROM reference_skeletons('Paiement 4711, 4712') WHERE damage = 'none'),
          '{4711,4712}'::text[], 'every number of a list, after any word');
SELECT ok((SELECT bool_or(skeleton = '2025-1569') FROM reference_skeletons('2025-1596') WHERE damage = 'swapped'),
          'two swapped digits are tried back');
SELECT is((SELECT array_agg(DISTINCT skeleton ORDER BY skeleton) FROM reference_skeletons('INVOICES FA2026/02444/FA2026/02474/FA2026/02549/FA2026/02550/FA2026/02648')
           WHERE damage = 'none' AND skeleton ~ '^2026-2[0-9]{3}$'),
          '{2026-2444,2026-2474,2026-2549,2026-2550,2026-2648}'::text[], 'a list run together longer than a number is read in pieces, every number whole');
-- a run leaves out the tokens that name an open invoice as written
SELECT is((SELECT array_agg(DISTINCT token ORDER BY token) FROM reference_skeletons('FA-2025-1569, 2025-1596 / 4711', '{2025-1569}')),
          '{2025-1596,4711}'::text[], 'no skeleton of a token whose skeleton is excepted, as written or swapped');
SELECT is((SELECT count(*) FROM reference_skeletons('2025-1596 4711', '{NULL,4711}')),
          (SELECT count(*) FROM reference_skeletons('2025-1596')), 'a NULL among the excepted tokens excepts none');
SELECT is((SELECT count(*) FROM reference_skeletons('2025-1596', NULL)), 0::bigint, 'NULL for the excepted tokens: no skeletons (strict)');

INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 11, 'FA-2025-1569', '2026-05-02', '2026-06-01', '1843.20 EUR'),
  (1, 1, 12, 'FA-2025-1570', '2026-05-03', '2026-06-02', '612.75 EUR'),
  (1, 1, 13, 'FA-2025-1571', '2026-05-04', '2026-06-03', '2930.10 EUR'),
  (1, 2, 21, 'RE-2026-0042', '2026-05-10', '2026-06-09', '725.40 EUR'),
  (1, 2, 22, 'RE-2026-0043', '2026-05-11', '2026-06-10', '318.90 EUR'),
  (1, 3, 31, 'INV-004711', '2026-05-12', '2026-06-11', '455.55 EUR'),
  (1, 3, 32, 'INV-004712', '2026-05-13', '2026-06-12', '1290.00 EUR'),
  (1, 4, 41, 'INV-2026-7001', '2026-05-14', '2026-06-13', '980.35 EUR'),
  (1, 4, 42, 'INV-2026-7002', '2026-05-15', '2026-06-14', '412.60 EUR'),
  (1, 5, 51, 'HF-88001', '2026-05-16', '2026-06-15', '2250.00 USD');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  -- the prefix dropped, after words that are no label
  (1, 1, '2026-06-28', '1843.20 EUR', 'BALTIC TIMBER OY', NULL, 'SETTLEMENT OF 2025-1569'),
  -- OCR confusions and no payer name at all
  (1, 2, '2026-06-28', '725.40 EUR', '?????', 'DE02 1203 0000 0000 2020 51', 'RE 2O26-OO42'),
  -- a list cut short: 4711 named, the rest is 4712
  (1, 3, '2026-06-28', '1745.55 EUR', 'Lumen Optics', NULL, 'Facturen INV-004711 INV-0047'),
  -- a list cut short whose rest no open item explains
  (1, 4, '2026-06-28', '1080.35 EUR', 'Orchid Textiles', NULL, 'Factures INV-2026-7001 INV'),
  -- 20.00 USD taken by an intermediary bank
  (1, 5, '2026-06-28', '2230.00 USD', 'HARBOR FREIGHT LINES', NULL, 'INV HF-88001'),
  -- two digits swapped, and the amount does not confirm it
  (1, 6, '2026-06-28', '200.00 EUR', 'Unknown Payer Ltd', NULL, '2025-1517');
SELECT lives_ok('SELECT * FROM apply_cash(1)', 'a run over bank text');

SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 1), '{11}'::bigint[],
          'a number without its prefix, after SETTLEMENT OF, settles its invoice');
SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 2), '{21}'::bigint[],
          'an OCR-damaged number confirmed by the amount and a known account settles its invoice, with no payer name');
SELECT is((SELECT array_agg(invoice_id ORDER BY invoice_id) FROM application WHERE payment_id = 3), '{31,32}'::bigint[],
          'the invoice the cut list lost explains the rest, and is settled too');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 4), 'queued',
          'a rest that no open item explains keeps the payment in the queue');
SELECT is((SELECT string_agg(invoice_id || ' ' || amount, ', ') FROM application WHERE payment_id = 4), '41 980.35 EUR',
          'the invoice it names in full is applied');
SELECT is((SELECT unapplied_amount FROM payment WHERE payment_id = 4), '100.00 EUR'::money_cur, 'the rest stays on the payment');
SELECT ok(EXISTS (SELECT 1 FROM exception_queue WHERE payment_id = 4), 'and in the exception queue');
SELECT is((SELECT (components ->> 'unexplained')::bigint FROM match_suggestion WHERE payment_id = 4 AND rank = 1), 10000::bigint,
          'its suggestion says what is unexplained, in minor units');
SELECT ok((SELECT explanation LIKE '%100.00 EUR more than these invoices%' FROM match_suggestion WHERE payment_id = 4 AND rank = 1),
          'and says it in words');
SELECT ok((SELECT explanation LIKE '%these invoices are applied, the rest waits%' FROM match_suggestion WHERE payment_id = 4 AND rank = 1),
          'and that the invoices it names are applied');
SELECT is((SELECT string_agg(kind || ' ' || amount, ', ' ORDER BY application_id) FROM application WHERE invoice_id = 51),
          'matched 2230.00 USD, bank_charge 20.00 USD', 'an intermediary''s 20.00 USD is booked as a bank charge');
SELECT is((SELECT status FROM invoice WHERE invoice_id = 51), 'paid', 'and the invoice is paid');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 6), 'queued', 'a swapped number the amount does not confirm waits');
SELECT is((SELECT invoice_ids FROM match_suggestion WHERE payment_id = 6 AND rank = 1), '{13}'::bigint[],
          'with the invoice it names first in the queue');

-- the customer's own order number, a part payment less a charge, a
-- number without its prefix paid in part, a shortfall of a scheduled charge
UPDATE customer SET name = 'Lumen Optics BV' WHERE customer_id = 3;
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, external_number, issue_date, due_date, amount) VALUES
  (1, 3, 33, 'INV-004713', 'PO-2026-118', '2026-05-14', '2026-06-13', '733.10 EUR'),
  (1, 5, 52, 'HF-88002', NULL, '2026-05-17', '2026-06-16', '2500.00 USD'),
  (1, 4, 43, 'INV-2026-7003', NULL, '2026-05-16', '2026-06-15', '2417.90 EUR'),
  (1, 4, 44, 'INV-2026-7004', NULL, '2026-05-17', '2026-06-16', '612.60 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (1, 9, '2026-06-29', '733.10 EUR', 'Lumen Optics BV', 'Best.-Nr. PO-2026-118'),
  (1, 10, '2026-06-29', '980.00 USD', 'HARBOR FREIGHT LINES INC', 'PARTIAL PAYMENT HF-88002'),
  (1, 11, '2026-06-29', '1000.00 EUR', 'Orchid Textiles SARL', 'Acompte 2026-7003'),
  (1, 12, '2026-06-29', '605.10 EUR', 'Orchid Textiles SARL', 'Virement');
SELECT lives_ok('SELECT * FROM apply_cash(1)', 'a second run');
SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 9), '{33}'::bigint[],
          'the customer''s purchase order number names its invoice');
SELECT is((SELECT string_agg(kind || ' ' || amount, ', ' ORDER BY application_id) FROM application WHERE invoice_id = 52),
          'matched 980.00 USD, bank_charge 20.00 USD', 'a part payment sent as 1,000.00 USD arrives less a 20.00 USD charge, booked as one');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 52), '1500.00 USD'::money_cur, 'and the invoice stays open for the rest');
SELECT is((SELECT string_agg(invoice_id || ' ' || amount, ', ') FROM application WHERE payment_id = 11), '43 1000.00 EUR',
          'a part payment naming the only open invoice of its number, without the prefix, is applied to it');
SELECT is((SELECT string_agg(kind || ' ' || amount, ', ' ORDER BY application_id) FROM application WHERE invoice_id = 44),
          'matched 605.10 EUR, bank_charge 7.50 EUR', 'an invoice''s amount less a charge of the schedule settles it with no reference');

-- the schedule: a company's own charges, refused when malformed
SELECT throws_ok($$INSERT INTO bank_charge_schedule VALUES (1, 'EUR', '{7.50,45}', 40)$$, '23514',
                 NULL, 'a charge above the cap is refused');
SELECT throws_ok($$INSERT INTO bank_charge_schedule VALUES (1, 'EUR', '{}', 40)$$, '23514',
                 NULL, 'an empty schedule is refused');
INSERT INTO bank_charge_schedule VALUES (1, 'EUR', '{7.50,12.00}', 20);
SELECT is((SELECT array_agg(units ORDER BY units) FROM accepted_bank_charges(1) WHERE currency = 'EUR'), '{750,1200,1500,1950}'::bigint[],
          'a schedule of its own replaces the defaults: each charge, and two together up to the cap');
SELECT ok(EXISTS (SELECT 1 FROM accepted_bank_charges(1) WHERE currency = 'USD' AND units = 2000),
          'currencies without a row keep the defaults');
SELECT is((SELECT array_agg(units) FROM accepted_bank_charges(1, '{5}') WHERE customer_id = 5), '{2000}'::bigint[],
          'a customer''s own deductions are learned from its bank charges');

-- a person confirms a short payment: what the matcher accepts as charges
-- is booked as charges (ar2c.bank_charge_accepted; bank_charges.sql), any
-- other shortfall is a write-off, also under the cap
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 2, 23, 'RE-2026-0044', '2026-05-12', '2026-06-11', '1000.37 EUR'),
  (1, 2, 24, 'RE-2026-0045', '2026-05-13', '2026-06-12', '2000.37 EUR'),
  (1, 2, 25, 'RE-2026-0046', '2026-05-14', '2026-06-13', '1500.37 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (1, 7, '2026-06-29', '980.87 EUR', 'Rheinkraft', 'Zahlung'),
  (1, 8, '2026-06-29', '1900.37 EUR', 'Rheinkraft', 'Zahlung'),
  (1, 13, '2026-06-29', '1482.37 EUR', 'Rheinkraft', 'Zahlung');
SELECT is(confirm_match(1, 7, ARRAY[23::bigint], true), 2::bigint, 'a person confirms a payment short by 19.50 EUR');
SELECT is((SELECT kind || ' ' || amount FROM application WHERE invoice_id = 23 AND payment_id IS NULL), 'bank_charge 19.50 EUR',
          'two charges of the schedule under the cap are booked as bank charges');
SELECT is(confirm_match(1, 8, ARRAY[24::bigint], true), 2::bigint, 'and one short by 100.00 EUR');
SELECT is((SELECT kind || ' ' || amount FROM application WHERE invoice_id = 24 AND payment_id IS NULL), 'write_off 100.00 EUR',
          'beyond the cap it is a write-off (held to the write-off policy: security_ledger.sql)');
SELECT is(confirm_match(1, 13, ARRAY[25::bigint], true), 2::bigint, 'and one short by 18.00 EUR');
SELECT is((SELECT kind || ' ' || amount FROM application WHERE invoice_id = 25 AND payment_id IS NULL), 'write_off 18.00 EUR',
          'under the cap but no charge of the schedule, it is a write-off, as the matcher would not take it for charges');
SELECT ok(EXISTS (SELECT 1 FROM accepted_bank_charges(1, '{2}') WHERE customer_id = 2 AND units = 1950),
          'the confirmed 19.50 EUR is the customer''s usual deduction from now on');
SELECT throws_ok($$INSERT INTO application (company_id, customer_id, invoice_id, payment_id, amount, kind) VALUES (1, 2, 22, 8, '1.00 EUR', 'bank_charge')$$,
                 '23514', NULL, 'a bank charge names no payment');

-- a number that names one customer's open invoice as written, which the
-- amount does not fit, and with two digits swapped another customer's
-- invoice of exactly the amount
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 3, 34, 'INV-2026-4741', '2026-05-20', '2026-06-19', '500.00 EUR'),
  (1, 4, 45, 'INV-2026-4714', '2026-05-21', '2026-06-20', '377.25 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (1, 14, '2026-06-30', '377.25 EUR', '?????', 'Rechnung INV-2026-4741');
SELECT lives_ok('SELECT * FROM apply_cash(1)', 'a run over a swapped number that names another open invoice');
SELECT is(coalesce((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 14),
                   (SELECT invoice_ids FROM match_suggestion WHERE payment_id = 14 AND rank = 1)), '{45}'::bigint[],
          'the swap the amount fits comes first, not the invoice the number names as written');
SELECT is((SELECT status FROM invoice WHERE invoice_id = 34), 'open', 'which stays open');
SELECT is((SELECT count(*) FROM check_ledger()), 0::bigint, 'the ledger stays exact');

SELECT * FROM finish();
ROLLBACK;
