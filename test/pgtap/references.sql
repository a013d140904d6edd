-- references: refusals with their SQLSTATE and hint, and properties over
-- generated invoice numbers and IBANs
BEGIN;
SET search_path = public, ar2c;
SELECT plan(45);

-- the hint of the error a statement raises
CREATE FUNCTION pg_temp.hint_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE h text;
BEGIN
  EXECUTE sql;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
  RETURN h;
END $$;

-- iban(): each kind of error, 22023, naming the value and what is wrong
SELECT throws_ok($$SELECT iban('DE89 3704 0044 0532 0130 0')$$, '22023',
                 'invalid IBAN "DE89 3704 0044 0532 0130 0"', 'one character short');
SELECT is(pg_temp.hint_of($$SELECT iban('DE89 3704 0044 0532 0130 0')$$),
          'Wrong length for country DE (expected 22 characters, found 21): check for a missing or extra character.',
          'the hint names the country and its length');
SELECT throws_ok($$SELECT iban('DE88 3704 0044 0532 0130 00')$$, '22023',
                 'invalid IBAN "DE88 3704 0044 0532 0130 00"', 'bad check digits');
SELECT matches(pg_temp.hint_of($$SELECT iban('DE88 3704 0044 0532 0130 00')$$),
               '^Bad check digits', 'the hint says the check digits are bad');
SELECT throws_ok($$SELECT iban('DE00 3704 0044 0532 0130 00')$$, '22023', NULL,
                 'check digits 00 are never valid');
SELECT throws_ok($$SELECT iban('XX89 3704 0044 0532 0130 00')$$, '22023',
                 'invalid IBAN "XX89 3704 0044 0532 0130 00"', 'unknown country');
SELECT matches(pg_temp.hint_of($$SELECT iban('XX89 3704 0044 0532 0130 00')$$),
               '^Unknown country "XX"', 'the hint names the unknown country');
SELECT throws_ok($$SELECT iban('GB29 NW3K 6016 1331 9268 19')$$, '22023', NULL,
                 'a digit where the registry has a letter');
SELECT is(pg_temp.hint_of($$SELECT iban('GB29 NW3K 6016 1331 9268 19')$$),
          'Wrong format for country GB: character 7 ("3") must be a capital letter (BBAN format 4!a6!n8!n).',
          'the hint names the character and the format');
SELECT throws_ok($$SELECT iban('DE89.3704.0044.0532.0130.00')$$, '22023', NULL, 'a dot');
SELECT throws_ok($$SELECT iban('12345678')$$, '22023', NULL, 'no country code');
SELECT throws_ok($$SELECT iban('   ')$$, '22023', 'invalid IBAN "   "', 'only spaces');
SELECT throws_ok($$SELECT iban(repeat('DE89 ', 40))$$, '22023',
                 'invalid IBAN "' || rpad(repeat('DE89 ', 16), 80) || '..."',
                 'a long value is quoted up to 80 bytes');

-- the non-strict functions answer NULL or false instead
SELECT is(iban_normalize('DE88 3704 0044 0532 0130 00'), NULL, 'iban_normalize of an invalid IBAN is NULL');
SELECT is(iban_country('XX89'), NULL, 'iban_country of an invalid IBAN is NULL');
SELECT ok(NOT iban_valid('DE89 3704 0044 0532 0130 0'), 'iban_valid is false for a short IBAN');
SELECT is(iban_normalize(' de89 3704 0044 0532 0130 00 '), 'DE89370400440532013000', 'iban_normalize');

-- rf_reference(): 22023 when no reference can be made
SELECT throws_ok($$SELECT rf_reference('')$$, '22023',
                 'cannot make an RF creditor reference from ""', 'empty');
SELECT throws_ok($$SELECT rf_reference('INV#12')$$, '22023', NULL, 'a character that is not allowed');
SELECT throws_ok($$SELECT rf_reference('1234567890123456789012')$$, '22023', NULL, '22 characters');
SELECT lives_ok($$SELECT rf_reference('123456789012345678901')$$, '21 characters');
SELECT is(rf_payload('RF19 5390 0754 7034'), NULL, 'rf_payload of an invalid reference is NULL');

-- extract_references(): bad patterns
SELECT throws_ok($$SELECT * FROM extract_references('x', '{"(INV"}')$$, '22023',
                 'invalid invoice pattern "(INV"', 'an unclosed group');
