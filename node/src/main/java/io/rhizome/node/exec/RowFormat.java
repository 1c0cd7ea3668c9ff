/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * What reading a row of one connection depends on, read once when its session opens instead of per
 * statement: a JNI call for the length limit was 0.6% of a standalone point select.
 *
 * @param maxRowBytes the most a row's values may hold together: the connection's {@code
 *     SQLITE_LIMIT_LENGTH}, which the lockdown pins when the handle opens and SQL cannot change
 * @param utf8 whether the database stores text as UTF-8: then a text value's stored bytes are its
 *     UTF-8 encoding and can be fetched as a byte array (SQLite converts nothing when asked for a
 *     text value as a blob). A database created as UTF-16 (an imported file may be) reads text
 *     through SQLite's conversion, as before. Attached databases must share the main one's
 *     encoding, so one answer holds for every statement of the connection.
 * @param encoded whether the session's rows go out encoded (Open.encoded_rows): then the rows after
 *     the first batch, whose values type the columns, are read straight into their bytes
 */
record RowFormat(long maxRowBytes, boolean utf8, boolean encoded) {

  static RowFormat of(SQLiteConnection connection, boolean encoded) throws SQLException {
    long maxRowBytes = connection.getDatabase().limit(SQLiteLimits.SQLITE_LIMIT_LENGTH.getId(), -1);
    try (Statement statement = connection.createStatement();
        ResultSet encoding = statement.executeQuery("PRAGMA encoding")) {
      return new RowFormat(
          maxRowBytes, encoding.next() && "UTF-8".equals(encoding.getString(1)), encoded);
    }
  }
}
