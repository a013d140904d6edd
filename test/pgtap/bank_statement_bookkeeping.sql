-- The import's own bookkeeping, as it was made faster (issue 19): entry
-- keys ranked among equal entries of a statement and of a file, payments
-- written as the payment trigger would make them, and the duplicate-payment
-- check's look-up by payer account, value date and amount
BEGIN;
SET search_path = public, ar2c;
SET client_min_messages = warning;
SELECT plan(20);

INSERT INTO company (company_id, name, functional_currency) VALUES (9301, 'Keys GmbH', 'EUR'), (9302, 'Trigger AG', 'EUR');

-- one statement with the same credit twice (two customers paying the same
-- invoice text on the same day through the same bank reference), and a debit
CREATE FUNCTION pg_temp.statement(number text) RETURNS text LANGUAGE sql AS $$
    SELECT concat_ws(E'\r\n',
        ':20:KEYS-' || number, ':25:DE89370400440532013000', ':28C:' || number || '/001', ':60F:C260301EUR1000,00',
        ':61:2603020302C100,00NTRFNONREF//B1', ':86:Invoice 7', ':61:2603020302C100,00NTRFNONREF//B1', ':86:Invoice 7',
        ':61:2603020302D20,00NTRFNONREF//B2', ':86:Fee', ':62F:C260302EUR1180,00', '-') || E'\r\n'
$$;

SELECT is((SELECT (statements_new, entries_new, entries_skipped, payments_created)::text
           FROM import_statement(9301, pg_temp.statement('00007'))),
          '(1,3,0,2)', 'two equal credits in one statement are two entries and two payments');
SELECT is((SELECT array_agg(right(entry_key, 2) ORDER BY entry_number) FROM bank_statement_entry WHERE company_id = 9301),
          ARRAY[':1', ':2', ':1'], 'the second equal entry is ranked 2 in its key, the others 1');
SELECT is((SELECT count(DISTINCT split_part(entry_key, ':', 1)) FROM bank_statement_entry WHERE company_id = 9301 AND credit_debit = 'C'),
          1::bigint, 'the two equal credits share their fingerprint');
-- the fingerprint is the md5 of the entry's text and integers, unchanged
-- so that files imported before are recognised
SELECT is((SELECT count(*) FROM bank_statement_entry e
           WHERE e.company_id = 9301
             AND split_part(e.entry_key, ':', 1)
                 = md5(ROW('DE89370400440532013000', ar2c.currency(e.amount)::text,
                           e.booking_date - DATE '2000-01-01', e.value_date - DATE '2000-01-01', e.credit_debit,
                           e.reversal::text, ar2c.minor_units_value(e.amount), e.entry_reference, e.bank_reference,
                           e.end_to_end_id, e.counterparty_account, e.remittance_text, e.structured_reference)::text)),
          3::bigint, 'each key is the md5 of account, currency, dates, direction, amount, references and remittance');
SELECT is((SELECT entries_digest FROM bank_statement WHERE company_id = 9301),
          (SELECT md5(string_agg(entry_key, ',' ORDER BY entry_number)) FROM bank_statement_entry WHERE company_id = 9301),
          'the statement''s digest is the md5 of its keys in order');

-- the same statement again, and under another number twice in one file
SELECT is((SELECT (statements_new, entries_new, entries_skipped, payments_created)::text
           FROM import_statement(9301, pg_temp.statement('00007'))),
          '(0,0,3,0)', 'the same statement again imports nothing');
SELECT is((SELECT (statements_new, entries_new, entries_skipped, payments_created)::text
           FROM import_statement(9301, pg_temp.statement('00008') || pg_temp.statement('00009'))),
          '(2,0,6,0)', 'the same entries in two more statements of one file add no payment');
SELECT is((SELECT count(*) FROM bank_statement_entry e
           JOIN bank_statement_entry f ON f.company_id = e.company_id AND f.bank_entry_id = e.duplicate_of
           WHERE e.company_id = 9301 AND f.entry_key = e.entry_key AND f.duplicate_of IS NULL),
          6::bigint, 'each of them points at the first import of its own key');
SELECT is((SELECT (statements_new, entries_new, entries_skipped, payments_created)::text
           FROM import_statement(9302, pg_temp.statement('00008') || pg_temp.statement('00009'))),
          '(2,3,3,2)', 'in a new company the first statement of the file is new and the second its duplicate');
