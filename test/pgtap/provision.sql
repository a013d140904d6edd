-- provision and write-off: refusals, with their SQLSTATE
BEGIN;
SET search_path = public, ar2c;
SELECT plan(31);

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (101, 1, 'C-101', 'Beta AG', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 101, 1, 'INV-1', '2026-01-10', '2026-02-09', '1000.00 EUR');

SELECT throws_ok($$INSERT INTO provision_rate VALUES (1, 'not due', 1.5)$$, '23514', NULL, 'a loss rate above 1');
SELECT throws_ok($$INSERT INTO provision_rate VALUES (1, 'not due', -0.1)$$, '23514', NULL, 'a negative loss rate');
SELECT throws_ok($$SELECT * FROM derive_provision_rates(1, '2026-06-30', months => 0)$$, '22023',
                 'invalid derivation settings: 0 months, last bucket loss 1', 'no months to derive from');
SELECT throws_ok($$INSERT INTO write_off_policy VALUES (1, 'EUR', '100.00 USD')$$, '23514', NULL, 'a threshold in another currency');

SELECT ar2c.create_roles();
CREATE ROLE provision_test_clerk IN ROLE ar2c_clerk;
CREATE ROLE provision_test_approver IN ROLE ar2c_admin;
CREATE ROLE provision_test_checker IN ROLE ar2c_approver;
INSERT INTO company_access (role_name, company_id) VALUES ('provision_test_clerk', 1), ('provision_test_checker', 1);
SET ROLE provision_test_clerk;
SELECT is(write_off(1, '10.00 EUR', 'small balance'), NULL, 'without a policy every write-off needs an approval: it is pending');
RESET ROLE;
INSERT INTO write_off_policy VALUES (1, 'EUR', '50.00 EUR');
SET ROLE provision_test_clerk;
SELECT is(write_off(1, '50.01 EUR', 'small balance'), NULL, 'above the threshold without an approval: pending');
SELECT is((SELECT count(*) FROM application WHERE kind = 'write_off'), 0::bigint, 'so nothing is written off yet');
SELECT throws_ok($$SELECT approve_write_off(1, '60.00 EUR')$$, '42501', NULL, 'a clerk does not approve');
SELECT throws_ok($$SELECT approve_write_off((SELECT max(approval_id) FROM write_off_approval))$$, '42501', NULL,
                 'nor a pending write-off');
SELECT throws_ok($$INSERT INTO write_off_approval (company_id, customer_id, invoice_id, amount) VALUES (1, 101, 1, '60.00 EUR')$$,
                 '42501', 'role provision_test_clerk may not approve write-offs', 'nor by inserting an approval');
SELECT is((SELECT requested_by || ' ' || amount || ' ' || reason || ' ' || (approved_by IS NULL)
           FROM write_off_approval ORDER BY approval_id DESC LIMIT 1),
          'provision_test_clerk 50.01 EUR small balance true', 'the pending write-off names the clerk who asked');
RESET ROLE;
SET ROLE provision_test_approver;
SELECT ok(approve_write_off(1, '60.00 EUR') > 0, 'an admin approves a write-off of 60.00 EUR');
SELECT is(write_off(1, '60.00 EUR', 'small balance'), NULL, 'approved by the one who makes it: pending');
SELECT throws_ok($$SELECT approve_write_off((SELECT max(approval_id) FROM write_off_approval))$$, '42501',
                 NULL, 'an approver does not approve its own pending write-off');
SELECT throws_ok($$SELECT approve_write_off(1, '60.00 USD')$$, '42804', NULL, 'an approval in another currency than the invoice');
RESET ROLE;
SET ROLE provision_test_clerk;
SELECT is(write_off(1, '70.00 EUR', 'small balance'), NULL, 'an approval is of one amount');
SELECT throws_ok($$UPDATE write_off_approval SET amount = '70.00 EUR'$$, '42501', NULL, 'which a clerk cannot change');
SELECT throws_ok($$SELECT write_off(1, '10.00 EUR', ' ')$$, '22023', 'a write-off needs a reason', 'no reason');
SELECT throws_ok($$SELECT write_off(99, '10.00 EUR', 'small balance')$$, '23503', 'unknown invoice 99', 'an unknown invoice');
SELECT throws_ok($$SELECT write_off(1, '10.00 USD', 'small balance')$$, '42804', NULL,
                 'a write-off in another currency than the invoice');
SELECT ok(write_off(1, '60.00 EUR', 'small balance') IS NOT NULL, 'with the approval another role gave, a clerk writes off');
SELECT is(write_off(1, '60.00 EUR', 'small balance'), NULL, 'an approval is used once');
SELECT ok(write_off(1, '50.00 EUR', 'small balance') IS NOT NULL, 'at the threshold a clerk may write off alone');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 1), '890.00 EUR'::money_cur, 'and the invoice is 110.00 less open');
RESET ROLE;
-- the pending write-off of 50.01 EUR, approved by a member of ar2c_approver
SET ROLE provision_test_checker;
SELECT ok(approve_write_off((SELECT approval_id FROM write_off_approval WHERE amount = '50.01 EUR'::money_cur)) IS NOT NULL,
          'an approver applies a pending write-off');
SELECT throws_ok($$SELECT approve_write_off((SELECT approval_id FROM write_off_approval WHERE amount = '50.01 EUR'::money_cur))$$,
                 '55000', NULL, 'once');
SELECT throws_ok($$SELECT approve_write_off(-1)$$, 'P0002', 'unknown pending write-off -1', 'an unknown pending write-off');
RESET ROLE;
SELECT is((SELECT a.applied_by || ' ' || a.amount || ' ' || a.reason || ' ' || w.approved_by
           FROM write_off_approval w JOIN application a ON a.customer_id = w.customer_id AND a.application_id = w.application_id
           WHERE w.amount = '50.01 EUR'::money_cur),
          'provision_test_clerk 50.01 EUR small balance provision_test_checker',
          'the write-off is the clerk''s, the approval the approver''s session role');
SELECT is((SELECT open_amount FROM invoice WHERE invoice_id = 1), '839.99 EUR'::money_cur, 'and the invoice is 50.01 less open');

-- one person is not two: a login that approved as a group it belongs to
-- cannot use that approval for its own write-off
CREATE ROLE provision_test_approvers IN ROLE ar2c_approver;
CREATE ROLE provision_test_alice LOGIN IN ROLE ar2c_clerk, provision_test_approvers;
INSERT INTO company_access (role_name, company_id) VALUES ('provision_test_alice', 1), ('provision_test_approvers', 1);
SET SESSION AUTHORIZATION provision_test_alice;
SET ROLE provision_test_approvers;
SELECT ok(approve_write_off(1, '80.00 EUR') > 0, 'a login approves a write-off as its approvers'' group');
RESET ROLE;
SELECT is(write_off(1, '80.00 EUR', 'small balance'), NULL, 'and cannot use the approval itself: the write-off is pending');
RESET SESSION AUTHORIZATION;

SELECT * FROM finish();
ROLLBACK;
