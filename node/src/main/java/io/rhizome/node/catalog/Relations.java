/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of every catalog relation: a view over the tenant's own schema ({@code sqlite_schema} and
 * the table-valued pragmas, read from {@code main} only) or over the static data, with Postgres'
 * column names in Postgres' order.
 *
 * <p>Each view is the relation's rows {@code UNION ALL} a last, empty {@code SELECT} from {@link
 * #TYPES_TABLE}, whose columns are declared with the Postgres type of each column: SQLite reports a
 * view column's declared type from the last arm of a compound, so a client sees {@code oid}, {@code
 * name}, {@code bool}... as from Postgres, whatever SQLite computed. Numeric columns are cast to
 * INTEGER in the first arm, which gives them integer affinity: {@code c.oid = '16385'} compares as
 * Postgres compares it.
 *
 * <p>A relation with no rows in a SQLite database (pg_trigger, pg_policy, ...) is the empty arm
 * alone: clients query them, and get what Postgres would say of a database with none.
 */
final class Relations {
  /** The typed anchor: one column per Postgres type, no rows. */
  static final String TYPES_TABLE = "rhizome_types";

  /** The boolean helper of {@link io.rhizome.pgsql.NodeCatalog#BOOL_TABLE}: rows 0 and 1. */
  static final String BOOL_TABLE = "rhizome_bool";

  static final String BOOL_COLUMN = "rhz_b";

  /** Declared types of the anchor's columns, by Postgres type. */
  private static final Map<String, String> DECLARED = new LinkedHashMap<>();

  static {
    DECLARED.put("oid", "OID");
    DECLARED.put("name", "NAME");
    DECLARED.put("\"char\"", "PG_CHAR");
    DECLARED.put("boolean", "BOOLEAN");
    DECLARED.put("smallint", "INT2");
    DECLARED.put("integer", "INT4");
    DECLARED.put("bigint", "INT8");
    DECLARED.put("real", "FLOAT4");
    DECLARED.put("double precision", "FLOAT8");
    DECLARED.put("text", "TEXT");
    DECLARED.put("regproc", "REGPROC");
    DECLARED.put("regtype", "OID");
    DECLARED.put("pg_node_tree", "PG_NODE_TREE");
    DECLARED.put("xid", "XID");
    DECLARED.put("int2vector", "INT2VECTOR");
    DECLARED.put("oidvector", "OIDVECTOR");
    DECLARED.put("text[]", "_TEXT");
    DECLARED.put("name[]", "_NAME");
    DECLARED.put("oid[]", "_OID");
    DECLARED.put("smallint[]", "_INT2");
    DECLARED.put("\"char\"[]", "_CHAR");
    DECLARED.put("aclitem[]", "_ACLITEM");
    DECLARED.put("timestamp with time zone", "TIMESTAMPTZ");
    DECLARED.put("pg_lsn", "PG_LSN");
    DECLARED.put("inet", "INET");
    DECLARED.put("bytea", "BYTEA");
    DECLARED.put("anyarray", "ANYARRAY");
    DECLARED.put("character varying", "TEXT");
  }

  private static final Set<String> INTEGER_TYPES =
      Set.of("oid", "boolean", "smallint", "integer", "bigint", "xid", "regtype");

  /**
   * A relation: its columns' SQL, the FROM clause of its rows, the relations that must exist first.
   */
  record Spec(
      String name, String qualified, Map<String, String> columns, String from, List<String> deps) {}

  private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

  private static final java.util.regex.Pattern WORD =
      java.util.regex.Pattern.compile("[a-z_][a-z0-9_]*");

  /**
   * Names of the SQLite objects: relation name → view name (information_schema.x →
   * information_schema_x).
   */
  static String viewName(String qualified) {
    return qualified.startsWith("pg_catalog.")
        ? qualified.substring("pg_catalog.".length())
        : qualified.replace('.', '_');
  }

  /** The relations the node provides, by view name. */
  static Set<String> names() {
    return SPECS.keySet();
  }

  static Spec spec(String viewName) {
    return SPECS.get(viewName);
  }

