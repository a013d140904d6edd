-- Today's bank statement, as the bank sends it: an MT940 file with one
-- statement per currency account of Acme Trading, whose credits pay some
-- open invoices the way payers write them (references in all spellings,
-- names without legal forms or in capitals, bank charges deducted), plus
-- the bank's own account fee (a debit, which is not a payment). The file
-- is built here from the demo ledger, then imported with
-- ar2c.import_statement() exactly as a file read from disk would be.
\if :demo_loaded
\echo '(today''s statement was imported when the demo data was loaded)'
\else
-- a valid German IBAN for a bank code and account number (ISO 13616 mod 97)
CREATE TEMP TABLE demo_iban AS
SELECT 'DE' || lpad((98 - ((bban || '131400')::numeric % 97))::text, 2, '0') || bban AS iban, bban
FROM (VALUES ('370400440532013000'), ('370400440532013001'), ('370400440532013002')) b(bban);

CREATE TEMP TABLE demo_entry AS
SELECT i.currency, k,
       CASE WHEN k % 10 = 7 THEN i.open_amount OPERATOR(ar2c.-) ar2c.money_cur_units(1500, i.currency)
            ELSE i.open_amount END AS amount,
       CASE WHEN k % 3 = 0 THEN upper(split_part(c.name, ' ', 1) || ' ' || split_part(c.name, ' ', 2)) ELSE c.name END AS payer,
       -- most payers pay from the same account every time; a few give none
       CASE WHEN k % 6 <> 5 THEN 'DE' || lpad((98 - (('50010517' || lpad(c.customer_id::text, 10, '0') || '131400')::numeric % 97))::text, 2, '0')
                                 || '50010517' || lpad(c.customer_id::text, 10, '0') END AS payer_iban,
       CASE k % 5 WHEN 0 THEN i.invoice_number WHEN 1 THEN 'Rechnung ' || replace(i.invoice_number, '-', '')
                  WHEN 2 THEN 'Invoice ' || i.invoice_number || ' thank you' WHEN 3 THEN ar2c.rf_reference(i.invoice_number)
                  ELSE 'payment' END AS remittance
FROM (SELECT i.*, ar2c.currency(i.open_amount) AS currency, row_number() OVER (ORDER BY i.invoice_id) AS k
      FROM ar2c.invoice i
      WHERE i.company_id = 9001 AND i.status = 'open' AND ar2c.minor_units_value(i.open_amount) > 5000) i
JOIN ar2c.customer c USING (customer_id)
WHERE k % 4 = 0;

-- and what no rule can place with confidence: a payer ar2c does not know,
-- and known customers paying round sums on account without a reference
INSERT INTO demo_entry (currency, k, amount, payer, payer_iban, remittance)
SELECT 'EUR', 100000 + n, ar2c.money_cur(v.amount, 'EUR'), coalesce(v.payer, c.name), NULL, v.remittance
FROM (VALUES (1, 1234.56, 'Kowalski Handel Sp. z o.o.', 'Zahlung Oktober'),
             (2, 5000.00, NULL, 'Abschlag'),
             (3, 2500.00, NULL, 'a conto')) v(n, amount, payer, remittance)
LEFT JOIN LATERAL (SELECT cu.name FROM ar2c.customer cu
                   WHERE cu.company_id = 9001 AND cu.currency = 'EUR'
                     AND ar2c.minor_units_value(ar2c.customer_exposure(cu.customer_id)) > 1000000
                   ORDER BY cu.customer_id OFFSET v.n LIMIT 1) c ON v.payer IS NULL;

-- MT940 amounts: a decimal comma, no thousands separator
CREATE FUNCTION pg_temp.mt940_amount(m ar2c.money_cur) RETURNS text LANGUAGE sql IMMUTABLE
RETURN replace(to_char(ar2c.amount(m), 'FM999999999999990.00'), '.', ',');
-- field 86 in the slash-code dialect, broken into lines of 65 characters as banks do
CREATE FUNCTION pg_temp.mt940_86(info text) RETURNS text LANGUAGE sql IMMUTABLE
RETURN (SELECT string_agg(substr(':86:' || info, 1 + 65 * n, 65), E'\r\n' ORDER BY n)
        FROM generate_series(0, (length(info) + 3) / 65) n);

WITH account AS (
    SELECT s.currency, s.nth, a.iban,
           ar2c.money_cur_units(2500000 * s.nth, s.currency) AS opening,
           ar2c.money_cur_units(1250, s.currency) AS fee
    FROM (SELECT currency, row_number() OVER (ORDER BY count(*) DESC) AS nth FROM demo_entry GROUP BY currency) s
    JOIN (SELECT iban, row_number() OVER (ORDER BY bban) AS nth FROM demo_iban) a USING (nth)
), statement AS (
    SELECT a.*,
           ar2c.sum(e.amount) OPERATOR(ar2c.+) a.opening OPERATOR(ar2c.-) a.fee AS closing,
           string_agg(':61:' || to_char(ar2c.aging_date(), 'YYMMDDMMDD') || 'C' || pg_temp.mt940_amount(e.amount)
                      || 'NTRFNONREF//' || to_char(ar2c.aging_date(), 'YYMMDD') || '-' || lpad(e.k::text, 5, '0') || E'\r\n'
                      || pg_temp.mt940_86('/EREF/NOTPROVIDED'
                                          || CASE WHEN e.payer_iban IS NOT NULL THEN '/CNTP/' || e.payer_iban || '/COBADEFFXXX/' || e.payer || '//'
                                                  ELSE '/NAME/' || e.payer END
                                          || '/REMI/USTD//' || e.remittance || '/'),
                      E'\r\n' ORDER BY e.k) AS entries
    FROM account a JOIN demo_entry e USING (currency)
    GROUP BY a.currency, a.nth, a.iban, a.opening, a.fee
)
SELECT string_agg(concat_ws(E'\r\n',
           ':20:ACME' || to_char(ar2c.aging_date(), 'YYMMDD') || '-' || nth,
           ':25:' || iban,
           ':28C:' || (ar2c.aging_date() - DATE '2026-01-01' + 1) || '/1',
           ':60F:C' || to_char(ar2c.aging_date() - 1, 'YYMMDD') || currency || pg_temp.mt940_amount(opening),
           entries,
           ':61:' || to_char(ar2c.aging_date(), 'YYMMDDMMDD') || 'D' || pg_temp.mt940_amount(fee) || 'NCHGNONREF//FEE',
           ':86:/REMI/USTD//Account maintenance fee/',
           ':62F:C' || to_char(ar2c.aging_date(), 'YYMMDD') || currency || pg_temp.mt940_amount(closing),
           '-'), E'\r\n' ORDER BY nth) AS statement_file
FROM statement \gset

\echo 'The file as the bank sent it (MT940, its first lines):'
SELECT line AS "MT940" FROM regexp_split_to_table(:'statement_file', E'\r\n') WITH ORDINALITY l(line, n) WHERE n <= 9 ORDER BY n;
\echo 'Importing it (ar2c.import_statement: checks every statement adds up, credits become payments):'
SELECT file_format, statements_new AS statements, entries_new AS entries, payments_created AS payments,
       array_to_string(credited, ', ') AS credited, summary
FROM ar2c.import_statement(9001, :'statement_file');
\echo 'The same file again, as happens when a download is retried: nothing is imported twice'
SELECT statements_skipped, entries_skipped, payments_created, summary FROM ar2c.import_statement(9001, :'statement_file');
\endif
