/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node's resource flags through the gateway of a real {@code rhizome standalone}, with pgjdbc:
 * sessions per tenant, open handles, and the write lock's busy timeout.
 */
class NodeLimitsIT {
  private static Path data;
  private static int port;
  private static RhizomeProcess server;

  @BeforeAll
  static void startStandalone() throws Exception {
    data = Files.createTempDirectory("rhizome-limits-");
    port = FreePort.pick();
    server =
        RhizomeProcess.start(
                "limits",
                Path.of("target", "it-logs", "limits"),
                "standalone",
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--shards",
                "4",
                "--max-sessions-per-tenant",
                "2",
                "--max-open-tenants",
                "3",
                "--tenant-idle-timeout",
                "60000",
                "--max-concurrent-statements",
                "4",
                "--statement-queue",
                "4",
                "--busy-timeout",
                "300")
            .awaitPort(port);
    MoveConsole.createTenants(port, "app", "pw", List.of("acme", "t1", "t2", "t3"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Etcd.deleteRecursively(data);
  }

  @Test
  void aTenantsThirdSessionGetsTooManyConnections() throws Exception {
    try (Connection a = jdbc("acme");
        Connection b = jdbc("acme")) {
      SQLException e = assertThrows(SQLException.class, () -> jdbc("acme").close());
      assertEquals("53300", e.getSQLState(), e.getMessage());
      assertTrue(
          e.getMessage().contains("too many connections for database \"acme\""), e.getMessage());
      assertEquals(1, one(a, "select 1"));
      assertEquals(1, one(b, "select 1"));
    }
  }

  @Test
  void tenantsBeyondTheOpenHandlesReopenWithTheirData() throws Exception {
    for (String tenant : List.of("t1", "t2", "t3")) {
      try (Connection c = jdbc(tenant);
          Statement st = c.createStatement()) {
        st.execute("create table if not exists t (v int)");
        st.execute("insert into t values (1)");
      }
    }
    // Three handles for four tenants (acme's too): some came back through a reopened handle.
    for (String tenant : List.of("t1", "t2", "t3")) {
      try (Connection c = jdbc(tenant)) {
        assertEquals(1, one(c, "select count(*) from t"));
      }
    }
  }

  @Test
  void aWriterPastTheBusyTimeoutGetsLockNotAvailableWhileAReaderReads() throws Exception {
    try (Connection setup = jdbc("acme");
        Statement st = setup.createStatement()) {
      st.execute("create table if not exists locked (v int)");
      st.execute("delete from locked");
      st.execute("insert into locked values (1)");
    }
    try (Connection writer = jdbc("acme");
        Connection other = jdbc("acme")) {
      writer.setAutoCommit(false);
      try (Statement st = writer.createStatement()) {
        st.execute("insert into locked values (2)");
      }
      assertEquals(1, one(other, "select count(*) from locked"));
      try (Statement st = other.createStatement()) {
        SQLException e =
            assertThrows(SQLException.class, () -> st.execute("insert into locked values (3)"));
        assertEquals("55P03", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("busy timeout of 300 ms"), e.getMessage());
      }
      writer.commit();
      assertEquals(2, one(other, "select count(*) from locked"));
    }
  }

  private static long one(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Connection jdbc(String db) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, p);
  }
}
