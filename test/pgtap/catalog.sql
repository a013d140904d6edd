-- The catalog: every object a user sees says what it is (COMMENT ON).
-- The functions that only implement an operator, a type's input and
-- output, an operator class or an aggregate's steps are described by
-- what they implement, and left out.
BEGIN;
SET search_path = public, ar2c;
SELECT plan(3);

SELECT is_empty($$
    WITH support AS (
        SELECT o.oprcode::oid AS f FROM pg_operator o WHERE o.oprnamespace = 'ar2c'::regnamespace
        UNION SELECT unnest(ARRAY[t.typinput, t.typoutput, t.typreceive, t.typsend]::oid[])
        FROM pg_type t WHERE t.typnamespace = 'ar2c'::regnamespace
        UNION SELECT ap.amproc::oid FROM pg_amproc ap JOIN pg_opfamily f ON f.oid = ap.amprocfamily
        WHERE f.opfnamespace = 'ar2c'::regnamespace
        UNION SELECT unnest(ARRAY[a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn]::oid[])
        FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.pronamespace = 'ar2c'::regnamespace
    )
    SELECT p.oid::regprocedure::text FROM pg_proc p
    WHERE p.pronamespace = 'ar2c'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL
      AND p.oid NOT IN (SELECT s.f FROM support s WHERE s.f IS NOT NULL)
$$, 'every function, trigger function and aggregate has a comment');
SELECT is_empty($$
    SELECT c.relname::text FROM pg_class c
    WHERE c.relnamespace = 'ar2c'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
      AND obj_description(c.oid, 'pg_class') IS NULL
$$, 'every table and view has a comment');
SELECT is_empty($$
    SELECT c.relname || '.' || a.attname FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relnamespace = 'ar2c'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
      AND col_description(c.oid, a.attnum) IS NULL
$$, 'every column of every table and view has a comment');

SELECT * FROM finish();
ROLLBACK;
