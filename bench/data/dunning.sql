-- Prepares bench/dunning_run.bench: one company (id 8000) with 100,000
-- customers and 1,000,000 open invoices at scale 1 (10 per customer), 10%
-- of them overdue on 2026-06-30 by 1 to 120 days, the rest due within 60
-- days; a default policy of four levels with a template in each of en, de,
-- fr and zh, and customers spread over the four languages. Written with
-- plain INSERTs, so the ledger's triggers keep the balances as they would
-- for an ERP. Skipped when the company exists (the ledger cannot be
-- emptied: applications are append-only).
--
-- ar2c_bench.dunning_reset() takes back what a run wrote (the notices,
-- their items, the customers' dunning state, the run's key and its
-- alerts), untimed, so every timed run starts from the same state.

CREATE SCHEMA IF NOT EXISTS ar2c_bench;
SELECT EXISTS (SELECT 1 FROM ar2c.company WHERE company_id = 8000) AS dunning_loaded \gset
\if :dunning_loaded
\else
INSERT INTO ar2c.company (company_id, name, functional_currency) VALUES (8000, 'Bench Dunning GmbH', 'EUR');
INSERT INTO ar2c.customer (company_id, customer_id, customer_number, name, currency, language, email)
SELECT 8000, 8000000000 + g, 'D-' || g, 'Customer ' || g, 'EUR', (ARRAY['en', 'de', 'fr', 'zh'])[1 + g % 4],
       'c' || g || '@example.com'
FROM generate_series(1, (100000 * :scale)::integer) g;
INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 8000, 8000000000 + c, format('B-%s-%s', c, n), due - 30, due,
       ar2c.money_cur_units(1000 + (hashint4(c * 16 + n) & 1048575)::bigint * 10, 'EUR')
FROM generate_series(1, (100000 * :scale)::integer) c
CROSS JOIN generate_series(1, 10) n
CROSS JOIN LATERAL (
    SELECT CASE WHEN (hashint4(c * 31 + n) & 1023) < 102
                THEN date '2026-06-30' - 1 - (hashint4(c * 7 + n) & 1023) % 120
                ELSE date '2026-06-30' + (hashint4(c * 7 + n) & 1023) % 60 END AS due) d;
INSERT INTO ar2c.dunning_policy (company_id, policy_id, name, is_default) VALUES (8000, 8000, 'bench', true);
INSERT INTO ar2c.dunning_level (company_id, policy_id, level, days_overdue, channel, min_amount, fee, annual_interest_rate, grace_days)
VALUES (8000, 8000, 1, 1, 'email', 10, 0, 0, 14), (8000, 8000, 2, 15, 'email', 10, 0, 0, 14),
       (8000, 8000, 3, 30, 'letter', 10, 5, 0.08, 14), (8000, 8000, 4, 60, 'legal', 10, 40, 0.08, 0);
INSERT INTO ar2c.dunning_template (company_id, policy_id, level, language, subject, body)
SELECT 8000, 8000, l, t.language, t.subject, t.body
FROM generate_series(1, 4) l,
     (VALUES ('en', 'Reminder {{customer_number}}', E'Dear {{customer_name}},\nour records show these items unpaid on {{date}}:\n{{#items}}  {{invoice_number}}  due {{due_date}}  {{days_overdue}} days  {{open_amount}}\n{{/items}}Total: {{total}}\n{{company_name}}'),
             ('de', 'Zahlungserinnerung {{customer_number}}', E'Sehr geehrte Damen und Herren,\nam {{date}} sind folgende Posten offen:\n{{#items}}  {{invoice_number}}  fällig {{due_date}}  {{days_overdue}} Tage  {{open_amount}}\n{{/items}}Summe: {{total}}\n{{company_name}}'),
             ('fr', 'Relance {{customer_number}}', E'Madame, Monsieur,\nau {{date}}, les factures suivantes restent impayées :\n{{#items}}  {{invoice_number}}  échue le {{due_date}}  {{days_overdue}} jours  {{open_amount}}\n{{/items}}Total : {{total}}\n{{company_name}}'),
             ('zh', '付款提醒 {{customer_number}}', E'{{customer_name}}：\n截至{{date}}，以下发票尚未付款：\n{{#items}}  {{invoice_number}}  到期日{{due_date}}  逾期{{days_overdue}}天  {{open_amount}}\n{{/items}}合计：{{total}}\n{{company_name}}')) t(language, subject, body);
\endif
VACUUM ANALYZE ar2c.customer, ar2c.invoice, ar2c.dunning_notice, ar2c.dunning_notice_item;

CREATE OR REPLACE FUNCTION ar2c_bench.dunning_reset() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM ar2c.dunning_notice_item WHERE customer_id BETWEEN 8000000000 AND 8999999999;
    DELETE FROM ar2c.dunning_notice WHERE company_id = 8000;
    DELETE FROM ar2c.dunning_run WHERE company_id = 8000;
    DELETE FROM ar2c.dunning_state WHERE company_id = 8000;
    DELETE FROM ar2c.alert WHERE company_id = 8000 AND kind IN ('overdue_90', 'dunning_legal', 'promise_broken');
$$;
