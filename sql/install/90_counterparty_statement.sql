-- Counterparty statement reconciliation: a customer's (or our own
-- supplier-side) statement of the account, loaded into tables, matched
-- against the ledger line by line, with every difference stored, alerted
-- and resolved by a person with a note. See doc/reconciliation.md.
--
-- Keys start with customer_id (distribution by customer). Lock order:
-- reconcile_statement() locks the statement row, then writes its results;
-- it only reads the ledger, so it never waits for cash application.

-- The ledger as the customer sees it: every item that moves the balance,
-- signed (positive: the customer owes more), of the companies the user may
-- see. A view, so that the reporting role, which may read no table, reads
-- it through account_items() and ar2c.account_movements. Shared by the
-- reconciliation and the customer statement (94_customer_statement.sql).
CREATE VIEW ar2c.account_item AS
SELECT t.* FROM (
    SELECT i.company_id, i.customer_id, ar2c.currency(i.amount)::text AS currency, 'invoice' AS item_kind,
           i.invoice_id AS item_id, i.issue_date AS item_date, i.invoice_number AS reference, ar2c.amount(i.amount) AS amount
    FROM ar2c.invoice i
    WHERE i.status <> 'cancelled'
    UNION ALL
    SELECT n.company_id, n.customer_id, ar2c.currency(n.amount)::text, 'credit_note', n.credit_note_id, n.issue_date,
           n.credit_note_number, -ar2c.amount(n.amount)
    FROM ar2c.credit_note n
    UNION ALL
    SELECT p.company_id, p.customer_id, ar2c.currency(p.amount)::text, 'payment', p.payment_id, p.value_date,
           coalesce(p.end_to_end_id, p.bank_reference), -ar2c.amount(p.amount)
    FROM ar2c.payment p
    WHERE p.status <> 'returned' AND p.customer_id IS NOT NULL
    UNION ALL
    -- write-offs and exchange differences lower the balance without cash; a
    -- reversal of one raises it again
    SELECT a.company_id, a.customer_id, ar2c.currency(a.amount)::text, o.kind, a.application_id, a.applied_on,
           i.invoice_number, -ar2c.amount(a.amount)
    FROM ar2c.application a
    JOIN ar2c.application o ON o.customer_id = a.customer_id
                           AND o.application_id = coalesce(a.reverses_application_id, a.application_id)
    JOIN ar2c.invoice i ON i.customer_id = a.customer_id AND i.invoice_id = a.invoice_id
    WHERE o.kind IN ('write_off', 'bank_charge', 'fx_difference')) t
WHERE t.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.account_item IS 'the items that move a customer''s balance, signed as the customer owes (invoices +, credit notes, payments, write-offs and exchange differences -), of the companies the user may see';
COMMENT ON COLUMN ar2c.account_item.company_id IS 'the company';
COMMENT ON COLUMN ar2c.account_item.customer_id IS 'the customer';
COMMENT ON COLUMN ar2c.account_item.currency IS 'the currency of the item (ISO 4217)';
COMMENT ON COLUMN ar2c.account_item.item_kind IS 'invoice, credit_note, payment, write_off, bank_charge or fx_difference';
COMMENT ON COLUMN ar2c.account_item.item_id IS 'the invoice, credit note, payment or application';
COMMENT ON COLUMN ar2c.account_item.item_date IS 'issue date, value date or application date';
COMMENT ON COLUMN ar2c.account_item.reference IS 'invoice or credit note number, end-to-end id or bank reference of a payment, the invoice written off';
COMMENT ON COLUMN ar2c.account_item.amount IS 'the amount, signed as the customer owes';

CREATE FUNCTION ar2c.account_items(customer_id bigint, currency ar2c.currency, from_date date, to_date date,
    OUT item_kind text, OUT item_id bigint, OUT item_date date, OUT reference text, OUT amount ar2c.money_cur)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.item_kind, t.item_id, t.item_date, t.reference, ar2c.money_cur(t.amount, $2)
    FROM ar2c.account_item t
    WHERE t.customer_id = $1 AND t.currency = $2::text AND t.item_date BETWEEN $3 AND $4
$$;
COMMENT ON FUNCTION ar2c.account_items(bigint, ar2c.currency, date, date) IS
    'the items that move a customer''s balance in one currency between two dates (inclusive), signed as the customer owes: invoices +, credit notes, payments, write-offs and exchange differences - (ar2c.account_item, of the companies the user may see)';

