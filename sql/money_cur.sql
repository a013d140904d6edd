-- money_cur: exact money with its currency
SET search_path = public, ar2c;

-- accepted spellings, canonical output
SELECT '1234.56 EUR'::money_cur AS a, 'EUR 1234.56'::money_cur AS b,
       '-0.05 USD'::money_cur AS c, '1000 JPY'::money_cur AS d,
       ' kwd 1.5'::money_cur AS e, '0.0001 CLF'::money_cur AS f;

-- accessors
SELECT amount(m), currency(m), minor_units_value(m)
FROM (VALUES ('1234.56 EUR'::money_cur), ('-0.05 USD'), ('1000 JPY'), ('1.500 KWD')) v(m);

-- arithmetic in one currency
SELECT '1234.56 EUR'::money_cur + '0.44 EUR' AS plus,
       '10.00 EUR'::money_cur - '10.01 EUR' AS minus,
       -'5.00 EUR'::money_cur AS negated,
       abs('-5.00 EUR'::money_cur) AS absolute;

-- multiplying by integers is exact; by numerics and dividing rounds half-even
SELECT '1.01 EUR'::money_cur * 3 AS times_3, 3 * '1.01 EUR'::money_cur AS three_times,
       '10.00 EUR'::money_cur * 0.125 AS times_eighth,
       '10.00 EUR'::money_cur / 3 AS third,
       '0.25 EUR'::money_cur / 2 AS half_of_25c,
       '0.35 EUR'::money_cur / 2 AS half_of_35c,
       '10.00 EUR'::money_cur / '4.00 EUR'::money_cur AS ratio;

-- ... or half-up when ar2c.rounding says so
SET ar2c.rounding = half_up;
SELECT '0.25 EUR'::money_cur / 2 AS half_of_25c, '-0.25 EUR'::money_cur / 2 AS minus_half_of_25c,
       '10.00 EUR'::money_cur * 0.125 AS times_eighth;
RESET ar2c.rounding;

-- from numeric: exact by default, rounding only when asked
SELECT money_cur(12.5, 'EUR') AS exact,
       money_cur(1.005, 'EUR', 'half_even') AS half_even,
       money_cur(1.005, 'EUR', 'half_up') AS half_up,
       money_cur(-1.005, 'EUR', 'half_up') AS neg_half_up,
       money_cur_units(123456, 'JPY') AS from_units;

-- cash rounding and conversion
SELECT round_to('10.07 CHF', 0.05) AS chf_cash, round_to('10.08 CHF', 0.05) AS chf_cash2,
       round_to('1234 JPY', 100) AS jpy_hundreds;
SELECT convert('100.00 USD', 'JPY', 151.237) AS usd_jpy,
       convert('1000 JPY', 'EUR', 0.0061) AS jpy_eur,
       convert('1.000 KWD', 'USD', 3.2571) AS kwd_usd;

-- allocate: the parts always add up to the whole
SELECT m, ratios, parts, (SELECT sum(p) FROM unnest(parts) p) AS total
FROM (VALUES ('100.00 EUR'::money_cur, '{1,1,1}'::numeric[]),
             ('-0.05 EUR', '{1,1,1}'),
             ('10 JPY', '{0.5,0,0.25}'),
             ('1000.00 USD', '{33.3,33.3,33.4}'),
             ('0.01 EUR', '{1,1}')) v(m, ratios),
     LATERAL (SELECT allocate(m, ratios) AS parts) a;

-- comparisons: a total order by currency, then amount
SELECT m FROM unnest('{"5.00 USD","1.00 EUR","-3.00 USD","200 JPY","0.50 EUR"}'::money_cur[]) m ORDER BY m;
SELECT '1.00 EUR'::money_cur = 'EUR 1'::money_cur AS eq, '1.00 EUR'::money_cur < '2.00 EUR' AS lt,
       '1.00 EUR'::money_cur <> '1.00 USD' AS ne_currency;

-- aggregates, grouped by currency
CREATE TABLE invoice_amounts (id int, amount money_cur);
INSERT INTO invoice_amounts VALUES
  (1, '100.00 EUR'), (2, '250.50 EUR'), (3, '0.01 EUR'),
  (4, '1000 JPY'), (5, '2500 JPY'), (6, '99.99 USD'), (7, NULL);
SELECT currency(amount), sum(amount), avg(amount), min(amount), max(amount), count(amount)
FROM invoice_amounts WHERE amount IS NOT NULL GROUP BY 1 ORDER BY 1;
SELECT sum(amount) AS no_rows FROM invoice_amounts WHERE false;
-- one total per currency in one pass, without GROUP BY
SELECT sum_by_currency(amount) FROM invoice_amounts;
SELECT t AS total FROM unnest((SELECT sum_by_currency(amount) FROM invoice_amounts)) t;
SELECT sum_by_currency(amount) AS no_rows FROM invoice_amounts WHERE false;
SELECT money_cur_totals_combine('{(EUR,2,100),(USD,1,5)}', '{(CHF,1,7),(EUR,1,-1)}') AS combined_state;
-- hash aggregation and hash joins use the hash class
SET enable_sort = off;
SELECT amount, count(*) FROM (SELECT amount FROM invoice_amounts UNION ALL SELECT amount FROM invoice_amounts) u
WHERE amount IS NOT NULL GROUP BY amount ORDER BY amount;
RESET enable_sort;

