/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static io.rhizome.cli.it.LocalCluster.ctl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.gateway.auth.ScramVerifiers;
import io.rhizome.gateway.auth.StoredPasswords;
import io.rhizome.testkit.FreePort;
import java.io.BufferedWriter;
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
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 50,000 tenants imported into a cluster of two nodes and two gateways; then every process is
 * restarted, one at a time, while clients keep connecting to random tenants through both gateways.
 * No process holds every tenant: each restarted one starts with an empty tenant cache and resolves
 * tenants on demand, and every connection must still authenticate and answer correctly.
 *
 * <p>A client retries a connection the cluster refused or ended because a process was down or
 * stopping (08xxx; 57P03: the restarted node's tenants are unavailable until it is back, as with
 * any single owner; 57P01: a session on a node that is shutting down is ended, as in Postgres), for
 * at most 20 s; anything else (a wrong password, an unknown database, a wrong answer) fails the
 * test.
 */
class ManyTenantsIT {
  private static final int TENANTS = 50_000;
  private static final String PASSWORD = "many-pw";

  @Test
  void fiftyThousandImportedTenantsStayReachableWhileEveryProcessRestarts() throws Exception {
    try (LocalCluster cluster = new LocalCluster("many-tenants")) {
      Path n1Data = cluster.dataDir("n1");
      Path n2Data = cluster.dataDir("n2");
      int n1Port = FreePort.pick();
      int n2Port = FreePort.pick();
      int gw1 = FreePort.pick();
      int gw2 = FreePort.pick();
      RhizomeProcess n1 = cluster.node("n1", n1Data, n1Port);
      RhizomeProcess n2 = cluster.node("n2", n2Data, n2Port);
      RhizomeProcess g1 = cluster.gateway("gw1", gw1);
      RhizomeProcess g2 = cluster.gateway("gw2", gw2);
      Until.until(
          () -> ctl(gw1, "node", "list"),
          r -> r.stdout().contains("n1") && r.stdout().contains("n2"),
          Duration.ofSeconds(30));

      Path csv = cluster.dataDir("csv").resolve("tenants.csv");
      // One verifier for all: each would otherwise cost a PBKDF2, and an import stores it as is.
      String verifier = StoredPasswords.scramText(ScramVerifiers.derive(PASSWORD));
      try (BufferedWriter out = Files.newBufferedWriter(csv)) {
        out.write("tenant,user,password\n");
        for (int i = 0; i < TENANTS; i++) {
          out.write(name(i) + ",app," + verifier + "\n");
        }
      }
      Result imported = ctl(gw1, "--json", "tenant", "import", csv.toString(), "--batch", "1000");
      assertEquals(0, imported.exitCode(), imported::toString);
      assertTrue(imported.stdout().contains("\"tenants_created\":" + TENANTS), imported::toString);
      assertTrue(ctl(gw2, "--json", "status").stdout().contains("\"tenants\":" + TENANTS));

      Clients clients = new Clients(gw1, gw2);
      clients.start(4);
      try {
        clients.awaitSuccesses(50);
        // While a gateway is down, clients keep connecting through the other one.
        g1 = restart(g1, () -> cluster.gateway("gw1", gw1), clients, 20);
        g2 = restart(g2, () -> cluster.gateway("gw2", gw2), clients, 20);
        // While a node is down its tenants wait (clients retry); it comes straight back.
        n1 = restart(n1, () -> cluster.node("n1", n1Data, n1Port), clients, 0);
        n2 = restart(n2, () -> cluster.node("n2", n2Data, n2Port), clients, 0);
      } finally {
        clients.stop();
      }
      assertEquals(List.of(), List.copyOf(clients.failures), "failures");
      assertTrue(clients.successes.get() >= 250, "connections made: " + clients.successes.get());
    }
  }

  private interface Starter {
    RhizomeProcess start();
  }

  /**
   * SIGTERM, wait for {@code whileDown} connections, start again, and wait for clients to get
   * through after it (on fresh caches).
   */
  private static RhizomeProcess restart(
      RhizomeProcess process, Starter starter, Clients clients, int whileDown) {
    process.close();
    clients.awaitSuccesses(whileDown);
    RhizomeProcess started = starter.start();
    clients.awaitSuccesses(50);
    return started;
  }

  private static String name(int i) {
    return String.format("t%06d", i);
  }

  /** Threads that connect to random tenants, each connection: sign in, write, read back. */
  private static final class Clients {
    final AtomicLong successes = new AtomicLong();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final String url;

    Clients(int gw1, int gw2) {
      // Both gateways: while one restarts, pgjdbc connects to the other.
      url = "jdbc:postgresql://127.0.0.1:" + gw1 + ",127.0.0.1:" + gw2 + "/";
    }

    void start(int count) {
      for (int i = 0; i < count; i++) {
        Thread t = new Thread(this::loop, "many-tenants-client-" + i);
        t.start();
        threads.add(t);
      }
    }

    private void loop() {
      while (running.get() && failures.size() < 20) {
        String tenant = name(ThreadLocalRandom.current().nextInt(TENANTS));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (running.get()) {
          try {
            once(tenant);
            successes.incrementAndGet();
            break;
          } catch (SQLException e) {
            boolean unavailable =
                e.getSQLState() != null
                    && (e.getSQLState().startsWith("08")
                        || e.getSQLState().equals("57P03")
                        || e.getSQLState().equals("57P01"));
            if (!unavailable || System.nanoTime() > deadline) {
              failures.add(tenant + ": " + e.getSQLState() + " " + e.getMessage());
              break;
            }
          }
        }
      }
    }

    private void once(String tenant) throws SQLException {
      Properties p = new Properties();
      p.setProperty("user", "app");
      p.setProperty("password", PASSWORD);
      p.setProperty("connectTimeout", "10");
      p.setProperty("socketTimeout", "30");
      try (Connection c = DriverManager.getConnection(url + tenant, p);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS seen (v TEXT)");
        s.execute("INSERT INTO seen VALUES ('" + tenant + "')");
        try (ResultSet rs = s.executeQuery("SELECT count(*), min(v) FROM seen")) {
          rs.next();
          if (rs.getLong(1) < 1 || !tenant.equals(rs.getString(2))) {
            failures.add(tenant + ": read back " + rs.getLong(1) + " " + rs.getString(2));
          }
        }
      }
    }

    /** Waits until {@code more} further connections succeeded (bounded: 60 s). */
    void awaitSuccesses(int more) {
      long target = successes.get() + more;
      org.awaitility.Awaitility.await("clients connecting")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> successes.get() >= target || !failures.isEmpty());
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(60_000);
      }
    }
  }
}
