/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.BackendListener;
import io.rhizome.gateway.pg.session.CancelKey;
import io.rhizome.gateway.pg.session.StatementBackend;
import io.rhizome.proto.Extended;
import io.rhizome.proto.Ready;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client session's backend that survives its shard moving: it owns the session's current {@link
 * NodeLink} and, when the node ends the session with {@code wrong_db_server} (the shard moved away,
 * or its writes are frozen while a move cuts over), opens a session on the shard's owner again,
 * prepares the client's named statements there again, and goes on, so a typical move is invisible
 * to applications.
 *
 * <p>Rules (see also docs/architecture.md, "Re-routing open sessions"):
 *
 * <ul>
 *   <li><b>Journal.</b> The named statements the node holds for the session are kept ({@link
 *       StatementJournal}); a new node session gets them first, as one Extended request of Parses
 *       with sync, which must answer a ParseComplete per Parse and Ready IDLE.
 *   <li><b>Transparent re-route.</b> A request the node refuses with {@code wrong_db_server} is
 *       sent again on a new node session when all hold: the session was IDLE when it was sent, the
 *       request before it ended at a sync point (a Query, or an Extended with sync) and no other
 *       was in flight, and the client has only been given answers that do not execute anything
 *       (ParseComplete, BindComplete, ParameterDescription, RowDescription, NoData, CloseComplete).
 *       The refusal is swallowed, and as many answers of the request sent again as the client has
 *       seen are skipped (they repeat, same kinds in the same order; anything else gives up).
 *       Requests pipelined behind it (COPY FROM keeps two batches in flight) did not run either and
 *       are sent again after it, in order. A {@code frozen} refusal first waits a short growing
 *       pause ({@link RoutePauses#frozenPauseNanos}), any other one reads the placement again
 *       first. The whole re-route of one request is bounded by the route window counted from its
 *       first refusal; past it, or on any failure, the client gets the node's original error and
 *       the session ends, as before re-routing.
 *   <li><b>Not re-routable</b> (inside a transaction, or results already delivered): the node's
 *       error (40001 inside a transaction) goes to the client followed by a Ready IDLE that the
 *       node never sent (one for each request in flight), since its transaction is gone; the next
 *       request re-opens the session. The client can retry its transaction on the same connection.
 *   <li><b>Idle end.</b> A {@code wrong_db_server} error while no request is in flight (the old
 *       owner ending its sessions after a flip) is swallowed; the next request re-opens the
 *       session. If the session was inside a transaction (its last Ready was not IDLE, or the last
 *       request did not end at a sync point), that transaction is gone: the next request does not
 *       run but gets 40001 and a Ready IDLE, so that no part of the transaction commits on its own.
 *       Any other end of the stream ends the client's session as before.
 * </ul>
 *
 * <p>Flow control: exactly one response reaches the session per {@link #request()}; responses this
 * class swallows or skips are requested from the link by the class itself and never counted against
 * the session's demand. Everything runs on the session's event loop.
 *
 * <p>Limitations: a re-opened session keeps only named prepared statements; anything else a node
 * session held (SQL-level {@code PREPARE}, temporary tables) is gone after a re-route. The client
 * keeps the cancel key (BackendKeyData) of the first node session: a CancelRequest sent after a
 * re-route reaches no statement.
 */
final class ReroutingSession implements StatementBackend {
  private static final Logger log = LoggerFactory.getLogger(ReroutingSession.class);

  /** The answers that do not run anything; a request that produced only these can run again. */
  private static final Set<SessionResponse.KindCase> REPEATABLE =
      EnumSet.of(
          SessionResponse.KindCase.PARSE_COMPLETE,
          SessionResponse.KindCase.BIND_COMPLETE,
          SessionResponse.KindCase.PARAMETER_DESCRIPTION,
          SessionResponse.KindCase.ROW_DESCRIPTION,
          SessionResponse.KindCase.NO_DATA,
          SessionResponse.KindCase.CLOSE_COMPLETE);

  /** How often a frozen refusal looks at the gateway's map for the end of the freeze. */
  private static final long THAW_POLL_MILLIS = 5;

  private static final SessionResponse READY_IDLE =
      SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(TxStatus.IDLE)).build();

  /** Opens node sessions on the shard's owner. */
  @FunctionalInterface
  interface LinkOpener {
    /**
     * Opens a session for {@code listener} on the shard's owner, retrying refusals of the open
     * until {@code deadlineNanos} ({@link System#nanoTime()}); cancelling the future abandons it.
     *
     * @param refreshFirst read the placement from the store before the first try (the node said the
     *     cache is behind)
     * @return completes on the loop with the open link, or fails with a {@link PgException}
     */
    CompletableFuture<NodeLink> open(
        BackendListener listener, long deadlineNanos, boolean refreshFirst);

    /**
     * Whether this gateway's map still shows the shard frozen at {@code epoch}: a frozen refusal is
     * retried as soon as it does not (the flip or the thaw reached the cache), else after its
     * pause. Never blocks.
     */
    default boolean frozen(long epoch) {
      return false;
    }
  }

  private enum Phase {
    /** Opening a node session (first open, re-route or lazy re-open). */
    CONNECTING,
    /** The new node session is preparing the journal's statements. */
    REPLAYING,
    OPEN,
    /** The node ended the session; the next request opens a new one. */
    DISCONNECTED,
    /** Given up: what is left in the outbox, then the failure, goes to the session. */
    FAILED,
    CLOSED
  }

  /** One request of the session, from sent to its Ready. */
  private static final class Request {
    final List<String> query;
    final Extended extended;

    /** Sent while the session was IDLE, after a sync point, with no other request in flight. */
    final boolean retryable;

    /** Kinds delivered to the session so far, while all of them are {@link #REPEATABLE}. */
    final List<SessionResponse.KindCase> delivered = new ArrayList<>();

    boolean repeatable = true;

    /** Answers of the request sent again still to swallow. */
    int toSkip;

    /** The node's first refusal, delivered if the re-route fails. */
    SessionResponse refusal;

    Request(List<String> query, Extended extended, boolean retryable) {
      this.query = query;
      this.extended = extended;
      this.retryable = retryable;
    }

    boolean endsAtSync() {
      return extended == null || extended.getSync();
    }
  }

  private final BackendListener session;
  private final ScheduledExecutorService loop;
  private final LinkOpener opener;
  private final long windowNanos;
  private final StatementJournal journal = new StatementJournal();
  private final ArrayDeque<SessionResponse> outbox = new ArrayDeque<>();

  private Phase phase = Phase.CONNECTING;
  private NodeLink link;

  /** Counts the links opened: the listener of a link let go of ignores it. */
  private int generation;

  private CompletableFuture<NodeLink> opening;
  private ScheduledFuture<?> pause;
  private CancelKey cancelKey;

  /** Responses the session asked for and has not received. */
  private int demand;

  /** Responses asked of the current link and not yet received. */
  private int pulled;

  private boolean draining;
  private PgException failure;

  private TxStatus lastStatus = TxStatus.IDLE;
  private boolean atSyncPoint = true;

  /**
   * Requests sent (or to send once a new node session is ready), oldest first: the node answers the
   * oldest. A session usually has one in flight; COPY FROM pipelines a few.
   */
  private final ArrayDeque<Request> requests = new ArrayDeque<>();

  /**
   * The answer to the next request when the node ended the session, idle, in the middle of a
   * transaction (explicit, or the implicit one of requests before a sync): that transaction is
   * gone, and running the client's next statements in a new one would commit only part of it.
   */
  private SessionResponse lostTransaction;

  private long connectDeadline;
  private int refusals;
  private int replayLeft;

  private ReroutingSession(
      BackendListener session, ScheduledExecutorService loop, LinkOpener opener, Duration window) {
    this.session = session;
    this.loop = loop;
    this.opener = opener;
    this.windowNanos = window.toNanos();
  }

  /**
   * Opens the session's first node session; call on the session's event loop.
   *
   * @return completes on the loop; cancelling it abandons the open
   */
  static CompletableFuture<ReroutingSession> open(
      BackendListener session, ScheduledExecutorService loop, LinkOpener opener, Duration window) {
    ReroutingSession backend = new ReroutingSession(session, loop, opener, window);
    CompletableFuture<ReroutingSession> result = new CompletableFuture<>();
    result.whenComplete(
        (done, error) -> {
          if (result.isCancelled()) {
            backend.close();
          }
        });
    int g = ++backend.generation;
    CompletableFuture<NodeLink> first =
        opener.open(backend.listenerFor(g), System.nanoTime() + backend.windowNanos, false);
    backend.opening = first;
    // Inline: opens complete on the loop, and a stream end right after the open must find the
    // link in place (its listener ignores links it does not hold).
    first.whenComplete(
        (opened, error) -> {
          if (backend.opening != first) {
            if (opened != null) {
              opened.close();
            }
            return;
          }
          backend.opening = null;
          if (error != null) {
            backend.phase = Phase.CLOSED;
            result.completeExceptionally(unwrap(error));
            return;
          }
          backend.link = opened;
          backend.cancelKey = opened.cancelKey().orElse(null);
          backend.phase = Phase.OPEN;
          if (!result.complete(backend)) {
            backend.close();
          }
        });
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // The session's side

  @Override
  public void execute(List<String> statements) {
    start(new Request(statements, null, retryableNow()));
  }

  @Override
  public void execute(Extended request) {
    start(new Request(null, request, retryableNow()));
  }

  private boolean retryableNow() {
    return requests.isEmpty() && lastStatus == TxStatus.IDLE && atSyncPoint;
  }

  private void start(Request request) {
    if (lostTransaction != null && phase == Phase.DISCONNECTED) {
      SessionResponse lost = lostTransaction;
      lostTransaction = null;
      lastStatus = TxStatus.IDLE;
      atSyncPoint = true;
      offer(lost);
      offer(READY_IDLE);
      return;
    }
    switch (phase) {
      case OPEN -> {
        requests.add(request);
        send(request);
      }
      case CONNECTING, REPLAYING -> requests.add(request); // sent once the new session is ready
      case DISCONNECTED -> {
        requests.add(request);
        log.debug("re-opening a session whose shard moved");
        connectDeadline = System.nanoTime() + windowNanos;
        refusals = 0;
        connect(false);
      }
      default -> throw new IllegalStateException("session backend is " + phase);
    }
  }

  @Override
  public void request() {
    if (phase == Phase.CLOSED) {
      return;
    }
    demand++;
    drain();
    topUp();
  }

  @Override
  public Optional<CancelKey> cancelKey() {
    return Optional.ofNullable(cancelKey);
  }

  @Override
  public void close() {
    if (phase == Phase.CLOSED) {
      return;
    }
    phase = Phase.CLOSED;
    closeLink();
    if (opening != null) {
      CompletableFuture<NodeLink> abandoned = opening;
      opening = null;
      abandoned.cancel(false);
    }
    if (pause != null) {
      pause.cancel(false);
      pause = null;
    }
    outbox.clear();
    requests.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Sending and demand

  private void send(Request request) {
    if (request.extended != null) {
      journal.sent(request.extended);
      link.execute(request.extended);
    } else {
      journal.sentQuery();
      link.execute(request.query);
    }
    topUp();
  }

  /**
   * Keeps as many responses asked of the link as the session will take, or exactly one while this
   * class reads responses the session never sees (a replay, skipped answers).
   */
  private void topUp() {
    // The link may answer inside request() (from the batch it holds), and that answer may end it.
    while (link != null && (phase == Phase.OPEN || phase == Phase.REPLAYING) && pulled < wanted()) {
      pulled++;
      link.request();
    }
  }

  private int wanted() {
    Request oldest = requests.peek();
    boolean internal = phase == Phase.REPLAYING || (oldest != null && oldest.toSkip > 0);
    return internal ? 1 : demand - outbox.size();
  }

  private void offer(SessionResponse response) {
    outbox.add(response);
    drain();
  }

  /** Hands queued responses to the session under its demand, then a pending failure. */
  private void drain() {
    if (draining) {
      return; // the session asked for more from inside onResponse: the loop below goes on
    }
    draining = true;
    try {
      while (demand > 0 && !outbox.isEmpty() && phase != Phase.CLOSED) {
        demand--;
        session.onResponse(outbox.poll());
      }
      if (failure != null && outbox.isEmpty() && phase != Phase.CLOSED) {
        PgException failed = failure;
        failure = null;
        session.onFailure(failed);
      }
    } finally {
      draining = false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The link's side

  private BackendListener listenerFor(int linkGeneration) {
    return new BackendListener() {
      @Override
      public void onResponse(SessionResponse response) {
        if (linkGeneration == generation && link != null) {
          pulled--;
          onLinkResponse(response);
        }
      }

      @Override
      public void onFailure(PgException failure) {
        if (linkGeneration == generation && link != null) {
          onLinkFailure(failure);
        }
      }
    };
  }

  private void onLinkResponse(SessionResponse response) {
    if (phase == Phase.REPLAYING) {
      onReplayResponse(response);
      return;
    }
    Request request = requests.peek();
    if (request == null) {
      if (wrongDbServer(response)) {
        log.debug("the node ended an idle session: its shard moved; re-opening on next request");
        closeLink();
        phase = Phase.DISCONNECTED;
        if (lastStatus != TxStatus.IDLE || !atSyncPoint) {
          lostTransaction =
              SessionResponse.newBuilder()
                  .setError(
                      response.getError().toBuilder()
                          .setSqlstate(SqlState.SERIALIZATION_FAILURE.code())
                          .setMessage(
                              "the database moved to another node during the transaction;"
                                  + " retry the transaction"))
                  .build();
        }
      } else {
        offer(response);
      }
      return;
    }
    journal.received(response);
    if (request.toSkip > 0) {
      SessionResponse.KindCase expected =
          request.delivered.get(request.delivered.size() - request.toSkip);
      if (response.getKindCase() == expected) {
        request.toSkip--;
        topUp();
      } else if (wrongDbServer(response)) {
        onRefused(request, response);
      } else {
        log.debug(
            "a re-routed request answered {} instead of {}", response.getKindCase(), expected);
        giveUp(
            PgException.fatal(
                SqlState.CONNECTION_FAILURE,
                "the session's statement answered differently on the database's new node"));
      }
      return;
    }
    if (wrongDbServer(response)) {
      onRefused(request, response);
      return;
    }
    if (response.hasReady()) {
      journal.ready();
      TxStatus status = response.getReady().getStatus();
      lastStatus = status == TxStatus.TX_STATUS_UNSPECIFIED ? TxStatus.IDLE : status;
      atSyncPoint = request.endsAtSync();
      requests.poll();
    } else if (request.repeatable) {
      if (REPEATABLE.contains(response.getKindCase())) {
        request.delivered.add(response.getKindCase());
      } else {
        request.repeatable = false;
        request.delivered.clear();
      }
    }
    offer(response);
  }

  private void onLinkFailure(PgException failed) {
    link = null;
    pulled = 0;
    Request oldest = requests.peek();
    if (phase == Phase.REPLAYING || (oldest != null && oldest.refusal != null)) {
      giveUp(failed);
      return;
    }
    if (oldest == null && phase == Phase.OPEN) {
      // The node went away between requests (killed; its shard fails over to a replica): as after
      // an idle end, the next request opens a session wherever the shard is served by then.
      log.debug("the node of an idle session went away; re-opening on next request");
      phase = Phase.DISCONNECTED;
      if (lastStatus != TxStatus.IDLE || !atSyncPoint) {
        lostTransaction =
            SessionResponse.newBuilder()
                .setError(
                    io.rhizome.proto.Error.newBuilder()
                        .setSqlstate(SqlState.SERIALIZATION_FAILURE.code())
                        .setMessage(
                            "the database's node went away during the transaction; retry the"
                                + " transaction"))
                .build();
      }
      return;
    }
    phase = Phase.FAILED;
    failure = failed;
    drain();
  }

  /** The node refused the oldest request in flight, {@code request}, and ended the session. */
  private void onRefused(Request request, SessionResponse refusal) {
    closeLink();
    if (!request.retryable || !request.repeatable) {
      // It did not run, nor did any request after it, and the node's transaction is gone with the
      // session: say so with the Ready the node did not send for each, and start afresh with the
      // next request.
      log.debug("the node ended a session in a transaction or with results sent: shard moved");
      int unanswered = requests.size();
      requests.clear();
      lastStatus = TxStatus.IDLE;
      atSyncPoint = true;
      phase = Phase.DISCONNECTED;
      outbox.add(refusal);
      for (int i = 0; i < unanswered; i++) {
        journal.ready();
        outbox.add(READY_IDLE);
      }
      drain();
      return;
    }
    if (request.refusal == null) {
      // The window counts from the first refusal: later ones (still frozen) share it.
      request.refusal = refusal;
      connectDeadline = System.nanoTime() + windowNanos;
      refusals = 0;
    }
    journal.discardInFlight();
    retryAfter(refusal);
  }

  // ---------------------------------------------------------------------------------------------
  // Opening another node session

  /** After a refusal: a pause (growing), then a new node session, within the deadline. */
  private void retryAfter(SessionResponse refusal) {
    boolean frozen = refusal.getError().getWrongDbServer().getFrozen();
    refusals++;
    long pauseNanos =
        frozen
            ? RoutePauses.frozenPauseNanos(refusals)
            : refusals == 1 ? 0 : RoutePauses.pauseNanos(refusals - 1);
    if (System.nanoTime() + pauseNanos >= connectDeadline) {
      giveUp(
          PgException.fatal(
              SqlState.CANNOT_CONNECT_NOW, "the database is moving to another node; try again"));
      return;
    }
    phase = Phase.CONNECTING;
    if (frozen && opener.frozen(refusal.getError().getWrongDbServer().getEpoch())) {
      awaitThaw(refusal.getError().getWrongDbServer().getEpoch(), System.nanoTime() + pauseNanos);
    } else if (pauseNanos == 0) {
      connect(!frozen);
    } else {
      pause =
          loop.schedule(
              () -> {
                pause = null;
                if (phase == Phase.CONNECTING) {
                  connect(!frozen);
                }
              },
              pauseNanos,
              TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Polls the gateway's own map (memory only, every few milliseconds) until the freeze is gone from
   * it or {@code untilNanos} passes, then opens: the write goes out right after the flip instead of
   * at the end of a pause, and the frozen node is not asked again and again meanwhile.
   */
  private void awaitThaw(long epoch, long untilNanos) {
    pause =
        loop.scheduleWithFixedDelay(
            () -> {
              if (phase != Phase.CONNECTING) {
                cancelPause();
              } else if (!opener.frozen(epoch) || System.nanoTime() >= untilNanos) {
                cancelPause();
                connect(false);
              }
            },
            THAW_POLL_MILLIS,
            THAW_POLL_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  private void cancelPause() {
    if (pause != null) {
      pause.cancel(false);
      pause = null;
    }
  }

  private void connect(boolean refreshFirst) {
    phase = Phase.CONNECTING;
    int g = ++generation;
    CompletableFuture<NodeLink> attempt =
        opener.open(listenerFor(g), connectDeadline, refreshFirst);
    opening = attempt;
    attempt.whenComplete( // inline, as in open()
        (opened, error) -> {
          if (opening != attempt) {
            if (opened != null) {
              opened.close(); // closed meanwhile
            }
            return;
          }
          opening = null;
          if (error != null) {
            giveUp(unwrap(error));
            return;
          }
          link = opened;
          pulled = 0;
          if (journal.isEmpty()) {
            connected();
          } else {
            phase = Phase.REPLAYING;
            replayLeft = journal.size();
            link.execute(journal.replay());
            topUp();
          }
        });
  }

  private void onReplayResponse(SessionResponse response) {
    if (response.hasParseComplete() && replayLeft > 0) {
      replayLeft--;
      topUp();
      return;
    }
    if (response.hasReady()
        && replayLeft == 0
        && response.getReady().getStatus() == TxStatus.IDLE) {
      connected();
      return;
    }
    closeLink();
    if (wrongDbServer(response)) {
      retryAfter(response);
      return;
    }
    // The error's text may quote the statement: log the kind only.
    log.debug("preparing the session's statements again failed: {}", response.getKindCase());
    giveUp(
        PgException.fatal(
            SqlState.CONNECTION_FAILURE,
            "could not prepare the session's statements again on the database's new node"));
  }

  /** The new node session is ready: the requests in flight go to it, in order. */
  private void connected() {
    phase = Phase.OPEN;
    lastStatus = TxStatus.IDLE;
    atSyncPoint = true;
    for (Request request : List.copyOf(requests)) {
      // The oldest may have had answers already; they come again and are skipped.
      request.toSkip = request.delivered.size();
      send(request);
    }
  }

  /**
   * Ends the session as without re-routing: the node's original error, if the client has not seen
   * it, then {@code why}.
   */
  private void giveUp(PgException why) {
    Request request = requests.peek();
    requests.clear();
    closeLink();
    phase = Phase.FAILED;
    if (request != null && request.refusal != null) {
      outbox.add(request.refusal);
    }
    failure = why;
    drain();
  }

  private void closeLink() {
    if (link != null) {
      link.close();
      link = null;
    }
    pulled = 0;
  }

  private static boolean wrongDbServer(SessionResponse response) {
    return response.hasError() && response.getError().hasWrongDbServer();
  }

  private static PgException unwrap(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof PgException pg
        ? pg
        : PgException.fatal(SqlState.CONNECTION_FAILURE, "could not open the session");
  }
}
