/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.rhizome.node.exec.Outbound;
import io.rhizome.proto.SessionResponse;

/**
 * The response side of one session stream. gRPC's observer is not thread-safe; its calls normally
 * all come from the session's sequential executor, and the lock here keeps the rare call from
 * elsewhere (shutdown) safe too. Nothing is sent after the stream ended.
 */
final class Responder implements Outbound {
  private final ServerCallStreamObserver<SessionResponse> observer;
  private final SessionMetrics metrics;
  private boolean finished; // guarded by this

  Responder(ServerCallStreamObserver<SessionResponse> observer, SessionMetrics metrics) {
    this.observer = observer;
    this.metrics = metrics;
  }

  @Override
  public synchronized boolean isReady() {
    return !finished && observer.isReady();
  }

  @Override
  public synchronized void send(SessionResponse response) {
    if (finished) {
      return;
    }
    observer.onNext(response);
    if (response.hasRows()) {
      metrics.batchSent();
    }
  }

  /** Ends the stream normally. */
  synchronized void complete() {
    if (!finished) {
      finished = true;
      observer.onCompleted();
    }
  }

  /** Ends the stream with a gRPC status, when no session-level answer can be given. */
  synchronized void fail(Status status) {
    if (!finished) {
      finished = true;
      observer.onError(status.asRuntimeException());
    }
  }
}
