-- currency: refusals, the table, and the operator classes
BEGIN;
SET search_path = public, ar2c;
SELECT plan(14);

SELECT throws_ok($$SELECT 'EUX'::currency$$, '22023', 'invalid currency code "EUX"', 'unknown code');
SELECT throws_ok($$SELECT 'EU'::currency$$, '22023', NULL, 'two letters');
SELECT throws_ok($$SELECT 'EURO'::currency$$, '22023', NULL, 'four letters');
SELECT throws_ok($$SELECT ''::currency$$, '22023', NULL, 'empty');
SELECT throws_ok($$SELECT 'HRK'::currency$$, '22023', NULL, 'a withdrawn code (Croatian kuna)');

-- the hint names the close code
CREATE FUNCTION pg_temp.hint_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE h text;
BEGIN
  EXECUTE sql;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
  RETURN h;
END $$;
SELECT is(pg_temp.hint_of($$SELECT 'EUX'::currency$$), 'Did you mean "EUR"?', 'EUX hints at EUR');
SELECT is(pg_temp.hint_of($$SELECT '1 usx'::money_cur$$), 'Did you mean "UGX", "USD" or "USN"?', 'money input hints at every close code');

-- every code round-trips through text and binary, case-insensitively
SELECT is((SELECT count(*) FROM currencies() WHERE lower(code::text)::currency <> code), 0::bigint,
          'every code reads back from lower case');
SELECT is((SELECT count(*) FROM currencies() WHERE currency_send(code) <> convert_to(code::text, 'UTF8')), 0::bigint,
          'the binary form of every code is its three letters');
SELECT is((SELECT count(DISTINCT numeric_code) FROM currencies()), (SELECT count(*) FROM currencies()),
          'numeric codes are unique');
SELECT ok((SELECT bool_and(minor_units IN (0, 2, 3, 4) OR minor_units IS NULL) FROM currencies()),
          'minor units are 0, 2, 3, 4 or not applicable');

-- the operator classes are valid
SELECT ok(bool_and(amvalidate(oid)), 'btree and hash classes of currency validate')
FROM pg_opclass WHERE opcname IN ('currency_ops', 'currency_hash_ops');
SELECT ok(bool_and(amvalidate(oid)), 'btree and hash classes of money_cur validate')
FROM pg_opclass WHERE opcname IN ('money_cur_ops', 'money_cur_hash_ops');
SELECT is((SELECT count(*) FROM pg_opclass WHERE opcname IN ('currency_ops', 'currency_hash_ops', 'money_cur_ops', 'money_cur_hash_ops')),
          4::bigint, 'four operator classes exist');

SELECT * FROM finish();
ROLLBACK;
