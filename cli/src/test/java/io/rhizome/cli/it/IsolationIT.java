/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every isolation attack of issue 4 through the gateway of a real {@code rhizome standalone}, with
 * pgjdbc and psql, and the node's quotas ({@code --max-db-size}, {@code --statement-timeout}).
 */
class IsolationIT {
  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  private static final String ENDLESS =
      "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000000)"
          + " select count(*) from c";

  private static Path data;
  private static Path outside;
  private static int port;
  private static RhizomeProcess server;

  @BeforeAll
  static void startStandalone() throws Exception {
    data = Files.createTempDirectory("rhizome-isolation-");
    outside = Files.createTempDirectory("rhizome-outside-");
    port = FreePort.pick();
    server =
        RhizomeProcess.start(
                "isolation",
                Path.of("target", "it-logs", "isolation"),
                "standalone",
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--shards",
                "16",
                "--max-db-size",
                "" + (1 << 20),
                "--statement-timeout",
                "1000")
            .awaitPort(port);
    MoveConsole.createTenants(port, "app", "pw", List.of("victim", "attacker", "filler"));
    try (Connection c = jdbc("victim");
        Statement st = c.createStatement()) {
      st.execute("create table secrets (s text)");
      st.execute("insert into secrets values ('only mine')");
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Etcd.deleteRecursively(data);
    Etcd.deleteRecursively(outside);
  }

  @Test
  void attacksOnOtherFilesAreRefusedWith42501AndNoPathLeaks() throws Exception {
    Path victimFile = tenantFile("victim");
    List<String> attacks =
        List.of(
            "attach '" + victimFile + "' as v",
            "attach '../" + victimFile.getParent().getFileName() + "/victim.db' as v",
            "attach 'file:" + victimFile + "?mode=ro' as v",
            "attach '/etc/passwd' as p",
            "attach ':memory:' as m",
            "detach main",
            "vacuum into '" + outside.resolve("copy.db") + "'",
            "select load_extension('" + outside.resolve("evil.so") + "')",
            "pragma temp_store_directory = '" + outside + "'",
            "pragma writable_schema = on",
            "pragma journal_mode = off",
            "pragma locking_mode = exclusive",
            "pragma synchronous = off",
            "pragma mmap_size = 1099511627776",
            "pragma wal_checkpoint(truncate)",
            "pragma max_page_count = 4294967294",
            "explain pragma writable_schema = 1",
            "pragma database_list",
            "select * from pragma_database_list",
            "select * from 'pragma_database_list'");
    // Both query protocols: the extended one prepares at Parse and runs at Execute.
    for (String mode : List.of("simple", "extended")) {
      try (Connection c = jdbc("attacker", mode);
          Statement st = c.createStatement()) {
        for (String attack : attacks) {
          SQLException e = assertThrows(SQLException.class, () -> st.execute(attack), attack);
          assertEquals(
              INSUFFICIENT_PRIVILEGE, e.getSQLState(), mode + " " + attack + ": " + e.getMessage());
          assertFalse(e.getMessage().contains(data.toString()), attack + ": " + e.getMessage());
        }
        st.execute("create table if not exists t (a int)");
        st.execute("vacuum");
        assertEquals(List.of("wal"), column(st, "pragma journal_mode"));
      }
    }
    try (Stream<Path> left = Files.list(outside)) {
      assertEquals(List.of(), left.toList());
    }
    for (Path file : tenantFiles()) {
      assertTrue(
          file.getParent().getParent().equals(data.resolve("shards"))
              && List.of("victim.db", "attacker.db", "filler.db")
                  .contains(file.getFileName().toString()),
          file::toString);
    }
    try (Connection c = jdbc("victim");
        Statement st = c.createStatement()) {
      assertEquals(List.of("only mine"), column(st, "select s from secrets"));
    }
  }

  /**
   * The functions of the bundled SQLite that reach into the node's process: fts3_tokenizer hands
   * out a native pointer when its argument is a bound parameter (as every extended-protocol value
   * is), replicate and padl overflow a heap buffer and kill the process. All refused with 42501,
   * and the server lives on.
   */
  @Test
  void functionsThatReachIntoTheNodesProcessAreRefused() throws Exception {
    try (Connection c = jdbc("attacker", "extended")) {
      try (PreparedStatement p = c.prepareStatement("select hex(fts3_tokenizer(?))")) {
        p.setString(1, "simple");
        SQLException e = assertThrows(SQLException.class, p::executeQuery);
        assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), e.getMessage());
      }
      try (PreparedStatement p = c.prepareStatement("select fts3_tokenizer(?, ?)")) {
        p.setString(1, "evil");
        p.setBytes(2, new byte[8]);
        SQLException e = assertThrows(SQLException.class, p::executeQuery);
        assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), e.getMessage());
      }
      try (Statement st = c.createStatement()) {
        for (String attack :
            List.of(
                "select replicate('a', 4294967296)",
                "select padl('a', 4294967296)",
                "select \"REPLICATE\"('a', 4294967296)",
                "select sqlite_log(1, 'from a tenant')",
                "select sqlite_compileoption_get(0)",
                "create view v as select fts3_tokenizer('simple')",
                "create virtual table d using dbstat",
                "select * from dbstat")) {
          SQLException e = assertThrows(SQLException.class, () -> st.execute(attack), attack);
          assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), attack + ": " + e.getMessage());
        }
        assertEquals(List.of("3"), column(st, "select length(upper('abc'))"));
      }
    }
    assertTrue(server.isAlive(), "the node survived");
  }

  @Test
  void psqlSeesTheRefusalAndTheSessionGoesOn() {
    Result r =
        Psql.script(
            port,
            "attacker",
            "app",
            "pw",
            "\\set ON_ERROR_STOP 0\nattach '/etc/passwd' as p;\nvacuum into '/tmp/x.db';\nselect 7;\n");
    assertTrue(
        r.stderr().contains("ERROR:  ATTACH is not allowed: a database can use only its own file"),
        r::toString);
    assertTrue(r.stderr().contains("ERROR:  VACUUM INTO is not allowed"), r::toString);
    assertEquals("7", r.stdout().strip(), r::toString);
  }

  @Test
  void hostileDatabaseNamesAre3D000AndTouchNoFile() throws Exception {
    List<Path> before = allFiles();
    for (String name :
        List.of(
            "../victim",
            "a/b",
            ".",
            "..",
            "VICTIM",
            "vict\u0456m", // Cyrillic i
            "shards/0/victim",
            "x".repeat(5000))) {
      SQLException e = assertThrows(SQLException.class, () -> jdbc(name), name);
      assertEquals("3D000", e.getSQLState(), () -> name.length() + ": " + e.getMessage());
    }
    // A NUL ends the name early, leaving the packet malformed; a 10 KB name overflows the
    // startup packet cap. Both are refused as malformed before any lookup, as Postgres does.
    for (String name : List.of("victim\u0000x", "x".repeat(10_240))) {
      SQLException e = assertThrows(SQLException.class, () -> jdbc(name));
      assertEquals("08P01", e.getSQLState(), e::getMessage);
    }
    assertEquals(before, allFiles());
  }

  @Test
  void databaseSizeQuotaIs53100AndTheTenantStaysReadable() throws Exception {
    try (Connection c = jdbc("filler");
        Statement st = c.createStatement()) {
      st.execute("create table t (a blob)");
      st.execute("insert into t values (x'01')");
      SQLException full =
          assertThrows(
              SQLException.class,
              () ->
                  st.execute(
                      "with recursive c(n) as (select 1 union all select n + 1 from c where n < 400)"
                          + " insert into t select randomblob(4000) from c"));
      assertEquals("53100", full.getSQLState(), full.getMessage());
      assertEquals(List.of("1"), column(st, "select count(*) from t"));
    }
  }

  @Test
  void statementTimeoutIs57014() throws Exception {
    for (String mode : List.of("simple", "extended")) {
      try (Connection c = jdbc("attacker", mode);
          Statement st = c.createStatement()) {
        SQLException e = assertThrows(SQLException.class, () -> st.execute(ENDLESS));
        assertEquals("57014", e.getSQLState(), mode);
        assertTrue(e.getMessage().contains("statement timeout"), e.getMessage());
        assertEquals(List.of("1"), column(st, "select 1"));
      }
    }
  }

  private static Connection jdbc(String db) throws SQLException {
    return jdbc(db, "simple");
  }

  private static Connection jdbc(String db, String queryMode) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("preferQueryMode", queryMode);
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    // pgjdbc URL-decodes the database name, so any bytes reach the startup packet as they are.
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + URLEncoder.encode(db, StandardCharsets.UTF_8),
        p);
  }

  private static List<String> column(Statement st, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static Path tenantFile(String tenant) throws IOException {
    return tenantFiles().stream()
        .filter(p -> p.getFileName().toString().equals(tenant + ".db"))
        .findFirst()
        .orElseThrow();
  }

  /** The tenant database files (not their WAL companions, which come and go). */
  private static List<Path> tenantFiles() throws IOException {
    return new ArrayList<>(
        allFiles().stream().filter(p -> p.getFileName().toString().endsWith(".db")).toList());
  }

  /** Every file under the data directory but the metadata store's and WAL companions. */
  private static List<Path> allFiles() throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (Stream<Path> walk = Files.walk(data)) {
        return walk.filter(Files::isRegularFile)
            .filter(p -> !p.getFileName().toString().startsWith("meta."))
            .filter(p -> !p.getFileName().toString().matches(".*-(wal|shm|journal)$"))
            .sorted()
            .toList();
      } catch (java.io.UncheckedIOException e) {
        // SQLite removes a WAL companion when a session closes; one that vanished mid-walk
        // makes the walk fail: walk again.
        if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 10) {
          throw e;
        }
      }
    }
  }
}
