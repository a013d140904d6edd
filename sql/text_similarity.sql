-- text similarity: names and references folded for matching, and string
-- similarity on Unicode code points
SET search_path = public, ar2c;

-- normalize_name: upper case, accents stripped (ü -> U, ß -> SS, Ø -> O,
-- Ł -> L), punctuation to single spaces, apostrophes dropped, legal-form
-- words removed (never the first word), Chinese legal suffixes removed
SELECT name, normalize_name(name) FROM (VALUES
    ('Müller GmbH'),
    ('Müller GmbH & Co. KG'),
    ('Société Générale S.A.'),
    ('Siemens AG'),
    ('ACME Co., Ltd.'),
    ('Maison Dupont SARL'),
    ('Koninklijke Philips N.V.'),
    ('Fiat S.p.A.'),
    ('Hans Meier e.K.'),
    ('O''Brien & Sons Ltd'),
    ('SAS Institute Inc.'),
    ('Ltd'),
    ('Straße der Ölmühle'),
    ('Łódź Ærø Øresund'),
    ('Nguyễn Văn Thành'),
    ('Δημήτρης Παπαδόπουλος'),
    ('Ёлкин и Йогуртов'),
    ('上海远航贸易有限公司'),
    ('中国平安保险(集团)股份有限公司'),
    ('阿里巴巴集团控股有限公司'),
    ('  ＡＣＭＥ　Ｔｒａｄｉｎｇ，Ｌｔｄ．  ')
) AS v(name);

-- fold_text keeps punctuation (full-width and ideographic forms become
-- ASCII); normalize_reference keeps letters and digits only
SELECT ref, fold_text(ref), normalize_reference(ref) FROM (VALUES
    ('ＩＮＶ－２０２６－００１２'),
    ('inv 2026/0012'),
    ('发票号：ＩＮＶ－２０２６－００１２。'),
    ('RF18 5390 0754 7034'),
    ('Rechnung Nr. 4711 – Müller'),
    ('“ﬁnal”   invoice   №12')
) AS v(ref);

-- empty and NULL: the functions are strict
SELECT normalize_name('') AS empty, normalize_name('---') AS punctuation,
       normalize_name(NULL) IS NULL AS null_in_null_out;

-- Jaro-Winkler: Winkler's published values (MARTHA/MARHTA 0.961,
-- DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813), then equal, empty and
-- case-different strings (the function itself is case-sensitive)
SELECT a, b, round(jaro_winkler(a, b)::numeric, 3) AS jw FROM (VALUES
    ('MARTHA', 'MARHTA'),
    ('DWAYNE', 'DUANE'),
    ('DIXON', 'DICKSONX'),
    ('abc', 'abc'),
    ('abc', ''),
    ('', ''),
    ('martha', 'MARTHA')
) AS v(a, b);

-- Jaro-Winkler counts code points, not bytes. pg_similarity's jarowinkler
-- compares bytes and gives other values on these pairs: 0.900 for 北京/南京
-- (5 of their 6 bytes agree, though only 1 of their 2 characters does),
-- 0.864 for Müller/Muller, 0.858 for 上海远航贸易/上海长江贸易,
-- 0.778 for Zoë/Zoe
SELECT a, b, round(jaro_winkler(a, b)::numeric, 3) AS jw FROM (VALUES
    ('北京', '南京'),
    ('Müller', 'Muller'),
    ('上海远航贸易', '上海长江贸易'),
    ('Zoë', 'Zoe')
) AS v(a, b);

-- Damerau-Levenshtein (optimal string alignment): CA/ABC is 3, since no
-- substring is edited twice; a transposition costs 1, on characters too
SELECT a, b, damerau_levenshtein(a, b) AS distance FROM (VALUES
    ('CA', 'ABC'),
    ('abcdef', 'abcfed'),
    ('INV-2026-0012', 'INV-2062-0012'),
    ('Müller', 'Mueller'),
    ('上海远航', '上海航远'),
    ('kitten', 'sitting'),
    ('', 'abc')
) AS v(a, b);

-- with a bound: the distance when it is within the bound, else bound + 1
SELECT damerau_levenshtein('kitten', 'sitting', 3) AS within,
       damerau_levenshtein('kitten', 'sitting', 2) AS beyond,
       damerau_levenshtein('kitten', 'sitting', 0) AS zero_bound,
       damerau_levenshtein('abc', 'abc', 0) AS equal;
SELECT damerau_levenshtein('a', 'b', -1);

-- token_set_similarity: Dice coefficient of the sets of words after
-- normalize_name, so order, case, punctuation and legal forms do not count
SELECT a, b, round(token_set_similarity(a, b)::numeric, 3) AS dice FROM (VALUES
    ('Hans Müller', 'MULLER, Hans'),
    ('ACME Trading Ltd', 'Acme Trading Shanghai Branch'),
    ('Bank of China', 'China Construction Bank'),
    ('ACME Trading', 'Globex Industries'),
    ('上海远航贸易有限公司', '上海远航贸易'),
    ('Ltd.', '---')
) AS v(a, b);

