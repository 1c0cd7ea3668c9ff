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
import io.rhizome.gateway.pg.copy.CopyStatementParser;
import io.rhizome.gateway.pg.session.RunAnswers.Kind;
import io.rhizome.gateway.pg.session.RunAnswers.Pending;
import io.rhizome.pgsql.StatementSplitter;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import io.rhizome.proto.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

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

    /** Where the session's statements run. */
    StatementBackend backend();
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

  private final Host host;

  /**
   * Statements whose Describe went to the backend, in order: each learns the parameter types the
   * backend describes (the next ParameterDescription is the first one's).
   */
  private final java.util.ArrayDeque<ClientStatement.Described> describing =
      new java.util.ArrayDeque<>();

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

  private final RunAnswers answers;
  private boolean inFlightSync;

  /** The backend has steps since its last sync (an implicit transaction may be open there). */
  private boolean backendDirty;

  /** The gateway raised an error since the last sync that the backend must learn of. */
  private boolean failedLocally;

  ExtendedProtocol(Host host) {
    this.host = host;
    this.answers = new RunAnswers(host);
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
    List<Pending> steps = new ArrayList<>();
    quietClose(request, steps, Target.STATEMENT, quietStatements);
    quietClose(request, steps, Target.PORTAL, quietPortals);
    request.addAllSteps(run).setSync(sync).setGatewayFailed(sync && failedLocally);
    steps.addAll(runSteps);
    answers.start(steps);
    inFlightSync = sync;
    if (sync) {
      failedLocally = false;
    }
    run.clear();
    runSteps.clear();
    runBytes = 0;
    return request.build();
  }

  private void quietClose(
      Extended.Builder request, List<Pending> steps, Target target, List<String> names) {
    for (String name : names) {
      request.addSteps(
          ExtendedStep.newBuilder()
              .setClose(
                  io.rhizome.proto.Close.newBuilder()
                      .setTarget(protoTarget(target))
                      .setName(name)));
      steps.add(Pending.of(Kind.CLOSE_QUIETLY));
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
    if (response.hasParameterDescription() && !describing.isEmpty()) {
      describing.poll().learn(response.getParameterDescription().getTypeOidsList());
    }
    RunAnswers.Outcome outcome = answers.onResponse(response);
    if (outcome == RunAnswers.Outcome.RUNNING) {
      return Finished.NO;
    }
    describing.clear();
    if (inFlightSync) {
      backendDirty = false;
      // An error the gateway raised while the run was answered came after the sync was sent: the
      // backend has ended that transaction already, nothing is left to fail.
      failedLocally = false;
      TxStatus status = response.getReady().getStatus();
      if (status == TxStatus.IDLE || status == TxStatus.TX_STATUS_UNSPECIFIED) {
        registry.clearPortals();
      }
      return Finished.SYNCED;
    }
    backendDirty = true;
    if (outcome == RunAnswers.Outcome.GATEWAY_FAILED) {
      failedLocally = true;
    }
    return outcome == RunAnswers.Outcome.DONE ? Finished.OPEN : Finished.FAILED;
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
    String sql = parse.sql();
    if (statements.size() == 1) {
      StatementPlanner.Planned planned =
          StatementPlanner.plan(statements.get(0), host.backend(), host.settings());
      if (planned instanceof StatementPlanner.Copy copy) {
        // COPY needs the CopyIn/CopyOut sub-protocol, which clients start with a simple Query.
        // Parsing first still refuses a server-side file with 42501, whatever the protocol.
        CopyStatementParser.parse(copy.statement());
        throw PgException.error(
            SqlState.FEATURE_NOT_SUPPORTED, "COPY is supported in the simple query protocol only");
      }
      if (planned instanceof StatementPlanner.Failed failed) {
        throw failed.error();
      }
      if (planned instanceof StatementPlanner.Local local) {
        if (!run.isEmpty()) {
          return Outcome.SEND_RUN_FIRST;
        }
        LocalSteps.requireNotAborted(host);
        registry.putStatement(
            name,
            new ClientStatement(parse.parameterTypes(), local.statement(), local.returnsRows()));
        host.write(BackendMessages.parseComplete());
        return Outcome.TAKEN;
      }
      String remote = ((StatementPlanner.Remote) planned).sql();
      if (!remote.equals(statements.get(0))) {
        sql = remote; // translated from Postgres' dialect
      }
    }
    int bytes = sql.length();
    if (!fits(bytes)) {
      return Outcome.SEND_RUN_FIRST;
    }
    Runnable undo = registry.putStatement(name, ClientStatement.remote(parse.parameterTypes()));
    add(
        ExtendedStep.newBuilder()
            .setParse(
                io.rhizome.proto.Parse.newBuilder()
                    .setName(name)
                    .setSql(sql)
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
        Parameters.decode(
            statement.parameterTypes(),
            statement.described().types(),
            bind.parameterFormats(),
            bind.values());
    if (statement.isLocal()) {
      if (!run.isEmpty()) {
        return Outcome.SEND_RUN_FIRST;
      }
      registry.putPortal(
          name,
          LocalSteps.bind(
              host,
              bind.statement(),
              statement,
              bind.resultFormats(),
              values.size(),
              this::localStatementRan));
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
        Outcome outcome = addSimple(Kind.DESCRIBE_STATEMENT, null, describe.target(), name);
        if (outcome == Outcome.TAKEN) {
          describing.add(statement.described());
        }
        return outcome;
      }
      if (!run.isEmpty()) {
        return Outcome.SEND_RUN_FIRST;
      }
      LocalSteps.describeStatement(host, statement);
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
    LocalSteps.describePortal(host, portal);
    return Outcome.TAKEN;
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
    LocalSteps.execute(host, portal, execute.maxRows());
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
}
