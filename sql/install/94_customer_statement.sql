-- The customer statement: what to send a customer. For each currency of
-- the account (the billing currency first): opening balance, every
-- movement with a running balance, closing balance, and the closing
-- balance aged; then the closing balances of every currency totalled in
-- the reporting currency. See doc/reconciliation.md, "The customer statement".

CREATE FUNCTION ar2c.customer_statement(customer_id bigint, from_date date, to_date date,
    statement_currency ar2c.currency DEFAULT NULL,
    OUT line_no integer, OUT line_type text, OUT item_date date, OUT item_kind text, OUT reference text,
    OUT due_date date, OUT debit numeric, OUT credit numeric, OUT balance numeric, OUT aging_bucket text,
    OUT currency text, OUT reporting_currency text, OUT reporting_amount numeric, OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    c record;
    cur ar2c.currency;
    fx record;
    closing_amount ar2c.money_cur;
    converted ar2c.money_cur;
    lines integer := 0;
    added integer;
    total numeric := 0;
    missing text[];
BEGIN
    PERFORM ar2c.metric_period_check(from_date, to_date);
    SELECT x.customer_id, x.company_id, x.currency, co.functional_currency INTO c
    FROM ar2c.customer x JOIN ar2c.company co ON co.company_id = x.company_id
    WHERE x.customer_id = customer_statement.customer_id;
    IF NOT FOUND THEN
        -- a customer that does not exist, or of a company the session may
        -- not see: no lines, alike (doc/conventions.md)
        RETURN;
    END IF;
    -- the currency asked for, or the billing currency and every other one
    -- with an item by the end of the period
    FOR cur IN
        SELECT k.code FROM (SELECT coalesce(statement_currency, c.currency) AS code
                            UNION
                            SELECT t.currency::ar2c.currency FROM ar2c.account_item t
                            WHERE statement_currency IS NULL AND t.customer_id = c.customer_id
                              AND t.item_date <= to_date) k
        ORDER BY k.code OPERATOR(ar2c.<>) coalesce(statement_currency, c.currency), k.code
    LOOP
    -- one rate per currency: the one in force at the end of the period
    SELECT f.rate, f.inverse INTO fx FROM ar2c.fx_rates_to(c.functional_currency, to_date) f
    WHERE f.currency OPERATOR(ar2c.=) cur;
    RETURN QUERY
    WITH opening AS (
        SELECT ar2c.amount(ar2c.account_balance(c.customer_id, cur, from_date - 1)) AS amount
    ), items AS (
        SELECT t.item_date, t.item_kind, t.reference, t.item_id, ar2c.amount(t.amount) AS amount,
               CASE WHEN t.item_kind = 'invoice' THEN (SELECT i.due_date FROM ar2c.invoice i
                                                       WHERE i.customer_id = c.customer_id AND i.invoice_id = t.item_id) END AS due
        FROM ar2c.account_items(c.customer_id, cur, from_date, to_date) t
    ), movements AS (
        SELECT 'item'::text AS line_type, i.item_date, i.item_kind, i.reference, i.due,
               CASE WHEN i.amount > 0 THEN i.amount END AS debit, CASE WHEN i.amount < 0 THEN -i.amount END AS credit,
               (SELECT amount FROM opening) + sum(i.amount) OVER (ORDER BY i.item_date, i.item_kind, i.item_id) AS balance,
               NULL::text AS bucket, 2 AS part, row_number() OVER (ORDER BY i.item_date, i.item_kind, i.item_id) AS n
        FROM items i
    ), aged AS (
        -- the closing balance aged: open invoices by bucket, then what is
        -- paid or credited but not yet applied
        SELECT k.ordinal, k.bucket::text AS bucket, coalesce(sum(ar2c.amount(a.open_amount)), 0) AS amount
        FROM ar2c.company co
        CROSS JOIN LATERAL ar2c.aging_buckets(co.aging_boundaries) k
        LEFT JOIN ar2c.aging_as_of(c.company_id, to_date, ARRAY[c.customer_id]) a
               ON a.bucket_order = k.ordinal
              AND ar2c.currency(a.open_amount) OPERATOR(ar2c.=) cur
        WHERE co.company_id = c.company_id
        GROUP BY k.ordinal, k.bucket
    ), closing AS (
        SELECT ar2c.amount(ar2c.account_balance(c.customer_id, cur, to_date)) AS amount
    )
    SELECT lines + (row_number() OVER (ORDER BY l.part, l.n))::integer, l.line_type, l.item_date, l.item_kind,
           l.reference, l.due, l.debit, l.credit, l.balance, l.bucket, cur::text, c.functional_currency::text,
           ar2c.amount(ar2c.convert_at(ar2c.money_cur(l.balance, cur), c.functional_currency, fx.rate, fx.inverse)),
           to_date
    FROM (SELECT 'opening'::text AS line_type, from_date AS item_date, NULL::text AS item_kind, NULL::text AS reference,
                 NULL::date AS due, NULL::numeric AS debit, NULL::numeric AS credit, o.amount AS balance,
                 NULL::text AS bucket, 1 AS part, 0::bigint AS n
          FROM opening o
          UNION ALL
          SELECT * FROM movements
          UNION ALL
          SELECT 'closing', to_date, NULL, NULL, NULL, NULL, NULL, cl.amount, NULL, 3, 0 FROM closing cl
          UNION ALL
          SELECT 'aging', to_date, NULL, NULL, NULL, NULL, NULL, ag.amount, ag.bucket, 4, ag.ordinal FROM aged ag
          UNION ALL
          SELECT 'aging', to_date, NULL, NULL, NULL, NULL, NULL, cl.amount - (SELECT sum(amount) FROM aged),
                 'unapplied', 5, 0
          FROM closing cl
          WHERE cl.amount <> (SELECT sum(amount) FROM aged)) l
    ORDER BY l.part, l.n;
    GET DIAGNOSTICS added = ROW_COUNT;
    lines := lines + added;
    closing_amount := ar2c.account_balance(c.customer_id, cur, to_date);
    converted := ar2c.convert_at(closing_amount, c.functional_currency, fx.rate, fx.inverse);
    IF converted IS NULL THEN
        missing := missing || cur::text;
    ELSE
        total := total + ar2c.amount(converted);
    END IF;
    END LOOP;
    -- the total of every currency; NULL, naming the currencies, when one
    -- has no rate (never a raw sum)
    IF statement_currency IS NULL THEN
        line_no := lines + 1;
        line_type := 'total';
        item_date := to_date;
        reference := 'no rate for ' || array_to_string(missing, ', ');
        reporting_currency := c.functional_currency::text;
        reporting_amount := CASE WHEN missing IS NULL THEN total END;
        rate_date := to_date;
        RETURN NEXT;
    END IF;
END
$$;
COMMENT ON FUNCTION ar2c.customer_statement(bigint, date, date, ar2c.currency) IS
    'a statement of account for a customer over a period, per currency (the one asked for, or the billing currency first and every other one with items): opening balance, every invoice, credit note, payment and write-off with a running balance, closing balance, and the closing balance by aging bucket (unapplied cash and credit on a line of its own), each balance also in the reporting currency at the rate of the period end; then, unless a currency is asked for, a total line of every currency in the reporting currency (NULL, naming the currencies, when one has no rate)';
