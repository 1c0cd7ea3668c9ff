/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.PGStatement;

/**
 * The extended query protocol and binary formats against {@code rhizome standalone} (the shaded jar
 * as a real process), with pgjdbc in its default mode and its variants, and pgbench.
 */
class ExtendedQueryIT {
  private static final String PASSWORD = "pw";

  private static Path data;
  private static int port;
  private static RhizomeProcess server;
  private static String tenant;

  @BeforeAll
  static void startStandalone() throws SQLException {
    try {
      data = Files.createTempDirectory("rhizome-extended-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    port = FreePort.pick();
    server =
        RhizomeProcess.start(
                "standalone",
                Path.of("target", "it-logs", "extended"),
                "standalone",
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--shards",
                "4")
            .awaitPort(port);
    tenant = "ext" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    MoveConsole.createTenants(port, "app", PASSWORD, List.of(tenant));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Etcd.deleteRecursively(data);
  }

  /** pgjdbc with its defaults (extended protocol, binary transfer on) plus {@code settings}. */
  private static Connection connect(String... settings) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", PASSWORD);
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    for (int i = 0; i < settings.length; i += 2) {
      p.setProperty(settings[i], settings[i + 1]);
    }
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + tenant, p);
  }

  private static String table(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test
  void valuesThatDoNotFitTheirDeclaredTypeAreSentAsText() throws SQLException {
    String t = table("misfit");
    try (Connection setup = connect();
        Statement st = setup.createStatement()) {
      st.execute(
          "CREATE TABLE "
              + t
              + " (id INTEGER PRIMARY KEY, n BIGINT, d DATE, b BOOLEAN, x DOUBLE PRECISION)");
      st.execute(
          "INSERT INTO "
              + t
              + " VALUES (1, 7, '2024-01-02', 1, 1.5), (2, 'abc', 'not a date', 'maybe', 'n/a')");
    }
    // Types decided on the rows read before describing: simple protocol, and extended where
    // pgjdbc describes the portal after Bind.
    List<String[]> modes =
        List.of(
            new String[] {"preferQueryMode", "simple"},
            new String[] {"preferQueryMode", "extended"});
    for (String[] mode : modes) {
      try (Connection c = connect(mode);
          PreparedStatement ps =
              c.prepareStatement("SELECT n, d, b, x FROM " + t + " ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= 4; i++) {
          assertEquals("text", md.getColumnTypeName(i), mode[1] + " column " + i);
        }
        assertTrue(rs.next());
        assertEquals(List.of("7", "2024-01-02", "1", "1.5"), strings(rs));
        assertTrue(rs.next());
        assertEquals(List.of("abc", "not a date", "maybe", "n/a"), strings(rs));
        assertFalse(rs.next());
      }
      try (Connection c = connect(mode);
          PreparedStatement ps =
              c.prepareStatement("SELECT n, d, b, x FROM " + t + " WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        assertEquals(
            List.of("int8", "date", "bool", "float8"),
            List.of(
                md.getColumnTypeName(1),
                md.getColumnTypeName(2),
                md.getColumnTypeName(3),
                md.getColumnTypeName(4)));
        assertTrue(rs.next());
        assertEquals(7L, rs.getLong(1));
        assertEquals(LocalDate.of(2024, 1, 2), rs.getObject(2, LocalDate.class));
        assertTrue(rs.getBoolean(3));
        assertEquals(1.5, rs.getDouble(4));
      }
    }
    // A server-prepared statement is described before any row exists: its declared types stand,
    // and a value with no binary form of its type is an error naming the column, never a made-up
    // value.
    try (Connection c = connect("prepareThreshold", "-1");
        PreparedStatement ps = c.prepareStatement("SELECT n FROM " + t + " ORDER BY id")) {
      SQLException e = assertThrows(SQLException.class, () -> ps.executeQuery().next());
      assertEquals("42804", e.getSQLState(), e::toString);
      assertTrue(e.getMessage().contains("\"abc\""), e::getMessage);
    }
  }

  private static List<String> strings(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
      out.add(rs.getString(i));
    }
    return out;
  }

