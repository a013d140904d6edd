-- Cash and credit: payments and credit notes keep their unapplied amount;
-- applications are append-only and move open amounts under row locks.

-- payment and credit note: unapplied amount and status, row by row

CREATE FUNCTION ar2c.cash_source_maintain() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    has_applications boolean := false;
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.unapplied_amount := NEW.amount;
    ELSE
        IF NEW.amount OPERATOR(ar2c.<>) OLD.amount THEN
            -- applications, even reversed ones, are in the source's currency
            IF ar2c.currency(NEW.amount) OPERATOR(ar2c.<>) ar2c.currency(OLD.amount) THEN
                IF TG_TABLE_NAME = 'payment' THEN
                    has_applications := EXISTS (SELECT 1 FROM ar2c.application a
                                                WHERE a.company_id = OLD.company_id AND a.payment_id = OLD.payment_id);
                ELSE
                    has_applications := EXISTS (SELECT 1 FROM ar2c.application a
                                                WHERE a.customer_id = OLD.customer_id AND a.credit_note_id = OLD.credit_note_id);
                END IF;
            END IF;
            IF ar2c.currency(NEW.amount) OPERATOR(ar2c.<>) ar2c.currency(OLD.amount) AND has_applications THEN
                RAISE EXCEPTION 'cannot change the currency of a % that has applications', TG_TABLE_NAME
                    USING ERRCODE = 'check_violation', HINT = 'Reverse the applications first.';
            ELSIF ar2c.currency(NEW.amount) OPERATOR(ar2c.<>) ar2c.currency(OLD.amount) THEN
                NEW.unapplied_amount := NEW.amount;
            ELSE
                NEW.unapplied_amount := NEW.unapplied_amount OPERATOR(ar2c.+) (NEW.amount OPERATOR(ar2c.-) OLD.amount);
                IF ar2c.minor_units_value(NEW.unapplied_amount) < 0 THEN
                    RAISE EXCEPTION '% amount % is below the % already applied', TG_TABLE_NAME, NEW.amount,
                          OLD.amount OPERATOR(ar2c.-) OLD.unapplied_amount
                        USING ERRCODE = 'check_violation', HINT = 'Reverse applications first.';
                END IF;
            END IF;
        END IF;
    END IF;
    -- while a payment has applications its customer is theirs
    -- (application_settle keeps it so); by hand it moves only while unapplied
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'payment' AND pg_trigger_depth() < 2
       AND NEW.customer_id IS DISTINCT FROM OLD.customer_id AND OLD.unapplied_amount OPERATOR(ar2c.<>) OLD.amount THEN
        RAISE EXCEPTION 'payment % is applied to customer %', OLD.payment_id, OLD.customer_id
            USING ERRCODE = 'check_violation',
                  DETAIL = 'While a payment has applications, its customer is the customer of its applications.',
                  HINT = 'Reverse the applications first.';
    END IF;
    IF TG_TABLE_NAME = 'payment' AND NEW.status = 'returned' THEN
        IF NEW.unapplied_amount OPERATOR(ar2c.<>) NEW.amount THEN
            RAISE EXCEPTION 'cannot return a payment that has applications'
                USING ERRCODE = 'check_violation', HINT = 'Reverse the applications first.';
        END IF;
    ELSE
        NEW.status := CASE
            WHEN ar2c.minor_units_value(NEW.unapplied_amount) = 0 THEN 'applied'
            WHEN NEW.unapplied_amount OPERATOR(ar2c.=) NEW.amount THEN 'unapplied'
            ELSE 'partially_applied' END;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER payment_derived_guard BEFORE UPDATE ON ar2c.payment
    FOR EACH ROW WHEN (OLD.unapplied_amount IS DISTINCT FROM NEW.unapplied_amount)
    EXECUTE FUNCTION ar2c.derived_column_guard(
        'cannot set the unapplied amount of a payment directly',
        'ar2c maintains unapplied_amount from the applications.',
        'Insert into ar2c.application instead.');
