-- DBeaver's PostgreSQL connect-time metadata queries, from its source (not recorded from the client:
-- DBeaver is not installed here). Source: github.com/dbeaver/dbeaver
-- plugins/org.jkiss.dbeaver.ext.postgresql/src/org/jkiss/dbeaver/ext/postgresql/model/:
-- PostgreDatabase (the connected database, read by name: DBeaver's default shows only it),
-- PostgreDataSource.initialize (version) and loadAvailableDatabases (the database list when "show
-- all databases" is on), PostgreExecutionContext.refreshDefaults (current schema, user, search
-- path), PostgreDatabase's SchemaCache (schemas with their descriptions).
--
-- compare: rows datdba is the session's role, OID 10 on Rhizome (as pg_roles says); datfrozenxid is a server's transaction counter
-- params: ["books"]
SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname=$1
--
-- compare: columns a tenant's database is the only one it sees (no postgres)
SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datallowconn  AND NOT datistemplate 
ORDER BY db.datname
--
-- compare: columns the version string names the server
SELECT version()
--
SELECT current_schema(),session_user
--
SHOW search_path
--
-- compare: columns Rhizome has no pg_toast schema, no ACLs (nspacl NULL) and no descriptions of the built-in schemas
SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0 AND d.classoid='pg_namespace'::regclass
 ORDER BY nspname
