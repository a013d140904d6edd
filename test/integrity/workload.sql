-- What the integrity tests' concurrent workloads share (loaded into a
-- test's database by load_workload in common.bash).

-- A random application of a customer that is neither a reversal nor
-- reversed yet, or NULL: what a client reverses next.
CREATE FUNCTION it_unreversed_application(c bigint) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    SELECT a.application_id FROM ar2c.application a
    WHERE a.customer_id = c AND a.kind <> 'reversal'
      AND NOT EXISTS (SELECT 1 FROM ar2c.application r
                      WHERE r.customer_id = a.customer_id AND r.reverses_application_id = a.application_id)
    ORDER BY random() LIMIT 1
$$;
