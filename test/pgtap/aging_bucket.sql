-- aging_bucket: properties of bucketing, round trips, refusals, catalogue
BEGIN;
SET search_path = public, ar2c;
SELECT plan(74);

-- Boundary lists the properties are checked against: the default, a short
-- one, a single boundary, weekly, and the largest boundary there can be.
CREATE TEMP TABLE lists (boundaries integer[]);
INSERT INTO lists VALUES ('{30,60,90,120}'), ('{15,45}'), ('{1}'), ('{7,14,21,28,35,42,49,56,63,70,77,84,91,98,105,112}'),
                         ('{365,2147483646}');

-- Properties, by the setting (default 30,60,90,120) ----------------------

SELECT is((SELECT count(*) FROM generate_series(-400, 400) AS d
           WHERE (SELECT count(*) FROM aging_buckets() AS b
                  WHERE d BETWEEN coalesce(lower(b.bucket), -2147483648)
                              AND coalesce(upper(b.bucket), 2147483647)) <> 1),
          0::bigint, 'every day from -400 to 400 lies in exactly one bucket of aging_buckets()');
SELECT is((SELECT count(*) FROM generate_series(-400, 400) AS d
           WHERE NOT d BETWEEN coalesce(lower(aging_bucket(d)), -2147483648)
                           AND coalesce(upper(aging_bucket(d)), 2147483647)),
          0::bigint, 'the bucket of every day from -400 to 400 contains it');
SELECT is((SELECT count(*) FROM generate_series(-400, 400) AS d
           WHERE aging_bucket(d) NOT IN (SELECT bucket FROM aging_buckets())),
          0::bigint, 'the bucket of every day is one of aging_buckets()');
SELECT is((SELECT count(*) FROM generate_series(-400, 399) AS d
           WHERE NOT aging_bucket(d) <= aging_bucket(d + 1)),
          0::bigint, 'buckets never go down as days go up');
SELECT is((SELECT count(*) FROM generate_series(-400, 399) AS d
           WHERE (aging_bucket(d) = aging_bucket(d + 1)) <> (upper(aging_bucket(d)) IS DISTINCT FROM d)),
          0::bigint, 'the bucket changes exactly after its last day');
SELECT is((SELECT count(DISTINCT aging_bucket(d)) FROM generate_series(-400, 400) AS d),
          6::bigint, 'days from -400 to 400 fill the six default buckets');
SELECT is((SELECT array_agg(bucket::text ORDER BY ordinal) FROM aging_buckets()),
          ARRAY['not due', '1-30', '31-60', '61-90', '91-120', 'over 120'],
          'aging_buckets() lists the default buckets in order');
SELECT is((SELECT array_agg(ordinal ORDER BY bucket) FROM aging_buckets()),
          ARRAY[1, 2, 3, 4, 5, 6], 'ordinals follow the order of the buckets');
SELECT is((SELECT count(*) FROM generate_series(-400, 400) AS d
           WHERE aging_bucket(d) <> aging_bucket(d, '{30,60,90,120}')),
          0::bigint, 'the setting and the same explicit boundaries agree');
SELECT is((SELECT count(*) FROM generate_series(-400, 400) AS d
           WHERE aging_bucket(date '2024-03-31' - d, date '2024-03-31') <> aging_bucket(d)),
          0::bigint, 'by dates, the bucket is that of as_of - due');

-- Properties, by explicit boundaries --------------------------------------

SELECT is((SELECT count(*) FROM lists, generate_series(-400, 400) AS d
           WHERE (SELECT count(*) FROM aging_buckets(boundaries) AS b
                  WHERE d BETWEEN coalesce(lower(b.bucket), -2147483648)
                              AND coalesce(upper(b.bucket), 2147483647)) <> 1),
          0::bigint, 'for every list, every day lies in exactly one of its buckets');
SELECT is((SELECT count(*) FROM lists, generate_series(-400, 400) AS d
           WHERE NOT d BETWEEN coalesce(lower(aging_bucket(d, boundaries)), -2147483648)
                           AND coalesce(upper(aging_bucket(d, boundaries)), 2147483647)),
          0::bigint, 'for every list, the bucket of every day contains it');
SELECT is((SELECT count(*) FROM lists, generate_series(-400, 399) AS d
           WHERE NOT aging_bucket(d, boundaries) <= aging_bucket(d + 1, boundaries)),
          0::bigint, 'for every list, buckets never go down as days go up');
SELECT is((SELECT count(*) FROM lists, generate_series(-400, 400) AS d
           WHERE aging_bucket(date '2024-03-31' - d, date '2024-03-31', boundaries) <> aging_bucket(d, boundaries)),
          0::bigint, 'for every list, by dates is by as_of - due');
