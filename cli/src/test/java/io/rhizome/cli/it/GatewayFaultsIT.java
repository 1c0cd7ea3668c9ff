/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static io.rhizome.cli.it.LocalCluster.ctl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.FreePort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Faults between clients and nodes: a node that stops answering (SIGSTOP) holds up only its own
 * tenants' statements, not the gateway's event loops; a gateway killed with SIGKILL loses its
 * connections, and clients with both gateways in their URL carry on through the other one.
 */
class GatewayFaultsIT {

  @Test
  void aFrozenNodeHoldsUpOnlyItsTenantsAndClientsOfAKilledGatewayMoveToTheOther() throws Exception {
    try (LocalCluster cluster = new LocalCluster("gateway-faults")) {
      cluster.node("n1", cluster.dataDir("n1"), FreePort.pick());
      RhizomeProcess n2 = cluster.node("n2", cluster.dataDir("n2"), FreePort.pick());
      int gw1Port = FreePort.pick();
      RhizomeProcess gw1 = cluster.gateway("gateway1", gw1Port);
      int gw2Port = FreePort.pick();
      cluster.gateway("gateway2", gw2Port);
      Until.until(
          () -> ctl(gw1Port, "node", "list"),
          r -> r.stdout().contains("n1") && r.stdout().contains("n2"),
          Duration.ofSeconds(30));
      List<String> tenants = LocalCluster.tenantsOn(gw1Port, "n1", "n2");
      String onN1 = tenants.get(0);
      String onN2 = tenants.get(1);
      for (String t : tenants) {
        Result r = Psql.script(gw1Port, t, "app", "pw", "CREATE TABLE log (v INTEGER);");
        assertEquals(0, r.exitCode(), r::toString);
      }

      // A frozen node: its tenant's statement waits, the other node's tenants are served as
      // usual.
      n2.freeze();
      CompletableFuture<Result> held =
          CompletableFuture.supplyAsync(
              () -> Psql.script(gw1Port, onN2, "app", "pw", "SELECT count(*) FROM log;"));
      for (int i = 0; i < 20; i++) {
        Result r =
            Psql.script(
                gw1Port,
                onN1,
                "app",
                "pw",
                "INSERT INTO log VALUES (" + i + "); SELECT count(*) FROM log;");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("INSERT 0 1", Integer.toString(i + 1)), r.stdout().lines().toList());
      }
      n2.thaw();
      Result released = held.get(60, TimeUnit.SECONDS);
      assertEquals("0\n", released.stdout(), released::toString);

      // A killed gateway: pgjdbc with both gateways in its URL reconnects to the other.
      String url = "jdbc:postgresql://127.0.0.1:" + gw1Port + ",127.0.0.1:" + gw2Port + "/" + onN1;
      try (Connection c = DriverManager.getConnection(url, credentials());
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO log VALUES (100)");
        gw1.kill();
        SQLException lost = assertThrows(SQLException.class, () -> s.execute("SELECT 1"));
        assertTrue(lost.getSQLState().startsWith("08"), lost.getSQLState());
      }
      try (Connection c = DriverManager.getConnection(url, credentials());
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO log VALUES (101)");
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM log")) {
          rs.next();
          assertEquals(22, rs.getLong(1), "every acknowledged row, through the other gateway");
        }
      }
    }
  }

  private static Properties credentials() {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    return p;
  }
}
