#!/usr/bin/env bash
# Text messages as webhooks to a local HTTP server: the JSON of the notice,
# signed with HMAC-SHA256 of the company's secret, which the receiver
# verifies; a 503 is tried again under the same idempotency key; a wrong
# secret gets 401 from the receiver, which fails the notice with an alert.
set -uo pipefail
source "$(dirname "$0")/common.bash"
db=ar2c_sender_webhook

new_db $db || exit 1
start_receiver "$IT_TMP/hook" 'k3y-of-acme' 1 || exit 1
run_sql $db <<SQL || { not_ok "set up the ledger"; exit 1; }
INSERT INTO company (company_id, name, functional_currency) VALUES (1, 'Acme', 'EUR'), (2, 'Beta', 'EUR');
INSERT INTO customer (customer_id, company_id, customer_number, name, currency, language, phone) VALUES
  (1, 1, 'C-1', '华强电子有限公司', 'EUR', 'zh', '+86 755 1234 5678'),
  (2, 1, 'C-2', 'Müller & Söhne', 'EUR', 'de', '+49 30 1234'),
  (3, 2, 'C-3', 'Beta Kunde', 'EUR', 'de', '+49 89 9876');
INSERT INTO invoice (company_id, customer_id, invoice_number, issue_date, due_date, amount)
SELECT company_id, customer_id, 'RE-' || customer_id, '2026-01-01', '2026-01-31', '50.25 EUR'::money_cur FROM customer;
INSERT INTO dunning_policy (company_id, policy_id, name, is_default) VALUES (1, 1, 'sms', true), (2, 2, 'sms', true);
INSERT INTO dunning_level (company_id, policy_id, level, days_overdue, channel) VALUES (1, 1, 1, 5, 'sms'), (2, 2, 1, 5, 'sms');
INSERT INTO dunning_template (company_id, policy_id, level, language, subject, body) VALUES
  (1, 1, 1, 'zh', '付款提醒', '您有{{total}}逾期未付'), (1, 1, 1, 'de', 'Erinnerung', 'Offen: {{total}}'),
  (2, 2, 1, 'de', 'Erinnerung', 'Offen: {{total}}');
INSERT INTO delivery_setting (company_id, webhook_url, from_address)
VALUES (1, 'http://127.0.0.1:$receiver_port/hook', 'ar@acme.example'), (2, 'http://127.0.0.1:$receiver_port/hook', NULL);
INSERT INTO delivery_secret (company_id, webhook_secret) VALUES (1, 'k3y-of-acme'), (2, 'not-the-right-key');
SELECT count(*) FROM run_dunning(NULL, date '2026-02-20');
SQL

start_sender "$IT_TMP/sender.log"
wait_for 30 no_pending || not_ok "the sender posts the three text messages within 30 s"
stop_sender
is "$(q $db "SELECT string_agg(customer_id || ':' || status || ':' || attempts, ' ' ORDER BY customer_id) FROM dunning_notice")" \
	"1:sent:2 2:sent:1 3:failed:1" \
	"the first (503) tried again and sent, the second sent, the wrongly signed one refused"
requests=$IT_TMP/hook/requests.jsonl
summary=$("$SINK_PYTHON" - "$requests" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
for r in rows:
    p = r["payload"]
    print(p["customer_id"], r["status"], r["valid"], r["idempotency_key"], r["content_type"], p["customer_name"],
          p["address"], p["total"], p["currency"], p["items"][0]["invoice_number"], p["subject"])
PY
)
note "requests:"
echo "$summary" | sed 's/^/#   /'
is "$(echo "$summary" | awk '{ print $1, $2, $3 }' | sort | tr '\n' ';')" "1 200 True;1 503 True;2 200 True;3 401 False;" \
	"the receiver verified the signatures of Acme's requests and refused Beta's, signed with another key"
is "$(echo "$summary" | awk '$1 == 1 { print $4 }' | sort -u)" "<ar2c.notice.$(q $db "SELECT notice_id FROM dunning_notice WHERE customer_id = 1").1.1@acme.example>" \
	"the retry carries the same idempotency key"
check "the JSON carries the notice: name, phone, total, currency, items, subject (UTF-8)" \
	grep -q '^1 200 True <ar2c.notice.[0-9]*.1.1@acme.example> application/json; charset=utf-8 华强电子有限公司 +86 755 1234 5678 50.25 EUR RE-1 付款提醒$' <<<"$summary"
is "$(q $db "SELECT last_error FROM dunning_notice WHERE customer_id = 3")" "HTTP 401 refused: 401" "the refusal keeps the HTTP status and answer"
is "$(q $db "SELECT count(*) FROM alert WHERE kind = 'notice_failed' AND customer_id = 3")" 1 "and raised an alert"
check "the Message-ID of a company without from_address takes the domain ar2c.invalid" \
	grep -q '^3 401 False <ar2c.notice.[0-9]*.3.2@ar2c.invalid>' <<<"$summary"
it_done
