-- Bank statement import: every refusal with its SQLSTATE and nothing
-- written after it; duplicates; the tables' keys, security and dump
-- registration
BEGIN;
SET search_path = public, ar2c;
SELECT plan(72);

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR'), (2, 'Other Co', 'EUR');

-- the fixtures, read from the repository (pg_prove runs from its root)
\set mt940 `cat test/fixtures/mt940_sepa.sta`
\set swift `cat test/fixtures/mt940_swift.sta`
\set camt02 `cat test/fixtures/camt053_v02.xml`
\set camt08 `cat test/fixtures/camt053_v08.xml`
CREATE TEMP TABLE fixture (name text PRIMARY KEY, content text NOT NULL);
INSERT INTO fixture VALUES ('mt940', :'mt940'), ('swift', :'swift'), ('camt02', :'camt02'), ('camt08', :'camt08');

-- what was written, to compare after a refusal
CREATE TEMP VIEW written AS
SELECT (SELECT count(*) FROM bank_account) AS accounts, (SELECT count(*) FROM bank_statement) AS statements,
       (SELECT count(*) FROM bank_statement_entry) AS entries, (SELECT count(*) FROM payment) AS payments;
CREATE TEMP TABLE before AS SELECT * FROM written;

-- the readers
SELECT is((SELECT count(*) FROM parse_mt940((SELECT content FROM fixture WHERE name = 'mt940'))), 6::bigint,
          'parse_mt940 reads the six entries of two statements');
SELECT is((SELECT count(*) FROM parse_camt053((SELECT content FROM fixture WHERE name = 'camt02'))), 8::bigint,
          'parse_camt053 gives a row per transaction of a batch entry');
SELECT is((SELECT count(*) FROM parse_camt053((SELECT content FROM fixture WHERE name = 'camt08')::xml)), 6::bigint,
          'the xml overload reads .08, and a statement without entries is one row');
SELECT is((SELECT array_agg(DISTINCT s.n ORDER BY s.n) FROM fixture f,
           LATERAL (SELECT statement_number FROM parse_mt940(f.content) WHERE f.name IN ('mt940', 'swift')
                    UNION ALL SELECT statement_number FROM parse_camt053(f.content) WHERE f.name LIKE 'camt%') s(n)),
          ARRAY[1, 2], 'statements are numbered from 1 in each file');
SELECT ok(NOT EXISTS (
    SELECT 1 FROM fixture f, LATERAL (SELECT * FROM parse_mt940(f.content) WHERE f.name IN ('mt940', 'swift')
                                      UNION ALL SELECT * FROM parse_camt053(f.content) WHERE f.name LIKE 'camt%') l
    WHERE l.entry_number IS NOT NULL
      AND (ar2c.minor_units_value(l.amount) < 0 OR l.credit_debit NOT IN ('C', 'D') OR l.value_date IS NULL
           OR ar2c.currency(l.amount) OPERATOR(ar2c.<>) ar2c.currency(l.opening_balance))),
   'every entry has a direction, a value date and an amount >= 0 in the statement''s currency');
SELECT ok((SELECT bool_and(ar2c.minor_units_value(s.opening_balance) + s.movement = ar2c.minor_units_value(s.closing_balance))
           FROM (SELECT l.statement_number, l.opening_balance, l.closing_balance,
                        coalesce(sum(CASE WHEN l.credit_debit = 'C' THEN 1 ELSE -1 END * ar2c.minor_units_value(l.amount)), 0) AS movement
                 FROM fixture f, LATERAL (SELECT * FROM parse_mt940(f.content) WHERE f.name IN ('mt940', 'swift')
                                          UNION ALL SELECT * FROM parse_camt053(f.content) WHERE f.name LIKE 'camt%') l
                 GROUP BY f.name, l.statement_number, l.opening_balance, l.closing_balance) s),
   'every fixture statement adds up: opening + entries = closing');
