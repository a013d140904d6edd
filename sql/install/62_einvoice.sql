-- Structured e-invoices in: UBL 2.1 Invoice and CreditNote and UN/CEFACT
-- CII CrossIndustryInvoice (Peppol BIS Billing 3.0, XRechnung, Factur-X /
-- ZUGFeRD EN16931 and BASIC), read in C (core/einvoice.c on libxml2, as
-- the camt reader), their EN 16931 money rules checked, imported into
-- the ledger exactly once per company, document type and number.
-- Manual: doc/einvoice.md.

-- who the company and its customers are in e-invoices
ALTER TABLE ar2c.company ADD COLUMN vat_id text,
    ADD COLUMN legal_id text,
    ADD COLUMN einvoice_unknown_buyer text NOT NULL DEFAULT 'refuse',
    ADD CONSTRAINT company_einvoice_unknown_buyer_valid
        CHECK (einvoice_unknown_buyer IN ('refuse', 'alert'));
COMMENT ON COLUMN ar2c.company.vat_id IS 'the company''s VAT identifier (DE123456789): an imported e-invoice''s seller (BT-31) must be it, or legal_id';
COMMENT ON COLUMN ar2c.company.legal_id IS 'the company''s legal registration identifier (BT-30), or its seller identifier (BT-29): an imported e-invoice''s seller may be named by it';
COMMENT ON COLUMN ar2c.company.einvoice_unknown_buyer IS 'what ar2c.import_invoice() does with an e-invoice whose buyer is no customer: refuse (23503), or alert (the document is kept as unknown_buyer with an einvoice_unknown_buyer alert, and imported when it is sent again once the customer exists)';

ALTER TABLE ar2c.customer ADD COLUMN vat_id text,
    ADD COLUMN buyer_reference text;
COMMENT ON COLUMN ar2c.customer.vat_id IS 'the customer''s VAT identifier: an e-invoice whose buyer VAT identifier (BT-48) is it is the customer''s';
COMMENT ON COLUMN ar2c.customer.buyer_reference IS 'the buyer reference (BT-10, e.g. a Leitweg-ID) the customer''s e-invoices carry, when they carry no VAT identifier of it';

