/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against {@code rhizome standalone}: one process, metadata in the data dir. */
class StandaloneIT extends EndToEndContract {
  private static Path data;
  private static Path logs;
  private static int port;
  private static RhizomeProcess server;

  @BeforeAll
  static void startStandalone() throws Exception {
    data = Files.createTempDirectory("rhizome-standalone-");
    logs = Path.of("target", "it-logs", "standalone");
    port = FreePort.pick();
    server = startServer();
  }

  private static RhizomeProcess startServer() {
    return RhizomeProcess.start(
            "standalone",
            logs,
            "standalone",
            "--data",
            data.toString(),
            "--listen",
            "127.0.0.1:" + port,
            "--shards",
            "16")
        .awaitPort(port);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Etcd.deleteRecursively(data);
  }

  @Override
  int port() {
    return port;
  }

  @Test
  void committedDataSurvivesARestartOfTheProcess() throws SQLException {
    String t = newTenant("app", "pw");
    try (Connection c = jdbc(t, "app", "pw");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE durable (v TEXT)");
      st.execute("INSERT INTO durable VALUES ('kept')");
    }
    server.kill();
    server = startServer();
    try (Connection c = jdbc(t, "app", "pw")) {
      assertEquals(List.of("kept"), column(c, "SELECT v FROM durable"));
    }
  }

  @Test
  void secondProcessOnTheSameDataDirIsRefused() {
    int otherPort = FreePort.pick();
    Result r =
        RhizomeProcess.run(
            java.util.Map.of(),
            null,
            "standalone",
            "--data",
            data.toString(),
            "--listen",
            "127.0.0.1:" + otherPort);
    assertEquals(1, r.exitCode(), r::toString);
    org.junit.jupiter.api.Assertions.assertTrue(r.stderr().contains("in use"), r::toString);
  }
}
