/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import io.rhizome.node.store.TenantStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * Keeps a shard's {@code -wal} files as they are while its SQLite connections close, so that a
 * primary that hands the shard over follows the new primary from its WAL position (frames) instead
 * of being sent a snapshot of every tenant (docs/replication.md, "Planned handover").
 *
 * <p>Why: SQLite's last connection to a WAL database checkpoints it at close and deletes the {@code
 * -wal} file; a copy without a WAL has no position a primary can match, so it used to get a
 * snapshot. sqlite-jdbc exposes neither {@code SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE} nor {@code
 * SQLITE_FCNTL_PERSIST_WAL}, so this uses what SQLite does by itself: the close-time checkpoint
 * needs an exclusive lock on the database file, which no connection gets while another one holds
 * its shared lock (a WAL-mode connection keeps it from its first read until it closes), and a
 * read-only connection that closes last never checkpoints or deletes the WAL. A keeper is such a
 * read-only connection per tenant: opened before the shard's connections close, closed after them.
 * {@code WalKeeperTest} pins both facts against the sqlite-jdbc in use.
 *
 * <p>Nothing is written or remembered: a crash at any point leaves the files as SQLite left them,
 * and the node's position is always scanned from them, so it can never claim frames it lacks. The
 * {@code -shm} file stays too; the next SQLite connection to open the files (after a promotion)
 * finds no other user and rebuilds it from the WAL, as after a crash.
 *
 * <p>Only tenants with both a {@code -wal} and a {@code -shm} get a keeper: SQLite removes both at
 * a clean last close, so a tenant without them has no open connection that could delete anything (a
 * copy this node kept as a follower may have a WAL and no connection; it needs none). Keepers hold
 * file descriptors (three each) until closed, so at most {@link #MAX_TENANTS} are opened, and no
 * more than half the process's free descriptors allow; tenants past that, and tenants whose keeper
 * fails to open, may be sent a snapshot as before.
 */
final class WalKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalKeeper.class);

  /** Most keepers open at once. */
  static final int MAX_TENANTS = 1024;

  /** A keeper that holds nothing. */
  static final WalKeeper NONE = new WalKeeper(List.of());

  private final List<SQLiteConnection> held;

  private WalKeeper(List<SQLiteConnection> held) {
    this.held = held;
  }

  /**
   * Opens a keeper for each of {@code tenants} of {@code shard} that has a {@code -wal} file (one
   * without a WAL has no connection that could delete it, and no position to keep). Never fails: a
   * tenant whose keeper cannot be opened is only logged.
   */
  static WalKeeper hold(ReplicaContext context, int shard, Collection<String> tenants) {
    List<SQLiteConnection> held = new ArrayList<>();
    int limit = limit();
    int skipped = 0;
    for (String tenant : tenants) {
      Path db = context.db(shard, tenant);
      if (!Files.exists(TenantStore.walFile(db))
          || !Files.exists(db.resolveSibling(db.getFileName() + "-shm"))) {
        continue;
      }
      if (held.size() >= limit) {
        skipped++;
        continue;
      }
      try {
        held.add(open(db));
      } catch (SQLException e) {
        LOG.info(
            "shard {}: cannot keep the WAL of {} through the handover ({}); it may get a snapshot",
            shard,
            tenant,
            e.getMessage());
      }
    }
    if (skipped > 0) {
      LOG.info(
          "shard {}: {} tenants past the first {} keep no WAL through the handover; they may get a"
              + " snapshot",
          shard,
          skipped,
          limit);
    }
    return new WalKeeper(held);
  }

  /** {@link #MAX_TENANTS}, or fewer when half the free file descriptors do not hold as many. */
  private static int limit() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
      return (int) Math.max(0, Math.min(MAX_TENANTS, free / 2 / 3));
    }
    return MAX_TENANTS;
  }

  /** A read-only connection that has read once, so it holds SQLite's shared lock on the file. */
  static SQLiteConnection open(Path db) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    SQLiteConnection connection = (SQLiteConnection) config.createConnection("jdbc:sqlite:" + db);
    try (Statement s = connection.createStatement()) {
      s.executeQuery("SELECT 1 FROM sqlite_master LIMIT 1").close();
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** How many tenants' WALs are held. */
  int size() {
    return held.size();
  }

  @Override
  public void close() {
    for (SQLiteConnection c : held) {
      try {
        c.close();
      } catch (SQLException e) {
        // A read-only connection with nothing open: closing it cannot lose anything.
        LOG.debug("closing a WAL keeper failed", e);
      }
    }
  }
}
