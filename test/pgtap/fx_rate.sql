-- fx_rate: refusals and the dump registration
BEGIN;
SET search_path = public, ar2c;
SELECT plan(7);

INSERT INTO fx_rate (from_currency, to_currency, rate_date, rate) VALUES ('EUR', 'USD', '2026-01-01', 1.085);
SELECT throws_ok($$SELECT convert('1.00 EUR', 'USD', date '2025-12-31')$$, '22023',
                 'no exchange rate from EUR to USD on or before 2025-12-31', 'no rate before the first one');
SELECT throws_ok($$SELECT convert('1.00 EUR', 'GBP', date '2026-02-01')$$, '22023', NULL, 'no rate for the pair');
SELECT throws_ok($$INSERT INTO fx_rate VALUES ('EUR', 'GBP', '2026-01-01', -1)$$, '23514', NULL, 'negative rate');
SELECT throws_ok($$INSERT INTO fx_rate VALUES ('EUR', 'EUR', '2026-01-01', 1)$$, '23514', NULL, 'same currency');
SELECT throws_ok($$INSERT INTO fx_rate VALUES ('EUR', 'USD', '2026-01-01', 1.09)$$, '23505', NULL, 'two rates for one day');
SELECT is(convert('1.00 EUR', 'USD', date '2027-01-01'), '1.08 USD'::money_cur, 'a rate stays in force until the next; 1.085 rounds half-even to 1.08');
SELECT ok(EXISTS (SELECT 1 FROM pg_extension e, unnest(e.extconfig) c
                  WHERE e.extname = 'ar2c' AND c = 'ar2c.fx_rate'::regclass), 'fx_rate is dumped with the data');

SELECT * FROM finish();
ROLLBACK;
