/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node killed with SIGKILL, seen from clients and from {@code ctl}: its tenants fail with an
 * error while the other node's tenants keep working; when its registration's lease expires, {@code
 * ctl node list}, {@code ctl status} and {@code ctl tenant where} show it down; restarted under the
 * same id on the same data, it serves its tenants again.
 */
class NodeFailureIT {
  private static final Path LOGS = Path.of("target", "it-logs", "node-failure");

  private final List<AutoCloseable> running = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();
  private Etcd etcd;
  private int gatewayPort;

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    dirs.forEach(Etcd::deleteRecursively);
  }

  @Test
  void aKilledNodesTenantsFailItIsMarkedDownAndItServesAgainAfterARestart() throws Exception {
    etcd = Etcd.start();
    running.add(etcd);
    Path n1Data = Files.createTempDirectory("rhizome-n1-");
    Path n2Data = Files.createTempDirectory("rhizome-n2-");
    dirs.addAll(List.of(n1Data, n2Data));
    startNode("n1", n1Data, FreePort.pick());
    int n2Port = FreePort.pick();
    RhizomeProcess n2 = startNode("n2", n2Data, n2Port);
    gatewayPort = FreePort.pick();
    running.add(
        RhizomeProcess.start(
                "gateway",
                LOGS,
                "gateway",
                "--etcd",
                etcd.endpointsFlag(),
                "--listen",
                "127.0.0.1:" + gatewayPort)
            .awaitPort(gatewayPort));
    until(() -> ctl("node", "list"), r -> r.stdout().contains("n1") && r.stdout().contains("n2"));

    // One tenant on each node, each with a row.
    String onN1 = null;
    String onN2 = null;
    for (int i = 0; i < 40 && (onN1 == null || onN2 == null); i++) {
      String t = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      Result created = RhizomeProcess.createTenant(gatewayPort, t, "app", "pw");
      assertEquals(0, created.exitCode(), created::toString);
      String owner = field(ctl("--json", "tenant", "where", t), "node");
      if (owner.equals("n1") && onN1 == null) {
        onN1 = t;
      } else if (owner.equals("n2") && onN2 == null) {
        onN2 = t;
      }
    }
    assertTrue(onN1 != null && onN2 != null, "tenants landed on both nodes");
    for (String t : List.of(onN1, onN2)) {
      Result r = psql(t, "CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('" + t + "');");
      assertEquals(0, r.exitCode(), r::toString);
    }
    assertEquals("ok", field(ctl("--json", "status"), "health"));

    n2.kill();

    Result failed = psql(onN2, "SELECT v FROM kept;");
    assertNotEquals(0, failed.exitCode(), failed::toString);
    assertTrue(failed.stderr().contains("n2"), "the error names the node: " + failed);
    Result unaffected = psql(onN1, "SELECT v FROM kept;");
    assertEquals(onN1 + "\n", unaffected.stdout(), unaffected::toString);

    // The node's lease runs out (10 s) and the map shows it down; the view is the gateway's cache.
    Result nodes = until(() -> ctl("--json", "node", "list"), r -> r.stdout().contains("down"));
    assertTrue(
        Pattern.compile("\"id\":\"n2\",\"address\":\"\",\"state\":\"down\"")
            .matcher(nodes.stdout())
            .find(),
        nodes::toString);
    Result status = ctl("--json", "status");
    assertEquals("degraded", field(status, "health"));
    assertNotEquals("0", field(status, "unavailable"), status::toString);
    assertEquals("down", field(ctl("--json", "tenant", "where", onN2), "state"));

    startNode("n2", n2Data, n2Port);
    String restored = onN2;
    Result back = until(() -> psql(restored, "SELECT v FROM kept;"), r -> r.exitCode() == 0);
    assertEquals(restored + "\n", back.stdout(), back::toString);
    until(() -> ctl("--json", "status"), r -> field(r, "health").equals("ok"));
  }

  private RhizomeProcess startNode(String id, Path data, int port) {
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

  private Result ctl(String... args) {
    List<String> all = new ArrayList<>(List.of("ctl", "--server", "127.0.0.1:" + gatewayPort));
    all.addAll(List.of(args));
    return RhizomeProcess.run(
        Map.of("RHIZOME_ADMIN_PASSWORD", RhizomeProcess.ADMIN_PASSWORD),
        null,
        all.toArray(String[]::new));
  }

  private Result psql(String tenant, String sql) {
    return Psql.script(gatewayPort, tenant, "app", "pw", sql);
  }

  private static Result until(Supplier<Result> action, Predicate<Result> done) {
    return Until.until(action, done, Duration.ofSeconds(30));
  }

  /** A field of the first object in ctl's JSON output. */
  private static String field(Result r, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(r.stdout());
    assertTrue(m.find(), () -> name + " in " + r);
    return m.group(1);
  }
}
