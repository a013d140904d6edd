-- aging_bucket: an interval of days past due, 'not due', '1-30', ...,
-- 'over 120' (core/aging_bucket.h).
-- Stored as one int64, lower bound in the high half and upper bound in the
-- low half, so its comparisons, hashing and sorting are int8's, declared
-- over PostgreSQL's own int8 functions.  A stored bucket does not depend on
-- ar2c.aging_boundaries, so changing the setting never changes old rows.

CREATE TYPE ar2c.aging_bucket;

CREATE FUNCTION ar2c.aging_bucket_in(cstring) RETURNS ar2c.aging_bucket
    AS 'MODULE_PATHNAME', 'aging_bucket_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.aging_bucket_out(ar2c.aging_bucket) RETURNS cstring
    AS 'MODULE_PATHNAME', 'aging_bucket_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.aging_bucket_recv(internal) RETURNS ar2c.aging_bucket
    AS 'MODULE_PATHNAME', 'aging_bucket_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.aging_bucket_send(ar2c.aging_bucket) RETURNS bytea
    AS 'MODULE_PATHNAME', 'aging_bucket_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE ar2c.aging_bucket (
    INPUT = ar2c.aging_bucket_in,
    OUTPUT = ar2c.aging_bucket_out,
    RECEIVE = ar2c.aging_bucket_recv,
    SEND = ar2c.aging_bucket_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE ar2c.aging_bucket IS 'aging bucket of days past due (''not due'', ''1-30'', ''over 120''), sorted from not due to oldest';

