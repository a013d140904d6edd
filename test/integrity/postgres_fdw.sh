#!/usr/bin/env bash
# postgres_fdw (doc/scale-out.md): customer-keyed history in hash
# partitions on two other servers, each with ar2c installed and named in
# the foreign server's extensions option. The aggregates over the
# partitioned table equal those over the same rows in one local table,
# and with enable_partitionwise_aggregate the ar2c aggregates run on the
# remote servers (EXPLAIN VERBOSE shows them in Remote SQL).
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_it_fdw

# two scratch servers of the test's own, on Unix sockets in one directory
remote=$(mktemp -d /tmp/ar2c-it-fdw.XXXXXX)
chmod 755 "$remote"
[ "$(id -u)" -eq 0 ] && chown postgres: "$remote"
remote_ports=(5433 5434)
remote_stop() {
	local port
	for port in "${remote_ports[@]}"; do
		[ -f "$remote/node$port/postmaster.pid" ] &&
			as_server "$PGBIN/pg_ctl" -D "$remote/node$port" -m fast -w stop >/dev/null 2>&1
	done
	rm -rf "$remote"
	it_cleanup
}
trap remote_stop EXIT
for port in "${remote_ports[@]}"; do
	as_server "$PGBIN/initdb" -D "$remote/node$port" -U postgres --auth=trust --encoding=UTF8 \
		--locale=C.UTF-8 >"$remote/initdb.log" 2>&1 || { not_ok "initdb of server $port"; exit 1; }
	printf "listen_addresses = ''\nunix_socket_directories = '%s'\nport = %s\nfsync = off\n" \
		"$remote" "$port" >>"$remote/node$port/postgresql.conf"
	as_server "$PGBIN/pg_ctl" -D "$remote/node$port" -l "$remote/node$port.log" -w start >/dev/null 2>&1 ||
		{ not_ok "start server $port"; tail -5 "$remote/node$port.log" | sed 's/^/#   /'; exit 1; }
	psql -X -q -v ON_ERROR_STOP=1 -h "$remote" -p "$port" -d postgres \
		-c 'CREATE DATABASE history' >/dev/null &&
		psql -X -q -v ON_ERROR_STOP=1 -h "$remote" -p "$port" -d history -c 'CREATE EXTENSION ar2c' \
			-c 'CREATE TABLE paid_item (customer_id bigint NOT NULL, invoice_id bigint NOT NULL, due_date date NOT NULL,
			                            paid_date date, amount ar2c.money_cur NOT NULL)' >/dev/null ||
		{ not_ok "ar2c and the history table on server $port"; exit 1; }
done
ok "two servers with ar2c and a history table"

new_db $db || exit 1
run_sql $db <<SQL || { not_ok "set up the partitioned history"; exit 1; }
CREATE EXTENSION postgres_fdw;
CREATE SERVER history_1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$remote', port '5433', dbname 'history', extensions 'ar2c');
CREATE SERVER history_2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$remote', port '5434', dbname 'history', extensions 'ar2c');
CREATE USER MAPPING FOR CURRENT_USER SERVER history_1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER history_2 OPTIONS (user 'postgres');
CREATE TABLE paid_item (customer_id bigint NOT NULL, invoice_id bigint NOT NULL, due_date date NOT NULL,
                        paid_date date, amount ar2c.money_cur NOT NULL) PARTITION BY HASH (customer_id);
CREATE FOREIGN TABLE paid_item_0 PARTITION OF paid_item FOR VALUES WITH (modulus 2, remainder 0)
    SERVER history_1 OPTIONS (table_name 'paid_item');
CREATE FOREIGN TABLE paid_item_1 PARTITION OF paid_item FOR VALUES WITH (modulus 2, remainder 1)
    SERVER history_2 OPTIONS (table_name 'paid_item');
-- the same rows on one node
CREATE TABLE paid_item_local AS
SELECT c::bigint AS customer_id, c * 100 + n::bigint AS invoice_id, due AS due_date, paid AS paid_date,
       ar2c.money_cur_units(((c * 7919 + n * 104729) % 500000 + 100)::bigint,
                            (ARRAY['EUR', 'USD', 'JPY'])[1 + c % 3]::ar2c.currency) AS amount
FROM generate_series(1, 200) c, generate_series(1, 12) n,
     LATERAL (SELECT date '2026-01-01' + (c * 13 + n * 29) % 180 AS due) d,
     LATERAL (SELECT CASE WHEN (c + n) % 9 = 0 THEN NULL ELSE due + (c * n) % 70 - 10 END AS paid) p;
INSERT INTO paid_item SELECT * FROM paid_item_local;
SQL
is "$(q $db "SELECT count(*) FROM paid_item_0") $(q $db "SELECT count(*) FROM paid_item_1")" \
	"$(q $db "SELECT count(*) FROM paid_item_local WHERE satisfies_hash_partition('paid_item'::regclass, 2, 0, customer_id)") $(q $db "SELECT count(*) FROM paid_item_local WHERE satisfies_hash_partition('paid_item'::regclass, 2, 1, customer_id)")" \
	"the rows are split between the two servers by hash of customer_id"

# q with partitionwise aggregation on
qp() { q $db "SET enable_partitionwise_aggregate = on; $*"; }
per_customer="SELECT customer_id, sum(amount), ar2c.payment_behaviour(due_date, paid_date, amount, date '2026-09-30')
              FROM %s GROUP BY customer_id ORDER BY customer_id"
per_currency="SELECT ar2c.currency(amount), sum(amount), count(*) FROM %s GROUP BY 1 ORDER BY 1"
for query in "$per_customer" "$per_currency"; do
	# shellcheck disable=SC2059
	local_rows=$(q $db "$(printf "$query" paid_item_local)")
	# shellcheck disable=SC2059
	remote_rows=$(qp "$(printf "$query" paid_item)")
	what=$(printf "$query" '' | grep -o 'GROUP BY [a-z_0-9]*' | head -1)
	cmp_num "$(echo "$local_rows" | wc -l)" -gt 2 "$what: the local table has rows to compare"
	is "$remote_rows" "$local_rows" "$what: the partitions on two servers give what one table gives"
done

# shellcheck disable=SC2059
plan=$(qp "EXPLAIN (VERBOSE, COSTS OFF) $(printf "$per_customer" paid_item)")
remote_sql=$(echo "$plan" | grep 'Remote SQL')
cmp_num "$(echo "$remote_sql" | grep -c 'GROUP BY')" -eq 2 "each server groups its own customers (two Remote SQL with GROUP BY)"
for agg in 'ar2c.sum(' 'ar2c.payment_behaviour('; do
	cmp_num "$(echo "$remote_sql" | grep -cF "$agg")" -eq 2 "$agg runs on both servers (Remote SQL)"
done
[ "$it_failed" -eq 0 ] || echo "$plan" | sed 's/^/#   /'

it_done