CREATE TRIGGER payment_maintain BEFORE UPDATE ON ar2c.payment
    FOR EACH ROW EXECUTE FUNCTION ar2c.cash_source_maintain();
-- On insert the trigger sets unapplied_amount to amount and status to
-- unapplied (a payment's amount is positive) or leaves it returned: a row
-- written so already (as ar2c.import_statement() writes its payments) is
-- what the trigger would make of it, and skips the call.
CREATE TRIGGER payment_maintain_new BEFORE INSERT ON ar2c.payment
    FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM 'unapplied'
          OR NOT coalesce(NEW.unapplied_amount OPERATOR(ar2c.=) NEW.amount, false))
    EXECUTE FUNCTION ar2c.cash_source_maintain();

-- payment: likely duplicates, set-based over the statement's new payments.
-- The bank reference is the unique key of the payments the application
-- writes (60_bank_statement.sql); a payment with the same amount and the
-- same end-to-end id, or the same payer account and value date, as an
-- earlier payment of the company raises an alert, and so does one with
-- the same amount and bank reference as an imported one. Only the later
-- of two is flagged; returned payments are left out.
-- Under the company's duplicate_payment_policy refuse, a payment the
-- application writes (not imported: a statement may hold two equal
-- payments, and its entries are deduplicated by their key) is refused
-- instead, unless the two have bank references and they differ: the bank
-- booked two entries, so it is a second payment, stored with the alert.
-- Two transactions writing the same payment at once must not both pass:
-- under refuse, the transactions that write payments of a company take
-- its lock in turn (until they end), and in READ COMMITTED the check's
-- snapshot, taken after the wait, sees what the other committed.
CREATE FUNCTION ar2c.payment_duplicate_check() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    problem record;
BEGIN
    PERFORM ar2c.lock_company_job('ar2c.payment_duplicate_check', c.company_id)
    FROM ar2c.company c
    WHERE c.duplicate_payment_policy = 'refuse'
      AND c.company_id IN (SELECT n.company_id FROM new_rows n WHERE n.bank_entry_id IS NULL)
    ORDER BY c.company_id;
    WITH matched AS (
        -- two equality joins rather than one OR, so each uses its index
        SELECT n.company_id, n.customer_id, n.payment_id, n.amount, n.bank_entry_id IS NULL AS written,
               n.bank_reference AS new_reference, d.payment_id AS duplicate_id, d.bank_reference AS duplicate_reference,
               format('end-to-end id %s', n.end_to_end_id) AS how
        FROM new_rows n
        JOIN ar2c.payment d ON d.company_id = n.company_id AND d.end_to_end_id = n.end_to_end_id AND d.payment_id < n.payment_id
        WHERE ar2c.currency(d.amount) OPERATOR(ar2c.=) ar2c.currency(n.amount)
          AND ar2c.minor_units_value(d.amount) = ar2c.minor_units_value(n.amount)
          AND n.status <> 'returned' AND d.status <> 'returned'
        UNION ALL
        SELECT n.company_id, n.customer_id, n.payment_id, n.amount, n.bank_entry_id IS NULL, n.bank_reference,
               d.payment_id, d.bank_reference, format('payer account %s and value date %s', n.payer_account, n.value_date)
        FROM new_rows n
        JOIN ar2c.payment d ON d.company_id = n.company_id AND d.payer_account = n.payer_account
                           AND d.value_date = n.value_date AND d.payment_id < n.payment_id
        WHERE ar2c.currency(d.amount) OPERATOR(ar2c.=) ar2c.currency(n.amount)
          AND ar2c.minor_units_value(d.amount) = ar2c.minor_units_value(n.amount)
          AND n.status <> 'returned' AND d.status <> 'returned'
        UNION ALL
        -- a payment the application wrote and one imported from a statement
        -- (the transactions of one batch entry share its reference)
        SELECT n.company_id, n.customer_id, n.payment_id, n.amount, n.bank_entry_id IS NULL, n.bank_reference,
               d.payment_id, d.bank_reference, format('bank reference %s', n.bank_reference)
        FROM new_rows n
        JOIN ar2c.payment d ON d.company_id = n.company_id AND d.bank_reference = n.bank_reference AND d.payment_id < n.payment_id
        WHERE (n.bank_entry_id IS NULL OR d.bank_entry_id IS NULL)
          AND ar2c.currency(d.amount) OPERATOR(ar2c.=) ar2c.currency(n.amount)
          AND ar2c.minor_units_value(d.amount) = ar2c.minor_units_value(n.amount)
          AND n.status <> 'returned' AND d.status <> 'returned'
    ), raised AS (
        INSERT INTO ar2c.alert (company_id, customer_id, kind, severity, subject_table, subject_id, message, details)
        SELECT DISTINCT ON (m.company_id, m.payment_id) m.company_id, m.customer_id, 'duplicate_payment', 'warning', 'payment',
               m.payment_id, format('payment %s duplicates payment %s: same amount %s and %s', m.payment_id, m.duplicate_id, m.amount, m.how),
               jsonb_build_object('duplicate_of', m.duplicate_id)
        FROM matched m
        ORDER BY m.company_id, m.payment_id, m.duplicate_id
    )
    SELECT m.* INTO problem
    FROM matched m JOIN ar2c.company c ON c.company_id = m.company_id
    WHERE c.duplicate_payment_policy = 'refuse' AND m.written
      AND NOT coalesce(m.new_reference <> m.duplicate_reference, false)
    ORDER BY m.payment_id, m.duplicate_id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'payment of % duplicates payment %: same amount and %', problem.amount, problem.duplicate_id, problem.how
            USING ERRCODE = 'unique_violation',
                  DETAIL = format('Company %s refuses duplicate payments (duplicate_payment_policy refuse); payment %s has bank reference %s, this one %s.',
                                  problem.company_id, problem.duplicate_id, coalesce(problem.duplicate_reference, 'none'),
                                  coalesce(problem.new_reference, 'none')),
                  HINT = 'If it is a second payment, give it its own bank_reference (the bank''s reference of its entry): it is then stored with a duplicate_payment alert. If it is the same payment sent again, skip it (ON CONFLICT on the bank reference, or leave it out).';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ar2c.payment_duplicate_check() IS 'trigger: alert (duplicate_payment) on a new payment with the amount and end-to-end id, the amount, payer account and value date, or (written vs imported) the amount and bank reference of an earlier payment of the company; under the company''s duplicate_payment_policy refuse, a written (not imported) one that no distinct bank reference tells apart is refused (23505)';
