/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.node.exec.SqliteErrors;
import io.rhizome.node.move.ShardWrites;
import io.rhizome.node.replica.Replication;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantStore;
import io.rhizome.topology.Topology;
import java.time.Duration;
import java.util.concurrent.Executor;

/** What every session stream of a node shares. */
record SessionEnvironment(
    String nodeId,
    Topology topology,
    Ownership ownership,
    TenantStore store,
    TenantHandles handles,
    SqliteErrors errors,
    SessionRegistry registry,
    CancelKeyTable cancelKeys,
    StatementGate gate,
    SessionMetrics metrics,
    ShardWrites writes,
    TenantRelocation relocations,
    Executor workers,
    NodeMetrics nodeMetrics,
    TenantStatsTable tenantStats,
    Duration slowStatements,
    Replication replication) {

  /** The per-statement counting of a session of {@code tenant} that just opened. */
  StatementTally tally(String tenant, int shard, SessionActivity activity) {
    TenantStats stats = tenantStats.of(tenant);
    stats.openedOn(shard);
    return new StatementTally(
        tenantStats.node(), stats, new SlowStatements(slowStatements, activity::snapshot));
  }
}
