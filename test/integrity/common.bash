# Shared by the integrity tests (test/integrity/*.sh): source it, do not run
# it. The tests run inside scripts/with-cluster (PGHOST, PGPORT, PGUSER and
# PGDATABASE point at a throw-away server) and print TAP-like lines:
# "ok - what", "not ok - what", and "# ..." for notes.

: "${PGHOST:?run inside scripts/with-cluster (PGHOST is not set)}"
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
export PGOPTIONS=${PGOPTIONS:-}
it_passed=0
it_failed=0

ok() { echo "ok - $*"; it_passed=$((it_passed + 1)); }
not_ok() { echo "not ok - $*"; it_failed=$((it_failed + 1)); }
note() { echo "# $*"; }

# check WHAT COMMAND...: ok if the command succeeds
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# is GOT WANT WHAT: ok if the two strings are equal; shows both if not
is() {
	if [ "$1" == "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		echo "#   got:  $1"
		echo "#   want: $2"
	fi
}

# cmp_num GOT OP WANT WHAT: integer comparison (op: -gt -ge -eq -lt -le -ne)
cmp_num() {
	if [[ "$1" =~ ^-?[0-9]+$ ]] && test "$1" "$2" "$3"; then
		ok "$4"
	else
		not_ok "$4"
		echo "#   got: $1, wanted $2 $3"
	fi
}

# q DB SQL: one value (or rows, |-separated), errors to stderr
q() {
	local db=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "SET search_path = public, ar2c" -c "$*"
}

# run_sql DB: a script from stdin, output dropped, errors shown, stop at the first
run_sql() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "SET search_path = public, ar2c" -f - >/dev/null
}

# load_workload DB: the functions the concurrent workloads share
# (test/integrity/workload.sql)
load_workload() {
	run_sql "$1" <"$(dirname "${BASH_SOURCE[0]}")/workload.sql"
}

# new_db NAME: a fresh database with ar2c installed, dropped by drop_dbs; says
# "not ok" and fails if it cannot
IT_DBS=()
new_db() {
	local err
	IT_DBS+=("$1")
	err=$(psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\"" 2>&1 >/dev/null &&
		psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "CREATE EXTENSION ar2c" 2>&1 >/dev/null)
	local status=$?
	if [ $status -ne 0 ]; then
		not_ok "create database $1 with ar2c"
		echo "$err" | head -3 | sed 's/^/#   /'
	fi
	return $status
}
drop_dbs() {
	local db
	for db in "${IT_DBS[@]}"; do
		psql -X -q -d postgres -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1
	done
}

# it_done: end of a test file: drop its databases, exit non-zero on failure
it_done() {
	drop_dbs
	[ "$it_failed" -eq 0 ]
}

# processes started by a test, ended by id on exit (never by name)
IT_PIDS=()
it_cleanup() {
	local pid
	for pid in "${IT_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	drop_dbs
	[ -n "${IT_CLUSTER:-}" ] && cluster_remove
	[ -n "${IT_TMP:-}" ] && rm -rf "$IT_TMP"
	return 0
}
IT_TMP=$(mktemp -d /tmp/ar2c-it.XXXXXX)
trap it_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_listener DB CHANNEL NAME OUT: a session that LISTENs on CHANNEL for
# about ten seconds, in short sleeps (psql prints each notification after
# the command during which it arrived), writing to OUT; returns once it
# listens, with its pid in $listener, and counts that as a test.
start_listener() {
	local db=$1 channel=$2 name=$3 out=$4
	{
		echo "SET application_name = '$name';"
		echo "LISTEN $channel;"
		for _ in $(seq 1 40); do echo "SELECT pg_sleep(0.25);"; done
	} | psql -X -q -At -d "$db" >"$out" 2>&1 &
	listener=$!
	IT_PIDS+=("$listener")
	for _ in $(seq 1 50); do
		[ "$(q "$db" "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$name' AND query LIKE 'SELECT pg_sleep%'")" = 1 ] && break
		sleep 0.1
	done
	is "$(q "$db" "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$name'")" 1 "the listener is connected and listening"
}

# A cluster of the test's own, for a test that needs server settings of its
# own (shared_preload_libraries) or crashes its server (kill -9), which must
# not touch the scratch server of scripts/with-cluster. own_cluster NAME
# runs initdb (as the postgres OS user when we are root) in a new directory
# /tmp/ar2c-it-NAME.*, appends the settings read from stdin to
# postgresql.conf (@CLUSTER@ in them stands for that directory), starts the
# server on a Unix socket in that directory and exports PGHOST, PGPORT and
# PGUSER for it. it_cleanup stops it (fast, else immediate) and removes the
# directory, also on failure or Ctrl-C.
IT_CLUSTER=
if [ "$(id -u)" -eq 0 ]; then
	as_server() { runuser -u postgres -- "$@"; }
else
	as_server() { "$@"; }
fi
own_cluster() {
	IT_CLUSTER=$(mktemp -d "/tmp/ar2c-it-$1.XXXXXX")
	chmod 755 "$IT_CLUSTER"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$IT_CLUSTER"
	if ! as_server "$PGBIN/initdb" -D "$IT_CLUSTER/data" -U postgres --auth=trust --encoding=UTF8 \
		--locale=C.UTF-8 >"$IT_CLUSTER/initdb.log" 2>&1; then
		not_ok "initdb of a cluster of our own"
		sed 's/^/#   /' "$IT_CLUSTER/initdb.log"
		return 1
	fi
	{
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$IT_CLUSTER'"
		echo "port = 5432"
		sed "s|@CLUSTER@|$IT_CLUSTER|g"
	} >>"$IT_CLUSTER/data/postgresql.conf"
	export PGHOST=$IT_CLUSTER PGPORT=5432 PGUSER=postgres
	cluster_start
}
# cluster_start: start (or restart, after a crash) the test's own cluster;
# its log is $IT_CLUSTER/server.log
cluster_start() {
	as_server "$PGBIN/pg_ctl" -D "$IT_CLUSTER/data" -l "$IT_CLUSTER/server.log" -w -t 60 start >/dev/null 2>&1 && return 0
	not_ok "start the cluster in $IT_CLUSTER"
	tail -5 "$IT_CLUSTER/server.log" | sed 's/^/#   /'
	return 1
}
cluster_remove() {
	as_server "$PGBIN/pg_ctl" -D "$IT_CLUSTER/data" -m fast -w stop >/dev/null 2>&1 ||
		as_server "$PGBIN/pg_ctl" -D "$IT_CLUSTER/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$IT_CLUSTER"
	IT_CLUSTER=
}
