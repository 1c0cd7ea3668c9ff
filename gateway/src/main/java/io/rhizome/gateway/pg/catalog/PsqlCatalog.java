/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog queries psql 15 sends for {@code \d}, {@code \dt}, {@code \di}, {@code \dv}, {@code
 * \d NAME} (and their {@code +} forms), rewritten into SQLite queries over {@code sqlite_schema}
 * and the table-valued pragmas. The rewritten statement runs on the tenant's node like any other,
 * so it sees exactly the tenant's own schema and passes the node's lockdown like any tenant query.
 *
 * <p>Why rewrite rather than emulate {@code pg_catalog}: psql's queries use Postgres-only syntax
 * ({@code OPERATOR(pg_catalog.~)}, {@code ::regclass}, {@code COLLATE pg_catalog.default}) that
 * SQLite cannot parse, and the handful of shapes psql sends is fixed per psql version. Each shape
 * is recognised by its opening text; anything else is left alone and reaches SQLite as sent.
 *
 * <p>A relation's OID is {@value #OID_BASE} plus its rowid in {@code sqlite_schema}: stable while
 * the schema is, which is all psql needs between its lookup query and the detail queries.
 */
final class PsqlCatalog {
  static final long OID_BASE = 16384;
  private static final String SCHEMA_LITERAL = SqliteText.literal(CatalogQueries.SCHEMA);

  private static final Pattern RELKINDS = Pattern.compile("c\\.relkind IN \\(([^)]*)\\)");
  private static final Pattern RELNAME =
      Pattern.compile("c\\.relname OPERATOR\\(pg_catalog\\.~\\) '((?:[^']|'')*)'");
  private static final Pattern ALIAS = Pattern.compile(" as \"([^\"]+)\"");
  private static final Pattern OID = Pattern.compile("(?:oid|attrelid) = '(\\d+)'");
  private static final Pattern OID_ARGUMENT = Pattern.compile("= ?'\\d+'");
  private static final Pattern VIEWDEF =
      Pattern.compile(
          "^SELECT pg_catalog\\.pg_get_viewdef\\('(\\d+)'::pg_catalog\\.oid, true\\);?$");

  /** Catalog tables whose rows psql only counts or lists in footers: answered with no rows. */
  private static final List<String> EMPTY_SOURCES =
      List.of(
          "FROM pg_catalog.pg_policy ",
          "FROM pg_catalog.pg_statistic_ext ",
          "FROM pg_catalog.pg_publication ",
          "pg_catalog.pg_inherits i ",
          "FROM pg_catalog.pg_trigger ",
          "FROM pg_catalog.pg_constraint r ",
          "FROM pg_catalog.pg_rewrite ");

  private PsqlCatalog() {}

  /**
   * The SQLite query answering {@code query}, when it is one of psql's catalog queries.
   *
   * @param query a statement, whitespace already collapsed to single spaces
   * @param user the session's user, shown as every relation's owner
   */
  static Optional<String> rewrite(String query, String user) {
    if (query.startsWith("SELECT n.nspname as \"Schema\", c.relname as \"Name\", CASE c.relkind")) {
      return relationList(query, user);
    }
    if (query.startsWith("SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c")) {
      return relationLookup(query);
    }
    if (query.startsWith("SELECT c.relchecks, c.relkind, c.relhasindex,")) {
      return oid(query).map(PsqlCatalog::tableInfo);
    }
    if (query.startsWith("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),")) {
      return oid(query).map(oid -> columns(query, oid));
    }
    if (query.startsWith("SELECT c2.relname, i.indisprimary, i.indisunique,")) {
      return oid(query).map(PsqlCatalog::indexes);
    }
    Matcher viewdef = VIEWDEF.matcher(query);
    if (viewdef.matches()) {
      return Optional.of(
          "SELECT substr(sql, instr(upper(sql), ' AS ') + 4) AS pg_get_viewdef FROM sqlite_schema"
              + " WHERE rowid = "
              + rowid(viewdef.group(1)));
    }
    if (query.startsWith("SELECT ")
        && OID_ARGUMENT.matcher(query).find()
        && EMPTY_SOURCES.stream().anyMatch(query::contains)) {
      return Optional.of(noRows(SelectList.width(query)));
    }
    return Optional.empty();
  }

