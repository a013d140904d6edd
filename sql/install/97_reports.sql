-- Visual reports: a self-contained HTML/SVG receivables dashboard
-- (ar2c.report_html) and a printable customer statement
-- (ar2c.statement_html), in the language of the company or customer, and
-- the BI views the dashboard reads (dashboard_*), so that a BI tool shows
-- the same figures. The chart arithmetic (axis scales, ticks, numbers by
-- language) is in core/chart.c; the HTML carries inline CSS and SVG only:
-- no script, no link, no font to fetch. Manual: doc/reports.md.

ALTER TABLE ar2c.company ADD COLUMN language text NOT NULL DEFAULT 'en';
COMMENT ON COLUMN ar2c.company.language IS 'language of the company''s reports (en, de, fr, zh; another gives English)';

CREATE FUNCTION ar2c.chart_scale(min double precision, max double precision, max_ticks integer,
    OUT low double precision, OUT high double precision, OUT step double precision, OUT decimals integer,
    OUT ticks double precision[])
    AS 'MODULE_PATHNAME', 'chart_scale' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.chart_scale(double precision, double precision, integer) IS
    'the axis of a chart showing values from min to max with at most max_ticks ticks (2 to 50): zero on the axis, bounds and ticks on multiples of a step of 1, 2 or 5 times a power of ten, and the decimals a tick label needs; 22023 for a bound that is not finite, min above max, or a bad max_ticks';

CREATE FUNCTION ar2c.format_number(value numeric, decimals integer, language text) RETURNS text
    AS 'MODULE_PATHNAME', 'format_number' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ar2c.format_number(numeric, integer, text) IS
    'a number rounded half away from zero to decimals digits (0 to 20), written as the language writes it: en and zh 1,234.56, de 1.234,56, fr 1 234,56 (narrow no-break spaces; plain spaces in a database not in UTF-8); 22023 for another language, NaN or infinity';

