-- Cash application: match unapplied payments to open invoices, apply the
-- sure ones, queue the rest with ranked, explained suggestions, and learn
-- from what a person confirms.
--
-- Candidates come from indexes only (a payment never scans all open
-- invoices): references in the remittance text (normalized invoice
-- number, RF creditor reference), the customer behind a known payer
-- account, customers sharing a name token with the payer; then the open
-- items of those customers. Scoring uses the C primitives (name
-- similarity, edit distance, subset-sum).


-- settings per company; ar2c.cash_setting() fills in the defaults
CREATE TABLE ar2c.cash_application_setting (
    company_id      bigint PRIMARY KEY REFERENCES ar2c.company,
    auto_threshold  numeric NOT NULL DEFAULT 0.90,
    min_margin      numeric NOT NULL DEFAULT 0.05,
    fee_share       numeric NOT NULL DEFAULT 0.005,
    fee_max_units   bigint NOT NULL DEFAULT 5000,
    max_items       integer NOT NULL DEFAULT 24,
    node_budget     integer NOT NULL DEFAULT 20000,
    fee_reason      text NOT NULL DEFAULT 'bank charges deducted by the payer''s bank',
    CONSTRAINT cash_setting_threshold CHECK (auto_threshold > 0 AND auto_threshold <= 1),
    CONSTRAINT cash_setting_margin CHECK (min_margin >= 0 AND min_margin < 1),
    CONSTRAINT cash_setting_fee CHECK (fee_share >= 0 AND fee_share < 0.5 AND fee_max_units >= 0),
    CONSTRAINT cash_setting_items CHECK (max_items BETWEEN 1 AND 64 AND node_budget > 0)
);
COMMENT ON TABLE ar2c.cash_application_setting IS 'how apply_cash decides, per company (defaults apply to companies without a row)';
COMMENT ON COLUMN ar2c.cash_application_setting.company_id IS 'the company';
COMMENT ON COLUMN ar2c.cash_application_setting.auto_threshold IS 'confidence (0..1) at or above which a match is applied without a person';
COMMENT ON COLUMN ar2c.cash_application_setting.min_margin IS 'how far the best customer must be ahead of the runner-up';
COMMENT ON COLUMN ar2c.cash_application_setting.fee_share IS 'share of the invoiced amount a payment may be short (bank charges) and still settle it';
COMMENT ON COLUMN ar2c.cash_application_setting.fee_max_units IS 'cap on that shortfall, in minor units of the invoice''s currency';
COMMENT ON COLUMN ar2c.cash_application_setting.max_items IS 'most open items (oldest first) searched for a payment that settles several';
COMMENT ON COLUMN ar2c.cash_application_setting.node_budget IS 'most search nodes per payment in that search';
COMMENT ON COLUMN ar2c.cash_application_setting.fee_reason IS 'reason written on the write-off of a short payment';
SELECT pg_catalog.pg_extension_config_dump('ar2c.cash_application_setting', '');

-- what ar2c has learned: payer accounts and names that belong to customers
CREATE TABLE ar2c.payer_account (
    company_id  bigint NOT NULL REFERENCES ar2c.company,
    account     text NOT NULL,
    customer_id bigint NOT NULL,
    source      text NOT NULL DEFAULT 'confirmed',
    learned_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, account),
    FOREIGN KEY (customer_id, company_id) REFERENCES ar2c.customer (customer_id, company_id)
);
COMMENT ON TABLE ar2c.payer_account IS 'payer accounts (normalized IBANs or other account numbers) known to belong to a customer';
COMMENT ON COLUMN ar2c.payer_account.company_id IS 'the receiving company';
COMMENT ON COLUMN ar2c.payer_account.account IS 'the payer''s account, normalized (IBAN without spaces, upper case)';
COMMENT ON COLUMN ar2c.payer_account.customer_id IS 'the customer who pays from it, one of the company''s';
COMMENT ON COLUMN ar2c.payer_account.source IS 'confirmed (a person confirmed a match), master_data (entered), applied (learned from a sure match)';
COMMENT ON COLUMN ar2c.payer_account.learned_at IS 'when it was learned';

CREATE TABLE ar2c.customer_alias (
    customer_id bigint NOT NULL,
    company_id  bigint NOT NULL,
    alias       text NOT NULL,
    source      text NOT NULL DEFAULT 'confirmed',
    learned_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, alias),
    FOREIGN KEY (customer_id, company_id) REFERENCES ar2c.customer (customer_id, company_id)
);
COMMENT ON TABLE ar2c.customer_alias IS 'other names a customer pays under (a parent company, an abbreviation), learned from confirmed matches or entered';
COMMENT ON COLUMN ar2c.customer_alias.customer_id IS 'the customer';
COMMENT ON COLUMN ar2c.customer_alias.company_id IS 'the customer''s company';
COMMENT ON COLUMN ar2c.customer_alias.alias IS 'the name as payers write it';
COMMENT ON COLUMN ar2c.customer_alias.source IS 'confirmed or master_data';
COMMENT ON COLUMN ar2c.customer_alias.learned_at IS 'when it was learned';

CREATE INDEX invoice_open_reference ON ar2c.invoice (company_id, ar2c.normalize_invoice_number(invoice_number))
    WHERE status IN ('open', 'partially_paid');
-- the customer's own number for an invoice (its purchase order), which
-- payers quote as often as ours
CREATE INDEX invoice_open_external_number ON ar2c.invoice (company_id, ar2c.normalize_invoice_number(external_number))
    WHERE external_number IS NOT NULL AND status IN ('open', 'partially_paid');
-- and damaged references through the skeletons of the numbers
CREATE INDEX invoice_open_skeleton ON ar2c.invoice (company_id, ar2c.invoice_number_skeleton(invoice_number))
    WHERE status IN ('open', 'partially_paid');
-- a candidate customer's open items, oldest first, without reading its
-- settled history
CREATE INDEX invoice_open_by_due_date ON ar2c.invoice (customer_id, due_date, invoice_id)
    WHERE status IN ('open', 'partially_paid');
-- the few open charges (dunning fees, interest): applying cash asks of
-- every invoice whether its customer has any
CREATE INDEX invoice_open_charges ON ar2c.invoice (customer_id)
    WHERE kind <> 'principal' AND status IN ('open', 'partially_paid');

ALTER TABLE ar2c.payment ADD COLUMN match_state text,
    ADD CONSTRAINT payment_match_state_valid CHECK (match_state IN ('applied', 'queued', 'confirmed', 'rejected'));
COMMENT ON COLUMN ar2c.payment.match_state IS 'cash application: applied (automatically: set when applications of kind matched settle it), queued (waiting for a person), confirmed, rejected; NULL before the first run';

CREATE TABLE ar2c.match_suggestion (
    company_id  bigint NOT NULL,
    payment_id  bigint NOT NULL,
    rank        integer NOT NULL,
    customer_id bigint NOT NULL,
    invoice_ids bigint[] NOT NULL,
    amounts     ar2c.money_cur[] NOT NULL,
    confidence  numeric NOT NULL,
    rule        text NOT NULL,
    components  jsonb NOT NULL,
    explanation text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, payment_id, rank),
    FOREIGN KEY (company_id, payment_id) REFERENCES ar2c.payment (company_id, payment_id)
);
COMMENT ON TABLE ar2c.match_suggestion IS 'the exception queue: for each queued payment, ranked suggestions with the evidence behind them';
COMMENT ON COLUMN ar2c.match_suggestion.company_id IS 'the receiving company';
COMMENT ON COLUMN ar2c.match_suggestion.payment_id IS 'the queued payment';
COMMENT ON COLUMN ar2c.match_suggestion.rank IS '1 = the best suggestion';
COMMENT ON COLUMN ar2c.match_suggestion.customer_id IS 'the suggested customer';
COMMENT ON COLUMN ar2c.match_suggestion.invoice_ids IS 'the suggested invoices, in the order they would be settled';
COMMENT ON COLUMN ar2c.match_suggestion.amounts IS 'the amount to apply to each, in the invoice''s currency';
COMMENT ON COLUMN ar2c.match_suggestion.confidence IS 'how sure ar2c is, 0 to 1';
COMMENT ON COLUMN ar2c.match_suggestion.rule IS 'reference, amount, combination or partial';
COMMENT ON COLUMN ar2c.match_suggestion.components IS 'the evidence: reference, account, name, amount and date scores';
COMMENT ON COLUMN ar2c.match_suggestion.explanation IS 'the evidence in a sentence';
COMMENT ON COLUMN ar2c.match_suggestion.created_at IS 'when the suggestion was made';
SELECT pg_catalog.pg_extension_config_dump('ar2c.payer_account', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.customer_alias', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.match_suggestion', '');

CREATE FUNCTION ar2c.cash_setting(company_id bigint) RETURNS ar2c.cash_application_setting
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s FROM ar2c.cash_application_setting s WHERE s.company_id = $1
    UNION ALL
    SELECT ROW($1, 0.90, 0.05, 0.005, 5000, 24, 20000, 'bank charges deducted by the payer''s bank')::ar2c.cash_application_setting
    LIMIT 1
$$;
COMMENT ON FUNCTION ar2c.cash_setting(bigint) IS 'the cash application settings of a company, with the defaults where it has no row';

