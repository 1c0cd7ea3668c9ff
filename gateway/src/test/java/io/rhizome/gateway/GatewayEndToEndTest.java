/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.gateway.auth.ScramVerifiers;
import io.rhizome.proto.CancelStatementRequest;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.Open;
import io.rhizome.proto.SessionInfo;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.UserRecord;
import io.rhizome.proto.Value;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.NodeRegistration;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * pgjdbc (simple query mode, and the extended protocol where named) against a real GatewayServer
 * and a real embedded topology, with an in-process {@link FakeNode} in the node's place.
 */
class GatewayEndToEndTest {
  private static final String ADMIN_PASSWORD = "admin-pw";

  @TempDir static Path dataDir;

  private static Topology topology;
  private static FakeNode node;
  private static NodeRegistration registration;
  private static NodeChannels channels;
  private static GatewayServer gateway;

  @BeforeAll
  static void start() throws Exception {
    topology =
        Topologies.embedded(
            dataDir,
            new ClusterBootstrap(
                "test",
                16,
                () ->
                    UserRecord.newBuilder()
                        .setFormat(1)
                        .setName("admin")
                        .setScram(ScramVerifiers.derive(ADMIN_PASSWORD))
                        .build()));
    String name = "fake-node-" + UUID.randomUUID();
    node = new FakeNode(name);
    registration =
        topology.registerNode(
            NodeRecord.newBuilder()
                .setFormat(1)
                .setId("n1")
                .setAddress("inprocess:" + name)
                .setState(NodeState.NODE_UP)
                .setStartedUnixMs(System.currentTimeMillis())
                .build());
    channels = NodeChannels.create();
    gateway =
        GatewayServer.start(
            GatewayConfig.defaults(new InetSocketAddress("127.0.0.1", 0)), topology, channels);
    try (Connection admin = admin();
        Statement st = admin.createStatement()) {
      st.execute("CREATE TENANT acme USER app PASSWORD 'secret'");
    }
  }

  @AfterAll
  static void stop() {
    gateway.close();
    channels.close();
    registration.close();
    node.close();
    topology.close();
  }

