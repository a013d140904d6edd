-- money_cur: exact money, an int64 count of minor units and its currency
-- (core/money_cur.h). 10 bytes on disk.

CREATE TYPE ar2c.money_cur;

CREATE FUNCTION ar2c.money_cur_in(cstring) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_out(ar2c.money_cur) RETURNS cstring
    AS 'MODULE_PATHNAME', 'money_cur_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_recv(internal) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_send(ar2c.money_cur) RETURNS bytea
    AS 'MODULE_PATHNAME', 'money_cur_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE ar2c.money_cur (
    INPUT = ar2c.money_cur_in,
    OUTPUT = ar2c.money_cur_out,
    RECEIVE = ar2c.money_cur_recv,
    SEND = ar2c.money_cur_send,
    INTERNALLENGTH = 10,
    ALIGNMENT = int2,
    STORAGE = plain
);
COMMENT ON TYPE ar2c.money_cur IS 'exact amount of money with its ISO 4217 currency: ''1234.56 EUR''';

-- Constructors and accessors

CREATE FUNCTION ar2c.money_cur(amount numeric, currency ar2c.currency) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_from_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.money_cur(numeric, ar2c.currency) IS 'money from an amount in major units; refuses an amount that would need rounding';
CREATE FUNCTION ar2c.money_cur(amount numeric, currency ar2c.currency, rounding text) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_from_numeric_rounded' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.money_cur(numeric, ar2c.currency, text) IS 'money from an amount in major units, rounded to the minor unit by the rule named (half_even or half_up)';
CREATE FUNCTION ar2c.money_cur_units(minor_units bigint, currency ar2c.currency) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_from_units' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.money_cur_units(bigint, ar2c.currency) IS 'money from an integer count of minor units: money_cur_units(123456, ''EUR'') = 1234.56 EUR';
CREATE FUNCTION ar2c.amount(ar2c.money_cur) RETURNS numeric
    AS 'MODULE_PATHNAME', 'money_cur_amount' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.amount(ar2c.money_cur) IS 'the amount in major units as an exact numeric (1234.56)';
CREATE FUNCTION ar2c.currency(ar2c.money_cur) RETURNS ar2c.currency
    AS 'MODULE_PATHNAME', 'money_cur_currency' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.currency(ar2c.money_cur) IS 'the currency of an amount';
CREATE FUNCTION ar2c.minor_units_value(ar2c.money_cur) RETURNS bigint
    AS 'MODULE_PATHNAME', 'money_cur_minor_units_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.minor_units_value(ar2c.money_cur) IS 'the amount as an integer count of minor units (123456 for 1234.56 EUR)';

-- Arithmetic. Those that round read ar2c.rounding, hence STABLE.

CREATE FUNCTION ar2c.money_cur_add(ar2c.money_cur, ar2c.money_cur) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_sub(ar2c.money_cur, ar2c.money_cur) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_sub' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_neg(ar2c.money_cur) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_neg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.abs(ar2c.money_cur) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_abs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.abs(ar2c.money_cur) IS 'absolute value of an amount';
CREATE FUNCTION ar2c.money_cur_mul_int8(ar2c.money_cur, bigint) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_mul_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.int8_mul_money_cur(bigint, ar2c.money_cur) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'int8_mul_money_cur' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_mul_int4(ar2c.money_cur, integer) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_mul_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.int4_mul_money_cur(integer, ar2c.money_cur) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'int4_mul_money_cur' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_div_int4(ar2c.money_cur, integer) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_div_int4' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_div_int8(ar2c.money_cur, bigint) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_div_int8' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_mul_numeric(ar2c.money_cur, numeric) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_mul_numeric' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.numeric_mul_money_cur(numeric, ar2c.money_cur) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'numeric_mul_money_cur' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_div_numeric(ar2c.money_cur, numeric) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_div_numeric' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_div_money_cur(ar2c.money_cur, ar2c.money_cur) RETURNS numeric
    AS 'MODULE_PATHNAME', 'money_cur_div_money_cur' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR ar2c.+ (LEFTARG = ar2c.money_cur, RIGHTARG = ar2c.money_cur,
    PROCEDURE = ar2c.money_cur_add, COMMUTATOR = OPERATOR(ar2c.+));
