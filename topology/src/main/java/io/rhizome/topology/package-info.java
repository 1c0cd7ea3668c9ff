/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * The cluster map: which shard a tenant lives on, which node owns each shard, which nodes are live.
 *
 * <h2>Structure</h2>
 *
 * <pre>
 *   Topology (interface) ── Topologies.etcd / .embedded
 *       └─ CachedTopology      one implementation: checks arguments, owns the lifecycle
 *              ├─ VersionedCache     watched map (all but tenants) + read-through
 *              │    └─ TenantCache   bounded cache of the tenants this process looked up
 *              ├─ TenantWrites       tenant create (with shard placement) / drop transactions
 *              ├─ TenantImports      bulk import: many tenants per transaction
 *              ├─ TenantListing      paged listing, count, "is the shard shared", from the store
 *              ├─ ReplicaWrites      replica sets: followers placed, dropped, promoted (CAS)
 *              ├─ NodeRegistrations  lease-bound node keys, re-registered when a lease is lost
 *              ├─ RetryScheduler     the one background thread, with backoff
 *              └─ MetaStore          small revisioned KV SPI (get, list, txn, watch, leases)
 *                   ├─ EtcdMetaStore    jetcd
 *                   └─ SqliteMetaStore  &lt;dataDir&gt;/meta.db, one process (meta.lock)
 * </pre>
 *
 * <p>Why one cache over a KV SPI rather than two Topology implementations: the hard parts (cluster
 * creation races, shard assignment, cache invalidation, resync) are then written and tested once,
 * and the embedded store only has to mimic etcd's revision model, which SQLite does in a few
 * statements. The whole behavioural test suite runs against both backends.
 *
 * <h2>Key layout</h2>
 *
 * All keys of a cluster live under {@code /rhizome/<cluster>/} (cluster names follow the tenant
 * name rule, so one cluster's prefix is never a prefix of another's). Values are the protobuf
 * records of {@code rhizome.proto}, with {@code format = 1}.
 *
 * <pre>
 *   /rhizome/&lt;cluster&gt;/cluster            ClusterRecord  written once, at creation
 *   /rhizome/&lt;cluster&gt;/cluster-creating   (pid text)     lease-bound claim while one process creates
 *   /rhizome/&lt;cluster&gt;/admin              UserRecord     admin console user, written with the cluster
 *   /rhizome/&lt;cluster&gt;/shards/&lt;NNNNN&gt;     ShardRecord    5-digit zero-padded shard; absent = unassigned;
 *                                                  numbers from the shard count up are private shards
 *   /rhizome/&lt;cluster&gt;/nodes/&lt;id&gt;         NodeRecord     lease-bound: gone when the node dies
 *   /rhizome/&lt;cluster&gt;/moves/&lt;NNNNN&gt;      MoveRecord     the shard's current or last move
 *   /rhizome/&lt;cluster&gt;/freezes/&lt;NNNNN&gt;    FreezeRecord   lease-bound to the mover: source commits nothing
 *   /rhizome/&lt;cluster&gt;/drains/&lt;id&gt;        DrainRecord    node takes no new shards; survives restarts
 *   /rhizome/&lt;cluster&gt;/relocations/&lt;NNNNN&gt;/&lt;tenant&gt;  (name)  a tenant is relocating out of / into the shard
 *   /rhizome/&lt;cluster&gt;/tenants/&lt;name&gt;     TenantRecord   name per TenantNames; sorts after every other kind
 * </pre>
 *
 * <h2>Decisions</h2>
 *
 * <ul>
 *   <li><b>Cluster creation</b> takes the lease-bound {@code cluster-creating} claim first (a
 *       transaction requiring both it and {@code cluster} absent), then asks the bootstrap for the
 *       admin user and writes cluster + admin in one transaction. So the admin supplier runs at
 *       most once however many processes start together, and a creator that dies frees the claim
 *       when its lease expires. Losers watch the {@code cluster} prefix until the record appears.
 *       An {@link IllegalStateException} from the supplier (no admin password given) propagates
 *       unchanged, for the operator, and releases the claim. A shard count that differs from the
 *       stored one is ignored (logged).
 *   <li><b>Tenant creation</b> is one transaction: tenant key absent, and when its shard has no
 *       record, shard key absent plus the chosen owner's node key unchanged, putting the tenant and
 *       the shard (epoch 1). Owner: the live, non-draining node with the fewest shards, lowest id
 *       on a tie. Live nodes are read from the store, not the cache: a node may have registered a
 *       moment ago, and the transaction needs the node key's current revision. A lost race is
 *       retried ({@link TenantWrites#WRITE_ATTEMPTS} times, then CONFLICT). Invalid names throw
 *       {@link IllegalArgumentException}.
 *   <li><b>Tenants are not all in memory</b>: a process holds the map (shards, nodes, moves,
 *       freezes, drains, admin: small whatever the tenant count) and a bounded cache of the tenants
 *       it looked up ({@link TenantCache}, Caffeine, 100,000 by default), read through from the
 *       store on a miss and kept current by the same watch. So start-up loads one key range that
 *       excludes the tenants ({@code tenants/} sorts last), memory does not grow with the cluster,
 *       and listings, counts and bulk imports go to the store a page or a batch at a time. A value
 *       read from the store is cached only if the watch has applied nothing newer than the read's
 *       revision: the watch skips tenants that are not cached, so an older read could otherwise
 *       hide a change it skipped. A tenant found absent is not cached (it may be created a moment
 *       later elsewhere); a reload after lost events clears the tenant cache.
 *   <li><b>Relocation marks</b>: beginRelocation writes {@code relocations/<from>/<tenant>} and
 *       {@code relocations/<to>/<tenant>} in its transaction and completeRelocation deletes them,
 *       so startMove checks a shard's marks (one small range read) instead of every tenant record.
 *   <li><b>Cache</b>: load the map's range at revision R, watch the whole prefix from R+1. Each
 *       cached value carries its mod revision; values learned outside the watch (read-through, own
 *       writes) apply only when newer than what the watch has applied, own deletes leave a
 *       tombstone until the watch passes them. When a watch reports that events may be lost (etcd
 *       compaction, the client closing the watch, an embedded watcher overflowing its bounded
 *       queue) the cache reloads and re-watches, with backoff while the store is unreachable;
 *       meanwhile reads keep serving the last known map (invariant 4).
 *   <li><b>Node registration</b> puts the node key under a lease (etcd: TTL 10 s, kept alive by
 *       jetcd). The put is unconditional, so a node restarting after a crash takes its id back at
 *       once. Keep-alive failures are logged (first at WARN, recovery at INFO); a lease that is
 *       lost anyway makes the node register again with a new lease. {@code close()} revokes.
 *   <li><b>Embedded leases</b> have no TTL: no other process can observe the store (exclusive
 *       {@code meta.lock}; a second opener fails with UNAVAILABLE "data dir in use"), so a lease
 *       lives while the process does, and lease-bound keys a crashed process left are deleted on
 *       the next open.
 *   <li><b>Shard moves</b> ({@link MoveWrites}): one move record per shard key, so two moves of a
 *       shard can never overlap (a new one compares the old one finished). The freeze is a
 *       lease-bound record written with the move's FROZEN phase in one transaction that compares
 *       the placement; the flip compares placement, freeze (at the revision the mover wrote it) and
 *       move record, then writes placement (destination, epoch + 1) and phase CLEANUP and deletes
 *       the freeze; the source's thaw deletes the freeze only while it still owns the shard at the
 *       epoch. So "flip" and "source writes again" exclude each other, and a dead mover's freeze
 *       ends with its lease. Cancelling a move that holds no freeze finishes it at once.
 *   <li><b>Replica sets</b> ({@link ReplicaSets}, docs/replication.md): the shard record names the
 *       primary, its epoch and its followers ({@code IN_SYNC} or {@code CATCHING_UP}, each with the
 *       epoch it follows). A shard assigned at creation gets {@code RF - 1} in-sync followers in
 *       the same transaction ({@link ReplicaPlacement}: other live non-draining nodes, other zones
 *       first, least loaded); their node keys are not compared, since a follower that died a moment
 *       earlier is handled like one that dies a moment later (the primary drops it). Every change
 *       of the followers compares the primary's placement, so a primary that was replaced gets
 *       FENCED; a promotion compares the record as read and bumps the epoch, so one promotion per
 *       epoch wins. A move's flip keeps the other followers but makes them catch up (the
 *       destination's files are copies, not the source's WAL history).
 *   <li><b>Timeouts and retries</b>: every etcd call waits at most 5 s and then fails UNAVAILABLE.
 *       Reads retry on UNAVAILABLE within that budget; writes never retry (their outcome is unknown
 *       after a failure), so a createTenant that timed out may have happened.
 * </ul>
 */
package io.rhizome.topology;
