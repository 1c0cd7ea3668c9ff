/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import io.rhizome.topology.TenantNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteOpenMode;

/**
 * Backups and restores of tenant files, through temporary files in {@code <data>/backup-tmp/}: on
 * the data directory's file system, so a restored file is renamed into place atomically, and
 * private to this node, so a partial file is never another tenant's. The directory is emptied when
 * the node starts: whatever is there was left by a crash.
 *
 * <p>A backup uses SQLite's online backup API in one step: the copy reads one snapshot of the
 * database (a read transaction, which in WAL mode blocks no writer), so it holds exactly the
 * transactions committed before it began.
 */
public final class TenantBackups {
  private static final List<String> COMPANION_SUFFIXES = List.of("-wal", "-shm", "-journal");

  /** A restored file that is not a sound SQLite database. */
  public static final class InvalidDatabaseException extends Exception {
    InvalidDatabaseException(String message) {
      super(message);
    }
  }

  private final TenantStore store;
  private final TenantTrash trash;
  private final Path tmpDir;

  public TenantBackups(Path dataDir, TenantStore store, TenantTrash trash) throws IOException {
    this.store = store;
    this.trash = trash;
    this.tmpDir = dataDir.toAbsolutePath().normalize().resolve("backup-tmp");
    Files.createDirectories(tmpDir);
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmpDir)) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  /** A new, unique, not yet existing temporary file for {@code tenant}. */
  public Path newTempFile(String tenant) {
    TenantNames.require(tenant);
    return tmpDir.resolve(tenant + "-" + UUID.randomUUID() + ".db");
  }

  /**
   * Writes a consistent copy of the tenant's database to {@code target} (a {@link #newTempFile}).
   *
   * @throws NoSuchFileException when the tenant has no database file
   */
  public void backup(int shard, String tenant, Path target) throws IOException, SQLException {
    Path file = store.tenantFile(shard, tenant);
    if (!Files.exists(file)) {
      throw new NoSuchFileException(tenant);
    }
    SQLiteConfig config = new SQLiteConfig();
    // Read-only without CREATE: a tenant dropped meanwhile fails here instead of coming back empty.
    config.resetOpenMode(SQLiteOpenMode.READWRITE);
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.setOpenMode(SQLiteOpenMode.READONLY);
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    config.setBusyTimeout(10_000);
    try (SQLiteConnection source =
        (SQLiteConnection)
            config.createConnection(TenantFileUrl.of(file, store.processLocked(shard)))) {
      // -1 pages per step: the whole copy in one step, from one read snapshot.
      int rc = source.getDatabase().backup("main", target.toString(), null, 100, 100, -1);
      if (rc != SQLiteErrorCode.SQLITE_OK.code) {
        throw new SQLException("backup failed", null, rc);
      }
    } catch (SQLException | RuntimeException e) {
      deleteWithCompanions(target);
      throw e;
    }
  }

  /**
   * Checks that {@code file} is a SQLite database that passes {@code PRAGMA integrity_check}, then
   * leaves it alone (no WAL or shared-memory file beside it).
   */
  public void verify(Path file) throws InvalidDatabaseException, IOException {
    SQLiteConfig config = new SQLiteConfig();
    // No CREATE: the file was just written; a missing one is an error, not an empty database.
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.enableLoadExtension(false);
    try (SQLiteConnection connection =
            (SQLiteConnection) config.createConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      // A file cut short can still pass the integrity check (pages past its end read as absent):
      // its length must be exactly the pages SQLite counts.
      long expected = pragma(statement, "page_count") * pragma(statement, "page_size");
      if (expected != Files.size(file)) {
        throw new InvalidDatabaseException("the file is truncated or has trailing bytes");
      }
      try (ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
        if (!result.next() || !"ok".equals(result.getString(1))) {
          throw new InvalidDatabaseException("the file fails SQLite's integrity check");
        }
      }
    } catch (SQLException e) {
      throw new InvalidDatabaseException("the file is not a SQLite database");
    } finally {
      deleteCompanions(file);
    }
  }

  private static long pragma(Statement statement, String name) throws SQLException {
    try (ResultSet result = statement.executeQuery("PRAGMA " + name)) {
      return result.next() ? result.getLong(1) : -1;
    }
  }

  /**
   * Puts a verified file in place of the tenant's database, moving the current files to the trash.
   * The caller must have closed every connection to the tenant's files.
   *
   * @return where the replaced database went, relative to the data directory, if it existed
   */
  public Optional<Path> swapIn(int shard, String tenant, Path restored) throws IOException {
    Path file = store.tenantFile(shard, tenant);
    Optional<Path> trashed = trash.trash(file, tenant, Instant.now());
    Files.createDirectories(file.getParent());
    Files.move(restored, file, StandardCopyOption.ATOMIC_MOVE);
    store.replaced(shard, tenant);
    return trashed;
  }

  /** Deletes a temporary file and any companions SQLite left beside it; never throws. */
  public static void deleteWithCompanions(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Emptied at the next start.
    }
    deleteCompanions(file);
  }

  private static void deleteCompanions(Path file) {
    for (String suffix : COMPANION_SUFFIXES) {
      try {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      } catch (IOException e) {
        // Emptied at the next start.
      }
    }
  }
}
