/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.FrontendMessage.Bind;
import io.rhizome.gateway.pg.codec.FrontendMessage.Close;
import io.rhizome.gateway.pg.codec.FrontendMessage.Describe;
import io.rhizome.gateway.pg.codec.FrontendMessage.Execute;
import io.rhizome.gateway.pg.codec.FrontendMessage.ExtendedQuery;
import io.rhizome.gateway.pg.codec.FrontendMessage.Parse;
import io.rhizome.gateway.pg.codec.FrontendMessage.Target;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.sql.SqlToken;
import io.rhizome.gateway.pg.sql.StatementSplitter;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.Row;
import io.rhizome.proto.RowDescription;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import io.rhizome.proto.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The extended query protocol of one session at the gateway.
 *
 * <p>Messages are taken in order. Steps for the backend collect into one {@code Extended} request,
 * sent at the client's Sync or Flush, when the client's input runs dry, when the run is large, or
 * before a step the gateway answers itself (session statements like SET, names it knows to be
 * unknown, values it cannot read): that answer must follow the backend's answers to the earlier
 * steps, and must not be given at all if one of them fails. The session handler sends the request
 * and feeds the backend's responses back here, which turns them into Postgres messages for the step
 * they answer.
 *
 * <p>After an error, every message until Sync is discarded (the session handler's {@code
 * FAILED_SKIP_UNTIL_SYNC}), then one ReadyForQuery. An error the gateway raised itself inside a
 * transaction is passed to the backend with the Sync, so the transaction fails there too.
 */
final class ExtendedProtocol {
  /** Steps per request to the backend. */
  static final int MAX_RUN_STEPS = 1000;

  /** A run stops growing at about this many bytes of SQL and parameter values. */
  static final int MAX_RUN_BYTES = 1 << 20;

  /** What the session does with the backend's connection and the client's socket. */
  interface Host {
    ByteBufAllocator alloc();

    /** Queues a message for the client (the session flushes). */
    void write(ByteBuf message);

    SessionSettings settings();

    /** The transaction status of the last Ready. */
    TxStatus txStatus();

    /** Whether the backend, not the gateway, answers a statement that looks local. */
    boolean backendClaims(List<SqlToken> tokens);
  }

  /** What became of a message offered to {@link #offer}. */
  enum Outcome {
    /** Taken: answered, or added to the run for the backend. */
    TAKEN,
    /** Answered with an error: discard until Sync. */
    FAILED,
    /** Not taken: send the run first, then offer the message again. */
    SEND_RUN_FIRST
  }

  private enum Kind {
    PARSE,
    BIND,
    DESCRIBE_STATEMENT,
    DESCRIBE_PORTAL,
    EXECUTE,
    CLOSE,
    /** A Close the gateway sends on its own (DISCARD ALL): its answer is not the client's. */
    CLOSE_QUIETLY
  }

  /** A step sent to the backend and not answered yet. */
  private record Pending(Kind kind, ClientPortal portal, Runnable undo) {}

  private final Host host;
  private final StatementRegistry registry = new StatementRegistry();

  private final List<ExtendedStep> run = new ArrayList<>();
  private final Deque<Pending> runSteps = new ArrayDeque<>();
  private int runBytes;

  /**
   * Closes of backend statements and portals the client deallocated with DISCARD ALL. The client
   * sees nothing of them, so they wait for the next run (they go first in it) or Sync rather than
   * cost a round trip of their own; at most every statement and portal the session had.
   */
  private final List<String> quietStatements = new ArrayList<>();

  private final List<String> quietPortals = new ArrayList<>();

  private final Deque<Pending> inFlight = new ArrayDeque<>();
  private boolean inFlightSync;
  private boolean failedInFlight;
  private boolean discarding;

  /** The backend has steps since its last sync (an implicit transaction may be open there). */
  private boolean backendDirty;

  /** The gateway raised an error since the last sync that the backend must learn of. */
  private boolean failedLocally;

  ExtendedProtocol(Host host) {
    this.host = host;
  }

  // ---------------------------------------------------------------------------------------------
  // Client messages

