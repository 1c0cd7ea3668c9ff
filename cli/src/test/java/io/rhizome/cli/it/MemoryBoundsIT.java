/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.FreePort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One tenant cannot exhaust the memory every tenant shares: the value and row attacks of issue 16
 * run against real processes at {@code -Xmx256m} (standalone, and a node and gateway on etcd), all
 * at once. Each attacker gets 54000 program_limit_exceeded, no process runs out of memory, and
 * another tenant's queries go on answering throughout.
 */
class MemoryBoundsIT {
  private static final String PROGRAM_LIMIT_EXCEEDED = "54000";

  /** At -Xmx256m the default limit is a sixteenth of the heap, about 16 MiB. */
  private static final int UNDER_THE_LIMIT = 12_000_000;

  private static final List<String> ATTACKS =
      List.of(
          "select zeroblob(900000000)",
          "select printf('%.*c', 900000000, 'x')",
          "select randomblob(900000000)",
          "with recursive s(v) as (select 'x' union all select v || v from s) select length(v) from s",
          // each value under the limit, the row far above it
          "select zeroblob(12000000), zeroblob(12000000), zeroblob(12000000), zeroblob(12000000),"
              + " zeroblob(12000000), zeroblob(12000000), zeroblob(12000000), zeroblob(12000000)");

  @Test
  void standaloneAnswersEveryAttackWith54000AndServesAnotherTenantMeanwhile() throws Exception {
    int port = FreePort.pick();
    java.nio.file.Path data = java.nio.file.Files.createTempDirectory("rhizome-memory-");
    try (RhizomeProcess server =
        RhizomeProcess.start(
                "standalone",
                java.nio.file.Path.of("target", "it-logs", "memory-bounds"),
                "standalone",
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--shards",
                "4")
            .awaitPort(port)) {
      attackWhileAnotherTenantWorks(port, server);
    } finally {
      io.rhizome.testkit.Etcd.deleteRecursively(data);
    }
  }

  @Test
  void aClusterAnswersEveryAttackWith54000AndServesAnotherTenantMeanwhile() throws Exception {
    try (LocalCluster cluster = new LocalCluster("memory-bounds-cluster")) {
      int nodePort = FreePort.pick();
      RhizomeProcess node = cluster.node("n1", cluster.dataDir("n1"), nodePort);
      int port = FreePort.pick();
      RhizomeProcess gateway = cluster.gateway("gw", port);
      attackWhileAnotherTenantWorks(port, node);
      assertTrue(gateway.isAlive());
      assertFalse(gateway.logText().contains("OutOfMemoryError"), gateway.logText());
    }
  }

  private static void attackWhileAnotherTenantWorks(int port, RhizomeProcess server)
      throws Exception {
    MoveConsole.createTenants(port, "app", "pw", List.of("victim", "attacker"));
    try (Connection c = jdbc(port, "victim", "simple");
        Statement st = c.createStatement()) {
      st.execute("create table t (n integer)");
    }
    ExecutorService pool = Executors.newCachedThreadPool();
    AtomicBoolean attacking = new AtomicBoolean(true);
    AtomicInteger victimQueries = new AtomicInteger();
    try {
      CompletableFuture<Void> victim =
          CompletableFuture.runAsync(
              () -> {
                try (Connection c = jdbc(port, "victim", "extended");
                    Statement st = c.createStatement()) {
                  while (attacking.get() || victimQueries.get() < 10) {
                    st.execute("insert into t values (" + victimQueries.get() + ")");
                    try (ResultSet rs = st.executeQuery("select count(*) from t")) {
                      rs.next();
                      assertEquals(victimQueries.incrementAndGet(), rs.getInt(1));
                    }
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException("the other tenant failed", e);
                }
              },
              pool);
      List<CompletableFuture<String>> attackers = new ArrayList<>();
      for (String mode : List.of("simple", "extended")) {
        for (String attack : ATTACKS) {
          attackers.add(CompletableFuture.supplyAsync(() -> attack(port, mode, attack), pool));
        }
      }
      for (int i = 0; i < attackers.size(); i++) {
        assertEquals(
            PROGRAM_LIMIT_EXCEEDED,
            attackers.get(i).get(2, TimeUnit.MINUTES),
            ATTACKS.get(i % ATTACKS.size()));
      }
      attacking.set(false);
      victim.get(2, TimeUnit.MINUTES);
      assertTrue(victimQueries.get() >= 10, "the other tenant kept working");
    } finally {
      attacking.set(false);
      pool.shutdownNow();
    }
    // A large value under the limit still makes the whole trip, in both protocols.
    for (String mode : List.of("simple", "extended")) {
      try (Connection c = jdbc(port, "attacker", mode);
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("select zeroblob(" + UNDER_THE_LIMIT + ")")) {
        assertTrue(rs.next());
        assertArrayEquals(new byte[UNDER_THE_LIMIT], rs.getBytes(1));
      }
    }
    assertTrue(server.isAlive());
    assertFalse(server.logText().contains("OutOfMemoryError"), server.logText());
  }

  /** Runs one attack on its own connection; the SQLSTATE it failed with. */
  private static String attack(int port, String mode, String sql) {
    try (Connection c = jdbc(port, "attacker", mode);
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          rs.getObject(1);
        }
        return "no error";
      } catch (SQLException e) {
        // the session goes on after the refusal
        try (ResultSet rs = st.executeQuery("select 1")) {
          rs.next();
        }
        return e.getSQLState();
      }
    } catch (SQLException e) {
      return "connection failed: " + e.getSQLState() + " " + e.getMessage();
    }
  }

  private static Connection jdbc(int port, String db, String queryMode) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("preferQueryMode", queryMode);
    p.setProperty("connectTimeout", "10");
    // Guards against a hang (the bug this test is about) without timing anything.
    p.setProperty("socketTimeout", "90");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, p);
  }
}
