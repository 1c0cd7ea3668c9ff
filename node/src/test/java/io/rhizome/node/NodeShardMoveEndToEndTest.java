/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.rhizome.node.move.MoveSourceSettings;
import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.TenantPlacement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole move between two in-process nodes on one embedded topology: this node as the source and a
 * second one driving the move (the node's own mover), with a client writing throughout that follows
 * the shard the way a gateway would. No acknowledged write may be lost.
 */
class NodeShardMoveEndToEndTest extends ShardMoveFixture {
  private NodeServer destination;
  private ManagedChannel destinationChannel;

  @Override
  MoveSourceSettings moveSource() {
    return MoveSourceSettings.DEFAULT.withGracePeriod(Duration.ofMillis(200));
  }

  @AfterEach
  void stopDestination() {
    if (destinationChannel != null) {
      destinationChannel.shutdownNow();
    }
    if (destination != null) {
      destination.close();
    }
  }

  @Test
  void aMoveUnderSteadyWritesLosesNoAcknowledgedWrite() throws Exception {
    movesUnderSteadyWrites(tenant("acme"));
  }

  @Test
  void aPrivateShardMovesTheSameWay() throws Exception {
    TenantRecord solo =
        topology.createTenant(
            "solo",
            UserRecord.newBuilder().setName("app").build(),
            TenantPlacement.ownShardOn(NODE_ID));
    movesUnderSteadyWrites(solo);
  }

  private void movesUnderSteadyWrites(TenantRecord tenant) throws Exception {
    String name = tenant.getName();
    int shard = tenant.getShard();
    session(name).query("create table t (a int)");
    startDestination();

    List<Integer> acked = new ArrayList<>();
    SessionClient writer = null;
    String writerNode = null;
    boolean started = false;
    int next = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!(DESTINATION.equals(writerNode) && acked.size() > 0 && moveDone(shard))) {
      assertTrue(System.nanoTime() < deadline, "the move did not finish: " + topology.move(shard));
      if (writer == null) {
        ShardRecord owner = topology.refreshShard(shard).orElseThrow();
        writer = connectTo(owner.getNodeId());
        List<String> opened = describe(writer.open(name, shard, owner.getEpoch()));
        if (!opened.equals(List.of("opened " + owner.getNodeId(), "ready IDLE"))) {
          writer = null;
          continue;
        }
        writerNode = owner.getNodeId();
      }
      List<String> answer = describe(writer.query("insert into t values (" + next + ")"));
      if (answer.equals(List.of("INSERT 0 1", "ready IDLE"))) {
        acked.add(next++);
      } else {
        // Frozen or moved: the insert did not run; a gateway would re-route the session.
        writer.cancel();
        writer = null;
      }
      if (!started && acked.size() == 20) {
        topology.startMove(shard, DESTINATION, "operator");
        started = true;
      }
    }

    Path copy = data.resolve("n2/shards/" + shard + "/" + name + ".db");
    Set<Integer> rows = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select a from t")) {
      while (rs.next()) {
        rows.add(rs.getInt(1));
      }
    }
    assertTrue(rows.containsAll(acked), "lost: " + missing(acked, rows));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !Files.exists(data.resolve("shards/" + shard)));
  }

  private boolean moveDone(int shard) {
    return topology.move(shard).map(m -> m.getPhase() == MovePhase.MOVE_DONE).orElse(false);
  }

  private SessionClient connectTo(String nodeId) {
    return nodeId.equals(NODE_ID) ? connect() : SessionClient.connect(destinationChannel);
  }

  private void startDestination() throws Exception {
    String name = "node-test-dest-" + UUID.randomUUID();
    destination =
        NodeServer.start(
            new NodeConfig(
                DESTINATION,
                data.resolve("n2"),
                "inprocess:" + name,
                MAX_SESSIONS,
                Duration.ofSeconds(5),
                Synchronous.FULL,
                4,
                Duration.ofSeconds(5),
                TenantQuotas.DEFAULT),
            topology,
            InProcessServerBuilder.forName(name));
    destinationChannel = InProcessChannelBuilder.forName(name).build();
  }

  private static List<Integer> missing(List<Integer> acked, Set<Integer> rows) {
    return acked.stream().filter(a -> !rows.contains(a)).toList();
  }
}