  /** Takes the next message of the client, if its turn has come. */
  Outcome offer(ExtendedQuery message) {
    try {
      if (message instanceof Parse p) {
        return parse(p);
      }
      if (message instanceof Bind b) {
        return bind(b);
      }
      if (message instanceof Describe d) {
        return describe(d);
      }
      if (message instanceof Execute e) {
        return execute(e);
      }
      return close((Close) message);
    } catch (PgException e) {
      if (!run.isEmpty()) {
        return Outcome.SEND_RUN_FIRST;
      }
      host.write(BackendMessages.errorResponse(host.alloc(), e.error()));
      failedLocally = true;
      return Outcome.FAILED;
    }
  }

  /** Whether steps wait to be sent to the backend. */
  boolean hasRun() {
    return !run.isEmpty();
  }

  /** Whether the client's Sync must go to the backend, or the gateway can answer it. */
  boolean syncNeedsBackend() {
    return !run.isEmpty()
        || !quietStatements.isEmpty()
        || !quietPortals.isEmpty()
        || backendDirty
        || (failedLocally && host.txStatus() != TxStatus.IDLE);
  }

  /** The gateway answers a Sync itself: nothing is open on the backend. */
  void syncedLocally() {
    failedLocally = false;
    if (host.txStatus() == TxStatus.IDLE) {
      registry.clearPortals();
    }
  }

  /**
   * A session statement ran (in either protocol). DISCARD ALL deallocates every prepared statement
   * and portal, as in Postgres: the gateway forgets them, and closes the backend's with the next
   * run, quietly. Clients count on it: pgjdbc, seeing the tag, prepares its statements again under
   * new names, so the old ones would otherwise pile up to the limit.
   */
  void localStatementRan(LocalStatement.Result result) {
    boolean discardAll =
        result.responses().stream()
            .anyMatch(
                r ->
                    r.hasCommandComplete()
                        && r.getCommandComplete().getTag().equals("DISCARD ALL"));
    if (!discardAll) {
      return;
    }
    quietStatements.addAll(registry.discardAll(Target.STATEMENT));
    quietPortals.addAll(registry.discardAll(Target.PORTAL));
  }

  /** A simple Query ended; with no transaction left, so did every portal (as on the node). */
  void queryFinished() {
    if (host.txStatus() == TxStatus.IDLE) {
      registry.clearPortals();
    }
  }

  /** Takes the run for the backend; its answers come to {@link #onResponse}. */
  Extended takeRun(boolean sync) {
    Extended.Builder request = Extended.newBuilder();
    quietClose(request, Target.STATEMENT, quietStatements);
    quietClose(request, Target.PORTAL, quietPortals);
    request.addAllSteps(run).setSync(sync).setGatewayFailed(sync && failedLocally);
    inFlight.addAll(runSteps);
    inFlightSync = sync;
    failedInFlight = false;
    discarding = false;
    if (sync) {
      failedLocally = false;
    }
    run.clear();
    runSteps.clear();
    runBytes = 0;
    return request.build();
  }

