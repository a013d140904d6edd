-- money_cur: every refusal with its SQLSTATE, and properties against numeric
BEGIN;
SET search_path = public, ar2c;
SELECT plan(45);

-- input refusals
SELECT throws_ok($$SELECT '1.234 USD'::money_cur$$, '22P02', 'too many decimal places in "1.234 USD": USD has 2', 'more decimals than the currency is refused');
SELECT throws_ok($$SELECT '1.5 JPY'::money_cur$$, '22P02', NULL, 'JPY takes no decimals');
SELECT throws_ok($$SELECT ''::money_cur$$, '22P02', 'invalid input syntax for type money_cur: ""', 'empty string');
SELECT throws_ok($$SELECT '   '::money_cur$$, '22P02', NULL, 'blank string');
SELECT throws_ok($$SELECT '12.50'::money_cur$$, '22P02', 'invalid input syntax for type money_cur: "12.50"', 'missing currency');
SELECT throws_ok($$SELECT 'EUR'::money_cur$$, '22P02', NULL, 'missing amount');
SELECT throws_ok($$SELECT 'twelve EUR'::money_cur$$, '22P02', NULL, 'garbage');
SELECT throws_ok($$SELECT '1,234.56 EUR'::money_cur$$, '22P02', NULL, 'thousands separators');
SELECT throws_ok($$SELECT '5 EUR 6'::money_cur$$, '22P02', NULL, 'trailing garbage');
SELECT throws_ok($$SELECT '5 EUX'::money_cur$$, '22023', 'invalid currency code "EUX"', 'unknown currency');
SELECT throws_ok($$SELECT '5 XAU'::money_cur$$, '22023', 'currency "XAU" has no minor unit', 'currency without minor unit');
SELECT throws_ok($$SELECT '92233720368547758.08 EUR'::money_cur$$, '22003', NULL, 'overflow on input');
SELECT throws_ok($$SELECT '-9223372036854775808 JPY'::money_cur$$, '22003', NULL, 'the asymmetric int64 minimum is refused');

-- arithmetic refusals
SELECT throws_ok($$SELECT '1.00 EUR'::money_cur + '1.00 USD'$$, '42804', 'cannot add money_cur in different currencies: EUR and USD', 'adding currencies');
SELECT throws_ok($$SELECT '1.00 EUR'::money_cur - '1.00 USD'$$, '42804', 'cannot subtract money_cur in different currencies: EUR and USD', 'subtracting currencies');
SELECT throws_ok($$SELECT '1.00 EUR'::money_cur / '1.00 USD'::money_cur$$, '42804', NULL, 'ratio of currencies');
SELECT throws_ok($$SELECT sum(m) FROM (VALUES ('1.00 EUR'::money_cur), ('1.00 USD')) v(m)$$, '42804', 'cannot sum money_cur in different currencies: EUR and USD', 'summing currencies');
SELECT throws_ok($$SELECT max(m) FROM (VALUES ('1.00 EUR'::money_cur), ('1.00 USD')) v(m)$$, '42804', NULL, 'max across currencies');
SELECT throws_ok($$SELECT '92233720368547758.07 EUR'::money_cur + '0.01 EUR'$$, '22003', NULL, 'overflow on +');
SELECT throws_ok($$SELECT '92233720368547758.07 EUR'::money_cur * 2$$, '22003', NULL, 'overflow on *');
SELECT throws_ok($$SELECT '92233720368547758.07 EUR'::money_cur * 1.5$$, '22003', NULL, 'overflow on * numeric');
SELECT throws_ok($$SELECT sum(m) FROM (VALUES ('92233720368547758.07 EUR'::money_cur), ('0.01 EUR')) v(m)$$, '22003', NULL, 'a sum that cannot be represented');
SELECT throws_ok($$SELECT '1.00 EUR'::money_cur / 0$$, '22012', NULL, 'division by zero');
SELECT throws_ok($$SELECT '1.00 EUR'::money_cur / 0.0$$, '22012', NULL, 'division by numeric zero');
SELECT throws_ok($$SELECT '1.00 EUR'::money_cur / '0.00 EUR'::money_cur$$, '22012', NULL, 'ratio by zero');
SELECT throws_ok($$SELECT '1.00 EUR'::money_cur * 'NaN'::numeric$$, '22023', NULL, 'NaN factor');
SELECT throws_ok($$SELECT money_cur(1.005, 'EUR')$$, '22023', NULL, 'numeric needing rounding without a rule');
SELECT throws_ok($$SELECT money_cur(1.005, 'EUR', 'bankers')$$, '22023', 'invalid rounding rule "bankers"', 'unknown rounding rule');
SELECT throws_ok($$SELECT money_cur('Infinity', 'EUR')$$, '22023', NULL, 'infinite amount');
SELECT throws_ok($$SELECT round_to('1.00 EUR', 0.001)$$, '22023', NULL, 'step finer than the minor unit');
SELECT throws_ok($$SELECT convert('1.00 EUR', 'USD', -1)$$, '22023', NULL, 'negative rate');
SELECT throws_ok($$SELECT convert('1.00 EUR', 'EUR', 2)$$, '22023', 'invalid exchange rate 2 from EUR to itself', 'a rate other than 1 within one currency');
SELECT throws_ok($$SELECT allocate('1.00 EUR', '{1,-1}')$$, '22023', NULL, 'negative ratio');
SELECT throws_ok($$SELECT allocate('1.00 EUR', '{0,0}')$$, '22023', NULL, 'all-zero ratios');
SELECT throws_ok($$SELECT allocate('1.00 EUR', '{1,NULL}')$$, '22004', NULL, 'NULL ratio');
SELECT throws_ok($$SELECT '(1,5,)'::money_cur_acc$$, '22P02', NULL, 'inconsistent aggregate state');
SELECT throws_ok($$SELECT 'x'::money_cur_acc$$, '22P02', NULL, 'garbage aggregate state');
SELECT throws_ok($$SET ar2c.rounding = 'bankers'$$, '22023', NULL, 'bad GUC value');

