-- the extension installs, drops and installs again in one database
SELECT extname, extversion, extnamespace::regnamespace AS schema, extrelocatable FROM pg_extension WHERE extname = 'ar2c';
DROP EXTENSION ar2c;
SELECT count(*) AS ar2c_schemas_left FROM pg_namespace WHERE nspname = 'ar2c';
CREATE EXTENSION ar2c;
-- a second CREATE gives PostgreSQL's usual error
CREATE EXTENSION ar2c;
CREATE EXTENSION IF NOT EXISTS ar2c;
-- no hooks, no preload: the module loads on first use in any session
SELECT '1.00 EUR'::ar2c.money_cur;
-- volatility is stated truthfully: a sample of each kind (STABLE reads a
-- GUC or a table, VOLATILE writes)
SELECT p.proname, p.provolatile, p.proparallel, count(*) AS overloads
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ar2c'
WHERE p.proname IN ('money_cur_add', 'money_cur_mul_numeric', 'money_cur_div_int8', 'round_to', 'convert',
                    'aging_bucket', 'aging_date', 'customer_exposure', 'roll_aging', 'rebuild_aging', 'create_roles')
GROUP BY 1, 2, 3 ORDER BY p.provolatile, p.proname, p.proparallel;
-- dropping the extension leaves the schema it was installed into
DROP EXTENSION ar2c;
SELECT count(*) AS objects_left_in_ar2c FROM pg_class WHERE relnamespace = 'ar2c'::regnamespace;
CREATE EXTENSION ar2c;
