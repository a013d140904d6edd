-- CSV statements: bank and payment-platform exports read with a mapping
-- profile into the rows of ar2c.bank_statement_line, so that
-- ar2c.import_statement() checks and imports them as it does MT940 and
-- camt.053 files. See doc/bank_import.md, "CSV statements".
--
-- A profile is a jsonb object (its keys are checked by
-- ar2c.csv_profile_check). Profiles ar2c ships for real export layouts
-- are in ar2c.csv_shipped_profile; a company keeps its own (a copy with
-- its account, another bank) in ar2c.csv_profile, which comes first.

CREATE FUNCTION ar2c.csv_records(content text, separator text)
    RETURNS TABLE (record_number integer, line integer, fields text[])
    AS 'MODULE_PATHNAME', 'csv_records' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION ar2c.csv_records(text, text) IS 'the records of CSV text (RFC 4180: quotes, line breaks in quotes, a UTF-8 byte order mark skipped; empty lines are no records), each with the line it starts on and its fields; a broken quote raises 22P02 naming the line and the field';

CREATE FUNCTION ar2c.statement_amount(amount text, currency text, origin text) RETURNS ar2c.money_cur
    AS 'MODULE_PATHNAME', 'statement_amount' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.statement_amount(text, text, text) IS 'an amount written "1234.56" in a currency, exactly; a missing or invalid one raises 22P02 naming origin, where in the file it came from';