  private void quietClose(Extended.Builder request, Target target, List<String> names) {
    for (String name : names) {
      request.addSteps(
          ExtendedStep.newBuilder()
              .setClose(
                  io.rhizome.proto.Close.newBuilder()
                      .setTarget(protoTarget(target))
                      .setName(name)));
      inFlight.add(new Pending(Kind.CLOSE_QUIETLY, null, () -> {}));
    }
    names.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Backend responses

  /** What the last request's Ready means for the session. */
  enum Finished {
    /** Not finished yet. */
    NO,
    /** Finished with the client's Sync: send ReadyForQuery. */
    SYNCED,
    /** Finished without a Sync and without an error. */
    OPEN,
    /** Finished without a Sync after an error: discard until Sync. */
    FAILED
  }

  /**
   * Handles one response to the request in flight.
   *
   * @throws PgException (FATAL) when the backend answers out of turn
   */
  Finished onResponse(SessionResponse response) {
    if (response.hasReady()) {
      if (!inFlight.isEmpty()) {
        // Every step is answered, or skipped after an error (and then undone), before Ready.
        throw outOfTurn(response);
      }
      return finished(response.getReady().getStatus());
    }
    if (discarding) {
      return Finished.NO;
    }
    if (response.hasError()) {
      host.write(
          BackendMessages.errorResponse(host.alloc(), ResponseWriter.error(response.getError())));
      failedInFlight = true;
      discarding = true;
      undoInFlight();
      return Finished.NO;
    }
    Pending step = inFlight.peek();
    if (step == null) {
      throw outOfTurn(response);
    }
    try {
      answer(step, response);
    } catch (PgException e) {
      if (e.error().severity() != io.rhizome.gateway.pg.codec.Severity.ERROR) {
        throw e;
      }
      // A value the client's format cannot carry: the client gets the error, the rest of the run
      // (which the backend ran) is not shown, and the backend learns of it with the Sync.
      host.write(BackendMessages.errorResponse(host.alloc(), e.error()));
      failedInFlight = true;
      failedLocally = true;
      discarding = true;
      inFlight.clear();
    }
    return Finished.NO;
  }

  private void answer(Pending step, SessionResponse response) {
    ByteBufAllocator alloc = host.alloc();
    switch (response.getKindCase()) {
      case PARSE_COMPLETE -> {
        expect(step, Kind.PARSE, response);
        host.write(BackendMessages.parseComplete());
        inFlight.poll();
      }
      case BIND_COMPLETE -> {
        expect(step, Kind.BIND, response);
        host.write(BackendMessages.bindComplete());
        inFlight.poll();
      }
      case CLOSE_COMPLETE -> {
        if (step.kind() == Kind.CLOSE) {
          host.write(BackendMessages.closeComplete());
        } else {
          expect(step, Kind.CLOSE_QUIETLY, response);
        }
        inFlight.poll();
      }
      case PARAMETER_DESCRIPTION -> {
        expect(step, Kind.DESCRIBE_STATEMENT, response);
        host.write(
            BackendMessages.parameterDescription(
                alloc, response.getParameterDescription().getTypeOidsList()));
      }
      case NO_DATA -> {
        if (step.kind() != Kind.DESCRIBE_STATEMENT && step.kind() != Kind.DESCRIBE_PORTAL) {
          throw outOfTurn(response);
        }
        host.write(BackendMessages.noData());
        inFlight.poll();
      }
      case ROW_DESCRIPTION -> {
        RowDescription columns = response.getRowDescription();
        switch (step.kind()) {
          case DESCRIBE_STATEMENT -> {
            host.write(RowEncoder.text(columns.getColumnsList()).rowDescription(alloc));
            inFlight.poll();
          }
          case DESCRIBE_PORTAL -> {
            RowEncoder encoder = encoderFor(step.portal(), columns);
            host.write(encoder.rowDescription(alloc));
            inFlight.poll();
          }
          case EXECUTE -> encoderFor(step.portal(), columns);
          default -> throw outOfTurn(response);
        }
      }
      case ROWS -> {
        expect(step, Kind.EXECUTE, response);
        RowEncoder encoder = step.portal().encoder();
        if (encoder == null) {
          throw outOfTurn(response);
        }
        host.write(encoder.dataRows(alloc, response.getRows().getRowsList()));
      }
      case COMMAND_COMPLETE -> {
        expect(step, Kind.EXECUTE, response);
        host.write(BackendMessages.commandComplete(alloc, response.getCommandComplete().getTag()));
        inFlight.poll();
      }
      case PORTAL_SUSPENDED -> {
        expect(step, Kind.EXECUTE, response);
        host.write(BackendMessages.portalSuspended());
        inFlight.poll();
      }
      case EMPTY_QUERY -> {
        expect(step, Kind.EXECUTE, response);
        host.write(BackendMessages.emptyQueryResponse());
        inFlight.poll();
      }
      default -> throw outOfTurn(response);
    }
  }

  private static RowEncoder encoderFor(ClientPortal portal, RowDescription columns) {
    RowEncoder encoder = RowEncoder.of(columns.getColumnsList(), portal.resultFormats());
    portal.encoder(encoder);
    return encoder;
  }

  private Finished finished(TxStatus status) {
    boolean failed = failedInFlight;
    discarding = false;
    failedInFlight = false;
    if (inFlightSync) {
      backendDirty = false;
      // An error the gateway raised while the run was answered came after the sync was sent: the
      // backend has ended that transaction already, nothing is left to fail.
      failedLocally = false;
      if (status == TxStatus.IDLE || status == TxStatus.TX_STATUS_UNSPECIFIED) {
        registry.clearPortals();
      }
      return Finished.SYNCED;
    }
    backendDirty = true;
    return failed ? Finished.FAILED : Finished.OPEN;
  }

  /** The backend skipped every step after the failed one: none of them happened. */
  private void undoInFlight() {
    while (!inFlight.isEmpty()) {
      inFlight.pollLast().undo().run();
    }
  }

  private static void expect(Pending step, Kind kind, SessionResponse response) {
    if (step.kind() != kind) {
      throw outOfTurn(response);
    }
  }

  private static PgException outOfTurn(SessionResponse response) {
    return PgException.fatal(
        SqlState.CONNECTION_FAILURE,
        "unexpected " + response.getKindCase() + " from the node in an extended query");
  }

  // ---------------------------------------------------------------------------------------------
  // Steps

  private Outcome parse(Parse parse) {
    String name = parse.name();
    if (!name.isEmpty() && registry.statement(name) != null) {
      throw PgException.error(
          SqlState.DUPLICATE_PREPARED_STATEMENT,
          "prepared statement \"" + name + "\" already exists");
    }
    if (!registry.roomForStatement(name)) {
      throw new PgException(
          PgError.error(
                  SqlState.CONFIGURATION_LIMIT_EXCEEDED,
                  "too many prepared statements in this session (at most "
                      + StatementRegistry.MAX_STATEMENTS
                      + ")")
              .withHint("Close prepared statements that are no longer needed."));
    }
    List<String> statements = StatementSplitter.split(parse.sql());
    if (statements.size() > 1) {
      throw PgException.error(
          SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
    }
    Optional<LocalStatement> local = Optional.empty();
    boolean rows = false;
    if (statements.size() == 1) {
      List<SqlToken> tokens = SimpleQuery.significant(statements.get(0));
      if (!host.backendClaims(tokens)) {
        local = LocalStatements.parse(tokens);
        rows =
            !tokens.isEmpty()
                && (tokens.get(0).isKeyword("SHOW") || tokens.get(0).isKeyword("SELECT"));
      }
    }
    if (local.isPresent()) {
      if (!run.isEmpty()) {
        return Outcome.SEND_RUN_FIRST;
      }
      requireNotAborted();
      registry.putStatement(name, new ClientStatement(parse.parameterTypes(), local.get(), rows));
      host.write(BackendMessages.parseComplete());
      return Outcome.TAKEN;
    }
    int bytes = parse.sql().length();
    if (!fits(bytes)) {
      return Outcome.SEND_RUN_FIRST;
    }
    Runnable undo = registry.putStatement(name, ClientStatement.remote(parse.parameterTypes()));
    add(
        ExtendedStep.newBuilder()
            .setParse(
                io.rhizome.proto.Parse.newBuilder()
                    .setName(name)
                    .setSql(parse.sql())
                    .addAllParamTypeOids(parse.parameterTypes()))
            .build(),
        new Pending(Kind.PARSE, null, undo),
        bytes);
    return Outcome.TAKEN;
  }

  private Outcome bind(Bind bind) {
    ClientStatement statement = registry.statement(bind.statement());
    if (statement == null) {
      throw PgException.error(
          SqlState.INVALID_SQL_STATEMENT_NAME,
          "prepared statement \"" + bind.statement() + "\" does not exist");
    }
    for (int format : bind.resultFormats()) {
      if (format != RowEncoder.TEXT && format != RowEncoder.BINARY) {
        throw PgException.error(
            SqlState.INVALID_PARAMETER_VALUE, "unsupported format code: " + format);
      }
    }
    String name = bind.portal();
    if (!name.isEmpty() && registry.portal(name) != null) {
      throw PgException.error(SqlState.DUPLICATE_CURSOR, "portal \"" + name + "\" already exists");
    }
    if (!registry.roomForPortal(name)) {
      throw PgException.error(
          SqlState.CONFIGURATION_LIMIT_EXCEEDED,
          "too many open portals in this session (at most " + StatementRegistry.MAX_PORTALS + ")");
    }
    List<Value> values =
        Parameters.decode(statement.parameterTypes(), bind.parameterFormats(), bind.values());
    if (statement.isLocal()) {
      if (!run.isEmpty()) {
        return Outcome.SEND_RUN_FIRST;
      }
      bindLocal(name, statement, bind, values);
      return Outcome.TAKEN;
    }
    int bytes = 0;
    for (ByteString v : bind.values()) {
      bytes += v == null ? 0 : v.size();
    }
    if (!fits(bytes)) {
      return Outcome.SEND_RUN_FIRST;
    }
    ClientPortal portal = ClientPortal.remote(statement, bind.resultFormats());
    Runnable undo = registry.putPortal(name, portal);
    add(
        ExtendedStep.newBuilder()
            .setBind(
                io.rhizome.proto.Bind.newBuilder()
                    .setPortal(name)
                    .setStatement(bind.statement())
                    .addAllParams(values)
                    .setResultFormatCount(bind.resultFormats().size()))
            .build(),
        new Pending(Kind.BIND, portal, undo),
        bytes);
    return Outcome.TAKEN;
  }

  /** A session statement runs at Bind; its portal keeps the result for Execute. */
  private void bindLocal(String name, ClientStatement statement, Bind bind, List<Value> values) {
    if (!values.isEmpty()) {
      throw PgException.error(
          SqlState.PROTOCOL_VIOLATION,
          "bind message supplies "
              + values.size()
              + " parameters, but prepared statement \""
              + bind.statement()
              + "\" requires 0");
    }
    requireNotAborted();
    Optional<String> outsideOnly = statement.local().outsideTransactionOnly();
    if (outsideOnly.isPresent() && host.txStatus() != TxStatus.IDLE) {
      throw PgException.error(
          SqlState.ACTIVE_SQL_TRANSACTION,
          outsideOnly.get() + " cannot run inside a transaction block");
    }
    LocalStatement.Result result = statement.local().execute(host.settings());
    localStatementRan(result);
    RowEncoder encoder = null;
    List<Row> rows = new ArrayList<>();
    String tag = "";
    for (SessionResponse r : result.responses()) {
      switch (r.getKindCase()) {
        case ROW_DESCRIPTION ->
            encoder = RowEncoder.of(r.getRowDescription().getColumnsList(), bind.resultFormats());
        case ROWS -> rows.addAll(r.getRows().getRowsList());
        case COMMAND_COMPLETE -> tag = r.getCommandComplete().getTag();
        default -> {}
      }
    }
    registry.putPortal(
        name,
        ClientPortal.local(statement, bind.resultFormats(), encoder, result.reported(), rows, tag));
    host.write(BackendMessages.bindComplete());
  }

  private Outcome describe(Describe describe) {
    String name = describe.name();
    if (describe.target() == Target.STATEMENT) {
      ClientStatement statement = registry.statement(name);
      if (statement == null) {
        throw PgException.error(
            SqlState.INVALID_SQL_STATEMENT_NAME,
            "prepared statement \"" + name + "\" does not exist");
      }
      if (!statement.isLocal()) {
        return addSimple(Kind.DESCRIBE_STATEMENT, null, describe.target(), name);
      }
      if (!run.isEmpty()) {
        return Outcome.SEND_RUN_FIRST;
      }
      host.write(BackendMessages.parameterDescription(host.alloc(), statement.parameterTypes()));
      host.write(localShape(statement));
      return Outcome.TAKEN;
    }
    ClientPortal portal = registry.portal(name);
    if (portal == null) {
      throw PgException.error(
          SqlState.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
    }
    if (!portal.isLocal()) {
      return addSimple(Kind.DESCRIBE_PORTAL, portal, describe.target(), name);
    }
    if (!run.isEmpty()) {
      return Outcome.SEND_RUN_FIRST;
    }
    RowEncoder encoder = portal.encoder();
    host.write(encoder == null ? BackendMessages.noData() : encoder.rowDescription(host.alloc()));
    return Outcome.TAKEN;
  }

  /**
   * The RowDescription (text formats) or NoData of a session statement before it runs. Only a
   * statement that just reads settings is run to learn it; one that fails then describes as NoData
   * and reports its error when executed.
   */
  private ByteBuf localShape(ClientStatement statement) {
    if (statement.localRows()) {
      try {
        for (SessionResponse r : statement.local().execute(host.settings()).responses()) {
          if (r.hasRowDescription()) {
            return RowEncoder.text(r.getRowDescription().getColumnsList())
                .rowDescription(host.alloc());
          }
        }
      } catch (PgException e) {
        // reported when executed
      }
    }
    return BackendMessages.noData();
  }

  private Outcome execute(Execute execute) {
    ClientPortal portal = registry.portal(execute.portal());
    if (portal == null) {
      throw PgException.error(
          SqlState.INVALID_CURSOR_NAME, "portal \"" + execute.portal() + "\" does not exist");
    }
    if (!portal.isLocal()) {
      if (!fits(0)) {
        return Outcome.SEND_RUN_FIRST;
      }
      add(
          ExtendedStep.newBuilder()
              .setExecute(
                  io.rhizome.proto.Execute.newBuilder()
                      .setPortal(execute.portal())
                      .setMaxRows(Math.max(execute.maxRows(), 0)))
              .build(),
          new Pending(Kind.EXECUTE, portal, () -> {}),
          0);
      return Outcome.TAKEN;
    }
    if (!run.isEmpty()) {
      return Outcome.SEND_RUN_FIRST;
    }
    for (ParameterStatus p : portal.takeReported()) {
      host.write(BackendMessages.parameterStatus(host.alloc(), p.name(), p.value()));
    }
    long max = execute.maxRows() <= 0 ? Long.MAX_VALUE : execute.maxRows();
    List<Row> rows = portal.takeRows(max);
    if (!rows.isEmpty()) {
      host.write(portal.encoder().dataRows(host.alloc(), rows));
    }
    host.write(
        portal.hasMoreRows()
            ? BackendMessages.portalSuspended()
            : BackendMessages.commandComplete(host.alloc(), portal.tag(rows.size())));
    return Outcome.TAKEN;
  }

  private Outcome close(Close close) {
    String name = close.name();
    boolean remote =
        close.target() == Target.STATEMENT
            ? registry.statement(name) != null && !registry.statement(name).isLocal()
            : registry.portal(name) != null && !registry.portal(name).isLocal();
    if (remote) {
      if (!fits(0)) {
        return Outcome.SEND_RUN_FIRST;
      }
      Runnable undo =
          close.target() == Target.STATEMENT
              ? registry.removeStatement(name)
              : registry.removePortal(name);
      add(
          ExtendedStep.newBuilder()
              .setClose(
                  io.rhizome.proto.Close.newBuilder()
                      .setTarget(protoTarget(close.target()))
                      .setName(name))
              .build(),
          new Pending(Kind.CLOSE, null, undo),
          0);
      return Outcome.TAKEN;
    }
    if (!run.isEmpty()) {
      return Outcome.SEND_RUN_FIRST;
    }
    if (close.target() == Target.STATEMENT) {
      registry.removeStatement(name);
    } else {
      registry.removePortal(name);
    }
    host.write(BackendMessages.closeComplete());
    return Outcome.TAKEN;
  }

  private Outcome addSimple(Kind kind, ClientPortal portal, Target target, String name) {
    if (!fits(0)) {
      return Outcome.SEND_RUN_FIRST;
    }
    add(
        ExtendedStep.newBuilder()
            .setDescribe(
                io.rhizome.proto.Describe.newBuilder().setTarget(protoTarget(target)).setName(name))
            .build(),
        new Pending(kind, portal, () -> {}),
        0);
    return Outcome.TAKEN;
  }

  private static io.rhizome.proto.Target protoTarget(Target target) {
    return target == Target.STATEMENT
        ? io.rhizome.proto.Target.TARGET_STATEMENT
        : io.rhizome.proto.Target.TARGET_PORTAL;
  }

  /** Whether a step of {@code bytes} still fits the run (a lone step always does). */
  private boolean fits(int bytes) {
    return run.isEmpty() || (run.size() < MAX_RUN_STEPS && runBytes + bytes <= MAX_RUN_BYTES);
  }

  private void add(ExtendedStep step, Pending pending, int bytes) {
    run.add(step);
    runSteps.add(pending);
    runBytes += bytes;
  }

  /** Session statements in a failed transaction get 25P02, as statements on the node do. */
  private void requireNotAborted() {
    if (host.txStatus() == TxStatus.FAILED) {
      throw new PgException(
          PgError.error(
              SqlState.IN_FAILED_SQL_TRANSACTION,
              "current transaction is aborted, commands ignored until end of transaction block"));
    }
  }
}
