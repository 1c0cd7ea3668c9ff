/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.node.store.TenantLockdown;
import io.rhizome.proto.Bind;
import io.rhizome.proto.BindComplete;
import io.rhizome.proto.Close;
import io.rhizome.proto.CloseComplete;
import io.rhizome.proto.CommandComplete;
import io.rhizome.proto.Describe;
import io.rhizome.proto.EmptyQuery;
import io.rhizome.proto.Execute;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.NoData;
import io.rhizome.proto.ParameterDescription;
import io.rhizome.proto.Parse;
import io.rhizome.proto.ParseComplete;
import io.rhizome.proto.PortalSuspended;
import io.rhizome.proto.Ready;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.RowDescription;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Target;
import io.rhizome.proto.Value;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConnection;

/**
 * The extended query protocol on one session: prepared statements and portals, and the runs of
 * Parse/Bind/Describe/Execute/Close steps the gateway sends (see {@code Extended} in
 * rhizome.proto).
 *
 * <ul>
 *   <li>The first error skips every step until the next sync, in this request and later ones.
 *   <li>The steps between two syncs form one implicit transaction (unless the client opened an
 *       explicit one), begun in SQLite only when a second statement could run in it: a request that
 *       ends with the sync and executes one statement runs it in auto-commit mode, which is atomic
 *       by itself and saves a BEGIN and a COMMIT on the common path.
 *   <li>Portals end with their transaction: at a COMMIT or ROLLBACK, when an error aborts the
 *       implicit transaction, and at a sync that leaves no transaction open. Closing a statement
 *       closes the portals made from it, as in Postgres.
 *   <li>Statements and portals per session are bounded ({@link #MAX_STATEMENTS}, {@link
 *       #MAX_PORTALS}); past the bound the client gets 53400.
 * </ul>
 *
 * <p>Thread confinement: like {@link TenantSession}, its only caller.
 */
final class ExtendedQuery implements AutoCloseable {
  static final int MAX_STATEMENTS = 1024;
  static final int MAX_PORTALS = 256;

  private static final SessionResponse PARSE_COMPLETE =
      SessionResponse.newBuilder().setParseComplete(ParseComplete.getDefaultInstance()).build();
  private static final SessionResponse BIND_COMPLETE =
      SessionResponse.newBuilder().setBindComplete(BindComplete.getDefaultInstance()).build();
  private static final SessionResponse CLOSE_COMPLETE =
      SessionResponse.newBuilder().setCloseComplete(CloseComplete.getDefaultInstance()).build();
  private static final SessionResponse NO_DATA =
      SessionResponse.newBuilder().setNoData(NoData.getDefaultInstance()).build();
  private static final SessionResponse PORTAL_SUSPENDED =
      SessionResponse.newBuilder().setPortalSuspended(PortalSuspended.getDefaultInstance()).build();
  private static final SessionResponse EMPTY_QUERY =
      SessionResponse.newBuilder().setEmptyQuery(EmptyQuery.getDefaultInstance()).build();

  private final SQLiteConnection connection;
  private final RowFormat rowFormat;
  private final SqliteErrors errors;
  private final WriteFence fence;
  private final Transaction tx;
  private final TenantLockdown lockdown;
  private final StatementClock clock;
  private final CancelFlag canceling;
  private final ResultRowLimit rowLimit;
  private final InlineBudget inline;
  private final Map<String, Prepared> statements = new HashMap<>();
  private final CompiledStatements compiled = new CompiledStatements();
  private final Map<String, Portal> portals = new HashMap<>();

  private final Deque<ExtendedStep> steps = new ArrayDeque<>();
  private boolean sync;
  private boolean skipUntilSync;
  private boolean autoCommit;
  private int executedSinceSync;

  /** The portal whose rows are streaming, with the Execute's row budget. */
  private Portal executing;

  private long budget;
  private long sent;
  private boolean executingWasIdle;

  /**
   * A write ran in auto-commit mode and its portal was suspended: SQLite commits it when the portal
   * closes at the sync. Auto-commit needs that sync in the same request, whose write Execute moved
   * it to a worker already, so the write fence hears of this commit where blocking is fine.
   */
  private boolean suspendedAutoCommitWrite;

  /** The inline budget stopped the step just run before it answered: run it again elsewhere. */
  private boolean stopped;

