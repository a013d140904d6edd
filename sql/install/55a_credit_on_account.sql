-- Credit on account: a credit note entered without an invoice (a rebate,
-- goodwill, returned goods not tied to one invoice) is applied by
-- apply_cash() to its customer's open invoices in the note's currency:
-- first the invoices its reason names, then the oldest due date first
-- (disputed invoices and dunning charges are left to a person), never
-- beyond the note or an invoice; what no open invoice takes stays on the
-- note for the next run. A company whose credit notes wait for a person
-- says so in company.credit_note_policy.

ALTER TABLE ar2c.company
    ADD COLUMN credit_note_policy text NOT NULL DEFAULT 'oldest_first',
    ADD CONSTRAINT company_credit_note_policy_valid CHECK (credit_note_policy IN ('oldest_first', 'keep_on_account'));
COMMENT ON COLUMN ar2c.company.credit_note_policy IS 'what apply_cash does with a credit note entered without an invoice: oldest_first (apply it to the customer''s open invoices in its currency, those its reason names first, then the oldest due date) or keep_on_account (leave it for a person)';

-- the open credit notes on account, which every run of apply_cash asks for
CREATE INDEX credit_note_on_account ON ar2c.credit_note (company_id)
    WHERE invoice_id IS NULL AND status IN ('unapplied', 'partially_applied');