  @Test
  void runsPlainStatementsInTheDefaultExtendedMode() throws SQLException {
    String t = table("plain");
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, name TEXT, score REAL)");
      assertEquals(
          2, st.executeUpdate("INSERT INTO " + t + " VALUES (1, 'a', 1.5), (2, 'b', NULL)"));
      try (ResultSet rs =
          st.executeQuery("SELECT id, name, score, 6 * 7 AS answer FROM " + t + " ORDER BY id")) {
        ResultSetMetaData md = rs.getMetaData();
        assertEquals("int8", md.getColumnTypeName(1));
        assertEquals("text", md.getColumnTypeName(2));
        assertEquals("float8", md.getColumnTypeName(3));
        assertEquals("int8", md.getColumnTypeName(4), "an expression is typed by its first value");
        assertTrue(rs.next());
        assertEquals(1L, rs.getObject(1));
        assertEquals("a", rs.getString(2));
        assertEquals(1.5, rs.getDouble(3));
        assertEquals(42L, rs.getObject(4));
        assertTrue(rs.next());
        assertNull(rs.getObject(3));
        assertFalse(rs.next());
      }
      assertEquals(1, st.executeUpdate("UPDATE " + t + " SET name = 'c' WHERE id = 2"));
      assertEquals(2L, count(c, t));
      assertEquals(
          "42P01",
          assertThrows(SQLException.class, () -> st.execute("SELECT * FROM nope")).getSQLState());
      assertEquals(2L, count(c, t), "the connection is usable after an error");
    }
  }

  @Test
  void usesServerSideNamedStatementsPastThePrepareThreshold() throws SQLException {
    String t = table("named");
    for (String threshold : List.of("1", "-1")) {
      try (Connection c = connect("prepareThreshold", threshold)) {
        try (Statement st = c.createStatement()) {
          st.execute("CREATE TABLE IF NOT EXISTS " + t + " (k INTEGER PRIMARY KEY, v TEXT)");
          st.execute("DELETE FROM " + t);
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?)");
            PreparedStatement select = c.prepareStatement("SELECT v FROM " + t + " WHERE k = ?")) {
          for (int k = 0; k < 20; k++) {
            insert.setInt(1, k);
            insert.setString(2, "v" + k);
            assertEquals(1, insert.executeUpdate());
          }
          for (int k = 0; k < 20; k++) {
            select.setInt(1, k);
            try (ResultSet rs = select.executeQuery()) {
              assertTrue(rs.next());
              assertEquals("v" + k, rs.getString(1));
              assertFalse(rs.next());
            }
          }
          assertTrue(
              select.unwrap(PGStatement.class).isUseServerPrepare(),
              "prepareThreshold " + threshold + " prepares on the server");
        }
      }
    }
  }

  @Test
  void runsInExtendedForPreparedMode() throws SQLException {
    String t = table("efp");
    try (Connection c = connect("preferQueryMode", "extendedForPrepared")) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + t + " (k INTEGER, v TEXT)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?)")) {
        ps.setLong(1, 7);
        ps.setString(2, "seven");
        assertEquals(1, ps.executeUpdate());
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT v FROM " + t + " WHERE k = ?")) {
        ps.setLong(1, 7);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("seven", rs.getString(1));
        }
      }
    }
  }

  @Test
  void bindsDollarParametersByNumberNotByOrderOfAppearance() throws SQLException {
    // pgjdbc numbers its '?' $1, $2 and leaves the written $2 alone: the text the server gets is
    // "SELECT $2 AS b, $1 AS a, $2 AS c".
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT $2 AS b, ? AS a, ? AS c")) {
      ps.setString(1, "first");
      ps.setString(2, "second");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("second", rs.getString("b"));
        assertEquals("first", rs.getString("a"));
        assertEquals("second", rs.getString("c"));
      }
    }
  }

  @Test
  void transfersEveryTypeInBinary() throws SQLException {
    String t = table("types");
    UUID uuid = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    LocalDateTime local = LocalDateTime.of(2024, 2, 29, 10, 11, 12, 345_678_000);
    OffsetDateTime instant = OffsetDateTime.of(2024, 2, 29, 23, 30, 0, 0, ZoneOffset.ofHours(2));
    try (Connection c = connect("prepareThreshold", "-1", "binaryTransfer", "true")) {
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE "
                + t
                + " (i2 INT2, i4 INT4, i8 INTEGER, f4 FLOAT4, f8 DOUBLE PRECISION, num NUMERIC,"
                + " txt TEXT, vc VARCHAR(20), raw BYTEA, ok BOOLEAN, day DATE,"
                + " local TIMESTAMP WITHOUT TIME ZONE, at TIMESTAMPTZ, id UUID, doc JSON)");
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO " + t + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setShort(1, (short) -12);
        ps.setInt(2, 123_456);
        ps.setLong(3, 9_000_000_000L);
        ps.setFloat(4, 1.25f);
        ps.setDouble(5, -2.5e-3);
        ps.setBigDecimal(6, new BigDecimal("12345678901.2345"));
        ps.setString(7, "héllo");
        ps.setString(8, "varchar");
        ps.setBytes(9, new byte[] {0, 1, (byte) 0xFE, (byte) 0xFF});
        ps.setBoolean(10, true);
        ps.setObject(11, LocalDate.of(2024, 2, 29));
        ps.setObject(12, local);
        ps.setObject(13, instant);
        ps.setObject(14, uuid);
        ps.setString(15, "{\"a\":[1,2]}");
        assertEquals(1, ps.executeUpdate());
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + t)) {
        for (int run = 0; run < 2; run++) {
          try (ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              types.add(md.getColumnTypeName(i));
            }
            assertEquals(
                List.of(
                    "int2",
                    "int4",
                    "int8",
                    "float4",
                    "float8",
                    "numeric",
                    "text",
                    "text",
                    "bytea",
                    "bool",
                    "date",
                    "timestamp",
                    "timestamptz",
                    "uuid",
                    "json"),
                types);
            PGResultSetMetaData pg = md.unwrap(PGResultSetMetaData.class);
            for (String binary :
                List.of("i2", "i4", "i8", "f4", "f8", "num", "raw", "day", "local", "at", "id")) {
              assertEquals(1, pg.getFormat(rs.findColumn(binary)), binary + " travels in binary");
            }
            assertTrue(rs.next());
            assertEquals((short) -12, rs.getShort("i2"));
            assertEquals(123_456, rs.getInt("i4"));
            assertEquals(9_000_000_000L, rs.getLong("i8"));
            assertEquals(1.25f, rs.getFloat("f4"));
            assertEquals(-2.5e-3, rs.getDouble("f8"));
            assertEquals(new BigDecimal("12345678901.2345"), rs.getBigDecimal("num"));
            assertEquals("héllo", rs.getString("txt"));
            assertEquals("varchar", rs.getString("vc"));
            assertArrayEquals(new byte[] {0, 1, (byte) 0xFE, (byte) 0xFF}, rs.getBytes("raw"));
            assertTrue(rs.getBoolean("ok"));
            assertEquals(LocalDate.of(2024, 2, 29), rs.getObject("day", LocalDate.class));
            assertEquals(local, rs.getObject("local", LocalDateTime.class));
            assertEquals(instant.toInstant(), rs.getObject("at", OffsetDateTime.class).toInstant());
            assertEquals(uuid, rs.getObject("id"));
            assertEquals("{\"a\":[1,2]}", rs.getString("doc"));
            assertFalse(rs.next());
          }
        }
      }
    }
  }

  @Test
  void insertsInBatches() throws SQLException {
    String t = table("batch");
    try (Connection c = connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + t + " (n INTEGER PRIMARY KEY, label TEXT)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?)")) {
        for (int n = 1; n <= 2_000; n++) {
          ps.setInt(1, n);
          ps.setString(2, "row " + n);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        assertEquals(2_000, counts.length);
        for (int count : counts) {
          assertEquals(1, count);
        }
      }
      assertEquals(2_000L, count(c, t));
    }
  }

  @Test
  void fetchesALargeResultThroughACursorInATransaction() throws SQLException {
    String t = table("cursor");
    int rows = 10_000;
    try (Connection c = connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + t + " (n INTEGER PRIMARY KEY, pad TEXT)");
        st.execute(
            "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < "
                + rows
                + ") INSERT INTO "
                + t
                + " SELECT n, printf('%040d', n) FROM s");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT n, pad FROM " + t + " ORDER BY n");
          SuspensionCounter suspensions = new SuspensionCounter()) {
        ps.setFetchSize(250);
        try (ResultSet rs = ps.executeQuery()) {
          long expected = 1;
          while (rs.next()) {
            assertEquals(expected, rs.getLong(1));
            assertEquals(String.format("%040d", expected), rs.getString(2));
            expected++;
          }
          assertEquals(rows + 1, expected, "every row, once, in order");
        }
        // 40 Executes of 250 rows: all but the last end in PortalSuspended (the node reads one
        // row ahead, so the last one knows the cursor is done).
        assertEquals(rows / 250 - 1, suspensions.count());
        // A second cursor over the same statement in the same transaction.
        ps.setFetchSize(3_000);
        try (ResultSet rs = ps.executeQuery()) {
          int seen = 0;
          while (rs.next()) {
            seen++;
          }
          assertEquals(rows, seen);
        }
      }
      c.commit();
      c.setAutoCommit(true);
      assertEquals(rows, count(c, t));
    }
  }

  /** Counts the PortalSuspended messages pgjdbc receives, from its protocol trace. */
  private static final class SuspensionCounter extends Handler implements AutoCloseable {
    private static final Logger TRACE =
        Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
    private final Level before = TRACE.getLevel();
    private final boolean parentHandlers = TRACE.getUseParentHandlers();
    private final AtomicInteger count = new AtomicInteger();

    SuspensionCounter() {
      setLevel(Level.FINEST);
      TRACE.setLevel(Level.FINEST);
      TRACE.setUseParentHandlers(false);
      TRACE.addHandler(this);
    }

    int count() {
      return count.get();
    }

    @Override
    public void publish(LogRecord record) {
      if (" <=BE PortalSuspended".equals(record.getMessage())) {
        count.incrementAndGet();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      TRACE.removeHandler(this);
      TRACE.setUseParentHandlers(parentHandlers);
      TRACE.setLevel(before);
    }
  }

  @Test
  void returnsGeneratedKeys() throws SQLException {
    String t = table("keys");
    try (Connection c = connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, name TEXT)");
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO " + t + " (name) VALUES (?)", new String[] {"id"})) {
        for (long expected = 1; expected <= 3; expected++) {
          ps.setString(1, "n" + expected);
          assertEquals(1, ps.executeUpdate());
          try (ResultSet keys = ps.getGeneratedKeys()) {
            assertTrue(keys.next());
            assertEquals(expected, keys.getLong("id"));
          }
        }
      }
      try (Statement st = c.createStatement()) {
        st.executeUpdate(
            "INSERT INTO " + t + " (name) VALUES ('all')", Statement.RETURN_GENERATED_KEYS);
        try (ResultSet keys = st.getGeneratedKeys()) {
          assertTrue(keys.next());
          assertEquals(4L, keys.getLong("id"));
          assertEquals("all", keys.getString("name"));
        }
      }
    }
  }

  @Test
  void skipsTheRestOfAFailedBatchAndStaysUsable() throws SQLException {
    String t = table("failing");
    try (Connection c = connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + t + " (n INTEGER PRIMARY KEY)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " VALUES (?)")) {
        for (int n : new int[] {1, 2, 2, 3, 4}) {
          ps.setInt(1, n);
          ps.addBatch();
        }
        BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
        assertEquals("23505", e.getSQLState());
      }
      assertEquals(
          0L, count(c, t), "the batch ran as one implicit transaction, rolled back by the error");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " VALUES (?)")) {
        ps.setInt(1, 5);
        assertEquals(1, ps.executeUpdate());
      }
      assertEquals(1L, count(c, t));
    }
  }

  @Test
  void answersSessionStatementsThroughPreparedStatements() throws SQLException {
    try (Connection c = connect("prepareThreshold", "1")) {
      try (PreparedStatement set = c.prepareStatement("SET application_name = 'through-bind'")) {
        set.execute();
        set.execute();
      }
      try (PreparedStatement show = c.prepareStatement("SHOW application_name");
          ResultSet rs = show.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("through-bind", rs.getString(1));
      }
    }
  }

  @Test
  void discardAllDeallocatesNamedStatementsAndPgjdbcPreparesThemAgain() throws SQLException {
    try (Connection c = connect("prepareThreshold", "1");
        PreparedStatement ps = c.prepareStatement("SELECT ? + 1");
        Statement st = c.createStatement()) {
      for (int round = 0; round < 3; round++) {
        ps.setInt(1, round);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(round + 1, rs.getInt(1));
        }
        assertTrue(ps.unwrap(PGStatement.class).isUseServerPrepare());
        st.execute("DISCARD ALL");
      }
    }
  }

  @Test
  void pgbenchRunsACustomScriptInEveryQueryMode() throws Exception {
    Result setup =
        Psql.script(
            port,
            tenant,
            "app",
            PASSWORD,
            """
            CREATE TABLE accounts (aid INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
            WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100)
              INSERT INTO accounts SELECT n, 0 FROM s;
            CREATE TABLE history (aid INTEGER, delta INTEGER);
            """);
    assertEquals(0, setup.exitCode(), setup::toString);
    Path script = Files.createTempFile("rhizome-pgbench-", ".sql");
    Files.writeString(
        script,
        """
        \\set aid random(1, 100)
        \\set delta random(-50, 50)
        BEGIN;
        UPDATE accounts SET balance = balance + :delta WHERE aid = :aid;
        SELECT balance FROM accounts WHERE aid = :aid;
        INSERT INTO history (aid, delta) VALUES (:aid, :delta);
        END;
        """);
    int transactions = 0;
    for (String mode : List.of("simple", "extended", "prepared")) {
      Result r =
          Result.run(
              List.of(
                  "/usr/bin/pgbench",
                  "-n",
                  "-M",
                  mode,
                  "-c",
                  "4",
                  "-j",
                  "2",
                  "-t",
                  "50",
                  "-f",
                  script.toString(),
                  "-h",
                  "127.0.0.1",
                  "-p",
                  "" + port,
                  "-U",
                  "app",
                  tenant),
              Map.of("PGPASSWORD", PASSWORD),
              null,
              Duration.ofSeconds(120));
      assertEquals(0, r.exitCode(), mode + ": " + r);
      assertTrue(
          r.stdout().contains("number of transactions actually processed: 200/200"),
          mode + ": " + r);
      assertTrue(r.stdout().contains("number of failed transactions: 0"), mode + ": " + r);
      transactions += 200;
    }
    Files.delete(script);
    try (Connection c = connect()) {
      assertEquals(transactions, count(c, "history"));
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT (SELECT sum(balance) FROM accounts) - (SELECT sum(delta) FROM history)")) {
        assertTrue(rs.next());
        assertEquals(0L, rs.getLong(1), "every update and its history row committed together");
      }
    }
  }
}