-- The key a VAT or registration identifier is compared on
CREATE FUNCTION ar2c.normalize_tax_id(identifier text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN nullif(pg_catalog.upper(pg_catalog.regexp_replace(identifier, '[^[:alnum:]]', '', 'g')), '');
COMMENT ON FUNCTION ar2c.normalize_tax_id(text) IS 'the key a VAT or registration identifier is compared on: its letters and digits, upper case (''de 123.456.789'' -> ''DE123456789''); NULL if none';

CREATE INDEX customer_vat_id ON ar2c.customer (company_id, ar2c.normalize_tax_id(vat_id)) WHERE vat_id IS NOT NULL;
CREATE INDEX customer_buyer_reference ON ar2c.customer (company_id, buyer_reference) WHERE buyer_reference IS NOT NULL;

-- One row of ar2c.parse_invoice: the document's terms, then one line's
CREATE TYPE ar2c.invoice_document_line AS (
    syntax            text,
    profile           text,
    document_type     text,
    type_code         text,
    document_number   text,
    issue_date        date,
    due_date          date,
    currency          ar2c.currency,
    seller_name       text,
    seller_id         text,
    seller_legal_id   text,
    seller_vat_id     text,
    buyer_name        text,
    buyer_id          text,
    buyer_legal_id    text,
    buyer_vat_id      text,
    buyer_reference   text,
    order_reference   text,
    preceding_invoice text,
    payment_reference text,
    line_total        ar2c.money_cur,
    allowance_total   ar2c.money_cur,
    charge_total      ar2c.money_cur,
    tax_exclusive     ar2c.money_cur,
    tax_total         ar2c.money_cur,
    tax_inclusive     ar2c.money_cur,
    prepaid           ar2c.money_cur,
    rounding          ar2c.money_cur,
    payable           ar2c.money_cur,
    line_number       integer,
    line_id           text,
    item_name         text,
    quantity          numeric,
    unit_code         text,
    unit_price        numeric,
    base_quantity     numeric,
    vat_category      text,
    vat_rate          numeric,
    line_amount       ar2c.money_cur
);
COMMENT ON TYPE ar2c.invoice_document_line IS 'a row of ar2c.parse_invoice(): the e-invoice''s terms (the same on every row) and one of its lines; the EN 16931 business terms are named in doc/einvoice.md';
COMMENT ON COLUMN ar2c.invoice_document_line.syntax IS 'ubl or cii';
COMMENT ON COLUMN ar2c.invoice_document_line.profile IS 'the specification identifier (BT-24): UBL CustomizationID, CII guideline ID';
COMMENT ON COLUMN ar2c.invoice_document_line.document_type IS 'invoice, or credit_note (a UBL CreditNote, or type code 81, 83, 381, 396, 532)';
COMMENT ON COLUMN ar2c.invoice_document_line.type_code IS 'the invoice type code (BT-3): 380 commercial invoice, 381 credit note, ...';
COMMENT ON COLUMN ar2c.invoice_document_line.document_number IS 'the invoice number (BT-1)';
COMMENT ON COLUMN ar2c.invoice_document_line.issue_date IS 'the issue date (BT-2)';
COMMENT ON COLUMN ar2c.invoice_document_line.due_date IS 'the payment due date (BT-9), if given';
COMMENT ON COLUMN ar2c.invoice_document_line.currency IS 'the invoice currency (BT-5); every amount is in it';
COMMENT ON COLUMN ar2c.invoice_document_line.seller_name IS 'the seller name (BT-27)';
COMMENT ON COLUMN ar2c.invoice_document_line.seller_id IS 'the seller identifier (BT-29)';
COMMENT ON COLUMN ar2c.invoice_document_line.seller_legal_id IS 'the seller legal registration identifier (BT-30)';
COMMENT ON COLUMN ar2c.invoice_document_line.seller_vat_id IS 'the seller VAT identifier (BT-31)';
COMMENT ON COLUMN ar2c.invoice_document_line.buyer_name IS 'the buyer name (BT-44)';
COMMENT ON COLUMN ar2c.invoice_document_line.buyer_id IS 'the buyer identifier (BT-46)';
COMMENT ON COLUMN ar2c.invoice_document_line.buyer_legal_id IS 'the buyer legal registration identifier (BT-47)';
COMMENT ON COLUMN ar2c.invoice_document_line.buyer_vat_id IS 'the buyer VAT identifier (BT-48)';
COMMENT ON COLUMN ar2c.invoice_document_line.buyer_reference IS 'the buyer reference (BT-10), e.g. a Leitweg-ID';
COMMENT ON COLUMN ar2c.invoice_document_line.order_reference IS 'the purchase order reference (BT-13)';
COMMENT ON COLUMN ar2c.invoice_document_line.preceding_invoice IS 'the preceding invoice reference (BT-25): the invoice a credit note corrects';
COMMENT ON COLUMN ar2c.invoice_document_line.payment_reference IS 'the remittance information (BT-83) the payer is asked to quote';
COMMENT ON COLUMN ar2c.invoice_document_line.line_total IS 'the sum of invoice line net amount (BT-106)';
COMMENT ON COLUMN ar2c.invoice_document_line.allowance_total IS 'the sum of allowances on document level (BT-107)';
COMMENT ON COLUMN ar2c.invoice_document_line.charge_total IS 'the sum of charges on document level (BT-108)';
COMMENT ON COLUMN ar2c.invoice_document_line.tax_exclusive IS 'the invoice total amount without VAT (BT-109)';
COMMENT ON COLUMN ar2c.invoice_document_line.tax_total IS 'the invoice total VAT amount (BT-110)';
COMMENT ON COLUMN ar2c.invoice_document_line.tax_inclusive IS 'the invoice total amount with VAT (BT-112)';
COMMENT ON COLUMN ar2c.invoice_document_line.prepaid IS 'the paid amount (BT-113)';
COMMENT ON COLUMN ar2c.invoice_document_line.rounding IS 'the rounding amount (BT-114)';
COMMENT ON COLUMN ar2c.invoice_document_line.payable IS 'the amount due for payment (BT-115)';
COMMENT ON COLUMN ar2c.invoice_document_line.line_number IS 'the line''s position in the document, from 1';
COMMENT ON COLUMN ar2c.invoice_document_line.line_id IS 'the invoice line identifier (BT-126)';
COMMENT ON COLUMN ar2c.invoice_document_line.item_name IS 'the item name (BT-153)';
COMMENT ON COLUMN ar2c.invoice_document_line.quantity IS 'the invoiced quantity (BT-129)';
COMMENT ON COLUMN ar2c.invoice_document_line.unit_code IS 'the unit of measure (BT-130)';
COMMENT ON COLUMN ar2c.invoice_document_line.unit_price IS 'the item net price (BT-146)';
COMMENT ON COLUMN ar2c.invoice_document_line.base_quantity IS 'the item price base quantity (BT-149), if given';
COMMENT ON COLUMN ar2c.invoice_document_line.vat_category IS 'the invoiced item VAT category code (BT-151)';
COMMENT ON COLUMN ar2c.invoice_document_line.vat_rate IS 'the invoiced item VAT rate in percent (BT-152)';
COMMENT ON COLUMN ar2c.invoice_document_line.line_amount IS 'the invoice line net amount (BT-131)';

CREATE FUNCTION ar2c.parse_invoice(content text, format text DEFAULT NULL)
    RETURNS SETOF ar2c.invoice_document_line
    AS 'MODULE_PATHNAME', 'einvoice_parse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.parse_invoice(text, text) IS
    'the lines of a UBL 2.1 Invoice or CreditNote or a CII CrossIndustryInvoice (format ''ubl'', ''cii'', or NULL for either), each with the document''s terms, after the EN 16931 money rules are checked (23514 naming the rule: PEPPOL-EN16931-R120, BR-CO-10 to BR-CO-16, PEPPOL-EN16931-R051); a mandatory term missing is 22P02 naming its rule (BR-02, ...); no rows for NULL; writes nothing';

-- Each e-invoice imported: exactly once per company, type and number
CREATE TABLE ar2c.einvoice_document (
    company_id      bigint NOT NULL REFERENCES ar2c.company,
    document_type   text NOT NULL,
    document_number text NOT NULL,
    customer_id     bigint,
    status          text NOT NULL,
    syntax          text NOT NULL,
    profile         text,
    invoice_id      bigint,
    credit_note_id  bigint,
    summary         jsonb NOT NULL,
    content         text NOT NULL,
    imported_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, document_type, document_number),
    FOREIGN KEY (customer_id, company_id) REFERENCES ar2c.customer (customer_id, company_id),
    FOREIGN KEY (customer_id, invoice_id) REFERENCES ar2c.invoice (customer_id, invoice_id),
    FOREIGN KEY (customer_id, credit_note_id) REFERENCES ar2c.credit_note (customer_id, credit_note_id),
    CONSTRAINT einvoice_document_type_valid CHECK (document_type IN ('invoice', 'credit_note')),
    CONSTRAINT einvoice_document_status_valid CHECK (status IN ('imported', 'unknown_buyer')),
    CONSTRAINT einvoice_document_imported_has_item
        CHECK (status <> 'imported' OR (customer_id IS NOT NULL AND (invoice_id IS NULL) <> (credit_note_id IS NULL)))
);
COMMENT ON TABLE ar2c.einvoice_document IS 'the e-invoices imported by ar2c.import_invoice(), one per company, document type and number: the ledger item made of each, the terms a re-send is compared on, and the document as received';
COMMENT ON COLUMN ar2c.einvoice_document.company_id IS 'the seller: the company the e-invoice was issued by';
COMMENT ON COLUMN ar2c.einvoice_document.document_type IS 'invoice or credit_note, as the document says (a UBL CreditNote or a credit note type code)';
COMMENT ON COLUMN ar2c.einvoice_document.document_number IS 'the invoice number (BT-1)';
COMMENT ON COLUMN ar2c.einvoice_document.customer_id IS 'the buyer, as found among the company''s customers; NULL while unknown';
COMMENT ON COLUMN ar2c.einvoice_document.status IS 'imported (in the ledger), or unknown_buyer (kept under the company''s einvoice_unknown_buyer policy ''alert'', imported when sent again once the customer exists)';
COMMENT ON COLUMN ar2c.einvoice_document.syntax IS 'ubl or cii';
COMMENT ON COLUMN ar2c.einvoice_document.profile IS 'the specification identifier (BT-24): Peppol BIS 3, XRechnung, Factur-X EN16931 or BASIC, ...';
COMMENT ON COLUMN ar2c.einvoice_document.invoice_id IS 'the invoice made of it: an invoice, or a credit note whose amount due is negative';
COMMENT ON COLUMN ar2c.einvoice_document.credit_note_id IS 'the credit note made of it: a credit note, or an invoice whose amount due is negative';
COMMENT ON COLUMN ar2c.einvoice_document.summary IS 'the terms a re-send is compared on (dates, parties, references, totals, each line), by name';
COMMENT ON COLUMN ar2c.einvoice_document.content IS 'the document as received';
COMMENT ON COLUMN ar2c.einvoice_document.imported_at IS 'when it was imported (or kept)';

