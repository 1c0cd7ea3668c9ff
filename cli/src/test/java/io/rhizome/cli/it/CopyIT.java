/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/** COPY FROM STDIN and TO STDOUT through the gateway, with real psql and pgjdbc clients. */
class CopyIT {
  private static Path data;
  private static Path files;
  private static int port;
  private static RhizomeProcess server;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("rhizome-copy-");
    files = Files.createTempDirectory("rhizome-copy-files-");
    port = FreePort.pick();
    server =
        RhizomeProcess.start(
                "copy",
                Path.of("target", "it-logs", "copy"),
                "standalone",
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--shards",
                "4")
            .awaitPort(port);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Etcd.deleteRecursively(data);
    Etcd.deleteRecursively(files);
  }

  private static String newTenant() throws SQLException {
    String name = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    MoveConsole.createTenants(port, "app", "pw", List.of(name));
    return name;
  }

  /** pgjdbc in its default (extended) query mode: CopyManager still starts COPY with a Query. */
  private static Connection jdbc(String db) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "120");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, p);
  }

  private static CopyManager copy(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getCopyAPI();
  }

  private static long one(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String sqlState(ThrowingRunnable r) {
    return assertThrows(SQLException.class, r::run).getSQLState();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void psqlCopiesCsvWithHeaderBothWaysKeepingNullsQuotesAndNewlines() throws Exception {
    String t = newTenant();
    String csv =
        "id,name,note\n"
            + "1,plain,\n"
            + "2,\"\",\"comma, inside\"\n"
            + "3,\"say \"\"hi\"\"\",\"two\nlines\"\n"
            + "4,ünïcødé ✓,日本語\n";
    Path in = files.resolve(t + "-in.csv");
    Path out = files.resolve(t + "-out.csv");
    Path text = files.resolve(t + "-out.txt");
    Files.writeString(in, csv, StandardCharsets.UTF_8);
    Result r =
        Psql.script(
            port,
            t,
            "app",
            "pw",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note TEXT);\n"
                + "\\copy t FROM '"
                + in
                + "' CSV HEADER\n"
                + "\\copy (SELECT * FROM t ORDER BY id) TO '"
                + out
                + "' CSV HEADER\n"
                + "\\copy t TO '"
                + text
                + "'\n"
                + "CREATE TABLE t2 (id INTEGER PRIMARY KEY, name TEXT, note TEXT);\n"
                + "\\copy t2 FROM '"
                + text
                + "'\n"
                + "SELECT count(*), count(name), count(note) FROM t2;\n"
                + "SELECT id FROM t2 WHERE note IS NULL;\n"
                + "SELECT id FROM t2 WHERE name = '';\n"
                + "COPY t2 (name, id) FROM STDIN;\n"
                + "inline\t5\n"
                + "\\.\n"
                + "SELECT name FROM t2 WHERE id = 5;\n");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(
        "COPY 4\nCOPY 4\nCOPY 4\nCOPY 4\n4|4|3\n1\n2\nCOPY 1\ninline\n",
        r.stdout().replace("CREATE TABLE\n", ""));
    assertEquals(csv, Files.readString(out, StandardCharsets.UTF_8));
    assertEquals(
        "1\tplain\t\\N\n"
            + "2\t\tcomma, inside\n"
            + "3\tsay \"hi\"\ttwo\\nlines\n"
            + "4\tünïcødé ✓\t日本語\n",
        Files.readString(text, StandardCharsets.UTF_8));
  }

  @Test
  void copyManagerLoadsAndReadsBackManyRows() throws Exception {
    String t = newTenant();
    int n = 100_000;
    StringBuilder input = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      input.append(i).append('\t').append("row ").append(i).append('\n');
    }
    try (Connection c = jdbc(t);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, label TEXT)");
      long started = System.nanoTime();
      long copied = copy(c).copyIn("COPY big FROM STDIN", new StringReader(input.toString()));
      long nanos = System.nanoTime() - started;
      System.out.printf(
          "CopyIT: copyIn of %d rows took %d ms (%.0f rows/s)%n",
          n, nanos / 1_000_000, n / (nanos / 1e9));
      assertEquals(n, copied);
      assertEquals(n, one(st, "SELECT count(*) FROM big"));
      assertEquals((long) n * (n + 1) / 2, one(st, "SELECT sum(id) FROM big"));
      StringWriter output = new StringWriter();
      assertEquals(n, copy(c).copyOut("COPY big TO STDOUT", output));
      assertEquals(input.toString(), output.toString());
    }
  }

  @Test
  void aBadRowOrCopyFailRollsBackTheWholeCopy() throws Exception {
    String t = newTenant();
    try (Connection c = jdbc(t);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
      st.execute("INSERT INTO t VALUES (0, 0)");
      StringBuilder rows = new StringBuilder();
      for (int i = 1; i <= 20_000; i++) {
        rows.append(i).append(',').append(i).append('\n');
      }
      String bad = rows + "20001,not a number\n";
      assertEquals(
          "22P02",
          sqlState(() -> copy(c).copyIn("COPY t FROM STDIN (FORMAT csv)", new StringReader(bad))));
      assertEquals(1, one(st, "SELECT count(*) FROM t"));
      String duplicate = rows + "1,1\n";
      assertEquals(
          "23505",
          sqlState(
              () -> copy(c).copyIn("COPY t FROM STDIN (FORMAT csv)", new StringReader(duplicate))));
      assertEquals(1, one(st, "SELECT count(*) FROM t"));
      CopyIn in = copy(c).copyIn("COPY t FROM STDIN (FORMAT csv)");
      byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
      in.writeToCopy(bytes, 0, bytes.length);
      in.cancelCopy();
      assertEquals(1, one(st, "SELECT count(*) FROM t"));
      // The session goes on normally.
      assertEquals(
          3, copy(c).copyIn("COPY t (v, id) FROM STDIN", new StringReader("7\t1\n8\t2\n\\N\t3\n")));
      assertEquals(15, one(st, "SELECT sum(v) FROM t"));
      assertEquals(4, one(st, "SELECT count(*) FROM t"));
    }
  }

  @Test
  void copyInsideATransactionCommitsOrRollsBackWithIt() throws Exception {
    String t = newTenant();
    try (Connection c = jdbc(t);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      c.setAutoCommit(false);
      st.execute("INSERT INTO t VALUES (100)");
      assertEquals(2, copy(c).copyIn("COPY t FROM STDIN", new StringReader("1\n2\n")));
      assertEquals(3, one(st, "SELECT count(*) FROM t"));
      c.rollback();
      assertEquals(0, one(st, "SELECT count(*) FROM t"));
      assertEquals(2, copy(c).copyIn("COPY t FROM STDIN", new StringReader("1\n2\n")));
      c.commit();
      assertEquals(2, one(st, "SELECT count(*) FROM t"));
      assertEquals(
          "23505", sqlState(() -> copy(c).copyIn("COPY t FROM STDIN", new StringReader("3\n1\n"))));
      assertEquals("25P02", sqlState(() -> one(st, "SELECT count(*) FROM t")));
      c.rollback();
      c.setAutoCommit(true);
      assertEquals(2, one(st, "SELECT count(*) FROM t"));
    }
  }

  @Test
  void serverSideFilesProgramsAndBinaryAreRefused() throws Exception {
    String t = newTenant();
    try (Connection c = jdbc(t);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id INTEGER)");
      assertEquals("42501", sqlState(() -> st.execute("COPY t FROM '/etc/passwd'")));
      assertEquals("42501", sqlState(() -> st.execute("COPY t TO '/tmp/rhizome-copy-out'")));
      assertEquals("42501", sqlState(() -> st.execute("COPY t FROM PROGRAM 'id'")));
      assertEquals(
          "0A000",
          sqlState(
              () -> copy(c).copyIn("COPY t FROM STDIN (FORMAT binary)", new StringReader(""))));
      assertEquals(
          "42P01", sqlState(() -> copy(c).copyIn("COPY nope FROM STDIN", new StringReader(""))));
      assertEquals(0, one(st, "SELECT count(*) FROM t"));
    }
    assertTrue(!Files.exists(Path.of("/tmp/rhizome-copy-out")));
  }

  @Test
  void copyToStdoutOfAQueryWritesTypedValuesInTheirTextForm() throws Exception {
    String t = newTenant();
    try (Connection c = jdbc(t);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id INTEGER, b BYTEA, f DOUBLE PRECISION, ok BOOLEAN)");
      st.execute("INSERT INTO t VALUES (1, x'00ff', 1.5, true), (2, NULL, NULL, false)");
      StringWriter out = new StringWriter();
      copy(c).copyOut("COPY (SELECT * FROM t ORDER BY id) TO STDOUT WITH (FORMAT csv)", out);
      List<String> lines = new ArrayList<>(List.of(out.toString().split("\n")));
      assertEquals(List.of("1,\\x00ff,1.5,t", "2,,,f"), lines);
    }
  }
}
