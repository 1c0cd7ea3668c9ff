/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import io.grpc.Channel;
import io.rhizome.proto.FollowerState;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeReplicaGrpc;
import io.rhizome.proto.PromoteRequest;
import io.rhizome.proto.PromoteResponse;
import io.rhizome.proto.ReleaseShardRequest;
import io.rhizome.proto.ShardFollower;
import io.rhizome.proto.ShardRecord;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at a move of a replicated shard (replication factor 2 or more), run by the
 * destination: the move is a change of the shard's replica set (docs/replication.md, "Moves"), so
 * nothing is copied under a freeze.
 *
 * <ol>
 *   <li>COPYING: this node joins the set as a CATCHING_UP follower (unless it is in it already);
 *       the primary catches it up while it serves (snapshots, then the frame stream) and makes it
 *       IN_SYNC;
 *   <li>the primary hands the shard over to it (NodeReplica Promote): its freeze only waits for the
 *       last frames, then one compare-and-set makes this node primary at epoch + 1;
 *   <li>as the primary (the placement says so: the move record stays COPYING until it is DONE),
 *       this node takes the source out of the set, and the source is told to release the shard (its
 *       files go to its trash after the grace period); DONE.
 * </ol>
 *
 * Every step starts from the records (the move and the shard's placement), so an attempt cut short
 * anywhere is simply run again. A cancel before the handover takes this node out of the set again
 * if the set has more followers than the factor needs; after it, the move completes. If the shard's
 * primary changed otherwise meanwhile (a failover), the move is cancelled with that reason.
 */
final class MoveByHandover {
  private static final Logger LOG = LoggerFactory.getLogger(MoveByHandover.class);

  /** How often the attempt looks at the (cached) placement while the primary catches it up. */
  private static final long POLL_MILLIS = 100;

  /** An attempt that is still not in sync after this long fails and is retried from the start. */
  private static final Duration CATCH_UP_BOUND = Duration.ofMinutes(10);

  /** A handover freezes writes briefly, but may wait for a tenant's last snapshot. */
  private static final long PROMOTE_DEADLINE_SECONDS = 60;

  private static final long RPC_DEADLINE_SECONDS = 30;

  private final String nodeId;
  private final Topology topology;
  private final PeerChannels peers;
  private MoveRecord move;

  MoveByHandover(String nodeId, Topology topology, PeerChannels peers, MoveRecord move) {
    this.nodeId = nodeId;
    this.topology = topology;
    this.peers = peers;
    this.move = move;
  }

  /** Whether a move of this shard goes through its replica set: it has more than one copy. */
  static boolean applies(Topology topology, ShardRecord placement) {
    return topology.replicaSets().replicationFactor(placement) > 1;
  }

  void run() throws Exception {
    int shard = move.getShard();
    ShardRecord placement =
        topology
            .refreshShard(shard)
            .orElseThrow(() -> new IllegalStateException("shard " + shard + " has no placement"));
    if (move.getPhase() == MovePhase.MOVE_CLEANUP || placement.getNodeId().equals(nodeId)) {
      finish(placement);
      return;
    }
    if (move.getCancelRequested()) {
      rollBack(placement, "cancelled");
      return;
    }
    if (!movable(placement)) {
      rollBack(placement, changed(placement));
      return;
    }
    if (follower(placement).isEmpty()) {
      placement =
          topology
              .replicaSets()
              .addFollower(shard, move.getFromNode(), move.getFromEpoch(), nodeId);
      LOG.info("move {}: this node follows shard {} to catch up", move.getId(), shard);
    }
    placement = awaitInSync(placement);
    if (placement == null) {
      return; // rolled back
    }
    long started = System.nanoTime();
    PromoteResponse promoted =
        NodeReplicaGrpc.newBlockingStub(sourceChannel())
            .withDeadlineAfter(PROMOTE_DEADLINE_SECONDS, TimeUnit.SECONDS)
            .promote(
                PromoteRequest.newBuilder()
                    .setShard(shard)
                    .setEpoch(move.getFromEpoch())
                    .setTo(nodeId)
                    .build());
    LOG.info(
        "move {}: shard {} handed over to this node at epoch {} in {} ms",
        move.getId(),
        shard,
        promoted.getEpoch(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    // No phase is written here: the placement naming this node is what says the handover
    // happened, and an attempt that starts after it goes straight to the end.
    finish(topology.refreshShard(shard).orElse(placement));
  }

  /** The source still holds the shard at the epoch the move started from. */
  private boolean movable(ShardRecord placement) {
    return placement.getNodeId().equals(move.getFromNode())
        && placement.getEpoch() == move.getFromEpoch();
  }

  private String changed(ShardRecord placement) {
    return "the shard's primary changed during the move (now "
        + placement.getNodeId()
        + " at epoch "
        + placement.getEpoch()
        + ")";
  }

  /**
   * Waits until this node is an in-sync follower, watching for a cancel and for a change of the
   * shard's primary.
   *
   * @return the placement then, or null when the move was rolled back
   */
  private ShardRecord awaitInSync(ShardRecord placement) throws Exception {
    long deadline = System.nanoTime() + CATCH_UP_BOUND.toNanos();
    while (true) {
      // The cancel first: one that lands before the handover starts is honoured.
      move =
          topology.move(move.getShard()).filter(m -> m.getId().equals(move.getId())).orElse(move);
      if (move.getCancelRequested() || MoveRun.finished(move)) {
        rollBack(placement, "cancelled");
        return null;
      }
      if (!movable(placement)) {
        rollBack(placement, changed(placement));
        return null;
      }
      Optional<ShardFollower> me = follower(placement);
      if (me.isPresent() && me.get().getState() == FollowerState.IN_SYNC) {
        return placement;
      }
      if (me.isEmpty()) {
        throw new IllegalStateException("this node left the replica set while catching up");
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("not in sync after " + CATCH_UP_BOUND.toMinutes() + " min");
      }
      sourceChannel(); // the source is live: else wait for it between attempts
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      placement = topology.shard(move.getShard()).orElse(placement);
    }
  }

  /**
   * After the handover: the source leaves the set (made by this node, the primary), is told to
   * release the shard (its copy goes to its trash after the grace period), and the move is done.
   */
  private void finish(ShardRecord placement) throws TopologyException {
    int shard = move.getShard();
    if (placement.getNodeId().equals(nodeId)
        && placement.getFollowersList().stream()
            .anyMatch(f -> f.getNodeId().equals(move.getFromNode()))) {
      placement =
          topology
              .replicaSets()
              .removeFollower(shard, nodeId, placement.getEpoch(), move.getFromNode());
      LOG.info("move {}: {} left the set of shard {}", move.getId(), move.getFromNode(), shard);
    }
    try {
      NodeAdminGrpc.newBlockingStub(sourceChannel())
          .withDeadlineAfter(RPC_DEADLINE_SECONDS, TimeUnit.SECONDS)
          .releaseShard(
              ReleaseShardRequest.newBuilder()
                  .setShard(shard)
                  .setNewEpoch(placement.getEpoch())
                  .build());
    } catch (RuntimeException | MoveRun.SourceGoneException e) {
      LOG.warn(
          "move {}: could not tell source {} to release shard {}: {}",
          move.getId(),
          move.getFromNode(),
          shard,
          e.getMessage());
    }
    move = MoveRun.end(topology, move, MovePhase.MOVE_DONE, "");
    LOG.info("move {} of shard {} done", move.getId(), shard);
  }

  /**
   * Undoes a move that did not hand over: this node leaves the set again when the set has more
   * followers than the factor needs (it joined for the move), else it stays as a follower that
   * fills the factor. Its copies stay on its disk.
   */
  private void rollBack(ShardRecord placement, String why) throws TopologyException {
    int shard = move.getShard();
    int wanted = topology.replicaSets().replicationFactor(placement) - 1;
    if (follower(placement).isPresent() && placement.getFollowersCount() > wanted) {
      try {
        topology
            .replicaSets()
            .removeFollower(shard, placement.getNodeId(), placement.getEpoch(), nodeId);
      } catch (TopologyException e) {
        LOG.info(
            "move {}: could not leave the set of shard {}: {}",
            move.getId(),
            shard,
            e.getMessage());
      }
    }
    if (!MoveRun.finished(move)) {
      move = MoveRun.end(topology, move, MovePhase.MOVE_CANCELLED, why);
    }
    LOG.info("move {} of shard {} rolled back ({})", move.getId(), shard, why);
  }

  private Optional<ShardFollower> follower(ShardRecord placement) {
    return placement.getFollowersList().stream()
        .filter(f -> f.getNodeId().equals(nodeId))
        .findFirst();
  }

  private Channel sourceChannel() throws MoveRun.SourceGoneException {
    Optional<NodeRecord> node = topology.node(move.getFromNode());
    if (node.isEmpty()) {
      throw new MoveRun.SourceGoneException(move.getFromNode());
    }
    return peers.channel(node.get().getAddress());
  }
}
