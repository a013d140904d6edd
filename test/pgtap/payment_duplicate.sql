-- Issue 17: a company may refuse, not only flag, a payment that looks
-- like an earlier one (duplicate_payment_policy refuse), while re-sent
-- data still goes through ON CONFLICT and a bank statement with two equal
-- payments still imports. The application's role may also create objects
-- in schema public.
BEGIN;
SET search_path = public, ar2c;
SET client_min_messages = warning;
SELECT plan(29);

INSERT INTO company (company_id, name, functional_currency) VALUES (9201, 'North GmbH', 'EUR'), (9202, 'South SA', 'EUR');
DO $$ BEGIN PERFORM ar2c.create_roles(); END $$;
CREATE ROLE pd_erp LOGIN IN ROLE ar2c_application;
CREATE ROLE pd_clerk LOGIN IN ROLE ar2c_clerk;
GRANT CREATE ON SCHEMA public TO pd_erp;
INSERT INTO company_access (role_name, company_id) VALUES ('pd_erp', 9201), ('pd_erp', 9202), ('pd_clerk', 9201);

-- the policy
SELECT is((SELECT duplicate_payment_policy FROM company WHERE company_id = 9202), 'alert', 'a company flags duplicate payments by default');
SELECT throws_ok($$UPDATE company SET duplicate_payment_policy = 'ignore' WHERE company_id = 9202$$, '23514', NULL,
                 'the policy is alert or refuse');
SELECT col_default_is('ar2c', 'company', 'duplicate_payment_policy', 'alert', 'its default is alert');
SELECT ok(col_description('ar2c.company'::regclass,
                          (SELECT attnum FROM pg_attribute WHERE attrelid = 'ar2c.company'::regclass AND attname = 'duplicate_payment_policy')) IS NOT NULL,
          'and it has a comment');
UPDATE company SET duplicate_payment_policy = 'refuse' WHERE company_id = 9201;

CREATE FUNCTION pg_temp.payment_of(ref text) RETURNS bigint LANGUAGE sql SECURITY DEFINER
AS $$ SELECT payment_id FROM ar2c.payment WHERE bank_reference = ref $$;

SET ROLE pd_erp;
-- what the hostile application shadows in public changes nothing
CREATE FUNCTION public.minor_units_value(ar2c.money_cur) RETURNS bigint LANGUAGE sql AS $$ SELECT 0::bigint $$;
CREATE FUNCTION public.currency(ar2c.money_cur) RETURNS ar2c.currency LANGUAGE sql AS $$ SELECT 'EUR'::ar2c.currency $$;
SELECT lives_ok($$INSERT INTO payment (company_id, value_date, amount, payer_account, end_to_end_id, bank_reference)
                  VALUES (9201, '2026-06-30', '250.00 EUR', 'DE02120300000000202051', 'E2E-1', 'BR-1')$$, 'a first payment');
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount, payer_account)
                   VALUES (9201, '2026-06-30', '250.00 EUR', 'DE02120300000000202051')$$, '23505',
                 format('payment of 250.00 EUR duplicates payment %s: same amount and payer account DE02120300000000202051 and value date 2026-06-30',
                        pg_temp.payment_of('BR-1')),
                 'under refuse the same amount, payer account and value date without a bank reference is refused');
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount, end_to_end_id)
                   VALUES (9201, '2026-07-01', '250.00 EUR', 'E2E-1')$$, '23505',
                 format('payment of 250.00 EUR duplicates payment %s: same amount and end-to-end id E2E-1', pg_temp.payment_of('BR-1')),
                 'and so is the same amount and end-to-end id');
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount, payer_account, bank_reference)
                   VALUES (9201, '2026-06-30', '250.00 EUR', 'DE02120300000000202051', NULL)$$, '23505', NULL,
                 'a NULL bank reference tells nothing apart');
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount, payer_account) VALUES
                   (9201, '2026-05-31', '90.00 EUR', 'DE99'), (9201, '2026-05-31', '90.00 EUR', 'DE99')$$, '23505', NULL,
                 'two equal payments in one statement: the second is refused, and the statement with it');
RESET ROLE;
SELECT is((SELECT count(*) FROM payment WHERE company_id = 9201), 1::bigint, 'nothing refused is stored');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'duplicate_payment'), 0::bigint, 'nor an alert of it');
SET ROLE pd_erp;
SELECT lives_ok($$INSERT INTO payment (company_id, value_date, amount, end_to_end_id, bank_reference)
                  VALUES (9201, '2026-07-01', '250.00 EUR', 'E2E-1', 'BR-2')$$,
                'a payment with its own bank reference is a second payment the bank booked: stored');
SELECT lives_ok($$INSERT INTO payment (company_id, value_date, amount, payer_account, bank_reference)
                  VALUES (9201, '2026-06-30', '250.00 EUR', 'DE02120300000000202051', 'BR-3')$$, 'so is this one');
