-- Row-level security by company, and pg_dump registration, for the tables
-- of reconciliation, the order chain, provision and write-off (90 to 95),
-- as 46_security.sql does for the ledger's.

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['counterparty_statement', 'counterparty_statement_line', 'statement_result',
                             'order_chain_setting', 'provision_rate', 'write_off_policy', 'write_off_approval']
    LOOP
        PERFORM ar2c.scope_by_company(t);
        PERFORM pg_catalog.pg_extension_config_dump(format('ar2c.%I', t), '');
    END LOOP;
END
$$;
SELECT pg_catalog.pg_extension_config_dump('ar2c.counterparty_statement_statement_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ar2c.statement_result_result_id_seq', '');
