/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

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
import io.rhizome.topology.TenantImport.Outcome;
import io.rhizome.topology.TenantImport.Result;
import io.rhizome.topology.TopologyException.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk import of tenants ({@link Topology#importTenants}) in few, large transactions: one read of a
 * batch's tenant keys, then one transaction that creates the absent tenants (assigning their shards
 * when new, as {@link TenantWrites#create} does) and adds missing users to existing ones, comparing
 * every key it writes against what it read. A transaction names at most {@link
 * MetaStore#MAX_TXN_OPS} keys in its compares and in its puts (etcd's limit); tenants that do not
 * fit go to the next one.
 *
 * <p>Idempotent: a tenant that exists with every given user is left untouched, so an import cut
 * short can be run again from the start. Imported tenants are not put in this process's tenant
 * cache (an import would flush the tenants actually being served), but a name the cache holds
 * already (say, a tombstone of a tenant this process dropped) is updated, so that this process
 * reads its own import at once; shard assignments are learned.
 */
final class TenantImports {
  private static final Logger LOG = LoggerFactory.getLogger(TenantImports.class);

  /** Tenants read per batch: one {@link MetaStore#getAll}. */
  static final int BATCH = 100;

  private final MetaStore store;
  private final KeyLayout keys;
  private final VersionedCache cache;
  private final ToIntFunction<String> shardOf;
  private final ReplicaWrites replicas;
  private final int clusterFactor;

  TenantImports(
      MetaStore store,
      KeyLayout keys,
      VersionedCache cache,
      ToIntFunction<String> shardOf,
      ReplicaWrites replicas,
      int clusterFactor) {
    this.store = store;
    this.keys = keys;
    this.cache = cache;
    this.shardOf = shardOf;
    this.replicas = replicas;
    this.clusterFactor = clusterFactor;
  }

  List<Result> run(List<TenantImport> tenants) throws TopologyException {
    Set<String> names = new HashSet<>();
    for (TenantImport t : tenants) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("tenant " + t.name() + " is given twice");
      }
    }
    Map<String, Result> results = new HashMap<>();
    Deque<TenantImport> pending = new ArrayDeque<>(tenants);
    while (!pending.isEmpty()) {
      List<TenantImport> batch = new ArrayList<>(BATCH);
      while (batch.size() < BATCH && !pending.isEmpty()) {
        batch.add(pending.removeFirst());
      }
      List<TenantImport> deferred = writeBatch(batch, results);
      for (int i = deferred.size() - 1; i >= 0; i--) {
        pending.addFirst(deferred.get(i));
      }
    }
    List<Result> ordered = new ArrayList<>(tenants.size());
    for (TenantImport t : tenants) {
      ordered.add(results.get(t.name()));
    }
    return ordered;
  }

  /**
   * Writes as much of {@code batch} as fits one transaction, retrying on a lost race.
   *
   * @return the tenants that did not fit, to go in a later transaction
   */
  private List<TenantImport> writeBatch(List<TenantImport> batch, Map<String, Result> results)
      throws TopologyException {
    for (int attempt = 0; attempt <= TenantWrites.WRITE_ATTEMPTS; attempt++) {
      List<String> tenantKeys = batch.stream().map(t -> keys.tenant(t.name())).toList();
      // First, optimistically, as if none existed (a fresh import: one round trip per batch);
      // the transaction's compares catch any that does, and then the batch is read.
      List<Optional<Entry>> stored =
          attempt == 0
              ? java.util.Collections.nCopies(batch.size(), Optional.empty())
              : store.getAll(tenantKeys);
      Plan plan = new Plan();
      int fitted = 0;
      for (; fitted < batch.size(); fitted++) {
        if (!plan.add(batch.get(fitted), stored.get(fitted))) {
          break;
        }
      }
      if (fitted == 0) {
        throw new IllegalStateException("one tenant needs more keys than a transaction holds");
      }
      if (plan.puts.isEmpty()) {
        results.putAll(plan.results);
        return batch.subList(fitted, batch.size());
      }
      TxnResult result = store.txn(new Txn(plan.compares, plan.puts, List.of()));
      if (result.succeeded()) {
        plan.assigned.forEach(
            (shard, record) -> cache.learnShard(shard, record, result.revision()));
        plan.written.forEach(
            (name, record) -> cache.learnTenantIfCached(name, record, result.revision()));
        results.putAll(plan.results);
        LOG.debug(
            "imported {} tenants at revision {} ({} new shards)",
            plan.results.size(),
            result.revision(),
            plan.assigned.size());
        return batch.subList(fitted, batch.size());
      }
      // Lost a race: a tenant or shard changed since the read. Read the shards we would assign
      // again, so the next attempt sees owners given meanwhile.
      for (int shard : plan.assigned.keySet()) {
        cache.refreshShard(shard);
      }
      if (attempt > 0) {
        LOG.debug("an import batch lost a race (attempt {}); retrying", attempt);
      }
    }
    throw TenantWrites.conflict("importing tenants");
  }

  /** One transaction being built: compares and puts stay within {@link MetaStore#MAX_TXN_OPS}. */
  private final class Plan {
    final List<Compare> compares = new ArrayList<>();
    final List<Put> puts = new ArrayList<>();
    final Map<String, Result> results = new LinkedHashMap<>();
    final Map<Integer, ShardRecord> assigned = new LinkedHashMap<>();
    final Map<String, byte[]> written = new LinkedHashMap<>();
    private final Set<String> comparedOwners = new LinkedHashSet<>();
    private Owners owners;

    /** Adds one tenant if its keys fit; false (nothing added) when they do not. */
    boolean add(TenantImport t, Optional<Entry> existing) throws TopologyException {
      String key = keys.tenant(t.name());
      if (existing.isPresent()) {
        TenantRecord record = Records.parse(existing.get(), TenantRecord.parser());
        Set<String> have = new HashSet<>();
        record.getUsersList().forEach(u -> have.add(u.getName()));
        List<UserRecord> missing =
            t.users().stream().filter(u -> !have.contains(u.getName())).toList();
        if (missing.isEmpty()) {
          results.put(t.name(), new Result(t.name(), Outcome.UNCHANGED, List.of()));
          return true;
        }
        if (!fits(1, 1)) {
          return false;
        }
        TenantRecord.Builder changed = record.toBuilder();
        missing.forEach(u -> changed.addUsers(stamped(u)));
        compares.add(new Compare(key, existing.get().modRevision()));
        byte[] bytes = changed.build().toByteArray();
        puts.add(Put.of(key, bytes));
        written.put(t.name(), bytes);
        results.put(
            t.name(),
            new Result(
                t.name(), Outcome.USERS_ADDED, missing.stream().map(UserRecord::getName).toList()));
        return true;
      }
      int shard = shardOf.applyAsInt(t.name());
      boolean needsOwner = cache.shard(shard).isEmpty() && !assigned.containsKey(shard);
      Entry owner = null;
      int ownerCompares = 0;
      if (needsOwner) {
        owner = owners().pick(shard);
        ownerCompares = comparedOwners.contains(owner.key()) ? 0 : 2;
      }
      if (!fits(1 + (needsOwner ? 1 + ownerCompares : 0), 1 + (needsOwner ? 1 : 0))) {
        return false;
      }
      TenantRecord.Builder record =
          TenantRecord.newBuilder()
              .setFormat(Records.RECORD_FORMAT)
              .setName(t.name())
              .setShard(shard)
              .setCreatedUnixMs(System.currentTimeMillis());
      t.users().forEach(u -> record.addUsers(stamped(u)));
      compares.add(Compare.absent(key));
      byte[] bytes = record.build().toByteArray();
      puts.add(Put.of(key, bytes));
      written.put(t.name(), bytes);
      if (needsOwner) {
        String ownerId = owner.key().substring(keys.nodesPrefix().length());
        ShardRecord placement =
            ShardRecord.newBuilder()
                .setFormat(Records.RECORD_FORMAT)
                .setShard(shard)
                .setNodeId(ownerId)
                .setEpoch(1)
                .addAllFollowers(replicas.initialFollowers(ownerId, clusterFactor))
                .build();
        compares.add(Compare.absent(keys.shard(shard)));
        puts.add(Put.of(keys.shard(shard), placement.toByteArray()));
        if (comparedOwners.add(owner.key())) {
          // The owner must still be the registration we chose, and not marked draining.
          compares.add(new Compare(owner.key(), owner.modRevision()));
          compares.add(Compare.absent(keys.drain(ownerId)));
        }
        assigned.put(shard, placement);
        owners.count(ownerId);
      }
      results.put(
          t.name(),
          new Result(
              t.name(), Outcome.CREATED, t.users().stream().map(UserRecord::getName).toList()));
      return true;
    }

    private boolean fits(int moreCompares, int morePuts) {
      return compares.size() + moreCompares <= MetaStore.MAX_TXN_OPS
          && puts.size() + morePuts <= MetaStore.MAX_TXN_OPS;
    }

    private Owners owners() throws TopologyException {
      if (owners == null) {
        owners = new Owners();
      }
      return owners;
    }
  }

  private static UserRecord stamped(UserRecord u) {
    return u.toBuilder().setFormat(Records.RECORD_FORMAT).build();
  }

  /**
   * The nodes that may take new shards (live, not draining), read once per transaction from the
   * store, and their shard counts, growing as the transaction assigns shards.
   */
  private final class Owners {
    private final List<Entry> eligible = new ArrayList<>();
    private final Map<String, Integer> load = new HashMap<>();

    Owners() throws TopologyException {
      Set<String> draining = new HashSet<>();
      String drains = keys.drain("");
      for (Entry e : store.list(drains).entries()) {
        draining.add(e.key().substring(drains.length()));
      }
      for (Entry e : store.list(keys.nodesPrefix()).entries()) {
        NodeRecord node = Records.parse(e, NodeRecord.parser());
        if (node.getState() != NodeState.NODE_DRAINING && !draining.contains(node.getId())) {
          eligible.add(e);
        }
      }
      for (ShardRecord s : cache.shards()) {
        load.merge(s.getNodeId(), 1, Integer::sum);
      }
    }

    /** The eligible node with the fewest shards, lowest id on a tie (list order is key order). */
    Entry pick(int shard) throws TopologyException {
      Entry best = null;
      int bestLoad = Integer.MAX_VALUE;
      for (Entry e : eligible) {
        int l = load.getOrDefault(e.key().substring(keys.nodesPrefix().length()), 0);
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

    void count(String nodeId) {
      load.merge(nodeId, 1, Integer::sum);
    }
  }
}
