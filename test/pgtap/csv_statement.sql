-- CSV statements: the shipped profiles read their fixtures, every refusal
-- with its SQLSTATE and the line and column it names, the running-balance
-- check, and exactly-once by content key on import
BEGIN;
SET search_path = public, ar2c;
SELECT plan(62);

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR'), (2, 'Other Co', 'EUR'), (3, 'Third Co', 'EUR');

-- the fixtures as bytes, read from the repository (pg_prove runs from its root)
\set icbc `base64 -w0 test/fixtures/csv_icbc.csv`
\set icbc_partial `base64 -w0 test/fixtures/csv_icbc_partial.csv`
\set icbc_later `base64 -w0 test/fixtures/csv_icbc_later.csv`
\set sparkasse `base64 -w0 test/fixtures/csv_sparkasse.csv`
\set paypal `base64 -w0 test/fixtures/csv_paypal.csv`
\set mt940 `base64 -w0 test/fixtures/mt940_sepa.sta`
CREATE TEMP TABLE fixture (name text PRIMARY KEY, content bytea NOT NULL, profile text, encoding text);
INSERT INTO fixture VALUES
    ('icbc', decode(:'icbc', 'base64'), 'icbc', 'GB18030'),
    ('icbc_partial', decode(:'icbc_partial', 'base64'), 'icbc', 'GB18030'),
    ('icbc_later', decode(:'icbc_later', 'base64'), 'icbc', 'GB18030'),
    ('sparkasse', decode(:'sparkasse', 'base64'), 'sparkasse-camt-v2', 'WIN1252'),
    ('paypal', decode(:'paypal', 'base64'), 'paypal', 'UTF8'),
    ('mt940', decode(:'mt940', 'base64'), NULL, 'UTF8');
-- a fixture as text, and its lines read with its profile
CREATE TEMP VIEW fixture_text AS SELECT f.name, f.profile, convert_from(f.content, f.encoding) AS content FROM fixture f;
CREATE FUNCTION pg_temp.lines(fixture text) RETURNS SETOF ar2c.bank_statement_line LANGUAGE sql AS $$
    SELECT l.* FROM fixture f, parse_csv_statement(f.content, csv_profile(NULL, f.profile)) l WHERE f.name = fixture
$$;
-- a fixture's text changed, read with its profile
CREATE FUNCTION pg_temp.altered(fixture text, old text, new text) RETURNS SETOF ar2c.bank_statement_line LANGUAGE sql AS $$
    SELECT l.* FROM fixture_text f, parse_csv_statement(replace(f.content, old, new), csv_profile(NULL, f.profile)) l
    WHERE f.name = fixture
$$;

-- ICBC: GB18030, preamble, income and expense columns, running balance, footer
SELECT is((SELECT string_agg(format('%s %s %s', entry_number, credit_debit, amount), ', ' ORDER BY entry_number) FROM pg_temp.lines('icbc')),
          '1 C 12800.00 CNY, 2 D 1250.50 CNY, 3 C 3000.00 CNY, 4 C 3000.00 CNY, 5 D 15.00 CNY',
          'icbc: income and expense columns with thousands separators, the 合计金额 footer left out');
SELECT is((SELECT DISTINCT format('%s %s..%s %s -> %s', account, opening_date, closing_date, opening_balance, closing_balance)
           FROM pg_temp.lines('icbc')),
          '6222021234567890123 2024-03-01..2024-03-08 100000.00 CNY -> 117534.50 CNY',
          'icbc: the account from the preamble''s 卡号, the opening balance from the first running balance');
SELECT is((SELECT format('%s|%s|%s|%s', counterparty_name, remittance_text, bank_text, origin) FROM pg_temp.lines('icbc') WHERE entry_number = 1),
          '上海示例电子有限公司|货款 INV-2024-031|网上银行|line 7', 'icbc: 对方户名, 摘要 and the line, TAB padding trimmed');