SELECT is((SELECT string_agg(credit_debit || reversal::text, ' ' ORDER BY statement_number, entry_number)
           FROM parse_mt940((SELECT content FROM fixture WHERE name = 'swift')) WHERE reversal OR credit_debit = 'D'),
          'Dfalse Ctrue', 'a debit, and RD (reversal of a debit) is a credit');
SELECT is((SELECT credit_debit FROM parse_mt940((SELECT content FROM fixture WHERE name = 'mt940')) WHERE reversal),
          'D', 'RC (reversal of a credit) is a debit');

SELECT is((SELECT count(*) FROM parse_camt053(replace(regexp_replace((SELECT content FROM fixture WHERE name = 'camt02'),
                                                                     '<(/?)([A-Za-z])', '<\1x:\2', 'g'), 'xmlns=', 'xmlns:x='))),
          8::bigint, 'a document whose elements carry a namespace prefix reads the same');
SELECT is((SELECT count(*) FROM parse_camt053(regexp_replace((SELECT content FROM fixture WHERE name = 'camt08'),
                                                             '<Cd>BOOK</Cd>', '<Cd>PDNG</Cd>'))),
          4::bigint, 'a pending entry (Sts PDNG) is left out');
SELECT is((SELECT min(format) FROM parse_camt053(replace((SELECT content FROM fixture WHERE name = 'camt08'), '.001.08', '.001.04'))),
          'camt.053.001.04', 'the version is that of the namespace');

-- MT940 refusals: 22P02 naming the line and the field
SELECT throws_ok($$SELECT * FROM parse_mt940(replace((SELECT content FROM fixture WHERE name = 'mt940'), ':60F:C260301EUR12500,00', ':60F:C260301EUR12500.00'))$$,
                 '22P02', 'invalid MT940 field :60F: at line 4: the amount is not digits with a decimal comma ("1234,56") of at most 15 characters',
                 'a decimal point is refused, with the line and the field');
SELECT throws_ok($$SELECT * FROM parse_mt940(replace((SELECT content FROM fixture WHERE name = 'mt940'), '2603020302DR249,90', '2603020302DR249,901'))$$,
                 '22P02', 'invalid MT940 field :61: at line 9: the amount has more decimals than its currency',
                 'more decimals than the currency has');
SELECT throws_ok($$SELECT * FROM parse_mt940(replace((SELECT content FROM fixture WHERE name = 'mt940'), ':60F:C260302EUR', ':60F:C260230EUR'))$$,
                 '22P02', 'invalid MT940 field :60F: at line 27: the date does not exist (the month has fewer days)',
                 'an impossible date');
SELECT throws_ok($$SELECT * FROM parse_mt940(replace((SELECT content FROM fixture WHERE name = 'mt940'), ':62F:C260303EUR', ':62F:C260303USD'))$$,
                 '22P02', 'invalid MT940 field :62F: at line 33: the balance is in another currency than the opening balance',
                 'a closing balance in another currency');
SELECT throws_ok($$SELECT * FROM parse_mt940(replace((SELECT content FROM fixture WHERE name = 'mt940'), ':61:2603030303C75,50NMSC', ':61:2603030303C75,50XMSC'))$$,
                 '22P02', 'invalid MT940 field :61: at line 28: the transaction type is not N, F or S and three letters, digits or blanks ("NTRF")',
                 'a bad transaction type');
SELECT throws_ok($$SELECT * FROM parse_mt940(replace((SELECT content FROM fixture WHERE name = 'mt940'), ':62F:C260302EUR13820,10', '-'))$$,
                 '22P02', 'invalid MT940 statement at line 21: the message ends before the closing balance :62F:',
                 'a statement without its closing balance');
SELECT throws_ok($$SELECT * FROM parse_mt940(left((SELECT content FROM fixture WHERE name = 'mt940'), 1000))$$,
                 '22P02', 'invalid MT940 statement at line 19: the input ends before the closing balance :62F:',
                 'a truncated MT940 file');
