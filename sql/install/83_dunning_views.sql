-- Collections for BI tools: plain column types, the companies the reader
-- may see, comments. And the row-level security of the dunning tables.

CREATE VIEW ar2c.dunning_due_today AS
SELECT d.company_id, d.customer_id, c.customer_number, c.name AS customer_name, d.currency::text AS currency,
       d.previous_level, d.level, d.channel, d.address, d.language, cardinality(d.invoice_ids) AS items,
       ar2c.amount(d.principal) AS principal, ar2c.amount(d.fee) AS fee, ar2c.amount(d.interest) AS interest,
       ar2c.amount(d.total) AS total, d.promise_broken, d.subject, current_date AS as_of
FROM ar2c.dunning_candidates(NULL, current_date) d
JOIN ar2c.customer c ON c.customer_id = d.customer_id;
COMMENT ON VIEW ar2c.dunning_due_today IS 'what a dunning run today would send: one row per customer and currency whose next level is due, of the companies the reader may see (nothing is written)';
COMMENT ON COLUMN ar2c.dunning_due_today.company_id IS 'the company';
COMMENT ON COLUMN ar2c.dunning_due_today.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.dunning_due_today.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.dunning_due_today.customer_name IS 'the customer''s name';
COMMENT ON COLUMN ar2c.dunning_due_today.currency IS 'ISO 4217 code of the amounts';
COMMENT ON COLUMN ar2c.dunning_due_today.previous_level IS 'the level reached so far (0: none)';
COMMENT ON COLUMN ar2c.dunning_due_today.level IS 'the level due today';
COMMENT ON COLUMN ar2c.dunning_due_today.channel IS 'email, sms, letter, call or legal';
COMMENT ON COLUMN ar2c.dunning_due_today.address IS 'e-mail address or phone number, by channel';
COMMENT ON COLUMN ar2c.dunning_due_today.language IS 'language of the notice';
COMMENT ON COLUMN ar2c.dunning_due_today.items IS 'number of items the notice would list';
COMMENT ON COLUMN ar2c.dunning_due_today.principal IS 'their open amount';
COMMENT ON COLUMN ar2c.dunning_due_today.fee IS 'the fee it would charge';
COMMENT ON COLUMN ar2c.dunning_due_today.interest IS 'the interest it would charge';
COMMENT ON COLUMN ar2c.dunning_due_today.total IS 'principal + fee + interest';
COMMENT ON COLUMN ar2c.dunning_due_today.promise_broken IS 'a promise to pay was broken since the last notice';
COMMENT ON COLUMN ar2c.dunning_due_today.subject IS 'the rendered subject';
COMMENT ON COLUMN ar2c.dunning_due_today.as_of IS 'today';

CREATE VIEW ar2c.outbox AS
SELECT n.company_id, n.customer_id, n.notice_id, n.as_of, c.customer_number, c.name AS customer_name,
       n.level, n.channel, n.address, n.language, n.subject, n.body, n.item_count,
       n.currency::text AS currency, ar2c.amount(n.principal) AS principal, ar2c.amount(n.fee) AS fee,
       ar2c.amount(n.interest) AS interest, ar2c.amount(n.total) AS total,
       n.status, n.attempts, n.last_attempt_at, n.sent_at, n.last_error
