/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * What SQLite does to a WAL when a primary's connections close, with the sqlite-jdbc the node runs:
 * why a handed-over primary had no WAL position left, and that a {@link WalKeeper} keeps it.
 */
class WalKeeperTest {
  @TempDir Path dir;

  /** A connection as a replicated shard's primary opens it: WAL mode, the node checkpoints. */
  private static Connection open(Path db) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.execute("PRAGMA synchronous=NORMAL");
    }
    return c;
  }

  private static Path wal(Path db) {
    return db.resolveSibling(db.getFileName() + "-wal");
  }

  /** Two connections of a tenant, one idle (a cached handle) and one that wrote 20 rows. */
  private static Connection[] served(Path db) throws SQLException {
    Connection writer = open(db);
    Connection idle = open(db);
    try (Statement s = writer.createStatement()) {
      s.execute("CREATE TABLE t(x INTEGER)");
      for (int i = 1; i <= 20; i++) {
        s.execute("INSERT INTO t VALUES (" + i + ")");
      }
    }
    try (Statement s = idle.createStatement()) {
      s.executeQuery("SELECT count(*) FROM t").close();
    }
    return new Connection[] {writer, idle};
  }

  private static long rows(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM t")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void theLastConnectionToCloseCheckpointsAndDeletesTheWalSoNoPositionIsLeft() throws Exception {
    Path db = dir.resolve("a.db");
    Connection[] connections = served(db);
    assertTrue(WalScan.scan(wal(db), LogPosition.NONE).end().exists());

    for (Connection c : connections) {
      c.close();
    }

    assertFalse(Files.exists(wal(db)), "SQLite's close-time checkpoint deleted the WAL");
    assertFalse(WalScan.scan(wal(db), LogPosition.NONE).end().exists());
  }

  @Test
  void aKeeperClosedLastLeavesTheWalByteForByteAndItsPosition() throws Exception {
    Path db = dir.resolve("a.db");
    Connection[] connections = served(db);
    byte[] before = Files.readAllBytes(wal(db));
    byte[] dbBefore = Files.readAllBytes(db);
    LogPosition position = WalScan.scan(wal(db), LogPosition.NONE).end();

    SQLiteConnection keeper = WalKeeper.open(db);
    for (Connection c : connections) {
      c.close();
    }
    assertArrayEquals(before, Files.readAllBytes(wal(db)), "no checkpoint while a keeper holds");
    keeper.close();

    assertArrayEquals(before, Files.readAllBytes(wal(db)), "a read-only close does not checkpoint");
    assertArrayEquals(dbBefore, Files.readAllBytes(db), "nor write the database file");
    assertEquals(position, WalScan.scan(wal(db), LogPosition.NONE).end());
    assertEquals(20, rows(db), "SQLite opens the kept files with every commit");
  }
}
