/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.BackendListener;
import io.rhizome.gateway.pg.session.CancelKey;
import io.rhizome.gateway.pg.session.StatementBackend;
import io.rhizome.proto.Extended;
import io.rhizome.proto.NodeSessionGrpc;
import io.rhizome.proto.Open;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client session's gRPC stream to a node ({@code NodeSession.Session}).
 *
 * <p>gRPC callbacks arrive on gRPC's executor and hop onto the session's event loop, where all
 * state lives and every send happens. Inbound flow control is manual: automatic requests are off,
 * and the node's next message is requested only by {@link #request()} (the session calls it after
 * writing the previous one while the client is writable), so a slow client holds the node back
 * instead of filling the gateway's memory.
 */
final class NodeLink
    implements StatementBackend, ClientResponseObserver<SessionRequest, SessionResponse> {
  private static final Logger log = LoggerFactory.getLogger(NodeLink.class);

  private enum Phase {
    AWAITING_OPENED,
    AWAITING_READY,
    OPEN,
    CLOSED
  }

  private final String nodeId;
  private final BackendListener listener;
  private final Executor loop;
  private final CompletableFuture<NodeLink> opened = new CompletableFuture<>();
  private ClientCallStreamObserver<SessionRequest> requests;
  private Phase phase = Phase.AWAITING_OPENED;
  private boolean queryInFlight;
  private CancelKey cancelKey;

  private NodeLink(String nodeId, BackendListener listener, Executor loop) {
    this.nodeId = nodeId;
    this.listener = listener;
    this.loop = loop;
  }

  /**
   * Starts the stream and sends Open; call on the session's event loop.
   *
   * @return the link; {@link #opened()} completes (on the loop) once the node said Opened and Ready
   */
  static NodeLink open(
      Channel channel, Open open, String nodeId, BackendListener listener, Executor loop) {
    NodeLink link = new NodeLink(nodeId, listener, loop);
    NodeSessionGrpc.newStub(channel).session(link);
    link.requests.onNext(SessionRequest.newBuilder().setOpen(open).build());
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
  // gRPC side (gRPC's executor): hop onto the loop

  @Override
  public void beforeStart(ClientCallStreamObserver<SessionRequest> requestStream) {
    this.requests = requestStream;
    requestStream.disableAutoRequestWithInitial(1);
  }

  @Override
  public void onNext(SessionResponse response) {
    hop(() -> onMessage(response));
  }

  @Override
  public void onError(Throwable t) {
    Status status = Status.fromThrowable(t);
    hop(() -> onStreamEnd(status));
  }

  @Override
  public void onCompleted() {
    hop(() -> onStreamEnd(Status.OK));
  }

  private void hop(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // The session's event loop is shutting down: the session is gone, so is the stream.
      requests.cancel("gateway shutting down", null);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Event loop

  private void onMessage(SessionResponse response) {
    switch (phase) {
      case AWAITING_OPENED -> {
        if (response.hasOpened()) {
          int pid = response.getOpened().getBackendPid();
          if (pid != 0) {
            cancelKey = new CancelKey(pid, response.getOpened().getCancelSecret());
          }
          phase = Phase.AWAITING_READY;
          requests.request(1);
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
        listener.onResponse(response);
      }
      case CLOSED -> {
        // closed by the session; late messages are dropped
      }
    }
  }

  private void onStreamEnd(Status status) {
    String why = status.isOk() ? "the node ended the session" : describe(status);
    switch (phase) {
      case AWAITING_OPENED, AWAITING_READY -> {
        phase = Phase.CLOSED;
        opened.completeExceptionally(
            PgException.fatal(
                SqlState.CONNECTION_FAILURE,
                "could not open a session on node \"" + nodeId + "\": " + why));
      }
      case OPEN -> {
        phase = Phase.CLOSED;
        log.debug("session stream to node {} ended: {}", nodeId, why);
        listener.onFailure(
            PgException.fatal(
                SqlState.CONNECTION_FAILURE,
                "lost the session on node \"" + nodeId + "\": " + why));
      }
      case CLOSED -> {
        // we ended it
      }
    }
  }

  private void abandon(RuntimeException failure) {
    phase = Phase.CLOSED;
    requests.cancel("open abandoned", null);
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
    requests.onNext(
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
    requests.onNext(SessionRequest.newBuilder().setExtended(request).build());
  }

  @Override
  public Optional<CancelKey> cancelKey() {
    return Optional.ofNullable(cancelKey);
  }

  @Override
  public void request() {
    if (phase == Phase.OPEN) {
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
    if (graceful) {
      requests.onCompleted();
    } else {
      requests.cancel("client session closed", null);
    }
    opened.cancel(false);
  }
}
