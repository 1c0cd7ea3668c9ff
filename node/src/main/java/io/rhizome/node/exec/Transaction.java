/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * The Postgres transaction state of one session, kept on top of SQLite's, and the rules both query
 * protocols share.
 *
 * <ul>
 *   <li>The connection stays in JDBC auto-commit mode and the client's BEGIN/COMMIT/ROLLBACK reach
 *       SQLite as SQL. sqlite-jdbc offers no {@code sqlite3_get_autocommit}, so the state is
 *       tracked here from the statements that succeed.
 *   <li>An implicit transaction (several statements of one Query, or the extended-query messages
 *       between two Syncs) is opened with a real BEGIN only once a second statement may need it.
 *   <li>After an error inside a transaction every statement but ROLLBACK, COMMIT (which then rolls
 *       back, tagged "ROLLBACK") and ROLLBACK TO is refused with 25P02 until the transaction ends,
 *       as in Postgres. Whether SQLite already rolled back by itself (SQLITE_FULL, IOERR, ...) then
 *       does not matter: the client's ROLLBACK ends both.
 *   <li>Postgres accepts BEGIN inside and COMMIT/ROLLBACK outside a transaction with a warning;
 *       here they succeed without reaching SQLite, which would fail them.
 * </ul>
 */
final class Transaction {
  private static final Logger LOG = LoggerFactory.getLogger(Transaction.class);

  private enum State {
    IDLE,
    /** Inside an implicit transaction that SQLite has begun. */
    IMPLICIT,
    EXPLICIT,
    FAILED
  }

  /** What to do with a statement in the current state. */
  sealed interface Admission {}

  /** Run the statement. */
  record Run() implements Admission {}

  /** Answered without running it, with this command tag. */
  record Answered(String tag) implements Admission {}

  /** Refused with this error (the error rules are not applied yet: call {@link #failed}). */
  record Refused(io.rhizome.proto.Error error) implements Admission {}

  private static final Admission RUN = new Run();

  private final SQLiteConnection connection;
  private final SqliteErrors errors;

  /** Told whenever this session may have released the tenant's write lock. */
  private final WriterWakeups.Database writers;

  private State state = State.IDLE;

  /** The transaction was opened by a SAVEPOINT, so RELEASE of that savepoint commits it. */
  private boolean fromSavepoint;

  /** A statement that may write ran in the current transaction. */
  private boolean wrote;

  Transaction(SQLiteConnection connection, SqliteErrors errors, WriterWakeups.Database writers) {
    this.connection = connection;
    this.errors = errors;
    this.writers = writers;
  }

  /** The transaction status for the Ready message. */
  TxStatus status() {
    return switch (state) {
      case IDLE -> TxStatus.IDLE;
      case IMPLICIT, EXPLICIT -> TxStatus.IN_TRANSACTION;
      case FAILED -> TxStatus.FAILED;
    };
  }

  /** No transaction is open, neither a client's nor an implicit one SQLite has begun. */
  boolean idle() {
    return state == State.IDLE;
  }

  /** An error happened inside a transaction that the client has not ended yet. */
  boolean aborted() {
    return state == State.FAILED;
  }

  /**
   * Decides what happens to {@code statement}.
   *
   * @param implicit whether a statement outside any transaction must open an implicit one (more
   *     statements of the same implicit transaction may follow)
   */
  Admission admit(Statement statement, boolean implicit) {
    if (state == State.IDLE) {
      wrote = false;
    }
    if (state == State.FAILED) {
      return switch (statement.kind()) {
        case ROLLBACK, COMMIT -> rollbackTransaction();
        case ROLLBACK_TO -> RUN;
        default -> new Refused(abortedError());
      };
    }
    switch (statement.kind()) {
      case BEGIN -> {
        if (state != State.IDLE) {
          // BEGIN inside the implicit transaction makes it explicit, as in Postgres.
          state = State.EXPLICIT;
          fromSavepoint = false;
          return new Answered(statement.tag());
        }
        return RUN;
      }
      case COMMIT, ROLLBACK -> {
        if (state == State.IDLE) {
          return new Answered(statement.tag());
        }
        return statement.kind() == StatementKind.ROLLBACK ? rollbackTransaction() : RUN;
      }
      default -> {
        if (state == State.IDLE && implicit) {
          try (java.sql.Statement begin = connection.createStatement()) {
            begin.execute("BEGIN");
            state = State.IMPLICIT;
          } catch (SQLException e) {
            return new Refused(errors.map(e));
          }
        }
        wrote |= statement.kind().isWrite();
        return RUN;
      }
    }
  }

  /**
   * Whether a statement of {@code kind} may run on a thread that must not block but serves no other
   * session ({@link Venue#LONE_LOOP}): an INSERT, UPDATE or DELETE that runs in auto-commit mode
   * (no transaction open and, with {@code alone}, none to open: it is its own transaction, which
   * SQLite rolls back whole if it is stopped before its commit), or a COMMIT. Both block for the
   * commit's fsync at most, never for another session; DDL, savepoints and statements inside a
   * transaction (which an interrupt would roll back with everything before them) move.
   */
  boolean inlineWrite(StatementKind kind, boolean alone) {
    return switch (kind) {
      case INSERT, UPDATE, DELETE -> alone && state == State.IDLE;
      case COMMIT -> true;
      default -> false;
    };
  }

