/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ctl tenant info} and {@code ctl tenant drop [--force]} against a standalone process. */
class TenantLifecycleIT {
  private static StandaloneServer server;
  private static Path data;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    server = StandaloneServer.start("lifecycle");
    data = server.data();
    port = server.port();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Result ctl(String... args) {
    return LocalCluster.ctl(port, args);
  }

  private static Connection jdbc(String tenant) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + tenant, p);
  }

  /** {@code ctl --json tenant info}: the one object's fields, as their JSON text. */
  private static Map<String, String> info(String tenant) {
    Result r = ctl("--json", "tenant", "info", tenant);
    assertEquals(0, r.exitCode(), r::toString);
    Map<String, String> fields = new java.util.HashMap<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[0-9]+)").matcher(r.stdout());
    while (m.find()) {
      fields.put(m.group(1), m.group(2).replace("\"", ""));
    }
    return fields;
  }

  private static List<Path> trashed(String tenant) throws Exception {
    try (Stream<Path> walk = Files.walk(data)) {
      return walk.filter(
              p ->
                  p.getParent().getFileName().toString().equals("trash")
                      && p.getFileName().toString().startsWith(tenant + "-")
                      && p.getFileName().toString().endsWith(".db"))
          .toList();
    }
  }

  @Test
  void infoShowsPlacementSizeAndOpenSessions() throws Exception {
    assertEquals(0, RhizomeProcess.createTenant(port, "info-a", "app", "pw").exitCode());
    try (Connection c = jdbc("info-a");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (b BLOB)");
      st.execute("INSERT INTO t VALUES (zeroblob(200000))");
      try (Connection second = jdbc("info-a")) {
        second.createStatement().execute("SELECT 1");
        Map<String, String> two = info("info-a");
        assertEquals("info-a", two.get("name"), two::toString);
        assertEquals("standalone", two.get("node"), two::toString);
        assertEquals("2", two.get("sessions"), two::toString);
        assertTrue(Long.parseLong(two.get("size_bytes")) >= 200000, two::toString);
        assertTrue(two.containsKey("shard") && two.containsKey("epoch"), two::toString);
      }
      assertEquals("1", info("info-a").get("sessions"));
    }
    Result table = ctl("tenant", "info", "info-a");
    assertEquals(0, table.exitCode(), table::toString);
    assertTrue(table.stdout().contains("size_bytes"), table::toString);
    Result unknown = ctl("tenant", "info", "no-such-tenant");
    assertEquals(1, unknown.exitCode(), unknown::toString);
    assertTrue(unknown.stderr().contains("3D000"), unknown::toString);
  }

  @Test
  void dropIsRefusedWhileSessionsAreOpenAndForceEndsThem() throws Exception {
    assertEquals(0, RhizomeProcess.createTenant(port, "drop-a", "app", "pw").exitCode());
    try (Connection open = jdbc("drop-a");
        Statement st = open.createStatement()) {
      st.execute("CREATE TABLE kept (v TEXT)");
      st.execute("INSERT INTO kept VALUES ('still here')");

      Result refused = ctl("tenant", "drop", "drop-a");
      assertEquals(1, refused.exitCode(), refused::toString);
      assertTrue(refused.stderr().contains("55006"), refused::toString);
      assertTrue(refused.stderr().contains("is being accessed by other users"), refused::toString);
      assertTrue(refused.stderr().contains("--force"), refused::toString);
      try (ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
        assertTrue(rs.next(), "the refused drop left the tenant and its session alone");
      }

      Result forced = ctl("tenant", "drop", "drop-a", "--force");
      assertEquals(0, forced.exitCode(), forced::toString);

      SQLException ended = assertThrows(SQLException.class, () -> st.executeQuery("SELECT 1"));
      assertEquals("57P01", ended.getSQLState(), ended::toString);
    }
    SQLException gone = assertThrows(SQLException.class, () -> jdbc("drop-a"));
    assertEquals("3D000", gone.getSQLState());

    List<Path> trash = trashed("drop-a");
    assertEquals(1, trash.size(), trash::toString);
    try (Connection file = DriverManager.getConnection("jdbc:sqlite:" + trash.get(0));
        ResultSet rs = file.createStatement().executeQuery("SELECT v FROM kept")) {
      assertTrue(rs.next(), "the trashed file holds the tenant's data");
      assertEquals("still here", rs.getString(1));
      assertFalse(rs.next());
    }
  }

  @Test
  void dropWithoutSessionsNeedsNoForce() throws Exception {
    assertEquals(0, RhizomeProcess.createTenant(port, "drop-b", "app", "pw").exitCode());
    try (Connection c = jdbc("drop-b")) {
      c.createStatement().execute("CREATE TABLE t (a INTEGER)");
    }
    // The gateway closes its node session once pgjdbc's Terminate arrives; wait until the node
    // no longer counts it.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!info("drop-b").get("sessions").equals("0") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    Result dropped = ctl("tenant", "drop", "drop-b");
    assertEquals(0, dropped.exitCode(), dropped::toString);
    assertEquals(1, trashed("drop-b").size());
  }
}