CREATE FUNCTION ar2c.aging_bucket_eq(ar2c.aging_bucket, ar2c.aging_bucket) RETURNS boolean
    AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.aging_bucket_ne(ar2c.aging_bucket, ar2c.aging_bucket) RETURNS boolean
    AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.aging_bucket_lt(ar2c.aging_bucket, ar2c.aging_bucket) RETURNS boolean
    AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.aging_bucket_le(ar2c.aging_bucket, ar2c.aging_bucket) RETURNS boolean
    AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.aging_bucket_gt(ar2c.aging_bucket, ar2c.aging_bucket) RETURNS boolean
    AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.aging_bucket_ge(ar2c.aging_bucket, ar2c.aging_bucket) RETURNS boolean
    AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.aging_bucket_cmp(ar2c.aging_bucket, ar2c.aging_bucket) RETURNS integer
    AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.aging_bucket_sortsupport(internal) RETURNS void
    AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.aging_bucket_hash(ar2c.aging_bucket) RETURNS integer
    AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.aging_bucket_hash_extended(ar2c.aging_bucket, bigint) RETURNS bigint
    AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR ar2c.= (
    LEFTARG = ar2c.aging_bucket, RIGHTARG = ar2c.aging_bucket, PROCEDURE = ar2c.aging_bucket_eq,
    COMMUTATOR = OPERATOR(ar2c.=), NEGATOR = OPERATOR(ar2c.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR ar2c.<> (
    LEFTARG = ar2c.aging_bucket, RIGHTARG = ar2c.aging_bucket, PROCEDURE = ar2c.aging_bucket_ne,
    COMMUTATOR = OPERATOR(ar2c.<>), NEGATOR = OPERATOR(ar2c.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR ar2c.< (
    LEFTARG = ar2c.aging_bucket, RIGHTARG = ar2c.aging_bucket, PROCEDURE = ar2c.aging_bucket_lt,
    COMMUTATOR = OPERATOR(ar2c.>), NEGATOR = OPERATOR(ar2c.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR ar2c.<= (
    LEFTARG = ar2c.aging_bucket, RIGHTARG = ar2c.aging_bucket, PROCEDURE = ar2c.aging_bucket_le,
    COMMUTATOR = OPERATOR(ar2c.>=), NEGATOR = OPERATOR(ar2c.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR ar2c.> (
    LEFTARG = ar2c.aging_bucket, RIGHTARG = ar2c.aging_bucket, PROCEDURE = ar2c.aging_bucket_gt,
    COMMUTATOR = OPERATOR(ar2c.<), NEGATOR = OPERATOR(ar2c.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR ar2c.>= (
    LEFTARG = ar2c.aging_bucket, RIGHTARG = ar2c.aging_bucket, PROCEDURE = ar2c.aging_bucket_ge,
    COMMUTATOR = OPERATOR(ar2c.<=), NEGATOR = OPERATOR(ar2c.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

-- btequalimage: equal buckets are bitwise equal, so btree deduplication is safe
CREATE OPERATOR CLASS ar2c.aging_bucket_ops DEFAULT FOR TYPE ar2c.aging_bucket USING btree AS
    OPERATOR 1 ar2c.<, OPERATOR 2 ar2c.<=, OPERATOR 3 ar2c.=,
    OPERATOR 4 ar2c.>=, OPERATOR 5 ar2c.>,
    FUNCTION 1 ar2c.aging_bucket_cmp(ar2c.aging_bucket, ar2c.aging_bucket),
    FUNCTION 2 ar2c.aging_bucket_sortsupport(internal),
    FUNCTION 4 (ar2c.aging_bucket, ar2c.aging_bucket) pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS ar2c.aging_bucket_hash_ops DEFAULT FOR TYPE ar2c.aging_bucket USING hash AS
    OPERATOR 1 ar2c.=,
    FUNCTION 1 ar2c.aging_bucket_hash(ar2c.aging_bucket),
    FUNCTION 2 ar2c.aging_bucket_hash_extended(ar2c.aging_bucket, bigint);

-- STABLE, not IMMUTABLE: the bucket depends on ar2c.aging_boundaries, which
-- a session may change; use the overloads with explicit boundaries in
-- indexes, generated columns and anything else that must be IMMUTABLE.
CREATE FUNCTION ar2c.aging_bucket(days_past_due integer) RETURNS ar2c.aging_bucket
    AS 'MODULE_PATHNAME', 'aging_bucket_of_days' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.aging_bucket(integer) IS 'aging bucket of a number of days past due, by the boundaries in ar2c.aging_boundaries';

-- STABLE: reads ar2c.aging_boundaries, as above.
CREATE FUNCTION ar2c.aging_bucket(due date, as_of date) RETURNS ar2c.aging_bucket
    AS 'MODULE_PATHNAME', 'aging_bucket_of_dates' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.aging_bucket(date, date) IS 'aging bucket of an item due on a date, as of a date (days past due = as_of - due), by the boundaries in ar2c.aging_boundaries';

CREATE FUNCTION ar2c.aging_bucket(days_past_due integer, boundaries integer[]) RETURNS ar2c.aging_bucket
    AS 'MODULE_PATHNAME', 'aging_bucket_of_days_boundaries' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.aging_bucket(integer, integer[]) IS 'aging bucket of a number of days past due, by explicit increasing boundaries such as ''{30,60,90,120}''';

CREATE FUNCTION ar2c.aging_bucket(due date, as_of date, boundaries integer[]) RETURNS ar2c.aging_bucket
    AS 'MODULE_PATHNAME', 'aging_bucket_of_dates_boundaries' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.aging_bucket(date, date, integer[]) IS 'aging bucket of an item due on a date, as of a date, by explicit increasing boundaries such as ''{30,60,90,120}''';

CREATE FUNCTION ar2c.lower(ar2c.aging_bucket) RETURNS integer
    AS 'MODULE_PATHNAME', 'aging_bucket_lower_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.lower(ar2c.aging_bucket) IS 'first day past due of an aging bucket (31 for ''31-60''); NULL for ''not due''';
CREATE FUNCTION ar2c.upper(ar2c.aging_bucket) RETURNS integer
    AS 'MODULE_PATHNAME', 'aging_bucket_upper_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.upper(ar2c.aging_bucket) IS 'last day past due of an aging bucket (60 for ''31-60'', 0 for ''not due''); NULL for the open ''over N''';

-- STABLE: reads ar2c.aging_boundaries, as above.
CREATE FUNCTION ar2c.aging_buckets(OUT ordinal integer, OUT bucket ar2c.aging_bucket)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'aging_buckets_configured' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 6;
COMMENT ON FUNCTION ar2c.aging_buckets() IS 'every aging bucket of ar2c.aging_boundaries in order, numbered from 1, for reports that must show empty buckets';
CREATE FUNCTION ar2c.aging_buckets(boundaries integer[], OUT ordinal integer, OUT bucket ar2c.aging_bucket)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'aging_buckets_of_boundaries' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 6;
COMMENT ON FUNCTION ar2c.aging_buckets(integer[]) IS 'every aging bucket of explicit increasing boundaries in order, numbered from 1';
