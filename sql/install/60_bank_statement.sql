-- Bank statements in: SWIFT MT940 and ISO 20022 camt.053 files read into
-- one row shape, and imported exactly once into ar2c.payment.
--
-- ar2c.parse_mt940() and ar2c.parse_camt053() only read: one row per
-- entry (per transaction of a batch entry), with the statement repeated on
-- each row. ar2c.import_statement() checks that each statement adds up,
-- skips what was imported before, records every statement and entry, and
-- turns new credit entries into payments. See doc/bank_import.md.

-- One row of a statement file, as both readers return it.
CREATE TYPE ar2c.bank_statement_line AS (
    format               text,
    statement_number     integer,
    statement_id         text,
    account              text,
    sequence             text,
    opening_date         date,
    opening_balance      ar2c.money_cur,
    closing_date         date,
    closing_balance      ar2c.money_cur,
    entry_number         integer,
    transaction_number   integer,
    entry_ref            text,
    bank_reference       text,
    booking_date         date,
    value_date           date,
    credit_debit         text,
    reversal             boolean,
    amount               ar2c.money_cur,
    entry_amount         ar2c.money_cur,
    transaction_code     text,
    counterparty_name    text,
    counterparty_account text,
    counterparty_bic     text,
    remittance_text      text,
    structured_reference text,
    end_to_end_id        text,
    mandate_reference    text,
    bank_charges         ar2c.money_cur,
    bank_text            text,
    origin               text,
    is_return            boolean
);
COMMENT ON TYPE ar2c.bank_statement_line IS 'one entry (or one transaction of a batch entry) of a bank statement file, with its statement; what ar2c.parse_mt940() and ar2c.parse_camt053() return';
COMMENT ON COLUMN ar2c.bank_statement_line.format IS 'mt940, camt.053.001.02 to camt.053.001.08, camt.054.001.0N, camt.052.001.0N, or csv';
COMMENT ON COLUMN ar2c.bank_statement_line.statement_number IS 'position of the statement in the file, from 1';
COMMENT ON COLUMN ar2c.bank_statement_line.statement_id IS 'the bank''s statement reference: MT940 :20:, camt Stmt/Id';
COMMENT ON COLUMN ar2c.bank_statement_line.account IS 'the account statemented: MT940 :25:, camt Acct/Id/IBAN (or Othr/Id)';
COMMENT ON COLUMN ar2c.bank_statement_line.sequence IS 'statement number and page: MT940 :28C: (00012/001), camt ElctrncSeqNb (or LglSeqNb)';
COMMENT ON COLUMN ar2c.bank_statement_line.opening_date IS 'date of the opening balance';
COMMENT ON COLUMN ar2c.bank_statement_line.opening_balance IS 'opening balance, negative when in debit: MT940 :60F:/:60M:, camt Bal OPBD (or PRCD)';
COMMENT ON COLUMN ar2c.bank_statement_line.closing_date IS 'date of the closing balance';
COMMENT ON COLUMN ar2c.bank_statement_line.closing_balance IS 'closing balance, negative when in debit: MT940 :62F:/:62M:, camt Bal CLBD';
COMMENT ON COLUMN ar2c.bank_statement_line.entry_number IS 'position of the entry in the statement, from 1; NULL on the one row of a statement without entries';
COMMENT ON COLUMN ar2c.bank_statement_line.transaction_number IS 'position of the transaction in a batch entry (camt TxDtls), from 1; 1 for a single entry';
COMMENT ON COLUMN ar2c.bank_statement_line.entry_ref IS 'the account owner''s reference: MT940 :61: customer reference (NONREF is NULL) or KREF+, camt NtryRef';
COMMENT ON COLUMN ar2c.bank_statement_line.bank_reference IS 'the bank''s reference: MT940 :61: after //, camt AcctSvcrRef (of the transaction, else of the entry)';
COMMENT ON COLUMN ar2c.bank_statement_line.booking_date IS 'booking date: MT940 :61: entry date (value date when absent), camt BookgDt';
COMMENT ON COLUMN ar2c.bank_statement_line.value_date IS 'value date: MT940 :61: value date, camt ValDt';
COMMENT ON COLUMN ar2c.bank_statement_line.credit_debit IS 'C (money in) or D (money out), the direction of this booking: a reversal of a credit (MT940 RC) is D';
COMMENT ON COLUMN ar2c.bank_statement_line.reversal IS 'the entry reverses an earlier one: MT940 RC/RD, camt RvslInd';
COMMENT ON COLUMN ar2c.bank_statement_line.amount IS 'amount of this row, never negative (the direction is credit_debit)';
COMMENT ON COLUMN ar2c.bank_statement_line.entry_amount IS 'amount of the whole entry; differs from amount on the transactions of a batch entry';
COMMENT ON COLUMN ar2c.bank_statement_line.transaction_code IS 'MT940 :61: type (NTRF) with the German business code (NTRF/166); camt BkTxCd Domn/Fmly/SubFmly (PMNT/RCDT/ESCT) or Prtry';
COMMENT ON COLUMN ar2c.bank_statement_line.counterparty_name IS 'the other party: the payer on a credit, the payee on a debit';
COMMENT ON COLUMN ar2c.bank_statement_line.counterparty_account IS 'the other party''s account (IBAN or other)';
COMMENT ON COLUMN ar2c.bank_statement_line.counterparty_bic IS 'the other party''s bank (BIC)';
COMMENT ON COLUMN ar2c.bank_statement_line.remittance_text IS 'unstructured remittance information: SVWZ+, /REMI/USTD//, free :86: text; camt RmtInf/Ustrd (all, joined by spaces)';
COMMENT ON COLUMN ar2c.bank_statement_line.structured_reference IS 'structured creditor reference (ISO 11649 RF): camt RmtInf/Strd/CdtrRefInf/Ref, MT940 /REMI/STRD/';
COMMENT ON COLUMN ar2c.bank_statement_line.end_to_end_id IS 'the payer''s end-to-end id: EREF+, /EREF/, camt Refs/EndToEndId (NOTPROVIDED is NULL)';
COMMENT ON COLUMN ar2c.bank_statement_line.mandate_reference IS 'SEPA direct debit mandate: MREF+, /MARF/, camt Refs/MndtId';
COMMENT ON COLUMN ar2c.bank_statement_line.bank_charges IS 'charges the bank reports for the entry: MT940 /CHGS/, camt Chrgs';
COMMENT ON COLUMN ar2c.bank_statement_line.bank_text IS 'the entry''s information as the bank wrote it: MT940 the second line of :61: and :86:; camt AddtlTxInf or AddtlNtryInf';
COMMENT ON COLUMN ar2c.bank_statement_line.origin IS 'where the row comes from in the file: "line 14" (MT940 :61:) or "Stmt[1]/Ntry[3]/NtryDtls/TxDtls[2]"';
COMMENT ON COLUMN ar2c.bank_statement_line.is_return IS 'the entry returns one of the account owner''s own outgoing transfers (MT940 GVC 159 / RETOURE, camt RTRN): recorded, never a customer payment';

