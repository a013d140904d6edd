-- cash_allocate_run: the refusals of its arguments, with their SQLSTATE.
-- One payment of 100.00 EUR naming invoice INV-1 (100.00 EUR) of its one
-- candidate customer; each case changes one argument.
BEGIN;
SET search_path = public, ar2c;
SELECT plan(11);

CREATE FUNCTION pg_temp.run(weight float8, charge bigint) RETURNS SETOF text
LANGUAGE sql AS $$
    SELECT rule FROM ar2c.cash_allocate_run(
        '{1}', '{1}', '{t}', '{f}', '{1}', '{0.97}', '{1}',
        '{1}', '{EUR}', '{10000}',
        '{1}', ARRAY[ar2c.normalize_invoice_number('INV-1')], ARRAY[weight],
        '{1}', '{1}', '{2026-07-01}', ARRAY[ar2c.normalize_invoice_number('INV-1')], '{EUR}', '{10000}', 200,
        0.005, 5000, 24, 20000,
        '{0}', '{EUR}', ARRAY[charge])
$$;

SELECT is((SELECT array_agg(r) FROM pg_temp.run(1, 1500) r), '{reference}'::text[], 'a reference as written (weight 1) settles its invoice');
SELECT lives_ok('SELECT pg_temp.run(0.85, 1500)', 'a reference with two digits swapped back weighs 0.85');
SELECT throws_ok('SELECT pg_temp.run(0, 1500)', '22023', 'reference weight 0 is out of range', 'a reference weight of 0 is refused');
SELECT throws_ok('SELECT pg_temp.run(-0.5, 1500)', '22023', 'reference weight -0.5 is out of range', 'a negative reference weight is refused');
SELECT throws_ok('SELECT pg_temp.run(1.5, 1500)', '22023', 'reference weight 1.5 is out of range', 'a reference weight above 1 is refused');
SELECT throws_ok($$SELECT pg_temp.run('NaN', 1500)$$, '22023', 'reference weight NaN is out of range', 'a reference weight NaN is refused');
SELECT throws_ok($$SELECT pg_temp.run('Infinity', 1500)$$, '22023', 'reference weight Infinity is out of range', 'an infinite reference weight is refused');
SELECT lives_ok('SELECT pg_temp.run(1, 1)', 'a bank charge of one minor unit is accepted');
SELECT throws_ok('SELECT pg_temp.run(1, 0)', '22023', 'cash_allocate_run needs positive charge_units, not 0', 'a bank charge of 0 is refused');
SELECT throws_ok('SELECT pg_temp.run(1, -1500)', '22023', 'cash_allocate_run needs positive charge_units, not -1500', 'a negative bank charge is refused');
SELECT throws_ok('SELECT pg_temp.run(1, NULL)', '22004', NULL, 'a NULL bank charge is refused');

SELECT * FROM finish();
ROLLBACK;
