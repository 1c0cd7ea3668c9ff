/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static io.rhizome.cli.it.LocalCluster.ctl;
import static io.rhizome.cli.it.LocalCluster.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.FreePort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A node killed with SIGKILL, seen from clients and from {@code ctl}: its tenants fail with an
 * error while the other node's tenants keep working; when its registration's lease expires, {@code
 * ctl node list}, {@code ctl status} and {@code ctl tenant where} show it down; restarted under the
 * same id on the same data, it serves its tenants again.
 */
class NodeFailureIT {
  /**
   * The nodes' lease, shorter than the default 10 s, which the test would otherwise wait out before
   * the map shows the killed node down; as in {@link MoveCrashIT}, not shorter, so that a node
   * stalled on a loaded machine keeps its registration.
   */
  private static final List<String> NODE_FLAGS = List.of("--lease-ttl", "5");

  @Test
  void aKilledNodesTenantsFailItIsMarkedDownAndItServesAgainAfterARestart() throws Exception {
    try (LocalCluster cluster = new LocalCluster("node-failure")) {
      cluster.node("n1", cluster.dataDir("n1"), FreePort.pick(), NODE_FLAGS);
      Path n2Data = cluster.dataDir("n2");
      int n2Port = FreePort.pick();
      RhizomeProcess n2 = cluster.node("n2", n2Data, n2Port, NODE_FLAGS);
      int gateway = FreePort.pick();
      cluster.gateway("gateway", gateway);
      until(
          () -> ctl(gateway, "node", "list"),
          r -> r.stdout().contains("n1") && r.stdout().contains("n2"));
      List<String> tenants = LocalCluster.tenantsOn(gateway, "n1", "n2");
      String onN1 = tenants.get(0);
      String onN2 = tenants.get(1);
      for (String t : tenants) {
        Result r =
            psql(gateway, t, "CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('" + t + "');");
        assertEquals(0, r.exitCode(), r::toString);
      }
      assertEquals("ok", field(ctl(gateway, "--json", "status"), "health"));

      n2.kill();

      Result failed = psql(gateway, onN2, "SELECT v FROM kept;");
      assertNotEquals(0, failed.exitCode(), failed::toString);
      assertTrue(failed.stderr().contains("n2"), "the error names the node: " + failed);
      Result unaffected = psql(gateway, onN1, "SELECT v FROM kept;");
      assertEquals(onN1 + "\n", unaffected.stdout(), unaffected::toString);

      // The node's lease runs out (5 s) and the map shows it down; the view is the gateway's
      // cache.
      Result nodes =
          until(() -> ctl(gateway, "--json", "node", "list"), r -> r.stdout().contains("down"));
      assertTrue(
          Pattern.compile("\"id\":\"n2\",\"address\":\"\",\"state\":\"down\"")
              .matcher(nodes.stdout())
              .find(),
          nodes::toString);
      Result status = ctl(gateway, "--json", "status");
      assertEquals("degraded", field(status, "health"));
      assertNotEquals("0", field(status, "unavailable"), status::toString);
      assertEquals("down", field(ctl(gateway, "--json", "tenant", "where", onN2), "state"));

      cluster.node("n2", n2Data, n2Port, NODE_FLAGS);
      Result back = until(() -> psql(gateway, onN2, "SELECT v FROM kept;"), r -> r.exitCode() == 0);
      assertEquals(onN2 + "\n", back.stdout(), back::toString);
      until(() -> ctl(gateway, "--json", "status"), r -> field(r, "health").equals("ok"));
    }
  }

  private static Result psql(int gateway, String tenant, String sql) {
    return Psql.script(gateway, tenant, "app", "pw", sql);
  }

  private static Result until(Supplier<Result> action, Predicate<Result> done) {
    return Until.until(action, done, Duration.ofSeconds(30));
  }
}
