-- The order in which a payment settles a customer's items once dunning
-- has charged fees and interest: costs, then interest, then principal,
-- unless the customer's policy says principal_first (doc/dunning.md).

CREATE FUNCTION ar2c.dunning_policy_of(customer_id bigint) RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(c.dunning_policy_id,
                    (SELECT g.policy_id FROM ar2c.dunning_policy g
                     WHERE g.company_id = c.company_id AND g.credit_grade = c.credit_grade),
                    (SELECT d.policy_id FROM ar2c.dunning_policy d WHERE d.company_id = c.company_id AND d.is_default))
    FROM ar2c.customer c WHERE c.customer_id = $1
$$;
COMMENT ON FUNCTION ar2c.dunning_policy_of(bigint) IS 'the dunning policy a customer follows: its own, else the policy of its credit grade, else its company''s default; NULL if none';

-- The dunning charges that go with an invoice: its interest, and the fees
-- of the notices that named it. Used to settle them before the invoice.
CREATE FUNCTION ar2c.open_charges(customer_id bigint, invoice_id bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT i.invoice_id
    FROM ar2c.invoice i
    WHERE i.customer_id = open_charges.customer_id AND i.kind <> 'principal' AND i.status IN ('open', 'partially_paid')
      AND (i.principal_invoice_id = open_charges.invoice_id
           OR (i.kind = 'fee'
               AND i.invoice_number IN (SELECT format('FEE-%s', ni.notice_id) FROM ar2c.dunning_notice_item ni
                                        WHERE ni.customer_id = open_charges.customer_id
                                          AND ni.invoice_id = open_charges.invoice_id)))
$$;
COMMENT ON FUNCTION ar2c.open_charges(bigint, bigint) IS 'the open fee and interest items (invoice ids) charged on an invoice by dunning: its interest and the fees of the notices that named it';

CREATE FUNCTION ar2c.settle_in_order(customer_id bigint, payment_id bigint, amount ar2c.money_cur DEFAULT NULL,
        invoice_id bigint DEFAULT NULL, kind text DEFAULT 'matched', reason text DEFAULT NULL)
    RETURNS SETOF ar2c.application
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    pay record;
    remaining ar2c.money_cur;
    principal_first boolean;
    item record;
    part ar2c.money_cur;
BEGIN
    SELECT p.company_id, p.payment_id, p.unapplied_amount, p.customer_id INTO pay
    FROM ar2c.payment p JOIN ar2c.customer c ON c.company_id = p.company_id
    WHERE c.customer_id = settle_in_order.customer_id AND p.payment_id = settle_in_order.payment_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payment % does not exist for customer %', payment_id, customer_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF pay.customer_id IS NOT NULL AND pay.customer_id <> customer_id THEN
        RAISE EXCEPTION 'payment % belongs to customer %, not %', payment_id, pay.customer_id, customer_id
            USING ERRCODE = 'check_violation';
    END IF;
    remaining := coalesce(amount, pay.unapplied_amount);
    IF ar2c.currency(remaining) OPERATOR(ar2c.<>) ar2c.currency(pay.unapplied_amount) THEN
        RAISE EXCEPTION 'cannot settle % from payment % in %', remaining, payment_id, ar2c.currency(pay.unapplied_amount)
            USING ERRCODE = 'datatype_mismatch';
    END IF;
    IF ar2c.minor_units_value(remaining) <= 0 OR remaining OPERATOR(ar2c.>) pay.unapplied_amount THEN
        RAISE EXCEPTION 'cannot settle % from payment %: its unapplied amount is %', remaining, payment_id,
              pay.unapplied_amount
            USING ERRCODE = 'check_violation', HINT = 'Give a positive amount up to the unapplied amount.';
    END IF;
    principal_first := coalesce((SELECT p.payment_order = 'principal_first' FROM ar2c.dunning_policy p
                                 WHERE p.policy_id = ar2c.dunning_policy_of(customer_id)), false);

    FOR item IN
        SELECT i.invoice_id, i.invoice_number, i.kind, i.open_amount
        FROM ar2c.invoice i
        WHERE i.customer_id = settle_in_order.customer_id AND i.status IN ('open', 'partially_paid')
          AND ar2c.currency(i.open_amount) OPERATOR(ar2c.=) ar2c.currency(remaining)
          AND (settle_in_order.invoice_id IS NULL
               OR i.invoice_id = settle_in_order.invoice_id
               OR i.invoice_id IN (SELECT ar2c.open_charges(settle_in_order.customer_id, settle_in_order.invoice_id)))
        ORDER BY CASE i.kind WHEN 'fee' THEN 1 WHEN 'interest' THEN 2 ELSE 3 END
                     * CASE WHEN principal_first THEN -1 ELSE 1 END,
                 i.due_date, i.invoice_id
    LOOP
        EXIT WHEN ar2c.minor_units_value(remaining) = 0;
        part := ar2c.money_cur_smaller(item.open_amount, remaining);
        RETURN QUERY
        INSERT INTO ar2c.application (company_id, customer_id, invoice_id, payment_id, amount, kind, reason)
        VALUES (pay.company_id, customer_id, item.invoice_id, payment_id, part, kind,
                concat_ws('; ', reason,
                          format('%s %s settled in the order %s', item.kind, item.invoice_number,
                                 CASE WHEN principal_first THEN 'principal, interest, costs'
                                      ELSE 'costs, interest, principal' END)))
        RETURNING *;
        remaining := remaining OPERATOR(ar2c.-) part;
    END LOOP;
END
$$;
COMMENT ON FUNCTION ar2c.settle_in_order(bigint, bigint, ar2c.money_cur, bigint, text, text) IS 'apply a payment (all that is unapplied, or amount) to a customer''s open items in the policy''s order: fees, then interest, then principal (or the reverse for principal_first), oldest due first; with invoice_id only that invoice, its interest and the fees of its notices; kind and reason go into each application; returns the applications written';
