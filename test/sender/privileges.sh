#!/usr/bin/env bash
# A sender whose role may not claim (not a member of ar2c_sender): the
# claim is refused (42501), logged, and tried again at each poll, not in a
# loop; with --once the sender exits 1. Granted the role, the same login
# delivers.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_sender_privileges

new_db $db || exit 1
start_sink "$IT_TMP/sink" || exit 1
ledger $db "$sink_port" <<'ROWS' || { not_ok "set up the ledger"; exit 1; }
anna	de
ROWS
run_sql $db <<'SQL' || { not_ok "set up the roles"; exit 1; }
SELECT count(*) FROM create_roles();
CREATE ROLE ar2c_it_nobody LOGIN;
GRANT USAGE ON SCHEMA ar2c TO ar2c_it_nobody;
INSERT INTO company_access (role_name, company_id) VALUES ('ar2c_it_nobody', 1);
SQL

timeout 30 "$SENDER_BIN" --once "dbname=$db user=ar2c_it_nobody" >>"$IT_TMP/once.log" 2>&1
is "$?" 1 "--once: a refused claim ends the sender with status 1"
check "and logs why" grep -q 'event=claim_failed error="ERROR:  permission denied' "$IT_TMP/once.log"

sender_user=ar2c_it_nobody
start_sender "$IT_TMP/sender.log" --poll 1
sleep 3
claims=$(grep -c 'event=claim_failed' "$IT_TMP/sender.log")
note "refused claims in 3 s: $claims"
check "a refused claim is tried again at each poll (1 s), not in a loop" test "$claims" -ge 1 -a "$claims" -le 5
q $db "GRANT ar2c_sender TO ar2c_it_nobody" >/dev/null
check "once the role is granted, the running sender delivers" wait_for 10 no_pending
stop_sender
is "$(messages "$IT_TMP/sink")" 1 "the sink has the message"
it_done