  /**
   * What stands between a client and SQLite, shared with the simple query protocol.
   *
   * @param lockdown admits each statement before it is prepared, and again before it runs
   * @param clock the statement time limit, counted per Execute
   * @param canceling a client's cancel request
   * @param inline the budget of work on a thread that must not block
   */
  record Guards(
      TenantLockdown lockdown,
      StatementClock clock,
      CancelFlag canceling,
      ResultRowLimit rowLimit,
      InlineBudget inline,
      RowFormat rowFormat) {}

  ExtendedQuery(
      SQLiteConnection connection,
      SqliteErrors errors,
      WriteFence fence,
      Transaction tx,
      Guards guards) {
    this.connection = connection;
    this.errors = errors;
    this.fence = fence;
    this.tx = tx;
    this.lockdown = guards.lockdown();
    this.clock = guards.clock();
    this.canceling = guards.canceling();
    this.rowLimit = guards.rowLimit();
    this.inline = guards.inline();
    this.rowFormat = guards.rowFormat();
  }

  /** Starts a request; drive it with {@link #advance}. */
  void start(Extended request) {
    steps.clear();
    steps.addAll(request.getStepsList());
    sync = request.getSync();
    if (request.getGatewayFailed()) {
      // The client saw an error the gateway raised: the steps since the last sync fail with it.
      tx.failed(null);
      if (tx.idle()) {
        closePortals();
      }
    }
    int executes = 0;
    for (ExtendedStep step : steps) {
      executes += step.hasExecute() ? 1 : 0;
    }
    autoCommit = sync && executes <= 1 && executedSinceSync == 0 && tx.idle();
  }

  /**
   * Runs the started request as far as the receiver's flow control allows; while the inline budget
   * is on, only as far as nothing may block (see {@link TenantSession#advance(Outbound, Venue)}).
   *
   * @throws FencedException when the node lost the shard; the session must end
   */
  Progress advance(Outbound out) throws FencedException {
    while (true) {
      if (!out.isReady()) {
        return Progress.WAITING;
      }
      if (inline.spent()) {
        if (executing != null) {
          inline.markSlow(executing.prepared().statement().sql());
        }
        return Progress.MOVE;
      }
      if (executing != null) {
        stream(out);
        continue;
      }
      ExtendedStep step = steps.peek();
      if (step == null) {
        if (inline.on() && sync && tx.implicitOpen() && tx.wrote()) {
          return Progress.MOVE; // the commit writes to disk
        }
        finish(out);
        return Progress.FINISHED;
      }
      if (!skipUntilSync && inline.on() && !quick(step)) {
        return Progress.MOVE;
      }
      steps.poll();
      if (skipUntilSync) {
        continue;
      }
      if (canceling.isSet()) {
        // Cancelled between two steps, where SQLite's interrupt has nothing to stop.
        fail(out, canceling.canceled(), null);
        continue;
      }
      run(step, out);
      if (stopped) {
        stopped = false;
        steps.addFirst(step);
        return Progress.MOVE;
      }
    }
  }

  /**
   * Whether a step may run where nothing may block: everything but running a statement that is not
   * a read, or a read that overran the budget before. Parse, Bind and Close only compile, bind and
   * free statements in memory, and Describe runs nothing but a query (libpq's prepared execution
   * sends Bind, Describe, Execute, Sync). Where the inline budget allows writes, also the Execute
   * of an auto-commit INSERT, UPDATE or DELETE (the request's only Execute, with its sync, no
   * transaction open) or of a COMMIT (see {@link Transaction#inlineWrite}).
   */
  private boolean quick(ExtendedStep step) {
    Portal portal;
    switch (step.getKindCase()) {
      case EXECUTE -> portal = portals.get(step.getExecute().getPortal());
      case DESCRIBE -> {
        if (step.getDescribe().getTarget() != Target.TARGET_PORTAL) {
          return true;
        }
        portal = portals.get(step.getDescribe().getName()); // may run the statement for its types
      }
      default -> {
        return true;
      }
    }
    if (portal == null || portal.done()) {
      return true; // answered without running anything
    }
    Statement statement = portal.prepared().statement();
    StatementKind kind = statement.kind();
    if (kind == StatementKind.EMPTY
        || (step.hasDescribe()
            && kind != StatementKind.QUERY
            && kind != StatementKind.SEQUENCE_QUERY)) {
      return true; // a Describe runs only a query, for its types; others it answers as parsed
    }
    if (inline.slow(statement.sql())) {
      return false;
    }
    return kind == StatementKind.QUERY
        || (inline.writes()
            && step.hasExecute()
            && !portal.started()
            && tx.inlineWrite(kind, autoCommit));
  }