SELECT is((SELECT count(*) FROM pg_temp.lines('icbc') WHERE remittance_text = '货款' AND booking_date = '2024-03-05'), 2::bigint,
          'icbc: two identical lines are two entries');

-- Sparkasse CSV-CAMT V2: Windows-1252, semicolons, newest first, no balances
SELECT is((SELECT string_agg(format('%s %s %s %s', entry_number, booking_date, credit_debit, amount), ', ' ORDER BY entry_number) FROM pg_temp.lines('sparkasse')),
          '1 2024-03-11 D 9.90 EUR, 2 2024-03-12 C 250.00 EUR, 3 2024-03-12 D 850.00 EUR, 4 2024-03-14 C 1190.00 EUR',
          'sparkasse: signed decimal-comma amounts, numbered oldest first, the pending line (Umsatz vorgemerkt) left out');
SELECT is((SELECT format('%s|%s|%s|%s|%s|%s', account, counterparty_name, counterparty_account, counterparty_bic, end_to_end_id, value_date)
           FROM pg_temp.lines('sparkasse') WHERE entry_number = 4),
          'DE12500105170648489890|Jürgen Müller GmbH|DE47370400440532013077|COBADEFFXXX|E2E-2024-0117|2024-03-14',
          'sparkasse: the account in each line, the payer, umlauts decoded from Windows-1252');
SELECT is((SELECT remittance_text FROM pg_temp.lines('sparkasse') WHERE entry_number = 2), E'Rechnung 4711\r\nTeilzahlung "2 von 3"',
          'sparkasse: a quoted field keeps its line break and its doubled quotes');
SELECT is((SELECT DISTINCT format('%s -> %s', opening_balance, closing_balance) FROM pg_temp.lines('sparkasse')),
          '0.00 EUR -> 580.10 EUR', 'sparkasse: without balances a statement opens at zero and closes at its movement');

-- PayPal: UTF-8 with a BOM, two currencies, net amounts and fees
SELECT is((SELECT string_agg(format('%s/%s %s %s fee %s %s', statement_number, entry_number, credit_debit, amount, coalesce(bank_charges::text, 'none'), bank_reference), ', '
                             ORDER BY statement_number, entry_number) FROM pg_temp.lines('paypal')),
          '1/1 C 1206.15 USD fee 43.85 USD 7AB12345CD6789012, 1/2 D 1000.00 USD fee none 2WD00000000000077, '
          '1/3 C 57.38 USD fee 2.52 USD 4CD24680EF1357913, 2/1 C 76.93 EUR fee 3.07 EUR 1XY98765AB4321098',
          'paypal: a statement per currency, the net amount with the fee as charges, the pending line left out');
SELECT is((SELECT string_agg(format('%s %s -> %s', account, opening_balance, closing_balance), ', ' ORDER BY statement_number)
           FROM (SELECT DISTINCT statement_number, account, opening_balance, closing_balance FROM pg_temp.lines('paypal')) s),
          'PAYPAL 2000.00 USD -> 2263.53 USD, PAYPAL 500.00 EUR -> 576.93 EUR', 'paypal: running balances per currency');
SELECT is((SELECT string_agg(format('%s %s %s -> %s', entry_number, booking_date, opening_balance, closing_balance), ', ' ORDER BY entry_number)
           FROM parse_csv_statement(E'2024-05-03;-10,00;90,00\n2024-05-02;100,00;100,00\n',
                                    '{"header": false, "separator": ";", "columns": {"booking_date": 1, "amount": 2, "balance": 3},
                                      "date_format": "YYYY-MM-DD", "decimal_mark": ",", "currency": "EUR", "account": "X1"}')),
          '1 2024-05-02 0.00 EUR -> 90.00 EUR, 2 2024-05-03 0.00 EUR -> 90.00 EUR',
          'a newest-first export is told by its running balances (no "order" in the profile) and numbered oldest first');

-- columns by position, a TAB separator, a direction column
SELECT is((SELECT string_agg(format('%s %s %s %s', entry_number, credit_debit, amount, counterparty_name), ', ' ORDER BY entry_number)
           FROM parse_csv_statement(E'ignored title\n2024-05-02\t1.234,56\tH\tMeier AG\n2024-05-03\t10,00\tS\tBank\n',
                                    '{"header": false, "skip_records": 1, "separator": "\t", "columns": {"booking_date": 1, "amount": 2,
                                      "direction": 3, "counterparty_name": 4}, "credit_marks": ["H"], "debit_marks": ["S"],
                                      "date_format": "YYYY-MM-DD", "decimal_mark": ",", "thousands_separator": ".", "currency": "EUR"}',
                                    account => 'DE12500105170648489890')),
          '1 C 1234.56 EUR Meier AG, 2 D 10.00 EUR Bank', 'columns by position, TAB-separated, H/S direction marks, the account given');

