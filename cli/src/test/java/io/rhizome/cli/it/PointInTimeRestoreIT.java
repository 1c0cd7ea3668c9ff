/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Point-in-time recovery (docs/replication.md): rows are committed, then deleted; restoring the
 * tenant to a moment before the delete brings back exactly the rows committed before that moment,
 * from a directory archive and from a real S3 protocol server (s3proxy over a directory).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointInTimeRestoreIT {
  private Path s3;
  private int s3Port;
  private Process s3proxy;

  /**
   * s3proxy starts at once, in the background: its JVM start overlaps the directory test, and the
   * S3 test waits until it listens.
   */
  @BeforeAll
  void startS3Proxy() throws Exception {
    s3 = Files.createTempDirectory("rhizome-s3proxy-");
    s3Port = FreePort.pick();
    Files.createDirectories(s3.resolve("data/archives"));
    Files.writeString(
        s3.resolve("s3proxy.conf"),
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + s3Port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=rhizome-test",
            "s3proxy.credential=rhizome-test-secret",
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + s3.resolve("data")));
    s3proxy =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                System.getProperty("s3proxy.jar"),
                "--properties",
                s3.resolve("s3proxy.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(s3.resolve("s3proxy.log").toFile())
            .start();
  }

  @AfterAll
  void stopS3Proxy() throws Exception {
    if (s3proxy != null) {
      s3proxy.destroyForcibly().waitFor();
    }
    if (s3 != null) {
      io.rhizome.testkit.Etcd.deleteRecursively(s3);
    }
  }

  @Test
  void restoresATenantToAMomentBeforeADeleteFromADirectoryArchive() throws Exception {
    Path archive = Files.createTempDirectory("rhizome-archive-");
    try (StandaloneServer server =
        StandaloneServer.start("pitr-dir", List.of("--archive-dir", archive.toString()))) {
      deleteThenRestore(server.port());
      assertTrue(
          Files.walk(archive).anyMatch(p -> p.toString().endsWith(".seg")),
          "segments are in the archive directory");
    } finally {
      io.rhizome.testkit.Etcd.deleteRecursively(archive);
    }
  }

  @Test
  void restoresATenantToAMomentBeforeADeleteFromAnS3Archive() throws Exception {
    Files.writeString(
        s3.resolve("rhizome-s3.properties"),
        String.join(
            "\n",
            "endpoint=http://127.0.0.1:" + s3Port,
            "region=us-east-1",
            "access_key=rhizome-test",
            "secret_key=rhizome-test-secret",
            "path_style=true"));
    await().atMost(Duration.ofSeconds(60)).until(() -> listening(s3Port) || !s3proxy.isAlive());
    assertTrue(s3proxy.isAlive(), () -> "s3proxy exited: " + s3.resolve("s3proxy.log"));
    try (StandaloneServer server =
        StandaloneServer.start(
            "pitr-s3",
            List.of(
                "--archive",
                "s3://archives/cluster-a",
                "--archive-s3-config",
                s3.resolve("rhizome-s3.properties").toString()))) {
      deleteThenRestore(server.port());
    }
    assertTrue(
        Files.walk(s3.resolve("data/archives")).anyMatch(p -> p.toString().endsWith(".seg")),
        "segments are in the bucket");
  }

  /**
   * Rows 1-40 committed, a moment {@code before}, rows 41-80, a moment {@code beforeDelete}, then
   * every row deleted: restoring to {@code beforeDelete} brings back 1-80, to {@code before} 1-40.
   */
  private static void deleteThenRestore(int port) throws Exception {
    try (MoveConsole console = new MoveConsole(port)) {
      console.execute("CREATE TENANT acme USER app PASSWORD 'pw'");
    }
    long before;
    long beforeDelete;
    try (Connection c = connect(port);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, pad TEXT)");
      s.execute("INSERT INTO t VALUES (0, 'row 0')");
      // The archive covers a tenant from its first snapshot on, taken with its first upload.
      awaitArchived(port, System.currentTimeMillis());
      for (int i = 1; i <= 40; i++) {
        s.execute("INSERT INTO t VALUES (" + i + ", 'row " + i + "')");
      }
      before = momentBetweenCommits();
      for (int i = 41; i <= 80; i++) {
        s.execute("INSERT INTO t VALUES (" + i + ", 'row " + i + "')");
      }
      beforeDelete = momentBetweenCommits();
      s.execute("DELETE FROM t");
      assertEquals(List.of(), rows(c));
    }
    awaitArchived(port, beforeDelete);

    Result restored =
        LocalCluster.ctl(
            port,
            "--json",
            "tenant",
            "restore",
            "acme",
            "--at",
            Instant.ofEpochMilli(beforeDelete).toString(),
            "--from-archive",
            "--force");
    assertEquals(0, restored.exitCode(), restored::toString);
    try (Connection c = connect(port)) {
      assertEquals(upTo(80), rows(c), "every row committed before the delete, nothing after");
    }

    Result earlier =
        LocalCluster.ctl(
            port,
            "tenant",
            "restore",
            "acme",
            "--at",
            Instant.ofEpochMilli(before).toString(),
            "--force");
    assertEquals(0, earlier.exitCode(), earlier::toString);
    try (Connection c = connect(port)) {
      assertEquals(upTo(40), rows(c), "rows 0-40 only");
    }

    try (MoveConsole console = new MoveConsole(port)) {
      SQLException tooEarly =
          assertThrows(
              SQLException.class,
              () -> console.execute("RESTORE TENANT acme AT '2001-01-01T00:00:00Z'"));
      assertTrue(tooEarly.getMessage().contains("no snapshot"), tooEarly::toString);
    }
  }

  /**
   * A millisecond no commit falls on: after the last one was acknowledged, and strictly before the
   * next one can be made (the next is sent only once the clock has moved past it).
   */
  private static long momentBetweenCommits() {
    long moment = System.currentTimeMillis();
    await()
        .pollInterval(Duration.ofMillis(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> System.currentTimeMillis() > moment + 1);
    return moment;
  }

  /**
   * Waits until the archive holds every commit acknowledged before {@code moment}: SHOW SHARDS,
   * asked after it, shows an archive position and nothing waiting to be archived.
   */
  private static void awaitArchived(int port, long moment) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              try (MoveConsole console = new MoveConsole(port)) {
                assertTrue(System.currentTimeMillis() > moment);
                for (Map<String, String> shard : console.rows("SHOW SHARDS")) {
                  if (shard.get("archived_at") != null && "0".equals(shard.get("archive_lag_ms"))) {
                    return true;
                  }
                }
              }
              return false;
            });
  }

  private static List<Long> upTo(long n) {
    return LongStream.rangeClosed(0, n).boxed().toList();
  }

  private static List<Long> rows(Connection c) throws SQLException {
    List<Long> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT a FROM t ORDER BY a")) {
      while (rs.next()) {
        rows.add(rs.getLong(1));
      }
    }
    return rows;
  }

  private static Connection connect(int port) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/acme", p);
  }

  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