FROM ar2c.dunning_notice n
JOIN ar2c.customer c ON c.customer_id = n.customer_id
WHERE n.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[]);
COMMENT ON VIEW ar2c.outbox IS 'every dunning notice with its text and what became of it (pending, sent, failed, cancelled)';
COMMENT ON COLUMN ar2c.outbox.company_id IS 'the company';
COMMENT ON COLUMN ar2c.outbox.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.outbox.notice_id IS 'ar2c''s key for the notice';
COMMENT ON COLUMN ar2c.outbox.as_of IS 'the day of the run that wrote it';
COMMENT ON COLUMN ar2c.outbox.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.outbox.customer_name IS 'the customer''s name';
COMMENT ON COLUMN ar2c.outbox.level IS 'dunning level';
COMMENT ON COLUMN ar2c.outbox.channel IS 'email, sms, letter, call or legal';
COMMENT ON COLUMN ar2c.outbox.address IS 'e-mail address or phone number, by channel';
COMMENT ON COLUMN ar2c.outbox.language IS 'language of the text';
COMMENT ON COLUMN ar2c.outbox.subject IS 'rendered subject';
COMMENT ON COLUMN ar2c.outbox.body IS 'rendered body';
COMMENT ON COLUMN ar2c.outbox.item_count IS 'number of items dunned';
COMMENT ON COLUMN ar2c.outbox.currency IS 'ISO 4217 code of the amounts';
COMMENT ON COLUMN ar2c.outbox.principal IS 'open amount of the items dunned';
COMMENT ON COLUMN ar2c.outbox.fee IS 'fee charged';
COMMENT ON COLUMN ar2c.outbox.interest IS 'interest charged';
COMMENT ON COLUMN ar2c.outbox.total IS 'principal + fee + interest';
COMMENT ON COLUMN ar2c.outbox.status IS 'pending, sent, failed or cancelled';
COMMENT ON COLUMN ar2c.outbox.attempts IS 'sending attempts';
COMMENT ON COLUMN ar2c.outbox.last_attempt_at IS 'when it was last tried';
COMMENT ON COLUMN ar2c.outbox.sent_at IS 'when it was sent';
COMMENT ON COLUMN ar2c.outbox.last_error IS 'the sender''s last error';

CREATE VIEW ar2c.collector_worklist AS
WITH overdue AS (
    SELECT i.company_id, i.customer_id, ar2c.currency(i.open_amount) AS currency,
           ar2c.sum(i.open_amount) AS overdue_amount,
           coalesce(ar2c.sum(i.open_amount) FILTER (WHERE NOT i.disputed),
                    ar2c.money_cur_units(0, ar2c.currency(i.open_amount))) AS amount_at_risk,
           count(*) AS overdue_items, count(*) FILTER (WHERE i.disputed) AS disputed_items,
           max((SELECT ar2c.aging_date()) - i.due_date) AS max_days_overdue
    FROM ar2c.invoice i
    WHERE i.status IN ('open', 'partially_paid') AND i.due_date < (SELECT ar2c.aging_date())
    GROUP BY 1, 2, 3
), converted AS (
    -- one rate per company and currency, joined; ranked by the amount at
    -- risk in the reporting currency, a currency without a rate last
    SELECT o.*, co.functional_currency AS reporting_currency,
           ar2c.amount(ar2c.convert_at(o.overdue_amount, co.functional_currency, r.rate, r.inverse)) AS reporting_amount,
           ar2c.amount(ar2c.convert_at(o.amount_at_risk, co.functional_currency, r.rate, r.inverse))
               AS reporting_amount_at_risk
    FROM overdue o
    JOIN ar2c.company co ON co.company_id = o.company_id
    LEFT JOIN ar2c.reporting_rates((SELECT ar2c.aging_date())) r
           ON r.company_id = o.company_id AND r.currency OPERATOR(ar2c.=) o.currency
)
SELECT o.company_id, o.customer_id, c.customer_number, c.name AS customer_name, c.phone, c.email,
       o.currency::text AS currency, ar2c.amount(o.overdue_amount) AS overdue_amount,
       ar2c.amount(o.amount_at_risk) AS amount_at_risk, o.overdue_items, o.disputed_items,
       o.max_days_overdue, coalesce(l.level, 0) AS dunning_level, l.channel AS last_channel, l.as_of AS last_notice_on,
       (SELECT count(*) FROM ar2c.promise_to_pay p WHERE p.customer_id = o.customer_id AND p.status = 'open')
           AS open_promises,
       (SELECT count(*) FROM ar2c.promise_to_pay p WHERE p.customer_id = o.customer_id AND p.status = 'broken')
           AS broken_promises,
       rank() OVER (PARTITION BY o.company_id ORDER BY o.reporting_amount_at_risk DESC NULLS LAST) AS priority,
       (SELECT ar2c.aging_date()) AS as_of, o.reporting_currency::text AS reporting_currency, o.reporting_amount,
       o.reporting_amount_at_risk, (SELECT ar2c.aging_date()) AS rate_date
