/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.rhizome.proto.ClusterRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.MetaStore.Compare;
import io.rhizome.topology.MetaStore.Entry;
import io.rhizome.topology.MetaStore.Event;
import io.rhizome.topology.MetaStore.Lease;
import io.rhizome.topology.MetaStore.Put;
import io.rhizome.topology.MetaStore.Snapshot;
import io.rhizome.topology.MetaStore.Txn;
import io.rhizome.topology.MetaStore.TxnResult;
import io.rhizome.topology.TopologyException.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link Topology}: a watched in-memory copy of the cluster's keys over a {@link
 * MetaStore}. Reads are map lookups; the store is consulted only by the documented read-through
 * methods and by writes.
 *
 * <p>Cache consistency: every cached value carries the store revision it was written at. The watch
 * delivers changes in revision order and records the highest revision it applied; a value learned
 * outside the watch (a read-through or this process's own write) is applied only when it is newer
 * than that, so it can never overwrite a later change the watch already delivered. A delete made by
 * this process leaves a tombstone until the watch catches up, so an older put still in flight on
 * the watch cannot resurrect the record.
 */
final class CachedTopology implements Topology {
  private static final Logger LOG = LoggerFactory.getLogger(CachedTopology.class);

  static final int RECORD_FORMAT = 1;

  /** Attempts of a compare-and-set write that keeps losing races before it reports CONFLICT. */
  static final int WRITE_ATTEMPTS = 5;

  private static final long BACKOFF_START_MS = 100;
  private static final long BACKOFF_MAX_MS = 5_000;

  /**
   * How long close waits for a running reload or re-registration. Their store calls end on the
   * interrupt, so this is only slack; the scheduler's thread is a daemon either way.
   */
  private static final long SCHEDULER_STOP_MS = 1_000;

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** A cached value and the store revision it was written at; a null value is a tombstone. */
  private record Versioned<T>(T value, long modRevision) {}

  private final MetaStore store;
  private final KeyLayout keys;
  private final ClusterRecord cluster;
  private final ScheduledExecutorService scheduler;

  private final Map<Integer, Versioned<ShardRecord>> shards = new ConcurrentHashMap<>();
  private final Map<String, Versioned<NodeRecord>> nodes = new ConcurrentHashMap<>();
  private final Map<String, Versioned<TenantRecord>> tenants = new ConcurrentHashMap<>();

  /** At most one entry, under "": a map so the admin shares the versioned-update code. */
  private final Map<String, Versioned<UserRecord>> admin = new ConcurrentHashMap<>();

  private final Set<Registration> registrations = ConcurrentHashMap.newKeySet();

  /** Serialises every cache mutation (watch events, reloads, read-throughs, own writes). */
  private final Object applyLock = new Object();

  /** Highest revision the current watch (or the last load) has applied. */
  private long appliedRevision;

  /** Bumped on every reload, so a replaced watch's late events are ignored. */
  private long watchGeneration;

  private AutoCloseable watch;
  private volatile boolean closed;

  private CachedTopology(MetaStore store, KeyLayout keys, ClusterRecord cluster) {
    this.store = store;
    this.keys = keys;
    this.cluster = cluster;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rhizome-topology-" + cluster.getName());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Creates the cluster if absent, loads the cache and starts the watch. Takes ownership of {@code
   * store}: it is closed if opening fails.
   */
  static CachedTopology open(MetaStore store, ClusterBootstrap bootstrap) throws TopologyException {
    CachedTopology topology = null;
    try {
      if (!TenantNames.isValid(bootstrap.clusterName())) {
        throw new IllegalArgumentException(
            "invalid cluster name: use 1-63 characters of a-z, 0-9, '_' or '-', starting with a"
                + " letter or digit");
      }
      KeyLayout keys = new KeyLayout(bootstrap.clusterName());
      ClusterRecord cluster = ClusterCreation.ensure(store, keys, bootstrap);
      if (!TenantHashing.isSupported(cluster.getHashVersion())) {
        throw new TopologyException(
            Reason.INCOMPATIBLE,
            "cluster "
                + cluster.getName()
                + " uses tenant hash version "
                + cluster.getHashVersion()
                + ", which this version of Rhizome does not know; upgrade it");
      }
      if (cluster.getShardCount() != bootstrap.shardCount()) {
        LOG.info(
            "cluster {} exists with {} shards; the requested shard count {} applies only when"
                + " creating a cluster",
            cluster.getName(),
            cluster.getShardCount(),
            bootstrap.shardCount());
      }
      topology = new CachedTopology(store, keys, cluster);
      topology.reload();
      return topology;
    } catch (TopologyException | RuntimeException e) {
      if (topology != null) {
        topology.close();
      } else {
        store.close();
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Cache maintenance

  /** Loads every key of the cluster and (re)starts the watch just after the loaded revision. */
  private void reload() throws TopologyException {
    Snapshot snapshot = store.list(keys.root());
    synchronized (applyLock) {
      if (closed) {
        return;
      }
      closeWatch(watch);
      watchGeneration++;
      long r = snapshot.revision();
      Map<Integer, Versioned<ShardRecord>> loadedShards = new HashMap<>();
      Map<String, Versioned<NodeRecord>> loadedNodes = new HashMap<>();
      Map<String, Versioned<TenantRecord>> loadedTenants = new HashMap<>();
      Map<String, Versioned<UserRecord>> loadedAdmin = new HashMap<>();
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
          case TENANT -> decode(e, TenantRecord.parser()).ifPresent(v -> loadedTenants.put(id, v));
          case ADMIN -> decode(e, UserRecord.parser()).ifPresent(v -> loadedAdmin.put("", v));
          case CLUSTER, CLUSTER_CREATING -> {
            // fixed at creation / only meaningful while creating
          }
        }
      }
      replaceAll(shards, loadedShards, r);
      replaceAll(nodes, loadedNodes, r);
      replaceAll(tenants, loadedTenants, r);
      replaceAll(admin, loadedAdmin, r);
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
      LOG.warn("metadata watch of cluster {} ended ({}); reloading", cluster.getName(), reason);
      scheduleReload(0);
    }
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
      case TENANT -> applyEvent(tenants, id, e, TenantRecord.parser());
      case ADMIN -> applyEvent(admin, "", e, UserRecord.parser());
      case CLUSTER, CLUSTER_CREATING -> {
        // fixed at creation / only meaningful while creating
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

  private void scheduleReload(int attempt) {
    long delay = attempt == 0 ? 0 : backoffMillis(attempt);
    try {
      scheduler.schedule(
          () -> {
            if (closed) {
              return;
            }
            try {
              reload();
              LOG.info("metadata cache of cluster {} reloaded", cluster.getName());
            } catch (TopologyException | RuntimeException e) {
              LOG.warn(
                  "reloading metadata of cluster {} failed (attempt {}): {}; retrying",
                  cluster.getName(),
                  attempt + 1,
                  e.getMessage());
              scheduleReload(attempt + 1);
            }
          },
          delay,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      LOG.debug("not reloading: topology is closing");
    }
  }

  private static long backoffMillis(int attempt) {
    return Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS << Math.min(attempt, 10));
  }

  static void closeWatch(AutoCloseable w) {
    if (w == null) {
      return;
    }
    try {
      w.close();
    } catch (Exception e) {
      LOG.warn("closing a metadata watch failed", e);
    }
  }

  static void revokeQuietly(Lease lease, String what) {
    try {
      lease.revoke();
    } catch (TopologyException e) {
      LOG.warn("could not revoke the {} lease: {}; it expires on its own", what, e.getMessage());
    }
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

  private static <T> T parse(Entry e, Parser<T> parser) throws TopologyException {
    try {
      return parser.parseFrom(e.value());
    } catch (InvalidProtocolBufferException ex) {
      throw new TopologyException(Reason.INTERNAL, "unreadable metadata record at " + e.key(), ex);
    }
  }

  private static byte[] bytes(MessageLite record) {
    return record.toByteArray();
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  @Override
  public ClusterRecord cluster() {
    return cluster;
  }

  @Override
  public int shardOf(String tenant) {
    return TenantHashing.shardOf(cluster.getHashVersion(), tenant, cluster.getShardCount());
  }

  @Override
  public Optional<ShardRecord> shard(int shard) {
    return cached(shards, shard);
  }

  @Override
  public Optional<ShardRecord> refreshShard(int shard) throws TopologyException {
    checkShard(shard);
    Optional<Entry> entry = store.get(keys.shard(shard));
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    ShardRecord record = parse(entry.get(), ShardRecord.parser());
    learn(shards, shard, record, entry.get().modRevision());
    return Optional.of(record);
  }

  @Override
  public List<ShardRecord> shards() {
    return values(shards, Comparator.comparingInt(ShardRecord::getShard));
  }

  @Override
  public List<NodeRecord> nodes() {
    return values(nodes, Comparator.comparing(NodeRecord::getId));
  }

  @Override
  public Optional<NodeRecord> node(String nodeId) {
    return cached(nodes, nodeId);
  }

  @Override
  public Optional<TenantRecord> tenant(String name) throws TopologyException {
    if (!TenantNames.isValid(name)) {
      return Optional.empty();
    }
    Versioned<TenantRecord> v = tenants.get(name);
    if (v != null) {
      return Optional.ofNullable(v.value());
    }
    Optional<Entry> entry = store.get(keys.tenant(name));
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    TenantRecord record = parse(entry.get(), TenantRecord.parser());
    learn(tenants, name, record, entry.get().modRevision());
    return Optional.of(record);
  }

  @Override
  public List<TenantRecord> tenants() {
    return values(tenants, Comparator.comparing(TenantRecord::getName));
  }

  @Override
  public Optional<UserRecord> adminUser() throws TopologyException {
    Versioned<UserRecord> v = admin.get("");
    if (v != null && v.value() != null) {
      return Optional.of(v.value());
    }
    Optional<Entry> entry = store.get(keys.admin());
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    UserRecord record = parse(entry.get(), UserRecord.parser());
    learn(admin, "", record, entry.get().modRevision());
    return Optional.of(record);
  }

  private void checkShard(int shard) {
    if (shard < 0 || shard >= cluster.getShardCount()) {
      throw new IllegalArgumentException(
          "shard " + shard + " out of range 0.." + (cluster.getShardCount() - 1));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  @Override
  public TenantRecord createTenant(String name, UserRecord firstUser) throws TopologyException {
    TenantNames.require(name);
    Objects.requireNonNull(firstUser, "firstUser");
    int shard = shardOf(name);
    String tenantKey = keys.tenant(name);
    String shardKey = keys.shard(shard);
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      if (store.get(tenantKey).isPresent()) {
        throw new TopologyException(Reason.ALREADY_EXISTS, "tenant " + name + " already exists");
      }
      TenantRecord record =
          TenantRecord.newBuilder()
              .setFormat(RECORD_FORMAT)
              .setName(name)
              .setShard(shard)
              .setCreatedUnixMs(System.currentTimeMillis())
              .addUsers(firstUser.toBuilder().setFormat(RECORD_FORMAT))
              .build();
      List<Compare> compares = new ArrayList<>(List.of(Compare.absent(tenantKey)));
      List<Put> puts = new ArrayList<>(List.of(Put.of(tenantKey, bytes(record))));
      ShardRecord assigned = null;
      if (store.get(shardKey).isEmpty()) {
        Entry owner = pickOwner(shard);
        String ownerId = owner.key().substring(keys.nodesPrefix().length());
        assigned =
            ShardRecord.newBuilder()
                .setFormat(RECORD_FORMAT)
                .setShard(shard)
                .setNodeId(ownerId)
                .setEpoch(1)
                .build();
        // The owner must still be the registration we chose: a node that left meanwhile fails it.
        compares.add(Compare.absent(shardKey));
        compares.add(new Compare(owner.key(), owner.modRevision()));
        puts.add(Put.of(shardKey, bytes(assigned)));
      }
      TxnResult result = store.txn(new Txn(compares, puts, List.of()));
      if (result.succeeded()) {
        learn(tenants, name, record, result.revision());
        if (assigned != null) {
          learn(shards, shard, assigned, result.revision());
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
    throw new TopologyException(
        Reason.CONFLICT,
        "creating tenant " + name + " lost " + WRITE_ATTEMPTS + " races in a row; try again");
  }

  /**
   * The live node with the fewest shards (ties: lowest id), read from the store rather than the
   * cache: a node may have registered a moment ago, and the transaction compares the node's key so
   * it needs its current revision. Draining nodes get no new shards.
   */
  private Entry pickOwner(int shard) throws TopologyException {
    Map<String, Integer> load = new HashMap<>();
    for (ShardRecord s : shards()) {
      load.merge(s.getNodeId(), 1, Integer::sum);
    }
    Entry best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (Entry e : store.list(keys.nodesPrefix()).entries()) {
      NodeRecord node = parse(e, NodeRecord.parser());
      if (node.getState() == NodeState.NODE_DRAINING) {
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

  @Override
  public Optional<TenantRecord> dropTenant(String name) throws TopologyException {
    TenantNames.require(name);
    String tenantKey = keys.tenant(name);
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      Optional<Entry> entry = store.get(tenantKey);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      TenantRecord record = parse(entry.get(), TenantRecord.parser());
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(new Compare(tenantKey, entry.get().modRevision())),
                  List.of(),
                  List.of(tenantKey)));
      if (result.succeeded()) {
        learnDeleted(tenants, name, result.revision());
        LOG.info("dropped tenant {} (shard {})", name, record.getShard());
        return Optional.of(record);
      }
    }
    throw new TopologyException(
        Reason.CONFLICT,
        "dropping tenant " + name + " lost " + WRITE_ATTEMPTS + " races in a row; try again");
  }

  @Override
  public NodeRegistration registerNode(NodeRecord node) throws TopologyException {
    Objects.requireNonNull(node, "node");
    if (!NODE_ID.matcher(node.getId()).matches()) {
      throw new IllegalArgumentException(
          "invalid node id: use 1-128 characters of A-Z, a-z, 0-9, '_', '.' or '-', starting with"
              + " a letter or digit");
    }
    NodeRecord record =
        node.getFormat() == 0 ? node.toBuilder().setFormat(RECORD_FORMAT).build() : node;
    Registration registration = new Registration(record);
    registration.register();
    registrations.add(registration);
    return registration;
  }

  /**
   * A node's key under a lease. The put is unconditional so a node restarting after a crash takes
   * its id back at once instead of waiting for the dead process's lease to expire. If the lease is
   * lost anyway (a partition longer than the TTL), the node registers again with a new lease.
   */
  private final class Registration implements NodeRegistration, MetaStore.LeaseLostListener {
    private final NodeRecord record;
    private final String key;
    private Lease lease;
    private boolean released;

    Registration(NodeRecord record) {
      this.record = record;
      this.key = keys.node(record.getId());
    }

    void register() throws TopologyException {
      Lease fresh = store.grantLease(this);
      TxnResult result;
      try {
        result =
            store.txn(
                new Txn(List.of(), List.of(new Put(key, bytes(record), fresh.id())), List.of()));
      } catch (TopologyException | RuntimeException e) {
        revokeQuietly(fresh, "node " + record.getId());
        throw e;
      }
      boolean stale;
      synchronized (this) {
        stale = released;
        if (!stale) {
          lease = fresh;
        }
      }
      if (stale) {
        // Outside the monitor: close() must not wait on a store call made here.
        revokeQuietly(fresh, "node " + record.getId());
        return;
      }
      learn(nodes, record.getId(), record, result.revision());
      LOG.info("node {} registered at {}", record.getId(), record.getAddress());
    }

    @Override
    public void onLeaseLost(long leaseId, String reason) {
      synchronized (this) {
        if (released || lease == null || lease.id() != leaseId) {
          return;
        }
        lease = null;
      }
      LOG.warn(
          "node {} lost its registration lease ({}); registering again", record.getId(), reason);
      scheduleRegister(0);
    }

    private void scheduleRegister(int attempt) {
      try {
        scheduler.schedule(
            () -> {
              synchronized (this) {
                if (released || closed) {
                  return;
                }
              }
              try {
                register();
              } catch (TopologyException | RuntimeException e) {
                LOG.warn(
                    "registering node {} again failed (attempt {}): {}; retrying",
                    record.getId(),
                    attempt + 1,
                    e.getMessage());
                scheduleRegister(attempt + 1);
              }
            },
            attempt == 0 ? 0 : backoffMillis(attempt),
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        LOG.debug("not registering node {} again: topology is closing", record.getId());
      }
    }

    @Override
    public void close() {
      release(true);
    }

    /**
     * Ends the registration, revoking its lease when {@code revoke} (else the lease is left to
     * expire).
     *
     * @return false when a lease was left to expire because the store did not answer (or, with
     *     {@code revoke} false, was not asked)
     */
    boolean release(boolean revoke) {
      Lease held;
      synchronized (this) {
        if (released) {
          return true;
        }
        released = true;
        held = lease;
        lease = null;
      }
      registrations.remove(this);
      if (held == null) {
        return true;
      }
      if (!revoke) {
        LOG.warn(
            "not revoking the lease of node {}: the store is unreachable; it leaves the map when"
                + " the lease expires",
            record.getId());
        return false;
      }
      try {
        long revision = held.revoke();
        if (revision > 0) {
          learnDeleted(nodes, record.getId(), revision);
        }
        LOG.info("node {} deregistered", record.getId());
        return true;
      } catch (TopologyException e) {
        LOG.warn(
            "could not revoke the lease of node {}: {}; it leaves the map when the lease expires",
            record.getId(),
            e.getMessage());
        return e.reason() != Reason.UNAVAILABLE;
      }
    }
  }

  /**
   * Stops the watch and background work, revokes the leases of registrations still open and closes
   * the store. Bounded whatever the store's state: once one revoke goes unanswered, the remaining
   * leases are left to expire rather than each waiting in turn.
   */
  @Override
  public void close() {
    AutoCloseable w;
    synchronized (applyLock) {
      if (closed) {
        return;
      }
      closed = true;
      w = watch;
      watch = null;
    }
    // Outside applyLock: the store may call the listener under its own lock while closing.
    closeWatch(w);
    // Before revoking, so no re-registration grants a new lease behind the revokes.
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(SCHEDULER_STOP_MS, TimeUnit.MILLISECONDS)) {
        LOG.warn("topology scheduler did not stop within {} ms", SCHEDULER_STOP_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean storeAnswers = true;
    for (Registration r : List.copyOf(registrations)) {
      storeAnswers = r.release(storeAnswers) && storeAnswers;
    }
    store.close();
  }
}
