/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.Column;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.Row;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.RowDescription;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;

/**
 * The rows of one executed statement, read in bounded batches.
 *
 * <p>The first batch of rows is read before the description is built: an expression column takes
 * its type from its values, and a declared column whose values do not all fit its declared type is
 * typed text (see {@link PgTypes}). A prepared statement whose types were already told to the
 * client passes them in instead, so every execution of it reports the same types.
 *
 * <p>A row's values together may not exceed the connection's {@code SQLITE_LIMIT_LENGTH} (the
 * node's maximum value size): SQLite bounds each value, not a result row, and a row of many large
 * values would otherwise fill the heap. Such a row fails the statement with SQLITE_TOOBIG (54000).
 */
final class RowCursor implements AutoCloseable {
  /** At most this many rows per batch. */
  static final int MAX_BATCH_ROWS = 500;

  /** A batch stops growing once its rows reach this many bytes (one row may exceed it). */
  static final int MAX_BATCH_BYTES = 256 * 1024;

  private final PreparedStatement statement;
  private final boolean ownsStatement;
  private final StatementRows rows;
  private final int columnCount;
  private final boolean encoded;
  private final RowDescription description;

  /** Rows read and not yet returned; empty exactly when the result has no more rows. */
  private final ArrayDeque<Ahead> ahead = new ArrayDeque<>();

  /**
   * A row read ahead, as a Row or as its encoded bytes, with its size as rows are bounded
   * (RowBatch.max_row_bytes).
   */
  private record Ahead(Row row, byte[] encoded, long size) {
    int serializedSize() {
      return row != null ? row.getSerializedSize() : encoded.length;
    }
  }

  private long count;

  private RowCursor(
      PreparedStatement statement,
      ResultColumns columns,
      RowFormat format,
      RowDescription known,
      boolean ownsStatement)
      throws SQLException {
    this.statement = statement;
    this.ownsStatement = ownsStatement;
    this.columnCount = columns.count();
    this.encoded = format.encoded();
    this.rows = new StatementRows(statement, columnCount, format);
    if (known != null) {
      this.description = known;
      readAhead(1);
      return;
    }
    ColumnTyping[] typing = new ColumnTyping[columnCount];
    for (int i = 0; i < columnCount; i++) {
      typing[i] = new ColumnTyping(columns.declaredType(i));
    }
    if (encoded) {
      // Typed as they are read: the first batch goes into bytes like every later one.
      rows.typeWith(typing);
      readAhead(MAX_BATCH_ROWS);
      rows.typeWith(null);
    } else {
      readAhead(MAX_BATCH_ROWS);
      for (Ahead read : ahead) {
        for (int i = 0; i < columnCount; i++) {
          typing[i].value(read.row().getValues(i));
        }
      }
    }
    RowDescription.Builder description = RowDescription.newBuilder();
    for (int i = 0; i < columnCount; i++) {
      description.addColumns(
          Column.newBuilder().setName(columns.name(i)).setType(typing[i].type()));
    }
    this.description = description.build();
  }

  /**
   * Opens the cursor of an executed statement that has result columns, reading its first row.
   * Closes the statement if that fails.
   */
  static RowCursor open(PreparedStatement statement, ResultColumns columns, RowFormat format)
      throws SQLException {
    try {
      return new RowCursor(statement, columns, format, null, true);
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /**
   * Opens the cursor of an executed statement that stays open after the cursor (a portal's,
   * returned to its prepared statement for the next execution).
   *
   * @param known the types already reported for this statement, or null to take them from the first
   *     row
   */
  static RowCursor over(
      PreparedStatement statement, ResultColumns columns, RowFormat format, RowDescription known)
      throws SQLException {
    return new RowCursor(statement, columns, format, known, false);
  }

  RowDescription description() {
    return description;
  }

  boolean hasMore() {
    return !ahead.isEmpty();
  }

  /** Rows read so far, including those in batches already returned. */
  long count() {
    return count;
  }

  /** The next batch: at least one row (when {@link #hasMore()}), bounded in rows and bytes. */
  RowBatch nextBatch() throws SQLException {
    return nextBatch(MAX_BATCH_ROWS);
  }

  /** The next batch of at most {@code maxRows} (and {@link #MAX_BATCH_ROWS}) rows. */
  RowBatch nextBatch(long maxRows) throws SQLException {
    long limit = Math.min(maxRows, MAX_BATCH_ROWS);
    RowBatch.Builder listed = encoded ? null : RowBatch.newBuilder();
    EncodedRows.BatchWriter written = encoded ? new EncodedRows.BatchWriter() : null;
    int count = 0;
    long bytes = 0;
    long largest = 0;
    while (!ahead.isEmpty() && count < limit && bytes < MAX_BATCH_BYTES) {
      Ahead read = ahead.poll();
      if (listed != null) {
        listed.addRows(read.row());
      } else {
        written.add(read.encoded());
      }
      count++;
      bytes += read.serializedSize();
      largest = Math.max(largest, read.size());
      if (ahead.isEmpty()) {
        readAhead(1);
      }
    }
    return listed != null ? listed.setMaxRowBytes(largest).build() : written.build(largest);
  }

  /** Reads up to {@code count} more rows, and at most {@link #MAX_BATCH_BYTES} of them. */
  private void readAhead(int count) throws SQLException {
    long bytes = 0;
    for (int i = 0; i < count && bytes < MAX_BATCH_BYTES; i++) {
      Ahead read = readRow();
      if (read == null) {
        return;
      }
      ahead.add(read);
      bytes += read.serializedSize();
    }
  }

  private Ahead readRow() throws SQLException {
    Ahead read;
    if (encoded) {
      byte[] row = rows.nextEncoded();
      read = row == null ? null : new Ahead(null, row, rows.lastRowBytes());
    } else {
      Row row = rows.next();
      read = row == null ? null : new Ahead(row, null, rows.lastRowBytes());
    }
    if (read != null) {
      count++;
    }
    return read;
  }

  /** Ends the cursor; closes the statement too unless it outlives the cursor. */
  @Override
  public void close() throws SQLException {
    if (ownsStatement) {
      statement.close();
    } else {
      rows.close();
    }
  }
}
