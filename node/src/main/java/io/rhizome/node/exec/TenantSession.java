/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.node.schema.TableChange;
import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.proto.CommandComplete;
import io.rhizome.proto.EmptyQuery;
import io.rhizome.proto.Extended;
import io.rhizome.proto.Ready;
import io.rhizome.proto.RowBatch;
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
 * One client session on one tenant's SQLite connection: runs simple Query messages statement by
 * statement and extended-query requests step by step ({@link ExtendedQuery}), with Postgres
 * transaction semantics on top of SQLite's ({@link Transaction}).
 *
 * <ul>
 *   <li>Several statements in one Query outside a transaction run as one implicit transaction,
 *       rolled back on the first error (Postgres semantics).
 *   <li>Rows go out in bounded batches only while {@link Outbound#isReady()}: a slow client parks
 *       the query (no thread waits for it) until {@link #advance} is called again.
 * </ul>
 *
 * <p>Thread confinement: every method but {@link #interrupt()} and {@link #cancel()} must be called
 * by one thread at a time (the session's lane).
 */
public final class TenantSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantSession.class);

  /**
   * SQLite virtual-machine steps between two progress-handler calls: a point query never reaches
   * it, a long one pays one cheap upcall per few microseconds of work and stops within as long.
   */
  static final int PROGRESS_INTERVAL = 1000;

  private static final SessionResponse EMPTY_QUERY =
      SessionResponse.newBuilder().setEmptyQuery(EmptyQuery.getDefaultInstance()).build();

  /** What becomes of the session's connection when the session closes. */
  @FunctionalInterface
  public interface ConnectionRelease {
    void release() throws SQLException;
  }

  private final SQLiteConnection connection;
  private final ConnectionRelease release;
  private final SqliteErrors errors;
  private final WriteFence fence;
  private final TenantLockdown lockdown;
  private final StatementClock clock;
  private final ResultRowLimit rowLimit;
  private final RowFormat rowFormat;
  private final Transaction tx;
  private final ExtendedQuery extended;
  private final Object lifecycle = new Object();
  private boolean closed; // guarded by lifecycle

  /** A Query or extended request is between its start and its Ready, so a cancel applies to it. */
  private boolean queryActive; // guarded by lifecycle

  /**
   * A client asked to cancel the active request. Set under {@code lifecycle}; read without it by
   * SQLite's progress handler on the worker running the statement.
   */
  private final CancelFlag canceling = new CancelFlag();

  private final InlineBudget inline = new InlineBudget();

  /** Waits for the tenant's write lock; not while a request runs where it must not block. */
  private final WriterWakeups.Waiter writeLockWait;

  private List<String> statements = List.of();
  private int next;
  private boolean running;
  private boolean runningExtended;
  private Statement cursorStatement;
  private RowCursor cursor;

  /**
   * A session that closes {@code connection} when it ends.
   *
   * @param connection the tenant's connection, owned by this session from now on
   * @param errors maps SQLite failures to SQLSTATEs
   * @param fence checked before every statement that may write
   * @param lockdown admits each statement before it is prepared; its quotas time statements
   */
  public TenantSession(
      SQLiteConnection connection, SqliteErrors errors, WriteFence fence, TenantLockdown lockdown) {
    this(connection, connection::close, errors, fence, lockdown);
  }

  /**
   * @param connection the tenant's connection, used only by this session until it closes
   * @param release called once when the session closes, after its transaction is rolled back and
   *     its statements are closed (a leased handle goes back to its cache)
   */
  public TenantSession(
      SQLiteConnection connection,
      ConnectionRelease release,
      SqliteErrors errors,
      WriteFence fence,
      TenantLockdown lockdown) {
    this(connection, release, errors, fence, lockdown, lockdown.quotas());
  }

  /**
   * @param quotas the tenant's limits (the node's, with the tenant's overrides): statement time and
   *     result rows; the size limit is pinned on the connection by the caller
   */
  public TenantSession(
      SQLiteConnection connection,
      ConnectionRelease release,
      SqliteErrors errors,
      WriteFence fence,
      TenantLockdown lockdown,
      TenantQuotas quotas) {
    this(connection, release, errors, fence, lockdown, quotas, false);
  }

  /**
   * @param encodedRows send rows as RowBatch.encoded_rows (the gateway asked for them in Open)
   */
  public TenantSession(
      SQLiteConnection connection,
      ConnectionRelease release,
      SqliteErrors errors,
      WriteFence fence,
      TenantLockdown lockdown,
      TenantQuotas quotas,
      boolean encodedRows) {
    this.connection = connection;
    this.release = release;
    this.errors = errors;
    this.lockdown = lockdown;
    this.rowLimit = new ResultRowLimit(quotas.maxResultRows());
    try {
      this.rowFormat = RowFormat.of(connection, encodedRows);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database's row limit and encoding", e);
    }
    this.clock = new StatementClock(quotas.statementTimeout());
    WriterWakeups.Database writers = WriterWakeups.PROCESS.database(connection);
    this.tx = new Transaction(connection, errors, writers);
    this.writeLockWait = WriterWakeups.Waiter.install(connection, writers);
    this.fence = new CheckpointingFence(fence, connection, writeLockWait, writers);
    this.extended =
        new ExtendedQuery(
            connection,
            errors,
            this.fence,
            tx,
            new ExtendedQuery.Guards(lockdown, clock, canceling, rowLimit, inline, rowFormat));
    try {
      ProgressHandler.setHandler(
          connection,
          PROGRESS_INTERVAL,
          new ProgressHandler() {
            @Override
            protected int progress() {
              // Non-zero: SQLite stops the statement (SQLITE_INTERRUPT).
              return canceling.isSet() || clock.expired() || inline.trip() ? 1 : 0;
            }
          });
    } catch (SQLException e) {
      throw new IllegalStateException("cannot install SQLite's progress handler", e);
    }
  }

  /** Starts a Query; drive it with {@link #advance}. An empty list answers EmptyQuery. */
  public void start(List<String> queryStatements) {
    requireIdle();
    statements = queryStatements.isEmpty() ? List.of("") : List.copyOf(queryStatements);
    next = 0;
    running = true;
    activate();
  }

  /** Starts an extended-query request; drive it with {@link #advance}. */
  public void start(Extended request) {
    requireIdle();
    extended.start(request);
    running = true;
    runningExtended = true;
    activate();
  }

  /**
   * Answers a Query without running it: the error, applied to the transaction like a statement's
   * (an explicit transaction fails), then Ready.
   */
  public void refuse(io.rhizome.proto.Error error, Outbound out) {
    requireIdle();
    out.send(Errors.response(error));
    tx.failed(null);
    extended.queryFinished();
    out.send(SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(status())).build());
  }

  /**
   * Answers an extended-query request without running it, as if its first step had failed with
   * {@code error}: the steps up to the next sync are skipped.
   *
   * @throws FencedException when the node lost the shard; the session must end
   */
  public void refuse(Extended request, io.rhizome.proto.Error error, Outbound out)
      throws FencedException {
    requireIdle();
    extended.refuse(request, error, out);
  }

  private void activate() {
    synchronized (lifecycle) {
      queryActive = true;
      canceling.clear();
    }
  }

  private void deactivate() {
    synchronized (lifecycle) {
      queryActive = false;
      canceling.clear();
    }
  }

  private void requireIdle() {
    if (running) {
      throw new IllegalStateException("a query is already running");
    }
  }

  /**
   * Runs the started Query or extended-query request as far as the receiver's flow control allows,
   * on a thread where blocking is fine.
   *
   * @return true when it is finished (its Ready sent); false when it paused because {@code out} is
   *     not ready: call again once it is
   * @throws FencedException when the node lost the shard; the session must end
   */
  public boolean advance(Outbound out) throws FencedException {
    return advance(out, Venue.WORKER) == Progress.FINISHED;
  }

  /**
   * Runs the started Query or extended-query request as far as the receiver's flow control allows.
   *
   * <p>On a {@link Venue#SHARED_LOOP} (the caller is a transport thread or an event loop that other
   * sessions need), only what cannot block for long runs: reads (SELECT, VALUES, EXPLAIN) and the
   * steps around them, within {@link InlineBudget#MAX_STEPS}. It stops with {@link Progress#MOVE}
   * before anything else (a write, BEGIN, COMMIT, DDL, a commit of an implicit transaction that
   * wrote, a statement known to be slow), and when a read overruns the budget; the caller then
   * calls again where blocking is fine, and the request goes on exactly where it stopped. A
   * statement stopped before it answered anything runs again from its start (see {@link
   * InlineBudget}).
   *
   * <p>On a {@link Venue#LONE_LOOP} a single auto-commit INSERT, UPDATE or DELETE (one statement
   * outside any transaction, or an extended request's only Execute before its sync) and a COMMIT
   * also run there, under the same budget, unless the write fence's commits wait for replicas: they
   * block only for SQLite's commit and its fsync, which no other session is waiting behind. Such a
   * write that meets the tenant's write lock, or overruns the budget, was rolled back whole by
   * SQLite and moves like a read.
   *
   * @throws FencedException when the node lost the shard; the session must end
   */
  public Progress advance(Outbound out, Venue venue) throws FencedException {
    if (!running) {
      throw new IllegalStateException("no query is running");
    }
    if (venue.mayBlock()) {
      return advanceHere(out);
    }
    inline.start(venue == Venue.LONE_LOOP && !fence.commitsWait());
    try {
      writeLockWait.mayWait(false);
      return advanceHere(out);
    } finally {
      inline.stop();
      writeLockWait.mayWait(true);
    }
  }

  private Progress advanceHere(Outbound out) throws FencedException {
    if (runningExtended) {
      Progress progress = extended.advance(out);
      if (progress == Progress.FINISHED) {
        running = false;
        runningExtended = false;
        deactivate();
      }
      return progress;
    }
    while (true) {
      if (!out.isReady()) {
        return Progress.WAITING;
      }
      if (inline.spent()) {
        if (cursorStatement != null) {
          inline.markSlow(cursorStatement.sql());
        }
        return Progress.MOVE;
      }
      if (cursor != null) {
        streamBatch(out);
      } else if (next < statements.size()) {
        Statement statement = Statement.of(statements.get(next));
        if (inline.on() && !quick(statement)) {
          return Progress.MOVE;
        }
        next++;
        if (canceling.isSet()) {
          // Cancelled between two statements, where SQLite's interrupt has nothing to stop.
          fail(statement, out, canceling.canceled());
        } else if (!run(statement, out)) {
          next--;
          if (inline.overran()) {
            inline.markSlow(statement.sql());
          }
          return Progress.MOVE;
        }
      } else if (inline.on() && tx.implicitOpen() && tx.wrote()) {
        return Progress.MOVE; // the commit writes to disk
      } else {
        finishQuery(out);
        return Progress.FINISHED;
      }
    }
  }

  /** Whether a simple-query statement may run where nothing may block. */
  private boolean quick(Statement statement) {
    StatementKind kind = statement.kind();
    if (kind == StatementKind.EMPTY) {
      return true;
    }
    if (inline.slow(statement.sql())) {
      return false;
    }
    return kind == StatementKind.QUERY
        || (inline.writes() && tx.inlineWrite(kind, statements.size() == 1));
  }

  /** The transaction status for the Ready message. */
  public TxStatus status() {
    return tx.status();
  }

  /** Aborts the statement SQLite is running, if any; with none running it is lost. */
  private void interrupt() {
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
   * A client's cancel request: the running statement, or the next one of the same Query or extended
   * request, fails with 57014 "canceling statement due to user request" (SQLite rolls back its
   * statement, and inside a transaction the transaction fails, as in Postgres). Between requests it
   * does nothing: a late cancel must not hit the client's next one. Safe from any thread.
   */
  public void cancel() {
    synchronized (lifecycle) {
      if (closed || !queryActive) {
        return;
      }
      canceling.set();
      // Under the lock, so the interrupt cannot reach a later Query. The progress handler covers
      // a statement that starts right after this (an interrupt with nothing running is lost).
      interrupt();
    }
  }

  /** Rolls back an open transaction, closes statements and portals, and releases the connection. */
  @Override
  public void close() {
    closeCursor();
    running = false;
    runningExtended = false;
    extended.close();
    tx.abandon();
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        // Under the lock: once released, the connection may serve another session, which no
        // interrupt of this one may reach.
        release.release();
      } catch (SQLException e) {
        LOG.warn("releasing a tenant connection failed: {}", errors.map(e).getSqlstate());
      }
    }
  }

  /**
   * Runs one statement of a Query.
   *
   * @return false when the inline budget stopped it before it answered anything: run it again
   */
  private boolean run(Statement statement, Outbound out) throws FencedException {
    if (statement.multiple()) {
      fail(
          statement,
          out,
          Errors.error(
              SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a single statement"));
      return true;
    }
    if (statement.kind() == StatementKind.EMPTY) {
      out.send(EMPTY_QUERY);
      return true;
    }
    Transaction.Admission admission = tx.admit(statement, statements.size() > 1);
    if (admission instanceof Transaction.Answered answered) {
      complete(out, answered.tag());
      return true;
    }
    if (admission instanceof Transaction.Refused refused) {
      fail(statement, out, refused.error());
      return true;
    }
    if (statement.kind().isWrite()) {
      fence.check();
    }
    return execute(statement, out);
  }

  private boolean execute(Statement statement, Outbound out) throws FencedException {
    PreparedStatement prepared = null;
    RowCursor opened = null;
    try {
      Optional<TenantLockdown.Refusal> refusal = lockdown.admit(connection, statement.sql());
      if (refusal.isPresent()) {
        fail(statement, out, Errors.error(refusal.get().state(), refusal.get().message()));
        return true;
      }
      if (statement.kind() == StatementKind.OTHER && TableChange.mayHandle(statement.tag())) {
        Optional<TableChange> change = TableChange.of(statement.sql());
        if (change.isPresent()) {
          clock.start();
          String tag = change.get().run(connection);
          clock.stop();
          tx.succeeded(statement.kind());
          complete(out, tag);
          return true;
        }
      }
      clock.start();
      inline.arm();
      prepared = connection.prepareStatement(statement.sql());
      ResultColumns columns = ResultColumns.of(prepared);
      prepared.execute();
      if (columns.count() > 0) {
        PreparedStatement owned = prepared;
        prepared = null;
        opened = RowCursor.open(owned, columns, rowFormat);
        inline.disarm();
        cursor = opened;
        cursorStatement = statement;
        out.send(SessionResponse.newBuilder().setRowDescription(cursor.description()).build());
        return true;
      }
      inline.disarm();
      long changes = connection.getDatabase().changes();
      prepared.close();
      prepared = null;
      clock.stop();
      if (tx.succeeded(statement.kind())) {
        fence.committed();
      }
      complete(out, statement.tag(changes, false));
      return true;
    } catch (SQLException e) {
      closeQuietly(prepared);
      closeQuietly(opened);
      if (inline.stopped(e)) {
        inline.disarm();
        clock.stop();
        return false;
      }
      inline.disarm();
      fail(statement, out, errors.map(e));
      return true;
    }
  }

  private void streamBatch(Outbound out) throws FencedException {
    Statement statement = cursorStatement;
    try {
      if (cursor.hasMore()) {
        RowBatch batch = cursor.nextBatch();
        rowLimit.check(cursor);
        out.send(SessionResponse.newBuilder().setRows(batch).build());
        return;
      }
      long rows = cursor.count();
      closeCursor();
      clock.stop();
      if (tx.succeeded(statement.kind())) {
        fence.committed();
      }
      complete(out, statement.tag(rows, true));
    } catch (SQLException e) {
      closeCursor();
      fail(statement, out, errors.map(e));
    }
  }

  /** Reports an error, stops the Query and applies Postgres' rules to the transaction. */
  private void fail(Statement statement, Outbound out, io.rhizome.proto.Error error) {
    error = clock.explain(error, canceling);
    out.send(Errors.response(canceling.explain(error)));
    closeCursor();
    next = statements.size();
    tx.failed(statement.kind());
  }

  private void finishQuery(Outbound out) throws FencedException {
    if (tx.implicitOpen()) {
      fence.check();
      boolean wrote = tx.wrote();
      io.rhizome.proto.Error failed = tx.commitImplicit();
      if (failed != null) {
        out.send(Errors.response(failed));
      } else if (wrote) {
        fence.committed();
      }
    }
    running = false;
    statements = List.of();
    extended.queryFinished();
    deactivate();
    out.send(SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(status())).build());
  }

  private static void complete(Outbound out, String tag) {
    out.send(
        SessionResponse.newBuilder()
            .setCommandComplete(CommandComplete.newBuilder().setTag(tag))
            .build());
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