-- name_similarity: normalized names; a misspelt word still pairs
-- (TRADNG/TRADING), word order does not count, Chinese is compared by
-- character bigrams, a name given in two scripts still matches its Latin
-- half closely, and a Chinese name is compared with one in Latin letters in
-- pinyin
SELECT a, b, round(name_similarity(a, b)::numeric, 3) AS score FROM (VALUES
    ('ACME Trading Co., Ltd.', 'ACME TRADING LIMITED'),
    ('Acme Tradng', 'ACME Trading'),
    ('Hans Müller', 'MUELLER HANS'),
    ('Société Générale S.A.', 'SOCIETE GENERALE'),
    ('ACME Trading', 'ACME Trading Shanghai Branch'),
    ('ACME Trading', 'Globex Industries'),
    ('上海远航贸易有限公司', '上海远航贸易'),
    ('上海远航贸易有限公司', '上海远航国际贸易有限公司'),
    ('上海远航贸易有限公司', '上海长江贸易有限公司'),
    ('上海远航贸易有限公司 Shanghai Yuanhang Trading Co., Ltd.', 'SHANGHAI YUANHANG TRADING CO LTD'),
    ('上海远航贸易有限公司', 'Shanghai Yuanhang Trading Co., Ltd.'),
    ('', '')
) AS v(a, b);

-- Chinese customers paying from abroad: their name in pinyin (the city
-- anywhere or left out, the industry in English, spaces between
-- syllables, tones) is a sure name; another brand in the same city and
-- trade is not
SELECT ar2c.pinyin('杭州瑞丰机械有限公司') AS pinyin, ar2c.pinyin('Rechnung 付款 2026') AS mixed;
SELECT payer, customer, round(ar2c.name_similarity(payer, customer)::numeric, 3) AS score FROM (VALUES
    ('HANGZHOU RUIFENG MACHINERY CO LTD', '杭州瑞丰机械有限公司'),
    ('RUIFENG MACHINERY (HANGZHOU) CO., LTD.', '杭州瑞丰机械有限公司'),
    ('RUI FENG MACHINERY CO LTD', '杭州瑞丰机械有限公司'),
    ('HANGZHOU HUAQIANG MACHINERY CO LTD', '杭州瑞丰机械有限公司'),
    ('XI''AN LVCHENG SCIENCE AND TECHNOLOGY CO LTD', '西安绿城科技有限公司'),
    ('ZHEJIANG RUIFENG IMP AND EXP CO LTD', '浙江瑞丰进出口有限公司'),
    ('宁波海天食品有限公司', 'Ningbo Haitian Foods Co., Ltd.')
) AS v(payer, customer);

-- in a LATIN1 database the text is converted to UTF-8 and back
CREATE DATABASE ar2c_text_latin1 TEMPLATE template0 ENCODING 'LATIN1'
    LC_COLLATE 'C' LC_CTYPE 'C';
\set regress_db :DBNAME
\c ar2c_text_latin1
SET client_encoding = 'UTF8';
CREATE EXTENSION ar2c;
SELECT ar2c.normalize_name('Müller & Söhne GmbH') AS name,
       ar2c.fold_text('Ærø ÿ µm') AS folded,
       round(ar2c.jaro_winkler('Müller', 'Muller')::numeric, 3) AS jw,
       ar2c.damerau_levenshtein('Müller', 'Mueller') AS distance;
SELECT ar2c.legal_form('Société Générale S.A.') AS forms,
       ar2c.name_tokens(ar2c.normalize_name('Müller Söhne')) AS tokens;
-- a legal form's Chinese equivalents are left out where LATIN1 cannot hold them
SELECT ar2c.name_forms('Atlas Foods Co. Ltd') AS name_forms;
\c :regress_db
DROP DATABASE ar2c_text_latin1;

-- in a SQL_ASCII database text is stored unchecked: bytes that are not
-- UTF-8 are refused with their offset (in a UTF-8 database the server
-- never lets them in)
CREATE DATABASE ar2c_text_sql_ascii TEMPLATE template0 ENCODING 'SQL_ASCII'
    LC_COLLATE 'C' LC_CTYPE 'C';
\c ar2c_text_sql_ascii
CREATE EXTENSION ar2c;
SELECT ar2c.normalize_name(E'ACME\xff Ltd');
SELECT ar2c.jaro_winkler('ACME', E'AC\xe4\xb8ME');
SELECT ar2c.name_similarity(E'M\xc3\xbcller', E'M\xfcller');
SELECT ar2c.legal_form(E'ACME\xff Ltd');
SELECT ar2c.name_tokens(E'ACME\xff Ltd');
SELECT ar2c.pinyin(E'\xe6\x9d\xad\xff');
SELECT ar2c.name_key_similarity('ACME', E'AC\xffME');
SELECT ar2c.normalize_name(E'M\xc3\xbcller GmbH') AS valid_utf8_is_read;
\c :regress_db
DROP DATABASE ar2c_text_sql_ascii;