SELECT is((SELECT count(*) FROM lists
           WHERE (SELECT count(*) FROM aging_buckets(boundaries)) <> cardinality(boundaries) + 2),
          0::bigint, 'a list of n boundaries has n + 2 buckets');
SELECT is((SELECT count(*) FROM lists, aging_buckets(boundaries) AS b
           WHERE b.ordinal > 1 AND b.bucket <= (SELECT p.bucket FROM aging_buckets(boundaries) AS p
                                                WHERE p.ordinal = b.ordinal - 1)),
          0::bigint, 'aging_buckets(boundaries) is in increasing order');
SELECT is((SELECT count(*) FROM lists, aging_buckets(boundaries) AS b
           WHERE b.ordinal BETWEEN 2 AND cardinality(boundaries) + 1
             AND upper(b.bucket) <> boundaries[b.ordinal - 1]),
          0::bigint, 'each boundary is the last day of its bucket');
SELECT is(aging_bucket(2147483647, '{365,2147483646}')::text, 'over 2147483646',
          'the largest day falls into the last bucket');
SELECT is(aging_bucket(-2147483648, '{1}')::text, 'not due', 'the smallest day is not due');

-- Round trips ----------------------------------------------------------------

SELECT is((SELECT count(*) FROM lists, aging_buckets(boundaries) AS b
           WHERE b.bucket::text::aging_bucket <> b.bucket),
          0::bigint, 'every bucket of every list reads back from its label');
SELECT is((SELECT count(*) FROM lists, aging_buckets(boundaries) AS b
           WHERE upper(b.bucket::text)::aging_bucket <> b.bucket
              OR ('  ' || b.bucket::text || E'\t')::aging_bucket <> b.bucket),
          0::bigint, 'labels read back in upper case and with surrounding white space');
SELECT is((SELECT count(*) FROM lists, aging_buckets(boundaries) AS b
           WHERE aging_bucket_send(b.bucket) <>
                 '\x01'::bytea || int4send(coalesce(lower(b.bucket), -2147483648))
                               || int4send(coalesce(upper(b.bucket), 2147483647))),
          0::bigint, 'the binary form is a version byte, then lower and upper as int4');
SELECT is('1-2147483647'::aging_bucket, 'over 0'::aging_bucket, 'a range up to the largest day is "over"');
SELECT is(' 31  -  60 '::aging_bucket::text, '31-60', 'white space around the dash is allowed');

-- Bounds ---------------------------------------------------------------------

SELECT is(ARRAY[lower('not due'::aging_bucket), upper('not due'::aging_bucket)], ARRAY[NULL, 0],
          '"not due" has no lower bound and ends at day 0');
SELECT is(ARRAY[lower('31-60'::aging_bucket), upper('31-60'::aging_bucket)], ARRAY[31, 60],
          '31-60 runs from day 31 to day 60');
SELECT is(ARRAY[lower('over 120'::aging_bucket), upper('over 120'::aging_bucket)], ARRAY[121, NULL],
          '"over 120" starts at day 121 and has no upper bound');

-- The setting ---------------------------------------------------------------

SELECT is(current_setting('ar2c.aging_boundaries'), '30,60,90,120', 'the default boundaries');
SET LOCAL ar2c.aging_boundaries = ' 15 , 45 ';
SELECT is((SELECT array_agg(bucket::text ORDER BY ordinal) FROM aging_buckets()),
          ARRAY['not due', '1-15', '16-45', 'over 45'], 'aging_buckets() follows the setting');
SELECT is(aging_bucket(20)::text, '16-45', 'aging_bucket(days) follows the setting');
SELECT is(aging_bucket(date '2024-03-01', date '2024-03-31')::text, '16-45',
          'aging_bucket(due, as_of) follows the setting');
SELECT is(aging_bucket(20, '{30,60,90,120}')::text, '1-30', 'explicit boundaries ignore the setting');
SELECT throws_ok($$SET ar2c.aging_boundaries = '60,30'$$, '22023',
                 'invalid value for parameter "ar2c.aging_boundaries": "60,30"', 'GUC: boundaries going down');
SELECT throws_ok($$SET ar2c.aging_boundaries = '30,30'$$, '22023',
                 'invalid value for parameter "ar2c.aging_boundaries": "30,30"', 'GUC: a repeated boundary');
SELECT throws_ok($$SET ar2c.aging_boundaries = ''$$, '22023',
                 'invalid value for parameter "ar2c.aging_boundaries": ""', 'GUC: empty');
