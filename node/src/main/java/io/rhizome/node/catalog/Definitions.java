/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The definitions Postgres prints for an object ({@code pg_get_indexdef}, {@code
 * pg_get_constraintdef}, {@code pg_get_viewdef}), in Postgres' own format, which clients parse
 * (SQLAlchemy reads a foreign key's columns out of its definition).
 */
final class Definitions {
  private Definitions() {}

  /**
   * {@code pg_get_indexdef(oid)}, or column {@code column}'s name alone when it is above 0. The
   * table is schema-qualified unless {@code pretty} (Postgres qualifies it then only when it is not
   * on the search path, and the tenant's tables are in public).
   */
  static String indexDef(SchemaLookups lookups, long oid, long column, boolean pretty)
      throws SQLException {
    String table;
    String name;
    boolean unique;
    List<String> columns;
    String predicate = null;
    long pkTable = Oids.pkIndexTable(oid);
    if (pkTable > 0) {
      SchemaLookups.SchemaRow t = lookups.byRowid(pkTable);
      if (t == null) {
        return null;
      }
      table = t.name();
      name = t.name() + "_pkey";
      unique = true;
      columns = lookups.primaryKey(t.name());
    } else {
      long rowid = Oids.relationRowid(oid);
      SchemaLookups.SchemaRow index = rowid > 0 ? lookups.byRowid(rowid) : null;
      if (index == null || !index.type().equals("index")) {
        return null;
      }
      table = index.table();
      name = lookups.indexName(index);
      List<String> uniq =
          lookups.strings(
              "SELECT \"unique\" FROM pragma_index_list(?, 'main') WHERE name = ?",
              index.table(),
              index.name());
      unique = !uniq.isEmpty() && "1".equals(uniq.get(0));
      columns = new ArrayList<>();
      List<String> desc =
          lookups.strings(
              "SELECT \"desc\" FROM pragma_index_xinfo(?, 'main') WHERE key = 1 ORDER BY seqno",
              index.name());
      List<String> names = lookups.indexColumns(index.name());
      for (int i = 0; i < names.size(); i++) {
        columns.add(
            ident(names.get(i)) + (i < desc.size() && "1".equals(desc.get(i)) ? " DESC" : ""));
      }
      predicate = predicate(index.sql());
    }
    if (column > 0) {
      return column <= columns.size() ? columns.get((int) column - 1) : "";
    }
    List<String> quoted = new ArrayList<>();
    for (String c : columns) {
      quoted.add(pkTable > 0 ? ident(c) : c);
    }
    return "CREATE "
        + (unique ? "UNIQUE " : "")
        + "INDEX "
        + ident(name)
        + " ON "
        + (pretty ? "" : "public.")
        + ident(table)
        + " USING btree ("
        + String.join(", ", quoted)
        + ")"
        + (predicate == null ? "" : " WHERE (" + predicate + ")");
  }

  /** The WHERE clause of a partial index's CREATE INDEX, or null. */
  static String predicate(String createIndex) {
    if (createIndex == null) {
      return null;
    }
    String upper = createIndex.toUpperCase(Locale.ROOT);
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < upper.length(); i++) {
      char c = upper.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted
          && depth == 0
          && upper.startsWith("WHERE", i)
          && i > 0
          && Character.isWhitespace(upper.charAt(i - 1))
          && i + 5 < upper.length()
          && !Character.isLetterOrDigit(upper.charAt(i + 5))) {
        return createIndex.substring(i + 5).strip();
      }
    }
    return null;
  }

  /** {@code pg_get_constraintdef(oid)}. */
  static String constraintDef(SchemaLookups lookups, long oid) throws SQLException {
    long offset = oid - Oids.CONSTRAINT;
    if (offset < 0 || oid >= Oids.ATTRDEF) {
      return null;
    }
    long rowid = offset / 256;
    long k = offset % 256;
    SchemaLookups.SchemaRow row = lookups.byRowid(rowid);
    if (row == null) {
      return null;
    }
    if (k == 255 && row.type().equals("index")) {
      List<String> cols = new ArrayList<>();
      for (String c : lookups.indexColumns(row.name())) {
        cols.add(ident(c));
      }
      return "UNIQUE (" + String.join(", ", cols) + ")";
    }
    if (k == 0 && (row.type().equals("table") || row.type().equals("index"))) {
      // A primary key: its table's OID, or its automatic index's when the key is no rowid alias.
      String table = row.type().equals("table") ? row.name() : row.table();
      List<String> cols = new ArrayList<>();
      for (String c : lookups.primaryKey(table)) {
        cols.add(ident(c));
      }
      return "PRIMARY KEY (" + String.join(", ", cols) + ")";
    }
    if (!row.type().equals("table")) {
      return null;
    }
    long id = k - 1;
    List<String> from =
        lookups.strings(
            "SELECT \"from\" FROM pragma_foreign_key_list(?, 'main') WHERE id = ? ORDER BY seq",
            row.name(),
            id);
    if (from.isEmpty()) {
      return null;
    }
    List<String> target =
        lookups.strings(
            "SELECT \"table\" FROM pragma_foreign_key_list(?, 'main') WHERE id = ? AND seq = 0",
            row.name(),
            id);
    String refTable = target.get(0);
    List<String> to =
        lookups.strings(
            "SELECT coalesce(f.\"to\", (SELECT p.name FROM pragma_table_info(f.\"table\", 'main') p"
                + " WHERE p.pk = f.seq + 1)) FROM pragma_foreign_key_list(?, 'main') f"
                + " WHERE f.id = ? ORDER BY f.seq",
            row.name(),
            id);
    List<String> actions =
        lookups.strings(
            "SELECT on_update || '|' || on_delete FROM pragma_foreign_key_list(?, 'main')"
                + " WHERE id = ? AND seq = 0",
            row.name(),
            id);
    StringBuilder sb =
        new StringBuilder("FOREIGN KEY (")
            .append(String.join(", ", idents(from)))
            .append(") REFERENCES ")
            .append(ident(refTable))
            .append('(')
            .append(String.join(", ", idents(to)))
            .append(')');
    if (!actions.isEmpty()) {
      String[] a = actions.get(0).split("\\|", -1);
      if (!a[0].equals("NO ACTION")) {
        sb.append(" ON UPDATE ").append(a[0]);
      }
      if (!a[1].equals("NO ACTION")) {
        sb.append(" ON DELETE ").append(a[1]);
      }
    }
    return sb.toString();
  }

  /** {@code pg_get_viewdef(oid)}: the view's SELECT as written, after a leading space. */
  static String viewDef(SchemaLookups lookups, long oid) throws SQLException {
    long rowid = Oids.relationRowid(oid);
    SchemaLookups.SchemaRow row = rowid > 0 ? lookups.byRowid(rowid) : null;
    if (row == null || !row.type().equals("view") || row.sql() == null) {
      return null;
    }
    String sql = row.sql();
    String upper = sql.toUpperCase(Locale.ROOT);
    int as = upper.indexOf(" AS ");
    int select = as < 0 ? upper.indexOf("SELECT") : as + 4;
    String body = select < 0 ? sql : sql.substring(select).strip();
    return " " + body + (body.endsWith(";") ? "" : ";");
  }

  private static List<String> idents(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add(ident(n));
    }
    return out;
  }

  /** quote_ident: quotes a name unless it is a plain lower-case identifier. */
  static String ident(String name) {
    if (name == null) {
      return null;
    }
    boolean plain =
        !name.isEmpty() && (Character.isLowerCase(name.charAt(0)) || name.charAt(0) == '_');
    for (int i = 0; i < name.length() && plain; i++) {
      char c = name.charAt(i);
      plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (plain && !Keywords.isReserved(name)) {
      return name;
    }
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
