-- Which open items one payment settles: the bounded subset-sum search of
-- core/subset_sum.c, used by cash application.

CREATE FUNCTION ar2c.subset_sum(target bigint, amounts bigint[], tolerance bigint, max_nodes integer,
    OUT status text, OUT positions integer[], OUT total bigint, OUT shortfall bigint, OUT ambiguous boolean)
    AS 'MODULE_PATHNAME', 'cash_subset_sum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.subset_sum(bigint, bigint[], bigint, integer) IS 'the best subset of amounts (oldest first, at most 64) summing to within [target, target + tolerance]: fewest items, then oldest; ambiguous when another is as good or the node budget ran out';