-- How sure a name similarity makes us of the customer (in C, as the
-- pruning of name candidates uses it too; NULL, no similarity, is none)
CREATE FUNCTION ar2c.name_evidence(similarity float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'name_evidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.name_evidence(float8) IS 'confidence in a customer from the similarity of the payer''s name to the customer''s: 0.95 from 0.97, 0.90 from 0.92, 0.60 from 0.85, 0.25 from 0.75, else 0';
CREATE FUNCTION ar2c.cash_name_customers(name_keys text[], customer_ids bigint[], customer_forms text[],
                                         payer_payments bigint[], payer_keys text[], payer_forms text[], max_customers integer)
    RETURNS TABLE (payment_id bigint, customer_id bigint, similarity float8)
    AS 'MODULE_PATHNAME', 'cash_name_customers' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION ar2c.cash_name_customers(text[], bigint[], text[], bigint[], text[], text[], integer) IS 'internal to apply_cash: for each payment, by its payer''s name (normalized) and the legal forms written with it (space-separated), the customers that count among those of the given names (normalized, with the customer and the forms the name states, one element each): the customers of the names most similar to the payer''s that hold every token of it some name holds, best first, at most max_customers; of those, similarity x 0.9 where the payer wrote forms the customer''s name, stating forms, lacks, and the three most likely and those within 0.1 of the best name evidence. A name is looked up once however many payers bear it';

-- The legal forms a name states (GMBH, SA, LTD, ..., Chinese suffixes),
-- NULL when it states none: normalize_name drops legal forms, so
-- "Atlas Foods Ltd" and "Atlas Foods SAS" look the same to name_similarity,
-- yet a payer who writes one of them has told which
CREATE FUNCTION ar2c.legal_form(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'legal_form' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.legal_form(text) IS 'the legal forms a name states, the words normalize_name drops, upper case without dots and separated by a space (''Mueller GmbH & Co. KG'' -> ''GMBH CO KG'', ''Atlas Foods S.A.'' -> ''SA'', Chinese company suffixes each on their own); NULL if none';

-- The legal forms a name states, then what they stand for in the other
-- script: a payer in China writes "you xian gong si" for "Co., Ltd.", one
-- abroad CO LTD for it (in UTF-8 and SQL_ASCII databases; this file holds
-- no Chinese text, so that it installs in a LATIN1 database too)
CREATE FUNCTION ar2c.name_forms(name text) RETURNS text[]
    AS 'MODULE_PATHNAME', 'name_forms' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.name_forms(text) IS 'the legal forms a name states (ar2c.legal_form, one per element), then what Chinese and English company forms stand for in the other script (you xian gong si: CO, LTD, LIMITED, COMPANY; LTD: you xian gong si; ...; the Chinese ones in UTF-8 and SQL_ASCII databases only); NULL if none';

-- A payer's name normalized for matching, or NULL when it is no name:
-- empty, or only legal forms, once the SWIFT character set has turned
-- Chinese characters into question marks ("?????", "???? CO LTD")
-- (in C: two passes over the name, the normalization and the legal
-- forms of "X <name>", where the same test in SQL took four and compared
-- arrays: 0.4 s a run of 100,000 payments)
CREATE FUNCTION ar2c.payer_key(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'payer_key' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.payer_key(text) IS 'a payer''s name normalized (ar2c.normalize_name), NULL when nothing is left but legal forms: an empty name, or one the SWIFT character set turned into question marks (''?????'', ''???? CO LTD''), carries no evidence';

-- the normalized name and the legal forms a name states, kept with it:
-- matching scores a payer's name against many customers' names
ALTER TABLE ar2c.customer
    ADD COLUMN name_key text GENERATED ALWAYS AS (ar2c.normalize_name(name)) STORED,
    ADD COLUMN name_forms text[] GENERATED ALWAYS AS (ar2c.name_forms(name)) STORED;
COMMENT ON COLUMN ar2c.customer.name_key IS 'the name normalized for matching (ar2c.normalize_name), kept by PostgreSQL';
COMMENT ON COLUMN ar2c.customer.name_forms IS 'the legal forms the name states and what they stand for in the other script (ar2c.name_forms), NULL if none; kept by PostgreSQL';
ALTER TABLE ar2c.customer_alias
    ADD COLUMN name_key text GENERATED ALWAYS AS (ar2c.normalize_name(alias)) STORED,
    ADD COLUMN name_forms text[] GENERATED ALWAYS AS (ar2c.name_forms(alias)) STORED;
COMMENT ON COLUMN ar2c.customer_alias.name_key IS 'the alias normalized for matching, kept by PostgreSQL';
COMMENT ON COLUMN ar2c.customer_alias.name_forms IS 'the legal forms the alias states, kept by PostgreSQL';
CREATE FUNCTION ar2c.cash_allocate(refs text[], customer_ids bigint[], invoice_ids bigint[],
                                   due_dates date[], invoice_keys text[], currencies ar2c.currency[], open_units bigint[], pay_units bigint[],
                                   fee_share numeric, fee_max_units bigint, max_items integer, node_budget integer)
    RETURNS TABLE (customer_id bigint, rule text, invoice_ids bigint[], applied bigint[],
                   write_off bigint, currency ar2c.currency, pay_units bigint, fit float8, ambiguous boolean)
    AS 'MODULE_PATHNAME', 'cash_allocate_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    ROWS 3;
COMMENT ON FUNCTION ar2c.cash_allocate(text[], bigint[], bigint[], date[], text[], ar2c.currency[], bigint[], bigint[], numeric, bigint, integer, integer)
    IS 'the allocations one payment proposes at each candidate customer (reference, amount, combination, partial), from the customers'' open items (one array element per item, in any order) and the normalized references of the remittance';

CREATE FUNCTION ar2c.cash_allocate_run(candidate_payments bigint[], candidate_customers bigint[],
                                       candidate_by_reference boolean[], candidate_by_account boolean[],
                                       candidate_similarities float8[], candidate_evidence float8[], candidate_ranks integer[],
                                       pay_payments bigint[], pay_currencies ar2c.currency[], pay_units bigint[],
                                       ref_payments bigint[], refs text[], ref_weights float8[],
                                       item_customers bigint[], invoice_ids bigint[], due_dates date[], invoice_keys text[],
                                       currencies ar2c.currency[], open_units bigint[], max_per_customer integer,
                                       fee_share numeric, fee_max_units bigint, max_items integer, node_budget integer,
                                       charge_customers bigint[], charge_currencies ar2c.currency[], charge_units bigint[])
    RETURNS TABLE (payment_id bigint, customer_id bigint, rule text, invoice_ids bigint[], applied bigint[],
                   write_off bigint, currency ar2c.currency, pay_units bigint, fit float8, ambiguous boolean,
                   evidence float8, confidence float8, suggestion_rank integer, by_reference boolean, by_account boolean,
                   similarity float8, margin float8, unexplained bigint)
    AS 'MODULE_PATHNAME', 'cash_allocate_run'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    ROWS 100000;
COMMENT ON FUNCTION ar2c.cash_allocate_run(bigint[], bigint[], boolean[], boolean[], float8[], float8[], integer[], bigint[], ar2c.currency[], bigint[], bigint[], text[], float8[], bigint[], bigint[], date[], text[], ar2c.currency[], bigint[], integer, numeric, bigint, integer, integer, bigint[], ar2c.currency[], bigint[])
    IS 'internal to apply_cash: ar2c.cash_allocate for every payment of a run at once, and what the decision makes of each allocation; from its candidate customers (one element per payment and customer, with the customer''s signals, evidence and rank, as cash_candidates gives them), the payment in each currency it can pay (one element per payment and currency), the normalized references of its remittance (one per payment and reference, each with its weight: 1 as written, less when read from a damaged number), and the open items of all candidate customers (one element per item, each customer''s oldest max_per_customer taken); rows as cash_allocate''s (applied net of the write-off), each with its payment, its confidence (evidence x fit, x 0.8 for a reference the payment does not settle from a payer nothing ties to the customer), its rank among the payment''s allocations, its margin over the best allocation of any other customer, and what of the payment no open item explains; a shortfall may be an accepted bank charge (charge_*: one element per charge, customer 0 for any)';

CREATE FUNCTION ar2c.cash_candidates(payment_ids bigint[], customer_ids bigint[], by_reference boolean[], by_account boolean[],
                                     similarities float8[], customer_keys text[], customer_forms text[],
                                     payer_payments bigint[], payer_keys text[], payer_forms text[])
    RETURNS TABLE (payment_id bigint, customer_id bigint, by_reference boolean, by_account boolean,
                   similarity float8, evidence float8, rank integer)
    AS 'MODULE_PATHNAME', 'cash_candidates'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    ROWS 100000;
COMMENT ON FUNCTION ar2c.cash_candidates(bigint[], bigint[], boolean[], boolean[], float8[], text[], text[], bigint[], text[], text[])
    IS 'internal to apply_cash: the candidate customers of a run''s payments from the signals naming them (one element per signal: a reference, a known payer account, or a name with its similarity, NULL for the others; the customer''s normalized name and forms for the others), with the payers'' normalized names and legal forms (one per payment with a payer name); per payment and customer the evidence 1 - (1 - 0.97 reference)(1 - 0.95 account)(1 - name evidence, halved where the account is known to be another''s), ranked; the three most likely and those within 0.1 of the best, up to 30';

-- Candidates, allocations and the decision's scores of the payments in
-- ar2c_run_payment (a temporary table), into ar2c_run_decision: each
-- allocation with its confidence, rank and margin.
CREATE FUNCTION ar2c.cash_score_run(names_known boolean DEFAULT false) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    SET client_min_messages = warning
    -- many statements of a run, each over a few thousand rows: compiling
    -- them costs more than it saves
    SET jit = off
AS $$
BEGIN
    DROP TABLE IF EXISTS ar2c_run_setting, ar2c_run_ref, ar2c_run_hit, ar2c_run_skeleton, ar2c_run_damaged, ar2c_run_payer,
                         ar2c_run_customer, ar2c_run_decision;
    IF NOT names_known THEN
        DROP TABLE IF EXISTS ar2c_run_name;
    END IF;

    -- the settings of the run's companies, read once
    CREATE TEMP TABLE ar2c_run_setting ON COMMIT DROP AS
    SELECT s.* FROM (SELECT DISTINCT company_id FROM ar2c_run_payment) p CROSS JOIN LATERAL ar2c.cash_setting(p.company_id) s;

    -- references in the remittance text, normalized as invoice numbers are
    CREATE TEMP TABLE ar2c_run_ref ON COMMIT DROP AS
    SELECT DISTINCT p.payment_id, p.company_id, r.ref, 1.0::float8 AS weight
    FROM ar2c_run_payment p
    CROSS JOIN LATERAL ar2c.extract_references(concat_ws(' ', p.remittance_text, p.end_to_end_id)) x
    CROSS JOIN LATERAL (SELECT CASE WHEN x.kind = 'rf' THEN ar2c.normalize_invoice_number(ar2c.rf_payload(x.reference))
                                    ELSE ar2c.normalize_invoice_number(x.reference) END AS ref) r
    WHERE x.kind IN ('invoice', 'rf') AND r.ref IS NOT NULL AND r.ref <> '';
    -- (each step below looks up the references before it: analyzed, the
    -- lookups are hashed, not a scan per payment; once is enough: the rows
    -- added below are of the same kind, and the planner scales the row
    -- count it read with the table's size)
    ANALYZE ar2c_run_ref;
    -- an open invoice's issued payment reference (invoice.payment_reference)
    -- in the text counts as its number written, for the companies that
    -- issued any; a bare number only where it is no open invoice's number
    INSERT INTO ar2c_run_ref
    SELECT DISTINCT p.payment_id, p.company_id, ar2c.normalize_invoice_number(i.invoice_number), 1.0
    FROM (SELECT c.company_id FROM (SELECT DISTINCT company_id FROM ar2c_run_payment) c
          WHERE EXISTS (SELECT FROM ar2c.invoice o
                        WHERE o.company_id = c.company_id AND o.payment_reference IS NOT NULL
                          AND o.status IN ('open', 'partially_paid'))) g
    JOIN ar2c_run_payment p ON p.company_id = g.company_id
    CROSS JOIN LATERAL ar2c.payment_reference_keys(concat_ws(' ', p.remittance_text, p.end_to_end_id)) k
    JOIN ar2c.invoice i ON i.company_id = p.company_id
                       AND ar2c.normalize_payment_reference(i.payment_reference) = k.key
                       AND i.payment_reference IS NOT NULL AND i.status IN ('open', 'partially_paid')
    WHERE (k.structured OR NOT EXISTS (
               SELECT FROM ar2c.invoice n
               WHERE n.company_id = p.company_id AND n.status IN ('open', 'partially_paid')
                 AND ar2c.normalize_invoice_number(n.invoice_number) = ar2c.normalize_invoice_number(k.key)))
      AND NOT EXISTS (SELECT FROM ar2c_run_ref r
                      WHERE r.payment_id = p.payment_id AND r.company_id = p.company_id
                        AND r.ref = ar2c.normalize_invoice_number(i.invoice_number));
    -- any word of the text that is an open invoice's number as written,
    -- with no label before it ("Pagamento parziale 90010730", "2025-RE-0144"),
    -- or the customer's own number of open invoices (invoice.external_number,
    -- a purchase order: "Best.-Nr. PO-2025-6793"); a purchase order of more
    -- than six open invoices names none
    -- (each word looked up in the indexes, LIMIT 1 and 7: a join would
    -- tempt the planner to hash every open invoice's number)
    INSERT INTO ar2c_run_ref
    SELECT DISTINCT w.payment_id, w.company_id, x.ref, 1.0
    FROM (SELECT DISTINCT p.payment_id, p.company_id, ar2c.normalize_invoice_number(t) AS ref
          FROM ar2c_run_payment p
          CROSS JOIN LATERAL regexp_split_to_table(concat_ws(' ', p.remittance_text, p.end_to_end_id), '[[:space:],;:+&()]+') t
          WHERE t ~ '[0-9]') w
    CROSS JOIN LATERAL ((SELECT w.ref FROM ar2c.invoice i
                         WHERE i.company_id = w.company_id AND ar2c.normalize_invoice_number(i.invoice_number) = w.ref
                           AND i.status IN ('open', 'partially_paid')
                         LIMIT 1)
                        UNION ALL
                        SELECT ar2c.normalize_invoice_number(o.invoice_number)
                        FROM (SELECT i.invoice_number, count(*) OVER () AS invoices FROM ar2c.invoice i
                              WHERE i.company_id = w.company_id AND ar2c.normalize_invoice_number(i.external_number) = w.ref
                                AND i.external_number IS NOT NULL AND i.status IN ('open', 'partially_paid')
                              LIMIT 7) o
                        WHERE o.invoices <= 6) x
    WHERE NOT EXISTS (SELECT 1 FROM ar2c_run_ref r WHERE r.company_id = w.company_id AND r.payment_id = w.payment_id AND r.ref = x.ref);
    -- and damaged ones: any number-like token whose skeleton (or with two
    -- digits swapped back) is that of an open invoice not named as
    -- written, by the index of the skeletons; such a reference weighs
    -- less, and only the amount makes it sure (ar2c.cash_allocate_run):
    -- 0.95 where the skeleton names one open invoice of its customer (its
    -- digits as written, the letters lost), 0.9 where several, 0.85
    -- swapped back.
    -- A token that is a reference naming an open invoice as written is
    -- no damaged one (INV-9307 names no INT-9307); the swaps of a number
    -- are tried only when it names no open invoice itself; a skeleton of
    -- more than six open invoices names none.
    -- the open invoices the references so far name, with their customers
    -- and skeletons (read once: the customers by reference below are these)
    CREATE TEMP TABLE ar2c_run_hit ON COMMIT DROP AS
    SELECT DISTINCT r.company_id, r.payment_id, i.customer_id, ar2c.invoice_number_skeleton(r.ref) AS token
    FROM ar2c_run_ref r
    JOIN ar2c.invoice i ON i.company_id = r.company_id AND ar2c.normalize_invoice_number(i.invoice_number) = r.ref
                       AND i.status IN ('open', 'partially_paid');
    ANALYZE ar2c_run_hit;
    CREATE TEMP TABLE ar2c_run_skeleton ON COMMIT DROP AS
    SELECT DISTINCT p.payment_id, p.company_id, s.skeleton, s.damage, s.written
    FROM ar2c_run_payment p
    -- the tokens that name an open invoice as written, left out by
    -- reference_skeletons itself: most of a run's skeletons are theirs
    LEFT JOIN (SELECT n.company_id, n.payment_id, array_agg(n.token) AS tokens
               FROM ar2c_run_hit n GROUP BY n.company_id, n.payment_id) n
           ON n.company_id = p.company_id AND n.payment_id = p.payment_id
    CROSS JOIN LATERAL ar2c.reference_skeletons(concat_ws(' ', p.remittance_text, p.end_to_end_id),
                                                coalesce(n.tokens, '{}')) s;
    ANALYZE ar2c_run_skeleton;
    -- (each skeleton looked up in the index, at most seven invoices: a
    -- join would tempt the planner to compute the skeleton of every
    -- invoice)
    CREATE TEMP TABLE ar2c_run_damaged ON COMMIT DROP AS
    SELECT k.payment_id, k.company_id, k.skeleton, k.damage, ar2c.normalize_invoice_number(i.invoice_number) AS ref,
           i.customer_id
    FROM ar2c_run_skeleton k
    CROSS JOIN LATERAL (SELECT i.invoice_number, i.customer_id FROM ar2c.invoice i
                        WHERE i.company_id = k.company_id AND ar2c.invoice_number_skeleton(i.invoice_number) = k.skeleton
                          AND i.status IN ('open', 'partially_paid')
                        LIMIT 7) i
    WHERE k.damage = 'none';
    ANALYZE ar2c_run_damaged;
    INSERT INTO ar2c_run_damaged
    SELECT k.payment_id, k.company_id, k.skeleton, k.damage, ar2c.normalize_invoice_number(i.invoice_number),
           i.customer_id
    FROM ar2c_run_skeleton k
    CROSS JOIN LATERAL (SELECT i.invoice_number, i.customer_id FROM ar2c.invoice i
                        WHERE i.company_id = k.company_id AND ar2c.invoice_number_skeleton(i.invoice_number) = k.skeleton
                          AND i.status IN ('open', 'partially_paid')
                        LIMIT 7) i
    WHERE k.damage = 'swapped'
      AND NOT EXISTS (SELECT 1 FROM ar2c_run_damaged d
                      WHERE d.company_id = k.company_id AND d.payment_id = k.payment_id AND d.skeleton = k.written);
    INSERT INTO ar2c_run_ref
    SELECT DISTINCT ON (h.payment_id, h.ref) h.payment_id, h.company_id, h.ref,
           CASE WHEN h.damage = 'swapped' THEN 0.85 WHEN h.own_hits = 1 THEN 0.95 ELSE 0.9 END
    FROM (SELECT d.*, count(*) OVER (PARTITION BY d.company_id, d.payment_id, d.skeleton) AS hits,
                 count(*) OVER (PARTITION BY d.company_id, d.payment_id, d.skeleton, d.customer_id) AS own_hits
          FROM ar2c_run_damaged d) h
    WHERE h.hits <= 6
      AND NOT EXISTS (SELECT 1 FROM ar2c_run_ref r
                      WHERE r.company_id = h.company_id AND r.payment_id = h.payment_id AND r.ref = h.ref)
    ORDER BY h.payment_id, h.ref, h.damage;
    -- a number that names an open invoice as written which the payment
    -- does not fit, while an adjacent swap of its digits names another
    -- customer's open invoice of exactly the payment: the typo made
    -- another open number (0.85, as swaps count; of the same customer
    -- the two would read as one list)
    WITH twin AS (
        INSERT INTO ar2c_run_ref
        SELECT DISTINCT p.payment_id, p.company_id, ar2c.normalize_invoice_number(i.invoice_number), 0.85
        -- (only the payments that fit no invoice their numbers name: most
        -- do, and the skeletons are read again for the others alone)
        FROM (SELECT DISTINCT h.company_id, h.payment_id
              FROM ar2c_run_hit h
              JOIN ar2c_run_payment u ON u.company_id = h.company_id AND u.payment_id = h.payment_id
              WHERE NOT EXISTS (SELECT FROM ar2c.invoice f
                                WHERE f.company_id = h.company_id
                                  AND ar2c.invoice_number_skeleton(f.invoice_number) = h.token
                                  AND f.status IN ('open', 'partially_paid')
                                  AND f.open_amount OPERATOR(ar2c.=) u.amount)) h
        JOIN ar2c_run_payment p ON p.company_id = h.company_id AND p.payment_id = h.payment_id
        CROSS JOIN LATERAL ar2c.reference_skeletons(concat_ws(' ', p.remittance_text, p.end_to_end_id)) s
        JOIN ar2c.invoice i ON i.company_id = p.company_id AND ar2c.invoice_number_skeleton(i.invoice_number) = s.skeleton
                           AND i.status IN ('open', 'partially_paid') AND i.open_amount OPERATOR(ar2c.=) p.amount
        WHERE s.damage = 'swapped'
          AND EXISTS (SELECT FROM ar2c_run_hit w
                      WHERE w.company_id = p.company_id AND w.payment_id = p.payment_id AND w.token = s.written)
          AND NOT EXISTS (SELECT FROM ar2c.invoice w
                          WHERE w.company_id = p.company_id AND ar2c.invoice_number_skeleton(w.invoice_number) = s.written
                            AND w.status IN ('open', 'partially_paid')
                            AND (w.open_amount OPERATOR(ar2c.=) p.amount OR w.customer_id = i.customer_id))
          AND NOT EXISTS (SELECT FROM ar2c_run_ref r
                          WHERE r.company_id = p.company_id AND r.payment_id = p.payment_id
                            AND r.ref = ar2c.normalize_invoice_number(i.invoice_number))
        RETURNING company_id, payment_id, ref)
    INSERT INTO ar2c_run_hit
    SELECT DISTINCT t.company_id, t.payment_id, i.customer_id, ar2c.invoice_number_skeleton(t.ref)
    FROM twin t
    JOIN ar2c.invoice i ON i.company_id = t.company_id AND ar2c.normalize_invoice_number(i.invoice_number) = t.ref
                       AND i.status IN ('open', 'partially_paid');
    INSERT INTO ar2c_run_hit
    SELECT DISTINCT d.company_id, d.payment_id, d.customer_id, d.skeleton
    FROM ar2c_run_damaged d
    JOIN ar2c_run_ref r ON r.company_id = d.company_id AND r.payment_id = d.payment_id AND r.ref = d.ref AND r.weight < 1;
    -- (ar2c_run_hit analyzed once too: the damaged references add few)

    -- a remittance that names, as written, an invoice already paid and no
    -- open one: a second payment of it (a payer paying twice, a bank
    -- sending again) waits for a person, never going to a sibling of the
    -- same amount; its suggestions say so (a second scoring of some of
    -- the run's payments finds none the first did not)
    IF NOT names_known THEN
        INSERT INTO ar2c_run_paid
        SELECT p.company_id, p.payment_id, string_agg(DISTINCT i.invoice_number, ', ')
        FROM ar2c_run_payment p
        CROSS JOIN LATERAL regexp_split_to_table(concat_ws(' ', p.remittance_text, p.end_to_end_id), '[[:space:],;:+&()]+') t
        JOIN ar2c.invoice i ON i.company_id = p.company_id AND i.invoice_number = t AND i.status = 'paid'
        WHERE t ~ '[0-9]'
          AND NOT EXISTS (SELECT FROM ar2c_run_hit h WHERE h.company_id = p.company_id AND h.payment_id = p.payment_id)
        GROUP BY p.company_id, p.payment_id;
        INSERT INTO ar2c_run_held SELECT company_id, payment_id FROM ar2c_run_paid;
    END IF;

    -- customers by name: those (and aliases) whose names hold every token
    -- of the payer's name that some name holds (a misspelt or cut-off word
    -- is in no name and is left out); not all those sharing any one token,
    -- which for "Atlas Trading" are thousands.
    --
    -- A name is looked up once per run, however many payments came under
    -- it: payers go by their normalized name (name_similarity normalizes
    -- first, so it scores the same); the legal forms they wrote count
    -- after.
    CREATE TEMP TABLE ar2c_run_payer ON COMMIT DROP AS
    SELECT p.payment_id, p.company_id, k.payer_key,
           coalesce(string_to_array(ar2c.legal_form(p.payer_name), ' '), '{}') AS forms
    FROM ar2c_run_payment p
    -- the key computed once, not again for the test (OFFSET 0)
    CROSS JOIN LATERAL (SELECT ar2c.payer_key(p.payer_name) AS payer_key OFFSET 0) k
    WHERE k.payer_key IS NOT NULL; -- "?????" is no name
    -- the customers of the names most similar to each payer name, until
    -- there are 30 (all equally similar names among them: group companies
    -- share names), by a token index of the company's distinct names built
    -- once per run; of those what the candidate customers below can keep:
    -- the three most likely, and those whose name evidence is within 0.1
    -- of the best, where a legal form the payer wrote that the customer's
    -- name, stating others, lacks counts against (a payer's "jituan",
    -- group, fits a customer's "jituan youxian gongsi", group limited
    -- company). A customer found by reference or account gets its
    -- similarity there all the same. (ar2c.cash_name_customers)
    -- (names_known: ar2c_run_name holds them already, as a second scoring
    -- of some of the run's payments finds them: names do not change)
    IF NOT names_known THEN
        CREATE TEMP TABLE ar2c_run_name ON COMMIT DROP AS
        SELECT g.company_id, k.*
        FROM (SELECT DISTINCT company_id FROM ar2c_run_payer) g
        CROSS JOIN LATERAL (SELECT array_agg(n.name_key) AS keys, array_agg(n.customer_id) AS customers,
                                   array_agg(array_to_string(n.name_forms, ' ')) AS forms
                            FROM (SELECT c.name_key, c.customer_id, c.name_forms FROM ar2c.customer c
                                  WHERE c.company_id = g.company_id
                                  UNION ALL
                                  SELECT a.name_key, a.customer_id, a.name_forms FROM ar2c.customer_alias a
                                  WHERE a.company_id = g.company_id) n) n
        CROSS JOIN LATERAL (SELECT array_agg(y.payment_id) AS payments, array_agg(y.payer_key) AS keys,
                                   array_agg(array_to_string(y.forms, ' ')) AS forms
                            FROM ar2c_run_payer y WHERE y.company_id = g.company_id) y
        CROSS JOIN LATERAL ar2c.cash_name_customers(n.keys, n.customers, n.forms, y.payments, y.keys, y.forms, 30) k;
    END IF;

    -- candidate customers: by exact reference, known payer account, or
    -- name, each with its evidence (ar2c.cash_candidates): the three most
    -- likely of a payment, and every customer nearly as likely as the best
    -- (within 0.1, up to 30): an amount that fits one of two equally named
    -- customers only decides if the other's items are looked at too. A
    -- customer found by reference or account whose name is not among the
    -- payer name's candidates is scored by its name all the same.
    CREATE TEMP TABLE ar2c_run_customer ON COMMIT DROP AS
    WITH referenced AS MATERIALIZED (
        -- the customers of the open invoices the references name
        SELECT DISTINCT h.company_id, h.payment_id, h.customer_id FROM ar2c_run_hit h)
    SELECT g.company_id, k.*
    FROM (SELECT DISTINCT company_id FROM ar2c_run_payment) g
    CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(s.payment_id), '{}') AS payments, coalesce(array_agg(s.customer_id), '{}') AS customers,
               coalesce(array_agg(s.by_reference), '{}') AS by_reference, coalesce(array_agg(s.by_account), '{}') AS by_account,
               coalesce(array_agg(s.similarity), '{}') AS similarities,
               coalesce(array_agg(s.name_key), '{}') AS keys, coalesce(array_agg(s.forms), '{}') AS forms
        FROM (SELECT r.payment_id, r.customer_id, true AS by_reference, false AS by_account, NULL::float8 AS similarity,
                     c.name_key, array_to_string(c.name_forms, ' ') AS forms
              FROM referenced r
              JOIN ar2c.customer c ON c.customer_id = r.customer_id
              WHERE r.company_id = g.company_id
              UNION ALL
              SELECT p.payment_id, a.customer_id, false, true, NULL, c.name_key, array_to_string(c.name_forms, ' ')
              FROM ar2c_run_payment p
              JOIN ar2c.payer_account a ON a.company_id = p.company_id AND a.account = p.account
              JOIN ar2c.customer c ON c.customer_id = a.customer_id
              WHERE p.company_id = g.company_id
              UNION ALL
              SELECT n.payment_id, n.customer_id, false, false, n.similarity, NULL, NULL
              FROM ar2c_run_name n WHERE n.company_id = g.company_id) s) s
    CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(y.payment_id), '{}') AS payments, coalesce(array_agg(y.payer_key), '{}') AS keys,
               coalesce(array_agg(array_to_string(y.forms, ' ')), '{}') AS forms
        FROM ar2c_run_payer y WHERE y.company_id = g.company_id) y
    CROSS JOIN LATERAL ar2c.cash_candidates(s.payments, s.customers, s.by_reference, s.by_account, s.similarities,
                                            s.keys, s.forms, y.payments, y.keys, y.forms) k;
    ANALYZE ar2c_run_customer;

    -- allocations, by the rules of ar2c.cash_allocate (reference, amount,
    -- combination, partial), for all payments of a company in one call
    -- (ar2c.cash_allocate_run): the open items of every candidate customer
    -- read once however many payments name it (each customer's oldest 200),
    -- each payment in every currency its candidates have open items in
    -- (ar2c.customer_balance_total; converted at the rate of its value date, a
    -- currency without a rate gives no items), and the references in the
    -- remittances. Arrays never NULL: the function is strict.
    --
    -- With each allocation, what the decision makes of it: its confidence
    -- (the customer's evidence times the fit; a reference that may be a
    -- mistyped number hitting another customer's invoice counts 0.8), its
    -- rank among the payment's allocations, and its margin over the best
    -- allocation of any other customer (one whose items do not fit is no
    -- rival); the applied amounts stop at the payment, a shortfall being
    -- written off.
    CREATE TEMP TABLE ar2c_run_decision ON COMMIT DROP AS
    SELECT s.company_id, a.*
    FROM ar2c_run_setting s
    CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(c.payment_id), '{}') AS payments, coalesce(array_agg(c.customer_id), '{}') AS customers,
               coalesce(array_agg(c.by_reference), '{}') AS by_reference, coalesce(array_agg(c.by_account), '{}') AS by_account,
               coalesce(array_agg(c.similarity), '{}') AS similarities, coalesce(array_agg(c.evidence), '{}') AS evidence,
               coalesce(array_agg(c.rank), '{}') AS ranks
        FROM ar2c_run_customer c WHERE c.company_id = s.company_id) c
    CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(x.payment_id), '{}') AS payments, coalesce(array_agg(x.currency), '{}') AS currencies,
               coalesce(array_agg(x.units), '{}') AS units
        FROM (SELECT p.payment_id, ar2c.currency(p.amount) AS currency, ar2c.minor_units_value(p.amount) AS units
              FROM ar2c_run_payment p WHERE p.company_id = s.company_id
              UNION ALL
              SELECT v.payment_id, v.currency, ar2c.minor_units_value(ar2c.convert(v.amount, v.currency, v.value_date))
              FROM (SELECT DISTINCT p.payment_id, p.amount, p.value_date, b.currency
                    FROM ar2c_run_customer c
                    JOIN ar2c_run_payment p ON p.company_id = c.company_id AND p.payment_id = c.payment_id
                    JOIN ar2c.customer_balance_total b ON b.customer_id = c.customer_id AND b.open_items > 0
                    WHERE p.company_id = s.company_id AND b.currency OPERATOR(ar2c.<>) ar2c.currency(p.amount)) v
              WHERE (ar2c.fx_rate_on(ar2c.currency(v.amount), v.currency, v.value_date)).rate IS NOT NULL) x) y
    CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(r.payment_id), '{}') AS payments, coalesce(array_agg(r.ref), '{}') AS refs,
               coalesce(array_agg(r.weight), '{}') AS weights
        FROM ar2c_run_ref r WHERE r.company_id = s.company_id) r
    -- the bank charges the company accepts, and its candidate customers'
    -- usual deductions
    CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(b.customer_id), '{}') AS customers, coalesce(array_agg(b.currency), '{}') AS currencies,
               coalesce(array_agg(b.units), '{}') AS units
        FROM ar2c.accepted_bank_charges(s.company_id, ARRAY(SELECT DISTINCT c.customer_id FROM ar2c_run_customer c
                                                            WHERE c.company_id = s.company_id)) b) b
    CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(i.customer_id), '{}') AS customers, coalesce(array_agg(i.invoice_id), '{}') AS invoices,
               coalesce(array_agg(i.due_date), '{}') AS due_dates,
               coalesce(array_agg(ar2c.normalize_invoice_number(i.invoice_number)), '{}') AS keys,
               coalesce(array_agg(ar2c.currency(i.open_amount)), '{}') AS currencies,
               coalesce(array_agg(ar2c.minor_units_value(i.open_amount)), '{}') AS open_units
        FROM ar2c.invoice i
        WHERE i.company_id = s.company_id AND i.status IN ('open', 'partially_paid')
          AND i.customer_id IN (SELECT c.customer_id FROM ar2c_run_customer c WHERE c.company_id = s.company_id)) i
    CROSS JOIN LATERAL ar2c.cash_allocate_run(
        c.payments, c.customers, c.by_reference, c.by_account, c.similarities, c.evidence, c.ranks,
        y.payments, y.currencies, y.units, r.payments, r.refs, r.weights,
        i.customers, i.invoices, i.due_dates, i.keys, i.currencies, i.open_units, 200,
        s.fee_share, s.fee_max_units, s.max_items, s.node_budget, b.customers, b.currencies, b.units) a;
    -- the columns the statements after join and filter on; statistics of
    -- the arrays would cost as much as those of all the others
    ANALYZE ar2c_run_decision (company_id, payment_id, customer_id, suggestion_rank, rule, ambiguous, unexplained,
                               confidence, margin);