-- The lines of the imported e-invoices
CREATE TABLE ar2c.invoice_line (
    company_id      bigint NOT NULL,
    document_type   text NOT NULL,
    document_number text NOT NULL,
    line_number     integer NOT NULL,
    customer_id     bigint NOT NULL,
    invoice_id      bigint,
    credit_note_id  bigint,
    line_id         text NOT NULL,
    item_name       text NOT NULL,
    quantity        numeric NOT NULL,
    unit_code       text,
    unit_price      numeric NOT NULL,
    base_quantity   numeric,
    vat_category    text,
    vat_rate        numeric,
    line_amount     ar2c.money_cur NOT NULL,
    PRIMARY KEY (company_id, document_type, document_number, line_number),
    FOREIGN KEY (company_id, document_type, document_number)
        REFERENCES ar2c.einvoice_document (company_id, document_type, document_number),
    FOREIGN KEY (customer_id, company_id) REFERENCES ar2c.customer (customer_id, company_id),
    FOREIGN KEY (customer_id, invoice_id) REFERENCES ar2c.invoice (customer_id, invoice_id),
    FOREIGN KEY (customer_id, credit_note_id) REFERENCES ar2c.credit_note (customer_id, credit_note_id),
    CONSTRAINT invoice_line_one_item CHECK ((invoice_id IS NULL) <> (credit_note_id IS NULL))
);
CREATE INDEX invoice_line_invoice ON ar2c.invoice_line (customer_id, invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX invoice_line_credit_note ON ar2c.invoice_line (customer_id, credit_note_id) WHERE credit_note_id IS NOT NULL;
COMMENT ON TABLE ar2c.invoice_line IS 'the lines of the e-invoices imported by ar2c.import_invoice(), as the documents state them (a credit note''s lines credit what they state)';
COMMENT ON COLUMN ar2c.invoice_line.company_id IS 'the issuing company';
COMMENT ON COLUMN ar2c.invoice_line.document_type IS 'invoice or credit_note: of the e-invoice (ar2c.einvoice_document)';
COMMENT ON COLUMN ar2c.invoice_line.document_number IS 'the e-invoice''s number (BT-1)';
COMMENT ON COLUMN ar2c.invoice_line.line_number IS 'the line''s position in the document, from 1';
COMMENT ON COLUMN ar2c.invoice_line.customer_id IS 'the invoiced customer';
COMMENT ON COLUMN ar2c.invoice_line.invoice_id IS 'the invoice the line is part of';
COMMENT ON COLUMN ar2c.invoice_line.credit_note_id IS 'the credit note the line is part of';
COMMENT ON COLUMN ar2c.invoice_line.line_id IS 'the invoice line identifier (BT-126)';
COMMENT ON COLUMN ar2c.invoice_line.item_name IS 'the item name (BT-153)';
COMMENT ON COLUMN ar2c.invoice_line.quantity IS 'the invoiced quantity (BT-129)';
COMMENT ON COLUMN ar2c.invoice_line.unit_code IS 'the unit of measure (BT-130, UN/ECE rec. 20: H87 piece, HUR hour, ...)';
COMMENT ON COLUMN ar2c.invoice_line.unit_price IS 'the item net price (BT-146), per base quantity';
COMMENT ON COLUMN ar2c.invoice_line.base_quantity IS 'the item price base quantity (BT-149); NULL for 1';
COMMENT ON COLUMN ar2c.invoice_line.vat_category IS 'the VAT category code (BT-151): S standard, Z zero, E exempt, AE reverse charge, K intra-community, G export, O outside scope, L, M';
COMMENT ON COLUMN ar2c.invoice_line.vat_rate IS 'the VAT rate in percent (BT-152)';
COMMENT ON COLUMN ar2c.invoice_line.line_amount IS 'the invoice line net amount (BT-131), without VAT';

-- user data survives pg_dump / pg_restore
SELECT pg_catalog.pg_extension_config_dump('ar2c.einvoice_document', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.invoice_line', '');

-- row-level security by company, as the ledger
SELECT ar2c.scope_by_company('einvoice_document', 'invoice_line');

-- The terms a re-send is compared on, by name, each as text
CREATE FUNCTION ar2c.einvoice_summary(lines ar2c.invoice_document_line[]) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT jsonb_strip_nulls(jsonb_build_object(
               'issue_date', d.issue_date::text, 'due_date', d.due_date::text,
               'currency', d.currency::text, 'type_code', d.type_code,
               'buyer_name', d.buyer_name, 'buyer_id', d.buyer_id, 'buyer_vat_id', d.buyer_vat_id,
               'buyer_reference', d.buyer_reference, 'order_reference', d.order_reference,
               'preceding_invoice', d.preceding_invoice, 'payment_reference', d.payment_reference,
               'line_total', d.line_total::text, 'allowance_total', d.allowance_total::text,
               'charge_total', d.charge_total::text, 'tax_total', d.tax_total::text,
               'tax_inclusive', d.tax_inclusive::text, 'prepaid', d.prepaid::text,
               'payable', d.payable::text, 'lines', cardinality(lines)::text))
           || coalesce((SELECT jsonb_object_agg(format('line %s %s', l.line_number, f.key), f.value)
                        FROM unnest(lines) l,
                             LATERAL jsonb_each_text(jsonb_strip_nulls(jsonb_build_object(
                                 'id', l.line_id, 'item', l.item_name, 'quantity', l.quantity::text,
                                 'unit', l.unit_code, 'price', l.unit_price::text,
                                 'base_quantity', l.base_quantity::text, 'vat_category', l.vat_category,
                                 'vat_rate', l.vat_rate::text, 'amount', l.line_amount::text))) f),
                       '{}')
    FROM (SELECT (lines)[1].*) d;
END;
COMMENT ON FUNCTION ar2c.einvoice_summary(ar2c.invoice_document_line[]) IS 'internal to ar2c.import_invoice(): the terms of an e-invoice a re-send is compared on, by name (''payable'', ''line 2 amount'', ...), as text';

-- "payable: 453.75 EUR -> 463.75 EUR; line 2 amount: ..."
CREATE FUNCTION ar2c.einvoice_differences(old jsonb, new jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT string_agg(format('%s: %s -> %s', k, coalesce(old ->> k, '(none)'), coalesce(new ->> k, '(none)')), '; '
                      ORDER BY k ~ '^line ', substring(k FROM '^line (\d+)')::integer, k)
    FROM (SELECT jsonb_object_keys(old) UNION SELECT jsonb_object_keys(new)) AS keys(k)
    WHERE (old -> k) IS DISTINCT FROM (new -> k);
END;
COMMENT ON FUNCTION ar2c.einvoice_differences(jsonb, jsonb) IS 'internal to ar2c.import_invoice(): the terms in which two e-invoice summaries differ, ''name: old -> new'' joined by ''; '', the document''s terms first, then line by line; NULL when none';

CREATE FUNCTION ar2c.import_invoice(company_id bigint, content text, format text DEFAULT NULL)
    RETURNS TABLE (status text, document_type text, document_number text, customer_id bigint,
                   invoice_id bigint, credit_note_id bigint, amount ar2c.money_cur, lines integer,
                   summary text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_company   bigint := $1;
    v_lines     ar2c.invoice_document_line[];
    d           ar2c.invoice_document_line;
    v_co        ar2c.company;
    v_summary   jsonb;
    v_old       ar2c.einvoice_document;
    v_customer  ar2c.customer;
    v_found     integer := 0;
    v_rule      text;
    v_due       date;
    v_order     bigint;
    v_invoice   bigint;
    v_credit    bigint;
    v_item      ar2c.money_cur;
    v_units     bigint;
    v_changes   text;
BEGIN
    PERFORM ar2c.require_company(v_company);
    IF v_company IS NULL OR content IS NULL THEN
        RAISE EXCEPTION 'company_id and content must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO v_co FROM ar2c.company c WHERE c.company_id OPERATOR(pg_catalog.=) v_company;
    SELECT array_agg(p ORDER BY p.line_number) INTO v_lines FROM ar2c.parse_invoice(content, format) p;
    d := v_lines[1];

    -- the seller is the company
    IF v_co.vat_id IS NULL AND v_co.legal_id IS NULL THEN
        RAISE EXCEPTION 'company % has neither vat_id nor legal_id', v_company
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The e-invoice''s seller is %s (VAT identifier %s).', d.seller_name, coalesce(d.seller_vat_id, 'none')),
                  HINT = 'Set ar2c.company.vat_id (or legal_id) to the identifier the company''s e-invoices carry.';
    END IF;
    IF NOT (ar2c.normalize_tax_id(v_co.vat_id) OPERATOR(pg_catalog.=) ar2c.normalize_tax_id(d.seller_vat_id)
            OR ar2c.normalize_tax_id(v_co.legal_id) OPERATOR(pg_catalog.=) ANY (ARRAY[ar2c.normalize_tax_id(d.seller_legal_id), ar2c.normalize_tax_id(d.seller_id)]))
       IS TRUE THEN
        RAISE EXCEPTION 'e-invoice % was issued by "%", not by company %', d.document_number, d.seller_name, v_company
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Seller VAT identifier %s, legal identifier %s; company %s has VAT identifier %s, legal identifier %s.',
                                  coalesce(d.seller_vat_id, 'none'), coalesce(d.seller_legal_id, d.seller_id, 'none'),
                                  v_company, coalesce(v_co.vat_id, 'none'), coalesce(v_co.legal_id, 'none')),
                  HINT = 'Import an e-invoice into the company that issued it.';
    END IF;

    v_summary := ar2c.einvoice_summary(v_lines);
    LOOP
        -- sent before: the same terms say so, other terms are refused
        SELECT * INTO v_old FROM ar2c.einvoice_document e
        WHERE e.company_id OPERATOR(pg_catalog.=) v_company AND e.document_type OPERATOR(pg_catalog.=) d.document_type
          AND e.document_number OPERATOR(pg_catalog.=) d.document_number
        FOR UPDATE;
        IF FOUND THEN
            v_changes := ar2c.einvoice_differences(v_old.summary, v_summary);
            IF v_changes IS NOT NULL THEN
                RAISE EXCEPTION 'e-invoice % (%) was imported before with other terms', d.document_number, d.document_type
                    USING ERRCODE = 'unique_violation',
                          DETAIL = format('Changed: %s.', v_changes),
                          HINT = 'A correction of an issued invoice is a credit note and a new invoice, with numbers of their own.';
            END IF;
            IF v_old.status OPERATOR(pg_catalog.=) 'imported' THEN
                RETURN QUERY SELECT 'already_imported'::text, d.document_type, d.document_number, v_old.customer_id,
                                    v_old.invoice_id, v_old.credit_note_id, d.payable, cardinality(v_lines),
                                    format('%s %s was imported on %s; nothing written', d.document_type, d.document_number,
                                           v_old.imported_at::date);
                RETURN;
            END IF;
        END IF;

        -- the buyer: by VAT identifier, buyer reference, identifier, name
        FOREACH v_rule IN ARRAY ARRAY['vat_id', 'buyer_reference', 'customer_number', 'name'] LOOP
            SELECT count(*)::integer INTO v_found FROM ar2c.customer c
            WHERE c.company_id OPERATOR(pg_catalog.=) v_company
              AND CASE v_rule
                  WHEN 'vat_id' THEN ar2c.normalize_tax_id(c.vat_id) OPERATOR(pg_catalog.=) ar2c.normalize_tax_id(d.buyer_vat_id)
                  WHEN 'buyer_reference' THEN c.buyer_reference OPERATOR(pg_catalog.=) d.buyer_reference
                  WHEN 'customer_number' THEN c.customer_number OPERATOR(pg_catalog.=) d.buyer_id
                  ELSE lower(btrim(c.name)) OPERATOR(pg_catalog.=) lower(btrim(d.buyer_name)) END;
            EXIT WHEN v_found > 0;
        END LOOP;
        IF v_found > 1 THEN
            RAISE EXCEPTION 'the buyer of e-invoice % is % customers of company % by %', d.document_number, v_found, v_company, v_rule
                USING ERRCODE = 'cardinality_violation',
                      DETAIL = format('Buyer "%s", VAT identifier %s, buyer reference %s.', d.buyer_name,
                                      coalesce(d.buyer_vat_id, 'none'), coalesce(d.buyer_reference, 'none')),
                      HINT = 'Give the customer its vat_id or buyer_reference, so that one customer is found.';
        END IF;
        IF v_found = 1 THEN
            SELECT * INTO v_customer FROM ar2c.customer c
            WHERE c.company_id OPERATOR(pg_catalog.=) v_company
              AND CASE v_rule
                  WHEN 'vat_id' THEN ar2c.normalize_tax_id(c.vat_id) OPERATOR(pg_catalog.=) ar2c.normalize_tax_id(d.buyer_vat_id)
                  WHEN 'buyer_reference' THEN c.buyer_reference OPERATOR(pg_catalog.=) d.buyer_reference
                  WHEN 'customer_number' THEN c.customer_number OPERATOR(pg_catalog.=) d.buyer_id
                  ELSE lower(btrim(c.name)) OPERATOR(pg_catalog.=) lower(btrim(d.buyer_name)) END;
        ELSIF v_co.einvoice_unknown_buyer OPERATOR(pg_catalog.=) 'refuse' THEN
            RAISE EXCEPTION 'unknown buyer "%" of e-invoice % for company %', d.buyer_name, d.document_number, v_company
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = format('No customer has VAT identifier %s, buyer reference %s, customer number %s or that name.',
                                      coalesce(d.buyer_vat_id, 'none'), coalesce(d.buyer_reference, 'none'),
                                      coalesce(d.buyer_id, 'none')),
                      HINT = 'Enter the customer (with vat_id or buyer_reference), or set the company''s einvoice_unknown_buyer to ''alert''.';
        ELSIF v_old.status IS NOT NULL THEN
            RETURN QUERY SELECT 'unknown_buyer'::text, d.document_type, d.document_number, NULL::bigint, NULL::bigint,
                                NULL::bigint, d.payable, cardinality(v_lines),
                                format('%s %s is kept since %s: its buyer "%s" is still unknown; nothing written',
                                       d.document_type, d.document_number, v_old.imported_at::date, d.buyer_name);
            RETURN;
        END IF;

        -- claim the number; a concurrent import of the same one waits here
        IF v_old.status IS NULL THEN
            INSERT INTO ar2c.einvoice_document (company_id, document_type, document_number, customer_id, status,
                                                syntax, profile, summary, content)
            VALUES (v_company, d.document_type, d.document_number, v_customer.customer_id, 'unknown_buyer',
                    d.syntax, d.profile, v_summary, content)
            ON CONFLICT DO NOTHING;
            EXIT WHEN FOUND;
            v_customer := NULL;
        ELSE
            EXIT;
        END IF;
    END LOOP;

    IF v_customer.customer_id IS NULL THEN
        INSERT INTO ar2c.alert (company_id, kind, subject_table, message, details)
        VALUES (v_company, 'einvoice_unknown_buyer', 'einvoice_document',
                format('e-invoice %s: unknown buyer "%s"', d.document_number, d.buyer_name),
                jsonb_build_object('document_type', d.document_type, 'document_number', d.document_number,
                                   'buyer_name', d.buyer_name, 'buyer_vat_id', d.buyer_vat_id,
                                   'buyer_reference', d.buyer_reference, 'payable', d.payable::text));
        RETURN QUERY SELECT 'unknown_buyer'::text, d.document_type, d.document_number, NULL::bigint, NULL::bigint,
                            NULL::bigint, d.payable, cardinality(v_lines),
                            format('%s %s kept: buyer "%s" is no customer of company %s; an alert was raised',
                                   d.document_type, d.document_number, d.buyer_name, v_company);
        RETURN;
    END IF;

    -- into the ledger: what the buyer owes is an invoice, what it is owed a credit note
    v_units := ar2c.minor_units_value(d.payable);
    IF d.document_type OPERATOR(pg_catalog.=) 'credit_note' THEN
        v_units := -v_units;
    END IF;
    IF v_units = 0 THEN
        RAISE EXCEPTION 'e-invoice % has nothing to pay: its amount due for payment (BT-115) is %', d.document_number, d.payable
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'ar2c records what a customer owes or is owed; a document settled in advance needs no import.';
    END IF;
    v_item := ar2c.money_cur_units(abs(v_units), d.currency);
    IF v_units > 0 THEN
        SELECT o.order_id INTO v_order FROM ar2c.sales_order o
        WHERE o.customer_id OPERATOR(pg_catalog.=) v_customer.customer_id
          AND o.order_number OPERATOR(pg_catalog.=) d.order_reference;
        v_due := coalesce(d.due_date, d.issue_date + v_customer.payment_terms_days);
        INSERT INTO ar2c.invoice (company_id, customer_id, invoice_number, order_id, issue_date, due_date, amount,
                                  payment_reference)
        VALUES (v_company, v_customer.customer_id, d.document_number, v_order, d.issue_date, v_due, v_item,
                d.payment_reference)
        RETURNING invoice_id INTO v_invoice;
    ELSE
        SELECT i.invoice_id INTO v_invoice FROM ar2c.invoice i
        WHERE i.customer_id OPERATOR(pg_catalog.=) v_customer.customer_id
          AND i.invoice_number OPERATOR(pg_catalog.=) d.preceding_invoice;
        INSERT INTO ar2c.credit_note (company_id, customer_id, credit_note_number, invoice_id, issue_date, amount, reason)
        VALUES (v_company, v_customer.customer_id, d.document_number, v_invoice, d.issue_date, v_item,
                CASE WHEN d.preceding_invoice IS NULL THEN format('e-invoice %s %s', d.document_type, d.document_number)
                     ELSE format('e-invoice %s %s for invoice %s', d.document_type, d.document_number, d.preceding_invoice) END)
        RETURNING credit_note_id INTO v_credit;
        v_invoice := NULL;
    END IF;

    UPDATE ar2c.einvoice_document e
    SET customer_id = v_customer.customer_id, status = 'imported', invoice_id = v_invoice, credit_note_id = v_credit,
        summary = v_summary, content = import_invoice.content, imported_at = now()
    WHERE e.company_id OPERATOR(pg_catalog.=) v_company AND e.document_type OPERATOR(pg_catalog.=) d.document_type
      AND e.document_number OPERATOR(pg_catalog.=) d.document_number;
    INSERT INTO ar2c.invoice_line (company_id, document_type, document_number, line_number, customer_id, invoice_id,
                                   credit_note_id, line_id, item_name, quantity, unit_code, unit_price, base_quantity,
                                   vat_category, vat_rate, line_amount)
    SELECT v_company, l.document_type, l.document_number, l.line_number, v_customer.customer_id, v_invoice, v_credit,
           l.line_id, l.item_name, l.quantity, l.unit_code, l.unit_price, l.base_quantity, l.vat_category, l.vat_rate,
           l.line_amount
    FROM unnest(v_lines) l;

    RETURN QUERY SELECT 'imported'::text, d.document_type, d.document_number, v_customer.customer_id, v_invoice, v_credit,
                        v_item, cardinality(v_lines),
                        format('%s %s imported as %s %s of customer %s (%s), %s lines',
                               d.document_type, d.document_number,
                               CASE WHEN v_credit IS NULL THEN 'invoice' ELSE 'credit note' END,
                               coalesce(v_invoice, v_credit), v_customer.customer_number, v_item, cardinality(v_lines));
END
$$;
COMMENT ON FUNCTION ar2c.import_invoice(bigint, text, text) IS 'import an e-invoice (UBL 2.1 Invoice or CreditNote, CII CrossIndustryInvoice; format ''ubl'', ''cii'' or NULL for either) issued by the company (its vat_id or legal_id): its money rules checked as ar2c.parse_invoice() does, the buyer found among the company''s customers (VAT identifier, buyer reference, customer number, name; unknown: refused or kept with an alert, per company.einvoice_unknown_buyer), an invoice or a credit note written with its lines (ar2c.invoice_line), due date and payment reference; exactly once per company, document type and number: a re-send says already_imported, a changed one is refused (23505) with the differences';

-- Export: an invoice of the ledger as a UBL 2.1 invoice (Peppol BIS 3)
CREATE FUNCTION ar2c.invoice_ubl(invoice_id bigint) RETURNS xml
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id       bigint := $1;
    i          ar2c.invoice;
    co         ar2c.company;
    cu         ar2c.customer;
    v_order    text;
    v_cur      text;
    v_lines    xml;
    v_vat      xml;
    v_net      numeric;
    v_tax      numeric;
    v_gap      numeric;
BEGIN
    SELECT * INTO i FROM ar2c.invoice x WHERE x.invoice_id OPERATOR(pg_catalog.=) v_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown invoice %', v_id
            USING ERRCODE = 'foreign_key_violation', HINT = 'Give an invoice_id of ar2c.invoice that the session may see.';
    END IF;
    SELECT * INTO co FROM ar2c.company c WHERE c.company_id OPERATOR(pg_catalog.=) i.company_id;
    SELECT * INTO cu FROM ar2c.customer c WHERE c.customer_id OPERATOR(pg_catalog.=) i.customer_id;
    SELECT o.order_number INTO v_order FROM ar2c.sales_order o
    WHERE o.customer_id OPERATOR(pg_catalog.=) i.customer_id AND o.order_id OPERATOR(pg_catalog.=) i.order_id;
    v_cur := ar2c.currency(i.amount)::text;

    -- the lines of the e-invoice it was imported from, else one line of its
    -- amount, outside the scope of VAT; the VAT breakdown by category and
    -- rate, each rounded half away from zero
    WITH line AS (
        SELECT l.line_number AS n, l.line_id AS id, l.item_name AS item, l.quantity, l.unit_code AS unit,
               l.unit_price AS price, l.base_quantity AS base, coalesce(l.vat_category, 'O') AS category,
               l.vat_rate AS rate, ar2c.amount(l.line_amount) AS amount
        FROM ar2c.invoice_line l
        WHERE l.customer_id OPERATOR(pg_catalog.=) i.customer_id AND l.invoice_id OPERATOR(pg_catalog.=) i.invoice_id
        UNION ALL
        SELECT 1, '1', 'Invoice ' || i.invoice_number, 1, 'C62', ar2c.amount(i.amount), NULL, 'O', NULL, ar2c.amount(i.amount)
        WHERE NOT EXISTS (SELECT 1 FROM ar2c.invoice_line l
                          WHERE l.customer_id OPERATOR(pg_catalog.=) i.customer_id
                            AND l.invoice_id OPERATOR(pg_catalog.=) i.invoice_id)),
    breakdown AS (
        SELECT l.category, l.rate, sum(l.amount) AS taxable,
               ar2c.amount(ar2c.money_cur(sum(l.amount) * coalesce(l.rate, 0) / 100, ar2c.currency(i.amount), 'half_up')) AS tax
        FROM line l GROUP BY l.category, l.rate)
    SELECT (SELECT sum(l.amount) FROM line l), (SELECT sum(b.tax) FROM breakdown b),
           (SELECT xmlagg(xmlelement(name "cac:TaxSubtotal",
                   xmlelement(name "cbc:TaxableAmount", xmlattributes(v_cur AS "currencyID"), b.taxable),
                   xmlelement(name "cbc:TaxAmount", xmlattributes(v_cur AS "currencyID"), b.tax),
                   xmlelement(name "cac:TaxCategory", xmlelement(name "cbc:ID", b.category),
                              CASE WHEN b.rate IS NOT NULL THEN xmlelement(name "cbc:Percent", b.rate) END,
                              xmlelement(name "cac:TaxScheme", xmlelement(name "cbc:ID", 'VAT'))))
                   ORDER BY b.category, b.rate) FROM breakdown b),
           (SELECT xmlagg(xmlelement(name "cac:InvoiceLine",
                   xmlelement(name "cbc:ID", l.id),
                   xmlelement(name "cbc:InvoicedQuantity", xmlattributes(coalesce(l.unit, 'C62') AS "unitCode"), l.quantity),
                   xmlelement(name "cbc:LineExtensionAmount", xmlattributes(v_cur AS "currencyID"), l.amount),
                   -- the line's allowances less its charges, as one allowance or charge
                   CASE WHEN l.adjustment <> 0 THEN
                       xmlelement(name "cac:AllowanceCharge",
                                  xmlelement(name "cbc:ChargeIndicator", CASE WHEN l.adjustment > 0 THEN 'true' ELSE 'false' END),
                                  xmlelement(name "cbc:Amount", xmlattributes(v_cur AS "currencyID"), abs(l.adjustment))) END,
                   xmlelement(name "cac:Item", xmlelement(name "cbc:Name", l.item),
                              xmlelement(name "cac:ClassifiedTaxCategory", xmlelement(name "cbc:ID", l.category),
                                         CASE WHEN l.rate IS NOT NULL THEN xmlelement(name "cbc:Percent", l.rate) END,
                                         xmlelement(name "cac:TaxScheme", xmlelement(name "cbc:ID", 'VAT')))),
                   xmlelement(name "cac:Price", xmlelement(name "cbc:PriceAmount", xmlattributes(v_cur AS "currencyID"), l.price),
                              CASE WHEN l.base IS NOT NULL THEN
                                  xmlelement(name "cbc:BaseQuantity", xmlattributes(coalesce(l.unit, 'C62') AS "unitCode"), l.base) END))
                   ORDER BY l.n)
            FROM (SELECT l.*, l.amount - ar2c.amount(ar2c.money_cur(l.quantity * l.price / coalesce(l.base, 1),
                                                                    ar2c.currency(i.amount), 'half_up')) AS adjustment
                  FROM line l) l)
    INTO v_net, v_tax, v_vat, v_lines;
    -- what the invoice asks beyond its lines and their VAT is a charge (outside
    -- the scope of VAT), what it asks less was paid before
    v_gap := ar2c.amount(i.amount) - v_net - v_tax;
    IF v_gap > 0 THEN
        v_vat := xmlconcat(v_vat, xmlelement(name "cac:TaxSubtotal",
            xmlelement(name "cbc:TaxableAmount", xmlattributes(v_cur AS "currencyID"), v_gap),
            xmlelement(name "cbc:TaxAmount", xmlattributes(v_cur AS "currencyID"), 0 * v_gap),
            xmlelement(name "cac:TaxCategory", xmlelement(name "cbc:ID", 'O'),
                       xmlelement(name "cac:TaxScheme", xmlelement(name "cbc:ID", 'VAT')))));
    END IF;

    RETURN xmlelement(name "Invoice",
        xmlattributes('urn:oasis:names:specification:ubl:schema:xsd:Invoice-2' AS xmlns,
                      'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2' AS "xmlns:cac",
                      'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2' AS "xmlns:cbc"),
        xmlelement(name "cbc:CustomizationID", 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'),
        xmlelement(name "cbc:ProfileID", 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'),
        xmlelement(name "cbc:ID", i.invoice_number),
        xmlelement(name "cbc:IssueDate", i.issue_date),
        xmlelement(name "cbc:DueDate", i.due_date),
        xmlelement(name "cbc:InvoiceTypeCode", '380'),
        xmlelement(name "cbc:DocumentCurrencyCode", v_cur),
        CASE WHEN cu.buyer_reference IS NOT NULL THEN xmlelement(name "cbc:BuyerReference", cu.buyer_reference) END,
        CASE WHEN v_order IS NOT NULL THEN xmlelement(name "cac:OrderReference", xmlelement(name "cbc:ID", v_order)) END,
        xmlelement(name "cac:AccountingSupplierParty", xmlelement(name "cac:Party",
            CASE WHEN co.vat_id IS NOT NULL THEN xmlelement(name "cac:PartyTaxScheme", xmlelement(name "cbc:CompanyID", co.vat_id),
                                                          xmlelement(name "cac:TaxScheme", xmlelement(name "cbc:ID", 'VAT'))) END,
            xmlelement(name "cac:PartyLegalEntity", xmlelement(name "cbc:RegistrationName", co.name),
                       CASE WHEN co.legal_id IS NOT NULL THEN xmlelement(name "cbc:CompanyID", co.legal_id) END))),
        xmlelement(name "cac:AccountingCustomerParty", xmlelement(name "cac:Party",
            CASE WHEN cu.vat_id IS NOT NULL THEN xmlelement(name "cac:PartyTaxScheme", xmlelement(name "cbc:CompanyID", cu.vat_id),
                                                          xmlelement(name "cac:TaxScheme", xmlelement(name "cbc:ID", 'VAT'))) END,
            xmlelement(name "cac:PartyLegalEntity", xmlelement(name "cbc:RegistrationName", cu.name)))),
        CASE WHEN i.payment_reference IS NOT NULL THEN
            xmlelement(name "cac:PaymentMeans", xmlelement(name "cbc:PaymentMeansCode", '30'),
                       xmlelement(name "cbc:PaymentID", i.payment_reference)) END,
        CASE WHEN v_gap > 0 THEN
            xmlelement(name "cac:AllowanceCharge", xmlelement(name "cbc:ChargeIndicator", 'true'),
                       xmlelement(name "cbc:AllowanceChargeReason", 'Charges not itemized in the ledger'),
                       xmlelement(name "cbc:Amount", xmlattributes(v_cur AS "currencyID"), v_gap),
                       xmlelement(name "cac:TaxCategory", xmlelement(name "cbc:ID", 'O'),
                                  xmlelement(name "cac:TaxScheme", xmlelement(name "cbc:ID", 'VAT')))) END,
        xmlelement(name "cac:TaxTotal", xmlelement(name "cbc:TaxAmount", xmlattributes(v_cur AS "currencyID"), v_tax), v_vat),
        xmlelement(name "cac:LegalMonetaryTotal",
            xmlelement(name "cbc:LineExtensionAmount", xmlattributes(v_cur AS "currencyID"), v_net),
            xmlelement(name "cbc:TaxExclusiveAmount", xmlattributes(v_cur AS "currencyID"), v_net + greatest(v_gap, 0)),
            xmlelement(name "cbc:TaxInclusiveAmount", xmlattributes(v_cur AS "currencyID"), v_net + greatest(v_gap, 0) + v_tax),
            CASE WHEN v_gap > 0 THEN xmlelement(name "cbc:ChargeTotalAmount", xmlattributes(v_cur AS "currencyID"), v_gap) END,
            CASE WHEN v_gap < 0 THEN xmlelement(name "cbc:PrepaidAmount", xmlattributes(v_cur AS "currencyID"), -v_gap) END,
            xmlelement(name "cbc:PayableAmount", xmlattributes(v_cur AS "currencyID"), ar2c.amount(i.amount))),
        v_lines);
END
$$;
COMMENT ON FUNCTION ar2c.invoice_ubl(bigint) IS 'an invoice of the ledger as a UBL 2.1 invoice (Peppol BIS 3): seller the company (vat_id, legal_id), buyer the customer (vat_id, buyer_reference), dates, order, payment reference, the lines of the e-invoice it was imported from (a line''s allowances and charges as one), else one line of its amount (VAT category O), the VAT breakdown by category and rate, the amount due its amount (what it asks beyond the lines and their VAT a document charge outside the scope of VAT, what it asks less the prepaid amount); ar2c.import_invoice() reads it back to the same terms; 23503 for an invoice the session cannot see';
