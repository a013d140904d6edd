-- Chinese customers paying from abroad: names in pinyin, a customer's
-- registered English name, and payer names the SWIFT character set turned
-- into question marks (issue 18, kind 3)
BEGIN;
SET search_path = public, ar2c;
SELECT plan(33);

-- transliteration
SELECT is(pinyin('杭州瑞丰机械有限公司'), 'hang zhou rui feng ji xie you xian gong si', 'pinyin spells each ideograph, toneless');
SELECT is(pinyin('吕氏 Müller 2'), 'lv shi Müller 2', 'u-umlaut is v, everything else is kept');
SELECT is(pinyin(NULL), NULL, 'pinyin of NULL is NULL');

-- a payer in pinyin against the Chinese name
SELECT ok(name_similarity('HANGZHOU RUIFENG MACHINERY CO LTD', '杭州瑞丰机械有限公司') >= 0.92,
          'the Chinese name in pinyin is a sure name');
SELECT ok(name_similarity('RUIFENG MACHINERY (HANGZHOU) CO LTD', '杭州瑞丰机械有限公司') >= 0.92,
          'the city at the end');
SELECT ok(name_similarity('RUIFENG MACHINERY CO., LTD.', '杭州瑞丰机械有限公司') >= 0.92, 'the city left out');
SELECT ok(name_similarity('Hang-zhou Rui Fēng Machinery Co Ltd', '杭州瑞丰机械有限公司') >= 0.92,
          'hyphens, spaces between syllables and tones');
SELECT ok(name_similarity('XI''AN LVCHENG SCIENCE AND TECHNOLOGY CO LTD', '西安绿城科技有限公司') >= 0.92,
          'apostrophes, v, an industry phrase');
SELECT ok(name_similarity('HANGZHOU HUAQIANG MACHINERY CO LTD', '杭州瑞丰机械有限公司') < 0.75,
          'another brand in the same city and industry scores clearly lower');
SELECT is(name_similarity('杭州瑞丰机械有限公司', 'HANGZHOU RUIFENG MACHINERY CO LTD'),
          name_similarity('HANGZHOU RUIFENG MACHINERY CO LTD', '杭州瑞丰机械有限公司'), 'either way round');
SELECT is(name_key_similarity(normalize_name('RUIFENG MACHINERY CO LTD'), normalize_name('杭州瑞丰机械有限公司')),
          name_similarity('RUIFENG MACHINERY CO LTD', '杭州瑞丰机械有限公司'), 'on normalized names the same');
SELECT is(name_tokens('HANGZHOU RUIFENG MACHINERY CO LTD'), '{HANGZHOU,MACHINERY,RUIFENG}'::text[],
          'a pinyin payer''s tokens');
SELECT is(name_forms('杭州瑞丰机械有限公司'), '{有限公司,CO,LTD,LIMITED,COMPANY}'::text[],
          'a Chinese legal form stands for its English ones');
SELECT is(name_forms('华强电子股份有限公司'), '{股份有限公司,CO,LTD,LIMITED,COMPANY,CORP,CORPORATION}'::text[],
          'a joint stock company');
SELECT is(name_forms('Atlas Foods Ltd'), '{LTD,有限公司}'::text[], 'and an English one for its Chinese one');
SELECT is(name_forms('Atlas Foods'), NULL, 'no forms, NULL');

-- the per-run token index finds the Chinese customer for a pinyin payer
SELECT results_eq(
    $$SELECT payment_id, customer_id FROM cash_name_customers(
        ARRAY['杭州瑞丰机械', '杭州华强机械', 'ATLAS FOODS'], ARRAY[1, 2, 3]::bigint[], ARRAY['有限公司 CO LTD', '有限公司 CO LTD', 'LTD'],
        ARRAY[7]::bigint[], ARRAY['HANGZHOU RUIFENG MACHINERY'], ARRAY['CO LTD'], 30)
      WHERE similarity >= 0.92$$,
    $$VALUES (7::bigint, 1::bigint)$$,
    'cash_name_customers finds the Chinese customer by pinyin, and only it as sure');

-- apply_cash
SELECT is((SELECT aging_date FROM roll_aging('2026-06-30')), '2026-06-30'::date, 'the aging date is set');
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES
  (1, 1, 'C1', '杭州瑞丰机械有限公司', 'EUR'),
  (2, 1, 'C2', '杭州华强机械有限公司', 'EUR'),
  (3, 1, 'C3', 'Ningbo Haitian Foods Co., Ltd.', 'EUR'),
  (4, 1, 'C4', '深圳华强电子股份有限公司', 'EUR'),
  (5, 1, 'C5', 'Nordwind Logistik GmbH', 'EUR');
