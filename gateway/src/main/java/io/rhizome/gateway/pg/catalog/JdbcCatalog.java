/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog queries of pgjdbc's {@code DatabaseMetaData} ({@code getTables}, {@code getColumns},
 * {@code getPrimaryKeys}, {@code getSchemas}, {@code getCatalogs}), rewritten into SQLite queries
 * over the tenant's schema. The driver's search arguments ({@code $n} placeholders, or literals in
 * simple query mode) are kept as they are, so a prepared rewrite binds the driver's parameters
 * unchanged.
 */
final class JdbcCatalog {
  /**
   * A search argument: a placeholder, or in simple query mode the literal the driver inlined in its
   * place, in parentheses.
   */
  private static final String ARGUMENT = "\\(?(\\$\\d+|'(?:[^']|'')*')\\)?";

  private static final Pattern SCHEMA_LIKE = Pattern.compile("nspname LIKE " + ARGUMENT);
  private static final Pattern TABLE_LIKE = Pattern.compile("c\\.relname LIKE " + ARGUMENT);
  private static final Pattern COLUMN_LIKE = Pattern.compile("attname LIKE " + ARGUMENT);
  private static final Pattern SCHEMA_EQUALS = Pattern.compile("n\\.nspname = " + ARGUMENT);
  private static final Pattern TABLE_EQUALS = Pattern.compile("ct\\.relname = " + ARGUMENT);
  private static final Pattern RELKIND = Pattern.compile("c\\.relkind = '(\\w)'");

  private static final String SCHEMA = SqliteText.literal(CatalogQueries.SCHEMA);

  private JdbcCatalog() {}

  static Optional<String> rewrite(String query, String database) {
    String catalog = SqliteText.literal(database);
    if (query.startsWith(
        "SELECT current_database() AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
            + " c.relname AS \"TABLE_NAME\",")) {
      return Optional.of(tables(query, catalog));
    }
    if (query.startsWith("SELECT * FROM (SELECT current_database() AS current_database,")
        && query.contains("pg_catalog.pg_attribute a")) {
      return Optional.of(columns(query, catalog));
    }
    if (query.startsWith("SELECT result.TABLE_CAT AS \"TABLE_CAT\",")
        && query.contains("con.contype = 'p'")) {
      return Optional.of(primaryKeys(query, catalog));
    }
    if (query.startsWith("SELECT nspname AS \"TABLE_SCHEM\"")
        && query.contains("FROM pg_catalog.pg_namespace")) {
      return Optional.of(
          "SELECT "
              + SCHEMA
              + " AS \"TABLE_SCHEM\", "
              + catalog
              + " AS \"TABLE_CATALOG\" WHERE 1"
              + like(SCHEMA_LIKE, query, SCHEMA));
    }
    if (query.startsWith("SELECT datname AS \"TABLE_CAT\" FROM pg_catalog.pg_database")) {
      return Optional.of("SELECT " + catalog + " AS \"TABLE_CAT\"");
    }
    return Optional.empty();
  }

  /** {@code getTables(catalog, schemaPattern, tableNamePattern, types)}. */
  private static String tables(String query, String catalog) {
    List<String> types = new ArrayList<>();
    int requested = query.indexOf("AND (false ");
    if (requested < 0) {
      types.addAll(List.of("'table'", "'view'", "'index'"));
    } else {
      Matcher kind = RELKIND.matcher(query);
      kind.region(requested, query.length());
      while (kind.find()) {
        switch (kind.group(1)) {
          case "r" -> types.add("'table'");
          case "v" -> types.add("'view'");
          case "i" -> types.add("'index'");
          default -> {} // sequences, types, foreign tables...: SQLite has none
        }
      }
    }
    return "SELECT "
        + catalog
        + " AS \"TABLE_CAT\", "
        + SCHEMA
        + " AS \"TABLE_SCHEM\", s.name AS \"TABLE_NAME\","
        + " upper(s.type) AS \"TABLE_TYPE\", NULL AS \"REMARKS\", '' AS \"TYPE_CAT\","
        + " '' AS \"TYPE_SCHEM\", '' AS \"TYPE_NAME\", '' AS \"SELF_REFERENCING_COL_NAME\","
        + " '' AS \"REF_GENERATION\" FROM sqlite_schema s WHERE s.type IN ("
        + (types.isEmpty() ? "NULL" : String.join(", ", types))
        + ") AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        + like(SCHEMA_LIKE, query, SCHEMA)
        + like(TABLE_LIKE, query, "s.name")
        + " ORDER BY 4, 2, 3";
  }

  /**
   * {@code getColumns(catalog, schemaPattern, tablePattern, columnPattern)}: the driver reads these
   * columns by name and maps {@code atttypid} to a JDBC type itself. The OID comes from the node's
   * types table through its {@code rhizome_pg_type} function, so the driver sees the same type a
   * query of the column reports.
   */
  private static String columns(String query, String catalog) {
    return "SELECT * FROM (SELECT "
        + catalog
        + " AS current_database, "
        + SCHEMA
        + " AS nspname, s.name AS relname, p.name AS attname,"
        + " rhizome_pg_type(p.type) AS atttypid,"
        + " CASE WHEN "
        + SqliteText.NOT_NULL
        + " THEN 't' ELSE 'f' END AS attnotnull,"
        + " -1 AS atttypmod, -1 AS attlen, -1 AS typtypmod, p.cid + 1 AS attnum,"
        + " NULL AS attidentity, NULL AS attgenerated, p.dflt_value AS adsrc,"
        + " NULL AS description, 0 AS typbasetype, 'b' AS typtype"
        + " FROM sqlite_schema s, pragma_table_info(s.name) p"
        + " WHERE s.type IN ('table', 'view') AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        + like(SCHEMA_LIKE, query, SCHEMA)
        + like(TABLE_LIKE, query, "s.name")
        + ") c WHERE 1"
        + like(COLUMN_LIKE, query, "attname")
        + " ORDER BY nspname, relname, attnum";
  }

  /** {@code getPrimaryKeys(catalog, schema, table)}, with the rowid alias as a key too. */
  private static String primaryKeys(String query, String catalog) {
    return "SELECT "
        + catalog
        + " AS \"TABLE_CAT\", "
        + SCHEMA
        + " AS \"TABLE_SCHEM\", s.name AS \"TABLE_NAME\", p.name AS \"COLUMN_NAME\","
        + " p.pk AS \"KEY_SEQ\", s.name || '_pkey' AS \"PK_NAME\""
        + " FROM sqlite_schema s, pragma_table_info(s.name) p WHERE s.type = 'table' AND p.pk > 0"
        + equals(SCHEMA_EQUALS, query, SCHEMA)
        + equals(TABLE_EQUALS, query, "s.name")
        + " ORDER BY 3, 6, 5";
  }

  /** {@code " AND subject LIKE arg"} for the query's argument of {@code pattern}, if it has one. */
  private static String like(Pattern pattern, String query, String subject) {
    Matcher m = pattern.matcher(query);
    // Postgres' LIKE escapes with a backslash by default; SQLite's has no escape unless told.
    return m.find() ? " AND " + subject + " LIKE " + m.group(1) + " ESCAPE '\\'" : "";
  }

  private static String equals(Pattern pattern, String query, String subject) {
    Matcher m = pattern.matcher(query);
    return m.find() ? " AND " + subject + " = " + m.group(1) : "";
  }
}