SELECT is((SELECT string_agg(booking_date::text, ',') FROM parse_csv_statement(E'Zeit,Betrag\n2024-03-31 02:30:00,5.00\n',
               '{"columns": {"booking_date": "Zeit", "amount": "Betrag"}, "date_format": "YYYY-MM-DD HH24:MI:SS",
                 "currency": "EUR", "account": "X1"}')),
          '2024-03-31', 'a date with a time of day (one that a DST change skips included) is the date');

-- refusals: the value, the line and the column named
SELECT throws_ok($$SELECT * FROM pg_temp.altered('sparkasse', '"14.03.24";"14.03.24"', '"31.02.24";"14.03.24"')$$, '22P02',
                 'invalid CSV statement at line 3, column "Buchungstag": "31.02.24" is not a date in the format DD.MM.YY',
                 'a date that does not exist is refused with its line and column');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('sparkasse', '"13.03.24"', '"2024-03-13"')$$, '22P02',
                 'invalid CSV statement at line 5, column "Valutadatum": "2024-03-13" is not a date in the format DD.MM.YY',
                 'a date in another format is refused');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('sparkasse', '"1190,00"', '"1.190,00"')$$, '22P02',
                 'invalid CSV statement at line 3, column "Betrag": "1.190,00" is not an amount',
                 'a thousands separator the profile does not have is refused');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('sparkasse', '"1190,00"', '"1190,001"')$$, '22P02',
                 'invalid amount "1190.001" EUR at line 3, column "Betrag"', 'more decimals than the currency has are refused');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('sparkasse', '"1190,00"', '"12 Euro"')$$, '22P02',
                 'invalid CSV statement at line 3, column "Betrag": "12 Euro" is not an amount', 'text as an amount is refused');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('sparkasse', '"-850,00";"EUR"', '"";"EUR"')$$, '22P02',
                 'invalid CSV statement at line 4, column "Betrag": the amount is empty', 'an empty amount is refused');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('sparkasse', '"1190,00";"EUR"', '"1190,00";"XXY"')$$, '22P02',
                 'invalid currency "XXY" at line 3, column "Betrag"', 'an unknown currency is refused');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('icbc', ',"3,000.00",,人民币,"114,549.50"', ',"3,000.00","3,000.00",人民币,"114,549.50"')$$, '22P02',
                 'invalid CSV statement at line 9, column "记账金额(支出)": the line has both a credit (3,000.00) and a debit (3,000.00)',
                 'a line with both a credit and a debit is refused');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('icbc', ',,"1,250.50",人民币', ',,,人民币')$$, '22P02',
                 'invalid CSV statement at line 8, column "记账金额(收入)": the line has neither a credit nor a debit (column "记账金额(支出)")',
                 'a line with neither a credit nor a debit is refused');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('icbc', '2024-03-08	,2024-03-08	,手续费', '2024-03-08	,2024-03-08')$$, '22P02',
                 'invalid CSV statement at line 11: the line has 13 fields, the profile reads up to field 14',
                 'a line with too few fields is refused');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('sparkasse', '"Miete März"', '"Miete "März"')$$, '22P02',
                 'invalid CSV at line 4, field 5: text follows the closing quote of a field', 'a stray quote is refused with its line and field');
