-- Loads the ten-currency tables of bench/money_sum_grouped.bench and
-- bench/money_size.bench: the same amounts as money_cur, as numeric + text
-- and as bigint minor units + text. Skipped when already loaded at this scale.

\ir money_common.sql

SELECT ar2c_bench.needs_load('money_mixed', :'scale', 'mixed_money_cur',
                             'mixed_numeric_text', 'mixed_bigint_text') AS load_money_mixed \gset
\if :load_money_mixed
DROP TABLE IF EXISTS ar2c_bench.mixed_money_cur, ar2c_bench.mixed_numeric_text,
    ar2c_bench.mixed_bigint_text;
CREATE TABLE ar2c_bench.mixed_money_cur (m ar2c.money_cur NOT NULL);
CREATE TABLE ar2c_bench.mixed_numeric_text (amount numeric(18,2) NOT NULL, cur text NOT NULL);
CREATE TABLE ar2c_bench.mixed_bigint_text (units bigint NOT NULL, cur text NOT NULL);
INSERT INTO ar2c_bench.mixed_money_cur
    SELECT ar2c.money_cur_units(units, currency) FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), true);
INSERT INTO ar2c_bench.mixed_numeric_text
    SELECT amount, code FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), true);
INSERT INTO ar2c_bench.mixed_bigint_text
    SELECT units, code FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), true);
VACUUM ANALYZE ar2c_bench.mixed_money_cur, ar2c_bench.mixed_numeric_text,
    ar2c_bench.mixed_bigint_text;
SELECT ar2c_bench.mark_loaded('money_mixed', :'scale');
CHECKPOINT;
\endif
