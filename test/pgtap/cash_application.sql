-- cash application: refusals with their SQLSTATE, idempotency, and that
-- nothing is over-applied whatever the runs
BEGIN;
SET search_path = public, ar2c;
SELECT plan(67);

SELECT is((SELECT aging_date FROM roll_aging('2026-06-30')), '2026-06-30'::date, 'the aging date is set');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 1, 'C1', 'Nordwind Logistik GmbH', 'EUR'), (2, 1, 'C2', 'Atlas Foods Ltd', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 1, 'INV-1001', '2026-06-01', '2026-07-01', '100.00 EUR'),
  (1, 2, 2, 'INV-2001', '2026-06-01', '2026-07-01', '100.00 EUR');
-- two payments naming the same invoice: only one may take it
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (1, 1, '2026-06-30', '100.00 EUR', 'Nordwind Logistik', 'INV-1001'),
  (1, 2, '2026-06-30', '100.00 EUR', 'Nordwind Logistik', 'INV-1001'),
  (1, 3, '2026-06-30', '50.00 EUR', 'Somebody', 'nothing');

SELECT lives_ok('SELECT * FROM ar2c.apply_cash(1)', 'a run with two payments for one invoice succeeds');
SELECT is((SELECT count(*) FROM application WHERE invoice_id = 1), 1::bigint, 'the invoice is applied once');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 1), '0.00 EUR'::money_cur, 'and is paid');
SELECT is((SELECT array_agg(match_state ORDER BY payment_id) FROM payment), '{applied,queued,queued}'::text[],
          'the other payment waits for a person');
SELECT lives_ok('SELECT * FROM ar2c.apply_cash(1)', 'a second run succeeds');
SELECT is((SELECT count(*) FROM application), 1::bigint, 'and applies nothing twice');

SELECT throws_ok($$SELECT confirm_match(1, 3, 1)$$, 'P0002', 'payment 3 has no suggestion 1', 'no suggestion to confirm');
SELECT throws_ok($$SELECT confirm_match(1, 1, ARRAY[2::bigint])$$, '55000', 'payment 1 is already applied', 'an applied payment is not applied again');
SELECT throws_ok($$SELECT confirm_match(1, 3, ARRAY[1::bigint, 2::bigint])$$, '22023',
                 'invoices INV-1001, INV-2001 are not open invoices of one customer in one currency of company 1',
                 'invoices of two customers are refused, named by their numbers');
SELECT throws_ok($$SELECT confirm_match(1, 3, ARRAY[1::bigint])$$, '22023', 'invoices INV-1001 are not open',
                 'a paid invoice is refused, named by its number');
SELECT is((SELECT count(*) FROM check_ledger()), 0::bigint, 'the ledger stays exact');

-- group companies: equally named customers told apart by the legal form
-- the payer writes, by the account it pays from, or not at all
SELECT is(legal_form('Atlas Foods S.A.'), 'SA', 'legal_form reads S.A. as SA');
SELECT is(legal_form('华强电子股份有限公司'), '股份有限公司', 'legal_form reads the Chinese suffix');
SELECT is(legal_form('SAS Institute'), NULL, 'a name''s first word is not its legal form');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (11, 1, 'C11', 'Baltic Trading Ltd', 'EUR'), (12, 1, 'C12', 'Baltic Trading AG', 'EUR');
INSERT INTO payer_account (company_id, account, customer_id, source) VALUES (1, 'DE02120300000000202051', 12, 'master_data');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 11, 11, 'INV-1101', '2026-06-01', '2026-07-01', '512.37 EUR'),
  (1, 12, 12, 'INV-1201', '2026-06-01', '2026-07-01', '512.37 EUR'),
  (1, 11, 13, 'INV-1102', '2026-06-02', '2026-07-02', '733.18 EUR'),
  (1, 12, 14, 'INV-1202', '2026-06-02', '2026-07-02', '733.18 EUR'),
  (1, 11, 15, 'INV-1103', '2026-06-03', '2026-07-03', '947.60 EUR'),
  (1, 12, 16, 'INV-1203', '2026-06-03', '2026-07-03', '947.60 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  (1, 11, '2026-06-30', '512.37 EUR', 'BALTIC TRADING', NULL, 'Zahlung'),
  (1, 12, '2026-06-30', '733.18 EUR', 'Baltic Trading Ltd', NULL, 'Zahlung'),
  (1, 13, '2026-06-30', '947.60 EUR', 'BALTIC TRADING', 'DE02 1203 0000 0000 2020 51', 'Zahlung');
SELECT lives_ok('SELECT * FROM ar2c.apply_cash(1)', 'a run over payments of group companies succeeds');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 11), 'queued',
          'a name without legal form that fits two customers with the same amount waits for a person');
