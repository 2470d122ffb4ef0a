-- Rows of every table, one "schema.table|rows" line each, in name order: what backup.sh
-- records next to a dump and restore.sh compares the restored database with.
SELECT n.nspname || '.' || c.relname || '|' || (xpath('/row/n/text()', query_to_xml(
         format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1;
