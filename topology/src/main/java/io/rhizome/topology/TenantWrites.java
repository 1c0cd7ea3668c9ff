/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.MetaStore.Compare;
import io.rhizome.topology.MetaStore.Entry;
import io.rhizome.topology.MetaStore.Put;
import io.rhizome.topology.MetaStore.Txn;
import io.rhizome.topology.MetaStore.TxnResult;
import io.rhizome.topology.TopologyException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and drops tenants as compare-and-set transactions, assigning a tenant's shard to a node
 * in the same transaction when the shard has no owner yet. Arguments are validated by the caller.
 */
final class TenantWrites {
  private static final Logger LOG = LoggerFactory.getLogger(TenantWrites.class);

  /** Attempts of a compare-and-set write that keeps losing races before it reports CONFLICT. */
  static final int WRITE_ATTEMPTS = 5;

  private final MetaStore store;
  private final KeyLayout keys;
  private final VersionedCache cache;
  private final ReplicaWrites replicas;
  private final int clusterFactor;

  TenantWrites(
      MetaStore store,
      KeyLayout keys,
      VersionedCache cache,
      ReplicaWrites replicas,
      int clusterFactor) {
    this.store = store;
    this.keys = keys;
    this.cache = cache;
    this.replicas = replicas;
    this.clusterFactor = clusterFactor;
  }

