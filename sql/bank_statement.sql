-- Bank statements in: MT940 and camt.053 read into one row shape, then
-- imported into ar2c.payment exactly once
SET search_path = public, ar2c;
\pset null '~'

-- MT940 from a German bank: SEPA ?20 subfields with EREF+/SVWZ+, a debit
-- (direct debit), an RC reversal (a returned credit, so a debit), NONREF,
-- free text over two lines; two statements in one file, CR LF line ends
\set content `cat test/fixtures/mt940_sepa.sta`
SELECT statement_number AS st, statement_id, account, sequence, opening_date, opening_balance,
       closing_date, closing_balance
FROM parse_mt940(:'content') WHERE entry_number = 1;
SELECT statement_number AS st, entry_number AS e, booking_date, value_date, credit_debit AS cd, reversal,
       amount, transaction_code, entry_ref, bank_reference, origin
FROM parse_mt940(:'content');
SELECT statement_number AS st, entry_number AS e, counterparty_name, counterparty_account, counterparty_bic,
       end_to_end_id, mandate_reference
FROM parse_mt940(:'content');
SELECT statement_number AS st, entry_number AS e, remittance_text FROM parse_mt940(:'content');
-- the :86: as written, line breaks kept
SELECT bank_text FROM parse_mt940(:'content') WHERE statement_number = 1 AND entry_number = 1;

-- MT940 in SWIFT envelopes: slash codes /EREF/ /CNTP/ /REMI/USTD// and
-- /ORDP//NAME/ with /REMI/STRD/CUR/ and /CHGS/; a statement over two
-- pages (:62M:, :60M:) with an RD reversal (a debit taken back)
\set content `cat test/fixtures/mt940_swift.sta`
SELECT statement_number AS st, statement_id, sequence, opening_balance, closing_balance,
       entry_number AS e, booking_date, value_date, credit_debit AS cd, reversal, amount, origin
FROM parse_mt940(:'content');
SELECT statement_number AS st, entry_number AS e, counterparty_name, counterparty_account,
       remittance_text, structured_reference, end_to_end_id, bank_charges
FROM parse_mt940(:'content');

-- camt.053.001.02: a batch entry of three transactions, an RF reference,
-- charges, a debit, a reversal, an entry without transaction details
\set content `cat test/fixtures/camt053_v02.xml`
SELECT DISTINCT format, statement_number AS st, statement_id, account, sequence, opening_date, opening_balance,
       closing_date, closing_balance
FROM parse_camt053(:'content');
SELECT entry_number AS e, transaction_number AS t, booking_date, value_date, credit_debit AS cd, reversal,
       amount, entry_amount, transaction_code, entry_ref, bank_reference
FROM parse_camt053(:'content');
SELECT entry_number AS e, transaction_number AS t, counterparty_name, counterparty_account, counterparty_bic,
       end_to_end_id, structured_reference, bank_charges
FROM parse_camt053(:'content');
SELECT entry_number AS e, transaction_number AS t, remittance_text, bank_text, origin FROM parse_camt053(:'content');

-- camt.053.001.08 (Pty/Nm, BICFI, TxDtls/Amt, Sts/Cd, TtlChrgsAndTaxAmt):
-- a batch of two, a reversal of a direct debit, and a second statement
-- without entries (one row, entry columns empty)
\set content `cat test/fixtures/camt053_v08.xml`
SELECT format, statement_number AS st, account, opening_balance, closing_balance, entry_number AS e,
       transaction_number AS t, value_date, credit_debit AS cd, reversal, amount, entry_amount
FROM parse_camt053(:'content');
SELECT entry_number AS e, transaction_number AS t, counterparty_name, counterparty_account, counterparty_bic,
       remittance_text, structured_reference, end_to_end_id, mandate_reference, bank_charges
FROM parse_camt053(:'content'::xml) WHERE entry_number IS NOT NULL;

-- import: every statement adds up, credits become payments
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Trading GmbH', 'EUR');
\set content `cat test/fixtures/mt940_sepa.sta`
SELECT file_format, statements_read, statements_new, statements_skipped, entries_read, entries_new,
       entries_skipped, payments_created, credited, summary
