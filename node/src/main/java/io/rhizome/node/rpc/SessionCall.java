/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rhizome.node.exec.Errors;
import io.rhizome.node.exec.FencedException;
import io.rhizome.node.exec.Outbound;
import io.rhizome.node.exec.Progress;
import io.rhizome.node.exec.TenantSession;
import io.rhizome.node.exec.Venue;
import io.rhizome.node.store.HandleLimitException;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.Open;
import io.rhizome.proto.Opened;
import io.rhizome.proto.Ready;
import io.rhizome.proto.SessionInfo;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.TxStatus;
import io.rhizome.proto.WrongDbServer;
import io.rhizome.topology.TenantNames;
import io.rhizome.topology.TopologyException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session stream: {@code Open}, then {@code Query} and {@code Extended} messages, each answered
 * by its results and one {@code Ready}.
 *
 * <p>The stream's transport (gRPC or session frames) is behind a {@link SessionStream}; neither
 * changes anything here.
 *
 * <p>Threading: the session's work runs one task at a time, in order, on its {@link SessionLane}.
 * The transport delivers requests on its event loop (gRPC's service runs on a direct executor); a
 * request starts there when the lane is idle, and whatever may block (opening the tenant, a write,
 * a COMMIT, a statement that turns out slow: see {@link TenantSession#advance(Outbound, Venue)})
 * continues on the node's bounded worker pool. A short auto-commit write or a COMMIT stays on the
 * transport thread when that thread serves no other session with a request in progress ({@link
 * LoopLoads}). Other callbacks (cancel, readiness, half-close) only hand work to the lane's
 * workers. Flow control both ways: the node asks for the next request only when the previous one is
 * answered, and a query whose client is not ready parks without holding a thread until the stream
 * reports it ready again.
 *
 * <p>Each request first takes a slot of the node's {@link StatementGate}; when it has to wait, the
 * session keeps it (and asks for nothing more) until the gate hands it a slot.
 */
final class SessionCall implements StreamObserver<SessionRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(SessionCall.class);

  private enum State {
    AWAITING_OPEN,
    OPEN,
    CLOSED
  }

  private final SessionEnvironment env;
  private final SessionStream stream;
  private final Responder out;
  private final SessionLane lane;
  private final AtomicBoolean parked = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final SessionActivity activity = new SessionActivity(System::currentTimeMillis);

  /**
   * What statements answer through: publishes the session's new state just before its Ready, so
   * that a client which has its Ready and then lists sessions sees it idle, as in Postgres.
   */
  private final Outbound reporting =
      new Outbound() {
        @Override
        public boolean isReady() {
          return out.isReady();
        }

        @Override
        public void send(SessionResponse response) {
          if (response.hasReady()) {
            activity.finished(response.getReady().getStatus());
            // Before the client can send its next request: that one counts afresh.
            leaveDeliveringThread();
          } else if (response.hasError() && endingWith != null && stoppedByTheEnd(response)) {
            // The statement was interrupted because the session is being ended: its answer is why
            // (a moved shard's refusal lets the gateway run the request again elsewhere; SQLite
            // rolled the statement back), not a cancel the client never asked for.
            response = Errors.response(shardMoved ? fenced(endingWith) : endingWith);
          }
          // Rows read through a RowCursor come encoded already; only rows the node made otherwise
          // are listed here.
          if (encodeRows && response.hasRows() && response.getRows().getRowsCount() > 0) {
            // The kind is all a response holds: nothing else to carry over.
            response =
                SessionResponse.newBuilder()
                    .setRows(EncodedRows.encode(response.getRows()))
                    .build();
          }
          tally.answered(response);
          out.send(response);
        }
      };

  /**
   * Why the session is being ended from outside ({@link #terminate}), set before the running
   * statement is interrupted; null otherwise.
   */
  private volatile io.rhizome.proto.Error endingWith;

  /** {@link #endingWith} is a moved shard's refusal (40001 inside a transaction, see fenced). */
  private volatile boolean shardMoved;

  /** The gateway reads encoded rows (Open.encoded_rows); set before the first request runs. */
  private boolean encodeRows;

  /** Counts requests into the meters and the tenant's stats once the session is open. */
  private StatementTally tally = StatementTally.NONE;

  /** The open session, for {@link TenantSession#interrupt()} from other threads. */
  private volatile TenantSession live;

  /** Given to the gate while a request waits for a slot: runs it once it holds one. */
  private final Runnable slotGranted = () -> submit(this::runQueued);

  // Confined to the session's lane.
  private State state = State.AWAITING_OPEN;
  private boolean queryRunning;

  /** The request waiting for a slot of the gate, if any. */
  private SessionRequest queued;

  private boolean holdsSlot;
  private boolean halfClosed;
  private String tenant;
  private CancelKeyTable.Key cancelKey;

  /** Checked before every write; released when each request has answered. */
  private SessionFence fence;

  /** The thread that delivered the request in progress counts this session until its Ready. */
  private LoopLoads.Load deliveredBy;

  /** Whether requests arrive on a gateway client loop (standalone's in-process transport). */
  private final boolean clientLoop;

  /**
   * Must be created before the stream delivers anything (for gRPC: inside the service method,
   * before the call starts).
   *
   * @param clientLoop whether the stream delivers on the gateway's client event loops (see {@link
   *     LoopLoads})
   */
  SessionCall(SessionEnvironment env, SessionStream stream, boolean clientLoop) {
    this.env = env;
    this.clientLoop = clientLoop;
    this.stream = stream;
    this.out = new Responder(stream, env.metrics());
    this.lane = new SessionLane(env.workers());
    stream.setOnReadyHandler(this::onReady);
    stream.setOnCancelHandler(this::onCancel);
    stream.request(1);
  }

  @Override
  public void onNext(SessionRequest request) {
    if (request.hasOpen()) {
      // Opening may read the tenant's file from disk and wait on the handle cache: a worker's job.
      submit(() -> handle(request));
      return;
    }
    LoopLoads.Load load = LoopLoads.enter(this, clientLoop);
    try {
      lane.runHere(() -> runGuarded(() -> handle(request, load)));
    } catch (RejectedExecutionException e) {
      load.leave();
      out.fail(Status.UNAVAILABLE.withDescription("the node is shutting down"));
    }
  }

  /** The client failed or cancelled the stream. */
  @Override
  public void onError(Throwable t) {
    onCancel();
  }

  /** The client sent its last request: finish the running query, then end the stream. */
  @Override
  public void onCompleted() {
    submit(
        () -> {
          halfClosed = true;
          if (!queryRunning) {
            shutdown();
            out.complete();
          }
        });
  }

  /**
   * Ends the session from outside (tenant dropped, node shutting down) with an error for the
   * client.
   *
   * @return completes when the session's connection is closed
   */
  CompletableFuture<Void> terminate(SqlState state, String message) {
    io.rhizome.proto.Error error = Errors.error(state, message);
    endingWith = error;
    interruptStatement();
    submit(() -> end(error));
    return closed;
  }

  /**
   * Ends the session because its shard moved away: the client gets {@code error} (40001 inside a
   * transaction, see {@link #fenced}).
   *
   * @return completes when the session's connection is closed
   */
  CompletableFuture<Void> terminate(io.rhizome.proto.Error error) {
    shardMoved = true;
    endingWith = error;
    interruptStatement();
    submit(() -> end(live == null ? error : fenced(error)));
    return closed;
  }

  private static boolean stoppedByTheEnd(SessionResponse response) {
    return SqlState.QUERY_CANCELED.code().equals(response.getError().getSqlstate());
  }

  /**
   * The node is shutting down: ends the session (57P01) if no request is running or waiting and no
   * transaction is open; otherwise leaves it be, to be asked again.
   */
  void endIfIdle() {
    submit(
        () -> {
          if (state == State.OPEN && !queryRunning && live.status() == TxStatus.IDLE) {
            end(
                Errors.error(
                    SqlState.ADMIN_SHUTDOWN,
                    "terminating connection due to administrator command"));
          }
        });
  }

  /** Closes from the calling thread; only when no worker can be running this session any more. */
  void closeNow() {
    shutdown();
    out.fail(Status.UNAVAILABLE.withDescription("the node is shutting down"));
  }

  /**
   * A client's CancelRequest: stops the running statement, or the request waiting for a statement
   * slot (57014); no effect when idle.
   */
  void cancel() {
    TenantSession session = live;
    if (session != null) {
      session.cancel();
      submit(this::cancelQueued);
    }
  }

  /** The session as ListSessions shows it; null until it is open. Any thread. */
  SessionInfo activity() {
    return activity.snapshot();
  }

  private void onReady() {
    if (parked.compareAndSet(true, false)) {
      submit(this::resume);
    }
  }

  private void onCancel() {
    interruptStatement();
    submit(this::shutdown);
  }

  /**
   * Stops the request in progress the way a client's cancel does (its 57014 becomes {@link
   * #endingWith} on the way out), not by a bare interrupt: SQLite drops an interrupt that finds no
   * statement running, and a write whose inline attempt just overran its step budget is between
   * statements until a worker runs it again from its start, to the end.
   */
  private void interruptStatement() {
    TenantSession session = live;
    if (session != null) {
      session.cancel();
    }
  }

  private void submit(Runnable task) {
    try {
      lane.execute(() -> runGuarded(task));
    } catch (RejectedExecutionException e) {
      // Only while the node shuts down: the final sweep closes the session.
      out.fail(Status.UNAVAILABLE.withDescription("the node is shutting down"));
    }
  }

  /** A bug must end the session with an answer, not leave the client waiting forever. */
  private void runGuarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("session task of tenant {} failed", tenant, e);
      try {
        end(Errors.error(SqlState.INTERNAL_ERROR, "internal error"));
      } catch (RuntimeException again) {
        LOG.error("ending the failed session failed", again);
        out.fail(Status.INTERNAL);
      }
    }
  }

  /**
   * @param load the delivering thread's count, which holds this session until the request ends
   */
  private void handle(SessionRequest request, LoopLoads.Load load) {
    leaveDeliveringThread();
    if (state == State.OPEN) {
      deliveredBy = load;
    } else {
      load.leave();
    }
    handle(request);
  }

  private void handle(SessionRequest request) {
    if (state == State.CLOSED) {
      return;
    }
    switch (request.getKindCase()) {
      case OPEN -> {
        if (state == State.AWAITING_OPEN) {
          open(request.getOpen());
        } else {
          end(Errors.error(SqlState.PROTOCOL_VIOLATION, "the session is already open"));
        }
      }
      case QUERY, EXTENDED -> {
        if (state == State.OPEN) {
          startQuery(request);
        } else {
          end(Errors.error(SqlState.PROTOCOL_VIOLATION, "the first message must be Open"));
        }
      }
      case KIND_NOT_SET -> end(Errors.error(SqlState.PROTOCOL_VIOLATION, "empty request"));
    }
  }

  private void open(Open open) {
    encodeRows = open.getEncodedRows();
    String name = open.getTenant();
    if (!TenantNames.isValid(name)) {
      // Never echoed: it may be anything, of any length.
      end(Errors.error(SqlState.INVALID_CATALOG_NAME, "database does not exist"));
      return;
    }
    Optional<TenantRecord> record;
    try {
      record = env.topology().tenant(name);
    } catch (TopologyException e) {
      LOG.warn("tenant lookup failed for {}: {}", name, e.reason());
      end(Errors.error(SqlState.CANNOT_CONNECT_NOW, "the cluster metadata is unavailable"));
      return;
    }
    if (record.isEmpty()) {
      end(doesNotExist(name));
      return;
    }
    int shard = open.getShard();
    long epoch = open.getEpoch();
    if (record.get().getShard() != shard) {
      end(SessionFence.wrongServer(env.ownership().placement(record.get().getShard())));
      return;
    }
    Optional<WrongDbServer> refusal = env.ownership().refusal(shard, epoch);
    if (refusal.isPresent()) {
      LOG.info("refused a session of {}: shard {} epoch {} not owned here", name, shard, epoch);
      end(SessionFence.wrongServer(refusal.get()));
      return;
    }
    if (record.get().getRelocatingToShard() != 0) {
      // Its files are being renamed (or were, and the record was not updated): opening the old
      // path could create an empty database. Finish the relocation; the gateway retries.
      env.relocations().recover(name);
      end(TenantRelocation.refusal(shard, epoch, env.nodeId()));
      return;
    }
    switch (env.registry().admit(name, this)) {
      case ADMITTED -> tenant = name;
      case RELOCATING -> {
        end(TenantRelocation.refusal(shard, epoch, env.nodeId()));
        return;
      }
      case FULL -> {
        end(Errors.error(SqlState.TOO_MANY_CONNECTIONS, "too many sessions on this node"));
        return;
      }
      case TENANT_FULL -> {
        end(
            Errors.error(
                SqlState.TOO_MANY_CONNECTIONS,
                "too many connections for database \"" + name + "\""));
        return;
      }
      case DROPPING -> {
        end(doesNotExist(name));
        return;
      }
      case SHUTTING_DOWN -> {
        end(Errors.error(SqlState.CANNOT_CONNECT_NOW, "the node is shutting down"));
        return;
      }
    }
    if (!stillHere(name, shard, epoch)) {
      return;
    }
    Optional<CancelKeyTable.Key> key = env.cancelKeys().register(this);
    if (key.isEmpty()) {
      end(Errors.error(SqlState.TOO_MANY_CONNECTIONS, "too many sessions on this node"));
      return;
    }
    cancelKey = key.get();
    TenantHandles.Lease lease;
    try {
      lease = env.handles().acquire(shard, name);
    } catch (HandleLimitException e) {
      LOG.warn("refused a session of {}: {}", name, e.getMessage());
      end(
          Errors.error(
              SqlState.TOO_MANY_CONNECTIONS,
              "too many open databases on this node (at most " + e.limit() + ")"));
      return;
    } catch (IOException | SQLException e) {
      // The exception's message may hold a path: log its type only.
      LOG.error("opening tenant {} of shard {} failed: {}", name, shard, e.getClass().getName());
      end(Errors.error(SqlState.IO_ERROR, "could not open the database"));
      return;
    }
    TenantLockdown lockdown = env.store().lockdown();
    TenantQuotas quotas = lockdown.quotas().withOverrides(record.get().getLimits());
    try {
      // Every time: a reused handle carries the size limit of the last session that had it.
      lockdown.limitSize(lease.connection(), quotas.maxDatabaseBytes());
    } catch (SQLException e) {
      lease.close();
      LOG.error("limiting the size of tenant {} failed: {}", name, e.getClass().getName());
      end(Errors.error(SqlState.IO_ERROR, "could not open the database"));
      return;
    }
    fence = new SessionFence(env, shard, epoch, name);
    try {
      live =
          new TenantSession(
              lease.connection(), lease::close, env.errors(), fence, lockdown, quotas, encodeRows);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
    state = State.OPEN;
    activity.opened(open, cancelKey.processId());
    tally = env.tally(name, shard, activity);
    env.nodeMetrics().sessionOpened();
    out.send(
        SessionResponse.newBuilder()
            .setOpened(
                Opened.newBuilder()
                    .setNodeId(env.nodeId())
                    .setBackendPid(cancelKey.processId())
                    .setCancelSecret(cancelKey.secret()))
            .build());
    out.send(
        SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(TxStatus.IDLE)).build());
    lane.afterTurn(() -> stream.request(1));
  }

  /**
   * Reads the tenant's record again once admitted: a relocation that ended between the first read
   * and the admission has renamed the files away from {@code shard} (it ends only sessions admitted
   * before it began). Ends the session and returns false when the tenant is no longer there.
   */
  private boolean stillHere(String name, int shard, long epoch) {
    Optional<TenantRecord> now;
    try {
      now = env.topology().tenant(name);
    } catch (TopologyException e) {
      LOG.warn("tenant lookup failed for {}: {}", name, e.reason());
      end(Errors.error(SqlState.CANNOT_CONNECT_NOW, "the cluster metadata is unavailable"));
      return false;
    }
    if (now.isEmpty()) {
      end(doesNotExist(name));
      return false;
    }
    if (now.get().getRelocatingToShard() != 0) {
      end(TenantRelocation.refusal(shard, epoch, env.nodeId()));
      return false;
    }
    if (now.get().getShard() != shard) {
      end(SessionFence.wrongServer(env.ownership().placement(now.get().getShard())));
      return false;
    }
    return true;
  }

  private void startQuery(SessionRequest request) {
    tally.started();
    switch (env.gate().enter(slotGranted)) {
      case RUN -> {
        holdsSlot = true;
        started(request);
        run(request);
      }
      case QUEUED -> {
        started(request);
        queued = request;
        queryRunning = true;
        env.metrics().queued();
      }
      case FULL -> {
        env.metrics().refused();
        refuse(request);
      }
    }
  }

  /** The gate handed this session a slot for its queued request. */
  private void runQueued() {
    holdsSlot = true;
    SessionRequest request = queued;
    queued = null;
    if (state != State.OPEN || request == null) {
      releaseSlot();
      return;
    }
    run(request);
  }

  private void run(SessionRequest request) {
    if (request.hasQuery()) {
      live.start(request.getQuery().getStatementsList());
    } else {
      live.start(request.getExtended());
    }
    queryRunning = true;
    resume();
  }

  private void started(SessionRequest request) {
    if (request.hasQuery()) {
      activity.started(request.getQuery().getStatementsList());
    } else {
      activity.started(request.getExtended());
    }
  }

  /** A cancel reached a request still waiting for its slot: it fails without running. */
  private void cancelQueued() {
    if (state == State.OPEN && queued != null && env.gate().withdraw(slotGranted)) {
      SessionRequest request = queued;
      queued = null;
      refuse(
          request,
          Errors.error(SqlState.QUERY_CANCELED, "canceling statement due to user request"));
    }
  }

  /** Answers a request without running it. */
  private void refuse(SessionRequest request) {
    refuse(
        request,
        Errors.error(
            SqlState.INSUFFICIENT_RESOURCES,
            "too many statements running on this node; try again later"));
  }

  private void refuse(SessionRequest request, io.rhizome.proto.Error error) {
    try {
      if (request.hasQuery()) {
        live.refuse(error, reporting);
      } else {
        live.refuse(request.getExtended(), error, reporting);
      }
    } catch (FencedException e) {
      LOG.info("session of {} ended: {}", tenant, SessionFence.why(e.error()));
      end(fenced(e.error()));
      return;
    }
    requestFinished();
  }

  /** The current request has sent its Ready: ask for the next one, or end after the last. */
  private void requestFinished() {
    queryRunning = false;
    leaveDeliveringThread();
    fence.release();
    if (halfClosed) {
      shutdown();
      out.complete();
    } else {
      lane.afterTurn(() -> stream.request(1));
    }
  }

  private void releaseSlot() {
    if (holdsSlot) {
      holdsSlot = false;
      env.gate().leave();
    }
  }

  private void resume() {
    if (state != State.OPEN || !queryRunning || queued != null) {
      return;
    }
    Progress progress;
    try {
      progress = live.advance(reporting, venue());
    } catch (FencedException e) {
      LOG.info("session of {} ended: {}", tenant, SessionFence.why(e.error()));
      end(fenced(e.error()));
      return;
    }
    switch (progress) {
      case FINISHED -> {
        if (lane.onCaller()) {
          env.metrics().inline();
        }
        releaseSlot();
        requestFinished();
        return;
      }
      case MOVE -> {
        // The rest may block: a worker goes on with it (the lane stays this session's meanwhile).
        env.metrics().moved();
        submit(this::resume);
        return;
      }
      case WAITING -> {}
    }
    env.metrics().paused();
    parked.set(true);
    // Readiness may have come back before the flag was set; onReady would then have missed it.
    if (out.isReady() && parked.compareAndSet(true, false)) {
      submit(this::resume);
    }
  }

  /**
   * Where the request runs now: on a worker, or on the thread that delivered it, which may also run
   * a short write when it serves this session alone.
   */
  private Venue venue() {
    if (!lane.onCaller()) {
      return Venue.WORKER;
    }
    return deliveredBy != null && deliveredBy.alone() ? Venue.LONE_LOOP : Venue.SHARED_LOOP;
  }

  private void leaveDeliveringThread() {
    if (deliveredBy != null) {
      deliveredBy.leave();
      deliveredBy = null;
    }
  }

  /**
   * Sends a final error, closes the session, then ends the stream: by the time the client sees the
   * end, the connection is closed and the session no longer counts against the node's limit.
   */
  private void end(io.rhizome.proto.Error error) {
    if (state == State.CLOSED) {
      return;
    }
    if (state == State.AWAITING_OPEN) {
      env.nodeMetrics().sessionRefused(error);
    }
    out.send(Errors.response(error));
    shutdown();
    out.complete();
  }

  private void shutdown() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    queryRunning = false;
    leaveDeliveringThread();
    if (queued != null && env.gate().withdraw(slotGranted)) {
      queued = null;
    }
    // Else a slot is on its way to runQueued, which gives it back.
    releaseSlot();
    TenantSession session = live;
    if (session != null) {
      session.close();
    }
    tally.close();
    if (fence != null) {
      // After the close: a transaction the session left open has rolled back.
      fence.release();
      fence.close();
    }
    if (cancelKey != null) {
      env.cancelKeys().remove(cancelKey, this);
    }
    if (tenant != null) {
      env.registry().remove(tenant, this);
    }
    closed.complete(null);
  }

  private static io.rhizome.proto.Error doesNotExist(String name) {
    return Errors.error(SqlState.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist");
  }

  /**
   * The error that ends a session whose shard moved away under it: inside a transaction, 40001,
   * which tells the client that retrying the whole transaction (on a new connection, which the
   * gateway routes to the new owner) is safe; outside one, the wrong-server error as is.
   */
  private io.rhizome.proto.Error fenced(io.rhizome.proto.Error error) {
    if (live.status() == TxStatus.IDLE) {
      return error;
    }
    return error.toBuilder()
        .setSqlstate(SqlState.SERIALIZATION_FAILURE.code())
        .setMessage(
            "the database moved to another node during the transaction; retry the transaction")
        .build();
  }
}
