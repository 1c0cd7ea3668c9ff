/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sqlite.SQLiteConnection;

/**
 * The catalog functions that read the tenant's schema ({@code pg_get_indexdef}, {@code
 * to_regclass}, ...): small queries on the connection the calling statement runs on, over {@code
 * main}'s {@code sqlite_schema} and pragmas only, so they see exactly what the catalog views see.
 * SQLite lets a function run statements on its own connection while the calling one steps.
 */
final class SchemaLookups {
  private final SQLiteConnection connection;

  SchemaLookups(SQLiteConnection connection) {
    this.connection = connection;
  }

  /** A row of sqlite_schema. */
  record SchemaRow(long rowid, String type, String name, String table, String sql) {}

  SchemaRow byRowid(long rowid) throws SQLException {
    return one(
        "SELECT rowid, type, name, tbl_name, sql FROM main.sqlite_schema WHERE rowid = ?", rowid);
  }

  SchemaRow byName(String name) throws SQLException {
    return one(
        "SELECT rowid, type, name, tbl_name, sql FROM main.sqlite_schema"
            + " WHERE name = ? COLLATE NOCASE AND type IN ('table', 'view', 'index')"
            + " ORDER BY name = ? DESC LIMIT 1",
        name,
        name);
  }

  private SchemaRow one(String sql, Object... args) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        return rs.next()
            ? new SchemaRow(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))
            : null;
      }
    }
  }

  /** The string column of every row a query returns. */
  List<String> strings(String sql, Object... args) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** The origin ('c', 'u', 'pk') of an index, from its table's index list. */
  String indexOrigin(SchemaRow index) throws SQLException {
    List<String> o =
        strings(
            "SELECT origin FROM pragma_index_list(?, 'main') WHERE name = ?",
            index.table(),
            index.name());
    return o.isEmpty() ? "c" : o.get(0);
  }

  /** Key columns of an index, in order ("expr" for expressions). */
  List<String> indexColumns(String index) throws SQLException {
    return strings(
        "SELECT coalesce(name, 'expr') FROM pragma_index_xinfo(?, 'main') WHERE key = 1"
            + " ORDER BY seqno",
        index);
  }

  /** The primary key columns of a table, in key order. */
  List<String> primaryKey(String table) throws SQLException {
    return strings("SELECT name FROM pragma_table_info(?, 'main') WHERE pk > 0 ORDER BY pk", table);
  }

  /** The Postgres name of an index: constraint indexes under the names Postgres gives them. */
  String indexName(SchemaRow index) throws SQLException {
    if (!index.name().toLowerCase(Locale.ROOT).startsWith("sqlite_autoindex_")) {
      return index.name();
    }
    if (indexOrigin(index).equals("pk")) {
      return index.table() + "_pkey";
    }
    return index.table() + "_" + String.join("_", indexColumns(index.name())) + "_key";
  }

  /** The name of relation {@code oid} as regclass prints it, or null. */
  String relationName(long oid) throws SQLException {
    long pkTable = Oids.pkIndexTable(oid);
    if (pkTable > 0) {
      SchemaRow t = byRowid(pkTable);
      return t == null ? null : t.name() + "_pkey";
    }
    long rowid = Oids.relationRowid(oid);
    if (rowid <= 0) {
      for (var e : PgStatic.INSTANCE.relationOids.entrySet()) {
        if (e.getValue() == oid) {
          return e.getKey();
        }
      }
      return null;
    }
    SchemaRow row = byRowid(rowid);
    if (row == null) {
      return null;
    }
    return row.type().equals("index") ? indexName(row) : row.name();
  }

  /** The OID of a relation named as regclass reads names, or null. */
  Long relationOid(String name) throws SQLException {
    String unqualified = name.strip();
    String lower = unqualified.toLowerCase(Locale.ROOT);
    if (lower.startsWith("public.")) {
      unqualified = unqualified.substring("public.".length());
    } else if (lower.startsWith("pg_catalog.")) {
      return PgStatic.INSTANCE.relationOids.get(lower.substring("pg_catalog.".length()));
    } else if (lower.startsWith("information_schema.")) {
      return PgStatic.INSTANCE.relationOids.get(lower);
    }
    if (unqualified.startsWith("\"") && unqualified.endsWith("\"") && unqualified.length() > 1) {
      unqualified = unqualified.substring(1, unqualified.length() - 1).replace("\"\"", "\"");
    }
    SchemaRow row = byName(unqualified);
    if (row != null) {
      return Oids.FIRST_USER + row.rowid();
    }
    if (unqualified.endsWith("_pkey")) {
      SchemaRow table = byName(unqualified.substring(0, unqualified.length() - "_pkey".length()));
      if (table != null && table.type().equals("table")) {
        return Oids.PK_INDEX + table.rowid();
      }
    }
    return PgStatic.INSTANCE.relationOids.get(unqualified.toLowerCase(Locale.ROOT));
  }
}
