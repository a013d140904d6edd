-- Loads the string pairs of bench/similarity.bench: at scale 1, one million
-- pairs of payer-name-like strings of 56 to 64 characters (60 on average),
-- upper-case letters and spaces, the same on every run (hashes of the row
-- number, no random()). Two pairs in three are one string and a copy with
-- three edits (a transposition, a substitution, a deletion, as a clerk's
-- typos); the third pair is two unrelated strings. similarity_pairs_mb
-- holds the same pairs with five letters made multibyte (accented Latin
-- and CJK), to time the code-point path. Skipped when already loaded at
-- this scale.

CREATE SCHEMA IF NOT EXISTS ar2c_bench;

-- the loaded scale is kept as the table's comment
SELECT to_regclass('ar2c_bench.similarity_pairs_mb') IS NULL
    OR coalesce(obj_description(to_regclass('ar2c_bench.similarity_pairs'), 'pg_class'), '')
       <> 'scale ' || :'scale'
    AS load_similarity \gset
\if :load_similarity
DROP TABLE IF EXISTS ar2c_bench.similarity_pairs, ar2c_bench.similarity_pairs_mb;
CREATE TABLE ar2c_bench.similarity_pairs (id integer PRIMARY KEY, a text NOT NULL, b text NOT NULL);

-- A string of 56 to 64 of the 16 characters A E I O U space B C D G L M N R S T
CREATE FUNCTION pg_temp.letters(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT substr(translate(md5(i::text) || md5((i + 1000000007)::text),
                            '0123456789abcdef', 'AEIOU BCDGLMNRST'),
                  1, 56 + (i % 9)::integer)
$$;

INSERT INTO ar2c_bench.similarity_pairs
SELECT i, a,
       CASE WHEN i % 3 = 0 THEN pg_temp.letters(i + 500000000)
            ELSE overlay(overlay(overlay(a placing substr(a, p + 1, 1) || substr(a, p, 1) from p for 2)
                                 placing 'X' from q for 1)
                         placing '' from r for 1)
       END
FROM (SELECT i, pg_temp.letters(i) AS a,
             1 + (i * 7919 % 50)::integer AS p,
             1 + (i * 104729 % 55)::integer AS q,
             1 + (i * 1299709 % 55)::integer AS r
      FROM generate_series(1, greatest(round(1000000 * :'scale'::numeric), 1)::bigint) AS i) AS s;

CREATE TABLE ar2c_bench.similarity_pairs_mb AS
SELECT id, translate(a, 'AEOCD', 'ÄÉÖ上海') AS a, translate(b, 'AEOCD', 'ÄÉÖ上海') AS b
FROM ar2c_bench.similarity_pairs;

SELECT 'scale ' || :'scale' AS similarity_scale \gset
COMMENT ON TABLE ar2c_bench.similarity_pairs IS :'similarity_scale';
VACUUM ANALYZE ar2c_bench.similarity_pairs, ar2c_bench.similarity_pairs_mb;
CHECKPOINT;
\endif
