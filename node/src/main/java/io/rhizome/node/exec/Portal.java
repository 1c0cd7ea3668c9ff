/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.Value;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * A portal created by Bind: a prepared statement with its parameter values bound, and, once it
 * runs, its open cursor. An Execute with a row limit leaves the cursor open (suspended) for the
 * next Execute; the portal lives until it is closed, its statement is closed, or its transaction
 * ends.
 */
final class Portal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Portal.class);

  private final Prepared prepared;
  private final List<Value> values;
  private PreparedStatement statement;
  private RowCursor cursor;
  private boolean started;
  private boolean typesSent;
  private boolean done;
  private boolean closed;

  /**
   * @param statement the SQLite statement with the values bound, taken from {@code prepared} (null
   *     for an empty statement)
   * @param values the values bound, kept to bind them again (see {@link #rebind})
   */
  Portal(Prepared prepared, PreparedStatement statement, List<Value> values) {
    this.prepared = prepared;
    this.statement = statement;
    this.values = values;
  }

  /**
   * Replaces the SQLite statement of a portal whose first run was stopped before it answered (by
   * the inline budget): sqlite-jdbc closes a statement whose step failed, so the portal gets a
   * fresh one with the same values, ready to run from the start.
   */
  void rebind(SQLiteConnection connection) throws SQLException {
    if (!statement.isClosed()) {
      statement.close();
    }
    statement = prepared.acquire(connection);
    ExtendedQuery.bindValues(statement, values, prepared);
  }

  Prepared prepared() {
    return prepared;
  }

  PreparedStatement statement() {
    return statement;
  }

  /** Whether the statement has run (a Describe may have run it to learn its types). */
  boolean started() {
    return started;
  }

  /** The cursor of a started statement with rows left, or null. */
  RowCursor cursor() {
    return cursor;
  }

  void started(RowCursor rows) {
    started = true;
    cursor = rows;
  }

  /**
   * Whether the column types still have to go to the gateway, which encodes the rows with them
   * (true only the first time: by a Describe of the portal or its first Execute).
   */
  boolean takeTypesToSend() {
    boolean first = !typesSent;
    typesSent = true;
    return first;
  }

  boolean done() {
    return done;
  }

  /** The statement ran to its end (or failed): later Executes return nothing. */
  void finish() {
    done = true;
    closeCursor();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    finish();
    if (statement != null) {
      prepared.release(statement);
    }
  }

  private void closeCursor() {
    if (cursor == null) {
      return;
    }
    try {
      cursor.close();
    } catch (SQLException e) {
      LOG.warn("closing a cursor failed: {}", e.getClass().getSimpleName());
    }
    cursor = null;
  }
}