END
$$;
COMMENT ON FUNCTION ar2c.cash_score_run(boolean) IS 'internal to apply_cash: the candidate customers, allocations and decision scores of the payments of a run, into the temporary table ar2c_run_decision (names_known: the customers by name are in ar2c_run_name already)';

-- Apply the allocations in the temporary table ar2c_apply: one matched
-- (or manual) application per invoice, in invoice order so that sessions
-- lock invoices in one order, then the write-off of a short payment on the
-- last invoice. Shared by apply_cash and confirm_match.
CREATE FUNCTION ar2c.cash_apply_allocations() RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rows bigint;
    settled bigint;
    r record;
    -- the applications settle_in_order wrote: (customer, payment, invoice)
    charged_customers bigint[] := '{}';
    charged_payments bigint[] := '{}';
    charged_invoices bigint[] := '{}';
BEGIN
    -- an invoice with open dunning charges (its interest, the fees of its
    -- notices) is settled in the customer's dunning policy's order, costs
    -- and interest before principal by default (ar2c.settle_in_order)
    FOR r IN
        SELECT a.customer_id, a.payment_id, x.invoice_id, ar2c.money_cur_units(x.applied, a.currency) AS amount,
               a.kind, a.reason
        FROM ar2c_apply a
        JOIN ar2c.payment p ON p.company_id = a.company_id AND p.payment_id = a.payment_id
        CROSS JOIN LATERAL unnest(a.invoice_ids, a.applied) AS x(invoice_id, applied)
        WHERE x.applied > 0 AND ar2c.currency(p.amount) OPERATOR(ar2c.=) a.currency
          -- most customers have no open charges: look for any first
          AND EXISTS (SELECT 1 FROM ar2c.invoice j
                      WHERE j.customer_id = a.customer_id AND j.kind <> 'principal' AND j.status IN ('open', 'partially_paid'))
          AND EXISTS (SELECT 1 FROM ar2c.open_charges(a.customer_id, x.invoice_id))
        ORDER BY a.customer_id, x.invoice_id
    LOOP
        SELECT count(*) INTO settled
        FROM ar2c.settle_in_order(r.customer_id, r.payment_id, r.amount, r.invoice_id, r.kind, r.reason);
        rows := coalesce(rows, 0) + settled;
        charged_customers := charged_customers || r.customer_id;
        charged_payments := charged_payments || r.payment_id;
        charged_invoices := charged_invoices || r.invoice_id;
    END LOOP;

    -- one statement, so that each invoice and payment moves once; a short
    -- payment's shortfall (bank charges, or across currencies the rate's
    -- difference) is written off after what the payment settles
    WITH written AS (
        INSERT INTO ar2c.application (company_id, customer_id, invoice_id, payment_id, amount, source_amount, kind, reason)
        SELECT n.company_id, n.customer_id, n.invoice_id, n.payment_id, n.amount, n.source_amount, n.kind, n.reason
        FROM (SELECT a.company_id, a.customer_id, x.invoice_id, a.payment_id,
                     ar2c.money_cur_units(x.applied, a.currency) AS amount,
                     -- across currencies, the payment's side is split exactly in proportion
                     CASE WHEN ar2c.currency(p.amount) OPERATOR(ar2c.<>) a.currency
                          THEN (ar2c.allocate(CASE WHEN a.pay_units <= a.total THEN p.amount
                                                   ELSE p.amount OPERATOR(ar2c.*) (a.total::numeric / a.pay_units) END,
                                              a.applied::numeric[]))[x.n] END AS source_amount,
                     a.kind, a.reason, false AS write_off
              FROM (SELECT t.*, (SELECT sum(v) FROM unnest(t.applied) v) AS total FROM ar2c_apply t) a
              JOIN ar2c.payment p ON p.company_id = a.company_id AND p.payment_id = a.payment_id
              CROSS JOIN LATERAL unnest(a.invoice_ids, a.applied) WITH ORDINALITY AS x(invoice_id, applied, n)
              WHERE x.applied > 0
                AND (a.customer_id, a.payment_id, x.invoice_id)
                    NOT IN (SELECT * FROM unnest(charged_customers, charged_payments, charged_invoices))
              UNION ALL
              SELECT a.company_id, a.customer_id, a.invoice_ids[cardinality(a.invoice_ids)], NULL,
                     ar2c.money_cur_units(a.write_off, a.currency), NULL,
                     CASE WHEN ar2c.currency(p.amount) OPERATOR(ar2c.=) a.currency THEN a.shortfall_kind ELSE 'fx_difference' END,
                     CASE WHEN ar2c.currency(p.amount) OPERATOR(ar2c.=) a.currency
                          THEN format('%s (payment %s)', s.fee_reason, a.payment_id)
                          ELSE format('exchange difference: %s converted at the rate of %s', p.amount, p.value_date) END,
                     true
              FROM ar2c_apply a
              JOIN ar2c.payment p ON p.company_id = a.company_id AND p.payment_id = a.payment_id
              -- the settings once per company, not per write-off
              JOIN (SELECT s.* FROM (SELECT DISTINCT company_id FROM ar2c_apply WHERE write_off > 0) c
                    CROSS JOIN LATERAL ar2c.cash_setting(c.company_id) s) s ON s.company_id = a.company_id
              WHERE a.write_off > 0) n
        ORDER BY n.customer_id, n.invoice_id, n.write_off
        RETURNING payment_id)
    SELECT coalesce(rows, 0) + count(*) INTO rows FROM written;
    RETURN rows;
