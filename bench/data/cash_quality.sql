-- A realistic cash-application data set with ground truth.
--
-- psql variables: :customers (how many), :profile ('default' or 'hard'),
-- :seed (0..1). Creates company 1 with customers (Latin and Chinese
-- names), their open invoices, a history of known payer accounts, and one
-- bank payment per scenario, with bench_cash.truth saying which invoices
-- each payment was meant for (an empty list: an unknown payer that no
-- invoice should take).
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_cash CASCADE;
CREATE SCHEMA bench_cash;
SELECT setseed(:seed) AS seeded \gset

INSERT INTO ar2c.company (company_id, name, functional_currency) VALUES (1, 'Bench Receivables GmbH', 'EUR')
ON CONFLICT DO NOTHING;

-- customers: half Latin, a quarter Chinese, a quarter "group" names that
-- share words (the hard part for name matching)
CREATE TABLE bench_cash.customer_plan AS
SELECT g AS n,
       CASE WHEN g % 4 = 0 THEN
                (ARRAY['华强','长江','东方','海天','金桥','中远','新世纪','恒通','宏达','瑞丰','鼎盛','天成','永安','联合','百川'])[1 + (g / 4) % 15]
                || (ARRAY['电子','机械','物流','化工','纺织','食品','建材','医药','科技','贸易'])[1 + (g / 60) % 10]
                || (ARRAY['有限公司','股份有限公司','集团有限公司'])[1 + (g / 600) % 3]
                || CASE WHEN g >= 1800 THEN (g / 1800)::text ELSE '' END
            WHEN g % 4 = 1 THEN
                format('%s %s %s', (ARRAY['Müller','Schäfer','Lefèvre','Jørgensen','Novák','García','Rossi','Dubois','Weiß','Kowalski',
                                          'Öztürk','Fernández','Bäcker','Łukasz','Håkansson','Santos'])[1 + (g / 4) % 16],
                       (ARRAY['Maschinenbau','Logistique','Textil','Elektro','Alimentación','Impianti','Transport','Chemie',
                              'Optik','Holzbau','Medizintechnik','Verpackung'])[1 + (g / 64) % 12],
                       (ARRAY['GmbH','SARL','S.A.','S.p.A.','AG','KG','Ltd','B.V.'])[1 + (g / 768) % 8])
                || CASE WHEN g >= 6000 THEN ' ' || (g / 6000)::text ELSE '' END
            ELSE
                format('%s %s %s', (ARRAY['Nordwind','Alpen','Rhein','Baltic','Atlas','Helvetia','Orion','Danube','Meridian',
                                          'Zephyr','Brabant','Tessin','Provence','Galicia','Saxonia','Pacific','Summit','Harbor'])[1 + (g / 4) % 18],
                       (ARRAY['Trading','Logistics','Foods','Pharma','Systems','Handel','Energie','Solutions','Industries','Holdings'])[1 + (g / 72) % 10],
                       (ARRAY['Ltd','GmbH','Inc','LLC','PLC','SAS','AG','Co'])[1 + (g / 720) % 8])
                || CASE WHEN g >= 5760 THEN ' ' || (g / 5760)::text ELSE '' END
       END AS name,
       random() < 0.85 AS known_account
FROM generate_series(1, :customers) g;

INSERT INTO ar2c.customer (customer_id, company_id, customer_number, name, currency, payment_terms_days)
SELECT 100000 + n, 1, format('B-%s', n), name, 'EUR', 30 FROM bench_cash.customer_plan;

-- a valid-looking German IBAN per customer (check digits computed)
CREATE TABLE bench_cash.account AS
SELECT 100000 + n AS customer_id, 'DE' || lpad((98 - mod((bban || '131400')::numeric, 97))::text, 2, '0') || bban AS iban
FROM bench_cash.customer_plan, LATERAL (SELECT '3704' || lpad((n * 7919 % 10000)::text, 4, '0') || lpad(n::text, 10, '0') AS bban) b;
INSERT INTO ar2c.payer_account (company_id, account, customer_id, source)
SELECT 1, a.iban, a.customer_id, 'master_data'
FROM bench_cash.account a JOIN bench_cash.customer_plan p ON 100000 + p.n = a.customer_id
WHERE p.known_account;

-- open invoices: 1 to 12 per customer; amounts repeat across customers (decoys)
INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 1, 100000 + p.n, format('INV-2026-%s', lpad((row_number() OVER (ORDER BY p.n, k))::text, 6, '0')),
       d, d + 30,
       ar2c.money_cur_units(CASE WHEN random() < 0.15 THEN (ARRAY[50000, 100000, 120000, 25000, 99000])[1 + (random() * 4)::int]
                                 ELSE (1000 + random() * 2000000)::bigint END, 'EUR')
