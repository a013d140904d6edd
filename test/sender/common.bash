# Shared by ar2c-sender's tests (test/sender/*.sh): source it. Builds on
# the integrity tests' helpers (ok/not_ok/is, new_db, own_cluster, IT_PIDS,
# IT_TMP; test/integrity/common.bash), run inside scripts/with-cluster.
# The servers the sender talks to are started here, on 127.0.0.1: an SMTP
# sink (smtp_sink.py, Debian's python3-aiosmtpd) and a webhook receiver
# (webhook_receiver.py).
source "$(dirname "${BASH_SOURCE[0]}")/../integrity/common.bash"
SENDER_TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SENDER_BIN=${AR2C_SENDER:-$PGBIN/ar2c-sender}
# Debian's python, which has aiosmtpd (a python3 of its own may come first on PATH)
SINK_PYTHON=/usr/bin/python3

# free_port: a TCP port on 127.0.0.1 that nothing listens on now
free_port() {
	"$SINK_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for SECONDS COMMAND...: until the command succeeds (0) or time is up (1)
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.2
	done
}

# start_sink DIR [PORT]: the SMTP sink writing to DIR; sets sink_port, sink_pid
start_sink() {
	local dir=$1
	mkdir -p "$dir"
	rm -f "$dir/ready"
	sink_port=${2:-$(free_port)}
	"$SINK_PYTHON" "$SENDER_TESTS/smtp_sink.py" "$sink_port" "$dir" >>"$dir/sink.log" 2>&1 &
	sink_pid=$!
	IT_PIDS+=("$sink_pid")
	wait_for 20 test -e "$dir/ready" || { not_ok "the SMTP sink starts"; tail -5 "$dir/sink.log" | sed 's/^/#   /'; return 1; }
}
stop_sink() {
	kill "$sink_pid" 2>/dev/null
	wait "$sink_pid" 2>/dev/null
}

# start_receiver DIR SECRET [FAIL_FIRST]: the webhook receiver; sets receiver_port
start_receiver() {
	local dir=$1
	mkdir -p "$dir"
	receiver_port=$(free_port)
	"$SINK_PYTHON" "$SENDER_TESTS/webhook_receiver.py" "$receiver_port" "$dir" "$2" "${3:-0}" >>"$dir/receiver.log" 2>&1 &
	receiver_pid=$!
	IT_PIDS+=("$receiver_pid")
	wait_for 20 test -e "$dir/ready" || { not_ok "the webhook receiver starts"; return 1; }
}

# start_sender LOG [OPTION...]: ar2c-sender in the background against the
# test's database ($db), as $sender_user if set, fast to poll and retry;
# sets sender_pid
start_sender() {
	local log=$1
	shift
	"$SENDER_BIN" --poll 1 --backoff 1 --backoff-cap 2 --timeout 10 "$@" "dbname=$db ${sender_user:+user=$sender_user}" >>"$log" 2>&1 &
	sender_pid=$!
	IT_PIDS+=("$sender_pid")
}

# stop_sender: SIGTERM, and its exit status in sender_status
stop_sender() {
	kill -TERM "$sender_pid" 2>/dev/null
	wait "$sender_pid" 2>/dev/null
	sender_status=$?
}

# messages DIR: how many messages the sink stored
messages() {
	find "$1" -name '*.eml' | wc -l
}

# has_messages DIR N: the sink stored N messages (for wait_for)
has_messages() {
	[ "$(messages "$1")" = "$2" ]
}

# pending_count: notices of the test's database still waiting for the sender
pending_count() {
	q "$db" "SELECT count(*) FROM dunning_notice WHERE status = 'pending' AND address IS NOT NULL"
}
no_pending() {
	[ "$(pending_count)" = 0 ]
}

# ledger DB COMPANY: customers in German, French, Chinese and English with
# addresses, one overdue invoice each, templates in their languages, the
# company's delivery settings pointing at the sink; then a dunning run
# writes one e-mail notice per customer. From stdin, one line per customer:
# the local part of its address ("@example.org" added; "-" for none), a
# tab, its language.
ledger() {
	local database=$1 port=$2
	run_sql "$database" <<SQL
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme Handels GmbH', 'EUR');
CREATE TEMP TABLE wanted (n serial, local_part text, language text);
COPY wanted (local_part, language) FROM STDIN;
$(cat)
\\.
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, email)
SELECT n, 1, 'C-' || n,
       CASE language WHEN 'de' THEN 'Müller & Söhne GmbH ' WHEN 'fr' THEN 'Société Générale d''Équipement '
                     WHEN 'zh' THEN '华强电子有限公司' ELSE 'Plain Trading ' END || n,
       'EUR', language, nullif(local_part, '-') || '@example.org'
FROM wanted;
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT 1, n, 'RE-2026/' || n, '2026-01-01', '2026-01-31', ((100 + n) || '.50 EUR')::money_cur FROM wanted;
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (1, 1, 'standard', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel) VALUES (1, 1, 1, 5, 'email');
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body) VALUES
  (1, 1, 1, 'en', 'Payment reminder {{customer_number}}',
   E'Dear {{customer_name}},\n\n{{#items}}{{invoice_number}} due {{due_date}}: {{open_amount}}\n{{/items}}Total {{total}}'),
  (1, 1, 1, 'de', 'Zahlungserinnerung für {{customer_name}} – bitte überweisen Sie umgehend',
   E'Sehr geehrte Damen und Herren,\n\n{{#items}}{{invoice_number}} fällig am {{due_date}}: {{open_amount}}\n{{/items}}Summe {{total}}\nMit freundlichen Grüßen'),
  (1, 1, 1, 'fr', 'Relance : facture échue, {{customer_name}}',
   E'Madame, Monsieur,\n\n{{#items}}{{invoice_number}} échue le {{due_date}} : {{open_amount}}\n{{/items}}Total dû {{total}}\nVeuillez agréer nos salutations distinguées'),
  (1, 1, 1, 'zh', '付款提醒：{{customer_name}}，您的发票已逾期，请尽快安排付款',
   E'{{customer_name}}：\n\n{{#items}}{{invoice_number}} 到期日{{due_date}}：{{open_amount}}\n{{/items}}合计{{total}}\n此致敬礼');
INSERT INTO delivery_setting (company_id, smtp_url, smtp_tls, from_address, from_name, reply_to)
VALUES (1, 'smtp://127.0.0.1:$port', 'none', 'mahnwesen@acme.example', 'Acme Mahnwesen – 催收部', 'ar@acme.example');
SELECT count(*) FROM run_dunning(NULL, date '2026-02-20');
SQL
}

# expected DB FILE [CONDITION]: the sent notices (and CONDITION on n) as
# check_messages.py reads them
expected() {
	q "$1" "SELECT coalesce(json_agg(json_build_object('notice_id', n.notice_id, 'customer_id', n.customer_id,
	            'company_id', n.company_id, 'address', n.address, 'name', c.name, 'subject', n.subject, 'body', n.body,
	            'language', n.language, 'from_name', s.from_name, 'from_address', s.from_address,
	            'items', (SELECT json_agg(i.invoice_number ORDER BY i.due_date, i.invoice_number)
	                      FROM dunning_notice_item ni JOIN invoice i USING (customer_id, invoice_id)
	                      WHERE ni.customer_id = n.customer_id AND ni.notice_id = n.notice_id))
	            ORDER BY n.notice_id), '[]')
	     FROM dunning_notice n JOIN customer c USING (customer_id) JOIN delivery_setting s ON s.company_id = n.company_id
	     WHERE n.status = 'sent' AND ${3:-true}" >"$2"
}
