/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.catalog;

/** Quoting for the SQLite text the rewrites produce. */
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
}
