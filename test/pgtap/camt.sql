-- camt beyond the plain statement: a booked amount that its one
-- transaction contradicts, the opening balance (OPBD before PRCD), the
-- currency-exchange case; camt.054 notifications and camt.052 reports,
-- exactly once against the day's camt.053 in either order; returns
BEGIN;
SET search_path = public, ar2c;
SELECT plan(30);

INSERT INTO company (company_id, name, functional_currency)
VALUES (1, 'Acme', 'EUR'), (2, 'Other Co', 'EUR'), (3, 'Third Co', 'EUR');

\set altered `cat test/fixtures/camt053_altered_amount.xml`
\set ntfctn `cat test/fixtures/camt054_credits.xml`
\set day `cat test/fixtures/camt053_same_day.xml`
\set report `cat test/fixtures/camt052_intraday.xml`
CREATE TEMP TABLE fixture (name text PRIMARY KEY, content text NOT NULL);
INSERT INTO fixture VALUES ('altered', :'altered'), ('ntfctn', :'ntfctn'), ('day', :'day'), ('report', :'report');
-- the same file with the booked amount as the bank sent it, and an
-- exchange whose amount in euros (TxAmt) is not the one booked
INSERT INTO fixture
SELECT 'exchange', regexp_replace(replace(content, '<Amt Ccy="EUR">1750.00</Amt>', '<Amt Ccy="EUR">750.00</Amt>'),
                                  '(<TxAmt>\s*<Amt Ccy="EUR">)200.00', '\1201.50')
FROM fixture WHERE name = 'altered';

-- an entry whose one TxDtls disagrees with the booked Ntry/Amt
SELECT throws_ok($$SELECT * FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'altered'))$$,
                 '23514', 'invalid camt.053 document at Stmt[1]/Ntry[1]: the transaction amount 750.00 EUR is not the booked entry amount 1750.00 EUR',
                 'an altered Ntry/Amt is refused, naming the entry');
SELECT is((SELECT count(*) FROM bank_statement), 0::bigint, 'nothing was imported');

-- a currency exchange keeps the booked amount; the opening balance is OPBD
SELECT is((SELECT string_agg(amount::text, ' ' ORDER BY entry_number) FROM parse_camt053((SELECT content FROM fixture WHERE name = 'exchange'))),
          '750.00 EUR 200.00 EUR', 'an exchange (AmtDtls in USD, CcyXchg) keeps the booked entry amount');
SELECT is((SELECT DISTINCT opening_date FROM parse_camt053((SELECT content FROM fixture WHERE name = 'exchange'))),
          DATE '2026-03-10', 'the opening balance is OPBD, also when a PRCD follows it');

-- the readers of notifications and reports
SELECT is((SELECT string_agg(format || ' ' || amount::text || ' ' || coalesce(opening_balance::text, 'no balance'), ', ' ORDER BY entry_number)
           FROM parse_camt((SELECT content FROM fixture WHERE name = 'ntfctn'))),
          'camt.054.001.08 1200.00 EUR no balance, camt.054.001.08 89.90 EUR no balance, camt.054.001.08 89.90 EUR no balance',
          'parse_camt reads a camt.054 notification: its entries, no balances');
SELECT is((SELECT string_agg(origin || ' ' || amount::text, ', ' ORDER BY entry_number)
           FROM parse_camt((SELECT content FROM fixture WHERE name = 'report'), 'camt.052')),
          'Rpt[1]/Ntry[1]/NtryDtls/TxDtls[1] 1200.00 EUR', 'a camt.052 report: its booked entries, the pending one left out');
SELECT is((SELECT count(*) FROM parse_camt((SELECT content FROM fixture WHERE name = 'day'), 'camt.053')), 6::bigint,
          'parse_camt with kind camt.053 reads a statement');
SELECT is((SELECT string_agg(amount::text || ' ' || is_return::text, ', ' ORDER BY entry_number)
           FROM parse_camt053((SELECT content FROM fixture WHERE name = 'day')) WHERE credit_debit = 'C' AND entry_number > 3),
          '500.00 EUR false, 300.00 EUR true', 'a credit with BkTxCd .../RRTN and RtrInf is a return');

-- a notification, then the day's statement: every credit paid once
SELECT is((SELECT (file_format, statements_new, entries_new, payments_created, credited)::text
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'ntfctn'))),
          '(camt.054.001.08,1,3,3,"{""1379.80 EUR""}")', 'camt.054 credits become payments, the two alike both');
SELECT is((SELECT (statements_new, entries_new, entries_skipped, payments_created)::text
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'ntfctn'))),
          '(0,0,3,0)', 'the same notification again adds nothing');
SELECT is((SELECT (file_format, statements_new, entries_new, entries_skipped, payments_created)::text
           FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'day'))),
          '(camt.053.001.08,1,3,3,1)', 'the day''s camt.053: its three notified credits are not paid again, the new one is');
