/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL reader and the hand-made checkpoint against files real SQLite wrote. */
class WalScanTest {
  @TempDir Path dir;

  private Connection open(Path db) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.execute("PRAGMA synchronous=FULL");
    }
    return c;
  }

  private static long count(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(x), 0) FROM t")) {
      r.next();
      return r.getLong(1) * 1_000_000 + r.getLong(2);
    }
  }

  private static Path wal(Path db) {
    return db.resolveSibling(db.getFileName() + "-wal");
  }

  /** A follower's copy: the database file as it is and the WAL up to {@code end}. */
  private Path copy(Path db, LogPosition end, String name) throws Exception {
    Path target = Files.createDirectories(dir.resolve(name)).resolve("t.db");
    Files.copy(db, target);
    byte[] log = Files.readAllBytes(wal(db));
    Files.write(wal(target), Arrays.copyOf(log, (int) end.offset()));
    return target;
  }

  @Test
  void findsTheEndOfTheLastCommitAndContinuesFromAKnownPosition() throws Exception {
    Path db = dir.resolve("a.db");
    try (Connection c = open(db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t(x INTEGER)");
      for (int i = 1; i <= 10; i++) {
        s.execute("INSERT INTO t VALUES (" + i + ")");
      }
      WalScan.Result first = WalScan.scan(wal(db), LogPosition.NONE);
      assertTrue(first.exists());
      assertTrue(first.newGeneration(LogPosition.NONE));
      assertEquals(Files.size(wal(db)), first.end().offset(), "every frame is committed");

      s.execute("INSERT INTO t VALUES (100)");
      WalScan.Result next = WalScan.scan(wal(db), first.end());
      assertEquals(first.end(), next.start());
      assertFalse(next.newGeneration(first.end()));
      assertTrue(next.end().offset() > first.end().offset());
      try (FileChannel ch = FileChannel.open(wal(db), StandardOpenOption.READ)) {
        assertEquals(first.end(), WalScan.positionAt(ch, first.parsed(), first.end().offset()));
        assertEquals(next.end(), WalScan.positionAt(ch, next.parsed(), next.end().offset()));
        assertEquals(
            LogPosition.NONE, WalScan.positionAt(ch, next.parsed(), next.end().offset() + 1));
      }

      // A copy up to each position opens in SQLite as the database at that commit.
      assertEquals(10 * 1_000_000 + 55, count(copy(db, first.end(), "at-first")));
      assertEquals(11 * 1_000_000 + 155, count(copy(db, next.end(), "at-next")));
    }
  }

  @Test
  void framesOfATransactionStillRunningAreNotCommitted() throws Exception {
    Path db = dir.resolve("b.db");
    try (Connection c = open(db);
        Connection writer = open(db);
        Statement s = c.createStatement();
        Statement w = writer.createStatement()) {
      s.execute("CREATE TABLE t(x INTEGER, pad TEXT)");
      s.execute("INSERT INTO t VALUES (1, 'a')");
      LogPosition committed = WalScan.scan(wal(db), LogPosition.NONE).end();
      // A small page cache makes the open transaction spill its pages into the WAL before COMMIT.
      w.execute("PRAGMA cache_size=2");
      w.execute("BEGIN");
      w.execute(
          "INSERT INTO t WITH RECURSIVE g(v) AS (SELECT 2 UNION ALL SELECT v + 1 FROM g WHERE v <"
              + " 2000) SELECT v, randomblob(900) FROM g");
      assertTrue(Files.size(wal(db)) > committed.offset(), "the transaction spilled frames");

      assertEquals(committed, WalScan.scan(wal(db), LogPosition.NONE).end());
      assertEquals(committed, WalScan.scan(wal(db), committed).end());

      w.execute("COMMIT");
      LogPosition after = WalScan.scan(wal(db), committed).end();
      assertTrue(after.offset() > committed.offset());
      assertEquals(Files.size(wal(db)), after.offset());
    }
  }

  @Test
  void theHandMadeCheckpointGivesTheDatabaseSqliteWouldHave() throws Exception {
    Path db = dir.resolve("c.db");
    try (Connection c = open(db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t(x INTEGER, pad BLOB)");
      s.execute(
          "INSERT INTO t WITH RECURSIVE g(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM g WHERE v <"
              + " 3000) SELECT v, randomblob(500) FROM g");
      s.execute("DELETE FROM t WHERE x > 1000");
      s.execute("VACUUM");
      s.execute("INSERT INTO t VALUES (5000, NULL)");
      LogPosition end = WalScan.scan(wal(db), LogPosition.NONE).end();
      Path follower = copy(db, end, "follower");
      long sizeBefore = Files.size(follower);

      LogPosition applied = WalApply.checkpoint(follower, wal(follower));

      assertEquals(end, applied);
      assertFalse(Files.exists(wal(follower)), "the WAL is gone once applied");
      assertNotEquals(sizeBefore, Files.size(follower));
      assertEquals(count(db), count(follower));
      try (Connection check = DriverManager.getConnection("jdbc:sqlite:" + follower);
          Statement q = check.createStatement();
          ResultSet r = q.executeQuery("PRAGMA integrity_check")) {
        r.next();
        assertEquals("ok", r.getString(1));
      }
      // Applying again (a crash after the database was written, before the WAL went) is harmless.
      assertEquals(LogPosition.NONE, WalApply.checkpoint(follower, wal(follower)));
      assertEquals(count(db), count(follower));
    }
  }

  @Test
  void aRestartedLogIsANewGeneration() throws Exception {
    Path db = dir.resolve("d.db");
    try (Connection c = open(db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t(x INTEGER)");
      s.execute("INSERT INTO t VALUES (1)");
      LogPosition before = WalScan.scan(wal(db), LogPosition.NONE).end();
      s.execute("PRAGMA wal_checkpoint(PASSIVE)");
      s.execute("INSERT INTO t VALUES (2)"); // restarts the log: everything was copied back

      WalScan.Result after = WalScan.scan(wal(db), before);

      assertTrue(after.newGeneration(before));
      assertFalse(after.start().sameGeneration(before));
      assertEquals(WalFormat.HEADER_BYTES, after.start().offset());
      assertTrue(after.end().offset() > WalFormat.HEADER_BYTES);
    }
  }
}