SELECT throws_ok($$SELECT * FROM parse_mt940((SELECT left(content, strpos(content, '/REMI/USTD//Reversal')) FROM fixture WHERE name = 'swift'))$$,
                 '22P02', 'invalid MT940 statement at line 25: the input ends before the end of the SWIFT block',
                 'a SWIFT message cut before "-}"');
SELECT throws_ok($$SELECT * FROM parse_mt940(E'\x01\x02binary')$$, '22P02',
                 'invalid MT940 input at line 1: a control character is not allowed in MT940 text', 'control characters');
SELECT throws_ok($$SELECT * FROM parse_mt940('')$$, '22P02',
                 'invalid MT940 input at line 1: the input holds no MT940 statement (no field :20:)', 'nothing at all');

-- camt.053 refusals: 22P02 naming the element, 2200M for broken XML
SELECT throws_ok($$SELECT * FROM parse_camt053(replace((SELECT content FROM fixture WHERE name = 'camt02'), '<Amt Ccy="EUR">860.00</Amt>', '<Amt Ccy="EUX">860.00</Amt>'))$$,
                 '22P02', 'invalid currency "EUX" at Stmt[1]/Ntry[4]/Amt', 'an unknown currency, with the element');
SELECT throws_ok($$SELECT * FROM parse_camt053(replace((SELECT content FROM fixture WHERE name = 'camt02'), '<CdtDbtInd>DBIT</CdtDbtInd>', '<CdtDbtInd>DEBIT</CdtDbtInd>'))$$,
                 '22P02', 'invalid camt.053 document at Stmt[1]/Ntry[4]/CdtDbtInd: CdtDbtInd is "DEBIT"', 'a bad indicator');
SELECT throws_ok($$SELECT * FROM parse_camt053(replace((SELECT content FROM fixture WHERE name = 'camt02'), '<Dt>2026-03-04</Dt>', '<Dt>2026-02-30</Dt>'))$$,
                 '22P02', 'invalid date "2026-02-30" at Stmt[1]/Bal[PRCD]/Dt', 'an impossible date');
SELECT throws_ok($$SELECT * FROM parse_camt053(replace((SELECT content FROM fixture WHERE name = 'camt02'), '<Cd>CLBD</Cd>', '<Cd>CLAV</Cd>'))$$,
                 '22P02', 'invalid camt.053 document at Stmt[1]: the statement has no closing balance', 'no closing balance');
SELECT throws_ok($$SELECT * FROM parse_camt053(replace((SELECT content FROM fixture WHERE name = 'camt02'), '<IBAN>DE89370400440532013000</IBAN>', ''))$$,
                 '22P02', 'invalid camt.053 document at Stmt[1]: the statement has no account (Acct/Id/IBAN or Acct/Id/Othr/Id)', 'no account');
SELECT throws_ok($$SELECT * FROM parse_camt053(replace((SELECT content FROM fixture WHERE name = 'camt08'), '<Amt Ccy="EUR">1000.00</Amt>', '<Amt Ccy="EUR">999.99</Amt>'))$$,
                 '23514', 'invalid camt.053 document at Stmt[1]/Ntry[1]: the 2 transactions of the entry add up to 2499.99 EUR, the entry is 2500.00 EUR',
                 'a batch entry whose transactions do not add up');
SELECT throws_ok($$SELECT * FROM parse_camt053(left((SELECT content FROM fixture WHERE name = 'camt02'), 3000))$$,
                 '2200M', 'invalid XML document', 'a truncated camt.053 file');
SELECT throws_ok($$SELECT * FROM parse_camt053(replace((SELECT content FROM fixture WHERE name = 'camt02'), 'camt.053.001.02', 'camt.052.001.02'))$$,
                 '22P02', 'not a camt.053 document', 'a camt.052 report');
SELECT throws_ok($$SELECT * FROM parse_camt053('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt/></Document>')$$,
                 '22P02', 'invalid camt.053 document: it holds no statement', 'a document without statements');

