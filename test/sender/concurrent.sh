#!/usr/bin/env bash
# Two senders at once on 200 notices: each claims its own (SKIP LOCKED and
# the lease), so every notice is sent exactly once, and both do work.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_sender_concurrent

new_db $db || exit 1
start_sink "$IT_TMP/sink" || exit 1
for i in $(seq 1 200); do
	printf 'c%s\t%s\n' "$i" "$(echo en de fr zh | cut -d' ' -f$((i % 4 + 1)))"
done | ledger $db "$sink_port" || { not_ok "set up the ledger"; exit 1; }
is "$(q $db "SELECT count(*) FROM dunning_notice")" 200 "200 notices to send"

start_sender "$IT_TMP/sender1.log" --batch 5
first=$sender_pid
start_sender "$IT_TMP/sender2.log" --batch 5
wait_for 90 no_pending || not_ok "two senders deliver 200 notices within 90 s"
stop_sender
sender_pid=$first
stop_sender

is "$(messages "$IT_TMP/sink")" 200 "the sink holds 200 messages"
is "$(grep -h '^Message-ID:' "$IT_TMP"/sink/*.eml | sort -u | wc -l)" 200 "with 200 different Message-IDs: no notice sent twice"
is "$(q $db "SELECT count(*) FILTER (WHERE status = 'sent' AND attempts = 1) FROM dunning_notice")" 200 \
	"each notice marked sent once, after one attempt"
one=$(grep -c 'event=sent ' "$IT_TMP/sender1.log")
two=$(grep -c 'event=sent ' "$IT_TMP/sender2.log")
note "sender 1 sent $one, sender 2 sent $two"
is "$((one + two))" 200 "the two logs hold 200 deliveries together"
check "both senders delivered" test "$one" -gt 0 -a "$two" -gt 0
expected $db "$IT_TMP/expected.json"
"$SINK_PYTHON" "$SENDER_TESTS/check_messages.py" "$IT_TMP/sink" "$IT_TMP/expected.json"
it_done