-- differential test against numeric on 20,000 random amounts
CREATE TEMP TABLE r AS
SELECT i, c, mu,
       money_cur_units(a, c) AS ma, money_cur_units(b, c) AS mb,
       a::numeric / 10::numeric ^ mu AS na, b::numeric / 10::numeric ^ mu AS nb,
       k, f
FROM (SELECT setseed(0.2026)) s,
     LATERAL (SELECT i,
                     (ARRAY['EUR','JPY','KWD','CLF','USD'])[1 + i % 5]::currency AS c,
                     (ARRAY[2, 0, 3, 4, 2])[1 + i % 5] AS mu,
                     (random() * 2e12 - 1e12)::bigint AS a,
                     (random() * 2e12 - 1e12)::bigint AS b,
                     (random() * 2000 - 1000)::int AS k,
                     round((random() * 20 - 10)::numeric, (random() * 6)::int) AS f
              FROM generate_series(1, 20000) i) g;

-- numeric's reference for half-even rounding to mu decimals
CREATE FUNCTION pg_temp.half_even(x numeric, mu int) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN abs(x * 10::numeric ^ mu - trunc(x * 10::numeric ^ mu)) = 0.5
              THEN (trunc(x * 10::numeric ^ mu) + CASE WHEN trunc(x * 10::numeric ^ mu) % 2 = 0 THEN 0 ELSE sign(x) END)
              ELSE round(x * 10::numeric ^ mu) END / 10::numeric ^ mu $$;

SELECT is((SELECT count(*) FROM r WHERE amount(ma + mb) <> na + nb), 0::bigint, 'a + b agrees with numeric');
SELECT is((SELECT count(*) FROM r WHERE amount(ma - mb) <> na - nb), 0::bigint, 'a - b agrees with numeric');
SELECT is((SELECT count(*) FROM r WHERE amount(ma * k) <> na * k), 0::bigint, 'a * integer agrees with numeric');
SELECT is((SELECT count(*) FROM r WHERE amount(ma * f) <> pg_temp.half_even(na * f, mu)), 0::bigint, 'a * numeric rounds half-even like the reference');
SELECT is((SELECT count(*) FROM r WHERE k <> 0 AND amount(ma / k) <> pg_temp.half_even(na / k::numeric * 1, mu)
           AND abs(na * 10::numeric ^ mu % k) * 2 <> abs(k)), 0::bigint, 'a / integer rounds like the reference off ties');
SELECT is((SELECT count(*) FROM r
           WHERE amount(money_cur(na * f, c, 'half_even')) <> pg_temp.half_even(na * f, mu)), 0::bigint,
          'money_cur(numeric, currency, half_even) agrees with the reference');
SELECT is((SELECT count(*) FROM (SELECT c, amount(sum(ma)) AS s, sum(na) AS n FROM r GROUP BY c) x WHERE s <> n), 0::bigint,
          'sum() per currency agrees with sum(numeric)');

SELECT * FROM finish();
ROLLBACK;
