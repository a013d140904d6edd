-- Delivery of the outbox by ar2c-sender (doc/sender.md): each company's
-- delivery settings and credentials, the claim that leases due notices to
-- one sender (FOR UPDATE SKIP LOCKED, so several run side by side), a retry
-- at a later time, and what can never be delivered, shown in a view and
-- alerted. The database makes no network call: the sender claims, sends,
-- then marks (ar2c.mark_notice_sent, ar2c.mark_notice_failed,
-- ar2c.mark_notice_retry).

-- When a notice may next be claimed: NULL or past for a due notice; a claim
-- sets it to the end of its lease, so that a sender that dies between send
-- and mark leaves the notice to be claimed again once the lease is over.
ALTER TABLE ar2c.dunning_notice ADD COLUMN next_attempt_at timestamptz;
-- the claim's order: due first, then oldest; walked from its start, so a
-- claim reads about as many rows as it takes, whatever waits behind them
CREATE INDEX dunning_notice_due ON ar2c.dunning_notice (next_attempt_at NULLS FIRST, notice_id)
    WHERE status = 'pending' AND channel IN ('email', 'sms') AND address IS NOT NULL;
COMMENT ON COLUMN ar2c.dunning_notice.next_attempt_at IS 'when a sender may claim it (again): NULL for at once; the end of a sender''s lease while it is being sent, or the time of the next try after a transient failure';

CREATE TABLE ar2c.delivery_setting (
    company_id    bigint PRIMARY KEY REFERENCES ar2c.company,
    smtp_url      text,
    smtp_tls      text NOT NULL DEFAULT 'required',
    from_address  text,
    from_name     text,
    reply_to      text,
    webhook_url   text,
    max_attempts  integer NOT NULL DEFAULT 10,
    attach_statement boolean NOT NULL DEFAULT false,
    CONSTRAINT delivery_setting_tls_valid CHECK (smtp_tls IN ('none', 'try', 'required')),
    CONSTRAINT delivery_setting_smtp_from CHECK (smtp_url IS NULL OR from_address IS NOT NULL),
    CONSTRAINT delivery_setting_attempts_positive CHECK (max_attempts > 0)
);
COMMENT ON TABLE ar2c.delivery_setting IS 'how ar2c-sender delivers a company''s notices: e-mail notices over SMTP, text messages (channel sms) as a webhook; a company without a row, or without the URL of a channel, has nothing delivered on it';
COMMENT ON COLUMN ar2c.delivery_setting.company_id IS 'the company';
COMMENT ON COLUMN ar2c.delivery_setting.smtp_url IS 'the SMTP server, as smtp://host:port (STARTTLS as smtp_tls says) or smtps://host:port (TLS from the start); NULL: no e-mail';
COMMENT ON COLUMN ar2c.delivery_setting.smtp_tls IS 'STARTTLS on smtp:// URLs: required (refuse a server without it), try (use it when offered) or none';
COMMENT ON COLUMN ar2c.delivery_setting.from_address IS 'the sender''s address (From and the envelope), also the domain of the Message-ID';
COMMENT ON COLUMN ar2c.delivery_setting.from_name IS 'the display name of From (any script; encoded by RFC 2047)';
COMMENT ON COLUMN ar2c.delivery_setting.reply_to IS 'the Reply-To address, if any';
COMMENT ON COLUMN ar2c.delivery_setting.webhook_url IS 'where text messages (channel sms) are posted as JSON, signed with the webhook secret; NULL: no text messages';
COMMENT ON COLUMN ar2c.delivery_setting.attach_statement IS 'attach the customer''s statement of the twelve months up to the notice''s day (ar2c.customer_statement) to each e-mail, as a CSV file';
COMMENT ON COLUMN ar2c.delivery_setting.max_attempts IS 'the attempts after which a notice that keeps failing transiently is given up (status failed, alert notice_failed)';