RESET ROLE;
SELECT is((SELECT array_agg(subject_id ORDER BY subject_id) FROM alert WHERE kind = 'duplicate_payment'),
          ARRAY[pg_temp.payment_of('BR-2'), pg_temp.payment_of('BR-3')], 'each with its duplicate_payment alert');
SET ROLE pd_erp;
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount, bank_reference) VALUES (9201, '2026-06-30', '250.00 EUR', 'BR-1')$$,
                 '23505', NULL, 'data sent again with its bank reference is refused by the natural key');
SELECT lives_ok($$INSERT INTO payment (company_id, value_date, amount, payer_account, bank_reference)
                  VALUES (9201, '2026-06-30', '250.00 EUR', 'DE02120300000000202051', 'BR-1')
                  ON CONFLICT (company_id, bank_reference) WHERE bank_entry_id IS NULL DO NOTHING$$, 'ON CONFLICT DO NOTHING skips it');
SELECT lives_ok($$INSERT INTO payment (company_id, value_date, amount, payer_account, bank_reference, remittance_text)
                  VALUES (9201, '2026-06-30', '250.00 EUR', 'DE02120300000000202051', 'BR-1', 'INV-1')
                  ON CONFLICT (company_id, bank_reference) WHERE bank_entry_id IS NULL DO UPDATE SET remittance_text = excluded.remittance_text$$,
                'ON CONFLICT DO UPDATE updates it');
SELECT lives_ok($$INSERT INTO payment (company_id, value_date, amount, payer_account)
                  VALUES (9201, '2026-06-30', '250.00 USD', 'DE02120300000000202051')$$, 'another currency is no duplicate');
SELECT lives_ok($$INSERT INTO payment (company_id, value_date, amount, payer_account) VALUES
                  (9202, '2026-06-30', '250.00 EUR', 'DE02120300000000202051'), (9202, '2026-06-30', '250.00 EUR', 'DE02120300000000202051')$$,
                'under alert, the default, a duplicate is stored');
RESET ROLE;
SELECT is((SELECT count(*) FROM alert WHERE kind = 'duplicate_payment' AND company_id = 9202), 1::bigint, 'and flagged');
SELECT is((SELECT remittance_text FROM payment WHERE bank_reference = 'BR-1'), 'INV-1', 'the upsert changed the one payment');

-- a statement may well hold two equal payments: imports are flagged, never refused
SET ROLE pd_clerk;
\set sta ':20:STARTUMS\n:25:37040044/0532013000\n:28C:00051/001\n:60F:C260401EUR0,00\n:61:2604020402CR100,00NTRFNONREF//260402-0001\n:86:166?00SEPA-GUTSCHRIFT?20SVWZ+INV-7?31DE44500105175407324931?32Delta GmbH\n:61:2604020402CR100,00NTRFNONREF//260402-0002\n:86:166?00SEPA-GUTSCHRIFT?20SVWZ+INV-8?31DE44500105175407324931?32Delta GmbH\n:62F:C260402EUR200,00\n-'
SELECT is((SELECT payments_created FROM import_statement(9201, replace(:'sta', '\n', E'\n'))), 2,
          'a statement with two equal payments of one payer and day imports both under refuse');
SELECT is((SELECT count(*) FROM payment WHERE company_id = 9201 AND payer_account = 'DE44500105175407324931'), 2::bigint, 'both are stored');
SELECT is((SELECT count(*) FROM alert WHERE kind = 'duplicate_payment' AND subject_id = pg_temp.payment_of('260402-0002')), 1::bigint,
          'the second is flagged');
SELECT is((SELECT payments_created FROM import_statement(9201, replace(:'sta', '\n', E'\n'))), 0,
          'imported again, the statement makes no payment (its entries are deduplicated)');
RESET ROLE;
SET ROLE pd_erp;
SELECT throws_ok($$INSERT INTO payment (company_id, value_date, amount, bank_reference) VALUES (9201, '2026-04-02', '100.00 EUR', '260402-0001')$$,
                 '23505', format('payment of 100.00 EUR duplicates payment %s: same amount and bank reference 260402-0001', pg_temp.payment_of('260402-0001')),
                 'the application writing a payment a statement brought is refused');
SELECT lives_ok($$INSERT INTO payment (company_id, value_date, amount, bank_reference) VALUES (9201, '2026-04-03', '300.00 EUR', '260403-0001')$$,
                'the application writes a payment before the statement brings it');
RESET ROLE;
SET ROLE pd_clerk;
SELECT is((SELECT payments_created FROM import_statement(9201, replace(replace(replace(replace(replace(:'sta', '260402', '260403'), '00051', '00052'),
                                                                              'CR100,00NTRFNONREF//260403-0001', 'CR300,00NTRFNONREF//260403-0001'), 'EUR200,00', 'EUR400,00'), '\n', E'\n'))),
          2, 'the statement bringing it is imported anyway');
RESET ROLE;
SELECT is((SELECT count(*) FROM alert WHERE kind = 'duplicate_payment' AND message LIKE '%same amount 300.00 EUR and bank reference 260403-0001'),
          1::bigint, 'and flags the payment it brought');

SELECT * FROM finish();
ROLLBACK;
