/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * etcd stopped under a running cluster: sessions of known tenants, open and new, keep working from
 * the caches; a metadata change fails with a clear error; once etcd is back, the caches catch up by
 * themselves (a tenant created afterwards is served).
 */
class EtcdOutageIT {
  private int gatewayPort;

  @Test
  void knownTenantsKeepWorkingWhileEtcdIsDownAndTheCachesCatchUpAfter() throws Exception {
    try (LocalCluster cluster = new LocalCluster("etcd-outage")) {
      Etcd etcd = cluster.etcd();
      cluster.node("n1", cluster.dataDir("n1"), FreePort.pick());
      gatewayPort = FreePort.pick();
      cluster.gateway("gateway", gatewayPort);
      until(() -> createTenant("before"), r -> r.exitCode() == 0);

      try (Connection open = jdbc("before");
          Statement s = open.createStatement()) {
        s.execute("CREATE TABLE log (v INTEGER)");
        s.execute("INSERT INTO log VALUES (1)");

        etcd.stop();

        s.execute("INSERT INTO log VALUES (2)");
        assertEquals(2, count(s), "the open session keeps reading and writing");
        try (Connection fresh = jdbc("before");
            Statement t = fresh.createStatement()) {
          t.execute("INSERT INTO log VALUES (3)");
          assertEquals(3, count(t), "a new session of a known tenant opens from the caches");
        }
        Result refused = createTenant("during");
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("metadata"), refused::toString);

        etcd.restart();

        // The creation goes through once the gateway's client reconnects; the node learns the
        // new tenant from its watch, which resumes by itself.
        until(
            () -> createTenant("after"),
            r -> r.exitCode() == 0 || r.stderr().contains("already exists"));
        Result served =
            until(
                () -> Psql.script(gatewayPort, "after", "app", "pw", "SELECT 42;"),
                r -> r.exitCode() == 0);
        assertEquals("42\n", served.stdout(), served::toString);
        s.execute("INSERT INTO log VALUES (4)");
        assertEquals(4, count(s), "the session opened before the outage is still fine");
      }
    }
  }

  private Result createTenant(String name) {
    return RhizomeProcess.createTenant(gatewayPort, name, "app", "pw");
  }

  private Connection jdbc(String tenant) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + gatewayPort + "/" + tenant, p);
  }

  private static long count(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM log")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Result until(Supplier<Result> action, Predicate<Result> done) {
    return Until.until(action, done, Duration.ofSeconds(30));
  }
}