-- A run locks the credit notes and customers it settles, which takes the
-- right to update them; a clerk, who applies credit but may not update a
-- note, a customer or an invoice, gets the locks through these two, only
-- on rows of the companies the session sees. They come after the run's
-- payments, customers and invoices, so they wait for nobody (SKIP LOCKED):
-- a note, customer or invoice another session holds waits for the next
-- run. Notes first, then customers, each in key order, as the ledger locks.
CREATE FUNCTION ar2c.credit_lock_on_account(company_id bigint)
    RETURNS TABLE (customer_id bigint, credit_note_id bigint, credit_note_number text,
                   issue_date date, currency ar2c.currency, unapplied_units bigint, reason text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    note_customers bigint[];
    note_ids bigint[];
    locked bigint[];
BEGIN
    SELECT coalesce(array_agg(n.customer_id), '{}'), coalesce(array_agg(n.credit_note_id), '{}')
    INTO note_customers, note_ids
    FROM (SELECT n.customer_id, n.credit_note_id
          FROM ar2c.credit_note n
          WHERE n.invoice_id IS NULL AND n.status IN ('unapplied', 'partially_applied')
            AND ($1 IS NULL OR n.company_id OPERATOR(pg_catalog.=) $1)
            AND n.company_id OPERATOR(pg_catalog.=) ANY ((SELECT ar2c.visible_companies())::bigint[])
            AND EXISTS (SELECT FROM ar2c.company co
                        WHERE co.company_id OPERATOR(pg_catalog.=) n.company_id AND co.credit_note_policy = 'oldest_first')
          ORDER BY n.customer_id, n.credit_note_id
          FOR UPDATE OF n SKIP LOCKED) n;
    SELECT coalesce(array_agg(c.customer_id), '{}') INTO locked
    FROM (SELECT c.customer_id FROM ar2c.customer c
          WHERE c.customer_id OPERATOR(pg_catalog.=) ANY (note_customers)
          ORDER BY c.customer_id
          FOR NO KEY UPDATE OF c SKIP LOCKED) c;
    RETURN QUERY
    SELECT n.customer_id, n.credit_note_id, n.credit_note_number, n.issue_date,
           ar2c.currency(n.unapplied_amount), ar2c.minor_units_value(n.unapplied_amount), n.reason
    FROM ar2c.credit_note n
    WHERE (n.customer_id, n.credit_note_id) IN (SELECT * FROM unnest(note_customers, note_ids))
      AND n.customer_id OPERATOR(pg_catalog.=) ANY (locked);
END
$$;
COMMENT ON FUNCTION ar2c.credit_lock_on_account(bigint) IS 'internal to apply_cash: lock the open credit notes without an invoice (of one company, or all; of the companies the session sees whose credit_note_policy is oldest_first), then their customers, each in key order and skipping rows another session holds; returns the notes whose customer it locked, with what is unapplied in minor units';

CREATE FUNCTION ar2c.credit_lock_invoices(customer_ids bigint[])
    RETURNS TABLE (customer_id bigint, invoice_id bigint, invoice_number text, due_date date, kind text,
                   disputed boolean, currency ar2c.currency, open_units bigint)
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT i.customer_id, i.invoice_id, i.invoice_number, i.due_date, i.kind, i.disputed,
           ar2c.currency(i.open_amount), ar2c.minor_units_value(i.open_amount)
    FROM ar2c.invoice i
    WHERE i.customer_id OPERATOR(pg_catalog.=) ANY ($1) AND i.status IN ('open', 'partially_paid')
      AND i.company_id OPERATOR(pg_catalog.=) ANY ((SELECT ar2c.visible_companies())::bigint[])
    ORDER BY i.customer_id, i.invoice_id
    FOR UPDATE OF i SKIP LOCKED
$$;
COMMENT ON FUNCTION ar2c.credit_lock_invoices(bigint[]) IS 'internal to apply_cash: lock the open invoices of the customers given (of the companies the session sees) in key order, skipping those another session holds, returning what applying credit needs of them (open amount in minor units)';
REVOKE EXECUTE ON FUNCTION ar2c.credit_lock_on_account(bigint), ar2c.credit_lock_invoices(bigint[]) FROM PUBLIC;

-- Apply the credit notes on account, in two passes over the locked rows,
-- each a set of running sums (no loop over notes or invoices):
--   1. each note to the open invoices in its currency that its reason
--      names (a word of it that is the invoice's number, normalized as
--      cash application reads references), oldest due date first, as far
--      as the note goes; an invoice named by several notes takes them in
--      note order (issue date, then id), as far as it is open;
--   2. what is left of the notes, in note order, to what is left open of
--      the customer's principal invoices in that currency that are not
--      disputed, oldest due date first (then invoice number): the k-th
--      unit of credit goes to the k-th unit owed.
-- One statement writes every application (kind matched, with the note,
-- in invoice order), so that each invoice and note moves once.
CREATE FUNCTION ar2c.apply_credit_on_account(company_id bigint DEFAULT NULL)
    RETURNS TABLE (outcome text, rule text, payments bigint, amount numeric, currency text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- most runs have none: look before locking anything
    IF NOT EXISTS (SELECT FROM ar2c.credit_note n
                   WHERE n.invoice_id IS NULL AND n.status IN ('unapplied', 'partially_applied')
                     AND ($1 IS NULL OR n.company_id = $1)) THEN
        RETURN;
    END IF;
    -- the aging clock shared before any note is locked, as for payments
    PERFORM ar2c.lock_aging_clock();
    RETURN QUERY
    WITH note AS MATERIALIZED (
        SELECT * FROM ar2c.credit_lock_on_account($1)
    ), item AS MATERIALIZED (
        SELECT * FROM ar2c.credit_lock_invoices(ARRAY(SELECT DISTINCT n.customer_id FROM note n))
    ), named AS (
        SELECT DISTINCT n.customer_id, n.credit_note_id, i.invoice_id
        FROM note n
        CROSS JOIN LATERAL regexp_split_to_table(n.reason, '[[:space:],;:+&()]+') w(word)
        JOIN item i ON i.customer_id = n.customer_id AND i.currency OPERATOR(ar2c.=) n.currency
                   AND ar2c.normalize_invoice_number(i.invoice_number) = ar2c.normalize_invoice_number(w.word)
        WHERE w.word ~ '[0-9]'
    ), claim AS (
        -- each note over the invoices it names, oldest first
        SELECT m.customer_id, m.credit_note_id, m.invoice_id, n.issue_date, i.open_units,
               greatest(0, least(i.open_units, n.unapplied_units - (sum(i.open_units) OVER w - i.open_units))) AS units
        FROM named m
        JOIN note n ON n.customer_id = m.customer_id AND n.credit_note_id = m.credit_note_id
        JOIN item i ON i.customer_id = m.customer_id AND i.invoice_id = m.invoice_id
        WINDOW w AS (PARTITION BY m.customer_id, m.credit_note_id ORDER BY i.due_date, i.invoice_number, i.invoice_id
                     ROWS UNBOUNDED PRECEDING)
    ), first_pass AS (
        -- each named invoice to its notes, oldest note first
        SELECT c.customer_id, c.credit_note_id, c.invoice_id,
               greatest(0, least(c.units, c.open_units - (sum(c.units) OVER w - c.units))) AS units
        FROM claim c
        WINDOW w AS (PARTITION BY c.customer_id, c.invoice_id ORDER BY c.issue_date, c.credit_note_id ROWS UNBOUNDED PRECEDING)
    ), note_left AS (
        SELECT n.customer_id, n.credit_note_id, n.currency, n.left_units,
               sum(n.left_units) OVER (PARTITION BY n.customer_id, n.currency ORDER BY n.issue_date, n.credit_note_id
                                       ROWS UNBOUNDED PRECEDING) AS upto
        FROM (SELECT n.customer_id, n.credit_note_id, n.currency, n.issue_date,
                     n.unapplied_units - coalesce(sum(f.units), 0) AS left_units
              FROM note n
              LEFT JOIN first_pass f ON f.customer_id = n.customer_id AND f.credit_note_id = n.credit_note_id
              GROUP BY n.customer_id, n.credit_note_id, n.currency, n.issue_date, n.unapplied_units) n
        WHERE n.left_units > 0
    ), item_left AS (
        SELECT i.customer_id, i.invoice_id, i.currency, i.left_units,
               sum(i.left_units) OVER (PARTITION BY i.customer_id, i.currency ORDER BY i.due_date, i.invoice_number, i.invoice_id
                                       ROWS UNBOUNDED PRECEDING) AS upto
        FROM (SELECT i.customer_id, i.invoice_id, i.currency, i.due_date, i.invoice_number,
                     i.open_units - coalesce(sum(f.units), 0) AS left_units
              FROM item i
              LEFT JOIN first_pass f ON f.customer_id = i.customer_id AND f.invoice_id = i.invoice_id
              WHERE i.kind = 'principal' AND NOT i.disputed
              GROUP BY i.customer_id, i.invoice_id, i.currency, i.due_date, i.invoice_number, i.open_units) i
        WHERE i.left_units > 0
    ), second_pass AS (
        -- the overlap of each note's span of credit with each invoice's span owed
        SELECT n.customer_id, n.credit_note_id, i.invoice_id,
               least(n.upto, i.upto) - greatest(n.upto - n.left_units, i.upto - i.left_units) AS units
        FROM note_left n
        JOIN item_left i ON i.customer_id = n.customer_id AND i.currency OPERATOR(ar2c.=) n.currency
                        AND i.upto - i.left_units < n.upto AND n.upto - n.left_units < i.upto
    ), written AS (
        INSERT INTO ar2c.application (customer_id, invoice_id, credit_note_id, amount, source_amount, kind, reason)
        SELECT a.customer_id, a.invoice_id, a.credit_note_id,
               ar2c.money_cur_units(a.units, n.currency), ar2c.money_cur_units(a.units, n.currency), 'matched',
               format('credit note %s on account, %s', n.credit_note_number,
                      CASE WHEN a.named THEN 'named in its reason' ELSE 'oldest open invoice first' END)
        FROM (SELECT p.customer_id, p.credit_note_id, p.invoice_id, sum(p.units)::bigint AS units, bool_or(p.named) AS named
              FROM (SELECT f.customer_id, f.credit_note_id, f.invoice_id, f.units, true AS named FROM first_pass f
                    UNION ALL
                    SELECT s.customer_id, s.credit_note_id, s.invoice_id, s.units, false FROM second_pass s) p
              WHERE p.units > 0
              GROUP BY p.customer_id, p.credit_note_id, p.invoice_id) a
        JOIN note n ON n.customer_id = a.customer_id AND n.credit_note_id = a.credit_note_id
        ORDER BY a.customer_id, a.invoice_id, a.credit_note_id
        RETURNING application.customer_id, application.credit_note_id, application.amount)
    SELECT 'applied'::text, 'credit note'::text, count(DISTINCT (w.customer_id, w.credit_note_id)),
           sum(ar2c.amount(w.amount)), ar2c.currency(w.amount)::text
    FROM written w
    GROUP BY ar2c.currency(w.amount)
    ORDER BY 5;
END
$$;
COMMENT ON FUNCTION ar2c.apply_credit_on_account(bigint) IS 'part of apply_cash: apply the open credit notes without an invoice (of one company, or all the session sees, under credit_note_policy oldest_first) to their customers'' open invoices in the note''s currency, those the note''s reason names first, then the oldest due date (principal, not disputed), never beyond the note or the invoice; returns per currency the notes applied and the amount (outcome applied, rule credit note)';
