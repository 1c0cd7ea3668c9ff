/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rhizome.testkit.FreePort;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The warm-up of a cold tenant while its client authenticates, on real etcd, node and gateway
 * processes: a client with a wrong password makes the node open the tenant's file into its handle
 * cache and lease nothing; a source that failed gets no more warm-ups; the next session of the
 * tenant takes the warmed handle instead of opening the file.
 */
class ColdConnectWarmupIT {
  private static final String OPENED = "rhizome_node_handles_opened_total";
  private static final String REUSED = "rhizome_node_handles_reused_total";
  private static final String OPEN = "rhizome_node_handles_open";
  private static final String LEASED = "rhizome_node_handles_leased";

  @Test
  void aFailedSignInWarmsTheFileWithoutALeaseAndTheNextSessionTakesIt() throws Exception {
    try (LocalCluster cluster = new LocalCluster("cold-connect-warmup")) {
      Path data = cluster.dataDir("n1");
      int nodePort = FreePort.pick();
      int adminPort = FreePort.pick();
      List<String> flags = List.of("--admin-listen", "127.0.0.1:" + adminPort);
      RhizomeProcess node = cluster.node("n1", data, nodePort, flags);
      int gateway = FreePort.pick();
      cluster.gateway("gateway", gateway);
      for (String tenant : List.of("acme", "beta")) {
        MoveConsole.createTenants(gateway, "app", "pw", List.of(tenant));
        try (Connection first = jdbc(gateway, tenant, "pw")) {
          assertEquals(1, one(first, "SELECT 1")); // creates the file
        }
      }
      // A restarted node has neither the tenants' records nor their files open: both are cold.
      node.close();
      node = cluster.node("n1", data, nodePort, flags);
      AdminHttp admin = new AdminHttp(adminPort);
      await().atMost(Duration.ofSeconds(30)).until(() -> admin.status("/readyz") == 200);
      assertEquals(0.0, metric(admin, OPENED));

      SQLException wrong = assertThrows(SQLException.class, () -> jdbc(gateway, "acme", "nope"));
      assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertEquals(1.0, metric(admin, OPENED)));
      Map<String, Double> warmed = AdminHttp.samples(admin.metrics());
      assertEquals(1.0, AdminHttp.value(warmed, OPEN), "one idle handle");
      assertEquals(0.0, AdminHttp.value(warmed, LEASED), "no lease left by the failed sign-in");

      // This source failed a moment ago: its sign-ins cost the node nothing before the password
      // is checked. The warm-up would be sent before the failure, which the throttle answers
      // only after its delay, so a warm-up of beta would have been counted by then.
      SQLException again = assertThrows(SQLException.class, () -> jdbc(gateway, "beta", "nope"));
      assertEquals("28P01", again.getSQLState(), again.getMessage());
      assertEquals(1.0, metric(admin, OPENED), "beta was not warmed");

      try (Connection session = jdbc(gateway, "acme", "pw")) {
        assertEquals(1, one(session, "SELECT 1"));
        Map<String, Double> inSession = AdminHttp.samples(admin.metrics());
        assertEquals(1.0, AdminHttp.value(inSession, OPENED), "the session opened no file");
        assertEquals(1.0, AdminHttp.value(inSession, REUSED), "it took the warmed handle");
        assertEquals(1.0, AdminHttp.value(inSession, LEASED));
      }
    }
  }

  private static double metric(AdminHttp admin, String series) throws Exception {
    return AdminHttp.value(AdminHttp.samples(admin.metrics()), series);
  }

  private static Connection jdbc(int port, String tenant, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "30");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + tenant, p);
  }

  private static int one(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
