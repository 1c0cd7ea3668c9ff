/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.gateway.GatewayConfig;
import io.rhizome.gateway.GatewayServer;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
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
  @Mixin EtcdOptions etcd;
  @Mixin BootstrapOptions bootstrapOptions;
  @Mixin TenantCacheOptions cacheOptions;

  @Override
  public Integer call() throws Exception {
    // Flag combinations are checked before anything starts.
    GatewayConfig gatewayConfig = gatewayOptions.config();
    ServerRuntime runtime = new ServerRuntime();
    try {
      Topology topology =
          runtime.add(
              Topologies.etcd(
                  etcd.endpoints,
                  bootstrapOptions.bootstrap(),
                  cacheOptions.tenantCacheSize,
                  etcd.leaseTtlSeconds));
      NodeChannels channels = runtime.add(NodeChannels.create());
      GatewayServer gateway = runtime.add(GatewayServer.start(gatewayConfig, topology, channels));
      return runtime.awaitShutdown(
          "rhizome gateway ready: postgres protocol on " + gateway.boundAddress());
    } catch (Exception | Error e) {
      runtime.closeAll();
      throw e;
    }
  }
}