FROM import_statement(1, :'content');
\set content `cat test/fixtures/mt940_swift.sta`
SELECT file_format, statements_new, entries_new, payments_created, credited FROM import_statement(1, :'content', 'MT940');
\set content `cat test/fixtures/camt053_v02.xml`
SELECT file_format, statements_new, entries_new, payments_created, credited FROM import_statement(1, :'content');
\set content `cat test/fixtures/camt053_v08.xml`
SELECT file_format, statements_new, entries_new, payments_created, credited FROM import_statement(1, :'content', 'camt.053');

SELECT bank_account_id, account, currency FROM bank_account ORDER BY 1;
SELECT bank_statement_id AS id, bank_account_id AS acct, format, statement_reference, sequence, opening_balance,
       closing_balance, entry_count, credit_total, debit_total, position_in_file AS pos
FROM bank_statement ORDER BY 1;
-- every entry is kept, debits and reversals too; the credits have payments
SELECT e.bank_statement_id AS st, e.entry_number AS e, e.transaction_number AS t, e.credit_debit AS cd, e.reversal,
       e.amount, p.payment_id, e.origin
FROM bank_statement_entry e LEFT JOIN payment p ON p.company_id = e.company_id AND p.bank_entry_id = e.bank_entry_id
ORDER BY e.bank_entry_id;
SELECT payment_id, value_date, amount, payer_name, payer_account, payer_bic, end_to_end_id, structured_reference,
       bank_charges, status
FROM payment ORDER BY payment_id;
SELECT payment_id, bank_reference, remittance_text FROM payment ORDER BY payment_id;

-- the same file again: nothing new, and the summary says so
\set content `cat test/fixtures/mt940_sepa.sta`
SELECT statements_read, statements_new, statements_skipped, entries_read, entries_new, entries_skipped,
       payments_created, bank_statement_ids, regexp_replace(summary, '\d{4}-\d\d-\d\d', 'DATE') AS summary
FROM import_statement(1, :'content');
\set content `cat test/fixtures/camt053_v08.xml`
SELECT statements_new, statements_skipped, entries_skipped, payments_created,
       regexp_replace(summary, '\d{4}-\d\d-\d\d', 'DATE') AS summary
FROM import_statement(1, :'content');

-- a statement sent again under another number: a new statement, but its
-- entries were imported before, so they point at the first import and
-- make no payment
SELECT statements_new, statements_skipped, entries_new, entries_skipped, payments_created, summary
FROM import_statement(1, replace(:'content', '<ElctrncSeqNb>45</ElctrncSeqNb>', '<ElctrncSeqNb>46</ElctrncSeqNb>'));
SELECT e.bank_statement_id AS st, e.entry_number AS e, e.transaction_number AS t, e.amount, d.bank_statement_id AS first_st,
       d.entry_number AS first_e, d.transaction_number AS first_t
FROM bank_statement_entry e JOIN bank_statement_entry d ON d.company_id = e.company_id AND d.bank_entry_id = e.duplicate_of
ORDER BY e.bank_entry_id;
SELECT count(*) AS payments FROM payment;

-- refusals name the line, the element, the statement (the context lines,
-- which name the functions' lines, are left out)
\set SHOW_CONTEXT never
\set content `cat test/fixtures/mt940_sepa.sta`
SELECT * FROM parse_mt940(replace(:'content', ':61:2603020302DR249,90', ':61:2603020302XR249,90'));
SELECT * FROM import_statement(1, left(:'content', 400));
SELECT * FROM import_statement(1, replace(:'content', ':62F:C260303EUR15895,60', ':62F:C260303EUR15895,61'));
\set content `cat test/fixtures/camt053_v02.xml`
SELECT * FROM parse_camt053(replace(:'content', '<Amt Ccy="EUR">12.90</Amt>', '<Amt Ccy="EUR">12.901</Amt>'));
SELECT * FROM parse_camt053(replace(:'content', '<Amt Ccy="EUR">749.50</Amt>', '<Amt Ccy="EUR">749.49</Amt>'));
SELECT * FROM parse_camt053(replace(:'content', '<Cd>CLBD</Cd>', '<Cd>CLAV</Cd>'));
SELECT * FROM import_statement(1, left(:'content', 3000));
SELECT * FROM import_statement(1, replace(:'content', 'camt.053.001.02', 'camt.054.001.02'));
SELECT * FROM import_statement(1, 'Kontoauszug März 2026');
SELECT count(*) AS statements, (SELECT count(*) FROM payment) AS payments FROM bank_statement;
