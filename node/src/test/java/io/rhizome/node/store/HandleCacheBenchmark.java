/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handle cache under a node with many tenants: creates {@code rhizome.bench.tenants} (default
 * 100,000) small tenant files, touches {@code rhizome.bench.touches} of them at random through the
 * cache (lease, one read, return), samples this process's open descriptors, and prints the latency
 * of a lease on a cold tenant (open, including closing the evicted handle) and on a warm one.
 *
 * <p>Not part of the default run (it takes about a minute); run it with
 *
 * <pre>
 * mvn -B -o -q -pl node -am test -Dtest=HandleCacheBenchmark -Drhizome.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and read {@code node/target/handle-cache-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "rhizome.bench", matches = "true")
class HandleCacheBenchmark {
  private static final int SHARDS = 64;

  @TempDir Path data;

  @Test
  void touchesManyTenantsAtRandomUnderTheHandleBound() throws Exception {
    int tenants = Integer.getInteger("rhizome.bench.tenants", 100_000);
    int touches = Integer.getInteger("rhizome.bench.touches", 50_000);
    int maxOpen = Integer.getInteger("rhizome.bench.maxOpen", 1024);
    TenantStore store = TestStores.open(data, Duration.ofSeconds(5));

    long createStart = System.nanoTime();
    createTenants(store, tenants);
    double createSeconds = (System.nanoTime() - createStart) / 1e9;

    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    int fdsBefore = openDescriptors();
    int maxTenantFds = 0;
    long[] cold = new long[touches];
    long[] warm = new long[touches];
    int coldCount = 0;
    int warmCount = 0;
    int maxFds = 0;
    SplittableRandom random = new SplittableRandom(42);
    long touchStart = System.nanoTime();
    try (TenantHandles handles = new TenantHandles(store, maxOpen, Duration.ofMinutes(5))) {
      // The first touches run before the JIT compiled the path: not counted.
      int warmup = Math.min(2_000, touches);
      for (int i = -warmup; i < touches; i++) {
        int n = random.nextInt(tenants);
        long openedBefore = handles.stats().opened();
        long start = System.nanoTime();
        try (TenantHandles.Lease lease = handles.acquire(shard(n), name(n))) {
          long leased = System.nanoTime() - start;
          assertEquals(1, readOne(lease));
          if (i < 0) {
            // warming up
          } else if (handles.stats().opened() > openedBefore) {
            cold[coldCount++] = leased;
          } else {
            warm[warmCount++] = leased;
          }
        }
        if (i % 500 == 0) {
          maxFds = Math.max(maxFds, openDescriptors());
          maxTenantFds = Math.max(maxTenantFds, tenantDescriptors());
          assertTrue(handles.stats().open() <= maxOpen);
        }
      }
      maxFds = Math.max(maxFds, openDescriptors());
      maxTenantFds = Math.max(maxTenantFds, tenantDescriptors());
      double touchSeconds = (System.nanoTime() - touchStart) / 1e9;
      TenantHandles.Stats stats = handles.stats();
      // The two halves of a cold lease apart: opening a tenant (and its first read), and closing
      // one (which checkpoints and deletes its WAL, as the last connection to it).
      int samples = Math.min(2_000, tenants);
      long[] opens = new long[samples];
      long[] closes = new long[samples];
      for (int i = 0; i < samples; i++) {
        int n = random.nextInt(tenants);
        long start = System.nanoTime();
        var connection = store.open(shard(n), name(n));
        try (Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery("select v from t")) {
          rs.next();
        }
        long opened = System.nanoTime();
        connection.close();
        opens[i] = opened - start;
        closes[i] = System.nanoTime() - opened;
      }
      String report =
          String.format(
              Locale.ROOT,
              "tenants %d (created in %.1f s), touches %d (+%d warm-up) at random in %.1f s,"
                  + " max open tenants %d%n"
                  + "open descriptors: %d before, at most %d while touching; on tenant files at"
                  + " most %d (bound: %d handles x 3 files = %d)%n"
                  + "cold lease (open + evict): %d, median %.3f ms, p99 %.3f ms, max %.3f ms%n"
                  + "warm lease (idle handle reused): %d, median %.4f ms, p99 %.4f ms%n"
                  + "open + first read alone: median %.3f ms, p99 %.3f ms;"
                  + " close alone: median %.3f ms, p99 %.3f ms (%d samples)%n"
                  + "cache: %s%n"
                  + "load average before: %s, after: %s%n",
              tenants,
              createSeconds,
              touches,
              warmup,
              touchSeconds,
              maxOpen,
              fdsBefore,
              maxFds,
              maxTenantFds,
              maxOpen,
              3 * maxOpen,
              coldCount,
              percentile(cold, coldCount, 0.50),
              percentile(cold, coldCount, 0.99),
              percentile(cold, coldCount, 1.0),
              warmCount,
              percentile(warm, warmCount, 0.50),
              percentile(warm, warmCount, 0.99),
              percentile(opens, samples, 0.50),
              percentile(opens, samples, 0.99),
              percentile(closes, samples, 0.50),
              percentile(closes, samples, 0.99),
              samples,
              stats,
              loadBefore,
              Files.readString(Path.of("/proc/loadavg")).trim());
      System.out.print(report);
      Files.writeString(Path.of("target", "handle-cache-benchmark.txt"), report);
      // Each handle holds its database, WAL and shared-memory files.
      assertTrue(maxTenantFds <= 3 * maxOpen, report);
    }
  }

  /** One template tenant, copied: creating each through SQLite would dominate the run. */
  private static void createTenants(TenantStore store, int tenants) throws Exception {
    Path template = store.tenantFile(0, "template");
    try (var connection = store.open(0, "template");
        Statement statement = connection.createStatement()) {
      statement.execute("create table t (v int)");
      statement.execute("insert into t values (1)");
    }
    // Closing the last connection checkpointed the WAL: the main file holds everything.
    for (int shard = 0; shard < SHARDS; shard++) {
      Files.createDirectories(store.tenantFile(shard, "x").getParent());
    }
    for (int n = 0; n < tenants; n++) {
      Files.copy(template, store.tenantFile(shard(n), name(n)));
    }
  }

  private static int shard(int n) {
    return n % SHARDS;
  }

  private static String name(int n) {
    return String.format(Locale.ROOT, "t%06d", n);
  }

  private static int readOne(TenantHandles.Lease lease) throws Exception {
    try (Statement statement = lease.connection().createStatement();
        ResultSet rs = statement.executeQuery("select v from t")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Descriptors open on files under the data directory. */
  private int tenantDescriptors() throws IOException {
    Path root = data.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int)
          fds.map(HandleCacheBenchmark::target)
              .filter(p -> p != null && p.startsWith(root))
              .count();
    }
  }

  private static Path target(Path fd) {
    try {
      return Files.readSymbolicLink(fd);
    } catch (IOException e) {
      return null; // closed since it was listed
    }
  }

  private static int openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    }
  }

  private static double percentile(long[] nanos, int count, double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.ceil(p * count) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
