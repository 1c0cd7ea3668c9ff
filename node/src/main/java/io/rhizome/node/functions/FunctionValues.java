/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.functions;

import java.sql.SQLException;

/** Conversion between sqlite-jdbc's call context and the SPI's storage-class values. */
final class FunctionValues {
  // sqlite3_value_type codes.
  private static final int SQLITE_INTEGER = 1;
  private static final int SQLITE_FLOAT = 2;
  private static final int SQLITE_TEXT = 3;
  private static final int SQLITE_BLOB = 4;

  /** Reads and writes the values of the call in progress. */
  interface Context {
    int count() throws SQLException;

    int type(int arg) throws SQLException;

    long longValue(int arg) throws SQLException;

    double doubleValue(int arg) throws SQLException;

    String text(int arg) throws SQLException;

    byte[] blob(int arg) throws SQLException;

    void resultNull() throws SQLException;

    void resultLong(long value) throws SQLException;

    void resultDouble(double value) throws SQLException;

    void resultText(String value) throws SQLException;

    void resultBlob(byte[] value) throws SQLException;
  }

  private FunctionValues() {}

  static Object[] arguments(Context context) throws SQLException {
    Object[] args = new Object[context.count()];
    for (int i = 0; i < args.length; i++) {
      args[i] =
          switch (context.type(i)) {
            case SQLITE_INTEGER -> context.longValue(i);
            case SQLITE_FLOAT -> context.doubleValue(i);
            case SQLITE_TEXT -> context.text(i);
            case SQLITE_BLOB -> context.blob(i);
            default -> null;
          };
    }
    return args;
  }

  /**
   * Sets the call's result.
   *
   * @throws IllegalArgumentException for a value of no storage class
   */
  static void result(Context context, Object value) throws SQLException {
    if (value == null) {
      context.resultNull();
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      context.resultLong(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      context.resultDouble(((Number) value).doubleValue());
    } else if (value instanceof Boolean b) {
      context.resultLong(b ? 1L : 0L);
    } else if (value instanceof String s) {
      context.resultText(s);
    } else if (value instanceof byte[] bytes) {
      context.resultBlob(bytes);
    } else {
      throw new IllegalArgumentException(
          "returned a " + value.getClass().getSimpleName() + ", which SQLite cannot store");
    }
  }

  /**
   * The message a failed call reports: SqliteErrors recognises its prefix and answers 22000, and
   * the message names the function so the client knows whose failure it is.
   */
  static String failure(String function, Throwable cause) {
    String detail = cause.getMessage();
    return "function "
        + function
        + " failed: "
        + (detail == null || detail.isBlank() ? cause.getClass().getSimpleName() : detail);
  }
}
