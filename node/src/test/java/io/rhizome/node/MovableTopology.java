/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import io.rhizome.proto.ClusterRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.NodeRegistration;
import io.rhizome.topology.TenantImport;
import io.rhizome.topology.TenantPage;
import io.rhizome.topology.TenantPlacement;
import io.rhizome.topology.TenantQuery;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The real embedded topology, except that a test can move a shard to another owner at once: the
 * node's write fence and the gateway's re-routing only need the placement to change, not a move's
 * copy, freeze and flip. Shared with the gateway's tests through the node's test jar.
 */
public final class MovableTopology implements Topology {
  private final Topology real;
  private final Map<Integer, ShardRecord> moved = new ConcurrentHashMap<>();

  public MovableTopology(Topology real) {
    this.real = real;
  }

  public void move(int shard, String nodeId, long epoch) {
    moved.put(
        shard,
        ShardRecord.newBuilder()
            .setFormat(1)
            .setShard(shard)
            .setNodeId(nodeId)
            .setEpoch(epoch)
            .build());
  }

  @Override
  public Optional<ShardRecord> shard(int shard) {
    ShardRecord record = moved.get(shard);
    return record != null ? Optional.of(record) : real.shard(shard);
  }

  @Override
  public Optional<ShardRecord> refreshShard(int shard) throws TopologyException {
    ShardRecord record = moved.get(shard);
    return record != null ? Optional.of(record) : real.refreshShard(shard);
  }

  @Override
  public ClusterRecord cluster() {
    return real.cluster();
  }

  @Override
  public int shardOf(String tenant) {
    return real.shardOf(tenant);
  }

  @Override
  public List<ShardRecord> shards() {
    return real.shards();
  }

  @Override
  public List<NodeRecord> nodes() {
    return real.nodes();
  }

  @Override
  public Optional<NodeRecord> node(String nodeId) {
    return real.node(nodeId);
  }

  @Override
  public Optional<TenantRecord> tenant(String name) throws TopologyException {
    return real.tenant(name);
  }

  @Override
  public TenantPage tenants(TenantQuery query) throws TopologyException {
    return real.tenants(query);
  }

  @Override
  public long tenantCount() throws TopologyException {
    return real.tenantCount();
  }

  @Override
  public boolean sharesShard(TenantRecord tenant) throws TopologyException {
    return real.sharesShard(tenant);
  }

  @Override
  public List<TenantImport.Result> importTenants(List<TenantImport> tenants)
      throws TopologyException {
    return real.importTenants(tenants);
  }

  @Override
  public TenantRecord createTenant(String name, UserRecord firstUser, TenantPlacement placement)
      throws TopologyException {
    return real.createTenant(name, firstUser, placement);
  }

  @Override
  public Optional<TenantRecord> dropTenant(String name) throws TopologyException {
    return real.dropTenant(name);
  }

  @Override
  public TenantRecord updateTenant(String name, UnaryOperator<TenantRecord> change)
      throws TopologyException {
    return real.updateTenant(name, change);
  }

  @Override
  public Optional<TenantRecord> cachedTenant(String name) {
    return real.cachedTenant(name);
  }

  @Override
  public TenantRecord beginRelocation(String name) throws TopologyException {
    return real.beginRelocation(name);
  }

  @Override
  public TenantRecord completeRelocation(String name, int toShard) throws TopologyException {
    return real.completeRelocation(name, toShard);
  }

  @Override
  public Optional<UserRecord> adminUser() throws TopologyException {
    return real.adminUser();
  }

  @Override
  public NodeRegistration registerNode(NodeRecord node) throws TopologyException {
    return real.registerNode(node);
  }

  @Override
  public void close() {
    real.close();
  }

  @Override
  public java.util.List<io.rhizome.proto.MoveRecord> moves() {
    return real.moves();
  }

  @Override
  public Optional<io.rhizome.proto.MoveRecord> move(int shard) {
    return real.move(shard);
  }

  @Override
  public io.rhizome.proto.MoveRecord startMove(int shard, String toNode, String reason)
      throws TopologyException {
    return real.startMove(shard, toNode, reason);
  }

  @Override
  public io.rhizome.proto.MoveRecord updateMove(
      int shard, String id, UnaryOperator<io.rhizome.proto.MoveRecord> change)
      throws TopologyException {
    return real.updateMove(shard, id, change);
  }

  @Override
  public io.rhizome.proto.MoveRecord cancelMove(String id) throws TopologyException {
    return real.cancelMove(id);
  }

  @Override
  public Optional<io.rhizome.proto.FreezeRecord> freeze(int shard) {
    return real.freeze(shard);
  }

  @Override
  public Optional<io.rhizome.proto.FreezeRecord> refreshFreeze(int shard) throws TopologyException {
    return real.refreshFreeze(shard);
  }

  @Override
  public Freeze freezeShard(io.rhizome.proto.MoveRecord move) throws TopologyException {
    return real.freezeShard(move);
  }

  @Override
  public boolean thawShard(int shard, String nodeId, long epoch) throws TopologyException {
    return real.thawShard(shard, nodeId, epoch);
  }

  @Override
  public ShardRecord flipShard(io.rhizome.proto.MoveRecord move, Freeze freeze)
      throws TopologyException {
    return real.flipShard(move, freeze);
  }

  @Override
  public io.rhizome.topology.ReplicaSets replicaSets() {
    return real.replicaSets();
  }

  @Override
  public java.util.Set<String> drainingNodes() {
    return real.drainingNodes();
  }

  @Override
  public void setDraining(String nodeId, boolean draining) throws TopologyException {
    real.setDraining(nodeId, draining);
  }

  @Override
  public io.rhizome.topology.TopologyHealth health() {
    return real.health();
  }
}
