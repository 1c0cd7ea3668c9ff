/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A portal created by Bind: a prepared statement with its parameter values bound, and, once it
 * runs, its open cursor. An Execute with a row limit leaves the cursor open (suspended) for the
 * next Execute; the portal lives until it is closed, its statement is closed, or its transaction
 * ends.
 */
final class Portal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Portal.class);

  private final Prepared prepared;
  private final PreparedStatement statement;
  private RowCursor cursor;
  private boolean started;
  private boolean typesSent;
  private boolean done;
  private boolean closed;

  /**
   * @param statement the SQLite statement with the values bound, taken from {@code prepared} (null
   *     for an empty statement)
   */
  Portal(Prepared prepared, PreparedStatement statement) {
    this.prepared = prepared;
    this.statement = statement;
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