FROM bench_cash.customer_plan p
CROSS JOIN LATERAL generate_series(1, 1 + (random() * 11)::int + 0 * p.n) k
CROSS JOIN LATERAL (SELECT date '2026-03-01' + (random() * 120)::int + 0 * k AS d) dd;

-- scenarios and their shares, by profile
CREATE TABLE bench_cash.scenario (name text, share_default numeric, share_hard numeric);
INSERT INTO bench_cash.scenario VALUES
  ('reference',            0.44, 0.22),
  ('reference_typo',       0.07, 0.12),
  ('rf_reference',         0.05, 0.04),
  ('account_amount',       0.12, 0.10),
  ('name_amount',          0.08, 0.12),
  ('combined_refs',        0.07, 0.06),
  ('combined_no_ref',      0.04, 0.06),
  ('fee_deducted',         0.05, 0.08),
  ('partial_ref',          0.03, 0.06),
  ('overpaid_ref',         0.02, 0.04),
  ('unknown_payer',        0.02, 0.06),
  ('decoy_amount',         0.01, 0.04);

-- pick invoices to pay: each customer's invoices in due order
CREATE TABLE bench_cash.open AS
SELECT i.customer_id, i.invoice_id, i.invoice_number, i.due_date, ar2c.minor_units_value(i.amount) AS units,
       row_number() OVER (PARTITION BY i.customer_id ORDER BY i.due_date, i.invoice_id) AS k,
       count(*) OVER (PARTITION BY i.customer_id) AS n_open
FROM ar2c.invoice i WHERE i.company_id = 1;
-- looked up per customer below: without an index the load grows with the
-- square of the customers
CREATE INDEX ON bench_cash.open (customer_id, k);
ANALYZE bench_cash.open;

-- one payment per customer (the first invoices), scenario drawn by share
CREATE TABLE bench_cash.plan AS
SELECT c.customer_id, c.name, a.iban,
       (SELECT s.name FROM (SELECT name, sum(CASE WHEN :'profile' = 'hard' THEN share_hard ELSE share_default END)
                                                OVER (ORDER BY name) AS upto FROM bench_cash.scenario) s
        WHERE s.upto >= r.x ORDER BY s.upto LIMIT 1) AS scenario,
       r.y
FROM ar2c.customer c
JOIN bench_cash.account a USING (customer_id)
CROSS JOIN LATERAL (SELECT random() * (SELECT sum(CASE WHEN :'profile' = 'hard' THEN share_hard ELSE share_default END)
                                       FROM bench_cash.scenario) + 0 * c.customer_id AS x,
                           random() + 0 * c.customer_id AS y) r
WHERE c.company_id = 1;

-- how a payer writes its name: as is, upper case without legal form,
-- reordered, abbreviated, or with a typo
CREATE FUNCTION bench_cash.payer_name(name text, y float8, hard boolean) RETURNS text LANGUAGE sql AS $$
    SELECT CASE
        WHEN y < (CASE WHEN hard THEN 0.25 ELSE 0.45 END) THEN name
        WHEN y < (CASE WHEN hard THEN 0.45 ELSE 0.70 END) THEN upper(regexp_replace(name, '\s*(GmbH|SARL|S\.A\.|S\.p\.A\.|AG|KG|Ltd|B\.V\.|Inc|LLC|PLC|SAS|Co|有限公司|股份有限公司|集团有限公司)\s*', ' ', 'g'))
        WHEN y < (CASE WHEN hard THEN 0.65 ELSE 0.85 END) THEN array_to_string(ARRAY(SELECT w FROM unnest(string_to_array(name, ' ')) WITH ORDINALITY u(w, o) ORDER BY o DESC), ' ')
        WHEN y < (CASE WHEN hard THEN 0.85 ELSE 0.95 END) THEN left(name, greatest(length(name) - 4, 4))
        ELSE overlay(name placing 'x' from greatest(length(name) / 2, 1) for 1)
    END
$$;
-- a reference with one character changed, swapped or dropped
CREATE FUNCTION bench_cash.typo(ref text, y float8) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN y < 0.4 THEN overlay(ref placing chr(48 + ((ascii(substr(ref, length(ref) - 1, 1)) - 47) % 10)) from length(ref) - 1 for 1)
                WHEN y < 0.7 THEN left(ref, length(ref) - 3) || substr(ref, length(ref) - 1, 1) || substr(ref, length(ref) - 2, 1) || right(ref, 1)
                ELSE left(ref, length(ref) - 2) || right(ref, 1) END
$$;

