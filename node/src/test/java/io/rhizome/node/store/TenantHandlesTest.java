/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** The handle cache on real SQLite files, its bound checked on the process's open descriptors. */
class TenantHandlesTest {
  @TempDir Path data;

  private final AtomicLong nanos = new AtomicLong();
  private TenantHandles handles;

  private TenantHandles handles(int maxOpen, Duration idleTimeout) {
    TenantStore store = TestStores.open(data, Duration.ofMillis(100));
    handles = new TenantHandles(store, maxOpen, idleTimeout, nanos::get);
    return handles;
  }

  @AfterEach
  void closeHandles() {
    if (handles != null) {
      handles.close();
    }
  }

  @Test
  void keepsOpenHandlesAndDescriptorsUnderTheBound() throws Exception {
    TenantHandles handles = handles(3, Duration.ofHours(1));
    for (int i = 0; i < 20; i++) {
      try (TenantHandles.Lease lease = handles.acquire(1, "t" + i)) {
        write(lease.connection(), "create table t (v int)", "insert into t values (" + i + ")");
      }
      assertTrue(handles.stats().open() <= 3, "open handles: " + handles.stats());
      // Each handle holds the database, its WAL and its shared memory file: at most three.
      assertTrue(tenantFilesOpen().size() <= 3 * 3, "descriptors: " + tenantFilesOpen());
    }
    TenantHandles.Stats stats = handles.stats();
    assertEquals(3, stats.open());
    assertEquals(20, stats.opened());
    assertEquals(17, stats.evicted());
    // The three most recently used stay open; the first tenant's files are closed.
    assertEquals(Set.of("t17", "t18", "t19"), tenantsOpen());
  }

