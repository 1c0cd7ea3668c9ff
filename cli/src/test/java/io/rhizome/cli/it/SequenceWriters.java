/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Clients that append rows {@code (seq)} to table {@code w} of each tenant, one connection per
 * tenant over pgjdbc's extended protocol (named server-side statements after a few uses), and
 * record every sequence number whose INSERT was acknowledged. A failed INSERT is never retried with
 * the same number, so a row that shows up twice can only come from the server.
 */
final class SequenceWriters implements AutoCloseable {
  private static final int THREADS = 10;
  private static final long PROGRESS_MILLIS = 60_000;

  private final List<String> tenants;
  private final List<Integer> ports;
  private final Map<String, TreeSet<Long>> acked = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private final AtomicLong acknowledged = new AtomicLong();

  /** Per tenant: when its last INSERT was acknowledged, and the longest wait between two since. */
  private final Map<String, long[]> pauses = new ConcurrentHashMap<>();

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;
  private volatile Throwable crashed;

  SequenceWriters(List<String> tenants, List<Integer> gatewayPorts) {
    this.tenants = List.copyOf(tenants);
    this.ports = List.copyOf(gatewayPorts);
    tenants.forEach(t -> acked.put(t, new TreeSet<>()));
    tenants.forEach(t -> pauses.put(t, new long[2]));
  }

  /**
   * The longest time any writer waited between two acknowledged INSERTs since the last call (the
   * write pause clients saw), in milliseconds; the next period starts now.
   */
  long longestPauseMillis() {
    long longest = 0;
    for (String t : tenants) {
      synchronized (acked.get(t)) {
        long[] pause = pauses.get(t);
        longest = Math.max(longest, pause[1]);
        pause[1] = 0;
      }
    }
    return TimeUnit.NANOSECONDS.toMillis(longest);
  }

  void start() throws SQLException {
    for (int i = 0; i < tenants.size(); i++) {
      try (Connection c = connect(i);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE w (seq INTEGER NOT NULL)");
      }
    }
    for (int t = 0; t < THREADS; t++) {
      int first = t;
      Thread thread = new Thread(() -> write(first), "writer-" + t);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  private void write(int first) {
    List<Integer> mine = new ArrayList<>();
    for (int i = first; i < tenants.size(); i += THREADS) {
      mine.add(i);
    }
    Connection[] connections = new Connection[tenants.size()];
    long[] next = new long[tenants.size()];
    try {
      while (!stopping) {
        for (int i : mine) {
          try {
            if (connections[i] == null || connections[i].isClosed()) {
              connections[i] = connect(i);
            }
            long seq = ++next[i];
            try (PreparedStatement insert =
                connections[i].prepareStatement("INSERT INTO w (seq) VALUES (?)")) {
              insert.setLong(1, seq);
              insert.executeUpdate();
            }
            long now = System.nanoTime();
            synchronized (acked.get(tenants.get(i))) {
              acked.get(tenants.get(i)).add(seq);
              long[] pause = pauses.get(tenants.get(i));
              if (pause[0] != 0) {
                pause[1] = Math.max(pause[1], now - pause[0]);
              }
              pause[0] = now;
            }
            acknowledged.incrementAndGet();
          } catch (SQLException e) {
            errors
                .computeIfAbsent(String.valueOf(e.getSQLState()), k -> new AtomicLong())
                .incrementAndGet();
            if (e.getSQLState() == null || e.getSQLState().startsWith("08")) {
              closeQuietly(connections[i]);
              connections[i] = null;
            }
          }
        }
      }
    } catch (Throwable t) {
      crashed = t;
    } finally {
      for (Connection c : connections) {
        closeQuietly(c);
      }
    }
  }

  /** Waits until every tenant has {@code rows} more acknowledged rows than now. */
  void awaitProgress(int rows) {
    Map<String, Integer> from = new TreeMap<>();
    tenants.forEach(t -> from.put(t, count(t)));
    try {
      await()
          .atMost(Duration.ofMillis(PROGRESS_MILLIS))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                if (crashed != null) {
                  throw new AssertionError("a writer crashed", crashed);
                }
                return tenants.stream().allMatch(t -> count(t) >= from.get(t) + rows);
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("writers stalled; errors so far " + errors(), e);
    }
  }

  private int count(String tenant) {
    TreeSet<Long> set = acked.get(tenant);
    synchronized (set) {
      return set.size();
    }
  }

  void stop() throws InterruptedException {
    stopping = true;
    for (Thread t : threads) {
      t.join(60_000);
    }
  }

  long acknowledged() {
    return acknowledged.get();
  }

  Map<String, Long> errors() {
    Map<String, Long> out = new TreeMap<>();
    errors.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /**
   * Every row of {@code tenant} acknowledged so far is there exactly once, and no row twice. The
   * writers may go on meanwhile: what was acknowledged is taken before the rows are read, so every
   * one of those was committed before the read began.
   */
  void verify(String tenant, int port) throws SQLException {
    TreeSet<Long> expected;
    synchronized (acked.get(tenant)) {
      expected = new TreeSet<>(acked.get(tenant));
    }
    List<Long> rows = new ArrayList<>();
    try (Connection c = connect(tenant, port);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT seq FROM w")) {
      while (rs.next()) {
        rows.add(rs.getLong(1));
      }
    }
    assertEquals(Map.of(), ShardMovesIT.anomalies(rows, expected), tenant);
  }

  private Connection connect(int i) throws SQLException {
    return connect(tenants.get(i), ports.get(i % ports.size()));
  }

  private static Connection connect(String tenant, int port) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    p.setProperty("prepareThreshold", "3");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + tenant, p);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // already broken
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