CREATE FUNCTION ar2c.csv_profile_error(key text, problem text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'invalid CSV profile: "%" %', key, problem
        USING ERRCODE = 'invalid_parameter_value',
              HINT = 'See doc/bank_import.md, "CSV statements", for the keys of a profile.';
END
$$;
COMMENT ON FUNCTION ar2c.csv_profile_error(text, text) IS 'raise the error for an invalid key of a CSV profile (used by ar2c.csv_profile_check); never returns';

CREATE FUNCTION ar2c.csv_profile_check(profile jsonb) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k text;
    header boolean;
    cols jsonb := profile -> 'columns';
BEGIN
    IF jsonb_typeof(profile) <> 'object' THEN
        RETURN ar2c.csv_profile_error('profile', 'is not a JSON object');
    END IF;
    FOR k IN SELECT jsonb_object_keys(profile) LOOP
        IF k NOT IN ('encoding', 'separator', 'header', 'skip_records', 'columns', 'date_format', 'decimal_mark',
                     'thousands_separator', 'currency', 'account', 'account_pattern', 'opening_balance_pattern',
                     'closing_balance_pattern', 'order', 'stop_at',
                     'skip_when', 'credit_marks', 'debit_marks', 'source') THEN
            RETURN ar2c.csv_profile_error(k, 'is not a key of a CSV profile');
        END IF;
    END LOOP;
    IF profile ? 'encoding' AND pg_char_to_encoding(profile ->> 'encoding') < 0 THEN
        RETURN ar2c.csv_profile_error('encoding', format('is "%s", not an encoding PostgreSQL knows (UTF8, GB18030, WIN1252, ...)', profile ->> 'encoding'));
    END IF;
    IF coalesce(profile ->> 'separator', ',') NOT IN (',', ';', E'\t', '|') THEN
        RETURN ar2c.csv_profile_error('separator', 'must be ",", ";", "|" or a TAB');
    END IF;
    IF jsonb_typeof(coalesce(profile -> 'header', 'true')) <> 'boolean' THEN
        RETURN ar2c.csv_profile_error('header', 'must be true (columns by name) or false (columns by position)');
    END IF;
    header := coalesce((profile ->> 'header')::boolean, true);
    IF jsonb_typeof(coalesce(profile -> 'skip_records', '0')) <> 'number' THEN
        RETURN ar2c.csv_profile_error('skip_records', 'must be a number of records');
    END IF;
    IF jsonb_typeof(cols) IS DISTINCT FROM 'object' THEN
        RETURN ar2c.csv_profile_error('columns', 'must be an object naming the column of each field');
    END IF;
    FOR k IN SELECT jsonb_object_keys(cols) LOOP
        IF k NOT IN ('booking_date', 'value_date', 'amount', 'credit', 'debit', 'direction', 'balance', 'currency',
                     'account', 'counterparty_name', 'counterparty_account', 'counterparty_bic', 'remittance_text',
                     'bank_reference', 'end_to_end_id', 'mandate_reference', 'transaction_code', 'bank_text', 'fee') THEN
            RETURN ar2c.csv_profile_error('columns.' || k, 'is not a field of a statement line');
        END IF;
        IF NOT (jsonb_typeof(cols -> k) = CASE WHEN header THEN 'string' ELSE 'number' END
                OR (k = 'remittance_text' AND jsonb_typeof(cols -> k) = 'array')) THEN
            RETURN ar2c.csv_profile_error('columns.' || k,
                CASE WHEN header THEN 'must be a column name (the profile has a header row)'
                     ELSE 'must be a column position from 1 (the profile has no header row)' END);
        END IF;
    END LOOP;
    IF NOT cols ? 'booking_date' THEN
        RETURN ar2c.csv_profile_error('columns.booking_date', 'is missing: every line needs its booking date');
    END IF;
    IF NOT (cols ? 'amount' OR (cols ? 'credit' AND cols ? 'debit')) OR (cols ? 'amount' AND cols ? 'credit') THEN
        RETURN ar2c.csv_profile_error('columns', 'must name either "amount" (signed, or with "direction") or both "credit" and "debit"');
    END IF;
    IF cols ? 'direction' AND NOT (jsonb_typeof(profile -> 'credit_marks') = 'array'
                                   AND jsonb_typeof(profile -> 'debit_marks') = 'array') THEN
        RETURN ar2c.csv_profile_error('credit_marks', 'and "debit_marks" must list the values of the direction column');
    END IF;
    IF jsonb_typeof(profile -> 'date_format') IS DISTINCT FROM 'string' THEN
        RETURN ar2c.csv_profile_error('date_format', 'must be a to_timestamp() pattern such as "DD.MM.YYYY"');
    END IF;
    IF coalesce(profile ->> 'decimal_mark', '.') NOT IN ('.', ',') THEN
        RETURN ar2c.csv_profile_error('decimal_mark', 'must be "." or ","');
    END IF;
    IF coalesce(profile ->> 'thousands_separator', '') NOT IN ('', ',', '.', ' ', '''')
       OR coalesce(profile ->> 'thousands_separator', '') = coalesce(profile ->> 'decimal_mark', '.') THEN
        RETURN ar2c.csv_profile_error('thousands_separator', 'must be "", ",", ".", " " or "''", and not the decimal mark');
    END IF;
    IF NOT (cols ? 'currency' OR coalesce(profile ->> 'currency', '') ~ '^[A-Z]{3}$') THEN
        RETURN ar2c.csv_profile_error('currency', 'must be an ISO 4217 code when no column gives the currency');
    END IF;
    IF (profile ? 'opening_balance_pattern') <> (profile ? 'closing_balance_pattern') THEN
        RETURN ar2c.csv_profile_error(CASE WHEN profile ? 'opening_balance_pattern' THEN 'closing_balance_pattern' ELSE 'opening_balance_pattern' END,
                                      'is missing: the opening and the closing balance patterns go together');
    END IF;
    IF coalesce(profile ->> 'order', 'oldest_first') NOT IN ('oldest_first', 'newest_first') THEN
        RETURN ar2c.csv_profile_error('order', 'must be "oldest_first" or "newest_first"');
    END IF;
    IF jsonb_typeof(coalesce(profile -> 'stop_at', '[]')) <> 'array' THEN
        RETURN ar2c.csv_profile_error('stop_at', 'must be an array of texts that start a footer line');
    END IF;
    IF jsonb_typeof(coalesce(profile -> 'skip_when', '{}')) <> 'object' THEN
        RETURN ar2c.csv_profile_error('skip_when', 'must be an object: column => array of values whose lines are skipped');
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION ar2c.csv_profile_check(jsonb) IS 'true for a valid CSV statement profile; an invalid one raises 22023 naming the key';

-- Profiles

CREATE TABLE ar2c.csv_shipped_profile (
    name        text PRIMARY KEY,
    profile     jsonb NOT NULL CHECK (ar2c.csv_profile_check(profile)),
    description text NOT NULL
);
COMMENT ON TABLE ar2c.csv_shipped_profile IS 'the CSV statement profiles ar2c ships, one per real export layout (documented in doc/bank_import.md; the fixtures test/fixtures/csv_* reproduce each); read by ar2c.csv_profile() after the company''s own';
COMMENT ON COLUMN ar2c.csv_shipped_profile.name IS 'the name given as import_statement(..., format => ''csv:<name>'')';
COMMENT ON COLUMN ar2c.csv_shipped_profile.profile IS 'the mapping: encoding, separator, columns, date and amount formats (keys: doc/bank_import.md)';
COMMENT ON COLUMN ar2c.csv_shipped_profile.description IS 'the bank or platform and the export it reads';
-- its rows come with the extension (CREATE EXTENSION writes them again):
-- registered so that a dump knows it, with no row to dump
SELECT pg_catalog.pg_extension_config_dump('ar2c.csv_shipped_profile', 'WHERE false');

INSERT INTO ar2c.csv_shipped_profile (name, profile, description) VALUES
('sparkasse-camt-v2', $${
    "encoding": "WIN1252", "separator": ";", "header": true,
    "columns": {"account": "Auftragskonto", "booking_date": "Buchungstag", "value_date": "Valutadatum",
                "transaction_code": "Buchungstext", "remittance_text": "Verwendungszweck",
                "mandate_reference": "Mandatsreferenz", "end_to_end_id": "Kundenreferenz (End-to-End)",
                "counterparty_name": "Beguenstigter/Zahlungspflichtiger", "counterparty_account": "Kontonummer/IBAN",
                "counterparty_bic": "BIC (SWIFT-Code)", "amount": "Betrag", "currency": "Waehrung", "bank_text": "Info"},
    "date_format": "DD.MM.YY", "decimal_mark": ",", "thousands_separator": "",
    "skip_when": {"Info": ["Umsatz vorgemerkt"]},
    "order": "newest_first"
}$$, 'Sparkasse online banking, "CSV-CAMT V2" export: Windows-1252, semicolons, the account in every line, signed amounts with a decimal comma, newest first, no balances'),
('paypal', $${
    "encoding": "UTF8", "separator": ",", "header": true, "account": "PAYPAL",
    "skip_when": {"Status": ["Pending", "Denied", "Removed"]},
    "columns": {"booking_date": "Date", "counterparty_name": "Name", "transaction_code": "Type",
                "currency": "Currency", "amount": "Net", "fee": "Fee", "counterparty_account": "From Email Address",
                "bank_reference": "Transaction ID", "remittance_text": ["Item Title", "Invoice Number", "Subject", "Note"],
                "balance": "Balance"},
    "date_format": "MM/DD/YYYY", "decimal_mark": ".", "thousands_separator": ","
}$$, 'PayPal activity download ("All transactions", CSV, default fields): UTF-8 with a byte order mark, one line per movement in its currency, Net = Gross + Fee, a running Balance per currency');

-- The Chinese column names are written as JSON escapes (\uXXXX), so that
-- the install script reads in a database of any encoding; the profile is
-- there only where the database's encoding holds them.
DO $do$
BEGIN
    IF pg_catalog.getdatabaseencoding() = 'UTF8' THEN
        INSERT INTO ar2c.csv_shipped_profile (name, profile, description) VALUES
        ('icbc', $${
            "encoding": "GB18030", "separator": ",", "header": true,
            "account_pattern": "\u5361\u53f7[:\uff1a]\\s*([0-9 ]+[0-9])",
            "stop_at": ["\u5408\u8ba1\u91d1\u989d"],
            "columns": {"booking_date": "\u4ea4\u6613\u65e5\u671f", "remittance_text": "\u6458\u8981", "bank_text": "\u4ea4\u6613\u573a\u6240",
                        "credit": "\u8bb0\u8d26\u91d1\u989d(\u6536\u5165)", "debit": "\u8bb0\u8d26\u91d1\u989d(\u652f\u51fa)", "balance": "\u4f59\u989d",
                        "counterparty_name": "\u5bf9\u65b9\u6237\u540d"},
            "date_format": "YYYY-MM-DD", "decimal_mark": ".", "thousands_separator": ",", "currency": "CNY"
        }$$, 'ICBC (Industrial and Commercial Bank of China) online banking account details export: GB18030, a preamble with the card number, income and expense in two columns, a running balance, a total line at the end');
    END IF;
END
$do$;

CREATE TABLE ar2c.csv_profile (
    company_id  bigint NOT NULL REFERENCES ar2c.company (company_id),
    name        text NOT NULL,
    profile     jsonb NOT NULL CHECK (ar2c.csv_profile_check(profile)),
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, name)
);
COMMENT ON TABLE ar2c.csv_profile IS 'a company''s own CSV statement profiles (another bank''s layout, or a shipped one with the company''s account); found before ar2c.csv_shipped_profile by name';
COMMENT ON COLUMN ar2c.csv_profile.company_id IS 'the company';
COMMENT ON COLUMN ar2c.csv_profile.name IS 'the name given as import_statement(..., format => ''csv:<name>'')';
COMMENT ON COLUMN ar2c.csv_profile.profile IS 'the mapping: encoding, separator, columns, date and amount formats (keys: doc/bank_import.md)';
COMMENT ON COLUMN ar2c.csv_profile.description IS 'what the profile reads';
COMMENT ON COLUMN ar2c.csv_profile.created_at IS 'when it was added';

SELECT pg_catalog.pg_extension_config_dump('ar2c.csv_profile', '');
SELECT ar2c.scope_by_company('csv_profile');

CREATE FUNCTION ar2c.csv_profile(company_id bigint, name text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found jsonb;
BEGIN
    SELECT p.profile INTO found FROM ar2c.csv_profile p WHERE p.company_id = $1 AND p.name = $2;
    IF found IS NULL THEN
        SELECT p.profile INTO found FROM ar2c.csv_shipped_profile p WHERE p.name = $2;
    END IF;
    IF found IS NULL THEN
        RAISE EXCEPTION 'unknown CSV profile "%"', $2
            USING ERRCODE = 'undefined_object',
                  HINT = format('The shipped profiles are %s; a company adds its own to ar2c.csv_profile.',
                                (SELECT string_agg(p.name, ', ' ORDER BY p.name) FROM ar2c.csv_shipped_profile p));
    END IF;
    RETURN found;
END
$$;
COMMENT ON FUNCTION ar2c.csv_profile(bigint, text) IS 'the CSV statement profile of that name: the company''s own (ar2c.csv_profile), else a shipped one; an unknown name raises 42704';

-- Fields and values

CREATE FUNCTION ar2c.csv_value(fields text[], column_number integer) RETURNS text
    -- a SQL-standard body (bound when created, so no search_path) that is
    -- inlined into ar2c.parse_csv_statement's expressions; blanks and TABs
    -- around a value are padding (Chinese banks' exports pad with TABs)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN nullif(btrim(fields[column_number], E' \t'), '');
COMMENT ON FUNCTION ar2c.csv_value(text[], integer) IS 'the value in a column of a CSV record (used by ar2c.parse_csv_statement): trimmed of blanks and TABs, NULL when empty or when column_number is NULL';

CREATE FUNCTION ar2c.csv_value_error(origin text, problem text, detail text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ar2c.statement_raise('22P02', format('invalid CSV statement at %s: %s', origin, problem), detail, NULL);
END
$$;
COMMENT ON FUNCTION ar2c.csv_value_error(text, text, text) IS 'raise 22P02 for a value of a CSV statement, naming the line and the column (used by ar2c.parse_csv_statement); never returns';

CREATE FUNCTION ar2c.csv_amount(value text, decimal_mark text, thousands_separator text, currency text, origin text)
    RETURNS ar2c.money_cur
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v text := replace(btrim(value, E' \t'), ' ', CASE WHEN thousands_separator = ' ' THEN ' ' ELSE '' END);
    negative boolean := false;
    shape text;
    pattern text;
    amount ar2c.money_cur;
BEGIN
    -- a sign in front (-1.234,56, +5.00) or behind (1.234,56-)
    IF v ~ '^[-+]' THEN
        negative := left(v, 1) = '-';
        v := substr(v, 2);
    ELSIF v ~ '[-+]$' THEN
        negative := right(v, 1) = '-';
        v := left(v, -1);
    END IF;
    shape := translate(v, coalesce(thousands_separator, '') || decimal_mark, CASE WHEN coalesce(thousands_separator, '') = '' THEN 'D' ELSE 'TD' END);
    -- digits, grouped by three when the profile has a thousands separator
    pattern := CASE WHEN coalesce(thousands_separator, '') = '' THEN '^[0-9]+(D[0-9]+)?$'
                    ELSE '^([0-9]{1,3}(T[0-9]{3})+|[0-9]+)(D[0-9]+)?$' END;
    IF shape !~ pattern THEN
        PERFORM ar2c.csv_value_error(origin, format('"%s" is not an amount', value),
            format('The profile writes amounts with the decimal mark "%s"%s, such as %s.', decimal_mark,
                   CASE WHEN coalesce(thousands_separator, '') = '' THEN ' and no thousands separator'
                        ELSE format(' and the thousands separator "%s"', thousands_separator) END,
                   '-1' || coalesce(thousands_separator, '') || '234' || decimal_mark || '56'));
    END IF;
    amount := ar2c.statement_amount(replace(translate(shape, 'T', ''), 'D', '.'), currency, origin);
    RETURN CASE WHEN negative THEN OPERATOR(ar2c.-) amount ELSE amount END;
END
$$;
COMMENT ON FUNCTION ar2c.csv_amount(text, text, text, text, text) IS 'an amount of a CSV statement ("-1.234,56", "1,234.56", "12,00-") in a currency, exactly and signed; an invalid one raises 22P02 naming origin (the line and the column)';

CREATE FUNCTION ar2c.csv_date(value text, date_format text, origin text) RETURNS date
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    -- a time of day is read in UTC, where no daylight-saving change skips one
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
AS $$
DECLARE
    t timestamptz;
BEGIN
    BEGIN
        t := to_timestamp(value, date_format);
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format OR invalid_parameter_value THEN
        t := NULL;
    END;
    -- to_timestamp() reads leniently (2024-1-5, trailing text); only a
    -- date that it writes back the same way is one
    IF t IS NULL OR to_char(t, date_format) <> value THEN
        PERFORM ar2c.csv_value_error(origin, format('"%s" is not a date in the format %s', value, date_format), NULL);
    END IF;
    RETURN t::date;
END
$$;
COMMENT ON FUNCTION ar2c.csv_date(text, text, text) IS 'the date of a CSV statement''s date or date and time in the profile''s to_timestamp() format (DD.MM.YYYY, YYYY-MM-DD HH24:MI:SS), exactly as it writes it back; an invalid one (31.02.2024) raises 22P02 naming origin';

-- The reader

CREATE FUNCTION ar2c.csv_balances_chain(keys text[], units bigint[], balances bigint[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- in the order given, each running balance is the previous one of the
    -- same statement (key: account and currency) plus the entry
    SELECT coalesce(bool_and(c.previous + c.movement = c.balance), true)
    FROM (SELECT x.movement, x.balance, lag(x.balance) OVER (PARTITION BY x.key ORDER BY x.o) AS previous
          FROM unnest(keys, units, balances) WITH ORDINALITY AS x(key, movement, balance, o)) c
$$;
COMMENT ON FUNCTION ar2c.csv_balances_chain(text[], bigint[], bigint[]) IS 'whether the running balances of CSV statement lines add up in the order given (used by ar2c.parse_csv_statement to tell oldest-first from newest-first exports)';

CREATE FUNCTION ar2c.parse_csv_statement(content text, profile jsonb, account text DEFAULT NULL)
    RETURNS SETOF ar2c.bank_statement_line
    LANGUAGE plpgsql STABLE ROWS 100
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p            jsonb := profile;
    cols         jsonb := profile -> 'columns';
    header       boolean := coalesce((profile ->> 'header')::boolean, true);
    skip_records integer := coalesce((profile ->> 'skip_records')::integer, 0);
    sep          text := coalesce(profile ->> 'separator', ',');
    dmark        text := coalesce(profile ->> 'decimal_mark', '.');
    tsep         text := coalesce(profile ->> 'thousands_separator', '');
    dformat      text := profile ->> 'date_format';
    positions    jsonb;           -- field => position(s) from 1
    at           jsonb;           -- field => position, the fields of one column
    remittance   integer[];       -- the column(s) of remittance_text
    skips        jsonb := '{}';   -- position => values whose lines are skipped
    skip_columns integer[];
    stop_patterns text[];         -- LIKE patterns of footer lines
    credit_marks text[] := ARRAY(SELECT jsonb_array_elements_text(profile -> 'credit_marks'));
    debit_marks  text[] := ARRAY(SELECT jsonb_array_elements_text(profile -> 'debit_marks'));
    col          integer;
    skipped      boolean;
    names        jsonb := '{}';   -- field => column name, for errors
    needed       integer;         -- fields a record must have
    preamble     text := '';
    outside      text := '';      -- the preamble and the footer
    in_footer    boolean := false;
    stated       ar2c.money_cur[];  -- opening and closing balance the file states
    r            record;
    l            ar2c.bank_statement_line;
    one          ar2c.bank_statement_line;
    lines        ar2c.bank_statement_line[] := '{}';
    balances     bigint[] := '{}';
    units        bigint[] := '{}';
    v_account    text := account;
    v_currency   text;
    v_credit     text;
    v_debit      text;
    v_direction  text;
    signed       ar2c.money_cur;
    debit_part   ar2c.money_cur;
    v_balance    ar2c.money_cur;
    fee          ar2c.money_cur;
    origin       text;
    i            integer;
    n            integer;
    statement_keys text[] := '{}';
    keys         text[] := '{}';
    s            integer;
    members      integer[];
    ord          integer[];       -- the lines in booking order
    k_pattern    text;
    dates        date[] := '{}';
    before       bigint;
    m            integer;
    v_label      text;
    v_id         text;
BEGIN
    IF content IS NULL OR profile IS NULL THEN
        RETURN;
    END IF;
    PERFORM ar2c.csv_profile_check(p);
    IF NOT header THEN
        positions := cols;
        SELECT max(x::integer) INTO needed
        FROM jsonb_each(cols) e, jsonb_array_elements_text(CASE jsonb_typeof(e.value) WHEN 'array' THEN e.value
                                                               ELSE jsonb_build_array(e.value) END) x;
        SELECT coalesce(jsonb_object_agg(key, value), '{}') INTO skips FROM jsonb_each(coalesce(p -> 'skip_when', '{}'));
        names := (SELECT jsonb_object_agg(key, 'column ' || value::text) FROM jsonb_each(cols));
    END IF;

    stop_patterns := ARRAY(SELECT replace(replace(replace(x, '\', '\\'), '%', '\%'), '_', '\_') || '%'
                           FROM jsonb_array_elements_text(coalesce(p -> 'stop_at', '[]')) x);
    FOR r IN SELECT * FROM ar2c.csv_records(content, sep) c ORDER BY c.record_number LOOP
        -- before the table: the header row (the first with every named
        -- column), or skip_records records; what precedes is the preamble
        IF positions IS NULL OR r.record_number <= skip_records THEN
            -- a preamble is a few lines: a file without the header is not read to its end
            EXIT WHEN r.record_number > skip_records + 100;
            IF header THEN
                SELECT jsonb_object_agg(e.key, CASE jsonb_typeof(e.value)
                           WHEN 'array' THEN (SELECT jsonb_agg(array_position(btrim_fields, x)) FROM jsonb_array_elements_text(e.value) x)
                           ELSE to_jsonb(array_position(btrim_fields, e.value #>> '{}')) END)
                INTO positions
                FROM jsonb_each(cols) e,
                     LATERAL (SELECT array_agg(btrim(f, E' \t') ORDER BY o) AS btrim_fields
                              FROM unnest(r.fields) WITH ORDINALITY AS u(f, o)) t
                HAVING bool_and(CASE jsonb_typeof(e.value)
                           WHEN 'array' THEN (SELECT bool_and(x = ANY (btrim_fields)) FROM jsonb_array_elements_text(e.value) x)
                           ELSE (e.value #>> '{}') = ANY (btrim_fields) END);
                IF positions IS NOT NULL THEN
                    SELECT coalesce(jsonb_object_agg(pos, e.value), '{}') INTO skips
                    FROM jsonb_each(coalesce(p -> 'skip_when', '{}')) e,
                         LATERAL (SELECT array_position(array_agg(btrim(f, E' \t') ORDER BY o), e.key) AS pos
                                  FROM unnest(r.fields) WITH ORDINALITY AS u(f, o)) t
                    WHERE pos IS NOT NULL;
                    SELECT max(x::integer) INTO needed
                    FROM jsonb_each(positions) e, jsonb_array_elements_text(CASE jsonb_typeof(e.value) WHEN 'array' THEN e.value
                                                                                ELSE jsonb_build_array(e.value) END) x;
                    names := (SELECT jsonb_object_agg(key, format('column "%s"', value #>> '{}')) FROM jsonb_each(cols));
                    CONTINUE;
                END IF;
            END IF;
            preamble := preamble || array_to_string(r.fields, ' ') || E'\n';
            outside := preamble;
            CONTINUE;
        END IF;

        IF at IS NULL THEN
            -- the columns as plain numbers, for the lines' expressions
            at := (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(positions) e WHERE jsonb_typeof(e.value) = 'number');
            remittance := ARRAY(SELECT x::integer FROM jsonb_array_elements_text(
                                    CASE jsonb_typeof(positions -> 'remittance_text') WHEN 'array' THEN positions -> 'remittance_text'
                                         ELSE coalesce(jsonb_build_array(positions -> 'remittance_text'), '[]') END) x);
            skip_columns := ARRAY(SELECT k::integer FROM jsonb_object_keys(skips) k);
        END IF;

        -- the table: footer lines end it, blank and skipped lines are left out
        IF in_footer OR btrim(r.fields[1], E' \t') LIKE ANY (stop_patterns) THEN
            in_footer := true;
            outside := outside || array_to_string(r.fields, ' ') || E'\n';
            CONTINUE;
        END IF;
        CONTINUE WHEN array_to_string(r.fields, '') ~ '^[ \t]*$';
        skipped := false;
        FOREACH col IN ARRAY skip_columns LOOP
            skipped := skipped OR coalesce((skips -> col::text) ? btrim(r.fields[col], E' \t'), false);
        END LOOP;
        CONTINUE WHEN skipped;
        IF cardinality(r.fields) < needed THEN
            PERFORM ar2c.csv_value_error(format('line %s', r.line),
                format('the line has %s fields, the profile reads up to field %s', cardinality(r.fields), needed),
                'A line of the table has a value (empty or not) in every column of the header.');
        END IF;

        l := NULL;
        l.format := 'csv';
        l.origin := format('line %s', r.line);
        v_currency := upper(coalesce(ar2c.csv_value(r.fields, (at ->> 'currency')::integer), p ->> 'currency'));
        IF v_currency IS NULL THEN
            PERFORM ar2c.csv_value_error(format('line %s, %s', r.line, names ->> 'currency'), 'the currency is empty',
                                         'Give the profile a "currency" for lines without one.');
        END IF;
        origin := format('line %s, %s', r.line, names ->> 'booking_date');
        l.booking_date := ar2c.csv_date(ar2c.csv_value(r.fields, (at ->> 'booking_date')::integer), dformat, origin);
        IF l.booking_date IS NULL THEN
            PERFORM ar2c.csv_value_error(origin, 'the booking date is empty', NULL);
        END IF;
        IF ar2c.csv_value(r.fields, (at ->> 'value_date')::integer) IS NOT NULL THEN
            l.value_date := ar2c.csv_date(ar2c.csv_value(r.fields, (at ->> 'value_date')::integer), dformat,
                                          format('line %s, %s', r.line, names ->> 'value_date'));
        END IF;

        -- the direction: a signed amount, a direction column, or one of
        -- two columns (credit, debit)
        IF positions ? 'credit' THEN
            v_credit := ar2c.csv_value(r.fields, (at ->> 'credit')::integer);
            v_debit := ar2c.csv_value(r.fields, (at ->> 'debit')::integer);
            signed := ar2c.csv_amount(coalesce(v_credit, '0'), dmark, tsep, v_currency,
                                      format('line %s, %s', r.line, names ->> 'credit'));
            debit_part := ar2c.csv_amount(coalesce(v_debit, '0'), dmark, tsep, v_currency,
                                          format('line %s, %s', r.line, names ->> 'debit'));
            IF ar2c.minor_units_value(signed) <> 0 AND ar2c.minor_units_value(debit_part) <> 0 THEN
                PERFORM ar2c.csv_value_error(format('line %s, %s', r.line, names ->> 'debit'),
                    format('the line has both a credit (%s) and a debit (%s)', v_credit, v_debit), NULL);
            ELSIF v_credit IS NULL AND v_debit IS NULL THEN
                PERFORM ar2c.csv_value_error(format('line %s, %s', r.line, names ->> 'credit'),
                    format('the line has neither a credit nor a debit (%s)', names ->> 'debit'), NULL);
            ELSIF ar2c.minor_units_value(signed) < 0 THEN
                PERFORM ar2c.csv_value_error(format('line %s, %s', r.line, names ->> 'credit'),
                    format('the credit "%s" is negative', v_credit), 'A negative amount belongs in the debit column.');
            END IF;
            IF ar2c.minor_units_value(signed) = 0 THEN
                -- a debit column may write its amounts with or without a minus
                signed := ar2c.money_cur_units(-abs(ar2c.minor_units_value(debit_part)), v_currency::ar2c.currency);
            END IF;
        ELSE
            origin := format('line %s, %s', r.line, names ->> 'amount');
            IF ar2c.csv_value(r.fields, (at ->> 'amount')::integer) IS NULL THEN
                PERFORM ar2c.csv_value_error(origin, 'the amount is empty', NULL);
            END IF;
            signed := ar2c.csv_amount(ar2c.csv_value(r.fields, (at ->> 'amount')::integer), dmark, tsep, v_currency, origin);
            IF positions ? 'direction' THEN
                v_direction := ar2c.csv_value(r.fields, (at ->> 'direction')::integer);
                IF ar2c.minor_units_value(signed) < 0 THEN
                    PERFORM ar2c.csv_value_error(origin, 'the amount is negative but a column gives the direction', NULL);
                ELSIF coalesce(v_direction, '') = ANY (debit_marks) THEN
                    signed := OPERATOR(ar2c.-) signed;
                ELSIF NOT coalesce(v_direction, '') = ANY (credit_marks) THEN
                    PERFORM ar2c.csv_value_error(format('line %s, %s', r.line, names ->> 'direction'),
                        format('the direction "%s" is neither a credit (%s) nor a debit (%s)', v_direction,
                               array_to_string(credit_marks, ', '), array_to_string(debit_marks, ', ')), NULL);
                END IF;
            END IF;
        END IF;
        l.credit_debit := CASE WHEN ar2c.minor_units_value(signed) < 0 THEN 'D' ELSE 'C' END;
        l.reversal := false;
        l.amount := ar2c.money_cur_units(abs(ar2c.minor_units_value(signed)), v_currency::ar2c.currency);
        l.entry_amount := l.amount;
        IF ar2c.csv_value(r.fields, (at ->> 'fee')::integer) IS NOT NULL THEN
            fee := ar2c.csv_amount(ar2c.csv_value(r.fields, (at ->> 'fee')::integer), dmark, tsep, v_currency,
                                   format('line %s, %s', r.line, names ->> 'fee'));
            l.bank_charges := ar2c.money_cur_units(nullif(abs(ar2c.minor_units_value(fee)), 0), v_currency::ar2c.currency);
        END IF;
        IF positions ? 'balance' THEN
            origin := format('line %s, %s', r.line, names ->> 'balance');
            IF ar2c.csv_value(r.fields, (at ->> 'balance')::integer) IS NULL THEN
                PERFORM ar2c.csv_value_error(origin, 'the balance is empty', NULL);
            END IF;
            v_balance := ar2c.csv_amount(ar2c.csv_value(r.fields, (at ->> 'balance')::integer), dmark, tsep, v_currency, origin);
            balances[cardinality(lines) + 1] := ar2c.minor_units_value(v_balance);
        END IF;
        l.account := coalesce(v_account, ar2c.csv_value(r.fields, (at ->> 'account')::integer),
                              substring(preamble FROM p ->> 'account_pattern'), p ->> 'account');
        IF l.account IS NULL THEN
            RAISE EXCEPTION 'the CSV statement does not say which account it is'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Line %s has no account column, and the profile gives no account_pattern that finds one and no account.', r.line),
                      HINT = 'Give the account: ar2c.parse_csv_statement(content, profile, account => ...), or a company profile (ar2c.csv_profile) with "account".';
        END IF;
        l.account := regexp_replace(l.account, '\s', '', 'g');
        l.counterparty_name := ar2c.csv_value(r.fields, (at ->> 'counterparty_name')::integer);
        l.counterparty_account := ar2c.csv_value(r.fields, (at ->> 'counterparty_account')::integer);
        l.counterparty_bic := ar2c.csv_value(r.fields, (at ->> 'counterparty_bic')::integer);
        l.remittance_text := NULL;
        FOREACH col IN ARRAY remittance LOOP
            l.remittance_text := concat_ws(' ', l.remittance_text, ar2c.csv_value(r.fields, col));
        END LOOP;
        l.bank_reference := ar2c.csv_value(r.fields, (at ->> 'bank_reference')::integer);
        l.end_to_end_id := ar2c.csv_value(r.fields, (at ->> 'end_to_end_id')::integer);
        l.mandate_reference := ar2c.csv_value(r.fields, (at ->> 'mandate_reference')::integer);
        l.transaction_code := ar2c.csv_value(r.fields, (at ->> 'transaction_code')::integer);
        l.bank_text := ar2c.csv_value(r.fields, (at ->> 'bank_text')::integer);
        l.transaction_number := 1;
        -- assigned in place: an array grown by || is copied each time
        n := cardinality(lines) + 1;
        units[n] := ar2c.minor_units_value(signed);
        keys[n] := l.account || ' ' || v_currency;
        dates[n] := l.booking_date;
        lines[n] := l;
    END LOOP;

    IF positions IS NULL THEN
        PERFORM ar2c.csv_value_error('line 1', 'no header row names the profile''s columns',
            format('The profile reads the columns %s.', (SELECT string_agg(format('"%s"', v), ', ')
                                                        FROM jsonb_each(cols) e, jsonb_array_elements_text(
                                                            CASE jsonb_typeof(e.value) WHEN 'array' THEN e.value
                                                                 ELSE jsonb_build_array(e.value) END) v)));
    END IF;
    n := cardinality(lines);
    IF n = 0 THEN
        RETURN;
    END IF;

    -- oldest first, so that entries are numbered (and identical ones
    -- ranked) in the order they were booked, whatever the export's order;
    -- a profile without "order" lets the running balances say which it is
    -- (only arrays of scalars go into queries: lines stays where it is)
    ord := ARRAY(SELECT generate_series(1, n));
    IF p ->> 'order' = 'newest_first'
       OR (NOT p ? 'order' AND cardinality(balances) > 0 AND NOT ar2c.csv_balances_chain(keys, units, balances)
           AND ar2c.csv_balances_chain(ARRAY(SELECT keys[j] FROM generate_series(n, 1, -1) j),
                                       ARRAY(SELECT units[j] FROM generate_series(n, 1, -1) j),
                                       ARRAY(SELECT balances[j] FROM generate_series(n, 1, -1) j))) THEN
        ord := ARRAY(SELECT generate_series(n, 1, -1));
    END IF;

    -- a statement per account and currency, in the order they appear
    FOREACH i IN ARRAY ord LOOP
        IF NOT keys[i] = ANY (statement_keys) THEN
            statement_keys := statement_keys || keys[i];
        END IF;
    END LOOP;
    v_id := upper(left(md5(content), 12));
    FOR s IN 1 .. cardinality(statement_keys) LOOP
        members := ARRAY(SELECT u.o FROM unnest(ord) WITH ORDINALITY AS u(o, rank) WHERE keys[u.o] = statement_keys[s] ORDER BY u.rank);
        v_currency := ar2c.currency(lines[members[1]].amount)::text;
        l := lines[members[1]];
        IF cardinality(balances) > 0 THEN
            -- each running balance is the one before plus the entry
            before := balances[members[1]] - units[members[1]];
            l.opening_balance := ar2c.money_cur_units(before, v_currency::ar2c.currency);
            FOREACH m IN ARRAY members LOOP
                IF before + units[m] <> balances[m] THEN
                    RAISE EXCEPTION 'CSV statement of account % does not add up at %', lines[m].account, lines[m].origin
                        USING ERRCODE = 'check_violation',
                              DETAIL = format('The balance before is %s and the entry %s, so the balance after is %s, but %s says %s: a difference of %s.',
                                              ar2c.money_cur_units(before, v_currency::ar2c.currency),
                                              ar2c.money_cur_units(units[m], v_currency::ar2c.currency),
                                              ar2c.money_cur_units(before + units[m], v_currency::ar2c.currency),
                                              names ->> 'balance',
                                              ar2c.money_cur_units(balances[m], v_currency::ar2c.currency),
                                              ar2c.money_cur_units(balances[m] - before - units[m], v_currency::ar2c.currency)),
                              HINT = 'The file may be altered, cut, or sorted otherwise than the profile''s "order" says; nothing was imported.';
                END IF;
                before := balances[m];
            END LOOP;
            l.closing_balance := ar2c.money_cur_units(before, v_currency::ar2c.currency);
        ELSE
            -- no balances: the statement opens at zero and closes at its movement
            l.opening_balance := ar2c.money_cur_units(0, v_currency::ar2c.currency);
            l.closing_balance := ar2c.money_cur_units((SELECT sum(units[m2]) FROM unnest(members) m2)::bigint,
                                                      v_currency::ar2c.currency);
        END IF;
        IF p ? 'opening_balance_pattern' THEN
            -- the balances the file states, around its lines
            IF cardinality(statement_keys) > 1 THEN
                RAISE EXCEPTION 'the CSV statement holds % accounts or currencies, its balance patterns one', cardinality(statement_keys)
                    USING ERRCODE = 'invalid_parameter_value',
                          HINT = 'Export one account and currency per file, or leave out opening_balance_pattern and closing_balance_pattern.';
            END IF;
            stated := ARRAY[NULL, NULL]::ar2c.money_cur[];
            FOR i IN 1 .. 2 LOOP
                k_pattern := CASE i WHEN 1 THEN 'opening_balance_pattern' ELSE 'closing_balance_pattern' END;
                IF substring(outside FROM p ->> k_pattern) IS NULL THEN
                    PERFORM ar2c.csv_value_error(k_pattern, format('the file states no %s balance', CASE i WHEN 1 THEN 'opening' ELSE 'closing' END),
                                                 format('The pattern %s finds nothing in the lines before and after the table.', p ->> k_pattern));
                END IF;
                stated[i] := ar2c.csv_amount(substring(outside FROM p ->> k_pattern), dmark, tsep, v_currency, k_pattern);
            END LOOP;
            IF cardinality(balances) = 0 THEN
                l.closing_balance := ar2c.money_cur_units(ar2c.minor_units_value(stated[1]) + ar2c.minor_units_value(l.closing_balance),
                                                          v_currency::ar2c.currency);
                l.opening_balance := stated[1];
            END IF;
            IF stated[1] OPERATOR(ar2c.<>) l.opening_balance OR stated[2] OPERATOR(ar2c.<>) l.closing_balance THEN
                RAISE EXCEPTION 'CSV statement of account % does not add up', lines[members[1]].account
                    USING ERRCODE = 'check_violation',
                          DETAIL = format('The file states an opening balance of %s and a closing balance of %s; its lines make %s -> %s.',
                                          stated[1], stated[2], l.opening_balance, l.closing_balance),
                          HINT = 'The file may be truncated or altered; nothing was imported.';
            END IF;
        END IF;
        l.opening_date := (SELECT min(dates[m2]) FROM unnest(members) m2);
        l.closing_date := (SELECT max(dates[m2]) FROM unnest(members) m2);
        v_label := format('CSV %s..%s %s', l.opening_date, l.closing_date, v_id);
        i := 0;
        FOREACH m IN ARRAY members LOOP
            i := i + 1;
            one := lines[m];
            one.statement_number := s;
            one.statement_id := v_label;
            one.entry_number := i;
            one.opening_date := l.opening_date;
            one.opening_balance := l.opening_balance;
            one.closing_date := l.closing_date;
            one.closing_balance := l.closing_balance;
            RETURN NEXT one;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON FUNCTION ar2c.parse_csv_statement(text, jsonb, text) IS 'the lines of a CSV statement read with a profile (ar2c.csv_profile()), as rows of ar2c.bank_statement_line, one statement per account and currency; running balances must add up (23514), an invalid value raises 22P02 naming the line and the column; account overrides the file''s and the profile''s';

CREATE FUNCTION ar2c.parse_csv_statement(content bytea, profile jsonb, account text DEFAULT NULL)
    RETURNS SETOF ar2c.bank_statement_line
    LANGUAGE sql STABLE ROWS 100
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM ar2c.parse_csv_statement(convert_from(content, coalesce(profile ->> 'encoding', 'UTF8')), profile, account)
$$;
COMMENT ON FUNCTION ar2c.parse_csv_statement(bytea, jsonb, text) IS 'the lines of a CSV statement file as its bytes, decoded from the profile''s encoding (GB18030, WIN1252, UTF8 with or without a byte order mark); see parse_csv_statement(text, jsonb, text)';

CREATE FUNCTION ar2c.import_statement(company_id bigint, content bytea, format text DEFAULT NULL)
    RETURNS TABLE (file_format text, statements_read integer, statements_new integer, statements_skipped integer,
                   entries_read integer, entries_new integer, entries_skipped integer, payments_created integer,
                   credited ar2c.money_cur[], bank_statement_ids bigint[], summary text)
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM ar2c.import_statement($1,
        convert_from($2, CASE WHEN lower(btrim($3)) LIKE 'csv:%'
                              THEN coalesce(ar2c.csv_profile($1, substr(btrim($3), 5)) ->> 'encoding', 'UTF8')
                              ELSE 'UTF8' END),
        $3)
$$;
COMMENT ON FUNCTION ar2c.import_statement(bigint, bytea, text) IS 'import a statement file given as its bytes: a CSV one (format => ''csv:<profile>'') decoded from the profile''s encoding (GB18030, WIN1252, ...), any other as UTF-8; see import_statement(bigint, text, text)';
