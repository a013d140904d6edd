-- references: RF creditor references (ISO 11649), IBANs (ISO 13616),
-- invoice numbers, and their extraction from remittance text
-- (core/reference.h, core/iban.h; manual: doc/references.md).
-- All are pure functions of their arguments: IMMUTABLE, PARALLEL SAFE.

CREATE FUNCTION ar2c.rf_reference(reference text) RETURNS text
    AS 'MODULE_PATHNAME', 'rf_reference' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.rf_reference(text) IS
    'ISO 11649 RF creditor reference of an invoice number or reference (1 to 21 letters and digits; spaces, -, /, ., _ dropped): ''RF18539007547034''';

CREATE FUNCTION ar2c.rf_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'rf_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.rf_valid(text) IS
    'true if the text is a valid ISO 11649 RF creditor reference, in print or electronic form, any case';

CREATE FUNCTION ar2c.rf_payload(text) RETURNS text
    AS 'MODULE_PATHNAME', 'rf_payload' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.rf_payload(text) IS
    'the reference inside a valid RF creditor reference, upper case without spaces; NULL if it is not valid';

CREATE FUNCTION ar2c.iban(text) RETURNS text
    AS 'MODULE_PATHNAME', 'iban_strict' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.iban(text) IS
    'electronic form of a valid IBAN (''DE89370400440532013000''); raises 22023 naming what is wrong otherwise';

CREATE FUNCTION ar2c.iban_normalize(text) RETURNS text
    AS 'MODULE_PATHNAME', 'iban_normalize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.iban_normalize(text) IS
    'electronic form of a valid IBAN (spaces removed, upper case); NULL if it is not valid';

CREATE FUNCTION ar2c.iban_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'iban_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.iban_valid(text) IS
    'true if the text is a valid IBAN: a registry country, its length and BBAN format, and mod 97 check digits';

CREATE FUNCTION ar2c.iban_country(text) RETURNS text
    AS 'MODULE_PATHNAME', 'iban_country' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.iban_country(text) IS
    'country code of a valid IBAN (''DE''); NULL if it is not valid';

CREATE FUNCTION ar2c.iban_countries(
    OUT country_code text, OUT country_name text, OUT iban_length integer, OUT bban_format text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'iban_countries' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 89;
COMMENT ON FUNCTION ar2c.iban_countries() IS
    'the compiled-in SWIFT IBAN registry (release 101): country, IBAN length, BBAN format (8!n10!n: 8 digits, 10 digits)';

CREATE FUNCTION ar2c.normalize_invoice_number(text) RETURNS text
    AS 'MODULE_PATHNAME', 'normalize_invoice_number' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.normalize_invoice_number(text) IS
    'invoice number in a form that spellings of it share: ''INV-2026-00012'', ''inv 2026 12'', ''INV2026/12'' -> ''INV-2026-12''; NULL if it has no letter or digit';

CREATE FUNCTION ar2c.default_invoice_patterns() RETURNS text[]
    AS 'MODULE_PATHNAME', 'default_invoice_patterns' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.default_invoice_patterns() IS
    'the invoice number patterns extract_references uses when given none, in the order they are tried';

-- Not STRICT: a NULL pattern array means the default patterns.
CREATE FUNCTION ar2c.extract_references(
    remittance text, patterns text[] DEFAULT NULL,
    OUT kind text, OUT reference text, OUT normalized text, OUT "position" integer)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'extract_references' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION ar2c.extract_references(text, text[]) IS
    'every reference in a remittance text, by position: kind rf, iban, e2e (end-to-end id) or invoice (found by the patterns; NULL: the defaults), the text as written, its normalised form, and its character position';
