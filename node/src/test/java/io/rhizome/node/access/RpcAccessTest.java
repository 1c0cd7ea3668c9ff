/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.NodeReplicaGrpc;
import io.rhizome.proto.NodeSessionGrpc;
import io.rhizome.tls.ClusterRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table of who calls what, and the refusals that need no TLS session to show. */
class RpcAccessTest {
  @Test
  void everyMethodOfTheNodesServicesHasCallers() {
    List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
    methods.addAll(NodeSessionGrpc.getServiceDescriptor().getMethods());
    methods.addAll(NodeAdminGrpc.getServiceDescriptor().getMethods());
    methods.addAll(NodeReplicaGrpc.getServiceDescriptor().getMethods());
    for (MethodDescriptor<?, ?> method : methods) {
      assertFalse(
          RpcAccess.callers(method.getFullMethodName()).isEmpty(),
          method.getFullMethodName() + " has no entry in RpcAccess: decide who may call it");
    }
  }

  @Test
  void sessionsAreForGatewaysAndTheSourceSideOfAMoveForNodes() {
    assertEquals(
        Set.of(ClusterRole.GATEWAY),
        RpcAccess.callers(NodeSessionGrpc.getExchangeMethod().getFullMethodName()));
    assertEquals(
        Set.of(ClusterRole.GATEWAY),
        RpcAccess.callers(NodeSessionGrpc.getWarmMethod().getFullMethodName()));
    assertEquals(
        Set.of(ClusterRole.NODE),
        RpcAccess.callers(NodeAdminGrpc.getFreezeShardMethod().getFullMethodName()));
    assertEquals(
        Set.of(ClusterRole.GATEWAY, ClusterRole.NODE),
        RpcAccess.callers(NodeAdminGrpc.getBackupTenantMethod().getFullMethodName()));
  }

  @Test
  void theReplicationStreamIsForNodesAndItsConsoleCallsForGateways() {
    assertEquals(
        Set.of(ClusterRole.NODE),
        RpcAccess.callers(NodeReplicaGrpc.getFollowMethod().getFullMethodName()));
    assertEquals(
        Set.of(ClusterRole.GATEWAY, ClusterRole.NODE),
        RpcAccess.callers(NodeReplicaGrpc.getPromoteMethod().getFullMethodName()),
        "the console, and a move's destination asking the source of a replicated shard");
    assertEquals(
        Set.of(ClusterRole.GATEWAY),
        RpcAccess.callers(NodeAdminGrpc.getRestoreTenantAtMethod().getFullMethodName()));
  }

  @Test
  void anUnknownMethodIsForNobody() {
    assertEquals(Set.of(), RpcAccess.callers("rhizome.NodeAdmin/SomethingNew"));
  }

  @Test
  void aCallWithoutATlsSessionIsUnauthenticated() {
    Status refusal =
        PeerAuthorization.refusal(null, NodeSessionGrpc.getExchangeMethod().getFullMethodName());
    assertEquals(Status.Code.UNAUTHENTICATED, refusal.getCode());
  }
}
