/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.QueryExecutorBase;

/** The contract against a cluster: a real etcd, two node processes, one gateway process. */
class ClusterIT extends EndToEndContract {
  private static final List<AutoCloseable> running = new ArrayList<>();
  private static final List<Path> dirs = new ArrayList<>();
  private static int gatewayPort;
  private static int secondGatewayPort;

  @BeforeAll
  static void startCluster() throws Exception {
    Etcd etcd = Etcd.start();
    running.add(etcd);
    Path logs = Path.of("target", "it-logs", "cluster");
    for (String id : List.of("n1", "n2")) {
      Path data = Files.createTempDirectory("rhizome-" + id + "-");
      dirs.add(data);
      int grpc = FreePort.pick();
      running.add(
          RhizomeProcess.start(
                  id,
                  logs,
                  "node",
                  "--etcd",
                  etcd.endpointsFlag(),
                  "--id",
                  id,
                  "--listen",
                  "127.0.0.1:" + grpc,
                  "--data",
                  data.toString(),
                  "--shards",
                  "64")
              .awaitPort(grpc));
    }
    gatewayPort = FreePort.pick();
    running.add(
        RhizomeProcess.start(
                "gateway",
                logs,
                "gateway",
                "--etcd",
                etcd.endpointsFlag(),
                "--listen",
                "127.0.0.1:" + gatewayPort)
            .awaitPort(gatewayPort));
    secondGatewayPort = FreePort.pick();
    running.add(
        RhizomeProcess.start(
                "gateway2",
                logs,
                "gateway",
                "--etcd",
                etcd.endpointsFlag(),
                "--listen",
                "127.0.0.1:" + secondGatewayPort)
            .awaitPort(secondGatewayPort));
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    dirs.forEach(Etcd::deleteRecursively);
  }

  @Override
  int port() {
    return gatewayPort;
  }

  @Test
  void tenantsSpreadOverBothNodesAndEachServesItsOwn() throws SQLException {
    awaitNodes(2);
    Set<String> owners = new HashSet<>();
    List<String> tenants = new ArrayList<>();
    for (int i = 0; i < 12 && owners.size() < 2; i++) {
      String t = newTenant("app", "pw");
      tenants.add(t);
      owners.add(ownerOf(t));
    }
    assertEquals(Set.of("n1", "n2"), owners, "shards are assigned to both live nodes");
    for (String t : tenants) {
      try (Connection c = jdbc(t, "app", "pw");
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE whoami (name TEXT)");
        st.execute("INSERT INTO whoami VALUES ('" + t + "')");
        assertEquals(List.of(t), column(c, "SELECT name FROM whoami"));
      }
    }
  }

  @Test
  void aCancelRequestAtAnotherGatewayStopsTheStatementOnItsNode() throws Exception {
    awaitNodes(2);
    String t = newTenant("app", "pw");
    try (Connection c = jdbc(t, "app", "pw");
        Statement st = c.createStatement()) {
      int[] key = cancelKey(c);
      SQLException e =
          TlsAndCancelIT.cancelEndless(
              st, () -> sendCancelRequest(secondGatewayPort, key[0], key[1]));
      assertEquals("57014", e.getSQLState(), e::toString);
      assertEquals(List.of("1"), column(c, "SELECT 1"));
    }
  }

  /**
   * The BackendKeyData pgjdbc received. pgjdbc only sends cancels to the host it is connected to,
   * and keeps the key private: read it by reflection, to send it to another gateway.
   */
  private static int[] cancelKey(Connection c) throws Exception {
    Object executor = c.unwrap(BaseConnection.class).getQueryExecutor();
    Field pid = QueryExecutorBase.class.getDeclaredField("cancelPid");
    Field secret = QueryExecutorBase.class.getDeclaredField("cancelKey");
    pid.setAccessible(true);
    secret.setAccessible(true);
    byte[] key = (byte[]) secret.get(executor);
    return new int[] {pid.getInt(executor), ByteBuffer.wrap(key).getInt()};
  }

  /** A CancelRequest packet, as libpq sends it: length 16, code 80877102, pid, secret. */
  private static void sendCancelRequest(int port, int pid, int secret) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream()
          .write(
              ByteBuffer.allocate(16)
                  .putInt(16)
                  .putInt(80877102)
                  .putInt(pid)
                  .putInt(secret)
                  .array());
      s.getOutputStream().flush();
      // The gateway answers nothing and closes: wait for that, so the request was read.
      assertEquals(-1, s.getInputStream().read());
    }
  }

  /** Nodes register asynchronously after their port opens; wait until the gateway sees them. */
  private void awaitNodes(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Result nodes;
    do {
      // Each psql round trip is the pacing; the loop ends on the condition or the deadline.
      nodes = consoleQuery("SHOW NODES");
      if (nodes.exitCode() == 0 && nodes.stdout().lines().count() >= count) {
        return;
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("nodes did not register: " + nodes);
  }

  private Result consoleQuery(String sql) {
    return Psql.script(gatewayPort, "rhizome", "admin", RhizomeProcess.ADMIN_PASSWORD, sql + ";");
  }

  /** The node serving {@code tenant}'s shard, from the console (SHOW TENANTS, SHOW SHARDS). */
  private String ownerOf(String tenant) throws SQLException {
    try (MoveConsole console = new MoveConsole(gatewayPort)) {
      return console.tenantNode(tenant);
    }
  }

  @Test
  void bindsAValueLargerThanGrpcsDefaultMessageSize() throws SQLException {
    String t = newTenant("app", "pw");
    byte[] big = new byte[6 * 1024 * 1024];
    new java.util.Random(7).nextBytes(big);
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    try (Connection c =
        java.sql.DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + gatewayPort + "/" + t, p)) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE blobs (b BLOB)");
      }
      try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO blobs VALUES (?)")) {
        ps.setBytes(1, big);
        assertEquals(1, ps.executeUpdate(), "a 6 MiB Bind crosses gRPC to the node");
      }
      try (Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("SELECT b FROM blobs")) {
        assertTrue(rs.next());
        org.junit.jupiter.api.Assertions.assertArrayEquals(big, rs.getBytes(1));
      }
    }
  }
}
