-- MT940 as real banks write it: header lines, framing, loose :61:
-- subfields, the :86: dialects, and returns of the owner's own transfers.
-- Each fixture reproduces one bank's dialect with invented data.
BEGIN;
SET search_path = public, ar2c;
SELECT plan(32);

INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR');

\set rabobank `cat test/fixtures/mt940_rabobank.sta`
\set abnamro `cat test/fixtures/mt940_abnamro.sta`
\set ing `cat test/fixtures/mt940_ing.sta`
\set framed `cat test/fixtures/mt940_framed.sta`
\set loose61 `cat test/fixtures/mt940_loose61.sta`
\set colon86 `cat test/fixtures/mt940_86_colon.sta`
\set macedonian `cat test/fixtures/mt940_macedonian.sta`
\set penta `cat test/fixtures/mt940_penta.sta`
\set asn `cat test/fixtures/mt940_asn.sta`
\set german `cat test/fixtures/mt940_german.sta`
CREATE TEMP TABLE fixture (name text PRIMARY KEY, content text NOT NULL);
INSERT INTO fixture VALUES ('rabobank', :'rabobank'), ('abnamro', :'abnamro'), ('ing', :'ing'), ('framed', :'framed'),
    ('loose61', :'loose61'), ('colon86', :'colon86'), ('macedonian', :'macedonian'), ('penta', :'penta'),
    ('asn', :'asn'), ('german', :'german');

-- the rows of a fixture, one line each: what a dialect is read as
CREATE FUNCTION pg_temp.read(fixture_name text, edit_from text DEFAULT NULL, edit_to text DEFAULT NULL)
    RETURNS SETOF ar2c.bank_statement_line LANGUAGE sql AS $$
    SELECT * FROM ar2c.parse_mt940((SELECT CASE WHEN edit_from IS NULL THEN f.content
                                               ELSE replace(f.content, edit_from, edit_to) END
                                    FROM fixture f WHERE f.name = fixture_name))
$$;
-- a query's one value as text, or its error: a reader that refuses a file fails one test, not the file
CREATE FUNCTION pg_temp.show(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE query INTO result;
    RETURN result;
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR: ' || SQLERRM;
END
$$;
CREATE FUNCTION pg_temp.parties(fixture_name text) RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(format('%s|%s|%s|%s|%s|%s', l.entry_number, l.credit_debit, l.counterparty_account,
                             l.counterparty_name, l.remittance_text, l.end_to_end_id), E'\n'
                      ORDER BY l.statement_number, l.entry_number)
    FROM pg_temp.read(fixture_name) l
    WHERE l.entry_number IS NOT NULL
$$;

-- Real files wrongly refused: header lines before :20:, SOH/ETX framing
SELECT is(pg_temp.show($q$SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s', l.statement_id, l.sequence, l.opening_balance, l.closing_balance,
                                    l.entry_number, l.amount, l.transaction_code), E'\n' ORDER BY l.entry_number)
           FROM pg_temp.read('rabobank') l$q$),
          E'940S260302|0|12500.00 EUR|13669.50 EUR|1|1250.00 EUR|N541\n940S260302|0|12500.00 EUR|13669.50 EUR|2|80.50 EUR|N544',
          'Rabobank: the :940: line is skipped, zero-padded balances of 18 characters are read');
SELECT is(pg_temp.show('SELECT pg_temp.parties(''rabobank'')'),
          E'1|C|NL74RABO0398765432|Kaasmakerij De Vries BV|Factuur 2026-0201|INV-2026-0201\n2|D|NL95KNAB0255667788|Drukkerij Smit|Visitekaartjes maart|',
          'Rabobank: the counterparty IBAN on the second line of :61:');
SELECT is(pg_temp.show($q$SELECT string_agg(format('%s|%s|%s|%s', l.statement_number, l.statement_id, l.sequence, l.entry_number), E'\n'
                             ORDER BY l.statement_number, l.entry_number)
           FROM pg_temp.read('abnamro') l$q$),
          E'1|ABN AMRO BANK NV|26061/1|1\n2|ABN AMRO BANK NV|202603030000017/1|',
          'ABN AMRO: the ABNANL2A / 940 / ABNANL2A lines before each message are skipped; a long statement number is read');
SELECT is(pg_temp.show('SELECT pg_temp.parties(''abnamro'')'), '1|C|NL20INGB0001234567|Bakkerij Jansen|Factuur 2026-0077|',
          'ABN AMRO: /IBAN/ and /NAME/');
SELECT is(pg_temp.show('SELECT pg_temp.parties(''ing'')'), '1|C|NL30ABNA0512345678|Fietsenwinkel Hoek|Order 5511|ORD-5511',
          'ING: the 0000 01INGBNL2A... and 940 00 lines before :20: are skipped');
