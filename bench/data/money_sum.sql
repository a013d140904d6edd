-- Loads the single-currency tables of bench/money_sum.bench: the same
-- amounts, all in EUR, in four representations, one narrow table each.
-- Skipped when already loaded at this scale.

\ir money_common.sql

SELECT ar2c_bench.needs_load('money_sum', :'scale', 'sum_money_cur', 'sum_bigint',
                             'sum_numeric', 'sum_money') AS load_money_sum \gset
\if :load_money_sum
DROP TABLE IF EXISTS ar2c_bench.sum_money_cur, ar2c_bench.sum_bigint,
    ar2c_bench.sum_numeric, ar2c_bench.sum_money;
CREATE TABLE ar2c_bench.sum_money_cur (m ar2c.money_cur NOT NULL);
CREATE TABLE ar2c_bench.sum_bigint (units bigint NOT NULL);
CREATE TABLE ar2c_bench.sum_numeric (amount numeric(18,2) NOT NULL);
CREATE TABLE ar2c_bench.sum_money (amount money NOT NULL);
INSERT INTO ar2c_bench.sum_money_cur
    SELECT ar2c.money_cur_units(units, currency) FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), false);
INSERT INTO ar2c_bench.sum_bigint
    SELECT units FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), false);
INSERT INTO ar2c_bench.sum_numeric
    SELECT amount FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), false);
INSERT INTO ar2c_bench.sum_money
    SELECT amount::money FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), false);
VACUUM ANALYZE ar2c_bench.sum_money_cur, ar2c_bench.sum_bigint,
    ar2c_bench.sum_numeric, ar2c_bench.sum_money;
SELECT ar2c_bench.mark_loaded('money_sum', :'scale');
CHECKPOINT;
\endif