  /** {@code \d}, {@code \dt}, {@code \di}, {@code \dv} with or without a pattern and {@code +}. */
  private static Optional<String> relationList(String query, String user) {
    Matcher kinds = RELKINDS.matcher(query);
    if (!kinds.find()) {
      return Optional.empty();
    }
    List<String> types = new ArrayList<>();
    for (String kind : kinds.group(1).split(",")) {
      String type =
          switch (kind.strip()) {
            case "'r'", "'p'" -> "'table'";
            case "'v'", "'m'" -> "'view'";
            case "'i'", "'I'" -> "'index'";
            default -> null; // sequences, foreign tables: SQLite has none
          };
      if (type != null && !types.contains(type)) {
        types.add(type);
      }
    }
    if (types.isEmpty()) {
      return Optional.of(noRows(SelectList.width(query)));
    }
    String selectList = query.substring(0, query.indexOf(" FROM pg_catalog.pg_class c"));
    List<String> columns = new ArrayList<>();
    Matcher alias = ALIAS.matcher(selectList);
    while (alias.find()) {
      String name = alias.group(1);
      String value =
          switch (name) {
            case "Schema" -> SCHEMA_LITERAL;
            case "Name" -> "s.name";
            case "Type" -> "s.type";
            case "Owner" -> SqliteText.literal(user);
            case "Table" -> "s.tbl_name";
            case "Persistence" -> "'permanent'";
            case "Access method" -> "CASE s.type WHEN 'index' THEN 'btree' ELSE NULL END";
            default -> "NULL"; // Size, Description: not tracked
          };
      columns.add(value + " AS " + SqliteText.identifier(name));
    }
    Optional<String> name = namePredicate(query);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "SELECT "
            + String.join(", ", columns)
            + " FROM sqlite_schema s WHERE s.type IN ("
            + String.join(", ", types)
            + ") AND "
            + USER_OBJECT
            + name.get()
            + " ORDER BY 1, 2");
  }

  /** Step one of {@code \d NAME}: the OIDs of the relations the pattern names. */
  private static Optional<String> relationLookup(String query) {
    return namePredicate(query)
        .map(
            name ->
                "SELECT s.rowid + "
                    + OID_BASE
                    + " AS oid, "
                    + SCHEMA_LITERAL
                    + " AS nspname, s.name AS relname FROM sqlite_schema s"
                    + " WHERE s.type IN ('table', 'view', 'index') AND "
                    + USER_OBJECT
                    + name
                    + " ORDER BY 2, 3");
  }

  /** Hides SQLite's own objects ({@code sqlite_schema}, {@code sqlite_autoindex_...}). */
  private static final String USER_OBJECT = "s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

  /** {@code " AND <glob>"} for the query's relation-name pattern, "" when it has none. */
  private static Optional<String> namePredicate(String query) {
    Matcher relname = RELNAME.matcher(query);
    if (!relname.find()) {
      return Optional.of("");
    }
    return PsqlPattern.toGlob(relname.group(1).replace("''", "'"))
        .map(glob -> " AND lower(s.name) GLOB " + SqliteText.literal(glob));
  }

  /**
   * The header of {@code \d NAME}: relkind and the flags that decide which footers psql asks for.
   * Triggers, rules, row security and check constraints are reported absent, so psql does not ask.
   */
  private static String tableInfo(long rowid) {
    return "SELECT 0 AS relchecks,"
        + " CASE s.type WHEN 'view' THEN 'v' WHEN 'index' THEN 'i' ELSE 'r' END AS relkind,"
        + " CASE WHEN EXISTS (SELECT 1 FROM sqlite_schema x WHERE x.type = 'index'"
        + " AND x.tbl_name = s.name) OR EXISTS (SELECT 1 FROM pragma_table_info(s.name) p"
        + " WHERE p.pk > 0) THEN 't' ELSE 'f' END AS relhasindex,"
        + " 'f' AS relhasrules, 'f' AS relhastriggers, 'f' AS relrowsecurity,"
        + " 'f' AS relforcerowsecurity, 'f' AS relhasoids, 'f' AS relispartition, '' AS reloptions,"
        + " 0 AS reltablespace, '' AS reloftype, 'p' AS relpersistence, 'd' AS relreplident,"
        + " CASE s.type WHEN 'table' THEN 'heap' WHEN 'index' THEN 'btree' END AS amname"
        + " FROM sqlite_schema s WHERE s.rowid = "
        + rowid;
  }

  /** The column list of {@code \d NAME}; the {@code +} form adds storage and description. */
  private static String columns(String query, long rowid) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT p.name AS attname, lower(p.type) AS format_type, p.dflt_value AS attdef,"
                + " CASE WHEN "
                + SqliteText.NOT_NULL
                + " THEN 't' ELSE 'f' END AS attnotnull,"
                + " NULL AS attcollation, '' AS attidentity, '' AS attgenerated");
    if (query.contains("a.attstorage")) {
      sql.append(", 'p' AS attstorage");
    }
    if (query.contains("a.attcompression")) {
      sql.append(", '' AS attcompression");
    }
    if (query.contains("attstattarget")) {
      sql.append(", NULL AS attstattarget");
    }
    if (query.contains("pg_catalog.col_description(")) {
      sql.append(", NULL AS description");
    }
    return sql.append(" FROM sqlite_schema s, pragma_table_info(s.name) p WHERE s.rowid = ")
        .append(rowid)
        .append(" ORDER BY p.cid")
        .toString();
  }

  /**
   * The "Indexes:" footer: the table's indexes as {@code CREATE INDEX ... USING btree (cols)} (psql
   * prints what follows {@code USING}), plus the rowid primary key, which SQLite keeps in the table
   * itself and which would otherwise be missing.
   */
  private static String indexes(long rowid) {
    String columns = "(SELECT group_concat(x.name, ', ') FROM pragma_index_info(l.name) x)";
    return "SELECT l.name AS relname,"
        + " CASE l.origin WHEN 'pk' THEN 't' ELSE 'f' END AS indisprimary,"
        + " CASE WHEN l.\"unique\" THEN 't' ELSE 'f' END AS indisunique,"
        + " 'f' AS indisclustered, 't' AS indisvalid,"
        + " 'CREATE INDEX ' || l.name || ' ON ' || s.name || ' USING btree ('"
        + " || "
        + columns
        + " || ')' || CASE WHEN l.partial THEN ' WHERE ...' ELSE '' END AS indexdef,"
        + " NULL AS condef,"
        + " CASE l.origin WHEN 'pk' THEN 'p' WHEN 'u' THEN 'u' END AS contype,"
        + " 'f' AS condeferrable, 'f' AS condeferred, 'f' AS indisreplident, 0 AS reltablespace"
        + " FROM sqlite_schema s, pragma_index_list(s.name) l WHERE s.rowid = "
        + rowid
        + " UNION ALL SELECT s.name || '_pkey', 't', 't', 'f', 't',"
        + " 'CREATE INDEX ' || s.name || '_pkey ON ' || s.name || ' USING btree (' || p.name || ')',"
        + " NULL, 'p', 'f', 'f', 'f', 0"
        + " FROM sqlite_schema s, pragma_table_info(s.name) p WHERE s.rowid = "
        + rowid
        + " AND s.type = 'table' AND p.pk = 1 AND lower(p.type) = 'integer'"
        + " AND NOT EXISTS (SELECT 1 FROM pragma_table_info(s.name) q WHERE q.pk = 2)"
        + " AND NOT EXISTS (SELECT 1 FROM pragma_index_list(s.name) k WHERE k.origin = 'pk')"
        + " ORDER BY 2 DESC, 1";
  }

  private static Optional<Long> oid(String query) {
    Matcher oid = OID.matcher(query);
    return oid.find() ? Optional.of(rowid(oid.group(1))) : Optional.empty();
  }

  private static long rowid(String oid) {
    try {
      return Long.parseLong(oid) - OID_BASE;
    } catch (NumberFormatException tooLong) {
      return -1; // names nothing
    }
  }

  /** A query with {@code width} columns and no rows. */
  private static String noRows(int width) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < width; i++) {
      sql.append(i == 0 ? "" : ", ").append("NULL AS c").append(i + 1);
    }
    return sql.append(" WHERE 0").toString();
  }
}
