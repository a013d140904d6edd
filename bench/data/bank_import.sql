-- Prepares bench/bank_import.bench: one statement file of each format,
-- generated in SQL (string_agg), held in ar2c_bench.bank_file:
--
--   mt940     one MT940 statement (CRLF, no SWIFT envelope) of n entries
--   camt.053  one camt.053.001.08 document of one statement of n entries
--
-- scale 1 = 100,000 entries each. The entries are deterministic (hashes
-- of the entry number): 4 in 5 are credits, amounts 1.00 to 5,000.99 EUR;
-- the :86: of the MT940 entries rotates through the three dialects
-- (German ?20 with EREF+/SVWZ+, /EREF/../REMI/USTD//, free text); each
-- camt entry has one TxDtls with an end-to-end id, a debtor and an
-- unstructured remittance, every tenth a structured RF reference instead.
-- Skipped when already prepared at this scale.
--
-- Each run imports into a company of its own (ar2c_bench.bank_company()
-- makes the next one, untimed), so every run starts without duplicates.

CREATE SCHEMA IF NOT EXISTS ar2c_bench;

CREATE TABLE IF NOT EXISTS ar2c_bench.bank_file (
    format  text PRIMARY KEY,
    scale   numeric NOT NULL,
    entries integer NOT NULL,
    content text NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS ar2c_bench.bank_company_seq START 1000000;

-- A new company for the next run; returns its id
CREATE OR REPLACE FUNCTION ar2c_bench.bank_company() RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO ar2c.company (company_id, name, functional_currency)
    VALUES (nextval('ar2c_bench.bank_company_seq'), 'Bank import bench', 'EUR')
    RETURNING company_id
$$;

-- The entries: number, amount in cents, credit or debit
CREATE OR REPLACE FUNCTION ar2c_bench.bank_entries(n integer)
RETURNS TABLE (i integer, cents bigint, credit boolean)
LANGUAGE sql IMMUTABLE AS $$
    SELECT i, 100 + abs(hashint4(i)) % 500000, i % 5 <> 0 FROM generate_series(1, n) i
$$;

-- "1234,56" (MT940) or "1234.56" (ISO 20022) from cents
CREATE OR REPLACE FUNCTION ar2c_bench.bank_amount(cents bigint, mark text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT (cents / 100) || mark || lpad((cents % 100)::text, 2, '0')
$$;

-- An MT940 statement of n entries
CREATE OR REPLACE FUNCTION ar2c_bench.bank_mt940(n integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\r\n',
        ':20:BENCH-MT940', ':25:DE89370400440532013000', ':28C:00001/001', ':60F:C260304EUR1000000,00',
        string_agg(
            ':61:2603050305' || CASE WHEN credit THEN 'C' ELSE 'D' END || ar2c_bench.bank_amount(cents, ',')
            || 'NTRFNONREF//B' || i || E'\r\n:86:'
            || CASE i % 3
                   WHEN 0 THEN '166?00SEPA-GUTSCHRIFT?20EREF+E2E-' || i || '?21SVWZ+INV-2026-' || lpad(i::text, 6, '0')
                               || E'\r\n?31DE02100100100006820101?32Customer ' || i % 997
                   WHEN 1 THEN '/EREF/E2E-' || i || '//CNTP/DE02100100100006820101/COBADEFFXXX/Customer ' || i % 997
                               || E'///\r\n/REMI/USTD//Invoice INV-2026-' || lpad(i::text, 6, '0') || '/'
                   ELSE 'Payment INV-2026-' || lpad(i::text, 6, '0') || E'\r\nCustomer ' || i % 997
               END,
            E'\r\n' ORDER BY i),
        ':62F:C260305EUR' || ar2c_bench.bank_amount((100000000 + sum(CASE WHEN credit THEN cents ELSE -cents END))::bigint, ','),
        '-') || E'\r\n'
    FROM ar2c_bench.bank_entries(n)
$$;

-- A camt.053.001.08 document of one statement of n entries
CREATE OR REPLACE FUNCTION ar2c_bench.bank_camt053(n integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT '<?xml version="1.0" encoding="UTF-8"?>' || E'\n'
        || '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>'
        || '<GrpHdr><MsgId>BENCH-CAMT</MsgId><CreDtTm>2026-03-06T06:00:00</CreDtTm></GrpHdr>'
        || '<Stmt><Id>BENCH-CAMT-1</Id><ElctrncSeqNb>1</ElctrncSeqNb>'
        || '<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>'
        || '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000000.00</Amt>'
        || '<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-05</Dt></Dt></Bal>'
        || '<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">'
        || ar2c_bench.bank_amount((100000000 + sum(CASE WHEN credit THEN cents ELSE -cents END))::bigint, '.')
        || '</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-05</Dt></Dt></Bal>'
        || string_agg(
            E'\n<Ntry><NtryRef>' || i || '</NtryRef><Amt Ccy="EUR">' || ar2c_bench.bank_amount(cents, '.') || '</Amt>'
            || '<CdtDbtInd>' || CASE WHEN credit THEN 'CRDT' ELSE 'DBIT' END || '</CdtDbtInd>'
            || '<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-05</Dt></BookgDt><ValDt><Dt>2026-03-05</Dt></ValDt>'
            || '<AcctSvcrRef>B' || i || '</AcctSvcrRef>'
            || '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>' || CASE WHEN credit THEN 'RCDT' ELSE 'ICDT' END
            || '</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>'
            || '<NtryDtls><TxDtls><Refs><EndToEndId>E2E-' || i || '</EndToEndId></Refs>'
            || '<Amt Ccy="EUR">' || ar2c_bench.bank_amount(cents, '.') || '</Amt>'
            || '<RltdPties>'
            || CASE WHEN credit THEN '<Dbtr><Pty><Nm>Customer ' || i % 997 || '</Nm></Pty></Dbtr>'
                                     || '<DbtrAcct><Id><IBAN>DE02100100100006820101</IBAN></Id></DbtrAcct>'
                    ELSE '<Cdtr><Pty><Nm>Supplier ' || i % 97 || '</Nm></Pty></Cdtr>' END
            || '</RltdPties><RmtInf>'
            || CASE WHEN i % 10 = 0 THEN '<Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd>'
                    ELSE '<Ustrd>Invoice INV-2026-' || lpad(i::text, 6, '0') || '</Ustrd>' END
            || '</RmtInf></TxDtls></NtryDtls></Ntry>',
            '' ORDER BY i)
        || E'\n</Stmt></BkToCstmrStmt></Document>' || E'\n'
    FROM ar2c_bench.bank_entries(n)
$$;

SELECT greatest(round(100000 * :'scale'::numeric), 1)::integer AS bank_n \gset
SELECT NOT EXISTS (SELECT FROM ar2c_bench.bank_file WHERE scale = :'scale' AND format = 'mt940')
    OR NOT EXISTS (SELECT FROM ar2c_bench.bank_file WHERE scale = :'scale' AND format = 'camt.053') AS bank_load \gset
\if :bank_load
DELETE FROM ar2c_bench.bank_file;
INSERT INTO ar2c_bench.bank_file VALUES
    ('mt940', :'scale', :bank_n, ar2c_bench.bank_mt940(:bank_n)),
    ('camt.053', :'scale', :bank_n, ar2c_bench.bank_camt053(:bank_n));
\endif

-- A new company for the next run, with the statistics of the bank tables
-- and the payments brought up to date; returns its id. Untimed: the cases
-- call it with \timing off. What earlier runs imported stays, as in a
-- database that has imported statements before (emptying the tables
-- instead would leave statistics that say "empty" while the import fills
-- them, a state a live database is not in; see doc/bank_import.md).
CREATE OR REPLACE FUNCTION ar2c_bench.bank_fresh_company() RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
    ANALYZE ar2c.payment, ar2c.bank_account, ar2c.bank_statement, ar2c.bank_statement_entry;
    RETURN ar2c_bench.bank_company();
END
$$;

-- The MT940 file's entries as parsed rows, for the baseline (an INSERT of
-- the same payments with nothing to read or check)
DROP TABLE IF EXISTS ar2c_bench.bank_parsed;
CREATE TABLE ar2c_bench.bank_parsed AS
SELECT * FROM ar2c.parse_mt940((SELECT content FROM ar2c_bench.bank_file WHERE format = 'mt940'));
VACUUM ANALYZE ar2c_bench.bank_parsed;
