/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.grpc.inprocess.InProcessServerBuilder;
import io.rhizome.gateway.auth.ScramVerifiers;
import io.rhizome.node.MovableTopology;
import io.rhizome.node.NodeConfig;
import io.rhizome.node.NodeLimits;
import io.rhizome.node.NodeServer;
import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.Topologies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

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

  public TwoNodes(Path dir) throws Exception {
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
        InProcessServerBuilder.forName(name));
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
  }
}
