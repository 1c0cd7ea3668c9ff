-- pgAdmin 4's connect-time queries, from its source (not recorded from the client: pgAdmin is not
-- installed here). Source: github.com/pgadmin-org/pgadmin4
-- web/pgadmin/utils/driver/psycopg3/connection.py (commit 05c6e45a): Connection._initialize and
-- _set_user_info, in the order pgAdmin sends them after "SET DateStyle=ISO; SET
-- client_min_messages=notice;", then the browser tree's database and schema nodes:
-- web/pgadmin/browser/server_groups/servers/databases/templates/databases/sql/default/nodes.sql
-- (commit 1e7517dc; last_system_oid as pgAdmin sets it for PostgreSQL 15, 16383) and
-- .../databases/schemas/templates/schemas/pg/default/sql/nodes.sql (commit 70e3e55f, with the
-- CATALOGS.LIST macro of .../schemas/templates/catalog/pg/macros/catalogs.sql expanded, system
-- objects hidden as by default).
--
SELECT set_config('bytea_output','hex',false) FROM pg_settings WHERE name = 'bytea_output'
--
-- compare: columns the version string names the server
SELECT version()
--
SELECT
    db.oid as did, db.datname, db.datallowconn,
    pg_encoding_to_char(db.encoding) AS serverencoding,
    has_database_privilege(db.oid, 'CREATE') as cancreate,
    datistemplate
FROM
    pg_catalog.pg_database db
WHERE db.datname = current_database()
--
        SELECT
             gss_authenticated, encrypted
        FROM
            pg_catalog.pg_stat_gssapi
        WHERE pid = pg_backend_pid()
--
-- compare: rows the session's role is OID 10 on Rhizome (as pg_roles says), a user OID on PostgreSQL
        SELECT
            roles.oid as id, roles.rolname as name,
            roles.rolsuper as is_superuser,
            CASE WHEN roles.rolsuper THEN true ELSE roles.rolcreaterole END as
            can_create_role,
            CASE WHEN roles.rolsuper THEN true
            ELSE roles.rolcreatedb END as can_create_db,
            CASE WHEN 'pg_signal_backend'=ANY(ARRAY(WITH RECURSIVE cte AS (
            SELECT pg_roles.oid,pg_roles.rolname FROM pg_roles
                WHERE pg_roles.oid = roles.oid
            UNION ALL
            SELECT m.roleid,pgr.rolname FROM cte cte_1
                JOIN pg_auth_members m ON m.member = cte_1.oid
                JOIN pg_roles pgr ON pgr.oid = m.roleid)
            SELECT rolname  FROM cte)) THEN True
            ELSE False END as can_signal_backend
        FROM
            pg_catalog.pg_roles as roles
        WHERE
            rolname = current_user
--
-- compare: columns a tenant's database is the only one it sees (no postgres)
SELECT
    db.oid as did, db.datname as name, ta.spcname as spcname, db.datallowconn,
    db.datistemplate AS is_template,
    pg_catalog.has_database_privilege(db.oid, 'CREATE') as cancreate, datdba as owner,
    descr.description
FROM
    pg_catalog.pg_database db
    LEFT OUTER JOIN pg_catalog.pg_tablespace ta ON db.dattablespace = ta.oid
    LEFT OUTER JOIN pg_catalog.pg_shdescription descr ON (
        db.oid=descr.objoid AND descr.classoid='pg_database'::regclass
    )
WHERE
    db.oid > 16383::OID OR db.datname IN ('postgres', 'edb')

ORDER BY datname;
--
-- compare: columns pg_class lists the tenant's own relations, not the catalogs', so pgAdmin's test that information_schema is the catalog (a relation 'tables' in it) fails and shows it as a schema; no description of schema public
SELECT
    nsp.oid,
    nsp.nspname as name,
    pg_catalog.has_schema_privilege(nsp.oid, 'CREATE') as can_create,
    pg_catalog.has_schema_privilege(nsp.oid, 'USAGE') as has_usage,
    des.description
FROM
    pg_catalog.pg_namespace nsp
    LEFT OUTER JOIN pg_catalog.pg_description des ON
        (des.objoid=nsp.oid AND des.classoid='pg_namespace'::regclass)
WHERE
     nspname NOT LIKE E'pg\\_%' AND
    NOT (
    (nsp.nspname = 'pg_catalog' AND EXISTS
        (SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'pg_class' AND
            relnamespace = nsp.oid LIMIT 1)) OR
    (nsp.nspname = 'pgagent' AND EXISTS
        (SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'pga_job' AND
            relnamespace = nsp.oid LIMIT 1)) OR
    (nsp.nspname = 'information_schema' AND EXISTS
        (SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'tables' AND
            relnamespace = nsp.oid LIMIT 1))
    )

ORDER BY nspname;
