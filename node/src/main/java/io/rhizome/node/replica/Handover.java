/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import io.rhizome.proto.FollowerState;
import io.rhizome.proto.ShardRecord;
import io.rhizome.topology.Topology;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned handover of a shard from this node (its primary) to an in-sync follower
 * (docs/replication.md, "Failover"): writes are frozen (running ones finish), every tenant's
 * committed frames are shipped to the in-sync followers, one compare-and-set makes the follower
 * primary at the next epoch with this node as its in-sync follower, then the shard's sessions end
 * (gateways re-route them) and the freeze lifts (the epoch fences them from now on). The shard's
 * WAL files stay as they are through it ({@link WalKeeper}), so this node, now a follower, goes on
 * from its WAL positions with frames rather than a snapshot of every tenant.
 */
final class Handover {
  private static final Logger LOG = LoggerFactory.getLogger(Handover.class);

  /** A handover that cannot happen as asked (not the primary, target not in sync, ...). */
  static final class RefusedException extends Exception {
    RefusedException(String message) {
      super(message);
    }
  }

  private Handover() {}

  /**
   * @return the new placement
   */
  static ShardRecord run(
      Topology topology,
      String nodeId,
      int shard,
      long epoch,
      String target,
      ShardSessions sessions,
      ShardReplicator replicator,
      long freezeTimeoutMillis)
      throws Exception {
    ShardRecord record =
        topology
            .refreshShard(shard)
            .orElseThrow(() -> new RefusedException("shard " + shard + " has no owner"));
    if (!record.getNodeId().equals(nodeId) || (epoch != 0 && record.getEpoch() != epoch)) {
      throw new RefusedException(
          "this node is not the primary of shard " + shard + " at epoch " + epoch);
    }
    boolean inSync =
        record.getFollowersList().stream()
            .anyMatch(f -> f.getNodeId().equals(target) && f.getState() == FollowerState.IN_SYNC);
    if (!inSync) {
      throw new RefusedException(
          "node " + target + " is not an in-sync follower of shard " + shard);
    }
    // Opened before the freeze, so that they cost it nothing: idle read-only connections, they
    // block no write and no checkpoint. Closed last, after every connection of the shard.
    try (WalKeeper kept =
        WalKeeper.hold(replicator.context(), shard, replicator.context().tenantsOnDisk(shard))) {
      return handOver(
          topology, nodeId, shard, record, target, sessions, replicator, freezeTimeoutMillis);
    }
  }

  private static ShardRecord handOver(
      Topology topology,
      String nodeId,
      int shard,
      ShardRecord record,
      String target,
      ShardSessions sessions,
      ShardReplicator replicator,
      long freezeTimeoutMillis)
      throws Exception {
    long started = System.nanoTime();
    ShardRecord promoted;
    try {
      // Inside the try: a freeze whose running writes do not finish in time is lifted again.
      sessions
          .freezeWrites(shard, record.getEpoch())
          .get(freezeTimeoutMillis, TimeUnit.MILLISECONDS);
      for (String tenant : replicator.context().tenantsOnDisk(shard)) {
        replicator.committed(tenant);
      }
      promoted = topology.replicaSets().promote(shard, nodeId, record.getEpoch(), target, true);
    } catch (Exception e) {
      sessions.thawWrites(shard);
      throw e;
    }
    long promotedAt = System.nanoTime();
    try {
      // The node's own connections (a checkpoint, a snapshot to another follower) close first,
      // while the keepers still hold the WALs: closed later, one of them could be the last
      // connection and checkpoint away frames this node, then a follower, has appended.
      replicator.retire();
      sessions.release(shard);
    } finally {
      // The epoch fences the old sessions from now on; nothing may leave the freeze behind.
      sessions.thawWrites(shard);
    }
    LOG.info(
        "shard {}: handed over to {} at epoch {} in {} ms (promoted after {} ms); this node follows"
            + " it",
        shard,
        target,
        promoted.getEpoch(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        TimeUnit.NANOSECONDS.toMillis(promotedAt - started));
    return promoted;
  }
}
