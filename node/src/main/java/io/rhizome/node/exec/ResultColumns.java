/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.core.CoreStatement;

/**
 * Names and declared types of a prepared statement's result columns, read from SQLite itself.
 *
 * <p>sqlite-jdbc's ResultSetMetaData cannot serve here: it needs a current row (it fails on an
 * empty result), and {@code getColumnTypeName} falls back to the current value's storage class when
 * there is no declared type and cuts "DOUBLE PRECISION" to its first word, so a declared type
 * cannot be told from a guess. {@code sqlite3_column_decltype} tells them apart, and is available
 * right after prepare.
 */
public final class ResultColumns {
  /** A statement without result columns. */
  static final ResultColumns NONE = new ResultColumns(new String[0], new String[0]);

  private final String[] names;
  private final String[] declaredTypes;

  private ResultColumns(String[] names, String[] declaredTypes) {
    this.names = names;
    this.declaredTypes = declaredTypes;
  }

  public static ResultColumns of(PreparedStatement statement) throws SQLException {
    // Every PreparedStatement of sqlite-jdbc is a CoreStatement holding the sqlite3_stmt pointer.
    CoreStatement core = (CoreStatement) statement;
    int count = core.pointer.safeRunInt((db, stmt) -> db.column_count(stmt));
    String[] names = new String[count];
    String[] declared = new String[count];
    for (int i = 0; i < count; i++) {
      int column = i;
      names[i] = core.pointer.safeRun((db, stmt) -> db.column_name(stmt, column));
      declared[i] = core.pointer.safeRun((db, stmt) -> db.column_decltype(stmt, column));
    }
    return new ResultColumns(names, declared);
  }

  /**
   * Only how many columns the statement has now (one call into SQLite): for a statement whose
   * description is pinned already. Names and types read as null.
   */
  static ResultColumns counted(PreparedStatement statement) throws SQLException {
    int count = ((CoreStatement) statement).pointer.safeRunInt((db, stmt) -> db.column_count(stmt));
    return count == 0 ? NONE : new ResultColumns(new String[count], new String[count]);
  }

  public int count() {
    return names.length;
  }

  public String name(int column) {
    return names[column];
  }

  /** The declared type as written in the schema, or null for an expression. */
  public String declaredType(int column) {
    return declaredTypes[column];
  }
}