-- import refusals: the SQLSTATE, and nothing written
SELECT throws_ok($$SELECT * FROM import_statement(1, replace((SELECT content FROM fixture WHERE name = 'mt940'), ':62F:C260303EUR15895,60', ':62F:C260303EUR15895,61'))$$,
                 '23514', 'statement STARTUMS 00042/001 of account 37040044/0532013000 does not add up',
                 'an MT940 statement that does not add up is refused');
SELECT throws_ok($$SELECT * FROM import_statement(1, replace((SELECT content FROM fixture WHERE name = 'camt02'), '<Amt Ccy="EUR">20229.70</Amt>', '<Amt Ccy="EUR">20229.07</Amt>'))$$,
                 '23514', 'statement DE89370400440532013000-2026-064 64 of account DE89370400440532013000 does not add up',
                 'a camt.053 statement that does not add up is refused');
SELECT throws_ok($$SELECT * FROM import_statement(1, replace((SELECT content FROM fixture WHERE name = 'camt08'), '<Amt Ccy="EUR">450.00</Amt>', '<Amt Ccy="USD">450.00</Amt>'))$$,
                 '23514', NULL, 'an entry in another currency than its statement is refused');
SELECT throws_ok($$SELECT * FROM import_statement(1, left((SELECT content FROM fixture WHERE name = 'mt940'), 1000))$$,
                 '22P02', NULL, 'a truncated MT940 file is refused');
SELECT throws_ok($$SELECT * FROM import_statement(1, left((SELECT content FROM fixture WHERE name = 'camt08'), 5000))$$,
                 '2200M', NULL, 'a truncated camt.053 file is refused');
SELECT throws_ok($$SELECT * FROM import_statement(1, 'PK' || chr(3) || chr(4) || 'garbage')$$,
                 '22023', 'unknown bank statement format', 'garbage is refused');
SELECT throws_ok($$SELECT * FROM import_statement(1, '<html><body>statement</body></html>')$$,
                 '22023', 'unknown bank statement format', 'XML that is not camt.053 is refused');
SELECT throws_ok($$SELECT * FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'mt940'), 'bai2')$$,
                 '22023', 'unknown bank statement format "bai2"', 'an unknown format name is refused');
SELECT throws_ok($$SELECT * FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'camt02'), 'mt940')$$,
                 '22P02', NULL, 'camt.053 read as MT940 is refused');
SELECT throws_ok($$SELECT * FROM import_statement(99, (SELECT content FROM fixture WHERE name = 'mt940'))$$,
                 '23503', 'company 99 does not exist', 'an unknown company is refused');
SELECT throws_ok($$SELECT * FROM import_statement(1, NULL)$$, '22004', NULL, 'no content is refused');
SELECT results_eq('SELECT * FROM written', 'SELECT * FROM before', 'nothing was written by the refused imports');

-- a good import, then the same file again
SELECT is((SELECT (statements_new, entries_new, payments_created, credited)::text
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'camt02'))),
          '(1,8,5,"{""5282.50 EUR""}")', 'camt.053 .02: 1 statement, 8 entries, 5 payments');
SELECT is((SELECT (statements_new, statements_skipped, entries_new, entries_skipped, payments_created)::text
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'camt02'))),
          '(0,1,0,8,0)', 'the same file again imports nothing and says so');
SELECT matches((SELECT summary FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'camt02'))),
               '^0 new: 1 statement\(s\) with 8 entries already imported \(this file on \d{4}-\d\d-\d\d\)$',
               'the summary of a duplicate file');
SELECT is((SELECT count(*) FROM payment WHERE company_id = 1), 5::bigint, 'still five payments');
-- the same file as text with LF instead of CR LF is another file, but the same statements
SELECT is((SELECT (statements_new, payments_created)::text
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'mt940'))), '(2,4)', 'MT940 imported');
SELECT is((SELECT (statements_new, statements_skipped, payments_created)::text
           FROM import_statement(1, replace((SELECT content FROM fixture WHERE name = 'mt940'), E'\r\n', E'\n'))),
          '(0,2,0)', 'the statements are known whatever the line ends');
