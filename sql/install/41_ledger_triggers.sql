-- Triggers that keep the ledger's derived state exact.
--
-- Lock order, to avoid deadlocks between sessions (doc/ledger.md, Locking
-- and concurrency): a job's per-company lock (ar2c.lock_company_job), the
-- payment or credit note, the aging clock (ar2c.lock_aging_clock), the
-- company, the customer, its invoices, the customer's balance. Every
-- trigger writes only rows of the customer it fires for (payments are the
-- exception: an application updates the unapplied amount of its payment).

-- Helpers for the per-bucket vectors of ar2c.customer_balance_total

CREATE FUNCTION ar2c.aging_position(ar2c.aging_bucket, boundaries integer[]) RETURNS integer
    AS 'MODULE_PATHNAME', 'aging_position' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.aging_position(ar2c.aging_bucket, integer[]) IS '1-based position of a bucket among the buckets of a boundary list ("not due" is 1)';
CREATE FUNCTION ar2c.bucket_vector_add(bigint[], bigint[]) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'bucket_vector_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.bucket_vector_add(bigint[], bigint[]) IS 'element-wise sum of two vectors, the shorter padded with zeros';
CREATE FUNCTION ar2c.bucket_vector_accum(bigint[], integer, bigint) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'bucket_vector_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE ar2c.position_sum(pos integer, value bigint) (
    SFUNC = ar2c.bucket_vector_accum, STYPE = bigint[],
    COMBINEFUNC = ar2c.bucket_vector_add, PARALLEL = SAFE
);
COMMENT ON AGGREGATE ar2c.position_sum(integer, bigint) IS 'a vector whose element p is the sum of the values given at position p';

-- It reads only a table that is a reference table on Citus, so it may run
-- inside a query on a shard, where it reads the node's own copy (the
-- setting is an unused placeholder without Citus; doc/scale-out.md, What
-- runs where). The other functions that read only reference tables and
-- that queries on shards call say the same.
CREATE FUNCTION ar2c.aging_date() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET citus.allow_nested_distributed_execution = on
AS $$ SELECT coalesce((SELECT as_of FROM ar2c.aging_clock), current_date) $$;
COMMENT ON FUNCTION ar2c.aging_date() IS 'the date the maintained aging is as of (today until the first ar2c.roll_aging())';

