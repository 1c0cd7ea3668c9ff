/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.ClusterRecord;
import io.rhizome.proto.FollowerState;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardFollower;
import io.rhizome.proto.ShardRecord;
import io.rhizome.topology.MetaStore.Compare;
import io.rhizome.topology.MetaStore.Entry;
import io.rhizome.topology.MetaStore.Put;
import io.rhizome.topology.MetaStore.Txn;
import io.rhizome.topology.MetaStore.TxnResult;
import io.rhizome.topology.TopologyException.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReplicaSets} as compare-and-set transactions on the shard record (see the package docs,
 * "Replica sets"). The primary's own changes compare its placement; a promotion compares the record
 * as read and bumps the epoch, so exactly one promotion per epoch can win and every change the old
 * primary attempts afterwards fails with FENCED.
 */
final class ReplicaWrites implements ReplicaSets {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaWrites.class);

  private final MetaStore store;
  private final KeyLayout keys;
  private final VersionedCache cache;
  private final ClusterRecord cluster;

  ReplicaWrites(MetaStore store, KeyLayout keys, VersionedCache cache, ClusterRecord cluster) {
    this.store = store;
    this.keys = keys;
    this.cache = cache;
    this.cluster = cluster;
  }

  @Override
  public int replicationFactor(ShardRecord shard) {
    if (shard.getReplicationFactor() > 0) {
      return shard.getReplicationFactor();
    }
    return clusterFactor(cluster);
  }

  static int clusterFactor(ClusterRecord cluster) {
    return Math.max(1, cluster.getReplicationFactor());
  }

  /**
   * The followers of a shard that is being assigned to {@code owner} at epoch 1 (it holds nothing
   * yet, so they are in sync from the start), chosen from the cached live nodes. A chosen node that
   * died meanwhile is dropped by the primary at its first commit, as if it had died a moment later.
   *
   * @param factor the shard's replication factor
   */
  List<ShardFollower> initialFollowers(String owner, int factor) {
    if (factor <= 1) {
      return List.of();
    }
    List<String> chosen =
        ReplicaPlacement.choose(Set.of(owner), factor - 1, eligibleNodes(), cache.shards());
    List<ShardFollower> followers = new ArrayList<>();
    for (String node : chosen) {
      followers.add(follower(node, 1, FollowerState.IN_SYNC));
    }
    return followers;
  }

  @Override
  public ShardRecord dropFromInSync(int shard, String primary, long epoch, Collection<String> nodes)
      throws TopologyException {
    ShardRecord changed =
        change(
            shard,
            primary,
            epoch,
            record -> {
              ShardRecord.Builder b = record.toBuilder().clearFollowers();
              for (ShardFollower f : record.getFollowersList()) {
                b.addFollowers(
                    nodes.contains(f.getNodeId())
                        ? f.toBuilder().setState(FollowerState.CATCHING_UP).build()
                        : f);
              }
              return b.build();
            });
    return changed;
  }

  @Override
  public ShardRecord addFollower(int shard, String primary, long epoch, String node)
      throws TopologyException {
    if (node.equals(primary)) {
      throw new TopologyException(
          Reason.FAILED_PRECONDITION, "node " + node + " is the primary of shard " + shard);
    }
    return change(
        shard,
        primary,
        epoch,
        record -> {
          if (followerOf(record, node).isPresent()) {
            return record;
          }
          return record.toBuilder()
              .addFollowers(follower(node, epoch, FollowerState.CATCHING_UP))
              .build();
        });
  }

  @Override
  public ShardRecord markInSync(int shard, String primary, long epoch, String node)
      throws TopologyException {
    ShardRecord current = requireOwned(read(shard), shard, primary, epoch);
    if (followerOf(current, node).isEmpty()) {
      throw new TopologyException(
          Reason.NOT_FOUND, "node " + node + " does not follow shard " + shard);
    }
    return change(shard, primary, epoch, record -> withState(record, node, FollowerState.IN_SYNC));
  }

  @Override
  public ShardRecord removeFollower(int shard, String primary, long epoch, String node)
      throws TopologyException {
    return change(
        shard,
        primary,
        epoch,
        record -> {
          ShardRecord.Builder b = record.toBuilder().clearFollowers();
          record.getFollowersList().stream()
              .filter(f -> !f.getNodeId().equals(node))
              .forEach(b::addFollowers);
          return b.build();
        });
  }

  @Override
  public ShardRecord promote(
      int shard, String primary, long epoch, String candidate, boolean oldPrimaryFollows)
      throws TopologyException {
    Entry entry = read(shard);
    ShardRecord record = requireOwned(entry, shard, primary, epoch);
    Optional<ShardFollower> chosen = followerOf(record, candidate);
    if (chosen.isEmpty() || chosen.get().getState() != FollowerState.IN_SYNC) {
      throw new TopologyException(
          Reason.FAILED_PRECONDITION,
          "node " + candidate + " is not an in-sync follower of shard " + shard);
    }
    long next = epoch + 1;
    ShardRecord.Builder promoted =
        record.toBuilder().setNodeId(candidate).setEpoch(next).clearFollowers();
    for (ShardFollower f : record.getFollowersList()) {
      if (!f.getNodeId().equals(candidate)) {
        promoted.addFollowers(f.toBuilder().setEpoch(next));
      }
    }
    if (oldPrimaryFollows) {
      promoted.addFollowers(follower(primary, next, FollowerState.IN_SYNC));
    }
    ShardRecord written = promoted.build();
    List<Compare> compares =
        new ArrayList<>(List.of(new Compare(entry.key(), entry.modRevision())));
    if (!oldPrimaryFollows) {
      // A failover: only once the primary's lease-bound registration is gone from the store, not
      // merely from a cache that may be reloading or behind.
      if (store.get(keys.node(primary)).isPresent()) {
        throw new TopologyException(
            Reason.FAILED_PRECONDITION,
            "the primary " + primary + " of shard " + shard + " is still registered");
      }
      compares.add(Compare.absent(keys.node(primary)));
    }
    TxnResult result =
        store.txn(
            new Txn(compares, List.of(Put.of(entry.key(), written.toByteArray())), List.of()));
    if (!result.succeeded()) {
      // Whatever changed, the placement we compared is gone: either another promotion won or the
      // primary changed the set; the caller reads the map again before trying anything else.
      throw new TopologyException(
          Reason.FENCED, "shard " + shard + " changed before the promotion of " + candidate);
    }
    cache.learnShard(shard, written, result.revision());
    LOG.info(
        "shard {}: {} promoted to primary at epoch {} (was {} at epoch {})",
        shard,
        candidate,
        next,
        primary,
        epoch);
    return written;
  }

  @Override
  public Optional<String> nextFollower(ShardRecord shard) {
    if (shard.getFollowersCount() >= replicationFactor(shard) - 1) {
      return Optional.empty();
    }
    List<String> members = new ArrayList<>();
    members.add(shard.getNodeId());
    shard.getFollowersList().forEach(f -> members.add(f.getNodeId()));
    return ReplicaPlacement.choose(members, 1, eligibleNodes(), cache.shards()).stream()
        .findFirst();
  }

  @Override
  public List<String> handoverTargets(ShardRecord shard) {
    Set<String> draining = cache.drainingNodes();
    Map<String, Integer> primaries = new HashMap<>();
    for (ShardRecord s : cache.shards()) {
      primaries.merge(s.getNodeId(), 1, Integer::sum);
    }
    return shard.getFollowersList().stream()
        .filter(f -> f.getState() == FollowerState.IN_SYNC)
        .map(ShardFollower::getNodeId)
        .filter(id -> cache.node(id).isPresent())
        .sorted(
            Comparator.comparing((String id) -> draining.contains(id))
                .thenComparing(id -> primaries.getOrDefault(id, 0))
                .thenComparing(Comparator.naturalOrder()))
        .toList();
  }

  /** Live nodes that take new shards. */
  private List<NodeRecord> eligibleNodes() {
    Set<String> draining = cache.drainingNodes();
    return cache.nodes().stream().filter(n -> !draining.contains(n.getId())).toList();
  }

  /**
   * One compare-and-set of the shard record, which must be at ({@code primary}, {@code epoch});
   * repeated after a lost race (another commit of the same primary changed the set meanwhile).
   */
  private ShardRecord change(
      int shard, String primary, long epoch, UnaryOperator<ShardRecord> change)
      throws TopologyException {
    for (int attempt = 1; attempt <= TenantWrites.WRITE_ATTEMPTS; attempt++) {
      Entry entry = read(shard);
      ShardRecord record = requireOwned(entry, shard, primary, epoch);
      ShardRecord changed = change.apply(record);
      if (changed.equals(record)) {
        return record;
      }
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(new Compare(entry.key(), entry.modRevision())),
                  List.of(Put.of(entry.key(), changed.toByteArray())),
                  List.of()));
      if (result.succeeded()) {
        cache.learnShard(shard, changed, result.revision());
        LOG.info("shard {}: followers now {}", shard, describe(changed));
        return changed;
      }
    }
    throw TenantWrites.conflict("changing the followers of shard " + shard);
  }

  private Entry read(int shard) throws TopologyException {
    return store
        .get(keys.shard(shard))
        .orElseThrow(
            () -> new TopologyException(Reason.FENCED, "shard " + shard + " has no owner"));
  }

  private static ShardRecord requireOwned(Entry entry, int shard, String primary, long epoch)
      throws TopologyException {
    ShardRecord record = Records.parse(entry, ShardRecord.parser());
    if (!record.getNodeId().equals(primary) || record.getEpoch() != epoch) {
      throw new TopologyException(
          Reason.FENCED,
          "shard "
              + shard
              + " is at "
              + record.getNodeId()
              + " epoch "
              + record.getEpoch()
              + ", not "
              + primary
              + " epoch "
              + epoch);
    }
    return record;
  }

  private static Optional<ShardFollower> followerOf(ShardRecord record, String node) {
    return record.getFollowersList().stream().filter(f -> f.getNodeId().equals(node)).findFirst();
  }

  private static ShardRecord withState(ShardRecord record, String node, FollowerState state) {
    ShardRecord.Builder b = record.toBuilder().clearFollowers();
    for (ShardFollower f : record.getFollowersList()) {
      b.addFollowers(f.getNodeId().equals(node) ? f.toBuilder().setState(state).build() : f);
    }
    return b.build();
  }

  static ShardFollower follower(String node, long epoch, FollowerState state) {
    return ShardFollower.newBuilder().setNodeId(node).setEpoch(epoch).setState(state).build();
  }

  /** "n2 in sync, n3 catching up", for logs. */
  static String describe(ShardRecord record) {
    if (record.getFollowersCount() == 0) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    for (ShardFollower f : record.getFollowersList()) {
      parts.add(
          f.getNodeId() + (f.getState() == FollowerState.IN_SYNC ? " in sync" : " catching up"));
    }
    return String.join(", ", parts);
  }
}
