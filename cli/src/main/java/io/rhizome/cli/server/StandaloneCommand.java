/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.grpc.inprocess.InProcessServerBuilder;
import io.rhizome.gateway.GatewayConfig;
import io.rhizome.gateway.GatewayServer;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.node.NodeServer;
import io.rhizome.node.move.PeerChannels;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Gateway and node in one process, metadata in the data directory: the one-machine default. The
 * gateway reaches the node through an in-process gRPC channel, so every layer above the metadata
 * interface runs the same code as in a cluster.
 */
@Command(
    name = "standalone",
    mixinStandardHelpOptions = true,
    description = "Run gateway and node in one process with metadata kept in the data directory.")
public final class StandaloneCommand implements Callable<Integer> {
  static final String NODE_ID = "standalone";

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "Data directory: tenant files and metadata. Created if missing.")
  Path data;

  @Mixin GatewayOptions gatewayOptions;
  @Mixin NodeOptions nodeOptions;
  @Mixin ValueLimitOption valueLimit;
  @Mixin BootstrapOptions bootstrapOptions;
  @Mixin OpsOptions ops;
  @Mixin TenantCacheOptions cacheOptions;

  @Override
  public Integer call() throws Exception {
    // Flag combinations are checked before anything starts.
    GatewayConfig gatewayConfig = valueLimit.apply(gatewayOptions.config());
    Duration grace = ops.shutdownGrace();
    Files.createDirectories(data);
    ServerRuntime runtime = new ServerRuntime();
    try {
      Observability observability = Observability.start(ops, "standalone", runtime);
      Topology topology =
          runtime.add(
              Topologies.embedded(
                  data, bootstrapOptions.bootstrap(), cacheOptions.tenantCacheSize));
      String inProcessName = "rhizome-standalone-" + ProcessHandle.current().pid();
      String nodeAddress = PeerChannels.IN_PROCESS_PREFIX + inProcessName;
      NodeServer node =
          runtime.add(
              NodeServer.start(
                  valueLimit.apply(nodeOptions.config(NODE_ID, data, nodeAddress)),
                  topology,
                  observability.instrument(InProcessServerBuilder.forName(inProcessName)),
                  nodeOptions.instruments(observability.nodeMetrics())));
      NodeChannels channels =
          runtime.add(
              new InProcessSessions(
                  observability.instrument(NodeChannels.create()), node.services(), nodeAddress));
      GatewayServer gateway =
          runtime.add(
              GatewayServer.start(
                  gatewayConfig, topology, channels, observability.gatewayMetrics()));
      observability.bindNode(node, topology, NODE_ID);
      observability.bindGateway(gateway, topology);
      observability.bindTopology(topology);
      runtime.readyWhen(node::ready);
      runtime.readyWhen(gateway::ready);
      // Clients' sessions end at their transactions' ends first; the node's go with them.
      runtime.drainWith(gateway::drain);
      runtime.drainWith(node::drain);
      return runtime.awaitShutdown(
          "rhizome standalone ready: postgres protocol on " + gateway.boundAddress(), grace);
    } catch (Exception | Error e) {
      runtime.closeAll();
      throw e;
    }
  }
}
