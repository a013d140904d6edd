#!/usr/bin/env bash
# E-invoices that no single SQL session can test: the XML of a Factur-X
# PDF taken out by ar2c-facturx (tools/ar2c_facturx.c, on qpdf) and
# imported; and two sessions importing the same e-invoice at once, which
# writes it once: the second waits, then says it was imported.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_einvoice
root=$(cd "$(dirname "$0")/../.." && pwd)
fixtures=$root/test/fixtures

new_db $db || exit 1
run_sql $db <<'SQL' || { not_ok "set up the company and its customers"; exit 1; }
INSERT INTO company (company_id, name, functional_currency, vat_id) VALUES (1, 'Nordwind Handel GmbH', 'EUR', 'DE123456789');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, buyer_reference) VALUES
  (11, 1, 'MUSTER', 'Stadtverwaltung Musterstadt', 'EUR', '04011000-12345-34'),
  (12, 1, 'MARTIN', 'Boulangerie Martin SARL', 'EUR', NULL);
SQL

# ---- Factur-X: the XML attached to a PDF/A-3
if ! command -v qpdf >/dev/null || [ ! -f /usr/include/qpdf/qpdf-c.h ]; then
	echo "ok - # SKIP qpdf not installed (Debian packages qpdf, libqpdf-dev)"
else
	tool=$root/build/ar2c-facturx
	check "ar2c-facturx builds (make facturx)" make -s -C "$root" facturx
	pdf=$IT_TMP/facturx.pdf
	qpdf --empty --add-attachment "$fixtures/einvoice_facturx_en16931.xml" --key=factur-x.xml \
		--filename=factur-x.xml --mimetype=text/xml -- "$pdf"
	check "the XML taken out of a Factur-X PDF is the XML attached" \
		cmp -s <("$tool" "$pdf") "$fixtures/einvoice_facturx_en16931.xml"
	got=$(psql -X -q -At -v ON_ERROR_STOP=1 -v content="$("$tool" "$pdf")" -d $db 2>&1 <<'SQL'
SELECT status || ' ' || customer_id || ' ' || amount FROM ar2c.import_invoice(1, :'content');
SQL
	)
	is "$got" "imported 12 48.00 EUR" "and imports"
	qpdf --empty "$IT_TMP/empty.pdf"
	out=$("$tool" "$IT_TMP/empty.pdf" 2>&1)
	is "$? $out" "1 ar2c-facturx: $IT_TMP/empty.pdf: no e-invoice attached (factur-x.xml, zugferd-invoice.xml or xrechnung.xml)" \
		"a PDF without an e-invoice: exit status 1, and why"
	echo "not a PDF" >"$IT_TMP/bad.pdf"
	"$tool" "$IT_TMP/bad.pdf" >/dev/null 2>&1
	is "$?" "1" "a file that is not a PDF: exit status 1"
fi

# ---- exactly once, two sessions at once
# A imports and holds its transaction 1.5 s; B imports 0.5 s later.
content=$(cat "$fixtures/einvoice_xrechnung_cii.xml")
psql -X -q -At -v ON_ERROR_STOP=1 -v content="$content" -d $db >"$IT_TMP/a.out" 2>&1 <<'SQL' &
BEGIN;
SELECT status FROM ar2c.import_invoice(1, :'content');
SELECT pg_sleep(1.5);
COMMIT;
SQL
pid_a=$!
IT_PIDS+=("$pid_a")
sleep 0.5
psql -X -q -At -v ON_ERROR_STOP=1 -v content="$content" -d $db >"$IT_TMP/b.out" 2>&1 <<'SQL'
SELECT status FROM ar2c.import_invoice(1, :'content');
SQL
sb=$?
wait "$pid_a"
sa=$?
is "$sa $sb $(head -1 "$IT_TMP/a.out") $(cat "$IT_TMP/b.out")" "0 0 imported already_imported" \
	"two imports of one e-invoice at once: the second waits and says it was imported"
is "$(q $db "SELECT count(*) FROM invoice WHERE invoice_number = 'XR-2026-18'") $(q $db "SELECT count(*) FROM invoice_line WHERE document_number = 'XR-2026-18'")" \
	"1 2" "one invoice and its two lines"

it_done
