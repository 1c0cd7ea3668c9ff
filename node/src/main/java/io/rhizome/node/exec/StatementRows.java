/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import com.google.protobuf.UnsafeByteOperations;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.Row;
import io.rhizome.proto.Value;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.core.Codes;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import org.sqlite.core.SafeStmtPtr;

/**
 * The rows of a statement sqlite-jdbc has executed, read from SQLite's statement handle directly.
 *
 * <p>sqlite-jdbc's {@code ResultSet} costs a point query more than SQLite does: every execution
 * fetches the column names into a new array ({@code getResultSet}), and every value goes through a
 * lambda, a lock and a boxed object ({@code getObject}). This reads the same values the same way
 * (by each value's storage class, as {@code getObject} does) under one lock per row, with the
 * statement's open check that sqlite-jdbc makes ({@link SafeStmtPtr} closes under the same lock, so
 * the handle cannot be freed while a row is read).
 *
 * <p>It follows sqlite-jdbc's protocol: {@code execute()} has stepped once and recorded whether a
 * row is waiting; {@link #next()} hands over that row first and steps for the later ones; {@link
 * #close()} resets the statement, as closing its result set does, so the statement's read
 * transaction ends and the next {@code execute()} starts clean. Nothing else may read the same
 * execution's rows.
 */
final class StatementRows {
  private static final VarHandle RESULTS_WAITING;
  private static final VarHandle POINTER;

