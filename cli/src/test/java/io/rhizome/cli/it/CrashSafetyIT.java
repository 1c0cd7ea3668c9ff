/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md invariant 2: an acknowledged commit survives {@code kill -9}. Clients commit rows with
 * their own sequence numbers and record every commit the server acknowledged; the standalone
 * process is killed with SIGKILL while they write, restarted on the same data directory, and every
 * acknowledged row must be there, every transaction whole or absent, every tenant file intact.
 */
class CrashSafetyIT {
  private static final List<String> TENANTS = List.of("crash-a", "crash-b", "crash-c");
  private static final int CLIENTS = 6;

  /** Rows per transaction of the clients that use explicit transactions. */
  private static final int ROWS_PER_TRANSACTION = 3;

  /** The kill comes once this many commits were acknowledged, while the clients keep going. */
  private static final int ACKS_BEFORE_KILL = 300;

  /** ... and once every client had this many acknowledged, so each one is killed mid-stream. */
  private static final int ACKS_PER_CLIENT_BEFORE_KILL = 5;

  private Path data;
  private int port;
  private RhizomeProcess server;

  /** Set just before the kill: a client failure before it is a test failure, after it expected. */
  private volatile boolean killing;

  private final ConcurrentLinkedQueue<String> earlyFailures = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (data != null) {
      Etcd.deleteRecursively(data);
    }
  }

  private RhizomeProcess start() {
    return RhizomeProcess.start(
            "standalone",
            Path.of("target", "it-logs", "crash"),
            "standalone",
            "--data",
            data.toString(),
            "--listen",
            "127.0.0.1:" + port,
            "--shards",
            "8")
        .awaitPort(port);
  }

  private Connection jdbc(String tenant) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + tenant, p);
  }

  /** One acknowledged commit: rows {@code first .. first+rows-1} of {@code client}. */
  private record Ack(int client, int first, int rows) {}

  @Test
  void everyAcknowledgedCommitSurvivesSigkill() throws Exception {
    data = Files.createTempDirectory("rhizome-crash-");
    port = FreePort.pick();
    server = start();
    for (String tenant : TENANTS) {
      MoveConsole.createTenants(port, "app", "pw", List.of(tenant));
      try (Connection c = jdbc(tenant);
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE acked (client INTEGER, seq INTEGER, PRIMARY KEY (client, seq))");
      }
    }

    ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
    List<CountDownLatch> enoughOfEach = new ArrayList<>();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      int client = i;
      CountDownLatch own = new CountDownLatch(ACKS_PER_CLIENT_BEFORE_KILL);
      enoughOfEach.add(own);
      Thread t =
          new Thread(
              () -> write(client, TENANTS.get(client % TENANTS.size()), acks, enough, own),
              "crash-client-" + i);
      t.start();
      clients.add(t);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    assertTrue(
        enough.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS),
        "clients did not get commits acknowledged");
    for (int i = 0; i < CLIENTS; i++) {
      // Two clients share each tenant and SQLite lets one writer in at a time: each must get turns.
      assertTrue(
          enoughOfEach.get(i).await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS),
          "client " + i + " got too few commits acknowledged: " + earlyFailures);
    }
    killing = true;
    server.kill();
    for (Thread t : clients) {
      t.join(TimeUnit.SECONDS.toMillis(90));
      assertFalse(t.isAlive(), t.getName() + " did not notice the server died");
    }
    assertEquals(List.of(), List.copyOf(earlyFailures), "clients failed before the kill");
    int acknowledged = acks.size();
    assertTrue(acknowledged >= ACKS_BEFORE_KILL, "acknowledged " + acknowledged);
    server = start();
    Map<Integer, Set<Integer>> acknowledgedRows = new HashMap<>();
    for (Ack ack : acks) {
      for (int s = ack.first(); s < ack.first() + ack.rows(); s++) {
        acknowledgedRows.computeIfAbsent(ack.client(), c -> new HashSet<>()).add(s);
      }
    }
    for (String tenant : TENANTS) {
      try (Connection c = jdbc(tenant);
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
          assertTrue(rs.next());
          assertEquals("ok", rs.getString(1), tenant);
        }
        Map<Integer, Set<Integer>> present = new HashMap<>();
        try (ResultSet rs = st.executeQuery("SELECT client, seq FROM acked")) {
          while (rs.next()) {
            present.computeIfAbsent(rs.getInt(1), k -> new HashSet<>()).add(rs.getInt(2));
          }
        }
        for (int client = 0; client < CLIENTS; client++) {
          if (!TENANTS.get(client % TENANTS.size()).equals(tenant)) {
            continue;
          }
          Set<Integer> rows = present.getOrDefault(client, Set.of());
          Set<Integer> missing = new HashSet<>(acknowledgedRows.getOrDefault(client, Set.of()));
          missing.removeAll(rows);
          assertEquals(Set.of(), missing, "acknowledged rows of client " + client + " lost");
          if (client % 2 == 1) {
            // Transactions are whole or absent: rows come in complete groups.
            for (int seq : rows) {
              int first = seq - seq % ROWS_PER_TRANSACTION;
              for (int s = first; s < first + ROWS_PER_TRANSACTION; s++) {
                assertTrue(rows.contains(s), "client " + client + " has " + seq + " but not " + s);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Commits until the connection fails: even clients one row per autocommit statement, odd ones
   * {@link #ROWS_PER_TRANSACTION} rows per BEGIN ... COMMIT. Records a commit only once the server
   * acknowledged it.
   */
  private void write(
      int client,
      String tenant,
      ConcurrentLinkedQueue<Ack> acks,
      CountDownLatch enough,
      CountDownLatch enoughOfOwn) {
    boolean transactions = client % 2 == 1;
    int rows = transactions ? ROWS_PER_TRANSACTION : 1;
    try (Connection c = jdbc(tenant);
        PreparedStatement insert = c.prepareStatement("INSERT INTO acked VALUES (?, ?)")) {
      c.setAutoCommit(!transactions);
      for (int seq = 0; ; seq += rows) {
        for (int s = seq; s < seq + rows; s++) {
          insert.setInt(1, client);
          insert.setInt(2, s);
          insert.executeUpdate();
        }
        if (transactions) {
          c.commit();
        }
        acks.add(new Ack(client, seq, rows));
        enough.countDown();
        enoughOfOwn.countDown();
      }
    } catch (SQLException e) {
      // After the kill this is how every client ends; before it, something else went wrong.
      if (!killing) {
        earlyFailures.add("client " + client + ": " + e.getSQLState() + " " + e.getMessage());
      }
    }
  }
}