CREATE OPERATOR ar2c.- (LEFTARG = ar2c.money_cur, RIGHTARG = ar2c.money_cur,
    PROCEDURE = ar2c.money_cur_sub);
CREATE OPERATOR ar2c.- (RIGHTARG = ar2c.money_cur, PROCEDURE = ar2c.money_cur_neg);
CREATE OPERATOR ar2c.* (LEFTARG = ar2c.money_cur, RIGHTARG = bigint,
    PROCEDURE = ar2c.money_cur_mul_int8, COMMUTATOR = OPERATOR(ar2c.*));
CREATE OPERATOR ar2c.* (LEFTARG = bigint, RIGHTARG = ar2c.money_cur,
    PROCEDURE = ar2c.int8_mul_money_cur, COMMUTATOR = OPERATOR(ar2c.*));
CREATE OPERATOR ar2c.* (LEFTARG = ar2c.money_cur, RIGHTARG = integer,
    PROCEDURE = ar2c.money_cur_mul_int4, COMMUTATOR = OPERATOR(ar2c.*));
CREATE OPERATOR ar2c.* (LEFTARG = integer, RIGHTARG = ar2c.money_cur,
    PROCEDURE = ar2c.int4_mul_money_cur, COMMUTATOR = OPERATOR(ar2c.*));
CREATE OPERATOR ar2c.* (LEFTARG = ar2c.money_cur, RIGHTARG = numeric,
    PROCEDURE = ar2c.money_cur_mul_numeric, COMMUTATOR = OPERATOR(ar2c.*));
CREATE OPERATOR ar2c.* (LEFTARG = numeric, RIGHTARG = ar2c.money_cur,
    PROCEDURE = ar2c.numeric_mul_money_cur, COMMUTATOR = OPERATOR(ar2c.*));
CREATE OPERATOR ar2c./ (LEFTARG = ar2c.money_cur, RIGHTARG = bigint,
    PROCEDURE = ar2c.money_cur_div_int8);
CREATE OPERATOR ar2c./ (LEFTARG = ar2c.money_cur, RIGHTARG = integer,
    PROCEDURE = ar2c.money_cur_div_int4);
CREATE OPERATOR ar2c./ (LEFTARG = ar2c.money_cur, RIGHTARG = numeric,
    PROCEDURE = ar2c.money_cur_div_numeric);
CREATE OPERATOR ar2c./ (LEFTARG = ar2c.money_cur, RIGHTARG = ar2c.money_cur,
    PROCEDURE = ar2c.money_cur_div_money_cur);

CREATE FUNCTION ar2c.round_to(ar2c.money_cur, step numeric) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_round_to' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.round_to(ar2c.money_cur, numeric) IS 'round to a multiple of step major units by ar2c.rounding: round_to(''10.07 CHF'', 0.05) = 10.05 CHF';
CREATE FUNCTION ar2c.convert(ar2c.money_cur, to_currency ar2c.currency, rate numeric) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_convert' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.convert(ar2c.money_cur, ar2c.currency, numeric) IS 'convert at rate (1 unit of the amount''s currency = rate units of to_currency), rounded by ar2c.rounding';

-- Comparison: a total order, currency first, then amount.

