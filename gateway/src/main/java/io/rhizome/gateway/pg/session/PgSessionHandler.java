/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.util.concurrent.ScheduledFuture;
import io.rhizome.gateway.auth.PasswordAuthentication;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.FrontendMessage;
import io.rhizome.gateway.pg.codec.FrontendMessage.AuthenticationResponse;
import io.rhizome.gateway.pg.codec.FrontendMessage.CancelRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyMessage;
import io.rhizome.gateway.pg.codec.FrontendMessage.ExtendedQuery;
import io.rhizome.gateway.pg.codec.FrontendMessage.Flush;
import io.rhizome.gateway.pg.codec.FrontendMessage.FunctionCall;
import io.rhizome.gateway.pg.codec.FrontendMessage.GssEncRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.Query;
import io.rhizome.gateway.pg.codec.FrontendMessage.SslRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.StartupMessage;
import io.rhizome.gateway.pg.codec.FrontendMessage.Sync;
import io.rhizome.gateway.pg.codec.FrontendMessage.Terminate;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.codec.Severity;
import io.rhizome.gateway.pg.copy.CopyStatement;
import io.rhizome.gateway.pg.copy.CopyStatementParser;
import io.rhizome.pgsql.StatementSplitter;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the frames of one client connection their meaning: startup, password authentication,
 * opening the backend, simple queries. Everything runs on the connection's event loop; blocking
 * work runs on {@link SessionServices#blocking()} and its result hops back here. The state lives in
 * one {@link SessionState}; the steps are delegated to small collaborators ({@link
 * SessionSettings}, {@link LocalStatements}, {@link SimpleQuery}, {@link ResponseWriter}, {@link
 * PasswordAuthentication}).
 *
 * <p>Messages are handled strictly in arrival order. While a query runs, later messages wait in
 * {@code inbound}; socket reads pause as soon as one has to wait, so that queue holds at most what
 * one read decoded, and resume once it is empty. Pausing only then, rather than around every query,
 * spares the two epoll_ctl calls per query that toggling reads costs a client that waits for each
 * answer (nearly every client).
 */
public final class PgSessionHandler extends ChannelInboundHandlerAdapter
    implements BackendListener {
  /** How long a failed connection keeps draining input before it closes (see lingerThenClose). */
  private static final long LINGER_MILLIS = 2000;

  private static final Logger log = LoggerFactory.getLogger(PgSessionHandler.class);

  private final SessionServices services;
  private final Encryption encryption;
  private final Deque<FrontendMessage> inbound = new ArrayDeque<>();
  private boolean readsPaused;
  private final ResponseWriter writer = new ResponseWriter();

  private ChannelHandlerContext ctx;
  private SessionState state = SessionState.AWAITING_STARTUP;
  private boolean draining;
  private boolean redrain;
  private ScheduledFuture<?> startupTimer;
  private ScheduledFuture<?> idleTimer;

  /** Inside one socket read: more messages of it may follow before channelReadComplete. */
  private boolean reading;

  private String user;
  private SessionSettings settings;
  private ResolvedDatabase database;

  /** The database the client asked for at startup: with the user, whom a failed password counts. */
  private String startupDatabase = "";

  private PasswordAuthentication authentication;

  /** Whether the database was asked to warm its backend (once, at the first password message). */
  private boolean warmAsked;

  private CompletableFuture<StatementBackend> connecting;
  private StatementBackend backend;
  private TxStatus txStatus = TxStatus.IDLE;
  private SimpleQuery query;
  private final ExtendedProtocol extended = new ExtendedProtocol(new ExtendedHost());
  private boolean extendedInFlight;
  private boolean awaitingBackend;

  /** The tags of the run in flight ({@link SimpleQuery.Remote#tags}), null for the node's own. */
  private List<String> runTags;

  /** How many statements of the run in flight have completed. */
  private int runStatement;

  private boolean demandPending;
  private CopyHost.Driver copy;
  private final CopyHost copyHost = new SessionCopyHost();

  /** What a raw copy to the client waits to run until the socket is writable again. */
  private Runnable whenWritable;

  public PgSessionHandler(SessionServices services) {
    this.services = services;
    this.encryption = new Encryption(services.tls());
  }

  /** The current state (for tests and diagnostics). */
  public SessionState state() {
    return state;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive()) {
      startStartupTimer();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    startStartupTimer();
    super.channelActive(ctx);
  }

  private void startStartupTimer() {
    if (startupTimer == null) {
      startupTimer =
          ctx.executor()
              .schedule(
                  this::startupTimedOut, services.startupTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void startupTimedOut() {
    if (state == SessionState.AWAITING_STARTUP
        || state == SessionState.AUTHENTICATING
        || state == SessionState.VERIFYING_PASSWORD
        || state == SessionState.CONNECTING_TO_NODE) {
      log.debug(
          "closing {}: startup not completed in {}", ctx.channel(), services.startupTimeout());
      close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Inbound messages

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    stopIdleTimer();
    inbound.add((FrontendMessage) msg);
    drain();
  }

  /** The end of a socket read: what it brought is handled, steps of it go out, output flushes. */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    drain();
    ctx.fireChannelReadComplete();
  }

  /**
   * Handles queued messages in order until one has to wait for the running query. Extended-query
   * steps for the backend collect until the queue runs dry (or a message needs their answers
   * first), then go to the backend as one request.
   */
  private void drain() {
    if (draining) {
      // Re-entered from a step (a backend that answers at once): go round once more after it.
      redrain = true;
      return;
    }
    draining = true;
    try {
      do {
        redrain = false;
        drainOnce();
      } while (redrain && state != SessionState.CLOSED);
    } catch (PgException e) {
      // Everything that escapes a handler step (bad startup, bad SCRAM message) ends the session.
      fail(e);
    } finally {
      draining = false;
      if (inbound.isEmpty()) {
        resumeReads();
      }
      if (!reading && state != SessionState.CLOSED) {
        ctx.flush();
      }
    }
  }

  private void pauseReads() {
    if (!readsPaused) {
      readsPaused = true;
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void resumeReads() {
    if (readsPaused) {
      readsPaused = false;
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void drainOnce() {
    while (!inbound.isEmpty()) {
      FrontendMessage m = inbound.peek();
      SessionState.Disposition d = state.dispositionOf(m);
      if (d == SessionState.Disposition.DEFER) {
        pauseReads();
        return;
      }
      if (d == SessionState.Disposition.HANDLE && state == SessionState.READY) {
        if (m instanceof ExtendedQuery step) {
          ExtendedProtocol.Outcome outcome = extended.offer(step);
          if (outcome == ExtendedProtocol.Outcome.SEND_RUN_FIRST) {
            sendExtendedRun(false);
            return;
          }
          inbound.poll();
          if (outcome == ExtendedProtocol.Outcome.FAILED) {
            state = SessionState.FAILED_SKIP_UNTIL_SYNC;
          }
          continue;
        }
        if (extended.hasRun() && !(m instanceof Sync || m instanceof Terminate)) {
          // A Flush, Query or FunctionCall comes after the answers to the steps before it.
          if (m instanceof Flush) {
            inbound.poll();
          }
          sendExtendedRun(false);
          return;
        }
      }
      inbound.poll();
      switch (d) {
        case HANDLE -> handle(m);
        case ILLEGAL ->
            fail(
                PgException.protocolViolation(
                    "unexpected message " + FrontendMessage.describe(m) + " in state " + state));
        default -> {
          // DISCARD
        }
      }
    }
    if (!reading && state == SessionState.READY && extended.hasRun()) {
      // The client's input ran dry before a Sync: start on what it sent so far.
      sendExtendedRun(false);
    }
  }

  private void handle(FrontendMessage m) {
    if (m instanceof SslRequest) {
      encryption.onSslRequest(ctx);
    } else if (m instanceof GssEncRequest) {
      encryption.onGssEncRequest(ctx);
    } else if (m instanceof CancelRequest cancel) {
      // No answer either way, as from Postgres: the client learns nothing about other sessions.
      services.cancels().cancel(cancel.processId(), cancel.secretKey());
      close();
    } else if (m instanceof StartupMessage startup) {
      onStartup(startup);
    } else if (m instanceof AuthenticationResponse response) {
      onAuthenticationResponse(response);
    } else if (m instanceof Query q) {
      onQuery(q.sql());
    } else if (m instanceof Sync) {
      onSync();
    } else if (m instanceof Flush) {
      ctx.flush();
    } else if (m instanceof FunctionCall) {
      writeError(
          PgError.error(
              SqlState.FEATURE_NOT_SUPPORTED, "the function call protocol is not supported"));
      readyForQuery();
    } else if (m instanceof CopyMessage message) {
      if (state == SessionState.COPY_IN && copy != null) {
        copy.onClientMessage(message);
      } else {
        log.trace("ignoring a COPY message outside COPY");
      }
    } else if (m instanceof Terminate) {
      close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Startup and authentication

  private void onStartup(StartupMessage startup) {
    if (services.tlsRequired() && !encryption.encrypted()) {
      // Postgres' hostssl-only pg_hba.conf says 28000 too ("no pg_hba.conf entry ..., no
      // encryption"); checked before the database is resolved, so plain text reveals nothing.
      throw new PgException(
          PgError.fatal(
                  SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                  "this server accepts SSL connections only; the connection has no encryption")
              .withHint("Connect with sslmode=require, verify-ca or verify-full."));
    }
    user = startup.parameters().getOrDefault("user", "");
    if (user.isEmpty()) {
      throw PgException.fatal(
          SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
          "no PostgreSQL user name specified in startup packet");
    }
    String name = startup.parameters().getOrDefault("database", "");
    String databaseName = name.isEmpty() ? user : name;
    startupDatabase = databaseName;
    settings = SessionSettings.forStartup(user, startup.parameters());
    List<String> unknownOptions = new ArrayList<>();
    for (String key : startup.parameters().keySet()) {
      if (key.startsWith("_pq_.")) {
        unknownOptions.add(key);
      }
    }
    if (startup.minorVersion() > 0 || !unknownOptions.isEmpty()) {
      send(BackendMessages.negotiateProtocolVersion(ctx.alloc(), 0, unknownOptions));
    }
    state = SessionState.AUTHENTICATING;
    SessionOrigin origin =
        new SessionOrigin(
            SessionOrigin.address(ctx.channel().remoteAddress()),
            startup.parameters().getOrDefault("application_name", ""),
            "");
    CompletableFuture<ResolvedDatabase> resolving;
    try {
      resolving =
          CompletableFuture.supplyAsync(
              () -> services.databases().resolve(databaseName, user, origin), services.blocking());
    } catch (RejectedExecutionException busy) {
      throw PgException.fatal(SqlState.CANNOT_CONNECT_NOW, "the gateway is too busy, try again");
    }
    resolving.whenCompleteAsync(this::onResolved, ctx.executor());
  }

  private void onResolved(ResolvedDatabase resolved, Throwable error) {
    if (state != SessionState.AUTHENTICATING) {
      return;
    }
    if (error != null) {
      fail(asPgException(error, SqlState.CONNECTION_FAILURE, "could not resolve the database"));
      return;
    }
    database = resolved;
    authentication =
        services.authentications().start(user, resolved.verifier(), resolved.md5Secret());
    sendAndFlush(authentication.request(ctx.alloc()));
  }

  private void onAuthenticationResponse(AuthenticationResponse response) {
    if (authentication == null) {
      throw PgException.protocolViolation("authentication response before the server asked");
    }
    if (!warmAsked) {
      warmAsked = true;
      // The client has started to authenticate (a probe that leaves at the request does not get
      // this far): let the node open the tenant meanwhile, unless this source or user failed
      // lately. Sent once this message is answered, so the client's challenge does not wait.
      if (services
          .authThrottle()
          .quiet(SessionOrigin.host(ctx.channel().remoteAddress()), startupDatabase, user)) {
        ResolvedDatabase warming = database;
        ctx.executor().execute(() -> warming.warm(ctx.executor()));
      }
    }
    if (authentication.slow()) {
      verifyOffLoop(authentication, response.body());
      return;
    }
    PasswordAuthentication.Step step;
    try {
      step = authentication.respond(ctx.alloc(), response.body());
    } catch (PgException e) {
      failAuthentication(e);
      return;
    }
    onAuthenticationStep(step);
  }

  /**
   * Fails the session, a wrong password (or unknown user) only after the throttle's delay, in
   * VERIFYING_PASSWORD so the client can do nothing meanwhile but leave.
   */
  private void failAuthentication(PgException e) {
    if (e.error().state() != SqlState.INVALID_PASSWORD) {
      fail(e);
      return;
    }
    Duration delay =
        services
            .authThrottle()
            .failed(SessionOrigin.host(ctx.channel().remoteAddress()), startupDatabase, user);
    if (delay.isZero()) {
      fail(e);
      return;
    }
    state = SessionState.VERIFYING_PASSWORD;
    ctx.executor().schedule(() -> fail(e), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs a slow check (PBKDF2 for a cleartext password) on the blocking executor, so a burst of
   * sign-ins does not stall the other sessions of this event loop; the session waits in
   * VERIFYING_PASSWORD, where a client may send nothing but Terminate.
   */
  private void verifyOffLoop(PasswordAuthentication pending, byte[] body) {
    state = SessionState.VERIFYING_PASSWORD;
    CompletableFuture<PasswordAuthentication.Step> verifying;
    try {
      verifying =
          CompletableFuture.supplyAsync(
              () -> pending.respond(ctx.alloc(), body), services.blocking());
    } catch (RejectedExecutionException busy) {
      throw PgException.fatal(SqlState.CANNOT_CONNECT_NOW, "the gateway is too busy, try again");
    }
    verifying.whenCompleteAsync(this::onVerified, ctx.executor());
  }

  private void onVerified(PasswordAuthentication.Step step, Throwable error) {
    if (state != SessionState.VERIFYING_PASSWORD) {
      if (step != null && step.message() != null) {
        step.message().release();
      }
      return;
    }
    if (error != null) {
      failAuthentication(
          asPgException(error, SqlState.INTERNAL_ERROR, "could not check the password"));
      return;
    }
    onAuthenticationStep(step);
  }

  private void onAuthenticationStep(PasswordAuthentication.Step step) {
    if (!step.authenticated()) {
      sendAndFlush(step.message());
      return;
    }
    authentication = null;
    Unauthenticated.authenticated(ctx.channel());
    if (step.message() != null) {
      send(step.message());
    }
    sendAndFlush(BackendMessages.authenticationOk());
    state = SessionState.CONNECTING_TO_NODE;
    connecting = database.connect(this, ctx.executor());
    connecting.whenCompleteAsync(this::onConnected, ctx.executor());
  }

  private void onConnected(StatementBackend opened, Throwable error) {
    if (state != SessionState.CONNECTING_TO_NODE) {
      if (opened != null) {
        opened.close();
      }
      return;
    }
    if (error != null) {
      fail(asPgException(error, SqlState.CONNECTION_FAILURE, "could not open the session"));
      return;
    }
    backend = opened;
    services.metrics().sessionOpened();
    for (ParameterStatus p : settings.reported()) {
      send(BackendMessages.parameterStatus(ctx.alloc(), p.name(), p.value()));
    }
    CancelKey key =
        opened
            .cancelKey()
            .orElseGet(
                () ->
                    new CancelKey(
                        1 + services.random().nextInt(Integer.MAX_VALUE - 1),
                        services.random().nextInt()));
    settings.identify(key.processId());
    send(BackendMessages.backendKeyData(ctx.alloc(), key.processId(), key.secretKey()));
    state = SessionState.READY;
    if (startupTimer != null) {
      startupTimer.cancel(false);
    }
    readyForQuery();
    requestMore();
  }

  // ---------------------------------------------------------------------------------------------
  // Simple query

  private void onQuery(String sql) {
    List<String> statements = StatementSplitter.split(sql);
    if (statements.isEmpty()) {
      send(BackendMessages.emptyQueryResponse());
      readyForQuery();
      return;
    }
    query = SimpleQuery.plan(statements, backend, settings);
    state = SessionState.IN_QUERY;
    advance();
  }

  /** Runs local steps until a backend step is sent or the query is done. */
  private void advance() {
    SimpleQuery.Step step;
    while ((step = query.next()) != null) {
      if (step instanceof SimpleQuery.Remote remote) {
        Optional<RawCopy> raw =
            remote.statements().size() == 1
                ? backend.rawCopy(remote.statements().get(0))
                : Optional.empty();
        if (raw.isPresent()) {
          copy = new RawCopyRelay(copyHost, raw.get());
          copy.start();
          ctx.flush();
          return;
        }
        awaitingBackend = true;
        runTags = remote.tags();
        runStatement = 0;
        backend.execute(remote.statements());
        ctx.flush();
        return;
      }
      if (step instanceof SimpleQuery.Copy c) {
        if (startCopy(c.statement())) {
          return;
        }
        continue;
      }
      runLocal(((SimpleQuery.Local) step).statement());
    }
    finishQuery();
  }

  private void runLocal(LocalStatement statement) {
    if (txStatus == TxStatus.FAILED) {
      writeError(
          PgError.error(
              SqlState.IN_FAILED_SQL_TRANSACTION,
              "current transaction is aborted, commands ignored until end of transaction block"));
      query.fail();
      return;
    }
    if (txStatus != TxStatus.IDLE && statement.outsideTransactionOnly().isPresent()) {
      writeError(
          PgError.error(
              SqlState.ACTIVE_SQL_TRANSACTION,
              statement.outsideTransactionOnly().get() + " cannot run inside a transaction block"));
      query.fail();
      return;
    }
    try {
      settings.transactionStatus(txStatus);
      LocalStatement.Result result = statement.execute(settings);
      extended.localStatementRan(result);
      for (ParameterStatus p : result.reported()) {
        send(BackendMessages.parameterStatus(ctx.alloc(), p.name(), p.value()));
      }
      for (SessionResponse r : result.responses()) {
        send(writer.encode(ctx.alloc(), r));
      }
    } catch (PgException e) {
      writeError(e.error());
      query.fail();
    }
  }

  /** Starts a COPY; false when it failed at once (the error is written, the query stops). */
  private boolean startCopy(String sql) {
    try {
      if (!backend.supportsCopy()) {
        throw PgException.error(
            SqlState.FEATURE_NOT_SUPPORTED, "COPY is not supported on the admin console");
      }
      CopyStatement statement = CopyStatementParser.parse(sql);
      copy = statement.from() ? new CopyIn(copyHost, statement) : new CopyOut(copyHost, statement);
    } catch (PgException e) {
      writeError(e.error());
      query.fail();
      return false;
    }
    copy.start();
    ctx.flush();
    return true;
  }

  /** The COPY drivers' view of this session. */
  private final class SessionCopyHost implements CopyHost {
    @Override
    public io.netty.buffer.ByteBufAllocator alloc() {
      return ctx.alloc();
    }

    @Override
    public void write(ByteBuf message) {
      send(message);
    }

    @Override
    public void flush() {
      ctx.flush();
    }

    @Override
    public void whenWritable(Runnable action) {
      if (ctx.channel().isWritable()) {
        action.run();
      } else {
        whenWritable = action;
        ctx.flush();
      }
    }

    @Override
    public StatementBackend backend() {
      return backend;
    }

    @Override
    public void awaitBackend() {
      state = SessionState.IN_QUERY;
      awaitingBackend = true;
    }

    @Override
    public void acceptCopyData() {
      state = SessionState.COPY_IN;
      drain();
    }

    @Override
    public void copyFinished(TxStatus status, PgError error) {
      awaitingBackend = false;
      txStatus = status == TxStatus.TX_STATUS_UNSPECIFIED ? TxStatus.IDLE : status;
      copy = null;
      state = SessionState.IN_QUERY;
      if (error != null) {
        writeError(error);
        query.fail();
      }
      advance();
    }
  }

  private void finishQuery() {
    query = null;
    state = SessionState.READY;
    extended.queryFinished();
    readyForQuery();
    drain();
  }

  // ---------------------------------------------------------------------------------------------
  // Extended query

  /** Sync: the backend ends the implicit transaction, unless nothing reached it since the last. */
  private void onSync() {
    if (extended.syncNeedsBackend()) {
      state = SessionState.READY;
      sendExtendedRun(true);
      return;
    }
    extended.syncedLocally();
    state = SessionState.READY;
    readyForQuery();
  }

  private void sendExtendedRun(boolean sync) {
    state = SessionState.IN_QUERY;
    awaitingBackend = true;
    extendedInFlight = true;
    backend.execute(extended.takeRun(sync));
    ctx.flush();
  }

  private void onExtendedResponse(SessionResponse response) {
    ExtendedProtocol.Finished finished = extended.onResponse(response);
    if (response.hasRows()) {
      ctx.flush();
    }
    if (finished == ExtendedProtocol.Finished.NO) {
      return;
    }
    awaitingBackend = false;
    extendedInFlight = false;
    TxStatus status = response.getReady().getStatus();
    txStatus = status == TxStatus.TX_STATUS_UNSPECIFIED ? TxStatus.IDLE : status;
    state =
        finished == ExtendedProtocol.Finished.FAILED
            ? SessionState.FAILED_SKIP_UNTIL_SYNC
            : SessionState.READY;
    if (finished == ExtendedProtocol.Finished.SYNCED) {
      readyForQuery();
    }
    drain();
  }

  /** The extended protocol's view of this session. */
  private final class ExtendedHost implements ExtendedProtocol.Host {
    @Override
    public io.netty.buffer.ByteBufAllocator alloc() {
      return ctx.alloc();
    }

    @Override
    public void write(ByteBuf message) {
      send(message);
    }

    @Override
    public SessionSettings settings() {
      return settings;
    }

    @Override
    public TxStatus txStatus() {
      return txStatus;
    }

    @Override
    public StatementBackend backend() {
      return backend;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Backend output (event loop)

  @Override
  public void onResponse(SessionResponse response) {
    if (state == SessionState.CLOSED) {
      return;
    }
    try {
      if (response.hasRows() && RowLimit.exceeded(response.getRows(), services.maxValueBytes())) {
        // The node bounds rows by its own limit; a row past the gateway's means the two disagree.
        fail(RowLimit.failure(services.maxValueBytes()));
        return;
      }
    } catch (PgException e) {
      fail(e);
      return;
    }
    if (copy != null) {
      // A COPY FROM keeps batches at the node while it takes more CopyData; it checks the order.
      try {
        copy.onResponse(response);
      } catch (PgException e) {
        fail(e);
        return;
      }
      requestMore();
      return;
    }
    if (!awaitingBackend) {
      // Outside a query the node only speaks to end the session (e.g. its tenant was dropped).
      fail(
          response.hasError()
              ? new PgException(
                  ResponseWriter.error(response.getError()).withSeverity(Severity.FATAL))
              : PgException.fatal(
                  SqlState.CONNECTION_FAILURE, "unexpected message from the node outside a query"));
      return;
    }
    if (extendedInFlight) {
      try {
        onExtendedResponse(response);
      } catch (PgException e) {
        fail(e);
        return;
      }
      requestMore();
      return;
    }
    switch (response.getKindCase()) {
      case READY -> {
        awaitingBackend = false;
        TxStatus status = response.getReady().getStatus();
        txStatus = status == TxStatus.TX_STATUS_UNSPECIFIED ? TxStatus.IDLE : status;
        if (query.failed()) {
          finishQuery();
        } else {
          advance();
        }
      }
      case ERROR -> {
        query.fail();
        send(writer.encode(ctx.alloc(), response));
      }
      case ROWS -> {
        ByteBuf rows;
        try {
          rows = writer.encode(ctx.alloc(), response);
        } catch (PgException e) {
          fail(e);
          return;
        }
        sendAndFlush(rows);
      }
      case COMMAND_COMPLETE -> {
        if (runTags == null) {
          send(writer.encode(ctx.alloc(), response));
        } else {
          commandCompleteOfScript(response);
        }
      }
      case ROW_DESCRIPTION, EMPTY_QUERY -> send(writer.encode(ctx.alloc(), response));
      default -> {
        fail(
            PgException.fatal(
                SqlState.CONNECTION_FAILURE,
                "unexpected " + response.getKindCase() + " from the node during a query"));
        return;
      }
    }
    requestMore();
  }

  /** A CommandComplete in a run with a translation's script: its tag as the plan says. */
  private void commandCompleteOfScript(SessionResponse response) {
    String tag = runStatement < runTags.size() ? runTags.get(runStatement) : SimpleQuery.OWN_TAG;
    runStatement++;
    if (tag.equals(SimpleQuery.OWN_TAG)) {
      send(writer.encode(ctx.alloc(), response));
    } else if (!tag.equals(SimpleQuery.NO_TAG)) {
      send(BackendMessages.commandComplete(ctx.alloc(), tag));
    }
  }

  @Override
  public void onFailure(PgException failure) {
    fail(failure);
  }

  /**
   * Keeps one response requested from the backend while the client can take more bytes; when the
   * socket's outbound buffer is above its high-water mark, the request waits for writability.
   */
  private void requestMore() {
    if (backend == null || state == SessionState.CLOSED) {
      return;
    }
    if (ctx.channel().isWritable()) {
      backend.request();
    } else {
      demandPending = true;
      ctx.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable() && demandPending) {
      demandPending = false;
      requestMore();
    }
    if (ctx.channel().isWritable() && whenWritable != null) {
      Runnable action = whenWritable;
      whenWritable = null;
      action.run();
    }
    super.channelWritabilityChanged(ctx);
  }

  // ---------------------------------------------------------------------------------------------
  // Ending

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    release();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    PgException pg = findPgException(cause);
    if (isTlsFailure(cause)) {
      // A failed handshake or a non-TLS record after 'S': nothing can be said to this client.
      log.debug("TLS error on {}: {}", ctx.channel(), cause.toString());
      close();
    } else if (pg != null) {
      log.debug("client error on {}: {}", ctx.channel(), pg.getMessage());
      fail(pg);
    } else if (cause instanceof IOException) {
      log.debug("I/O error on {}: {}", ctx.channel(), cause.toString());
      close();
    } else {
      log.warn("unexpected error on {}", ctx.channel(), cause);
      fail(PgException.fatal(SqlState.INTERNAL_ERROR, "internal error"));
    }
  }

  /**
   * Graceful shutdown: ends the session with FATAL 57P01 if it is idle outside a transaction or has
   * not finished signing in, or whatever it does when {@code force}. A running query, a COPY or an
   * open transaction is otherwise left to finish; the gateway asks again. Event loop only.
   */
  public void endIfIdle(boolean force) {
    boolean idle =
        state == SessionState.READY
            && inbound.isEmpty()
            && txStatus == TxStatus.IDLE
            && !extended.hasRun();
    boolean startingUp =
        state == SessionState.AWAITING_STARTUP
            || state == SessionState.AUTHENTICATING
            || state == SessionState.VERIFYING_PASSWORD
            || state == SessionState.CONNECTING_TO_NODE;
    if (force || idle || startingUp) {
      fail(
          PgException.fatal(
              SqlState.ADMIN_SHUTDOWN, "terminating connection due to administrator command"));
    }
  }

  /** Sends a FATAL error and closes. */
  private void fail(PgException e) {
    if (state == SessionState.CLOSED) {
      return;
    }
    services.metrics().sessionFailed(backend != null, e.error().state());
    ByteBuf error =
        BackendMessages.errorResponse(ctx.alloc(), e.error().withSeverity(Severity.FATAL));
    release();
    ctx.writeAndFlush(error).addListener(written -> lingerThenClose());
  }

  /**
   * Half-closes and closes for good once the client has gone, or after {@link #LINGER_MILLIS}. A
   * client still writing (an oversized startup packet, a pipeline) would otherwise get a TCP reset
   * that throws away the error it has not read yet. Input meanwhile is discarded: the session is
   * CLOSED and the frame decoder decodes nothing after a violation.
   */
  private void lingerThenClose() {
    if (!(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isActive()) {
      ctx.close();
      return;
    }
    ctx.channel().config().setAutoRead(true);
    duplex.shutdownOutput();
    ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void close() {
    release();
    ctx.close();
  }

  /** Moves to CLOSED and lets go of the backend, an open in progress, the timer and the queue. */
  private void release() {
    state = SessionState.CLOSED;
    inbound.clear();
    if (startupTimer != null) {
      startupTimer.cancel(false);
    }
    stopIdleTimer();
    if (connecting != null) {
      connecting.cancel(false);
    }
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }

  private void readyForQuery() {
    // Settings changed by the statements just run (or undone at a transaction's end) are reported
    // first; almost always none, and then this is a few checks and no allocation.
    List<ParameterStatus> reports = settings.atReadyForQuery(txStatus);
    for (int i = 0; i < reports.size(); i++) {
      ParameterStatus p = reports.get(i);
      send(BackendMessages.parameterStatus(ctx.alloc(), p.name(), p.value()));
    }
    sendAndFlush(BackendMessages.readyForQuery(txStatus));
    startIdleTimer();
  }

  /**
   * Arms the idle-session timeout after a ReadyForQuery outside a transaction; the next message
   * from the client disarms it. Like Postgres' idle_session_timeout, a session idle inside a
   * transaction is left alone (it holds no SQLite lock unless it wrote, and a client may think).
   */
  private void startIdleTimer() {
    Duration timeout = services.idleSessionTimeout();
    if (timeout.isZero() || txStatus != TxStatus.IDLE || idleTimer != null) {
      return;
    }
    idleTimer =
        ctx.executor().schedule(this::idleTimedOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void stopIdleTimer() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }

  private void idleTimedOut() {
    idleTimer = null;
    if (state == SessionState.READY && inbound.isEmpty() && txStatus == TxStatus.IDLE) {
      log.debug("closing {}: idle for {}", ctx.channel(), services.idleSessionTimeout());
      fail(
          PgException.fatal(
              SqlState.IDLE_SESSION_TIMEOUT, "terminating connection due to idle-session timeout"));
    }
  }

  /**
   * Writes a message with Netty's void promise: nothing waits on a single message's write, and a
   * promise per message (allocated, completed, its listeners checked) was about 2% of a point
   * query. A failed write reaches {@link #exceptionCaught} instead, which closes the session.
   */
  private void send(Object message) {
    ctx.write(message, ctx.voidPromise());
  }

  private void sendAndFlush(Object message) {
    ctx.writeAndFlush(message, ctx.voidPromise());
  }

  private void writeError(PgError error) {
    send(BackendMessages.errorResponse(ctx.alloc(), error));
  }

  private static boolean isTlsFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SSLException || c instanceof NotSslRecordException) {
        return true;
      }
    }
    return false;
  }

  private static PgException findPgException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PgException pg) {
        return pg;
      }
    }
    return null;
  }

  private static PgException asPgException(Throwable error, SqlState state, String message) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    PgException pg = findPgException(cause);
    if (pg != null) {
      return pg;
    }
    if (cause instanceof RejectedExecutionException) {
      return PgException.fatal(SqlState.CANNOT_CONNECT_NOW, "the gateway is too busy, try again");
    }
    if (!(cause instanceof CancellationException)) {
      log.warn("{}", message, cause);
    }
    return PgException.fatal(state, message);
  }
}
