-- Collections: dunning policies, runs into the outbox, notices in four languages
SET search_path = public, ar2c;
-- a fresh extension: the tests share one database, and the ledger's history cannot be deleted
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
RESET client_min_messages;
SELECT aging_date FROM roll_aging('2026-06-30');

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email, phone) VALUES
  (101, 1, 'C-101', 'Beta AG', 'EUR', 'de', 'ap@beta.example', '+49 30 1234'),
  (102, 1, 'C-102', 'Gamma SARL', 'EUR', 'fr', 'compta@gamma.example', NULL),
  (103, 1, 'C-103', 'Delta Ltd', 'EUR', 'en', 'ar@delta.example', NULL),
  (104, 1, 'C-104', '华强电子有限公司', 'CNY', 'zh', 'cw@huaqiang.example', '+86 21 5555');

-- a policy of four levels: a courtesy reminder 3 days before the due date,
-- a reminder, a letter with a fee and interest, a lawyer's letter
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (1, 1, 'standard', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel, min_amount, fee, annual_interest_rate, grace_days) VALUES
  (1, 1, 1, -3, 'email', 0, 0, 0, 7),
  (1, 1, 2, 10, 'email', 50, 0, 0, 14),
  (1, 1, 3, 30, 'letter', 50, 5, 0.08, 14),
  (1, 1, 4, 60, 'legal', 50, 40, 0.08, 0);
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body) VALUES
  (1, 1, 1, 'en', 'Payment due soon', E'Dear {{customer_name}},\n{{#items}}invoice {{invoice_number}} of {{open_amount}} falls due on {{due_date}}.\n{{/items}}'),
  (1, 1, 2, 'en', 'Reminder {{customer_number}}', E'Dear {{customer_name}},\nour records show these items unpaid on {{date}}:\n{{#items}}  {{invoice_number}}  due {{due_date}}  {{days_overdue}} days  {{open_amount}}\n{{/items}}Total: {{total}}\n{{company_name}}'),
  (1, 1, 2, 'de', 'Zahlungserinnerung {{customer_number}}', E'Sehr geehrte Damen und Herren ({{customer_name}}),\nam {{date}} sind folgende Posten offen:\n{{#items}}  {{invoice_number}}  fällig {{due_date}}  {{days_overdue}} Tage  {{open_amount}}\n{{/items}}Summe: {{total}}\n{{company_name}}'),
  (1, 1, 2, 'fr', 'Relance {{customer_number}}', E'Madame, Monsieur ({{customer_name}}),\nau {{date}}, les factures suivantes restent impayées :\n{{#items}}  {{invoice_number}}  échue le {{due_date}}  {{days_overdue}} jours  {{open_amount}}\n{{/items}}Total : {{total}}\n{{company_name}}'),
  (1, 1, 2, 'zh', '付款提醒 {{customer_number}}', E'{{customer_name}}：\n截至{{date}}，以下发票尚未付款：\n{{#items}}  {{invoice_number}}  到期日{{due_date}}  逾期{{days_overdue}}天  {{open_amount}}\n{{/items}}合计：{{total}}\n{{company_name}}'),
  (1, 1, 3, 'en', 'Second reminder, level {{level}}', E'{{customer_name}}: {{principal}} overdue, fee {{fee}}, interest {{interest}}, total {{total}}.'),
  (1, 1, 4, 'en', 'Final demand', E'{{customer_name}}: we hand {{total}} to our lawyers.');

-- a bad template is refused when it is stored, naming the tag and where
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body)
VALUES (1, 1, 3, 'de', 'Mahnung', 'Summe {{totl}}');
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body)
VALUES (1, 1, 3, 'fr', 'Relance', 'Total {{open_amount}}');

INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 101, 1, 'INV-1001', '2026-03-01', '2026-03-31', '1234.56 EUR'),
  (1, 101, 2, 'INV-1002', '2026-03-15', '2026-04-14', '500.00 EUR'),
  (1, 102, 3, 'INV-1003', '2026-03-10', '2026-04-09', '9876.50 EUR'),
  (1, 103, 4, 'INV-1004', '2026-03-20', '2026-04-19', '20.00 EUR'),
  (1, 104, 5, 'INV-1005', '2026-03-05', '2026-04-04', '88000.00 CNY'),
  (1, 103, 6, 'INV-1006', '2026-04-20', '2026-05-20', '300.00 EUR');