SELECT is((SELECT array_agg(invoice_id ORDER BY invoice_id) FROM application WHERE payment_id IN (12, 13)), '{13,16}'::bigint[],
          'the legal form, or the known account, tells which of the two was meant');

-- a payer's legal form that the customer's states among others is no
-- evidence against it: 集团 (group) fits 集团有限公司, not 有限公司
SELECT is(legal_form('Mueller GmbH & Co. KG'), 'GMBH CO KG', 'legal_form lists every legal form, in order');
SELECT is(legal_form('东方贸易集团有限公司'), '集团 有限公司', 'legal_form splits Chinese suffixes');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (21, 1, 'C21', '东方贸易集团有限公司', 'EUR'), (22, 1, 'C22', '东方贸易有限公司', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 21, 21, 'INV-2101', '2026-06-01', '2026-07-01', '812.45 EUR'),
  (1, 22, 22, 'INV-2201', '2026-06-01', '2026-07-01', '812.45 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (1, 21, '2026-06-30', '812.45 EUR', '东方贸易集团', '货款');
SELECT is((SELECT name_key FROM customer WHERE customer_id = 21), '东方贸易', 'a customer keeps its normalized name');
SELECT is((SELECT name_forms FROM customer WHERE customer_id = 21), '{集团,有限公司,CO,LTD,LIMITED,COMPANY}'::text[],
          'and the legal forms it states, with what they stand for in English');
SELECT * FROM ar2c.apply_cash(1);
SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 21), '{21}'::bigint[],
          'a payer writing 集团 pays the group company of the two equally named');

