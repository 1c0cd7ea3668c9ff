/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import io.rhizome.proto.FollowerState;
import io.rhizome.proto.ShardFollower;
import io.rhizome.proto.ShardRecord;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower's side of failover (docs/replication.md, "Failover"): for every shard this node
 * follows in sync, once the primary's registration is gone (its lease ended), it seals the shard at
 * the primary's epoch (no frame of that epoch is written or acknowledged any more) and then tries
 * the one compare-and-set that makes it primary at the next epoch. Among several in-sync followers
 * the lowest id tries first; the others try only after {@code stagger} more rounds with the record
 * unchanged. A promotion that loses lifts the seal if the shard still has the old epoch (the set
 * changed, and this node may be asked to follow again).
 */
final class Failovers {
  private static final Logger LOG = LoggerFactory.getLogger(Failovers.class);

  private final String nodeId;
  private final Topology topology;
  private final Seals seals;
  private final ReplicaFiles files;
  private final int stagger;

  /** Rounds each shard's primary has been seen gone, by shard, with the epoch it was seen at. */
  private final Map<Integer, long[]> absent = new HashMap<>();

  Failovers(String nodeId, Topology topology, Seals seals, ReplicaFiles files, int stagger) {
    this.nodeId = nodeId;
    this.topology = topology;
    this.seals = seals;
    this.files = files;
    this.stagger = stagger;
  }

  /** One round over the map; called from one thread. */
  void round() {
    reviewSeals();
    Map<Integer, long[]> seen = new HashMap<>();
    for (ShardRecord record : topology.shards()) {
      Optional<ShardFollower> me = inSyncFollower(record);
      if (me.isEmpty() || topology.node(record.getNodeId()).isPresent()) {
        continue;
      }
      long[] rounds = absent.get(record.getShard());
      if (rounds == null || rounds[0] != record.getEpoch()) {
        rounds = new long[] {record.getEpoch(), 0};
      }
      rounds[1]++;
      seen.put(record.getShard(), rounds);
      if (rounds[1] > turn(record)) {
        promote(record);
      }
    }
    absent.clear();
    absent.putAll(seen);
  }

  private Optional<ShardFollower> inSyncFollower(ShardRecord record) {
    return record.getFollowersList().stream()
        .filter(f -> f.getNodeId().equals(nodeId) && f.getState() == FollowerState.IN_SYNC)
        .findFirst();
  }

  /** Rounds to wait: 0 for the lowest in-sync follower, {@code stagger} more for each after it. */
  private long turn(ShardRecord record) {
    List<String> inSync =
        record.getFollowersList().stream()
            .filter(f -> f.getState() == FollowerState.IN_SYNC)
            .map(ShardFollower::getNodeId)
            .sorted()
            .toList();
    return (long) inSync.indexOf(nodeId) * stagger;
  }

  private void promote(ShardRecord record) {
    int shard = record.getShard();
    long epoch = record.getEpoch();
    seals.seal(shard, epoch);
    try {
      topology.replicaSets().promote(shard, record.getNodeId(), epoch, nodeId, false);
      files.forget(shard);
      LOG.warn(
          "shard {}: primary {} is gone; this node is the primary now at epoch {}",
          shard,
          record.getNodeId(),
          epoch + 1);
    } catch (TopologyException e) {
      LOG.info("shard {}: promotion did not happen: {}", shard, e.getMessage());
      // After UNAVAILABLE the promotion may have happened: the seal stays until the map tells.
      if (e.reason() != TopologyException.Reason.UNAVAILABLE) {
        unsealIfStill(shard, epoch);
      }
    }
  }

  /**
   * Lifts the seal of a shard still at {@code epoch} that this node no longer tries to take over:
   * its primary is back, or the set changed without it in sync. The record still at {@code epoch}
   * proves no promotion happened.
   */
  private void unsealIfStill(int shard, long epoch) {
    Optional<ShardRecord> now = topology.shard(shard);
    if (now.isPresent() && now.get().getEpoch() == epoch) {
      seals.unseal(shard, epoch);
    }
  }

  /** Lifts seals whose promotion is off (see {@link #unsealIfStill}). */
  void reviewSeals() {
    for (Map.Entry<Integer, Long> sealed : seals.all().entrySet()) {
      Optional<ShardRecord> now = topology.shard(sealed.getKey());
      if (now.isEmpty() || now.get().getEpoch() != sealed.getValue()) {
        continue;
      }
      boolean primaryBack = topology.node(now.get().getNodeId()).isPresent();
      if (primaryBack || inSyncFollower(now.get()).isEmpty()) {
        unsealIfStill(sealed.getKey(), sealed.getValue());
      }
    }
  }
}
