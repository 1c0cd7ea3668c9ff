/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's guards against clients that never sign in, on a real standalone process: a bound on
 * connections still authenticating ({@code --max-unauthenticated}) and the 64 KiB cap on a message
 * before authentication.
 */
class AuthAbuseIT {
  private static Path data;
  private static int port;
  private static RhizomeProcess server;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("rhizome-auth-abuse-");
    port = FreePort.pick();
    server =
        RhizomeProcess.start(
                "standalone",
                Path.of("target", "it-logs", "auth-abuse"),
                "standalone",
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--shards",
                "4",
                "--max-unauthenticated",
                "2",
                "--auth-failure-delay",
                "50")
            .awaitPort(port);
    Result r = RhizomeProcess.createTenant(port, "acme", "app", "pw");
    assertEquals(0, r.exitCode(), r::toString);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Etcd.deleteRecursively(data);
  }

  @Test
  void connectionsThatNeverSignInHoldAtMostTheirSlots() throws Exception {
    try (Socket idle1 = new Socket("127.0.0.1", port);
        Socket idle2 = new Socket("127.0.0.1", port)) {
      // Both are accepted (the server counts them as soon as it has them), then the next is
      // refused.
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sqlState(() -> jdbc("pw")).equals("53300"));
      idle1.close();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sqlState(() -> jdbc("pw")).equals("ok"));
    }
    // A wrong password still gets its own answer, and frees its slot.
    for (int i = 0; i < 3; i++) {
      SQLException e = assertThrows(SQLException.class, () -> jdbc("wrong"));
      assertEquals("28P01", e.getSQLState());
    }
    try (Connection c = jdbc("pw")) {
      assertTrue(c.isValid(10));
    }
  }

  @Test
  void aHugeMessageBeforeAuthenticationIsRefusedFromItsHeader() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      byte[] params = "user\0app\0database\0acme\0\0".getBytes(StandardCharsets.UTF_8);
      out.writeInt(8 + params.length);
      out.writeInt(3 << 16);
      out.write(params);
      out.writeByte('p');
      out.writeInt(100_000_000); // only the header: the server must not wait for the body
      out.flush();
      String answer = readAll(s.getInputStream());
      assertTrue(answer.contains("08P01"), answer);
      assertTrue(answer.contains("before authentication"), answer);
    }
  }

  private interface Attempt {
    Connection open() throws SQLException;
  }

  private static String sqlState(Attempt attempt) {
    try (Connection c = attempt.open()) {
      return "ok";
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  private static Connection jdbc(String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "30");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/acme", p);
  }

  /** Everything the server sends until it closes the connection, as Latin-1 text. */
  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    for (int n; (n = in.read(buf)) >= 0; ) {
      all.write(buf, 0, n);
    }
    return all.toString(StandardCharsets.ISO_8859_1);
  }
}
