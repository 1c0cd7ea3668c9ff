/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.rhizome.proto.SessionResponses;

/** A session stream carried by gRPC: {@code NodeSession.Exchange}'s server call. */
final class GrpcSessionStream implements SessionStream {
  private final ServerCallStreamObserver<SessionResponses> observer;

  GrpcSessionStream(ServerCallStreamObserver<SessionResponses> observer) {
    this.observer = observer;
    observer.disableAutoRequest();
  }

  @Override
  public void request(int n) {
    observer.request(n);
  }

  @Override
  public boolean isReady() {
    return observer.isReady();
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    observer.setOnReadyHandler(handler);
  }

  @Override
  public void setOnCancelHandler(Runnable handler) {
    observer.setOnCancelHandler(handler);
  }

  @Override
  public void send(SessionResponses batch) {
    observer.onNext(batch);
  }

  @Override
  public void complete() {
    observer.onCompleted();
  }

  @Override
  public void fail(Status status) {
    observer.onError(status.asRuntimeException());
  }
}
