/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rhizome.node.NodeServer;
import io.rhizome.node.rpc.FigureSet;
import io.rhizome.node.rpc.Figures;
import io.rhizome.node.rpc.NodeMetrics;
import io.rhizome.node.rpc.NodeServices;
import io.rhizome.node.rpc.SessionMetrics;
import io.rhizome.proto.FollowerLag;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.ShardReplicaStatus;
import io.rhizome.proto.SqlState;
import io.rhizome.topology.Topology;
import java.util.function.ToDoubleFunction;

/**
 * The node's meters in a Micrometer registry, exported as {@code rhizome_node_*}. Every label value
 * comes from a fixed set (statement kinds, SQLSTATE classes of the {@link SqlState} table, refusal
 * reasons). Nothing is recorded here per request: statements, rows, bytes, errors and the request
 * latency histogram's buckets are the sessions' own plain counters, summed when the registry is
 * scraped ({@link FigureSet}; the process exports the histogram itself), as are the figures the
 * node keeps anyway (sessions, statement slots, the handle cache).
 */
public final class NodeMeters implements NodeMetrics {
  /** Why a session open was refused. */
  enum Refusal {
    TOO_MANY_SESSIONS,
    UNKNOWN_DATABASE,
    WRONG_SERVER,
    UNAVAILABLE,
    OTHER;

    final String label = name().toLowerCase(java.util.Locale.ROOT);

    static Refusal of(io.rhizome.proto.Error error) {
      if (error.hasWrongDbServer()) {
        return WRONG_SERVER;
      }
      String state = error.getSqlstate();
      if (SqlState.TOO_MANY_CONNECTIONS.code().equals(state)) {
        return TOO_MANY_SESSIONS;
      }
      if (SqlState.INVALID_CATALOG_NAME.code().equals(state)) {
        return UNKNOWN_DATABASE;
      }
      if (SqlState.CANNOT_CONNECT_NOW.code().equals(state)) {
        return UNAVAILABLE;
      }
      return OTHER;
    }
  }

  private final Counter sessionsOpened;
  private final Counter[] refusals = new Counter[Refusal.values().length];
  private final MeterRegistry registry;

  public NodeMeters(MeterRegistry registry) {
    this.registry = registry;
    sessionsOpened =
        Counter.builder("rhizome.node.sessions.opened")
            .description("Sessions opened on this node")
            .register(registry);
    for (Refusal r : Refusal.values()) {
      refusals[r.ordinal()] =
          Counter.builder("rhizome.node.sessions.refused")
              .description("Session opens refused, by reason")
              .tag("reason", r.label)
              .register(registry);
    }
  }

  @Override
  public void sessionOpened() {
    sessionsOpened.increment();
  }

  @Override
  public void sessionRefused(io.rhizome.proto.Error error) {
    refusals[Refusal.of(error).ordinal()].increment();
  }

