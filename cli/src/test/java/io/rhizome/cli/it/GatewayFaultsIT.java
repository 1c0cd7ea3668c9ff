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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults between clients and nodes: a node that stops answering (SIGSTOP) holds up only its own
 * tenants' statements, not the gateway's event loops; a gateway killed with SIGKILL loses its
 * connections, and clients with both gateways in their URL carry on through the other one.
 */
class GatewayFaultsIT {
  private static final Path LOGS = Path.of("target", "it-logs", "gateway-faults");

  private final List<AutoCloseable> running = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();
  private Etcd etcd;

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    dirs.forEach(Etcd::deleteRecursively);
  }

  @Test
  void aFrozenNodeHoldsUpOnlyItsTenantsAndClientsOfAKilledGatewayMoveToTheOther() throws Exception {
    etcd = Etcd.start();
    running.add(etcd);
    startNode("n1");
    RhizomeProcess n2 = startNode("n2");
    int gw1Port = FreePort.pick();
    RhizomeProcess gw1 = startGateway("gateway1", gw1Port);
    int gw2Port = FreePort.pick();
    startGateway("gateway2", gw2Port);
    Until.until(
        () -> ctl(gw1Port, "node", "list"),
        r -> r.stdout().contains("n1") && r.stdout().contains("n2"),
        Duration.ofSeconds(30));

    String onN1 = null;
    String onN2 = null;
    for (int i = 0; i < 40 && (onN1 == null || onN2 == null); i++) {
      String t = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      Result created = RhizomeProcess.createTenant(gw1Port, t, "app", "pw");
      assertEquals(0, created.exitCode(), created::toString);
      String owner = owner(ctl(gw1Port, "--json", "tenant", "where", t));
      if (owner.equals("n1") && onN1 == null) {
        onN1 = t;
      } else if (owner.equals("n2") && onN2 == null) {
        onN2 = t;
      }
    }
    assertTrue(onN1 != null && onN2 != null, "tenants landed on both nodes");
    for (String t : List.of(onN1, onN2)) {
      Result r = Psql.script(gw1Port, t, "app", "pw", "CREATE TABLE log (v INTEGER);");
      assertEquals(0, r.exitCode(), r::toString);
    }

    // A frozen node: its tenant's statement waits, the other node's tenants are served as usual.
    n2.freeze();
    String frozenTenant = onN2;
    CompletableFuture<Result> held =
        CompletableFuture.supplyAsync(
            () -> Psql.script(gw1Port, frozenTenant, "app", "pw", "SELECT count(*) FROM log;"));
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

  private RhizomeProcess startNode(String id) throws Exception {
    Path data = Files.createTempDirectory("rhizome-" + id + "-");
    dirs.add(data);
    int port = FreePort.pick();
    RhizomeProcess node =
        RhizomeProcess.start(
                id,
                LOGS,
                "node",
                "--etcd",
                etcd.endpointsFlag(),
                "--id",
                id,
                "--listen",
                "127.0.0.1:" + port,
                "--data",
                data.toString(),
                "--shards",
                "16")
            .awaitPort(port);
    running.add(node);
    return node;
  }

  private RhizomeProcess startGateway(String name, int port) {
    RhizomeProcess gateway =
        RhizomeProcess.start(
                name,
                LOGS,
                "gateway",
                "--etcd",
                etcd.endpointsFlag(),
                "--listen",
                "127.0.0.1:" + port)
            .awaitPort(port);
    running.add(gateway);
    return gateway;
  }

  private static Properties credentials() {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    return p;
  }

  private static Result ctl(int port, String... args) {
    List<String> all = new ArrayList<>(List.of("ctl", "--server", "127.0.0.1:" + port));
    all.addAll(List.of(args));
    return RhizomeProcess.run(
        Map.of("RHIZOME_ADMIN_PASSWORD", RhizomeProcess.ADMIN_PASSWORD),
        null,
        all.toArray(String[]::new));
  }

  private static String owner(Result where) {
    Matcher m = Pattern.compile("\"node\":\"([^\"]*)\"").matcher(where.stdout());
    assertTrue(m.find(), where::toString);
    return m.group(1);
  }
}
