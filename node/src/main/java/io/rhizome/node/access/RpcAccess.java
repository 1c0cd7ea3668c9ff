/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.access;

import io.grpc.MethodDescriptor;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.NodeReplicaGrpc;
import io.rhizome.proto.NodeSessionGrpc;
import io.rhizome.tls.ClusterRole;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which roles may call each of the node's RPCs: each role gets what its code calls and nothing
 * more. A method not listed here is refused to everyone, so a new RPC stays closed until someone
 * decides who calls it (a test checks that every method of the node's services is listed).
 *
 * <table>
 *   <caption>Callers of each RPC</caption>
 *   <tr><th>RPC</th><th>gateway</th><th>node</th><th>why</th></tr>
 *   <tr><td>NodeSession/Exchange</td><td>yes</td><td>no</td><td>client sessions come through a
 *       gateway, which authenticated the user</td></tr>
 *   <tr><td>NodeSession/Warm</td><td>yes</td><td>no</td><td>the gateway warms a tenant while its
 *       client authenticates</td></tr>
 *   <tr><td>DropTenant, TenantInfo, RestoreTenant, RestoreTenantAt, ListSessions, TenantStats,
 *       RelocateTenant, CancelStatement</td><td>yes</td><td>no</td><td>the admin console and client
 *       cancels</td></tr>
 *   <tr><td>BackupTenant</td><td>yes</td><td>yes</td><td>console backups; a move's destination
 *       copies tenant files with it</td></tr>
 *   <tr><td>ShardTenants, FreezeShard, ThawShard, ReleaseShard</td><td>no</td><td>yes</td><td>only
 *       a move's destination drives the source</td></tr>
 *   <tr><td>NodeReplica/Follow</td><td>no</td><td>yes</td><td>a shard's primary streams its
 *       commits to its followers</td></tr>
 *   <tr><td>NodeReplica/Promote</td><td>yes</td><td>yes</td><td>the console's PROMOTE SHARD and
 *       DRAIN NODE; a move's destination asks the source of a replicated shard for it (the
 *       handover goes only to a follower the map names in sync, and a node may already freeze and
 *       release a source's shard)</td></tr>
 *   <tr><td>NodeReplica/ReplicaStatus</td><td>yes</td><td>no</td><td>the console's SHOW
 *       SHARDS</td></tr>
 * </table>
 */
final class RpcAccess {
  private static final Set<ClusterRole> GATEWAYS = EnumSet.of(ClusterRole.GATEWAY);
  private static final Set<ClusterRole> NODES = EnumSet.of(ClusterRole.NODE);
  private static final Set<ClusterRole> MEMBERS = EnumSet.allOf(ClusterRole.class);

  private static final Map<String, Set<ClusterRole>> ROLES =
      Stream.of(
              entry(NodeSessionGrpc.getExchangeMethod(), GATEWAYS),
              entry(NodeSessionGrpc.getWarmMethod(), GATEWAYS),
              entry(NodeAdminGrpc.getDropTenantMethod(), GATEWAYS),
              entry(NodeAdminGrpc.getTenantInfoMethod(), GATEWAYS),
              entry(NodeAdminGrpc.getCancelStatementMethod(), GATEWAYS),
              entry(NodeAdminGrpc.getRestoreTenantMethod(), GATEWAYS),
              entry(NodeAdminGrpc.getRestoreTenantAtMethod(), GATEWAYS),
              entry(NodeAdminGrpc.getListSessionsMethod(), GATEWAYS),
              entry(NodeAdminGrpc.getTenantStatsMethod(), GATEWAYS),
              entry(NodeAdminGrpc.getRelocateTenantMethod(), GATEWAYS),
              entry(NodeAdminGrpc.getBackupTenantMethod(), MEMBERS),
              entry(NodeAdminGrpc.getShardTenantsMethod(), NODES),
              entry(NodeAdminGrpc.getFreezeShardMethod(), NODES),
              entry(NodeAdminGrpc.getThawShardMethod(), NODES),
              entry(NodeAdminGrpc.getReleaseShardMethod(), NODES),
              entry(NodeReplicaGrpc.getFollowMethod(), NODES),
              entry(NodeReplicaGrpc.getPromoteMethod(), MEMBERS),
              entry(NodeReplicaGrpc.getReplicaStatusMethod(), GATEWAYS))
          .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  private RpcAccess() {}

  private static Map.Entry<String, Set<ClusterRole>> entry(
      MethodDescriptor<?, ?> method, Set<ClusterRole> roles) {
    return Map.entry(method.getFullMethodName(), roles);
  }

  /** The roles that may call {@code fullMethodName}; empty for a method nobody may call. */
  static Set<ClusterRole> callers(String fullMethodName) {
    return ROLES.getOrDefault(fullMethodName, Set.of());
  }
}
