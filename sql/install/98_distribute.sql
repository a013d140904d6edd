-- Scale-out on Citus (doc/scale-out.md): ar2c.distribute() turns the
-- ledger's tables into Citus reference and distributed tables, in the
-- order their foreign keys need. Customer-keyed tables are hash-distributed
-- by customer_id, co-located with ar2c.customer, so everything about one
-- customer lives on one shard; the company-keyed cash tables are
-- distributed by company_id, co-located with each other; configuration
-- and the small company tables are reference tables, copied to every node.

-- What distribute() makes of each table, in the order it does it: the
-- tables others reference first.
CREATE FUNCTION ar2c.distribution_plan(OUT table_name regclass, OUT kind text, OUT distribution_column name,
    OUT colocate_with regclass)
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.table_name::regclass, t.kind, t.distribution_column::name, t.colocate_with::regclass
    FROM (VALUES
        (1, 'ar2c.company', 'reference', NULL, NULL),
        (2, 'ar2c.aging_clock', 'reference', NULL, NULL),
        (3, 'ar2c.fx_rate', 'reference', NULL, NULL),
        (4, 'ar2c.company_access', 'reference', NULL, NULL),
        (5, 'ar2c.csv_shipped_profile', 'reference', NULL, NULL),
        (6, 'ar2c.csv_profile', 'reference', NULL, NULL),
        (7, 'ar2c.bank_charge_schedule', 'reference', NULL, NULL),
        (8, 'ar2c.cash_application_setting', 'reference', NULL, NULL),
        (9, 'ar2c.credit_score_weight', 'reference', NULL, NULL),
        (10, 'ar2c.credit_grade_band', 'reference', NULL, NULL),
        (11, 'ar2c.credit_grade_policy', 'reference', NULL, NULL),
        (12, 'ar2c.credit_limit_rule', 'reference', NULL, NULL),
        (13, 'ar2c.dunning_policy', 'reference', NULL, NULL),
        (14, 'ar2c.dunning_level', 'reference', NULL, NULL),
        (15, 'ar2c.dunning_template', 'reference', NULL, NULL),
        (16, 'ar2c.dunning_run', 'reference', NULL, NULL),
        (17, 'ar2c.order_chain_setting', 'reference', NULL, NULL),
        (18, 'ar2c.provision_rate', 'reference', NULL, NULL),
        (19, 'ar2c.write_off_policy', 'reference', NULL, NULL),
        (20, 'ar2c.bank_account', 'reference', NULL, NULL),
        (21, 'ar2c.delivery_setting', 'reference', NULL, NULL),
        (22, 'ar2c.delivery_secret', 'reference', NULL, NULL),
        (30, 'ar2c.customer', 'distributed', 'customer_id', NULL),
        (31, 'ar2c.sales_order', 'distributed', 'customer_id', 'ar2c.customer'),
        (32, 'ar2c.shipment', 'distributed', 'customer_id', 'ar2c.customer'),
        (33, 'ar2c.invoice', 'distributed', 'customer_id', 'ar2c.customer'),
        (34, 'ar2c.credit_note', 'distributed', 'customer_id', 'ar2c.customer'),
        (35, 'ar2c.customer_balance_total', 'distributed', 'customer_id', 'ar2c.customer'),
        (36, 'ar2c.credit_history', 'distributed', 'customer_id', 'ar2c.customer'),
        (37, 'ar2c.customer_alias', 'distributed', 'customer_id', 'ar2c.customer'),
        (38, 'ar2c.dispute', 'distributed', 'customer_id', 'ar2c.customer'),
        (39, 'ar2c.promise_to_pay', 'distributed', 'customer_id', 'ar2c.customer'),
        (40, 'ar2c.dunning_state', 'distributed', 'customer_id', 'ar2c.customer'),
        (41, 'ar2c.dunning_notice', 'distributed', 'customer_id', 'ar2c.customer'),
        (42, 'ar2c.dunning_notice_item', 'distributed', 'customer_id', 'ar2c.customer'),
        (43, 'ar2c.dunning_interest', 'distributed', 'customer_id', 'ar2c.customer'),
        (44, 'ar2c.counterparty_statement', 'distributed', 'customer_id', 'ar2c.customer'),
        (45, 'ar2c.counterparty_statement_line', 'distributed', 'customer_id', 'ar2c.customer'),
        (46, 'ar2c.statement_result', 'distributed', 'customer_id', 'ar2c.customer'),
        (47, 'ar2c.application', 'distributed', 'customer_id', 'ar2c.customer'),
        (48, 'ar2c.write_off_approval', 'distributed', 'customer_id', 'ar2c.customer'),
        (49, 'ar2c.invoice_line', 'distributed', 'customer_id', 'ar2c.customer'),
        (60, 'ar2c.bank_statement', 'distributed', 'company_id', NULL),
        (61, 'ar2c.bank_statement_entry', 'distributed', 'company_id', 'ar2c.bank_statement'),
        (62, 'ar2c.payment', 'distributed', 'company_id', 'ar2c.bank_statement'),
        (63, 'ar2c.match_suggestion', 'distributed', 'company_id', 'ar2c.bank_statement'),
        (64, 'ar2c.payer_account', 'distributed', 'company_id', 'ar2c.bank_statement'),
        (65, 'ar2c.alert', 'distributed', 'company_id', 'ar2c.bank_statement'),
        (66, 'ar2c.einvoice_document', 'distributed', 'company_id', 'ar2c.bank_statement')
    ) AS t(step, table_name, kind, distribution_column, colocate_with)
    ORDER BY t.step