  private static void define(String qualified, String from, String... pairs) {
    Map<String, String> cols = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      cols.put(pairs[i], pairs[i + 1]);
    }
    String name = viewName(qualified);
    for (String c : cols.keySet()) {
      boolean known =
          PgStatic.INSTANCE.columnsOf(qualified).stream().anyMatch(col -> col.name().equals(c));
      if (!known) {
        throw new IllegalStateException(qualified + " has no column " + c);
      }
    }
    SPECS.put(name, new Spec(name, qualified, cols, from, List.of()));
  }

  /** A relation of static rows (JSON in the relation's column order). */
  private static void staticTable(String relation) {
    List<PgStatic.Column> cols = PgStatic.INSTANCE.columnsOf("pg_catalog." + relation);
    String[] pairs = new String[cols.size() * 2];
    for (int i = 0; i < cols.size(); i++) {
      pairs[2 * i] = cols.get(i).name();
      pairs[2 * i + 1] = "j.value ->> " + i;
    }
    define(
        "pg_catalog." + relation,
        "FROM json_each(rhizome_catalog_json('" + relation + "')) j",
        pairs);
  }

  private static final String NOT_INTERNAL = "s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

  /**
   * Whether a table's primary key is kept in the table itself (a rowid alias, or WITHOUT ROWID).
   */
  private static final String KEY_IN_TABLE =
      "EXISTS (SELECT 1 FROM pragma_table_info(s.name, 'main') p WHERE p.pk > 0)"
          + " AND NOT EXISTS (SELECT 1 FROM pragma_index_list(s.name, 'main') l"
          + " JOIN main.sqlite_schema i ON i.name = l.name WHERE l.origin = 'pk')";

  static {
    // Every relation of the tenant: tables, views, indexes (SQLite's automatic ones under the
    // names Postgres gives constraint indexes), and the primary key index SQLite keeps in a table.
    SPECS.put(
        "rhizome_rel",
        new Spec(
            "rhizome_rel",
            null,
            null,
            "SELECT "
                + Oids.FIRST_USER
                + " + s.rowid AS oid, s.rowid AS rid, s.name AS relname,"
                + " CASE s.type WHEN 'table' THEN 'r' WHEN 'view' THEN 'v' ELSE 'i' END AS relkind,"
                + " s.tbl_name AS tbl, s.name AS sqlite_name, s.sql AS sql, NULL AS origin"
                + " FROM main.sqlite_schema s WHERE s.type IN ('table', 'view', 'index') AND "
                + NOT_INTERNAL
                + " UNION ALL SELECT "
                + Oids.FIRST_USER
                + " + s.rowid, s.rowid,"
                + " CASE l.origin WHEN 'pk' THEN s.tbl_name || '_pkey' ELSE s.tbl_name || '_' ||"
                + " (SELECT group_concat(x.name, '_') FROM pragma_index_info(s.name, 'main') x)"
                + " || '_key' END, 'i', s.tbl_name, s.name, NULL, l.origin"
                + " FROM main.sqlite_schema s JOIN pragma_index_list(s.tbl_name, 'main') l"
                + " ON l.name = s.name WHERE s.type = 'index' AND s.name LIKE"
                + " 'sqlite\\_autoindex\\_%' ESCAPE '\\'"
                + " UNION ALL SELECT "
                + Oids.PK_INDEX
                + " + s.rowid, s.rowid, s.name || '_pkey',"
                + " 'i', s.name, NULL, NULL, 'pk' FROM main.sqlite_schema s"
                + " WHERE s.type = 'table' AND "
                + NOT_INTERNAL
                + " AND "
                + KEY_IN_TABLE,
            List.of()));

    // Every index with what pg_index and the constraints need.
    String keyCols =
        "(SELECT group_concat(CASE WHEN x.cid >= 0 THEN x.cid + 1 ELSE 0 END, ' ')"
            + " FROM pragma_index_xinfo(r.sqlite_name, 'main') x WHERE x.key = 1)";
    String pkCols =
        "(SELECT group_concat(p.cid + 1, ' ' ORDER BY p.pk) FROM pragma_table_info(r.tbl, 'main') p"
            + " WHERE p.pk > 0)";
    SPECS.put(
        "rhizome_index",
        new Spec(
            "rhizome_index",
            null,
            null,
            "SELECT r.oid AS oid, r.rid AS rid, r.relname AS relname, r.sqlite_name AS sqlite_name,"
                + " r.tbl AS tbl, (SELECT "
                + Oids.FIRST_USER
                + " + t.rowid FROM main.sqlite_schema t"
                + " WHERE t.type = 'table' AND t.name = r.tbl) AS indrelid,"
                + " CASE WHEN r.sqlite_name IS NULL THEN 1 ELSE (SELECT l.\"unique\""
                + " FROM pragma_index_list(r.tbl, 'main') l WHERE l.name = r.sqlite_name) END AS"
                + " is_unique,"
                + " CASE WHEN r.origin = 'pk' THEN 1 ELSE 0 END AS is_primary,"
                + " coalesce(r.origin, (SELECT l.origin FROM pragma_index_list(r.tbl, 'main') l"
                + " WHERE l.name = r.sqlite_name)) AS origin,"
                + " CASE WHEN r.sqlite_name IS NULL THEN "
                + pkCols
                + " ELSE "
                + keyCols
                + " END AS indkey,"
                + " CASE WHEN r.sqlite_name IS NULL THEN NULL ELSE (SELECT"
                + " group_concat(CASE WHEN x.\"desc\" THEN 3 ELSE 0 END, ' ')"
                + " FROM pragma_index_xinfo(r.sqlite_name, 'main') x WHERE x.key = 1) END AS"
                + " indoption,"
                + " CASE WHEN r.sql LIKE '% WHERE %' THEN rhizome_index_predicate(r.sql) END AS"
                + " indpred"
                + " FROM rhizome_rel r WHERE r.relkind = 'i'",
            List.of()));

    String db = "rhizome_database()";

    define(
        "pg_catalog.pg_class",
        "FROM rhizome_rel r",
        "oid",
        "r.oid",
        "relname",
        "r.relname",
        "relnamespace",
        "" + Oids.NAMESPACE_PUBLIC,
        "relowner",
        "" + Oids.ROLE_OWNER,
        "relam",
        "CASE r.relkind WHEN 'r' THEN "
            + Oids.AM_HEAP
            + " WHEN 'i' THEN "
            + Oids.AM_BTREE
            + " ELSE 0 END",
        // As Postgres before the first ANALYZE: a table's row count unknown, an index one page.
        "reltuples",
        "CASE r.relkind WHEN 'i' THEN 0 ELSE -1 END",
        "relpages",
        "CASE r.relkind WHEN 'i' THEN 1 ELSE 0 END",
        "relhasindex",
        "CASE WHEN r.relkind = 'r' THEN EXISTS (SELECT 1 FROM rhizome_rel x"
            + " WHERE x.relkind = 'i' AND x.tbl = r.relname) ELSE 0 END",
        "relpersistence",
        "'p'",
        "relkind",
        "r.relkind",
        "relnatts",
        "CASE WHEN r.relkind <> 'i' THEN (SELECT count(*)"
            + " FROM pragma_table_info(r.sqlite_name, 'main'))"
            + " WHEN r.sqlite_name IS NULL THEN (SELECT count(*) FROM pragma_table_info(r.tbl,"
            + " 'main') p WHERE p.pk > 0)"
            + " ELSE (SELECT count(*) FROM pragma_index_info(r.sqlite_name, 'main')) END",
        "relhasrules",
        "r.relkind = 'v'",
        // Postgres keeps foreign keys by triggers on both tables; psql lists them only then.
        "relhastriggers",
        "r.relkind = 'r' AND (EXISTS (SELECT 1 FROM main.sqlite_schema t WHERE t.type = 'trigger'"
            + " AND t.tbl_name = r.relname)"
            + " OR EXISTS (SELECT 1 FROM pragma_foreign_key_list(r.sqlite_name, 'main'))"
            + " OR EXISTS (SELECT 1 FROM main.sqlite_schema o, pragma_foreign_key_list(o.name,"
            + " 'main') f WHERE o.type = 'table' AND f.\"table\" = r.relname COLLATE NOCASE))",
        "relispopulated",
        "1",
        "relreplident",
        "CASE r.relkind WHEN 'r' THEN 'd' ELSE 'n' END");

    // Columns of tables and views, then key columns of indexes (SQLite's, and the primary key
    // indexes it keeps in tables), as (relation, name, declared type, number, not null, default,
    // generated): one subquery, so every column is typed once, in the arm that casts.
    String columnType = "rhizome_pg_type(u.decl)";
    define(
        "pg_catalog.pg_attribute",
        "FROM (SELECT r.oid AS attrelid, p.name AS attname, p.type AS decl, p.cid + 1 AS attnum,"
            + " p.\"notnull\" OR (r.relkind = 'r' AND p.pk > 0) AS is_notnull,"
            + " p.dflt_value IS NOT NULL AS hasdef,"
            + " CASE WHEN p.hidden IN (2, 3) THEN 's' ELSE '' END AS generated"
            + " FROM rhizome_rel r, pragma_table_xinfo(r.sqlite_name, 'main') p"
            + " WHERE r.relkind IN ('r', 'v') AND p.hidden <> 1"
            + " UNION ALL SELECT x.oid, coalesce(t.name, 'expr'), t.type, i.seqno + 1, 0, 0, ''"
            + " FROM rhizome_index x, pragma_index_xinfo(x.sqlite_name, 'main') i"
            + " LEFT JOIN pragma_table_info(x.tbl, 'main') t ON t.cid = i.cid"
            + " WHERE x.sqlite_name IS NOT NULL AND i.key = 1"
            + " UNION ALL SELECT x.oid, t.name, t.type, t.pk, 1, 0, ''"
            + " FROM rhizome_index x, pragma_table_info(x.tbl, 'main') t"
            + " WHERE x.sqlite_name IS NULL AND t.pk > 0) u",
        "attrelid",
        "u.attrelid",
        "attname",
        "u.attname",
        "atttypid",
        columnType,
        "attstattarget",
        "-1",
        "attlen",
        "rhizome_type_attr(" + columnType + ", 'len')",
        "attnum",
        "u.attnum",
        "attcacheoff",
        "-1",
        "atttypmod",
        "rhizome_typmod(u.decl)",
        "attbyval",
        "rhizome_type_attr(" + columnType + ", 'byval')",
        "attalign",
        "rhizome_type_attr(" + columnType + ", 'align')",
        "attstorage",
        "rhizome_type_attr(" + columnType + ", 'storage')",
        "attcompression",
        "''",
        // Postgres' primary key columns are NOT NULL; SQLite's allow NULL only by an old bug.
        "attnotnull",
        "u.is_notnull",
        "atthasdef",
        "u.hasdef",
        "attidentity",
        "''",
        "attgenerated",
        "u.generated",
        "attislocal",
        "1",
        "attcollation",
        "rhizome_type_attr(" + columnType + ", 'collation')");

    define(
        "pg_catalog.pg_attrdef",
        "FROM rhizome_rel r, pragma_table_xinfo(r.sqlite_name, 'main') p"
            + " WHERE r.relkind = 'r' AND p.dflt_value IS NOT NULL",
        "oid",
        Oids.ATTRDEF + " + r.rid * 2048 + p.cid",
        "adrelid",
        "r.oid",
        "adnum",
        "p.cid + 1",
        "adbin",
        "p.dflt_value");

    define(
        "pg_catalog.pg_index",
        "FROM rhizome_index x",
        "indexrelid",
        "x.oid",
        "indrelid",
        "x.indrelid",
        "indnatts",
        "length(x.indkey) - length(replace(x.indkey, ' ', '')) + 1",
        "indnkeyatts",
        "length(x.indkey) - length(replace(x.indkey, ' ', '')) + 1",
        "indisunique",
        "x.is_unique",
        "indisprimary",
        "x.is_primary",
        "indimmediate",
        "1",
        "indisvalid",
        "1",
        "indisready",
        "1",
        "indislive",
        "1",
        "indkey",
        "x.indkey",
        "indcollation",
        "rhizome_zeros(x.indkey)",
        "indclass",
        "rhizome_zeros(x.indkey)",
        "indoption",
        "coalesce(x.indoption, rhizome_zeros(x.indkey))",
        "indpred",
        "x.indpred");

    String fkCols =
        "(SELECT '{' || group_concat(tc.cid + 1, ',' ORDER BY g.seq) || '}'"
            + " FROM pragma_foreign_key_list(r.sqlite_name, 'main') g"
            + " JOIN pragma_table_info(r.sqlite_name, 'main') tc ON tc.name = g.\"from\""
            + " WHERE g.id = f.id)";
    String fkRefCols =
        "(SELECT '{' || group_concat(tc.cid + 1, ',' ORDER BY g.seq) || '}'"
            + " FROM pragma_foreign_key_list(r.sqlite_name, 'main') g"
            + " JOIN pragma_table_info(f.\"table\", 'main') tc"
            + " ON (g.\"to\" IS NOT NULL AND tc.name = g.\"to\")"
            + " OR (g.\"to\" IS NULL AND tc.pk = g.seq + 1) WHERE g.id = f.id)";
    String fkName =
        "r.relname || '_' || (SELECT group_concat(g.\"from\", '_' ORDER BY g.seq)"
            + " FROM pragma_foreign_key_list(r.sqlite_name, 'main') g WHERE g.id = f.id)"
            + " || '_fkey'";
    String refTable =
        "(SELECT "
            + Oids.FIRST_USER
            + " + t.rowid FROM main.sqlite_schema t WHERE t.type = 'table'"
            + " AND t.name = f.\"table\" COLLATE NOCASE)";
    String refIndex =
        "(SELECT x.oid FROM rhizome_index x WHERE x.tbl = f.\"table\" COLLATE NOCASE"
            + " AND x.is_primary = 1)";
    String action =
        "CASE %s WHEN 'RESTRICT' THEN 'r' WHEN 'CASCADE' THEN 'c' WHEN 'SET NULL' THEN 'n'"
            + " WHEN 'SET DEFAULT' THEN 'd' ELSE 'a' END";
    define(
        "pg_catalog.pg_constraint",
        "FROM (SELECT "
            + Oids.CONSTRAINT
            + " + x.rid * 256 + CASE WHEN x.is_primary = 1 THEN 0"
            + " ELSE 255 END AS oid, x.relname AS conname, CASE WHEN x.is_primary = 1 THEN 'p'"
            + " ELSE 'u' END AS contype, x.indrelid AS conrelid, x.oid AS conindid, 0 AS confrelid,"
            + " ' ' AS confupdtype, ' ' AS confdeltype, ' ' AS confmatchtype,"
            + " '{' || replace(x.indkey, ' ', ',') || '}' AS conkey, NULL AS confkey"
            + " FROM rhizome_index x WHERE x.origin IN ('pk', 'u')"
            + " UNION ALL SELECT "
            + Oids.CONSTRAINT
            + " + r.rid * 256 + 1 + f.id, "
            + fkName
            + ", 'f', r.oid, "
            + refIndex
            + ", "
            + refTable
            + ", "
            + String.format(action, "f.on_update")
            + ", "
            + String.format(action, "f.on_delete")
            + ", 's', "
            + fkCols
            + ", "
            + fkRefCols
            + " FROM rhizome_rel r, pragma_foreign_key_list(r.sqlite_name, 'main') f"
            + " WHERE r.relkind = 'r' AND f.seq = 0) c",
        "oid",
        "c.oid",
        "conname",
        "c.conname",
        "connamespace",
        "" + Oids.NAMESPACE_PUBLIC,
        "contype",
        "c.contype",
        "convalidated",
        "1",
        "conrelid",
        "c.conrelid",
        "conindid",
        "c.conindid",
        "confrelid",
        "c.confrelid",
        "confupdtype",
        "c.confupdtype",
        "confdeltype",
        "c.confdeltype",
        "confmatchtype",
        "c.confmatchtype",
        "conislocal",
        "1",
        "connoinherit",
        "c.contype = 'p'",
        "conkey",
        "c.conkey",
        "confkey",
        "c.confkey");

    define(
        "pg_catalog.pg_namespace",
        "FROM (SELECT "
            + Oids.NAMESPACE_PG_CATALOG
            + " AS oid, 'pg_catalog' AS nspname"
            + " UNION ALL SELECT "
            + Oids.NAMESPACE_PUBLIC
            + ", 'public'"
            + " UNION ALL SELECT "
            + PgStatic.INSTANCE.namespaces.get("information_schema")
            + ", 'information_schema') n",
        "oid",
        "n.oid",
        "nspname",
        "n.nspname",
        "nspowner",
        "CASE n.nspname WHEN 'public' THEN "
            + Oids.ROLE_DATABASE_OWNER
            + " ELSE "
            + Oids.ROLE_OWNER
            + " END");

    define(
        "pg_catalog.pg_database",
        "",
        "oid",
        "" + Oids.DATABASE,
        "datname",
        db,
        "datdba",
        "" + Oids.ROLE_OWNER,
        "encoding",
        "" + Oids.ENCODING_UTF8,
        "datlocprovider",
        "'c'",
        "datallowconn",
        "1",
        "datconnlimit",
        "-1",
        "datminmxid",
        "1",
        "dattablespace",
        "" + Oids.TABLESPACE_DEFAULT,
        "datcollate",
        "'C'",
        "datctype",
        "'C'");

    define(
        "pg_catalog.pg_tables",
        "FROM rhizome_rel r WHERE r.relkind = 'r'",
        "schemaname",
        "'public'",
        "tablename",
        "r.relname",
        "hasindexes",
        "EXISTS (SELECT 1 FROM rhizome_rel x WHERE x.relkind = 'i'" + " AND x.tbl = r.relname)",
        "hastriggers",
        "EXISTS (SELECT 1 FROM main.sqlite_schema t WHERE t.type = 'trigger'"
            + " AND t.tbl_name = r.relname)");
    define(
        "pg_catalog.pg_views",
        "FROM rhizome_rel r WHERE r.relkind = 'v'",
        "schemaname",
        "'public'",
        "viewname",
        "r.relname",
        "definition",
        "pg_get_viewdef(r.oid)");
    define(
        "pg_catalog.pg_indexes",
        "FROM rhizome_index x",
        "schemaname",
        "'public'",
        "tablename",
        "x.tbl",
        "indexname",
        "x.relname",
        "indexdef",
        "pg_get_indexdef(x.oid)");

    for (String t :
        List.of(
            "pg_type",
            "pg_proc",
            "pg_am",
            "pg_collation",
            "pg_range",
            "pg_language",
            "pg_tablespace")) {
      staticTable(t);
    }

    // information_schema, over the pg_catalog views as Postgres defines it.
    define(
        "information_schema.schemata",
        "FROM pg_namespace n",
        "catalog_name",
        db,
        "schema_name",
        "n.nspname");
    define(
        "information_schema.tables",
        "FROM rhizome_rel r WHERE r.relkind IN ('r', 'v')",
        "table_catalog",
        db,
        "table_schema",
        "'public'",
        "table_name",
        "r.relname",
        "table_type",
        "CASE r.relkind WHEN 'r' THEN 'BASE TABLE' ELSE 'VIEW' END",
        "is_insertable_into",
        "CASE r.relkind WHEN 'r' THEN 'YES' ELSE 'NO' END",
        "is_typed",
        "'NO'");
    define(
        "information_schema.columns",
        "FROM pg_attribute a JOIN rhizome_rel r ON r.oid = a.attrelid"
            + " WHERE r.relkind IN ('r', 'v')",
        "table_catalog",
        db,
        "table_schema",
        "'public'",
        "table_name",
        "r.relname",
        "column_name",
        "a.attname",
        "ordinal_position",
        "a.attnum",
        "column_default",
        "(SELECT d.adbin FROM pg_attrdef d WHERE d.adrelid = a.attrelid"
            + " AND d.adnum = a.attnum)",
        "is_nullable",
        "CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END",
        "data_type",
        "rhizome_sql_type(a.atttypid)",
        "numeric_precision",
        "rhizome_numeric_precision(a.atttypid, a.atttypmod)",
        "numeric_precision_radix",
        "CASE WHEN rhizome_numeric_precision(a.atttypid, a.atttypmod)"
            + " IS NULL THEN NULL WHEN a.atttypid = 1700 THEN 10 ELSE 2 END",
        "numeric_scale",
        "CASE WHEN a.atttypid IN (20, 21, 23) THEN 0 WHEN a.atttypid = 1700"
            + " AND a.atttypmod >= 0 THEN (a.atttypmod - 4) & 65535 END",
        "udt_catalog",
        db,
        "udt_schema",
        "'pg_catalog'",
        "udt_name",
        "rhizome_type_attr(a.atttypid, 'name')",
        "dtd_identifier",
        "CAST(a.attnum AS TEXT)",
        "is_self_referencing",
        "'NO'",
        "is_identity",
        "'NO'",
        "is_generated",
        "CASE WHEN a.attgenerated = '' THEN 'NEVER' ELSE 'ALWAYS' END",
        "is_updatable",
        "CASE r.relkind WHEN 'r' THEN 'YES' ELSE 'NO' END");
    define(
        "information_schema.views",
        "FROM rhizome_rel r WHERE r.relkind = 'v'",
        "table_catalog",
        db,
        "table_schema",
        "'public'",
        "table_name",
        "r.relname",
        "view_definition",
        "pg_get_viewdef(r.oid)",
        "check_option",
        "'NONE'",
        "is_updatable",
        "'NO'",
        "is_insertable_into",
        "'NO'",
        "is_trigger_updatable",
        "'NO'",
        "is_trigger_deletable",
        "'NO'",
        "is_trigger_insertable_into",
        "'NO'");
    define(
        "information_schema.table_constraints",
        "FROM pg_constraint c JOIN rhizome_rel r ON r.oid = c.conrelid",
        "constraint_catalog",
        db,
        "constraint_schema",
        "'public'",
        "constraint_name",
        "c.conname",
        "table_catalog",
        db,
        "table_schema",
        "'public'",
        "table_name",
        "r.relname",
        "constraint_type",
        "CASE c.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE'"
            + " WHEN 'f' THEN 'FOREIGN KEY' ELSE 'CHECK' END",
        "is_deferrable",
        "'NO'",
        "initially_deferred",
        "'NO'",
        "enforced",
        "'YES'",
        "nulls_distinct",
        "CASE c.contype WHEN 'u' THEN 'YES' END");
    define(
        "information_schema.key_column_usage",
        "FROM pg_constraint c JOIN rhizome_rel r ON r.oid = c.conrelid,"
            + " json_each(rhizome_array_json(c.conkey)) k"
            + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.value"
            + " WHERE c.contype IN ('p', 'u', 'f')",
        "constraint_catalog",
        db,
        "constraint_schema",
        "'public'",
        "constraint_name",
        "c.conname",
        "table_catalog",
        db,
        "table_schema",
        "'public'",
        "table_name",
        "r.relname",
        "column_name",
        "a.attname",
        "ordinal_position",
        "k.key + 1",
        "position_in_unique_constraint",
        "CASE c.contype WHEN 'f' THEN k.key + 1 END");
    define(
        "information_schema.referential_constraints",
        "FROM pg_constraint c LEFT JOIN pg_constraint u ON u.conindid = c.conindid"
            + " AND u.contype IN ('p', 'u') WHERE c.contype = 'f'",
        "constraint_catalog",
        db,
        "constraint_schema",
        "'public'",
        "constraint_name",
        "c.conname",
        "unique_constraint_catalog",
        db,
        "unique_constraint_schema",
        "'public'",
        "unique_constraint_name",
        "u.conname",
        "match_option",
        "'NONE'",
        "update_rule",
        "rhizome_fk_action(c.confupdtype)",
        "delete_rule",
        "rhizome_fk_action(c.confdeltype)");
    define(
        "information_schema.constraint_column_usage",
        "FROM pg_constraint c, json_each(rhizome_array_json(CASE c.contype WHEN 'f'"
            + " THEN c.confkey ELSE c.conkey END)) k"
            + " JOIN rhizome_rel r ON r.oid = CASE c.contype WHEN 'f' THEN c.confrelid"
            + " ELSE c.conrelid END"
            + " JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.value",
        "table_catalog",
        db,
        "table_schema",
        "'public'",
        "table_name",
        "r.relname",
        "column_name",
        "a.attname",
        "constraint_catalog",
        db,
        "constraint_schema",
        "'public'",
        "constraint_name",
        "c.conname");

    // Relations a SQLite database has no rows for.
    for (String q : PgStatic.INSTANCE.columns.keySet()) {
      String name = viewName(q);
      if (!SPECS.containsKey(name)) {
        SPECS.put(name, new Spec(name, q, Map.of(), null, List.of()));
      }
    }
    // What each view reads of the others, from its SQL: created first.
    Set<String> all = Set.copyOf(SPECS.keySet());
    for (Map.Entry<String, Spec> e : List.copyOf(SPECS.entrySet())) {
      Spec spec = e.getValue();
      String sql = viewSql(spec);
      List<String> deps = new ArrayList<>();
      java.util.regex.Matcher m = WORD.matcher(sql);
      while (m.find()) {
        String w = m.group();
        if (all.contains(w) && !w.equals(e.getKey()) && !deps.contains(w)) {
          deps.add(w);
        }
      }
      e.setValue(new Spec(spec.name(), spec.qualified(), spec.columns(), spec.from(), deps));
    }
  }

  private Relations() {}

  /** The declared type a column of Postgres type {@code pgType} gets in the anchor. */
  static String declared(String pgType) {
    String base = pgType.toLowerCase(Locale.ROOT);
    int paren = base.indexOf('(');
    if (paren >= 0) {
      base = base.substring(0, paren).strip();
    }
    return DECLARED.getOrDefault(base, "TEXT");
  }

  /** The anchor column of a Postgres type. */
  static String anchorColumn(String pgType) {
    return "t_" + declared(pgType).toLowerCase(Locale.ROOT);
  }

  /** The DDL of the typed anchor table. */
  static String typesTableDdl() {
    StringBuilder sb = new StringBuilder("CREATE TEMP TABLE " + TYPES_TABLE + " (");
    List<String> seen = new ArrayList<>();
    for (String decl : DECLARED.values()) {
      if (!seen.contains(decl)) {
        sb.append(seen.isEmpty() ? "" : ", ")
            .append("t_")
            .append(decl.toLowerCase(Locale.ROOT))
            .append(' ')
            .append(decl);
        seen.add(decl);
      }
    }
    return sb.append(')').toString();
  }

  /** The SELECT of a view: its rows, then the typed empty arm. */
  static String viewSql(Spec spec) {
    if (spec.qualified() == null) {
      return spec.from(); // helper views: plain SQL
    }
    List<PgStatic.Column> cols = PgStatic.INSTANCE.columnsOf(spec.qualified());
    StringBuilder typed = new StringBuilder("SELECT ");
    for (int i = 0; i < cols.size(); i++) {
      typed.append(i == 0 ? "" : ", ").append(anchorColumn(cols.get(i).baseType()));
    }
    typed.append(" FROM temp.").append(TYPES_TABLE).append(" WHERE 0");
    if (spec.from() == null) {
      // No rows: the typed arm with Postgres' column names.
      StringBuilder sb = new StringBuilder("SELECT ");
      for (int i = 0; i < cols.size(); i++) {
        sb.append(i == 0 ? "" : ", ")
            .append(anchorColumn(cols.get(i).baseType()))
            .append(" AS ")
            .append(quote(cols.get(i).name()));
      }
      return sb.append(" FROM temp.").append(TYPES_TABLE).append(" WHERE 0").toString();
    }
    boolean pgCatalog = spec.qualified().startsWith("pg_catalog.");
    StringBuilder sb = new StringBuilder("SELECT ");
    for (int i = 0; i < cols.size(); i++) {
      PgStatic.Column c = cols.get(i);
      String expr = spec.columns().get(c.name());
      String type = c.baseType().toLowerCase(Locale.ROOT);
      if (expr == null) {
        expr = pgCatalog && (INTEGER_TYPES.contains(type) || type.equals("real")) ? "0" : "NULL";
      }
      if (INTEGER_TYPES.contains(type)) {
        expr = "CAST(" + expr + " AS INTEGER)";
      } else if (type.equals("real") || type.equals("double precision")) {
        expr = "CAST(" + expr + " AS REAL)";
      }
      sb.append(i == 0 ? "" : ", ").append(expr).append(" AS ").append(quote(c.name()));
    }
    sb.append(' ').append(spec.from());
    return sb.append(" UNION ALL ").append(typed).toString();
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
