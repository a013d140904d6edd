-- ar2c: order-to-cash and accounts receivable inside PostgreSQL.
-- This script is assembled by the Makefile from sql/install/*.sql, one file
-- per concept, in name order.

\echo Use "CREATE EXTENSION ar2c" to load this file. \quit
