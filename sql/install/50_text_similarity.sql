-- Text similarity for cash application (core/text_normalize.c,
-- core/similarity.c): names and references folded for matching, and string
-- similarity on Unicode code points. All of them read text as UTF-8
-- (converting from the database encoding when it is another one).
-- This file is ASCII only: an extension script is read in the database's
-- encoding, and a UTF-8 byte would break CREATE EXTENSION in SJIS or BIG5.

CREATE FUNCTION ar2c.normalize_name(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'normalize_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.normalize_name(text) IS 'a payer name folded for matching: full-width to half-width, upper case, accents stripped (e-acute -> E, sharp s -> SS), punctuation to single spaces, legal-form words removed (GmbH, S.A., Ltd, Chinese you xian gong si): ''Mueller GmbH & Co. KG'' -> ''MUELLER''';

CREATE FUNCTION ar2c.normalize_reference(reference text) RETURNS text
    AS 'MODULE_PATHNAME', 'normalize_reference' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.normalize_reference(text) IS 'a payment or invoice reference folded like normalize_name, keeping only letters and digits: ''inv-2026/0012'' (also in full-width forms) -> ''INV20260012''';

CREATE FUNCTION ar2c.pinyin(text text) RETURNS text
    AS 'MODULE_PATHNAME', 'pinyin' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.pinyin(text) IS 'Han ideographs as toneless pinyin, lower case, u-umlaut as v, one space between syllables and around them; everything else kept (Hangzhou Ruifeng''s name in Chinese -> ''hang zhou rui feng ji xie you xian gong si''); from Unicode''s Unihan kMandarin readings (the first reading), U+3400 to U+9FFF';

CREATE FUNCTION ar2c.fold_text(text text) RETURNS text
    AS 'MODULE_PATHNAME', 'fold_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.fold_text(text) IS 'text folded for searching: full-width to half-width, upper case, accents stripped, white space runs to one space, punctuation kept as ASCII (the ideographic full stop -> .): full-width ''INV-2026-0012'' -> ''INV-2026-0012''';

CREATE FUNCTION ar2c.jaro_winkler(a text, b text) RETURNS double precision
    AS 'MODULE_PATHNAME', 'jaro_winkler' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.jaro_winkler(text, text) IS 'Jaro-Winkler similarity in [0, 1] on Unicode code points, case-sensitive: prefix scale 0.1, common prefix up to 4, always applied (no boost threshold); 1 for equal strings, 0 when one is empty';

CREATE FUNCTION ar2c.damerau_levenshtein(a text, b text, max_distance integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'damerau_levenshtein_max' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.damerau_levenshtein(text, text, integer) IS 'restricted Damerau-Levenshtein (optimal string alignment) distance on code points: insertions, deletions, substitutions and transpositions of adjacent characters; max_distance + 1 as soon as it exceeds max_distance, in O(length x max_distance)';

CREATE FUNCTION ar2c.damerau_levenshtein(a text, b text) RETURNS integer
    AS 'MODULE_PATHNAME', 'damerau_levenshtein' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.damerau_levenshtein(text, text) IS 'restricted Damerau-Levenshtein (optimal string alignment) distance on code points, without a bound';

CREATE FUNCTION ar2c.token_set_similarity(a text, b text) RETURNS double precision
    AS 'MODULE_PATHNAME', 'token_set_similarity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.token_set_similarity(text, text) IS 'Dice coefficient 2|A n B| / (|A| + |B|) of the sets of words of two names after normalize_name, whatever their order; 0 when either has no word';

CREATE FUNCTION ar2c.name_similarity(a text, b text) RETURNS double precision
    AS 'MODULE_PATHNAME', 'name_similarity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.name_similarity(text, text) IS 'payer-name score in [0, 1] after normalize_name: Chinese and Japanese runs by character-bigram Dice, other words by 0.5 x word Dice (misspelt words paired by Jaro-Winkler >= 0.88) + 0.5 x Jaro-Winkler (in order or sorted, the better), the parts weighted by length, and with the umlaut digraphs AE, OE, UE folded to one vowel, or without a legal form written first before two words or more, if that scores better; a Chinese name against one in Latin letters in pinyin (brand, place optional, industry words in English)';
CREATE FUNCTION ar2c.name_key_similarity(a text, b text) RETURNS double precision
    AS 'MODULE_PATHNAME', 'name_key_similarity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.name_key_similarity(text, text) IS 'name_similarity of two names normalize_name has normalized already (name_key_similarity(normalize_name(a), normalize_name(b)) = name_similarity(a, b)), without normalizing them again: for names kept normalized, as ar2c.customer.name_key';

CREATE FUNCTION ar2c.name_tokens(name text) RETURNS text[]
    AS 'MODULE_PATHNAME', 'name_tokens' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.name_tokens(text) IS 'tokens of a name for candidate look-up, after normalize_name, distinct, in byte order: its words of two characters or more, or, for a word with a CJK ideograph (U+3400 to U+9FFF), the bigrams of its characters, as Chinese names have no spaces';
CREATE FUNCTION ar2c.name_candidates(names text[], payer_names text[], max_names integer)
    RETURNS TABLE (payer_key text, name_key text, similarity double precision)
    AS 'MODULE_PATHNAME', 'name_candidates' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION ar2c.name_candidates(text[], text[], integer) IS 'for each payer name, the at most max_names names most similar to it (name_key_similarity) among those that hold every token (name_tokens) of it that some name holds; both lists normalized by normalize_name; an index of the names'' tokens is built once per call';
