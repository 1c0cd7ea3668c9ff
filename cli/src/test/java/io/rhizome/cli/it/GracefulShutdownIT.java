/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static io.rhizome.cli.it.LocalCluster.ctl;
import static io.rhizome.cli.it.Until.until;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM as PgBouncer and CockroachDB handle it, on real processes with pgjdbc clients: /readyz
 * turns 503 at once, new sessions are refused, an open transaction may still commit, idle sessions
 * end with 57P01, the process exits 0 and its data is intact after a restart.
 */
class GracefulShutdownIT {
  private static final Path LOGS = Path.of("target", "it-logs", "graceful-shutdown");

  private static Connection connect(int port, String tenant) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "5");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + tenant, p);
  }

  private static RhizomeProcess standalone(Path data, int port, int adminPort, String grace) {
    return RhizomeProcess.start(
            "standalone-" + port,
            LOGS,
            "standalone",
            "--data",
            data.toString(),
            "--listen",
            "127.0.0.1:" + port,
            "--shards",
            "4",
            "--admin-listen",
            "127.0.0.1:" + adminPort,
            "--shutdown-grace",
            grace)
        .awaitPort(port);
  }

  /** The SQLSTATE a statement fails with now, or null when it succeeds. */
  private static String failureOf(Connection c, String sql) {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
      return null;
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  private static long count(int port, String tenant, String table) throws SQLException {
    try (Connection c = connect(port, tenant);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  /**
   * Creates tenant acme (user app, password pw) through the console of {@code server} on {@code
   * port}; a failure shows the server's log.
   */
  private static void createAcme(int port, RhizomeProcess server) {
    try {
      MoveConsole.createTenants(port, "app", "pw", List.of("acme"));
    } catch (SQLException | AssertionError e) {
      throw new AssertionError("creating tenant acme: " + e + "\n" + server.logText(), e);
    }
  }

  @Test
  void anOpenTransactionCommitsAfterSigtermThenTheProcessExitsZero() throws Exception {
    Path data = Files.createTempDirectory("rhizome-graceful-");
    int port = FreePort.pick();
    int adminPort = FreePort.pick();
    AdminHttp admin = new AdminHttp(adminPort);
    RhizomeProcess server = standalone(data, port, adminPort, "30");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> admin.status("/readyz") == 200);
      createAcme(port, server);
      try (Connection setup = connect(port, "acme");
          Statement s = setup.createStatement()) {
        s.execute("CREATE TABLE kept (v INTEGER)");
      }
      try (Connection inTx = connect(port, "acme");
          Connection idle = connect(port, "acme")) {
        inTx.setAutoCommit(false);
        try (Statement s = inTx.createStatement()) {
          s.execute("INSERT INTO kept VALUES (1)");
        }

        server.terminate();

        await("readyz turns 503")
            .atMost(Duration.ofSeconds(10))
            .until(() -> admin.status("/readyz") == 503);
        assertEquals(200, admin.status("/livez"), "alive while draining");
        await("the idle session ends with 57P01")
            .atMost(Duration.ofSeconds(10))
            .until(() -> "57P01".equals(failureOf(idle, "SELECT 1")));
        SQLException refused = assertThrows(SQLException.class, () -> connect(port, "acme"));
        assertTrue(refused.getSQLState().startsWith("08"), "new sessions refused: " + refused);

        try (Statement s = inTx.createStatement()) {
          s.execute("INSERT INTO kept VALUES (2)");
        }
        inTx.commit();
        await("the session ends once its transaction is over")
            .atMost(Duration.ofSeconds(10))
            .until(() -> "57P01".equals(failureOf(inTx, "SELECT 1")));
      }
      OptionalInt exit = server.awaitExit(Duration.ofSeconds(30));
      assertEquals(OptionalInt.of(0), exit, server::logText);
      assertEquals(List.of(), walFilesWithFrames(data), "checkpointed before exit");

      RhizomeProcess again = standalone(data, port, adminPort, "30");
      try {
        assertEquals(2, count(port, "acme", "kept"), "the transaction committed during the drain");
      } finally {
        again.close();
      }
    } finally {
      server.close();
      Etcd.deleteRecursively(data);
    }
  }

  @Test
  void theGraceEndsATransactionLeftOpenAndItRollsBack() throws Exception {
    Path data = Files.createTempDirectory("rhizome-graceful-");
    int port = FreePort.pick();
    int adminPort = FreePort.pick();
    RhizomeProcess server = standalone(data, port, adminPort, "2");
    try {
      createAcme(port, server);
      try (Connection setup = connect(port, "acme");
          Statement s = setup.createStatement()) {
        s.execute("CREATE TABLE kept (v INTEGER)");
      }
      try (Connection forgotten = connect(port, "acme")) {
        forgotten.setAutoCommit(false);
        try (Statement s = forgotten.createStatement()) {
          s.execute("INSERT INTO kept VALUES (1)");
        }
        server.terminate();
        OptionalInt exit = server.awaitExit(Duration.ofSeconds(30));
        assertEquals(OptionalInt.of(0), exit, server::logText);
        String state = failureOf(forgotten, "COMMIT");
        assertTrue(state != null, "the transaction could not commit after the grace");
      }
      assertTrue(server.logText().contains("still busy at the end of the grace"), server::logText);
      RhizomeProcess again = standalone(data, port, adminPort, "30");
      try {
        assertEquals(0, count(port, "acme", "kept"), "the unfinished transaction rolled back");
      } finally {
        again.close();
      }
    } finally {
      server.close();
      Etcd.deleteRecursively(data);
    }
  }

  @Test
  void aSecondSigtermEndsTheGraceAtOnce() throws Exception {
    Path data = Files.createTempDirectory("rhizome-graceful-");
    int port = FreePort.pick();
    int adminPort = FreePort.pick();
    AdminHttp admin = new AdminHttp(adminPort);
    // A grace far longer than the test may wait: only the second signal can end it.
    RhizomeProcess server = standalone(data, port, adminPort, "3600");
    try {
      createAcme(port, server);
      try (Connection setup = connect(port, "acme");
          Statement s = setup.createStatement()) {
        s.execute("CREATE TABLE kept (v INTEGER)");
      }
      try (Connection open = connect(port, "acme")) {
        open.setAutoCommit(false);
        try (Statement s = open.createStatement()) {
          s.execute("INSERT INTO kept VALUES (1)");
        }
        server.terminate();
        await("the first signal starts the drain")
            .atMost(Duration.ofSeconds(10))
            .until(() -> admin.status("/readyz") == 503);
        assertEquals(
            null,
            failureOf(open, "INSERT INTO kept VALUES (2)"),
            "the drain lets the transaction on");
        server.terminate();
        OptionalInt exit = server.awaitExit(Duration.ofSeconds(60));
        assertEquals(OptionalInt.of(0), exit, server::logText);
        assertTrue(failureOf(open, "COMMIT") != null, "the open transaction was cut");
      }
      assertTrue(server.logText().contains("again: ending the grace now"), server::logText);
      RhizomeProcess again = standalone(data, port, adminPort, "30");
      try {
        assertEquals(0, count(port, "acme", "kept"), "the cut transaction rolled back");
      } finally {
        again.close();
      }
    } finally {
      server.close();
      Etcd.deleteRecursively(data);
    }
  }

  @Test
  void aNodeDrainsItsSessionsAndReleasesItsLeaseOnSigterm() throws Exception {
    try (LocalCluster cluster = new LocalCluster("graceful-node")) {
      int nodeAdmin = FreePort.pick();
      RhizomeProcess n1 =
          cluster.node(
              "n1",
              cluster.dataDir("n1"),
              FreePort.pick(),
              List.of("--admin-listen", "127.0.0.1:" + nodeAdmin, "--shutdown-grace", "30"));
      int gateway = FreePort.pick();
      cluster.gateway("gateway", gateway);
      until(
          () -> ctl(gateway, "node", "list"),
          r -> r.stdout().contains("n1"),
          Duration.ofSeconds(30));
      MoveConsole.createTenants(gateway, "app", "pw", List.of("acme"));
      try (Connection setup = connect(gateway, "acme");
          Statement s = setup.createStatement()) {
        s.execute("CREATE TABLE kept (v INTEGER)");
      }
      AdminHttp admin = new AdminHttp(nodeAdmin);
      try (Connection inTx = connect(gateway, "acme")) {
        inTx.setAutoCommit(false);
        try (Statement s = inTx.createStatement()) {
          s.execute("INSERT INTO kept VALUES (1)");
        }
        n1.terminate();
        await("the node's readyz turns 503")
            .atMost(Duration.ofSeconds(10))
            .until(() -> admin.status("/readyz") == 503);
        SQLException refused = assertThrows(SQLException.class, () -> connect(gateway, "acme"));
        assertEquals("57P03", refused.getSQLState(), refused::toString);
        inTx.commit();
      }
      assertEquals(OptionalInt.of(0), n1.awaitExit(Duration.ofSeconds(30)), n1::logText);
      // The lease was revoked, not left to expire (10 s): the map shows the node down at once.
      Result nodes =
          until(
              () -> ctl(gateway, "--json", "node", "list"),
              r ->
                  Pattern.compile("\"id\":\"n1\",[^}]*\"state\":\"down\"")
                      .matcher(r.stdout())
                      .find(),
              Duration.ofSeconds(5));
      assertTrue(nodes.stdout().contains("down"), nodes::toString);
    }
  }

  private static List<Path> walFilesWithFrames(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".db-wal"))
          .filter(p -> p.toFile().length() > 0)
          .toList();
    }
  }
}
