/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.ClusterRecord;
import io.rhizome.proto.FreezeRecord;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.TopologyException.Reason;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link Topology}: a watched in-memory copy of the cluster's keys over a {@link
 * MetaStore}. Reads are map lookups; the store is consulted only by the documented read-through
 * methods and by writes.
 *
 * <p>This class checks arguments and owns the lifecycle; the work is done by the {@link
 * VersionedCache} (reads, and how values learned outside the watch stay consistent with it), {@link
 * TenantWrites} (tenant creation with shard placement, and drop) and {@link NodeRegistrations}
 * (leases), which share one {@link RetryScheduler} for their background retries.
 */
final class CachedTopology implements Topology {
  private static final Logger LOG = LoggerFactory.getLogger(CachedTopology.class);

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final MetaStore store;
  private final ClusterRecord cluster;
  private final RetryScheduler retries;
  private final VersionedCache cache;
  private final TenantWrites tenantWrites;
  private final MoveWrites moveWrites;
  private final NodeRegistrations registrations;
  private final TenantListing listing;
  private final TenantImports imports;
  private final ReplicaWrites replicas;

  private CachedTopology(
      MetaStore store, KeyLayout keys, ClusterRecord cluster, long tenantCacheSize) {
    this.store = store;
    this.cluster = cluster;
    this.retries = new RetryScheduler(cluster.getName());
    this.cache = new VersionedCache(store, keys, cluster.getName(), retries, tenantCacheSize);
    this.replicas = new ReplicaWrites(store, keys, cache, cluster);
    int factor = ReplicaWrites.clusterFactor(cluster);
    this.tenantWrites = new TenantWrites(store, keys, cache, replicas, factor);
    this.listing = new TenantListing(store, keys);
    this.imports = new TenantImports(store, keys, cache, this::shardOf, replicas, factor);
    this.moveWrites = new MoveWrites(store, keys, cache, tenantWrites);
    this.registrations = new NodeRegistrations(store, keys, cache, retries);
  }

  /**
   * Creates the cluster if absent, loads the cache and starts the watch. Takes ownership of {@code
   * store}: it is closed if opening fails.
   */
  static CachedTopology open(MetaStore store, ClusterBootstrap bootstrap) throws TopologyException {
    return open(store, bootstrap, TenantCache.DEFAULT_MAXIMUM);
  }

  /** As {@link #open(MetaStore, ClusterBootstrap)}, caching at most {@code tenantCacheSize}. */
  static CachedTopology open(MetaStore store, ClusterBootstrap bootstrap, long tenantCacheSize)
      throws TopologyException {
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
      if (bootstrap.authMethod() != AuthMethod.AUTH_METHOD_UNSPECIFIED
          && bootstrap.authMethod() != AuthMethods.of(cluster)) {
        // Refused rather than warned about: serving another method than the operator asked for
        // could mean cleartext passwords where SCRAM was expected.
        throw new TopologyException(
            Reason.INCOMPATIBLE,
            "cluster "
                + cluster.getName()
                + " was created with auth method "
                + AuthMethods.pgName(AuthMethods.of(cluster))
                + ", not "
                + AuthMethods.pgName(bootstrap.authMethod())
                + "; the auth method applies only when creating a cluster (leave it out to join)");
      }
      if (ReplicaWrites.clusterFactor(cluster) != bootstrap.replicationFactor()) {
        LOG.info(
            "cluster {} exists with replication factor {}; the requested factor {} applies only"
                + " when creating a cluster",
            cluster.getName(),
            ReplicaWrites.clusterFactor(cluster),
            bootstrap.replicationFactor());
      }
      if (cluster.getShardCount() != bootstrap.shardCount()) {
        LOG.info(
            "cluster {} exists with {} shards; the requested shard count {} applies only when"
                + " creating a cluster",
            cluster.getName(),
            cluster.getShardCount(),
            bootstrap.shardCount());
      }
      topology = new CachedTopology(store, keys, cluster, tenantCacheSize);
      topology.cache.reload();
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
    return cache.shard(shard);
  }

  @Override
  public Optional<ShardRecord> refreshShard(int shard) throws TopologyException {
    checkShard(shard);
    return cache.refreshShard(shard);
  }

  @Override
  public List<ShardRecord> shards() {
    return cache.shards();
  }

  @Override
  public TopologyHealth health() {
    return new TopologyHealth(cache.appliedRevision(), cache.watchRestarts(), store.failedCalls());
  }

  @Override
  public List<NodeRecord> nodes() {
    return cache.nodes();
  }

  @Override
  public Optional<NodeRecord> node(String nodeId) {
    return cache.node(nodeId);
  }

  @Override
  public Optional<TenantRecord> tenant(String name) throws TopologyException {
    if (!TenantNames.isValid(name)) {
      return Optional.empty();
    }
    return cache.tenant(name);
  }

  @Override
  public Optional<TenantRecord> cachedTenant(String name) {
    return cache.cachedTenant(name);
  }

  @Override
  public TenantPage tenants(TenantQuery query) throws TopologyException {
    return listing.page(Objects.requireNonNull(query, "query"));
  }

  @Override
  public long tenantCount() throws TopologyException {
    return listing.count();
  }

  @Override
  public boolean sharesShard(TenantRecord tenant) throws TopologyException {
    // A private shard (numbered from the shard count up) is given to one tenant and never reused.
    return tenant.getShard() < cluster.getShardCount()
        && listing.anotherTenantOn(tenant.getShard(), tenant.getName());
  }

  /** The store this topology reads and writes (tests share it between two topologies). */
  MetaStore store() {
    return store;
  }

