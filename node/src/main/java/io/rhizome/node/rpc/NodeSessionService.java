/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rhizome.proto.NodeSessionGrpc;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;

/** The NodeSession gRPC service: one {@link SessionCall} per stream. */
final class NodeSessionService extends NodeSessionGrpc.NodeSessionImplBase {
  private final SessionEnvironment env;

  NodeSessionService(SessionEnvironment env) {
    this.env = env;
  }

  @Override
  public StreamObserver<SessionRequest> session(StreamObserver<SessionResponse> responses) {
    return new SessionCall(env, (ServerCallStreamObserver<SessionResponse>) responses);
  }
}