$$;
COMMENT ON FUNCTION ar2c.distribution_plan() IS 'what ar2c.distribute() makes of each table, in the order it does it: a Citus reference table, or a table distributed by customer_id (co-located with ar2c.customer) or by company_id (the cash tables, co-located with ar2c.bank_statement)';

-- The keys Citus cannot enforce across shards until payments are keyed by
-- customer (doc/scale-out.md, What still needs a new key).
CREATE FUNCTION ar2c.distribution_unenforced(OUT table_name regclass, OUT constraint_name name, OUT reason text)
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.table_name::regclass, t.constraint_name::name, t.reason
    FROM (VALUES
        ('ar2c.customer', 'customer_number_per_company',
         'unique per company while customers are distributed by customer_id'),
        ('ar2c.payment', 'payment_customer_id_company_id_fkey',
         'payments (by company) and customers (by customer) are not co-located'),
        ('ar2c.payer_account', 'payer_account_customer_id_company_id_fkey',
         'payer accounts (by company) and customers (by customer) are not co-located'),
        ('ar2c.application', 'application_company_id_payment_id_fkey',
         'applications (by customer) and payments (by company) are not co-located'),
        ('ar2c.einvoice_document', 'einvoice_document_customer_id_company_id_fkey',
         'e-invoice documents (by company) and customers (by customer) are not co-located'),
        ('ar2c.invoice_line', 'invoice_line_company_id_document_type_document_number_fkey',
         'invoice lines (by customer) and their documents (by company) are not co-located')
    ) AS t(table_name, constraint_name, reason)
$$;
COMMENT ON FUNCTION ar2c.distribution_unenforced() IS 'the unique index and foreign keys that ar2c.distribute() drops, because Citus cannot enforce them across shards until payments are keyed by customer, and why';

-- Whether ar2c runs distributed, for the few queries that take another
-- form on Citus. Without Citus its catalog does not exist: read it only
-- when it does.
CREATE FUNCTION ar2c.distributed() RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found boolean := false;
BEGIN
    IF to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL THEN
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition
                                WHERE logicalrelid OPERATOR(pg_catalog.=) ''ar2c.invoice''::pg_catalog.regclass)'
            INTO found;
    END IF;
    RETURN found;
END
$$;
COMMENT ON FUNCTION ar2c.distributed() IS 'true once ar2c''s tables are distributed by Citus (ar2c.distribute() has run); false on one node';