SELECT is((SELECT array_agg((b.position_in_file, e.entry_number, right(e.entry_key, 2), e.duplicate_of IS NULL)::text
                            ORDER BY e.bank_entry_id)
           FROM bank_statement_entry e JOIN bank_statement b USING (company_id, bank_statement_id) WHERE e.company_id = 9302),
          ARRAY['(1,1,:1,t)', '(1,2,:2,t)', '(1,3,:1,t)', '(2,1,:1,f)', '(2,2,:2,f)', '(2,3,:1,f)'],
          'entries are numbered in file order, the second statement''s pointing at the first''s');

-- the payments an import writes are what the payment trigger makes of a new row
SELECT is((SELECT array_agg((p.amount OPERATOR(ar2c.=) p.unapplied_amount, p.status)::text) FROM payment p WHERE p.company_id = 9302),
          ARRAY['(t,unapplied)', '(t,unapplied)'], 'imported payments are unapplied, for their whole amount');
SELECT has_trigger('ar2c', 'payment', 'payment_maintain_new', 'a new payment has its own maintain trigger');
-- ... and a row written otherwise is still set right by the trigger
INSERT INTO payment (company_id, value_date, amount, bank_reference, unapplied_amount)
VALUES (9302, '2026-03-02', '50.00 EUR', 'T-1', '1.00 EUR');
SELECT is((SELECT (unapplied_amount, status)::text FROM payment WHERE bank_reference = 'T-1'), '("50.00 EUR",unapplied)',
          'an unapplied amount given on insert is replaced by the amount');
INSERT INTO payment (company_id, value_date, amount, bank_reference, unapplied_amount, status)
VALUES (9302, '2026-03-02', '50.00 EUR', 'T-2', '50.00 EUR', 'applied');
SELECT is((SELECT (unapplied_amount, status)::text FROM payment WHERE bank_reference = 'T-2'), '("50.00 EUR",unapplied)',
          'a status given on insert is derived again');
INSERT INTO payment (company_id, value_date, amount, bank_reference, unapplied_amount, status)
VALUES (9302, '2026-03-02', '50.00 EUR', 'T-3', '50.00 USD', 'unapplied');
SELECT is((SELECT (unapplied_amount, status)::text FROM payment WHERE bank_reference = 'T-3'), '("50.00 EUR",unapplied)',
          'an unapplied amount in another currency is replaced');
INSERT INTO payment (company_id, value_date, amount, bank_reference, status)
VALUES (9302, '2026-03-02', '50.00 EUR', 'T-4', 'returned');
SELECT is((SELECT (unapplied_amount, status)::text FROM payment WHERE bank_reference = 'T-4'), '("50.00 EUR",returned)',
          'a payment inserted as returned stays returned');
INSERT INTO payment (company_id, value_date, amount, bank_reference, status)
VALUES (9302, '2026-03-02', '50.00 EUR', 'T-5', NULL);
SELECT is((SELECT (unapplied_amount, status)::text FROM payment WHERE bank_reference = 'T-5'), '("50.00 EUR",unapplied)',
          'a payment inserted without a status is unapplied');
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount, bank_reference, unapplied_amount, status)
                   VALUES (9302, '2026-03-02', '-5.00 EUR', 'T-6', '-5.00 EUR', 'unapplied')$$,
                 '23514', NULL, 'a payment of a negative amount is refused, trigger or not');

-- the duplicate-payment check finds payments by payer account, value date
-- and amount: one payer's many payments of one day are not each compared
-- with all the others
SELECT ok(pg_get_indexdef('ar2c.payment_payer_account'::regclass) LIKE '%(company_id, payer_account, value_date, minor_units_value(amount))%',
          'the payer-account index holds the amount');
INSERT INTO payment (company_id, value_date, amount, payer_account, bank_reference)
SELECT 9302, '2026-03-03', ar2c.money_cur_units(1000 + i, 'EUR'), 'DE02100100100006820101', 'P-' || i
FROM generate_series(1, 3000) i;
SELECT is((SELECT count(*) FROM alert WHERE company_id = 9302 AND kind = 'duplicate_payment'), 0::bigint,
          'a payer''s payments of one day with distinct amounts raise no alert');

SELECT * FROM finish();
ROLLBACK;