CREATE TABLE bench_cash.truth (payment_id bigint PRIMARY KEY, scenario text, customer_id bigint, invoice_ids bigint[]);

WITH chosen AS (
    SELECT p.*, o1.invoice_id AS inv1, o1.invoice_number AS num1, o1.units AS units1,
           (SELECT array_agg(o.invoice_id ORDER BY o.k) FROM bench_cash.open o WHERE o.customer_id = p.customer_id AND o.k <= 2 + (p.y * 2)::int) AS combo_ids,
           (SELECT array_agg(o.invoice_number ORDER BY o.k) FROM bench_cash.open o WHERE o.customer_id = p.customer_id AND o.k <= 2 + (p.y * 2)::int) AS combo_numbers,
           (SELECT sum(o.units) FROM bench_cash.open o WHERE o.customer_id = p.customer_id AND o.k <= 2 + (p.y * 2)::int) AS combo_units,
           o1.n_open
    FROM bench_cash.plan p
    JOIN bench_cash.open o1 ON o1.customer_id = p.customer_id AND o1.k = 1
), payments AS (
    SELECT c.*,
           CASE c.scenario
               WHEN 'combined_refs' THEN c.combo_units
               WHEN 'combined_no_ref' THEN c.combo_units
               WHEN 'fee_deducted' THEN c.units1 - least(1500, greatest(c.units1 / 400, 100))
               WHEN 'partial_ref' THEN c.units1 / 2
               WHEN 'overpaid_ref' THEN c.units1 + 5000
               WHEN 'unknown_payer' THEN 1234567
               ELSE c.units1 END AS pay_units,
           CASE c.scenario
               WHEN 'reference' THEN (ARRAY[c.num1, 'Rechnung ' || replace(c.num1, '-', ''), 'Invoice ' || c.num1 || ' thank you',
                                            '发票号 ' || c.num1, translate(c.num1, '0123456789-', '０１２３４５６７８９－')])[1 + (c.y * 4)::int]
               WHEN 'reference_typo' THEN 'INV ' || bench_cash.typo(c.num1, c.y)
               WHEN 'rf_reference' THEN ar2c.rf_reference(c.num1)
               WHEN 'combined_refs' THEN array_to_string(c.combo_numbers, ' ')
               WHEN 'fee_deducted' THEN 'Payment ' || c.num1
               WHEN 'partial_ref' THEN 'Teilzahlung ' || c.num1
               WHEN 'overpaid_ref' THEN c.num1
               ELSE (ARRAY['Payment', 'Zahlung', '货款', 'Règlement facture', 'thank you'])[1 + (c.y * 4)::int]
           END AS remittance,
           CASE WHEN c.scenario = 'unknown_payer' THEN 'Unbekannt Zahler ' || c.customer_id
                ELSE bench_cash.payer_name(c.name, c.y, :'profile' = 'hard') END AS payer,
           CASE WHEN c.scenario = 'unknown_payer' THEN 'GB82WEST12345698765432'
                WHEN c.scenario IN ('name_amount', 'decoy_amount') THEN NULL ELSE c.iban END AS account,
           CASE c.scenario WHEN 'combined_refs' THEN c.combo_ids WHEN 'combined_no_ref' THEN c.combo_ids
                           WHEN 'unknown_payer' THEN '{}'::bigint[] ELSE ARRAY[c.inv1] END AS truth_ids
    FROM chosen c
), inserted AS (
    INSERT INTO ar2c.payment (company_id, value_date, amount, payer_name, payer_account, remittance_text, bank_reference)
    SELECT 1, date '2026-07-15', ar2c.money_cur_units(pay_units::bigint, 'EUR'), payer, account, remittance,
           'BENCH-' || customer_id
    FROM payments
    RETURNING payment_id, bank_reference
)
INSERT INTO bench_cash.truth
SELECT i.payment_id, p.scenario, CASE WHEN p.scenario = 'unknown_payer' THEN NULL ELSE p.customer_id END, p.truth_ids
FROM inserted i JOIN payments p ON 'BENCH-' || p.customer_id = i.bank_reference;

-- decoys need a twin: another open invoice of the same customer with the same amount
UPDATE ar2c.invoice i SET amount = o.amount
FROM bench_cash.truth t
JOIN ar2c.invoice o ON o.invoice_id = t.invoice_ids[1]
WHERE t.scenario = 'decoy_amount' AND i.customer_id = t.customer_id AND i.invoice_id <> o.invoice_id
  AND i.invoice_id = (SELECT min(x.invoice_id) FROM ar2c.invoice x WHERE x.customer_id = t.customer_id AND x.invoice_id <> o.invoice_id);
ANALYZE;
