/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rhizome.proto.NodeSessionGrpc;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponses;
import io.rhizome.proto.WarmRequest;
import io.rhizome.proto.WarmResponse;
import java.util.concurrent.Executor;

/** The NodeSession gRPC service: one {@link SessionCall} per stream, and warm-ups. */
final class NodeSessionService extends NodeSessionGrpc.NodeSessionImplBase {
  private final SessionEnvironment env;
  private final TenantWarmups warmups;

  NodeSessionService(SessionEnvironment env, TenantWarmups warmups) {
    this.env = env;
    this.warmups = warmups;
  }

  /**
   * A gateway's session over gRPC: from another process (standalone's gateway hands its sessions
   * over in memory), so the stream is delivered by this server's threads, not a client loop.
   */
  @Override
  public StreamObserver<SessionRequest> exchange(StreamObserver<SessionResponses> responses) {
    return new SessionCall(
        env, new GrpcSessionStream((ServerCallStreamObserver<SessionResponses>) responses), false);
  }

  @Override
  public void warm(WarmRequest request, StreamObserver<WarmResponse> response) {
    warmups.warm(request, response);
  }

  /**
   * Runs session streams' callbacks on the transport thread that delivers them (no hand-off: a
   * {@link SessionCall} never blocks in a callback, it decides there what needs a worker; a warm-up
   * goes to its own threads at once); every other service keeps gRPC's default executor, since
   * admin calls may block.
   */
  static final ServerCallExecutorSupplier EXECUTORS =
      new ServerCallExecutorSupplier() {
        @Override
        public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
          return NodeSessionGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())
              ? MoreExecutors.directExecutor()
              : null;
        }
      };
}
