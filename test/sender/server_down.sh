#!/usr/bin/env bash
# The SMTP server down: every attempt fails to connect and is tried again
# with backoff; once the server is up, each notice is sent once.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_sender_down

new_db $db || exit 1
port=$(free_port)
ledger $db "$port" <<'ROWS' || { not_ok "set up the ledger"; exit 1; }
anna	de
jean	fr
wang	zh
ROWS

start_sender "$IT_TMP/sender.log"
tried() {
	[ "$(q $db "SELECT count(*) FROM dunning_notice WHERE attempts >= 2 AND status = 'pending'")" = 3 ]
}
check "with the server down each notice is tried, and tried again" wait_for 30 tried
note "last error: $(q $db "SELECT DISTINCT last_error FROM dunning_notice")"
is "$(q $db "SELECT count(*) FROM dunning_notice WHERE last_error ~* 'connect'")" 3 "the error says the server could not be reached"
start_sink "$IT_TMP/sink" "$port" || exit 1
wait_for 30 no_pending || not_ok "once the server is up, the notices are sent within 30 s"
stop_sender
is "$(q $db "SELECT count(*) FROM dunning_notice WHERE status = 'sent'")" 3 "all three sent"
is "$(messages "$IT_TMP/sink")" 3 "each once"
check "the log has one retry line per failed attempt" test "$(grep -c 'event=retry ' "$IT_TMP/sender.log")" -ge 6
it_done