CREATE TABLE ar2c.delivery_secret (
    company_id     bigint PRIMARY KEY REFERENCES ar2c.delivery_setting,
    smtp_username  text,
    smtp_password  text,
    webhook_secret text
);
COMMENT ON TABLE ar2c.delivery_secret IS 'the credentials of a company''s delivery: readable only by the sender''s role (ar2c_sender); an admin may write them but not read them; the sender''s environment (AR2C_SMTP_USERNAME, AR2C_SMTP_PASSWORD, AR2C_WEBHOOK_SECRET) overrides them';
COMMENT ON COLUMN ar2c.delivery_secret.company_id IS 'the company';
COMMENT ON COLUMN ar2c.delivery_secret.smtp_username IS 'SMTP AUTH user name; NULL: no authentication';
COMMENT ON COLUMN ar2c.delivery_secret.smtp_password IS 'SMTP AUTH password';
COMMENT ON COLUMN ar2c.delivery_secret.webhook_secret IS 'the key of the HMAC-SHA256 signature of each webhook request (header X-Ar2c-Signature)';

SELECT ar2c.scope_by_company('delivery_setting', 'delivery_secret');
SELECT pg_catalog.pg_extension_config_dump('ar2c.delivery_setting', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.delivery_secret', '');

-- Why a pending notice cannot be delivered by the sender, or NULL when it
-- can: e-mail and text messages need an address and the company's settings
-- for the channel; letters, calls and legal steps are for people.
CREATE FUNCTION ar2c.notice_undeliverable_reason(channel text, address text, smtp_url text, webhook_url text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN $1 NOT IN ('email', 'sms') THEN NULL
        WHEN $2 IS NULL OR btrim($2) = '' THEN 'no address'
        WHEN $1 = 'email' AND $3 IS NULL THEN 'no delivery settings'
        WHEN $1 = 'sms' AND $4 IS NULL THEN 'no delivery settings'
    END
$$;
COMMENT ON FUNCTION ar2c.notice_undeliverable_reason(text, text, text, text) IS 'internal to ar2c-sender''s claim and ar2c.undeliverable_notices: why a notice of a channel, with an address, under the company''s SMTP and webhook URLs cannot be sent (no address, no delivery settings), or NULL';

CREATE VIEW ar2c.undeliverable_notices WITH (security_barrier) AS
SELECT n.company_id, n.customer_id, n.notice_id, n.as_of, c.customer_number, c.name AS customer_name, n.level, n.channel,
       ar2c.notice_undeliverable_reason(n.channel, n.address, s.smtp_url, s.webhook_url) AS reason
FROM ar2c.dunning_notice n
JOIN ar2c.customer c ON c.customer_id = n.customer_id
LEFT JOIN ar2c.delivery_setting s ON s.company_id = n.company_id
WHERE n.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[])
  AND n.status = 'pending' AND ar2c.notice_undeliverable_reason(n.channel, n.address, s.smtp_url, s.webhook_url) IS NOT NULL;
COMMENT ON VIEW ar2c.undeliverable_notices IS 'pending e-mail and text-message notices, of the companies the session may see, that ar2c-sender will never claim: no address (give the customer an e-mail address or phone number), or no delivery settings for the channel (ar2c.delivery_setting)';
COMMENT ON COLUMN ar2c.undeliverable_notices.company_id IS 'the company';
COMMENT ON COLUMN ar2c.undeliverable_notices.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.undeliverable_notices.notice_id IS 'ar2c''s key for the notice';
COMMENT ON COLUMN ar2c.undeliverable_notices.as_of IS 'the day of the run that wrote it';
COMMENT ON COLUMN ar2c.undeliverable_notices.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.undeliverable_notices.customer_name IS 'the customer''s name';
COMMENT ON COLUMN ar2c.undeliverable_notices.level IS 'dunning level';
COMMENT ON COLUMN ar2c.undeliverable_notices.channel IS 'email or sms';
COMMENT ON COLUMN ar2c.undeliverable_notices.reason IS 'no address, or no delivery settings';

-- A run that writes e-mail or text notices without an address says so at
-- once: one alert per company and statement, naming the notices.
CREATE FUNCTION ar2c.notice_address_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO ar2c.alert (company_id, kind, severity, subject_table, message, details)
    SELECT r.company_id, 'notice_undeliverable', 'warning', 'dunning_notice',
           format('%s dunning notice(s) of %s have no address and will not be sent', count(*), max(r.as_of)),
           jsonb_build_object('notice_ids', jsonb_agg(r.notice_id ORDER BY r.notice_id))
    FROM new_rows r
    WHERE ar2c.notice_undeliverable_reason(r.channel, r.address, '', '') = 'no address'
    GROUP BY r.company_id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ar2c.notice_address_check() IS 'trigger: one notice_undeliverable alert per company for the e-mail and text notices written without an address';
CREATE TRIGGER dunning_notice_address_check AFTER INSERT ON ar2c.dunning_notice
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ar2c.notice_address_check();

-- A notice given up (failed) raises an alert with the sender's error.
CREATE FUNCTION ar2c.notice_failed_alert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO ar2c.alert (company_id, customer_id, kind, severity, subject_table, subject_id, message, details)
    VALUES (NEW.company_id, NEW.customer_id, 'notice_failed', 'warning', 'dunning_notice', NEW.notice_id,
            format('dunning notice %s to %s failed: %s', NEW.notice_id, NEW.address, NEW.last_error),
            jsonb_build_object('channel', NEW.channel, 'attempts', NEW.attempts, 'error', NEW.last_error));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ar2c.notice_failed_alert() IS 'trigger: a notice_failed alert, with the error, for a notice that became failed';
CREATE TRIGGER dunning_notice_failed_alert AFTER UPDATE OF status ON ar2c.dunning_notice
    FOR EACH ROW WHEN (NEW.status = 'failed' AND OLD.status IS DISTINCT FROM 'failed')
    EXECUTE FUNCTION ar2c.notice_failed_alert();

-- The claim: up to batch_size due notices the sender can deliver, oldest
-- due first, locked with SKIP LOCKED (a notice another sender is claiming
-- is passed over) and leased by moving next_attempt_at past the lease.
-- The day of the notice is in the webhook JSON (as_of). Runs with the
-- caller's rights: row-level security gives a sender the
-- companies granted to its role, and only a role that may read
-- ar2c.delivery_secret can claim.
CREATE FUNCTION ar2c.claim_notices(batch_size integer, lease interval DEFAULT '5 minutes')
    RETURNS TABLE (notice_id bigint, company_id bigint, customer_id bigint, level integer, channel text,
                   address text, language text, subject text, body text, customer_name text, attempts integer,
                   items text, payload jsonb, smtp_url text, smtp_tls text, from_address text, from_name text,
                   reply_to text, webhook_url text, max_attempts integer, smtp_username text, smtp_password text,
                   webhook_secret text, statement text)
    LANGUAGE sql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH due AS (
        SELECT n.customer_id, n.notice_id
        FROM ar2c.dunning_notice n
        JOIN ar2c.delivery_setting s ON s.company_id = n.company_id
        WHERE n.status = 'pending' AND n.channel IN ('email', 'sms') AND n.address IS NOT NULL
          AND ar2c.notice_undeliverable_reason(n.channel, n.address, s.smtp_url, s.webhook_url) IS NULL
          AND (n.next_attempt_at IS NULL OR n.next_attempt_at <= clock_timestamp())
        ORDER BY n.next_attempt_at NULLS FIRST, n.notice_id
        LIMIT $1
        FOR UPDATE OF n SKIP LOCKED
    ), claimed AS (
        UPDATE ar2c.dunning_notice n SET next_attempt_at = clock_timestamp() + $2
        FROM due
        WHERE n.customer_id = due.customer_id AND n.notice_id = due.notice_id
        RETURNING n.*
    ), listed AS (
        SELECT cl.notice_id,
               string_agg(concat_ws(E'\t', translate(i.invoice_number, E'\t\r\n', '   '), i.due_date, ni.days_overdue,
                                    ni.open_amount), E'\n' ORDER BY i.due_date, i.invoice_number) AS lines,
               jsonb_agg(jsonb_build_object('invoice_number', i.invoice_number, 'due_date', i.due_date,
                                            'days_overdue', ni.days_overdue,
                                            'open_amount', ar2c.amount(ni.open_amount))
                         ORDER BY i.due_date, i.invoice_number) AS json
        FROM claimed cl
        JOIN ar2c.dunning_notice_item ni ON ni.customer_id = cl.customer_id AND ni.notice_id = cl.notice_id
        JOIN ar2c.invoice i ON i.customer_id = ni.customer_id AND i.invoice_id = ni.invoice_id
        GROUP BY cl.notice_id
    )
    SELECT cl.notice_id, cl.company_id, cl.customer_id, cl.level, cl.channel, cl.address, cl.language,
           cl.subject, cl.body, c.name, cl.attempts, coalesce(l.lines, ''),
           jsonb_build_object('notice_id', cl.notice_id, 'company_id', cl.company_id, 'customer_id', cl.customer_id,
                              'customer_number', c.customer_number, 'customer_name', c.name, 'as_of', cl.as_of,
                              'level', cl.level, 'channel', cl.channel, 'address', cl.address,
                              'language', cl.language, 'subject', cl.subject, 'body', cl.body,
                              'currency', cl.currency::text, 'principal', ar2c.amount(cl.principal)::text,
                              'fee', ar2c.amount(cl.fee)::text, 'interest', ar2c.amount(cl.interest)::text,
                              'total', ar2c.amount(cl.total)::text, 'items', coalesce(l.json, '[]')),
           s.smtp_url, s.smtp_tls, s.from_address, s.from_name, s.reply_to, s.webhook_url, s.max_attempts,
           k.smtp_username, k.smtp_password, k.webhook_secret,
           CASE WHEN s.attach_statement AND cl.channel = 'email' THEN (
               -- CSV (RFC 4180): a header line, then the statement's lines
               SELECT string_agg(f.line, E'\r\n' ORDER BY f.line_no)
               FROM (SELECT 0 AS line_no, 'line_no,line_type,item_date,item_kind,reference,due_date,debit,credit,'
                                          'balance,aging_bucket,currency,reporting_currency,reporting_amount,rate_date' AS line
                     UNION ALL
                     SELECT st.line_no,
                            (SELECT string_agg('"' || replace(coalesce(v, ''), '"', '""') || '"', ',' ORDER BY o)
                             FROM unnest(ARRAY[st.line_no::text, st.line_type, st.item_date::text, st.item_kind,
                                               st.reference, st.due_date::text, st.debit::text, st.credit::text,
                                               st.balance::text, st.aging_bucket, st.currency, st.reporting_currency,
                                               st.reporting_amount::text, st.rate_date::text]) WITH ORDINALITY AS u(v, o))
                     FROM ar2c.customer_statement(cl.customer_id, (cl.as_of - interval '1 year')::date + 1, cl.as_of) st) f)
           END
    FROM claimed cl
    JOIN ar2c.customer c ON c.customer_id = cl.customer_id
    JOIN ar2c.delivery_setting s ON s.company_id = cl.company_id
    LEFT JOIN ar2c.delivery_secret k ON k.company_id = cl.company_id
    LEFT JOIN listed l ON l.notice_id = cl.notice_id
    ORDER BY cl.notice_id
$$;
COMMENT ON FUNCTION ar2c.claim_notices(integer, interval) IS 'ar2c-sender''s claim: up to batch_size pending e-mail and text notices that are due and deliverable, locked with SKIP LOCKED and leased (next_attempt_at moves to the lease''s end) so that no other sender claims them meanwhile; each with its items (one tab-separated line each), its webhook JSON, the company''s settings and credentials, and the customer''s statement as CSV when the company attaches it';

CREATE FUNCTION ar2c.mark_notice_retry(notice_id bigint, error text, retry_in interval) RETURNS ar2c.dunning_notice
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n ar2c.dunning_notice;
BEGIN
    n := ar2c.mark_notice_failed($1, $2, true);
    UPDATE ar2c.dunning_notice d SET next_attempt_at = clock_timestamp() + coalesce($3, interval '0')
    WHERE d.customer_id = n.customer_id AND d.notice_id = n.notice_id
    RETURNING d.* INTO n;
    RETURN n;
END
$$;
COMMENT ON FUNCTION ar2c.mark_notice_retry(bigint, text, interval) IS 'a sender failed transiently on a pending notice: counts the attempt, keeps the error and lets the notice be claimed again after retry_in; P0002 for a missing notice, 55000 for one not pending';
