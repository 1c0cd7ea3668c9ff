/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of bench/tenant-churn.sh, run as a single-file program with pgjdbc on the class
 * path ({@code java -cp postgresql.jar bench/TenantChurn.java ...}): many clients, each connecting
 * to a random tenant (database) of many, running a few point selects, disconnecting, again.
 *
 * <pre>
 *   setup HOST PORT USER PASSWORD FIRST LAST ROWS
 *       creates table kv with ROWS rows in databases t0000001.. (FIRST to LAST)
 *   run HOST PORT USER PASSWORD TENANTS CLIENTS SECONDS SELECTS
 *       prints one line: connections/s, selects/s, and p50/p99 of connect and select in ms
 * </pre>
 */
public final class TenantChurn {
  public static void main(String[] args) throws Exception {
    String host = args[1];
    int port = Integer.parseInt(args[2]);
    String user = args[3];
    String password = args[4];
    switch (args[0]) {
      case "setup" -> setup(host, port, user, password, Integer.parseInt(args[5]),
          Integer.parseInt(args[6]), Integer.parseInt(args[7]));
      case "run" -> run(host, port, user, password, Integer.parseInt(args[5]),
          Integer.parseInt(args[6]), Integer.parseInt(args[7]), Integer.parseInt(args[8]));
      default -> throw new IllegalArgumentException("setup or run");
    }
  }

  static String tenant(int i) {
    return String.format("t%07d", i);
  }

  static Connection connect(String host, int port, String db, String user, String password)
      throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/" + db + "?sslmode=disable", user, password);
  }

  static void setup(String host, int port, String user, String password, int first, int last,
      int rows) throws SQLException {
    for (int i = first; i <= last; i++) {
      try (Connection c = connect(host, port, tenant(i), user, password);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)");
        // SQL both dialects accept.
        s.execute("WITH RECURSIVE c(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM c WHERE g < "
            + rows + ") INSERT INTO kv SELECT g, 'value-' || g FROM c");
      }
    }
  }

  /** Latencies in microseconds, appended by one thread. */
  static final class Samples {
    int[] values = new int[1 << 16];
    int size;

    void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = (int) Math.min(Integer.MAX_VALUE, nanos / 1000);
    }
  }

  static void run(String host, int port, String user, String password, int tenants, int clients,
      int seconds, int selects) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong errors = new AtomicLong();
    List<Samples> connects = new ArrayList<>();
    List<Samples> queries = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int t = 0; t < clients; t++) {
      Samples connectTimes = new Samples();
      Samples queryTimes = new Samples();
      connects.add(connectTimes);
      queries.add(queryTimes);
      Thread thread = new Thread(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline) {
          String db = tenant(1 + random.nextInt(tenants));
          long t0 = System.nanoTime();
          try (Connection c = connect(host, port, db, user, password);
              PreparedStatement ps = c.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
            connectTimes.add(System.nanoTime() - t0);
            for (int i = 0; i < selects; i++) {
              ps.setInt(1, 1 + random.nextInt(100));
              long q0 = System.nanoTime();
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  throw new SQLException("no row");
                }
              }
              queryTimes.add(System.nanoTime() - q0);
            }
          } catch (SQLException e) {
            if (errors.incrementAndGet() <= 5) {
              System.err.println(db + ": " + e.getSQLState() + " " + e.getMessage());
            }
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    int[] c = merge(connects);
    int[] q = merge(queries);
    System.out.printf("connections/s %.0f  selects/s %.0f  connect p50 %.2f p99 %.2f ms  select p50"
            + " %.3f p99 %.3f ms  errors %d%n",
        c.length / elapsed, q.length / elapsed, pct(c, 50), pct(c, 99), pct(q, 50), pct(q, 99),
        errors.get());
  }

  static int[] merge(List<Samples> all) {
    int n = all.stream().mapToInt(s -> s.size).sum();
    int[] merged = new int[n];
    int at = 0;
    for (Samples s : all) {
      System.arraycopy(s.values, 0, merged, at, s.size);
      at += s.size;
    }
    Arrays.sort(merged);
    return merged;
  }

  static double pct(int[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.round(p / 100 * (sorted.length - 1)))]
        / 1000.0;
  }
}