FROM converted o
JOIN ar2c.customer c ON c.customer_id = o.customer_id
LEFT JOIN LATERAL (
    SELECT n.level, n.channel, n.as_of FROM ar2c.dunning_notice n
    WHERE n.customer_id = o.customer_id AND n.currency OPERATOR(ar2c.=) o.currency AND n.status <> 'cancelled'
    ORDER BY n.as_of DESC, n.level DESC LIMIT 1) l ON true
WHERE o.company_id = ANY ((SELECT ar2c.visible_companies())::bigint[])
ORDER BY o.company_id, o.reporting_amount_at_risk DESC NULLS LAST, o.customer_id, o.currency;
COMMENT ON VIEW ar2c.collector_worklist IS 'customers with overdue items, one row per customer and currency, most money at risk in the reporting currency first (priority 1): what a collector calls about, with the dunning level reached, promises and disputes';
COMMENT ON COLUMN ar2c.collector_worklist.company_id IS 'the company';
COMMENT ON COLUMN ar2c.collector_worklist.customer_id IS 'ar2c''s key for the customer';
COMMENT ON COLUMN ar2c.collector_worklist.customer_number IS 'the application''s customer number';
COMMENT ON COLUMN ar2c.collector_worklist.customer_name IS 'the customer''s name';
COMMENT ON COLUMN ar2c.collector_worklist.phone IS 'the customer''s phone';
COMMENT ON COLUMN ar2c.collector_worklist.email IS 'the customer''s e-mail';
COMMENT ON COLUMN ar2c.collector_worklist.currency IS 'ISO 4217 code of the amounts';
COMMENT ON COLUMN ar2c.collector_worklist.overdue_amount IS 'open amount past due (on the aging date)';
COMMENT ON COLUMN ar2c.collector_worklist.amount_at_risk IS 'open amount past due and not disputed';
COMMENT ON COLUMN ar2c.collector_worklist.overdue_items IS 'number of items past due';
COMMENT ON COLUMN ar2c.collector_worklist.disputed_items IS 'of which disputed';
COMMENT ON COLUMN ar2c.collector_worklist.max_days_overdue IS 'days past due of the oldest item';
COMMENT ON COLUMN ar2c.collector_worklist.dunning_level IS 'level of the last notice (0: none)';
COMMENT ON COLUMN ar2c.collector_worklist.last_channel IS 'channel of the last notice';
COMMENT ON COLUMN ar2c.collector_worklist.last_notice_on IS 'day of the last notice';
COMMENT ON COLUMN ar2c.collector_worklist.open_promises IS 'promises to pay still running';
COMMENT ON COLUMN ar2c.collector_worklist.broken_promises IS 'promises to pay broken';
COMMENT ON COLUMN ar2c.collector_worklist.priority IS '1 = the most money at risk in the company, compared in the reporting currency; rows whose currency has no rate come last';
COMMENT ON COLUMN ar2c.collector_worklist.as_of IS 'the aging date';
COMMENT ON COLUMN ar2c.collector_worklist.reporting_currency IS 'the company''s reporting currency (its functional currency)';
COMMENT ON COLUMN ar2c.collector_worklist.reporting_amount IS 'overdue_amount in the reporting currency at the rate in force on rate_date; NULL when there is no rate';
COMMENT ON COLUMN ar2c.collector_worklist.reporting_amount_at_risk IS 'amount_at_risk in the reporting currency, what priority ranks by; NULL when there is no rate';
COMMENT ON COLUMN ar2c.collector_worklist.rate_date IS 'the day whose exchange rate converts the amounts: the aging date';

-- Row-level security by company, as on the ledger tables; the triggers
-- run as the extension's owner.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dunning_policy', 'dunning_level', 'dunning_template', 'promise_to_pay', 'dispute',
                             'dunning_run', 'dunning_notice', 'dunning_notice_item', 'dunning_interest', 'dunning_state']
    LOOP
        PERFORM ar2c.scope_by_company(t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['dunning_level_check()', 'dispute_flag()']
    LOOP
        EXECUTE format('ALTER FUNCTION ar2c.%s SECURITY DEFINER', t);
    END LOOP;
END
$$;
REVOKE EXECUTE ON FUNCTION ar2c.run_dunning(bigint, date) FROM PUBLIC;