-- a parallel plan (partial aggregates combined) gives the same results as a serial one
CREATE TABLE many_amounts AS
  SELECT (ARRAY['EUR','USD','JPY'])[1 + i % 3]::currency AS cur,
         money_cur_units((i::bigint * 7919) % 100000 - 50000, (ARRAY['EUR','USD','JPY'])[1 + i % 3]::currency) AS m
  FROM generate_series(1, 60000) i;
ANALYZE many_amounts;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 1;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT cur, sum(m), avg(m), min(m), max(m) FROM many_amounts GROUP BY cur;
CREATE TEMP TABLE parallel_result AS SELECT cur, sum(m) AS s, avg(m) AS a, min(m) AS lo, max(m) AS hi FROM many_amounts GROUP BY cur;
EXPLAIN (COSTS OFF) SELECT sum(m) FROM many_amounts WHERE cur = 'EUR';
EXPLAIN (COSTS OFF) SELECT sum_by_currency(m) FROM many_amounts;
CREATE TEMP TABLE parallel_totals AS SELECT sum_by_currency(m) AS totals FROM many_amounts;
SELECT sum(m) AS parallel_eur_sum FROM many_amounts WHERE cur = 'EUR';
SET max_parallel_workers_per_gather = 0;
SELECT cur, s, a, lo, hi,
       (s, a, lo, hi) = (SELECT sum(m), avg(m), min(m), max(m) FROM many_amounts x WHERE x.cur = r.cur) AS same_as_serial,
       amount(s) = (SELECT sum(amount(m)) FROM many_amounts x WHERE x.cur = r.cur) AS same_as_numeric
FROM parallel_result r ORDER BY cur;
SELECT totals = (SELECT array_agg(s ORDER BY cur) FROM parallel_result) AS parallel_totals_equal_group_by FROM parallel_totals;
RESET ALL;
SET search_path = public, ar2c;

-- the aggregate state has an exact text form, also after combining
SELECT money_cur_acc_combine(money_cur_acc_add('(2,301,EUR)', '1.00 EUR'), '(1,-1,EUR)');
SELECT money_cur_acc_in(money_cur_acc_out('(3,-170141183460469231731687303715884105727,EUR)')) AS round_trip;
-- sums run in 128 bits: only a final total out of range is an error
SELECT sum(m) AS back_in_range
FROM (VALUES ('92233720368547758.07 EUR'::money_cur), ('92233720368547758.07 EUR'), ('-92233720368547758.07 EUR')) v(m);
SELECT money_cur_acc_sum('(3,170141183460469231731687303715884105727,EUR)');

-- binary: version byte, int64 minor units, currency letters; COPY round trip
SELECT money_cur_send('1.00 EUR');
CREATE TABLE copy_out AS SELECT * FROM invoice_amounts;
\copy copy_out TO 'results/money_cur.bin' (FORMAT binary)
CREATE TABLE copy_in (LIKE copy_out);
\copy copy_in FROM 'results/money_cur.bin' (FORMAT binary)
SELECT count(*) AS rows, count(*) FILTER (WHERE o.amount IS NOT DISTINCT FROM i.amount) AS identical
FROM copy_out o JOIN copy_in i USING (id);

-- errors: each names the value
SELECT '1.234 USD'::money_cur;
SELECT '1.5 JPY'::money_cur;
SELECT '12.50'::money_cur;
SELECT 'EUR'::money_cur;
SELECT ''::money_cur;
SELECT '1,234.56 EUR'::money_cur;
SELECT '5 EUX'::money_cur;
SELECT '5 XAU'::money_cur;
SELECT '92233720368547758.08 EUR'::money_cur;
SELECT '1.00 EUR'::money_cur + '1.00 USD';
SELECT sum(m) FROM (VALUES ('1.00 EUR'::money_cur), ('1.00 USD')) v(m);
SELECT '92233720368547758.07 EUR'::money_cur + '0.01 EUR';
SELECT '1.00 EUR'::money_cur / 0;
SELECT money_cur(1.005, 'EUR');
SELECT money_cur(1.005, 'EUR', 'bankers');
SELECT round_to('1.00 EUR', 0.001);
SELECT allocate('1.00 EUR', '{1,-1}');
SELECT allocate('1.00 EUR', '{0,0}');
SELECT allocate('1.00 EUR', '{}');
SELECT convert('1.00 EUR', 'USD', 0);
SELECT '(1,5,)'::money_cur_acc;
SELECT '{(EUR,2,100),(EUR,1,5)}'::money_cur_totals;
SELECT '{(EUR,0,100)}'::money_cur_totals;