SELECT is((SELECT count(*) FROM payment WHERE company_id = 1), 4::bigint, 'four payments, not seven');
SELECT is((SELECT count(*) FROM payment WHERE company_id = 1 AND amount = '89.90 EUR'), 2::bigint,
          'the two payments that look alike both stay');
SELECT is((SELECT count(*) FROM bank_statement_entry WHERE company_id = 1 AND duplicate_of IS NOT NULL), 3::bigint,
          'the statement''s entries point at their notification');
SELECT is((SELECT count(*) FROM bank_statement_entry e WHERE company_id = 1 AND amount = '300.00 EUR'
             AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.company_id = e.company_id AND p.bank_entry_id = e.bank_entry_id)),
          1::bigint, 'the return is recorded and is not a payment');
SELECT is((SELECT (format, opening_balance IS NULL, closing_balance IS NULL, entry_count)::text FROM bank_statement
           WHERE company_id = 1 ORDER BY bank_statement_id LIMIT 1),
          '(camt.054.001.08,t,t,3)', 'a notification is recorded without balances');

-- the other order: the statement first, then the notification
SELECT is((SELECT payments_created FROM import_statement(2, (SELECT content FROM fixture WHERE name = 'day'))), 4,
          'the day''s camt.053 first: four payments (the return is none)');
SELECT is((SELECT (statements_new, entries_new, entries_skipped, payments_created)::text
           FROM import_statement(2, (SELECT content FROM fixture WHERE name = 'ntfctn'))),
          '(1,0,3,0)', 'then its notification pays nothing again');

-- an intraday report, then a notification
SELECT is((SELECT (file_format, payments_created)::text FROM import_statement(3, (SELECT content FROM fixture WHERE name = 'report'))),
          '(camt.052.001.02,1)', 'a camt.052 report: its booked credit is a payment');
SELECT is((SELECT payments_created FROM import_statement(3, (SELECT content FROM fixture WHERE name = 'ntfctn'), 'camt.054')), 2,
          'then the notification pays the two others only');

-- refusals
SELECT throws_ok($$SELECT * FROM parse_camt053((SELECT content FROM fixture WHERE name = 'ntfctn'))$$,
                 '22P02', 'not a camt.053 document', 'parse_camt053 refuses a notification');
SELECT throws_ok($$SELECT * FROM import_statement(1, (SELECT content FROM fixture WHERE name = 'ntfctn'), 'camt.053')$$,
                 '22P02', 'not a camt.053 document', 'a notification given as camt.053 is refused');
SELECT throws_ok($$SELECT * FROM parse_camt((SELECT content FROM fixture WHERE name = 'ntfctn'), 'camt.999')$$,
                 '22023', 'unknown camt kind "camt.999"', 'an unknown kind');
SELECT throws_ok($$SELECT * FROM import_statement(1, replace((SELECT content FROM fixture WHERE name = 'ntfctn'), '<IBAN>AT611904300234573201</IBAN>', ''))$$,
                 '22P02', 'invalid camt.054 document at Ntfctn[1]: the notification has no account (Acct/Id/IBAN or Acct/Id/Othr/Id)',
                 'a notification without its account, naming it');
SELECT throws_ok($$SELECT * FROM import_statement(1, replace((SELECT content FROM fixture WHERE name = 'ntfctn'), '<Amt Ccy="EUR">1200.00</Amt>', '<Amt Ccy="EUR">1200.0.0</Amt>'))$$,
                 '22P02', 'invalid amount "1200.0.0" EUR at Ntfctn[1]/Ntry[1]/Amt', 'a bad amount in a notification, naming the element');
SELECT throws_ok($$SELECT * FROM import_statement(1, regexp_replace((SELECT content FROM fixture WHERE name = 'ntfctn'), 'Ccy="EUR">1200.00', 'Ccy="CHF">1200.00', 'g'))$$,
                 '23514', 'statement ALPB-054-20260414-3 of account AT611904300234573201 mixes currencies',
                 'a notification that mixes currencies');
SELECT throws_ok($$SELECT * FROM import_statement(1, replace((SELECT content FROM fixture WHERE name = 'report'), '<?xml version="1.0" encoding="UTF-8"?>',
                                                            '<?xml version="1.0"?><!DOCTYPE Document [<!ENTITY x "x">]>'))$$,
                 '22P02', 'invalid camt document: it has a document type declaration (DOCTYPE)', 'a DOCTYPE is refused');
SELECT throws_ok($$SELECT * FROM parse_camt('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn/></Document>')$$,
                 '22P02', 'invalid camt.054 document: it holds no notification', 'a notification document without notifications');
SELECT throws_ok($$SELECT * FROM parse_camt(left((SELECT content FROM fixture WHERE name = 'ntfctn'), 2000))$$,
                 '2200M', 'invalid XML document', 'a truncated notification');
SELECT is((SELECT count(*) FROM parse_camt(NULL)), 0::bigint, 'no content, no rows');

SELECT * FROM finish();
ROLLBACK;
