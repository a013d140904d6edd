-- Which roles see which companies. Read by the row-level security policies
-- on the ledger tables and by the BI views.

CREATE TABLE ar2c.company_access (
    role_name  name NOT NULL,
    company_id bigint NOT NULL REFERENCES ar2c.company ON DELETE CASCADE,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role_name, company_id)
);
COMMENT ON TABLE ar2c.company_access IS 'the companies a role (or any member of it) may see; members of ar2c_admin and superusers see all';
COMMENT ON COLUMN ar2c.company_access.role_name IS 'a role; its members inherit the access';
COMMENT ON COLUMN ar2c.company_access.company_id IS 'a company the role may see';
COMMENT ON COLUMN ar2c.company_access.granted_at IS 'when access was granted';
SELECT pg_catalog.pg_extension_config_dump('ar2c.company_access', '');

-- The session's role decides what it sees: not current_user, which is
-- the owner inside a SECURITY DEFINER function, and never an argument.
CREATE FUNCTION ar2c.session_role() RETURNS regrole
    AS 'MODULE_PATHNAME', 'session_role' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.session_role() IS 'the role the session acts as (its login role, or the role of SET ROLE), which SECURITY DEFINER functions do not change; what decides the companies it sees';

CREATE FUNCTION ar2c.session_role_name() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT r.rolname::text FROM pg_roles r WHERE r.oid = ar2c.session_role() $$;
COMMENT ON FUNCTION ar2c.session_role_name() IS 'the name of ar2c.session_role(), as ar2c records it (applied_by, approved_by, requested_by)';

CREATE FUNCTION ar2c.company_visible(company_id bigint) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET citus.allow_nested_distributed_execution = on
AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) ar2c.session_role() AND r.rolsuper)
        OR (EXISTS (SELECT 1 FROM pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'ar2c_admin')
            AND pg_has_role(ar2c.session_role(), 'ar2c_admin', 'MEMBER'))
        -- a role dropped after it was granted access simply no longer counts
        OR EXISTS (SELECT 1 FROM ar2c.company_access a JOIN pg_roles r ON r.rolname OPERATOR(pg_catalog.=) a.role_name
                   WHERE a.company_id OPERATOR(pg_catalog.=) $1
                     AND pg_has_role(ar2c.session_role(), r.oid, 'MEMBER'))
$$;
COMMENT ON FUNCTION ar2c.company_visible(bigint) IS 'true if the session''s role (ar2c.session_role()) may see a company: a superuser, a member of ar2c_admin, or a member of a role granted the company in ar2c.company_access';

-- The companies the session may see, as one array. Views and policies
-- compare company_id with it through a scalar subquery, which PostgreSQL
-- evaluates once per query (an InitPlan), where company_visible() per row
-- costs a few catalog lookups for each of millions of rows.
CREATE FUNCTION ar2c.visible_companies() RETURNS bigint[]
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET citus.allow_nested_distributed_execution = on
AS $$
    SELECT coalesce(array_agg(c.company_id ORDER BY c.company_id), '{}')
    FROM ar2c.company c WHERE ar2c.company_visible(c.company_id)
$$;
COMMENT ON FUNCTION ar2c.visible_companies() IS 'the companies the session''s role may see, as an array (see ar2c.company_visible)';
-- The same array for the row-level security policies, which Citus allows
-- no subquery in (src/company_scope.c): computed once per query expression.
CREATE FUNCTION ar2c.scoped_companies() RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'scoped_companies' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.scoped_companies() IS 'ar2c.visible_companies(), computed on the first call of each query expression and kept for its other rows: what the row-level security policies compare company_id with';

-- A function that writes for a company refuses one that does not exist or
-- that the session may not see, alike (doc/conventions.md, Errors); NULL,
-- every company the session sees, passes.
CREATE FUNCTION ar2c.require_company(company_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF company_id IS NOT NULL
       AND NOT (ar2c.company_visible(company_id)
                AND EXISTS (SELECT 1 FROM ar2c.company c WHERE c.company_id OPERATOR(pg_catalog.=) require_company.company_id)) THEN
        RAISE EXCEPTION 'unknown company %', company_id
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Give a company of ar2c.company that the session may see, or NULL for all of them.';
    END IF;
END
$$;
COMMENT ON FUNCTION ar2c.require_company(bigint) IS 'nothing for a company that exists and the session may see (or NULL, all of them); otherwise refuses with 23503, the same for a company that does not exist and for one the session may not see';

-- Row-level security by company on ar2c's tables: rows are read through
-- the array of ar2c.scoped_companies(); a row written is checked against
-- it too, and only a company not in it (a new one, written by an admin)
-- is checked one by one.
CREATE FUNCTION ar2c.scope_by_company(VARIADIC tables text[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('ALTER TABLE ar2c.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY company_scope ON ar2c.%I '
                       'USING (company_id = ANY (ar2c.scoped_companies())) '
                       'WITH CHECK (company_id = ANY (ar2c.scoped_companies()) '
                       'OR ar2c.company_visible(company_id))', t);
    END LOOP;
END
$$;
COMMENT ON FUNCTION ar2c.scope_by_company(text[]) IS 'internal to the install script: enable row-level security by company on tables of schema ar2c';
REVOKE EXECUTE ON FUNCTION ar2c.scope_by_company(text[]) FROM PUBLIC;
