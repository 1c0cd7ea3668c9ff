/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TenantTrash;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.topology.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the node's copy of a shard that moved away, a grace period after the move released it:
 * the shard's directory goes to the trash (moved, not deleted, like a dropped tenant's files).
 *
 * <p>Right before, it looks again, since the grace period is long enough for the shard to come
 * back: nothing is deleted when the node owns the shard again, follows it (its replica set holds a
 * copy here), or is the destination of an unfinished move of it (copying into that very directory),
 * or when the topology cannot tell.
 */
public final class ShardCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(ShardCleanup.class);

  private final String nodeId;
  private final Topology topology;
  private final TenantStore store;
  private final TenantHandles handles;
  private final TenantTrash trash;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;

  public ShardCleanup(
      String nodeId,
      Topology topology,
      TenantStore store,
      TenantHandles handles,
      TenantTrash trash,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.nodeId = nodeId;
    this.topology = topology;
    this.store = store;
    this.handles = handles;
    this.trash = trash;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** Trashes the shard's copy after {@code grace}, unless the shard is back by then. */
  public ScheduledFuture<?> schedule(int shard, java.time.Duration grace) {
    LOG.info("shard {} moved away: its files go to the trash in {} ms", shard, grace.toMillis());
    return scheduler.schedule(() -> run(shard), grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Trashes the shard's copy now unless it is needed (see the class comment).
   *
   * @return where it went, relative to the data directory; empty when kept or there was none
   */
  Optional<Path> run(int shard) {
    try {
      Optional<String> keep = reasonToKeep(shard);
      if (keep.isPresent()) {
        LOG.info("keeping the files of shard {}: {}", shard, keep.get());
        return Optional.empty();
      }
      for (String tenant : store.tenantsOfShard(shard)) {
        handles.closeIdle(shard, tenant);
      }
      Optional<Path> trashed = trash.trashShard(store.shardDir(shard), shard, clock.instant());
      LOG.info(
          "shard {} moved away: {}",
          shard,
          trashed.map(p -> "its files went to " + p).orElse("no files were left"));
      return trashed;
    } catch (IOException e) {
      LOG.error("moving shard {} to the trash failed: {}", shard, e.getClass().getName());
    } catch (RuntimeException e) {
      LOG.error("cleaning up shard {} failed", shard, e);
    }
    return Optional.empty();
  }

  private Optional<String> reasonToKeep(int shard) {
    Optional<ShardRecord> placement = topology.shard(shard);
    if (placement.isPresent() && placement.get().getNodeId().equals(nodeId)) {
      return Optional.of("this node owns it again");
    }
    if (placement.isPresent()
        && placement.get().getFollowersList().stream()
            .anyMatch(f -> f.getNodeId().equals(nodeId))) {
      return Optional.of("this node follows it (a copy of its replica set)");
    }
    Optional<MoveRecord> move;
    try {
      move = topology.move(shard);
    } catch (RuntimeException e) {
      return Optional.of("its move record cannot be read");
    }
    if (move.isPresent() && move.get().getToNode().equals(nodeId) && !finished(move.get())) {
      return Optional.of("this node is the destination of move " + move.get().getId());
    }
    return Optional.empty();
  }

  private static boolean finished(MoveRecord move) {
    return move.getPhase() == MovePhase.MOVE_DONE || move.getPhase() == MovePhase.MOVE_CANCELLED;
  }
}
