-- exchange rates by date and conversion that reads them
SET search_path = public, ar2c;
-- a fresh extension: the tests share one database, and the ledger's history cannot be deleted
SET client_min_messages = warning;
DROP EXTENSION ar2c CASCADE;
CREATE EXTENSION ar2c;
RESET client_min_messages;

INSERT INTO fx_rate (from_currency, to_currency, rate_date, rate, source) VALUES
  ('EUR', 'USD', '2026-01-01', 1.0850, 'ECB'),
  ('EUR', 'USD', '2026-06-01', 1.1000, 'ECB'),
  ('USD', 'JPY', '2026-03-01', 150, 'bank'),
  ('USD', 'EUR', '2026-06-01', 0.9000, 'bank');

-- the rate in force is the latest on or before the date, in either direction
SELECT d, (fx_rate_on('EUR', 'USD', d)).*
FROM unnest('{2026-01-01,2026-05-31,2026-06-01,2026-12-31}'::date[]) d;
SELECT (fx_rate_on('JPY', 'USD', '2026-03-02')).*;

-- conversion by date; a reverse quote is divided by, exactly
SELECT convert('100.00 EUR', 'USD', date '2026-03-15') AS eur_usd_march,
       convert('100.00 EUR', 'USD', date '2026-06-01') AS eur_usd_june,
       convert('15000 JPY', 'USD', date '2026-03-02') AS jpy_usd,
       convert('1 JPY', 'USD', date '2026-03-02') AS one_yen,
       convert('1.00 EUR', 'EUR', date '1999-01-01') AS same_currency;

-- convert_inverse: 1 unit of the target = rate units of the amount's currency
SELECT convert_inverse('100.00 EUR', 'USD', 0.9) AS inverse, convert('100.00 EUR', 'USD', 1 / 0.9) AS rounded_rate;

-- refusals
SELECT convert('100.00 EUR', 'USD', date '2025-12-31');
SELECT convert('100.00 EUR', 'GBP', date '2026-03-15');
\set VERBOSITY terse
INSERT INTO fx_rate VALUES ('EUR', 'EUR', '2026-01-01', 1);
INSERT INTO fx_rate VALUES ('EUR', 'GBP', '2026-01-01', 0);
INSERT INTO fx_rate VALUES ('EUR', 'USD', '2026-01-01', 1.09);
\set VERBOSITY default
