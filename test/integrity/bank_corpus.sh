#!/usr/bin/env bash
# bench/bank_corpus at a tiny size (about 200 payments): the generator
# writes the same files for the same seed and other files for another, its
# CSV files load the way load.sql loads them (with the invoices' printed
# payment references when ar2c.invoice has a payment_reference column),
# the truth adds up with the bank's amounts, and one apply_cash() and the
# shared report (bench/data/cash_report.sql) run on it.
set -uo pipefail
source "$(dirname "$0")/common.bash"
root=$(cd "$(dirname "$0")/../.." && pwd)
data=$root/bench/data/bank_corpus
gen() { python3 -B "$data/generate.py" --customers 100 "$@" >/dev/null; }

gen --seed 7 --profile hard --out "$IT_TMP/a" && gen --seed 7 --profile hard --out "$IT_TMP/b" &&
	gen --seed 8 --profile hard --out "$IT_TMP/c"
check "the generator runs" test -s "$IT_TMP/a/payment.csv"
check "the same seed writes the same files" diff -r "$IT_TMP/a" "$IT_TMP/b"
check "another seed writes other payments" bash -c "! cmp -s '$IT_TMP/a/payment.csv' '$IT_TMP/c/payment.csv'"

load() { (cd "$IT_TMP/a" && psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$data/load.sql" >/dev/null); }
db=ar2c_it_bank_corpus
new_db $db || exit 1
check "the corpus loads into ar2c's tables" load $db
cmp_num "$(q $db "SELECT count(*) FROM payment p WHERE p.payment_id IN (SELECT payment_id FROM bench_truth.payment)")" \
	-ge 150 "about 200 payments loaded with their truth"
is "$(q $db "SELECT count(DISTINCT CASE WHEN invoice_number ~ '^FA-\d{4}-\d{4}$' THEN 'A' WHEN invoice_number ~ '^FA\d{4}/\d{5}$' THEN 'B'
                                    WHEN invoice_number ~ '^INV-\d{6}$' THEN 'C' WHEN invoice_number ~ '^\d{4}-RE-\d{4}$' THEN 'D'
                                    WHEN invoice_number ~ '^\d{8}$' THEN 'E' END) FROM invoice")" 5 "invoices in five numbering schemes"
is "$(q $db "SELECT count(*) FROM bench_truth.payment t JOIN payment y USING (payment_id)
             WHERE t.customer_id IS NOT NULL
               AND minor_units_value(y.amount) <> (SELECT sum(meant_units) FROM bench_truth.payment_invoice m WHERE m.payment_id = t.payment_id)
                                                 - t.charge_units + t.excess_units")" 0 \
	"each customer's payment is what it meant for its invoices, less the bank charge, plus the overpayment"
is "$(q $db "SELECT count(*) FROM bench_truth.payment_invoice m JOIN invoice i USING (invoice_id)
             JOIN bench_truth.payment t USING (payment_id) WHERE i.customer_id <> t.customer_id OR m.meant_units > minor_units_value(i.open_amount)")" 0 \
	"each invoice meant is the payer's own and open for at least the amount meant"
report=$(psql -X -q -v ON_ERROR_STOP=1 -d $db -v goal=95 -c "SELECT count(*) FROM ar2c.apply_cash(1)" \
	-f "$root/bench/data/cash_report.sql" 2>&1)
check "apply_cash() and the report run" test $? -eq 0
if grep -q 'By kind' <<<"$report" && grep -q 'By channel' <<<"$report"; then
	ok "the report judges by kind and by channel"
else
	not_ok "the report judges by kind and by channel"
	head -5 <<<"$report" | sed 's/^/#   /'
fi

db=ar2c_it_bank_corpus_references
new_db $db || exit 1
q $db "ALTER TABLE invoice ADD COLUMN payment_reference text" >/dev/null
check "the corpus loads where invoices have a payment_reference column" load $db
cmp_num "$(q $db "SELECT count(*) FROM invoice WHERE payment_reference IS NOT NULL")" -gt 0 \
	"the printed payment references are loaded"
it_done