CREATE FUNCTION ar2c.account_balance(customer_id bigint, currency ar2c.currency, as_of date) RETURNS ar2c.money_cur
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(ar2c.sum(t.amount), ar2c.money_cur_units(0, $2))
    FROM ar2c.account_items($1, $2, '-infinity', $3) t
    -- NULL for a customer that does not exist or that the session may not see
    HAVING EXISTS (SELECT 1 FROM ar2c.customer c WHERE c.customer_id = $1)
$$;
COMMENT ON FUNCTION ar2c.account_balance(bigint, ar2c.currency, date) IS
    'what a customer owed in one currency at the end of a day, from the ledger''s items (invoices less credit notes, payments and write-offs); NULL for a customer that does not exist or that the session may not see';

-- How alike two normalised references are, as cash application scores
-- them: 3 equal, 2 one edit apart (5 characters or more), 1 two edits
-- apart (8 or more), 0 otherwise.
CREATE FUNCTION ar2c.reference_closeness(a text, b text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN a = b THEN 3
                WHEN least(length(a), length(b)) >= 5 AND ar2c.damerau_levenshtein(a, b, 2) = 1 THEN 2
                WHEN least(length(a), length(b)) >= 8 AND ar2c.damerau_levenshtein(a, b, 2) = 2 THEN 1
                ELSE 0 END
$$;
COMMENT ON FUNCTION ar2c.reference_closeness(text, text) IS
    'how alike two normalised references are: 3 equal, 2 one edit apart (5+ characters), 1 two edits apart (8+), 0 otherwise';

CREATE TABLE ar2c.counterparty_statement (
    company_id          bigint NOT NULL,
    customer_id         bigint NOT NULL,
    statement_id        bigint GENERATED BY DEFAULT AS IDENTITY,
    reference           text,
    perspective         text NOT NULL DEFAULT 'receivable',
    period_from         date NOT NULL,
    period_to           date NOT NULL,
    opening_balance     ar2c.money_cur NOT NULL,
    closing_balance     ar2c.money_cur NOT NULL,
    loaded_at           timestamptz NOT NULL DEFAULT now(),
    loaded_by           text NOT NULL DEFAULT current_user,
    reconciled_at       timestamptz,
    our_opening_balance ar2c.money_cur,
    our_closing_balance ar2c.money_cur,
    opening_difference  ar2c.money_cur,
    balance_difference  ar2c.money_cur,
    differences         integer,
    PRIMARY KEY (customer_id, statement_id),
    FOREIGN KEY (customer_id, company_id) REFERENCES ar2c.customer (customer_id, company_id),
    CONSTRAINT counterparty_statement_perspective_valid CHECK (perspective IN ('receivable', 'payable')),
    CONSTRAINT counterparty_statement_period_valid CHECK (period_to >= period_from),
    CONSTRAINT counterparty_statement_one_currency
        CHECK (ar2c.currency(opening_balance) OPERATOR(ar2c.=) ar2c.currency(closing_balance))
);
CREATE INDEX counterparty_statement_id ON ar2c.counterparty_statement (statement_id);
COMMENT ON TABLE ar2c.counterparty_statement IS 'a statement of account from a counterparty (or for it), amounts signed as our ledger (positive: the customer owes us), with the result of its last reconciliation';
COMMENT ON COLUMN ar2c.counterparty_statement.company_id IS 'our company';
COMMENT ON COLUMN ar2c.counterparty_statement.customer_id IS 'the counterparty';
COMMENT ON COLUMN ar2c.counterparty_statement.statement_id IS 'ar2c''s key for the statement';
COMMENT ON COLUMN ar2c.counterparty_statement.reference IS 'the counterparty''s reference of the statement';
COMMENT ON COLUMN ar2c.counterparty_statement.perspective IS 'receivable: the statement was signed like our ledger; payable: it was the counterparty''s payables view (signs flipped on loading)';
COMMENT ON COLUMN ar2c.counterparty_statement.period_from IS 'first day the statement covers';
COMMENT ON COLUMN ar2c.counterparty_statement.period_to IS 'last day the statement covers';
COMMENT ON COLUMN ar2c.counterparty_statement.opening_balance IS 'their balance at the start of period_from, in our sign';
COMMENT ON COLUMN ar2c.counterparty_statement.closing_balance IS 'their balance at the end of period_to, in our sign';
COMMENT ON COLUMN ar2c.counterparty_statement.loaded_at IS 'when the statement was loaded';
COMMENT ON COLUMN ar2c.counterparty_statement.loaded_by IS 'who loaded it';
COMMENT ON COLUMN ar2c.counterparty_statement.reconciled_at IS 'when it was last reconciled; NULL before';
COMMENT ON COLUMN ar2c.counterparty_statement.our_opening_balance IS 'the ledger''s balance at the start of period_from';
COMMENT ON COLUMN ar2c.counterparty_statement.our_closing_balance IS 'the ledger''s balance at the end of period_to';
COMMENT ON COLUMN ar2c.counterparty_statement.opening_difference IS 'their opening balance less ours';
COMMENT ON COLUMN ar2c.counterparty_statement.balance_difference IS 'their closing balance less ours: the opening difference plus the differences of the result rows';
COMMENT ON COLUMN ar2c.counterparty_statement.differences IS 'number of result rows other than matched';

CREATE TABLE ar2c.counterparty_statement_line (
    company_id   bigint NOT NULL,
    customer_id  bigint NOT NULL,
    statement_id bigint NOT NULL,
    line_no      integer NOT NULL,
    line_date    date NOT NULL,
    reference    text,
    amount       ar2c.money_cur NOT NULL,
    description  text,
    PRIMARY KEY (customer_id, statement_id, line_no),
    FOREIGN KEY (customer_id, company_id) REFERENCES ar2c.customer (customer_id, company_id),
    FOREIGN KEY (customer_id, statement_id) REFERENCES ar2c.counterparty_statement (customer_id, statement_id)
);
COMMENT ON TABLE ar2c.counterparty_statement_line IS 'a line of a counterparty statement: a document as the counterparty booked it';
COMMENT ON COLUMN ar2c.counterparty_statement_line.company_id IS 'our company';
COMMENT ON COLUMN ar2c.counterparty_statement_line.customer_id IS 'the counterparty';
COMMENT ON COLUMN ar2c.counterparty_statement_line.statement_id IS 'the statement';
COMMENT ON COLUMN ar2c.counterparty_statement_line.line_no IS 'position on the statement, from 1';
COMMENT ON COLUMN ar2c.counterparty_statement_line.line_date IS 'the document date as they booked it';
COMMENT ON COLUMN ar2c.counterparty_statement_line.reference IS 'their document reference (our invoice number, their payment reference, ...)';
COMMENT ON COLUMN ar2c.counterparty_statement_line.amount IS 'amount in our sign: positive raises what they owe us';
COMMENT ON COLUMN ar2c.counterparty_statement_line.description IS 'their text for the line';

CREATE TABLE ar2c.statement_result (
    company_id      bigint NOT NULL,
    customer_id     bigint NOT NULL,
    result_id       bigint GENERATED BY DEFAULT AS IDENTITY,
    statement_id    bigint NOT NULL,
    result          text NOT NULL,
    line_no         integer,
    item_kind       text,
    item_id         bigint,
    reference       text,
    their_date      date,
    our_date        date,
    their_amount    ar2c.money_cur,
    our_amount      ar2c.money_cur,
    difference      ar2c.money_cur NOT NULL,
    matched_by      text,
    resolved_at     timestamptz,
    resolved_by     text,
    resolution_note text,
    PRIMARY KEY (customer_id, result_id),
    FOREIGN KEY (customer_id, company_id) REFERENCES ar2c.customer (customer_id, company_id),
    FOREIGN KEY (customer_id, statement_id) REFERENCES ar2c.counterparty_statement (customer_id, statement_id),
    CONSTRAINT statement_result_valid CHECK (result IN ('matched', 'amount_differs', 'missing_in_ledger',
        'missing_in_statement', 'duplicate_in_statement', 'duplicate_in_ledger')),
    CONSTRAINT statement_result_sides CHECK ((line_no IS NULL) = (their_amount IS NULL)
                                             AND (item_id IS NULL) = (our_amount IS NULL)
                                             AND (line_no IS NOT NULL OR item_id IS NOT NULL)),
    CONSTRAINT statement_result_resolution CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
);
CREATE INDEX statement_result_statement ON ar2c.statement_result (customer_id, statement_id);
CREATE INDEX statement_result_id ON ar2c.statement_result (result_id);
CREATE INDEX statement_result_open ON ar2c.statement_result (company_id)
    WHERE result <> 'matched' AND resolved_at IS NULL;
COMMENT ON TABLE ar2c.statement_result IS 'the last reconciliation of each counterparty statement: one row per statement line and per ledger item of the period, with its result; a person resolves the differences';
COMMENT ON COLUMN ar2c.statement_result.company_id IS 'our company';
COMMENT ON COLUMN ar2c.statement_result.customer_id IS 'the counterparty';
COMMENT ON COLUMN ar2c.statement_result.result_id IS 'ar2c''s key for the result row';
COMMENT ON COLUMN ar2c.statement_result.statement_id IS 'the statement reconciled';
COMMENT ON COLUMN ar2c.statement_result.result IS 'matched, amount_differs, missing_in_ledger (on their statement only), missing_in_statement (in our ledger only), duplicate_in_statement, duplicate_in_ledger';
COMMENT ON COLUMN ar2c.statement_result.line_no IS 'their statement line, if any';
COMMENT ON COLUMN ar2c.statement_result.item_kind IS 'our item''s kind: invoice, credit_note, payment, write_off, bank_charge, fx_difference';
COMMENT ON COLUMN ar2c.statement_result.item_id IS 'our item''s key in its table (application_id for write-offs)';
COMMENT ON COLUMN ar2c.statement_result.reference IS 'the reference of the row (ours if matched, else whichever side has one)';
COMMENT ON COLUMN ar2c.statement_result.their_date IS 'the date on their statement';
COMMENT ON COLUMN ar2c.statement_result.our_date IS 'the date in our ledger';
COMMENT ON COLUMN ar2c.statement_result.their_amount IS 'their amount, in our sign';
COMMENT ON COLUMN ar2c.statement_result.our_amount IS 'our amount';
COMMENT ON COLUMN ar2c.statement_result.difference IS 'their amount less ours (a missing side counts 0); these add up to the balance difference less the opening difference';
COMMENT ON COLUMN ar2c.statement_result.matched_by IS 'for a pair: reference, similar_reference or amount_and_date';
COMMENT ON COLUMN ar2c.statement_result.resolved_at IS 'when a person resolved the difference';
COMMENT ON COLUMN ar2c.statement_result.resolved_by IS 'who resolved it';
COMMENT ON COLUMN ar2c.statement_result.resolution_note IS 'what was found or done';

-- Read a statement: lines is a JSON array of {"date", "reference",
-- "amount", "description"}; amounts are numbers in the balances'
-- currency, signed as the statement's perspective signs them.
CREATE FUNCTION ar2c.load_counterparty_statement(customer_id bigint, period_from date, period_to date,
    opening_balance ar2c.money_cur, closing_balance ar2c.money_cur, lines jsonb,
    perspective text DEFAULT 'receivable', reference text DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    company bigint;
    sign integer;
    cur ar2c.currency;
    new_id bigint;
    bad record;
    total ar2c.money_cur;
BEGIN
    IF customer_id IS NULL OR period_from IS NULL OR period_to IS NULL OR opening_balance IS NULL
       OR closing_balance IS NULL OR lines IS NULL OR perspective IS NULL THEN
        RAISE EXCEPTION 'a counterparty statement needs a customer, a period, both balances, lines and a perspective'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT c.company_id INTO company FROM ar2c.customer c WHERE c.customer_id = load_counterparty_statement.customer_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown customer %', customer_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF perspective NOT IN ('receivable', 'payable') THEN
        RAISE EXCEPTION 'invalid statement perspective "%"', perspective
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'receivable: the statement is signed like our ledger; payable: it is the customer''s payables view.';
    END IF;
    IF period_to < period_from THEN
        RAISE EXCEPTION 'statement period ends (%) before it starts (%)', period_to, period_from
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    cur := ar2c.currency(opening_balance);
    IF ar2c.currency(closing_balance) OPERATOR(ar2c.<>) cur THEN
        RAISE EXCEPTION 'statement balances in two currencies: % and %', cur, ar2c.currency(closing_balance)
            USING ERRCODE = 'datatype_mismatch';
    END IF;
    IF jsonb_typeof(lines) <> 'array' THEN
        RAISE EXCEPTION 'statement lines must be a JSON array, not %', jsonb_typeof(lines)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT l.n, l.v INTO bad
    FROM jsonb_array_elements(lines) WITH ORDINALITY AS l(v, n)
    WHERE jsonb_typeof(l.v) <> 'object' OR jsonb_typeof(l.v -> 'date') IS DISTINCT FROM 'string'
       OR jsonb_typeof(l.v -> 'amount') NOT IN ('number', 'string') OR l.v -> 'amount' IS NULL
    ORDER BY l.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'statement line % has no date or no amount: %', bad.n, bad.v
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Each line is {"date": "2026-05-04", "reference": "INV-1", "amount": 100.00}.';
    END IF;
    SELECT l.n, (l.v ->> 'date')::date AS d INTO bad
    FROM jsonb_array_elements(lines) WITH ORDINALITY AS l(v, n)
    WHERE (l.v ->> 'date')::date NOT BETWEEN period_from AND period_to
    ORDER BY l.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'statement line % is dated %, outside the period % to %', bad.n, bad.d, period_from, period_to
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- stored in our sign: a payables view is the negative of ours
    IF perspective = 'payable' THEN
        sign := -1;
        opening_balance := OPERATOR(ar2c.-) opening_balance;
        closing_balance := OPERATOR(ar2c.-) closing_balance;
    ELSE
        sign := 1;
    END IF;
    INSERT INTO ar2c.counterparty_statement AS s (company_id, customer_id, reference, perspective, period_from, period_to,
                                                  opening_balance, closing_balance)
    VALUES (company, customer_id, reference, perspective, period_from, period_to,
            opening_balance, closing_balance)
    RETURNING s.statement_id INTO new_id;
    INSERT INTO ar2c.counterparty_statement_line (company_id, customer_id, statement_id, line_no, line_date,
                                                  reference, amount, description)
    SELECT company, customer_id, new_id, l.n, (l.v ->> 'date')::date, nullif(btrim(l.v ->> 'reference'), ''),
           ar2c.money_cur((l.v ->> 'amount')::numeric * sign, cur), l.v ->> 'description'
    FROM jsonb_array_elements(lines) WITH ORDINALITY AS l(v, n);

    -- the statement must add up, or nothing can explain its differences
    SELECT opening_balance OPERATOR(ar2c.+) coalesce(ar2c.sum(l.amount), ar2c.money_cur_units(0, cur))
    INTO total
    FROM ar2c.counterparty_statement_line l
    WHERE l.customer_id = load_counterparty_statement.customer_id AND l.statement_id = new_id;
    IF total OPERATOR(ar2c.<>) closing_balance THEN
        RAISE EXCEPTION 'statement does not add up: opening % plus its lines is %, not the closing %',
                        opening_balance, total, closing_balance
            USING ERRCODE = 'check_violation',
                  DETAIL = 'Amounts are shown in our sign (positive: the customer owes us).',
                  HINT = 'Check the balances and that every line of the statement was given.';
    END IF;
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION ar2c.load_counterparty_statement(bigint, date, date, ar2c.money_cur, ar2c.money_cur, jsonb, text, text) IS
    'load a counterparty statement (lines: JSON array of {date, reference, amount, description}); refuses one that does not add up; returns its statement_id';

-- Match a statement against the ledger and store the result, replacing the
-- previous reconciliation of the statement (resolutions of rows that come
-- out the same are kept).
CREATE FUNCTION ar2c.reconcile_statement(statement_id bigint, date_tolerance integer DEFAULT 7)
    RETURNS SETOF ar2c.statement_result
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    s ar2c.counterparty_statement;
    cur ar2c.currency;
    zero ar2c.money_cur;
    pair record;
    used_lines boolean[] := '{}';
    used_items boolean[] := '{}';
    pairs jsonb := '[]';
    kept jsonb;
    n_differences integer;
BEGIN
    IF date_tolerance IS NULL OR date_tolerance < 0 THEN
        RAISE EXCEPTION 'invalid date tolerance %', date_tolerance
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give a number of days, 0 or more.';
    END IF;
    SELECT * INTO s FROM ar2c.counterparty_statement c WHERE c.statement_id = reconcile_statement.statement_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown counterparty statement %', reconcile_statement.statement_id
            USING ERRCODE = 'no_data_found';
    END IF;
    cur := ar2c.currency(s.opening_balance);
    zero := ar2c.money_cur_units(0, cur);

    -- Pairs, best first: the closer the reference, then equal amounts, then
    -- the nearer date. A pair needs the same sign, and the same reference,
    -- or the same amount and a similar reference or a date within the
    -- tolerance: a mistyped reference with another amount is no pair.
    FOR pair IN
        WITH l AS (
            SELECT l.line_no, l.line_date, l.amount, ar2c.normalize_invoice_number(l.reference) AS ref
            FROM ar2c.counterparty_statement_line l
            WHERE l.customer_id = s.customer_id AND l.statement_id = s.statement_id
        ), t AS (
            SELECT row_number() OVER (ORDER BY t.item_kind, t.item_id)::integer AS item_no,
                   t.item_kind, t.item_id, t.item_date, t.amount, ar2c.normalize_invoice_number(t.reference) AS ref
            FROM ar2c.account_items(s.customer_id, cur, s.period_from, s.period_to) t
        ), candidate AS (
            -- only pairs with the same reference or the same amount can
            -- qualify; both found by hashing, not by comparing every pair
            SELECT l.line_no, t.item_no FROM l JOIN t ON t.ref = l.ref
            UNION
            SELECT l.line_no, t.item_no FROM l JOIN t ON t.amount OPERATOR(ar2c.=) l.amount
        ), scored AS (
            SELECT l.line_no, t.item_no, t.item_kind, t.item_id,
                   coalesce(ar2c.reference_closeness(l.ref, t.ref), 0) AS closeness,
                   l.amount OPERATOR(ar2c.=) t.amount AS same_amount, abs(l.line_date - t.item_date) AS days_apart
            FROM candidate c JOIN l ON l.line_no = c.line_no JOIN t ON t.item_no = c.item_no
            WHERE sign(ar2c.minor_units_value(l.amount)) = sign(ar2c.minor_units_value(t.amount))
        )
        SELECT * FROM scored
        WHERE closeness = 3 OR (same_amount AND (closeness > 0 OR days_apart <= date_tolerance))
        ORDER BY closeness DESC, same_amount DESC, days_apart, line_no, item_kind, item_id
    LOOP
        CONTINUE WHEN used_lines[pair.line_no] OR used_items[pair.item_no];
        used_lines[pair.line_no] := true;
        used_items[pair.item_no] := true;
        pairs := pairs || jsonb_build_object('line_no', pair.line_no, 'item_kind', pair.item_kind, 'item_id', pair.item_id,
                                             'matched_by', CASE pair.closeness WHEN 3 THEN 'reference'
                                                                WHEN 0 THEN 'amount_and_date' ELSE 'similar_reference' END);
    END LOOP;

    -- keep what people wrote about rows that come out the same again
    SELECT coalesce(jsonb_agg(to_jsonb(r)), '[]') INTO kept
    FROM ar2c.statement_result r
    WHERE r.customer_id = s.customer_id AND r.statement_id = s.statement_id AND r.resolved_at IS NOT NULL;
    DELETE FROM ar2c.statement_result r WHERE r.customer_id = s.customer_id AND r.statement_id = s.statement_id;

    -- Every line and every item once: pairs (matched or amount_differs),
    -- then what is left on one side. A leftover is a duplicate when an
    -- earlier or matched row of its side has the same reference and amount
    -- (the same date too, when it has no reference).
    WITH l AS (
        SELECT l.line_no, l.line_date, l.reference, l.amount, ar2c.normalize_invoice_number(l.reference) AS ref,
               coalesce(used_lines[l.line_no], false) AS paired
        FROM ar2c.counterparty_statement_line l
        WHERE l.customer_id = s.customer_id AND l.statement_id = s.statement_id
    ), t AS (
        -- numbered as in the pairing above
        SELECT t.*, coalesce(used_items[t.item_no], false) AS paired
        FROM (SELECT row_number() OVER (ORDER BY t.item_kind, t.item_id)::integer AS item_no,
                     t.item_kind, t.item_id, t.item_date, t.reference, t.amount,
                     ar2c.normalize_invoice_number(t.reference) AS ref
              FROM ar2c.account_items(s.customer_id, cur, s.period_from, s.period_to) t) t
    ), p AS (
        SELECT (x ->> 'line_no')::integer AS line_no, x ->> 'item_kind' AS item_kind, (x ->> 'item_id')::bigint AS item_id,
               x ->> 'matched_by' AS matched_by
        FROM jsonb_array_elements(pairs) x
    ), outcome AS (
        SELECT CASE WHEN l.amount OPERATOR(ar2c.=) t.amount THEN 'matched' ELSE 'amount_differs' END AS result,
               l.line_no, t.item_kind, t.item_id, coalesce(t.reference, l.reference) AS reference,
               l.line_date AS their_date, t.item_date AS our_date, l.amount AS their_amount, t.amount AS our_amount,
               l.amount OPERATOR(ar2c.-) t.amount AS difference, p.matched_by
        FROM p JOIN l ON l.line_no = p.line_no
        JOIN t ON t.item_kind = p.item_kind AND t.item_id = p.item_id
        UNION ALL
        SELECT CASE WHEN EXISTS (SELECT 1 FROM l o
                                 WHERE o.line_no <> l.line_no AND (o.paired OR o.line_no < l.line_no)
                                   AND o.amount OPERATOR(ar2c.=) l.amount
                                   AND CASE WHEN l.ref IS NULL THEN o.ref IS NULL AND o.line_date = l.line_date
                                            ELSE o.ref = l.ref END)
                    THEN 'duplicate_in_statement' ELSE 'missing_in_ledger' END,
               l.line_no, NULL, NULL, l.reference, l.line_date, NULL, l.amount, NULL, l.amount, NULL
        FROM l WHERE NOT l.paired
        UNION ALL
        SELECT CASE WHEN EXISTS (SELECT 1 FROM t o
                                 WHERE o.item_kind = t.item_kind AND o.item_id <> t.item_id
                                   AND (o.paired OR o.item_id < t.item_id)
                                   AND o.amount OPERATOR(ar2c.=) t.amount
                                   AND CASE WHEN t.ref IS NULL THEN o.ref IS NULL AND o.item_date = t.item_date
                                            ELSE o.ref = t.ref END)
                    THEN 'duplicate_in_ledger' ELSE 'missing_in_statement' END,
               NULL, t.item_kind, t.item_id, t.reference, NULL, t.item_date, NULL, t.amount,
               OPERATOR(ar2c.-) t.amount, NULL
        FROM t WHERE NOT t.paired
    )
    INSERT INTO ar2c.statement_result (company_id, customer_id, statement_id, result, line_no, item_kind, item_id,
                                       reference, their_date, our_date, their_amount, our_amount, difference, matched_by)
    SELECT s.company_id, s.customer_id, s.statement_id, r.result, r.line_no, r.item_kind, r.item_id, r.reference,
           r.their_date, r.our_date, r.their_amount, r.our_amount, r.difference, r.matched_by
    FROM outcome r
    ORDER BY coalesce(r.their_date, r.our_date), r.line_no NULLS LAST, r.item_kind, r.item_id;

    UPDATE ar2c.statement_result r
    SET resolved_at = (k ->> 'resolved_at')::timestamptz, resolved_by = k ->> 'resolved_by',
        resolution_note = k ->> 'resolution_note'
    FROM jsonb_array_elements(kept) k
    WHERE r.customer_id = s.customer_id AND r.statement_id = s.statement_id
      AND r.result = k ->> 'result' AND r.difference OPERATOR(ar2c.=) (k ->> 'difference')::ar2c.money_cur
      AND r.line_no IS NOT DISTINCT FROM (k ->> 'line_no')::integer
      AND r.item_kind IS NOT DISTINCT FROM k ->> 'item_kind'
      AND r.item_id IS NOT DISTINCT FROM (k ->> 'item_id')::bigint;

    SELECT count(*) INTO n_differences FROM ar2c.statement_result r
    WHERE r.customer_id = s.customer_id AND r.statement_id = s.statement_id AND r.result <> 'matched';
    UPDATE ar2c.counterparty_statement c
    SET reconciled_at = now(),
        our_opening_balance = ar2c.account_balance(s.customer_id, cur, s.period_from - 1),
        our_closing_balance = ar2c.account_balance(s.customer_id, cur, s.period_to),
        opening_difference = s.opening_balance OPERATOR(ar2c.-) ar2c.account_balance(s.customer_id, cur, s.period_from - 1),
        balance_difference = s.closing_balance OPERATOR(ar2c.-) ar2c.account_balance(s.customer_id, cur, s.period_to),
        differences = n_differences
    WHERE c.customer_id = s.customer_id AND c.statement_id = s.statement_id
    RETURNING * INTO s;

    IF n_differences > 0 OR s.opening_difference OPERATOR(ar2c.<>) zero THEN
        INSERT INTO ar2c.alert (company_id, customer_id, kind, severity, subject_table, subject_id, message, details)
        SELECT s.company_id, s.customer_id, 'statement_difference', 'warning', 'counterparty_statement', s.statement_id,
               format('statement %s of customer %s: %s difference(s), balances differ by %s',
                      coalesce(s.reference, s.statement_id::text), c.customer_number, n_differences, s.balance_difference),
               jsonb_build_object('balance_difference', ar2c.amount(s.balance_difference),
                                  'opening_difference', ar2c.amount(s.opening_difference),
                                  'currency', cur::text, 'differences', n_differences)
        FROM ar2c.customer c WHERE c.customer_id = s.customer_id
        -- one open alert per statement, however often it is reconciled
          AND NOT EXISTS (SELECT 1 FROM ar2c.alert a
                          WHERE a.company_id = s.company_id AND a.kind = 'statement_difference'
                            AND a.subject_table = 'counterparty_statement' AND a.subject_id = s.statement_id
                            AND a.acknowledged_at IS NULL);
    END IF;

    RETURN QUERY SELECT * FROM ar2c.statement_result r
                 WHERE r.customer_id = s.customer_id AND r.statement_id = s.statement_id
                 ORDER BY r.result_id;
END
$$;
COMMENT ON FUNCTION ar2c.reconcile_statement(bigint, integer) IS
    'match a counterparty statement against the ledger (reference, similar reference, then amount within date_tolerance days), store and return one row per line and item with its result, and raise a statement_difference alert if anything differs (unless one is open for the statement)';

CREATE FUNCTION ar2c.resolve_statement_difference(result_id bigint, note text) RETURNS ar2c.statement_result
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    r ar2c.statement_result;
BEGIN
    IF nullif(btrim(note), '') IS NULL THEN
        RAISE EXCEPTION 'a resolution needs a note' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Say what was found or done, e.g. ''credit note CN-7 issued''.';
    END IF;
    SELECT * INTO r FROM ar2c.statement_result x WHERE x.result_id = resolve_statement_difference.result_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown statement result %', resolve_statement_difference.result_id USING ERRCODE = 'no_data_found';
    END IF;
    IF r.result = 'matched' THEN
        RAISE EXCEPTION 'statement result % is matched: there is nothing to resolve', r.result_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF r.resolved_at IS NOT NULL THEN
        RAISE EXCEPTION 'statement result % was resolved by % at %', r.result_id, r.resolved_by, r.resolved_at
            USING ERRCODE = 'object_not_in_prerequisite_state', DETAIL = format('Its note: %s', r.resolution_note);
    END IF;
    UPDATE ar2c.statement_result x SET resolved_at = now(), resolved_by = current_user, resolution_note = note
    WHERE x.customer_id = r.customer_id AND x.result_id = r.result_id
    RETURNING * INTO r;
    -- the last open difference of a statement acknowledges its alerts
    IF NOT EXISTS (SELECT 1 FROM ar2c.statement_result x
                   WHERE x.customer_id = r.customer_id AND x.statement_id = r.statement_id
                     AND x.result <> 'matched' AND x.resolved_at IS NULL) THEN
        UPDATE ar2c.alert a SET acknowledged_at = now(), acknowledged_by = current_user
        WHERE a.company_id = r.company_id AND a.kind = 'statement_difference'
          AND a.subject_table = 'counterparty_statement' AND a.subject_id = r.statement_id
          AND a.acknowledged_at IS NULL;
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION ar2c.resolve_statement_difference(bigint, text) IS
    'mark a reconciliation difference resolved, recording who, when and the note; the last one of a statement acknowledges its alerts';
