/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.catalog;

/** Quoting, and fragments shared by the rewrites, for the SQLite text they produce. */
final class SqliteText {
  private SqliteText() {}

  /** {@code value} as a string literal. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** {@code name} as a quoted identifier. */
  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /**
   * Whether column {@code p} (a row of {@code pragma_table_info(s.name)}) cannot hold NULL:
   * declared NOT NULL, or the table's rowid (a lone INTEGER PRIMARY KEY), which SQLite never lets
   * be NULL.
   */
  static final String NOT_NULL =
      "(p.\"notnull\" OR (p.pk = 1 AND lower(p.type) = 'integer'"
          + " AND NOT EXISTS (SELECT 1 FROM pragma_table_info(s.name) q WHERE q.pk = 2)))";
}
