-- Issued payment references: the reference an invoice asks its payer to
-- quote when it is not the invoice number: RF (ISO 11649), Belgian
-- structured communication, Finnish reference, Swiss QR reference,
-- Norwegian KID (core/creditor_reference.h; manual: doc/references.md).
-- The invoice trigger (ar2c.invoice_maintain) checks one written and
-- issues one by the company's scheme; apply_cash matches them.

ALTER TABLE ar2c.company ADD COLUMN payment_reference_scheme text,
    ADD CONSTRAINT company_payment_reference_scheme_valid
        CHECK (payment_reference_scheme IN ('rf', 'be', 'fi', 'ch_qr', 'no_kid'));
COMMENT ON COLUMN ar2c.company.payment_reference_scheme IS 'the scheme of the payment references the company issues: rf (ISO 11649), be (Belgian structured communication), fi (Finnish reference), ch_qr (Swiss QR reference), no_kid (Norwegian KID); an invoice inserted without payment_reference gets one made from its invoice number''s digits (rf: letters and digits); NULL: none issued';

ALTER TABLE ar2c.invoice ADD COLUMN payment_reference text;
COMMENT ON COLUMN ar2c.invoice.payment_reference IS 'the payment reference the invoice asks the payer to quote, as issued (''+++090/9337/55493+++''); checked on write by the scheme its shape claims (22023 if its check digits are wrong); issued by the company''s payment_reference_scheme when an invoice is inserted without one; apply_cash reads it in remittance text as if the invoice number had been written';

CREATE FUNCTION ar2c.payment_reference(scheme text, payload text) RETURNS text
    AS 'MODULE_PATHNAME', 'payment_reference' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.payment_reference(text, text) IS
    'a payment reference of a scheme (rf, be, fi, ch_qr, no_kid) made from a payload (rf: its letters and digits; the others: its digits, padded with zeros), in its printed form: payment_reference(''be'', ''0909337554'') = ''+++090/9337/55493+++''; 22023 for an unknown scheme or a payload that does not fit';

CREATE FUNCTION ar2c.payment_reference_scheme(reference text) RETURNS text
    AS 'MODULE_PATHNAME', 'payment_reference_scheme' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.payment_reference_scheme(text) IS
    'the scheme a text is a valid payment reference of: rf, be (framed, or 12 digits), then for digits alone ch_qr (27 digits), be, fi, no_kid, the first whose check digits are right; NULL if none';

CREATE FUNCTION ar2c.normalize_payment_reference(reference text) RETURNS text
    AS 'MODULE_PATHNAME', 'normalize_payment_reference' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.normalize_payment_reference(text) IS
    'the key a payment reference is matched on: its letters and digits, upper case, the rest dropped but for the "-" that ends a KID (''+++090/9337/55493+++'' -> ''090933755493''); NULL if it has no letter or digit';

CREATE FUNCTION ar2c.payment_reference_keys(remittance text, OUT key text, OUT structured boolean)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'payment_reference_keys' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION ar2c.payment_reference_keys(text) IS
    'the keys (as normalize_payment_reference gives them) of what in a remittance text may be an issued payment reference: structured, the references extract_references finds (rf, and an RF reference''s payload of digits; be_ogm, ch_qr, labelled fi and kid); not structured, bare numbers of 5 to 27 digits, joined or in groups, valid in a scheme of digits, outside IBANs, dates, amounts and longer tokens';

-- apply_cash looks the keys up among a company's open invoices
CREATE INDEX invoice_open_payment_reference
    ON ar2c.invoice (company_id, ar2c.normalize_payment_reference(payment_reference))
    WHERE status IN ('open', 'partially_paid') AND payment_reference IS NOT NULL;