CREATE FUNCTION ar2c.money_cur_eq(ar2c.money_cur, ar2c.money_cur) RETURNS boolean
    AS 'MODULE_PATHNAME', 'money_cur_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.money_cur_ne(ar2c.money_cur, ar2c.money_cur) RETURNS boolean
    AS 'MODULE_PATHNAME', 'money_cur_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.money_cur_lt(ar2c.money_cur, ar2c.money_cur) RETURNS boolean
    AS 'MODULE_PATHNAME', 'money_cur_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.money_cur_le(ar2c.money_cur, ar2c.money_cur) RETURNS boolean
    AS 'MODULE_PATHNAME', 'money_cur_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.money_cur_gt(ar2c.money_cur, ar2c.money_cur) RETURNS boolean
    AS 'MODULE_PATHNAME', 'money_cur_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.money_cur_ge(ar2c.money_cur, ar2c.money_cur) RETURNS boolean
    AS 'MODULE_PATHNAME', 'money_cur_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.money_cur_cmp(ar2c.money_cur, ar2c.money_cur) RETURNS integer
    AS 'MODULE_PATHNAME', 'money_cur_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.money_cur_hash(ar2c.money_cur) RETURNS integer
    AS 'MODULE_PATHNAME', 'money_cur_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ar2c.money_cur_hash_extended(ar2c.money_cur, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'money_cur_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR ar2c.= (
    LEFTARG = ar2c.money_cur, RIGHTARG = ar2c.money_cur, PROCEDURE = ar2c.money_cur_eq,
    COMMUTATOR = OPERATOR(ar2c.=), NEGATOR = OPERATOR(ar2c.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR ar2c.<> (
    LEFTARG = ar2c.money_cur, RIGHTARG = ar2c.money_cur, PROCEDURE = ar2c.money_cur_ne,
    COMMUTATOR = OPERATOR(ar2c.<>), NEGATOR = OPERATOR(ar2c.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR ar2c.< (
    LEFTARG = ar2c.money_cur, RIGHTARG = ar2c.money_cur, PROCEDURE = ar2c.money_cur_lt,
    COMMUTATOR = OPERATOR(ar2c.>), NEGATOR = OPERATOR(ar2c.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR ar2c.<= (
    LEFTARG = ar2c.money_cur, RIGHTARG = ar2c.money_cur, PROCEDURE = ar2c.money_cur_le,
    COMMUTATOR = OPERATOR(ar2c.>=), NEGATOR = OPERATOR(ar2c.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR ar2c.> (
    LEFTARG = ar2c.money_cur, RIGHTARG = ar2c.money_cur, PROCEDURE = ar2c.money_cur_gt,
    COMMUTATOR = OPERATOR(ar2c.<), NEGATOR = OPERATOR(ar2c.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR ar2c.>= (
    LEFTARG = ar2c.money_cur, RIGHTARG = ar2c.money_cur, PROCEDURE = ar2c.money_cur_ge,
    COMMUTATOR = OPERATOR(ar2c.<=), NEGATOR = OPERATOR(ar2c.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR CLASS ar2c.money_cur_ops DEFAULT FOR TYPE ar2c.money_cur USING btree AS
    OPERATOR 1 ar2c.<, OPERATOR 2 ar2c.<=, OPERATOR 3 ar2c.=,
    OPERATOR 4 ar2c.>=, OPERATOR 5 ar2c.>,
    FUNCTION 1 ar2c.money_cur_cmp(ar2c.money_cur, ar2c.money_cur),
    FUNCTION 4 btequalimage(oid);
CREATE OPERATOR CLASS ar2c.money_cur_hash_ops DEFAULT FOR TYPE ar2c.money_cur USING hash AS
    OPERATOR 1 ar2c.=,
    FUNCTION 1 ar2c.money_cur_hash(ar2c.money_cur),
    FUNCTION 2 ar2c.money_cur_hash_extended(ar2c.money_cur, bigint);

-- Splitting an amount: the largest-remainder method (core/allocate.h).

CREATE FUNCTION ar2c.allocate(ar2c.money_cur, ratios numeric[]) RETURNS ar2c.money_cur[]
    AS 'MODULE_PATHNAME', 'money_cur_allocate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.allocate(ar2c.money_cur, numeric[]) IS 'split an amount by ratios; the parts always add up exactly to the amount';

-- Aggregates. The state type money_cur_acc is a real type with an exact
-- text form (count, sum in minor units, currency), not internal, so that
-- partial states can move between parallel workers and between nodes.

CREATE TYPE ar2c.money_cur_acc;
CREATE FUNCTION ar2c.money_cur_acc_in(cstring) RETURNS ar2c.money_cur_acc
    AS 'MODULE_PATHNAME', 'money_cur_acc_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_acc_out(ar2c.money_cur_acc) RETURNS cstring
    AS 'MODULE_PATHNAME', 'money_cur_acc_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE ar2c.money_cur_acc (
    INPUT = ar2c.money_cur_acc_in,
    OUTPUT = ar2c.money_cur_acc_out,
    INTERNALLENGTH = 32,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE ar2c.money_cur_acc IS 'state of sum() and avg() over money_cur: (count, sum in minor units, currency)';

CREATE FUNCTION ar2c.money_cur_acc_add(ar2c.money_cur_acc, ar2c.money_cur) RETURNS ar2c.money_cur_acc
    AS 'MODULE_PATHNAME', 'money_cur_acc_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_acc_combine(ar2c.money_cur_acc, ar2c.money_cur_acc) RETURNS ar2c.money_cur_acc
    AS 'MODULE_PATHNAME', 'money_cur_acc_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_acc_sum(ar2c.money_cur_acc) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_acc_sum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_acc_avg(ar2c.money_cur_acc) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_acc_avg' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_larger(ar2c.money_cur, ar2c.money_cur) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_smaller(ar2c.money_cur, ar2c.money_cur) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'money_cur_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE ar2c.sum(ar2c.money_cur) (
    SFUNC = ar2c.money_cur_acc_add, STYPE = ar2c.money_cur_acc, INITCOND = '(0,0,)',
    COMBINEFUNC = ar2c.money_cur_acc_combine, FINALFUNC = ar2c.money_cur_acc_sum,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ar2c.sum(ar2c.money_cur) IS 'exact sum of amounts in one currency (an error across currencies)';
CREATE AGGREGATE ar2c.avg(ar2c.money_cur) (
    SFUNC = ar2c.money_cur_acc_add, STYPE = ar2c.money_cur_acc, INITCOND = '(0,0,)',
    COMBINEFUNC = ar2c.money_cur_acc_combine, FINALFUNC = ar2c.money_cur_acc_avg,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ar2c.avg(ar2c.money_cur) IS 'mean of amounts in one currency, rounded to the minor unit by ar2c.rounding';
CREATE AGGREGATE ar2c.max(ar2c.money_cur) (
    SFUNC = ar2c.money_cur_larger, STYPE = ar2c.money_cur,
    COMBINEFUNC = ar2c.money_cur_larger, PARALLEL = SAFE
);
COMMENT ON AGGREGATE ar2c.max(ar2c.money_cur) IS 'largest amount in one currency (an error across currencies)';
CREATE AGGREGATE ar2c.min(ar2c.money_cur) (
    SFUNC = ar2c.money_cur_smaller, STYPE = ar2c.money_cur,
    COMBINEFUNC = ar2c.money_cur_smaller, PARALLEL = SAFE
);
COMMENT ON AGGREGATE ar2c.min(ar2c.money_cur) IS 'smallest amount in one currency (an error across currencies)';

-- One total per currency in one pass, without GROUP BY (money_cur_totals.c)

CREATE TYPE ar2c.money_cur_totals;
CREATE FUNCTION ar2c.money_cur_totals_in(cstring) RETURNS ar2c.money_cur_totals
    AS 'MODULE_PATHNAME', 'money_cur_totals_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_totals_out(ar2c.money_cur_totals) RETURNS cstring
    AS 'MODULE_PATHNAME', 'money_cur_totals_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE ar2c.money_cur_totals (
    INPUT = ar2c.money_cur_totals_in,
    OUTPUT = ar2c.money_cur_totals_out,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE ar2c.money_cur_totals IS 'state of sum_by_currency(): {(currency,count,sum in minor units),...}';
CREATE FUNCTION ar2c.money_cur_totals_add(ar2c.money_cur_totals, ar2c.money_cur) RETURNS ar2c.money_cur_totals
    AS 'MODULE_PATHNAME', 'money_cur_totals_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_totals_combine(ar2c.money_cur_totals, ar2c.money_cur_totals) RETURNS ar2c.money_cur_totals
    AS 'MODULE_PATHNAME', 'money_cur_totals_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ar2c.money_cur_totals_final(ar2c.money_cur_totals) RETURNS ar2c.money_cur[]
    AS 'MODULE_PATHNAME', 'money_cur_totals_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE ar2c.sum_by_currency(ar2c.money_cur) (
    SFUNC = ar2c.money_cur_totals_add, STYPE = ar2c.money_cur_totals,
    COMBINEFUNC = ar2c.money_cur_totals_combine, FINALFUNC = ar2c.money_cur_totals_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ar2c.sum_by_currency(ar2c.money_cur) IS 'one exact total per currency, in one pass: {"350.51 EUR","3500 JPY"}; unnest() it for rows';