  /** The 25P02 refusal of a statement inside a failed transaction. */
  static io.rhizome.proto.Error abortedError() {
    return Errors.error(
        SqlState.IN_FAILED_SQL_TRANSACTION,
        "current transaction is aborted, commands ignored until end of transaction block");
  }

  /**
   * Applies a statement that ran successfully.
   *
   * @return whether it committed a write: an auto-commit statement that may write, or a COMMIT or
   *     RELEASE that ended a transaction that wrote
   */
  boolean succeeded(StatementKind kind) {
    boolean wasIdle = state == State.IDLE;
    switch (kind) {
      case BEGIN -> {
        state = State.EXPLICIT;
        fromSavepoint = false;
      }
      case COMMIT -> state = State.IDLE;
      case ROLLBACK_TO -> {
        if (state == State.FAILED) {
          state = State.EXPLICIT;
        }
      }
      case SAVEPOINT -> {
        if (state == State.IDLE) {
          state = State.EXPLICIT;
          fromSavepoint = true;
        }
      }
      case RELEASE -> {
        if (state == State.EXPLICIT && fromSavepoint && !sqliteInTransaction()) {
          state = State.IDLE;
        }
      }
      default -> {}
    }
    boolean committed = state == State.IDLE && (wasIdle ? kind.isWrite() : wrote);
    if (committed) {
      writers.released();
    }
    return committed;
  }

  /**
   * Applies Postgres' rules after an error: a failed implicit transaction, or a failed COMMIT, ends
   * the transaction; inside an explicit one the transaction fails until the client ends it.
   *
   * @param kind what the failing statement was, or null when the error came from no statement
   *     (parse, bind)
   */
  void failed(StatementKind kind) {
    boolean commitFailed = kind == StatementKind.COMMIT;
    if (state == State.IMPLICIT || (state == State.EXPLICIT && commitFailed)) {
      state = rollbackAfterError() ? State.IDLE : State.FAILED;
    } else if (state == State.EXPLICIT) {
      state = State.FAILED;
    }
    endedWrite();
  }

  /**
   * Commits the implicit transaction, if SQLite has begun one.
   *
   * @return the error when the commit failed (the transaction is then rolled back)
   */
  io.rhizome.proto.Error commitImplicit() {
    if (state != State.IMPLICIT) {
      return null;
    }
    try (java.sql.Statement commit = connection.createStatement()) {
      commit.execute("COMMIT");
      state = State.IDLE;
      return null;
    } catch (SQLException e) {
      state = rollbackAfterError() ? State.IDLE : State.FAILED;
      return errors.map(e);
    } finally {
      endedWrite();
    }
  }

  /**
   * Whether a statement that may write ran in the open transaction, so committing it writes to the
   * disk (a read-only transaction commits without).
   */
  boolean wrote() {
    return wrote && state != State.IDLE;
  }

  /** Whether an implicit transaction is open (its commit must pass the write fence). */
  boolean implicitOpen() {
    return state == State.IMPLICIT;
  }

  /** Rolls back whatever is open; for the end of the session. */
  void abandon() {
    if (state == State.IDLE) {
      return;
    }
    try {
      rollback();
    } catch (SQLException e) {
      LOG.warn("rollback on session close failed: {}", errors.map(e).getSqlstate());
    }
    state = State.IDLE;
    endedWrite();
  }

  /** ROLLBACK, or COMMIT of a failed transaction (which Postgres tags "ROLLBACK"). */
  private Admission rollbackTransaction() {
    try {
      rollback();
      state = State.IDLE;
      endedWrite();
      return new Answered("ROLLBACK");
    } catch (SQLException e) {
      return new Refused(errors.map(e));
    }
  }

  /** Wakes the tenant's waiting writers if this session's write transaction just ended. */
  private void endedWrite() {
    if (state == State.IDLE && wrote) {
      writers.released();
    }
  }

  private boolean rollbackAfterError() {
    try {
      rollback();
      return true;
    } catch (SQLException e) {
      LOG.warn("rollback after a failed statement failed: {}", errors.map(e).getSqlstate());
      return false;
    }
  }

  /** Rolls back the SQLite transaction; no transaction (SQLite already rolled back) is fine. */
  private void rollback() throws SQLException {
    try (java.sql.Statement rollback = connection.createStatement()) {
      rollback.execute("ROLLBACK");
    } catch (SQLException e) {
      if (!SqlState.NO_ACTIVE_SQL_TRANSACTION.code().equals(errors.map(e).getSqlstate())) {
        throw e;
      }
    }
  }

  /**
   * Whether SQLite has a transaction open. sqlite-jdbc does not expose sqlite3_get_autocommit, but
   * BEGIN fails inside a transaction and is undone at once outside one.
   */
  private boolean sqliteInTransaction() {
    try (java.sql.Statement probe = connection.createStatement()) {
      probe.execute("BEGIN");
      probe.execute("ROLLBACK");
      return false;
    } catch (SQLException e) {
      if (!SqlState.ACTIVE_SQL_TRANSACTION.code().equals(errors.map(e).getSqlstate())) {
        LOG.warn("transaction probe failed: {}", errors.map(e).getSqlstate());
      }
      return true;
    }
  }
}