CREATE FUNCTION ar2c.html_escape(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN replace(replace(replace(replace(replace(value, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'),
               '''', '&#39;');
COMMENT ON FUNCTION ar2c.html_escape(text) IS
    'text made safe inside HTML and SVG, in element content and in quoted attributes: & < > " and '' written as character references';

CREATE FUNCTION ar2c.report_language(language text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN lower(left(language, 2)) IN ('en', 'de', 'fr', 'zh')
                 AND (length(language) = 2 OR substr(language, 3, 1) IN ('-', '_'))
                 -- Chinese needs a database in UTF-8
                 AND (lower(left(language, 2)) <> 'zh' OR getdatabaseencoding() = 'UTF8')
            THEN lower(left(language, 2)) ELSE 'en' END;
COMMENT ON FUNCTION ar2c.report_language(text) IS
    'the language a report is written in for a language code: en, de, fr or zh by its first two letters (''de-CH'' gives de; zh in a UTF-8 database only); English for another or NULL';

-- The texts of the reports. {name} in a text is filled in by the caller.
CREATE FUNCTION ar2c.report_text(key text, language text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    english text;
    written text;
BEGIN
    -- written in ASCII, other characters as \uXXXX (unistr()), so that the
    -- extension installs in any database encoding
    SELECT m.en, CASE ar2c.report_language(language) WHEN 'de' THEN m.de WHEN 'fr' THEN m.fr WHEN 'zh' THEN m.zh END
    INTO english, written
    FROM (VALUES
        ('dashboard_title', 'Receivables dashboard', 'Forderungs\u00fcbersicht', 'Tableau de bord des cr\u00e9ances', '\u5e94\u6536\u8d26\u6b3e\u62a5\u8868'),
        ('as_of', 'As of', 'Stichtag', 'Au', '\u622a\u81f3'),
        ('currency', 'Currency', 'W\u00e4hrung', 'Devise', '\u5e01\u79cd'),
        ('in_currency', 'Amounts in {currency}', 'Betr\u00e4ge in {currency}', 'Montants en {currency}', '\u91d1\u989d\u5355\u4f4d\uff1a{currency}'),
        ('empty', 'No receivables: this company has no invoices or payments yet.',
         'Keine Forderungen: Diese Firma hat noch keine Rechnungen oder Zahlungen.',
         'Aucune cr\u00e9ance : cette soci\u00e9t\u00e9 n''a encore ni facture ni paiement.',
         '\u6682\u65e0\u5e94\u6536\u8d26\u6b3e\uff1a\u8be5\u516c\u53f8\u5c1a\u65e0\u53d1\u7968\u6216\u4ed8\u6b3e\u3002'),
        ('total_open', 'Open receivables', 'Offene Forderungen', 'Cr\u00e9ances ouvertes', '\u672a\u6e05\u5e94\u6536\u8d26\u6b3e'),
        ('overdue', 'Overdue', '\u00dcberf\u00e4llig', 'En retard', '\u903e\u671f'),
        ('dso', 'DSO', 'DSO', 'DSO', '\u5e94\u6536\u8d26\u6b3e\u5468\u8f6c\u5929\u6570'),
        ('dso_countback', 'DSO (countback)', 'DSO (Countback)', 'DSO (m\u00e9thode countback)', '\u5468\u8f6c\u5929\u6570\uff08\u5012\u63a8\u6cd5\uff09'),
        ('best_dso', 'Best possible DSO', 'Bestm\u00f6gliche DSO', 'DSO optimal', '\u6700\u4f73\u5468\u8f6c\u5929\u6570'),
        ('cei', 'Collection effectiveness (CEI, %)', 'Inkassoeffizienz (CEI, %)', 'Efficacit\u00e9 du recouvrement (CEI, %)',
         '\u56de\u6b3e\u6548\u7387\u6307\u6570\uff08%\uff09'),
        ('aging_by_bucket', 'Aging by bucket', 'Altersstruktur nach Laufzeitband', 'Balance \u00e2g\u00e9e par tranche', '\u8d26\u9f84\u5206\u5e03'),
        ('aging_note', 'Each currency converted into {currency} at the rate of {date}, stacked.',
         'Jede W\u00e4hrung zum Kurs vom {date} in {currency} umgerechnet, gestapelt.',
         'Chaque devise convertie en {currency} au cours du {date}, empil\u00e9e.',
         '\u5404\u5e01\u79cd\u6309{date}\u6c47\u7387\u6298\u7b97\u4e3a{currency}\u540e\u5806\u53e0\u663e\u793a\u3002'),
        ('aging_trend', 'Aging, last 12 month-ends', 'Altersstruktur der letzten 12 Monatsenden',
         'Balance \u00e2g\u00e9e des 12 derni\u00e8res fins de mois', '\u6700\u8fd112\u4e2a\u6708\u672b\u8d26\u9f84'),
        ('dso_trend', 'DSO by month (days)', 'DSO nach Monat (Tage)', 'DSO par mois (jours)', '\u6309\u6708\u5468\u8f6c\u5929\u6570\uff08\u5929\uff09'),
        ('cei_trend', 'Collection effectiveness by month (%)', 'Inkassoeffizienz nach Monat (%)',
         'Efficacit\u00e9 du recouvrement par mois (%)', '\u6309\u6708\u56de\u6b3e\u6548\u7387\uff08%\uff09'),
        ('top_overdue', 'Top 20 customers by overdue amount', 'Die 20 Kunden mit dem h\u00f6chsten \u00fcberf\u00e4lligen Betrag',
         'Les 20 clients au plus fort montant en retard', '\u903e\u671f\u91d1\u989d\u524d20\u540d\u5ba2\u6237'),
        ('customer', 'Customer', 'Kunde', 'Client', '\u5ba2\u6237'),
        ('customer_number', 'Customer no.', 'Kundennr.', 'N\u00b0 client', '\u5ba2\u6237\u7f16\u53f7'),
        ('grade', 'Grade', 'Bonit\u00e4t', 'Note', '\u4fe1\u7528\u7b49\u7ea7'),
        ('oldest_bucket', 'Oldest bucket', '\u00c4ltestes Band', 'Tranche la plus ancienne', '\u6700\u957f\u8d26\u9f84'),
        ('items', 'Items', 'Posten', 'Pi\u00e8ces', '\u7b14\u6570'),
        ('amount', 'Amount', 'Betrag', 'Montant', '\u91d1\u989d'),
        ('cash_application', 'Cash application, last 30 days', 'Zahlungszuordnung der letzten 30 Tage',
         'Lettrage des encaissements, 30 derniers jours', '\u8fd130\u5929\u6536\u6b3e\u6838\u9500'),
        ('payments', 'Payments', 'Zahlungen', 'Paiements', '\u4ed8\u6b3e\u7b14\u6570'),
        ('state_auto_applied', 'Applied automatically', 'Automatisch zugeordnet', 'Lettr\u00e9s automatiquement', '\u81ea\u52a8\u6838\u9500'),
        ('state_confirmed', 'Confirmed by a person', 'Manuell best\u00e4tigt', 'Confirm\u00e9s par une personne', '\u4eba\u5de5\u786e\u8ba4'),
        ('state_queued', 'Waiting in the queue', 'In der Warteschlange', 'En file d''attente', '\u5f85\u4eba\u5de5\u5904\u7406'),
        ('state_partially_applied', 'Partially applied', 'Teilweise zugeordnet', 'Partiellement lettr\u00e9s', '\u90e8\u5206\u6838\u9500'),
        ('state_rejected', 'Suggestions rejected', 'Vorschl\u00e4ge abgelehnt', 'Suggestions rejet\u00e9es', '\u5efa\u8bae\u5df2\u62d2\u7edd'),
        ('state_applied', 'Applied by hand', 'Von Hand zugeordnet', 'Lettr\u00e9s \u00e0 la main', '\u624b\u5de5\u6838\u9500'),
        ('state_unapplied', 'Not yet applied', 'Noch nicht zugeordnet', 'Pas encore lettr\u00e9s', '\u5c1a\u672a\u6838\u9500'),
        ('by_rule', 'Applied automatically, by rule', 'Automatisch zugeordnet, nach Regel',
         'Lettr\u00e9s automatiquement, par r\u00e8gle', '\u6309\u89c4\u5219\u81ea\u52a8\u6838\u9500'),
        ('rule', 'Rule', 'Regel', 'R\u00e8gle', '\u89c4\u5219'),
        ('rule_reference', 'Reference', 'Referenz', 'R\u00e9f\u00e9rence', '\u53c2\u8003\u53f7'),
        ('rule_amount', 'Amount', 'Betrag', 'Montant', '\u91d1\u989d'),
        ('rule_combination', 'Combination', 'Kombination', 'Combinaison', '\u7ec4\u5408'),
        ('rule_partial', 'Partial', 'Teilbetrag', 'Partiel', '\u90e8\u5206'),
        ('rule_other', 'Other reasons', 'Andere Gr\u00fcnde', 'Autres motifs', '\u5176\u4ed6\u539f\u56e0'),
        ('dunning_funnel', 'Dunning funnel', 'Mahntrichter', 'Entonnoir des relances', '\u50ac\u6536\u6f0f\u6597'),
        ('level', 'Level', 'Mahnstufe', 'Niveau', '\u50ac\u6536\u7ea7\u522b'),
        ('customers', 'Customers', 'Kunden', 'Clients', '\u5ba2\u6237\u6570'),
        ('reached', 'Reached the level', 'Stufe erreicht', 'Niveau atteint', '\u8fbe\u5230\u8be5\u7ea7\u522b'),
        ('credit_grades', 'Credit grades and limit use', 'Bonit\u00e4tsklassen und Limitauslastung',
         'Notes de cr\u00e9dit et utilisation des limites', '\u4fe1\u7528\u7b49\u7ea7\u4e0e\u989d\u5ea6\u4f7f\u7528'),
        ('credit_limit', 'Credit limit', 'Kreditlimit', 'Limite de cr\u00e9dit', '\u4fe1\u7528\u989d\u5ea6'),
        ('exposure', 'Exposure', 'Obligo', 'Encours', '\u98ce\u9669\u655e\u53e3'),
        ('limit_use', 'Limit use', 'Auslastung', 'Utilisation', '\u989d\u5ea6\u4f7f\u7528\u7387'),
        ('ungraded', 'Not graded', 'Ohne Klasse', 'Sans note', '\u672a\u8bc4\u7ea7'),
        ('open_alerts', 'Open alerts', 'Offene Warnungen', 'Alertes ouvertes', '\u672a\u5904\u7406\u8b66\u62a5'),
        ('severity', 'Severity', 'Schwere', 'Gravit\u00e9', '\u4e25\u91cd\u7a0b\u5ea6'),
        ('kind', 'Kind', 'Art', 'Type', '\u7c7b\u578b'),
        ('message', 'Message', 'Meldung', 'Message', '\u5185\u5bb9'),
        ('raised', 'Raised', 'Ausgel\u00f6st', '\u00c9mise', '\u65f6\u95f4'),
        ('more_alerts', '{count} more', '{count} weitere', '{count} de plus', '\u53e6\u6709{count}\u6761'),
        ('none', 'None', 'Keine', 'Aucun', '\u65e0'),
        ('no_rate', 'No exchange rate into {currency} on {date} for {list}: these amounts are left out.',
         'Kein Kurs in {currency} am {date} f\u00fcr {list}: diese Betr\u00e4ge fehlen.',
         'Pas de cours en {currency} au {date} pour {list} : ces montants sont omis.',
         '{date}\u65e0{list}\u5151{currency}\u7684\u6c47\u7387\uff1a\u8fd9\u4e9b\u91d1\u989d\u672a\u8ba1\u5165\u3002'),
        ('month', 'Month', 'Monat', 'Mois', '\u6708\u4efd'),
        ('bucket', 'Bucket', 'Band', 'Tranche', '\u8d26\u9f84'),
        ('not_due', 'not due', 'nicht f\u00e4llig', 'non \u00e9chu', '\u672a\u5230\u671f'),
        ('days', '{range} days', '{range} Tage', '{range} jours', '{range}\u5929'),
        ('over_days', 'over {days} days', '\u00fcber {days} Tage', 'plus de {days} jours', '{days}\u5929\u4ee5\u4e0a'),
        ('statement_title', 'Statement of account', 'Kontoauszug', 'Relev\u00e9 de compte', '\u5bf9\u8d26\u5355'),
        ('period', 'Period', 'Zeitraum', 'P\u00e9riode', '\u671f\u95f4'),
        ('period_range', '{from} to {to}', '{from} bis {to}', 'du {from} au {to}', '{from}\u81f3{to}'),
        ('from_party', 'From', 'Von', 'De', '\u51fa\u5177\u65b9'),
        ('to_party', 'To', 'An', '\u00c0', '\u81f4'),
        ('opening_balance', 'Opening balance', 'Anfangssaldo', 'Solde d''ouverture', '\u671f\u521d\u4f59\u989d'),
        ('closing_balance', 'Closing balance', 'Endsaldo', 'Solde de cl\u00f4ture', '\u671f\u672b\u4f59\u989d'),
        ('date', 'Date', 'Datum', 'Date', '\u65e5\u671f'),
        ('reference', 'Reference', 'Referenz', 'R\u00e9f\u00e9rence', '\u53c2\u8003\u53f7'),
        ('due_date', 'Due', 'F\u00e4llig', '\u00c9ch\u00e9ance', '\u5230\u671f\u65e5'),
        ('debit', 'Debit', 'Soll', 'D\u00e9bit', '\u501f\u65b9'),
        ('credit', 'Credit', 'Haben', 'Cr\u00e9dit', '\u8d37\u65b9'),
        ('balance', 'Balance', 'Saldo', 'Solde', '\u4f59\u989d'),
        ('kind_invoice', 'Invoice', 'Rechnung', 'Facture', '\u53d1\u7968'),
        ('kind_credit_note', 'Credit note', 'Gutschrift', 'Avoir', '\u8d37\u9879\u901a\u77e5\u5355'),
        ('kind_payment', 'Payment', 'Zahlung', 'Paiement', '\u4ed8\u6b3e'),
        ('kind_write_off', 'Write-off', 'Abschreibung', 'Passage en perte', '\u6838\u9500'),
        ('kind_bank_charge', 'Bank charges', 'Bankgeb\u00fchren', 'Frais bancaires', '\u94f6\u884c\u624b\u7eed\u8d39'),
        ('kind_fx_difference', 'Exchange difference', 'Kursdifferenz', '\u00c9cart de change', '\u6c47\u5151\u5dee\u989d'),
        ('movements_in', 'Movements in {currency}', 'Bewegungen in {currency}', 'Mouvements en {currency}',
         '{currency}\u4ea4\u6613\u660e\u7ec6'),
        ('no_movements', 'No movements in the period.', 'Keine Bewegungen im Zeitraum.',
         'Aucun mouvement sur la p\u00e9riode.', '\u672c\u671f\u65e0\u4ea4\u6613\u3002'),
        ('balance_by_age', 'Closing balance by age', 'Endsaldo nach Alter', 'Solde de cl\u00f4ture par anciennet\u00e9',
         '\u671f\u672b\u4f59\u989d\u8d26\u9f84'),
        ('unapplied', 'Payments and credits not yet applied', 'Noch nicht verrechnete Zahlungen und Gutschriften',
         'Paiements et avoirs non encore imput\u00e9s', '\u5c1a\u672a\u6838\u9500\u7684\u4ed8\u6b3e\u548c\u8d37\u9879'),
        ('total_in', 'All currencies in {currency}', 'Alle W\u00e4hrungen in {currency}', 'Toutes devises en {currency}',
         '\u5168\u90e8\u5e01\u79cd\u6298\u5408{currency}'),
        ('open_items', 'Open items', 'Offene Posten', 'Pi\u00e8ces ouvertes', '\u672a\u6e05\u9879\u76ee'),
        ('days_overdue', 'Days overdue', 'Tage \u00fcberf\u00e4llig', 'Jours de retard', '\u903e\u671f\u5929\u6570'),
        ('payment_reference', 'Payment reference', 'Zahlungsreferenz', 'R\u00e9f\u00e9rence de paiement', '\u4ed8\u6b3e\u53c2\u8003\u53f7'),
        ('payment_instructions', 'Payment instructions', 'Zahlungshinweise', 'Instructions de paiement', '\u4ed8\u6b3e\u8bf4\u660e'),
        ('pay_to', 'Please pay to:', 'Bitte \u00fcberweisen Sie auf:', 'Veuillez payer sur :', '\u8bf7\u4ed8\u6b3e\u81f3\uff1a'),
        ('quote_reference', 'Please quote the payment reference of each invoice, or your customer number {number}.',
         'Bitte geben Sie die Zahlungsreferenz jeder Rechnung an, oder Ihre Kundennummer {number}.',
         'Veuillez indiquer la r\u00e9f\u00e9rence de paiement de chaque facture, ou votre num\u00e9ro client {number}.',
         '\u8bf7\u6ce8\u660e\u6bcf\u5f20\u53d1\u7968\u7684\u4ed8\u6b3e\u53c2\u8003\u53f7\uff0c\u6216\u60a8\u7684\u5ba2\u6237\u7f16\u53f7{number}\u3002'),
        ('no_bank_account', 'Bank details on request.', 'Bankverbindung auf Anfrage.',
         'Coordonn\u00e9es bancaires sur demande.', '\u94f6\u884c\u8d26\u6237\u4fe1\u606f\u8bf7\u6765\u51fd\u7d22\u53d6\u3002'),
        ('no_rate_line', 'no exchange rate for {list}', 'kein Kurs f\u00fcr {list}', 'pas de cours pour {list}',
         '\u65e0{list}\u6c47\u7387')
    ) m(key, en, de, fr, zh)
    WHERE m.key = report_text.key;
    IF written IS NULL OR strpos(written, '\u') = 0 THEN
        RETURN coalesce(written, english);
    ELSIF getdatabaseencoding() = 'UTF8' THEN
        RETURN unistr(written);
    END IF;
    BEGIN
        RETURN unistr(written);
    EXCEPTION WHEN OTHERS THEN
        -- a character the database's encoding cannot hold
        RETURN english;
    END;
END
$$;
COMMENT ON FUNCTION ar2c.report_text(text, text) IS
    'a text of the reports in a language (en, de, fr, zh; English for another, and where the database''s encoding cannot hold the text); {name} marks what the caller fills in; NULL for an unknown key';

CREATE FUNCTION ar2c.report_date(day date, language text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    CASE ar2c.report_language(language)
        WHEN 'de' THEN RETURN to_char(day, 'DD.MM.YYYY');
        WHEN 'fr' THEN RETURN to_char(day, 'DD/MM/YYYY');
        -- year, month and day characters (zh needs a UTF-8 database, and
        -- a function run, not planned, so that another one never reads them)
        WHEN 'zh' THEN RETURN to_char(day, unistr('YYYY"\u5e74"FMMM"\u6708"FMDD"\u65e5"'));
        ELSE RETURN to_char(day, 'YYYY-MM-DD');
    END CASE;
END
$$;
COMMENT ON FUNCTION ar2c.report_date(date, text) IS
    'a date as the reports write it in a language: en 2026-05-31, de 31.05.2026, fr 31/05/2026, zh as 2026 year 5 month 31 day in Chinese characters';

CREATE FUNCTION ar2c.report_bucket(bucket text, language text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN bucket = 'not due' THEN ar2c.report_text('not_due', language)
            WHEN bucket ~ '^over [0-9]+$'
                THEN replace(ar2c.report_text('over_days', language), '{days}', substr(bucket, 6))
            WHEN bucket ~ '^[0-9]+-[0-9]+$' THEN replace(ar2c.report_text('days', language), '{range}', bucket)
            ELSE bucket END;
COMMENT ON FUNCTION ar2c.report_bucket(text, text) IS
    'an aging bucket label (''not due'', ''31-60'', ''over 120'') in a language';

-- Charts: SVG drawn from the scale of ar2c.chart_scale. Every bar and point
-- carries its category, series and value as data- attributes (and a
-- title for a tooltip), so that what a chart shows can be checked by
-- reading it (test/reports).

CREATE FUNCTION ar2c.chart_palette() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY['#2b6cb0', '#dd6b20', '#38a169', '#805ad5', '#d53f8c', '#319795', '#b7791f', '#4a5568'];
COMMENT ON FUNCTION ar2c.chart_palette() IS 'the colours of the series of a chart, in order (repeated past the eighth)';

CREATE FUNCTION ar2c.chart_text_width(label text, font_size numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
-- wide (CJK) characters, three bytes and more in UTF-8, take about a font
-- size, the others about half
RETURN font_size * (0.58 * length(label)
                    + 0.42 * (SELECT count(*) FROM regexp_split_to_table(label, '') c WHERE octet_length(c) >= 3));
COMMENT ON FUNCTION ar2c.chart_text_width(text, numeric) IS 'an estimate of the width of a label in a sans-serif font: about half the font size a character, a whole one for a wide (CJK) character';

CREATE FUNCTION ar2c.svg_legend(series text[], colors text[], y numeric, left_x numeric) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    out text := '';
    x numeric := left_x;
    i integer;
BEGIN
    FOR i IN 1 .. coalesce(array_length(series, 1), 0) LOOP
        out := out || format('<g class="legend-item"><rect x="%s" y="%s" width="10" height="10" fill="%s"/>'
                             '<text x="%s" y="%s" class="legend">%s</text></g>',
                             x, y - 9, ar2c.html_escape(colors[1 + (i - 1) % array_length(colors, 1)]), x + 14, y,
                             ar2c.html_escape(series[i]));
        x := x + 30 + ar2c.chart_text_width(series[i], 11);
    END LOOP;
    RETURN out;
END
$$;
COMMENT ON FUNCTION ar2c.svg_legend(text[], text[], numeric, numeric) IS 'the legend of a chart: a coloured square and the name of each series, on one line';

-- The frame of a chart: the grid, the tick labels of the value axis and
-- the labels of the categories; the y of a value is top + (high - v) /
-- (high - low) * 220.
CREATE FUNCTION ar2c.svg_frame(low double precision, high double precision, decimals integer, ticks double precision[],
    categories text[], language text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    out text := '';
    t double precision;
    y numeric;
    band numeric := 620.0 / greatest(coalesce(array_length(categories, 1), 0), 1);
    i integer;
BEGIN
    FOREACH t IN ARRAY ticks LOOP
        y := round((16 + (high - t) / (high - low) * 220)::numeric, 2);
        out := out || format('<line class="%s" x1="88" y1="%s" x2="708" y2="%s"/>'
                             '<text class="tick" x="82" y="%s" text-anchor="end">%s</text>',
                             CASE WHEN t = 0 THEN 'axis' ELSE 'grid' END, y, y, y + 4,
                             ar2c.html_escape(ar2c.format_number(t::numeric, decimals, language)));
    END LOOP;
    FOR i IN 1 .. coalesce(array_length(categories, 1), 0) LOOP
        out := out || format('<text class="category" x="%s" y="254" text-anchor="middle">%s</text>',
                             round(88 + band * (i - 0.5), 2), ar2c.html_escape(categories[i]));
    END LOOP;
    RETURN out;
END
$$;
COMMENT ON FUNCTION ar2c.svg_frame(double precision, double precision, integer, double precision[], text[], text) IS 'internal to the charts: grid lines and value labels at the ticks of a scale (ar2c.chart_scale), and the category labels under the plot';

CREATE FUNCTION ar2c.svg_bar_chart(title text, categories text[], series text[], amounts numeric[], language text,
    colors text[] DEFAULT NULL) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    nc integer := coalesce(array_length(categories, 1), 0);
    ns integer := coalesce(array_length(series, 1), 0);
    palette text[] := coalesce(colors, ar2c.chart_palette());
    band numeric := 620.0 / greatest(nc, 1);
    sc record;
    out text;
    c integer;
    s integer;
    v numeric;
    up numeric;
    down numeric;
    y_top numeric;
    y_bottom numeric;
    highest numeric := 0;
    lowest numeric := 0;
BEGIN
    IF coalesce(array_length(amounts, 1), 0) <> nc * ns THEN
        RAISE EXCEPTION 'a bar chart of % categories and % series needs % amounts, not %',
            nc, ns, nc * ns, coalesce(array_length(amounts, 1), 0)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give the amounts series by series.';
    END IF;
    FOR c IN 1 .. nc LOOP
        SELECT coalesce(sum(a) FILTER (WHERE a > 0), 0), coalesce(sum(a) FILTER (WHERE a < 0), 0) INTO up, down
        FROM generate_series(1, ns) k CROSS JOIN LATERAL (SELECT amounts[(k - 1) * nc + c] AS a) x;
        highest := greatest(highest, up);
        lowest := least(lowest, down);
    END LOOP;
    sc := ar2c.chart_scale(lowest::double precision, highest::double precision, 6);
    out := format('<svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart" viewBox="0 0 720 300" role="img" '
                  'aria-label="%s" data-low="%s" data-high="%s" data-plot-height="220">',
                  ar2c.html_escape(title), sc.low, sc.high)
           || ar2c.svg_frame(sc.low, sc.high, sc.decimals, sc.ticks, categories, language);
    FOR c IN 1 .. nc LOOP
        up := 0;
        down := 0;
        FOR s IN 1 .. ns LOOP
            v := coalesce(amounts[(s - 1) * nc + c], 0);
            CONTINUE WHEN v = 0;
            IF v > 0 THEN
                y_top := 16 + (sc.high - (up + v)) / (sc.high - sc.low) * 220;
                y_bottom := 16 + (sc.high - up) / (sc.high - sc.low) * 220;
                up := up + v;
            ELSE
                y_top := 16 + (sc.high - down) / (sc.high - sc.low) * 220;
                y_bottom := 16 + (sc.high - (down + v)) / (sc.high - sc.low) * 220;
                down := down + v;
            END IF;
            out := out || format('<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="%s" '
                                 'data-category="%s" data-series="%s" data-value="%s"><title>%s, %s: %s</title></rect>',
                                 round(88 + band * (c - 1) + band * 0.15, 2), round(y_top, 3),
                                 round(band * 0.7, 2), round(y_bottom - y_top, 3),
                                 ar2c.html_escape(palette[1 + (s - 1) % array_length(palette, 1)]),
                                 ar2c.html_escape(categories[c]), ar2c.html_escape(series[s]), v,
                                 ar2c.html_escape(categories[c]), ar2c.html_escape(series[s]),
                                 ar2c.html_escape(ar2c.format_number(v, 2, language)));
        END LOOP;
    END LOOP;
    RETURN out || ar2c.svg_legend(series, palette, 284, 88) || '</svg>';
END
$$;
COMMENT ON FUNCTION ar2c.svg_bar_chart(text, text[], text[], numeric[], text, text[]) IS
    'an SVG chart of stacked bars, one per category, a segment per series (amounts given series by series: the first series'' amount for every category, then the next), on a nice scale from zero, tick labels in the language''s number format, and a legend; each bar carries data-category, data-series and data-value';

CREATE FUNCTION ar2c.svg_line_chart(title text, categories text[], series text[], amounts numeric[], language text,
    colors text[] DEFAULT NULL) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    nc integer := coalesce(array_length(categories, 1), 0);
    ns integer := coalesce(array_length(series, 1), 0);
    palette text[] := coalesce(colors, ar2c.chart_palette());
    band numeric := 620.0 / greatest(nc, 1);
    sc record;
    out text;
    points text;
    dots text;
    color text;
    c integer;
    s integer;
    v numeric;
    x numeric;
    y numeric;
BEGIN
    IF coalesce(array_length(amounts, 1), 0) <> nc * ns THEN
        RAISE EXCEPTION 'a line chart of % categories and % series needs % amounts, not %',
            nc, ns, nc * ns, coalesce(array_length(amounts, 1), 0)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give the amounts series by series.';
    END IF;
    sc := ar2c.chart_scale(coalesce((SELECT min(a) FROM unnest(amounts) a), 0)::double precision,
                           coalesce((SELECT max(a) FROM unnest(amounts) a), 0)::double precision, 6);
    out := format('<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" viewBox="0 0 720 300" role="img" '
                  'aria-label="%s" data-low="%s" data-high="%s" data-plot-height="220">',
                  ar2c.html_escape(title), sc.low, sc.high)
           || ar2c.svg_frame(sc.low, sc.high, sc.decimals, sc.ticks, categories, language);
    FOR s IN 1 .. ns LOOP
        color := ar2c.html_escape(palette[1 + (s - 1) % array_length(palette, 1)]);
        points := '';
        dots := '';
        FOR c IN 1 .. nc + 1 LOOP
            v := CASE WHEN c <= nc THEN amounts[(s - 1) * nc + c] END;
            IF v IS NULL THEN
                -- a gap ends the line drawn so far
                IF points <> '' THEN
                    out := out || format('<polyline class="line" fill="none" stroke="%s" stroke-width="2" '
                                         'data-series="%s" points="%s"/>', color, ar2c.html_escape(series[s]),
                                         trim(points));
                END IF;
                points := '';
                CONTINUE;
            END IF;
            x := round(88 + band * (c - 0.5), 2);
            y := round((16 + (sc.high - v) / (sc.high - sc.low) * 220)::numeric, 3);
            points := points || format('%s,%s ', x, y);
            dots := dots || format('<circle class="point" cx="%s" cy="%s" r="3" fill="%s" data-category="%s" '
                                   'data-series="%s" data-value="%s"><title>%s, %s: %s</title></circle>',
                                   x, y, color, ar2c.html_escape(categories[c]), ar2c.html_escape(series[s]), v,
                                   ar2c.html_escape(categories[c]), ar2c.html_escape(series[s]),
                                   ar2c.html_escape(ar2c.format_number(v, 1, language)));
        END LOOP;
        out := out || dots;
    END LOOP;
    RETURN out || ar2c.svg_legend(series, palette, 284, 88) || '</svg>';
END
$$;
COMMENT ON FUNCTION ar2c.svg_line_chart(text, text[], text[], numeric[], text, text[]) IS
    'an SVG line chart, a line per series over the categories (amounts given series by series; NULL leaves a gap), on a nice scale that includes zero, tick labels in the language''s number format, and a legend; each point carries data-category, data-series and data-value';

-- What the dashboard shows, section by section: one function each, of a
-- company, a day and the currency of the report (NULL: the company's
-- reporting currency). They run with their owner's rights, so that the
-- reporting role, which reads no table, can call them, and give no rows
-- for a company the session may not see (ar2c.company_visible), the same
-- as for one that does not exist. The dashboard_* views below give them
-- for every company the reader may see, on the aging date.

CREATE FUNCTION ar2c.report_aging(company_id bigint, as_of date, currency ar2c.currency DEFAULT NULL,
    OUT bucket_order integer, OUT aging_bucket text, OUT currency text, OUT open_amount numeric,
    OUT open_items bigint, OUT reporting_currency text, OUT reporting_amount numeric, OUT rate_date date)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
    SELECT a.bucket_order, a.aging_bucket, a.currency, a.open_amount, a.open_items, t.code::text,
           ar2c.amount(ar2c.convert_at(ar2c.money_cur(a.open_amount, a.currency::ar2c.currency), t.code, r.rate,
                                       r.inverse)),
           $2
    FROM (SELECT ar2c.metric_currency($1, $3) AS code) t
    CROSS JOIN LATERAL ar2c.aging_by_bucket_as_of($1, $2) a
    LEFT JOIN ar2c.fx_rates_to(t.code, $2) r ON r.currency OPERATOR(ar2c.=) a.currency::ar2c.currency
    WHERE t.code IS NOT NULL AND ar2c.company_visible($1)
    ORDER BY 1, 3
$$;
COMMENT ON FUNCTION ar2c.report_aging(bigint, date, ar2c.currency) IS
    'the dashboard''s aging: per aging bucket and currency, the open amount and invoices at the end of a day, and the amount in the report''s currency (NULL: the reporting currency) at that day''s rate (NULL without a rate); every bucket has a row; no rows for a company the session may not see';

CREATE FUNCTION ar2c.report_aging_trend(company_id bigint, as_of date, currency ar2c.currency DEFAULT NULL,
    OUT month_end date, OUT bucket_order integer, OUT aging_bucket text, OUT currency text,
    OUT open_amount numeric, OUT missing_rates text)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
    SELECT e.month_end, a.bucket_order, a.aging_bucket, t.code::text,
           CASE WHEN bool_and(r.rate IS NOT NULL OR a.open_amount = 0)
                THEN coalesce(sum(ar2c.amount(ar2c.convert_at(ar2c.money_cur(a.open_amount, a.currency::ar2c.currency),
                                                              t.code, r.rate, r.inverse))), 0) END,
           string_agg(DISTINCT a.currency, ', ') FILTER (WHERE r.rate IS NULL AND a.open_amount <> 0)
    FROM (SELECT ar2c.metric_currency($1, $3) AS code) t
    CROSS JOIN LATERAL (SELECT (date_trunc('month', $2 + 1) - make_interval(months => k) - interval '1 day')::date
                        FROM generate_series(0, 11) k) e(month_end)
    CROSS JOIN LATERAL ar2c.aging_by_bucket_as_of($1, e.month_end) a
    LEFT JOIN LATERAL ar2c.fx_rates_to(t.code, e.month_end) r ON r.currency OPERATOR(ar2c.=) a.currency::ar2c.currency
    WHERE t.code IS NOT NULL AND ar2c.company_visible($1)
    GROUP BY e.month_end, a.bucket_order, a.aging_bucket, t.code
    ORDER BY 1, 2
$$;
COMMENT ON FUNCTION ar2c.report_aging_trend(bigint, date, ar2c.currency) IS
    'the dashboard''s aging trend: per month end of the last twelve (the day itself if it ends a month) and aging bucket, the open amount in the report''s currency (NULL: the reporting currency) at each month end''s rate; NULL, naming them in missing_rates, when a currency has no rate';

CREATE FUNCTION ar2c.report_metrics(company_id bigint, as_of date,
    OUT month date, OUT dso numeric, OUT dso_countback numeric, OUT best_possible_dso numeric,
    OUT collection_effectiveness numeric, OUT period_end date, OUT partial boolean)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
    SELECT m.month, m.dso, m.dso_countback, m.best_possible_dso, m.collection_effectiveness, m.period_end, m.partial
    FROM ar2c.monthly_metrics($1, (date_trunc('month', $2) - interval '11 months')::date, $2) m
    WHERE ar2c.company_visible($1)
$$;
COMMENT ON FUNCTION ar2c.report_metrics(bigint, date) IS
    'the dashboard''s metric lines: per month of the twelve to a day (to the aging date at most), DSO, countback DSO, best possible DSO and the collection effectiveness index, every currency converted into the reporting currency (ar2c.monthly_metrics)';

CREATE FUNCTION ar2c.report_top_overdue(company_id bigint, as_of date, currency ar2c.currency DEFAULT NULL,
    OUT rank integer, OUT customer_id bigint, OUT customer_number text, OUT customer_name text, OUT credit_grade text,
    OUT oldest_bucket text, OUT overdue_items bigint, OUT currency text, OUT overdue_amount numeric)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
    WITH t AS (
        SELECT ar2c.metric_currency($1, $3) AS code
    ), overdue AS (
        SELECT a.customer_id, max(a.bucket_order) AS oldest, count(*) AS items,
               CASE WHEN bool_and(r.rate IS NOT NULL)
                    THEN sum(ar2c.amount(ar2c.convert_at(a.open_amount, t.code, r.rate, r.inverse))) END AS amount
        FROM t
        CROSS JOIN LATERAL ar2c.aging_as_of($1, $2) a
        LEFT JOIN ar2c.fx_rates_to(t.code, $2) r ON r.currency OPERATOR(ar2c.=) ar2c.currency(a.open_amount)
        WHERE t.code IS NOT NULL AND a.bucket_order > 1
        GROUP BY a.customer_id
    )
    SELECT (row_number() OVER (ORDER BY o.amount DESC NULLS LAST, c.customer_number))::integer, c.customer_id,
           c.customer_number, c.name, c.credit_grade, k.bucket::text, o.items, t.code::text, o.amount
    FROM overdue o
    CROSS JOIN t
    JOIN ar2c.customer c ON c.customer_id = o.customer_id
    JOIN ar2c.company co ON co.company_id = c.company_id
    JOIN LATERAL ar2c.aging_buckets(co.aging_boundaries) k ON k.ordinal = o.oldest
    WHERE ar2c.company_visible($1)
    ORDER BY 1
    LIMIT 20
$$;
COMMENT ON FUNCTION ar2c.report_top_overdue(bigint, date, ar2c.currency) IS
    'the dashboard''s top 20 customers by the amount overdue at the end of a day, in the report''s currency (NULL: the reporting currency; a customer with an amount in a currency without a rate comes last, with NULL), with their credit grade, oldest aging bucket and overdue invoices';

CREATE FUNCTION ar2c.report_cash_application(company_id bigint, as_of date, currency ar2c.currency DEFAULT NULL,
    OUT measure text, OUT label text, OUT payments bigint, OUT currency text, OUT amount numeric)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
    WITH t AS (
        SELECT ar2c.metric_currency($1, $3) AS code
    ), received AS (
        -- the payments with a value date in the 30 days to the day
        SELECT p.payment_id, p.amount,
               CASE WHEN p.status = 'partially_applied' THEN 'partially_applied'
                    WHEN p.match_state = 'applied' THEN 'auto_applied'
                    WHEN p.match_state IN ('queued', 'confirmed', 'rejected') THEN p.match_state
                    WHEN p.status = 'applied' THEN 'applied'
                    ELSE 'unapplied' END AS state
        FROM ar2c.payment p
        WHERE p.company_id = $1 AND p.value_date > $2 - 30 AND p.value_date <= $2 AND p.status <> 'returned'
    ), by_rule AS (
        -- what cash application applied, by the rule its reason names
        SELECT CASE WHEN split_part(a.reason, ' ', 1) IN ('reference', 'amount', 'combination', 'partial')
                    THEN split_part(a.reason, ' ', 1) ELSE 'other' END AS rule,
               count(DISTINCT a.payment_id) AS payments,
               ar2c.currency(a.source_amount) AS cur, ar2c.sum(a.source_amount) AS amount
        FROM ar2c.application a
        JOIN received x ON x.payment_id = a.payment_id
        WHERE a.company_id = $1 AND a.kind = 'matched' AND a.reason IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ar2c.application v
                          WHERE v.customer_id = a.customer_id AND v.reverses_application_id = a.application_id)
        GROUP BY 1, 3
    ), measured AS (
        SELECT 'state' AS measure, x.state AS label, count(*) AS payments, ar2c.currency(x.amount) AS cur,
               ar2c.sum(x.amount) AS amount
        FROM received x GROUP BY 2, 4
        UNION ALL
        SELECT 'rule', b.rule, b.payments, b.cur, b.amount FROM by_rule b
    )
    SELECT m.measure, m.label, sum(m.payments)::bigint, t.code::text,
           CASE WHEN bool_and(r.rate IS NOT NULL)
                THEN sum(ar2c.amount(ar2c.convert_at(m.amount, t.code, r.rate, r.inverse))) END
    FROM measured m
    CROSS JOIN t
    LEFT JOIN ar2c.fx_rates_to(t.code, $2) r ON r.currency OPERATOR(ar2c.=) m.cur
    WHERE t.code IS NOT NULL AND ar2c.company_visible($1)
    GROUP BY m.measure, m.label, t.code
    ORDER BY 1 DESC, 2
$$;
COMMENT ON FUNCTION ar2c.report_cash_application(bigint, date, ar2c.currency) IS
    'the dashboard''s cash application over the 30 days to a day (by value date): measure state counts the payments and their amount by where they stand (auto_applied, confirmed, queued, rejected, partially_applied, applied by hand, unapplied); measure rule what cash application applied automatically, by rule (reference, amount, combination, partial; other for an application whose reason names none); amounts in the report''s currency (NULL: the reporting currency), NULL when a currency has no rate';

CREATE FUNCTION ar2c.report_dunning_funnel(company_id bigint, as_of date, currency ar2c.currency DEFAULT NULL,
    OUT level integer, OUT customers bigint, OUT reached bigint, OUT currency text, OUT principal numeric)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
    WITH t AS (
        SELECT ar2c.metric_currency($1, $3) AS code
    ), at_level AS (
        SELECT s.level, count(DISTINCT s.customer_id) AS customers,
               CASE WHEN bool_and(r.rate IS NOT NULL)
                    THEN sum(ar2c.amount(ar2c.convert_at(n.principal, t.code, r.rate, r.inverse))) END AS amount
        FROM t
        JOIN ar2c.dunning_state s ON s.company_id = $1 AND s.as_of <= $2
        JOIN ar2c.dunning_notice n ON n.customer_id = s.customer_id AND n.notice_id = s.notice_id
        LEFT JOIN ar2c.fx_rates_to(t.code, $2) r ON r.currency OPERATOR(ar2c.=) ar2c.currency(n.principal)
        GROUP BY s.level
    )
    SELECT l.level, l.customers, (sum(l.customers) OVER (ORDER BY l.level DESC))::bigint, t.code::text, l.amount
    FROM at_level l CROSS JOIN t
    WHERE t.code IS NOT NULL AND ar2c.company_visible($1)
    ORDER BY 1
$$;
COMMENT ON FUNCTION ar2c.report_dunning_funnel(bigint, date, ar2c.currency) IS
    'the dashboard''s dunning funnel: per dunning level, the customers (and currencies) whose last notice by the day was at that level, how many reached it or a higher one, and the principal of those notices in the report''s currency (NULL: the reporting currency)';

CREATE FUNCTION ar2c.report_credit_grades(company_id bigint, as_of date, currency ar2c.currency DEFAULT NULL,
    OUT credit_grade text, OUT customers bigint, OUT currency text, OUT credit_limit numeric,
    OUT exposure numeric, OUT limit_use numeric)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
    WITH t AS (
        SELECT ar2c.metric_currency($1, $3) AS code
    ), graded AS (
        SELECT c.credit_grade, count(*) AS customers,
               CASE WHEN bool_and(r.rate IS NOT NULL) THEN
                   sum(ar2c.amount(ar2c.convert_at(c.credit_limit, t.code, r.rate, r.inverse))) END AS credit_limit,
               CASE WHEN bool_and(r.rate IS NOT NULL) THEN
                   sum(ar2c.amount(ar2c.convert_at(ar2c.customer_exposure(c.customer_id), t.code, r.rate, r.inverse)))
               END AS exposure,
               CASE WHEN bool_and(r.rate IS NOT NULL) THEN
                   sum(ar2c.amount(ar2c.convert_at(ar2c.customer_exposure(c.customer_id), t.code, r.rate, r.inverse)))
                   FILTER (WHERE c.credit_limit IS NOT NULL) END AS limited_exposure
        FROM t
        JOIN ar2c.customer c ON c.company_id = $1
        LEFT JOIN ar2c.fx_rates_to(t.code, $2) r ON r.currency OPERATOR(ar2c.=) c.currency
        GROUP BY c.credit_grade
    )
    SELECT g.credit_grade, g.customers, t.code::text, g.credit_limit, g.exposure,
           round(100 * g.limited_exposure / nullif(g.credit_limit, 0), 1)
    FROM graded g CROSS JOIN t
    WHERE t.code IS NOT NULL AND ar2c.company_visible($1)
    ORDER BY 1 NULLS LAST
$$;
COMMENT ON FUNCTION ar2c.report_credit_grades(bigint, date, ar2c.currency) IS
    'the dashboard''s credit grades: per grade (NULL: not graded), the customers, their credit limits and exposure (open invoices and orders, now) in the report''s currency (NULL: the reporting currency) at the day''s rate, and the exposure of those with a limit as a percentage of the limits';

CREATE FUNCTION ar2c.report_alerts(company_id bigint, as_of date,
    OUT alert_id bigint, OUT severity text, OUT kind text, OUT customer_number text, OUT message text,
    OUT raised_at timestamptz)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
    SELECT a.alert_id, a.severity, a.kind, c.customer_number, a.message, a.raised_at
    FROM ar2c.alert a
    LEFT JOIN ar2c.customer c ON c.customer_id = a.customer_id
    WHERE a.company_id = $1 AND a.acknowledged_at IS NULL AND a.raised_at < $2 + 1 AND ar2c.company_visible($1)
    ORDER BY CASE a.severity WHEN 'critical' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END, a.raised_at DESC, a.alert_id DESC
$$;
COMMENT ON FUNCTION ar2c.report_alerts(bigint, date) IS
    'the dashboard''s open alerts: those raised by the end of a day and not acknowledged, the most severe and newest first';

CREATE VIEW ar2c.dashboard_aging AS
SELECT co.company_id, r.*
FROM ar2c.company co CROSS JOIN LATERAL ar2c.report_aging(co.company_id, ar2c.aging_date()) r
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.dashboard_aging IS 'the aging chart of the dashboard (ar2c.report_aging) on the aging date, for every company the reader may see, in its reporting currency';

CREATE VIEW ar2c.dashboard_aging_trend AS
SELECT co.company_id, r.*
FROM ar2c.company co CROSS JOIN LATERAL ar2c.report_aging_trend(co.company_id, ar2c.aging_date()) r
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.dashboard_aging_trend IS 'the aging trend of the dashboard (ar2c.report_aging_trend) to the aging date, for every company the reader may see, in its reporting currency';

CREATE VIEW ar2c.dashboard_metrics AS
SELECT co.company_id, r.*
FROM ar2c.company co CROSS JOIN LATERAL ar2c.report_metrics(co.company_id, ar2c.aging_date()) r
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.dashboard_metrics IS 'the DSO and CEI lines of the dashboard (ar2c.report_metrics) to the aging date, for every company the reader may see';

CREATE VIEW ar2c.dashboard_top_overdue AS
SELECT co.company_id, r.*
FROM ar2c.company co CROSS JOIN LATERAL ar2c.report_top_overdue(co.company_id, ar2c.aging_date()) r
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.dashboard_top_overdue IS 'the top 20 overdue customers of the dashboard (ar2c.report_top_overdue) on the aging date, for every company the reader may see, in its reporting currency';

CREATE VIEW ar2c.dashboard_cash_application AS
SELECT co.company_id, r.*
FROM ar2c.company co CROSS JOIN LATERAL ar2c.report_cash_application(co.company_id, ar2c.aging_date()) r
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.dashboard_cash_application IS 'the cash application of the last 30 days on the dashboard (ar2c.report_cash_application) to the aging date, for every company the reader may see, in its reporting currency';

CREATE VIEW ar2c.dashboard_dunning_funnel AS
SELECT co.company_id, r.*
FROM ar2c.company co CROSS JOIN LATERAL ar2c.report_dunning_funnel(co.company_id, ar2c.aging_date()) r
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.dashboard_dunning_funnel IS 'the dunning funnel of the dashboard (ar2c.report_dunning_funnel) on the aging date, for every company the reader may see, in its reporting currency';

CREATE VIEW ar2c.dashboard_credit_grades AS
SELECT co.company_id, r.*
FROM ar2c.company co CROSS JOIN LATERAL ar2c.report_credit_grades(co.company_id, ar2c.aging_date()) r
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.dashboard_credit_grades IS 'the credit grades and limit use of the dashboard (ar2c.report_credit_grades) on the aging date, for every company the reader may see, in its reporting currency';

CREATE VIEW ar2c.dashboard_alerts AS
SELECT co.company_id, r.*
FROM ar2c.company co CROSS JOIN LATERAL ar2c.report_alerts(co.company_id, ar2c.aging_date()) r
WHERE co.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.dashboard_alerts IS 'the open alerts of the dashboard (ar2c.report_alerts) on the aging date, for every company the reader may see';

-- Column comments of the dashboard views, by column name.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT a.attrelid::regclass AS view, a.attname, d.description
        FROM pg_attribute a
        JOIN (VALUES
            ('company_id', 'the company'),
            ('bucket_order', 'position of the aging bucket, 1 = not due'),
            ('aging_bucket', 'aging bucket label'),
            ('currency', 'ISO 4217 code of the amounts (in dashboard_aging: of the open items, beside their amount in the reporting currency; elsewhere the company''s reporting currency, into which every currency is converted)'),
            ('open_amount', 'open amount in currency'),
            ('open_items', 'open invoices'),
            ('reporting_currency', 'the company''s reporting (functional) currency'),
            ('reporting_amount', 'open_amount in the reporting currency; NULL without an exchange rate'),
            ('amount', 'amount of the payments, or of what was applied, in currency; NULL when one has no rate'),
            ('principal', 'principal of the last notices in currency; NULL when one has no rate'),
            ('rate_date', 'the day whose exchange rate converts the amounts'),
            ('month_end', 'the month end the figures are as of'),
            ('missing_rates', 'currencies with an open amount but no rate into currency (then open_amount is NULL)'),
            ('month', 'first day of the month'),
            ('dso', 'days sales outstanding'),
            ('dso_countback', 'countback DSO at the period end'),
            ('best_possible_dso', 'best possible DSO'),
            ('collection_effectiveness', 'collection effectiveness index, percent'),
            ('period_end', 'the day the month''s figures are as of'),
            ('partial', 'the month is under way'),
            ('rank', 'place by overdue amount, 1 = the largest'),
            ('customer_id', 'ar2c''s key for the customer'),
            ('customer_number', 'the application''s customer number'),
            ('customer_name', 'the customer''s name'),
            ('credit_grade', 'credit grade A to D; NULL: not graded'),
            ('oldest_bucket', 'the oldest aging bucket of the customer''s overdue invoices'),
            ('overdue_items', 'overdue invoices'),
            ('overdue_amount', 'overdue amount in currency; NULL when a currency has no rate'),
            ('measure', 'state: the payments by where they stand; rule: what cash application applied, by rule'),
            ('label', 'the state (auto_applied, confirmed, queued, rejected, partially_applied, applied, unapplied) or the rule (reference, amount, combination, partial, other)'),
            ('payments', 'payments of the 30 days to the date, by value date'),
            ('level', 'dunning level'),
            ('customers', 'customers'),
            ('reached', 'customers at this level or a higher one'),
            ('credit_limit', 'sum of the credit limits in currency'),
            ('exposure', 'sum of the exposure (open invoices and orders) in currency'),
            ('limit_use', 'exposure of the customers with a limit, percent of their limits'),
            ('alert_id', 'ar2c''s key for the alert'),
            ('severity', 'info, warning or critical'),
            ('kind', 'what the alert is about'),
            ('message', 'what happened, in a sentence'),
            ('raised_at', 'when the alert was raised')
        ) d(name, description) ON d.name = a.attname
        WHERE a.attrelid IN ('ar2c.dashboard_aging'::regclass, 'ar2c.dashboard_aging_trend'::regclass,
                             'ar2c.dashboard_metrics'::regclass, 'ar2c.dashboard_top_overdue'::regclass,
                             'ar2c.dashboard_cash_application'::regclass, 'ar2c.dashboard_dunning_funnel'::regclass,
                             'ar2c.dashboard_credit_grades'::regclass, 'ar2c.dashboard_alerts'::regclass)
          AND a.attnum > 0
    LOOP
        EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', c.view, c.attname, c.description);
    END LOOP;
END
$$;

-- A whole HTML document: inline CSS, a policy that forbids the browser any
-- script and any request, the fonts of the machine only.
CREATE FUNCTION ar2c.report_page(title text, language text, body text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '<!DOCTYPE html>' || chr(10)
    || format('<html lang="%s"><head><meta charset="utf-8">', ar2c.report_language(language))
    || '<meta http-equiv="Content-Security-Policy" content="default-src ''none''; style-src ''unsafe-inline''">'
    || '<meta name="viewport" content="width=device-width, initial-scale=1">'
    || format('<title>%s</title>', ar2c.html_escape(title))
    || '<style>'
    || '@page{size:A4;margin:14mm 12mm}'
    || 'html{font-family:"Noto Sans","Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei","DejaVu Sans",'
    || '"Liberation Sans",sans-serif;font-size:10pt;color:#1a202c;background:#fff}'
    || 'body{margin:0 auto;max-width:186mm;padding:6mm 4mm}'
    || 'h1{font-size:16pt;margin:0 0 2mm}h2{font-size:12pt;margin:6mm 0 2mm;border-bottom:1px solid #cbd5e0;'
    || 'break-after:avoid}p{margin:1mm 0}'
    || 'table{border-collapse:collapse;width:100%;margin:1mm 0 3mm}'
    || 'th,td{padding:0 1.5mm;height:6mm;text-align:left;border-bottom:1px solid #e2e8f0;vertical-align:middle}'
    || 'th{background:#edf2f7;font-weight:600}.num{text-align:right;white-space:nowrap;'
    || 'font-variant-numeric:tabular-nums}thead{display:table-header-group}tr{break-inside:avoid}'
    || 'figure{margin:0 0 3mm;break-inside:avoid}svg.chart{width:100%;height:auto;display:block}'
    || 'svg text{font-size:11px;fill:#2d3748}svg .tick{font-size:10px}svg .category{font-size:10px}'
    || 'svg .grid{stroke:#e2e8f0}svg .axis{stroke:#4a5568}'
    || '.kpis{display:flex;gap:3mm;margin:3mm 0}.kpi{flex:1;border:1px solid #cbd5e0;border-radius:2mm;padding:2mm 3mm}'
    || '.kpi .value{font-size:13pt;font-weight:bold}.kpi .label{color:#4a5568;font-size:9pt}'
    || '.hbar{display:inline-block;height:3mm;background:#2b6cb0;vertical-align:middle}'
    || '.note{color:#4a5568;font-size:9pt}.empty{padding:3mm;background:#fefcbf;border:1px solid #ecc94b}'
    || '.sev-critical{color:#c53030;font-weight:bold}.sev-warning{color:#b7791f}'
    || '.parties{display:flex;gap:8mm;margin:3mm 0}.parties>div{flex:1}.total td{font-weight:bold}'
    || '</style></head><body>' || body || '</body></html>' || chr(10);
COMMENT ON FUNCTION ar2c.report_page(text, text, text) IS
    'internal to the reports: an HTML document of a title and a body (HTML), in a language, with the reports'' inline CSS for screen and A4 print and a content security policy that allows no script and no request';

-- A bar as wide as a share of the largest value, for the tables
CREATE FUNCTION ar2c.html_bar(value numeric, largest numeric) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN format('<span class="hbar" style="width:%smm"></span>',
              CASE WHEN coalesce(largest, 0) <= 0 OR value IS NULL OR value <= 0 THEN 0
                   ELSE round(40 * value / largest, 1) END);
COMMENT ON FUNCTION ar2c.html_bar(numeric, numeric) IS 'internal to the reports: an inline bar, 40 mm for the largest value and in proportion below (none for NULL or not positive)';

CREATE FUNCTION ar2c.report_html(company_id bigint, as_of date DEFAULT ar2c.aging_date(),
    currency ar2c.currency DEFAULT NULL) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
DECLARE
    co record;
    lang text;
    cur ar2c.currency;
    body text;
    part text;
    total numeric;
    overdue numeric;
    latest record;
    missing text;
    more bigint;
    cats text[];
    series text[];
    amounts numeric[];
    cei numeric[];
    aging jsonb;
    trend jsonb;
    metrics jsonb;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'report_html needs a date' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'Leave as_of out for the aging date.';
    END IF;
    IF NOT isfinite(as_of) THEN
        RAISE EXCEPTION 'invalid report date %', as_of USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Give a finite date.';
    END IF;
    SELECT c.company_id, c.name, c.language, c.functional_currency INTO co
    FROM ar2c.company c WHERE c.company_id = report_html.company_id;
    IF NOT FOUND OR NOT ar2c.company_visible(co.company_id) THEN
        -- the same for a company the session may not see (doc/conventions.md)
        RETURN NULL;
    END IF;
    lang := ar2c.report_language(co.language);
    cur := coalesce(report_html.currency, co.functional_currency);

    body := format('<header><h1>%s</h1><p>%s: %s &#183; %s</p></header>',
                   ar2c.html_escape(ar2c.report_text('dashboard_title', lang) || ': ' || co.name),
                   ar2c.html_escape(ar2c.report_text('as_of', lang)), ar2c.html_escape(ar2c.report_date(as_of, lang)),
                   ar2c.html_escape(replace(ar2c.report_text('in_currency', lang), '{currency}', cur::text)));
    IF NOT EXISTS (SELECT 1 FROM ar2c.invoice i WHERE i.company_id = co.company_id)
       AND NOT EXISTS (SELECT 1 FROM ar2c.payment p WHERE p.company_id = co.company_id) THEN
        body := body || format('<p class="empty" id="empty">%s</p>', ar2c.html_escape(ar2c.report_text('empty', lang)));
    END IF;

    -- aging by bucket: a bar per bucket, a segment per currency
    -- (read once, in the rows of the views that give them)
    aging := (SELECT jsonb_agg(to_jsonb(r)) FROM ar2c.report_aging(co.company_id, as_of, cur) r);
    trend := (SELECT jsonb_agg(to_jsonb(r)) FROM ar2c.report_aging_trend(co.company_id, as_of, cur) r);
    metrics := (SELECT jsonb_agg(to_jsonb(r)) FROM ar2c.report_metrics(co.company_id, as_of) r);
    SELECT sum(a.reporting_amount), sum(a.reporting_amount) FILTER (WHERE a.bucket_order > 1),
           string_agg(DISTINCT a.currency, ', ') FILTER (WHERE a.reporting_amount IS NULL AND a.open_amount <> 0)
    INTO total, overdue, missing
    FROM jsonb_populate_recordset(NULL::ar2c.dashboard_aging, aging) a;
    SELECT * INTO latest FROM jsonb_populate_recordset(NULL::ar2c.dashboard_metrics, metrics) m ORDER BY m.month DESC LIMIT 1;
    body := body || '<div class="kpis">'
        || format('<div class="kpi" id="kpi-open"><div class="label">%s</div><div class="value">%s</div></div>',
                  ar2c.html_escape(ar2c.report_text('total_open', lang)),
                  ar2c.html_escape(ar2c.format_number(coalesce(total, 0), 2, lang) || ' ' || cur::text))
        || format('<div class="kpi" id="kpi-overdue"><div class="label">%s</div><div class="value">%s</div></div>',
                  ar2c.html_escape(ar2c.report_text('overdue', lang)),
                  ar2c.html_escape(ar2c.format_number(coalesce(overdue, 0), 2, lang) || ' ' || cur::text))
        || format('<div class="kpi" id="kpi-dso"><div class="label">%s</div><div class="value">%s</div></div>',
                  ar2c.html_escape(ar2c.report_text('dso', lang)),
                  ar2c.html_escape(coalesce(ar2c.format_number(latest.dso, 1, lang), '-')))
        || format('<div class="kpi" id="kpi-cei"><div class="label">%s</div><div class="value">%s</div></div>',
                  ar2c.html_escape(ar2c.report_text('cei', lang)),
                  ar2c.html_escape(coalesce(ar2c.format_number(latest.collection_effectiveness, 1, lang), '-')))
        || '</div>';
    IF missing IS NOT NULL THEN
        body := body || format('<p class="note">%s</p>',
            ar2c.html_escape(replace(replace(replace(ar2c.report_text('no_rate', lang), '{currency}', cur::text),
                                             '{date}', ar2c.report_date(as_of, lang)), '{list}', missing)));
    END IF;

    SELECT array_agg(ar2c.report_bucket(b.aging_bucket, lang) ORDER BY b.bucket_order) INTO cats
    FROM (SELECT DISTINCT a.bucket_order, a.aging_bucket FROM jsonb_populate_recordset(NULL::ar2c.dashboard_aging, aging) a) b;
    SELECT array_agg(s.currency ORDER BY s.currency OPERATOR(pg_catalog.<>) cur::text, s.currency) INTO series
    FROM (SELECT DISTINCT a.currency FROM jsonb_populate_recordset(NULL::ar2c.dashboard_aging, aging) a) s;
    SELECT array_agg(coalesce(a.reporting_amount, 0) ORDER BY s.n, b.bucket_order) INTO amounts
    FROM unnest(series) WITH ORDINALITY s(code, n)
    CROSS JOIN generate_series(1, cardinality(cats)) b(bucket_order)
    LEFT JOIN jsonb_populate_recordset(NULL::ar2c.dashboard_aging, aging) a
           ON a.currency = s.code AND a.bucket_order = b.bucket_order;
    body := body || format('<section id="aging"><h2>%s</h2><p class="note">%s</p><figure>%s</figure>',
        ar2c.html_escape(ar2c.report_text('aging_by_bucket', lang)),
        ar2c.html_escape(replace(replace(ar2c.report_text('aging_note', lang), '{currency}', cur::text), '{date}',
                                 ar2c.report_date(as_of, lang))),
        ar2c.svg_bar_chart(ar2c.report_text('aging_by_bucket', lang), cats, series, amounts, lang));
    SELECT format('<table><thead><tr><th>%s</th><th>%s</th><th class="num">%s</th><th class="num">%s</th>'
                  '<th class="num">%s</th></tr></thead><tbody>',
                  ar2c.html_escape(ar2c.report_text('bucket', lang)), ar2c.html_escape(ar2c.report_text('currency', lang)),
                  ar2c.html_escape(ar2c.report_text('items', lang)), ar2c.html_escape(ar2c.report_text('amount', lang)),
                  ar2c.html_escape(ar2c.report_text('amount', lang) || ' ' || cur::text))
        || string_agg(format('<tr><td>%s</td><td>%s</td><td class="num">%s</td><td class="num">%s</td>'
                             '<td class="num">%s</td></tr>',
                             ar2c.html_escape(ar2c.report_bucket(a.aging_bucket, lang)), ar2c.html_escape(a.currency),
                             a.open_items, ar2c.html_escape(ar2c.format_number(a.open_amount, 2, lang)),
                             ar2c.html_escape(coalesce(ar2c.format_number(a.reporting_amount, 2, lang), '-'))),
                      '' ORDER BY a.bucket_order, a.currency)
        || '</tbody></table></section>'
    INTO part
    FROM jsonb_populate_recordset(NULL::ar2c.dashboard_aging, aging) a
    WHERE a.open_amount <> 0;
    body := body || coalesce(part, '</section>');

    -- the aging of the last twelve month ends: a bar per month, a segment per bucket
    SELECT array_agg(DISTINCT t.month_end ORDER BY t.month_end) INTO cats
    FROM jsonb_populate_recordset(NULL::ar2c.dashboard_aging_trend, trend) t;
    SELECT array_agg(coalesce(t.open_amount, 0) ORDER BY t.bucket_order, t.month_end),
           string_agg(DISTINCT t.missing_rates, ', ')
    INTO amounts, missing
    FROM jsonb_populate_recordset(NULL::ar2c.dashboard_aging_trend, trend) t;
    SELECT array_agg(ar2c.report_bucket(b.aging_bucket, lang) ORDER BY b.bucket_order) INTO series
    FROM (SELECT DISTINCT t.bucket_order, t.aging_bucket FROM jsonb_populate_recordset(NULL::ar2c.dashboard_aging_trend, trend) t) b;
    body := body || format('<section id="aging-trend"><h2>%s</h2><figure>%s</figure>%s</section>',
        ar2c.html_escape(ar2c.report_text('aging_trend', lang)),
        ar2c.svg_bar_chart(ar2c.report_text('aging_trend', lang),
                           ARRAY(SELECT to_char(d, 'YYYY-MM') FROM unnest(cats::date[]) d),
                           series, amounts, lang,
                           ARRAY['#38a169', '#ecc94b', '#ed8936', '#e53e3e', '#9b2c2c', '#63171b', '#322659', '#1a202c']),
        CASE WHEN missing IS NOT NULL THEN format('<p class="note">%s</p>',
            ar2c.html_escape(replace(replace(replace(ar2c.report_text('no_rate', lang), '{currency}', cur::text),
                                             '{date}', ''), '{list}', missing))) ELSE '' END);

    -- DSO and CEI by month
    SELECT array_agg(to_char(m.month, 'YYYY-MM') ORDER BY m.month),
           array_agg(m.dso ORDER BY m.month) || array_agg(m.dso_countback ORDER BY m.month)
               || array_agg(m.best_possible_dso ORDER BY m.month),
           array_agg(m.collection_effectiveness ORDER BY m.month)
    INTO cats, amounts, cei
    FROM jsonb_populate_recordset(NULL::ar2c.dashboard_metrics, metrics) m;
    body := body || format('<section id="metrics"><h2>%s</h2><figure>%s</figure><h2>%s</h2><figure>%s</figure></section>',
        ar2c.html_escape(ar2c.report_text('dso_trend', lang)),
        ar2c.svg_line_chart(ar2c.report_text('dso_trend', lang), coalesce(cats, '{}'),
                            CASE WHEN cats IS NULL THEN '{}'::text[] ELSE
                            ARRAY[ar2c.report_text('dso', lang), ar2c.report_text('dso_countback', lang),
                                  ar2c.report_text('best_dso', lang)] END, coalesce(amounts, '{}'), lang),
        ar2c.html_escape(ar2c.report_text('cei_trend', lang)),
        ar2c.svg_line_chart(ar2c.report_text('cei_trend', lang), coalesce(cats, '{}'),
                            CASE WHEN cats IS NULL THEN '{}'::text[] ELSE ARRAY[ar2c.report_text('cei', lang)] END,
                            coalesce(cei, '{}'), lang, ARRAY['#805ad5']));

    -- top 20 overdue
    SELECT string_agg(format('<tr><td class="num">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>'
                             '<td class="num">%s</td><td class="num">%s</td><td>%s</td></tr>',
                             t.rank, ar2c.html_escape(t.customer_number), ar2c.html_escape(t.customer_name),
                             ar2c.html_escape(coalesce(t.credit_grade, '-')),
                             ar2c.html_escape(ar2c.report_bucket(t.oldest_bucket, lang)), t.overdue_items,
                             ar2c.html_escape(coalesce(ar2c.format_number(t.overdue_amount, 2, lang), '-')),
                             ar2c.html_bar(t.overdue_amount, t.largest)), '' ORDER BY t.rank)
    INTO part
    FROM (SELECT x.*, max(x.overdue_amount) OVER () AS largest FROM ar2c.report_top_overdue(co.company_id, as_of, cur) x) t;
    body := body || format('<section id="top-overdue"><h2>%s</h2>', ar2c.html_escape(ar2c.report_text('top_overdue', lang)))
        || CASE WHEN part IS NULL THEN format('<p>%s</p>', ar2c.html_escape(ar2c.report_text('none', lang)))
           ELSE format('<table><thead><tr><th class="num">#</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>'
                       '<th class="num">%s</th><th class="num">%s</th><th></th></tr></thead><tbody>%s</tbody></table>',
                       ar2c.html_escape(ar2c.report_text('customer_number', lang)),
                       ar2c.html_escape(ar2c.report_text('customer', lang)), ar2c.html_escape(ar2c.report_text('grade', lang)),
                       ar2c.html_escape(ar2c.report_text('oldest_bucket', lang)),
                       ar2c.html_escape(ar2c.report_text('items', lang)),
                       ar2c.html_escape(ar2c.report_text('overdue', lang) || ' ' || cur::text), part) END
        || '</section>';

    -- cash application over the last 30 days
    SELECT string_agg(format('<tr class="%s"><td>%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td></tr>',
                             c.measure || '-' || c.label,
                             ar2c.html_escape(coalesce(ar2c.report_text(c.measure || '_' || c.label, lang), c.label)),
                             c.payments, ar2c.html_escape(coalesce(ar2c.format_number(c.amount, 2, lang), '-')),
                             ar2c.html_bar(c.amount, c.largest)),
                      '' ORDER BY c.measure DESC, c.label)
    INTO part
    FROM (SELECT x.*, max(x.amount) OVER () AS largest FROM ar2c.report_cash_application(co.company_id, as_of, cur) x) c;
    body := body || format('<section id="cash-application"><h2>%s</h2>',
                           ar2c.html_escape(ar2c.report_text('cash_application', lang)))
        || CASE WHEN part IS NULL THEN format('<p>%s</p>', ar2c.html_escape(ar2c.report_text('none', lang)))
           ELSE format('<table><thead><tr><th></th><th class="num">%s</th><th class="num">%s</th><th></th></tr></thead>'
                       '<tbody>%s</tbody></table>',
                       ar2c.html_escape(ar2c.report_text('payments', lang)),
                       ar2c.html_escape(ar2c.report_text('amount', lang) || ' ' || cur::text), part) END
        || '</section>';

    -- the dunning funnel
    SELECT string_agg(format('<tr><td>%s %s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td>'
                             '<td>%s</td></tr>',
                             ar2c.html_escape(ar2c.report_text('level', lang)), d.level, d.customers, d.reached,
                             ar2c.html_escape(coalesce(ar2c.format_number(d.principal, 2, lang), '-')),
                             ar2c.html_bar(d.reached, d.largest)), '' ORDER BY d.level)
    INTO part
    FROM (SELECT x.*, max(x.reached) OVER () AS largest FROM ar2c.report_dunning_funnel(co.company_id, as_of, cur) x) d;
    body := body || format('<section id="dunning"><h2>%s</h2>', ar2c.html_escape(ar2c.report_text('dunning_funnel', lang)))
        || CASE WHEN part IS NULL THEN format('<p>%s</p>', ar2c.html_escape(ar2c.report_text('none', lang)))
           ELSE format('<table><thead><tr><th>%s</th><th class="num">%s</th><th class="num">%s</th><th class="num">%s</th>'
                       '<th></th></tr></thead><tbody>%s</tbody></table>',
                       ar2c.html_escape(ar2c.report_text('level', lang)), ar2c.html_escape(ar2c.report_text('customers', lang)),
                       ar2c.html_escape(ar2c.report_text('reached', lang)),
                       ar2c.html_escape(ar2c.report_text('amount', lang) || ' ' || cur::text), part) END
        || '</section>';

    -- credit grades and limit use
    SELECT string_agg(format('<tr><td>%s</td><td class="num">%s</td><td>%s</td><td class="num">%s</td>'
                             '<td class="num">%s</td><td class="num">%s</td></tr>',
                             ar2c.html_escape(coalesce(g.credit_grade, ar2c.report_text('ungraded', lang))), g.customers,
                             ar2c.html_bar(g.customers, g.largest),
                             ar2c.html_escape(coalesce(ar2c.format_number(g.credit_limit, 2, lang), '-')),
                             ar2c.html_escape(coalesce(ar2c.format_number(g.exposure, 2, lang), '-')),
                             ar2c.html_escape(coalesce(ar2c.format_number(g.limit_use, 1, lang) || ' %', '-'))),
                      '' ORDER BY g.credit_grade NULLS LAST)
    INTO part
    FROM (SELECT x.*, max(x.customers) OVER () AS largest FROM ar2c.report_credit_grades(co.company_id, as_of, cur) x) g;
    body := body || format('<section id="credit"><h2>%s</h2>', ar2c.html_escape(ar2c.report_text('credit_grades', lang)))
        || CASE WHEN part IS NULL THEN format('<p>%s</p>', ar2c.html_escape(ar2c.report_text('none', lang)))
           ELSE format('<table><thead><tr><th>%s</th><th class="num">%s</th><th></th><th class="num">%s</th>'
                       '<th class="num">%s</th><th class="num">%s</th></tr></thead><tbody>%s</tbody></table>',
                       ar2c.html_escape(ar2c.report_text('grade', lang)), ar2c.html_escape(ar2c.report_text('customers', lang)),
                       ar2c.html_escape(ar2c.report_text('credit_limit', lang) || ' ' || cur::text),
                       ar2c.html_escape(ar2c.report_text('exposure', lang) || ' ' || cur::text),
                       ar2c.html_escape(ar2c.report_text('limit_use', lang)), part) END
        || '</section>';

    -- open alerts, the twenty most severe and newest
    SELECT string_agg(format('<tr><td class="sev-%s">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
                             ar2c.html_escape(a.severity), ar2c.html_escape(a.severity), ar2c.html_escape(a.kind),
                             ar2c.html_escape(coalesce(a.customer_number, '')), ar2c.html_escape(a.message),
                             ar2c.html_escape(ar2c.report_date(a.raised_at::date, lang))), '' ORDER BY a.n)
           FILTER (WHERE a.n <= 20),
           count(*) FILTER (WHERE a.n > 20)
    INTO part, more
    FROM (SELECT r.*, row_number() OVER () AS n FROM ar2c.report_alerts(co.company_id, as_of) r) a;
    body := body || format('<section id="alerts"><h2>%s</h2>', ar2c.html_escape(ar2c.report_text('open_alerts', lang)))
        || CASE WHEN part IS NULL THEN format('<p>%s</p>', ar2c.html_escape(ar2c.report_text('none', lang)))
           ELSE format('<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>'
                       '<tbody>%s</tbody></table>',
                       ar2c.html_escape(ar2c.report_text('severity', lang)), ar2c.html_escape(ar2c.report_text('kind', lang)),
                       ar2c.html_escape(ar2c.report_text('customer_number', lang)),
                       ar2c.html_escape(ar2c.report_text('message', lang)), ar2c.html_escape(ar2c.report_text('raised', lang)),
                       part)
                || CASE WHEN more > 0 THEN format('<p class="note">%s</p>',
                        ar2c.html_escape(replace(ar2c.report_text('more_alerts', lang), '{count}', more::text))) ELSE '' END
           END
        || '</section>';

    RETURN ar2c.report_page(ar2c.report_text('dashboard_title', lang) || ': ' || co.name, lang, body);
END
$$;
COMMENT ON FUNCTION ar2c.report_html(bigint, date, ar2c.currency) IS
    'the receivables dashboard of a company on a day (default the aging date), in a currency (default its reporting currency), as one self-contained HTML document in the company''s language (inline CSS and SVG; no script, link or font to fetch): open and overdue totals, DSO and CEI; aging by bucket stacked by currency; the aging of the last 12 month ends; DSO, countback DSO, best possible DSO and CEI by month; the top 20 overdue customers with their grade; cash application of the last 30 days; the dunning funnel; credit grades and limit use; open alerts (the figures of the dashboard_* views); NULL for a company that does not exist or that the session may not see; 22004 for a NULL date';

CREATE FUNCTION ar2c.statement_html(customer_id bigint, from_date date, to_date date) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ar2c, pg_temp
AS $$
DECLARE
    cu record;
    lang text;
    body text;
    part text;
    code text;
    banks text;
    money_head text;
BEGIN
    IF from_date IS NULL OR to_date IS NULL THEN
        RAISE EXCEPTION 'statement_html needs a period, not % to %', from_date, to_date
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Give the first and the last day of the period.';
    END IF;
    PERFORM ar2c.metric_period_check(from_date, to_date);
    SELECT c.customer_id, c.customer_number, c.name, c.email, c.phone, c.language, c.company_id,
           co.name AS company_name, co.functional_currency
    INTO cu
    FROM ar2c.customer c JOIN ar2c.company co ON co.company_id = c.company_id
    WHERE c.customer_id = statement_html.customer_id;
    IF NOT FOUND OR NOT ar2c.company_visible(cu.company_id) THEN
        -- the same for a customer of a company the session may not see
        RETURN NULL;
    END IF;
    lang := ar2c.report_language(cu.language);
    SELECT string_agg(format('<li>%s%s (%s)</li>',
                             CASE WHEN b.name IS NOT NULL THEN ar2c.html_escape(b.name) || ': ' ELSE '' END,
                             ar2c.html_escape(CASE WHEN ar2c.iban_valid(b.account)
                                                   THEN trim(regexp_replace(b.account, '(.{4})', '\1 ', 'g'))
                                                   ELSE b.account END),
                             ar2c.html_escape(b.currency::text)), '' ORDER BY b.currency, b.bank_account_id)
    INTO banks
    FROM ar2c.bank_account b WHERE b.company_id = cu.company_id;

    body := format('<header><h1>%s</h1><p>%s: %s</p></header>',
                   ar2c.html_escape(ar2c.report_text('statement_title', lang)),
                   ar2c.html_escape(ar2c.report_text('period', lang)),
                   ar2c.html_escape(replace(replace(ar2c.report_text('period_range', lang), '{from}',
                                                    ar2c.report_date(from_date, lang)), '{to}',
                                            ar2c.report_date(to_date, lang))))
        || format('<div class="parties"><div id="company"><h2>%s</h2><p><strong>%s</strong></p>%s</div>'
                  '<div id="customer"><h2>%s</h2><p><strong>%s</strong></p><p>%s %s</p>%s</div></div>',
                  ar2c.html_escape(ar2c.report_text('from_party', lang)), ar2c.html_escape(cu.company_name),
                  CASE WHEN banks IS NOT NULL THEN '<ul>' || banks || '</ul>' ELSE '' END,
                  ar2c.html_escape(ar2c.report_text('to_party', lang)), ar2c.html_escape(cu.name),
                  ar2c.html_escape(ar2c.report_text('customer_number', lang)), ar2c.html_escape(cu.customer_number),
                  CASE WHEN cu.email IS NOT NULL THEN format('<p>%s</p>', ar2c.html_escape(cu.email)) ELSE '' END);

    -- per currency: the movements with a running balance, then the
    -- closing balance by age (ar2c.customer_statement)
    FOR code IN
        SELECT s.currency FROM ar2c.customer_statement(cu.customer_id, from_date, to_date) s
        WHERE s.line_type <> 'total' GROUP BY s.currency ORDER BY min(s.line_no)
    LOOP
        money_head := format('<th class="num">%s</th><th class="num">%s</th><th class="num">%s</th>',
                             ar2c.html_escape(ar2c.report_text('debit', lang)),
                             ar2c.html_escape(ar2c.report_text('credit', lang)),
                             ar2c.html_escape(ar2c.report_text('balance', lang)));
        SELECT string_agg(CASE s.line_type
                   WHEN 'item' THEN format('<tr class="item"><td>%s</td><td>%s</td><td>%s</td><td>%s</td>'
                                           '<td class="num">%s</td><td class="num">%s</td><td class="num">%s</td></tr>',
                                           ar2c.html_escape(ar2c.report_date(s.item_date, lang)),
                                           ar2c.html_escape(coalesce(ar2c.report_text('kind_' || s.item_kind, lang),
                                                                     s.item_kind)),
                                           ar2c.html_escape(coalesce(s.reference, '')),
                                           ar2c.html_escape(coalesce(ar2c.report_date(s.due_date, lang), '')),
                                           ar2c.html_escape(coalesce(ar2c.format_number(s.debit, 2, lang), '')),
                                           ar2c.html_escape(coalesce(ar2c.format_number(s.credit, 2, lang), '')),
                                           ar2c.html_escape(ar2c.format_number(s.balance, 2, lang)))
                   ELSE format('<tr class="total %s"><td>%s</td><td colspan="5">%s</td><td class="num">%s</td></tr>',
                               s.line_type, ar2c.html_escape(ar2c.report_date(s.item_date, lang)),
                               ar2c.html_escape(ar2c.report_text(s.line_type || '_balance', lang)),
                               ar2c.html_escape(ar2c.format_number(s.balance, 2, lang))) END,
                   '' ORDER BY s.line_no)
        INTO part
        FROM ar2c.customer_statement(cu.customer_id, from_date, to_date) s
        WHERE s.currency = code AND s.line_type IN ('opening', 'item', 'closing');
        body := body || format('<section class="movements" data-currency="%s"><h2>%s</h2>', ar2c.html_escape(code),
                               ar2c.html_escape(replace(ar2c.report_text('movements_in', lang), '{currency}', code)))
            || format('<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>%s</tr></thead><tbody>%s</tbody></table>',
                      ar2c.html_escape(ar2c.report_text('date', lang)), ar2c.html_escape(ar2c.report_text('kind', lang)),
                      ar2c.html_escape(ar2c.report_text('reference', lang)),
                      ar2c.html_escape(ar2c.report_text('due_date', lang)), money_head, part);
        IF NOT EXISTS (SELECT 1 FROM ar2c.customer_statement(cu.customer_id, from_date, to_date) s
                       WHERE s.currency = code AND s.line_type = 'item') THEN
            body := body || format('<p class="note">%s</p>', ar2c.html_escape(ar2c.report_text('no_movements', lang)));
        END IF;
        SELECT string_agg(format('<tr><td>%s</td><td class="num">%s</td></tr>',
                                 ar2c.html_escape(CASE WHEN s.aging_bucket = 'unapplied' THEN ar2c.report_text('unapplied', lang)
                                                       ELSE ar2c.report_bucket(s.aging_bucket, lang) END),
                                 ar2c.html_escape(ar2c.format_number(s.balance, 2, lang))), '' ORDER BY s.line_no)
        INTO part
        FROM ar2c.customer_statement(cu.customer_id, from_date, to_date) s
        WHERE s.currency = code AND s.line_type = 'aging';
        body := body || format('<h2>%s</h2><table class="aging"><thead><tr><th>%s</th><th class="num">%s</th></tr></thead>'
                               '<tbody>%s</tbody></table></section>',
                               ar2c.html_escape(ar2c.report_text('balance_by_age', lang)),
                               ar2c.html_escape(ar2c.report_text('bucket', lang)),
                               ar2c.html_escape(ar2c.report_text('amount', lang) || ' ' || code), coalesce(part, ''));
    END LOOP;
    SELECT format('<p class="total-line" id="total"><strong>%s: %s</strong></p>',
                  ar2c.html_escape(replace(ar2c.report_text('total_in', lang), '{currency}', s.reporting_currency)),
                  ar2c.html_escape(coalesce(ar2c.format_number(s.reporting_amount, 2, lang),
                                            replace(ar2c.report_text('no_rate_line', lang), '{list}',
                                                    substr(s.reference, length('no rate for ') + 1)))))
    INTO part
    FROM ar2c.customer_statement(cu.customer_id, from_date, to_date) s
    WHERE s.line_type = 'total';
    body := body || coalesce(part, '');

    -- the invoices open at the end of the period, with what to quote
    SELECT string_agg(format('<tr><td>%s</td><td>%s</td><td>%s</td><td class="num">%s</td><td>%s</td>'
                             '<td class="num">%s</td><td>%s</td></tr>',
                             ar2c.html_escape(a.invoice_number), ar2c.html_escape(ar2c.report_date(a.issue_date, lang)),
                             ar2c.html_escape(ar2c.report_date(a.due_date, lang)), greatest(to_date - a.due_date, 0),
                             ar2c.html_escape(ar2c.report_bucket(a.aging_bucket::text, lang)),
                             ar2c.html_escape(ar2c.format_number(ar2c.amount(a.open_amount), 2, lang) || ' '
                                              || ar2c.currency(a.open_amount)::text),
                             ar2c.html_escape(coalesce(i.payment_reference, a.invoice_number))),
                      '' ORDER BY a.due_date, a.invoice_number)
    INTO part
    FROM ar2c.aging_as_of(cu.company_id, to_date, ARRAY[cu.customer_id]) a
    JOIN ar2c.invoice i ON i.customer_id = a.customer_id AND i.invoice_id = a.invoice_id;
    body := body || format('<section id="open-items"><h2>%s</h2>', ar2c.html_escape(ar2c.report_text('open_items', lang)))
        || CASE WHEN part IS NULL THEN format('<p>%s</p>', ar2c.html_escape(ar2c.report_text('none', lang)))
           ELSE format('<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th class="num">%s</th><th>%s</th>'
                       '<th class="num">%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>',
                       ar2c.html_escape(ar2c.report_text('kind_invoice', lang)), ar2c.html_escape(ar2c.report_text('date', lang)),
                       ar2c.html_escape(ar2c.report_text('due_date', lang)),
                       ar2c.html_escape(ar2c.report_text('days_overdue', lang)),
                       ar2c.html_escape(ar2c.report_text('bucket', lang)), ar2c.html_escape(ar2c.report_text('amount', lang)),
                       ar2c.html_escape(ar2c.report_text('payment_reference', lang)), part) END
        || '</section>';

    body := body || format('<section id="payment-instructions"><h2>%s</h2><p>%s</p>%s<p>%s</p></section>',
        ar2c.html_escape(ar2c.report_text('payment_instructions', lang)),
        ar2c.html_escape(CASE WHEN banks IS NOT NULL THEN ar2c.report_text('pay_to', lang)
                              ELSE ar2c.report_text('no_bank_account', lang) END),
        CASE WHEN banks IS NOT NULL THEN '<ul>' || banks || '</ul>' ELSE '' END,
        ar2c.html_escape(replace(ar2c.report_text('quote_reference', lang), '{number}', cu.customer_number)));
    RETURN ar2c.report_page(ar2c.report_text('statement_title', lang) || ': ' || cu.name, lang, body);
END
$$;
COMMENT ON FUNCTION ar2c.statement_html(bigint, date, date) IS
    'a printable statement of account (A4) of a customer over a period, as one self-contained HTML document in the customer''s language: both parties, then per currency the opening balance, every movement with a running balance, the closing balance and its aging (ar2c.customer_statement), the total in the reporting currency, the invoices open at the end with their payment references, and payment instructions with the company''s bank accounts and the customer''s number; NULL for a customer that does not exist or of a company the session may not see; 22004 for a NULL date, 22023 for a period that is backwards or infinite';
