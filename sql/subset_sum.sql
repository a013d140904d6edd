-- subset_sum: which open items (oldest first) one payment settles
SET search_path = public, ar2c;
-- 100.00 pays the first two of 30.00, 70.00, 50.00, 50.00 -- but 50.00 + 50.00 fits as well
SELECT * FROM subset_sum(10000, '{3000,7000,5000,5000}', 0, 10000);
-- with 40.00 instead of the second 50.00 only one pair fits
SELECT * FROM subset_sum(10000, '{3000,7000,5000,4000}', 0, 10000);
-- a payment 15.00 short (bank charges): fits within a tolerance of 20.00, not of 10.00
SELECT * FROM subset_sum(13500, '{3000,7000,5000}', 2000, 10000);
SELECT * FROM subset_sum(13500, '{3000,7000,5000}', 1000, 10000);
-- one item of exactly the amount beats several
SELECT * FROM subset_sum(5000, '{2000,3000,5000}', 0, 10000);
-- the node budget stops a hopeless search, and says so
SELECT status FROM subset_sum(30001, ARRAY(SELECT 1001 + 2 * g FROM generate_series(1, 64) g)::bigint[], 0, 100);
-- refusals
SELECT * FROM subset_sum(100, '{50,-50}', 0, 100);
SELECT * FROM subset_sum(100, ARRAY(SELECT 1 FROM generate_series(1, 65))::bigint[], 0, 100);
