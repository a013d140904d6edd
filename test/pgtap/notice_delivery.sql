-- Delivery of the outbox (sql/install/84_notice_delivery.sql): what
-- ar2c-sender claims (due, addressed, configured), the lease a claim takes,
-- retry at a later time, the view and alerts of notices that can never be
-- delivered, the alert of a notice given up, and the credentials that only
-- the sender's role reads
BEGIN;
SET search_path = public, ar2c;
SELECT plan(30);

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR'), (2, 'Beta', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email, phone) VALUES
  (1, 1, 'C-1', 'Müller GmbH', 'EUR', 'de', 'one@example.com', NULL),
  (2, 1, 'C-2', 'Two', 'EUR', 'en', NULL, NULL),
  (3, 1, 'C-3', 'Three', 'EUR', 'en', NULL, '+49 30 1234'),
  (4, 2, 'C-4', 'Four', 'EUR', 'en', 'four@example.com', NULL);
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (1, 1, 'standard', true), (2, 2, 'standard', true);
INSERT INTO dunning_policy (company_id, policy_id, name) VALUES (1, 3, 'by text');
UPDATE customer SET dunning_policy_id = 3 WHERE customer_id = 3;
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel) VALUES
  (1, 1, 1, 5, 'email'), (2, 2, 1, 5, 'email'), (1, 3, 1, 5, 'sms');
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body) VALUES
  (1, 1, 1, 'en', 'Reminder', '{{#items}}{{invoice_number}};{{/items}} total {{total}}'),
  (2, 2, 1, 'en', 'Reminder', 'total {{total}}'),
  (1, 3, 1, 'en', 'Reminder', 'total {{total}}');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount)
SELECT c.company_id, c.customer_id, c.customer_id, 'I-' || c.customer_id, '2025-12-01', '2026-01-01', '100.00 EUR'
FROM customer c;
DO $$ BEGIN PERFORM setval('ar2c.invoice_invoice_id_seq', 1000); END $$;

SELECT is((SELECT sum(notices)::bigint FROM run_dunning(NULL, date '2026-01-10')), 4::bigint, 'one notice per customer');

-- a notice without an address is shown and alerted at run time
SELECT results_eq($$SELECT customer_id, reason FROM undeliverable_notices ORDER BY customer_id$$,
                  $$VALUES (1::bigint, 'no delivery settings'), (2::bigint, 'no address'), (3::bigint, 'no delivery settings'),
                           (4::bigint, 'no delivery settings')$$,
                  'undeliverable_notices: the notice without an address, and those of companies with no settings');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'notice_undeliverable'), 1::bigint,
          'the run raised one notice_undeliverable alert');
SELECT is((SELECT details -> 'notice_ids' FROM alert WHERE kind = 'notice_undeliverable'),
          (SELECT jsonb_build_array(notice_id) FROM dunning_notice WHERE customer_id = 2),
          'the alert names the notice without an address');

-- nothing is claimed before the company says how to deliver
SELECT is((SELECT count(*) FROM claim_notices(10)), 0::bigint, 'no settings: nothing to claim');
INSERT INTO delivery_setting (company_id, smtp_url, smtp_tls, from_address, from_name, reply_to, webhook_url)
VALUES (1, 'smtp://127.0.0.1:2525', 'required', 'billing@acme.example', 'Acme Buchhaltung', 'ar@acme.example',
        'http://127.0.0.1:8080/hook');
INSERT INTO delivery_secret (company_id, smtp_username, smtp_password, webhook_secret) VALUES (1, 'acme', 's3cret', 'k3y');
SELECT is((SELECT count(*) FROM undeliverable_notices), 2::bigint, 'settings for a company do not deliver a notice without an address');

CREATE TEMP TABLE claimed AS SELECT * FROM claim_notices(10, interval '5 minutes');
SELECT results_eq($$SELECT customer_id, channel, address FROM claimed ORDER BY customer_id$$,
                  $$VALUES (1::bigint, 'email', 'one@example.com'), (3::bigint, 'sms', '+49 30 1234')$$,
                  'claimed: the e-mail and the text message of the configured company, with their addresses');
SELECT is((SELECT array_agg(DISTINCT smtp_url || ' ' || smtp_tls || ' ' || smtp_username || ' ' || smtp_password
                            || ' ' || webhook_secret) FROM claimed),
          ARRAY['smtp://127.0.0.1:2525 required acme s3cret k3y'], 'a claim carries the company''s settings and credentials');
SELECT is((SELECT customer_name || ' ' || from_name FROM claimed WHERE customer_id = 1), 'Müller GmbH Acme Buchhaltung',
          'and the names for the headers');
SELECT is((SELECT items FROM claimed WHERE customer_id = 1), E'I-1\t2026-01-01\t9\t100.00 EUR',
          'items: one line per item, number, due date, days overdue and open amount separated by tabs');
