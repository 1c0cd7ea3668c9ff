/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.MovePhase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole shard move — copy, freeze, flip, release, driven by the destination node's own mover —
 * under clients of a real GatewayServer: pgjdbc against {@link TwoNodes}, whose placement only the
 * move changes here. The clients must not notice.
 */
class ShardMoveEndToEndTest {
  @TempDir Path dir;

  private TwoNodesGateway cluster;
  private TwoNodes nodes;

  @BeforeEach
  void start() throws Exception {
    cluster = new TwoNodesGateway(dir);
    nodes = cluster.nodes;
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private boolean moveDone(int shard) {
    return nodes.topology.move(shard).map(m -> m.getPhase() == MovePhase.MOVE_DONE).orElse(false);
  }

  @Test
  void aMoveUnderSteadyWritesAndIdleSessionsIsInvisibleToTheClients() throws Exception {
    int shard = nodes.topology.shardOf("acme");
    String source = nodes.topology.shard(shard).orElseThrow().getNodeId();
    String destination = source.equals("n1") ? "n2" : "n1";
    try (Connection writer = cluster.connect("acme", "app", "secret", "simple");
        Statement st = writer.createStatement();
        Connection idle = cluster.connect("acme", "app", "secret", "extended");
        PreparedStatement count = idle.prepareStatement("select count(*) from t where a >= ?");
        Connection prepared = cluster.connect("acme", "app", "secret", "extended")) {
      st.execute("create table t (a int)");
      PreparedStatement insert = prepared.prepareStatement("insert into t values (?)");
      count.setInt(1, 0);
      try (ResultSet rs = count.executeQuery()) {
        assertTrue(rs.next());
      }

      // Every insert must succeed, before, during and after the move: plain ones from a simple
      // query session and the odd ones from a named prepared statement.
      int acked = 0;
      int afterMove = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (afterMove < 20) {
        assertTrue(
            System.nanoTime() < deadline, "the move did not finish: " + nodes.topology.move(shard));
        assertEquals(1, st.executeUpdate("insert into t values (" + acked + ")"));
        acked++;
        insert.setInt(1, acked);
        assertEquals(1, insert.executeUpdate());
        acked++;
        if (acked == 40) {
          nodes.topology.startMove(shard, destination, "test");
        }
        if (moveDone(shard)) {
          afterMove++;
        }
      }
      assertEquals(destination, nodes.topology.shard(shard).orElseThrow().getNodeId());
      assertNotEquals(0, acked);

      // The idle session's node ended it after the flip; its named statement is prepared again
      // on the new owner, which holds every acknowledged row exactly once.
      try (ResultSet rs = count.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(acked, rs.getLong(1));
      }
      try (ResultSet rs = st.executeQuery("select count(distinct a), min(a), max(a) from t")) {
        assertTrue(rs.next());
        assertEquals(acked, rs.getLong(1));
        assertEquals(0, rs.getLong(2));
        assertEquals(acked - 1, rs.getLong(3));
      }
    }
  }

  @Test
  void aTenantSharingItsShardMovedAloneKeepsItsSessions() throws Exception {
    int shared = nodes.topology.shardOf("acme");
    String neighbour = sameShardAs(shared);
    try (Connection admin = cluster.connect("rhizome", "admin", TwoNodes.ADMIN_PASSWORD, "simple");
        Statement st = admin.createStatement()) {
      st.execute("CREATE TENANT " + neighbour + " USER app PASSWORD 'secret'");
    }
    String source = nodes.topology.shard(shared).orElseThrow().getNodeId();
    String destination = source.equals("n1") ? "n2" : "n1";
    try (Connection writer = cluster.connect("acme", "app", "secret", "simple");
        Statement st = writer.createStatement();
        Connection prepared = cluster.connect("acme", "app", "secret", "extended");
        Connection other = cluster.connect(neighbour, "app", "secret", "simple");
        Statement otherSt = other.createStatement()) {
      st.execute("create table t (a int)");
      otherSt.execute("create table u (b int)");
      PreparedStatement insert = prepared.prepareStatement("insert into t values (?)");
      int acked = 0;
      int afterMove = 0;
      int own = -1;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (afterMove < 20) {
        assertTrue(System.nanoTime() < deadline, "the move did not finish");
        assertEquals(1, st.executeUpdate("insert into t values (" + acked + ")"));
        acked++;
        insert.setInt(1, acked);
        assertEquals(1, insert.executeUpdate());
        acked++;
        if (acked == 40) {
          try (Connection admin =
                  cluster.connect("rhizome", "admin", TwoNodes.ADMIN_PASSWORD, "simple");
              Statement a = admin.createStatement();
              ResultSet row = a.executeQuery("MOVE TENANT acme TO '" + destination + "'")) {
            assertTrue(row.next());
            own = row.getInt("shard");
          }
          assertNotEquals(shared, own);
        }
        if (own >= 0 && moveDone(own)) {
          afterMove++;
        }
      }
      assertEquals(own, nodes.topology.tenant("acme").orElseThrow().getShard());
      assertEquals(destination, nodes.topology.shard(own).orElseThrow().getNodeId());
      // The neighbour stayed on the shared shard, on its node, and kept working.
      assertEquals(source, nodes.topology.shard(shared).orElseThrow().getNodeId());
      assertEquals(1, otherSt.executeUpdate("insert into u values (1)"));
      try (ResultSet rs = st.executeQuery("select count(distinct a), min(a), max(a) from t")) {
        assertTrue(rs.next());
        assertEquals(acked, rs.getLong(1));
        assertEquals(0, rs.getLong(2));
        assertEquals(acked - 1, rs.getLong(3));
      }
    }
  }

  private String sameShardAs(int shard) {
    for (int i = 0; ; i++) {
      String name = "t" + i;
      if (nodes.topology.shardOf(name) == shard) {
        return name;
      }
    }
  }
}
