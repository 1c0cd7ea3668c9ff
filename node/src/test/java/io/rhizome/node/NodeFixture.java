/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.rhizome.node.move.MoveSourceSettings;
import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.Open;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.NodeRegistration;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.TopologyException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real node on the real embedded topology, served in-process, and real NodeSession clients. */
abstract class NodeFixture {
  static final String NODE_ID = "n1";
  static final int MAX_SESSIONS = 4;
  private static final UserRecord ADMIN = UserRecord.newBuilder().setName("admin").build();
  private static final UserRecord APP = UserRecord.newBuilder().setName("app").build();

  @TempDir Path data;
  MovableTopology topology;
  NodeServer node;
  ManagedChannel channel;
  String serverName;
  private final List<SessionClient> clients = new ArrayList<>();
  private final List<NodeRegistration> otherNodes = new ArrayList<>();

  @BeforeEach
  void startNode() throws Exception {
    topology =
        new MovableTopology(
            Topologies.embedded(data, new ClusterBootstrap("test", 8, () -> ADMIN)));
    serverName = "node-test-" + UUID.randomUUID();
    node =
        NodeServer.start(
            new NodeConfig(
                    NODE_ID,
                    data,
                    "inprocess:" + serverName,
                    MAX_SESSIONS,
                    busyTimeout(),
                    Synchronous.FULL,
                    4,
                    Duration.ofSeconds(5),
                    quotas(),
                    limits())
                .withMoveSource(moveSource()),
            topology,
            InProcessServerBuilder.forName(serverName),
            instruments());
    channel = InProcessChannelBuilder.forName(serverName).build();
  }

  @AfterEach
  void stopNode() {
    clients.forEach(SessionClient::cancel);
    channel.shutdownNow();
    node.close();
    otherNodes.forEach(NodeRegistration::close);
    topology.close();
  }

  /** How the node under test reports on itself; a test class may give it meters. */
  NodeInstruments instruments() {
    return NodeInstruments.NONE;
  }

  /** The tenant quotas of the node under test; a test class may tighten them. */
  TenantQuotas quotas() {
    return TenantQuotas.DEFAULT;
  }

  /** How long a write waits for another session's lock; a test class may shorten it. */
  Duration busyTimeout() {
    return Duration.ofSeconds(5);
  }

  /** The node's settings as a shard move's source; a test class may shorten them. */
  MoveSourceSettings moveSource() {
    return MoveSourceSettings.DEFAULT;
  }

  /** The resource limits of the node under test; a test class may tighten them. */
  NodeLimits limits() {
    return NodeLimits.DEFAULT;
  }

  SessionClient connect() {
    SessionClient client = SessionClient.connect(channel);
    clients.add(client);
    return client;
  }

  SessionClient connectWithManualFlowControl() {
    SessionClient client = SessionClient.connect(channel, true);
    clients.add(client);
    return client;
  }

  /** The tenant's record, created (and its shard placed) on first use. */
  TenantRecord tenant(String name) throws TopologyException {
    return topology.tenant(name).isPresent()
        ? topology.tenant(name).get()
        : topology.createTenant(name, APP);
  }

  long epoch(int shard) {
    return topology.shard(shard).orElseThrow().getEpoch();
  }

  /** A client with an open session on {@code name}. */
  SessionClient session(String name) throws Exception {
    return session(name, false);
  }

  /** A session on the tenant whose rows come encoded (Open.encoded_rows) when asked. */
  SessionClient session(String name, boolean encodedRows) throws Exception {
    TenantRecord tenant = tenant(name);
    SessionClient client = connect();
    List<SessionResponse> opened =
        client.open(
            Open.newBuilder()
                .setTenant(name)
                .setShard(tenant.getShard())
                .setEpoch(epoch(tenant.getShard()))
                .setEncodedRows(encodedRows)
                .build());
    assertEquals(List.of("opened " + NODE_ID, "ready IDLE"), describe(opened));
    return client;
  }

  /** Registers another live node (no server behind it) that new shards may be placed on. */
  void registerOtherNode(String id) throws TopologyException {
    otherNodes.add(
        topology.registerNode(
            NodeRecord.newBuilder()
                .setId(id)
                .setAddress("inprocess:nowhere")
                .setState(NodeState.NODE_UP)
                .build()));
  }
}
