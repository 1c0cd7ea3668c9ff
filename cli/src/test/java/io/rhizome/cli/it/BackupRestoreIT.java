/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ctl tenant backup} while pgjdbc clients keep committing, then {@code ctl tenant restore},
 * against a standalone process.
 */
class BackupRestoreIT {
  private static final int WRITERS = 2;
  private static final int ROWS_PER_TRANSACTION = 3;

  private static StandaloneServer server;
  private static Path data;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    server = StandaloneServer.start("backup");
    data = server.data();
    port = server.port();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void backupUnderConcurrentWritesHoldsWholeTransactionsAndRestoresThem() throws Exception {
    assertEquals(0, RhizomeProcess.createTenant(port, "shop", "app", "pw").exitCode());
    try (Connection c = jdbc("shop")) {
      c.createStatement().execute("CREATE TABLE t (writer INT, seq INT, k INT, pad BLOB)");
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicIntegerArray committed = new AtomicIntegerArray(WRITERS);
    CountDownLatch warmedUp = new CountDownLatch(WRITERS);
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(
          CompletableFuture.runAsync(
              () -> {
                try (Connection c = jdbc("shop");
                    Statement st = c.createStatement()) {
                  for (int seq = 1; !stop.get(); seq++) {
                    st.execute("BEGIN");
                    for (int k = 0; k < ROWS_PER_TRANSACTION; k++) {
                      st.execute(
                          "INSERT INTO t VALUES ("
                              + writer
                              + ", "
                              + seq
                              + ", "
                              + k
                              + ", randomblob(500))");
                    }
                    st.execute("COMMIT");
                    if (committed.incrementAndGet(writer) == 20) {
                      warmedUp.countDown();
                    }
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    assertTrue(warmedUp.await(60, TimeUnit.SECONDS));
    int[] before = snapshot(committed);
    Path backup = data.resolve("shop-backup.db");
    Result backedUp = ctl("tenant", "backup", "shop", "--to", backup.toString());
    int[] after = snapshot(committed);
    stop.set(true);
    for (CompletableFuture<Void> writer : writers) {
      writer.get(60, TimeUnit.SECONDS);
    }
    assertEquals(0, backedUp.exitCode(), backedUp::toString);
    assertTrue(after[0] + after[1] > before[0] + before[1], "writers kept committing");
    assertTrue(Files.notExists(backup.resolveSibling("shop-backup.db.tmp")));

    int[] inBackup = new int[WRITERS];
    long rowsInBackup;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup);
        Statement st = c.createStatement()) {
      assertEquals("ok", single(st, "PRAGMA integrity_check"));
      assertEquals(
          "0",
          single(
              st,
              "SELECT count(*) FROM (SELECT writer, seq FROM t GROUP BY writer, seq"
                  + " HAVING count(*) != "
                  + ROWS_PER_TRANSACTION
                  + ")"),
          "every transaction is in the backup whole or not at all");
      for (int w = 0; w < WRITERS; w++) {
        inBackup[w] =
            Integer.parseInt(single(st, "SELECT coalesce(max(seq), 0) FROM t WHERE writer = " + w));
        assertEquals(
            Integer.toString(inBackup[w]),
            single(st, "SELECT count(DISTINCT seq) FROM t WHERE writer = " + w),
            "each writer's transactions form a prefix");
        assertTrue(inBackup[w] >= before[w], "holds what was committed before the backup began");
      }
      rowsInBackup = Long.parseLong(single(st, "SELECT count(*) FROM t"));
    }

    try (Connection open = jdbc("shop")) {
      open.createStatement().execute("SELECT 1");
      Result refused = ctl("tenant", "restore", "shop", "--from", backup.toString());
      assertNotEquals(0, refused.exitCode(), refused::toString);
      assertTrue(refused.stderr().contains("55006"), refused::toString);
    }
    Result restored = ctl("tenant", "restore", "shop", "--from", backup.toString(), "--force");
    assertEquals(0, restored.exitCode(), restored::toString);
    try (Connection c = jdbc("shop");
        Statement st = c.createStatement()) {
      assertEquals(Long.toString(rowsInBackup), single(st, "SELECT count(*) FROM t"));
      for (int w = 0; w < WRITERS; w++) {
        assertEquals(
            Integer.toString(inBackup[w]),
            single(st, "SELECT coalesce(max(seq), 0) FROM t WHERE writer = " + w));
      }
      st.execute("INSERT INTO t VALUES (9, 1, 0, NULL)");
    }

    Path garbage = data.resolve("garbage.db");
    byte[] bytes = new byte[300_000];
    new Random(7).nextBytes(bytes);
    Files.write(garbage, bytes);
    Result rejected = ctl("tenant", "restore", "shop", "--from", garbage.toString(), "--force");
    assertNotEquals(0, rejected.exitCode(), rejected::toString);
    assertTrue(rejected.stderr().contains("22P04"), rejected::toString);
    try (Connection c = jdbc("shop");
        Statement st = c.createStatement()) {
      assertEquals(Long.toString(rowsInBackup + 1), single(st, "SELECT count(*) FROM t"));
    }
    try (Stream<Path> tmp = Files.list(data.resolve("backup-tmp"))) {
      assertEquals(List.of(), tmp.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void backupOfAnUnknownTenantFailsAndWritesNoFile() throws Exception {
    Path file = data.resolve("nobody.db");
    Result r = ctl("tenant", "backup", "nobody", "--to", file.toString());
    assertNotEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("3D000"), r::toString);
    assertTrue(Files.notExists(file));
    assertTrue(Files.notExists(file.resolveSibling("nobody.db.tmp")));
  }

  private static int[] snapshot(AtomicIntegerArray counts) {
    int[] out = new int[counts.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts.get(i);
    }
    return out;
  }

  private static Result ctl(String... args) {
    List<String> all = new ArrayList<>(List.of("ctl", "--server", "127.0.0.1:" + port));
    all.addAll(List.of(args));
    return RhizomeProcess.run(
        Map.of("RHIZOME_ADMIN_PASSWORD", RhizomeProcess.ADMIN_PASSWORD),
        null,
        all.toArray(String[]::new));
  }

  private static Connection jdbc(String tenant) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + tenant, p);
  }

  private static String single(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }
}
