/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.cli.HostPort;
import io.rhizome.gateway.GatewayServer;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A stateless gateway: Postgres protocol in, gRPC to the owning node out. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = "Run a stateless gateway that routes Postgres sessions to storage nodes.")
public final class GatewayCommand implements Callable<Integer> {

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:5432",
      paramLabel = "HOST:PORT",
      description = "Postgres protocol listen address. Default: ${DEFAULT-VALUE}.")
  HostPort listen;

  @Mixin GatewayOptions gatewayOptions;
  @Mixin EtcdOptions etcd;
  @Mixin BootstrapOptions bootstrapOptions;

  @Override
  public Integer call() throws Exception {
    ServerRuntime runtime = new ServerRuntime();
    try {
      Topology topology =
          runtime.add(Topologies.etcd(etcd.endpoints, bootstrapOptions.bootstrap()));
      NodeChannels channels = runtime.add(NodeChannels.create());
      GatewayServer gateway =
          runtime.add(
              GatewayServer.start(
                  gatewayOptions.config(listen.toSocketAddress()), topology, channels));
      return runtime.awaitShutdown(
          "rhizome gateway ready: postgres protocol on " + gateway.boundAddress());
    } catch (Exception | Error e) {
      runtime.closeAll();
      throw e;
    }
  }
}
