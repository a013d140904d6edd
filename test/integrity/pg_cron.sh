#!/usr/bin/env bash
# The daily aging roll scheduled with pg_cron (only where pg_cron is
# installed: Debian's postgresql-15-cron). pg_cron must be preloaded, which
# the scratch cluster is not, so this test starts its own throw-away
# cluster (Unix socket in its own directory, removed on exit), schedules
# SELECT ar2c.roll_aging() and waits for a run that moves the aging clock.
# integrity: background (scripts/test-integrity runs it beside the others)
set -uo pipefail
source "$(dirname "$0")/common.bash"
sharedir=$("$PGBIN/pg_config" --sharedir)
pkglibdir=$("$PGBIN/pg_config" --pkglibdir)
if [ ! -f "$sharedir/extension/pg_cron.control" ] || [ ! -f "$pkglibdir/pg_cron.so" ]; then
	echo "ok - # SKIP pg_cron not installed (Debian package postgresql-15-cron)"
	exit 0
fi
db=ar2c_it_cron
wait_seconds=${AR2C_IT_CRON_WAIT:-75}

# our own cluster
own_cluster cron <<CONF || exit 1
fsync = off
synchronous_commit = off
shared_buffers = '64MB'
shared_preload_libraries = 'pg_cron'
cron.database_name = '$db'
cron.host = '@CLUSTER@'
cron.port = 5432
CONF
ok "a throw-away cluster with shared_preload_libraries = pg_cron runs"

new_db $db || exit 1
q $db "CREATE EXTENSION pg_cron" >/dev/null || { not_ok "CREATE EXTENSION pg_cron"; exit 1; }
cron_version=$(q $db "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'")
note "pg_cron $cron_version"

# the clock ten days back; an invoice due five days ago is "not due" then
run_sql $db <<'SQL' || { not_ok "set up the ledger"; exit 1; }
SELECT roll_aging(current_date - 10);
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Cron GmbH', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency) VALUES (1, 1, 'C-1', 'Late Payer', 'EUR');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
VALUES (1, 1, 'INV-1', current_date - 35, current_date - 5, '100.00 EUR');
SQL
is "$(q $db "SELECT aging_bucket FROM invoice")" "not due" "before the job, the invoice is not due as of the clock"
rolled_before=$(q $db "SELECT rolled_at FROM aging_clock")

job=$(q $db "SELECT cron.schedule('ar2c-roll-aging', '* * * * *', 'SELECT ar2c.roll_aging()')")
cmp_num "${job:-x}" -gt 0 "cron.schedule('ar2c-roll-aging', '* * * * *', 'SELECT ar2c.roll_aging()') returns job $job"
is "$(q $db "SELECT schedule || ' ' || command || ' ' || database || ' ' || active FROM cron.job WHERE jobname = 'ar2c-roll-aging'")" \
	"* * * * * SELECT ar2c.roll_aging() $db true" "the job is in cron.job"

# pg_cron 1.5 and later also take an interval in seconds: run it now
if q $db "SELECT cron.schedule('ar2c-roll-aging-now', '1 seconds', 'SELECT ar2c.roll_aging()')" >/dev/null 2>&1; then
	note "an interval job ('1 seconds') runs the roll at once"
else
	note "pg_cron $cron_version has no interval schedules: waiting for the next minute (up to $wait_seconds s)"
fi

status=
for _ in $(seq 1 "$wait_seconds"); do
	status=$(q $db "SELECT status FROM cron.job_run_details d JOIN cron.job j USING (jobid)
	                WHERE j.jobname LIKE 'ar2c-roll-aging%' AND status IN ('succeeded', 'failed')
	                ORDER BY runid LIMIT 1")
	[ -n "$status" ] && break
	sleep 1
done
is "${status:-no run within $wait_seconds s}" succeeded "the scheduled roll ran and succeeded"
[ "$status" != succeeded ] && q $db "SELECT status, return_message FROM cron.job_run_details" | sed 's/^/#   /'
note "run: $(q $db "SELECT concat_ws(' ', status, return_message, start_time) FROM cron.job_run_details ORDER BY runid LIMIT 1")"
is "$(q $db "SELECT as_of = current_date FROM aging_clock")" t "the aging clock moved to today"
is "$(q $db "SELECT rolled_at <> '$rolled_before' FROM aging_clock")" t "the clock's rolled_at changed"
is "$(q $db "SELECT aging_bucket FROM invoice")" "1-30" "the invoice moved to 1-30"
is "$(q $db "SELECT count(*) FROM check_ledger()")" 0 "check_ledger() finds no problem after the scheduled roll"
q $db "SELECT cron.unschedule(jobid) FROM cron.job" >/dev/null
is "$(q $db "SELECT count(*) FROM cron.job")" 0 "the jobs are unscheduled"
it_done
