-- camt readings beyond the plain statement: a booked amount that its one
-- transaction contradicts, the opening balance (OPBD before PRCD), the
-- currency-exchange case
BEGIN;
SET search_path = public, ar2c;
SELECT plan(4);

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');

\set altered `cat test/fixtures/camt053_altered_amount.xml`
CREATE TEMP TABLE fixture (name text PRIMARY KEY, content text NOT NULL);
INSERT INTO fixture VALUES ('altered', :'altered');
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

SELECT * FROM finish();
ROLLBACK;
