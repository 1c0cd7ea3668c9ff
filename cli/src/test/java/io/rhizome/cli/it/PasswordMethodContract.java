/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sign-in through real psql and pgjdbc against a standalone process created with {@code
 * --auth-method md5} or {@code password}: the right password works, a wrong one and an unknown user
 * get the same 28P01. The tenants are made with {@code ctl}, whose admin sign-in uses the method
 * too. One process per method serves all the tests of its class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PasswordMethodContract {
  static final String WRONG = "password authentication failed for user ";

  /** The {@code --auth-method} of the class's process. */
  private final String method;

  /** The authentication request code the gateway must send (5 md5, 3 cleartext). */
  private final int expectedRequestCode;

  private Path data;
  private int port;
  private RhizomeProcess server;

  PasswordMethodContract(String method, int expectedRequestCode) {
    this.method = method;
    this.expectedRequestCode = expectedRequestCode;
  }

  @BeforeAll
  void start() throws Exception {
    data = Files.createTempDirectory("rhizome-" + method + "-");
    port = freePort();
    server = startStandalone("standalone-" + method, data, port, "--auth-method", method);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    deleteQuietly(data);
  }

  /** The gateway's Postgres port. */
  final int port() {
    return port;
  }

  final int expectedRequestCode() {
    return expectedRequestCode;
  }

  /** The class's standalone process. */
  final RhizomeProcess server() {
    return server;
  }

  /** Creates a tenant through {@code ctl} (signing in to the console as admin) and names it. */
  String newTenant(String user, String password) {
    String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Result r =
        RhizomeProcess.run(
            Map.of("RHIZOME_ADMIN_PASSWORD", RhizomeProcess.ADMIN_PASSWORD),
            password + "\n",
            "ctl",
            "--server",
            "127.0.0.1:" + port(),
            "tenant",
            "create",
            name,
            "--user",
            user,
            "--password-stdin");
    assertEquals(0, r.exitCode(), r::toString);
    return name;
  }

  Connection jdbc(String db, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + db, p);
  }

  static RhizomeProcess startStandalone(String name, Path data, int port, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "standalone",
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--shards",
                "4"));
    args.addAll(List.of(extra));
    return RhizomeProcess.start(
            name, Path.of("target", "it-logs", name), args.toArray(String[]::new))
        .awaitPort(port);
  }

  @Test
  void theGatewayAsksForTheClustersMethod() throws IOException {
    assertEquals(expectedRequestCode(), authRequestCode(port(), "admin", "rhizome"));
  }

  @Test
  void psqlSignsInWithTheRightPasswordAndIsRefusedAWrongOne() {
    String t = newTenant("app", "s3cret");
    Result ok = Psql.script(port(), t, "app", "s3cret", "SELECT 40 + 2;\n");
    assertEquals(0, ok.exitCode(), ok::toString);
    assertEquals(List.of("42"), ok.stdout().lines().toList());

    Result wrong = Psql.script(port(), t, "app", "s3cret!", "SELECT 1;\n");
    assertEquals(2, wrong.exitCode(), wrong::toString);
    assertTrue(wrong.stderr().contains(WRONG + "\"app\""), wrong::toString);

    Result unknown = Psql.script(port(), t, "ghost", "s3cret", "SELECT 1;\n");
    assertEquals(2, unknown.exitCode(), unknown::toString);
    assertTrue(unknown.stderr().contains(WRONG + "\"ghost\""), unknown::toString);
  }

  @Test
  void jdbcSignsInWithTheRightPasswordAndGets28P01Otherwise() throws SQLException {
    String t = newTenant("app", "pässwörd");
    try (Connection c = jdbc(t, "app", "pässwörd")) {
      assertEquals(List.of("1"), EndToEndContract.column(c, "SELECT 1"));
    }
    SQLException wrong = assertThrows(SQLException.class, () -> jdbc(t, "app", "passwort"));
    assertEquals("28P01", wrong.getSQLState());
    assertTrue(wrong.getMessage().contains(WRONG + "\"app\""), wrong::getMessage);

    SQLException unknown = assertThrows(SQLException.class, () -> jdbc(t, "nobody", "pässwörd"));
    assertEquals("28P01", unknown.getSQLState());
    assertTrue(unknown.getMessage().contains(WRONG + "\"nobody\""), unknown::getMessage);
  }

  @Test
  void theAdminConsoleRefusesAWrongAdminPasswordWith28P01() {
    SQLException e =
        assertThrows(SQLException.class, () -> jdbc("rhizome", "admin", "not-the-admin-password"));
    assertEquals("28P01", e.getSQLState());
  }

  /**
   * Sends a startup packet and returns the code of the server's first Authentication request (what
   * libpq 15 cannot be told to insist on), then hangs up.
   */
  static int authRequestCode(int port, String user, String database) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream b = new DataOutputStream(body);
      b.writeInt(196608); // protocol 3.0
      for (String p : List.of("user", user, "database", database)) {
        b.write(p.getBytes(StandardCharsets.UTF_8));
        b.write(0);
      }
      b.write(0);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeInt(body.size() + 4);
      body.writeTo(out);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertEquals('R', in.readByte());
      in.readInt();
      return in.readInt();
    }
  }

  static void deleteQuietly(Path dir) {
    if (dir != null && Files.exists(dir)) {
      Etcd.deleteRecursively(dir);
    }
  }

  static int freePort() {
    return FreePort.pick();
  }
}
