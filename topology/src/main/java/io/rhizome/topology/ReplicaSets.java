/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.ShardRecord;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The replica set of each shard (docs/replication.md): its primary, epoch and followers, changed
 * only by compare-and-set on the shard record. Every change but {@link #promote} is made by the
 * primary and names the placement it holds ({@code primary}, {@code epoch}); a primary that is no
 * longer the shard's gets {@link TopologyException.Reason#FENCED} and must acknowledge nothing
 * further. Every change is idempotent: asking for a state the record is already in returns it.
 */
public interface ReplicaSets {

  /** Copies of the shard, primary included: its own factor when it has one, else the cluster's. */
  int replicationFactor(ShardRecord shard);

  /**
   * Takes followers out of the in-sync set (they become CATCHING_UP): the primary does this before
   * acknowledging any commit that they did not acknowledge.
   *
   * @throws TopologyException FENCED when the shard is no longer at ({@code primary}, {@code
   *     epoch}); UNAVAILABLE when the store cannot be reached (the outcome is then unknown)
   */
  ShardRecord dropFromInSync(int shard, String primary, long epoch, Collection<String> nodes)
      throws TopologyException;

  /**
   * Adds {@code node} as a CATCHING_UP follower.
   *
   * @throws TopologyException FENCED as above; FAILED_PRECONDITION when {@code node} is the primary
   */
  ShardRecord addFollower(int shard, String primary, long epoch, String node)
      throws TopologyException;

  /**
   * Makes a CATCHING_UP follower IN_SYNC: the primary calls it once the follower holds every
   * acknowledged write and acknowledgements wait for it.
   *
   * @throws TopologyException FENCED as above; NOT_FOUND when {@code node} is not a follower
   */
  ShardRecord markInSync(int shard, String primary, long epoch, String node)
      throws TopologyException;

  /** Removes {@code node} from the followers (absent: nothing to do). */
  ShardRecord removeFollower(int shard, String primary, long epoch, String node)
      throws TopologyException;

  /**
   * Makes the in-sync follower {@code candidate} the primary, one compare-and-set: the record must
   * still be at ({@code primary}, {@code epoch}) with {@code candidate} IN_SYNC; it becomes ({@code
   * candidate}, {@code epoch + 1}), the other followers keep their states at the new epoch, and
   * {@code primary} stays as an IN_SYNC follower when {@code oldPrimaryFollows} (a planned
   * handover, where it holds exactly what the candidate holds) or leaves the set (a failover, which
   * also requires the primary's registration gone from the store: its lease ended).
   *
   * @throws TopologyException FENCED when the record is no longer at ({@code primary}, {@code
   *     epoch}) (another promotion won); FAILED_PRECONDITION when {@code candidate} is not an
   *     in-sync follower or, for a failover, the primary is still registered
   */
  ShardRecord promote(
      int shard, String primary, long epoch, String candidate, boolean oldPrimaryFollows)
      throws TopologyException;

  /**
   * The node that should join {@code shard}'s set next to restore its factor, from the cache: live,
   * not draining, not in the set, in another zone when there is one, least loaded. Empty when the
   * set is full or no node qualifies.
   */
  Optional<String> nextFollower(ShardRecord shard);

  /**
   * The followers a planned handover of {@code shard} may go to, best first, from the cache: its
   * in-sync followers whose node is live, those not draining before those draining, then the ones
   * that are primary of the fewest shards, then by id. Empty when none qualifies (the shard has one
   * copy, or no in-sync follower is up).
   */
  List<String> handoverTargets(ShardRecord shard);
}