END
$$;
COMMENT ON FUNCTION ar2c.cash_apply_allocations() IS 'internal to apply_cash and confirm_match: write the applications of the allocations in ar2c_apply';

-- Start a run over the given payments: the temporary tables the scoring reads
CREATE FUNCTION ar2c.cash_start_run() RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    SET client_min_messages = warning
AS $$
BEGIN
    DROP TABLE IF EXISTS ar2c_run_payment, ar2c_apply, ar2c_run_held, ar2c_run_paid;
    CREATE TEMP TABLE ar2c_run_payment (
        company_id bigint, payment_id bigint, amount ar2c.money_cur, value_date date,
        payer_name text, account text, remittance_text text, end_to_end_id text
    ) ON COMMIT DROP;
    CREATE TEMP TABLE ar2c_apply (
        company_id bigint, payment_id bigint, customer_id bigint, invoice_ids bigint[], applied bigint[],
        write_off bigint, currency ar2c.currency, pay_units bigint, kind text, reason text,
        -- what a shortfall in the invoices' currency is booked as: bank_charge or write_off
        shortfall_kind text
    ) ON COMMIT DROP;
    -- payments whose sure match, if any, waits for a person all the same
    CREATE TEMP TABLE ar2c_run_held (company_id bigint, payment_id bigint) ON COMMIT DROP;
    -- payments whose remittance names invoices already paid, and no open one
    CREATE TEMP TABLE ar2c_run_paid (company_id bigint, payment_id bigint, invoice_numbers text) ON COMMIT DROP;
