/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.grpc.netty.NettyServerBuilder;
import io.rhizome.cli.HostPort;
import io.rhizome.node.NodeServer;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A storage node of a cluster: serves the shards etcd assigns to it. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a storage node that serves the shards assigned to it in etcd.")
public final class NodeCommand implements Callable<Integer> {

  @Option(
      names = "--id",
      required = true,
      description = "Node id, unique and stable across restarts (shards are assigned to it).")
  String id;

  @Option(
      names = "--listen",
      required = true,
      paramLabel = "HOST:PORT",
      description = "gRPC listen address for gateways.")
  HostPort listen;

  @Option(
      names = "--advertise",
      paramLabel = "HOST:PORT",
      description = "Address gateways should dial, if not the listen address.")
  HostPort advertise;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "Data directory for this node's shards. Created if missing.")
  Path data;

  @Mixin NodeOptions nodeOptions;
  @Mixin EtcdOptions etcd;
  @Mixin BootstrapOptions bootstrapOptions;
  @Mixin TenantCacheOptions cacheOptions;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(data);
    ServerRuntime runtime = new ServerRuntime();
    try {
      Topology topology =
          runtime.add(
              Topologies.etcd(
                  etcd.endpoints,
                  bootstrapOptions.bootstrap(),
                  cacheOptions.tenantCacheSize,
                  etcd.leaseTtlSeconds));
      String address = (advertise != null ? advertise : listen).toString();
      runtime.add(
          NodeServer.start(
              nodeOptions.config(id, data, address),
              topology,
              NettyServerBuilder.forAddress(listen.toSocketAddress())));
      return runtime.awaitShutdown("rhizome node " + id + " ready: gRPC on " + listen);
    } catch (Exception | Error e) {
      runtime.closeAll();
      throw e;
    }
  }
}