-- Readers

CREATE FUNCTION ar2c.parse_mt940(content text) RETURNS SETOF ar2c.bank_statement_line
    AS 'MODULE_PATHNAME', 'mt940_parse' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
CREATE FUNCTION ar2c.parse_camt(content text, kind text DEFAULT NULL) RETURNS SETOF ar2c.bank_statement_line
    AS 'MODULE_PATHNAME', 'camt_parse' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION ar2c.parse_camt(text, text) IS 'the entries of a camt.053 statement, camt.054 notification or camt.052 report (001.02 to 001.08; kind ''camt.053'', ''camt.054'', ''camt.052'', or NULL for any), one row per booked entry or per transaction of a batch entry; notifications and reports have no balances; invalid elements raise 22P02 naming them';

COMMENT ON FUNCTION ar2c.parse_mt940(text) IS 'the entries of an MT940 file, one row each (a statement without entries gives one row with NULL entry columns); an invalid file raises 22P02 naming the line and the field';

CREATE FUNCTION ar2c.statement_raise(errcode text, message text, detail text, hint text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- RAISE prints an empty DETAIL or HINT line for '', and refuses NULL
    IF coalesce(detail, '') = '' AND coalesce(hint, '') = '' THEN
        RAISE EXCEPTION USING ERRCODE = errcode, MESSAGE = message;
    ELSIF coalesce(hint, '') = '' THEN
        RAISE EXCEPTION USING ERRCODE = errcode, MESSAGE = message, DETAIL = detail;
    ELSIF coalesce(detail, '') = '' THEN
        RAISE EXCEPTION USING ERRCODE = errcode, MESSAGE = message, HINT = hint;
    ELSE
        RAISE EXCEPTION USING ERRCODE = errcode, MESSAGE = message, DETAIL = detail, HINT = hint;
    END IF;
END
$$;
COMMENT ON FUNCTION ar2c.statement_raise(text, text, text, text) IS 'raise an error with the SQLSTATE, message, detail and hint given (empty ones left out); the statement readers use it to re-raise without the long context of their queries';

CREATE FUNCTION ar2c.parse_camt053(content text) RETURNS SETOF ar2c.bank_statement_line
    AS 'MODULE_PATHNAME', 'camt053_parse' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION ar2c.parse_camt053(text) IS 'the entries of a camt.053 (001.02 to 001.08) document, one row per entry or per transaction of a batch entry (a statement without entries gives one row with NULL entry columns); invalid elements raise 22P02 naming them, text that is not well-formed XML 2200M with the line of the problem';

CREATE FUNCTION ar2c.parse_camt053(content xml) RETURNS SETOF ar2c.bank_statement_line
    AS 'MODULE_PATHNAME', 'camt053_parse' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION ar2c.parse_camt053(xml) IS 'ar2c.parse_camt053() of a document given as xml';

-- Where imported statements go
--
-- Each table's primary key starts with company_id; its other keys and
-- indexes hold company_id too, but after their own columns. So the primary
-- key is the only index a lookup by (company_id, id) can use: the foreign
-- key checks of a large import cannot pick an index on company_id alone
-- (and scan every row of the company per check) when the planner's
-- statistics still say a table is empty.

CREATE TABLE ar2c.bank_account (
    company_id      bigint NOT NULL REFERENCES ar2c.company,
    bank_account_id bigint GENERATED BY DEFAULT AS IDENTITY,
    account         text NOT NULL,
    currency        ar2c.currency NOT NULL,
    name            text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_imported_at timestamptz,
    PRIMARY KEY (company_id, bank_account_id),
    CONSTRAINT bank_account_once UNIQUE (account, currency, company_id),
    CONSTRAINT bank_account_normalised CHECK (account <> '' AND account = upper(account) AND account !~ '\s')
);
COMMENT ON TABLE ar2c.bank_account IS 'a bank account of a company, in one currency; ar2c.import_statement() adds the accounts its statements name';
COMMENT ON COLUMN ar2c.bank_account.company_id IS 'the company that holds the account';
COMMENT ON COLUMN ar2c.bank_account.bank_account_id IS 'ar2c''s key for the account';
COMMENT ON COLUMN ar2c.bank_account.account IS 'the account as statements name it (IBAN, or bank code/number), upper case without spaces';
COMMENT ON COLUMN ar2c.bank_account.currency IS 'the account''s currency (a multi-currency account has one row per currency)';
COMMENT ON COLUMN ar2c.bank_account.name IS 'a name for people, if one is set';
COMMENT ON COLUMN ar2c.bank_account.created_at IS 'when the row was entered';
COMMENT ON COLUMN ar2c.bank_account.last_imported_at IS 'when ar2c.import_statement() last read a statement of the account (every import writes it, so that two imports of one account cannot both miss each other)';

CREATE TABLE ar2c.bank_statement (
    company_id          bigint NOT NULL,
    bank_statement_id   bigint GENERATED BY DEFAULT AS IDENTITY,
    bank_account_id     bigint NOT NULL,
    format              text NOT NULL,
    statement_reference text NOT NULL,
    sequence            text,
    opening_date        date,
    opening_balance     ar2c.money_cur,
    closing_date        date,
    closing_balance     ar2c.money_cur,
    entry_count         integer NOT NULL,
    credit_total        ar2c.money_cur NOT NULL,
    debit_total         ar2c.money_cur NOT NULL,
    entries_digest      text NOT NULL,
    content_sha256      bytea NOT NULL,
    position_in_file    integer NOT NULL,
    imported_at         timestamptz NOT NULL DEFAULT now(),
    imported_by         text NOT NULL DEFAULT current_user,
    PRIMARY KEY (company_id, bank_statement_id),
    FOREIGN KEY (company_id, bank_account_id) REFERENCES ar2c.bank_account (company_id, bank_account_id),
    -- the same statement is imported once
    CONSTRAINT bank_statement_once UNIQUE NULLS NOT DISTINCT
        (bank_account_id, statement_reference, sequence, opening_date, closing_date,
         opening_balance, closing_balance, company_id),
    CONSTRAINT bank_statement_format_valid CHECK (format ~ '^(mt940|camt\.05[234]\.001\.0[2-8]|csv)$'),
    -- a statement has its balances; a notification (camt.054) or report (camt.052) has none
    CONSTRAINT bank_statement_balances_given CHECK (
        format ~ '^camt\.05[24]' OR (opening_date IS NOT NULL AND opening_balance IS NOT NULL
                                     AND closing_date IS NOT NULL AND closing_balance IS NOT NULL)),
    CONSTRAINT bank_statement_adds_up CHECK (
        ar2c.minor_units_value(opening_balance) + ar2c.minor_units_value(credit_total)
            - ar2c.minor_units_value(debit_total) = ar2c.minor_units_value(closing_balance)),
    CONSTRAINT bank_statement_totals_not_negative CHECK (
        ar2c.minor_units_value(credit_total) >= 0 AND ar2c.minor_units_value(debit_total) >= 0)
);
CREATE INDEX bank_statement_content ON ar2c.bank_statement (content_sha256, company_id);
COMMENT ON TABLE ar2c.bank_statement IS 'a bank statement imported by ar2c.import_statement(): its balances, which add up with its entries, and where it came from';
COMMENT ON COLUMN ar2c.bank_statement.company_id IS 'the company whose account it is';
COMMENT ON COLUMN ar2c.bank_statement.bank_statement_id IS 'ar2c''s key for the statement';
COMMENT ON COLUMN ar2c.bank_statement.bank_account_id IS 'the account statemented';
COMMENT ON COLUMN ar2c.bank_statement.format IS 'the file format: mt940, camt.053.001.02 to .08, a notification (camt.054) or report (camt.052), which has no balances, or csv (a CSV statement read with a profile)';
COMMENT ON COLUMN ar2c.bank_statement.statement_reference IS 'the bank''s statement reference: MT940 :20:, camt Stmt/Id';
COMMENT ON COLUMN ar2c.bank_statement.sequence IS 'statement number and page: MT940 :28C:, camt ElctrncSeqNb or LglSeqNb';
COMMENT ON COLUMN ar2c.bank_statement.opening_date IS 'date of the opening balance; NULL for a camt.054 or camt.052';
COMMENT ON COLUMN ar2c.bank_statement.opening_balance IS 'opening balance, negative when in debit; NULL for a camt.054 or camt.052';
COMMENT ON COLUMN ar2c.bank_statement.closing_date IS 'date of the closing balance; NULL for a camt.054 or camt.052';
COMMENT ON COLUMN ar2c.bank_statement.closing_balance IS 'closing balance, negative when in debit; = opening balance + credit_total - debit_total';
COMMENT ON COLUMN ar2c.bank_statement.entry_count IS 'rows in ar2c.bank_statement_entry: entries, with each transaction of a batch entry counted';
COMMENT ON COLUMN ar2c.bank_statement.credit_total IS 'sum of the credit bookings';
COMMENT ON COLUMN ar2c.bank_statement.debit_total IS 'sum of the debit bookings';
COMMENT ON COLUMN ar2c.bank_statement.entries_digest IS 'md5 of the entries'' keys in order: a statement seen again with the same key but another digest is refused';
COMMENT ON COLUMN ar2c.bank_statement.content_sha256 IS 'SHA-256 of the file it was imported from (UTF-8)';
COMMENT ON COLUMN ar2c.bank_statement.position_in_file IS 'position of the statement in that file, from 1';
COMMENT ON COLUMN ar2c.bank_statement.imported_at IS 'when it was imported';
COMMENT ON COLUMN ar2c.bank_statement.imported_by IS 'who imported it';

CREATE TABLE ar2c.bank_statement_entry (
    company_id           bigint NOT NULL,
    bank_entry_id        bigint GENERATED BY DEFAULT AS IDENTITY,
    bank_statement_id    bigint NOT NULL,
    entry_number         integer NOT NULL,
    transaction_number   integer NOT NULL,
    entry_key            text NOT NULL,
    duplicate_of         bigint,
    booking_date         date,
    value_date           date,
    credit_debit         text NOT NULL,
    reversal             boolean NOT NULL,
    amount               ar2c.money_cur NOT NULL,
    entry_amount         ar2c.money_cur NOT NULL,
    transaction_code     text,
    entry_reference      text,
    bank_reference       text,
    counterparty_name    text,
    counterparty_account text,
    counterparty_bic     text,
    remittance_text      text,
    structured_reference text,
    end_to_end_id        text,
    mandate_reference    text,
    bank_charges         ar2c.money_cur,
    bank_text            text,
    origin               text NOT NULL,
    is_return            boolean NOT NULL DEFAULT false,
    PRIMARY KEY (company_id, bank_entry_id),
    CONSTRAINT bank_statement_entry_position UNIQUE (bank_statement_id, entry_number, transaction_number, company_id),
    FOREIGN KEY (company_id, bank_statement_id) REFERENCES ar2c.bank_statement (company_id, bank_statement_id),
    FOREIGN KEY (company_id, duplicate_of) REFERENCES ar2c.bank_statement_entry (company_id, bank_entry_id),
    CONSTRAINT bank_statement_entry_direction_valid CHECK (credit_debit IN ('C', 'D')),
    CONSTRAINT bank_statement_entry_amount_not_negative CHECK (ar2c.minor_units_value(amount) >= 0)
);
-- an entry is new once: a later import of it points at the first
CREATE UNIQUE INDEX bank_statement_entry_once ON ar2c.bank_statement_entry (entry_key, company_id)
    WHERE duplicate_of IS NULL;
-- the later imports of an entry (and the foreign key's check when one is deleted)
CREATE INDEX bank_statement_entry_duplicate ON ar2c.bank_statement_entry (duplicate_of, company_id)
    WHERE duplicate_of IS NOT NULL;
COMMENT ON TABLE ar2c.bank_statement_entry IS 'every entry of an imported statement, debits and reversals included (one row per transaction of a batch entry); new credits also become ar2c.payment rows';
COMMENT ON COLUMN ar2c.bank_statement_entry.company_id IS 'the company';
COMMENT ON COLUMN ar2c.bank_statement_entry.bank_entry_id IS 'ar2c''s key for the entry';
COMMENT ON COLUMN ar2c.bank_statement_entry.bank_statement_id IS 'the statement it was read from';
COMMENT ON COLUMN ar2c.bank_statement_entry.entry_number IS 'position of the entry in the statement, from 1';
COMMENT ON COLUMN ar2c.bank_statement_entry.transaction_number IS 'position of the transaction in a batch entry, from 1';
COMMENT ON COLUMN ar2c.bank_statement_entry.entry_key IS 'what makes the entry itself: md5 of account, currency, dates, direction, amount, references, counterparty account and remittance, then ":n" for the n-th such entry of its statement';
COMMENT ON COLUMN ar2c.bank_statement_entry.duplicate_of IS 'the entry imported before under the same key (from an overlapping statement); NULL for an entry seen first here. A duplicate makes no payment';
COMMENT ON COLUMN ar2c.bank_statement_entry.booking_date IS 'booking date';
COMMENT ON COLUMN ar2c.bank_statement_entry.value_date IS 'value date';
COMMENT ON COLUMN ar2c.bank_statement_entry.credit_debit IS 'C (money in) or D (money out)';
COMMENT ON COLUMN ar2c.bank_statement_entry.reversal IS 'the entry reverses an earlier one (MT940 RC/RD, camt RvslInd)';
COMMENT ON COLUMN ar2c.bank_statement_entry.amount IS 'amount, never negative';
COMMENT ON COLUMN ar2c.bank_statement_entry.entry_amount IS 'amount of the whole entry, for a transaction of a batch entry';
COMMENT ON COLUMN ar2c.bank_statement_entry.transaction_code IS 'bank transaction code (NTRF/166, PMNT/RCDT/ESCT)';
COMMENT ON COLUMN ar2c.bank_statement_entry.entry_reference IS 'the account owner''s reference (MT940 customer reference, camt NtryRef)';
COMMENT ON COLUMN ar2c.bank_statement_entry.bank_reference IS 'the bank''s reference (MT940 after //, camt AcctSvcrRef)';
COMMENT ON COLUMN ar2c.bank_statement_entry.counterparty_name IS 'the other party: payer of a credit, payee of a debit';
COMMENT ON COLUMN ar2c.bank_statement_entry.counterparty_account IS 'the other party''s account';
COMMENT ON COLUMN ar2c.bank_statement_entry.counterparty_bic IS 'the other party''s bank';
COMMENT ON COLUMN ar2c.bank_statement_entry.remittance_text IS 'unstructured remittance information';
COMMENT ON COLUMN ar2c.bank_statement_entry.structured_reference IS 'structured creditor reference (RF)';
COMMENT ON COLUMN ar2c.bank_statement_entry.end_to_end_id IS 'the payer''s end-to-end id';
COMMENT ON COLUMN ar2c.bank_statement_entry.mandate_reference IS 'SEPA direct debit mandate';
COMMENT ON COLUMN ar2c.bank_statement_entry.bank_charges IS 'charges reported for the entry';
COMMENT ON COLUMN ar2c.bank_statement_entry.bank_text IS 'the information as the bank wrote it (MT940 :86:, camt AddtlTxInf)';
COMMENT ON COLUMN ar2c.bank_statement_entry.origin IS 'where in the file it was: "line 14" or "Stmt[1]/Ntry[3]/NtryDtls/TxDtls[2]"';
COMMENT ON COLUMN ar2c.bank_statement_entry.is_return IS 'the entry returns one of the account owner''s own outgoing transfers (MT940 GVC 159 / RETOURE, camt RTRN): recorded, never a customer payment';

-- A payment made from a statement entry points at it.
ALTER TABLE ar2c.payment
    ADD COLUMN bank_statement_id bigint,
    ADD COLUMN bank_entry_id bigint,
    ADD COLUMN structured_reference text,
    ADD COLUMN payer_bic text,
    ADD COLUMN bank_charges ar2c.money_cur,
    ADD CONSTRAINT payment_bank_statement_fk FOREIGN KEY (company_id, bank_statement_id)
        REFERENCES ar2c.bank_statement (company_id, bank_statement_id),
    ADD CONSTRAINT payment_bank_entry_fk FOREIGN KEY (company_id, bank_entry_id)
        REFERENCES ar2c.bank_statement_entry (company_id, bank_entry_id);
-- one payment per entry; the payments of a statement
CREATE UNIQUE INDEX payment_bank_entry ON ar2c.payment (bank_entry_id, company_id) WHERE bank_entry_id IS NOT NULL;
-- The natural key of the payments the application writes: the bank's
-- reference, once per company, so that data sent again conflicts
-- (ON CONFLICT (company_id, bank_reference) WHERE bank_entry_id IS NULL).
-- A statement's payments are keyed by their entry instead: the
-- transactions of a batch entry share the entry's reference.
CREATE UNIQUE INDEX payment_bank_reference ON ar2c.payment (company_id, bank_reference) WHERE bank_entry_id IS NULL;
CREATE INDEX payment_bank_reference_imported ON ar2c.payment (company_id, bank_reference)
    WHERE bank_entry_id IS NOT NULL AND bank_reference IS NOT NULL;
CREATE INDEX payment_bank_statement ON ar2c.payment (bank_statement_id, company_id) WHERE bank_statement_id IS NOT NULL;
COMMENT ON COLUMN ar2c.payment.bank_statement_id IS 'the bank statement the payment was imported from, if any';
COMMENT ON COLUMN ar2c.payment.bank_entry_id IS 'the statement entry it was made from, if any';
COMMENT ON COLUMN ar2c.payment.structured_reference IS 'the structured creditor reference (ISO 11649 RF) the payer gave';
COMMENT ON COLUMN ar2c.payment.payer_bic IS 'the payer''s bank (BIC, the debtor agent)';
COMMENT ON COLUMN ar2c.payment.bank_charges IS 'charges the bank reported for the payment (informative; amount is what was credited)';

-- Import

CREATE FUNCTION ar2c.import_statement(company_id bigint, content text, format text DEFAULT NULL)
    RETURNS TABLE (file_format text, statements_read integer, statements_new integer, statements_skipped integer,
                   entries_read integer, entries_new integer, entries_skipped integer, payments_created integer,
                   credited ar2c.money_cur[], bank_statement_ids bigint[], summary text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_company      bigint := $1;
    v_content      text := $2;
    v_format       text := lower(btrim($3));
    v_profile      jsonb;
    v_sha          bytea;
    v_seen_file    timestamptz;
    v_account      bigint;
    v_statement    bigint;
    v_label        text;
    v_currency     ar2c.currency;
    v_old          record;
    s              record;
    bad            record;
    v_new_numbers  integer[] := '{}';
    v_new_ids      bigint[] := '{}';
    v_all_ids      bigint[] := '{}';
    v_statements   integer := 0;
    v_entries      integer := 0;
    v_entries_new  integer := 0;
    v_payments     integer := 0;
    v_credited     ar2c.money_cur[];
    e_state        text;
    e_message      text;
    e_detail       text;
    e_hint         text;
BEGIN
    IF v_company IS NULL OR v_content IS NULL THEN
        RAISE EXCEPTION 'company_id and content must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM 1 FROM ar2c.company c WHERE c.company_id = v_company;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'company % does not exist', v_company
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Insert it into ar2c.company first, or ask for access to it (ar2c.company_access).';
    END IF;

    -- the format: camt.053 XML or MT940 text
    IF v_format IS NULL THEN
        v_format := CASE
            WHEN left(v_content, 1000) ~ '^[\s\uFEFF]*<' THEN
                CASE WHEN strpos(left(v_content, 100000), 'camt.053.001.') > 0 THEN 'camt.053'
                     WHEN strpos(left(v_content, 100000), 'camt.054.001.') > 0 THEN 'camt.054'
                     WHEN strpos(left(v_content, 100000), 'camt.052.001.') > 0 THEN 'camt.052'
                     ELSE 'xml' END
            -- a SWIFT block or :20:, after SOH and a bank's header lines (":940:", "ABNANL2A", "940 00")
            WHEN left(v_content, 1000) ~ '^[\s\uFEFF\u0001]*(\{[1-5]:|:20:|(:940:|[A-Z0-9 /]*(940|[A-Z]{6}[A-Z0-9]{2})[A-Z0-9 /]*)[ \t]*\r?\n)' THEN 'mt940'
            ELSE 'unknown' END;
        IF v_format NOT IN ('mt940', 'camt.053', 'camt.054', 'camt.052') THEN
            RAISE EXCEPTION 'unknown bank statement format'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = CASE WHEN v_format = 'xml' THEN
                                   'The content is XML but not a camt.053 document (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.0N).'
                               ELSE format('The content starts with "%s": neither XML nor MT940 (a field :20: or a SWIFT block {1:).',
                                           left(regexp_replace(left(v_content, 200), '\s+', ' ', 'g'), 30)) END,
                      HINT = 'ar2c imports camt.053 and MT940 statements; give format => ''mt940'' or ''camt.053'' to see why the file is not read as one.';
        END IF;
    ELSIF v_format IN ('camt', 'camt053', 'camt.053') THEN
        v_format := 'camt.053';
    ELSIF v_format LIKE 'csv:%' THEN
        v_profile := ar2c.csv_profile(v_company, substr(btrim($3), 5));
        v_format := 'csv';
    ELSIF v_format IN ('camt054', 'camt.054', 'camt052', 'camt.052') THEN
        v_format := 'camt.05' || right(v_format, 1);
    ELSIF v_format <> 'mt940' THEN
        RAISE EXCEPTION 'unknown bank statement format "%"', $3
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give ''mt940'', ''camt.053'' or ''csv:<profile>'', or NULL to detect the format.';
    END IF;

    -- one import at a time per company, so duplicates are seen
    PERFORM ar2c.lock_company_job('ar2c.import_statement', v_company);
    v_sha := sha256(convert_to(v_content, 'UTF8'));
    SELECT min(b.imported_at) INTO v_seen_file
    FROM ar2c.bank_statement b WHERE b.company_id = v_company AND b.content_sha256 = v_sha;

    -- read the whole file first: an error anywhere imports nothing
    IF to_regclass('pg_temp.ar2c_import_line') IS NOT NULL THEN
        DROP TABLE pg_temp.ar2c_import_line;
    END IF;
    -- an entry's key is its fingerprint and its rank among the entries of
    -- its statement with the same fingerprint; nth ranks the entries of the
    -- file with the same key (several only when statements overlap). Both
    -- ranks are 1 but for repeated fingerprints, so the rows are stored in
    -- file order first and only the repeated ones are ranked, by narrow
    -- hash look-ups rather than sorts of every wide row.
    CREATE TEMP TABLE ar2c_import_line (
        LIKE ar2c.bank_statement_line,
        account_key  text,
        signed_units bigint,
        fingerprint  text,
        key_rank     bigint NOT NULL DEFAULT 1,
        entry_key    text GENERATED ALWAYS AS (fingerprint || ':' || key_rank) STORED,
        nth          bigint NOT NULL DEFAULT 1
    ) ON COMMIT DROP;
    BEGIN
    INSERT INTO pg_temp.ar2c_import_line
    SELECT l.*, k.account_key, k.signed_units,
           -- only text and integers, so that no setting (DateStyle) changes it
           CASE WHEN l.entry_number IS NULL THEN NULL
                -- camt: what a camt.054 or .052 and the day's camt.053 say alike of an entry:
                -- not NtryRef nor the value date, and the booking date only without AcctSvcrRef
                WHEN l.format LIKE 'camt%' THEN
                    md5(ROW('camt', k.account_key, ar2c.currency(l.amount)::text,
                            l.credit_debit, l.reversal::text, ar2c.minor_units_value(l.amount), l.bank_reference,
                            CASE WHEN l.bank_reference IS NULL THEN l.booking_date - DATE '2000-01-01' END,
                            l.end_to_end_id, l.counterparty_account, l.remittance_text, l.structured_reference)::text)
                ELSE
                    md5(ROW(k.account_key, ar2c.currency(l.amount)::text,
                            l.booking_date - DATE '2000-01-01', l.value_date - DATE '2000-01-01', l.credit_debit,
                            l.reversal::text, ar2c.minor_units_value(l.amount), l.entry_ref, l.bank_reference,
                            l.end_to_end_id, l.counterparty_account, l.remittance_text,
                            l.structured_reference)::text)
           END
    FROM (SELECT * FROM ar2c.parse_mt940(CASE WHEN v_format = 'mt940' THEN v_content END)
          UNION ALL
          SELECT * FROM ar2c.parse_camt(CASE WHEN v_format LIKE 'camt.05_' THEN v_content END,
                                        CASE WHEN v_format LIKE 'camt.05_' THEN v_format END)
          UNION ALL
          SELECT * FROM ar2c.parse_csv_statement(CASE WHEN v_format = 'csv' THEN v_content END, v_profile)) l
    CROSS JOIN LATERAL (
        -- OFFSET 0: computed once per row, not once per use
        SELECT upper(regexp_replace(l.account, '\s', '', 'g')) AS account_key,
               CASE WHEN l.credit_debit = 'C' THEN ar2c.minor_units_value(l.amount)
                    ELSE -ar2c.minor_units_value(l.amount) END AS signed_units
        OFFSET 0
    ) k;
    EXCEPTION WHEN OTHERS THEN
        -- the reader's error names the line or element; the query as context would bury it
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_message = MESSAGE_TEXT,
                                e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
        PERFORM ar2c.statement_raise(e_state, e_message, e_detail, e_hint);
    END;
    UPDATE pg_temp.ar2c_import_line l SET key_rank = r.key_rank
    FROM (SELECT x.ctid AS row_id,
                 row_number() OVER (PARTITION BY x.statement_number, x.fingerprint
                                    ORDER BY x.entry_number, x.transaction_number) AS key_rank
          FROM pg_temp.ar2c_import_line x
          WHERE (x.statement_number, x.fingerprint) IN
                (SELECT y.statement_number, y.fingerprint FROM pg_temp.ar2c_import_line y
                 WHERE y.fingerprint IS NOT NULL
                 GROUP BY y.statement_number, y.fingerprint HAVING count(*) > 1)) r
    WHERE l.ctid = r.row_id AND r.key_rank > 1;
    UPDATE pg_temp.ar2c_import_line l SET nth = r.nth
    FROM (SELECT x.ctid AS row_id,
                 row_number() OVER (PARTITION BY x.entry_key
                                    ORDER BY x.statement_number, x.entry_number, x.transaction_number) AS nth
          FROM pg_temp.ar2c_import_line x
          WHERE x.entry_key IN (SELECT y.entry_key FROM pg_temp.ar2c_import_line y
                                WHERE y.entry_key IS NOT NULL GROUP BY y.entry_key HAVING count(*) > 1)) r
    WHERE l.ctid = r.row_id AND r.nth > 1;
    -- the statistics the plans below need (without them a look-up of
    -- earlier entries may scan the entries table once per row); the
    -- columns they read only, not the wide text of every row
    ANALYZE pg_temp.ar2c_import_line (statement_number, entry_number, nth, entry_key);

    -- every amount in the statement's currency
    SELECT l.statement_id, l.account, l.origin, l.amount, l.opening_balance, l.closing_balance INTO bad
    FROM pg_temp.ar2c_import_line l
    WHERE ar2c.currency(l.amount) OPERATOR(ar2c.<>) ar2c.currency(l.opening_balance)
       OR ar2c.currency(l.closing_balance) OPERATOR(ar2c.<>) ar2c.currency(l.opening_balance)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'statement % of account % mixes currencies', bad.statement_id, bad.account
            USING ERRCODE = 'check_violation',
                  DETAIL = format('The opening balance is %s, the closing balance %s, and %s has %s.',
                                  bad.opening_balance, bad.closing_balance, bad.origin, bad.amount),
                  HINT = 'Nothing was imported.';
    END IF;

    FOR s IN
        SELECT l.statement_number, l.format, l.statement_id, l.account, l.account_key, l.sequence,
               l.opening_date, l.opening_balance, l.closing_date, l.closing_balance,
               count(l.entry_number)::integer AS entries,
               coalesce(sum(l.signed_units), 0) AS movement,
               coalesce(sum(l.signed_units) FILTER (WHERE l.signed_units > 0), 0) AS credits,
               coalesce(-sum(l.signed_units) FILTER (WHERE l.signed_units < 0), 0) AS debits,
               md5(coalesce(string_agg(l.entry_key, ',' ORDER BY l.entry_number, l.transaction_number), '')) AS digest,
               count(DISTINCT ar2c.currency(l.amount)::text) AS currencies,
               min(ar2c.currency(l.amount)::text) AS entry_currency
        FROM pg_temp.ar2c_import_line l
        GROUP BY l.statement_number, l.format, l.statement_id, l.account, l.account_key, l.sequence,
                 l.opening_date, l.opening_balance, l.closing_date, l.closing_balance
        ORDER BY l.statement_number
    LOOP
        v_statements := v_statements + 1;
        v_entries := v_entries + s.entries;
        v_currency := coalesce(ar2c.currency(s.opening_balance), s.entry_currency::ar2c.currency);
        v_label := s.statement_id || coalesce(' ' || s.sequence, '');

        -- a notification or report has no balances: its entries' currency
        -- is the account's, and one without booked entries records nothing
        IF s.opening_balance IS NULL THEN
            IF s.currencies > 1 THEN
                RAISE EXCEPTION 'statement % of account % mixes currencies', v_label, s.account
                    USING ERRCODE = 'check_violation',
                          DETAIL = format('Its entries are in %s currencies.', s.currencies),
                          HINT = 'Nothing was imported.';
            ELSIF v_currency IS NULL THEN
                CONTINUE;
            END IF;
        -- opening balance + entries = closing balance, or nothing is imported
        ELSIF ar2c.minor_units_value(s.opening_balance)::numeric + s.movement
           <> ar2c.minor_units_value(s.closing_balance) THEN
            RAISE EXCEPTION 'statement % of account % does not add up', v_label, s.account
                USING ERRCODE = 'check_violation',
                      DETAIL = format('Opening balance %s + entries %s = %s, but the closing balance is %s: a difference of %s.',
                                      s.opening_balance,
                                      ar2c.money_cur_units(s.movement::bigint, v_currency),
                                      ar2c.money_cur_units((ar2c.minor_units_value(s.opening_balance) + s.movement)::bigint, v_currency),
                                      s.closing_balance,
                                      ar2c.money_cur_units((ar2c.minor_units_value(s.closing_balance)
                                                            - ar2c.minor_units_value(s.opening_balance) - s.movement)::bigint, v_currency)),
                      HINT = 'The file may be truncated or altered; nothing was imported. Ask the bank for the statement again.';
        END IF;

        -- the account, written by every import of it: an import whose
        -- REPEATABLE READ snapshot misses one committed while it waited for
        -- the company's lock fails here with 40001 (retry), not later on a
        -- unique key
        SELECT a.bank_account_id INTO v_account FROM ar2c.bank_account a
        WHERE a.company_id = v_company AND a.account = s.account_key AND a.currency OPERATOR(ar2c.=) v_currency;
        IF FOUND THEN
            UPDATE ar2c.bank_account a SET last_imported_at = now()
            WHERE a.company_id = v_company AND a.bank_account_id = v_account;
        ELSE
            INSERT INTO ar2c.bank_account AS a (company_id, account, currency, last_imported_at)
            VALUES (v_company, s.account_key, v_currency, now())
            ON CONFLICT (account, currency, company_id) DO UPDATE SET last_imported_at = excluded.last_imported_at
            RETURNING a.bank_account_id INTO v_account;
        END IF;

        -- the same statement again: skipped if it holds the same entries, refused if not
        SELECT b.bank_statement_id, b.entries_digest, b.imported_at INTO v_old
        FROM ar2c.bank_statement b
        WHERE b.company_id = v_company AND b.bank_account_id = v_account
          AND b.statement_reference = s.statement_id AND b.sequence IS NOT DISTINCT FROM s.sequence
          AND b.opening_date IS NOT DISTINCT FROM s.opening_date AND b.closing_date IS NOT DISTINCT FROM s.closing_date
          AND coalesce(b.opening_balance OPERATOR(ar2c.=) s.opening_balance, s.opening_balance IS NULL)
          AND coalesce(b.closing_balance OPERATOR(ar2c.=) s.closing_balance, s.closing_balance IS NULL);
        IF FOUND THEN
            IF v_old.entries_digest <> s.digest THEN
                RAISE EXCEPTION 'statement % of account % was imported before with other entries', v_label, s.account
                    USING ERRCODE = 'unique_violation',
                          DETAIL = format('Bank statement %s, imported %s, has the same reference, dates and balances but not the same entries.',
                                          v_old.bank_statement_id, v_old.imported_at),
                          HINT = 'Compare the file with ar2c.bank_statement_entry; nothing was imported.';
            END IF;
            v_all_ids := v_all_ids || v_old.bank_statement_id;
            CONTINUE;
        END IF;

        INSERT INTO ar2c.bank_statement AS b
            (company_id, bank_account_id, format, statement_reference, sequence, opening_date, opening_balance,
             closing_date, closing_balance, entry_count, credit_total, debit_total, entries_digest,
             content_sha256, position_in_file)
        VALUES (v_company, v_account, s.format, s.statement_id, s.sequence, s.opening_date, s.opening_balance,
                s.closing_date, s.closing_balance, s.entries,
                ar2c.money_cur_units(s.credits::bigint, v_currency), ar2c.money_cur_units(s.debits::bigint, v_currency),
                s.digest, v_sha, s.statement_number)
        RETURNING b.bank_statement_id INTO v_statement;
        v_new_numbers := v_new_numbers || s.statement_number;
        v_new_ids := v_new_ids || v_statement;
        v_all_ids := v_all_ids || v_statement;
    END LOOP;

    -- the entries of new statements, an entry imported before (from an
    -- overlapping statement) pointing at the first import of it; and in
    -- the same statement the payments, one for each new credit that is
    -- not a reversal (debits, reversals and duplicates make none)
    WITH inserted AS (
        INSERT INTO ar2c.bank_statement_entry AS e
            (company_id, bank_statement_id, entry_number, transaction_number, entry_key, duplicate_of, booking_date,
             value_date, credit_debit, reversal, amount, entry_amount, transaction_code, entry_reference,
             bank_reference, counterparty_name, counterparty_account, counterparty_bic, remittance_text,
             structured_reference, end_to_end_id, mandate_reference, bank_charges, bank_text, origin, is_return)
        SELECT v_company, m.bank_statement_id, l.entry_number, l.transaction_number, l.entry_key, earlier.bank_entry_id,
               l.booking_date, l.value_date, l.credit_debit, l.reversal, l.amount, l.entry_amount, l.transaction_code,
               l.entry_ref, l.bank_reference, l.counterparty_name, l.counterparty_account, l.counterparty_bic,
               l.remittance_text, l.structured_reference, l.end_to_end_id, l.mandate_reference, l.bank_charges,
               l.bank_text, l.origin, coalesce(l.is_return, false)
        FROM pg_temp.ar2c_import_line l
        JOIN unnest(v_new_numbers, v_new_ids) AS m(statement_number, bank_statement_id)
            ON m.statement_number = l.statement_number
        LEFT JOIN ar2c.bank_statement_entry earlier
            ON earlier.company_id = v_company AND earlier.entry_key = l.entry_key AND earlier.duplicate_of IS NULL
        WHERE l.entry_number IS NOT NULL AND l.nth = 1
        ORDER BY l.statement_number, l.entry_number, l.transaction_number
        RETURNING e.*
    ),
    paid AS (
        INSERT INTO ar2c.payment AS p
            (company_id, value_date, booking_date, amount, payer_name, payer_account, payer_bic, remittance_text,
             end_to_end_id, bank_reference, structured_reference, bank_charges, bank_statement_id, bank_entry_id,
             unapplied_amount, status)
        SELECT i.company_id,
               coalesce(i.value_date, i.booking_date,
                        (SELECT b.closing_date FROM ar2c.bank_statement b
                         WHERE b.company_id = i.company_id AND b.bank_statement_id = i.bank_statement_id)),
               i.booking_date, i.amount, i.counterparty_name, i.counterparty_account, i.counterparty_bic,
               i.remittance_text, i.end_to_end_id, i.bank_reference, i.structured_reference, i.bank_charges,
               i.bank_statement_id, i.bank_entry_id,
               -- new and unapplied, as the payment trigger would make it (so it skips the row)
               i.amount, 'unapplied'
        FROM inserted i
        WHERE i.duplicate_of IS NULL AND i.credit_debit = 'C' AND NOT i.reversal
          AND ar2c.minor_units_value(i.amount) > 0
          -- a return of the company's own transfer is no customer's payment
          AND NOT i.is_return
        ORDER BY i.bank_entry_id
        RETURNING p.amount
    )
    SELECT (SELECT count(*) FROM inserted i WHERE i.duplicate_of IS NULL),
           (SELECT count(*) FROM paid),
           (SELECT coalesce(array_agg(t.total ORDER BY t.code), '{}')
            FROM (SELECT ar2c.currency(pd.amount)::text AS code,
                         ar2c.money_cur_units(sum(ar2c.minor_units_value(pd.amount))::bigint,
                                              ar2c.currency(pd.amount)) AS total
                  FROM paid pd GROUP BY ar2c.currency(pd.amount)) t)
    INTO v_entries_new, v_payments, v_credited;

    -- ... and so does one that is twice in this file
    INSERT INTO ar2c.bank_statement_entry AS e
        (company_id, bank_statement_id, entry_number, transaction_number, entry_key, duplicate_of, booking_date,
         value_date, credit_debit, reversal, amount, entry_amount, transaction_code, entry_reference,
         bank_reference, counterparty_name, counterparty_account, counterparty_bic, remittance_text,
         structured_reference, end_to_end_id, mandate_reference, bank_charges, bank_text, origin, is_return)
    SELECT v_company, m.bank_statement_id, l.entry_number, l.transaction_number, l.entry_key, first.bank_entry_id,
           l.booking_date, l.value_date, l.credit_debit, l.reversal, l.amount, l.entry_amount, l.transaction_code,
           l.entry_ref, l.bank_reference, l.counterparty_name, l.counterparty_account, l.counterparty_bic,
           l.remittance_text, l.structured_reference, l.end_to_end_id, l.mandate_reference, l.bank_charges,
           l.bank_text, l.origin, coalesce(l.is_return, false)
    FROM pg_temp.ar2c_import_line l
    JOIN unnest(v_new_numbers, v_new_ids) AS m(statement_number, bank_statement_id)
        ON m.statement_number = l.statement_number
    JOIN ar2c.bank_statement_entry first
        ON first.company_id = v_company AND first.entry_key = l.entry_key AND first.duplicate_of IS NULL
    WHERE l.nth > 1
    ORDER BY l.statement_number, l.entry_number, l.transaction_number;

    DROP TABLE pg_temp.ar2c_import_line;

    file_format := CASE WHEN v_format = 'mt940' THEN 'mt940' ELSE (SELECT b.format FROM ar2c.bank_statement b
                        WHERE b.company_id = v_company AND b.bank_statement_id = v_all_ids[1]) END;
    statements_read := v_statements;
    statements_new := cardinality(v_new_ids);
    statements_skipped := v_statements - cardinality(v_new_ids);
    entries_read := v_entries;
    entries_new := v_entries_new;
    entries_skipped := v_entries - v_entries_new;
    payments_created := v_payments;
    credited := v_credited;
    bank_statement_ids := v_all_ids;
    summary := CASE
        WHEN cardinality(v_new_ids) = 0 THEN
            format('0 new: %s statement(s) with %s entries already imported%s', v_statements, v_entries,
                   CASE WHEN v_seen_file IS NOT NULL THEN format(' (this file on %s)', to_char(v_seen_file, 'YYYY-MM-DD')) ELSE '' END)
        ELSE
            format('%s new statement(s), %s new entries, %s payment(s) created%s', cardinality(v_new_ids),
                   v_entries_new, v_payments,
                   CASE WHEN cardinality(v_credited) > 0 THEN ' (' || array_to_string(v_credited, ', ') || ')' ELSE '' END)
            || CASE WHEN v_entries > v_entries_new THEN
                   format('; %s statement(s) and %s entries already imported',
                          v_statements - cardinality(v_new_ids), v_entries - v_entries_new)
               ELSE '' END
        END;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION ar2c.import_statement(bigint, text, text) IS 'import a camt.053, camt.054, camt.052 or MT940 file (format detected when NULL), or a CSV statement with format => ''csv:<profile>'', in one go: every statement must add up (23514; notifications and reports have no balances), statements and entries imported before are skipped and counted, credits become payments; returns what was done';

-- user data survives pg_dump / pg_restore
SELECT pg_catalog.pg_extension_config_dump('ar2c.bank_account', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.bank_statement', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.bank_statement_entry', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.bank_account_bank_account_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.bank_statement_bank_statement_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.bank_statement_entry_bank_entry_id_seq', '');

-- row-level security by company, as the ledger
SELECT ar2c.scope_by_company('bank_account', 'bank_statement', 'bank_statement_entry');
