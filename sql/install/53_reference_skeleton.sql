-- Skeletons of invoice numbers: what survives of a number that a payer or
-- a bank damaged (prefix dropped, parts run together or padded, OCR
-- confusions, full-width digits), so that cash application finds its
-- invoice through an index (invoice_open_skeleton) and lets the amount
-- confirm it.

CREATE FUNCTION ar2c.invoice_number_skeleton(text) RETURNS text
    AS 'MODULE_PATHNAME', 'invoice_number_skeleton' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.invoice_number_skeleton(text) IS
    'the digit runs of an invoice number as normalize_invoice_number splits them, joined by "-", after folding full-width forms and the letters an OCR confuses with digits (O, I, L, S, B, Z beside a digit): FA-2025-01569, 2025/1569 and 2O25-l569 all give 2025-1569; NULL with fewer than 4 digits';

CREATE FUNCTION ar2c.reference_skeletons(remittance text, except_tokens text[] DEFAULT '{}')
    RETURNS TABLE (skeleton text, damage text, written text, token text)
    AS 'MODULE_PATHNAME', 'reference_skeletons' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION ar2c.reference_skeletons(text, text[]) IS
    'the skeletons a remittance may name invoices by: of every number-like token, bare or after any word, the whole, its neighbouring digit runs and each run alone (damage none), and of those with 5 digits or more every adjacent swap of two digits (damage swapped); written is the skeleton as written a swap was made from, token the skeleton of the whole token; none of a token whose skeleton is in except_tokens (NULL elements are ignored)';
