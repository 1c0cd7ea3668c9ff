/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.pg.session.Results;
import io.rhizome.proto.ClusterRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The console's read-only views of the cluster map: SHOW NODES, SHOW PLACEMENT and SHOW STATUS
 * (SHOW SHARDS is {@link ReplicaViews}). All come from the gateway's cached copy of the metadata,
 * so they answer while etcd or a node is down, which is when an operator needs them most.
 */
final class ClusterViews {
  /** A node that owns shards but holds no live registration (its lease expired). */
  static final String DOWN = "down";

  /** A live node marked draining: it takes no new shards. */
  static final String DRAINING = "draining";

  /** A node marked draining that holds no live registration. */
  static final String DOWN_DRAINING = "down, draining";

  private final Topology topology;

  ClusterViews(Topology topology) {
    this.topology = topology;
  }

  /**
   * Live nodes, and nodes that own shards or are marked draining without being live (state "down":
   * killed, or cut off from etcd longer than its lease), with the number of shards each owns. A
   * node marked draining shows "draining" (or "down, draining"), so a forgotten mark is visible.
   */
  List<SessionResponse> nodes() {
    Map<String, Long> owned = shardsPerNode();
    Set<String> draining = topology.drainingNodes();
    Map<String, Row> rows = new TreeMap<>();
    for (NodeRecord node : topology.nodes()) {
      rows.put(
          node.getId(),
          Results.row(
              Results.text(node.getId()),
              Results.text(node.getAddress()),
              Results.text(state(node, draining)),
              Results.integer(owned.getOrDefault(node.getId(), 0L))));
    }
    Set<String> notLive = new TreeSet<>(owned.keySet());
    notLive.addAll(draining);
    for (String id : notLive) {
      rows.computeIfAbsent(
          id,
          down ->
              Results.row(
                  Results.text(down),
                  Results.text(""),
                  Results.text(draining.contains(down) ? DOWN_DRAINING : DOWN),
                  Results.integer(owned.getOrDefault(down, 0L))));
    }
    return Results.rows(
        List.of(
            Results.column("id", PgType.TEXT),
            Results.column("address", PgType.TEXT),
            Results.column("state", PgType.TEXT),
            Results.column("shards", PgType.INT8)),
        List.copyOf(rows.values()),
        "SHOW");
  }

  /** Where a tenant lives: its shard, the shard's owner and epoch, and the owner's address. */
  List<SessionResponse> placement(TenantRecord tenant) {
    Optional<ShardRecord> shard = topology.shard(tenant.getShard());
    Optional<NodeRecord> node = shard.flatMap(s -> topology.node(s.getNodeId()));
    return Results.rows(
        List.of(
            Results.column("name", PgType.TEXT),
            Results.column("shard", PgType.INT8),
            Results.column("node", PgType.TEXT),
            Results.column("epoch", PgType.INT8),
            Results.column("address", PgType.TEXT),
            Results.column("state", PgType.TEXT)),
        List.of(
            Results.row(
                Results.text(tenant.getName()),
                Results.integer(tenant.getShard()),
                Results.text(shard.map(ShardRecord::getNodeId).orElse("")),
                Results.integer(shard.map(ShardRecord::getEpoch).orElse(0L)),
                Results.text(node.map(NodeRecord::getAddress).orElse("")),
                Results.text(
                    shard.isEmpty()
                        ? "unassigned"
                        : node.map(n -> state(n, topology.drainingNodes())).orElse(DOWN)))),
        "SHOW");
  }

  /**
   * One row of cluster health: shard count, shards with an owner, shards whose owner is not live,
   * live nodes, tenants.
   */
  List<SessionResponse> status() {
    ClusterRecord cluster = topology.cluster();
    List<ShardRecord> shards = topology.shards();
    long orphaned = shards.stream().filter(s -> topology.node(s.getNodeId()).isEmpty()).count();
    return Results.rows(
        List.of(
            Results.column("cluster", PgType.TEXT),
            Results.column("shards", PgType.INT8),
            Results.column("assigned", PgType.INT8),
            Results.column("unavailable", PgType.INT8),
            Results.column("nodes", PgType.INT8),
            Results.column("tenants", PgType.INT8),
            Results.column("health", PgType.TEXT)),
        List.of(
            Results.row(
                Results.text(cluster.getName()),
                Results.integer(cluster.getShardCount()),
                Results.integer(shards.size()),
                Results.integer(orphaned),
                Results.integer(topology.nodes().size()),
                Results.integer(tenantCount()),
                Results.text(orphaned == 0 ? "ok" : "degraded"))),
        "SHOW");
  }

  /** Counted by the store (not held in memory); -1 while the metadata is unavailable. */
  private long tenantCount() {
    try {
      return topology.tenantCount();
    } catch (TopologyException e) {
      return -1;
    }
  }

  private Map<String, Long> shardsPerNode() {
    Map<String, Long> owned = new TreeMap<>();
    for (ShardRecord shard : topology.shards()) {
      owned.merge(shard.getNodeId(), 1L, Long::sum);
    }
    return owned;
  }

  /** A live node's state: draining when marked so, else what it registered with. */
  private static String state(NodeRecord node, Set<String> draining) {
    return draining.contains(node.getId()) ? DRAINING : stateName(node);
  }

  static String stateName(NodeRecord node) {
    return switch (node.getState()) {
      case NODE_UP -> "up";
      case NODE_DRAINING -> "draining";
      default -> node.getState().name().toLowerCase(Locale.ROOT);
    };
  }
}
