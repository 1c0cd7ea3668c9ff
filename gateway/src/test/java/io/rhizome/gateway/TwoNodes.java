/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.grpc.inprocess.InProcessServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.rhizome.gateway.auth.ScramVerifiers;
import io.rhizome.node.MovableTopology;
import io.rhizome.node.NodeConfig;
import io.rhizome.node.NodeInstruments;
import io.rhizome.node.NodeLimits;
import io.rhizome.node.NodeServer;
import io.rhizome.node.SessionListen;
import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.proto.Open;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.Topologies;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Two real nodes, n1 and n2, served in-process on their own data directories, on one real embedded
 * topology whose shard placement a test moves at once ({@link MovableTopology}), and the gateway's
 * channels to them. The old owner of a moved shard refuses writes with {@code wrong_db_server}.
 */
public final class TwoNodes implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-pw";

  public final MovableTopology topology;
  public final NodeChannels channels;
  private final NodeServer n1;
  private final NodeServer n2;
  private long epoch = 1;
  private final boolean frames;
  private final EventLoopGroup loops;

  /**
   * Two nodes whose admin gRPC is in-process and whose client sessions come over session frames on
   * loopback, as in a cluster.
   */
  public TwoNodes(Path dir) throws Exception {
    this(dir, true);
  }

  /**
   * @param frames sessions over session frames on loopback; false: over in-process gRPC, as in
   *     standalone
   */
  public TwoNodes(Path dir, boolean frames) throws Exception {
    this.frames = frames;
    this.loops = frames ? NettyTransport.group(2, "two-nodes-frames") : null;
    topology =
        new MovableTopology(
            Topologies.embedded(
                dir.resolve("meta"),
                new ClusterBootstrap(
                    "test",
                    8,
                    () ->
                        UserRecord.newBuilder()
                            .setFormat(1)
                            .setName("admin")
                            .setScram(ScramVerifiers.derive(ADMIN_PASSWORD))
                            .build())));
    n1 = node(dir, "n1");
    n2 = node(dir, "n2");
    channels = NodeChannels.create();
  }

  private NodeServer node(Path dir, String id) throws Exception {
    String name = "two-nodes-" + id + "-" + UUID.randomUUID();
    return NodeServer.start(
        new NodeConfig(
            id,
            dir.resolve(id),
            "inprocess:" + name,
            16,
            Duration.ofSeconds(5),
            Synchronous.NORMAL,
            2,
            Duration.ofSeconds(5),
            TenantQuotas.DEFAULT,
            NodeLimits.DEFAULT),
        topology,
        InProcessServerBuilder.forName(name),
        null,
        NodeInstruments.NONE,
        frames
            ? new SessionListen(
                new InetSocketAddress("127.0.0.1", 0), loops, NettyTransport.serverChannel())
            : null);
  }

  /** The node called {@code id}. */
  /** The Open of a session of {@code user} on {@code tenant}, at its shard's current epoch. */
  public SessionRequest openRequest(String tenant, String user) {
    int shard = topology.shardOf(tenant);
    return SessionRequest.newBuilder()
        .setOpen(
            Open.newBuilder()
                .setTenant(tenant)
                .setShard(shard)
                .setEpoch(topology.shard(shard).orElseThrow().getEpoch())
                .setUser(user))
        .build();
  }

  public NodeServer node(String id) {
    return id.equals("n1") ? n1 : n2;
  }

  /** Places the shard on {@code nodeId} at a new epoch, for the nodes and gateways alike. */
  public void move(int shard, String nodeId) {
    epoch = Math.max(epoch, topology.shard(shard).map(s -> s.getEpoch()).orElse(0L)) + 1;
    topology.move(shard, nodeId, epoch);
  }

  @Override
  public void close() {
    channels.close();
    n1.close();
    n2.close();
    topology.close();
    if (loops != null) {
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