  @Test
  void aTenantIsHeldClosedOnlyWhileNoHandleHasItsFilesOpen() throws Exception {
    TenantHandles handles = handles(4, Duration.ofHours(1));
    TenantHandles.Lease lease = handles.acquire(1, "acme");
    write(lease.connection(), "create table t (v int)");
    assertTrue(handles.isOpen(1, "acme"));
    assertNull(handles.holdClosed(1, "acme"), "leased");
    lease.close();
    assertTrue(handles.isOpen(1, "acme"));
    assertNull(handles.holdClosed(1, "acme"), "idle in the cache");
    handles.closeIdle(1, "acme");
    assertFalse(handles.isOpen(1, "acme"));

    TenantHandles.Hold hold = handles.holdClosed(1, "acme");
    assertNotNull(hold);
    assertNull(handles.holdClosed(1, "acme"), "one hold at a time");
    assertEquals(TenantHandles.Warmed.HELD, handles.warm(1, "acme"));
    assertFalse(handles.isOpen(1, "acme"), "a held tenant's warm-up opens nothing");
    // A lease waits for the hold to end, then opens the file.
    CompletableFuture<TenantHandles.Lease> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return handles.acquire(1, "acme");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !waiting.isDone());
    assertFalse(handles.isOpen(1, "acme"));
    hold.close();
    try (TenantHandles.Lease after = waiting.get(5, TimeUnit.SECONDS)) {
      assertTrue(handles.isOpen(1, "acme"));
    }
    // Other tenants are not held.
    handles.acquire(1, "other").close();
  }

  @Test
  void evictsTheLeastRecentlyReturnedHandle() throws Exception {
    TenantHandles handles = handles(2, Duration.ofHours(1));
    handles.acquire(1, "a").close();
    handles.acquire(1, "b").close();
    handles.acquire(1, "a").close(); // a is now the more recent
    handles.acquire(1, "c").close();
    assertEquals(Set.of("a", "c"), tenantsOpen());
  }

  @Test
  void reopensAnEvictedTenantWithItsData() throws Exception {
    TenantHandles handles = handles(1, Duration.ofHours(1));
    try (TenantHandles.Lease lease = handles.acquire(2, "acme")) {
      write(lease.connection(), "create table t (v text)", "insert into t values ('kept')");
    }
    handles.acquire(2, "other").close(); // evicts acme
    assertEquals(Set.of("other"), tenantsOpen());
    try (TenantHandles.Lease lease = handles.acquire(2, "acme")) {
      assertEquals("kept", readOne(lease.connection(), "select v from t"));
    }
    assertEquals(3, handles.stats().opened());
  }

  @Test
  void reusesTheIdleHandleOfTheSameTenant() throws Exception {
    TenantHandles handles = handles(4, Duration.ofHours(1));
    SQLiteConnection first;
    try (TenantHandles.Lease lease = handles.acquire(1, "acme")) {
      first = lease.connection();
    }
    try (TenantHandles.Lease lease = handles.acquire(1, "acme")) {
      assertSame(first, lease.connection());
    }
    assertEquals(1, handles.stats().opened());
    assertEquals(1, handles.stats().reused());
  }

  @Test
  void neverClosesALeasedHandle() throws Exception {
    TenantHandles handles = handles(2, Duration.ZERO);
    TenantHandles.Lease a = handles.acquire(1, "a");
    TenantHandles.Lease b = handles.acquire(1, "b");
    write(a.connection(), "create table t (v int)", "insert into t values (1)");
    assertThrows(HandleLimitException.class, () -> handles.acquire(1, "c"));
    handles.closeExpired(); // an idle timeout of zero: every idle handle is expired
    assertFalse(a.connection().isClosed());
    assertFalse(b.connection().isClosed());
    assertEquals("1", readOne(a.connection(), "select v from t"));

    b.close();
    try (TenantHandles.Lease c = handles.acquire(1, "c")) {
      assertTrue(b.connection().isClosed(), "the idle handle made room");
      assertFalse(a.connection().isClosed());
      assertEquals(Set.of("a", "c"), tenantsOpen());
    }
    a.close();
  }

  @Test
  void warmOpensAnExistingFileIntoAnIdleHandleThatTheNextLeaseTakes() throws Exception {
    TenantHandles handles = handles(4, Duration.ofHours(1));
    try (TenantHandles.Lease lease = handles.acquire(1, "acme")) {
      write(lease.connection(), "create table t (v text)", "insert into t values ('kept')");
    }
    handles.closeIdle(1, "acme");
    assertEquals(Set.of(), tenantsOpen());

    assertEquals(TenantHandles.Warmed.OPENED, handles.warm(1, "acme"));
    TenantHandles.Stats warmed = handles.stats();
    assertEquals(1, warmed.open());
    assertEquals(0, warmed.leased(), "a warm-up leases nothing");
    assertEquals(1, warmed.idle());
    assertEquals(Set.of("acme"), tenantsOpen());
    assertEquals(TenantHandles.Warmed.ALREADY_OPEN, handles.warm(1, "acme"));

    try (TenantHandles.Lease lease = handles.acquire(1, "acme")) {
      assertEquals("kept", readOne(lease.connection(), "select v from t"));
    }
    assertEquals(2, handles.stats().opened(), "the first lease's open and the warm-up's");
    assertEquals(1, handles.stats().reused());
  }

  @Test
  void warmNeverCreatesAFile() throws Exception {
    TenantHandles handles = handles(4, Duration.ofHours(1));
    assertEquals(TenantHandles.Warmed.NO_FILE, handles.warm(3, "newcomer"));
    assertFalse(Files.exists(data.resolve("shards").resolve("3").resolve("newcomer.db")));
    assertEquals(0, handles.stats().open());
    assertEquals(0, handles.stats().opened());
  }

  @Test
  void warmKeepsTheBoundAndNeverClosesALeasedHandle() throws Exception {
    TenantHandles handles = handles(2, Duration.ofHours(1));
    handles.acquire(1, "c").close();
    handles.closeIdle(1, "c"); // c has a file and no handle
    TenantHandles.Lease a = handles.acquire(1, "a");
    TenantHandles.Lease b = handles.acquire(1, "b");
    assertEquals(TenantHandles.Warmed.FULL, handles.warm(1, "c"));
    assertEquals(Set.of("a", "b"), tenantsOpen());

    b.close();
    assertEquals(TenantHandles.Warmed.OPENED, handles.warm(1, "c"));
    assertTrue(b.connection().isClosed(), "the idle handle made room");
    assertFalse(a.connection().isClosed());
    assertEquals(Set.of("a", "c"), tenantsOpen());
    TenantHandles.Stats stats = handles.stats();
    assertEquals(2, stats.open());
    assertEquals(1, stats.leased());
    assertEquals(1, stats.evicted());
    a.close();
  }

  @Test
  void aWarmedHandleExpiresLikeAnyIdleOne() throws Exception {
    TenantHandles handles = handles(4, Duration.ofSeconds(30));
    handles.acquire(1, "acme").close();
    handles.closeIdle(1, "acme");
    assertEquals(TenantHandles.Warmed.OPENED, handles.warm(1, "acme"));
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    handles.closeExpired();
    assertEquals(0, handles.stats().open());
    assertEquals(Set.of(), tenantsOpen());
  }

  @Test
  void closesHandlesIdlePastTheTimeout() throws Exception {
    TenantHandles handles = handles(4, Duration.ofSeconds(10));
    handles.acquire(1, "early").close();
    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
    handles.acquire(1, "late").close();
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    handles.closeExpired();
    assertEquals(Set.of("late"), tenantsOpen());
    assertEquals(1, handles.stats().idleClosed());
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    handles.closeExpired();
    assertEquals(Set.of(), tenantsOpen());
    assertEquals(0, handles.stats().open());
  }

  @Test
  void closesRatherThanKeepsAHandleLeftInsideATransaction() throws Exception {
    TenantHandles handles = handles(4, Duration.ofHours(1));
    try (TenantHandles.Lease lease = handles.acquire(1, "acme")) {
      write(lease.connection(), "create table t (v int)");
    }
    SQLiteConnection dirty;
    try (TenantHandles.Lease lease = handles.acquire(1, "acme")) {
      dirty = lease.connection();
      write(dirty, "begin", "insert into t values (1)");
    }
    assertTrue(dirty.isClosed());
    try (TenantHandles.Lease lease = handles.acquire(1, "acme")) {
      assertNotSame(dirty, lease.connection());
      assertEquals("0", readOne(lease.connection(), "select count(*) from t"));
    }
  }

  @Test
  void closesRatherThanKeepsAHandleWithTemporaryTables() throws Exception {
    TenantHandles handles = handles(4, Duration.ofHours(1));
    SQLiteConnection withTemp;
    try (TenantHandles.Lease lease = handles.acquire(1, "acme")) {
      withTemp = lease.connection();
      write(withTemp, "create temp table scratch (v int)");
    }
    assertTrue(withTemp.isClosed());
    assertEquals(0, handles.stats().open());
  }

  @Test
  void keepsAHandleWhoseTemporarySchemaHoldsTheCatalogOnly() throws Exception {
    TenantHandles handles = handles(4, Duration.ofHours(1));
    TenantLockdown lockdown = new TenantLockdown(TenantQuotas.DEFAULT);
    SQLiteConnection used;
    try (TenantHandles.Lease lease = handles.acquire(1, "acme")) {
      used = lease.connection();
      // The lockdown creates the views a statement names as it admits the statement.
      lockdown.admit(used, "select * from pg_class");
      assertEquals("0", readOne(used, "select count(*) from pg_class"));
    }
    assertFalse(used.isClosed());
    try (TenantHandles.Lease lease = handles.acquire(1, "acme")) {
      assertSame(used, lease.connection());
    }
  }

  @Test
  void closesATenantsIdleHandlesBeforeItsFilesGo() throws Exception {
    TenantHandles handles = handles(4, Duration.ofHours(1));
    handles.acquire(1, "acme").close();
    handles.acquire(1, "other").close();
    handles.closeIdle(1, "acme");
    assertEquals(Set.of("other"), tenantsOpen());
  }

  @Test
  void closesAHandleReturnedAfterTheCacheClosed() throws Exception {
    TenantHandles handles = handles(4, Duration.ofHours(1));
    TenantHandles.Lease lease = handles.acquire(1, "acme");
    handles.close();
    assertFalse(lease.connection().isClosed());
    lease.close();
    assertTrue(lease.connection().isClosed());
    assertThrows(IllegalStateException.class, () -> handles.acquire(1, "acme"));
  }

  /** Tenants with a file of theirs open in this process, read from /proc/self/fd. */
  private Set<String> tenantsOpen() throws IOException {
    return tenantFilesOpen().stream()
        .map(p -> p.getFileName().toString().replaceFirst("\\.db(-wal|-shm)?$", ""))
        .collect(Collectors.toSet());
  }

  /** One entry per open descriptor on a tenant file. */
  private List<Path> tenantFilesOpen() throws IOException {
    Path shards = data.toRealPath().resolve("shards");
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.map(TenantHandlesTest::target)
          .filter(p -> p != null && p.startsWith(shards))
          .toList();
    }
  }

  private static Path target(Path fd) {
    try {
      return Files.readSymbolicLink(fd);
    } catch (IOException e) {
      return null; // closed since it was listed
    }
  }

  private static void write(SQLiteConnection connection, String... sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String s : sql) {
        statement.execute(s);
      }
    }
  }

  private static String readOne(SQLiteConnection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
