-- counterparty statements: refusals, with their SQLSTATE
BEGIN;
SET search_path = public, ar2c;
SELECT plan(26);

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (101, 1, 'C-101', 'Beta AG', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 101, 'INV-1', '2026-05-03', '2026-06-02', '100.00 EUR');

SELECT throws_ok($$SELECT load_counterparty_statement(999, '2026-05-01', '2026-05-31', '0.00 EUR', '0.00 EUR', '[]')$$,
                 '23503', 'unknown customer 999', 'an unknown customer');
SELECT throws_ok($$SELECT load_counterparty_statement(101, '2026-05-31', '2026-05-01', '0.00 EUR', '0.00 EUR', '[]')$$,
                 '22023', 'statement period ends (2026-05-01) before it starts (2026-05-31)', 'a period backwards');
SELECT throws_ok($$SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '0.00 EUR', '0.00 USD', '[]')$$,
                 '42804', 'statement balances in two currencies: EUR and USD', 'two currencies');
SELECT throws_ok($$SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '0.00 EUR', '0.00 EUR', '[]', 'ours')$$,
                 '22023', 'invalid statement perspective "ours"', 'an unknown perspective');
SELECT throws_ok($$SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '0.00 EUR', '0.00 EUR', '{}')$$,
                 '22023', 'statement lines must be a JSON array, not object', 'lines not an array');
SELECT throws_ok($$SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '0.00 EUR', '1.00 EUR',
                   '[{"date": "2026-05-02", "amount": 1}, {"date": "2026-05-03"}]')$$,
                 '22023', 'statement line 2 has no date or no amount: {"date": "2026-05-03"}', 'a line without an amount');
SELECT throws_ok($$SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '0.00 EUR', '1.00 EUR',
                   '[{"date": "2026-06-02", "amount": 1}]')$$,
                 '22023', 'statement line 1 is dated 2026-06-02, outside the period 2026-05-01 to 2026-05-31', 'a line outside the period');
SELECT throws_ok($$SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '0.00 EUR', '1.00 EUR',
                   '[{"date": "2026-05-02", "amount": 1.001}]')$$,
                 '22023', 'too many decimal places in 1.001: EUR has 2', 'an amount finer than the currency''s minor unit');
SELECT throws_ok($$SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '0.00 EUR', '5.00 EUR',
                   '[{"date": "2026-05-02", "amount": 1}]')$$,
                 '23514', 'statement does not add up: opening 0.00 EUR plus its lines is 1.00 EUR, not the closing 5.00 EUR',
                 'a statement that does not add up');
SELECT is((SELECT count(*) FROM counterparty_statement), 0::bigint, 'nothing of a refused statement is kept');

SELECT lives_ok($$SELECT load_counterparty_statement(101, '2026-05-01', '2026-05-31', '0.00 EUR', '90.00 EUR',
                                   '[{"date": "2026-05-03", "reference": "INV-1", "amount": 90}]')$$, 'a statement that adds up loads');
SELECT throws_ok($$SELECT reconcile_statement(12345)$$, 'P0002', 'unknown counterparty statement 12345', 'an unknown statement');
SELECT throws_ok($$SELECT reconcile_statement((SELECT max(statement_id) FROM counterparty_statement), -1)$$,
                 '22023', 'invalid date tolerance -1', 'a negative date tolerance');
SELECT is((SELECT result FROM reconcile_statement((SELECT max(statement_id) FROM counterparty_statement))),
          'amount_differs', 'the invoice is on it for 10.00 less');
SELECT throws_ok($$SELECT resolve_statement_difference((SELECT result_id FROM statement_result), '  ')$$,
                 '22023', 'a resolution needs a note', 'a resolution without a note');
SELECT is((SELECT resolved_by FROM resolve_statement_difference((SELECT result_id FROM statement_result), 'price agreed at 90.00')),
          current_user::text, 'the resolution records who');
SELECT throws_ok($$SELECT resolve_statement_difference((SELECT result_id FROM statement_result), 'again')$$,
                 '55000', NULL, 'a difference resolved twice');

-- shipments: checked against their order; more than ordered is a break
INSERT INTO sales_order (company_id, customer_id, order_id, order_number, order_date, amount, quantity)
VALUES (1, 101, 1, 'SO-1', '2026-06-01', '3000.00 EUR', 10);
SELECT throws_ok($$INSERT INTO shipment (company_id, customer_id, order_id, shipment_number, shipped_on, amount)
                   VALUES (1, 101, 1, 'SH-USD', '2026-06-02', '99999.00 USD')$$,
                 '42804', 'shipment SH-USD is in USD, its order SO-1 in EUR', 'a shipment in another currency than its order');
SELECT throws_ok($$INSERT INTO shipment (company_id, customer_id, order_id, shipment_number, shipped_on, amount)
                   VALUES (1, 101, 1, 'SH-EARLY', '2026-05-31', '100.00 EUR')$$,
                 '23514', 'shipment SH-EARLY is dated 2026-05-31, before its order SO-1 of 2026-06-01', 'a shipment before its order');
SELECT throws_ok($$INSERT INTO shipment (company_id, customer_id, order_id, shipment_number, shipped_on, quantity)
                   VALUES (1, 101, 1, 'SH-NEG', '2026-06-02', -1)$$,
                 '23514', NULL, 'a negative shipped quantity');
INSERT INTO shipment (company_id, customer_id, order_id, shipment_number, shipped_on, amount, quantity) VALUES
  (1, 101, 1, 'SH-1', '2026-06-02', '2000.00 EUR', 6),
  (1, 101, 1, 'SH-2', '2026-06-03', '1500.00 EUR', 4);
SELECT is((SELECT shipped_amount FROM order_chain WHERE order_id = 1), 3500.00, 'shipped amount in the order''s currency');
SELECT ok((SELECT over_shipped FROM order_chain WHERE order_id = 1), 'shipped more than ordered is a break');
SELECT is((SELECT count(*) FROM order_chain_breaks WHERE order_id = 1 AND break_kind = 'over_shipped'), 1::bigint,
          'over_shipped is listed among the breaks');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'over_shipped' AND subject_table = 'shipment'), 1::bigint,
          'the shipment that passes the ordered amount raises an alert');

-- the shipment check runs before row-level security and the foreign keys: it names no order of another company
INSERT INTO company (company_id, name, functional_currency) VALUES (2, 'Other Co', 'EUR');
SELECT ar2c.create_roles();
CREATE ROLE rec_test_clerk IN ROLE ar2c_clerk;
INSERT INTO company_access (role_name, company_id) VALUES ('rec_test_clerk', 2);
GRANT INSERT ON shipment TO rec_test_clerk;  -- as an application writing shipments of its company would have
SET ROLE rec_test_clerk;
SELECT throws_ok($$INSERT INTO shipment (company_id, customer_id, order_id, shipment_number, shipped_on) VALUES (2, 101, 1, 'SH-X', '2026-01-01')$$,
                 '23503', NULL, 'a clerk naming another company''s order learns nothing of it');
SELECT throws_ok($$INSERT INTO shipment (company_id, customer_id, order_id, shipment_number, shipped_on) VALUES (1, 101, 1, 'SH-X', '2026-01-01')$$,
                 '42501', NULL, 'nor by naming the other company');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
