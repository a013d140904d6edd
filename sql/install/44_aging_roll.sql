-- Aging that moves with time, rebuilding derived state, and checking it.

CREATE FUNCTION ar2c.roll_aging(as_of date DEFAULT current_date,
    OUT aging_date date, OUT items_moved bigint, OUT alerts_raised bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    previous date;
BEGIN
    IF as_of IS NULL OR NOT isfinite(as_of) THEN
        RAISE EXCEPTION 'invalid aging date %', as_of USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- a roll must see every invoice committed before it takes the clock; a
    -- REPEATABLE READ snapshot may predate them
    PERFORM ar2c.require_read_committed('roll_aging', 'invoices written while the roll waited for them');
    -- one roll at a time: the clock row is the lock, taken first (the
    -- ledger's lock order, sql/install/41_ledger_triggers.sql); invoice
    -- writers share it before they lock an invoice
    SELECT c.as_of INTO previous FROM ar2c.aging_clock c FOR UPDATE;
    IF previous > roll_aging.as_of THEN
        RAISE EXCEPTION 'cannot roll aging back from % to %', previous, roll_aging.as_of
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Aging only moves forward; ar2c.rebuild_aging(NULL, date) recomputes every item for any date.';
    END IF;
    IF previous IS NULL THEN
        -- the first roll: items loaded before it were aged as of the day
        -- they were written, so every one is aged afresh
        aging_date := roll_aging.as_of;
        items_moved := ar2c.rebuild_aging(NULL, roll_aging.as_of);
        alerts_raised := 0;
        RETURN;
    END IF;
    UPDATE ar2c.aging_clock SET as_of = roll_aging.as_of, rolled_at = now();

    -- only the items whose bucket changes by that date, found by index;
    -- the invoice trigger recomputes the bucket, the statement trigger
    -- moves the balances
    WITH due AS (
        SELECT i.customer_id, i.invoice_id, i.aging_bucket AS old_bucket
        FROM ar2c.invoice i
        WHERE i.aging_changes_on <= roll_aging.as_of
        FOR UPDATE
    ), moved AS (
        UPDATE ar2c.invoice i SET aging_changes_on = i.aging_changes_on
        FROM due
        WHERE i.customer_id = due.customer_id AND i.invoice_id = due.invoice_id
        RETURNING i.company_id, i.customer_id, i.invoice_id, i.invoice_number, i.open_amount, i.due_date,
                  i.aging_bucket, due.old_bucket
    ), alerted AS (
        INSERT INTO ar2c.alert (company_id, customer_id, kind, severity, subject_table, subject_id, message, details)
        SELECT m.company_id, m.customer_id, 'aging_last_bucket', 'warning', 'invoice', m.invoice_id,
               format('invoice %s is now %s days past due (%s open)', m.invoice_number,
                      roll_aging.as_of - m.due_date, m.open_amount),
               jsonb_build_object('bucket', m.aging_bucket::text, 'open_amount', ar2c.amount(m.open_amount),
                                  'currency', ar2c.currency(m.open_amount)::text, 'due_date', m.due_date)
        FROM moved m
        WHERE ar2c.upper(m.aging_bucket) IS NULL AND ar2c.upper(m.old_bucket) IS NOT NULL
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM alerted) INTO items_moved, alerts_raised;
    aging_date := roll_aging.as_of;
END
$$;
COMMENT ON FUNCTION ar2c.roll_aging(date) IS 'move the aging date forward: re-age only the items whose bucket changes (found by index), raise an alert for each that enters the last bucket; idempotent for a date';

CREATE FUNCTION ar2c.rebuild_balances(company_id bigint DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    rows bigint;
BEGIN
    PERFORM ar2c.require_company(rebuild_balances.company_id);
    DELETE FROM ar2c.customer_balance_total b WHERE rebuild_balances.company_id IS NULL OR b.company_id = rebuild_balances.company_id;
    INSERT INTO ar2c.customer_balance_total (customer_id, company_id, currency, open_amount, open_items,
                                       bucket_amounts, bucket_items, open_orders)
    SELECT customer_id, company_id, currency,
           coalesce(sum(units) FILTER (WHERE kind = 'invoice'), 0),
           count(*) FILTER (WHERE kind = 'invoice'),
           coalesce(ar2c.position_sum(pos, units) FILTER (WHERE kind = 'invoice'), '{}'),
           coalesce(ar2c.position_sum(pos, 1) FILTER (WHERE kind = 'invoice'), '{}')::integer[],
           coalesce(sum(units) FILTER (WHERE kind = 'order'), 0)
    FROM (SELECT 'invoice' AS kind, i.customer_id, i.company_id, ar2c.currency(i.open_amount) AS currency,
                 ar2c.minor_units_value(i.open_amount) AS units,
                 ar2c.aging_position(i.aging_bucket, c.aging_boundaries) AS pos
          FROM ar2c.invoice i JOIN ar2c.company c ON c.company_id = i.company_id
          WHERE i.aging_bucket IS NOT NULL
            AND (rebuild_balances.company_id IS NULL OR i.company_id = rebuild_balances.company_id)
          UNION ALL
          SELECT 'order', o.customer_id, o.company_id, ar2c.currency(o.amount),
                 greatest(ar2c.minor_units_value(o.amount) - ar2c.minor_units_value(o.invoiced_amount), 0), NULL
          FROM ar2c.sales_order o
          WHERE o.status IN ('open', 'released')
            AND (rebuild_balances.company_id IS NULL OR o.company_id = rebuild_balances.company_id)) items
    GROUP BY customer_id, company_id, currency;
    GET DIAGNOSTICS rows = ROW_COUNT;
    RETURN rows;
END
$$;
COMMENT ON FUNCTION ar2c.rebuild_balances(bigint) IS 'recompute ar2c.customer_balance_total from the invoices and orders (of one company, or all); returns the rows written';

CREATE FUNCTION ar2c.rebuild_aging(company_id bigint, as_of date) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    rows bigint;
BEGIN
    IF as_of IS NOT NULL AND company_id IS NOT NULL THEN
        RAISE EXCEPTION 'cannot move the aging date for one company'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'All companies share one aging date (ar2c.aging_clock).',
                  HINT = 'Rebuild one company at the current aging date, or every company at a new one.';
    END IF;
    PERFORM ar2c.require_company(rebuild_aging.company_id);
    -- the clock first, exclusively, as roll_aging(): invoice writers under
    -- way finish before the items are re-aged, and those after wait and
    -- read the new date and boundaries (no invoice keeps the old bucket)
    PERFORM 1 FROM ar2c.aging_clock c FOR UPDATE;
    IF as_of IS NOT NULL THEN
        INSERT INTO ar2c.aging_clock AS k (as_of) VALUES (rebuild_aging.as_of)
        ON CONFLICT (singleton) DO UPDATE SET as_of = excluded.as_of, rolled_at = now();
    END IF;
    UPDATE ar2c.invoice i SET aging_changes_on = i.aging_changes_on
    WHERE i.status IN ('open', 'partially_paid')
      AND (rebuild_aging.company_id IS NULL OR i.company_id = rebuild_aging.company_id);
    GET DIAGNOSTICS rows = ROW_COUNT;
    PERFORM ar2c.rebuild_balances(rebuild_aging.company_id);
    RETURN rows;
END
$$;
COMMENT ON FUNCTION ar2c.rebuild_aging(bigint, date) IS 're-age every open item (of one company, or all: NULL) as of a date (NULL: the current aging date), and rebuild the balances; for repairs and for going back in time';

-- A company's new aging boundaries re-age its items at once.
CREATE FUNCTION ar2c.company_boundaries_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ar2c.rebuild_aging(NEW.company_id, NULL);
    RETURN NULL;
END
$$;
CREATE TRIGGER company_boundaries_changed AFTER UPDATE OF aging_boundaries ON ar2c.company
    FOR EACH ROW WHEN (OLD.aging_boundaries IS DISTINCT FROM NEW.aging_boundaries)
    EXECUTE FUNCTION ar2c.company_boundaries_changed();
COMMENT ON FUNCTION ar2c.company_boundaries_changed() IS 'trigger: re-age every open invoice of a company whose aging boundaries changed, and rebuild its balances';

-- New alerts are announced to listeners: LISTEN ar2c_alert. Any role may
-- listen on any channel, so the notification says only that there is
-- something new; a listener reads the new alerts it may see (row-level
-- security). On Citus the trigger fires on the shards, inside prepared
-- transactions that may not NOTIFY: there (a table named after its shard)
-- it stays silent and listeners poll (doc/scale-out.md).
CREATE FUNCTION ar2c.alert_notify() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_TABLE_NAME OPERATOR(pg_catalog.=) 'alert' AND EXISTS (SELECT 1 FROM new_rows) THEN
        PERFORM pg_notify('ar2c_alert', '');
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ar2c.alert_notify() IS 'trigger: NOTIFY ar2c_alert, with an empty payload, once per statement that raises alerts; delivered when the transaction commits';
CREATE TRIGGER alert_notify AFTER INSERT ON ar2c.alert
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ar2c.alert_notify();

-- The ledger's invariants, recomputed from scratch: no rows means sound.
CREATE FUNCTION ar2c.check_ledger(OUT problem text, OUT customer_id bigint, OUT subject_id bigint, OUT details text)
    RETURNS SETOF record
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT 'invoice open amount differs from amount less applications', i.customer_id, i.invoice_id,
           format('open %s, expected %s', i.open_amount, i.amount OPERATOR(ar2c.-) coalesce(a.applied, ar2c.money_cur_units(0, ar2c.currency(i.amount))))
    FROM ar2c.invoice i
    LEFT JOIN (SELECT a.customer_id, a.invoice_id, ar2c.sum(a.amount) AS applied FROM ar2c.application a GROUP BY 1, 2) a
           ON a.customer_id = i.customer_id AND a.invoice_id = i.invoice_id
    WHERE i.open_amount OPERATOR(ar2c.<>) (i.amount OPERATOR(ar2c.-) coalesce(a.applied, ar2c.money_cur_units(0, ar2c.currency(i.amount))))
       OR ar2c.minor_units_value(i.open_amount) < 0
    UNION ALL
    SELECT 'payment unapplied amount differs from amount less applications', p.customer_id, p.payment_id,
           format('unapplied %s, amount %s, applied %s', p.unapplied_amount, p.amount, a.applied)
    FROM ar2c.payment p
    LEFT JOIN (SELECT a.company_id, a.payment_id, ar2c.sum(a.source_amount) AS applied FROM ar2c.application a
               WHERE a.payment_id IS NOT NULL GROUP BY 1, 2) a
           ON a.company_id = p.company_id AND a.payment_id = p.payment_id
    WHERE p.unapplied_amount OPERATOR(ar2c.<>) (p.amount OPERATOR(ar2c.-) coalesce(a.applied, ar2c.money_cur_units(0, ar2c.currency(p.amount))))
       OR ar2c.minor_units_value(p.unapplied_amount) < 0
    UNION ALL
    SELECT 'payment customer differs from the customer of its applications', p.customer_id, p.payment_id,
           format('customer %s, applications of %s', coalesce(p.customer_id::text, 'none'), a.customers)
    FROM ar2c.payment p
    JOIN (SELECT a.company_id, a.payment_id, array_agg(DISTINCT a.customer_id ORDER BY a.customer_id) AS customers
          FROM ar2c.application a
          WHERE a.payment_id IS NOT NULL AND a.kind <> 'reversal'
            AND NOT EXISTS (SELECT 1 FROM ar2c.application r
                            WHERE r.customer_id = a.customer_id AND r.reverses_application_id = a.application_id)
          GROUP BY 1, 2) a ON a.company_id = p.company_id AND a.payment_id = p.payment_id
    WHERE a.customers IS DISTINCT FROM ARRAY[p.customer_id]
    UNION ALL
    SELECT 'invoice aging differs from its due date', i.customer_id, i.invoice_id,
           format('bucket %s, expected %s', i.aging_bucket, ar2c.aging_bucket(i.due_date, (SELECT ar2c.aging_date()), c.aging_boundaries))
    FROM ar2c.invoice i JOIN ar2c.company c ON c.company_id = i.company_id
    WHERE i.status IN ('open', 'partially_paid')
      AND coalesce(i.aging_bucket OPERATOR(ar2c.<>) ar2c.aging_bucket(i.due_date, (SELECT ar2c.aging_date()), c.aging_boundaries), true)
    UNION ALL
    SELECT 'customer balance differs from its invoices and orders', coalesce(m.customer_id, r.customer_id), NULL,
           format('maintained %s, recomputed %s', row(m.open_amount, m.open_items, m.bucket_amounts, m.bucket_items, m.open_orders),
                  row(r.open_amount, r.open_items, r.bucket_amounts, r.bucket_items, r.open_orders))
    FROM ar2c.customer_balance_total m
    FULL JOIN (
        SELECT customer_id, currency,
               coalesce(sum(units) FILTER (WHERE kind = 'invoice'), 0) AS open_amount,
               count(*) FILTER (WHERE kind = 'invoice') AS open_items,
               coalesce(ar2c.position_sum(pos, units) FILTER (WHERE kind = 'invoice'), '{}') AS bucket_amounts,
               coalesce(ar2c.position_sum(pos, 1) FILTER (WHERE kind = 'invoice'), '{}') AS bucket_items,
               coalesce(sum(units) FILTER (WHERE kind = 'order'), 0) AS open_orders
        FROM (SELECT 'invoice' AS kind, i.customer_id, ar2c.currency(i.open_amount) AS currency,
                     ar2c.minor_units_value(i.open_amount) AS units,
                     ar2c.aging_position(ar2c.aging_bucket(i.due_date, (SELECT ar2c.aging_date()), c.aging_boundaries),
                                         c.aging_boundaries) AS pos
              FROM ar2c.invoice i JOIN ar2c.company c ON c.company_id = i.company_id
              WHERE i.status IN ('open', 'partially_paid')
              UNION ALL
              SELECT 'order', o.customer_id, ar2c.currency(o.amount),
                     greatest(ar2c.minor_units_value(o.amount) - ar2c.minor_units_value(o.invoiced_amount), 0), NULL
              FROM ar2c.sales_order o WHERE o.status IN ('open', 'released')) items
        GROUP BY customer_id, currency) r
      ON r.customer_id = m.customer_id AND r.currency OPERATOR(ar2c.=) m.currency
    -- a maintained row may keep zeros after its items are gone
    WHERE coalesce(m.open_amount, 0) <> coalesce(r.open_amount, 0)
       OR coalesce(m.open_items, 0) <> coalesce(r.open_items, 0)
       OR coalesce(m.open_orders, 0) <> coalesce(r.open_orders, 0)
       OR NOT ar2c.bucket_vectors_equal(m.bucket_amounts, r.bucket_amounts)
       OR NOT ar2c.bucket_vectors_equal(m.bucket_items::bigint[], r.bucket_items)
    UNION ALL
    -- a level holds while an item of its notice is open: a second notice
    -- of the level listing the same item, with no application of the item
    -- between them, was written by a run that did not see the first
    -- (doc/dunning.md). (An item paid and its payment reversed, while a
    -- notice of other items became the customer's last, is dunned afresh.)
    SELECT DISTINCT ON (b.customer_id, b.notice_id)
           'dunning notice repeats the level of an earlier notice for the same item', b.customer_id, b.notice_id,
           format('level %s: notice %s of %s and notice %s of %s both list invoice %s', b.level, a.notice_id, a.as_of,
                  b.notice_id, b.as_of, bi.invoice_id)
    FROM ar2c.dunning_notice b
    JOIN ar2c.dunning_notice_item bi ON bi.customer_id = b.customer_id AND bi.notice_id = b.notice_id
    JOIN ar2c.dunning_notice_item ai ON ai.customer_id = bi.customer_id AND ai.invoice_id = bi.invoice_id
    JOIN ar2c.dunning_notice a ON a.customer_id = ai.customer_id AND a.notice_id = ai.notice_id
    WHERE a.level = b.level AND a.currency OPERATOR(ar2c.=) b.currency AND (a.as_of, a.notice_id) < (b.as_of, b.notice_id)
      AND NOT EXISTS (SELECT 1 FROM ar2c.application x
                      WHERE x.customer_id = bi.customer_id AND x.invoice_id = bi.invoice_id
                        AND x.applied_at >= a.created_at AND x.applied_at <= b.created_at)
    UNION ALL
    -- interest runs from the end of the last charge: two charges of one
    -- item for the same day are one too many
    SELECT 'interest charged twice for the same days', b.customer_id, b.invoice_id,
           format('notices %s and %s both charge the days %s to %s', a.notice_id, b.notice_id,
                  greatest(a.from_date, b.from_date) + 1, least(a.to_date, b.to_date))
    FROM ar2c.dunning_interest a
    JOIN ar2c.dunning_interest b ON b.customer_id = a.customer_id AND b.invoice_id = a.invoice_id AND a.notice_id < b.notice_id
    WHERE a.from_date < b.to_date AND b.from_date < a.to_date
$$;
COMMENT ON FUNCTION ar2c.check_ledger() IS 'recompute the ledger''s invariants from scratch and list every difference (open amounts, unapplied amounts, a payment''s customer against its applications, aging buckets, customer balances, dunning levels and interest charged twice); no rows means the maintained state is exact';

CREATE FUNCTION ar2c.bucket_vectors_equal(a bigint[], b bigint[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- equal up to trailing zeros; NULL counts as empty
    SELECT coalesce(bool_and(coalesce(x, 0) = coalesce(y, 0)), true)
    FROM unnest(coalesce(a, '{}'), coalesce(b, '{}')) AS u(x, y)
$$;
COMMENT ON FUNCTION ar2c.bucket_vectors_equal(bigint[], bigint[]) IS 'true if two bucket vectors hold the same totals (trailing zeros ignored)';