SELECT throws_ok($$SELECT * FROM extract_references('x', '{"{q}"}')$$, '22023', NULL, 'an unknown class');
SELECT throws_ok($$SELECT * FROM extract_references('x', '{""}')$$, '22023', NULL, 'an empty pattern');
SELECT throws_ok($$SELECT * FROM extract_references('x', ARRAY['INV-{d}', NULL])$$, '22004',
                 'invoice pattern 2 is null', 'a null pattern');

-- properties of RF references over generated invoice numbers
CREATE TEMP TABLE invoice_numbers AS
SELECT g, CASE g % 4
            WHEN 0 THEN format('INV-%s-%s', 2000 + g % 30, lpad(g::text, 5, '0'))
            WHEN 1 THEN format('RE%s/%s', 2020 + g % 7, g)
            WHEN 2 THEN format('inv %s %s', 2026, g)
            ELSE upper(substr(md5(g::text), 1, 1 + g % 21))
          END AS num
FROM generate_series(1, 400) g;
SELECT is((SELECT count(*) FROM invoice_numbers WHERE NOT rf_valid(rf_reference(num))), 0::bigint,
          'rf_valid(rf_reference(x)) for 400 invoice numbers');
SELECT is((SELECT count(*) FROM invoice_numbers
           WHERE rf_payload(rf_reference(num)) <> upper(regexp_replace(num, '[-/._ ]', '', 'g'))), 0::bigint,
          'the payload is the invoice number without separators');
SELECT is((SELECT count(*) FROM invoice_numbers WHERE g % 4 <> 3
           AND normalize_invoice_number(rf_payload(rf_reference(num))) <> normalize_invoice_number(num)), 0::bigint,
          'the payload normalises like the invoice number');
SELECT is((SELECT count(*) FROM invoice_numbers
           WHERE rf_valid(overlay(rf_reference(num) PLACING
                   CASE substr(rf_reference(num), 5, 1) WHEN '0' THEN '1' WHEN 'Q' THEN 'R' ELSE '0' END
                   FROM 5 FOR 1))), 0::bigint,
          'changing the first character of the reference breaks it');
SELECT is((SELECT count(*) FROM invoice_numbers
           WHERE rf_valid(regexp_replace(rf_reference(num), '(....)', '\1 ', 'g'))
             AND rf_valid(lower(rf_reference(num)))), 400::bigint,
          'print form and lower case validate too');
SELECT is((SELECT count(*) FROM invoice_numbers
           WHERE normalize_invoice_number(num) = normalize_invoice_number(normalize_invoice_number(num))), 400::bigint,
          'normalising twice changes nothing');

-- an invoice number in a sentence is found where it stands, as it is written
SELECT is((SELECT count(*) FROM invoice_numbers n,
                  LATERAL (SELECT count(*) AS c, min(reference) AS ref, min(position) AS pos,
                                  min(normalized) AS norm
                           FROM extract_references('Payment ' || n.num || ' thanks') WHERE kind = 'invoice') x
           WHERE n.g % 4 IN (0, 1) AND (x.c <> 1 OR x.ref <> n.num OR x.pos <> 9
                                       OR x.norm <> normalize_invoice_number(n.num))), 0::bigint,
          'INV-YYYY-N and REYYYY/N are found in a sentence, at position 9');

-- an RF reference in a sentence is found, in print form too
SELECT is((SELECT count(*) FROM invoice_numbers n,
                  LATERAL extract_references('Ref. ' || regexp_replace(rf_reference(n.num), '(....)', '\1 ', 'g')
                                             || ', thank you') x
           WHERE x.kind = 'rf' AND x.normalized = rf_reference(n.num) AND x.position = 6), 400::bigint,
          'each of the 400 RF references is found in a sentence, at position 6');

-- properties of IBANs: one per registry country and seed, built here
CREATE FUNCTION pg_temp.bban_for(format text, seed int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  part text[];
  result text := '';
  k int := 0;
BEGIN
  FOR part IN SELECT regexp_matches(format, '(\d+)!([nac])', 'g') LOOP
    FOR i IN 1..part[1]::int LOOP
      k := k + 1;
      result := result || CASE part[2]
        WHEN 'n' THEN ((seed * 7 + k * 13) % 10)::text
        WHEN 'a' THEN chr(65 + (seed * 11 + k * 5) % 26)
        ELSE substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1 + (seed * 3 + k * 17) % 36, 1) END;
    END LOOP;
  END LOOP;
  RETURN result;
