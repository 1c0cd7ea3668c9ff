/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rhizome.node.NodeServer;
import io.rhizome.node.rpc.NodeMetrics;
import io.rhizome.node.rpc.NodeServices;
import io.rhizome.node.rpc.SessionMetrics;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.SqlStateClasses;
import io.rhizome.topology.Topology;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The node's meters in a Micrometer registry, exported as {@code rhizome_node_*}. Every label value
 * comes from a fixed set (statement kinds, SQLSTATE classes of the {@link SqlState} table, refusal
 * reasons), resolved into meter references here once: the per-statement methods only index arrays
 * and add to counters. Figures the node keeps anyway (sessions, statement slots, the handle cache)
 * are read when the registry is scraped, not counted twice.
 */
public final class NodeMeters implements NodeMetrics {
  /** Latency buckets: a point query is tens of microseconds; the statement timeout is a minute. */
  static final Duration[] REQUEST_BUCKETS = {
    Duration.ofNanos(50_000),
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofNanos(2_500_000),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  /** Statement kinds, by their command tag. */
  enum Kind {
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    TRANSACTION,
    OTHER;

    final String label = name().toLowerCase(java.util.Locale.ROOT);

    static Kind of(String tag) {
      if (tag.isEmpty()) {
        return OTHER;
      }
      return switch (tag.charAt(0)) {
        case 'S' ->
            tag.startsWith("SELECT") ? SELECT : tag.startsWith("SAVEPOINT") ? TRANSACTION : OTHER;
        case 'I' -> tag.startsWith("INSERT") ? INSERT : OTHER;
        case 'U' -> tag.startsWith("UPDATE") ? UPDATE : OTHER;
        case 'D' -> tag.startsWith("DELETE") ? DELETE : OTHER;
        case 'B' -> tag.startsWith("BEGIN") ? TRANSACTION : OTHER;
        case 'C' -> tag.startsWith("COMMIT") ? TRANSACTION : OTHER;
        case 'R' -> tag.startsWith("ROLLBACK") || tag.startsWith("RELEASE") ? TRANSACTION : OTHER;
        default -> OTHER;
      };
    }
  }

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
  private final Counter[] statements = new Counter[Kind.values().length];
  private final SqlStateClasses<Counter> errors;
  private final Counter busyTimeouts;
  private final Counter rows;
  private final Counter bytes;
  private final Timer requestsOk;
  private final Timer requestsFailed;
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
    for (Kind k : Kind.values()) {
      statements[k.ordinal()] =
          Counter.builder("rhizome.node.statements")
              .description("Statements completed, by kind")
              .tag("kind", k.label)
              .register(registry);
    }
    errors =
        new SqlStateClasses<>(
            sqlClass ->
                Counter.builder("rhizome.node.statement.errors")
                    .description("Statements failed, by SQLSTATE class")
                    .tag("class", sqlClass)
                    .register(registry));
    busyTimeouts =
        Counter.builder("rhizome.node.busy.timeouts")
            .description("Statements that waited out the busy timeout for a tenant's lock (55P03)")
            .register(registry);
    rows =
        Counter.builder("rhizome.node.rows.sent")
            .description("Result rows sent to gateways")
            .register(registry);
    bytes =
        Counter.builder("rhizome.node.result")
            .baseUnit("bytes")
            .description("Size of the result rows sent to gateways")
            .register(registry);
    requestsOk = requestTimer(registry, "ok");
    requestsFailed = requestTimer(registry, "error");
  }

  private static Timer requestTimer(MeterRegistry registry, String outcome) {
    return Timer.builder("rhizome.node.request.duration")
        .description(
            "Requests (a Query message, or an extended-query run up to Sync) from arrival to Ready,"
                + " waiting for a statement slot included")
        .tag("outcome", outcome)
        .serviceLevelObjectives(REQUEST_BUCKETS)
        .register(registry);
  }

  @Override
  public void sessionOpened() {
    sessionsOpened.increment();
  }

  @Override
  public void sessionRefused(io.rhizome.proto.Error error) {
    refusals[Refusal.of(error).ordinal()].increment();
  }

  @Override
  public void statementCompleted(String tag) {
    statements[Kind.of(tag).ordinal()].increment();
  }

  @Override
  public void statementFailed(String sqlstate) {
    errors.of(sqlstate).increment();
    if (sqlstate.equals(SqlState.LOCK_NOT_AVAILABLE.code())) {
      busyTimeouts.increment();
    }
  }

  @Override
  public void rowsSent(int count, int size) {
    rows.increment(count);
    bytes.increment(size);
  }

  @Override
  public void requestFinished(long nanos, boolean failed) {
    (failed ? requestsFailed : requestsOk).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Adds the meters read from the running node when the registry is scraped: sessions, statement
   * slots and queue, flow control, the SQLite handle cache, frozen shards and the moves this node
   * carries out.
   */
  public void bind(NodeServer node, Topology topology, String nodeId) {
    NodeServices services = node.services();
    SessionMetrics sessions = node.metrics();
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
