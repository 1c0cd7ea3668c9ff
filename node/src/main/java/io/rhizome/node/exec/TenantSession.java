/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.node.store.TenantLockdown;
import io.rhizome.proto.CommandComplete;
import io.rhizome.proto.EmptyQuery;
import io.rhizome.proto.Ready;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;

/**
 * One client session on one tenant's SQLite connection: runs Query messages statement by statement
 * with Postgres transaction semantics on top of SQLite's.
 *
 * <ul>
 *   <li>The connection stays in JDBC auto-commit mode and the client's BEGIN/COMMIT/ROLLBACK reach
 *       SQLite as SQL. sqlite-jdbc offers no {@code sqlite3_get_autocommit}, so the transaction
 *       state is tracked here from the statements that succeed.
 *   <li>Several statements in one Query outside a transaction run as one implicit transaction,
 *       rolled back on the first error (Postgres semantics).
 *   <li>After an error inside a transaction every statement but ROLLBACK, COMMIT (which then rolls
 *       back, tagged "ROLLBACK") and ROLLBACK TO is refused with 25P02 until the transaction ends,
 *       as in Postgres. Whether SQLite already rolled back by itself (SQLITE_FULL, IOERR, ...) then
 *       does not matter: the client's ROLLBACK ends both.
 *   <li>Postgres accepts BEGIN inside and COMMIT/ROLLBACK outside a transaction with a warning;
 *       here they succeed without reaching SQLite, which would fail them.
 *   <li>Rows go out in bounded batches only while {@link Outbound#isReady()}: a slow client parks
 *       the query (no thread waits for it) until {@link #advance} is called again.
 * </ul>
 *
 * <p>Thread confinement: every method but {@link #interrupt()} must be called by one thread at a
 * time (the session's sequential executor).
 */