SELECT is(pg_temp.show('SELECT pg_temp.parties(''framed'')'), E'1|C||Gerber GmbH|Rechnung 77|ABC-1\n1|D|||Kontofuehrung Maerz|',
          'SOH and ETX bytes framing each SWIFT message are skipped');

-- loose :61: subfields
SELECT is(pg_temp.show($q$SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s', l.sequence, l.entry_number, l.booking_date, l.value_date,
                                    l.credit_debit, l.transaction_code, l.entry_ref, l.bank_reference), E'\n' ORDER BY l.entry_number)
           FROM pg_temp.read('loose61') l$q$),
          E'/1|1|2026-03-02|2026-03-02|C|NTRF||\n'
          '/1|2|2026-03-02|2026-03-02|D|S||\n'
          '/1|3|2026-03-02|2026-03-02|C|NIT|2026-77|B77\n'
          '/1|4|2026-03-02|2026-03-02|D|NAC||\n'
          '/1|5|2026-03-02|2026-03-02|C|||',
          'an entry date of four blanks, types S, NIT and NAC padded with blanks, a :61: without type and reference, :28C:/1');
SELECT is(pg_temp.show($q$SELECT l.remittance_text FROM pg_temp.read('colon86') l WHERE l.entry_number = 1$q$),
          'Kartenzahlung Filiale 12 am 02.03.2026 um 14 Uhr, Kasse 3, Beleg :12:30-447 Rueckerstattung :26:Rechnung 2026-0412',
          'continuation lines of :86: starting with :12: and :26: are text, not tags');

-- :86: dialects
SELECT is(pg_temp.show('SELECT pg_temp.parties(''macedonian'')'),
          E'1|C|MK09300000000042195|Trgovija Dooel Skopje|Faktura 2026-118|\n2|D|300000000042195|Pekara Zlatno Zrno|Kirija mart 2026|',
          '/ORDP/ and /BENM/ with the account on the first line and the name on the next');
SELECT is(pg_temp.show('SELECT pg_temp.parties(''penta'')'),
          E'1|C|DE62370400440532013001|Hoffmann Sanitaer GmbH|Rechnung RE-2026-031|\n2|D|DE02100100100006820101|Cloudhaus AG|Abo Maerz 2026|',
          'Penta: SEPA_CREDIT_TRANSFER:purpose:name:IBAN');
SELECT is(pg_temp.show('SELECT pg_temp.parties(''asn'')'),
          E'1|C|NL74RABO0398765432|Stichting Buurtmoestuin|Bijdrage contributie 2026|CONTR-2026-88\n2|D|NL95KNAB0255667788|Hoveniersbedrijf Groen|Snoeiwerk februari|',
          'ASN: IBAN and name on the first line of :86:, slash codes and text on padded lines after it');
SELECT is(pg_temp.show('SELECT pg_temp.parties(''german'')'),
          E'1|C|DE20700202001234567801|Kuehn Elektrotechnik GmbH|MTLG Rechnung RE-2026-0090 vielen Dank|2026030212345678901234\n'
          '2|C|DE02100100100006820101|Blumen Lindner KG|Retoure: Konto erloschen|ZAHLUNG-LIEF-2026-02',
          'German GVC: an EREF+ filling ?20 ends there, the MTLG text after it is the remittance');
SELECT is(pg_temp.show($q$SELECT string_agg(format('%s|%s|%s', l.entry_number, l.transaction_code, l.is_return), ',' ORDER BY l.entry_number)
           FROM pg_temp.read('german') l$q$),
          '1|NTRF/166|f,2|NTRF/159|t', 'GVC 159 (RETOURE) is a return of the owner''s own transfer');
SELECT is(pg_temp.show($q$SELECT bool_or(l.is_return) FROM fixture f, LATERAL ar2c.parse_mt940(f.content) l WHERE f.name <> 'german'$q$),
          'false', 'no entry of the other dialects is a return');
SELECT is(pg_temp.show($q$SELECT l.is_return FROM pg_temp.read('ing', '/REMI/USTD//Order 5511/', '/RTRN/AC04/REMI/USTD//Order 5511/') l$q$),
          'true', 'an entry with /RTRN/ is a return');

-- import: every dialect detected and imported; a return makes no payment
SELECT is(pg_temp.show($q$SELECT array_agg(i.payments_created ORDER BY f.name) FROM fixture f, LATERAL import_statement(1, f.content) i$q$),
          '{1,1,1,1,1,1,3,1,1,1}',
          'every dialect is detected as MT940 and imported; its credits become payments, the return none');
SELECT is(pg_temp.show($q$SELECT string_agg(format('%s|%s|%s', e.entry_number, e.is_return, p.payment_id IS NOT NULL), ',' ORDER BY e.entry_number)
           FROM bank_statement_entry e JOIN bank_statement b USING (company_id, bank_statement_id)
           LEFT JOIN payment p ON p.company_id = e.company_id AND p.bank_entry_id = e.bank_entry_id
           WHERE b.statement_reference = 'STARTUMS' AND e.transaction_code LIKE 'NTRF/%'$q$),
          '1|f|t,2|t|f', 'the returned transfer is recorded as an entry marked is_return, without a payment');
