/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.rhizome.cli.HostPort;
import io.rhizome.gateway.GatewayServer;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.metrics.GatewayMeters;
import io.rhizome.gateway.metrics.InstrumentedNodeChannels;
import io.rhizome.gateway.pg.session.GatewayMetrics;
import io.rhizome.node.NodeServer;
import io.rhizome.node.metrics.NodeMeters;
import io.rhizome.node.rpc.NodeMetrics;
import io.rhizome.topology.Topology;
import java.io.IOException;

/**
 * What a server process exposes to its operator: the admin endpoint and the meters behind /metrics,
 * or nothing at all when {@code --admin-listen} is not given (then every meter is a no-op and the
 * per-statement hooks cost one call each).
 */
final class Observability {
  private final ProcessMetrics metrics;
  private final NodeMeters nodeMeters;
  private final GatewayMeters gatewayMeters;

  private Observability(ProcessMetrics metrics) {
    this.metrics = metrics;
    this.nodeMeters = metrics == null ? null : new NodeMeters(metrics.registry());
    this.gatewayMeters = metrics == null ? null : new GatewayMeters(metrics.registry());
  }

  /**
   * Applies the log format, then starts the admin endpoint if asked for; it answers /readyz with
   * the runtime's readiness, so it reports 503 until the servers are up.
   */
  static Observability start(OpsOptions ops, String role, ServerRuntime runtime)
      throws IOException {
    LogSetup.apply(ops.logFormat);
    HostPort address = ops.adminAddress();
    if (address == null) {
      return new Observability(null);
    }
    ProcessMetrics metrics = runtime.add(new ProcessMetrics(role));
    runtime.add(AdminEndpoint.start(address.toSocketAddress(), metrics.registry(), runtime::ready));
    return new Observability(metrics);
  }

  NodeMetrics nodeMetrics() {
    return nodeMeters == null ? NodeMetrics.NONE : nodeMeters;
  }

  GatewayMetrics gatewayMetrics() {
    return gatewayMeters == null ? GatewayMetrics.NONE : gatewayMeters;
  }

  /** Counts the node's gRPC calls ({@code grpc_server_*}). */
  ServerBuilder<?> instrument(ServerBuilder<?> builder) {
    if (metrics != null) {
      builder.intercept(new MetricCollectingServerInterceptor(metrics.registry()));
    }
    return builder;
  }

  /** Counts the gateway's gRPC calls to nodes ({@code grpc_client_*}). */
  NodeChannels instrument(NodeChannels channels) {
    return metrics == null ? channels : new InstrumentedNodeChannels(channels, metrics.registry());
  }

  /** This process's view of the cluster map: applied revision, watch restarts, store errors. */
  void bindTopology(Topology topology) {
    if (metrics == null) {
      return;
    }
    Gauge.builder("rhizome.topology.revision", topology, t -> t.health().appliedRevision())
        .description(
            "Highest metadata revision this process's map has applied (compare across processes)")
        .register(metrics.registry());
    FunctionCounter.builder(
            "rhizome.topology.watch.restarts", topology, t -> t.health().watchRestarts())
        .description("Times the metadata watch ended and the map was reloaded")
        .register(metrics.registry());
    FunctionCounter.builder(
            "rhizome.topology.store.errors", topology, t -> t.health().storeErrors())
        .description("Metadata store (etcd) calls that timed out or failed")
        .register(metrics.registry());
  }

  void bindNode(NodeServer node, Topology topology, String nodeId) {
    if (nodeMeters != null) {
      nodeMeters.bind(node, topology, nodeId);
      metrics
          .registry()
          .getPrometheusRegistry()
          .register(new RequestLatency(node.services().tenantStats().node()));
    }
  }

  /** The gateway's gauges, its event loops, and the cluster as its map shows it. */
  void bindGateway(GatewayServer gateway, Topology topology) {
    if (gatewayMeters != null) {
      gatewayMeters.bind(gateway, topology);
      new NettyEventExecutorMetrics(gateway.eventLoops()).bindTo(metrics.registry());
    }
  }
}