public final class TenantSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantSession.class);

  static final String CANCELED_BY_USER = "canceling statement due to user request";

  /**
   * SQLite virtual-machine steps between two progress-handler calls: a point query never reaches
   * it, a long one pays one cheap upcall per few microseconds of work and stops within as long.
   */
  private static final int PROGRESS_INTERVAL = 1000;

  private static final SessionResponse EMPTY_QUERY =
      SessionResponse.newBuilder().setEmptyQuery(EmptyQuery.getDefaultInstance()).build();

  private enum Tx {
    IDLE,
    /** Inside the implicit transaction of a multi-statement Query. */
    IMPLICIT,
    EXPLICIT,
    FAILED
  }

  private final SQLiteConnection connection;
  private final SqliteErrors errors;
  private final WriteFence fence;
  private final TenantLockdown lockdown;
  private final StatementClock clock;
  private final Object lifecycle = new Object();
  private boolean closed; // guarded by lifecycle

  /** A Query is between {@link #start} and its Ready, so a cancel applies to it. */
  private boolean queryActive; // guarded by lifecycle

  /**
   * A client asked to cancel the active Query. Set under {@code lifecycle}; read without it by
   * SQLite's progress handler on the worker running the statement.
   */
  private volatile boolean canceling;

  private Tx tx = Tx.IDLE;

  /** The transaction was opened by a SAVEPOINT, so RELEASE of that savepoint commits it. */
  private boolean txFromSavepoint;

  private List<String> statements = List.of();
  private int next;
  private boolean running;
  private Statement cursorStatement;
  private RowCursor cursor;

  /**
   * @param connection the tenant's connection, owned by this session from now on
   * @param errors maps SQLite failures to SQLSTATEs
   * @param fence checked before every statement that may write
   * @param lockdown admits each statement before it is prepared; its quotas time statements
   */
  public TenantSession(
      SQLiteConnection connection, SqliteErrors errors, WriteFence fence, TenantLockdown lockdown) {
    this.connection = connection;
    this.errors = errors;
    this.fence = fence;
    this.lockdown = lockdown;
    this.clock = new StatementClock(lockdown.quotas().statementTimeout());
    try {
      ProgressHandler.setHandler(
          connection,
          PROGRESS_INTERVAL,
          new ProgressHandler() {
            @Override
            protected int progress() {
              // Non-zero: SQLite stops the statement (SQLITE_INTERRUPT).
              return canceling || clock.expired() ? 1 : 0;
            }
          });
    } catch (SQLException e) {
      throw new IllegalStateException("cannot install SQLite's progress handler", e);
    }
  }

  /** Starts a Query; drive it with {@link #advance}. An empty list answers EmptyQuery. */
  public void start(List<String> queryStatements) {
    if (running) {
      throw new IllegalStateException("a query is already running");
    }
    statements = queryStatements.isEmpty() ? List.of("") : List.copyOf(queryStatements);
    next = 0;
    running = true;
    synchronized (lifecycle) {
      queryActive = true;
      canceling = false;
    }
  }

  /**
   * Runs the started Query as far as the receiver's flow control allows.
   *
   * @return true when the Query is finished (its Ready sent); false when it paused because {@code
   *     out} is not ready: call again once it is
   * @throws FencedException when the node lost the shard; the session must end
   */
  public boolean advance(Outbound out) throws FencedException {
    if (!running) {
      throw new IllegalStateException("no query is running");
    }
    while (true) {
      if (!out.isReady()) {
        return false;
      }
      if (cursor != null) {
        streamBatch(out);
      } else if (next < statements.size()) {
        Statement statement = Statement.of(statements.get(next++));
        if (canceling) {
          // Cancelled between two statements, where SQLite's interrupt has nothing to stop.
          fail(statement, out, Errors.error(SqlState.QUERY_CANCELED, CANCELED_BY_USER));
        } else {
          run(statement, out);
        }
      } else {
        finishQuery(out);
        return true;
      }
    }
  }

  /** The transaction status for the Ready message. */
  public TxStatus status() {
    return switch (tx) {
      case IDLE -> TxStatus.IDLE;
      case IMPLICIT, EXPLICIT -> TxStatus.IN_TRANSACTION;
      case FAILED -> TxStatus.FAILED;
    };
  }

  /** Aborts the statement SQLite is running, if any. Safe from any thread. */
  public void interrupt() {
    synchronized (lifecycle) {
      if (!closed) {
        try {
          connection.getDatabase().interrupt();
        } catch (SQLException e) {
          LOG.warn("interrupting a statement failed: {}", errors.map(e).getSqlstate());
        }
      }
    }
  }

  /**
   * A client's cancel request: the running statement, or the next one of the same Query, fails with
   * 57014 "canceling statement due to user request" (SQLite rolls back its statement, and inside a
   * transaction the transaction fails, as in Postgres). Between Queries it does nothing: a late
   * cancel must not hit the client's next Query. Safe from any thread.
   */
  public void cancel() {
    synchronized (lifecycle) {
      if (closed || !queryActive) {
        return;
      }
      canceling = true;
      // Under the lock, so the interrupt cannot reach a later Query. The progress handler covers
      // a statement that starts right after this (an interrupt with nothing running is lost).
      interrupt();
    }
  }

  /** Rolls back an open transaction and closes the connection. */
  @Override
  public void close() {
    closeCursor();
    running = false;
    if (tx != Tx.IDLE) {
      try {
        rollback();
      } catch (SQLException e) {
        LOG.warn("rollback on session close failed: {}", errors.map(e).getSqlstate());
      }
    }
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.warn("closing a tenant connection failed: {}", errors.map(e).getSqlstate());
      }
    }
  }

  private void run(Statement statement, Outbound out) throws FencedException {
    if (statement.multiple()) {
      fail(
          statement,
          out,
          Errors.error(
              SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a single statement"));
      return;
    }
    if (statement.kind() == StatementKind.EMPTY) {
      out.send(EMPTY_QUERY);
      return;
    }
    if (tx == Tx.FAILED) {
      runInFailedTransaction(statement, out);
      return;
    }
    switch (statement.kind()) {
      case BEGIN -> {
        if (tx != Tx.IDLE) {
          // BEGIN inside the implicit transaction makes it explicit, as in Postgres.
          tx = Tx.EXPLICIT;
          txFromSavepoint = false;
          complete(out, statement.tag());
          return;
        }
      }
      case COMMIT, ROLLBACK -> {
        if (tx == Tx.IDLE) {
          complete(out, statement.tag());
          return;
        }
        if (statement.kind() == StatementKind.ROLLBACK) {
          rollbackTransaction(statement, out);
          return;
        }
      }
      default -> {
        if (tx == Tx.IDLE && statements.size() > 1 && !beginImplicit(statement, out)) {
          return;
        }
      }
    }
    if (statement.kind().isWrite()) {
      fence.check();
    }
    execute(statement, out);
  }

  private void runInFailedTransaction(Statement statement, Outbound out) {
    switch (statement.kind()) {
      case ROLLBACK, COMMIT -> rollbackTransaction(statement, out);
      case ROLLBACK_TO -> execute(statement, out);
      default ->
          fail(
              statement,
              out,
              Errors.error(
                  SqlState.IN_FAILED_SQL_TRANSACTION,
                  "current transaction is aborted, commands ignored until end of transaction"
                      + " block"));
    }
  }

  private boolean beginImplicit(Statement statement, Outbound out) {
    try (java.sql.Statement begin = connection.createStatement()) {
      begin.execute("BEGIN");
      tx = Tx.IMPLICIT;
      return true;
    } catch (SQLException e) {
      fail(statement, out, errors.map(e));
      return false;
    }
  }

  private void execute(Statement statement, Outbound out) {
    PreparedStatement prepared = null;
    try {
      Optional<TenantLockdown.Refusal> refusal = lockdown.admit(connection, statement.sql());
      if (refusal.isPresent()) {
        fail(statement, out, Errors.error(refusal.get().state(), refusal.get().message()));
        return;
      }
      clock.start();
      prepared = connection.prepareStatement(statement.sql());
      ResultColumns columns = ResultColumns.of(prepared);
      prepared.execute();
      if (columns.count() > 0) {
        PreparedStatement owned = prepared;
        prepared = null;
        cursor = RowCursor.open(owned, columns);
        cursorStatement = statement;
        out.send(SessionResponse.newBuilder().setRowDescription(cursor.description()).build());
        return;
      }
      long changes = connection.getDatabase().changes();
      prepared.close();
      prepared = null;
      succeeded(statement, out, countTag(statement, changes, false));
    } catch (SQLException e) {
      closeQuietly(prepared);
      fail(statement, out, errors.map(e));
    }
  }

  private void streamBatch(Outbound out) {
    Statement statement = cursorStatement;
    try {
      if (cursor.hasMore()) {
        out.send(SessionResponse.newBuilder().setRows(cursor.nextBatch()).build());
        return;
      }
      long rows = cursor.count();
      closeCursor();
      succeeded(statement, out, countTag(statement, rows, true));
    } catch (SQLException e) {
      closeCursor();
      fail(statement, out, errors.map(e));
    }
  }

  private static String countTag(Statement statement, long count, boolean rows) {
    return switch (statement.kind()) {
      case INSERT -> "INSERT 0 " + count;
      case UPDATE -> "UPDATE " + count;
      case DELETE -> "DELETE " + count;
      default -> rows ? "SELECT " + count : statement.tag();
    };
  }

  /** Applies a successful statement to the transaction state and reports its tag. */
  private void succeeded(Statement statement, Outbound out, String tag) {
    clock.stop();
    switch (statement.kind()) {
      case BEGIN -> {
        tx = Tx.EXPLICIT;
        txFromSavepoint = false;
      }
      case COMMIT -> tx = Tx.IDLE;
      case ROLLBACK_TO -> {
        if (tx == Tx.FAILED) {
          tx = Tx.EXPLICIT;
        }
      }
      case SAVEPOINT -> {
        if (tx == Tx.IDLE) {
          tx = Tx.EXPLICIT;
          txFromSavepoint = true;
        }
      }
      case RELEASE -> {
        if (tx == Tx.EXPLICIT && txFromSavepoint && !sqliteInTransaction()) {
          tx = Tx.IDLE;
        }
      }
      default -> {}
    }
    complete(out, tag);
  }

  /** ROLLBACK, or COMMIT of a failed transaction (which Postgres tags "ROLLBACK"). */
  private void rollbackTransaction(Statement statement, Outbound out) {
    try {
      rollback();
      tx = Tx.IDLE;
      complete(out, "ROLLBACK");
    } catch (SQLException e) {
      fail(statement, out, errors.map(e));
    }
  }

  /** Reports an error, stops the Query and applies Postgres' rules to the transaction. */
  private void fail(Statement statement, Outbound out, io.rhizome.proto.Error error) {
    if (clock.expired()
        && !canceling
        && SqlState.QUERY_CANCELED.code().equals(error.getSqlstate())) {
      error = error.toBuilder().setMessage(StatementClock.TIMED_OUT).build();
    }
    clock.stop(); // before the rollback below, which the expired clock would abort
    if (canceling) {
      if (SqlState.QUERY_CANCELED.code().equals(error.getSqlstate())) {
        // SQLite says "interrupted"; say why, in Postgres' words.
        error = error.toBuilder().setMessage(CANCELED_BY_USER).build();
      }
      // The cancel has stopped this Query; the rollback below must not be aborted too.
      canceling = false;
    }
    out.send(Errors.response(error));
    closeCursor();
    next = statements.size();
    boolean commitFailed = statement.kind() == StatementKind.COMMIT;
    if (tx == Tx.IMPLICIT || (tx == Tx.EXPLICIT && commitFailed)) {
      // A failed implicit transaction, or a failed COMMIT, ends the transaction in Postgres.
      tx = rollbackAfterError() ? Tx.IDLE : Tx.FAILED;
    } else if (tx == Tx.EXPLICIT) {
      tx = Tx.FAILED;
    }
  }

  private void finishQuery(Outbound out) throws FencedException {
    if (tx == Tx.IMPLICIT) {
      fence.check();
      try (java.sql.Statement commit = connection.createStatement()) {
        commit.execute("COMMIT");
        tx = Tx.IDLE;
      } catch (SQLException e) {
        out.send(Errors.response(errors.map(e)));
        tx = rollbackAfterError() ? Tx.IDLE : Tx.FAILED;
      }
    }
    running = false;
    statements = List.of();
    synchronized (lifecycle) {
      queryActive = false;
      canceling = false;
    }
    out.send(SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(status())).build());
  }

  private static void complete(Outbound out, String tag) {
    out.send(
        SessionResponse.newBuilder()
            .setCommandComplete(CommandComplete.newBuilder().setTag(tag))
            .build());
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

  private void closeCursor() {
    if (cursor != null) {
      closeQuietly(cursor);
      cursor = null;
      cursorStatement = null;
    }
  }

  private void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("closing a statement failed: {}", e.getClass().getSimpleName());
    }
  }
}
