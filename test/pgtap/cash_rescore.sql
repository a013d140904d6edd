-- a run's waiting payments scored again once its sure matches are
-- applied: suggestions that name what is still open, a customer's second
-- statement told apart once the first is gone, and no second payment of
-- an invoice, nor a payment whose customer was in doubt, applied by it
BEGIN;
SET search_path = public, ar2c;
SELECT plan(12);

SELECT is((SELECT aging_date FROM roll_aging('2026-06-30')), '2026-06-30'::date, 'the aging date is set');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (2, 1, 'C2', 'Atlas Logistik GmbH', 'EUR'), (3, 1, 'C3', 'Atlas Logistik AG', 'EUR'),
  (4, 1, 'C4', 'Kestrel Components Ltd', 'EUR'), (5, 1, 'C5', 'Morgenrot Bau KG', 'EUR');
INSERT INTO payer_account (company_id, account, customer_id, source) VALUES
  (1, 'DE02120300000000202051', 2, 'master_data'), (1, 'DE89370400440532013000', 4, 'master_data'),
  (1, 'DE75512108001245126199', 5, 'master_data');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  -- two namesakes with an item of the same amount
  (1, 2, 201, 'AT-201', '2026-05-02', '2026-06-01', '1234.56 EUR'),
  (1, 3, 301, 'AT-301', '2026-05-03', '2026-06-02', '1234.56 EUR'),
  -- two items of one amount
  (1, 5, 501, 'MB-501', '2026-05-04', '2026-06-03', '880.00 EUR'),
  (1, 5, 502, 'MB-502', '2026-05-05', '2026-06-04', '880.00 EUR'),
  -- eighteen items, paid by two statements
  (1, 4, 401, 'ST-401', '2026-03-01', date '2026-03-01' + 30, '1997.81 EUR'),
  (1, 4, 402, 'ST-402', '2026-03-02', date '2026-03-02' + 30, '1090.88 EUR'),
  (1, 4, 403, 'ST-403', '2026-03-03', date '2026-03-03' + 30, '2370.01 EUR'),
  (1, 4, 404, 'ST-404', '2026-03-04', date '2026-03-04' + 30, '553.15 EUR'),
  (1, 4, 405, 'ST-405', '2026-03-05', date '2026-03-05' + 30, '679.77 EUR'),
  (1, 4, 406, 'ST-406', '2026-03-06', date '2026-03-06' + 30, '793.51 EUR'),
  (1, 4, 407, 'ST-407', '2026-03-07', date '2026-03-07' + 30, '2217.26 EUR'),
  (1, 4, 408, 'ST-408', '2026-03-08', date '2026-03-08' + 30, '604.08 EUR'),
  (1, 4, 409, 'ST-409', '2026-03-09', date '2026-03-09' + 30, '2960.42 EUR'),
  (1, 4, 410, 'ST-410', '2026-03-10', date '2026-03-10' + 30, '1425.63 EUR'),
  (1, 4, 411, 'ST-411', '2026-03-11', date '2026-03-11' + 30, '496.58 EUR'),
  (1, 4, 412, 'ST-412', '2026-03-12', date '2026-03-12' + 30, '750.61 EUR'),
  (1, 4, 413, 'ST-413', '2026-03-13', date '2026-03-13' + 30, '2573.55 EUR'),
  (1, 4, 414, 'ST-414', '2026-03-14', date '2026-03-14' + 30, '2492.42 EUR'),
  (1, 4, 415, 'ST-415', '2026-03-15', date '2026-03-15' + 30, '666.24 EUR'),
  (1, 4, 416, 'ST-416', '2026-03-16', date '2026-03-16' + 30, '1561.76 EUR'),
  (1, 4, 417, 'ST-417', '2026-03-17', date '2026-03-17' + 30, '775.59 EUR'),
  (1, 4, 418, 'ST-418', '2026-03-18', date '2026-03-18' + 30, '2525.70 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  -- the first namesake's invoice, by reference from its account
  (1, 10, '2026-06-28', '1234.56 EUR', 'ATLAS LOGISTIK GMBH', 'DE02120300000000202051', 'AT-201'),
  -- the same amount by name alone: either namesake's
  (1, 11, '2026-06-28', '1234.56 EUR', 'ATLAS LOGISTIK', NULL, 'Zahlung'),
  -- the ten oldest items, then six of the other eight
  (1, 20, '2026-06-28', '14692.52 EUR', 'Kestrel Components', 'DE89370400440532013000', 'Statement March'),
  (1, 21, '2026-06-28', '8574.44 EUR', 'Kestrel Components', 'DE89370400440532013000', 'Statement April'),
  -- one invoice paid twice
  (1, 30, '2026-06-28', '880.00 EUR', 'MORGENROT BAU', 'DE75512108001245126199', 'Rechnung MB-501'),
  (1, 31, '2026-06-29', '880.00 EUR', 'MORGENROT BAU', 'DE75512108001245126199', 'Rechnung MB-501');
SELECT lives_ok('SELECT * FROM apply_cash(1)', 'a run');

-- a suggestion names what is open after the run
SELECT is((SELECT match_state FROM payment WHERE payment_id = 11), 'queued', 'a payment either namesake may have sent waits');
SELECT is((SELECT invoice_ids FROM match_suggestion WHERE payment_id = 11 AND rank = 1), '{301}'::bigint[],
          'its first suggestion is the invoice still open, not the one the run settled');
SELECT is((SELECT count(*) FROM match_suggestion WHERE payment_id = 11 AND 201 = ANY (invoice_ids)), 0::bigint,
          'no suggestion names the invoice the run settled');
SELECT is((SELECT status FROM invoice WHERE invoice_id = 301), 'open', 'and the doubt about the customer keeps it a suggestion');

-- two statements of one customer
SELECT is((SELECT array_agg(invoice_id ORDER BY invoice_id) FROM application WHERE payment_id = 20),
          ARRAY(SELECT generate_series(401, 410))::bigint[], 'the first statement settles the ten oldest items');
SELECT is((SELECT array_agg(invoice_id ORDER BY invoice_id) FROM application WHERE payment_id = 21),
          '{411,412,413,415,416,418}'::bigint[],
          'the second, six of eighteen items at first (one of 18,564 subsets), is six of the eight left');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 21), 'applied', 'and is applied');

-- a second payment of one invoice
SELECT is((SELECT count(DISTINCT payment_id) FROM application WHERE invoice_id = 501), 1::bigint, 'one payment settles the invoice named');
SELECT is((SELECT status FROM invoice WHERE invoice_id = 502), 'open', 'the other, of the same amount, is not taken by the second payment');
SELECT is((SELECT count(*) FROM payment WHERE payment_id IN (30, 31) AND match_state = 'queued'), 1::bigint,
          'the second payment waits for a person');

SELECT * FROM finish();
ROLLBACK;