-- a payment in another currency than the invoice pays it converted at
-- the rate of its value date
INSERT INTO fx_rate (from_currency, to_currency, rate_date, rate) VALUES ('EUR', 'USD', '2026-01-01', 1.10);
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (50, 1, 'C50', 'Pacific Freight Lines', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 50, 50, 'INV-5001', '2026-06-01', '2026-07-01', '100.00 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (1, 50, '2026-06-30', '110.00 USD', 'Pacific Freight Lines', 'INV-5001');
SELECT * FROM ar2c.apply_cash(1);
SELECT results_eq($$SELECT invoice_id, amount::text, source_amount::text, kind FROM application WHERE payment_id = 50$$,
                  $$VALUES (50::bigint, '100.00 EUR', '110.00 USD', 'matched')$$,
                  'a payment in USD settles an invoice in EUR at the rate of its value date');

-- payments are a company's: two companies may number them alike, and a
-- run over all companies keeps them apart; two customers may number their
-- invoices alike, and two payments settling them are no rivals
INSERT INTO company (company_id, name, functional_currency) VALUES (9, 'Other Books', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (90, 9, 'C90', 'Helios Bau AG', 'EUR'), (91, 9, 'C91', 'Kestrel Marine Ltd', 'EUR'),
  (92, 9, 'C92', 'Orchid Textiles SARL', 'EUR'), (95, 1, 'C95', 'Brisa Energia SA', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (9, 90, 90, 'INV-9001', '2026-06-01', '2026-07-01', '300.00 EUR'),
  (9, 91, 7, 'INV-9107', '2026-06-01', '2026-07-01', '400.00 EUR'),
  (9, 92, 7, 'INV-9207', '2026-06-01', '2026-07-01', '500.00 EUR'),
  (1, 95, 95, 'INV-9501', '2026-06-01', '2026-07-01', '250.00 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (9, 50, '2026-06-30', '300.00 EUR', 'Helios Bau', 'INV-9001'),
  (9, 61, '2026-06-30', '400.00 EUR', 'Kestrel Marine', 'INV-9107'),
  (9, 62, '2026-06-30', '500.00 EUR', 'Orchid Textiles', 'INV-9207'),
  (1, 61, '2026-06-30', '250.00 EUR', 'Brisa Energia', 'INV-9501');
SELECT * FROM ar2c.apply_cash();
SELECT results_eq($$SELECT company_id, payment_id, customer_id, invoice_id, amount::text FROM application
                    WHERE payment_id IN (50, 61, 62) AND kind = 'matched' ORDER BY company_id, payment_id$$,
                  $$VALUES (1::bigint, 50::bigint, 50::bigint, 50::bigint, '100.00 EUR'), (1, 61, 95, 95, '250.00 EUR'),
                           (9, 50, 90, 90, '300.00 EUR'),
                           (9, 61, 91, 7, '400.00 EUR'), (9, 62, 92, 7, '500.00 EUR')$$,
                  'a run over all companies applies equally numbered payments of two companies each to its own invoice');

-- an invoice with open dunning charges is settled charges first; that
-- leaves alone the equally numbered payment and invoice of another company
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (93, 9, 'C93', 'Lumen Optics BV', 'EUR'), (96, 1, 'C96', 'Quercus Wines SL', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (9, 93, 7, 'INV-9307', '2026-05-01', '2026-06-01', '400.00 EUR'),
  (1, 96, 7, 'INV-9607', '2026-06-01', '2026-07-01', '250.00 EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount, kind, principal_invoice_id)
VALUES (9, 93, 9, 'INT-9307', '2026-06-15', '2026-06-15', '10.00 EUR', 'interest', 7);
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (9, 63, '2026-06-30', '400.00 EUR', 'Lumen Optics', 'INV-9307'),
  (1, 63, '2026-06-30', '250.00 EUR', 'Quercus Wines', 'INV-9607');
SELECT * FROM ar2c.apply_cash();
SELECT results_eq($$SELECT company_id, customer_id, invoice_id, amount::text FROM application
                    WHERE payment_id = 63 ORDER BY company_id, invoice_id$$,
                  $$VALUES (1::bigint, 96::bigint, 7::bigint, '250.00 EUR'), (9, 93, 7, '390.00 EUR'), (9, 93, 9, '10.00 EUR')$$,
                  'a payment settling an invoice charges first leaves the equally numbered payment of another company to its own invoice');

-- the customers a payer's name finds: equally named customers all, and
-- of those what can count (a form the payer wrote and the customer's name
-- lacks costs a tenth; the three most likely and those close to the best)
SELECT results_eq(
    $$SELECT customer_id, round(similarity::numeric, 2) FROM cash_name_customers(
          ARRAY['ATLAS FOODS', 'NORDWIND', 'ATLAS FOODS', 'ATLAS FOODS NORD', 'ATLAS FOODS TRADING INTERNATIONAL', 'ATLAS FOODS'],
          ARRAY[1, 2, 3, 4, 5, 1]::bigint[], ARRAY['LTD', NULL, 'SAS', NULL, NULL, NULL],
          ARRAY[7]::bigint[], ARRAY['ATLAS FOODS'], ARRAY['LTD'], 30)
      ORDER BY customer_id, similarity$$,
    $$VALUES (1::bigint, 1.00), (1, 1.00), (3, 0.90)$$,
    'cash_name_customers finds the customers of the most similar names and keeps those that can count');
SELECT is((SELECT array_agg(customer_id ORDER BY customer_id) FROM cash_name_customers(
               ARRAY['ATLAS FOODS NORD', 'ATLAS FOODS TRADING INTERNATIONAL', 'NORDWIND'], ARRAY[4, 5, 6]::bigint[], ARRAY[NULL, NULL, NULL],
               ARRAY[7]::bigint[], ARRAY['ATLAS FOODS'], ARRAY[''], 30)),
          '{4,5}'::bigint[], 'with no name as similar, the less similar names that hold the payer''s words count');
SELECT is((SELECT array_agg(customer_id ORDER BY customer_id) FROM cash_name_customers(
               ARRAY['BALTIC TRADING', 'BALTIC TRADING', 'BALTIC TRADE'], ARRAY[11, 12, 13]::bigint[], ARRAY['LTD', 'AG', NULL],
               ARRAY[8, 9]::bigint[], ARRAY['BALTIC TRADING', 'BALTIC TRADING'], ARRAY['', 'LTD'], 30) WHERE payment_id = 8),
          '{11,12}'::bigint[], 'two customers of one normalized name are both found, a name lacking a word of the payer''s is not');
SELECT results_eq(
    $$SELECT payment_id, customer_id, round(similarity::numeric, 2) FROM cash_name_customers(
          ARRAY['BALTIC TRADING', 'BALTIC TRADING'], ARRAY[11, 12]::bigint[], ARRAY['LTD', 'AG'],
          ARRAY[9, 8, 10]::bigint[], ARRAY['BALTIC TRADING', 'BALTIC TRADING', 'BALTIC TRADING'], ARRAY['LTD', '', NULL], 30)
      ORDER BY payment_id, customer_id$$,
    $$VALUES (8::bigint, 11::bigint, 1.00), (8, 12, 1.00), (9, 11, 1.00), (9, 12, 0.90), (10, 11, 1.00), (10, 12, 1.00)$$,
    'each payer gets the customers its name and the forms it wrote find');
SELECT is((SELECT count(*) FROM cash_name_customers(
               ARRAY['BALTIC TRADING', 'BALTIC TRADING', 'BALTIC TRADE'], ARRAY[11, 12, 13]::bigint[], ARRAY['LTD', 'AG', NULL],
               ARRAY[8]::bigint[], ARRAY['BALTIC TRADING'], ARRAY[''], 1)), 1::bigint, 'at most max_customers are looked at');
SELECT throws_ok($$SELECT * FROM cash_name_customers('{A}', '{1}', '{NULL}', '{1}', '{A}', '{}', 30)$$, '22023',
                 'cash_name_customers needs one element per item in each array: payer_payments has 1, payer_forms has 0',
                 'a payer name without its forms is refused');
SELECT throws_ok($$SELECT * FROM cash_name_customers('{A,B}', '{1}', '{NULL,NULL}', '{1}', '{A}', '{""}', 30)$$, '22023',
                 'cash_name_customers needs one element per item in each array: name_keys has 2, customer_ids has 1',
                 'a name without its customer is refused');
SELECT throws_ok($$SELECT * FROM cash_name_customers('{A}', ARRAY[NULL]::bigint[], '{NULL}', '{1}', '{A}', '{""}', 30)$$, '22004',
                 'customer_ids of cash_name_customers has a NULL at 1', 'a NULL customer is refused');
SELECT throws_ok($$SELECT * FROM cash_name_customers('{A}', '{1}', '{NULL}', '{1}', '{A}', '{""}', 0)$$, '22023',
                 'cash_name_customers needs max_customers >= 1, not 0', 'max_customers below 1 is refused');

-- candidate customers: a customer's signals combine, the account of one
-- halves the names of the others, a customer found by its account alone
-- is scored by its name all the same
SELECT results_eq(
    $$SELECT customer_id, by_reference, by_account, round(similarity::numeric, 2), round(evidence::numeric, 4), rank
      FROM cash_candidates(ARRAY[2, 2, 2, 1, 1]::bigint[], ARRAY[30, 40, 50, 10, 10]::bigint[],
                           ARRAY[false, false, false, true, false], ARRAY[false, true, false, false, false],
                           ARRAY[0.97, NULL, 0.97, NULL, 0.92]::float8[], ARRAY[NULL, 'ATLAS FOODS', NULL, 'NORDWIND', NULL],
                           ARRAY[NULL, 'SAS', NULL, NULL, NULL], ARRAY[2]::bigint[], ARRAY['ATLAS FOODS'], ARRAY['LTD'])
      ORDER BY payment_id, rank$$,
    $$VALUES (10::bigint, true, false, 0.92, 0.9970, 1), (40, false, true, 0.90, 0.9800, 1),
             (30, false, false, 0.97, 0.4750, 2), (50, false, false, 0.97, 0.4750, 3)$$,
    'cash_candidates combines the signals of each customer and ranks them');
SELECT throws_ok($$SELECT * FROM cash_candidates('{1}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}')$$, '22023',
                 'cash_candidates needs one element per item in each array: payment_ids has 1, customer_ids has 0',
                 'a signal without its customer is refused');
SELECT throws_ok($$SELECT * FROM cash_candidates('{1}', ARRAY[NULL]::bigint[], '{t}', '{f}', '{NULL}', '{NULL}', '{NULL}', '{}', '{}', '{}')$$,
                 '22004', 'customer_ids of cash_candidates has a NULL at 1', 'a NULL customer is refused');

-- names are read as they are at the run: a renamed customer and an
-- alias a clerk adds are found under their new names
UPDATE customer SET name = 'Nordwind Logistik Nord GmbH' WHERE customer_id = 1;
SELECT is((SELECT array_agg(customer_id) FROM cash_name_customers(
               (SELECT array_agg(name_key) FROM customer), (SELECT array_agg(customer_id) FROM customer),
               (SELECT array_agg(array_to_string(name_forms, ' ')) FROM customer),
               ARRAY[1]::bigint[], ARRAY[normalize_name('Nordwind Logistik Nord')], ARRAY[''], 30)),
          '{1}'::bigint[], 'a renamed customer is found by its new name');
SELECT lives_ok('SELECT ar2c.create_roles()', 'the roles are created');
CREATE ROLE ar2c_test_cash_clerk IN ROLE ar2c_clerk;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_cash_clerk', 1);
SET ROLE ar2c_test_cash_clerk;
INSERT INTO customer_alias (customer_id, company_id, alias) VALUES (2, 1, 'Lemaire Provisions');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (1, 31, '2026-06-30', '80.00 EUR', 'Lemaire Provisions', 'Zahlung');
RESET ROLE;
SELECT * FROM ar2c.apply_cash(1);
SELECT is((SELECT coalesce((SELECT min(customer_id) FROM application WHERE payment_id = 31),
                           (SELECT customer_id FROM match_suggestion WHERE payment_id = 31 AND rank = 1))),
          2::bigint, 'a payer bearing an alias a clerk added is matched to the alias''s customer');

SELECT is(name_evidence(0.92), 0.90::float8, 'a name 92% similar is evidence 0.90');
SELECT is(name_evidence(NULL), 0::float8, 'no similarity is no evidence');

-- the allocation rules, called directly
SELECT results_eq(
    $$SELECT rule, invoice_ids, applied, write_off, currency::text, fit
      FROM cash_allocate(ARRAY[normalize_invoice_number('INV 2026/12')], ARRAY[1, 1]::bigint[],
                         ARRAY[11, 12]::bigint[], ARRAY['2026-07-01', '2026-07-02']::date[], ARRAY[normalize_invoice_number('INV-2026-11'), normalize_invoice_number('INV-2026-12')],
                         ARRAY['EUR', 'EUR']::currency[], ARRAY[50000, 50000]::bigint[], ARRAY[49900, 49900]::bigint[],
                         0.005, 5000, 24, 20000)$$,
    $$VALUES ('reference', '{12}'::bigint[], '{50000}'::bigint[], 100::bigint, 'EUR', 1::float8)$$,
    'cash_allocate settles the referenced invoice and writes off the bank fee');
SELECT throws_ok($$SELECT * FROM cash_allocate('{}', ARRAY[1, 1]::bigint[], ARRAY[1]::bigint[], '{2026-07-01,2026-07-01}', '{a,b}',
                                               '{EUR,EUR}', '{1,1}', '{1,1}', 0.005, 5000, 24, 20000)$$,
                 '22023', 'cash_allocate needs one element per item in each array: customer_ids has 2, invoice_ids has 1',
                 'arrays of different lengths are refused');
SELECT throws_ok($$SELECT * FROM cash_allocate('{}', ARRAY[1]::bigint[], ARRAY[1]::bigint[], '{2026-07-01}', '{a}',
                                               '{EUR}', ARRAY[NULL]::bigint[], '{1}', 0.005, 5000, 24, 20000)$$,
                 '22004', 'open_units of cash_allocate has a NULL at 1', 'an item without an amount is refused');
SELECT throws_ok($$SELECT * FROM cash_allocate('{}', ARRAY[1]::bigint[], ARRAY[1]::bigint[], '{2026-07-01}', '{a}',
                                               '{EUR}', '{1}', '{1}', 0.5, 5000, 24, 20000)$$,
                 '22023', 'fee share 0.5 is out of range', 'a fee share of a half is refused');

-- a run's allocations at once: each payment gets its candidates' items,
-- in the currencies it pays (payment 2 pays no USD: customer 2's USD item
-- is not its), each customer cut to its oldest max_per_customer; with
-- each, its confidence (evidence x fit), rank and margin over the best
-- other customer's
SELECT results_eq(
    $$SELECT payment_id, customer_id, rule, invoice_ids, applied, write_off, round(confidence::numeric, 4), suggestion_rank,
             round(margin::numeric, 4)
      FROM cash_allocate_run(ARRAY[1, 2, 2]::bigint[], ARRAY[1, 1, 2]::bigint[], ARRAY[true, false, false],
                             ARRAY[false, false, false], ARRAY[0.9, 0.97, 0.8]::float8[], ARRAY[0.997, 0.95, 0.25]::float8[],
                             ARRAY[1, 1, 2],
                             ARRAY[1, 2, 1]::bigint[], ARRAY['EUR', 'EUR', 'USD']::currency[], ARRAY[49900, 30000, 60000]::bigint[],
                             ARRAY[1]::bigint[], ARRAY[normalize_invoice_number('INV-2026-12')], ARRAY[1.0]::float8[],
                             ARRAY[1, 1, 1, 2]::bigint[], ARRAY[11, 12, 13, 21]::bigint[],
                             ARRAY['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-01']::date[],
                             ARRAY[normalize_invoice_number('INV-2026-11'), normalize_invoice_number('INV-2026-12'),
                                   normalize_invoice_number('INV-2026-13'), normalize_invoice_number('INV-2026-21')],
                             ARRAY['EUR', 'EUR', 'EUR', 'USD']::currency[], ARRAY[50000, 50000, 30000, 60000]::bigint[],
                             2, 0.005, 5000, 24, 20000, '{}'::bigint[], '{}'::currency[], '{}'::bigint[])
      ORDER BY payment_id, suggestion_rank$$,
    $$VALUES (1::bigint, 1::bigint, 'reference', '{12}'::bigint[], '{49900}'::bigint[], 100::bigint, 0.9970, 1, 0.9970),
             (2, 1, 'partial', '{11}', '{30000}', 0, 0.3800, 1, 0.3800)$$,
    'cash_allocate_run gives each payment its candidates'' items in the currencies it pays, the oldest max_per_customer of each, scored');
SELECT throws_ok($$SELECT * FROM cash_allocate_run('{1}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',
                                                   '{}', '{}', '{}', '{}', '{}', '{}', 200, 0.005, 5000, 24, 20000, '{}', '{}', '{}')$$,
                 '22023', 'cash_allocate_run needs one element per item in each array: candidate_payments has 1, candidate_customers has 0',
                 'a candidate without its customer is refused');
SELECT throws_ok($$SELECT * FROM cash_allocate_run('{1}', '{1}', '{t}', '{f}', '{1}', ARRAY[NULL]::float8[], '{1}', '{}', '{}', '{}',
                                                   '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', 200, 0.005, 5000, 24, 20000, '{}', '{}', '{}')$$,
                 '22004', 'candidate_evidence of cash_allocate_run has a NULL at 1', 'a candidate without its evidence is refused');
SELECT throws_ok($$SELECT * FROM cash_allocate_run('{}', '{}', '{}', '{}', '{}', '{}', '{}', '{1}', '{EUR}', ARRAY[NULL]::bigint[],
                                                   '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', 200, 0.005, 5000, 24, 20000, '{}', '{}', '{}')$$,
                 '22004', 'pay_units of cash_allocate_run has a NULL at 1', 'a payment without its amount is refused');
SELECT throws_ok($$SELECT * FROM cash_allocate_run('{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',
                                                   '{}', '{}', '{}', '{}', '{}', '{}', 0, 0.005, 5000, 24, 20000, '{}', '{}', '{}')$$,
                 '22023', 'cash_allocate_run needs max_per_customer >= 1, not 0', 'max_per_customer below 1 is refused');

-- the match state follows the kind of the applications that settle a
-- payment: matched (cash application) marks it applied, a person's
-- manual application leaves it as it was
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name) VALUES
  (1, 40, '2026-06-30', '20.00 EUR', 'Atlas Foods'), (1, 41, '2026-06-30', '20.00 EUR', 'Atlas Foods');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (2, 2, 40, '10.00 EUR', 'manual');
INSERT INTO application (customer_id, invoice_id, payment_id, amount, kind) VALUES (2, 2, 41, '10.00 EUR', 'matched');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 40), NULL, 'a manual application leaves the match state');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 41), 'applied', 'a matched application marks the payment applied');

-- a suggestion with confidence 0 is no suggestion: a payer name 71%
-- similar is no evidence, so the payment waits with none listed
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 2, 91, 'INV-9101', '2026-06-01', '2026-07-01', '123.00 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, remittance_text) VALUES
  (1, 91, '2026-06-30', '123.00 EUR', 'Atlas Feeds', 'Zahlung');
SELECT lives_ok('SELECT * FROM ar2c.apply_cash(1)', 'a run with a payer that is barely like a customer');
SELECT is((SELECT count(*) FROM match_suggestion WHERE payment_id = 91), 0::bigint, 'writes no suggestion of confidence 0');
SELECT is((SELECT array_agg(rank) FROM exception_queue WHERE payment_id = 91), ARRAY[NULL]::integer[],
          'the exception queue lists the payment without a suggestion');

-- two open items of one amount that the payment names neither of: the
-- oldest is paid, as payers pay and collectors dun oldest first; of two
-- round ones (fees, instalments) neither
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (60, 1, 'C60', 'Meridian Optik GmbH', 'EUR');
INSERT INTO payer_account (company_id, account, customer_id, source) VALUES (1, 'DE44500105175407324931', 60, 'master_data');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 60, 602, 'INV-6002', '2026-06-03', '2026-07-03', '731.20 EUR'),
  (1, 60, 601, 'INV-6001', '2026-06-02', '2026-07-02', '731.20 EUR'),
  (1, 60, 603, 'INV-6003', '2026-06-04', '2026-07-04', '500.00 EUR'),
  (1, 60, 604, 'INV-6004', '2026-06-05', '2026-07-05', '500.00 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  (1, 160, '2026-06-30', '731.20 EUR', 'MERIDIAN OPTIK', 'DE44500105175407324931', 'Zahlung'),
  (1, 161, '2026-06-30', '500.00 EUR', 'MERIDIAN OPTIK', 'DE44500105175407324931', 'Zahlung');
SELECT lives_ok('SELECT * FROM ar2c.apply_cash(1)', 'a run over payments of items alike');
SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 160), '{601}'::bigint[],
          'of two items alike the oldest is paid');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 161), 'queued', 'of two round items alike neither');