-- another company may import the same file
SELECT is((SELECT (statements_new, payments_created)::text
           FROM import_statement(2, (SELECT content FROM fixture WHERE name = 'mt940'))), '(2,4)',
          'each company imports its own statements');
-- an overlapping statement: new, but its entries point at their first import
SELECT is((SELECT (statements_new, entries_new, entries_skipped, payments_created)::text
           FROM import_statement(1, replace((SELECT content FROM fixture WHERE name = 'mt940'), ':28C:00042/001', ':28C:00042/002'))),
          '(1,0,6,0)', 'a statement sent again under another number adds no payment');
SELECT is((SELECT count(*) FROM bank_statement_entry WHERE company_id = 1 AND duplicate_of IS NOT NULL), 2::bigint,
          'its two entries are recorded as duplicates');
-- within one file, the same entry twice (an intraday statement, then the day's)
SELECT is((SELECT (statements_new, entries_new, entries_skipped, payments_created)::text
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'swift')
                                    || replace(replace((SELECT content FROM fixture WHERE name = 'swift'), '940S260305-2', '940S260305-3'),
                                               '940S260305-1', '940S260305-0'))),
          '(4,5,5,3)', 'an entry twice in one file is paid once');
-- same reference, dates and balances, other entries: refused
SELECT throws_ok($$SELECT * FROM import_statement(1, replace((SELECT content FROM fixture WHERE name = 'camt02'), 'Rechnung 2026-118', 'Rechnung 2026-119'))$$,
                 '23505', 'statement DE89370400440532013000-2026-064 64 of account DE89370400440532013000 was imported before with other entries',
                 'a statement seen before with other entries is refused');

-- what the tables hold
SELECT is((SELECT count(*) FROM bank_statement b
           WHERE ar2c.minor_units_value(b.opening_balance) + ar2c.minor_units_value(b.credit_total)
                 - ar2c.minor_units_value(b.debit_total) <> ar2c.minor_units_value(b.closing_balance)), 0::bigint,
          'every stored statement adds up');
SELECT is((SELECT count(*) FROM bank_statement b
           WHERE b.entry_count <> (SELECT count(*) FROM bank_statement_entry e
                                   WHERE e.company_id = b.company_id AND e.bank_statement_id = b.bank_statement_id)),
          0::bigint, 'every entry is stored');
SELECT is((SELECT count(*) FROM bank_statement_entry e JOIN payment p ON p.company_id = e.company_id AND p.bank_entry_id = e.bank_entry_id
           WHERE e.credit_debit = 'D' OR e.reversal OR e.duplicate_of IS NOT NULL), 0::bigint,
          'no debit, reversal or duplicate became a payment');
SELECT is((SELECT count(*) FROM bank_statement_entry e
           WHERE e.credit_debit = 'C' AND NOT e.reversal AND e.duplicate_of IS NULL
             AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.company_id = e.company_id AND p.bank_entry_id = e.bank_entry_id)),
          0::bigint, 'every new credit became a payment');
SELECT throws_ok($$INSERT INTO bank_statement_entry (company_id, bank_statement_id, entry_number, transaction_number, entry_key,
                                                      credit_debit, reversal, amount, entry_amount, origin)
                   SELECT company_id, bank_statement_id, 99, 1, entry_key, 'C', false, amount, amount, 'test'
                   FROM bank_statement_entry WHERE duplicate_of IS NULL LIMIT 1$$,
                 '23505', NULL, 'an entry key is new once per company');
SELECT throws_ok($$UPDATE bank_statement SET closing_balance = '1.00 EUR' WHERE company_id = 1$$,
                 '23514', NULL, 'a stored statement must add up');
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount, bank_entry_id) VALUES (1, '2026-03-01', '1.00 EUR', 999999)$$,
                 '23503', NULL, 'a payment points at an existing entry');