END
$$;
COMMENT ON FUNCTION ar2c.cash_start_run() IS 'internal to apply_cash: the temporary tables of a run';

-- A run locks the customers and invoices it settles, which takes the
-- right to update them; a clerk, who applies cash but may not update a
-- customer or an invoice, gets the locks through these two, and only on
-- rows of the companies the session sees (the same rows an application
-- of the clerk's would lock). Both lock in the ledger's order.
CREATE FUNCTION ar2c.cash_lock_customers(customer_ids bigint[]) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM FROM ar2c.customer c
    WHERE c.customer_id IN (SELECT unnest(customer_ids))
      AND c.company_id OPERATOR(pg_catalog.=) ANY ((SELECT ar2c.visible_companies())::bigint[])
    ORDER BY c.customer_id
    FOR NO KEY UPDATE OF c;
END
$$;
COMMENT ON FUNCTION ar2c.cash_lock_customers(bigint[]) IS 'internal to apply_cash: lock the customers (of the companies the session sees) in key order';

CREATE FUNCTION ar2c.cash_lock_invoices(customer_ids bigint[], invoice_ids bigint[])
    RETURNS TABLE (customer_id bigint, invoice_id bigint, status text, open_units bigint)
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT i.customer_id, i.invoice_id, i.status, ar2c.minor_units_value(i.open_amount)
    FROM ar2c.invoice i
    WHERE (i.customer_id, i.invoice_id) IN (SELECT k.c, k.i FROM unnest($1, $2) k(c, i))
      AND i.company_id OPERATOR(pg_catalog.=) ANY ((SELECT ar2c.visible_companies())::bigint[])
    ORDER BY i.customer_id, i.invoice_id
    FOR UPDATE OF i
$$;
COMMENT ON FUNCTION ar2c.cash_lock_invoices(bigint[], bigint[]) IS 'internal to apply_cash: lock the invoices (customer and invoice ids, of the companies the session sees) in key order, returning their status and open amount in minor units';
REVOKE EXECUTE ON FUNCTION ar2c.cash_lock_customers(bigint[]), ar2c.cash_lock_invoices(bigint[], bigint[]) FROM PUBLIC;

-- The sure matches of the decisions in ar2c_run_decision applied, into
-- ar2c_apply; the run's other payments (ar2c_run_payment) queued.
CREATE FUNCTION ar2c.cash_settle_sure() RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    SET client_min_messages = warning
    SET jit = off
AS $$
BEGIN
    -- an invoice goes to one payment per run: where two sure matches want
    -- the same invoice, the more confident one keeps it and the other waits
    -- for a person
    UPDATE ar2c_run_decision d SET ambiguous = true
    FROM (SELECT DISTINCT x.company_id, x.payment_id
          FROM (SELECT d2.company_id, d2.payment_id,
                       row_number() OVER (PARTITION BY d2.customer_id, u.invoice_id
                                          ORDER BY d2.confidence DESC, d2.company_id, d2.payment_id) AS place
                FROM ar2c_run_decision d2 CROSS JOIN LATERAL unnest(d2.invoice_ids) u(invoice_id)
                WHERE d2.suggestion_rank = 1 AND NOT d2.ambiguous AND d2.rule <> 'partial'
                  AND (d2.unexplained = 0 OR (d2.rule = 'reference' AND 2 * d2.unexplained <= d2.pay_units))) x
          WHERE x.place > 1) loser
    WHERE d.company_id = loser.company_id AND d.payment_id = loser.payment_id AND d.suggestion_rank = 1;

    INSERT INTO ar2c_apply
    SELECT d.company_id, d.payment_id, d.customer_id, d.invoice_ids, d.applied, d.write_off, d.currency,
           d.pay_units,
           'matched',
           format('%s (confidence %s): %s', d.rule, round(d.confidence::numeric, 3),
                  concat_ws(', ', CASE WHEN d.by_reference THEN 'reference in the remittance' END,
                                  CASE WHEN d.by_account THEN 'known payer account' END,
                                  CASE WHEN d.similarity > 0 THEN format('name %s%% similar', round(d.similarity::numeric * 100)) END)),
           'bank_charge'
    FROM ar2c_run_decision d
    JOIN ar2c_run_setting s ON s.company_id = d.company_id
    -- (invoices a payment names in full and pays beyond: they are applied,
    -- and what no open item explains waits for a person, below; where
    -- they are less than half the payment, the names may be a chance hit,
    -- and it all waits)
    WHERE d.suggestion_rank = 1 AND NOT d.ambiguous AND d.rule <> 'partial'
      AND (d.unexplained = 0 OR (d.rule = 'reference' AND 2 * d.unexplained <= d.pay_units))
      AND d.confidence >= s.auto_threshold AND d.margin >= s.min_margin
      AND NOT EXISTS (SELECT FROM ar2c_run_held h WHERE h.company_id = d.company_id AND h.payment_id = d.payment_id);
    -- the statements below join it to the run's payments and decisions:
    -- without statistics the planner takes its keys for a few hundred
    -- values and sorts the decisions to merge rather than hash it
    ANALYZE ar2c_apply (company_id, payment_id, customer_id);

    -- lock what the sure matches settle in the ledger's order, the aging
    -- clock, customers, then invoices, and keep only the matches whose
    -- invoices are still open for the amount: a run in another session
    -- may have settled one since this run read it (that payment is queued
    -- instead)
    PERFORM ar2c.lock_aging_clock();
    PERFORM ar2c.cash_lock_customers(ARRAY(SELECT DISTINCT a.customer_id FROM ar2c_apply a));
    DROP TABLE IF EXISTS ar2c_run_locked;
    CREATE TEMP TABLE ar2c_run_locked ON COMMIT DROP AS
    SELECT * FROM ar2c.cash_lock_invoices(ARRAY(SELECT t.customer_id FROM ar2c_apply t, unnest(t.invoice_ids)),
                                          ARRAY(SELECT u FROM ar2c_apply t, unnest(t.invoice_ids) u));
    ANALYZE ar2c_run_locked;
    DELETE FROM ar2c_apply a
    USING (SELECT DISTINCT t.company_id, t.payment_id
           FROM ar2c_apply t
           CROSS JOIN LATERAL unnest(t.invoice_ids, t.applied) u(invoice_id, units)
           LEFT JOIN ar2c_run_locked l ON l.customer_id = t.customer_id AND l.invoice_id = u.invoice_id
           WHERE l.status IS NULL OR l.status NOT IN ('open', 'partially_paid')
              OR l.open_units < u.units + CASE WHEN u.invoice_id = t.invoice_ids[cardinality(t.invoice_ids)]
                                               THEN t.write_off ELSE 0 END) taken
    WHERE a.company_id = taken.company_id AND a.payment_id = taken.payment_id;

    -- a payment known to be another customer's (a person said so, or it
    -- was applied to that customer before) is set aside for a person with
    -- an alert: it neither goes to the customer matched nor stops the run
    WITH aside AS (
        DELETE FROM ar2c_apply a
        USING ar2c.payment p
        WHERE p.company_id = a.company_id AND p.payment_id = a.payment_id AND p.customer_id <> a.customer_id
        RETURNING a.company_id, a.payment_id, a.customer_id, p.customer_id AS known_customer)
    INSERT INTO ar2c.alert (company_id, customer_id, kind, severity, subject_table, subject_id, message, details)
    SELECT x.company_id, x.known_customer, 'payment_set_aside', 'warning', 'payment', x.payment_id,
           format('payment %s is customer %s''s, cash application matched it to customer %s: it waits for a person',
                  x.payment_id, x.known_customer, x.customer_id),
           jsonb_build_object('customer_id', x.known_customer, 'matched_customer_id', x.customer_id)
    FROM aside x;

    -- the outcome: a payment applied now gets match state applied where
    -- its applications are settled (ar2c.application_settle: the kind is
    -- matched), in the one update of it; the rest is queued. Writing both
    -- here would update every applied payment twice, and the second
    -- update of a row in one transaction checks its foreign keys again.
    UPDATE ar2c.payment y SET match_state = 'queued'
    FROM ar2c_run_payment p
    WHERE y.company_id = p.company_id AND y.payment_id = p.payment_id
      AND NOT EXISTS (SELECT 1 FROM ar2c_apply a WHERE a.payment_id = p.payment_id AND a.company_id = p.company_id);

    PERFORM ar2c.cash_apply_allocations();
    -- a payment beyond the invoices it names, by more than any open item
    -- of the customer explains, has them applied and stays in the queue
    -- with the rest (a reference lost to a cut remittance, an overpayment)
    UPDATE ar2c.payment y SET match_state = 'queued'
    FROM ar2c_apply a
    JOIN ar2c_run_decision d ON d.company_id = a.company_id AND d.payment_id = a.payment_id AND d.suggestion_rank = 1
    WHERE d.unexplained > 0 AND y.company_id = a.company_id AND y.payment_id = a.payment_id;