  /**
   * Adds the meters read from the running node when the registry is scraped: sessions, statement
   * slots and queue, flow control, the SQLite handle cache, frozen shards and the moves this node
   * carries out.
   */
  public void bind(NodeServer node, Topology topology, String nodeId) {
    NodeServices services = node.services();
    SessionMetrics sessions = node.metrics();
    FigureSet figures = services.tenantStats().node();
    for (Figures.Kind kind : Figures.Kind.values()) {
      FunctionCounter.builder("rhizome.node.statements", figures, f -> f.total(Figures.kind(kind)))
          .description("Statements completed, by kind")
          .tag("kind", kind.label)
          .register(registry);
    }
    for (String sqlClass : Figures.errorClasses()) {
      int index = Figures.errorClassLabel(sqlClass);
      FunctionCounter.builder("rhizome.node.statement.errors", figures, f -> f.total(index))
          .description("Statements failed, by SQLSTATE class")
          .tag("class", sqlClass)
          .register(registry);
    }
    figure(
        figures,
        "rhizome.node.busy.timeouts",
        "Statements that waited out the busy timeout for a tenant's lock (55P03)",
        Figures.BUSY_TIMEOUTS);
    figure(figures, "rhizome.node.rows.sent", "Result rows sent to gateways", Figures.ROWS);
    FunctionCounter.builder(
            "rhizome.node.requests",
            figures,
            f -> f.total(Figures.REQUESTS) - f.total(Figures.REQUESTS_FAILED))
        .description(
            "Requests (a Query message, or an extended-query run up to Sync), by outcome: error"
                + " when a statement of it failed")
        .tag("outcome", "ok")
        .register(registry);
    FunctionCounter.builder("rhizome.node.requests", figures, f -> f.total(Figures.REQUESTS_FAILED))
        .description(
            "Requests (a Query message, or an extended-query run up to Sync), by outcome: error"
                + " when a statement of it failed")
        .tag("outcome", "error")
        .register(registry);
    FunctionCounter.builder("rhizome.node.result", figures, f -> f.total(Figures.BYTES))
        .baseUnit("bytes")
        .description("Size of the result rows sent to gateways")
        .register(registry);
    gauge("rhizome.node.sessions", "Sessions open now", services, NodeServices::openSessions);
    gauge(
        "rhizome.node.statement.slots.busy",
        "Requests holding a statement slot now",
        services,
        NodeServices::runningRequests);
    gauge(
        "rhizome.node.statement.queue",
        "Requests waiting for a statement slot now",
        services,
        NodeServices::queuedRequests);
    counter(
        "rhizome.node.statement.queued",
        "Requests that had to wait for a statement slot",
        sessions,
        SessionMetrics::requestsQueued);
    counter(
        "rhizome.node.statement.rejected",
        "Requests refused (53000) because the statement slots and their queue were full",
        sessions,
        SessionMetrics::requestsRefused);
    counter(
        "rhizome.node.row.batches",
        "Row batches handed to gRPC",
        sessions,
        SessionMetrics::rowBatchesSent);
    counter(
        "rhizome.node.flow.control.pauses",
        "Times a query parked because its gateway was not ready for more rows",
        sessions,
        SessionMetrics::flowControlPauses);
    gauge("rhizome.node.handles.open", "SQLite handles open", node, n -> n.handleStats().open());
    gauge(
        "rhizome.node.handles.leased",
        "SQLite handles in use by a session",
        node,
        n -> n.handleStats().leased());
    counter(
        "rhizome.node.handles.opened",
        "Tenant databases opened cold (a handle cache miss)",
        node,
        n -> n.handleStats().opened());
    counter(
        "rhizome.node.handles.reused",
        "Sessions served by a cached handle (a handle cache hit)",
        node,
        n -> n.handleStats().reused());
    counter(
        "rhizome.node.handles.evicted",
        "Idle handles closed to make room for another tenant",
        node,
        n -> n.handleStats().evicted());
    counter(
        "rhizome.node.handles.idle.closed",
        "Idle handles closed after the idle timeout",
        node,
        n -> n.handleStats().idleClosed());
    counter(
        "rhizome.node.commits.synced",
        "Commits of shards with one copy made durable by a sync of their tenant's WAL",
        node,
        n -> n.groupCommit().commits());
    counter(
        "rhizome.node.wal.syncs",
        "Syncs of tenants' WALs for those commits: fewer when concurrent commits shared one",
        node,
        n -> n.groupCommit().syncs());
    gauge(
        "rhizome.node.shards.frozen",
        "Shards whose writes are frozen here for a move",
        node,
        n -> n.frozenShards().size());
    gauge(
        "rhizome.node.shards.owned",
        "Shards this node owns in the cluster map",
        topology,
        t -> t.shards().stream().filter(s -> nodeId.equals(s.getNodeId())).count());
    for (MovePhase phase :
        new MovePhase[] {MovePhase.MOVE_COPYING, MovePhase.MOVE_FROZEN, MovePhase.MOVE_CLEANUP}) {
      String label = phase.name().substring("MOVE_".length()).toLowerCase(java.util.Locale.ROOT);
      Gauge.builder(
              "rhizome.node.shard.moves",
              topology,
              t -> t.moves().stream().filter(m -> inbound(m, nodeId, phase)).count())
          .description("Shard moves in progress with this node as their destination, by phase")
          .tag("phase", label)
          .register(registry);
    }
    gauge(
        "rhizome.node.ready", "1 while the node takes new sessions", node, n -> n.ready() ? 1 : 0);
    replicas(node);
  }

  /**
   * Replication and archive figures of the shards this node is the primary of
   * (docs/replication.md), asked of the node when the registry is scraped.
   */
  private void replicas(NodeServer node) {
    Gauge.builder(
            "rhizome.node.replica.lag",
            node,
            n -> followers(n).mapToLong(FollowerLag::getBytesBehind).sum())
        .baseUnit("bytes")
        .description("WAL bytes the followers of this node's shards lack, summed")
        .register(registry);
    gauge(
        "rhizome.node.replica.tenants.behind",
        "Tenants whose copy on a follower is not at the primary's last shipped commit, summed over"
            + " followers",
        node,
        n -> followers(n).mapToLong(FollowerLag::getTenantsBehind).sum());
    counter(
        "rhizome.node.replica.snapshots",
        "Tenant snapshots this node sent to followers (a follower whose copy could not be streamed"
            + " to from its position)",
        node,
        n -> n.replicaStatus().getSnapshotsSent());
    gauge(
        "rhizome.node.replica.followers.disconnected",
        "Followers of this node's shards it has no replication stream to now",
        node,
        n -> followers(n).filter(f -> !f.getConnected()).count());
    Gauge.builder(
            "rhizome.node.archive.lag",
            node,
            n ->
                n.replicaStatus().getShardsList().stream()
                        .mapToLong(ShardReplicaStatus::getArchiveLagMs)
                        .max()
                        .orElse(0)
                    / 1000.0)
        .baseUnit("seconds")
        .description("Age of the oldest commit not yet in the archive (0 when all are, or none)")
        .register(registry);
  }

  private static java.util.stream.Stream<FollowerLag> followers(NodeServer node) {
    return node.replicaStatus().getShardsList().stream()
        .flatMap(s -> s.getFollowersList().stream());
  }

  private void figure(FigureSet figures, String name, String help, int figure) {
    FunctionCounter.builder(name, figures, f -> f.total(figure))
        .description(help)
        .register(registry);
  }

  private static boolean inbound(MoveRecord move, String nodeId, MovePhase phase) {
    return move.getPhase() == phase && nodeId.equals(move.getToNode());
  }

  private <T> void gauge(String name, String help, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(help).register(registry);
  }

  private <T> void counter(String name, String help, T source, ToDoubleFunction<T> value) {
    FunctionCounter.builder(name, source, value).description(help).register(registry);
  }
}
