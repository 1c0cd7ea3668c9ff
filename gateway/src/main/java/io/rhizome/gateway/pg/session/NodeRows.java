/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.Row;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.SqlState;
import java.io.IOException;
import java.util.List;

/** The rows of a batch from the node, for the steps that read them as objects. */
final class NodeRows {
  private NodeRows() {}

  /**
   * The batch's rows, parsing encoded ones (RowBatch.encoded_rows).
   *
   * @throws PgException (FATAL, 08006) when encoded rows do not parse
   */
  static List<Row> of(RowBatch batch) {
    try {
      return EncodedRows.rows(batch);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** The node sent rows that do not parse: the session cannot trust its link any more. */
  static PgException malformed(IOException e) {
    return PgException.fatal(
        SqlState.CONNECTION_FAILURE, "the node sent rows that do not parse: " + e.getMessage());
  }
}
