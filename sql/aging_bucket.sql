-- aging_bucket: buckets of days past due
SET search_path = public, ar2c;
SET datestyle = 'ISO, YMD';

-- the default boundaries are 30,60,90,120; each edge lands where it should
SELECT days, aging_bucket(days) AS bucket
FROM unnest(ARRAY[-5, 0, 1, 30, 31, 60, 61, 90, 91, 120, 121, 1000]) AS days;
-- (the setting is known once the library is loaded, by the first call above)
SHOW ar2c.aging_boundaries;

-- explicit boundaries do not depend on the setting
SELECT days, aging_bucket(days, '{7,14}') AS weekly, aging_bucket(days, '{90}') AS quarter
FROM unnest(ARRAY[-1, 0, 1, 7, 8, 14, 15, 90, 91]) AS days;

-- by dates: days past due = as_of - due (2024 is a leap year)
SELECT due, date '2024-03-31' - due AS days, aging_bucket(due, date '2024-03-31') AS bucket,
       aging_bucket(due, date '2024-03-31', '{15,45}') AS short
FROM unnest(ARRAY[date '2024-04-15', date '2024-03-31', date '2024-03-30',
                  date '2024-03-01', date '2024-02-29', date '2024-01-31',
                  date '2024-01-30', date '2024-01-01', date '2023-12-31',
                  date '2023-12-02', date '2023-12-01']) AS due;

-- lower and upper bounds in days; NULL for the open ends
SELECT bucket, lower(bucket), upper(bucket)
FROM unnest('{not due,1-30,31-60,over 120,over 0}'::aging_bucket[]) AS bucket;

-- the list of buckets, for reports that must show empty ones
SELECT * FROM aging_buckets();
SELECT * FROM aging_buckets('{15,45}');

-- an aging report over a few invoices, as of 2024-03-31
CREATE TEMP TABLE invoice (id integer, due date, open_amount numeric);
INSERT INTO invoice VALUES
    (1, '2024-04-30', 100.00),
    (2, '2024-03-31', 250.00),
    (3, '2024-03-15',  75.50),
    (4, '2024-02-20', 300.00),
    (5, '2024-02-01',  20.00),
    (6, '2023-10-01', 999.99),
    (7, '2023-06-30',  10.00);
SELECT id, due, aging_bucket(due, '2024-03-31') AS bucket FROM invoice
ORDER BY aging_bucket(due, '2024-03-31') DESC, id;
SELECT aging_bucket(due, '2024-03-31') AS bucket, count(*), sum(open_amount)
FROM invoice GROUP BY 1 ORDER BY 1;
-- every bucket, empty ones included
SELECT b.ordinal, b.bucket, count(i.id) AS invoices, coalesce(sum(i.open_amount), 0.00) AS open_amount
FROM aging_buckets() AS b
LEFT JOIN invoice AS i ON aging_bucket(i.due, '2024-03-31') = b.bucket
GROUP BY b.ordinal, b.bucket ORDER BY b.ordinal;

-- changing the setting changes new bucketing, not stored buckets
CREATE TEMP TABLE aged AS SELECT id, aging_bucket(due, '2024-03-31') AS bucket FROM invoice;
SET ar2c.aging_boundaries = '15,45';
SHOW ar2c.aging_boundaries;
SELECT days, aging_bucket(days) AS bucket
FROM unnest(ARRAY[0, 1, 15, 16, 45, 46]) AS days;
SELECT * FROM aging_buckets();
SELECT a.id, a.bucket AS stored, aging_bucket(i.due, '2024-03-31') AS now
FROM aged AS a JOIN invoice AS i USING (id) ORDER BY a.id;
SET ar2c.aging_boundaries = ' 10 , 20 ,30 ';
SELECT aging_bucket(25);
RESET ar2c.aging_boundaries;
SELECT aging_bucket(25);

-- hash aggregation, hash and merge joins and a btree index use the classes
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT bucket, count(*) FROM aged GROUP BY bucket;
SELECT bucket, count(*) FROM aged GROUP BY bucket ORDER BY count(*) DESC, bucket;
RESET enable_sort;
SET enable_nestloop = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM aged AS a JOIN aged AS b ON a.bucket = b.bucket;
SELECT count(*) AS hash_joined FROM aged AS a JOIN aged AS b ON a.bucket = b.bucket;
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM aged AS a JOIN aged AS b ON a.bucket = b.bucket;
SELECT count(*) AS merge_joined FROM aged AS a JOIN aged AS b ON a.bucket = b.bucket;
RESET enable_hashjoin;
RESET enable_nestloop;
CREATE INDEX aged_bucket ON aged (bucket);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM aged WHERE bucket = '31-60';
SELECT id FROM aged WHERE bucket = '31-60' ORDER BY id;
RESET enable_seqscan;

-- comparisons follow the days
SELECT '1-30'::aging_bucket < '31-60' AS lt, 'not due'::aging_bucket < '1-30' AS not_due_first,
       'over 120'::aging_bucket > '91-120' AS over_last, '1-30'::aging_bucket = ' 1 - 30 ' AS eq,
       '1-30'::aging_bucket <> '1-31' AS ne;

-- text round trip: input in any case, output canonical
SELECT label, label::aging_bucket AS bucket, label::aging_bucket::text::aging_bucket = label::aging_bucket AS round_trip
FROM unnest(ARRAY['not due', 'NOT DUE', ' Not  Due ', '1-30', '31 - 60', 'Over 120', 'over 0',
                  '1-2147483647']) AS label;

-- binary round trip: a version byte, then lower and upper as int32
SELECT aging_bucket_send('not due'), aging_bucket_send('31-60'), aging_bucket_send('over 120');
\copy aged TO 'results/aging_bucket.bin' WITH (FORMAT binary)
CREATE TEMP TABLE aged_back (LIKE aged);
\copy aged_back FROM 'results/aging_bucket.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, count(*) FILTER (WHERE a.bucket = b.bucket) AS equal
FROM aged AS a JOIN aged_back AS b USING (id);

-- bad labels name the value
SELECT 'overdue'::aging_bucket;
SELECT '0-30'::aging_bucket;
SELECT '60-31'::aging_bucket;
SELECT 'over 2147483647'::aging_bucket;
SELECT ''::aging_bucket;

-- bad boundaries name the culprit
SELECT aging_bucket(10, '{60,30}');
SELECT aging_bucket(10, '{30,NULL}');
SELECT aging_bucket(10, '{}');
SET ar2c.aging_boundaries = '30,sixty';
SELECT aging_bucket(date 'infinity', date '2024-03-31');
