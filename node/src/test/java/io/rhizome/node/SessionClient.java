/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.rhizome.proto.NodeSessionGrpc;
import io.rhizome.proto.Open;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SessionResponses;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real NodeSession stub client that queues what the node sends. */
final class SessionClient implements ClientResponseObserver<SessionRequest, SessionResponses> {
  /** Queued after the last response when the stream has ended. */
  private static final SessionResponse END = SessionResponse.getDefaultInstance();

  private final BlockingQueue<SessionResponse> responses = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> ended = new CompletableFuture<>();
  private final boolean manualFlowControl;
  private final java.util.concurrent.atomic.AtomicInteger batches =
      new java.util.concurrent.atomic.AtomicInteger();
  private ClientCallStreamObserver<SessionRequest> requests;

  private SessionClient(boolean manualFlowControl) {
    this.manualFlowControl = manualFlowControl;
  }

  /** A client that takes every message the node sends as it comes. */
  static SessionClient connect(Channel channel) {
    return connect(channel, false);
  }

  /**
   * With manual flow control the node may send only as many batches (gRPC messages) as {@link
   * #request}ed.
   */
  static SessionClient connect(Channel channel, boolean manualFlowControl) {
    SessionClient client = new SessionClient(manualFlowControl);
    NodeSessionGrpc.newStub(channel).exchange(client);
    return client;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<SessionRequest> requestStream) {
    requests = requestStream;
    if (manualFlowControl) {
      requestStream.disableAutoRequestWithInitial(0);
    }
  }

  @Override
  public void onNext(SessionResponses batch) {
    batches.incrementAndGet();
    responses.addAll(batch.getResponsesList());
  }

  /** How many batches (gRPC messages) the node has sent. */
  int batches() {
    return batches.get();
  }

  @Override
  public void onError(Throwable t) {
    ended.complete(Status.fromThrowable(t));
    responses.add(END);
  }

  @Override
  public void onCompleted() {
    ended.complete(Status.OK);
    responses.add(END);
  }

  void request(int messages) {
    requests.request(messages);
  }

  /**
   * Whether the node has asked for a request: in-process gRPC then hands the next one to the node
   * on the thread that sends it.
   */
  boolean deliverable() {
    return requests.isReady();
  }

  synchronized void send(SessionRequest request) {
    requests.onNext(request);
  }

  synchronized void halfClose() {
    requests.onCompleted();
  }

  synchronized void cancel() {
    requests.cancel("client went away", null);
  }

  /** Sends Open and returns the answer: Opened and Ready, or an Error before the stream ends. */
  List<SessionResponse> open(String tenant, int shard, long epoch) throws InterruptedException {
    return open(Open.newBuilder().setTenant(tenant).setShard(shard).setEpoch(epoch).build());
  }

  /** Sends this Open and returns the answer, as {@link #open(String, int, long)}. */
  List<SessionResponse> open(Open open) throws InterruptedException {
    send(SessionRequest.newBuilder().setOpen(open).build());
    return untilReadyOrEnd();
  }

  /** Sends one Query and returns everything up to its Ready (or the end of the stream). */
  List<SessionResponse> query(String... statements) throws InterruptedException {
    send(
        SessionRequest.newBuilder()
            .setQuery(Query.newBuilder().addAllStatements(List.of(statements)))
            .build());
    return untilReadyOrEnd();
  }

  /** The responses received and not taken yet, without waiting (the end of the stream excluded). */
  List<SessionResponse> available() {
    List<SessionResponse> taken = new ArrayList<>();
    for (SessionResponse r = responses.poll(); r != null; r = responses.poll()) {
      if (r == END) {
        responses.add(END);
        break;
      }
      taken.add(r);
    }
    return taken;
  }

  /** The next response; null when the stream has ended. */
  SessionResponse next() throws InterruptedException {
    SessionResponse response = responses.poll(10, TimeUnit.SECONDS);
    assertNotNull(response, "no response from the node within 10 s");
    return response == END ? null : response;
  }

  /** The next response if one arrives within {@code wait}, else null (also at the end). */
  SessionResponse poll(java.time.Duration wait) throws InterruptedException {
    SessionResponse response = responses.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (response == END) {
      responses.add(END);
      return null;
    }
    return response;
  }

  List<SessionResponse> untilReadyOrEnd() throws InterruptedException {
    List<SessionResponse> received = new ArrayList<>();
    for (SessionResponse r = next(); r != null; r = next()) {
      received.add(r);
      if (r.hasReady()) {
        return received;
      }
    }
    responses.add(END);
    return received;
  }

  /** Whether the node has ended the stream (waiting for it up to 10 s). */
  Status awaitEnd() throws Exception {
    return ended.get(10, TimeUnit.SECONDS);
  }
}
