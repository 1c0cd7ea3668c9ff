/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import io.rhizome.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A standalone process started with {@code --tls-cert --tls-key --tls-required}, driven by real
 * psql and pgjdbc: sslmode=require and verify-full (against a CA made for the run), plain text
 * refused, and cancel of a running statement by pgjdbc's Statement.cancel() and by psql on SIGINT.
 */
class TlsAndCancelIT {
  /** Counts to a billion: minutes of SQLite work unless cancelled. */
  static final String ENDLESS =
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)"
          + " SELECT count(*) FROM c";

  private static Path dir;
  private static TestCertificates.Pki pki;
  private static int port;
  private static RhizomeProcess server;
  private static String tenant;

  @BeforeAll
  static void start() {
    try {
      dir = Files.createTempDirectory("rhizome-tls-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    pki = TestCertificates.create(dir.resolve("pki"));
    port = FreePort.pick();
    server =
        RhizomeProcess.start(
                "standalone-tls",
                Path.of("target", "it-logs", "tls"),
                "standalone",
                "--data",
                dir.resolve("data").toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--shards",
                "8",
                "--tls-cert",
                pki.serverCert().toString(),
                "--tls-key",
                pki.serverKeyPkcs1().toString(),
                "--tls-required")
            .awaitPort(port);
    tenant = "tls" + Long.toHexString(System.nanoTime());
    // ctl speaks pgjdbc's default sslmode=prefer, so it works with TLS required too.
    Result r = RhizomeProcess.createTenant(port, tenant, "app", "pw");
    assertEquals(0, r.exitCode(), r::toString);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Etcd.deleteRecursively(dir);
  }

  /** psql with a libpq connection string. */
  private static Result psql(String conninfo, String script) {
    return Result.run(
        List.of(Psql.binary().toString(), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", conninfo),
        Map.of("PGPASSWORD", "pw", "PGCONNECT_TIMEOUT", "10"),
        script,
        Duration.ofSeconds(60));
  }

  private static String conninfo(String sslmode) {
    return "host=localhost hostaddr=127.0.0.1 port="
        + port
        + " dbname="
        + tenant
        + " user=app sslmode="
        + sslmode;
  }

  static Connection pgjdbc(int port, String db, Properties extra) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("preferQueryMode", "simple");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "120");
    p.putAll(extra);
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + db, p);
  }

  private static Properties verifyFull(Path rootCert) {
    Properties p = new Properties();
    p.setProperty("sslmode", "verify-full");
    p.setProperty("sslrootcert", rootCert.toString());
    return p;
  }

  @Test
  void psqlWorksWithSslmodeRequireAndVerifyFull() {
    Result require = psql(conninfo("require"), "\\conninfo\nSELECT 40 + 2;\n");
    assertEquals(0, require.exitCode(), require::toString);
    assertTrue(require.stdout().contains("SSL connection (protocol: TLSv1."), require::toString);
    assertTrue(require.stdout().lines().anyMatch("42"::equals), require::toString);

    Result full =
        psql(
            conninfo("verify-full") + " sslrootcert=" + pki.caCert(),
            "CREATE TABLE secret (v TEXT); INSERT INTO secret VALUES ('over tls');"
                + " SELECT v FROM secret;\n");
    assertEquals(0, full.exitCode(), full::toString);
    assertTrue(full.stdout().contains("over tls"), full::toString);
  }

  @Test
  void verifyFullRejectsAServerCertificateFromAnotherCa() {
    TestCertificates.Pki stranger = TestCertificates.create(dir.resolve("stranger"));
    Result r = psql(conninfo("verify-full") + " sslrootcert=" + stranger.caCert(), "SELECT 1;\n");
    assertNotEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("certificate verify failed"), r::toString);
    assertThrows(
        SQLException.class, () -> pgjdbc(port, tenant, verifyFull(stranger.caCert())).close());
  }

  @Test
  void plainTextClientsAreRefusedWith28000() {
    Result r = psql(conninfo("disable"), "SELECT 1;\n");
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("accepts SSL connections only"), r::toString);
    Properties plain = new Properties();
    plain.setProperty("sslmode", "disable");
    SQLException e = assertThrows(SQLException.class, () -> pgjdbc(port, tenant, plain).close());
    assertEquals("28000", e.getSQLState());
  }

  @Test
  void pgjdbcVerifyFullRunsStatementsAndSessionHousekeeping() throws Exception {
    try (Connection c = pgjdbc(port, tenant, verifyFull(pki.caCert()));
        Statement st = c.createStatement()) {
      assertEquals("public", c.getSchema());
      c.setReadOnly(false);
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
      c.setClientInfo("ApplicationName", "tls-it");
      try (ResultSet rs = st.executeQuery("SHOW application_name")) {
        assertTrue(rs.next());
        assertEquals("tls-it", rs.getString(1));
      }
      st.execute("DISCARD ALL");
      try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
        assertTrue(rs.next());
        assertEquals(c.unwrap(org.postgresql.PGConnection.class).getBackendPID(), rs.getInt(1));
      }
      assertTrue(c.isValid(5));
    }
  }

  /** Runs ENDLESS and cancels it with {@code cancel} until it fails; returns that failure. */
  static SQLException cancelEndless(Statement st, CancelAction cancel) throws Exception {
    CompletableFuture<Void> running =
        CompletableFuture.runAsync(
            () -> {
              try {
                st.executeQuery(ENDLESS).close();
              } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    // A cancel that arrives before the statement runs is ignored (as in Postgres): repeat it,
    // paced by waiting for the statement to end.
    while (System.nanoTime() < deadline) {
      cancel.run();
      try {
        running.get(200, TimeUnit.MILLISECONDS);
        throw new AssertionError("the statement ended without an error");
      } catch (TimeoutException stillRunning) {
        // cancel again
      } catch (ExecutionException e) {
        return (SQLException) e.getCause();
      }
    }
    throw new AssertionError("the statement was not cancelled within 60 s");
  }

  /** One cancel attempt. */
  @FunctionalInterface
  interface CancelAction {
    void run() throws Exception;
  }

  @Test
  void pgjdbcCancelStopsALongSimpleQueryWith57014() throws Exception {
    try (Connection c = pgjdbc(port, tenant, verifyFull(pki.caCert()));
        Statement st = c.createStatement()) {
      // The connection's cancel (the same CancelRequest as Statement.cancel(), which then blocks
      // until the statement ends, so it cannot repeat one that arrived before the statement ran).
      SQLException e = cancelEndless(st, c.unwrap(org.postgresql.PGConnection.class)::cancelQuery);
      assertEquals("57014", e.getSQLState(), e::toString);
      assertTrue(e.getMessage().contains("canceling statement due to user request"), e::toString);
      try (ResultSet rs = st.executeQuery("SELECT 1")) {
        assertTrue(rs.next(), "the connection is usable after the cancel");
      }
    }
  }

  @Test
  void pgjdbcQueryTimeoutCancelsThroughStatementCancel() throws Exception {
    try (Connection c = pgjdbc(port, tenant, verifyFull(pki.caCert()));
        Statement st = c.createStatement()) {
      // pgjdbc's query timeout fires Statement.cancel() from its timer thread, a second after the
      // statement was sent: by then it runs on the node, so the one cancel it sends lands. The
      // preemptive bound turns a lost cancel into a failure instead of a hung build.
      st.setQueryTimeout(1);
      SQLException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () -> assertThrows(SQLException.class, () -> st.executeQuery(ENDLESS).close()));
      assertEquals("57014", e.getSQLState(), e::toString);
      st.setQueryTimeout(0);
      try (ResultSet rs = st.executeQuery("SELECT 1")) {
        assertTrue(rs.next(), "the connection is usable after the cancel");
      }
    }
  }

  @Test
  void pgjdbcInTheExtendedProtocolRunsPreparedStatementsAndCancelsOverTls() throws Exception {
    Properties extended = verifyFull(pki.caCert());
    extended.setProperty("preferQueryMode", "extended");
    extended.setProperty("prepareThreshold", "1");
    try (Connection c = pgjdbc(port, tenant, extended);
        Statement st = c.createStatement();
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT ? * 2 AS twice")) {
      for (long n = 1; n <= 3; n++) {
        ps.setLong(1, n);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(2 * n, rs.getLong(1));
        }
      }
      // The connection's cancel, not Statement.cancel(): pgjdbc's Statement.cancel() sends one
      // cancel and then waits for the statement to end, so one that arrives before the statement
      // runs (ignored, as in Postgres) would leave the statement to its timeout.
      org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
      SQLException e = cancelEndless(st, pg::cancelQuery);
      assertEquals("57014", e.getSQLState(), e::toString);
      assertTrue(e.getMessage().contains("canceling statement due to user request"), e::toString);
      ps.setLong(1, 21);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the connection is usable after the cancel");
        assertEquals(42, rs.getLong(1));
      }
    }
  }

  @Test
  void psqlCancelsTheRunningStatementOnSigint() throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Psql.binary().toString(),
                "-X",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                conninfo("require")));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PGPASSWORD", "pw");
    Process psql = pb.start();
    psql.getOutputStream()
        .write(("\\warn started\n" + ENDLESS + ";\n").getBytes(StandardCharsets.UTF_8));
    psql.getOutputStream().close();
    InputStream err = psql.getErrorStream();
    StringBuilder stderr = new StringBuilder();
    // psql says "started" on stderr right before it sends the query.
    while (!stderr.toString().contains("started")) {
      int b = err.read();
      assertTrue(b >= 0, () -> "psql ended early: " + stderr);
      stderr.append((char) b);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (psql.isAlive() && System.nanoTime() < deadline) {
      new ProcessBuilder("kill", "-INT", Long.toString(psql.pid())).start().waitFor();
      psql.waitFor(200, TimeUnit.MILLISECONDS);
    }
    assertTrue(psql.waitFor(10, TimeUnit.SECONDS), "psql did not stop");
    stderr.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(
        stderr.toString().contains("canceling statement due to user request"), stderr::toString);
    assertEquals(3, psql.exitValue(), "ON_ERROR_STOP after a failed statement");
  }
}