  /**
   * Answers a request without running its steps, as if its first step had failed with {@code
   * error}: the error, skipping until the sync, then Ready.
   */
  void refuse(Extended request, io.rhizome.proto.Error error, Outbound out) throws FencedException {
    start(request);
    fail(out, error, null);
    finish(out);
  }

  /** A simple Query ended: it also ended the implicit transaction of earlier steps. */
  void queryFinished() {
    executedSinceSync = 0;
    if (tx.idle()) {
      closePortals();
    }
  }

  @Override
  public void close() {
    executing = null;
    closePortals();
    statements.values().forEach(Prepared::close);
    statements.clear();
    compiled.close();
  }

  private void run(ExtendedStep step, Outbound out) throws FencedException {
    switch (step.getKindCase()) {
      case PARSE -> parse(step.getParse(), out);
      case BIND -> bind(step.getBind(), out);
      case DESCRIBE -> describe(step.getDescribe(), out);
      case EXECUTE -> execute(step.getExecute(), out);
      case CLOSE -> close(step.getClose(), out);
      case KIND_NOT_SET -> fail(out, SqlState.PROTOCOL_VIOLATION, "empty extended-query step");
    }
  }

  private void parse(Parse parse, Outbound out) {
    String name = parse.getName();
    String text = parse.getSql();
    // Kept from an earlier Parse of the same text, or null; this Parse owns it now, and gives it
    // back on every way out that does not compile a statement with it.
    CompiledStatements.Compiled reused = compiled.take(text);
    Statement statement = reused != null ? reused.statement() : Statement.of(text);
    io.rhizome.proto.Error refusal = parseRefusal(name, statement);
    if (refusal != null) {
      giveBack(text, reused);
      fail(out, refusal, null);
      return;
    }
    Prepared prepared;
    try {
      TenantLockdown.Verdict verdict =
          reused != null ? reused.verdict() : lockdown.classify(statement.sql());
      if (refused(statement, verdict, out)) {
        giveBack(text, reused);
        return;
      }
      prepared =
          Prepared.prepare(
              connection, text, statement, verdict, reused, compiled, parse.getParamTypeOidsList());
    } catch (SQLException e) {
      fail(out, errors.map(e), null);
      return;
    }
    // The unnamed statement is replaced; portals made from it keep their own SQLite statement.
    Prepared replaced = statements.put(name, prepared);
    if (replaced != null) {
      replaced.close();
    }
    out.send(PARSE_COMPLETE);
  }

