-- text similarity: refusals, NULL and empty input, and properties over
-- generated pairs (symmetry, identity, range, the bound, idempotence)
BEGIN;
SET search_path = public, ar2c;
SELECT plan(46);

-- refusals
SELECT throws_ok($$SELECT ar2c.damerau_levenshtein('a', 'b', -1)$$, '22023',
                 'max_distance must not be negative: -1', 'a negative bound');
SELECT throws_ok($$SELECT ar2c.jaro_winkler(repeat('a', 10001), 'a')$$, '54000',
                 'argument 1 of ar2c.jaro_winkler is too long: 10001 characters',
                 'jaro_winkler refuses more than 10000 characters');
SELECT throws_ok($$SELECT ar2c.damerau_levenshtein('a', repeat('é', 10001), 3)$$, '54000',
                 'argument 2 of ar2c.damerau_levenshtein is too long: 10001 characters',
                 'damerau_levenshtein counts characters, not bytes, for its limit');
SELECT throws_ok($$SELECT ar2c.name_similarity(repeat('ab ', 5000), 'a')$$, '54000', NULL,
                 'name_similarity refuses a name of more than 10000 characters');
SELECT lives_ok($$SELECT ar2c.jaro_winkler(repeat('é', 10000), repeat('e', 10000))$$,
                '10000 characters are allowed');
-- In a UTF-8 database the server itself refuses bytes that are not UTF-8
-- before they reach ar2c (sql/text_similarity.sql shows ar2c's own error in
-- a SQL_ASCII database); the SQLSTATE is the same.
SELECT throws_ok($$SELECT ar2c.normalize_name(convert_from('\xff'::bytea, 'SQL_ASCII'))$$, '22021',
                 NULL, 'bytes that are not UTF-8 never become text');

-- NULL in, NULL out (strict); empty strings
SELECT is(ar2c.jaro_winkler(NULL, 'a'), NULL, 'jaro_winkler of NULL');
SELECT is(ar2c.damerau_levenshtein('a', 'b', NULL), NULL, 'damerau_levenshtein with a NULL bound');
SELECT is(ar2c.name_similarity('a', NULL), NULL, 'name_similarity of NULL');
SELECT is(ar2c.name_key_similarity(ar2c.normalize_name('Acme Tradng Co., Ltd.'), ar2c.normalize_name('ACME TRADING LIMITED')),
          ar2c.name_similarity('Acme Tradng Co., Ltd.', 'ACME TRADING LIMITED'),
          'name_key_similarity of normalized names is name_similarity of the names');
SELECT throws_ok($$SELECT ar2c.name_key_similarity(repeat('ab ', 5000), 'a')$$, '54000', NULL,
                 'name_key_similarity refuses a name of more than 10000 characters');
SELECT is(ar2c.name_tokens('Müller Maschinenbau GmbH & Co. KG'), '{MASCHINENBAU,MULLER}'::text[],
          'name_tokens: the words of the normalized name');
SELECT is(ar2c.name_tokens('华强电子股份有限公司'), '{华强,强电,电子}'::text[], 'name_tokens: bigrams of a Chinese name');
SELECT results_eq(
    $$SELECT name_key, round(similarity::numeric, 3) FROM ar2c.name_candidates(
          ARRAY['NORDWIND TRADING', 'NORDWIND TRADING 2', 'NORDWIND FOODS', 'ALPEN TRADING'], ARRAY['NORDWIND TRADNG'], 2)$$,
    $$SELECT n, round(ar2c.name_key_similarity('NORDWIND TRADNG', n)::numeric, 3)
      FROM unnest(ARRAY['NORDWIND TRADING', 'NORDWIND TRADING 2']) n$$,
    'name_candidates: the names holding the known tokens, most similar first, at most as many as asked');
SELECT throws_ok($$SELECT * FROM ar2c.name_candidates('{A}', '{A}', 0)$$, '22023',
                 'name_candidates needs max_names >= 1, not 0', 'name_candidates refuses to find no names');
SELECT is(ar2c.normalize_reference(NULL), NULL, 'normalize_reference of NULL');
SELECT is(ar2c.jaro_winkler('', ''), 1::float8, 'two empty strings are equal');
SELECT is(ar2c.jaro_winkler('abc', ''), 0::float8, 'an empty string matches nothing');
SELECT is(ar2c.damerau_levenshtein('', '', 0), 0, 'distance of empty strings');
SELECT is(ar2c.damerau_levenshtein('', 'abcdef', 2), 3, 'the bound applies to insertions too');
SELECT is(ar2c.token_set_similarity('', ''), 0::float8, 'no words, no similarity');
SELECT is(ar2c.name_similarity('Ltd.', 'Ltd.'), 1::float8, 'a name that is only a legal form is kept, so it matches itself');
SELECT is(ar2c.name_similarity('---', '---'), 0::float8, 'names with no letters score 0');
SELECT is(ar2c.normalize_name(''), '', 'normalize_name of empty text');

-- every function is IMMUTABLE STRICT PARALLEL SAFE and has a comment
SELECT is((SELECT count(*) FROM pg_proc
           WHERE pronamespace = 'ar2c'::regnamespace
             AND proname IN ('normalize_name', 'normalize_reference', 'fold_text', 'jaro_winkler',
                             'damerau_levenshtein', 'token_set_similarity', 'name_similarity')
             AND provolatile = 'i' AND proisstrict AND proparallel = 's'
             AND obj_description(oid, 'pg_proc') IS NOT NULL),
          8::bigint, 'eight functions, all immutable, strict, parallel safe and commented');