SELECT throws_ok($$SELECT * FROM fixture_text f, parse_csv_statement(left(f.content, strpos(f.content, 'Entgelt Februar') + 3), csv_profile(NULL, f.profile))
                   WHERE f.name = 'sparkasse'$$, '22P02',
                 'invalid CSV at line 7, field 5: a quoted field is not closed before the end of the input', 'a truncated file is refused');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('sparkasse', '"Betrag"', '"Umsatz"')$$, '22P02',
                 'invalid CSV statement at line 1: no header row names the profile''s columns',
                 'a file without the profile''s columns is refused');
SELECT throws_ok($$SELECT * FROM parse_csv_statement(E'2024-05-02;10,00;X\n',
                     '{"header": false, "separator": ";", "columns": {"booking_date": 1, "amount": 2, "direction": 3},
                       "credit_marks": ["H"], "debit_marks": ["S"], "date_format": "YYYY-MM-DD", "decimal_mark": ",",
                       "currency": "EUR", "account": "X1"}')$$, '22P02',
                 'invalid CSV statement at line 1, column 3: the direction "X" is neither a credit (H) nor a debit (S)',
                 'an unknown direction mark is refused');
SELECT throws_ok($$SELECT * FROM parse_csv_statement(E'2024-05-02;10,00\n',
                     '{"header": false, "separator": ";", "columns": {"booking_date": 1, "amount": 2},
                       "date_format": "YYYY-MM-DD", "decimal_mark": ",", "currency": "EUR"}')$$, '22023',
                 'the CSV statement does not say which account it is', 'a file, profile and call without an account are refused');
SELECT throws_ok($$SELECT * FROM parse_csv_statement('\x8130'::bytea, csv_profile(NULL, 'icbc'))$$, '22021', NULL,
                 'bytes that are not GB18030 are refused');

-- the running balance: each one is the one before plus the entry
SELECT throws_ok($$SELECT * FROM pg_temp.altered('icbc', '"111,549.50"', '"111,549.00"')$$, '23514',
                 'CSV statement of account 6222021234567890123 does not add up at line 8',
                 'a running balance that does not follow from the one before is refused with its line');
SELECT throws_ok($$SELECT * FROM pg_temp.altered('icbc', '"1,250.50",人民币', '"1,205.50",人民币')$$, '23514',
                 'CSV statement of account 6222021234567890123 does not add up at line 8',
                 'an altered amount is refused by the balances');

-- the balances a file states before and after its lines
CREATE TEMP TABLE stated_profile AS SELECT '{"separator": ";", "columns": {"booking_date": "Buchungstag", "amount": "Betrag"},
    "stop_at": ["Endsaldo"], "opening_balance_pattern": "Anfangssaldo ([-0-9.,]+)", "closing_balance_pattern": "Endsaldo ([-0-9.,]+)",
    "date_format": "DD.MM.YYYY", "decimal_mark": ",", "thousands_separator": ".", "currency": "EUR", "account": "X1"}'::jsonb AS profile;
SELECT is((SELECT string_agg(DISTINCT format('%s -> %s', opening_balance, closing_balance), ',')
           FROM stated_profile, parse_csv_statement(E'Anfangssaldo;1.100,00\nBuchungstag;Betrag\n02.05.2024;50,00\n03.05.2024;-20,00\nEndsaldo;1.130,00\n', profile)),
          '1100.00 EUR -> 1130.00 EUR', 'the opening and closing balances stated around the lines');
SELECT throws_ok($$SELECT * FROM stated_profile, parse_csv_statement(E'Anfangssaldo;1.100,00\nBuchungstag;Betrag\n02.05.2024;50,00\nEndsaldo;1.130,00\n', profile)$$,
                 '23514', 'CSV statement of account X1 does not add up', 'a line missing between the stated balances is refused');
