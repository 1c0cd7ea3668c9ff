/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.SqlState;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * Open client sessions while their shard moves: pgjdbc against a real GatewayServer and {@link
 * TwoNodes}, real nodes on the real embedded topology, whose placement the test moves at once. The
 * old owner then refuses writes with {@code wrong_db_server}, as it does after a flip.
 *
 * <p>Each node keeps its own copy of the tenant (no data is copied here), which lets a test tell
 * which node ran a statement.
 */
class ShardMoveReroutingTest {
  @TempDir Path dir;

  private TwoNodesGateway cluster;
  private TwoNodes nodes;
  private int shard;

  @BeforeEach
  void start() throws Exception {
    cluster = new TwoNodesGateway(dir);
    nodes = cluster.nodes;
    shard = nodes.topology.shardOf("acme");
    // The same schema on both nodes: each owns the shard once while a session creates it.
    moveTo("n1");
    createSchema();
    moveTo("n2");
    createSchema();
    moveTo("n1");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private void moveTo(String nodeId) {
    nodes.move(shard, nodeId);
  }

  private void createSchema() throws SQLException {
    try (Connection c = app("simple");
        Statement st = c.createStatement()) {
      st.execute("create table t (a int)");
    }
  }

  private Connection app(String queryMode) throws SQLException {
    return cluster.connect("acme", "app", "secret", queryMode);
  }

  /** The rows of t on the node that owns the shard now. */
  private long rowsOnOwner() throws SQLException {
    try (Connection c = app("simple");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from t")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test
  void aWriteRefusedByTheOldOwnerRunsOnTheNewOneOnTheSameConnection() throws Exception {
    try (Connection c = app("simple");
        Statement st = c.createStatement()) {
      st.execute("insert into t values (1)");
      moveTo("n2");
      assertEquals(1, st.executeUpdate("insert into t values (2)"));
      // A result far larger than one batch still flows under the client's demand after the move.
      try (ResultSet rs =
          st.executeQuery(
              "with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000)"
                  + " select count(*), sum(i) from n")) {
        assertTrue(rs.next());
        assertEquals(20000, rs.getLong(1));
      }
    }
    assertEquals(1, rowsOnOwner(), "the write after the move ran on n2 only");
    moveTo("n1");
    assertEquals(1, rowsOnOwner(), "n1 kept the write from before the move only");
  }

  @Test
  void namedPreparedStatementsArePreparedAgainOnTheNewOwner() throws Exception {
    try (Connection c = app("extended");
        PreparedStatement insert = c.prepareStatement("insert into t values (?)");
        PreparedStatement count = c.prepareStatement("select count(*) from t where a >= ?")) {
      insert.setInt(1, 1);
      assertEquals(1, insert.executeUpdate());
      count.setInt(1, 0);
      try (ResultSet rs = count.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
      }
      moveTo("n2");
      // pgjdbc now sends only Bind and Execute of its server-side statements: n2 has them only if
      // the gateway prepared them again.
      insert.setInt(1, 2);
      assertEquals(1, insert.executeUpdate());
      insert.setInt(1, 3);
      assertEquals(1, insert.executeUpdate());
      try (ResultSet rs = count.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(2, rs.getLong(1), "n2 holds the two rows written after the move");
      }
    }
  }

  @Test
  void aTransactionCutByAMoveFailsWith40001AndTheConnectionCanRetryIt() throws Exception {
    try (Connection c = app("extended")) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.executeUpdate("insert into t values (1)");
        moveTo("n2");
        SQLException cut =
            assertThrows(SQLException.class, () -> st.executeUpdate("insert into t values (2)"));
        assertEquals(SqlState.SERIALIZATION_FAILURE.code(), cut.getSQLState());
        c.rollback();
        // The retried transaction runs on the new owner.
        st.executeUpdate("insert into t values (3)");
        st.executeUpdate("insert into t values (4)");
        c.commit();
      }
    }
    assertEquals(2, rowsOnOwner());
  }

  @Test
  void aCopyWhoseFirstBatchTheOldOwnerRefusesStoresEveryRowOnTheNewOne() throws Exception {
    StringBuilder data = new StringBuilder();
    for (int i = 1; i <= 5000; i++) {
      data.append(i).append('\n');
    }
    try (Connection c = app("simple")) {
      moveTo("n2");
      // Batches of 500 rows go out two at a time: the refused first one and the one behind it
      // are both sent again to n2.
      long copied =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY t (a) FROM STDIN", new StringReader(data.toString()));
      assertEquals(5000, copied);
    }
    assertEquals(5000, rowsOnOwner());
    moveTo("n1");
    assertEquals(0, rowsOnOwner(), "nothing of the copy committed on n1");
  }

  @Test
  void aMoveToANodeThatIsNotUpEndsTheSessionWithTheNodesError() throws Exception {
    try (Connection c = app("simple");
        Statement st = c.createStatement()) {
      st.execute("insert into t values (1)");
      moveTo("n3");
      SQLException refused =
          assertThrows(SQLException.class, () -> st.execute("insert into t values (2)"));
      assertEquals(SqlState.CANNOT_CONNECT_NOW.code(), refused.getSQLState());
      assertFalse(c.isValid(5), "the session ended, as before re-routing");
    }
  }
}
