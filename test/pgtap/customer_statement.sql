-- customer statement: refusals, and a statement that adds up
BEGIN;
SET search_path = public, ar2c;
SELECT plan(4);

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (101, 1, 'C-101', 'Beta AG', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 1, 101, 'INV-' || n, date '2026-01-01' + n, date '2026-01-31' + n, money_cur(n * 10.25, 'EUR')
FROM generate_series(1, 60) n;

SELECT is_empty($$SELECT * FROM customer_statement(999, '2026-01-01', '2026-01-31')$$,
                'a statement of an unknown customer has no lines (doc/conventions.md)');
SELECT throws_ok($$SELECT * FROM customer_statement(101, '2026-01-31', '2026-01-01')$$, '22023', NULL, 'a period backwards');
SELECT is((SELECT balance FROM customer_statement(101, '2026-02-01', '2026-02-28') WHERE line_type = 'opening')
          + (SELECT sum(coalesce(debit, 0) - coalesce(credit, 0)) FROM customer_statement(101, '2026-02-01', '2026-02-28')),
          (SELECT balance FROM customer_statement(101, '2026-02-01', '2026-02-28') WHERE line_type = 'closing'),
          'opening plus movements is the closing balance');
SELECT is((SELECT sum(balance) FROM customer_statement(101, '2026-02-01', '2026-02-28') WHERE line_type = 'aging'),
          (SELECT balance FROM customer_statement(101, '2026-02-01', '2026-02-28') WHERE line_type = 'closing'),
          'the aging adds up to the closing balance');

SELECT * FROM finish();
ROLLBACK;
