/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.sql.SQLException;

/**
 * A tenant's {@code max_result_rows}: a statement whose result grows past it fails with 54000 (rows
 * already sent stay sent, as with any error in the middle of a result).
 *
 * @param max the most rows a statement may return; 0 for no limit
 */
record ResultRowLimit(long max) {

  /** The failure, a SQLException so that it takes the statement's error path. */
  static final class Exceeded extends SQLException {
    Exceeded(long max) {
      super("the result has more than " + max + " rows, this database's max_result_rows");
    }
  }

  /**
   * Checks a cursor after it read a batch; a cursor reads one row ahead, so a count past the limit
   * means the result has more rows than allowed.
   */
  void check(RowCursor cursor) throws Exceeded {
    if (max > 0 && cursor.count() > max) {
      throw new Exceeded(max);
    }
  }
}