SELECT throws_ok($$SET ar2c.aging_boundaries = '30,,60'$$, '22023',
                 'invalid value for parameter "ar2c.aging_boundaries": "30,,60"', 'GUC: a missing boundary');
SELECT throws_ok($$SET ar2c.aging_boundaries = '30,sixty'$$, '22023',
                 'invalid value for parameter "ar2c.aging_boundaries": "30,sixty"', 'GUC: not a number');
SELECT throws_ok($$SET ar2c.aging_boundaries = '0,30'$$, '22023',
                 'invalid value for parameter "ar2c.aging_boundaries": "0,30"', 'GUC: zero');
SELECT throws_ok($$SET ar2c.aging_boundaries = '-30'$$, '22023',
                 'invalid value for parameter "ar2c.aging_boundaries": "-30"', 'GUC: negative');
SELECT throws_ok($$SET ar2c.aging_boundaries = '2147483647'$$, '22023',
                 'invalid value for parameter "ar2c.aging_boundaries": "2147483647"', 'GUC: too large');
SELECT throws_ok($$SET ar2c.aging_boundaries = '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17'$$, '22023',
                 'invalid value for parameter "ar2c.aging_boundaries": "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"',
                 'GUC: seventeen boundaries');
SELECT is(current_setting('ar2c.aging_boundaries'), ' 15 , 45 ', 'a refused value leaves the setting alone');
SELECT is(aging_bucket(20)::text, '16-45', 'and leaves bucketing alone');
RESET ar2c.aging_boundaries;

-- Refused labels ------------------------------------------------------------

SELECT throws_ok($$SELECT 'x'::aging_bucket$$, '22P02', 'invalid aging bucket "x"', 'label: not a bucket');
SELECT throws_ok($$SELECT ''::aging_bucket$$, '22P02', 'invalid aging bucket ""', 'label: empty');
SELECT throws_ok($$SELECT 'overdue'::aging_bucket$$, '22P02', 'invalid aging bucket "overdue"', 'label: overdue');
SELECT throws_ok($$SELECT 'over'::aging_bucket$$, '22P02', 'invalid aging bucket "over"', 'label: over without days');
SELECT throws_ok($$SELECT 'over -1'::aging_bucket$$, '22P02', 'invalid aging bucket "over -1"', 'label: over a negative');
SELECT throws_ok($$SELECT 'not due yet'::aging_bucket$$, '22P02', 'invalid aging bucket "not due yet"', 'label: trailing words');
SELECT throws_ok($$SELECT '1-30 days'::aging_bucket$$, '22P02', 'invalid aging bucket "1-30 days"', 'label: a unit');
SELECT throws_ok($$SELECT '-30'::aging_bucket$$, '22P02', 'invalid aging bucket "-30"', 'label: a negative day');
SELECT throws_ok($$SELECT '0-30'::aging_bucket$$, '22P02', 'invalid aging bucket "0-30"', 'label: a range from day 0');
SELECT throws_ok($$SELECT '60-31'::aging_bucket$$, '22P02', 'invalid aging bucket "60-31"', 'label: a range backwards');
SELECT throws_ok($$SELECT '1-2147483648'::aging_bucket$$, '22P02', 'invalid aging bucket "1-2147483648"', 'label: past the largest day');
SELECT throws_ok($$SELECT 'over 2147483647'::aging_bucket$$, '22P02', 'invalid aging bucket "over 2147483647"', 'label: over the largest day');

-- Refused boundary arrays ---------------------------------------------------

SELECT throws_ok($$SELECT aging_bucket(10, '{}')$$, '22023', 'invalid aging boundaries "{}"', 'array: empty');
SELECT throws_ok($$SELECT aging_bucket(10, '{{30,60},{90,120}}')$$, '22023',
                 'invalid aging boundaries "{{30,60},{90,120}}"', 'array: two dimensions');
SELECT throws_ok($$SELECT aging_bucket(10, '{30,NULL,90}')$$, '22023',
                 'invalid aging boundaries "{30,NULL,90}"', 'array: a NULL element');
SELECT throws_ok($$SELECT aging_bucket(10, '{60,30}')$$, '22023', 'invalid aging boundaries "{60,30}"', 'array: going down');
SELECT throws_ok($$SELECT aging_bucket(10, '{30,30}')$$, '22023', 'invalid aging boundaries "{30,30}"', 'array: repeated');
SELECT throws_ok($$SELECT aging_bucket(10, '{0,30}')$$, '22023', 'invalid aging boundaries "{0,30}"', 'array: zero');
SELECT throws_ok($$SELECT aging_bucket(10, '{-30}')$$, '22023', 'invalid aging boundaries "{-30}"', 'array: negative');
SELECT throws_ok($$SELECT aging_bucket(10, '{2147483647}')$$, '22023', 'invalid aging boundaries "{2147483647}"', 'array: too large');
SELECT throws_ok($$SELECT aging_bucket(10, (SELECT array_agg(i) FROM generate_series(1, 17) AS i))$$, '22023',
                 'invalid aging boundaries "{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17}"', 'array: seventeen boundaries');
