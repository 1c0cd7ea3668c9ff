/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.WrongDbServer;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node owns a shard at a given epoch (DESIGN.md invariant 3). The topology's cache
 * answers; when it disagrees with the caller's epoch on a session open or a drop, the shard's
 * record is read through once, since the cache may simply be behind the gateway's.
 */
final class Ownership {
  private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

  private final String nodeId;
  private final Topology topology;

  Ownership(String nodeId, Topology topology) {
    this.nodeId = nodeId;
    this.topology = topology;
  }

  /** Empty when this node owns {@code shard} at {@code epoch}, else what the node knows. */
  Optional<WrongDbServer> refusal(int shard, long epoch) {
    // Private shards (one tenant each) are numbered above the shard count, up to MAX_SHARD.
    if (shard < 0 || shard > Topology.MAX_SHARD) {
      return Optional.of(WrongDbServer.newBuilder().setShard(shard).build());
    }
    Optional<ShardRecord> cached = topology.shard(shard);
    if (owns(cached, epoch)) {
      return Optional.empty();
    }
    Optional<ShardRecord> fresh = cached;
    try {
      fresh = topology.refreshShard(shard);
    } catch (TopologyException e) {
      LOG.warn("refreshing shard {} failed: {}", shard, e.reason());
    }
    return owns(fresh, epoch) ? Optional.empty() : Optional.of(wrongServer(shard, fresh));
  }

  /** Like {@link #refusal} from the cache only: the check before every write. */
  Optional<WrongDbServer> cachedRefusal(int shard, long epoch) {
    Optional<ShardRecord> cached = topology.shard(shard);
    return owns(cached, epoch) ? Optional.empty() : Optional.of(wrongServer(shard, cached));
  }

  /** Where the cache places {@code shard}: the hint for a client that named the wrong shard. */
  WrongDbServer placement(int shard) {
    return wrongServer(shard, topology.shard(shard));
  }

  private boolean owns(Optional<ShardRecord> record, long epoch) {
    return record.isPresent()
        && record.get().getNodeId().equals(nodeId)
        && record.get().getEpoch() == epoch;
  }

  private static WrongDbServer wrongServer(int shard, Optional<ShardRecord> record) {
    WrongDbServer.Builder wrong = WrongDbServer.newBuilder().setShard(shard);
    record.ifPresent(r -> wrong.setEpoch(r.getEpoch()).setOwnerHint(r.getNodeId()));
    return wrong.build();
  }
}
