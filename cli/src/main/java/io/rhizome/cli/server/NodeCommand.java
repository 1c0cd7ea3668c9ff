/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.rhizome.cli.HostPort;
import io.rhizome.gateway.NettyTransport;
import io.rhizome.node.NodeConfig;
import io.rhizome.node.NodeServer;
import io.rhizome.node.SessionListen;
import io.rhizome.tls.ClusterRole;
import io.rhizome.tls.ClusterTls;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
      names = "--session-listen",
      paramLabel = "HOST:PORT|off",
      description =
          "Listen address for client session streams from gateways over session frames (gRPC"
              + " keeps everything else). Default: the --listen host, port 0 (any free port); the"
              + " bound port is published in the node's record with the --advertise host. 'off':"
              + " sessions over gRPC only.")
  String sessionListen;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "Data directory for this node's shards. Created if missing.")
  Path data;

  @Mixin NodeOptions nodeOptions;
  @Mixin ValueLimitOption valueLimit;
  @Mixin EtcdOptions etcd;
  @Mixin ClusterTlsOptions clusterTls;
  @Mixin BootstrapOptions bootstrapOptions;
  @Mixin OpsOptions ops;
  @Mixin TenantCacheOptions cacheOptions;

  /** Where session frames listen, or empty for none ({@code --session-listen off}). */
  Optional<HostPort> sessionAddress() {
    if (sessionListen == null) {
      return Optional.of(new HostPort(listen.host(), 0));
    }
    if (sessionListen.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    return Optional.of(HostPort.parse(sessionListen));
  }

  @Override
  public Integer call() throws Exception {
    // Flag combinations are checked before anything starts.
    etcd.validate();
    clusterTls.validate();
    Duration grace = ops.shutdownGrace();
    Files.createDirectories(data);
    ServerRuntime runtime = new ServerRuntime();
    try {
      Optional<ClusterTls> tls = clusterTls.load(ClusterRole.NODE, listen).map(runtime::add);
      Observability observability = Observability.start(ops, "node", runtime);
      Topology topology =
          runtime.add(
              Topologies.etcd(
                  etcd.access(runtime),
                  bootstrapOptions.bootstrap(),
                  cacheOptions.tenantCacheSize,
                  etcd.leaseTtlSeconds));
      String address = (advertise != null ? advertise : listen).toString();
      NodeConfig config = valueLimit.apply(nodeOptions.config(id, data, address));
      // gRPC on the process's one transport (native epoll where it loads), on loops of its own;
      // added before the node, so closed after its server.
      EventLoopGroup grpcLoops =
          NettyTransport.group(2 * Runtime.getRuntime().availableProcessors(), "rhizome-node-grpc");
      runtime.add(
          () -> grpcLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000));
      NettyServerBuilder server =
          (tls.isPresent()
                  ? NettyServerBuilder.forAddress(
                      listen.toSocketAddress(), tls.get().serverCredentials())
                  : NettyServerBuilder.forAddress(listen.toSocketAddress()))
              .bossEventLoopGroup(grpcLoops)
              .workerEventLoopGroup(grpcLoops)
              .channelType(NettyTransport.serverChannel());
      Optional<HostPort> sessions = sessionAddress();
      NodeServer node =
          runtime.add(
              NodeServer.start(
                  config,
                  topology,
                  observability.instrument(server),
                  tls.orElse(null),
                  nodeOptions.instruments(observability.nodeMetrics()),
                  sessions
                      .map(
                          a ->
                              new SessionListen(
                                  a.toSocketAddress(), grpcLoops, NettyTransport.serverChannel()))
                      .orElse(null)));
      observability.bindNode(node, topology, id);
      observability.bindTopology(topology);
      runtime.readyWhen(node::ready);
      runtime.drainWith(node::drain);
      return runtime.awaitShutdown(
          "rhizome node "
              + id
              + " ready: gRPC on "
              + listen
              + (node.sessionPort() > 0 ? ", session frames on port " + node.sessionPort() : "")
              + (tls.isPresent() ? " (cluster mutual TLS)" : " (plaintext)"),
          grace);
    } catch (Exception | Error e) {
      runtime.closeAll();
      throw e;
    }
  }
}
