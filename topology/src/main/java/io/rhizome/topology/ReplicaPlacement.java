/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardFollower;
import io.rhizome.proto.ShardRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the nodes that follow a shard's primary: other live, non-draining nodes, in zones not
 * used by the set yet when nodes carry zone labels, then the least loaded (shards held as primary
 * or follower), then the lowest id. A pure function of the map, so every caller (tenant creation,
 * the primary restoring its factor) places the same way.
 */
final class ReplicaPlacement {
  private ReplicaPlacement() {}

  /**
   * Up to {@code wanted} followers for a shard whose set is {@code members} (primary and current
   * followers), fewer when not enough nodes qualify.
   *
   * @param candidates live nodes, draining ones already left out
   * @param shards every assigned shard, to weigh each node's load
   */
  static List<String> choose(
      Collection<String> members,
      int wanted,
      Collection<NodeRecord> candidates,
      Collection<ShardRecord> shards) {
    Map<String, Integer> load = load(shards);
    Map<String, String> zoneOf = new HashMap<>();
    for (NodeRecord node : candidates) {
      zoneOf.put(node.getId(), node.getZone());
    }
    Set<String> usedZones = new HashSet<>();
    for (String member : members) {
      String zone = zoneOf.getOrDefault(member, "");
      if (!zone.isEmpty()) {
        usedZones.add(zone);
      }
    }
    List<NodeRecord> pool = new ArrayList<>();
    for (NodeRecord node : candidates) {
      if (!members.contains(node.getId())) {
        pool.add(node);
      }
    }
    pool.sort(
        Comparator.comparingInt((NodeRecord n) -> load.getOrDefault(n.getId(), 0))
            .thenComparing(NodeRecord::getId));
    List<String> chosen = new ArrayList<>();
    while (chosen.size() < wanted && !pool.isEmpty()) {
      NodeRecord pick = pool.get(0);
      for (NodeRecord node : pool) {
        if (!node.getZone().isEmpty() && !usedZones.contains(node.getZone())) {
          pick = node;
          break;
        }
      }
      pool.remove(pick);
      chosen.add(pick.getId());
      if (!pick.getZone().isEmpty()) {
        usedZones.add(pick.getZone());
      }
    }
    return chosen;
  }

  /** Shards per node, as primary or follower. */
  static Map<String, Integer> load(Collection<ShardRecord> shards) {
    Map<String, Integer> load = new HashMap<>();
    for (ShardRecord shard : shards) {
      load.merge(shard.getNodeId(), 1, Integer::sum);
      for (ShardFollower follower : shard.getFollowersList()) {
        load.merge(follower.getNodeId(), 1, Integer::sum);
      }
    }
    return load;
  }
}