END $$;
-- check digits: 98 minus (BBAN, country, "00") mod 97, letters as 10..35
CREATE FUNCTION pg_temp.iban_make(cc text, bban text) RETURNS text LANGUAGE sql AS $$
  SELECT cc || lpad((98 - (SELECT string_agg(CASE WHEN ch ~ '[A-Z]' THEN (ascii(ch) - 55)::text ELSE ch END, '' ORDER BY i)
                           FROM unnest(string_to_array(bban || cc || '00', NULL)) WITH ORDINALITY AS u(ch, i))::numeric % 97)::text,
                    2, '0') || bban
$$;
CREATE TEMP TABLE ibans AS
SELECT c.country_code, c.iban_length, pg_temp.iban_make(c.country_code, pg_temp.bban_for(c.bban_format, s)) AS iban
FROM iban_countries() c, generate_series(1, 6) s;
SELECT is((SELECT count(*) FROM ibans), 534::bigint, '6 IBANs for each of the 89 countries');
SELECT is((SELECT count(*) FROM ibans WHERE iban_valid(iban) AND iban_country(iban) = country_code
           AND length(iban) = iban_length AND iban(iban) = iban), 534::bigint, 'all of them are valid');
SELECT is((SELECT count(*) FROM ibans
           WHERE iban_valid(regexp_replace(lower(iban), '(....)', '\1 ', 'g'))), 534::bigint,
          'in print form and lower case too');
-- change the last digit of each (every BBAN here ends in digits or has some)
SELECT is((SELECT count(*) FROM ibans, LATERAL (SELECT max(p) AS p FROM generate_series(5, length(iban)) p
                                               WHERE substr(iban, p, 1) ~ '[0-9]') d
           WHERE d.p IS NOT NULL
             AND iban_valid(overlay(iban PLACING ((substr(iban, d.p, 1)::int + 1 + (d.p % 9)) % 10)::text
                                    FROM d.p FOR 1))), 0::bigint,
          'an IBAN with one digit changed is not valid');
SELECT is((SELECT count(*) FROM ibans, LATERAL (SELECT max(p) AS p FROM generate_series(5, length(iban)) p
                                               WHERE substr(iban, p, 1) ~ '[0-9]') d
           WHERE d.p IS NULL), 0::bigint, 'every generated IBAN has a digit to change');
SELECT is((SELECT count(*) FROM ibans, LATERAL (SELECT min(p) AS p FROM generate_series(5, length(iban) - 1) p
                                               WHERE substr(iban, p, 2) ~ '^[0-9]{2}$'
                                                 AND substr(iban, p, 1) <> substr(iban, p + 1, 1)) d
           WHERE d.p IS NOT NULL
             AND iban_valid(overlay(iban PLACING substr(iban, d.p + 1, 1) || substr(iban, d.p, 1) FROM d.p FOR 2))),
          0::bigint, 'an IBAN with two adjacent digits swapped is not valid');
SELECT is((SELECT count(*) FROM ibans WHERE iban_valid(substr(iban, 1, length(iban) - 1))
                                          OR iban_valid(iban || '0')), 0::bigint,
          'one character less or more is not valid');
-- an IBAN in a sentence is found, and never read as an invoice number
SELECT is((SELECT count(*) FROM ibans i, LATERAL extract_references('Please pay to IBAN ' || i.iban || '.') x
           WHERE x.kind = 'iban' AND x.normalized = i.iban AND x.position = 20), 534::bigint,
          'every IBAN is found in a sentence, at position 20');
SELECT is((SELECT count(*) FROM ibans i, LATERAL extract_references('IBAN ' || regexp_replace(i.iban, '(....)', '\1 ', 'g')) x
           WHERE x.kind <> 'iban'), 0::bigint,
          'an IBAN in print form gives nothing but the IBAN');

-- every function is IMMUTABLE, PARALLEL SAFE and has a comment
SELECT is((SELECT count(*) FROM pg_proc
           WHERE pronamespace = 'ar2c'::regnamespace
             AND proname IN ('rf_reference', 'rf_valid', 'rf_payload', 'iban', 'iban_normalize', 'iban_valid',
                             'iban_country', 'iban_countries', 'normalize_invoice_number',
                             'default_invoice_patterns', 'extract_references')
             AND provolatile = 'i' AND proparallel = 's'
             AND obj_description(oid, 'pg_proc') IS NOT NULL), 11::bigint,
          'the eleven functions are IMMUTABLE, PARALLEL SAFE and commented');
SELECT ok(NOT (SELECT proisstrict FROM pg_proc WHERE oid = 'ar2c.extract_references(text, text[])'::regprocedure),
          'extract_references is not strict: NULL patterns mean the defaults');

SELECT * FROM finish();
ROLLBACK;
