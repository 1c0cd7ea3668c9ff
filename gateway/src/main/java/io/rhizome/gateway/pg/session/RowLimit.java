/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.Row;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;

/**
 * The gateway's bound on one result row, measured as the node measures it (bytes of a blob,
 * characters of a text, 8 for a number), checked before a row is encoded: its DataRow can be up to
 * three times that (hex text of a blob, UTF-8), and encoding a row of hundreds of megabytes on an
 * event loop would take the heap every session shares.
 */
final class RowLimit {
  private RowLimit() {}

  /**
   * Whether any row of {@code batch} is larger than {@code max}: by the size of its largest row
   * when the node stated it (a second pass over every value cost 5-7% of a large result), else by
   * measuring each row.
   */
  static boolean exceeded(RowBatch batch, long max) {
    if (batch.getMaxRowBytes() > 0) {
      return batch.getMaxRowBytes() > max;
    }
    for (Row row : NodeRows.of(batch)) {
      long size = 0;
      for (int i = 0; i < row.getValuesCount(); i++) {
        size += size(row.getValues(i));
        if (size > max) {
          return true;
        }
      }
    }
    return false;
  }

  static PgException failure(long max) {
    return PgException.fatal(
        SqlState.PROGRAM_LIMIT_EXCEEDED,
        "a result row exceeds the gateway's limit of "
            + max
            + " bytes (--max-value-bytes); the node allows larger rows than this gateway");
  }

  private static long size(Value v) {
    return switch (v.getKindCase()) {
      case BLOB -> v.getBlob().size();
      case TEXT -> v.getText().length();
      default -> Long.BYTES;
    };
  }
}
