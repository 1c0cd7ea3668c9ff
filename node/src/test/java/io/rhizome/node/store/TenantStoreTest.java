/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantStoreTest {
  @TempDir Path data;

  private TenantStore store(Synchronous synchronous) {
    return new TenantStore(
        data, synchronous, Duration.ofMillis(1234), new TenantLockdown(TenantQuotas.DEFAULT));
  }

  @Test
  void placesTenantFilesByShard() {
    assertEquals(
        data.toAbsolutePath().resolve("shards/7/acme.db"),
        store(Synchronous.FULL).tenantFile(7, "acme"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"../x", "a/b", ".", "..", "", "A", "a.b", "a\u0000b", "аcme", " acme", "acme/"})
  void refusesInvalidNamesBeforeTouchingAnyPath(String name) throws IOException {
    TenantStore store = store(Synchronous.FULL);
    assertThrows(IllegalArgumentException.class, () -> store.tenantFile(1, name));
    assertThrows(IllegalArgumentException.class, () -> store.open(1, name));
    assertThrows(IllegalArgumentException.class, () -> store.drop(1, name));
    try (Stream<Path> files = Files.list(data)) {
      assertEquals(0, files.count(), "nothing may be created in the data directory");
    }
  }

  @Test
  void refusesAHugeName() {
    assertThrows(
        IllegalArgumentException.class,
        () -> store(Synchronous.FULL).tenantFile(1, "a".repeat(10_000)));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65536, Integer.MIN_VALUE})
  void refusesShardsOutOfRange(int shard) {
    assertThrows(
        IllegalArgumentException.class, () -> store(Synchronous.FULL).tenantFile(shard, "acme"));
  }

  @Test
  void opensInWalModeWithForeignKeysAndBusyTimeoutAndLeavesTheCommitSyncToTheSession()
      throws Exception {
    TenantStore store = store(Synchronous.FULL);
    try (Connection c = store.open(3, "acme")) {
      assertEquals("wal", pragma(c, "journal_mode"));
      assertEquals("1", pragma(c, "synchronous"), "SQLite does not sync inside COMMIT");
      assertEquals("1", pragma(c, "foreign_keys"));
      assertEquals("1234", pragma(c, "busy_timeout"));
      assertEquals(
          String.valueOf(WalSync.limitBytes(4096)),
          pragma(c, "journal_size_limit"),
          "a log that starts over is cut back to what a checkpoint leaves");
      assertTrue(c.getAutoCommit());
    }
    assertTrue(Files.exists(data.resolve("shards/3/acme.db")));
    assertNotEquals(WalSync.NONE, store.walSync(3, "acme"), "the session syncs each commit");
  }

  @Test
  void normalSynchronousIsAnOptIn() throws Exception {
    TenantStore store = store(Synchronous.NORMAL);
    try (Connection c = store.open(3, "acme")) {
      assertEquals("1", pragma(c, "synchronous"));
    }
    assertEquals(WalSync.NONE, store.walSync(3, "acme"), "nothing syncs a commit");
  }

  @Test
  void aSessionsSyncMakesItsCommitsDurableAndLooksAtTheLogsSize() throws Exception {
    TenantStore store = store(Synchronous.FULL);
    try (Connection writer = store.open(3, "acme");
        Connection reader = store.open(3, "acme");
        Statement w = writer.createStatement();
        Statement r = reader.createStatement();
        WalSync sync = store.walSync(3, "acme")) {
      w.execute("create table t (v blob)");
      assertFalse(sync.committed());
      assertEquals(1, store.groupCommit().commits());
      assertEquals(1, store.groupCommit().syncs());
      // A reader that stays in its transaction keeps every checkpoint short of the newest frames:
      // the log cannot start over and grows past a checkpoint's size.
      r.execute("begin");
      try (ResultSet rs = r.executeQuery("select count(*) from t")) {
        rs.next();
      }
      for (int i = 0; i < WalSync.CHECKPOINT_FRAMES + 10; i++) {
        w.execute("insert into t values (zeroblob(3000))");
      }
      boolean overgrown = false;
      for (int i = 0; i < WalSync.SYNCS_PER_LOOK && !overgrown; i++) {
        overgrown = sync.committed();
      }
      assertTrue(overgrown, "one of 64 syncs looks at the log's size");
      r.execute("commit");
    }
  }

  @Test
  void aSyncBeforeAnythingWasWrittenToTheLogHasNothingToDo() throws Exception {
    TenantStore store = store(Synchronous.FULL);
    try (Connection c = store.open(3, "acme");
        WalSync sync = store.walSync(3, "acme")) {
      pragma(c, "journal_mode");
      assertFalse(sync.committed());
      assertEquals(0, store.groupCommit().syncs(), "no commit is in a log that has no frame");
    }
  }

  @Test
  void aClosedSessionSyncRefusesRatherThanSyncingNothing() throws Exception {
    TenantStore store = store(Synchronous.FULL);
    try (Connection c = store.open(3, "acme");
        Statement s = c.createStatement()) {
      s.execute("create table t (a)");
      WalSync sync = store.walSync(3, "acme");
      sync.committed();
      sync.close();
      assertThrows(IOException.class, sync::committed);
    }
  }

  @Test
  void aReplicatedShardLeavesCheckpointsAndTheCommitSyncToTheNode() throws Exception {
    TenantStore store = store(Synchronous.FULL);
    store.nodeCheckpoints(shard -> shard == 4);
    assertTrue(store.syncsCommits());
    try (Connection c = store.open(4, "acme")) {
      assertEquals("1", pragma(c, "synchronous"), "the replicator syncs the WAL of each commit");
      assertEquals("0", pragma(c, "wal_autocheckpoint"));
    }
    assertEquals(WalSync.NONE, store.walSync(4, "acme"), "the replicator syncs, not the session");
    try (Connection c = store.open(3, "acme")) {
      assertEquals("1", pragma(c, "synchronous"));
      assertEquals("1000", pragma(c, "wal_autocheckpoint"));
    }
    assertFalse(store(Synchronous.NORMAL).syncsCommits());
  }

  @Test
  void dropDeletesTheDatabaseAndItsCompanions() throws Exception {
    TenantStore store = store(Synchronous.FULL);
    Path file = store.tenantFile(2, "acme");
    try (Connection c = store.open(2, "acme");
        Statement s = c.createStatement()) {
      s.execute("create table t (a)");
      s.execute("insert into t values (1)");
      assertTrue(Files.exists(file.resolveSibling("acme.db-wal")));
    }
    Files.writeString(file.resolveSibling("acme.db-wal"), "stale");
    Files.writeString(file.resolveSibling("acme.db-shm"), "stale");
    assertTrue(store.drop(2, "acme"));
    try (Stream<Path> left = Files.list(file.getParent())) {
      assertEquals(0, left.count());
    }
    assertFalse(store.drop(2, "acme"));
  }

  @Test
  void dropLeavesOtherTenantsAlone() throws Exception {
    TenantStore store = store(Synchronous.FULL);
    store.open(2, "acme").close();
    store.open(2, "acme2").close();
    assertTrue(store.drop(2, "acme"));
    assertTrue(Files.exists(store.tenantFile(2, "acme2")));
  }

  @Test
  void refusesADataDirectoryThatSqliteJdbcWouldParse() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TenantStore(
                data.resolve("a?mode=ro"),
                Synchronous.FULL,
                Duration.ZERO,
                new TenantLockdown(TenantQuotas.DEFAULT)));
  }

  private static String pragma(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("pragma " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void connectionsOfAShardWithOneCopyShareTheFileInTheProcessWithoutASharedMemoryFile()
      throws Exception {
    TenantStore store = store(Synchronous.FULL);
    try (Connection writer = store.open(3, "acme");
        Connection reader = store.open(3, "acme")) {
      execute(writer, "CREATE TABLE t (v INTEGER)");
      execute(writer, "INSERT INTO t VALUES (1)");
      assertEquals(1, count(reader), "the second connection sees the first one's commit");
      execute(reader, "INSERT INTO t VALUES (2)");
      assertEquals(2, count(writer));
      Path file = store.tenantFile(3, "acme");
      assertTrue(Files.exists(Path.of(file + "-wal")), "WAL mode");
      assertFalse(Files.exists(Path.of(file + "-shm")), "the WAL index lives in the heap");
      Process other = sqliteInAnotherProcess(file);
      assertTrue(other.waitFor(60, TimeUnit.SECONDS));
      assertNotEquals(0, other.exitValue(), "another process read the file");
      assertTrue(
          new String(other.getErrorStream().readAllBytes()).contains("database is locked"),
          "another process is locked out while the node has the tenant open");
    }
    Process after = sqliteInAnotherProcess(store.tenantFile(3, "acme"));
    assertTrue(after.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, after.exitValue(), () -> "readable once closed: " + errors(after));
  }

  @Test
  void aReplicatedShardKeepsSqlitesDefaultLocking() throws Exception {
    TenantStore store = store(Synchronous.FULL);
    store.nodeCheckpoints(shard -> shard == 4);
    assertFalse(store.processLocked(4));
    assertTrue(store.processLocked(3));
    try (Connection c = store.open(4, "acme")) {
      execute(c, "CREATE TABLE t (v INTEGER)");
      assertTrue(Files.exists(Path.of(store.tenantFile(4, "acme") + "-shm")));
      Process other = sqliteInAnotherProcess(store.tenantFile(4, "acme"));
      assertTrue(other.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, other.exitValue(), () -> "readable beside the node: " + errors(other));
    }
  }

  @Test
  void aDataDirectoryWhoseNameAUriWouldReadHoldsItsTenantsWhereItSays() throws Exception {
    Path odd = data.resolve("a%20b #c%");
    TenantStore store = TestStores.open(odd, Duration.ofMillis(100));
    try (Connection c = store.open(1, "acme")) {
      execute(c, "CREATE TABLE t (v INTEGER)");
    }
    assertTrue(Files.isRegularFile(odd.resolve("shards/1/acme.db")));
    try (Stream<Path> files = Files.list(data)) {
      assertEquals(1, files.count(), "nothing created under a decoded name");
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM t")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** Python's sqlite3 module reading the file: a process other than this JVM. */
  private static Process sqliteInAnotherProcess(Path file) throws IOException {
    return new ProcessBuilder(
            "python3",
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], timeout=0);"
                + " c.execute('SELECT count(*) FROM sqlite_master').fetchone()",
            file.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static String errors(Process p) {
    try {
      return new String(p.getErrorStream().readAllBytes());
    } catch (IOException e) {
      return e.toString();
    }
  }
}