CREATE TRIGGER payment_duplicate_check AFTER INSERT ON ar2c.payment
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.payment_duplicate_check();

CREATE TRIGGER credit_note_derived_guard BEFORE UPDATE ON ar2c.credit_note
    FOR EACH ROW WHEN (OLD.unapplied_amount IS DISTINCT FROM NEW.unapplied_amount)
    EXECUTE FUNCTION ar2c.derived_column_guard(
        'cannot set the unapplied amount of a credit note directly',
        'ar2c maintains unapplied_amount from the applications.',
        'Insert into ar2c.application instead.');
CREATE TRIGGER credit_note_maintain BEFORE INSERT OR UPDATE ON ar2c.credit_note
    FOR EACH ROW EXECUTE FUNCTION ar2c.cash_source_maintain();
COMMENT ON FUNCTION ar2c.cash_source_maintain() IS 'trigger: a payment''s or credit note''s unapplied amount and status, row by row';

-- credit note: one that names an invoice corrects that invoice, so it is
-- applied to it when inserted, by an application of the note (kind
-- matched, dated the note's issue date) that moves the invoice's open
-- amount and aging like cash. It must be in the invoice's currency and
-- no larger than what is open: a larger credit is a refund or a credit on
-- account, entered without an invoice. The application takes its locks
-- in the ledger's order and checks the amounts again under them.
CREATE FUNCTION ar2c.credit_note_apply() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    inv record;
BEGIN
    IF NEW.invoice_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT i.invoice_number, i.amount, i.open_amount INTO inv
    FROM ar2c.invoice i
    WHERE i.customer_id = NEW.customer_id AND i.invoice_id = NEW.invoice_id AND i.company_id = NEW.company_id;
    IF NOT FOUND THEN
        RETURN NULL;  -- the foreign key reports it
    END IF;
    IF ar2c.currency(NEW.amount) OPERATOR(ar2c.<>) ar2c.currency(inv.amount) THEN
        RAISE EXCEPTION 'credit note % is in %, its invoice % in %', NEW.credit_note_number, ar2c.currency(NEW.amount),
                        inv.invoice_number, ar2c.currency(inv.amount)
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Issue the credit note in the invoice''s currency, or without an invoice and apply it with a source_amount.';
    END IF;
    IF NEW.amount OPERATOR(ar2c.>) inv.open_amount THEN
        RAISE EXCEPTION 'credit note % of % exceeds the open amount % of invoice %', NEW.credit_note_number, NEW.amount,
                        inv.open_amount, inv.invoice_number
            USING ERRCODE = 'check_violation',
                  HINT = 'Credit at most the open amount; enter a larger credit without an invoice, as a credit on account.';
    END IF;
    INSERT INTO ar2c.application (company_id, customer_id, invoice_id, credit_note_id, amount, source_amount, kind,
                                  applied_on, applied_by, reason)
    VALUES (NEW.company_id, NEW.customer_id, NEW.invoice_id, NEW.credit_note_id, NEW.amount, NEW.amount, 'matched',
            NEW.issue_date, ar2c.session_role_name(), format('credit note %s names the invoice', NEW.credit_note_number));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ar2c.credit_note_apply() IS 'trigger: apply a new credit note that names an invoice to it (an application of kind matched); refuse one in another currency (42804) or above the invoice''s open amount (23514)';
CREATE TRIGGER credit_note_apply AFTER INSERT ON ar2c.credit_note
    FOR EACH ROW EXECUTE FUNCTION ar2c.credit_note_apply();

-- application: first, with the inserting role's own rights, the
-- customer must be one it may see (row-level security), so that no check
-- after this one, run as the extension's owner, names another company's
-- invoice or amounts in its error; the row takes the customer's company,
-- and applied_by names the role that inserts it. (PostgreSQL fires a
-- table's triggers in name order: application_access comes before
-- application_apply.)
CREATE FUNCTION ar2c.acts_as_owner_of(relation regclass) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_has_role(c.relowner, 'MEMBER') FROM pg_class c WHERE c.oid = $1 $$;
COMMENT ON FUNCTION ar2c.acts_as_owner_of(regclass) IS 'true if the current role is (a member of) the owner of a table: a superuser, the extension''s owner, or SECURITY DEFINER code of ar2c';

CREATE FUNCTION ar2c.application_access() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    customer_company bigint;
BEGIN
    IF NEW.customer_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT c.company_id INTO customer_company FROM ar2c.customer c WHERE c.customer_id = NEW.customer_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'customer % does not exist', NEW.customer_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.company_id <> customer_company THEN
        RAISE EXCEPTION 'customer % is not a customer of company %', NEW.customer_id, NEW.company_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    NEW.company_id := customer_company;
    IF NOT ar2c.acts_as_owner_of(TG_RELID) THEN
        NEW.applied_by := current_user;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER application_access BEFORE INSERT ON ar2c.application
    FOR EACH ROW EXECUTE FUNCTION ar2c.application_access();
COMMENT ON FUNCTION ar2c.application_access() IS 'trigger: before an application is inserted, with the inserting role''s rights: its customer must be one the role sees (23503 otherwise), the row takes the customer''s company, applied_by names the role';

-- application: each row is checked under locks on the customer, then the
-- invoice, then the payment or credit note, so concurrent applications to
-- the same rows queue instead of over-applying, and cannot deadlock; the
-- amounts move once per statement (application_settle), so that a bulk
-- insert updates each invoice and payment once, with its invoice triggers
-- firing once, whatever the number of rows.

CREATE FUNCTION ar2c.application_apply() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    original ar2c.application;
    inv record;
    src record;
    new_open ar2c.money_cur;
    new_unapplied ar2c.money_cur;
BEGIN
    IF NEW.kind = 'reversal' THEN
        SELECT * INTO original FROM ar2c.application
        WHERE customer_id = NEW.customer_id AND application_id = NEW.reverses_application_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'application % of customer % does not exist', NEW.reverses_application_id, NEW.customer_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF original.kind = 'reversal' THEN
            RAISE EXCEPTION 'application % is itself a reversal and cannot be reversed', original.application_id
                USING ERRCODE = 'check_violation', HINT = 'Apply the amount again instead.';
        END IF;
        -- a reversal mirrors its original; what is left out is filled in
        NEW.company_id := coalesce(NEW.company_id, original.company_id);
        NEW.invoice_id := coalesce(NEW.invoice_id, original.invoice_id);
        NEW.payment_id := coalesce(NEW.payment_id, original.payment_id);
        NEW.credit_note_id := coalesce(NEW.credit_note_id, original.credit_note_id);
        NEW.amount := coalesce(NEW.amount, OPERATOR(ar2c.-) original.amount);
        NEW.source_amount := coalesce(NEW.source_amount, OPERATOR(ar2c.-) original.source_amount);
        IF (NEW.company_id, NEW.invoice_id, NEW.payment_id, NEW.credit_note_id)
           IS DISTINCT FROM (original.company_id, original.invoice_id, original.payment_id, original.credit_note_id)
           OR NEW.amount OPERATOR(ar2c.<>) OPERATOR(ar2c.-) original.amount
           OR coalesce(NEW.source_amount OPERATOR(ar2c.<>) OPERATOR(ar2c.-) original.source_amount, false) THEN
            RAISE EXCEPTION 'a reversal must mirror application %: invoice %, amount %', original.application_id,
                  original.invoice_id, OPERATOR(ar2c.-) original.amount
                USING ERRCODE = 'check_violation',
                      HINT = 'Give only customer_id, kind = ''reversal'', reverses_application_id and reason.';
        END IF;
    END IF;
    IF NEW.amount IS NULL THEN
        RAISE EXCEPTION 'an application needs an amount' USING ERRCODE = 'not_null_violation';
    END IF;

    -- the ledger's lock order (sql/install/41_ledger_triggers.sql): after
    -- the aging clock (shared by the statement's trigger
    -- application_lock_clock, as apply_cash() shares it first), the
    -- payment or credit note, then the customer: applications of one
    -- customer queue here, before any invoice or balance row is locked, so
    -- their order cannot deadlock. The payment is read again below, with
    -- its company checked.
    IF NEW.payment_id IS NOT NULL THEN
        PERFORM 1 FROM ar2c.payment p
        WHERE p.company_id = coalesce(NEW.company_id, (SELECT c.company_id FROM ar2c.customer c
                                                       WHERE c.customer_id = NEW.customer_id))
          AND p.payment_id = NEW.payment_id
        FOR UPDATE;
    ELSIF NEW.credit_note_id IS NOT NULL THEN
        PERFORM 1 FROM ar2c.credit_note c
        WHERE c.customer_id = NEW.customer_id AND c.credit_note_id = NEW.credit_note_id
        FOR UPDATE;
    END IF;
    PERFORM 1 FROM ar2c.customer c WHERE c.customer_id = NEW.customer_id FOR NO KEY UPDATE;
    -- asked under that lock, this sees a reversal another session
    -- committed while this one waited
    IF NEW.kind = 'reversal' AND EXISTS (
            SELECT 1 FROM ar2c.application a
            WHERE a.customer_id = NEW.customer_id AND a.reverses_application_id = NEW.reverses_application_id) THEN
        RAISE EXCEPTION 'application % is already reversed', NEW.reverses_application_id
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'application_reversed_once';
    END IF;

    SELECT company_id, invoice_number, amount, open_amount, status INTO inv
    FROM ar2c.invoice
    WHERE customer_id = NEW.customer_id AND invoice_id = NEW.invoice_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'invoice % of customer % does not exist', NEW.invoice_id, NEW.customer_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    NEW.company_id := coalesce(NEW.company_id, inv.company_id);
    IF ar2c.currency(NEW.amount) OPERATOR(ar2c.<>) ar2c.currency(inv.amount) THEN
        RAISE EXCEPTION 'cannot apply % to invoice % in %', NEW.amount, inv.invoice_number, ar2c.currency(inv.amount)
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Apply the amount converted to the invoice''s currency, and book the difference as an fx_difference application.';
    END IF;
    IF inv.status = 'cancelled' THEN
        RAISE EXCEPTION 'invoice % is cancelled', inv.invoice_number USING ERRCODE = 'check_violation';
    END IF;
    new_open := inv.open_amount OPERATOR(ar2c.-) NEW.amount;
    IF ar2c.minor_units_value(new_open) < 0 THEN
        RAISE EXCEPTION 'applying % to invoice % would exceed its open amount %', NEW.amount, inv.invoice_number, inv.open_amount
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_not_over_applied',
                  HINT = 'Apply at most the open amount; the rest of a payment stays unapplied.';
    END IF;
    IF NEW.kind IN ('write_off', 'bank_charge', 'fx_difference') THEN
        PERFORM ar2c.write_off_check(NEW);
    END IF;
    IF new_open OPERATOR(ar2c.>) inv.amount THEN
        RAISE EXCEPTION 'reversing % would leave invoice % open for more than its amount %', NEW.amount, inv.invoice_number, inv.amount
            USING ERRCODE = 'check_violation';
    END IF;

    IF NEW.payment_id IS NOT NULL OR NEW.credit_note_id IS NOT NULL THEN
        IF NEW.payment_id IS NOT NULL THEN
            SELECT 'payment' AS what, p.payment_id AS id, p.amount, p.unapplied_amount, p.status, p.customer_id INTO src
            FROM ar2c.payment p
            WHERE p.company_id = NEW.company_id AND p.payment_id = NEW.payment_id
            FOR UPDATE;
        ELSE
            SELECT 'credit note' AS what, c.credit_note_id AS id, c.amount, c.unapplied_amount, c.status, c.customer_id INTO src
            FROM ar2c.credit_note c
            WHERE c.customer_id = NEW.customer_id AND c.credit_note_id = NEW.credit_note_id
            FOR UPDATE;
        END IF;
        IF NOT FOUND THEN
            RAISE EXCEPTION '% % does not exist for company % and customer %',
                  CASE WHEN NEW.payment_id IS NOT NULL THEN 'payment' ELSE 'credit note' END,
                  coalesce(NEW.payment_id, NEW.credit_note_id), NEW.company_id, NEW.customer_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        -- what leaves the payment: the same amount, or an explicit amount in
        -- the payment's currency when the invoice is in another
        IF NEW.source_amount IS NULL AND ar2c.currency(NEW.amount) OPERATOR(ar2c.=) ar2c.currency(src.amount) THEN
            NEW.source_amount := NEW.amount;
        END IF;
        IF NEW.source_amount IS NULL OR ar2c.currency(NEW.source_amount) OPERATOR(ar2c.<>) ar2c.currency(src.amount) THEN
            RAISE EXCEPTION 'cannot apply % % in % to an invoice in % without its amount in %', src.what, src.id,
                  ar2c.currency(src.amount), ar2c.currency(NEW.amount), ar2c.currency(src.amount)
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Give source_amount in the payment''s currency (the amount converted at the day''s rate), and book any rest as an fx_difference application.';
        END IF;
        IF sign(ar2c.minor_units_value(NEW.source_amount)) <> sign(ar2c.minor_units_value(NEW.amount)) THEN
            RAISE EXCEPTION 'source_amount % and amount % must have the same sign', NEW.source_amount, NEW.amount
                USING ERRCODE = 'check_violation';
        END IF;
        IF src.status = 'returned' THEN
            RAISE EXCEPTION 'payment % was returned to the payer', src.id USING ERRCODE = 'check_violation';
        END IF;
        new_unapplied := src.unapplied_amount OPERATOR(ar2c.-) NEW.source_amount;
        IF ar2c.minor_units_value(new_unapplied) < 0 THEN
            RAISE EXCEPTION 'applying % from % % would exceed its unapplied amount %', NEW.source_amount, src.what, src.id,
                  src.unapplied_amount
                USING ERRCODE = 'check_violation', CONSTRAINT = 'cash_not_over_applied',
                      HINT = 'Apply at most the unapplied amount.';
        END IF;
    END IF;
    -- the amounts move in application_settle, at the end of the statement
    RETURN NEW;
END
$$;
CREATE TRIGGER application_apply BEFORE INSERT ON ar2c.application
    FOR EACH ROW EXECUTE FUNCTION ar2c.application_apply();
COMMENT ON FUNCTION ar2c.application_apply() IS 'trigger: check an application under locks in the ledger''s order (payment or credit note, customer, invoice; the statement has shared the aging clock): amounts, currencies, a reversal that mirrors its original once, the write-off policy';
-- the clock, once per statement (sql/install/41_ledger_triggers.sql)
CREATE TRIGGER application_lock_clock BEFORE INSERT ON ar2c.application
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.statement_share_clock();

-- The rows of a statement were checked one by one against the amounts as
-- they stood before it; a statement may hold several applications of one
-- invoice or payment, so each invoice, payment and credit note is updated
-- once by their sum, in the lock order (the row trigger holds the locks),
-- and the amounts it leaves are checked with the same errors: an error
-- undoes the update with the statement. Checking the new amounts, not
-- the old ones before, reads each row once.
CREATE FUNCTION ar2c.application_settle() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad record;
BEGIN
    WITH moved AS (
        UPDATE ar2c.invoice i SET open_amount = i.open_amount OPERATOR(ar2c.-) s.total
        FROM (SELECT n.customer_id, n.invoice_id, ar2c.sum(n.amount) AS total
              FROM applied n GROUP BY n.customer_id, n.invoice_id) s
        WHERE i.customer_id = s.customer_id AND i.invoice_id = s.invoice_id
        RETURNING i.customer_id, i.invoice_id, s.total, i.invoice_number, i.amount, i.open_amount)
    SELECT m.total, m.invoice_number, m.amount, m.open_amount OPERATOR(ar2c.+) m.total AS open_before,
           ar2c.minor_units_value(m.open_amount) < 0 AS over INTO bad
    FROM moved m
    WHERE ar2c.minor_units_value(m.open_amount) < 0 OR m.open_amount OPERATOR(ar2c.>) m.amount
    ORDER BY m.customer_id, m.invoice_id
    LIMIT 1;
    IF FOUND AND bad.over THEN
        RAISE EXCEPTION 'applying % to invoice % would exceed its open amount %', bad.total, bad.invoice_number,
              bad.open_before
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_not_over_applied',
                  HINT = 'Apply at most the open amount; the rest of a payment stays unapplied.';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'reversing % would leave invoice % open for more than its amount %', bad.total,
              bad.invoice_number, bad.amount
            USING ERRCODE = 'check_violation';
    END IF;

    -- a payment's customer is the customer of its applications: a payment
    -- without any (unknown payer, or every application reversed) takes
    -- the customer it is applied to, one with applications refuses
    -- another customer. One that cash application settles (kind matched,
    -- as ar2c.apply_cash writes them) is in match state applied; one
    -- whose applications are reversed goes back to the queue (the column
    -- is cash application's, sql/install/55_cash_application.sql)
    WITH paid AS (
        UPDATE ar2c.payment p
        SET unapplied_amount = p.unapplied_amount OPERATOR(ar2c.-) t.total,
            customer_id = CASE WHEN t.customer_id IS NULL THEN p.customer_id
                               WHEN p.unapplied_amount OPERATOR(ar2c.=) p.amount THEN t.customer_id
                               ELSE coalesce(p.customer_id, t.customer_id) END,
            match_state = CASE WHEN t.matched THEN 'applied'
                               WHEN t.reversed AND p.match_state IN ('applied', 'confirmed') THEN 'queued'
                               ELSE p.match_state END
        FROM (SELECT n.company_id, n.payment_id, ar2c.sum(n.source_amount) AS total,
                     (array_agg(n.customer_id ORDER BY n.application_id) FILTER (WHERE n.kind <> 'reversal'))[1] AS customer_id,
                     count(DISTINCT n.customer_id) FILTER (WHERE n.kind <> 'reversal') AS customers,
                     bool_and(n.kind = 'matched') AS matched, bool_or(n.kind = 'reversal') AS reversed
              FROM applied n WHERE n.payment_id IS NOT NULL GROUP BY n.company_id, n.payment_id) t
        WHERE p.company_id = t.company_id AND p.payment_id = t.payment_id
        RETURNING 'payment' AS what, p.payment_id AS id, t.total, p.unapplied_amount,
                  coalesce(t.customers > 1 OR p.customer_id <> t.customer_id, false) AS other_customer,
                  p.customer_id, t.customer_id AS applied_customer), credited AS (
        UPDATE ar2c.credit_note c SET unapplied_amount = c.unapplied_amount OPERATOR(ar2c.-) t.total
        FROM (SELECT n.customer_id, n.credit_note_id, ar2c.sum(n.source_amount) AS total
              FROM applied n WHERE n.credit_note_id IS NOT NULL GROUP BY n.customer_id, n.credit_note_id) t
        WHERE c.customer_id = t.customer_id AND c.credit_note_id = t.credit_note_id
        RETURNING 'credit note' AS what, c.credit_note_id AS id, t.total, c.unapplied_amount, false, c.customer_id, c.customer_id)
    SELECT s.what, s.id, s.total, s.unapplied_amount OPERATOR(ar2c.+) s.total AS unapplied_before,
           s.other_customer, s.customer_id, s.applied_customer INTO bad
    FROM (SELECT * FROM paid UNION ALL SELECT * FROM credited) s
    WHERE ar2c.minor_units_value(s.unapplied_amount) < 0 OR s.other_customer
    ORDER BY s.other_customer DESC, s.what DESC, s.id
    LIMIT 1;
    IF FOUND AND bad.other_customer THEN
        RAISE EXCEPTION 'payment % is applied to customer %, not %', bad.id, bad.customer_id, bad.applied_customer
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_of_one_customer',
                  DETAIL = 'A payment''s applications are all of one customer.',
                  HINT = 'Reverse its applications first to apply it to another customer.';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'applying % from % % would exceed its unapplied amount %', bad.total, bad.what, bad.id,
              bad.unapplied_before
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cash_not_over_applied',
                  HINT = 'Apply at most the unapplied amount.';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER application_settle AFTER INSERT ON ar2c.application
    REFERENCING NEW TABLE AS applied
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.application_settle();
COMMENT ON FUNCTION ar2c.application_settle() IS 'trigger: once per statement, move the open amounts of the invoices and the unapplied amounts of the payments and credit notes by the statement''s applications, and keep each payment''s customer and match state';

CREATE FUNCTION ar2c.application_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'cannot % ar2c.application: applications are append-only', lower(TG_OP)
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Insert a reversal: INSERT INTO ar2c.application (customer_id, kind, reverses_application_id, reason) VALUES (...).';
END
$$;
CREATE TRIGGER application_append_only BEFORE UPDATE OR DELETE ON ar2c.application
    FOR EACH ROW EXECUTE FUNCTION ar2c.application_append_only();
CREATE TRIGGER application_no_truncate BEFORE TRUNCATE ON ar2c.application
    FOR EACH STATEMENT EXECUTE FUNCTION ar2c.application_append_only();
COMMENT ON FUNCTION ar2c.application_append_only() IS 'trigger: refuse UPDATE, DELETE and TRUNCATE of ar2c.application (55000): applications are append-only, a correction is a reversal';