END
$$;
COMMENT ON FUNCTION ar2c.cash_settle_sure() IS 'internal to apply_cash: apply the sure matches of the run''s decisions (ar2c_run_decision) and queue the other payments';

-- The payments a run leaves waiting were scored against the open items
-- as the run found them: a suggestion may name an invoice the run's sure
-- matches have settled since and hide the item the payer meant behind
-- it, and a statement's items may be told apart only once another
-- payment's are gone (a customer paying two statements at once). Those
-- whose suggestions name an invoice settled, or whose best customer, of
-- several items in doubt (combination, partial), had items settled, are
-- scored again against
-- what is open now, and their sure matches applied where the first
-- scoring was sure of the customer, and only unsure of its items; never
-- for a payment whose remittance named an invoice of a customer the run
-- settled items of: a second payment of an invoice goes to a person,
-- not to a sibling of its amount.
CREATE FUNCTION ar2c.cash_rescore_waiting() RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    SET client_min_messages = warning
    SET jit = off
AS $$
BEGIN
    DROP TABLE IF EXISTS ar2c_run_all, ar2c_run_settled, ar2c_apply_first, ar2c_run_decision_first, ar2c_run_name_first;
    -- those whose suggestions name an invoice settled, or whose best
    -- customer had items settled where several of its items were in doubt
    CREATE TEMP TABLE ar2c_run_settled ON COMMIT DROP AS
    SELECT DISTINCT d.company_id, d.payment_id
    FROM ar2c_run_decision d
    WHERE d.suggestion_rank <= 3
      AND EXISTS (SELECT FROM ar2c_apply a
                  WHERE a.company_id = d.company_id AND a.customer_id = d.customer_id
                    AND (a.invoice_ids && d.invoice_ids
                         OR (d.suggestion_rank = 1 AND d.rule IN ('combination', 'partial'))))
      AND NOT EXISTS (SELECT FROM ar2c_apply x WHERE x.company_id = d.company_id AND x.payment_id = d.payment_id);
    IF NOT EXISTS (SELECT FROM ar2c_run_settled) THEN
        RETURN;
    END IF;
    INSERT INTO ar2c_run_held
    SELECT DISTINCT h.company_id, h.payment_id
    FROM ar2c_run_settled s
    JOIN ar2c_run_hit h ON h.company_id = s.company_id AND h.payment_id = s.payment_id
    WHERE EXISTS (SELECT FROM ar2c_apply a WHERE a.company_id = h.company_id AND a.customer_id = h.customer_id);
    -- the run's payments, names and applications aside; the payments
    -- scored again take the place of their decisions after
    ALTER TABLE ar2c_run_payment RENAME TO ar2c_run_all;
    CREATE TEMP TABLE ar2c_run_payment ON COMMIT DROP AS
    SELECT p.* FROM ar2c_run_all p JOIN ar2c_run_settled s USING (company_id, payment_id);
    ANALYZE ar2c_run_payment (company_id, payment_id, account);
    ALTER TABLE ar2c_run_name RENAME TO ar2c_run_name_first;
    CREATE TEMP TABLE ar2c_run_name ON COMMIT DROP AS
    SELECT n.* FROM ar2c_run_name_first n JOIN ar2c_run_settled s USING (company_id, payment_id);
    ALTER TABLE ar2c_run_decision RENAME TO ar2c_run_decision_first;
    ALTER TABLE ar2c_apply RENAME TO ar2c_apply_first;
    CREATE TEMP TABLE ar2c_apply (LIKE ar2c_apply_first) ON COMMIT DROP;
    PERFORM ar2c.cash_score_run(names_known => true);
    -- nor where the first scoring doubted the customer: a rival whose
    -- items the run settled is no less likely the payer (its payment of
    -- them may be this one's twin)
    INSERT INTO ar2c_run_held
    SELECT d.company_id, d.payment_id
    FROM ar2c_run_decision d
    JOIN ar2c_run_decision_first f ON f.company_id = d.company_id AND f.payment_id = d.payment_id
                                  AND f.suggestion_rank = 1
    JOIN ar2c_run_setting s ON s.company_id = d.company_id
    WHERE d.suggestion_rank = 1 AND (f.customer_id <> d.customer_id OR f.margin < s.min_margin);
    PERFORM ar2c.cash_settle_sure();
    INSERT INTO ar2c_apply_first SELECT * FROM ar2c_apply;
    DELETE FROM ar2c_run_decision_first f USING ar2c_run_settled s
    WHERE s.company_id = f.company_id AND s.payment_id = f.payment_id;
    INSERT INTO ar2c_run_decision_first SELECT * FROM ar2c_run_decision;
    DROP TABLE ar2c_run_payment, ar2c_run_decision, ar2c_apply, ar2c_run_name_first;
    ALTER TABLE ar2c_run_all RENAME TO ar2c_run_payment;
    ALTER TABLE ar2c_run_decision_first RENAME TO ar2c_run_decision;
    ALTER TABLE ar2c_apply_first RENAME TO ar2c_apply;
END
$$;
COMMENT ON FUNCTION ar2c.cash_rescore_waiting() IS 'internal to apply_cash: score again the waiting payments whose suggestions name an invoice the run settled, or whose best customer, of several items in doubt, had items settled, and apply their sure matches';

CREATE FUNCTION ar2c.apply_cash(company_id bigint DEFAULT NULL, max_payments integer DEFAULT NULL)
    RETURNS TABLE (outcome text, rule text, payments bigint, amount numeric, currency text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    SET client_min_messages = warning
    -- many statements of a run, each over a few thousand rows: compiling
    -- them costs more than it saves
    SET jit = off
AS $$
#variable_conflict use_column
BEGIN
    PERFORM ar2c.require_company(apply_cash.company_id);
    PERFORM ar2c.cash_start_run();
    -- the aging clock shared before any payment is locked, as an
    -- application's statement trigger shares it before its row trigger
    -- locks the payment: a roll waiting for the clock between a manual
    -- application holding it and this run holding the payment would
    -- close a cycle
    PERFORM ar2c.lock_aging_clock();
    -- the run's payments, locked next: a second run at the same time
    -- skips them, a manual application of one waits for the run
    INSERT INTO ar2c_run_payment
    SELECT p.company_id, p.payment_id, p.amount, p.value_date, p.payer_name,
           upper(regexp_replace(p.payer_account, '[^A-Za-z0-9]', '', 'g')), p.remittance_text, p.end_to_end_id
    FROM ar2c.payment p
    WHERE p.status = 'unapplied' AND (p.match_state IS NULL OR p.match_state = 'queued')
      AND (apply_cash.company_id IS NULL OR p.company_id = apply_cash.company_id)
    -- payments not yet looked at first, so that runs with a limit get through them
    ORDER BY p.match_state IS NOT NULL, p.company_id, p.payment_id
    LIMIT apply_cash.max_payments
    FOR UPDATE OF p SKIP LOCKED;
    -- the columns a run joins on (the texts are only read)
    ANALYZE ar2c_run_payment (company_id, payment_id, account);

    PERFORM ar2c.cash_score_run();

    PERFORM ar2c.cash_settle_sure();
    PERFORM ar2c.cash_rescore_waiting();

    -- the rest is queued with up to three suggestions, best first; one of
    -- confidence 0 (no evidence for the customer, or no fit) is none
    DELETE FROM ar2c.match_suggestion m USING ar2c_run_payment p
    WHERE m.company_id = p.company_id AND m.payment_id = p.payment_id;
    INSERT INTO ar2c.match_suggestion (company_id, payment_id, rank, customer_id, invoice_ids, amounts,
                                       confidence, rule, components, explanation)
    SELECT d.company_id, d.payment_id, d.suggestion_rank, d.customer_id, d.invoice_ids,
           (SELECT array_agg(ar2c.money_cur_units(v, d.currency) ORDER BY n) FROM unnest(d.applied) WITH ORDINALITY u(v, n)),
           round(d.confidence::numeric, 4), d.rule,
           jsonb_build_object('reference', d.by_reference, 'payer_account', d.by_account,
                              'name_similarity', round(d.similarity::numeric, 3), 'customer_evidence', round(d.evidence::numeric, 3),
                              'allocation_fit', d.fit, 'margin', round(d.margin::numeric, 3), 'ambiguous', d.ambiguous,
                              'write_off', d.write_off, 'unexplained', d.unexplained),
           concat_ws('; ', format('%s rule', d.rule),
                     CASE WHEN d.by_reference THEN 'the remittance names an open invoice of this customer' END,
                     CASE WHEN d.by_account THEN 'the payer account is known to belong to this customer' END,
                     CASE WHEN d.similarity > 0 THEN format('payer name %s%% similar', round(d.similarity::numeric * 100)) END,
                     CASE WHEN d.ambiguous THEN 'another combination fits as well' END,
                     (SELECT format('the remittance names %s, already paid: a second payment?', x.invoice_numbers)
                      FROM ar2c_run_paid x WHERE x.company_id = d.company_id AND x.payment_id = d.payment_id),
                     CASE WHEN d.write_off > 0 THEN format('%s short (bank charges?)', ar2c.money_cur_units(d.write_off, d.currency)) END,
                     CASE WHEN d.unexplained > 0 THEN format('%s more than these invoices, which no other open invoice of the customer explains',
                                                             ar2c.money_cur_units(d.unexplained, d.currency)) END,
                     CASE WHEN d.unexplained > 0 AND EXISTS (SELECT 1 FROM ar2c_apply a WHERE a.company_id = d.company_id AND a.payment_id = d.payment_id)
                          THEN 'these invoices are applied, the rest waits' END)
    FROM ar2c_run_decision d
    WHERE d.suggestion_rank <= 3 AND round(d.confidence::numeric, 4) > 0
      AND (NOT EXISTS (SELECT 1 FROM ar2c_apply a WHERE a.company_id = d.company_id AND a.payment_id = d.payment_id)
           -- one applied with a rest left shows what was applied and the rest
           OR (d.suggestion_rank = 1 AND d.unexplained > 0));

    RETURN QUERY
    SELECT CASE WHEN a.payment_id IS NOT NULL AND d.unexplained > 0 THEN 'applied in part'
                WHEN a.payment_id IS NOT NULL THEN 'applied' ELSE 'queued' END,
           coalesce(d.rule, 'no candidate'), count(*), sum(ar2c.amount(p.amount)), ar2c.currency(p.amount)::text
    FROM ar2c_run_payment p
    LEFT JOIN ar2c_apply a ON a.payment_id = p.payment_id AND a.company_id = p.company_id
    LEFT JOIN ar2c_run_decision d ON d.company_id = p.company_id AND d.payment_id = p.payment_id AND d.suggestion_rank = 1
    GROUP BY 1, 2, 5
    ORDER BY 1, 2, 5;
    -- then the credit notes on account (sql/install/55a_credit_on_account.sql)
    RETURN QUERY SELECT * FROM ar2c.apply_credit_on_account(apply_cash.company_id);
END
$$;
COMMENT ON FUNCTION ar2c.apply_cash(bigint, integer) IS 'match every unapplied payment (of one company, or all) to open invoices: apply the sure matches, queue the rest with ranked suggestions; then apply the credit notes on account (ar2c.apply_credit_on_account); returns counts by outcome (applied, applied in part: the invoices named applied and the rest queued, queued) and rule. Idempotent; two runs at once take different payments';

-- A person confirms: the chosen invoices get the payment, oldest first, and
-- ar2c learns the payer account and, if it differs, the payer's name.
CREATE FUNCTION ar2c.confirm_match(company_id bigint, payment_id bigint, invoice_ids bigint[],
                                   write_off_shortfall boolean DEFAULT false)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    pay ar2c.payment;
    customer bigint;
    currencies integer;
    pay_units bigint;
    rows bigint;
    numbers text;
BEGIN
    PERFORM ar2c.require_company(confirm_match.company_id);
    SELECT * INTO pay FROM ar2c.payment p
    WHERE p.company_id = confirm_match.company_id AND p.payment_id = confirm_match.payment_id
    FOR UPDATE;
    -- errors name the invoices by number (the ids go in the DETAIL)
    SELECT string_agg(coalesce(i.invoice_number, format('(unknown id %s)', x.id)), ', ' ORDER BY x.n) INTO numbers
    FROM unnest(invoice_ids) WITH ORDINALITY x(id, n)
    LEFT JOIN ar2c.invoice i ON i.company_id = confirm_match.company_id AND i.invoice_id = x.id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payment % of company % does not exist', payment_id, company_id
            USING ERRCODE = 'no_data_found';
    END IF;
    IF pay.status NOT IN ('unapplied', 'partially_applied') THEN
        RAISE EXCEPTION 'payment % is already applied', payment_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Reverse its applications first to apply it elsewhere.';
    END IF;
    SELECT min(i.customer_id), count(DISTINCT i.customer_id), count(DISTINCT ar2c.currency(i.open_amount))
    INTO customer, rows, currencies
    FROM ar2c.invoice i
    WHERE i.company_id = confirm_match.company_id AND i.invoice_id = ANY (invoice_ids);
    IF customer IS NULL OR rows <> 1 OR currencies <> 1 THEN
        RAISE EXCEPTION 'invoices % are not open invoices of one customer in one currency of company %', numbers, company_id
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Invoice ids %s.', invoice_ids);
    END IF;

    -- the person's choice is the payment's customer (refused while it is
    -- applied to another, by ar2c.payment's trigger)
    IF pay.customer_id IS DISTINCT FROM customer THEN
        UPDATE ar2c.payment p SET customer_id = customer
        WHERE p.company_id = confirm_match.company_id AND p.payment_id = confirm_match.payment_id;
    END IF;

    PERFORM ar2c.cash_start_run();
    -- oldest first, each in full while the payment lasts
    WITH items AS (
        SELECT i.invoice_id, i.due_date, ar2c.minor_units_value(i.open_amount) AS open_units,
               ar2c.currency(i.open_amount) AS currency
        FROM ar2c.invoice i
        WHERE i.customer_id = customer AND i.invoice_id = ANY (invoice_ids) AND i.status IN ('open', 'partially_paid')
    ), paying AS (
        SELECT CASE WHEN ar2c.currency(pay.unapplied_amount) OPERATOR(ar2c.=) x.currency
                    THEN ar2c.minor_units_value(pay.unapplied_amount)
                    ELSE ar2c.minor_units_value(ar2c.convert(pay.unapplied_amount, x.currency, pay.value_date)) END AS units
        FROM (SELECT (array_agg(currency))[1] AS currency FROM items) x
    ), spread AS (
        SELECT i.*, p.units AS pay_units,
               greatest(0, least(i.open_units, p.units - (sum(i.open_units) OVER w - i.open_units))) AS applied,
               sum(i.open_units) OVER () AS total
        FROM items i CROSS JOIN paying p
        WINDOW w AS (ORDER BY i.due_date, i.invoice_id)
    )
    INSERT INTO ar2c_apply
    SELECT confirm_match.company_id, confirm_match.payment_id, customer,
           array_agg(invoice_id ORDER BY due_date, invoice_id), array_agg(applied ORDER BY due_date, invoice_id),
           CASE WHEN write_off_shortfall THEN greatest(min(total) - min(pay_units), 0) ELSE 0 END,
           (array_agg(currency))[1], min(pay_units), 'manual',
           format('confirmed by %s', current_user),
           -- a shortfall the matcher accepts as bank charges is booked as
           -- them; any other, a write-off
           CASE WHEN ar2c.bank_charge_accepted(confirm_match.company_id, customer,
                                               ar2c.money_cur_units(min(total)::bigint, (array_agg(currency))[1]),
                                               ar2c.money_cur_units((min(total) - min(pay_units))::bigint, (array_agg(currency))[1]))
                THEN 'bank_charge' ELSE 'write_off' END
    FROM spread
    HAVING count(*) > 0;
    IF NOT EXISTS (SELECT 1 FROM ar2c_apply WHERE invoice_ids IS NOT NULL) THEN
        RAISE EXCEPTION 'invoices % are not open', numbers
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Invoice ids %s.', invoice_ids);
    END IF;
    rows := ar2c.cash_apply_allocations();

    -- learn: this account and this name belong to the customer
    IF pay.payer_account IS NOT NULL THEN
        INSERT INTO ar2c.payer_account (company_id, account, customer_id, source)
        VALUES (company_id, upper(regexp_replace(pay.payer_account, '[^A-Za-z0-9]', '', 'g')), customer, 'confirmed')
        ON CONFLICT ON CONSTRAINT payer_account_pkey DO UPDATE
        SET customer_id = excluded.customer_id, source = 'confirmed', learned_at = now();
    END IF;
    IF ar2c.payer_key(pay.payer_name) IS NOT NULL AND ar2c.name_similarity(pay.payer_name, (SELECT c.name FROM ar2c.customer c WHERE c.customer_id = customer)) < 0.97 THEN
        INSERT INTO ar2c.customer_alias (customer_id, company_id, alias, source)
        VALUES (customer, company_id, pay.payer_name, 'confirmed')
        ON CONFLICT DO NOTHING;
    END IF;
    DELETE FROM ar2c.match_suggestion m WHERE m.company_id = confirm_match.company_id AND m.payment_id = confirm_match.payment_id;
    UPDATE ar2c.payment p SET match_state = 'confirmed'
    WHERE p.company_id = confirm_match.company_id AND p.payment_id = confirm_match.payment_id;
    RETURN rows;
END
$$;
COMMENT ON FUNCTION ar2c.confirm_match(bigint, bigint, bigint[], boolean) IS 'a person applies a payment to invoices of one customer (oldest first, each in full while it lasts, the rest stays unapplied or is written off); ar2c learns the payer account and name';

CREATE FUNCTION ar2c.confirm_match(company_id bigint, payment_id bigint, rank integer DEFAULT 1) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    s ar2c.match_suggestion;
BEGIN
    PERFORM ar2c.require_company(confirm_match.company_id);
    SELECT * INTO s FROM ar2c.match_suggestion m
    WHERE m.company_id = confirm_match.company_id AND m.payment_id = confirm_match.payment_id AND m.rank = confirm_match.rank;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payment % has no suggestion %', payment_id, rank
            USING ERRCODE = 'no_data_found', HINT = 'SELECT * FROM ar2c.exception_queue lists the suggestions.';
    END IF;
    RETURN ar2c.confirm_match(company_id, payment_id, s.invoice_ids, (s.components ->> 'write_off')::bigint > 0);
END
$$;
COMMENT ON FUNCTION ar2c.confirm_match(bigint, bigint, integer) IS 'a person confirms a suggestion of the exception queue (the best by default)';

CREATE FUNCTION ar2c.reject_match(company_id bigint, payment_id bigint, rank integer DEFAULT NULL) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    left_over integer;
BEGIN
    PERFORM ar2c.require_company(reject_match.company_id);
    DELETE FROM ar2c.match_suggestion m
    WHERE m.company_id = reject_match.company_id AND m.payment_id = reject_match.payment_id
      AND (reject_match.rank IS NULL OR m.rank = reject_match.rank);
    SELECT count(*) INTO left_over FROM ar2c.match_suggestion m
    WHERE m.company_id = reject_match.company_id AND m.payment_id = reject_match.payment_id;
    IF left_over = 0 THEN
        -- no suggestion left: the payment waits for a person, apply_cash leaves it alone
        UPDATE ar2c.payment p SET match_state = 'rejected'
        WHERE p.company_id = reject_match.company_id AND p.payment_id = reject_match.payment_id;
    END IF;
    RETURN left_over;
END
$$;
COMMENT ON FUNCTION ar2c.reject_match(bigint, bigint, integer) IS 'a person rejects a suggestion (or all of them); with none left the payment is marked rejected and left to manual work; returns the suggestions left';

CREATE VIEW ar2c.exception_queue AS
SELECT y.company_id, y.payment_id, y.value_date, ar2c.currency(y.amount)::text AS currency, ar2c.amount(y.amount) AS amount,
       y.payer_name, y.payer_account, y.remittance_text,
       m.rank, m.customer_id, c.customer_number, c.name AS customer_name,
       array_to_string(ARRAY(SELECT i.invoice_number FROM unnest(m.invoice_ids) WITH ORDINALITY u(id, n)
                              JOIN ar2c.invoice i ON i.customer_id = m.customer_id AND i.invoice_id = u.id
                              ORDER BY u.n), ', ') AS invoices,
       (SELECT sum(ar2c.amount(a)) FROM unnest(m.amounts) a) AS amount_to_apply,
       m.confidence, m.rule, m.explanation
FROM ar2c.payment y
LEFT JOIN ar2c.match_suggestion m ON m.company_id = y.company_id AND m.payment_id = y.payment_id
LEFT JOIN ar2c.customer c ON c.customer_id = m.customer_id
WHERE y.match_state = 'queued' AND y.status IN ('unapplied', 'partially_applied') AND y.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.exception_queue IS 'payments waiting for a person, each with its ranked suggestions and the evidence, in plain types';
COMMENT ON COLUMN ar2c.exception_queue.company_id IS 'the receiving company';
COMMENT ON COLUMN ar2c.exception_queue.payment_id IS 'the payment';
COMMENT ON COLUMN ar2c.exception_queue.value_date IS 'value date';
COMMENT ON COLUMN ar2c.exception_queue.currency IS 'ISO 4217 code of the payment';
COMMENT ON COLUMN ar2c.exception_queue.amount IS 'amount received';
COMMENT ON COLUMN ar2c.exception_queue.payer_name IS 'payer as the bank gives it';
COMMENT ON COLUMN ar2c.exception_queue.payer_account IS 'payer''s account';
COMMENT ON COLUMN ar2c.exception_queue.remittance_text IS 'remittance information';
COMMENT ON COLUMN ar2c.exception_queue.rank IS 'suggestion rank, 1 = best; NULL when ar2c found no candidate';
COMMENT ON COLUMN ar2c.exception_queue.customer_id IS 'suggested customer';
COMMENT ON COLUMN ar2c.exception_queue.customer_number IS 'suggested customer''s number';
COMMENT ON COLUMN ar2c.exception_queue.customer_name IS 'suggested customer''s name';
COMMENT ON COLUMN ar2c.exception_queue.invoices IS 'suggested invoice numbers, in the order they would be settled';
COMMENT ON COLUMN ar2c.exception_queue.amount_to_apply IS 'total that would be applied';
COMMENT ON COLUMN ar2c.exception_queue.confidence IS 'how sure ar2c is, 0 to 1';
COMMENT ON COLUMN ar2c.exception_queue.rule IS 'reference, amount, combination or partial';
COMMENT ON COLUMN ar2c.exception_queue.explanation IS 'the evidence in words';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['cash_application_setting', 'payer_account', 'customer_alias', 'match_suggestion'] LOOP
        PERFORM ar2c.scope_by_company(t);
    END LOOP;
END
$$;