-- The rows a statement trigger folds into a maintained total: item is a
-- query over transition table %2$I with sign %1$s; rows entering count +1,
-- rows leaving -1, so one statement handles INSERT, UPDATE and DELETE.
-- (A SQL-standard body: its names are bound when it is created, so no
-- caller's search_path reaches it.)
CREATE FUNCTION ar2c.transition_changes(item text, operation text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE operation
    WHEN 'INSERT' THEN pg_catalog.format(item, 1, 'new_rows')
    WHEN 'DELETE' THEN pg_catalog.format(item, -1, 'old_rows')
    ELSE pg_catalog.format(item, 1, 'new_rows') OPERATOR(pg_catalog.||) ' UNION ALL '
         OPERATOR(pg_catalog.||) pg_catalog.format(item, -1, 'old_rows')
END;
COMMENT ON FUNCTION ar2c.transition_changes(text, text) IS 'internal to the statement triggers: the signed rows of a statement''s transition tables, as SQL text';

-- The columns ar2c maintains (an invoice's open amount, a payment's
-- unapplied amount, an order's invoiced amount) change only through ar2c's
-- own triggers, which run as the extension's owner. The guard is not
-- SECURITY DEFINER, so it sees who runs the statement; its name sorts
-- before the table's maintain trigger, so it sees the row as written.
CREATE FUNCTION ar2c.derived_column_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'derived_column_guard' LANGUAGE C;
COMMENT ON FUNCTION ar2c.derived_column_guard() IS 'trigger: refuse (428C9) a change of a column ar2c maintains unless ar2c''s own trigger code makes it; arguments: message, detail, hint';

-- The first two locks of the lock order.

-- A job that runs once per company at a time (run_dunning,
-- import_statement) waits here for another run of the company: a
-- transaction-level advisory lock, released at commit or rollback.
CREATE FUNCTION ar2c.lock_company_job(job text, company_id bigint) RETURNS void
    LANGUAGE sql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_advisory_xact_lock(hashtextextended($1, $2)) $$;
COMMENT ON FUNCTION ar2c.lock_company_job(text, bigint) IS 'wait for, then hold until the transaction ends, the lock of a job (its name) for a company: one run per company at a time';

-- A job that waits for a lock must then see what was committed while it
-- waited: only a READ COMMITTED statement's snapshot is taken after the
-- wait (REPEATABLE READ keeps the transaction's first one).
CREATE FUNCTION ar2c.require_read_committed(job text, would_miss text) RETURNS void
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION '%() must run in a READ COMMITTED transaction', job
            USING ERRCODE = 'active_sql_transaction',
                  DETAIL = format('This transaction is %s: its snapshot may miss %s.',
                                  upper(current_setting('transaction_isolation')), would_miss),
                  HINT = 'Run it in its own transaction, as pg_cron does.';
    END IF;
END
$$;
COMMENT ON FUNCTION ar2c.require_read_committed(text, text) IS 'refuse (25001) to run a job (its name) in a transaction that is not READ COMMITTED, naming what its snapshot would miss';

-- Whatever may re-age an invoice (writes it, or locks it to apply cash)
-- shares the clock row before it locks any company, customer or invoice
-- row; roll_aging() and rebuild_aging() take it exclusively first. So a
-- roll waits for the writers under way and the writers after it wait for
-- the roll, and neither holds an invoice the other waits for.
CREATE FUNCTION ar2c.lock_aging_clock() RETURNS void
    LANGUAGE sql VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT FROM ar2c.aging_clock FOR KEY SHARE $$;
COMMENT ON FUNCTION ar2c.lock_aging_clock() IS 'share the aging clock row until the transaction ends: the first lock of whatever writes or locks invoices (the ledger''s lock order)';
-- Held open, the lock would keep every roll waiting: only roles that
-- apply cash may take it (ar2c.create_roles() grants it to ar2c_clerk).
REVOKE EXECUTE ON FUNCTION ar2c.lock_aging_clock() FROM PUBLIC;

-- Once per statement, before any of its rows is locked (an UPDATE locks
-- its rows before their row triggers run): on invoice, and on
-- application (whose row trigger locks invoices), so a bulk insert shares
-- the clock once, not once per row. Shared locks do not wait for each
-- other, so only a roll, which takes the clock exclusively first, orders
-- against them.
CREATE FUNCTION ar2c.statement_share_clock() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ar2c.lock_aging_clock();
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ar2c.statement_share_clock() IS 'trigger: share the aging clock before a statement on invoice or application locks any invoice row';
CREATE TRIGGER invoice_lock_clock BEFORE INSERT OR UPDATE OR DELETE ON ar2c.invoice
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.statement_share_clock();

-- invoice: derived columns, row by row, in C

CREATE FUNCTION ar2c.invoice_maintain() RETURNS trigger
    AS 'MODULE_PATHNAME', 'invoice_maintain' LANGUAGE C
    SET search_path = pg_catalog, pg_temp;
CREATE TRIGGER invoice_derived_guard BEFORE UPDATE ON ar2c.invoice
    FOR EACH ROW WHEN (OLD.open_amount IS DISTINCT FROM NEW.open_amount)
    EXECUTE FUNCTION ar2c.derived_column_guard(
        'cannot set the open amount of an invoice directly',
        'ar2c maintains open_amount from the applications of cash, credit and write-offs.',
        'Insert into ar2c.application instead.');
CREATE TRIGGER invoice_maintain BEFORE INSERT OR UPDATE ON ar2c.invoice
    FOR EACH ROW EXECUTE FUNCTION ar2c.invoice_maintain();
COMMENT ON FUNCTION ar2c.invoice_maintain() IS 'trigger (C): an invoice''s open amount, status, aging bucket and the date its bucket changes, row by row';

-- invoice: the per-customer balance, statement by statement, from the
-- transition tables. A row counts while it is an open item (it has an
-- aging bucket): rows entering count +1, rows leaving -1, so an UPDATE
-- moves an item between buckets. One statement per firing, whatever the
-- number of rows, which is what makes bulk loads cheap.

CREATE FUNCTION ar2c.invoice_balance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    item constant text := $i$
        SELECT t.customer_id, t.company_id, ar2c.currency(t.open_amount) AS currency,
               %1$s * ar2c.minor_units_value(t.open_amount) AS units, %1$s AS items,
               ar2c.aging_position(t.aging_bucket, c.aging_boundaries) AS pos
        FROM %2$I t JOIN ar2c.company c ON c.company_id = t.company_id
        WHERE t.aging_bucket IS NOT NULL $i$;
    changes text;
BEGIN
    changes := ar2c.transition_changes(item, TG_OP);
    EXECUTE format($q$
        INSERT INTO ar2c.customer_balance_total AS b
               (customer_id, company_id, currency, open_amount, open_items, bucket_amounts, bucket_items)
        SELECT customer_id, company_id, currency, sum(units), sum(items),
               ar2c.position_sum(pos, units), ar2c.position_sum(pos, items)::integer[]
        FROM (%s) changes
        GROUP BY customer_id, company_id, currency
        ON CONFLICT (customer_id, currency) DO UPDATE
        SET open_amount = b.open_amount + excluded.open_amount,
            open_items = b.open_items + excluded.open_items,
            bucket_amounts = ar2c.bucket_vector_add(b.bucket_amounts, excluded.bucket_amounts),
            bucket_items = ar2c.bucket_vector_add(b.bucket_items::bigint[], excluded.bucket_items::bigint[])::integer[]
        $q$, changes);
    RETURN NULL;
END
$$;
CREATE TRIGGER invoice_balance_insert AFTER INSERT ON ar2c.invoice
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.invoice_balance();
CREATE TRIGGER invoice_balance_update AFTER UPDATE ON ar2c.invoice
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.invoice_balance();
CREATE TRIGGER invoice_balance_delete AFTER DELETE ON ar2c.invoice
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.invoice_balance();
COMMENT ON FUNCTION ar2c.invoice_balance() IS 'trigger: once per statement, fold the invoices'' changes into ar2c.customer_balance_total (open amount and items per aging bucket)';

-- invoice: raised against an order, it counts toward the order's
-- invoiced amount (in the order's currency; a mismatch is the invoice
-- check's to report).

CREATE FUNCTION ar2c.invoice_order_link() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    item constant text := $i$
        SELECT t.customer_id, t.order_id, %1$s * ar2c.minor_units_value(t.amount) AS units,
               ar2c.currency(t.amount) AS currency
        FROM %2$I t
        WHERE t.order_id IS NOT NULL AND t.status <> 'cancelled' $i$;
    changes text;
BEGIN
    -- most updates (an application moving the open amount, an aging roll)
    -- touch no order: leave before planning anything. A set difference,
    -- not a join of the transition tables (see invoice_check below).
    IF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (
            SELECT customer_id, invoice_id, order_id, amount, status = 'cancelled' FROM new_rows
            EXCEPT ALL
            SELECT customer_id, invoice_id, order_id, amount, status = 'cancelled' FROM old_rows) THEN
            RETURN NULL;
        END IF;
    END IF;
    changes := ar2c.transition_changes(item, TG_OP);
    EXECUTE format($q$
        UPDATE ar2c.sales_order o
        SET invoiced_amount = o.invoiced_amount OPERATOR(ar2c.+) ar2c.money_cur_units(d.units, d.currency)
        FROM (SELECT customer_id, order_id, currency, sum(units)::bigint AS units
              FROM (%s) c GROUP BY 1, 2, 3) d
        WHERE o.customer_id = d.customer_id AND o.order_id = d.order_id
          AND ar2c.currency(o.amount) OPERATOR(ar2c.=) d.currency AND d.units <> 0
        $q$, changes);
    RETURN NULL;
END
$$;
CREATE TRIGGER invoice_order_link_insert AFTER INSERT ON ar2c.invoice
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.invoice_order_link();
CREATE TRIGGER invoice_order_link_update AFTER UPDATE ON ar2c.invoice
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.invoice_order_link();
CREATE TRIGGER invoice_order_link_delete AFTER DELETE ON ar2c.invoice
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.invoice_order_link();
COMMENT ON FUNCTION ar2c.invoice_order_link() IS 'trigger: once per statement, move the invoiced amount of the orders the invoices name';

-- invoice checks, set-based over the statement's new invoices: against
-- the order (currency, amount and quantity beyond the tolerance), against
-- the customer (its billing currency) and
-- against other invoices (same customer and amount with the same external
-- number or issue date; the same number at another customer).

CREATE FUNCTION ar2c.invoice_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    problem record;
    source text;
    changed text;
    any_changed boolean;
    refused bigint;
BEGIN
    -- every problem becomes an alert; if a refusing company has one, the
    -- error below rolls the alerts back with the statement
    -- on UPDATE, only the rows whose checked columns changed are checked
    -- again; most updates (an application moving the open amount) change
    -- none, and leave before the check is planned
    -- (a set difference, not a join of the two transition tables: they
    -- have no statistics, and a semi-join planned as a nested loop, which
    -- the planner likes for EXISTS, is quadratic when an aging roll
    -- updates a million invoices and no row has changed)
    source := 'new_rows';
    IF TG_OP = 'UPDATE' THEN
        changed := '(SELECT customer_id, invoice_id FROM (
                         SELECT customer_id, invoice_id, amount, order_id, quantity, external_number, issue_date,
                                invoice_number, status = ''cancelled'' FROM new_rows
                         EXCEPT ALL
                         SELECT customer_id, invoice_id, amount, order_id, quantity, external_number, issue_date,
                                invoice_number, status = ''cancelled'' FROM old_rows) c)';
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s c)', changed) INTO any_changed;
        IF NOT any_changed THEN
            RETURN NULL;
        END IF;
        source := format('(SELECT n.* FROM new_rows n WHERE (n.customer_id, n.invoice_id) IN %s)', changed);
    END IF;
    EXECUTE format($q$
    WITH problems AS (
        SELECT n.company_id, n.customer_id, n.invoice_id, 'invoice_order_mismatch' AS kind,
               format('invoice %%s does not match order %%s: %%s', n.invoice_number, o.order_number,
                      concat_ws('; ',
                          CASE WHEN ar2c.currency(n.amount) OPERATOR(ar2c.<>) ar2c.currency(o.amount)
                               THEN format('currency %%s, ordered in %%s', ar2c.currency(n.amount), ar2c.currency(o.amount)) END,
                          CASE WHEN t.invoiced > ar2c.amount(o.amount) * (1 + c.invoice_tolerance)
                               THEN format('invoiced %%s %%s in all, ordered %%s', t.invoiced, ar2c.currency(o.amount), o.amount) END,
                          CASE WHEN t.quantity > o.quantity * (1 + c.invoice_tolerance)
                               THEN format('quantity %%s invoiced in all, %%s ordered', t.quantity, o.quantity) END)) AS message,
               jsonb_build_object('order_id', o.order_id, 'ordered', ar2c.amount(o.amount), 'invoiced', t.invoiced,
                                  'ordered_quantity', o.quantity, 'invoiced_quantity', t.quantity) AS details
        FROM %1$s n
        JOIN ar2c.company c ON c.company_id = n.company_id
        JOIN ar2c.sales_order o ON o.customer_id = n.customer_id AND o.order_id = n.order_id
        CROSS JOIN LATERAL (
            SELECT sum(ar2c.amount(i.amount)) AS invoiced, sum(i.quantity) AS quantity
            FROM ar2c.invoice i
            WHERE i.customer_id = n.customer_id AND i.order_id = n.order_id AND i.status <> 'cancelled'
              AND ar2c.currency(i.amount) OPERATOR(ar2c.=) ar2c.currency(o.amount)) t
        WHERE ar2c.currency(n.amount) OPERATOR(ar2c.<>) ar2c.currency(o.amount)
           OR t.invoiced > ar2c.amount(o.amount) * (1 + c.invoice_tolerance)
           OR t.quantity > o.quantity * (1 + c.invoice_tolerance)
        UNION ALL
        -- a customer may well owe in several currencies, but an invoice
        -- outside its billing currency is worth a look; dunning fees and
        -- interest follow the currency of their invoice
        SELECT n.company_id, n.customer_id, n.invoice_id, 'invoice_currency_mismatch',
               format('invoice %%s is in %%s, customer %%s is billed in %%s', n.invoice_number, ar2c.currency(n.amount),
                      cu.name, cu.currency),
               jsonb_build_object('currency', ar2c.currency(n.amount)::text, 'billing_currency', cu.currency::text)
        FROM %1$s n
        JOIN ar2c.customer cu ON cu.customer_id = n.customer_id
        WHERE ar2c.currency(n.amount) OPERATOR(ar2c.<>) cu.currency AND n.kind = 'principal' AND n.status <> 'cancelled'
        UNION ALL
        SELECT * FROM (
            SELECT DISTINCT ON (x.invoice_id) x.company_id, x.customer_id, x.invoice_id, 'duplicate_invoice',
                   format('invoice %%s duplicates invoice %%s of the same customer: same amount %%s and %%s',
                          x.invoice_number, x.duplicate_number, x.amount, x.how),
                   jsonb_build_object('duplicate_of', x.duplicate_id)
            FROM (
                -- two equality joins rather than one OR, so each uses its index;
                -- only the later of two duplicates is flagged; dunning fees and
                -- interest of one day may well repeat an amount
                SELECT n.company_id, n.customer_id, n.invoice_id, n.invoice_number, n.amount,
                       d.invoice_id AS duplicate_id, d.invoice_number AS duplicate_number,
                       format('issue date %%s', n.issue_date) AS how
                FROM %1$s n
                JOIN ar2c.invoice d ON d.customer_id = n.customer_id AND d.issue_date = n.issue_date
                                   AND d.invoice_id < n.invoice_id AND d.amount OPERATOR(ar2c.=) n.amount
                WHERE n.status <> 'cancelled' AND d.status <> 'cancelled' AND n.kind = 'principal' AND d.kind = 'principal'
                UNION ALL
                SELECT n.company_id, n.customer_id, n.invoice_id, n.invoice_number, n.amount,
                       d.invoice_id, d.invoice_number, format('external number %%s', n.external_number)
                FROM %1$s n
                JOIN ar2c.invoice d ON d.customer_id = n.customer_id AND d.external_number = n.external_number
                                   AND d.invoice_id < n.invoice_id AND d.amount OPERATOR(ar2c.=) n.amount
                WHERE n.status <> 'cancelled' AND d.status <> 'cancelled' AND n.kind = 'principal' AND d.kind = 'principal') x
            ORDER BY x.invoice_id, x.duplicate_id) same_customer
        UNION ALL
        SELECT * FROM (
            SELECT DISTINCT ON (n.invoice_id) n.company_id, n.customer_id, n.invoice_id, 'duplicate_invoice',
                   format('invoice number %%s is also used for customer %%s', n.invoice_number, d.customer_id),
                   jsonb_build_object('duplicate_of', d.invoice_id, 'other_customer_id', d.customer_id)
            FROM %1$s n
            JOIN ar2c.invoice d ON d.company_id = n.company_id AND d.invoice_number = n.invoice_number
                               AND d.customer_id <> n.customer_id AND d.invoice_id < n.invoice_id
            ORDER BY n.invoice_id, d.invoice_id) other_customer
    ), raised AS (
        INSERT INTO ar2c.alert (company_id, customer_id, kind, severity, subject_table, subject_id, message, details)
        SELECT company_id, customer_id, kind, 'warning', 'invoice', invoice_id, message, details
        FROM problems
        RETURNING company_id, alert_id, kind, message, details
    )
    SELECT r.*
    FROM raised r JOIN ar2c.company c ON c.company_id = r.company_id
    WHERE c.invoice_check_policy = 'refuse'
    ORDER BY r.alert_id LIMIT 1
    $q$, source) INTO problem;
    GET DIAGNOSTICS refused = ROW_COUNT;
    IF refused > 0 THEN
        RAISE EXCEPTION '%', problem.message
            USING ERRCODE = CASE problem.kind WHEN 'duplicate_invoice' THEN 'unique_violation' ELSE 'check_violation' END,
                  DETAIL = problem.details::text,
                  HINT = 'The company''s invoice_check_policy is refuse; with alert such invoices are accepted and flagged.';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER invoice_check AFTER INSERT ON ar2c.invoice
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.invoice_check();
CREATE TRIGGER invoice_check_update AFTER UPDATE ON ar2c.invoice
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.invoice_check();
COMMENT ON FUNCTION ar2c.invoice_check() IS 'trigger: once per statement, check new and changed invoices against their orders, for duplicates and for the customer''s billing currency: an alert, or a refusal under the company''s policy';

-- shipment: checked against its order, row by row. Another currency or a
-- date before the order is refused; shipping more than ordered (amount or
-- quantity, this shipment and the order's others) is accepted and raises
-- an alert, since goods that left cannot be refused.

CREATE FUNCTION ar2c.shipment_check() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ord record;
    shipped record;
BEGIN
    -- row-level security and the foreign keys are checked after this
    -- trigger: it reads only an order of the row's company, and only if
    -- the session may see it, so that no error names another's order
    SELECT o.order_number, o.order_date, o.amount, o.quantity INTO ord
    FROM ar2c.sales_order o
    WHERE o.customer_id = NEW.customer_id AND o.order_id = NEW.order_id AND o.company_id = NEW.company_id
      AND ar2c.company_visible(NEW.company_id);
    IF NOT FOUND THEN
        RETURN NEW;  -- row-level security or the foreign keys report it
    END IF;
    IF ar2c.currency(NEW.amount) OPERATOR(ar2c.<>) ar2c.currency(ord.amount) THEN
        RAISE EXCEPTION 'shipment % is in %, its order % in %', NEW.shipment_number, ar2c.currency(NEW.amount),
                        ord.order_number, ar2c.currency(ord.amount)
            USING ERRCODE = 'datatype_mismatch',
                  DETAIL = format('The shipment''s value is %s; the order is for %s.', NEW.amount, ord.amount),
                  HINT = 'Record the value shipped in the order''s currency.';
    END IF;
    IF NEW.shipped_on < ord.order_date THEN
        RAISE EXCEPTION 'shipment % is dated %, before its order % of %', NEW.shipment_number, NEW.shipped_on,
                        ord.order_number, ord.order_date
            USING ERRCODE = 'check_violation', HINT = 'Check the delivery date, or the order the shipment belongs to.';
    END IF;
    SELECT coalesce(sum(ar2c.minor_units_value(s.amount)), 0) + coalesce(ar2c.minor_units_value(NEW.amount), 0) AS units,
           coalesce(sum(s.quantity), 0) + coalesce(NEW.quantity, 0) AS quantity INTO shipped
    FROM ar2c.shipment s
    WHERE s.customer_id = NEW.customer_id AND s.order_id = NEW.order_id AND s.shipment_id <> NEW.shipment_id;
    IF (NEW.amount IS NOT NULL AND shipped.units > ar2c.minor_units_value(ord.amount))
       OR (NEW.quantity IS NOT NULL AND shipped.quantity > ord.quantity) THEN
        INSERT INTO ar2c.alert (company_id, customer_id, kind, severity, subject_table, subject_id, message, details)
        VALUES (NEW.company_id, NEW.customer_id, 'over_shipped', 'warning', 'shipment', NEW.shipment_id,
                format('shipment %s brings order %s to %s shipped (quantity %s), ordered %s (quantity %s)',
                       NEW.shipment_number, ord.order_number,
                       ar2c.money_cur_units(shipped.units::bigint, ar2c.currency(ord.amount)), shipped.quantity,
                       ord.amount, ord.quantity),
                jsonb_build_object('order_id', NEW.order_id, 'ordered', ar2c.amount(ord.amount),
                                   'shipped', ar2c.amount(ar2c.money_cur_units(shipped.units::bigint, ar2c.currency(ord.amount))),
                                   'ordered_quantity', ord.quantity, 'shipped_quantity', shipped.quantity));
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ar2c.shipment_check() IS 'trigger: refuse a shipment in another currency than its order (42804) or dated before it (23514); alert (over_shipped) when the order''s shipments pass the ordered amount or quantity';
CREATE TRIGGER shipment_check BEFORE INSERT OR UPDATE ON ar2c.shipment
    FOR EACH ROW EXECUTE FUNCTION ar2c.shipment_check();