  static {
    try {
      RESULTS_WAITING =
          MethodHandles.privateLookupIn(CoreStatement.class, MethodHandles.lookup())
              .findVarHandle(CoreStatement.class, "resultsWaiting", boolean.class);
      POINTER =
          MethodHandles.privateLookupIn(SafeStmtPtr.class, MethodHandles.lookup())
              .findVarHandle(SafeStmtPtr.class, "ptr", long.class);
    } catch (ReflectiveOperationException e) {
      // A sqlite-jdbc upgrade renamed them: fail at class load, in every test, not per query.
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Value NULL = Value.newBuilder().setNull(true).build();

  private final DB db;
  private final SafeStmtPtr pointer;
  private final int columns;
  private final long maxRowBytes;
  private final boolean utf8;
  private boolean first = true;
  private boolean done;
  private long lastRowBytes;
  private EncodedRows.RowWriter encoded;

  /** Told every value {@link #nextEncoded} reads while set: the columns being typed. */
  private ColumnTyping[] typing;

  /**
   * @param statement a statement whose {@code execute()} just returned true (it has columns)
   * @param format its connection's row limit and text encoding
   */
  StatementRows(PreparedStatement statement, int columns, RowFormat format) {
    CoreStatement core = (CoreStatement) statement;
    this.db = core.getDatabase();
    this.pointer = core.pointer;
    this.columns = columns;
    this.maxRowBytes = format.maxRowBytes();
    this.utf8 = format.utf8();
    this.done = !(boolean) RESULTS_WAITING.get(core);
  }

  /** The next row, or null after the last one. */
  Row next() throws SQLException {
    if (done) {
      return null;
    }
    synchronized (db) {
      long handle = handle();
      return toNextRow(handle) ? read(handle) : null;
    }
  }

  /**
   * The next row as the bytes of a protobuf Row (see {@link EncodedRows.RowWriter}), the same
   * values {@link #next()} reads without building them; null after the last row.
   */
  byte[] nextEncoded() throws SQLException {
    if (done) {
      return null;
    }
    if (encoded == null) {
      encoded = new EncodedRows.RowWriter();
    }
    synchronized (db) {
      long handle = handle();
      return toNextRow(handle) ? readEncoded(handle) : null;
    }
  }

  /**
   * Has {@link #nextEncoded} tell these typings every value it reads, one per column, until called
   * again with null.
   */
  void typeWith(ColumnTyping[] typing) {
    this.typing = typing;
  }

  /** Moves to the row to read: the one {@code execute()} left waiting, then a step each. */
  private boolean toNextRow(long handle) throws SQLException {
    if (first) {
      first = false;
      return true;
    }
    int rc = db.step(handle);
    if (rc == Codes.SQLITE_DONE) {
      done = true;
      return false;
    }
    if (rc != Codes.SQLITE_ROW) {
      done = true;
      throw failed(handle, rc);
    }
    return true;
  }

  /**
   * The size of the row {@link #next()} returned last, as rows are bounded: bytes of a blob,
   * characters of a text, 8 for any other value.
   */
  long lastRowBytes() {
    return lastRowBytes;
  }

  /** Resets the statement (ends its read); a closed statement needs nothing. */
  void close() throws SQLException {
    done = true;
    synchronized (db) {
      if (!pointer.isClosed()) {
        db.reset(handle());
      }
    }
  }

  /**
   * The failure of a step, with the statement reset: SQLite keeps a failed step's error on the
   * statement until a reset, and finalizing it would report the error again (closing a statement
   * interrupted by the inline budget then failed).
   */
  private SQLException failed(long handle, int rc) throws SQLException {
    SQLException failure;
    try {
      db.throwex(rc);
      failure = new SQLException("SQLite step failed with code " + rc);
    } catch (SQLException e) {
      failure = e;
    }
    db.reset(handle);
    return failure;
  }

  private long handle() throws SQLException {
    if (pointer.isClosed()) {
      throw new SQLException("the statement is closed");
    }
    return (long) POINTER.get(pointer);
  }

  private Row read(long handle) throws SQLException {
    Row.Builder row = Row.newBuilder();
    long bytes = 0;
    for (int i = 0; i < columns; i++) {
      Value value;
      switch (db.column_type(handle, i)) {
        case Codes.SQLITE_INTEGER -> {
          value = Value.newBuilder().setInteger(db.column_long(handle, i)).build();
          bytes += Long.BYTES;
        }
        case Codes.SQLITE_FLOAT -> {
          value = Value.newBuilder().setReal(db.column_double(handle, i)).build();
          bytes += Long.BYTES;
        }
        case Codes.SQLITE_TEXT -> {
          String text = text(handle, i);
          value = Value.newBuilder().setText(text).build();
          bytes += text.length();
        }
        case Codes.SQLITE_BLOB -> {
          byte[] blob = db.column_blob(handle, i);
          if (blob == null) {
            value = NULL; // as getObject answered
            bytes += Long.BYTES;
          } else {
            // A fresh array that nothing else keeps: wrapping it saves a copy.
            value = Value.newBuilder().setBlob(UnsafeByteOperations.unsafeWrap(blob)).build();
            bytes += blob.length;
          }
        }
        default -> {
          value = NULL;
          bytes += Long.BYTES;
        }
      }
      if (bytes > maxRowBytes) {
        throw tooBig();
      }
      row.addValues(value);
    }
    lastRowBytes = bytes;
    return row.build();
  }

  private byte[] readEncoded(long handle) throws SQLException {
    long bytes = 0;
    for (int i = 0; i < columns; i++) {
      ColumnTyping told = typing == null ? null : typing[i];
      switch (db.column_type(handle, i)) {
        case Codes.SQLITE_INTEGER -> {
          long value = db.column_long(handle, i);
          encoded.writeInteger(value);
          if (told != null) {
            told.integer(value);
          }
          bytes += Long.BYTES;
        }
        case Codes.SQLITE_FLOAT -> {
          double value = db.column_double(handle, i);
          encoded.writeReal(value);
          if (told != null) {
            told.real(value);
          }
          bytes += Long.BYTES;
        }
        case Codes.SQLITE_TEXT -> bytes += encodeText(handle, i, told);
        case Codes.SQLITE_BLOB -> {
          byte[] blob = db.column_blob(handle, i);
          if (blob == null) {
            encoded.writeNull(); // as read() answers
            bytes += Long.BYTES;
          } else {
            encoded.writeBlob(blob);
            if (told != null) {
              told.blob(blob.length);
            }
            bytes += blob.length;
          }
        }
        default -> {
          encoded.writeNull();
          bytes += Long.BYTES;
        }
      }
      if (bytes > maxRowBytes) {
        encoded.finish();
        throw tooBig();
      }
    }
    lastRowBytes = bytes;
    return encoded.finish();
  }

  /**
   * Writes a text value as {@link #read} would have it, as UTF-8, and returns its size as rows are
   * bounded (its characters). ASCII goes as stored; other text through a String, which replaces
   * what is not valid UTF-8 as {@link #text} does and gives the count of characters. Tells {@code
   * told}, when not null, the value.
   */
  private long encodeText(long handle, int column, ColumnTyping told) throws SQLException {
    String text;
    if (utf8) {
      byte[] stored = db.column_blob(handle, column);
      if (stored == null) {
        stored = new byte[0];
      }
      if (EncodedRows.isAscii(stored, 0, stored.length)) {
        encoded.writeText(stored);
        if (told != null) {
          told.text(stored);
        }
        return stored.length;
      }
      text = new String(stored, StandardCharsets.UTF_8);
    } else {
      text = db.column_text(handle, column);
    }
    encoded.writeText(text.getBytes(StandardCharsets.UTF_8));
    if (told != null) {
      told.text(text);
    }
    return text.length();
  }

  private SQLiteException tooBig() {
    return new SQLiteException(
        "row too big: its values exceed the limit of " + maxRowBytes + " bytes",
        SQLiteErrorCode.SQLITE_TOOBIG);
  }

  /**
   * A text value. sqlite-jdbc's {@code column_text} hands the bytes over as a direct ByteBuffer,
   * built by a JNI call into its Java constructor: 3% of a standalone point select's CPU for a
   * one-column row. A UTF-8 database's text comes as a byte array instead (a plain JNI copy).
   */
  private String text(long handle, int column) throws SQLException {
    if (!utf8) {
      return db.column_text(handle, column);
    }
    byte[] stored = db.column_blob(handle, column);
    return stored == null ? "" : new String(stored, StandardCharsets.UTF_8);
  }
}