  /** Tenants in this process's cache now. */
  long cachedTenants() {
    return cache.cachedTenants();
  }

  @Override
  public Optional<UserRecord> adminUser() throws TopologyException {
    return cache.adminUser();
  }

  /** Hashed shards and private shards (numbered from the shard count up) alike. */
  private static void checkShard(int shard) {
    if (shard < 0 || shard > MAX_SHARD) {
      throw new IllegalArgumentException("shard " + shard + " out of range 0.." + MAX_SHARD);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  @Override
  public TenantRecord createTenant(String name, UserRecord firstUser, TenantPlacement placement)
      throws TopologyException {
    TenantNames.require(name);
    Objects.requireNonNull(firstUser, "firstUser");
    Objects.requireNonNull(placement, "placement");
    if (!placement.privateShard()) {
      return tenantWrites.create(name, firstUser, shardOf(name));
    }
    placement.node().ifPresent(CachedTopology::requireNodeId);
    return tenantWrites.createOnOwnShard(
        name,
        firstUser,
        cluster.getShardCount(),
        placement.node().orElse(null),
        placement.replicationFactor());
  }

  @Override
  public ReplicaSets replicaSets() {
    return replicas;
  }

  @Override
  public List<TenantImport.Result> importTenants(List<TenantImport> tenants)
      throws TopologyException {
    Objects.requireNonNull(tenants, "tenants");
    if (tenants.size() > MAX_IMPORT) {
      throw new IllegalArgumentException("at most " + MAX_IMPORT + " tenants per import call");
    }
    return imports.run(tenants);
  }

  @Override
  public Optional<TenantRecord> dropTenant(String name) throws TopologyException {
    TenantNames.require(name);
    return tenantWrites.drop(name);
  }

  @Override
  public TenantRecord updateTenant(String name, UnaryOperator<TenantRecord> change)
      throws TopologyException {
    TenantNames.require(name);
    Objects.requireNonNull(change, "change");
    return tenantWrites.update(name, change);
  }

  @Override
  public TenantRecord beginRelocation(String name) throws TopologyException {
    TenantNames.require(name);
    return tenantWrites.beginRelocation(name, cluster.getShardCount());
  }

  @Override
  public TenantRecord completeRelocation(String name, int toShard) throws TopologyException {
    TenantNames.require(name);
    checkShard(toShard);
    return tenantWrites.completeRelocation(name, toShard);
  }

  @Override
  public NodeRegistration registerNode(NodeRecord node) throws TopologyException {
    Objects.requireNonNull(node, "node");
    if (!NODE_ID.matcher(node.getId()).matches()) {
      throw new IllegalArgumentException(
          "invalid node id: use 1-128 characters of A-Z, a-z, 0-9, '_', '.' or '-', starting with"
              + " a letter or digit");
    }
    return registrations.register(node);
  }

  // ---------------------------------------------------------------------------------------------
  // Shard moves

  @Override
  public List<MoveRecord> moves() {
    return cache.moves();
  }

  @Override
  public Optional<MoveRecord> move(int shard) {
    return cache.move(shard);
  }

  @Override
  public MoveRecord startMove(int shard, String toNode, String reason) throws TopologyException {
    checkShard(shard);
    requireNodeId(toNode);
    Objects.requireNonNull(reason, "reason");
    return moveWrites.start(shard, toNode, reason);
  }

  @Override
  public MoveRecord updateMove(int shard, String id, UnaryOperator<MoveRecord> change)
      throws TopologyException {
    checkShard(shard);
    Objects.requireNonNull(change, "change");
    return moveWrites.update(shard, id, change);
  }

  @Override
  public MoveRecord cancelMove(String id) throws TopologyException {
    Objects.requireNonNull(id, "id");
    return moveWrites.cancel(id);
  }

  @Override
  public Optional<FreezeRecord> freeze(int shard) {
    return cache.freeze(shard);
  }

  @Override
  public Optional<FreezeRecord> refreshFreeze(int shard) throws TopologyException {
    checkShard(shard);
    return cache.refreshFreeze(shard);
  }

  @Override
  public Freeze freezeShard(MoveRecord move) throws TopologyException {
    checkShard(move.getShard());
    return moveWrites.freeze(move);
  }

  @Override
  public boolean thawShard(int shard, String nodeId, long epoch) throws TopologyException {
    checkShard(shard);
    return moveWrites.thaw(shard, nodeId, epoch);
  }

  @Override
  public ShardRecord flipShard(MoveRecord move, Freeze freeze) throws TopologyException {
    checkShard(move.getShard());
    Objects.requireNonNull(freeze, "freeze");
    return moveWrites.flip(move, freeze);
  }

  @Override
  public Set<String> drainingNodes() {
    return cache.drainingNodes();
  }

  @Override
  public void setDraining(String nodeId, boolean draining) throws TopologyException {
    requireNodeId(nodeId);
    moveWrites.setDraining(nodeId, draining);
  }

  private static void requireNodeId(String nodeId) {
    if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
      throw new IllegalArgumentException("invalid node id: " + nodeId);
    }
  }

  /**
   * Stops the watch and background work, revokes the leases of registrations still open and closes
   * the store. Bounded whatever the store's state: once one revoke goes unanswered, the remaining
   * leases are left to expire rather than each waiting in turn.
   */
  @Override
  public void close() {
    if (!cache.close()) {
      return;
    }
    // Before revoking, so no re-registration grants a new lease behind the revokes.
    retries.stop();
    registrations.releaseAll();
    store.close();
  }
}
