/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.link;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.rhizome.proto.NodeSessionGrpc;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponses;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Session streams over gRPC ({@code NodeSession.Exchange}): the in-process transport of standalone,
 * and nodes without a session-frames listener. gRPC's callbacks hop onto the session's loop; on a
 * channel whose transport runs on that loop (see {@code NodeChannels}) the hop is a task on the
 * same thread, not a wake-up. Automatic requests are off: the node sends a batch only when asked.
 */
public final class GrpcSessionTransport implements SessionTransport {
  private final Channel channel;

  public GrpcSessionTransport(Channel channel) {
    this.channel = channel;
  }

  @Override
  public SessionStream open(SessionStream.Listener listener, Executor loop) {
    Call call = new Call(listener, loop);
    NodeSessionGrpc.newStub(channel).exchange(call);
    return call;
  }

  private static final class Call
      implements SessionStream, ClientResponseObserver<SessionRequest, SessionResponses> {
    private final SessionStream.Listener listener;
    private final Executor loop;
    private ClientCallStreamObserver<SessionRequest> requests;

    Call(SessionStream.Listener listener, Executor loop) {
      this.listener = listener;
      this.loop = loop;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SessionRequest> requestStream) {
      this.requests = requestStream;
      requestStream.disableAutoRequestWithInitial(1);
    }

    @Override
    public void onNext(SessionResponses batch) {
      hop(() -> listener.onBatch(batch));
    }

    @Override
    public void onError(Throwable t) {
      Status status = Status.fromThrowable(t);
      hop(() -> listener.onEnd(status));
    }

    @Override
    public void onCompleted() {
      hop(() -> listener.onEnd(Status.OK));
    }

    private void hop(Runnable task) {
      try {
        loop.execute(task);
      } catch (RejectedExecutionException e) {
        // The session's event loop is shutting down: the session is gone, so is the stream.
        requests.cancel("gateway shutting down", null);
      }
    }

    @Override
    public void send(SessionRequest request) {
      requests.onNext(request);
    }

    @Override
    public void request(int n) {
      requests.request(n);
    }

    @Override
    public void halfClose() {
      requests.onCompleted();
    }

    @Override
    public void cancel(String reason) {
      requests.cancel(reason, null);
    }
  }
}
