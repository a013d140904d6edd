-- Row-level security by company, and the roles.
--
-- The trigger functions run as the extension's owner (SECURITY DEFINER,
-- search_path fixed), so a clerk needs no write privilege on the derived
-- state they maintain; the row that fires them has passed the clerk's
-- own privileges and policies.

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['company', 'customer', 'sales_order', 'shipment', 'invoice', 'credit_note',
                             'payment', 'application', 'alert', 'customer_balance_total']
    LOOP
        PERFORM ar2c.scope_by_company(t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['invoice_maintain()', 'invoice_balance()', 'invoice_order_link()', 'invoice_check()',
                             'cash_source_maintain()', 'application_apply()', 'application_settle()',
                             'sales_order_maintain()', 'sales_order_balance()', 'company_boundaries_changed()', 'alert_notify()']
    LOOP
        EXECUTE format('ALTER FUNCTION ar2c.%s SECURITY DEFINER', t);
    END LOOP;
END
$$;

-- Administrative functions are not for everyone.
REVOKE EXECUTE ON FUNCTION ar2c.roll_aging(date), ar2c.rebuild_balances(bigint),
    ar2c.rebuild_aging(bigint, date) FROM PUBLIC;

CREATE FUNCTION ar2c.create_roles() RETURNS SETOF text
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['ar2c_reporting', 'ar2c_clerk', 'ar2c_application', 'ar2c_approver', 'ar2c_admin'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            RETURN NEXT format('created role %s', r);
        END IF;
        EXECUTE format('GRANT USAGE ON SCHEMA ar2c TO %I', r);
    END LOOP;

    -- reporting: the BI views, nothing else
    GRANT SELECT ON ar2c.aging_detail, ar2c.open_items, ar2c.aging_summary_by_customer,
        ar2c.aging_summary_by_company, ar2c.customer_balances, ar2c.credit_exposure, ar2c.payment_history,
        ar2c.dunning_due_today, ar2c.outbox, ar2c.collector_worklist,
        ar2c.order_chain, ar2c.order_chain_breaks, ar2c.statement_differences, ar2c.account_movements,
        ar2c.unapplied_cash_queue, ar2c.metrics_by_month, ar2c.roll_rates_by_month, ar2c.provision_by_customer,
        ar2c.account_item, ar2c.exception_queue, ar2c.alerts
        TO ar2c_reporting;

    -- clerk: reads the ledger, records payments, applies and reverses cash
    GRANT ar2c_reporting TO ar2c_clerk;
    GRANT SELECT ON ar2c.company, ar2c.customer, ar2c.sales_order, ar2c.shipment, ar2c.invoice,
        ar2c.credit_note, ar2c.payment, ar2c.application, ar2c.alert, ar2c.customer_balance_total,
        ar2c.fx_rate TO ar2c_clerk;
    GRANT INSERT ON ar2c.payment, ar2c.application TO ar2c_clerk;
    GRANT UPDATE (acknowledged_at, acknowledged_by) ON ar2c.alert TO ar2c_clerk;
    -- apply_cash() raises alerts (a payment set aside) as the clerk who runs it
    GRANT INSERT ON ar2c.alert TO ar2c_clerk;
    -- and locks the customers and invoices it settles through these
    GRANT EXECUTE ON FUNCTION ar2c.cash_lock_customers(bigint[]), ar2c.cash_lock_invoices(bigint[], bigint[]),
        ar2c.lock_aging_clock() TO ar2c_clerk;
    -- and the credit notes on account it applies, their customers and invoices
    GRANT EXECUTE ON FUNCTION ar2c.credit_lock_on_account(bigint), ar2c.credit_lock_invoices(bigint[]) TO ar2c_clerk;
    -- cash application: runs, the exception queue, and what it learns
    GRANT UPDATE (match_state, customer_id) ON ar2c.payment TO ar2c_clerk;
    GRANT SELECT, INSERT, DELETE ON ar2c.match_suggestion TO ar2c_clerk;
    GRANT SELECT, INSERT, UPDATE ON ar2c.payer_account, ar2c.customer_alias TO ar2c_clerk;
    GRANT SELECT ON ar2c.cash_application_setting, ar2c.bank_charge_schedule TO ar2c_clerk;
    -- bank statements: import_statement() runs with the caller's rights
    GRANT SELECT, INSERT ON ar2c.bank_account, ar2c.bank_statement, ar2c.bank_statement_entry TO ar2c_clerk;
    GRANT UPDATE (last_imported_at) ON ar2c.bank_account TO ar2c_clerk;
    GRANT SELECT ON ar2c.csv_profile, ar2c.csv_shipped_profile TO ar2c_clerk;
    -- collections: read the dunning state, record promises and disputes,
    -- and (as the outbox's sender) mark notices sent or failed
    GRANT SELECT ON ar2c.dunning_policy, ar2c.dunning_level, ar2c.dunning_template, ar2c.dunning_notice,
        ar2c.dunning_notice_item, ar2c.dunning_interest, ar2c.dunning_state, ar2c.dunning_run,
        ar2c.promise_to_pay, ar2c.dispute TO ar2c_clerk;
    GRANT INSERT ON ar2c.promise_to_pay, ar2c.dispute TO ar2c_clerk;
    GRANT UPDATE (resolved_on, resolution) ON ar2c.dispute TO ar2c_clerk;
    GRANT UPDATE (status, settled_on, note) ON ar2c.promise_to_pay TO ar2c_clerk;
    GRANT UPDATE (status, attempts, last_attempt_at, sent_at, last_error) ON ar2c.dunning_notice TO ar2c_clerk;
    -- reconciliation: load and reconcile statements, resolve differences,
    -- approve write-offs
    GRANT SELECT, INSERT, UPDATE ON ar2c.counterparty_statement TO ar2c_clerk;
    GRANT SELECT, INSERT ON ar2c.counterparty_statement_line TO ar2c_clerk;
    GRANT SELECT, INSERT, DELETE ON ar2c.statement_result TO ar2c_clerk;
    GRANT UPDATE (resolved_at, resolved_by, resolution_note) ON ar2c.statement_result TO ar2c_clerk;
    -- write-offs: a clerk reads the thresholds and the approvals, and
    -- records a write-off above the threshold as pending (ar2c.write_off);
    -- the trigger of write_off_approval keeps a clerk's row a request,
    -- which its requester may withdraw (ar2c.withdraw_write_off)
    GRANT SELECT ON ar2c.write_off_policy TO ar2c_clerk;
    GRANT SELECT, INSERT ON ar2c.write_off_approval TO ar2c_clerk;
    GRANT SELECT ON ar2c.pending_write_offs TO ar2c_clerk;
    GRANT EXECUTE ON FUNCTION ar2c.withdraw_write_off(bigint) TO ar2c_clerk;

    -- application: an ERP or a shop writes customers, orders, shipments,
    -- invoices, credit notes and payments of its companies (inserts,
    -- updates, upserts), and nothing else; the maintained columns stay
    -- with ar2c's triggers (428C9)
    GRANT SELECT ON ar2c.company TO ar2c_application;
    GRANT SELECT, INSERT, UPDATE ON ar2c.customer, ar2c.sales_order, ar2c.shipment, ar2c.invoice,
        ar2c.credit_note, ar2c.payment TO ar2c_application;
    -- a change of a customer's credit limit is recorded in the credit
    -- history under the application's name (customer_credit_changed)
    GRANT SELECT ON ar2c.credit_history TO ar2c_application;
    GRANT INSERT (company_id, customer_id, as_of, old_score, new_score, old_grade, new_grade, old_limit, new_limit, reason)
        ON ar2c.credit_history TO ar2c_application;

    -- approver: approves write-offs above the threshold, beforehand or
    -- pending, or rejects pending ones, never its own (ar2c.approve_write_off,
    -- ar2c.reject_write_off)
    GRANT SELECT ON ar2c.customer, ar2c.invoice, ar2c.write_off_policy TO ar2c_approver;
    GRANT SELECT, INSERT ON ar2c.write_off_approval TO ar2c_approver;
    GRANT SELECT ON ar2c.pending_write_offs TO ar2c_approver;
    GRANT EXECUTE ON FUNCTION ar2c.approve_write_off(bigint, ar2c.money_cur), ar2c.approve_write_off(bigint),
        ar2c.reject_write_off(bigint, text) TO ar2c_approver;

    -- admin: everything, and sees every company
    GRANT ar2c_clerk, ar2c_approver TO ar2c_admin;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ar2c TO ar2c_admin;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA ar2c TO ar2c_admin;
    GRANT EXECUTE ON FUNCTION ar2c.roll_aging(date), ar2c.rebuild_balances(bigint),
        ar2c.rebuild_aging(bigint, date), ar2c.rescore(bigint, date, integer),
        ar2c.run_dunning(bigint, date), ar2c.dun_companies(bigint, date) TO ar2c_admin;
    -- the deprecated forms (99_deprecated.sql), until they are removed
    GRANT EXECUTE ON FUNCTION ar2c.rebuild_aging(date, bigint), ar2c.rescore(date, integer, bigint),
        ar2c.run_dunning(date, bigint) TO ar2c_admin;

    -- e-invoices (62_einvoice.sql): an application imports them with
    -- import_invoice(), which runs with its rights and raises an alert for
    -- an unknown buyer; clerks read them
    GRANT SELECT, INSERT, UPDATE ON ar2c.einvoice_document TO ar2c_application;
    GRANT SELECT, INSERT ON ar2c.invoice_line TO ar2c_application;
    GRANT INSERT ON ar2c.alert TO ar2c_application;
    GRANT SELECT ON ar2c.einvoice_document, ar2c.invoice_line TO ar2c_clerk;
    -- visual reports (97_reports.sql): the views the dashboard reads
    GRANT SELECT ON ar2c.dashboard_aging, ar2c.dashboard_aging_trend, ar2c.dashboard_metrics,
        ar2c.dashboard_top_overdue, ar2c.dashboard_cash_application, ar2c.dashboard_dunning_funnel,
        ar2c.dashboard_credit_grades, ar2c.dashboard_alerts TO ar2c_reporting;
    RETURN NEXT 'granted ar2c_reporting, ar2c_clerk, ar2c_application, ar2c_approver and ar2c_admin their privileges';

    -- delivery (84_notice_delivery.sql): ar2c_sender claims, reads and marks
    -- the notices of the companies granted to it and alone reads the
    -- delivery credentials, which an admin may write but not read
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ar2c_sender') THEN
        CREATE ROLE ar2c_sender NOLOGIN;
        RETURN NEXT 'created role ar2c_sender';
    END IF;
    GRANT USAGE ON SCHEMA ar2c TO ar2c_sender;
    GRANT SELECT ON ar2c.dunning_notice, ar2c.dunning_notice_item, ar2c.invoice, ar2c.customer,
        ar2c.delivery_setting, ar2c.delivery_secret TO ar2c_sender;
    -- and the customer statement it may attach (ar2c.customer_statement)
    GRANT SELECT ON ar2c.company, ar2c.credit_note, ar2c.payment, ar2c.application, ar2c.account_item TO ar2c_sender;
    GRANT UPDATE (status, attempts, last_attempt_at, sent_at, last_error, next_attempt_at)
        ON ar2c.dunning_notice TO ar2c_sender;
    REVOKE SELECT ON ar2c.delivery_secret FROM ar2c_admin;
    GRANT SELECT (company_id) ON ar2c.delivery_secret TO ar2c_admin;
    GRANT SELECT ON ar2c.undeliverable_notices TO ar2c_reporting;
    RETURN NEXT 'granted ar2c_sender its privileges';
END
$$;
COMMENT ON FUNCTION ar2c.create_roles() IS 'create (if missing) and grant the roles ar2c_reporting (BI views only), ar2c_clerk (reads the ledger, applies and reverses cash, writes off within the policy), ar2c_application (an ERP: writes customers, orders, shipments, invoices, credit notes and payments), ar2c_approver (approves write-offs), ar2c_admin (everything but reading the delivery credentials) and ar2c_sender (ar2c-sender: claims and marks notices, reads the delivery credentials); run as a superuser, again after ALTER EXTENSION UPDATE';
REVOKE EXECUTE ON FUNCTION ar2c.create_roles() FROM PUBLIC;