INSERT INTO customer_alias (customer_id, company_id, alias, source) VALUES
  (4, 1, 'Shenzhen Huaqiang Electronics Co., Ltd.', 'master_data');
INSERT INTO payer_account (company_id, account, customer_id, source) VALUES (1, 'DE89370400440532013000', 5, 'master_data');
INSERT INTO invoice (company_id, customer_id, invoice_id, invoice_number, issue_date, due_date, amount) VALUES
  (1, 1, 1, 'INV-1001', '2026-06-01', '2026-07-01', '1253.40 EUR'),
  (1, 1, 2, 'INV-1002', '2026-06-02', '2026-07-02', '3300.00 EUR'),
  (1, 2, 3, 'INV-2001', '2026-06-01', '2026-07-01', '1253.40 EUR'),
  (1, 3, 4, 'INV-3001', '2026-06-01', '2026-07-01', '870.00 EUR'),
  (1, 4, 5, 'INV-4001', '2026-06-01', '2026-07-01', '640.00 EUR'),
  (1, 5, 6, 'INV-5001', '2026-06-01', '2026-07-01', '410.00 EUR'),
  (1, 5, 7, 'INV-5002', '2026-06-02', '2026-07-02', '520.00 EUR'),
  (1, 5, 8, 'INV-5003', '2026-06-03', '2026-07-03', '730.00 EUR');
INSERT INTO payment (company_id, payment_id, value_date, amount, payer_name, payer_account, remittance_text) VALUES
  -- pinyin payers, no reference, no known account: the name and amount decide
  (1, 1, '2026-06-30', '1253.40 EUR', 'HANGZHOU RUIFENG MACHINERY CO LTD', 'GB33BUKB20201555555555', 'PAYMENT'),
  (1, 2, '2026-06-30', '3300.00 EUR', 'HANGZHOU JINQIAO MACHINERY CO LTD', 'GB94BARC10201530093459', 'PAYMENT'),
  -- a Chinese payer, a customer whose name is in English
  (1, 3, '2026-06-30', '870.00 EUR', '宁波海天食品有限公司', NULL, '货款'),
  -- the registered English name, an alias from master data
  (1, 4, '2026-06-30', '640.00 EUR', 'SHENZHEN HUAQIANG ELECTRONICS CO., LTD', NULL, 'PAYMENT'),
  -- the SWIFT character set's question marks: no name
  (1, 5, '2026-06-30', '410.00 EUR', '?????', 'DE89 3704 0044 0532 0130 00', 'INV-5001'),
  (1, 6, '2026-06-30', '520.00 EUR', '???? CO LTD', NULL, 'INV-5002'),
  (1, 7, '2026-06-30', '730.00 EUR', '?????', NULL, 'PAYMENT');
SELECT lives_ok('SELECT * FROM apply_cash(1)', 'a run with pinyin payers succeeds');
SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 1), '{1}'::bigint[],
          'a pinyin payer is applied to the Chinese customer, not to the other brand of the same amount');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 2), 'queued', 'a decoy brand is not taken');
SELECT is((SELECT count(*) FROM match_suggestion WHERE payment_id = 2 AND customer_id = 1), 0::bigint,
          'nor suggested');
SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 3), '{4}'::bigint[],
          'a Chinese payer is applied to the customer whose name is in English');
SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 4), '{5}'::bigint[],
          'the registered English name, an alias, is another name');
SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 5), '{6}'::bigint[],
          'a payer named ????? with a known account and the reference is applied');
SELECT is((SELECT array_agg(invoice_id) FROM application WHERE payment_id = 6), '{7}'::bigint[],
          'a payer named ???? CO LTD with a unique exact reference and the exact amount is applied');
SELECT is((SELECT match_state FROM payment WHERE payment_id = 7), 'queued',
          'a payer named ????? with nothing but an amount waits for a person');
SELECT is((SELECT count(*) FROM check_ledger()), 0::bigint, 'the ledger stays exact');

-- a name that is only question marks, punctuation or a legal form is no name
SELECT is(payer_key('?????'), NULL, 'question marks are no name');
SELECT is(payer_key('???? CO LTD'), NULL, 'nor question marks and a legal form');
SELECT is(payer_key('Atlas Foods Ltd'), 'ATLAS FOODS', 'a name is its normalized name');
SELECT lives_ok('SELECT confirm_match(1, 7, ARRAY[8::bigint])', 'a person applies the payment named ?????');
SELECT is((SELECT count(*) FROM customer_alias WHERE alias = '?????'), 0::bigint, 'and ????? is not learned as a name');

SELECT * FROM finish();
ROLLBACK;
