/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.ClusterRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The cluster map: shard count, shard placement, live nodes, tenants and their users.
 *
 * <p>Reads come from a watched in-memory cache and never touch the store on the query path. Methods
 * documented as "read through" consult the store when the cache cannot answer (a record created a
 * moment ago on another process); they are for session open and admin paths only. Writes are single
 * atomic transactions against the store.
 *
 * <p>Implementations: etcd ({@link Topologies#etcd}) and an embedded single-machine store ({@link
 * Topologies#embedded}).
 */
public interface Topology extends AutoCloseable {

  /** The cluster record; fixed at creation. */
  ClusterRecord cluster();

  /** The shard a tenant name hashes to (stable for the cluster's hash version). */
  int shardOf(String tenant);

  /** Placement of a shard from the cache; empty when the shard has never been assigned. */
  Optional<ShardRecord> shard(int shard);

  /** Placement of a shard read through from the store (and refreshed in the cache). */
  Optional<ShardRecord> refreshShard(int shard) throws TopologyException;

  /** All assigned shards, from the cache, ordered by shard number. */
  List<ShardRecord> shards();

  /** Live (lease-holding) nodes, from the cache, ordered by id. */
  List<NodeRecord> nodes();

  /** A live node by id, from the cache. */
  Optional<NodeRecord> node(String nodeId);

  /** A tenant from the cache, read through from the store on a cache miss. */
  Optional<TenantRecord> tenant(String name) throws TopologyException;

  /** All tenants, from the cache, ordered by name. */
  List<TenantRecord> tenants();

  /**
   * Creates a tenant with its first user. If the tenant's shard has no owner yet, it is assigned to
   * the live node holding the fewest shards, in the same transaction.
   *
   * @throws TopologyException {@code ALREADY_EXISTS} when the tenant exists, {@code NO_LIVE_NODES}
   *     when its shard needs an owner and no node is live
   */
  TenantRecord createTenant(String name, UserRecord firstUser) throws TopologyException;

  /**
   * Removes a tenant record.
   *
   * @return the removed record, or empty when there was none
   */
  Optional<TenantRecord> dropTenant(String name) throws TopologyException;

  /**
   * Changes a tenant record as one compare-and-set write: {@code change} gets the stored record and
   * returns the new one (it may be called again when another writer got there first). Its name and
   * shard must stay as they are.
   *
   * @return the stored record after the change
   * @throws TopologyException NOT_FOUND when there is no such tenant
   */
  TenantRecord updateTenant(String name, UnaryOperator<TenantRecord> change)
      throws TopologyException;

  /** The cluster admin user (SCRAM verifier), read through on a cache miss. */
  Optional<UserRecord> adminUser() throws TopologyException;

  /**
   * Registers a node as live. The registration holds a lease that is kept alive until {@link
   * NodeRegistration#close()}; if the process dies the lease expires and the node disappears from
   * {@link #nodes()}.
   */
  NodeRegistration registerNode(NodeRecord node) throws TopologyException;

  /** Stops watches and releases store connections. */
  @Override
  void close();
}