SELECT throws_ok($$SELECT * FROM stated_profile, parse_csv_statement(E'Buchungstag;Betrag\n02.05.2024;50,00\nEndsaldo;1.130,00\n', profile)$$,
                 '22P02', 'invalid CSV statement at opening_balance_pattern: the file states no opening balance',
                 'a file without the stated opening balance is refused');
SELECT throws_ok($$SELECT csv_profile_check(profile - 'closing_balance_pattern') FROM stated_profile$$, '22023',
                 'invalid CSV profile: "closing_balance_pattern" is missing: the opening and the closing balance patterns go together',
                 'a profile with one balance pattern is refused');

-- profiles
SELECT throws_ok($$SELECT csv_profile_check('{"columns": {"booking_date": "d", "amount": "a"}, "date_format": "DD", "currency": "EUR", "colour": 1}')$$,
                 '22023', 'invalid CSV profile: "colour" is not a key of a CSV profile', 'an unknown key of a profile is refused');
SELECT throws_ok($$SELECT csv_profile_check('{"columns": {"amount": "a"}, "date_format": "DD", "currency": "EUR"}')$$,
                 '22023', 'invalid CSV profile: "columns.booking_date" is missing: every line needs its booking date',
                 'a profile without a booking date is refused');
SELECT throws_ok($$SELECT csv_profile_check('{"columns": {"booking_date": "d", "amount": "a"}, "date_format": "DD", "currency": "EUR", "separator": "."}')$$,
                 '22023', 'invalid CSV profile: "separator" must be ",", ";", "|" or a TAB', 'an odd separator is refused');
SELECT throws_ok($$SELECT csv_profile_check('{"columns": {"booking_date": "d", "amount": "a"}, "date_format": "DD", "currency": "EUR", "encoding": "KLINGON"}')$$,
                 '22023', NULL, 'an unknown encoding is refused');
SELECT throws_ok($$INSERT INTO csv_profile (company_id, name, profile) VALUES (1, 'bad', '{"columns": {}}')$$, '22023', NULL,
                 'an invalid profile cannot be stored');
SELECT throws_ok($$SELECT * FROM import_statement(1, 'x', 'csv:nope')$$, '42704', 'unknown CSV profile "nope"',
                 'an unknown profile is refused');
SELECT ok((SELECT bool_and(csv_profile_check(profile)) FROM csv_shipped_profile) AND (SELECT count(*) FROM csv_shipped_profile) >= 3,
          'at least three shipped profiles, all valid');

-- import, and exactly-once by the content key
SELECT is((SELECT format('%s %s/%s %s', file_format, entries_new, payments_created, credited)
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'icbc'), 'csv:icbc')),
          'csv 5/3 {"18800.00 CNY"}', 'icbc imported from its GB18030 bytes: the two identical lines are two payments');
SELECT is((SELECT format('%s %s %s', statements_new, entries_new, payments_created)
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'icbc'), 'csv:icbc')),
          '0 0 0', 'the same file again adds nothing');
SELECT is((SELECT format('%s %s %s %s', statements_new, entries_new, entries_skipped, payments_created)
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'icbc_later'), 'csv:icbc')),
          '1 1 3 1', 'an overlapping later export adds only its new line, the identical pair included once');
SELECT is((SELECT count(*) FROM payment WHERE company_id = 1 AND amount = '3000.00 CNY'::money_cur), 2::bigint,
          'the identical pair stays two payments');
SELECT is((SELECT format('%s %s', entries_new, payments_created)
           FROM import_statement(2, (SELECT content FROM fixture WHERE name = 'icbc_partial'), 'csv:icbc')),
          '3 2', 'an export taken between the two identical payments has one of them');
SELECT is((SELECT format('%s %s', entries_new, payments_created)
           FROM import_statement(2, (SELECT content FROM fixture WHERE name = 'icbc'), 'csv:icbc')),
          '2 1', 'the full export then adds the second of the pair and the fee, nothing twice');
