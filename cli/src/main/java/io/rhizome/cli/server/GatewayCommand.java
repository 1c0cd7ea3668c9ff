/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.gateway.GatewayConfig;
import io.rhizome.gateway.GatewayServer;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.tls.ClusterRole;
import io.rhizome.tls.ClusterTls;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A stateless gateway: Postgres protocol in, gRPC to the owning node out. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = "Run a stateless gateway that routes Postgres sessions to storage nodes.")
public final class GatewayCommand implements Callable<Integer> {

  @Mixin GatewayOptions gatewayOptions;
  @Mixin ValueLimitOption valueLimit;
  @Mixin EtcdOptions etcd;
  @Mixin ClusterTlsOptions clusterTls;
  @Mixin BootstrapOptions bootstrapOptions;
  @Mixin OpsOptions ops;
  @Mixin TenantCacheOptions cacheOptions;

  @Override
  public Integer call() throws Exception {
    // Flag combinations are checked before anything starts.
    GatewayConfig gatewayConfig = valueLimit.apply(gatewayOptions.config());
    etcd.validate();
    clusterTls.validate();
    Duration grace = ops.shutdownGrace();
    ServerRuntime runtime = new ServerRuntime();
    try {
      Optional<ClusterTls> tls =
          clusterTls.load(ClusterRole.GATEWAY, gatewayOptions.listen).map(runtime::add);
      Observability observability = Observability.start(ops, "gateway", runtime);
      Topology topology =
          runtime.add(
              Topologies.etcd(
                  etcd.access(runtime),
                  bootstrapOptions.bootstrap(),
                  cacheOptions.tenantCacheSize,
                  etcd.leaseTtlSeconds));
      NodeChannels channels =
          runtime.add(
              observability.instrument(
                  tls.map(
                          t ->
                              NodeChannels.create(t.channelCredentials(), t.sessionClientContext()))
                      .orElseGet(NodeChannels::create)));
      GatewayServer gateway =
          runtime.add(
              GatewayServer.start(
                  gatewayConfig, topology, channels, observability.gatewayMetrics()));
      observability.bindGateway(gateway, topology);
      observability.bindTopology(topology);
      runtime.readyWhen(gateway::ready);
      runtime.drainWith(gateway::drain);
      return runtime.awaitShutdown(
          "rhizome gateway ready: postgres protocol on " + gateway.boundAddress(), grace);
    } catch (Exception | Error e) {
      runtime.closeAll();
      throw e;
    }
  }
}
