/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rhizome.gateway.GatewayServer;
import io.rhizome.gateway.pg.session.GatewayMetrics;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.SqlStateClasses;
import io.rhizome.topology.Topology;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The gateway's meters in a Micrometer registry, exported as {@code rhizome_gateway_*}, and the
 * cluster as this gateway's map shows it ({@code rhizome_cluster_*}: every gateway exports the same
 * figures; alert on their maximum). Label values come from fixed sets (SQLSTATE classes of the
 * {@link SqlState} table, move phases), resolved into meter references here once.
 */
public final class GatewayMeters implements GatewayMetrics {
  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter refused;
  private final Counter opened;
  private final Counter authFailures;
  private final SqlStateClasses<Counter> startupFailures;
  private final SqlStateClasses<Counter> sessionFailures;

  public GatewayMeters(MeterRegistry registry) {
    this.registry = registry;
    accepted =
        Counter.builder("rhizome.gateway.connections.accepted")
            .description("Client connections accepted within the connection limit")
            .register(registry);
    refused =
        Counter.builder("rhizome.gateway.connections.refused")
            .description("Client connections turned away beyond the connection limit (53300)")
            .register(registry);
    opened =
        Counter.builder("rhizome.gateway.sessions.opened")
            .description("Client sessions signed in and opened on their node or the console")
            .register(registry);
    authFailures =
        Counter.builder("rhizome.gateway.auth.failures")
            .description("Sign-ins refused for a wrong password or an unknown user (28P01)")
            .register(registry);
    startupFailures = failures(registry, "startup");
    sessionFailures = failures(registry, "session");
  }

  private static SqlStateClasses<Counter> failures(MeterRegistry registry, String phase) {
    return new SqlStateClasses<>(
        sqlClass ->
            Counter.builder("rhizome.gateway.session.failures")
                .description(
                    "Client sessions ended by a FATAL error, by phase (startup: before the session"
                        + " opened) and SQLSTATE class")
                .tag("phase", phase)
                .tag("class", sqlClass)
                .register(registry));
  }

  @Override
  public void connectionAccepted() {
    accepted.increment();
  }

  @Override
  public void connectionRefused() {
    refused.increment();
  }

  @Override
  public void sessionOpened() {
    opened.increment();
  }

  @Override
  public void sessionFailed(boolean established, SqlState state) {
    (established ? sessionFailures : startupFailures).of(state.code()).increment();
    if (state == SqlState.INVALID_PASSWORD) {
      authFailures.increment();
    }
  }

  /** Adds the meters read when the registry is scraped: connections, readiness, the cluster map. */
  public void bind(GatewayServer gateway, Topology topology) {
    Gauge.builder("rhizome.gateway.connections", gateway, GatewayServer::openConnections)
        .description("Client connections open now")
        .register(registry);
    Gauge.builder("rhizome.gateway.ready", gateway, g -> g.ready() ? 1 : 0)
        .description("1 while the gateway takes new sessions")
        .register(registry);
    bindCluster(registry, topology);
  }

  /** The cluster as the map of this process shows it. */
  public static void bindCluster(MeterRegistry registry, Topology topology) {
    Gauge.builder("rhizome.cluster.nodes", topology, t -> t.nodes().size())
        .description("Nodes registered as live (holding their lease)")
        .register(registry);
    Gauge.builder("rhizome.cluster.nodes.draining", topology, t -> t.drainingNodes().size())
        .description("Nodes marked draining")
        .register(registry);
    Gauge.builder("rhizome.cluster.shards.assigned", topology, t -> t.shards().size())
        .description("Shards with an owner in the cluster map")
        .register(registry);
    Gauge.builder("rhizome.cluster.shards.without.live.owner", topology, GatewayMeters::orphans)
        .description("Shards whose owner is not a live node: their tenants cannot be served")
        .register(registry);
    for (MovePhase phase :
        new MovePhase[] {MovePhase.MOVE_COPYING, MovePhase.MOVE_FROZEN, MovePhase.MOVE_CLEANUP}) {
      Gauge.builder("rhizome.cluster.shard.moves", topology, t -> inPhase(t, phase))
          .description("Shard moves in progress, by phase")
          .tag("phase", phase.name().substring("MOVE_".length()).toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  private static double orphans(Topology topology) {
    Set<String> live = new HashSet<>();
    for (NodeRecord node : topology.nodes()) {
      live.add(node.getId());
    }
    long count = 0;
    for (ShardRecord shard : topology.shards()) {
      if (!live.contains(shard.getNodeId())) {
        count++;
      }
    }
    return count;
  }

  private static double inPhase(Topology topology, MovePhase phase) {
    long count = 0;
    for (MoveRecord move : topology.moves()) {
      if (move.getPhase() == phase) {
        count++;
      }
    }
    return count;
  }
}
