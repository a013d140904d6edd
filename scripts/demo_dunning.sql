-- A dunning day on the demo data: a policy per company (levels, fees,
-- interest, templates in the customers' languages), one run of
-- ar2c.run_dunning() for the aging date, and two of the notices it wrote
-- to the outbox. Policies are made once; a run for a day already dunned
-- writes nothing, so the demo can be shown again.
\echo
\echo '== Dunning: a day''s run writes notices into the outbox (ar2c.run_dunning())'
INSERT INTO ar2c.dunning_policy (company_id, policy_id, name, is_default, default_language)
VALUES (9001, 9001, 'standard', true, 'en'), (9002, 9002, '标准催收', true, 'zh')
ON CONFLICT DO NOTHING;
INSERT INTO ar2c.dunning_level (company_id, policy_id, level, days_overdue, channel, min_amount, fee, annual_interest_rate, grace_days)
SELECT p, p, l.level, l.days, l.channel, 50, l.fee * CASE p WHEN 9002 THEN 8 ELSE 1 END, l.rate, 14
FROM (VALUES (9001), (9002)) c(p),
     (VALUES (1, 1, 'email', 0, 0), (2, 30, 'email', 5, 0.08), (3, 60, 'letter', 15, 0.08), (4, 90, 'legal', 40, 0.08))
         AS l(level, days, channel, fee, rate)
ON CONFLICT DO NOTHING;
INSERT INTO ar2c.dunning_template (company_id, policy_id, level, language, subject, body)
SELECT p, p, l, t.language, t.subject, t.body
FROM (VALUES (9001), (9002)) c(p), generate_series(1, 4) l,
     (VALUES ('en', 'Payment reminder {{customer_number}} (level {{level}})',
              E'Dear {{customer_name}},\nour records show these items unpaid on {{date}}:\n{{#items}}  {{invoice_number}}  due {{due_date}}  {{days_overdue}} days  {{open_amount}}\n{{/items}}Fee {{fee}}, interest {{interest}}. Total: {{total}}\n{{company_name}}'),
             ('de', 'Zahlungserinnerung {{customer_number}} (Stufe {{level}})',
              E'Sehr geehrte Damen und Herren ({{customer_name}}),\nam {{date}} sind folgende Posten offen:\n{{#items}}  {{invoice_number}}  fällig {{due_date}}  {{days_overdue}} Tage  {{open_amount}}\n{{/items}}Gebühr {{fee}}, Zinsen {{interest}}. Summe: {{total}}\n{{company_name}}'),
             ('fr', 'Relance {{customer_number}} (niveau {{level}})',
              E'Madame, Monsieur ({{customer_name}}),\nau {{date}}, les factures suivantes restent impayées :\n{{#items}}  {{invoice_number}}  échue le {{due_date}}  {{days_overdue}} jours  {{open_amount}}\n{{/items}}Frais {{fee}}, intérêts {{interest}}. Total : {{total}}\n{{company_name}}'),
             ('zh', '付款提醒 {{customer_number}}（第{{level}}级）',
              E'{{customer_name}}：\n截至{{date}}，以下发票尚未付款：\n{{#items}}  {{invoice_number}}  到期日{{due_date}}  逾期{{days_overdue}}天  {{open_amount}}\n{{/items}}费用{{fee}}，利息{{interest}}。合计：{{total}}\n{{company_name}}'))
         AS t(language, subject, body)
ON CONFLICT DO NOTHING;

SELECT c.name AS company, r.run_date, r.notices, r.items, r.alerts
FROM ar2c.run_dunning(NULL, ar2c.aging_date()) r JOIN ar2c.company c USING (company_id)
WHERE r.company_id IN (9001, 9002) ORDER BY r.company_id;
\echo 'The outbox by company, level, channel and language:'
SELECT c.name AS company, o.level, o.channel, o.language, count(*) AS notices,
       to_char(sum(o.total), 'FM999G999G990D00') AS total, o.currency
FROM ar2c.outbox o JOIN ar2c.company c USING (company_id)
WHERE o.company_id IN (9001, 9002)
GROUP BY c.name, o.company_id, o.level, o.channel, o.language, o.currency
ORDER BY o.company_id, o.level, o.language, o.currency;
\echo 'Two notices as a sender reads them (ar2c.outbox), in German and in Chinese:'
SELECT DISTINCT ON (language) language, subject, body
FROM ar2c.outbox
WHERE company_id IN (9001, 9002) AND language IN ('de', 'zh') AND item_count BETWEEN 2 AND 3
ORDER BY language, notice_id;
\echo 'The collector''s worklist: most money at risk first'
SELECT priority, customer_number, customer_name, currency, to_char(amount_at_risk, 'FM999G999G990D00') AS at_risk,
       overdue_items, max_days_overdue, dunning_level, last_channel
FROM ar2c.collector_worklist WHERE company_id = 9001 AND currency = 'EUR' AND priority <= 5
ORDER BY priority;