  private static Connection connect(String database, String user, String password)
      throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("preferQueryMode", "simple");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(url(gateway, database), p);
  }

  private static String url(GatewayServer server, String database) {
    InetSocketAddress a = server.boundAddress();
    return "jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/" + database;
  }

  private static Connection admin() throws SQLException {
    return connect("rhizome", "admin", ADMIN_PASSWORD);
  }

  private static String sqlState(Executable e) {
    return assertThrows(SQLException.class, e::run).getSQLState();
  }

  @FunctionalInterface
  interface Executable {
    void run() throws Exception;
  }

  @Test
  void adminConsoleShowsTheCreatedTenantAndItsPlacement() throws Exception {
    try (Connection c = admin();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW TENANTS")) {
      boolean found = false;
      while (rs.next()) {
        if (rs.getString("name").equals("acme")) {
          found = true;
          assertEquals(topology.shardOf("acme"), rs.getLong("shard"));
          assertEquals("n1", rs.getString("node"));
          assertEquals(1, rs.getLong("epoch"));
          assertEquals("app", rs.getString("users"));
        }
      }
      assertTrue(found);
    }
    try (Connection c = admin();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("show nodes")) {
      assertTrue(rs.next());
      assertEquals("n1", rs.getString("id"));
      assertEquals("up", rs.getString("state"));
      assertTrue(rs.getLong("shards") >= 1);
    }
  }

  @Test
  void adminConsoleReportsItsErrorsWithTheirSqlStates() throws Exception {
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      assertEquals(
          SqlState.DUPLICATE_DATABASE.code(),
          sqlState(() -> st.execute("CREATE TENANT acme USER x PASSWORD 'p'")));
      assertEquals(
          SqlState.INVALID_NAME.code(),
          sqlState(() -> st.execute("CREATE TENANT \"Bad Name\" USER x PASSWORD 'p'")));
      assertEquals(
          SqlState.INVALID_NAME.code(),
          sqlState(() -> st.execute("CREATE TENANT rhizome USER x PASSWORD 'p'")));
      assertEquals(
          SqlState.INVALID_CATALOG_NAME.code(), sqlState(() -> st.execute("DROP TENANT nobody")));
      assertEquals(SqlState.SYNTAX_ERROR.code(), sqlState(() -> st.execute("SELECT 1")));
      try (ResultSet rs = st.executeQuery("SHOW application_name")) {
        assertTrue(rs.next(), "session statements work on the console too");
      }
    }
  }

  @Test
  void dropTenantRemovesTheRecordAndAsksTheOwnerToDeleteFiles() throws Exception {
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("CREATE TENANT doomed USER u PASSWORD 'p'")) {
        assertTrue(rs.next());
        assertEquals("doomed", rs.getString("name"));
        assertEquals("n1", rs.getString("node"));
      }
      assertFalse(st.execute("DROP TENANT doomed"));
      assertEquals(
          SqlState.INVALID_CATALOG_NAME.code(), sqlState(() -> st.execute("DROP TENANT doomed")));
    }
    assertTrue(
        node.drops.stream()
            .anyMatch(
                d ->
                    d.getTenant().equals("doomed")
                        && d.getShard() == topology.shardOf("doomed")
                        && d.getEpoch() == 1));
    assertEquals(
        SqlState.INVALID_CATALOG_NAME.code(), sqlState(() -> connect("doomed", "u", "p").close()));
  }

  @Test
  void showTenantReportsTheNodesSizeAndSessions() throws Exception {
    node.openSessions = 3;
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SHOW TENANT acme")) {
        assertTrue(rs.next());
        assertEquals("acme", rs.getString("name"));
        assertEquals("n1", rs.getString("node"));
        assertEquals(4096, rs.getLong("size_bytes"));
        assertEquals(3, rs.getLong("sessions"));
      }
      assertEquals(
          SqlState.INVALID_CATALOG_NAME.code(), sqlState(() -> st.execute("SHOW TENANT nobody")));
    } finally {
      node.openSessions = 0;
    }
  }

  @Test
  void dropTenantIsRefusedWhileSessionsAreOpenUnlessForced() throws Exception {
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      st.executeQuery("CREATE TENANT busy USER u PASSWORD 'p'").close();
      node.openSessions = 2;
      SQLException refused = assertThrows(SQLException.class, () -> st.execute("DROP TENANT busy"));
      assertEquals(SqlState.OBJECT_IN_USE.code(), refused.getSQLState());
      assertTrue(refused.getMessage().contains("There are 2 open sessions"), refused.getMessage());
      assertTrue(node.drops.stream().noneMatch(d -> d.getTenant().equals("busy")));
      assertTrue(topology.tenant("busy").isPresent(), "a refused drop keeps the record");

      assertFalse(st.execute("DROP TENANT busy FORCE"));
      assertTrue(node.drops.stream().anyMatch(d -> d.getTenant().equals("busy")));
      assertTrue(topology.tenant("busy").isEmpty());
    } finally {
      node.openSessions = 0;
    }
  }

  @Test
  void runsQueriesOnTheTenantsNodeWithRealTypes() throws Exception {
    try (Connection c = connect("acme", "app", "secret");
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("rows 3")) {
        assertEquals("int8", rs.getMetaData().getColumnTypeName(1));
        assertEquals("float8", rs.getMetaData().getColumnTypeName(3));
        for (int i = 1; i <= 3; i++) {
          assertTrue(rs.next());
          assertEquals(i, rs.getLong(1));
          assertEquals("row " + i, rs.getString(2));
          assertEquals(i / 2.0, rs.getDouble(3));
        }
        assertFalse(rs.next());
      }
      try (ResultSet rs = st.executeQuery("types")) {
        assertTrue(rs.next());
        assertTrue(rs.getBoolean("b"));
        assertArrayEquals(new byte[] {1, 2}, rs.getBytes("bytes"));
        assertEquals(java.sql.Date.valueOf("2024-02-29"), rs.getDate("d"));
        assertEquals(1709164800000L, rs.getTimestamp("ts").getTime());
        assertEquals("1e+20", rs.getString("f"));
        assertEquals(new java.math.BigDecimal("12.50"), rs.getBigDecimal("num"));
        assertEquals(null, rs.getString("nothing"));
      }
      Open last = lastOpen();
      assertEquals("acme", last.getTenant());
      assertEquals(topology.shardOf("acme"), last.getShard());
      assertEquals(1, last.getEpoch());
      assertEquals("app", last.getUser());
    }
  }

  @Test
  void aTenantSessionTellsTheNodeWhereItComesFrom() throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "secret");
    p.setProperty("preferQueryMode", "simple");
    p.setProperty("ApplicationName", "billing-worker");
    // Else pgjdbc sends a SET application_name after startup, which the node never sees.
    p.setProperty("assumeMinServerVersion", "9.0");
    try (Connection c = DriverManager.getConnection(url(gateway, "acme"), p);
        Statement st = c.createStatement()) {
      st.execute("select 1");
      Open last = lastOpen();
      assertEquals("billing-worker", last.getApplicationName());
      assertTrue(last.getClientAddress().matches("127\\.0\\.0\\.1:\\d+"), last.getClientAddress());
      assertEquals("127.0.0.1:" + gateway.boundAddress().getPort(), last.getGateway());
    }
  }

  @Test
  void showSessionsMergesEveryLiveNodeAndMarksOneThatDoesNotAnswer() throws Exception {
    long start = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    node.sessions =
        List.of(
            session("globex", 30, start, "idle", "select 3"),
            session("acme", 20, start + 1000, "active", "select 2"),
            session("acme", 10, start, "idle in transaction", "update t set x = $1"));
    NodeRegistration silent =
        topology.registerNode(
            NodeRecord.newBuilder()
                .setFormat(1)
                .setId("n2")
                .setAddress("inprocess:nowhere-" + UUID.randomUUID())
                .setState(NodeState.NODE_UP)
                .setStartedUnixMs(System.currentTimeMillis())
                .build());
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (topology.node("n2").isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      try (ResultSet rs = st.executeQuery("SHOW SESSIONS")) {
        List<String> columns = new java.util.ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          columns.add(rs.getMetaData().getColumnName(i));
        }
        assertEquals(
            List.of(
                "node",
                "tenant",
                "user",
                "client_address",
                "application_name",
                "gateway",
                "state",
                "backend_start",
                "state_change",
                "query",
                "backend_pid"),
            columns);
        List<String> rows = new java.util.ArrayList<>();
        while (rs.next()) {
          rows.add(
              rs.getString("node")
                  + " "
                  + rs.getString("tenant")
                  + " "
                  + rs.getString("state")
                  + " "
                  + rs.getString("backend_pid"));
          if (rs.getLong("backend_pid") == 10) {
            assertEquals("app", rs.getString("user"));
            assertEquals("10.1.2.3:5555", rs.getString("client_address"));
            assertEquals("psql", rs.getString("application_name"));
            assertEquals("gw-a:5432", rs.getString("gateway"));
            assertEquals("2026-01-01T00:00:00Z", rs.getString("backend_start"));
            assertEquals("2026-01-01T00:00:05Z", rs.getString("state_change"));
            assertEquals("update t set x = $1", rs.getString("query"));
          }
          if (rs.getString("node").equals("n2")) {
            assertNull(rs.getString("tenant"));
            assertTrue(rs.getString("query").contains("UNAVAILABLE"), rs.getString("query"));
          }
        }
        assertEquals(
            List.of(
                "n1 acme idle in transaction 10",
                "n1 acme active 20",
                "n1 globex idle 30",
                "n2 null unavailable null"),
            rows);
      }
      try (ResultSet rs = st.executeQuery("show sessions for tenant acme")) {
        int n1Rows = 0;
        while (rs.next()) {
          if (rs.getString("node").equals("n1")) {
            assertEquals("acme", rs.getString("tenant"));
            n1Rows++;
          }
        }
        assertEquals(2, n1Rows);
        assertEquals("acme", node.sessionLists.get(node.sessionLists.size() - 1).getTenant());
      }
      assertEquals(
          SqlState.INVALID_CATALOG_NAME.code(),
          sqlState(() -> st.execute("SHOW SESSIONS FOR TENANT nobody")));
    } finally {
      silent.close();
      node.sessions = List.of();
    }
  }

  private static SessionInfo session(
      String tenant, int pid, long startMs, String state, String query) {
    return SessionInfo.newBuilder()
        .setTenant(tenant)
        .setUser("app")
        .setClientAddress("10.1.2.3:5555")
        .setApplicationName("psql")
        .setGateway("gw-a:5432")
        .setState(state)
        .setBackendStartUnixMs(startMs)
        .setStateChangeUnixMs(startMs + 5000)
        .setQuery(query)
        .setBackendPid(pid)
        .build();
  }

  private static Open lastOpen() {
    return node.opens.get(node.opens.size() - 1);
  }

  @Test
  void keepsTheConnectionUsableAfterAStatementError() throws Exception {
    try (Connection c = connect("acme", "app", "secret");
        Statement st = c.createStatement()) {
      assertEquals(SqlState.UNDEFINED_TABLE.code(), sqlState(() -> st.execute("missing")));
      assertEquals(1, st.executeUpdate("insert into t values (1)"));
      try (ResultSet rs = st.executeQuery("rows 1")) {
        assertTrue(rs.next());
      }
    }
  }

  @Test
  void tracksTransactionsAcrossQueries() throws Exception {
    try (Connection c = connect("acme", "app", "secret")) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("update t set x = 1");
        assertEquals(SqlState.UNDEFINED_TABLE.code(), sqlState(() -> st.execute("missing")));
        c.rollback();
        st.execute("update t set x = 2");
        c.commit();
      }
    }
    assertTrue(node.queries.contains(java.util.List.of("BEGIN")), node.queries.toString());
    assertTrue(node.queries.contains(java.util.List.of("ROLLBACK")), node.queries.toString());
    assertTrue(node.queries.contains(java.util.List.of("COMMIT")), node.queries.toString());
  }

  @Test
  void answersSessionStatementsAtTheGateway() throws Exception {
    try (Connection c = connect("acme", "app", "secret");
        Statement st = c.createStatement()) {
      int before = node.queries.size();
      st.execute("SET application_name = 'e2e'");
      assertEquals("e2e", c.getClientInfo("ApplicationName"));
      try (ResultSet rs = st.executeQuery("SHOW application_name")) {
        assertTrue(rs.next());
        assertEquals("e2e", rs.getString(1));
      }
      assertEquals(java.sql.Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
      try (ResultSet rs = st.executeQuery("SELECT version()")) {
        assertTrue(rs.next());
        assertTrue(rs.getString(1).startsWith("PostgreSQL 15.0 (Rhizome"));
      }
      assertEquals(before, node.queries.size(), "none of these reached the node");
      assertEquals(15, c.getMetaData().getDatabaseMajorVersion());
    }
  }

  @Test
  void streamsALargeResultInBatches() throws Exception {
    int n = 20_000;
    try (Connection c = connect("acme", "app", "secret");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("rows " + n)) {
      long sum = 0;
      int count = 0;
      while (rs.next()) {
        sum += rs.getLong(1);
        count++;
      }
      assertEquals(n, count);
      assertEquals((long) n * (n + 1) / 2, sum);
    }
  }

  @Test
  void refusesBadCredentialsAndUnknownDatabases() {
    assertEquals(
        SqlState.INVALID_PASSWORD.code(), sqlState(() -> connect("acme", "app", "wrong").close()));
    assertEquals(
        SqlState.INVALID_PASSWORD.code(), sqlState(() -> connect("acme", "nobody", "x").close()));
    assertEquals(
        SqlState.INSUFFICIENT_PRIVILEGE.code(),
        sqlState(() -> connect("rhizome", "app", "secret").close()),
        "a tenant user is turned away from the admin console");
    assertEquals(
        SqlState.INVALID_CATALOG_NAME.code(),
        sqlState(() -> connect("no_such_tenant", "app", "secret").close()));
  }

  @Test
  void retriesUntilTheOwnerTakesTheSessionWhenItSaysWrongDbServer() throws Exception {
    node.refuseOpens.put("acme", 3);
    int before = node.opens.size();
    try (Connection c = connect("acme", "app", "secret");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("rows 1")) {
      assertTrue(rs.next());
    }
    assertEquals(before + 4, node.opens.size(), "three refusals, then the open that worked");
  }

  @Test
  void givesUpWith57P03WhenTheShardStaysMisroutedPastTheWindow() throws Exception {
    node.refuseOpens.put("acme", Integer.MAX_VALUE);
    try {
      SQLException e =
          assertThrows(SQLException.class, () -> connect("acme", "app", "secret").close());
      assertEquals(SqlState.CANNOT_CONNECT_NOW.code(), e.getSQLState());
      assertTrue(e.getMessage().contains("is moving"), e.getMessage());
    } finally {
      node.refuseOpens.remove("acme");
    }
  }

  @Test
  void aWriteRefusedWhileItsShardIsFrozenIsSentAgainUntilTheFreezeLifts() throws Exception {
    try (Connection c = connect("acme", "app", "secret");
        Statement st = c.createStatement()) {
      int before = node.opens.size();
      node.frozenWrites.set(3);
      assertEquals(1, st.executeUpdate("insert into t values (1)"));
      assertEquals(0, node.frozenWrites.get());
      assertEquals(before + 3, node.opens.size(), "a new node session after each refusal");
      assertEquals(1, st.executeUpdate("update t set a = 2"), "the connection goes on");
    } finally {
      node.frozenWrites.set(0);
    }
  }

  @Test
  void aWriteStillFrozenWhenTheRouteWindowEndsGetsTheNodesErrorAndTheSessionEnds()
      throws Exception {
    node.frozenWrites.set(Integer.MAX_VALUE);
    try (Connection c = connect("acme", "app", "secret");
        Statement st = c.createStatement()) {
      SQLException e =
          assertThrows(SQLException.class, () -> st.executeUpdate("insert into t values (1)"));
      assertEquals(SqlState.CANNOT_CONNECT_NOW.code(), e.getSQLState());
      assertTrue(e.getMessage().contains("shard is frozen"), e.getMessage());
      assertFalse(c.isValid(5));
    } finally {
      node.frozenWrites.set(0);
    }
  }

  @Test
  void anIdleSessionEndedByItsNodeAfterAFlipIsReopenedWithItsPreparedStatements() throws Exception {
    try (Connection c = extended("acme", "app", "secret");
        PreparedStatement insert = c.prepareStatement("insert into t values (?)")) {
      insert.setInt(1, 1);
      assertEquals(1, insert.executeUpdate());
      int opens = node.opens.size();
      endSessionsAsAfterAFlip();
      // pgjdbc sends only Bind and Execute of its statement: the new node session has it only
      // if the gateway prepared it again.
      insert.setInt(1, 2);
      assertEquals(1, insert.executeUpdate());
      assertEquals(opens + 1, node.opens.size(), "one new node session for the next statement");
    }
  }

  @Test
  void aTransactionWhoseIdleSessionTheNodeEndedFailsWith40001AndCanBeRetried() throws Exception {
    try (Connection c = connect("acme", "app", "secret");
        Statement st = c.createStatement()) {
      st.execute("begin");
      st.executeUpdate("insert into t values (1)");
      endSessionsAsAfterAFlip();
      int opens = node.opens.size();
      int queries = node.queries.size();
      assertEquals(
          SqlState.SERIALIZATION_FAILURE.code(),
          sqlState(() -> st.executeUpdate("insert into t values (2)")));
      assertEquals(queries, node.queries.size(), "the rest of the transaction ran nowhere");
      st.execute("begin");
      assertEquals(1, st.executeUpdate("insert into t values (3)"));
      st.execute("commit");
      assertEquals(opens + 1, node.opens.size());
    }
  }

  /** Ends every node session as after a flip and waits until the gateway has let go of them. */
  private static void endSessionsAsAfterAFlip() {
    int ended = node.streamsEndedByGateway.get();
    node.endSessionsAsAfterAFlip();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (node.streamsEndedByGateway.get() == ended) {
      assertTrue(System.nanoTime() < deadline, "the gateway let go of the ended session");
      LockSupport.parkNanos(200_000);
    }
  }

  private static Connection extended(String database, String user, String password)
      throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("prepareThreshold", "1");
    p.setProperty("binaryTransfer", "true");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(url(gateway, database), p);
  }

  @Test
  void runsNamedPreparedStatementsWithBinaryResults() throws Exception {
    try (Connection c = extended("acme", "app", "secret");
        PreparedStatement ps = c.prepareStatement("types")) {
      for (int run = 0; run < 3; run++) {
        // The first run describes the statement; later runs ask for binary columns.
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertTrue(rs.getBoolean("b"));
          assertArrayEquals(new byte[] {1, 2}, rs.getBytes("bytes"));
          assertEquals(LocalDate.of(2024, 2, 29), rs.getObject("d", LocalDate.class));
          assertEquals(
              OffsetDateTime.of(2024, 2, 29, 0, 0, 0, 0, ZoneOffset.UTC),
              rs.getObject("ts", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
          assertEquals(1e20, rs.getDouble("f"));
          assertEquals(new BigDecimal("12.50"), rs.getBigDecimal("num"));
          assertNull(rs.getString("nothing"));
        }
      }
    }
  }

  @Test
  void decodesBinaryParametersForTheNode() throws Exception {
    UUID uuid = UUID.randomUUID();
    try (Connection c = extended("acme", "app", "secret");
        PreparedStatement ps =
            c.prepareStatement("insert into t values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setInt(1, 42);
      ps.setLong(2, -7_000_000_000L);
      ps.setDouble(3, 2.5);
      ps.setBigDecimal(4, new BigDecimal("-1234567.8900"));
      ps.setString(5, "héllo");
      ps.setBytes(6, new byte[] {0, (byte) 0xFF});
      ps.setBoolean(7, true);
      ps.setObject(8, uuid);
      ps.setNull(9, java.sql.Types.INTEGER);
      assertEquals(1, ps.executeUpdate());
      List<Value> values = node.bound.get(node.bound.size() - 1);
      assertEquals(42, values.get(0).getInteger());
      assertEquals(-7_000_000_000L, values.get(1).getInteger());
      assertEquals(2.5, values.get(2).getReal());
      assertEquals(-1234567.89, values.get(3).getReal());
      assertEquals("héllo", values.get(4).getText());
      assertEquals(
          com.google.protobuf.ByteString.copyFrom(new byte[] {0, (byte) 0xFF}),
          values.get(5).getBlob());
      assertEquals(1, values.get(6).getInteger());
      assertEquals(uuid.toString(), values.get(7).getText());
      assertTrue(values.get(8).getNull());
    }
  }

  @Test
  void answersSessionStatementsSentAsPreparedStatements() throws Exception {
    int before = node.queries.size();
    try (Connection c = extended("acme", "app", "secret")) {
      try (PreparedStatement set = c.prepareStatement("SET application_name = 'prepared'")) {
        set.execute();
        set.execute();
      }
      try (PreparedStatement show = c.prepareStatement("SHOW application_name");
          ResultSet rs = show.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("prepared", rs.getString(1));
      }
    }
    assertEquals(before, node.queries.size(), "no simple query reached the node");
  }

  @Test
  void skipsTheRestOfABatchAfterAnErrorAndStaysUsable() throws Exception {
    try (Connection c = extended("acme", "app", "secret");
        Statement st = c.createStatement()) {
      st.addBatch("insert into t values (1)");
      st.addBatch("missing");
      st.addBatch("insert into t values (2)");
      BatchUpdateException e = assertThrows(BatchUpdateException.class, st::executeBatch);
      assertEquals(SqlState.UNDEFINED_TABLE.code(), e.getSQLState());
      try (ResultSet rs = st.executeQuery("rows 2")) {
        assertTrue(rs.next());
        assertTrue(rs.next());
      }
    }
  }

  @Test
  void adminConsoleRefusesTheExtendedProtocol() throws Exception {
    try (Connection c = extended("rhizome", "admin", ADMIN_PASSWORD);
        Statement st = c.createStatement()) {
      assertEquals(
          SqlState.FEATURE_NOT_SUPPORTED.code(), sqlState(() -> st.execute("SHOW TENANTS")));
      assertTrue(c.isValid(5));
    }
  }

  @Test
  void refusesConnectionsBeyondTheLimitWith53300() throws Exception {
    try (GatewayServer small =
        GatewayServer.start(
            GatewayConfig.defaults(new InetSocketAddress("127.0.0.1", 0)).withMaxConnections(1),
            topology,
            channels)) {
      Properties p = new Properties();
      p.setProperty("user", "app");
      p.setProperty("password", "secret");
      p.setProperty("preferQueryMode", "simple");
      try (Connection first = DriverManager.getConnection(url(small, "acme"), p)) {
        SQLException e =
            assertThrows(
                SQLException.class, () -> DriverManager.getConnection(url(small, "acme"), p));
        assertEquals(SqlState.TOO_MANY_CONNECTIONS.code(), e.getSQLState());
        assertTrue(first.isValid(5));
        // A full gateway still forwards cancel requests, as Postgres does.
        node.cancels.clear();
        first.unwrap(PGConnection.class).cancelQuery();
        CancelStatementRequest cancel = node.cancels.poll(10, TimeUnit.SECONDS);
        assertEquals(FakeNode.BACKEND_PID, cancel.getBackendPid());
      }
    }
  }

  @Test
  void backendKeyDataIsTheNodesKeyAndACancelRequestReachesTheNode() throws Exception {
    try (Connection c = connect("acme", "app", "secret");
        Statement st = c.createStatement()) {
      assertEquals(FakeNode.BACKEND_PID, c.unwrap(PGConnection.class).getBackendPID());
      try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
        assertTrue(rs.next());
        assertEquals(FakeNode.BACKEND_PID, rs.getInt(1));
      }
      node.cancels.clear();
      c.unwrap(PGConnection.class).cancelQuery();
      CancelStatementRequest cancel = node.cancels.poll(10, TimeUnit.SECONDS);
      assertEquals(FakeNode.BACKEND_PID, cancel.getBackendPid());
      assertEquals(FakeNode.CANCEL_SECRET, cancel.getCancelSecret());
      assertTrue(c.isValid(5), "the cancel used a connection of its own");
    }
  }

  @Test
  void endsTheClientSessionWith08006WhenTheNodeStreamFails() throws Exception {
    try (Connection c = connect("acme", "app", "secret");
        Statement st = c.createStatement()) {
      assertEquals(SqlState.CONNECTION_FAILURE.code(), sqlState(() -> st.execute("die")));
      assertTrue(c.isClosed() || !c.isValid(2));
    }
  }

  @Test
  void closingTheClientEndsTheNodeStream() throws Exception {
    try (Connection c = connect("acme", "app", "secret")) {
      assertTrue(c.isValid(5));
    }
    assertTrue(node.streamsEnded.await(10, TimeUnit.SECONDS));
  }
}
