/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import io.grpc.Channel;
import io.rhizome.node.move.PeerChannels;
import io.rhizome.node.store.TenantStore;
import io.rhizome.proto.NodeRecord;
import io.rhizome.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.SQLiteConnection;

/** What the primary's replicators of a node share. */
final class ReplicaContext {
  private final String nodeId;
  private final Topology topology;
  private final TenantStore store;
  private final PeerChannels peers;
  private final ReplicationSettings settings;
  private final Checkpoints checkpoints;
  private volatile ArchiveSink archive = ArchiveSink.NONE;
  private final AtomicLong snapshotsSent = new AtomicLong();

  ReplicaContext(
      String nodeId,
      Topology topology,
      TenantStore store,
      PeerChannels peers,
      ReplicationSettings settings,
      Checkpoints checkpoints) {
    this.nodeId = nodeId;
    this.topology = topology;
    this.store = store;
    this.peers = peers;
    this.settings = settings;
    this.checkpoints = checkpoints;
  }

  String nodeId() {
    return nodeId;
  }

  Topology topology() {
    return topology;
  }

  ReplicationSettings settings() {
    return settings;
  }

  Checkpoints checkpoints() {
    return checkpoints;
  }

  ArchiveSink archive() {
    return archive;
  }

  void archive(ArchiveSink sink) {
    this.archive = sink;
  }

  /** Counts a tenant snapshot sent to a follower. */
  void snapshotSent() {
    snapshotsSent.incrementAndGet();
  }

  /** Tenant snapshots this node's primaries sent to followers since it started. */
  long snapshotsSent() {
    return snapshotsSent.get();
  }

  Path db(int shard, String tenant) {
    return store.tenantFile(shard, tenant);
  }

  Path wal(int shard, String tenant) {
    return TenantStore.walFile(db(shard, tenant));
  }

  /** A connection to the tenant's file (the node's own checkpoint settings applied). */
  SQLiteConnection open(int shard, String tenant) throws SQLException {
    try {
      return store.open(shard, tenant);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether a commit's WAL must be synced here before it is acknowledged: the store is FULL, and
   * the connections of replicated shards leave that sync to the node.
   */
  boolean syncsCommits() {
    return store.syncsCommits();
  }

  Set<String> tenantsOnDisk(int shard) throws IOException {
    return store.tenantsOfShard(shard);
  }

  /** The channel to a node by its registration's address. */
  Channel channelTo(String node) {
    NodeRecord record =
        topology
            .node(node)
            .orElseThrow(() -> new IllegalStateException("node " + node + " is not live"));
    return peers.channel(record.getAddress());
  }
}