CREATE FUNCTION ar2c.distribute() RETURNS SETOF text
    LANGUAGE plpgsql
    -- Citus parses queries of its own over the tables (money_cur's = among
    -- them) under this path
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
DECLARE
    p record;
    u record;
    f record;
    columns text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname OPERATOR(pg_catalog.=) 'citus') THEN
        RAISE EXCEPTION 'citus is not installed in database %', current_database()
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = 'ar2c.distribute() makes Citus reference and distributed tables; without Citus ar2c runs on one node.',
                  HINT = 'Load citus (shared_preload_libraries), CREATE EXTENSION citus, add the worker nodes, then call ar2c.distribute() again (doc/scale-out.md).';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_dist_partition d JOIN ar2c.distribution_plan() x
               ON x.table_name OPERATOR(pg_catalog.=) d.logicalrelid) THEN
        RAISE EXCEPTION 'the tables of ar2c are distributed already'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'ar2c.distribute() runs once; add nodes with citus_add_node() and rebalance (doc/scale-out.md).';
    END IF;
    -- ar2c's tables keep their triggers, which Citus runs on the shards
    -- (those that cannot run there yet: doc/scale-out.md, What still
    -- fails). One connection per node: the transaction writes reference
    -- tables, then the shards whose keys reference them.
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
    PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
    FOR u IN SELECT * FROM ar2c.distribution_unenforced() LOOP
        IF EXISTS (SELECT 1 FROM pg_constraint c
                   WHERE c.conrelid OPERATOR(pg_catalog.=) u.table_name
                     AND c.conname OPERATOR(pg_catalog.=) u.constraint_name) THEN
            EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', u.table_name, u.constraint_name);
        ELSIF to_regclass('ar2c.' || quote_ident(u.constraint_name)) IS NOT NULL THEN
            EXECUTE format('DROP INDEX ar2c.%I', u.constraint_name);
        ELSE
            CONTINUE;
        END IF;
        RAISE WARNING 'dropped % of %: not enforced on Citus', u.constraint_name, u.table_name
            USING DETAIL = u.reason || '.',
                  HINT = 'See doc/scale-out.md, What still needs a new key.';
        RETURN NEXT format('dropped %s of %s', u.constraint_name, u.table_name);
    END LOOP;
    -- Citus would turn every local table a reference table's foreign keys
    -- reach into a Citus local table first (and refuses to, for an
    -- extension's tables): the foreign keys are dropped while the tables
    -- are distributed and made again, and checked, once all are.
    CREATE TEMP TABLE distribute_foreign_key ON COMMIT DROP AS
        SELECT format('ar2c.%I', r.relname) AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
        FROM pg_constraint c JOIN pg_class r ON r.oid OPERATOR(pg_catalog.=) c.conrelid
        JOIN ar2c.distribution_plan() d ON d.table_name OPERATOR(pg_catalog.=) c.conrelid
        WHERE c.contype OPERATOR(pg_catalog.=) 'f';
    -- The workers' copies of the tables (made by CREATE EXTENSION there)
    -- are Citus's shell tables: they lose the keys too, or adding them
    -- back would find them there. (This is not undone if distribute()
    -- fails: those copies hold no rows, and the next call adds the keys.)
    FOR f IN SELECT * FROM distribute_foreign_key LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', f.table_name, f.conname);
        PERFORM run_command_on_workers(format('ALTER TABLE %s DROP CONSTRAINT IF EXISTS %I', f.table_name, f.conname));
    END LOOP;
    -- The rows carry their derived state already, and Citus would fire the
    -- shards' triggers while it copies them (a disabled trigger is created
    -- enabled on the shards): each table is distributed empty, its
    -- triggers disabled everywhere, and its rows written back. The copies
    -- are temporary tables on the coordinator, dropped at commit.
    FOR p IN SELECT * FROM ar2c.distribution_plan() LOOP
        EXECUTE format('CREATE TEMP TABLE %I ON COMMIT DROP AS SELECT * FROM %s',
                       'distribute_' || p.table_name::oid, p.table_name);
        EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', p.table_name);
        EXECUTE format('TRUNCATE %s', p.table_name);
    END LOOP;
    FOR p IN SELECT * FROM ar2c.distribution_plan() LOOP
        IF p.kind OPERATOR(pg_catalog.=) 'reference' THEN
            PERFORM create_reference_table(p.table_name);
        ELSE
            PERFORM create_distributed_table(p.table_name, p.distribution_column,
                                             colocate_with => coalesce(p.colocate_with::text, 'default'));
        END IF;
        EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', p.table_name);
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO columns
        FROM pg_attribute a
        WHERE a.attrelid OPERATOR(pg_catalog.=) p.table_name AND a.attnum > 0 AND NOT a.attisdropped
          AND a.attgenerated OPERATOR(pg_catalog.=) '';
        EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM %I', p.table_name, columns, columns,
                       'distribute_' || p.table_name::oid);
        EXECUTE format('ALTER TABLE %s ENABLE TRIGGER USER', p.table_name);
        RETURN NEXT format('%s: %s%s', p.table_name, p.kind,
                           coalesce(' by ' || p.distribution_column, ''));
    END LOOP;
    FOR f IN SELECT * FROM distribute_foreign_key LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', f.table_name, f.conname, f.definition);
    END LOOP;
END
$$;
COMMENT ON FUNCTION ar2c.distribute() IS 'on Citus: make ar2c''s tables reference tables and distributed tables, co-located by customer (or by company for the cash tables), in the order their foreign keys need, dropping the keys Citus cannot enforce (ar2c.distribution_unenforced()); one line per step; refuses with 0A000 when Citus is not installed; run once, as a superuser, on the coordinator';
REVOKE EXECUTE ON FUNCTION ar2c.distribute() FROM PUBLIC;