SELECT is((SELECT count(*) FROM payment WHERE company_id = 2), 3::bigint, 'three payments, as from the full export alone');

SELECT is((SELECT format('%s %s', entries_new, payments_created)
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'sparkasse'), 'csv:sparkasse-camt-v2')),
          '4 2', 'sparkasse imported from its Windows-1252 bytes');
SELECT is((SELECT format('%s %s %s', payer_name, payer_account, end_to_end_id) FROM payment WHERE company_id = 1 AND amount = '1190.00 EUR'::money_cur),
          'Jürgen Müller GmbH DE47370400440532013077 E2E-2024-0117', 'the payment has its payer, account and end-to-end id');
SELECT is((SELECT format('%s %s %s', statements_new, entries_new, payments_created)
           FROM fixture_text f, import_statement(1, regexp_replace(f.content, E'(Info"\r\n)', E'\\1"DE12500105170648489890";"18.03.24";"18.03.24";"GUTSCHR. UEBERWEISUNG";"RE-2024-0121";"";"";"";"";"";"";"Neu AG";"";"";"42,00";"EUR";"Umsatz gebucht"\r\n'),
                                                 'csv:sparkasse-camt-v2') WHERE f.name = 'sparkasse'),
          '1 1 1', 'a newer export without balances or references adds only its new line');
SELECT is((SELECT format('%s %s %s', statements_new, entries_new, payments_created)
           FROM fixture_text f, import_statement(1, regexp_replace(f.content, E'[^\n]*Umsatz vorgemerkt"\r\n', ''), 'csv:sparkasse-camt-v2') WHERE f.name = 'sparkasse'),
          '1 0 0', 'the same lines in another file (the pending line gone) add nothing');
SELECT is((SELECT string_agg(DISTINCT format, ',') FROM bank_statement WHERE company_id = 1), 'csv', 'the statements are recorded as csv');

INSERT INTO csv_profile (company_id, name, profile, description)
SELECT 3, 'paypal', profile || '{"account": "PAYPAL-EU"}', 'our PayPal account' FROM csv_shipped_profile WHERE name = 'paypal';
SELECT is((SELECT format('%s %s %s', statements_new, payments_created, credited)
           FROM import_statement(3, (SELECT content FROM fixture WHERE name = 'paypal'), 'csv:paypal')),
          '2 3 {"76.93 EUR","1263.53 USD"}', 'paypal imported with the company''s own profile: net amounts credited');
SELECT is((SELECT string_agg(DISTINCT account, ',') FROM bank_account WHERE company_id = 3), 'PAYPAL-EU',
          'the company''s profile comes before the shipped one of the same name');
SELECT is((SELECT entries_new FROM import_statement(3, (SELECT content FROM fixture WHERE name = 'mt940'), 'mt940')), 6,
          'import_statement takes any other file as UTF-8 bytes');

SELECT ok((SELECT relrowsecurity FROM pg_class WHERE oid = 'ar2c.csv_profile'::regclass), 'csv_profile has row-level security');
SELECT ok((SELECT 'ar2c.csv_profile'::regclass::oid = ANY (extconfig) FROM pg_extension WHERE extname = 'ar2c'),
          'csv_profile is dumped with the data');

-- statement_amount is not strict: a NULL in any argument is an error naming where, or no place named
SELECT throws_ok($$SELECT ar2c.statement_amount(NULL, 'EUR', 'line 4, column Betrag')$$, '22P02',
                 'missing amount at line 4, column Betrag', 'a missing amount names where it was missing');
SELECT throws_ok($$SELECT ar2c.statement_amount('12.50', NULL, 'line 4, column Betrag')$$, '22P02',
                 'missing currency at line 4, column Betrag', 'a missing currency names where it was missing');
SELECT is(ar2c.statement_amount('12.50', 'EUR', NULL), '12.50 EUR'::ar2c.money_cur, 'no origin: the amount all the same');

SELECT * FROM finish();
ROLLBACK;