  /** Why a Parse of {@code statement} as {@code name} fails before compiling, or null. */
  private io.rhizome.proto.Error parseRefusal(String name, Statement statement) {
    if (statement.multiple()) {
      return Errors.error(
          SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
    }
    if (tx.aborted() && !statement.endsFailedTransaction()) {
      return Transaction.abortedError();
    }
    if (!name.isEmpty() && statements.containsKey(name)) {
      return Errors.error(
          SqlState.DUPLICATE_PREPARED_STATEMENT,
          "prepared statement \"" + name + "\" already exists");
    }
    if (!statements.containsKey(name) && statements.size() >= MAX_STATEMENTS) {
      return Errors.error(
          SqlState.CONFIGURATION_LIMIT_EXCEEDED,
          "too many prepared statements in this session (at most " + MAX_STATEMENTS + ")");
    }
    return null;
  }

  private void giveBack(String text, CompiledStatements.Compiled reused) {
    if (reused != null) {
      compiled.give(text, reused);
    }
  }

  private void bind(Bind bind, Outbound out) {
    Prepared prepared = statements.get(bind.getStatement());
    if (prepared == null) {
      fail(
          out,
          SqlState.INVALID_SQL_STATEMENT_NAME,
          "prepared statement \"" + bind.getStatement() + "\" does not exist");
      return;
    }
    if (tx.aborted() && !prepared.statement().endsFailedTransaction()) {
      fail(out, Transaction.abortedError(), null);
      return;
    }
    String name = bind.getPortal();
    if (!name.isEmpty() && portals.containsKey(name)) {
      fail(out, SqlState.DUPLICATE_CURSOR, "portal \"" + name + "\" already exists");
      return;
    }
    int expected = prepared.parameterTypes().size();
    if (bind.getParamsCount() != expected) {
      fail(
          out,
          SqlState.PROTOCOL_VIOLATION,
          "bind message supplies "
              + bind.getParamsCount()
              + " parameters, but prepared statement \""
              + bind.getStatement()
              + "\" requires "
              + expected);
      return;
    }
    int formats = bind.getResultFormatCount();
    int columns = prepared.columns().count();
    if (formats > 1 && formats != columns) {
      fail(
          out,
          SqlState.PROTOCOL_VIOLATION,
          "bind message has " + formats + " result formats but query has " + columns + " columns");
      return;
    }
    if (!portals.containsKey(name) && portals.size() >= MAX_PORTALS) {
      fail(
          out,
          SqlState.CONFIGURATION_LIMIT_EXCEEDED,
          "too many open portals in this session (at most " + MAX_PORTALS + ")");
      return;
    }
    Portal replaced = portals.remove(name);
    if (replaced != null) {
      replaced.close();
    }
    PreparedStatement statement = null;
    if (prepared.statement().kind() != StatementKind.EMPTY && prepared.change() == null) {
      try {
        statement = prepared.acquire(connection);
        bindValues(statement, bind.getParamsList(), prepared);
      } catch (SQLException e) {
        if (statement != null) {
          prepared.release(statement);
        }
        fail(out, errors.map(e), null);
        return;
      }
    }
    portals.put(name, new Portal(prepared, statement, bind.getParamsList()));
    out.send(BIND_COMPLETE);
  }

  /**
   * Binds the values. A text value of a parameter the statement's column makes boolean (an untyped
   * {@code 'true'} inserted into a BOOLEAN column, as node-postgres sends it) is bound as SQLite's
   * 1 or 0, as the gateway binds a typed one: kept as text, it would compare unequal to {@code
   * TRUE} for ever.
   */
  static void bindValues(PreparedStatement statement, List<Value> values, Prepared prepared)
      throws SQLException {
    int bound = prepared.sqliteParameters();
    boolean[] booleans = prepared.booleanParameters();
    for (int i = 0; i < bound; i++) {
      Value v = values.get(i);
      int index = i + 1;
      switch (v.getKindCase()) {
        case INTEGER -> statement.setLong(index, v.getInteger());
        case REAL -> statement.setDouble(index, v.getReal());
        case TEXT -> {
          Long b = booleans != null && booleans[i] ? Booleans.parse(v.getText()) : null;
          if (b != null) {
            statement.setLong(index, b);
          } else {
            statement.setString(index, v.getText());
          }
        }
        case BLOB -> statement.setBytes(index, v.getBlob().toByteArray());
        case NULL, KIND_NOT_SET -> statement.setNull(index, Types.NULL);
      }
    }
  }

  private void describe(Describe describe, Outbound out) throws FencedException {
    String name = describe.getName();
    if (describe.getTarget() == Target.TARGET_STATEMENT) {
      Prepared prepared = statements.get(name);
      if (prepared == null) {
        fail(
            out,
            SqlState.INVALID_SQL_STATEMENT_NAME,
            "prepared statement \"" + name + "\" does not exist");
        return;
      }
      out.send(
          SessionResponse.newBuilder()
              .setParameterDescription(
                  ParameterDescription.newBuilder().addAllTypeOids(prepared.parameterTypes()))
              .build());
      sendDescription(prepared.columns().count() == 0 ? null : prepared.pinDeclared(), out);
      return;
    }
    if (describe.getTarget() != Target.TARGET_PORTAL) {
      fail(out, SqlState.PROTOCOL_VIOLATION, "invalid describe target");
      return;
    }
    Portal portal = portals.get(name);
    if (portal == null) {
      fail(out, SqlState.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
      return;
    }
    Prepared prepared = portal.prepared();
    if (prepared.columns().count() == 0) {
      out.send(NO_DATA);
      return;
    }
    StatementKind kind = prepared.statement().kind();
    if (prepared.description() == null
        && (kind == StatementKind.QUERY || kind == StatementKind.SEQUENCE_QUERY)
        && !portal.started()) {
      // Result types depend on the first rows (expression columns, values that do not fit their
      // declared type): read them now, the Execute goes on from there. Only for queries: a
      // Describe writes nothing but a sequence's advance, which the query's Execute would make
      // anyway (fenced, and confirmed when the portal completes).
      start(portal, out);
      clock.stop(); // the Execute that goes on counts its own time
      if (!portal.started()) {
        return; // failed, error sent
      }
    }
    portal.takeTypesToSend();
    sendDescription(prepared.pinDeclared(), out);
  }

  private static void sendDescription(RowDescription description, Outbound out) {
    out.send(
        description == null
            ? NO_DATA
            : SessionResponse.newBuilder().setRowDescription(description).build());
  }

  private void execute(Execute execute, Outbound out) throws FencedException {
    Portal portal = portals.get(execute.getPortal());
    if (portal == null) {
      fail(
          out,
          SqlState.INVALID_CURSOR_NAME,
          "portal \"" + execute.getPortal() + "\" does not exist");
      return;
    }
    budget = execute.getMaxRows() == 0 ? Long.MAX_VALUE : execute.getMaxRows();
    sent = 0;
    if (portal.done()) {
      complete(out, portal.prepared().statement().tag(0, portal.prepared().columns().count() > 0));
      return;
    }
    if (!portal.started()) {
      start(portal, out);
    } else if (tx.aborted()) {
      portal.finish();
      fail(out, Transaction.abortedError(), portal.prepared().statement().kind());
      return;
    } else {
      clock.start(); // statement_timeout counts per Execute, as in Postgres
    }
    if (portal.cursor() != null) {
      if (portal.takeTypesToSend()) {
        out.send(
            SessionResponse.newBuilder()
                .setRowDescription(portal.prepared().description())
                .build());
      }
      executing = portal;
    }
  }

  /**
   * Runs a portal's statement under the transaction rules. A statement without rows completes here;
   * one with rows leaves its cursor in the portal.
   */
  private void start(Portal portal, Outbound out) throws FencedException {
    Prepared prepared = portal.prepared();
    Statement statement = prepared.statement();
    if (statement.kind() == StatementKind.EMPTY) {
      portal.finish();
      out.send(EMPTY_QUERY);
      return;
    }
    boolean wasIdle = tx.idle();
    Transaction.Admission admission = tx.admit(statement, !autoCommit);
    if (admission instanceof Transaction.Answered answered) {
      portal.started(null);
      portal.finish();
      complete(out, answered.tag());
      afterStatement(wasIdle);
      return;
    }
    if (admission instanceof Transaction.Refused refused) {
      portal.finish();
      fail(out, refused.error(), statement.kind());
      return;
    }
    if (statement.kind().isWrite()) {
      fence.check();
    }
    executedSinceSync++;
    PreparedStatement sqlite = portal.statement();
    try {
      // Admitted at Parse; asked again because admitting sets what this one statement may do
      // (VACUUM's scratch attachment) until the next statement is admitted.
      if (refused(statement, prepared.verdict(), out)) {
        portal.finish();
        return;
      }
      if (prepared.change() != null) {
        clock.start();
        String tag = prepared.change().run(connection);
        clock.stop();
        portal.started(null);
        portal.finish();
        tx.succeeded(statement.kind());
        complete(out, tag);
        afterStatement(wasIdle);
        return;
      }
      clock.start();
      inline.arm();
      sqlite.execute();
      RowDescription pinned = prepared.description();
      // Pinned types need only the count (to notice a schema change); names are read once.
      ResultColumns columns =
          pinned == null ? ResultColumns.of(sqlite) : ResultColumns.counted(sqlite);
      if (columns.count() > 0) {
        if (pinned != null && pinned.getColumnsCount() != columns.count()) {
          portal.started(RowCursor.over(sqlite, columns, rowFormat, pinned));
          portal.finish();
          fail(
              out,
              SqlState.FEATURE_NOT_SUPPORTED,
              "cached plan must not change result type",
              statement.kind());
          return;
        }
        RowCursor cursor = RowCursor.over(sqlite, columns, rowFormat, pinned);
        inline.disarm();
        prepared.pin(cursor.description());
        portal.started(cursor);
        executingWasIdle = wasIdle;
        return;
      }
      inline.disarm();
      long changes = connection.getDatabase().changes();
      clock.stop();
      portal.started(null);
      portal.finish();
      if (tx.succeeded(statement.kind())) {
        fence.committed();
      }
      complete(out, statement.tag(changes, false));
      afterStatement(wasIdle);
    } catch (SQLException e) {
      if (inline.stopped(e)) {
        // Nothing of it was answered: run it again, on a worker, with the same values.
        inline.disarm();
        clock.stop();
        executedSinceSync--;
        if (inline.overran()) {
          inline.markSlow(statement.sql());
        }
        stopped = true;
        try {
          portal.rebind(connection);
          return;
        } catch (SQLException again) {
          stopped = false;
          e = again;
        }
      }
      inline.disarm();
      portal.finish();
      fail(out, errors.map(e), statement.kind());
    }
  }

  /** Sends the next batch of the executing portal, its suspension, or its completion. */
  private void stream(Outbound out) throws FencedException {
    Portal portal = executing;
    Statement statement = portal.prepared().statement();
    RowCursor cursor = portal.cursor();
    try {
      if (cursor.hasMore()) {
        if (sent < budget) {
          RowBatch batch = cursor.nextBatch(budget - sent);
          rowLimit.check(cursor);
          sent += batch.getRowsCount();
          out.send(SessionResponse.newBuilder().setRows(batch).build());
        } else {
          executing = null;
          clock.stop();
          suspendedAutoCommitWrite |= autoCommit && statement.kind().isWrite();
          out.send(PORTAL_SUSPENDED);
        }
        return;
      }
      executing = null;
      clock.stop();
      portal.finish();
      if (tx.succeeded(statement.kind())) {
        fence.committed();
      }
      complete(out, statement.tag(sent, true));
      afterStatement(executingWasIdle);
    } catch (SQLException e) {
      executing = null;
      portal.finish();
      fail(out, errors.map(e), statement.kind());
    }
  }

  private void close(Close close, Outbound out) {
    String name = close.getName();
    if (close.getTarget() == Target.TARGET_STATEMENT) {
      Prepared prepared = statements.remove(name);
      if (prepared != null) {
        List<String> made = new ArrayList<>();
        portals.forEach(
            (portalName, portal) -> {
              if (portal.prepared() == prepared) {
                made.add(portalName);
              }
            });
        made.forEach(p -> portals.remove(p).close());
        prepared.close();
      }
    } else {
      Portal portal = portals.remove(name);
      if (portal != null) {
        portal.close();
      }
    }
    out.send(CLOSE_COMPLETE);
  }

  /** A statement that ended the transaction (COMMIT, ROLLBACK, RELEASE) ended its portals. */
  private void afterStatement(boolean wasIdle) {
    if (!wasIdle && tx.idle()) {
      closePortals();
    }
  }

  private void finish(Outbound out) throws FencedException {
    if (sync) {
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
      if (tx.idle()) {
        closePortals();
        if (suspendedAutoCommitWrite) {
          suspendedAutoCommitWrite = false;
          fence.committed(); // closing the portal committed it
        }
      }
      skipUntilSync = false;
      executedSinceSync = 0;
    }
    out.send(
        SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(tx.status())).build());
  }

  private void fail(Outbound out, SqlState state, String message) {
    fail(out, Errors.error(state, message), null);
  }

  private void fail(Outbound out, SqlState state, String message, StatementKind kind) {
    fail(out, Errors.error(state, message), kind);
  }

  /** Reports an error, skips until the sync and applies Postgres' rules to the transaction. */
  private void fail(Outbound out, io.rhizome.proto.Error error, StatementKind kind) {
    error = clock.explain(error, canceling);
    out.send(Errors.response(canceling.explain(error)));
    executing = null;
    skipUntilSync = true;
    steps.clear();
    tx.failed(kind);
    if (tx.idle()) {
      closePortals();
    }
  }

  /** Whether the lockdown refuses the statement (then the error is sent). */
  private boolean refused(Statement statement, TenantLockdown.Verdict verdict, Outbound out)
      throws SQLException {
    Optional<TenantLockdown.Refusal> refusal = lockdown.admit(connection, verdict);
    if (refusal.isEmpty()) {
      return false;
    }
    fail(out, Errors.error(refusal.get().state(), refusal.get().message()), statement.kind());
    return true;
  }

  private static void complete(Outbound out, String tag) {
    out.send(
        SessionResponse.newBuilder()
            .setCommandComplete(CommandComplete.newBuilder().setTag(tag))
            .build());
  }

  private void closePortals() {
    portals.values().forEach(Portal::close);
    portals.clear();
  }
}