SELECT is((SELECT invoice_ids FROM match_suggestion WHERE payment_id = 161 AND rank = 1), '{603}'::bigint[],
          'the oldest is suggested');

-- a second payment of an invoice already paid, naming it, waits for a
-- person: never for the sibling of the same amount
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 60, 605, 'INV-6005', '2026-06-06', '2026-07-06', '862.40 EUR'),
  (1, 60, 606, 'INV-6006', '2026-06-07', '2026-07-07', '862.40 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  (1, 162, '2026-06-30', '862.40 EUR', 'MERIDIAN OPTIK', 'DE44500105175407324931', 'INV-6005');
SELECT lives_ok('SELECT * FROM ar2c.apply_cash(1)', 'a run pays INV-6005');
SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 162), '{605}'::bigint[], 'by its number');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  (1, 163, '2026-07-01', '862.40 EUR', 'MERIDIAN OPTIK', 'DE44500105175407324931', 'Rechnung INV-6005');
SELECT lives_ok('SELECT * FROM ar2c.apply_cash(1)', 'a later run gets a second payment of it');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 163), 'queued', 'which waits for a person');
SELECT is((SELECT status FROM invoice WHERE invoice_id = 606), 'open', 'and does not pay the sibling of the same amount');
SELECT ok((SELECT explanation LIKE '%the remittance names INV-6005, already paid: a second payment?%'
           FROM match_suggestion WHERE payment_id = 163 AND rank = 1), 'its suggestion says why');

SELECT * FROM finish();
ROLLBACK;
