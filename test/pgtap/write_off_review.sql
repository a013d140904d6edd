-- Issue 17: a pending write-off is rejected by an approver or withdrawn by
-- its requester, never by anyone else; a rejected or withdrawn one is not
-- applied. The clerk may also create objects in schema public.
BEGIN;
SET search_path = public, ar2c;
SET client_min_messages = warning;
SELECT plan(46);

INSERT INTO company (company_id, name, functional_currency) VALUES (9101, 'North GmbH', 'EUR'), (9102, 'South SA', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 9101, 'A', 'Alpha Werkzeuge GmbH', 'EUR'), (2, 9102, 'B', 'Bravo SA', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (9101, 1, 11, 'A-11', '2026-06-01', '2026-07-01', '1000.00 EUR'),
  (9102, 2, 12, 'B-12', '2026-06-01', '2026-07-01', '1000.00 EUR');
INSERT INTO write_off_policy VALUES (9101, 'EUR', '50.00 EUR'), (9102, 'EUR', '50.00 EUR');

DO $$ BEGIN PERFORM ar2c.create_roles(); END $$;
CREATE ROLE wo_clerk LOGIN IN ROLE ar2c_clerk;
CREATE ROLE wo_other LOGIN IN ROLE ar2c_clerk;
CREATE ROLE wo_approver LOGIN IN ROLE ar2c_approver;
CREATE ROLE wo_south LOGIN IN ROLE ar2c_approver;
CREATE ROLE wo_approvers IN ROLE ar2c_approver;
CREATE ROLE wo_both LOGIN IN ROLE ar2c_clerk, wo_approvers;
GRANT CREATE ON SCHEMA public TO wo_clerk;
INSERT INTO company_access (role_name, company_id) VALUES
  ('wo_clerk', 9101), ('wo_other', 9101), ('wo_approver', 9101), ('wo_south', 9102), ('wo_approvers', 9101), ('wo_both', 9101);

-- as the superuser: the id of the request of that amount, whoever asks
CREATE FUNCTION pg_temp.pending(amt text) RETURNS bigint LANGUAGE sql SECURITY DEFINER
AS $$ SELECT approval_id FROM ar2c.write_off_approval WHERE amount OPERATOR(ar2c.=) amt::ar2c.money_cur $$;

-- the hostile clerk shadows what ar2c's functions call, in public
SET ROLE wo_clerk;
CREATE FUNCTION public.write_off_approver() RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE FUNCTION public.company_visible(bigint) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE FUNCTION public.session_role_name() RETURNS text LANGUAGE sql AS $$ SELECT 'wo_approver'::text $$;
SELECT is(write_off(11, '80.00 EUR', 'customer insolvent'), NULL, 'a clerk''s write-off above the threshold is pending');
SELECT throws_ok(format('SELECT reject_write_off(%s, %L)', pg_temp.pending('80.00 EUR'), 'mine'), '42501', NULL,
                 'the clerk does not reject it');
SELECT throws_ok(format('UPDATE write_off_approval SET rejected_by = %L, rejected_at = now(), rejection_reason = %L', 'wo_approver', 'x'),
                 '42501', NULL, 'nor marks it rejected by UPDATE');
SELECT throws_ok('UPDATE write_off_approval SET withdrawn_at = now()', '42501', NULL, 'nor withdrawn');
INSERT INTO write_off_approval (company_id, customer_id, invoice_id, amount, requested_by, reason, applied_on,
                                rejected_by, rejected_at, rejection_reason, withdrawn_at)
VALUES (9101, 1, 11, '81.00 EUR', 'x', 'typed in', '2026-06-30', 'wo_approver', now(), 'x', now());
SELECT is((SELECT concat_ws(',', requested_by, rejected_by, rejected_at, rejection_reason, withdrawn_at)
           FROM write_off_approval WHERE approval_id = pg_temp.pending('81.00 EUR')),
          'wo_clerk', 'a request a clerk inserts is pending, whatever it says');
SELECT throws_ok('SELECT withdraw_write_off(NULL)', 'P0002', 'unknown pending write-off <NULL>', 'withdrawing NULL: unknown');
SELECT throws_ok('SELECT withdraw_write_off(99999)', 'P0002', 'unknown pending write-off 99999', 'withdrawing an unknown id: unknown');
RESET ROLE;

SET ROLE wo_south;
SELECT throws_ok(format('SELECT reject_write_off(%s, %L)', pg_temp.pending('80.00 EUR'), 'no'), 'P0002',
                 format('unknown pending write-off %s', pg_temp.pending('80.00 EUR')),
                 'an approver of another company does not see it');
RESET ROLE;

SET ROLE wo_approver;
SELECT throws_ok('SELECT reject_write_off(99999, ''no'')', 'P0002', 'unknown pending write-off 99999', 'an unknown id');
SELECT throws_ok('SELECT reject_write_off(NULL, ''no'')', 'P0002', 'unknown pending write-off <NULL>', 'a NULL id');
SELECT throws_ok(format('SELECT reject_write_off(%s, %L)', pg_temp.pending('80.00 EUR'), ' '), '22023', NULL,
                 'a rejection needs a reason');
SELECT throws_ok(format('SELECT reject_write_off(%s, NULL)', pg_temp.pending('80.00 EUR')), '22023', NULL, 'not NULL');
SELECT throws_ok(format('SELECT withdraw_write_off(%s)', pg_temp.pending('80.00 EUR')), '42501', NULL,
                 'an approver does not withdraw it');
SELECT lives_ok(format('SELECT reject_write_off(%s, %L)', pg_temp.pending('80.00 EUR'), 'no evidence of insolvency'),
                'an approver rejects it');
RESET ROLE;
SELECT is((SELECT concat_ws(',', rejected_by, rejected_at IS NOT NULL, rejection_reason, approved_by, application_id, withdrawn_at)
           FROM write_off_approval WHERE approval_id = pg_temp.pending('80.00 EUR')),
          'wo_approver,t,no evidence of insolvency', 'the row keeps who rejected it, when and why');
SELECT is((SELECT count(*) FROM application WHERE kind = 'write_off'), 0::bigint, 'nothing is written off');
SELECT is((SELECT format('%s %s %s %s', company_id, customer_id, subject_table, subject_id = pg_temp.pending('80.00 EUR'))
           FROM alert WHERE kind = 'write_off_rejected'),
          '9101 1 write_off_approval t', 'an alert goes to the requester''s company');
SELECT matches((SELECT message FROM alert WHERE kind = 'write_off_rejected'),
               '^write-off \d+ of 80.00 EUR on invoice A-11 requested by wo_clerk was rejected by wo_approver: no evidence of insolvency$',
               'it says what was rejected, by whom and why');
SET ROLE wo_approver;
SELECT throws_ok(format('SELECT approve_write_off(%s)', pg_temp.pending('80.00 EUR')), '55000',
                 format('write-off %s is not pending: wo_approver rejected it', pg_temp.pending('80.00 EUR')),
                 'a rejected write-off is not approved');
SELECT throws_ok(format('SELECT reject_write_off(%s, %L)', pg_temp.pending('80.00 EUR'), 'again'), '55000', NULL,
                 'nor rejected again');
RESET ROLE;
SET ROLE wo_clerk;
SELECT throws_ok(format('SELECT withdraw_write_off(%s)', pg_temp.pending('80.00 EUR')), '55000', NULL,
                 'nor withdrawn');
SELECT is(write_off(11, '90.00 EUR', 'disputed'), NULL, 'another pending write-off');
RESET ROLE;

SET ROLE wo_other;
SELECT throws_ok(format('SELECT withdraw_write_off(%s)', pg_temp.pending('90.00 EUR')), '42501',
                 format('cannot withdraw write-off %s: wo_clerk requested it', pg_temp.pending('90.00 EUR')),
                 'another clerk does not withdraw it');
RESET ROLE;
SET ROLE wo_clerk;
SELECT lives_ok(format('SELECT withdraw_write_off(%s)', pg_temp.pending('90.00 EUR')), 'its requester withdraws it');
SELECT ok((SELECT withdrawn_at IS NOT NULL AND rejected_by IS NULL AND approved_by IS NULL FROM write_off_approval
           WHERE approval_id = pg_temp.pending('90.00 EUR')), 'the row says when');
SELECT throws_ok(format('SELECT withdraw_write_off(%s)', pg_temp.pending('90.00 EUR')), '55000',
                 format('write-off %s is not pending: wo_clerk withdrew it', pg_temp.pending('90.00 EUR')),
                 'a withdrawn write-off is not withdrawn again');
RESET ROLE;
SET ROLE wo_approver;
SELECT throws_ok(format('SELECT approve_write_off(%s)', pg_temp.pending('90.00 EUR')), '55000', NULL, 'nor approved');
SELECT throws_ok(format('SELECT reject_write_off(%s, %L)', pg_temp.pending('90.00 EUR'), 'no'), '55000', NULL, 'nor rejected');
RESET ROLE;

-- an applied one
SET ROLE wo_clerk;
SELECT is(write_off(11, '70.00 EUR', 'small claim'), NULL, 'a third pending write-off');
RESET ROLE;
SET ROLE wo_approver;
SELECT ok(approve_write_off(pg_temp.pending('70.00 EUR')) IS NOT NULL, 'is approved and applied');
SELECT throws_ok(format('SELECT reject_write_off(%s, %L)', pg_temp.pending('70.00 EUR'), 'no'), '55000',
                 format('write-off %s is not pending: wo_approver approved it', pg_temp.pending('70.00 EUR')),
                 'an applied write-off is not rejected');
RESET ROLE;
SET ROLE wo_clerk;
SELECT throws_ok(format('SELECT withdraw_write_off(%s)', pg_temp.pending('70.00 EUR')), '55000', NULL, 'nor withdrawn');
RESET ROLE;

-- an approval given beforehand is not a request
SET ROLE wo_approver;
SELECT ok(approve_write_off(11, '60.00 EUR') IS NOT NULL, 'an approval given beforehand');
SELECT throws_ok(format('SELECT reject_write_off(%s, %L)', pg_temp.pending('60.00 EUR'), 'no'), '55000', NULL,
                 'is not rejected as a request');
RESET ROLE;

-- the requester does not reject its own request, under any of its roles
SET ROLE wo_both;
SELECT is(write_off(11, '85.00 EUR', 'bankrupt'), NULL, 'a clerk and approver requests a write-off');
SELECT throws_ok(format('SELECT reject_write_off(%s, %L)', pg_temp.pending('85.00 EUR'), 'changed my mind'), '42501',
                 format('cannot reject write-off %s: wo_both requested it', pg_temp.pending('85.00 EUR')),
                 'and cannot reject it herself');
RESET ROLE;
SET SESSION AUTHORIZATION wo_both;
SET ROLE wo_approvers;
SELECT throws_ok(format('SELECT reject_write_off(%s, %L)', pg_temp.pending('85.00 EUR'), 'x'), '42501', NULL,
                 'nor after SET ROLE to her approvers'' group');
RESET ROLE;
SELECT lives_ok(format('SELECT withdraw_write_off(%s)', pg_temp.pending('85.00 EUR')), 'but withdraws it');
RESET SESSION AUTHORIZATION;

-- the pending requests
SET ROLE wo_approver;
SELECT is((SELECT string_agg(format('%s %s %s %s %s', invoice_number, amount, currency, open_amount, requested_by), ',') FROM pending_write_offs),
          'A-11 81.00 EUR 930.00 wo_clerk', 'pending_write_offs lists only the request still pending');
RESET ROLE;
SET ROLE wo_south;
SELECT is((SELECT count(*) FROM pending_write_offs), 0::bigint, 'and none of a company the session does not see');
RESET ROLE;

-- a row is at most one of approved, rejected and withdrawn
SELECT throws_ok(format('UPDATE write_off_approval SET withdrawn_at = now() WHERE approval_id = %s', pg_temp.pending('80.00 EUR')),
                 '23514', NULL, 'a rejected write-off is not also withdrawn');
SELECT throws_ok(format('UPDATE write_off_approval SET rejected_by = %L, rejected_at = now(), rejection_reason = %L WHERE approval_id = %s',
                        'wo_approver', 'x', pg_temp.pending('60.00 EUR')),
                 '23514', NULL, 'nor an approval rejected');
SELECT throws_ok(format('UPDATE write_off_approval SET rejected_by = %L WHERE approval_id = %s', 'wo_approver', pg_temp.pending('81.00 EUR')),
                 '23514', NULL, 'a rejection has its time and reason');
SELECT throws_ok(format('UPDATE write_off_approval SET rejected_by = requested_by, rejected_at = now(), rejection_reason = %L WHERE approval_id = %s',
                        'x', pg_temp.pending('81.00 EUR')),
                 '23514', NULL, 'and is not the requester''s');

-- privileges
SELECT ok(has_function_privilege('ar2c_approver', 'ar2c.reject_write_off(bigint, text)', 'EXECUTE')
          AND NOT has_function_privilege('ar2c_clerk', 'ar2c.reject_write_off(bigint, text)', 'EXECUTE')
          AND NOT has_function_privilege('ar2c_reporting', 'ar2c.reject_write_off(bigint, text)', 'EXECUTE'),
          'approvers reject, clerks do not');
SELECT ok(has_function_privilege('ar2c_clerk', 'ar2c.withdraw_write_off(bigint)', 'EXECUTE')
          AND NOT has_function_privilege('ar2c_approver', 'ar2c.withdraw_write_off(bigint)', 'EXECUTE')
          AND NOT has_function_privilege('ar2c_application', 'ar2c.withdraw_write_off(bigint)', 'EXECUTE'),
          'clerks withdraw, approvers do not');

SELECT * FROM finish();
ROLLBACK;