  TenantRecord create(String name, UserRecord firstUser, int shard) throws TopologyException {
    String tenantKey = keys.tenant(name);
    String shardKey = keys.shard(shard);
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      if (store.get(tenantKey).isPresent()) {
        throw new TopologyException(Reason.ALREADY_EXISTS, "tenant " + name + " already exists");
      }
      TenantRecord record =
          TenantRecord.newBuilder()
              .setFormat(Records.RECORD_FORMAT)
              .setName(name)
              .setShard(shard)
              .setCreatedUnixMs(System.currentTimeMillis())
              .addUsers(firstUser.toBuilder().setFormat(Records.RECORD_FORMAT))
              .build();
      List<Compare> compares = new ArrayList<>(List.of(Compare.absent(tenantKey)));
      List<Put> puts = new ArrayList<>(List.of(Put.of(tenantKey, record.toByteArray())));
      ShardRecord assigned = null;
      if (store.get(shardKey).isEmpty()) {
        Entry owner = pickOwner(shard);
        String ownerId = owner.key().substring(keys.nodesPrefix().length());
        assigned =
            ShardRecord.newBuilder()
                .setFormat(Records.RECORD_FORMAT)
                .setShard(shard)
                .setNodeId(ownerId)
                .setEpoch(1)
                .addAllFollowers(replicas.initialFollowers(ownerId, clusterFactor))
                .build();
        // The owner must still be the registration we chose: a node that left meanwhile fails it.
        compares.add(Compare.absent(shardKey));
        compares.add(new Compare(owner.key(), owner.modRevision()));
        puts.add(Put.of(shardKey, assigned.toByteArray()));
      }
      TxnResult result = store.txn(new Txn(compares, puts, List.of()));
      if (result.succeeded()) {
        cache.learnTenant(name, record, result.revision());
        if (assigned != null) {
          cache.learnShard(shard, assigned, result.revision());
          LOG.info(
              "created tenant {} on shard {}, assigned to node {} at epoch 1",
              name,
              shard,
              assigned.getNodeId());
        } else {
          LOG.info("created tenant {} on shard {}", name, shard);
        }
        return record;
      }
      LOG.debug("creating tenant {} lost a race (attempt {}); retrying", name, attempt);
    }
    throw conflict("creating tenant " + name);
  }

  /**
   * Creates a tenant alone on a new private shard: the lowest number from {@code shardCount} up
   * without a placement record. One transaction requires the tenant and that shard absent and the
   * chosen node still registered as read and not draining, so two creations racing for the same
   * number cannot both win (the loser retries with the next free number).
   *
   * @param nodeId the node to place the shard on, or null for the least loaded live node
   * @param factor the shard's own replication factor, or 0 for the cluster's
   */
  TenantRecord createOnOwnShard(
      String name, UserRecord firstUser, int shardCount, String nodeId, int factor)
      throws TopologyException {
    String tenantKey = keys.tenant(name);
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      if (store.get(tenantKey).isPresent()) {
        throw new TopologyException(Reason.ALREADY_EXISTS, "tenant " + name + " already exists");
      }
      int shard = lowestFreeShard(shardCount);
      Entry owner = nodeId == null ? pickOwner(shard) : pinnedOwner(nodeId);
      String ownerId = owner.key().substring(keys.nodesPrefix().length());
      String shardKey = keys.shard(shard);
      TenantRecord record =
          TenantRecord.newBuilder()
              .setFormat(Records.RECORD_FORMAT)
              .setName(name)
              .setShard(shard)
              .setCreatedUnixMs(System.currentTimeMillis())
              .addUsers(firstUser.toBuilder().setFormat(Records.RECORD_FORMAT))
              .build();
      ShardRecord assigned =
          ShardRecord.newBuilder()
              .setFormat(Records.RECORD_FORMAT)
              .setShard(shard)
              .setNodeId(ownerId)
              .setEpoch(1)
              .setReplicationFactor(factor == clusterFactor ? 0 : factor)
              .addAllFollowers(
                  replicas.initialFollowers(ownerId, factor == 0 ? clusterFactor : factor))
              .build();
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(
                      Compare.absent(tenantKey),
                      Compare.absent(shardKey),
                      new Compare(owner.key(), owner.modRevision()),
                      Compare.absent(keys.drain(ownerId))),
                  List.of(
                      Put.of(tenantKey, record.toByteArray()),
                      Put.of(shardKey, assigned.toByteArray())),
                  List.of()));
      if (result.succeeded()) {
        cache.learnTenant(name, record, result.revision());
        cache.learnShard(shard, assigned, result.revision());
        LOG.info(
            "created tenant {} on its own shard {}, assigned to node {} at epoch 1",
            name,
            shard,
            ownerId);
        return record;
      }
      LOG.debug("creating tenant {} on its own shard lost a race (attempt {})", name, attempt);
    }
    throw conflict("creating tenant " + name);
  }

  /**
   * Starts relocating a tenant onto a new private shard on its shard's owner (see {@link
   * Topology#beginRelocation}). One transaction compares the tenant, its shard's placement and move
   * record as read and requires the new shard absent; it re-puts the shard's placement unchanged so
   * a {@code startMove} of that shard that read it before this write fails its compare and, reading
   * again, sees the relocation.
   */
  TenantRecord beginRelocation(String name, int shardCount) throws TopologyException {
    String tenantKey = keys.tenant(name);
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      Entry tenantEntry = existing(tenantKey, name);
      TenantRecord tenant = Records.parse(tenantEntry, TenantRecord.parser());
      if (tenant.getRelocatingToShard() != 0) {
        return tenant;
      }
      int from = tenant.getShard();
      Entry shardEntry =
          store
              .get(keys.shard(from))
              .orElseThrow(
                  () ->
                      new TopologyException(
                          Reason.NOT_FOUND,
                          "shard " + from + " of tenant " + name + " has no owner"));
      ShardRecord placement = Records.parse(shardEntry, ShardRecord.parser());
      Optional<Entry> moveEntry = store.get(keys.move(from));
      if (moveEntry.isPresent()
          && !MoveWrites.finished(Records.parse(moveEntry.get(), MoveRecord.parser()))) {
        throw new TopologyException(
            Reason.ALREADY_EXISTS,
            "shard " + from + " is moving: relocate tenant " + name + " after the move");
      }
      int to = lowestFreeShard(shardCount);
      ShardRecord assigned =
          ShardRecord.newBuilder()
              .setFormat(Records.RECORD_FORMAT)
              .setShard(to)
              .setNodeId(placement.getNodeId())
              .setEpoch(1)
              .build();
      TenantRecord relocating = tenant.toBuilder().setRelocatingToShard(to).build();
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(
                      new Compare(tenantKey, tenantEntry.modRevision()),
                      new Compare(shardEntry.key(), shardEntry.modRevision()),
                      new Compare(keys.move(from), moveEntry.map(Entry::modRevision).orElse(0L)),
                      Compare.absent(keys.shard(to))),
                  List.of(
                      Put.of(keys.shard(to), assigned.toByteArray()),
                      Put.of(tenantKey, relocating.toByteArray()),
                      Put.of(shardEntry.key(), shardEntry.value()),
                      Put.of(keys.relocation(from, name), mark(name)),
                      Put.of(keys.relocation(to, name), mark(name))),
                  List.of()));
      if (result.succeeded()) {
        cache.learnShard(to, assigned, result.revision());
        cache.learnShard(from, placement, result.revision());
        cache.learnTenant(name, relocating, result.revision());
        LOG.info(
            "tenant {} relocating from shard {} to its own shard {} on node {}",
            name,
            from,
            to,
            placement.getNodeId());
        return relocating;
      }
      LOG.debug("relocating tenant {} lost a race (attempt {}); retrying", name, attempt);
    }
    throw conflict("relocating tenant " + name);
  }

  /** Records a relocated tenant on its new shard (see {@link Topology#completeRelocation}). */
  TenantRecord completeRelocation(String name, int toShard) throws TopologyException {
    String tenantKey = keys.tenant(name);
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      Entry entry = existing(tenantKey, name);
      TenantRecord tenant = Records.parse(entry, TenantRecord.parser());
      if (tenant.getShard() == toShard && tenant.getRelocatingToShard() == 0) {
        return tenant;
      }
      if (tenant.getRelocatingToShard() != toShard) {
        throw new TopologyException(
            Reason.FAILED_PRECONDITION,
            "tenant " + name + " is not relocating to shard " + toShard);
      }
      TenantRecord done = tenant.toBuilder().setShard(toShard).setRelocatingToShard(0).build();
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(new Compare(tenantKey, entry.modRevision())),
                  List.of(Put.of(tenantKey, done.toByteArray())),
                  List.of(
                      keys.relocation(tenant.getShard(), name), keys.relocation(toShard, name))));
      if (result.succeeded()) {
        cache.learnTenant(name, done, result.revision());
        LOG.info("tenant {} relocated to shard {}", name, toShard);
        return done;
      }
    }
    throw conflict("completing the relocation of tenant " + name);
  }

  /**
   * A tenant whose files are being renamed out of or into {@code shard}, from the shard's
   * relocation marks in the store (written and removed with the relocation, so this reads a key or
   * two, not every tenant): such a shard must not move until the rename is recorded.
   */
  Optional<String> relocatingTenantOf(int shard) throws TopologyException {
    String prefix = keys.relocationsOf(shard);
    return store.range(prefix, MetaStore.prefixEnd(prefix), 1).entries().stream()
        .map(e -> e.key().substring(prefix.length()))
        .findFirst();
  }

  private static byte[] mark(String tenant) {
    return tenant.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The lowest shard number from {@code shardCount} up with no placement record, read from the
   * store: numbers of dropped private tenants stay taken, since their shard record (and the node's
   * directory) outlive the tenant.
   */
  private int lowestFreeShard(int shardCount) throws TopologyException {
    Set<Integer> taken = new HashSet<>();
    for (Entry e : store.list(keys.shardsPrefix()).entries()) {
      keys.parse(e.key())
          .filter(p -> p.kind() == KeyLayout.Kind.SHARD)
          .ifPresent(p -> taken.add(Integer.parseInt(p.id())));
    }
    for (int shard = shardCount; shard <= Topology.MAX_SHARD; shard++) {
      if (!taken.contains(shard)) {
        return shard;
      }
    }
    throw new TopologyException(
        Reason.FAILED_PRECONDITION,
        "every shard number up to " + Topology.MAX_SHARD + " is taken: no private shard is free");
  }

  /** The registration of the node an own-shard tenant is pinned to: live and not draining. */
  private Entry pinnedOwner(String nodeId) throws TopologyException {
    Entry entry =
        store
            .get(keys.node(nodeId))
            .orElseThrow(
                () -> new TopologyException(Reason.NOT_FOUND, "node " + nodeId + " is not live"));
    NodeRecord node = Records.parse(entry, NodeRecord.parser());
    if (node.getState() == NodeState.NODE_DRAINING || store.get(keys.drain(nodeId)).isPresent()) {
      throw new TopologyException(
          Reason.FAILED_PRECONDITION, "node " + nodeId + " is draining: it takes no new shards");
    }
    return entry;
  }

  /**
   * The live node with the fewest shards (ties: lowest id), read from the store rather than the
   * cache: a node may have registered a moment ago, and the transaction compares the node's key so
   * it needs its current revision. Draining nodes (DrainRecord) get no new shards.
   */
  private Entry pickOwner(int shard) throws TopologyException {
    Map<String, Integer> load = new HashMap<>();
    for (ShardRecord s : cache.shards()) {
      load.merge(s.getNodeId(), 1, Integer::sum);
    }
    Entry best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (Entry e : store.list(keys.nodesPrefix()).entries()) {
      NodeRecord node = Records.parse(e, NodeRecord.parser());
      if (node.getState() == NodeState.NODE_DRAINING
          || store.get(keys.drain(node.getId())).isPresent()) {
        continue;
      }
      int l = load.getOrDefault(node.getId(), 0);
      // list() is ordered by key, so on a tie the lowest id is already kept.
      if (l < bestLoad) {
        best = e;
        bestLoad = l;
      }
    }
    if (best == null) {
      throw new TopologyException(
          Reason.NO_LIVE_NODES,
          "shard " + shard + " needs an owner but no node is live; start a node first");
    }
    return best;
  }

  TenantRecord update(String name, UnaryOperator<TenantRecord> change) throws TopologyException {
    String tenantKey = keys.tenant(name);
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      Optional<Entry> entry = store.get(tenantKey);
      if (entry.isEmpty()) {
        throw new TopologyException(Reason.NOT_FOUND, "tenant " + name + " does not exist");
      }
      TenantRecord stored = Records.parse(entry.get(), TenantRecord.parser());
      TenantRecord changed = change.apply(stored);
      if (!changed.getName().equals(stored.getName())
          || changed.getShard() != stored.getShard()
          || changed.getRelocatingToShard() != stored.getRelocatingToShard()) {
        throw new IllegalArgumentException(
            "an update must keep the tenant's name, shard and relocation");
      }
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(new Compare(tenantKey, entry.get().modRevision())),
                  List.of(Put.of(tenantKey, changed.toByteArray())),
                  List.of()));
      if (result.succeeded()) {
        cache.learnTenant(name, changed, result.revision());
        return changed;
      }
      LOG.debug("updating tenant {} lost a race (attempt {}); retrying", name, attempt);
    }
    throw conflict("updating tenant " + name);
  }

  Optional<TenantRecord> drop(String name) throws TopologyException {
    String tenantKey = keys.tenant(name);
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      Optional<Entry> entry = store.get(tenantKey);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      TenantRecord record = Records.parse(entry.get(), TenantRecord.parser());
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(new Compare(tenantKey, entry.get().modRevision())),
                  List.of(),
                  List.of(tenantKey)));
      if (result.succeeded()) {
        cache.learnTenantDeleted(name, result.revision());
        LOG.info("dropped tenant {} (shard {})", name, record.getShard());
        return Optional.of(record);
      }
    }
    throw conflict("dropping tenant " + name);
  }

  /** The stored entry of tenant {@code name}; NOT_FOUND when there is none. */
  private Entry existing(String tenantKey, String name) throws TopologyException {
    return store
        .get(tenantKey)
        .orElseThrow(
            () -> new TopologyException(Reason.NOT_FOUND, "tenant " + name + " does not exist"));
  }

  /** A compare-and-set write that lost {@link #WRITE_ATTEMPTS} races in a row. */
  static TopologyException conflict(String what) {
    return new TopologyException(
        Reason.CONFLICT, what + " lost " + WRITE_ATTEMPTS + " races in a row; try again");
  }
}