SELECT is(pg_temp.show($q$SELECT p.payer_name FROM payment p WHERE p.remittance_text = 'Rechnung RE-2026-031'$q$), 'Hoffmann Sanitaer GmbH',
          'the payment of a dialect''s entry carries its payer');

-- refusals name the real cause and the line
SELECT throws_ok($$SELECT * FROM pg_temp.read('loose61', ':61:2603020302D15,00S', ':61:2602300302D15,00S')$$, '22P02',
                 'invalid MT940 field :61: at line 7: the date does not exist (the month has fewer days)',
                 'an impossible value date (30 February) is refused with that reason and the line');
SELECT throws_ok($$SELECT * FROM pg_temp.read('loose61', ':61:2603020302C400,00', ':61:26030203X2C400,00')$$, '22P02',
                 'invalid MT940 field :61: at line 9: the entry date is not MMDD (or four blanks)',
                 'a bad entry date is named as such, not as a bad debit/credit mark');
SELECT throws_ok($$SELECT * FROM pg_temp.read('loose61', ':61:260302    C100,00', ':61:260302   C100,00')$$, '22P02',
                 'invalid MT940 field :61: at line 5: the entry date is not MMDD (or four blanks)',
                 'three blanks are no entry date');
SELECT throws_ok($$SELECT * FROM pg_temp.read('loose61', 'C20,00', 'C20,00X')$$, '22P02',
                 'invalid MT940 field :61: at line 13: the transaction type is not N, F or S and three letters, digits or blanks ("NTRF")',
                 'a transaction type that starts with another letter is still refused');
SELECT throws_ok($$SELECT * FROM pg_temp.read('rabobank', 'EUR000000000012500,00', 'EUR100000000012500,00')$$, '22P02',
                 'invalid MT940 field :60F: at line 5: the amount is not digits with a decimal comma ("1234,56") of at most 15 characters',
                 'leading zeros aside, an amount still has at most 15 characters');
SELECT throws_ok($$SELECT * FROM pg_temp.read('colon86', E'Kasse 3, Beleg\n', E'Kasse 3, Beleg\n-\n')$$, '22P02',
                 'invalid MT940 statement at line 7: the message ends before the closing balance :62F:',
                 'a lone "-" inside :86: is reported at its own line');
SELECT throws_ok($$SELECT * FROM pg_temp.read('colon86', E'Gebuehr\n', E'Gebuehr\n:62F:C260302EUR900,00\n:86:Saldo\n-\nam Monatsende\n')$$, '22P02',
                 'invalid MT940 input at line 13: the line "-" ends the message, yet text follows it (a lone "-" in :86: text?)',
                 'a lone "-" inside the owner''s :86: after :62F: is reported at its own line, not at the text after it');
SELECT throws_ok($$SELECT * FROM pg_temp.read('ing', '940 00', 'Kontoauszug vom 02.03.2026')$$, '22P02',
                 'invalid MT940 input at line 3: the line does not start a field ":NN:"',
                 'a line of text before :20: that is not a bank header line is refused');
SELECT throws_ok($$SELECT * FROM pg_temp.read('framed', E'\x03', E'\x02')$$, '22P02',
                 'invalid MT940 input at line 9: a control character is not allowed in MT940 text',
                 'other control characters between messages are still refused');
SELECT throws_ok($$SELECT * FROM pg_temp.read('loose61', ':28C:/1', ':28C:/')$$, '22P02',
                 'invalid MT940 field :28C: at line 3: the statement number is not "number/sequence" in digits',
                 'a :28C: of a slash alone is refused');
SELECT throws_ok($$SELECT * FROM import_statement(1, (SELECT replace(content, ':940:', ':941:') FROM fixture WHERE name = 'rabobank'))$$,
                 '22023', 'unknown bank statement format',
                 'a file whose first line is no header line ar2c knows is not detected as MT940');
SELECT is(pg_temp.show($q$SELECT count(*) FROM pg_temp.read('rabobank', E':940:\n', E'\x01:940:\n')$q$), '2',
          'an SOH before bare fields is skipped too');
SELECT is(pg_temp.show($q$SELECT l.transaction_code FROM pg_temp.read('loose61', 'S   NONREF', 'S103NONREF') l WHERE l.entry_number = 2$q$),
          'S103', 'a SWIFT type S103 is read as before');
SELECT is(pg_temp.show($q$SELECT l.entry_ref FROM pg_temp.read('loose61', 'NIT 2026-77//B77', 'NITA2026-77//B77') l WHERE l.entry_number = 3$q$),
          '2026-77', 'a four-character type is read as before');

SELECT * FROM finish();
ROLLBACK;
