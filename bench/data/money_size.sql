-- Loads the extra ten-currency tables of bench/money_size.bench: the same
-- amounts as bench/data/money_mixed.sql, stored as numeric(18,2) + char(3),
-- bigint minor units + char(3), bigint alone and money alone (the last two
-- without their currency). Skipped when already loaded at this scale.

\ir money_mixed.sql

SELECT ar2c_bench.needs_load('money_size', :'scale', 'mixed_numeric_char',
                             'mixed_bigint_char', 'mixed_bigint', 'mixed_money') AS load_money_size \gset
\if :load_money_size
DROP TABLE IF EXISTS ar2c_bench.mixed_numeric_char, ar2c_bench.mixed_bigint_char,
    ar2c_bench.mixed_bigint, ar2c_bench.mixed_money;
CREATE TABLE ar2c_bench.mixed_numeric_char (amount numeric(18,2) NOT NULL, cur char(3) NOT NULL);
CREATE TABLE ar2c_bench.mixed_bigint_char (units bigint NOT NULL, cur char(3) NOT NULL);
CREATE TABLE ar2c_bench.mixed_bigint (units bigint NOT NULL);
CREATE TABLE ar2c_bench.mixed_money (amount money NOT NULL);
INSERT INTO ar2c_bench.mixed_numeric_char
    SELECT amount, code FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), true);
INSERT INTO ar2c_bench.mixed_bigint_char
    SELECT units, code FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), true);
INSERT INTO ar2c_bench.mixed_bigint
    SELECT units FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), true);
INSERT INTO ar2c_bench.mixed_money
    SELECT amount::money FROM ar2c_bench.amounts(ar2c_bench.rows(:'scale'), true);
VACUUM ANALYZE ar2c_bench.mixed_numeric_char, ar2c_bench.mixed_bigint_char,
    ar2c_bench.mixed_bigint, ar2c_bench.mixed_money;
SELECT ar2c_bench.mark_loaded('money_size', :'scale');
CHECKPOINT;
\endif