SELECT is((SELECT payload ->> 'subject' FROM claimed WHERE customer_id = 3), 'Reminder', 'the webhook payload has the subject');
SELECT is((SELECT payload -> 'items' -> 0 ->> 'invoice_number' FROM claimed WHERE customer_id = 3), 'I-3',
          'and the items');
SELECT is((SELECT payload ->> 'total' FROM claimed WHERE customer_id = 3), '100.00', 'and the total as a decimal');
SELECT ok((SELECT bool_and(next_attempt_at > now() + interval '4 minutes') FROM dunning_notice
           WHERE customer_id IN (1, 3)), 'a claim leases the notices for 5 minutes');
SELECT is((SELECT count(*) FROM claim_notices(10)), 0::bigint, 'a leased notice is not claimed again');

-- a transient failure: tried again after the delay asked for
SELECT is((SELECT attempts || ' ' || status || ' ' || last_error
           FROM mark_notice_retry((SELECT notice_id FROM claimed WHERE customer_id = 1), '451 try later', interval '0')),
          '1 pending 451 try later', 'mark_notice_retry counts the attempt and keeps the error');
SELECT is((SELECT count(*) FROM claim_notices(10)), 1::bigint, 'after its delay the notice is claimed again');
SELECT throws_ok($$SELECT mark_notice_retry(999, 'x', interval '1 minute')$$, 'P0002', 'dunning notice 999 does not exist',
                 'mark_notice_retry of a missing notice: P0002');

-- a permanent failure raises an alert with the server's reply
SELECT is((SELECT status FROM mark_notice_failed((SELECT notice_id FROM claimed WHERE customer_id = 1),
                                                  '550 5.1.1 unknown mailbox', false)), 'failed', 'given up');
SELECT is((SELECT message FROM alert WHERE kind = 'notice_failed'),
          format('dunning notice %s to one@example.com failed: 550 5.1.1 unknown mailbox',
                 (SELECT notice_id FROM claimed WHERE customer_id = 1)),
          'a notice given up raises a notice_failed alert with the server''s reply');
SELECT is((SELECT status FROM mark_notice_sent((SELECT notice_id FROM claimed WHERE customer_id = 3))), 'sent', 'sent');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'notice_failed'), 1::bigint, 'a sent notice raises no alert');

-- the credentials: only the sender's role reads them
DO $$ BEGIN PERFORM ar2c.create_roles(); END $$;
CREATE ROLE ar2c_test_sender LOGIN IN ROLE ar2c_sender;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_sender', 1);
SET ROLE ar2c_admin;
SELECT throws_ok($$SELECT smtp_password FROM delivery_secret$$, '42501', NULL, 'an admin cannot read the credentials');
SELECT lives_ok($$UPDATE delivery_secret SET smtp_password = 'n3w' WHERE company_id = 1$$, 'but can change them');
RESET ROLE;
SET ROLE ar2c_clerk;
SELECT throws_ok($$SELECT webhook_secret FROM delivery_secret$$, '42501', NULL, 'a clerk cannot read the credentials');
RESET ROLE;
SET ROLE ar2c_test_sender;
SELECT is((SELECT smtp_password FROM delivery_secret), 'n3w', 'the sender reads them');
RESET ROLE;

-- the statement attached, as CSV, claimed by the sender's role
UPDATE delivery_setting SET attach_statement = true;
UPDATE dunning_notice SET status = 'pending', sent_at = NULL, next_attempt_at = NULL WHERE customer_id IN (1, 3);
SET ROLE ar2c_test_sender;
CREATE TEMP TABLE with_statement AS SELECT customer_id, statement FROM claim_notices(10);
RESET ROLE;
SELECT is((SELECT split_part(statement, E'\r\n', 1) FROM with_statement WHERE customer_id = 1),
          'line_no,line_type,item_date,item_kind,reference,due_date,debit,credit,balance,aging_bucket,currency,reporting_currency,reporting_amount,rate_date',
          'the statement of an e-mail notice starts with the CSV header');
SELECT ok((SELECT statement LIKE '%"invoice","I-1","2026-01-01","100.00",%' FROM with_statement WHERE customer_id = 1),
          'and lists the customer''s invoice');
SELECT is((SELECT statement FROM with_statement WHERE customer_id = 3), NULL, 'a text message has none');

-- the view shows a role the notices of its companies only
CREATE ROLE ar2c_test_delivery_bi IN ROLE ar2c_reporting;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_test_delivery_bi', 2);
SET ROLE ar2c_test_delivery_bi;
SELECT is((SELECT array_agg(DISTINCT company_id) FROM undeliverable_notices), '{2}'::bigint[],
          'undeliverable_notices shows a reporting role its company''s notices only');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
