/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.rhizome.proto.DrainRecord;
import io.rhizome.proto.FreezeRecord;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.MetaStore.Entry;
import io.rhizome.topology.MetaStore.Event;
import io.rhizome.topology.MetaStore.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watched in-memory copy of a cluster's map (shards, nodes, moves, freezes, drains, admin
 * user), with read-through for the lookups that may not wait for the watch, and a bounded cache of
 * the tenants this process looked up ({@link TenantCache}). The map is small whatever the number of
 * tenants (at most 65,536 shards, a few records per node), so it is loaded whole; tenants are not:
 * a process holds only those it serves, so its memory and its start-up time do not grow with the
 * cluster's tenant count.
 *
 * <p>Consistency: every cached value carries the store revision it was written at. The watch
 * delivers changes in revision order and records the highest revision it applied; a value learned
 * outside the watch (a read-through or this process's own write) is applied only when it is newer
 * than that, so it can never overwrite a later change the watch already delivered. A delete made by
 * this process leaves a tombstone until the watch catches up, so an older put still in flight on
 * the watch cannot resurrect the record.
 */
final class VersionedCache {
  private static final Logger LOG = LoggerFactory.getLogger(VersionedCache.class);

  /** A cached value and the store revision it was written at; a null value is a tombstone. */
  private record Versioned<T>(T value, long modRevision) {}

  private final MetaStore store;
  private final KeyLayout keys;
  private final String clusterName;
  private final RetryScheduler retries;

  private final Map<Integer, Versioned<ShardRecord>> shards = new ConcurrentHashMap<>();
  private final Map<String, Versioned<NodeRecord>> nodes = new ConcurrentHashMap<>();
  private final TenantCache tenants;
  private final Map<Integer, Versioned<MoveRecord>> moves = new ConcurrentHashMap<>();
  private final Map<Integer, Versioned<FreezeRecord>> freezes = new ConcurrentHashMap<>();
  private final Map<String, Versioned<DrainRecord>> drains = new ConcurrentHashMap<>();

  /** At most one entry, under "": a map so the admin shares the versioned-update code. */
  private final Map<String, Versioned<UserRecord>> admin = new ConcurrentHashMap<>();

  /** Serialises every cache mutation (watch events, reloads, read-throughs, own writes). */
  private final Object applyLock = new Object();

  /** Highest revision the current watch (or the last load) has applied. */
  private long appliedRevision;

  /** Times the watch ended and the cache reloaded. */
  private final java.util.concurrent.atomic.LongAdder watchRestarts =
      new java.util.concurrent.atomic.LongAdder();

  /** Bumped on every reload, so a replaced watch's late events are ignored. */
  private long watchGeneration;

  private AutoCloseable watch;
  private volatile boolean closed;

  VersionedCache(
      MetaStore store,
      KeyLayout keys,
      String clusterName,
      RetryScheduler retries,
      long tenantCacheSize) {
    this.store = store;
    this.tenants = new TenantCache(tenantCacheSize);
    this.keys = keys;
    this.clusterName = clusterName;
    this.retries = retries;
  }

  // ---------------------------------------------------------------------------------------------
  // Load and watch

  /**
   * Loads the cluster's map (every key but the tenants, which sort last: see {@link
   * KeyLayout#tenantsPrefix}), forgets the cached tenants and (re)starts the watch just after the
   * loaded revision.
   */
  void reload() throws TopologyException {
    Page snapshot = store.range(keys.root(), keys.tenantsPrefix(), 0);
    synchronized (applyLock) {
      if (closed) {
        return;
      }
      Quietly.closeWatch(watch);
      watchGeneration++;
      long r = snapshot.revision();
      Map<Integer, Versioned<ShardRecord>> loadedShards = new HashMap<>();
      Map<String, Versioned<NodeRecord>> loadedNodes = new HashMap<>();
      Map<String, Versioned<UserRecord>> loadedAdmin = new HashMap<>();
      Map<Integer, Versioned<MoveRecord>> loadedMoves = new HashMap<>();
      Map<Integer, Versioned<FreezeRecord>> loadedFreezes = new HashMap<>();
      Map<String, Versioned<DrainRecord>> loadedDrains = new HashMap<>();
      for (Entry e : snapshot.entries()) {
        Optional<KeyLayout.Parsed> parsed = keys.parse(e.key());
        if (parsed.isEmpty()) {
          continue;
        }
        String id = parsed.get().id();
        switch (parsed.get().kind()) {
          case SHARD ->
              decode(e, ShardRecord.parser())
                  .ifPresent(v -> loadedShards.put(Integer.parseInt(id), v));
          case NODE -> decode(e, NodeRecord.parser()).ifPresent(v -> loadedNodes.put(id, v));
          case TENANT -> {
            // not in this range: tenants are looked up one by one (TenantCache)
          }
          case ADMIN -> decode(e, UserRecord.parser()).ifPresent(v -> loadedAdmin.put("", v));
          case MOVE ->
              decode(e, MoveRecord.parser())
                  .ifPresent(v -> loadedMoves.put(Integer.parseInt(id), v));
          case FREEZE ->
              decode(e, FreezeRecord.parser())
                  .ifPresent(v -> loadedFreezes.put(Integer.parseInt(id), v));
          case DRAIN -> decode(e, DrainRecord.parser()).ifPresent(v -> loadedDrains.put(id, v));
          case CLUSTER, CLUSTER_CREATING, RELOCATION -> {
            // fixed at creation / only meaningful while creating / read from the store by moves
          }
        }
      }
      replaceAll(shards, loadedShards, r);
      replaceAll(nodes, loadedNodes, r);
      // Events may have been lost: a cached tenant may be stale. They are read again on demand.
      tenants.clear();
      replaceAll(admin, loadedAdmin, r);
      replaceAll(moves, loadedMoves, r);
      replaceAll(freezes, loadedFreezes, r);
      replaceAll(drains, loadedDrains, r);
      appliedRevision = Math.max(appliedRevision, r);
      watch = store.watch(keys.root(), r + 1, new CacheListener(watchGeneration));
    }
  }

  /**
   * Makes {@code cache} equal to {@code loaded} (read at revision {@code r}) key by key, so readers
   * never see an emptied map; entries newer than {@code r} (learned since) are kept.
   */
  private static <K, V> void replaceAll(
      Map<K, Versioned<V>> cache, Map<K, Versioned<V>> loaded, long r) {
    cache
        .entrySet()
        .removeIf(e -> !loaded.containsKey(e.getKey()) && e.getValue().modRevision() <= r);
    loaded.forEach((k, v) -> putIfNewer(cache, k, v));
  }

  private static <T> Optional<Versioned<T>> decode(Entry e, Parser<T> parser) {
    try {
      return Optional.of(new Versioned<>(parser.parseFrom(e.value()), e.modRevision()));
    } catch (InvalidProtocolBufferException ex) {
      LOG.warn("ignoring unreadable metadata record at {}", e.key());
      return Optional.empty();
    }
  }

  private static <K, V> void putIfNewer(Map<K, Versioned<V>> cache, K key, Versioned<V> value) {
    cache.compute(
        key, (k, old) -> old == null || old.modRevision() <= value.modRevision() ? value : old);
  }

  private final class CacheListener implements MetaStore.WatchListener {
    private final long generation;

    CacheListener(long generation) {
      this.generation = generation;
    }

    @Override
    public void onEvents(List<Event> events) {
      synchronized (applyLock) {
        if (generation != watchGeneration || closed) {
          return;
        }
        for (Event e : events) {
          applyEvent(e);
          appliedRevision = Math.max(appliedRevision, e.modRevision());
        }
      }
    }

    @Override
    public void onResyncNeeded(String reason) {
      synchronized (applyLock) {
        if (generation != watchGeneration || closed) {
          return;
        }
      }
      LOG.warn("metadata watch of cluster {} ended ({}); reloading", clusterName, reason);
      watchRestarts.increment();
      scheduleReload(0);
    }
  }

  /** The highest store revision applied so far. */
  long appliedRevision() {
    synchronized (applyLock) {
      return appliedRevision;
    }
  }

  /** Times the watch ended and the cache was reloaded. */
  long watchRestarts() {
    return watchRestarts.sum();
  }

  private void applyEvent(Event e) {
    Optional<KeyLayout.Parsed> parsed = keys.parse(e.key());
    if (parsed.isEmpty()) {
      return;
    }
    String id = parsed.get().id();
    switch (parsed.get().kind()) {
      case SHARD -> applyEvent(shards, Integer.parseInt(id), e, ShardRecord.parser());
      case NODE -> applyEvent(nodes, id, e, NodeRecord.parser());
      case TENANT ->
          tenants.applyEvent(id, e.type() == Event.Type.DELETE ? null : e.value(), e.modRevision());
      case ADMIN -> applyEvent(admin, "", e, UserRecord.parser());
      case MOVE -> applyEvent(moves, Integer.parseInt(id), e, MoveRecord.parser());
      case FREEZE -> applyEvent(freezes, Integer.parseInt(id), e, FreezeRecord.parser());
      case DRAIN -> applyEvent(drains, id, e, DrainRecord.parser());
      case CLUSTER, CLUSTER_CREATING, RELOCATION -> {
        // fixed at creation / only meaningful while creating / read from the store by moves
      }
    }
  }

  private static <K, V> void applyEvent(
      Map<K, Versioned<V>> cache, K key, Event e, Parser<V> parser) {
    if (e.type() == Event.Type.DELETE) {
      cache.computeIfPresent(key, (k, old) -> old.modRevision() <= e.modRevision() ? null : old);
    } else {
      decode(new Entry(e.key(), e.value(), e.modRevision()), parser)
          .ifPresent(v -> putIfNewer(cache, key, v));
    }
  }

  private void scheduleReload(int attempt) {
    try {
      retries.schedule(
          attempt,
          () -> {
            if (closed) {
              return;
            }
            try {
              reload();
              LOG.info("metadata cache of cluster {} reloaded", clusterName);
            } catch (TopologyException | RuntimeException e) {
              LOG.warn(
                  "reloading metadata of cluster {} failed (attempt {}): {}; retrying",
                  clusterName,
                  attempt + 1,
                  e.getMessage());
              scheduleReload(attempt + 1);
            }
          });
    } catch (RejectedExecutionException shuttingDown) {
      LOG.debug("not reloading: topology is closing");
    }
  }

  /**
   * Stops applying changes and ends the watch.
   *
   * @return false when the cache was already closed
   */
  boolean close() {
    AutoCloseable w;
    synchronized (applyLock) {
      if (closed) {
        return false;
      }
      closed = true;
      w = watch;
      watch = null;
    }
    // Outside applyLock: the store may call the listener under its own lock while closing.
    Quietly.closeWatch(w);
    return true;
  }

  boolean isClosed() {
    return closed;
  }

  // ---------------------------------------------------------------------------------------------
  // Values learned outside the watch

  void learnShard(int shard, ShardRecord record, long modRevision) {
    learn(shards, shard, record, modRevision);
  }

  void learnNode(String nodeId, NodeRecord record, long modRevision) {
    learn(nodes, nodeId, record, modRevision);
  }

  void learnNodeDeleted(String nodeId, long revision) {
    learnDeleted(nodes, nodeId, revision);
  }

  void learnTenant(String name, TenantRecord record, long modRevision) {
    synchronized (applyLock) {
      if (modRevision > appliedRevision) {
        tenants.learn(name, record.toByteArray(), modRevision);
      }
    }
  }

  /**
   * A tenant this process wrote without caching it (a bulk import): updates the cached record or
   * tombstone of that name, if there is one, and caches nothing new.
   */
  void learnTenantIfCached(String name, byte[] record, long modRevision) {
    synchronized (applyLock) {
      if (modRevision > appliedRevision) {
        tenants.applyEvent(name, record, modRevision);
      }
    }
  }

  void learnTenantDeleted(String name, long revision) {
    synchronized (applyLock) {
      if (revision > appliedRevision) {
        tenants.learn(name, null, revision);
      }
    }
  }

  void learnMove(int shard, MoveRecord record, long modRevision) {
    learn(moves, shard, record, modRevision);
  }

  void learnFreeze(int shard, FreezeRecord record, long modRevision) {
    learn(freezes, shard, record, modRevision);
  }

  void learnFreezeDeleted(int shard, long revision) {
    learnDeleted(freezes, shard, revision);
  }

  void learnDrain(String nodeId, DrainRecord record, long modRevision) {
    learn(drains, nodeId, record, modRevision);
  }

  void learnDrainDeleted(String nodeId, long revision) {
    learnDeleted(drains, nodeId, revision);
  }

  /**
   * Applies a value learned outside the watch (read-through or own write) if the watch is behind.
   */
  private <K, V> void learn(Map<K, Versioned<V>> cache, K key, V value, long modRevision) {
    synchronized (applyLock) {
      if (modRevision > appliedRevision) {
        putIfNewer(cache, key, new Versioned<>(value, modRevision));
      }
    }
  }

  /**
   * Applies this process's own delete at {@code revision}, as a tombstone until the watch passes.
   */
  private <K, V> void learnDeleted(Map<K, Versioned<V>> cache, K key, long revision) {
    synchronized (applyLock) {
      if (revision > appliedRevision) {
        putIfNewer(cache, key, new Versioned<>(null, revision));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  Optional<ShardRecord> shard(int shard) {
    return cached(shards, shard);
  }

  Optional<ShardRecord> refreshShard(int shard) throws TopologyException {
    Optional<Entry> entry = store.get(keys.shard(shard));
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    ShardRecord record = Records.parse(entry.get(), ShardRecord.parser());
    learn(shards, shard, record, entry.get().modRevision());
    return Optional.of(record);
  }

  List<ShardRecord> shards() {
    return values(shards, Comparator.comparingInt(ShardRecord::getShard));
  }

  List<NodeRecord> nodes() {
    return values(nodes, Comparator.comparing(NodeRecord::getId));
  }

  Optional<NodeRecord> node(String nodeId) {
    return cached(nodes, nodeId);
  }

  /** A tenant from the cache, else read from the store (and cached if the watch allows). */
  Optional<TenantRecord> tenant(String name) throws TopologyException {
    Optional<Optional<TenantRecord>> cached = tenants.get(name);
    if (cached.isPresent()) {
      return cached.get();
    }
    MetaStore.Read read = store.read(keys.tenant(name));
    if (read.entry().isEmpty()) {
      return Optional.empty();
    }
    Entry entry = read.entry().get();
    TenantRecord record = Records.parse(entry, TenantRecord.parser());
    synchronized (applyLock) {
      if (!closed) {
        tenants.offerRead(
            name, entry.value(), entry.modRevision(), read.revision(), appliedRevision);
      }
    }
    return Optional.of(record);
  }

  Optional<TenantRecord> cachedTenant(String name) {
    return tenants.get(name).flatMap(t -> t);
  }

  /** Tenants cached now (for tests and the benchmark's accounting). */
  long cachedTenants() {
    return tenants.size();
  }

  Optional<UserRecord> adminUser() throws TopologyException {
    Versioned<UserRecord> v = admin.get("");
    if (v != null && v.value() != null) {
      return Optional.of(v.value());
    }
    Optional<Entry> entry = store.get(keys.admin());
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    UserRecord record = Records.parse(entry.get(), UserRecord.parser());
    learn(admin, "", record, entry.get().modRevision());
    return Optional.of(record);
  }

  List<MoveRecord> moves() {
    return values(moves, Comparator.comparingInt(MoveRecord::getShard));
  }

  Optional<MoveRecord> move(int shard) {
    return cached(moves, shard);
  }

  Optional<FreezeRecord> freeze(int shard) {
    return cached(freezes, shard);
  }

  Optional<FreezeRecord> refreshFreeze(int shard) throws TopologyException {
    Optional<Entry> entry = store.get(keys.freeze(shard));
    if (entry.isEmpty()) {
      // Not applied to the cache: without the deletion's revision a tombstone could hide a newer
      // freeze; the watch delivers the delete.
      return Optional.empty();
    }
    FreezeRecord record = Records.parse(entry.get(), FreezeRecord.parser());
    learn(freezes, shard, record, entry.get().modRevision());
    return Optional.of(record);
  }

  Set<String> drainingNodes() {
    Set<String> out = new TreeSet<>();
    drains.forEach(
        (id, v) -> {
          if (v.value() != null) {
            out.add(id);
          }
        });
    return Set.copyOf(out);
  }

  private static <T> List<T> values(Map<?, Versioned<T>> cache, Comparator<T> order) {
    List<T> out = new ArrayList<>(cache.size());
    for (Versioned<T> v : cache.values()) {
      if (v.value() != null) {
        out.add(v.value());
      }
    }
    out.sort(order);
    return List.copyOf(out);
  }

  private static <K, T> Optional<T> cached(Map<K, Versioned<T>> cache, K key) {
    Versioned<T> v = cache.get(key);
    return v == null ? Optional.empty() : Optional.ofNullable(v.value());
  }
}
