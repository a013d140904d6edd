-- The ar2c demo: what a credit controller would look at.
\set QUIET on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ar2c;
DROP SCHEMA IF EXISTS ar2c_demo CASCADE;
CREATE SCHEMA ar2c_demo;
SET search_path = ar2c_demo, public, ar2c;

\echo
\echo '== ar2c' `date +%F`
SELECT extversion AS "ar2c version", (SELECT count(*) FROM ar2c.currencies()) AS "ISO 4217 currencies known"
FROM pg_extension WHERE extname = 'ar2c';

\echo '== Exact money: amounts carry their currency and never round silently'
SELECT '1234.56 EUR'::money_cur + '0.44 EUR' AS "EUR sum",
       '1000 JPY'::money_cur * 3 AS "JPY times 3",
       '100.000 KWD'::money_cur / 3 AS "KWD thirds (half-even)",
       ar2c.convert('250.00 USD', 'CNY', 7.1234) AS "USD to CNY";

\echo '== Splitting 100.00 EUR three ways: no cent lost or invented'
SELECT part, sum(part) OVER () AS total
FROM unnest(ar2c.allocate('100.00 EUR', ARRAY[1, 1, 1])) AS part;
