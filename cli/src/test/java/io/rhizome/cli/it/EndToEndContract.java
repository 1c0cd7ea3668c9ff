/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a user sees through the Postgres wire, whatever runs behind the gateway. Runs against
 * standalone ({@link StandaloneIT}) and a 2-node etcd cluster ({@link ClusterIT}), both started
 * from the shaded jar as real processes, with real psql and pgjdbc clients.
 */
abstract class EndToEndContract {

  /** The gateway's Postgres port. */
  abstract int port();

  /**
   * Creates a tenant through the admin console (one pgjdbc connection, not a {@code ctl} process: a
   * JVM start each) and returns its name. {@link #newTenantByCtl} covers {@code ctl tenant create}.
   */
  String newTenant(String user, String password) throws SQLException {
    String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    MoveConsole.createTenants(port(), user, password, List.of(name));
    return name;
  }

  /** Creates a tenant through {@code ctl tenant create} and returns its name. */
  String newTenantByCtl(String user, String password) {
    String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Result r = ctl(password + "\n", "tenant", "create", name, "--user", user, "--password-stdin");
    assertEquals(0, r.exitCode(), r::toString);
    return name;
  }

  Result ctl(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("ctl", "--server", "127.0.0.1:" + port()));
    all.addAll(List.of(args));
    return RhizomeProcess.run(
        Map.of("RHIZOME_ADMIN_PASSWORD", RhizomeProcess.ADMIN_PASSWORD),
        stdin,
        all.toArray(String[]::new));
  }

  Connection jdbc(String db, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    // Extended query protocol arrives with the protocol issue; the slice speaks simple query.
    p.setProperty("preferQueryMode", "simple");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + db, p);
  }

  @Test
  void psqlCreatesATableAndReadsItBack() {
    String t = newTenantByCtl("app", "s3cret");
    Result r =
        Psql.script(
            port(),
            t,
            "app",
            "s3cret",
            """
            CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL);
            INSERT INTO items (name, price) VALUES ('apple', 1.5), ('pear', 2.25);
            SELECT id, name, price FROM items ORDER BY id;
            """);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(
        List.of("CREATE TABLE", "INSERT 0 2", "1|apple|1.5", "2|pear|2.25"),
        r.stdout().lines().toList());
  }

  @Test
  void psqlExpandedOutputShowsOneColumnPerLine() throws SQLException {
    String t = newTenant("app", "pw");
    Result r =
        Psql.script(
            port(),
            t,
            "app",
            "pw",
            """
            CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER);
            INSERT INTO kv VALUES ('a', 1);
            \\x on
            SELECT k, v FROM kv;
            """);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(
        List.of("CREATE TABLE", "INSERT 0 1", "Expanded display is on.", "k|a", "v|1"),
        r.stdout().lines().toList());
  }

  @Test
  void psqlDescribesTheTenantsTablesIndexesAndViews() throws SQLException {
    String t = newTenant("app", "pw");
    Result r =
        Psql.script(
            port(),
            t,
            "app",
            "pw",
            """
            CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL);
            CREATE INDEX items_name ON items(name);
            CREATE VIEW cheap AS SELECT name FROM items WHERE price < 2;
            \\d
            \\pset tuples_only off
            \\d items
            \\d nothing
            """);
    assertEquals(3, r.exitCode(), r::toString); // the failed \\d stops the script
    assertEquals(
        List.of(
            "CREATE TABLE",
            "CREATE INDEX",
            "CREATE VIEW",
            "public|cheap|view|app",
            "public|items|table|app",
            "Table \"public.items\"",
            "Column|Type|Collation|Nullable|Default",
            // The types the node reports for the columns (SQLite's INTEGER and REAL are 64-bit).
            "id|bigint||not null|",
            "name|text||not null|",
            "price|double precision|||",
            "Indexes:",
            "    \"items_pkey\" PRIMARY KEY, btree (id)",
            "    \"items_name\" btree (name)"),
        r.stdout().lines().filter(line -> !line.isEmpty()).toList());
    assertTrue(r.stderr().contains("Did not find any relation named \"nothing\""), r::toString);
  }

  @Test
  void jdbcMetadataListsTheTenantsTablesAndKeysInEveryQueryMode() throws SQLException {
    String t = newTenant("app", "pw");
    try (Connection c = jdbc(t, "app", "pw");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
      s.execute("CREATE TABLE pairs (a TEXT, b INTEGER, PRIMARY KEY (b, a))");
      s.execute("CREATE VIEW names AS SELECT name FROM items");
    }
    for (String mode : List.of("simple", "extended")) {
      Properties p = new Properties();
      p.setProperty("user", "app");
      p.setProperty("password", "pw");
      p.setProperty("preferQueryMode", mode);
      try (Connection c =
          DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + t, p)) {
        DatabaseMetaData meta = c.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE", "VIEW"})) {
          while (rs.next()) {
            tables.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"));
            assertEquals(t, rs.getString("TABLE_CAT"), mode);
          }
        }
        assertEquals(List.of("public.items", "public.pairs", "public.names"), tables, mode);
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = meta.getPrimaryKeys(null, "public", "pairs")) {
          while (rs.next()) {
            keys.add(rs.getString("COLUMN_NAME") + rs.getInt("KEY_SEQ"));
          }
        }
        assertEquals(List.of("b1", "a2"), keys, mode);
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(null, "public", "items", "%")) {
          while (rs.next()) {
            columns.add(
                rs.getString("COLUMN_NAME")
                    + ":"
                    + rs.getString("TYPE_NAME")
                    + ":"
                    + rs.getInt("DATA_TYPE")
                    + ":"
                    + rs.getString("IS_NULLABLE"));
          }
        }
        assertEquals(
            List.of(
                "id:int8:" + java.sql.Types.BIGINT + ":NO",
                "name:text:" + java.sql.Types.VARCHAR + ":YES"),
            columns,
            mode);
        assertEquals(t, c.getCatalog(), mode);
        List<String> schemas = new ArrayList<>();
        try (ResultSet rs = meta.getSchemas()) {
          while (rs.next()) {
            schemas.add(rs.getString("TABLE_SCHEM"));
          }
        }
        assertEquals(List.of("information_schema", "pg_catalog", "public"), schemas, mode);
      }
    }
  }

  @Test
  void ctlOverridesOneTenantsLimitsUntilTheyAreReset() throws SQLException {
    String limited = newTenant("app", "pw");
    String other = newTenant("app", "pw");
    String fiveRows =
        "\\set VERBOSITY verbose\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
            + " WHERE x < 5) SELECT x FROM c;\n";
    Result set =
        ctl(
            "",
            "tenant",
            "limits",
            limited,
            "--max-result-rows",
            "3",
            "--statement-timeout",
            "300",
            "--max-database-size",
            "100000");
    assertEquals(0, set.exitCode(), set::toString);
    assertTrue(set.stdout().contains("max_result_rows"), set::toString);

    // New sessions follow the record; in a cluster the node's cache catches up from the watch.
    Result refused = eventually(() -> Psql.script(port(), limited, "app", "pw", fiveRows), 3);
    assertTrue(refused.stderr().contains("54000"), refused::toString);
    Result slow =
        Psql.script(
            port(),
            limited,
            "app",
            "pw",
            "\\set VERBOSITY verbose\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM"
                + " c WHERE x < 1000000000) SELECT count(*) FROM c;\n");
    assertTrue(slow.stderr().contains("57014"), slow::toString);
    Result big =
        Psql.script(
            port(),
            limited,
            "app",
            "pw",
            "\\set VERBOSITY verbose\nCREATE TABLE b (v BLOB);\n"
                + "INSERT INTO b VALUES (randomblob(200000));\n");
    assertTrue(big.stderr().contains("53100"), big::toString);
    Result unaffected = Psql.script(port(), other, "app", "pw", fiveRows);
    assertEquals(0, unaffected.exitCode(), unaffected::toString);

    Result reset = ctl("", "tenant", "limits", limited, "--reset", "all");
    assertEquals(0, reset.exitCode(), reset::toString);
    Result shown = ctl("", "tenant", "limits", limited, "--json");
    assertFalse(shown.stdout().contains("300"), shown::toString);
    Result allowed = eventually(() -> Psql.script(port(), limited, "app", "pw", fiveRows), 0);
    assertEquals("1\n2\n3\n4\n5\n", allowed.stdout(), allowed::toString);
  }

  /**
   * Runs a psql script until it exits with {@code exitCode}, for at most ten seconds: the time a
   * node of a cluster may take to see a metadata change through its watch.
   */
  private static Result eventually(java.util.function.Supplier<Result> script, int exitCode) {
    return Until.until(script, r -> r.exitCode() == exitCode, java.time.Duration.ofSeconds(10));
  }

  @Test
  void ctlAddsUsersAndSetsTheirPasswords() throws SQLException {
    String t = newTenant("app", "pw");
    Result created = ctl("s3cret\n", "user", "create", "bob", "--tenant", t, "--password-stdin");
    assertEquals(0, created.exitCode(), created::toString);
    Result again = ctl("other\n", "user", "create", "bob", "--tenant", t, "--password-stdin");
    assertEquals(1, again.exitCode(), again::toString);
    assertTrue(again.stderr().contains("already exists"), again::toString);
    try (Connection open = jdbc(t, "bob", "s3cret")) {
      Result changed = ctl("n3w\n", "user", "password", "bob", "--tenant", t, "--password-stdin");
      assertEquals(0, changed.exitCode(), changed::toString);
      try (Statement s = open.createStatement()) {
        s.execute("SELECT 1"); // a session opened with the old password keeps running
      }
    }
    SQLException old = assertThrows(SQLException.class, () -> jdbc(t, "bob", "s3cret"));
    assertEquals("28P01", old.getSQLState());
    try (Connection c = jdbc(t, "bob", "n3w");
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
    Result missing = ctl("x\n", "user", "password", "carol", "--tenant", t, "--password-stdin");
    assertEquals(1, missing.exitCode(), missing::toString);
    assertTrue(missing.stderr().contains("does not exist"), missing::toString);
  }

  @Test
  void psqlReportsErrorsWithTheirSqlStateAndStops() throws SQLException {
    String t = newTenant("app", "pw");
    Result r =
        Psql.script(
            port(),
            t,
            "app",
            "pw",
            "\\set VERBOSITY verbose\nSELECT * FROM missing_table;\nSELECT 'not reached';\n");
    assertEquals(3, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("42P01"), r::toString);
    assertFalse(r.stdout().contains("not reached"), r::toString);
  }

  @Test
  void jdbcRunsCrudWithPostgresTypesAndCommandTags() throws SQLException {
    String t = newTenant("app", "pw");
    try (Connection c = jdbc(t, "app", "pw");
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE things (id INTEGER PRIMARY KEY, label TEXT, weight REAL, ok BOOLEAN,"
              + " data BLOB, born DATE, seen TIMESTAMP)");
      assertEquals(
          2,
          st.executeUpdate(
              "INSERT INTO things (label, weight, ok, data, born, seen) VALUES"
                  + " ('a', 0.5, 1, x'cafe', '2024-02-29', '2024-02-29 10:11:12'),"
                  + " ('b', -3, 0, NULL, NULL, NULL)"));
      try (ResultSet rs = st.executeQuery("SELECT * FROM things ORDER BY id")) {
        ResultSetMetaData md = rs.getMetaData();
        assertEquals("int8", md.getColumnTypeName(1));
        assertEquals("text", md.getColumnTypeName(2));
        assertEquals("float8", md.getColumnTypeName(3));
        assertEquals("bool", md.getColumnTypeName(4));
        assertEquals("bytea", md.getColumnTypeName(5));
        assertEquals("date", md.getColumnTypeName(6));
        assertEquals("timestamptz", md.getColumnTypeName(7));
        assertTrue(rs.next());
        assertEquals(1L, rs.getLong(1));
        assertEquals("a", rs.getString(2));
        assertEquals(0.5, rs.getDouble(3));
        assertTrue(rs.getBoolean(4));
        assertEquals(List.of((byte) 0xca, (byte) 0xfe), bytes(rs.getBytes(5)));
        assertEquals(java.sql.Date.valueOf("2024-02-29"), rs.getDate(6));
        assertTrue(rs.next());
        assertEquals(-3.0, rs.getDouble(3));
        assertFalse(rs.getBoolean(4));
        assertEquals(null, rs.getBytes(5));
        assertFalse(rs.next());
      }
      assertEquals(2, st.executeUpdate("UPDATE things SET label = label || '!'"));
      assertEquals(1, st.executeUpdate("DELETE FROM things WHERE label = 'a!'"));
      try (ResultSet rs = st.executeQuery("SELECT count(*), max(label) FROM things")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
        assertEquals("b!", rs.getString(2));
      }
    }
  }

  @Test
  void rolledBackTransactionLeavesNoTraceAndCommittedOneSpansStatements() throws SQLException {
    String t = newTenant("app", "pw");
    try (Connection c = jdbc(t, "app", "pw")) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE ledger (n INTEGER)");
      }
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO ledger VALUES (1)");
        st.execute("INSERT INTO ledger VALUES (2)");
      }
      c.rollback();
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO ledger VALUES (3)");
        st.execute("INSERT INTO ledger VALUES (4)");
      }
      c.commit();
      c.setAutoCommit(true);
      assertEquals(List.of("3", "4"), column(c, "SELECT n FROM ledger ORDER BY n"));
    }
    try (Connection other = jdbc(t, "app", "pw")) {
      assertEquals(List.of("3", "4"), column(other, "SELECT n FROM ledger ORDER BY n"));
    }
  }

  @Test
  void errorsCarryTheRightSqlStateAndTheSessionStaysUsable() throws SQLException {
    String t = newTenant("app", "pw");
    try (Connection c = jdbc(t, "app", "pw");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)");
      st.execute("INSERT INTO u VALUES (1, 'a@x')");
      assertEquals("42P01", state(st, "SELECT * FROM nope"));
      assertEquals("42601", state(st, "SELEC 1"));
      assertEquals("23505", state(st, "INSERT INTO u VALUES (2, 'a@x')"));
      assertEquals("23505", state(st, "INSERT INTO u VALUES (1, 'b@x')"));
      assertEquals("23502", state(st, "INSERT INTO u VALUES (3, NULL)"));
      assertEquals(List.of("1"), column(c, "SELECT id FROM u"));
    }
  }

  @Test
  void failedStatementInsideATransactionAbortsItUntilRollback() throws SQLException {
    String t = newTenant("app", "pw");
    try (Connection c = jdbc(t, "app", "pw");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE k (id INTEGER PRIMARY KEY)");
      st.execute("BEGIN");
      st.execute("INSERT INTO k VALUES (1)");
      assertEquals("23505", state(st, "INSERT INTO k VALUES (1)"));
      assertEquals("25P02", state(st, "SELECT 1"));
      st.execute("ROLLBACK");
      assertEquals(List.of(), column(c, "SELECT id FROM k"));
    }
  }

  @Test
  void unknownTenantIsInvalidCatalogName() {
    SQLException e = assertThrows(SQLException.class, () -> jdbc("no_such_tenant", "app", "pw"));
    assertEquals("3D000", e.getSQLState());
  }

  @Test
  void wrongPasswordAndUnknownUserAreInvalidPassword() throws SQLException {
    String t = newTenant("app", "right");
    assertEquals(
        "28P01", assertThrows(SQLException.class, () -> jdbc(t, "app", "wrong")).getSQLState());
    assertEquals(
        "28P01", assertThrows(SQLException.class, () -> jdbc(t, "bob", "right")).getSQLState());
  }

  @Test
  void tenantsWithTheSameTableNamesNeverSeeEachOthersRows() throws SQLException {
    String a = newTenant("app", "pw-a");
    String b = newTenant("app", "pw-b");
    try (Connection ca = jdbc(a, "app", "pw-a");
        Connection cb = jdbc(b, "app", "pw-b");
        Statement sa = ca.createStatement();
        Statement sb = cb.createStatement()) {
      sa.execute("CREATE TABLE notes (body TEXT)");
      sb.execute("CREATE TABLE notes (body TEXT)");
      sa.execute("INSERT INTO notes VALUES ('for a only')");
      sb.execute("INSERT INTO notes VALUES ('for b only')");
      assertEquals(List.of("for a only"), column(ca, "SELECT body FROM notes"));
      assertEquals(List.of("for b only"), column(cb, "SELECT body FROM notes"));
    }
    // a's credentials do not open b: users belong to their tenant.
    Result r = Psql.script(port(), b, "app", "pw-a", "SELECT 1;");
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("password authentication failed"), r::toString);
  }

  @Test
  void multiStatementQueryRunsInOrderAsOneImplicitTransaction() throws SQLException {
    String t = newTenant("app", "pw");
    Result setup =
        Psql.script(port(), t, "app", "pw", "CREATE TABLE m (id INTEGER PRIMARY KEY);\n");
    assertEquals(0, setup.exitCode(), setup::toString);
    // psql -c sends one Query message holding every statement.
    Result r =
        Result.run(
            List.of(
                Psql.binary().toString(),
                "-X",
                "-At",
                "-h",
                "127.0.0.1",
                "-p",
                "" + port(),
                "-U",
                "app",
                "-d",
                t,
                "-c",
                "INSERT INTO m VALUES (1); INSERT INTO m VALUES (1); INSERT INTO m VALUES (2)"),
            Map.of("PGPASSWORD", "pw"),
            null,
            java.time.Duration.ofSeconds(60));
    assertTrue(r.stderr().contains("UNIQUE"), r::toString);
    Result after = Psql.script(port(), t, "app", "pw", "SELECT count(*) FROM m;");
    assertEquals("0", after.stdout().strip(), "the whole Query rolled back: " + after);
  }

  @Test
  void ctlListsAndDropsTenants() throws SQLException {
    String t = newTenantByCtl("app", "pw");
    Result list = ctl(null, "--json", "tenant", "list");
    assertEquals(0, list.exitCode(), list::toString);
    assertTrue(list.stdout().contains("\"name\":\"" + t + "\""), list::toString);
    Result table = ctl(null, "tenant", "list");
    assertTrue(table.stdout().lines().anyMatch(l -> l.startsWith(t + " ")), table::toString);

    Result drop = ctl(null, "tenant", "drop", t);
    assertEquals(0, drop.exitCode(), drop::toString);
    SQLException e = assertThrows(SQLException.class, () -> jdbc(t, "app", "pw"));
    assertEquals("3D000", e.getSQLState());
    Result again = ctl(null, "tenant", "drop", t);
    assertEquals(1, again.exitCode(), again::toString);
    assertTrue(again.stderr().contains("3D000"), again::toString);
  }

  static String state(Statement st, String sql) {
    return assertThrows(SQLException.class, () -> st.execute(sql), sql).getSQLState();
  }

  static List<String> column(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static List<Byte> bytes(byte[] b) {
    List<Byte> out = new ArrayList<>();
    for (byte x : b) {
      out.add(x);
    }
    return out;
  }
}