-- keys, security, dump registration, comments
SELECT col_is_pk('ar2c', 'bank_statement', ARRAY['company_id', 'bank_statement_id'], 'statements are keyed by company first');
SELECT col_is_pk('ar2c', 'bank_statement_entry', ARRAY['company_id', 'bank_entry_id'], 'entries are keyed by company first');
SELECT col_is_pk('ar2c', 'bank_account', ARRAY['company_id', 'bank_account_id'], 'accounts are keyed by company first');
SELECT is((SELECT count(*) FROM pg_class WHERE oid IN ('ar2c.bank_account'::regclass, 'ar2c.bank_statement'::regclass,
                                                      'ar2c.bank_statement_entry'::regclass) AND relrowsecurity),
          3::bigint, 'row-level security is on');
SELECT is((SELECT count(*) FROM pg_extension e, unnest(e.extconfig) c
           WHERE e.extname = 'ar2c' AND c IN ('ar2c.bank_account'::regclass, 'ar2c.bank_statement'::regclass,
                                              'ar2c.bank_statement_entry'::regclass,
                                              'ar2c.bank_account_bank_account_id_seq'::regclass,
                                              'ar2c.bank_statement_bank_statement_id_seq'::regclass,
                                              'ar2c.bank_statement_entry_bank_entry_id_seq'::regclass)),
          6::bigint, 'the tables and their sequences are dumped with the data');
SELECT is((SELECT count(*) FROM pg_attribute a
           WHERE a.attrelid IN ('ar2c.bank_account'::regclass, 'ar2c.bank_statement'::regclass,
                                'ar2c.bank_statement_entry'::regclass, 'ar2c.bank_statement_line'::regclass)
             AND a.attnum > 0 AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NULL),
          0::bigint, 'every column has a comment');
SELECT is((SELECT count(*) FROM pg_attribute a
           WHERE a.attrelid = 'ar2c.payment'::regclass AND a.attname IN ('bank_statement_id', 'bank_entry_id',
                 'structured_reference', 'payer_bic', 'bank_charges') AND col_description(a.attrelid, a.attnum) IS NOT NULL),
          5::bigint, 'the payment columns added have comments');
SELECT is((SELECT count(*) FROM pg_proc p
           WHERE p.pronamespace = 'ar2c'::regnamespace
             AND p.proname IN ('parse_mt940', 'parse_camt053', 'import_statement', 'statement_amount', 'statement_date',
                               'statement_charges', 'statement_field_error', 'statement_raise')
             AND obj_description(p.oid, 'pg_proc') IS NULL), 0::bigint, 'every function has a comment');
SELECT is((SELECT string_agg(p.proname || ':' || p.provolatile::text, ' ' ORDER BY p.proname) FROM pg_proc p
           WHERE p.pronamespace = 'ar2c'::regnamespace AND p.proname IN ('parse_mt940', 'parse_camt053', 'import_statement')),
          'import_statement:v import_statement:v parse_camt053:i parse_camt053:i parse_mt940:i', 'the readers are immutable, the import (of text or bytes) volatile');

-- the bank reference keys the payments the application writes, not a statement's
SELECT is((SELECT count(*) FROM payment WHERE company_id = 1 AND bank_reference = '2026030500002'), 3::bigint,
          'the transactions of a batch entry share its reference');
INSERT INTO payment (company_id, value_date, amount, bank_reference)
SELECT company_id, value_date, amount, bank_reference FROM payment
WHERE company_id = 1 AND bank_reference = '2026030500002' ORDER BY payment_id LIMIT 1;
SELECT is((SELECT count(*) FROM alert WHERE kind = 'duplicate_payment' AND message LIKE '%bank reference 2026030500002'), 1::bigint,
          'a payment written with the reference and amount of an imported one raises an alert');
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount, bank_reference) VALUES (1, '2026-03-05', '1.00 EUR', '2026030500002')$$,
                 '23505', NULL, 'and is the one payment the application may write under that reference');

SELECT * FROM finish();
ROLLBACK;
