/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.cli.it.functions.GreetingFunctions;
import io.rhizome.cli.it.functions.ShadowingFunctions;
import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Custom SQL functions from a jar on the standalone process's class path, called through psql and
 * pgjdbc.
 */
class CustomFunctionsIT {
  private static final Path LOGS = Path.of("target", "it-logs", "functions");
  private Path data;
  private int port;
  private RhizomeProcess server;

  @BeforeEach
  void dataDir() throws Exception {
    data = Files.createTempDirectory("rhizome-functions-");
    port = FreePort.pick();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    Etcd.deleteRecursively(data);
  }

  private RhizomeProcess start(
      String name, Class<? extends io.rhizome.node.functions.SqlFunctionProvider> provider)
      throws Exception {
    Path jar = ProviderJar.build(LOGS.resolve(name + ".jar"), provider);
    return RhizomeProcess.start(
        name,
        LOGS,
        List.of(jar),
        "standalone",
        "--data",
        data.toString(),
        "--listen",
        "127.0.0.1:" + port,
        "--shards",
        "4");
  }

  @Test
  void psqlCallsTheScalarAndTheAggregateOfAProviderJar() throws Exception {
    server = start("greeting", GreetingFunctions.class).awaitPort(port);
    Result created = RhizomeProcess.createTenant(port, "fun", "app", "pw");
    assertEquals(0, created.exitCode(), created::toString);

    Result r =
        Psql.script(
            port,
            "fun",
            "app",
            "pw",
            "CREATE TABLE fruit (id INTEGER PRIMARY KEY, name TEXT, kind TEXT);\n"
                + "INSERT INTO fruit (name, kind) VALUES ('apple', 'pome'), ('pear', 'pome'),"
                + " ('plum', 'drupe'), (NULL, 'drupe');\n"
                + "SELECT greet('psql');\n"
                + "SELECT kind, joined(name, '+') FROM fruit GROUP BY kind ORDER BY kind;\n"
                + "SELECT joined(name, ',') FROM fruit WHERE id < 0;\n");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(
        List.of("CREATE TABLE", "INSERT 0 4", "hello, psql", "drupe|plum", "pome|apple+pear", ""),
        r.stdout().lines().toList(),
        r::toString);
  }

  @Test
  void aThrowingFunctionIsAnErrorAndTheSessionGoesOn() throws Exception {
    server = start("greeting", GreetingFunctions.class).awaitPort(port);
    Result created = RhizomeProcess.createTenant(port, "fun", "app", "pw");
    assertEquals(0, created.exitCode(), created::toString);
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("socketTimeout", "60");
    try (Connection c =
            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/fun", p);
        Statement st = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT explode()"));
      assertEquals("22000", e.getSQLState());
      assertTrue(e.getMessage().contains("function explode failed: kaboom"), e.getMessage());
      try (var rs = st.executeQuery("SELECT greet('again')")) {
        assertTrue(rs.next());
        assertEquals("hello, again", rs.getString(1));
      }
    }
  }

  @Test
  void aProviderThatShadowsABuiltInStopsTheServerAtStartup() throws Exception {
    server = start("shadowing", ShadowingFunctions.class);
    OptionalInt exit = server.awaitExit(Duration.ofSeconds(60));
    assertTrue(exit.isPresent(), "the server must not start");
    assertEquals(1, exit.getAsInt(), server::logText);
    assertTrue(
        server.logText().contains("custom SQL function \"upper\" would shadow"), server::logText);
  }
}
