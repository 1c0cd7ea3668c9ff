/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.rhizome.node.replica.ReplicationSettings;
import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.FollowerState;
import io.rhizome.proto.ShardFollower;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes of one cluster with a replication factor, served in-process over one embedded
 * topology, each with its own data directory; the test starts, stops and restarts them.
 */
abstract class ReplicaSetFixture {
  private static final UserRecord ADMIN = UserRecord.newBuilder().setName("admin").build();
  static final UserRecord APP = UserRecord.newBuilder().setName("app").build();

  @TempDir Path root;
  Topology topology;
  final Map<String, NodeServer> nodes = new HashMap<>();
  private final Map<String, ManagedChannel> channels = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private final List<SessionClient> clients = new ArrayList<>();

  /** Copies of each shard in the cluster under test. */
  int replicationFactor() {
    return 2;
  }

  /** The archive of the nodes under test; none unless a test class says. */
  java.util.Optional<io.rhizome.node.archive.ArchiveConfig> archive() throws Exception {
    return java.util.Optional.empty();
  }

  ReplicationSettings replication() {
    return ReplicationSettings.DEFAULT
        .withAckTimeout(Duration.ofMillis(1500))
        .withCheckpointBytes(4L << 20);
  }

  @BeforeEach
  void openTopology() throws Exception {
    topology =
        Topologies.embedded(
            root,
            new ClusterBootstrap(
                "test", 8, () -> ADMIN, AuthMethod.AUTH_METHOD_UNSPECIFIED, replicationFactor()));
  }

  @AfterEach
  void stopAll() {
    clients.forEach(SessionClient::cancel);
    channels.values().forEach(ManagedChannel::shutdownNow);
    nodes.values().forEach(NodeServer::close);
    topology.close();
  }

  Path dataOf(String id) {
    return root.resolve(id);
  }

  /** Starts (or restarts) node {@code id} on its data directory. */
  NodeServer start(String id) throws Exception {
    stop(id);
    String name = "replica-test-" + id + "-" + UUID.randomUUID();
    NodeServer node =
        NodeServer.start(
            new NodeConfig(
                    id,
                    Files.createDirectories(dataOf(id)),
                    "inprocess:" + name,
                    16,
                    Duration.ofSeconds(5),
                    Synchronous.FULL,
                    4,
                    Duration.ofSeconds(5),
                    TenantQuotas.DEFAULT)
                .withReplication(replication())
                .withArchive(archive()),
            topology,
            InProcessServerBuilder.forName(name));
    nodes.put(id, node);
    names.put(id, name);
    channels.put(id, InProcessChannelBuilder.forName(name).build());
    return node;
  }

  /** The in-process server name of node {@code id}. */
  String nodeName(String id) {
    return names.get(id);
  }

  /** Stops node {@code id} as a shutdown would (its registration goes). */
  void stop(String id) {
    ManagedChannel channel = channels.remove(id);
    if (channel != null) {
      channel.shutdownNow();
    }
    NodeServer node = nodes.remove(id);
    if (node != null) {
      node.close();
    }
  }

  TenantRecord createTenant(String name) throws Exception {
    return topology.createTenant(name, APP);
  }

  ShardRecord shard(int shard) throws Exception {
    return topology.refreshShard(shard).orElseThrow();
  }

  static Optional<FollowerState> stateOf(ShardRecord record, String node) {
    return record.getFollowersList().stream()
        .filter(f -> f.getNodeId().equals(node))
        .map(ShardFollower::getState)
        .findFirst();
  }

  /** A session of {@code tenant} on the node its shard's record names primary now. */
  SessionClient session(String tenant) throws Exception {
    return session(tenant, false);
  }

  /**
   * @param credit whether the client asks for every answer up front: in-process gRPC lets the node
   *     send only what the client asked for, and a request that finds its client not ready goes on
   *     on a worker, never where it was delivered
   */
  SessionClient session(String tenant, boolean credit) throws Exception {
    TenantRecord record = topology.tenant(tenant).orElseThrow();
    ShardRecord placement = shard(record.getShard());
    SessionClient client = SessionClient.connect(channels.get(placement.getNodeId()), credit);
    if (credit) {
      client.request(1_000);
    }
    clients.add(client);
    List<String> opened = describe(client.open(tenant, record.getShard(), placement.getEpoch()));
    if (!opened.equals(List.of("opened " + placement.getNodeId(), "ready IDLE"))) {
      throw new AssertionError("the session did not open: " + opened);
    }
    return client;
  }

  /**
   * What node {@code id}'s copy of {@code tenant} holds, read from a copy of its files (a
   * follower's own files must never be opened by SQLite while it follows).
   */
  List<Long> rowsOnCopy(String id, TenantRecord tenant) throws Exception {
    Path db = dataOf(id).resolve("shards/" + tenant.getShard() + "/" + tenant.getName() + ".db");
    Path wal = db.resolveSibling(db.getFileName() + "-wal");
    Path look = Files.createTempDirectory(root, "look-");
    Path copy = look.resolve("t.db");
    if (!Files.exists(db)) {
      return List.of();
    }
    Files.copy(db, copy);
    if (Files.exists(wal)) {
      Files.copy(wal, look.resolve("t.db-wal"));
    }
    return rows(copy);
  }

  static List<Long> rows(Path db) throws SQLException {
    List<Long> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT a FROM t ORDER BY a")) {
      while (r.next()) {
        rows.add(r.getLong(1));
      }
    }
    return rows;
  }
}
