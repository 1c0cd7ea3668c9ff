/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rhizome.proto.ListSessionsRequest;
import io.rhizome.proto.ListSessionsResponse;
import io.rhizome.proto.SessionInfo;
import io.rhizome.topology.TenantNames;
import java.util.Comparator;

/**
 * Answers {@code ListSessions}: the node's open sessions as their last published snapshots, so
 * listing never waits for a session's executor (a session busy with a long statement shows it as
 * active). Sessions admitted but not yet open are left out.
 */
final class SessionLister {
  private static final Comparator<SessionInfo> ORDER =
      Comparator.comparing(SessionInfo::getTenant)
          .thenComparingLong(SessionInfo::getBackendStartUnixMs)
          .thenComparingInt(SessionInfo::getBackendPid);

  private final String nodeId;
  private final SessionRegistry registry;

  SessionLister(String nodeId, SessionRegistry registry) {
    this.nodeId = nodeId;
    this.registry = registry;
  }

  /** INVALID_ARGUMENT for a tenant filter that is no tenant name. */
  void list(ListSessionsRequest request, StreamObserver<ListSessionsResponse> response) {
    String tenant = request.getTenant();
    if (!tenant.isEmpty() && !TenantNames.isValid(tenant)) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription("invalid tenant name").asRuntimeException());
      return;
    }
    response.onNext(list(tenant));
    response.onCompleted();
  }

  /** The open sessions of {@code tenant}, or of all tenants when it is empty. */
  ListSessionsResponse list(String tenant) {
    ListSessionsResponse.Builder out = ListSessionsResponse.newBuilder().setNodeId(nodeId);
    registry.sessions(tenant).stream()
        .map(SessionCall::activity)
        .filter(info -> info != null)
        .sorted(ORDER)
        .forEach(out::addSessions);
    return out.build();
  }
}