-- generated pairs: ASCII and multibyte letters, shared stems, reordered
-- words, legal forms and Chinese, 400 of them
CREATE TEMP TABLE pairs AS
SELECT i,
       translate(substr(md5(i::text), 1, 4 + i % 11), '0123456789abcdef', 'aeiouäé上海 rstlnm') ||
           CASE i % 5 WHEN 0 THEN ' GmbH' WHEN 1 THEN ' 有限公司' ELSE '' END AS a,
       translate(substr(md5((i / 2)::text), 1, 4 + i % 13), '0123456789abcdef', 'aeiouaE上航 RSTLNm') ||
           CASE i % 3 WHEN 0 THEN ' S.A.' ELSE '' END AS b
FROM generate_series(1, 400) AS i;

SELECT is((SELECT count(*) FROM pairs WHERE jaro_winkler(a, b) IS DISTINCT FROM jaro_winkler(b, a)),
          0::bigint, 'jaro_winkler is symmetric');
SELECT is((SELECT count(*) FROM pairs WHERE damerau_levenshtein(a, b) <> damerau_levenshtein(b, a)),
          0::bigint, 'damerau_levenshtein is symmetric');
SELECT is((SELECT count(*) FROM pairs WHERE token_set_similarity(a, b) IS DISTINCT FROM token_set_similarity(b, a)),
          0::bigint, 'token_set_similarity is symmetric');
SELECT is((SELECT count(*) FROM pairs WHERE name_similarity(a, b) IS DISTINCT FROM name_similarity(b, a)),
          0::bigint, 'name_similarity is symmetric');

SELECT is((SELECT count(*) FROM pairs WHERE jaro_winkler(a, a) <> 1 OR jaro_winkler(b, b) <> 1),
          0::bigint, 'jaro_winkler of a string with itself is 1');
SELECT is((SELECT count(*) FROM pairs WHERE damerau_levenshtein(a, a) <> 0),
          0::bigint, 'damerau_levenshtein of a string with itself is 0');
SELECT is((SELECT count(*) FROM pairs WHERE token_set_similarity(a, a) <> 1),
          0::bigint, 'token_set_similarity of a name with itself is 1');
SELECT is((SELECT count(*) FROM pairs WHERE name_similarity(a, a) <> 1),
          0::bigint, 'name_similarity of a name with itself is 1');
SELECT is((SELECT count(*) FROM pairs
           WHERE normalize_name(a) = normalize_name(a || ' Ltd.') AND name_similarity(a, a || ' Ltd.') <> 1),
          0::bigint, 'names equal after normalization score 1');

SELECT is((SELECT count(*) FROM pairs WHERE NOT jaro_winkler(a, b) BETWEEN 0 AND 1),
          0::bigint, 'jaro_winkler lies in [0, 1]');
SELECT is((SELECT count(*) FROM pairs WHERE NOT token_set_similarity(a, b) BETWEEN 0 AND 1),
          0::bigint, 'token_set_similarity lies in [0, 1]');
SELECT is((SELECT count(*) FROM pairs WHERE NOT name_similarity(a, b) BETWEEN 0 AND 1),
          0::bigint, 'name_similarity lies in [0, 1]');
SELECT is((SELECT count(*) FROM pairs
           WHERE damerau_levenshtein(a, b) NOT BETWEEN abs(length(a) - length(b)) AND greatest(length(a), length(b))),
          0::bigint, 'damerau_levenshtein lies between the length difference and the longer length');
SELECT is((SELECT count(*) FROM pairs
           WHERE (SELECT count(*) FILTER (WHERE damerau_levenshtein(a, b, k) <> least(damerau_levenshtein(a, b), k + 1))
                  FROM generate_series(0, 8) AS k) > 0),
          0::bigint, 'the bounded distance is the distance, or the bound + 1 when beyond it');
SELECT is((SELECT count(*) FROM pairs
           WHERE damerau_levenshtein(a, substr(a, 2, 1) || substr(a, 1, 1) || substr(a, 3)) > 1),
          0::bigint, 'swapping two adjacent characters costs at most 1');

-- the normalizations are idempotent
SELECT is((SELECT count(*) FROM pairs WHERE normalize_name(normalize_name(a)) <> normalize_name(a)
                                         OR normalize_name(normalize_name(b)) <> normalize_name(b)),
          0::bigint, 'normalize_name is idempotent');
SELECT is((SELECT count(*) FROM pairs WHERE normalize_reference(normalize_reference(a)) <> normalize_reference(a)),
          0::bigint, 'normalize_reference is idempotent');
SELECT is((SELECT count(*) FROM pairs WHERE fold_text(fold_text(b)) <> fold_text(b)),
          0::bigint, 'fold_text is idempotent');

-- the pairs really exercise the functions: multibyte text, legal forms,
-- and scores spread over the range
SELECT ok((SELECT count(*) FROM pairs WHERE octet_length(a) > length(a)) > 100, 'many pairs are multibyte');
SELECT ok((SELECT count(*) FROM pairs WHERE normalize_name(a) <> upper(a)) > 100, 'many names lose a legal form or an accent');
SELECT ok((SELECT count(DISTINCT round(name_similarity(a, b)::numeric, 1)) FROM pairs) >= 5,
          'name scores spread over the range');

SELECT * FROM finish();
ROLLBACK;
