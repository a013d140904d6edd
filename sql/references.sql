-- references: RF creditor references, IBANs, invoice numbers, extraction
SET search_path = public, ar2c;

-- ISO 11649: the RF reference of an invoice number, and its check
SELECT rf_reference('539007547034') AS iso_example,
       rf_reference('INV-2026-00012') AS invoice,
       rf_reference('g72u ur') AS letters;
SELECT ref, rf_valid(ref), rf_payload(ref)
FROM unnest(ARRAY['RF18 5390 0754 7034', 'rf18539007547034', 'RF45 G72U UR',
                  'RF71 2348 231', 'RF53 4567 8', 'RF71 4567 8',
                  'RF19 5390 0754 7034', 'RF18', 'XX18 5390 0754 7034',
                  'RF74 0000 0000 0000 0000 0000 1',
                  'RF18 0000 0000 0000 0000 0000 0000 1']) AS ref;

-- generation drops spaces and - / . _; other characters are refused
SELECT rf_reference('');
SELECT rf_reference('INV#2026');
SELECT rf_reference('1234567890 1234567890 12');

-- IBAN: print and electronic form, any case; the country and its length
SELECT iban, iban_valid(iban), iban_normalize(iban), iban_country(iban)
FROM unnest(ARRAY['DE89 3704 0044 0532 0130 00', 'gb29nwbk60161331926819',
                  'FR14 2004 1010 0505 0001 3M02 606', 'CH93 0076 2011 6238 5295 7',
                  'NL91 ABNA 0417 1643 00', 'ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００',
                  'DE88 3704 0044 0532 0130 00', 'DE89 3704 0044 0532 0130 0',
                  'XX89 3704 0044 0532 0130 00', 'US12 3456 7890']) AS iban;
SELECT country_code, country_name, iban_length, bban_format
FROM iban_countries() WHERE country_code IN ('DE', 'FR', 'GB', 'CN', 'MT', 'NO')
ORDER BY country_code;
SELECT count(*) AS countries, min(iban_length), max(iban_length) FROM iban_countries();

-- the strict constructor names what is wrong
\set VERBOSITY default
SELECT iban('DE89 3704 0044 0532 0130 00') AS ok;
SELECT iban('DE89 3704 0044 0532 0130 0');
SELECT iban('DE88 3704 0044 0532 0130 00');
SELECT iban('XX89 3704 0044 0532 0130 00');
SELECT iban('GB29 NW3K 6016 1331 9268 19');
SELECT iban('DE89-3704-0044-0532-0130-00');
SELECT iban('1234');
SELECT iban('');

-- invoice numbers: spellings of one number normalise alike
SELECT n, normalize_invoice_number(n)
FROM unnest(ARRAY['INV-2026-00012', 'inv 2026 12', 'INV2026/12', 'INV202600012',
                  'ＩＮＶ－２０２６－０００１２', 'INV-2026-00120', '2026-00012',
                  'RE 4711', '00042', '-/-']) AS n;

-- extraction: an English remittance
SELECT * FROM extract_references(
  'Payment for invoice INV-2026-00012 and INV2026/13, paid 2026-06-30, '
  'amount 1,234.56 USD, IBAN GB29 NWBK 6016 1331 9268 19, call +1 212 555 0123');

-- a German one, with an RF reference and an MT940 end-to-end id
SELECT * FROM extract_references(
  'EREF+E2E-2026-0042 SVWZ+Rechnung 2026-00012 vom 30.06.2026, '
  'Betrag 1.234,56 EUR, RF18 5390 0754 7034, Rg.-Nr. 4711');

-- a Chinese one with full-width digits
SELECT * FROM extract_references('货款 发票号：２０２６－０００１２，金额１２３４．５６元，发票号码 ＩＮＶ－２０２６－０００１３');

-- the position counts characters, as strpos does
SELECT reference, position, strpos(t, reference) AS strpos
FROM (SELECT '付款 发票号 INV-2026-00012' AS t) s, extract_references(t);

-- patterns of one's own; '{}' for none, NULL for the defaults
SELECT * FROM extract_references('Kd.-Nr. 4711, Auftrag A-778812', '{"A-{d6}"}');
SELECT * FROM extract_references('Kd.-Nr. 4711, Auftrag A-778812', '{"KD.-NR. <{d4}>", "A-{d6}"}');
SELECT kind, reference FROM extract_references('INV-2026-1 RF18539007547034', '{}');
SELECT kind, reference FROM extract_references('INV-2026-1 RF18539007547034', NULL);
SELECT kind, reference FROM extract_references(NULL);
SELECT array_length(default_invoice_patterns(), 1) AS default_patterns;
SELECT kind, reference
FROM extract_references('ACME-123456 INV-2026-7', default_invoice_patterns() || '{"ACME-{d6}"}');

-- bad patterns
SELECT * FROM extract_references('x', '{"(INV"}');
SELECT * FROM extract_references('x', '{"INV-{d99}"}');
SELECT * FROM extract_references('x', '{"\\d+"}');
SELECT * FROM extract_references('x', ARRAY[NULL]);

-- the same references in a table of payments
CREATE TEMP TABLE remittance (id int, txt text);
INSERT INTO remittance VALUES
  (1, 'INV-2026-00012'),
  (2, 'Rechnung ２０２６－０００１２'),
  (3, 'RF' || substr(rf_reference('INV-2026-00012'), 3)),
  (4, 'thank you');
SELECT r.id, x.kind, x.normalized,
       coalesce(normalize_invoice_number(rf_payload(x.normalized)), x.normalized) AS invoice_key
FROM remittance r LEFT JOIN LATERAL extract_references(r.txt) x ON true
ORDER BY r.id, x.position;
