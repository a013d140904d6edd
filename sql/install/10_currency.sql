-- currency: an ISO 4217 code in two bytes (core/currency.h).
-- Stored as the packed letters, so its comparisons, hashing and sorting are
-- int2's, declared over PostgreSQL's own int2 functions.

CREATE TYPE ar2c.currency;

CREATE FUNCTION ar2c.currency_in(cstring) RETURNS ar2c.currency
    AS 'MODULE_PATHNAME', 'currency_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.currency_out(ar2c.currency) RETURNS cstring
    AS 'MODULE_PATHNAME', 'currency_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.currency_recv(internal) RETURNS ar2c.currency
    AS 'MODULE_PATHNAME', 'currency_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.currency_send(ar2c.currency) RETURNS bytea
    AS 'MODULE_PATHNAME', 'currency_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE ar2c.currency (
    INPUT = ar2c.currency_in,
    OUTPUT = ar2c.currency_out,
    RECEIVE = ar2c.currency_recv,
    SEND = ar2c.currency_send,
    INTERNALLENGTH = 2,
    PASSEDBYVALUE,
    ALIGNMENT = int2,
    STORAGE = plain
);
COMMENT ON TYPE ar2c.currency IS 'ISO 4217 currency code (''EUR''), case-insensitive input, sorted alphabetically';

CREATE FUNCTION ar2c.currency_eq(ar2c.currency, ar2c.currency) RETURNS boolean
    AS 'int2eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.currency_ne(ar2c.currency, ar2c.currency) RETURNS boolean
    AS 'int2ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.currency_lt(ar2c.currency, ar2c.currency) RETURNS boolean
    AS 'int2lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.currency_le(ar2c.currency, ar2c.currency) RETURNS boolean
    AS 'int2le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.currency_gt(ar2c.currency, ar2c.currency) RETURNS boolean
    AS 'int2gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.currency_ge(ar2c.currency, ar2c.currency) RETURNS boolean
    AS 'int2ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.currency_cmp(ar2c.currency, ar2c.currency) RETURNS integer
    AS 'btint2cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.currency_sortsupport(internal) RETURNS void
    AS 'btint2sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.currency_hash(ar2c.currency) RETURNS integer
    AS 'hashint2' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.currency_hash_extended(ar2c.currency, bigint) RETURNS bigint
    AS 'hashint2extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR ar2c.= (
    LEFTARG = ar2c.currency, RIGHTARG = ar2c.currency, PROCEDURE = ar2c.currency_eq,
    COMMUTATOR = OPERATOR(ar2c.=), NEGATOR = OPERATOR(ar2c.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR ar2c.<> (
    LEFTARG = ar2c.currency, RIGHTARG = ar2c.currency, PROCEDURE = ar2c.currency_ne,
    COMMUTATOR = OPERATOR(ar2c.<>), NEGATOR = OPERATOR(ar2c.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR ar2c.< (
    LEFTARG = ar2c.currency, RIGHTARG = ar2c.currency, PROCEDURE = ar2c.currency_lt,
    COMMUTATOR = OPERATOR(ar2c.>), NEGATOR = OPERATOR(ar2c.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR ar2c.<= (
    LEFTARG = ar2c.currency, RIGHTARG = ar2c.currency, PROCEDURE = ar2c.currency_le,
    COMMUTATOR = OPERATOR(ar2c.>=), NEGATOR = OPERATOR(ar2c.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR ar2c.> (
    LEFTARG = ar2c.currency, RIGHTARG = ar2c.currency, PROCEDURE = ar2c.currency_gt,
    COMMUTATOR = OPERATOR(ar2c.<), NEGATOR = OPERATOR(ar2c.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR ar2c.>= (
    LEFTARG = ar2c.currency, RIGHTARG = ar2c.currency, PROCEDURE = ar2c.currency_ge,
    COMMUTATOR = OPERATOR(ar2c.<=), NEGATOR = OPERATOR(ar2c.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR CLASS ar2c.currency_ops DEFAULT FOR TYPE ar2c.currency USING btree AS
    OPERATOR 1 ar2c.<, OPERATOR 2 ar2c.<=, OPERATOR 3 ar2c.=,
    OPERATOR 4 ar2c.>=, OPERATOR 5 ar2c.>,
    FUNCTION 1 ar2c.currency_cmp(ar2c.currency, ar2c.currency),
    FUNCTION 2 ar2c.currency_sortsupport(internal),
    FUNCTION 4 btequalimage(oid);
CREATE OPERATOR CLASS ar2c.currency_hash_ops DEFAULT FOR TYPE ar2c.currency USING hash AS
    OPERATOR 1 ar2c.=,
    FUNCTION 1 ar2c.currency_hash(ar2c.currency),
    FUNCTION 2 ar2c.currency_hash_extended(ar2c.currency, bigint);

CREATE FUNCTION ar2c.minor_units(ar2c.currency) RETURNS integer
    AS 'MODULE_PATHNAME', 'currency_minor_units_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.minor_units(ar2c.currency) IS 'decimal places of a currency (JPY 0, EUR 2, KWD 3); NULL where ISO 4217 gives none (XAU)';
CREATE FUNCTION ar2c.currency_name(ar2c.currency) RETURNS text
    AS 'MODULE_PATHNAME', 'currency_name_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.currency_name(ar2c.currency) IS 'English name of a currency as ISO 4217 gives it';
CREATE FUNCTION ar2c.numeric_code(ar2c.currency) RETURNS integer
    AS 'MODULE_PATHNAME', 'currency_numeric_code_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.numeric_code(ar2c.currency) IS 'ISO 4217 numeric code of a currency (EUR 978)';
CREATE FUNCTION ar2c.currencies(
    OUT code ar2c.currency, OUT numeric_code integer, OUT minor_units integer, OUT name text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'currencies' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 180;
COMMENT ON FUNCTION ar2c.currencies() IS 'every ISO 4217 currency ar2c knows, alphabetically';