SELECT throws_ok($$SELECT aging_bucket(date '2024-01-01', date '2024-03-31', '{60,30}')$$, '22023',
                 'invalid aging boundaries "{60,30}"', 'array: checked by the date overload too');
SELECT throws_ok($$SELECT * FROM aging_buckets('{60,30}')$$, '22023',
                 'invalid aging boundaries "{60,30}"', 'array: checked by aging_buckets too');
SELECT throws_ok($$SELECT aging_bucket(date 'infinity', date '2024-03-31')$$, '22008', NULL, 'an infinite due date');
SELECT throws_ok($$SELECT aging_bucket(date '2024-03-31', date '-infinity', '{30}')$$, '22008', NULL, 'an infinite as_of date');

-- Catalogue -----------------------------------------------------------------

SELECT ok(amvalidate(oid), opcname || ' validates')
FROM pg_opclass WHERE opcname IN ('aging_bucket_ops', 'aging_bucket_hash_ops')
                  AND opcnamespace = 'ar2c'::regnamespace ORDER BY opcname;
CREATE TEMP TABLE own_functions (fn regprocedure, user_facing boolean);
INSERT INTO own_functions VALUES
    ('ar2c.aging_bucket(integer)', true), ('ar2c.aging_bucket(date,date)', true),
    ('ar2c.aging_bucket(integer,integer[])', true), ('ar2c.aging_bucket(date,date,integer[])', true),
    ('ar2c.lower(ar2c.aging_bucket)', true), ('ar2c.upper(ar2c.aging_bucket)', true),
    ('ar2c.aging_buckets()', true), ('ar2c.aging_buckets(integer[])', true),
    ('ar2c.aging_bucket_in(cstring)', false), ('ar2c.aging_bucket_out(ar2c.aging_bucket)', false),
    ('ar2c.aging_bucket_recv(internal)', false), ('ar2c.aging_bucket_send(ar2c.aging_bucket)', false),
    ('ar2c.aging_bucket_eq(ar2c.aging_bucket,ar2c.aging_bucket)', false),
    ('ar2c.aging_bucket_ne(ar2c.aging_bucket,ar2c.aging_bucket)', false),
    ('ar2c.aging_bucket_lt(ar2c.aging_bucket,ar2c.aging_bucket)', false),
    ('ar2c.aging_bucket_le(ar2c.aging_bucket,ar2c.aging_bucket)', false),
    ('ar2c.aging_bucket_gt(ar2c.aging_bucket,ar2c.aging_bucket)', false),
    ('ar2c.aging_bucket_ge(ar2c.aging_bucket,ar2c.aging_bucket)', false),
    ('ar2c.aging_bucket_cmp(ar2c.aging_bucket,ar2c.aging_bucket)', false),
    ('ar2c.aging_bucket_sortsupport(internal)', false),
    ('ar2c.aging_bucket_hash(ar2c.aging_bucket)', false),
    ('ar2c.aging_bucket_hash_extended(ar2c.aging_bucket,bigint)', false);
SELECT is((SELECT array_agg(fn::text ORDER BY fn::text) FROM own_functions AS f JOIN pg_proc AS p ON p.oid = f.fn
           WHERE p.provolatile = 's'),
          ARRAY['aging_bucket(date,date)', 'aging_bucket(integer)', 'aging_buckets()'],
          'exactly the three functions that read the setting are STABLE; the rest are IMMUTABLE');
SELECT is((SELECT count(*) FROM own_functions AS f JOIN pg_proc AS p ON p.oid = f.fn
           WHERE p.provolatile IN ('i', 's') AND p.proisstrict AND p.proparallel = 's'),
          (SELECT count(*) FROM own_functions), 'every aging_bucket function is STRICT and PARALLEL SAFE');
SELECT is((SELECT count(*) FROM own_functions WHERE user_facing AND obj_description(fn, 'pg_proc') IS NOT NULL),
          8::bigint, 'every user-facing function has a comment');
SELECT isnt(obj_description('ar2c.aging_bucket'::regtype, 'pg_type'), NULL, 'the type has a comment');

SELECT * FROM finish();
ROLLBACK;
