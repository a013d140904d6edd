-- currency: ISO 4217 codes
SET search_path = public, ar2c;

-- input is case-insensitive and canonical on output
SELECT 'eur'::currency AS eur, ' usd '::currency AS usd, 'Jpy'::currency AS jpy;

-- minor units, names and numeric codes of a few currencies
SELECT c AS code, minor_units(c), numeric_code(c), currency_name(c)
FROM unnest('{JPY,USD,EUR,KWD,CLF,CNY,CHF,GBP,XAU}'::currency[]) AS c
ORDER BY c;

-- sorting is alphabetical, and the btree and hash classes work
SELECT array_agg(c ORDER BY c) FROM unnest('{USD,EUR,AUD,JPY,CHF}'::currency[]) AS c;
SELECT c, count(*) FROM unnest('{EUR,USD,EUR,EUR,USD}'::currency[]) AS c GROUP BY c ORDER BY c;
SET enable_sort = off;
SELECT DISTINCT c FROM unnest('{EUR,USD,EUR}'::currency[]) AS c ORDER BY c;
RESET enable_sort;

-- the whole table
SELECT count(*) AS currencies, count(*) FILTER (WHERE minor_units = 0) AS without_decimals,
       count(*) FILTER (WHERE minor_units = 3) AS three_decimals,
       count(*) FILTER (WHERE minor_units IS NULL) AS no_minor_unit
FROM currencies();

-- binary form: the three letters
SELECT currency_send('CHF');

-- unknown codes name the value and hint at close ones
SELECT 'EUX'::currency;
SELECT 'US'::currency;
SELECT 'ZZZ'::currency;
