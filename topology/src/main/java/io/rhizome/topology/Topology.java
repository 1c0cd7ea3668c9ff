/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.ClusterRecord;
import io.rhizome.proto.FreezeRecord;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  /**
   * The highest shard number: shard keys and shard directories are 5-digit zero-padded. Hashed
   * shards are 0 to shard count - 1; private shards (one tenant each) take the numbers above.
   */
  int MAX_SHARD = 65535;

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

  /**
   * A tenant from the cache, read through from the store on a cache miss. The cache holds the
   * tenants this process looked up lately (bounded, kept current by the watch), not every tenant:
   * this is the lookup for session open and admin paths, never for the per-query path.
   */
  Optional<TenantRecord> tenant(String name) throws TopologyException;

  /**
   * A tenant from the cache only, never reading the store (for event loops): empty on a miss,
   * including a tenant the cache has not seen yet or no longer holds.
   */
  Optional<TenantRecord> cachedTenant(String name);

  /** One page of tenants in name order, read from the store (never from the cache). */
  TenantPage tenants(TenantQuery query) throws TopologyException;

  /** How many tenants the cluster has, counted by the store. */
  long tenantCount() throws TopologyException;

  /**
   * Whether another tenant lives on {@code tenant}'s shard, read from the store. Cheap when the
   * shard is shared by many (the usual case) or private; a tenant alone on a hashed shard costs a
   * scan of the tenant records.
   */
  boolean sharesShard(TenantRecord tenant) throws TopologyException;

  /** Most tenants one {@link #importTenants} call takes. */
  int MAX_IMPORT = 10_000;

  /**
   * Bulk import: creates each tenant that does not exist with its users (on the shard its name
   * hashes to, assigning the shard as {@link #createTenant(String, UserRecord)} does), and adds to
   * each tenant that exists the users it lacks; users that exist are left as they are. Written in
   * transactions of many tenants each (each all or nothing); when the call fails midway, the
   * transactions before the failure stand, and calling again with the same tenants finishes the
   * job. Imported tenants do not enter this process's tenant cache.
   *
   * @param tenants distinct names, at most {@link #MAX_IMPORT}
   * @return one result per tenant, in the order given
   * @throws TopologyException {@code NO_LIVE_NODES} when a new shard needs an owner and no node can
   *     take it; {@code CONFLICT} after repeated lost races
   */
  List<TenantImport.Result> importTenants(List<TenantImport> tenants) throws TopologyException;

  /**
   * Creates a tenant with its first user. If the tenant's shard has no owner yet, it is assigned to
   * the live node holding the fewest shards, in the same transaction.
   *
   * @throws TopologyException {@code ALREADY_EXISTS} when the tenant exists, {@code NO_LIVE_NODES}
   *     when its shard needs an owner and no node is live
   */
  default TenantRecord createTenant(String name, UserRecord firstUser) throws TopologyException {
    return createTenant(name, firstUser, TenantPlacement.hashed());
  }

  /**
   * Creates a tenant with its first user, placed as {@code placement} says. A hashed tenant is
   * created as by {@link #createTenant(String, UserRecord)}. A tenant with its own shard gets the
   * lowest shard number from the shard count up that has no placement record, assigned to the given
   * node or else the least loaded one, in the same transaction as the tenant.
   *
   * @throws TopologyException {@code ALREADY_EXISTS} when the tenant exists; {@code NOT_FOUND} when
   *     the given node is not live; {@code FAILED_PRECONDITION} when it is draining or every shard
   *     number up to {@link #MAX_SHARD} is taken; {@code NO_LIVE_NODES} when no node can take the
   *     shard
   */
  TenantRecord createTenant(String name, UserRecord firstUser, TenantPlacement placement)
      throws TopologyException;

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

  /**
   * Starts moving a tenant's files onto a new private shard on its shard's owner (MOVE TENANT of a
   * tenant that shares its shard): one transaction assigns the lowest free private shard to the
   * owner at epoch 1 and sets the tenant's {@code relocating_to_shard} to it. Nothing may open the
   * tenant's files until the owner has renamed them and called {@link #completeRelocation}.
   * Idempotent: a tenant already relocating is returned as it is.
   *
   * @throws TopologyException NOT_FOUND when there is no such tenant or its shard has no owner;
   *     ALREADY_EXISTS when its shard has an unfinished move; FAILED_PRECONDITION when no private
   *     shard number is free
   */
  TenantRecord beginRelocation(String name) throws TopologyException;

  /**
   * Records a relocated tenant on {@code toShard} and clears its relocation; idempotent when the
   * tenant is already there.
   *
   * @throws TopologyException NOT_FOUND when there is no such tenant; FAILED_PRECONDITION when it
   *     is not relocating to {@code toShard}
   */
  TenantRecord completeRelocation(String name, int toShard) throws TopologyException;

  /** The cluster admin user (SCRAM verifier), read through on a cache miss. */
  Optional<UserRecord> adminUser() throws TopologyException;

  /**
   * Registers a node as live. The registration holds a lease that is kept alive until {@link
   * NodeRegistration#close()}; if the process dies the lease expires and the node disappears from
   * {@link #nodes()}.
   */
  NodeRegistration registerNode(NodeRecord node) throws TopologyException;

  // ---------------------------------------------------------------------------------------------
  // Shard moves (docs/operations.md): the move record, the freeze and the flip.

  /** Every shard's current or last move, from the cache, ordered by shard. */
  List<MoveRecord> moves();

  /** The shard's current or last move, from the cache. */
  Optional<MoveRecord> move(int shard);

  /**
   * Records a new move of {@code shard} from its current placement to {@code toNode}, in phase
   * COPYING, with a fresh id. One transaction, comparing the shard's placement and move record as
   * read.
   *
   * @param reason "operator", "drain" or "rebalance"
   * @throws TopologyException NOT_FOUND when the shard has no owner or {@code toNode} is not live;
   *     ALREADY_EXISTS when the shard has an unfinished move; FAILED_PRECONDITION when {@code
   *     toNode} already owns the shard or is draining, or a tenant is being relocated out of or
   *     into the shard ({@link #beginRelocation})
   */
  MoveRecord startMove(int shard, String toNode, String reason) throws TopologyException;

  /**
   * Changes the shard's move record as one compare-and-set write ({@code change} may run again
   * after a lost race). It must keep id, shard, nodes and epoch, and must not set a phase the flip
   * owns (only {@link #flipShard} enters CLEANUP).
   *
   * @throws TopologyException NOT_FOUND when the shard's record is not move {@code id}
   */
  MoveRecord updateMove(int shard, String id, UnaryOperator<MoveRecord> change)
      throws TopologyException;

  /**
   * Asks for move {@code id} to be cancelled (sets cancel_requested; the mover rolls back).
   *
   * @throws TopologyException NOT_FOUND for an unknown id; FAILED_PRECONDITION when the move has
   *     finished or already flipped (past the flip a move completes)
   */
  MoveRecord cancelMove(String id) throws TopologyException;

  /** The shard's freeze, from the cache. */
  Optional<FreezeRecord> freeze(int shard);

  /** The shard's freeze read through from the store (and refreshed in the cache). */
  Optional<FreezeRecord> refreshFreeze(int shard) throws TopologyException;

  /**
   * Writes the shard's FreezeRecord for {@code move}, bound to a new lease this process keeps alive
   * until {@link Freeze#close()}: if the process dies the freeze ends within the lease TTL. One
   * transaction requiring the shard still at (from_node, from_epoch) and no freeze.
   *
   * @throws TopologyException FAILED_PRECONDITION when the placement changed or a freeze exists
   */
  Freeze freezeShard(MoveRecord move) throws TopologyException;

  /**
   * The source's side of ending a freeze: deletes the shard's FreezeRecord (if any) in one
   * transaction that requires the shard still at ({@code nodeId}, {@code epoch}). After it succeeds
   * no flip of that freeze can happen.
   *
   * @return true when the node still owns the shard (it may serve writes again); false when the
   *     shard's placement changed (the node must stay fenced)
   */
  boolean thawShard(int shard, String nodeId, long epoch) throws TopologyException;

  /**
   * The flip, one transaction: requires the shard still at (from_node, from_epoch), the freeze
   * record still the one {@code freeze} wrote, and the move record unchanged and not cancelled;
   * writes placement (to_node, from_epoch + 1) and the move record in phase CLEANUP, and deletes
   * the freeze.
   *
   * @return the new placement
   * @throws TopologyException FAILED_PRECONDITION when any requirement fails (nothing is written)
   */
  ShardRecord flipShard(MoveRecord move, Freeze freeze) throws TopologyException;

  /** A freeze this process holds (see {@link #freezeShard}). */
  interface Freeze extends AutoCloseable {
    FreezeRecord record();

    /** The move record as the freeze wrote it (phase FROZEN). */
    MoveRecord move();

    /** The store revision the record was written at: the flip compares it. */
    long modRevision();

    /** Releases the lease (deleting the record if it is still there); idempotent. */
    @Override
    void close();
  }

  // ---------------------------------------------------------------------------------------------
  // Replica sets (docs/replication.md)

  /** The followers of each shard and the changes the primary and a promotion make to them. */
  ReplicaSets replicaSets();

  // ---------------------------------------------------------------------------------------------
  // Drains

  /** Nodes marked draining (DrainRecord), from the cache: they take no new shards. */
  Set<String> drainingNodes();

  /** Marks a node draining or not (idempotent). The node need not be live. */
  void setDraining(String nodeId, boolean draining) throws TopologyException;

  /** How this process's view of the map is doing (watch restarts, store errors), for metrics. */
  default TopologyHealth health() {
    return TopologyHealth.NONE;
  }

  /** Stops watches and releases store connections. */
  @Override
  void close();
}
