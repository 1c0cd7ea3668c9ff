/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.grpc.Status;
import io.rhizome.gateway.link.SessionStream;
import io.rhizome.gateway.link.SessionTransport;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.BackendListener;
import io.rhizome.gateway.pg.session.CancelKey;
import io.rhizome.gateway.pg.session.StatementBackend;
import io.rhizome.proto.Extended;
import io.rhizome.proto.Open;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SessionResponses;
import io.rhizome.proto.SqlState;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client session's stream to a node, over whichever transport the node offers ({@link
 * SessionTransport}: session frames, or gRPC's {@code NodeSession.Exchange}).
 *
 * <p>The stream's callbacks run on the session's event loop, where all state lives and every send
 * happens. The node answers in batches ({@link SessionResponses}); the link hands them to the
 * session one response per {@link #request()}, and asks the stream for the next batch only when the
 * session wants more and the last one is used up, so a slow client holds the node back instead of
 * filling the gateway's memory: at most one batch (about 64 KiB, or one large row) waits here.
 */
final class NodeLink implements StatementBackend, SessionStream.Listener {
  private static final Logger log = LoggerFactory.getLogger(NodeLink.class);

  private enum Phase {
    AWAITING_OPENED,
    AWAITING_READY,
    OPEN,
    CLOSED
  }

  private final String nodeId;
  private final BackendListener listener;
  private final CompletableFuture<NodeLink> opened = new CompletableFuture<>();
  private SessionStream requests;
  private Phase phase = Phase.AWAITING_OPENED;
  private boolean queryInFlight;
  private CancelKey cancelKey;

  /** Responses of the last batch not yet handed to the session. */
  private final ArrayDeque<SessionResponse> received = new ArrayDeque<>();

  /** Responses the session asked for and has not received. */
  private int demand;

  /** A batch is requested from the stream and has not arrived. */
  private boolean batchRequested;

  private boolean delivering;

  /** Why the stream ended, while responses received before the end still wait for the session. */
  private String ended;

  private NodeLink(String nodeId, BackendListener listener) {
    this.nodeId = nodeId;
    this.listener = listener;
  }

  /**
   * Starts the stream and sends Open; call on the session's event loop.
   *
   * @return the link; {@link #opened()} completes (on the loop) once the node said Opened and Ready
   */
  static NodeLink open(
      SessionTransport transport,
      Open open,
      String nodeId,
      BackendListener listener,
      Executor loop) {
    NodeLink link = new NodeLink(nodeId, listener);
    link.requests = transport.open(link, loop);
    link.requests.send(SessionRequest.newBuilder().setOpen(open).build());
    return link;
  }

  /**
   * Completes with this link when the session is open; fails with a {@link NodeRefusal} or a {@link
   * PgException}.
   */
  CompletableFuture<NodeLink> opened() {
    return opened;
  }

  // ---------------------------------------------------------------------------------------------
  // Event loop

  @Override
  public void onBatch(SessionResponses batch) {
    batchRequested = false;
    for (SessionResponse response : batch.getResponsesList()) {
      onMessage(response);
    }
    deliver();
  }

  private void onMessage(SessionResponse response) {
    switch (phase) {
      case AWAITING_OPENED -> {
        if (response.hasOpened()) {
          int pid = response.getOpened().getBackendPid();
          if (pid != 0) {
            cancelKey = new CancelKey(pid, response.getOpened().getCancelSecret());
          }
          phase = Phase.AWAITING_READY;
          requestBatch();
        } else if (response.hasError()) {
          abandon(new NodeRefusal(response.getError()));
        } else {
          abandon(protocolError(response));
        }
      }
      case AWAITING_READY -> {
        if (response.hasReady()) {
          phase = Phase.OPEN;
          opened.complete(this);
        } else {
          abandon(protocolError(response));
        }
      }
      case OPEN -> {
        if (response.hasReady()) {
          queryInFlight = false;
        }
        received.add(response);
      }
      case CLOSED -> {
        // closed by the session; late messages are dropped
      }
    }
  }

  @Override
  public void onEnd(Status status) {
    String why = status.isOk() ? "the node ended the session" : describe(status);
    switch (phase) {
      case AWAITING_OPENED, AWAITING_READY -> {
        boolean unreachable =
            phase == Phase.AWAITING_OPENED && status.getCode() == Status.Code.UNAVAILABLE;
        phase = Phase.CLOSED;
        String message = "could not open a session on node \"" + nodeId + "\": " + why;
        opened.completeExceptionally(
            unreachable
                ? new NodeUnreachable(message)
                : PgException.fatal(SqlState.CONNECTION_FAILURE, message));
      }
      case OPEN -> {
        // After the responses still here: the node's last words (an error) come before the end.
        ended = why;
        deliver();
      }
      case CLOSED -> {
        // we ended it
      }
    }
  }

  private void abandon(RuntimeException failure) {
    phase = Phase.CLOSED;
    requests.cancel("open abandoned");
    opened.completeExceptionally(failure);
  }

  private PgException protocolError(SessionResponse response) {
    return PgException.fatal(
        SqlState.CONNECTION_FAILURE,
        "node \"" + nodeId + "\" sent " + response.getKindCase() + " while opening the session");
  }

  private static String describe(Status status) {
    return status.getDescription() == null
        ? status.getCode().toString()
        : status.getCode() + ": " + status.getDescription();
  }

  @Override
  public void execute(List<String> statements) {
    if (phase != Phase.OPEN) {
      throw new IllegalStateException("session stream is " + phase);
    }
    queryInFlight = true;
    requests.send(
        SessionRequest.newBuilder()
            .setQuery(Query.newBuilder().addAllStatements(statements))
            .build());
  }

  @Override
  public void execute(Extended request) {
    if (phase != Phase.OPEN) {
      throw new IllegalStateException("session stream is " + phase);
    }
    queryInFlight = true;
    requests.send(SessionRequest.newBuilder().setExtended(request).build());
  }

  @Override
  public Optional<CancelKey> cancelKey() {
    return Optional.ofNullable(cancelKey);
  }

  @Override
  public void request() {
    if (phase == Phase.OPEN) {
      demand++;
      deliver();
    }
  }

  /**
   * Hands received responses to the session under its demand, then asks for the next batch if it
   * wants more. The session asks for more from inside its listener: the loop here goes on rather
   * than recursing once per response.
   */
  private void deliver() {
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      while (demand > 0 && !received.isEmpty() && phase == Phase.OPEN) {
        demand--;
        listener.onResponse(received.poll());
      }
    } finally {
      delivering = false;
    }
    if (phase != Phase.OPEN || !received.isEmpty()) {
      return;
    }
    if (ended != null) {
      phase = Phase.CLOSED;
      log.debug("session stream to node {} ended: {}", nodeId, ended);
      listener.onFailure(
          PgException.fatal(
              SqlState.CONNECTION_FAILURE,
              "lost the session on node \"" + nodeId + "\": " + ended));
    } else if (demand > 0) {
      requestBatch();
    }
  }

  private void requestBatch() {
    if (!batchRequested) {
      batchRequested = true;
      requests.request(1);
    }
  }

  /**
   * Ends the stream: a graceful half-close when idle (the node rolls back any open transaction), a
   * cancel when a query is still running so the node stops working for nobody.
   */
  @Override
  public void close() {
    if (phase == Phase.CLOSED) {
      return;
    }
    boolean graceful = phase == Phase.OPEN && !queryInFlight;
    phase = Phase.CLOSED;
    received.clear();
    if (graceful) {
      requests.halfClose();
    } else {
      requests.cancel("client session closed");
    }
    opened.cancel(false);
  }
}