-- 2026-04-17: INV-1003 (8 days), INV-1001 (17 days) are overdue; the
-- courtesy level lists what falls due within 3 days too
SELECT * FROM run_dunning(NULL, date '2026-04-17');
SELECT customer_id, level, channel, address, language, item_count, principal, subject
FROM dunning_notice ORDER BY notice_id;

-- running the day again writes nothing
SELECT * FROM run_dunning(NULL, date '2026-04-17');
SELECT count(*) AS notices FROM dunning_notice;

-- 2026-04-24: the grace of level 1 (7 days) is over; level 2 where an item
-- is 10 days overdue (not yet Delta's: 5 days)
SELECT * FROM run_dunning(NULL, date '2026-04-24');
SELECT customer_id, level, channel, item_count, principal, total FROM dunning_notice
WHERE as_of = '2026-04-24' ORDER BY notice_id;

-- the notices, as a sender reads them, in German, French, Chinese
SELECT language, subject, body FROM dunning_notice WHERE as_of = '2026-04-24' ORDER BY notice_id;

-- the English template, rendered by hand for Delta's items
SELECT ar2c.dunning_render(body, 'en', 'Delta Ltd', 'C-103', 'Acme Trading GmbH', '2026-05-01', 2,
                           '0.00 EUR', '0.00 EUR', ARRAY['INV-1004', 'INV-1006'], ARRAY['2026-04-19', '2026-05-20']::date[],
                           ARRAY[12, -19], ARRAY['20.00 EUR', '300.00 EUR']::money_cur[]) AS body
FROM dunning_template WHERE level = 2 AND language = 'en';

-- Gamma disputes its invoice: dunning pauses on it
INSERT INTO dispute (company_id, customer_id, invoice_id, reason, opened_on) VALUES (1, 102, 3, 'goods damaged', '2026-05-01');
SELECT invoice_number, disputed FROM invoice WHERE invoice_id = 3;
-- Beta promises to pay 500.00 by 2026-05-20: dunning pauses until then
INSERT INTO promise_to_pay (company_id, customer_id, amount, promised_date, recorded_on) VALUES (1, 101, '500.00 EUR', '2026-05-20', '2026-05-05');

-- 2026-05-10: Beta (promise) and Gamma (dispute) are skipped; Delta's 20.00
-- is under level 2's minimum of 50.00; the yuan customer reaches level 3
-- with a fee and 8% interest: 88,000.00 x 36 days x 0.08 / 365 = 694.36
SELECT * FROM run_dunning(NULL, date '2026-05-10');
SELECT customer_id, level, channel, principal, fee, interest, total, body FROM dunning_notice
WHERE as_of = '2026-05-10' ORDER BY notice_id;
-- the fee and the interest are receivable items of their own
SELECT invoice_number, kind, issue_date, due_date, amount, principal_invoice_id FROM invoice
WHERE kind <> 'principal' ORDER BY invoice_id;

-- 2026-05-21: Beta paid nothing: the promise is broken (an alert), and
-- dunning resumes at the next level, with interest of 13.80 (1,234.56 for
-- 51 days) + 4.05 (500.00 for 37 days); Delta's new item lifts it over 50.00
SELECT * FROM run_dunning(NULL, date '2026-05-21');
SELECT promise_id, status, settled_on FROM promise_to_pay;
SELECT customer_id, level, channel, principal, fee, interest FROM dunning_notice
WHERE as_of = '2026-05-21' ORDER BY notice_id;

-- 2026-06-10: Beta and the yuan customer reach the legal level: critical
-- alerts; interest runs on from the last charge (31 days: 597.92 CNY)
SELECT * FROM run_dunning(NULL, date '2026-06-10');
SELECT kind, severity, customer_id, message FROM alert ORDER BY alert_id;

-- a sender marks what it did
SELECT notice_id, status, attempts FROM mark_notice_failed(1, 'mailbox full');
SELECT notice_id, status, attempts, sent_at IS NOT NULL AS sent FROM mark_notice_sent(1);

-- the BI views
SELECT customer_number, level, channel, currency, total, status FROM outbox ORDER BY notice_id;
SELECT priority, customer_number, currency, overdue_amount, amount_at_risk, disputed_items, dunning_level,
       last_channel, open_promises, broken_promises
FROM collector_worklist;

SELECT count(*) AS "ledger problems" FROM check_ledger();
