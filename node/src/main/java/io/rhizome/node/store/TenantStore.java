/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import io.rhizome.node.functions.SqlFunctions;
import io.rhizome.topology.TenantNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

/**
 * The node's tenant files: {@code <data>/shards/<shard>/<tenant>.db} plus SQLite's {@code -wal} and
 * {@code -shm} companions.
 *
 * <p>A tenant name is checked with {@link TenantNames} before any path is built from it, and the
 * resolved path is checked to sit directly in its shard directory, so no name can reach another
 * file. Every connection is opened in WAL mode with foreign keys on, {@code synchronous = NORMAL}
 * (with {@link Synchronous#FULL} the node syncs each commit's WAL itself: {@link #walSync}) and a
 * busy timeout, so writers of one tenant wait a bounded time for each other instead of failing at
 * once.
 */
public final class TenantStore {
  /** Largest shard number a cluster can have (see ClusterBootstrap). */
  private static final int MAX_SHARD = 65535;

  private static final List<String> COMPANION_SUFFIXES = List.of("-wal", "-shm", "-journal");

  private final Path shardsDir;
  private final Synchronous synchronous;
  private final int busyTimeoutMillis;
  private final TenantLockdown lockdown;
  private final SqlFunctions functions;

  /** Told when a tenant's files are replaced or dropped (replication must start it afresh). */
  private volatile java.util.function.ObjIntConsumer<String> replacedListener = (t, s) -> {};

  /** Shards whose checkpoints the node takes itself (replicated shards): none until told. */
  private volatile IntPredicate nodeCheckpoints = shard -> false;

  private final GroupCommit groupCommit = new GroupCommit();

  /** A store whose connections get no custom SQL functions. */
  public TenantStore(
      Path dataDir, Synchronous synchronous, Duration busyTimeout, TenantLockdown lockdown) {
    this(dataDir, synchronous, busyTimeout, lockdown, SqlFunctions.none());
  }

  /**
   * @param dataDir the node's data directory; {@code shards/} is created beneath it on demand
   * @param lockdown applied to every connection this store opens, with {@code functions} allowed
   * @param functions registered on every connection this store opens
   */
  public TenantStore(
      Path dataDir,
      Synchronous synchronous,
      Duration busyTimeout,
      TenantLockdown lockdown,
      SqlFunctions functions) {
    Path absolute = dataDir.toAbsolutePath().normalize();
    // sqlite-jdbc reads "?name=value" after a file name as connection settings.
    if (absolute.toString().indexOf('?') >= 0) {
      throw new IllegalArgumentException("the data directory path must not contain '?'");
    }
    this.shardsDir = absolute.resolve("shards");
    this.synchronous = synchronous;
    this.busyTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis());
    // The custom functions are allowed where they are registered, so the two cannot disagree.
    this.lockdown = lockdown.allowing(functions.names());
    this.functions = functions;
  }

  /** Whether an acknowledged commit must be on this node's disk (not only in its page cache). */
  public boolean syncsCommits() {
    return synchronous == Synchronous.FULL;
  }

  /**
   * What a session of the tenant calls after each commit that wrote: on a shard with one copy of a
   * {@link Synchronous#FULL} store, the sync of the tenant's WAL (its connections commit without
   * one, see {@link GroupCommit}); {@link WalSync#NONE} where replication syncs the WAL ({@link
   * #nodeCheckpoints}) or nothing must.
   */
  public WalSync walSync(int shard, String tenant) {
    if (!syncsCommits() || nodeCheckpoints.test(shard)) {
      return WalSync.NONE;
    }
    Path db = tenantFile(shard, tenant);
    return new WalSync(groupCommit, db, walFile(db));
  }

  /** The WAL SQLite keeps beside the database file {@code db}. */
  public static Path walFile(Path db) {
    return db.resolveSibling(db.getFileName() + "-wal");
  }

  /** The group commit of this store's shards with one copy, for its counters. */
  public GroupCommit groupCommit() {
    return groupCommit;
  }

  /** Sets who is told of {@link #replaced}. */
  public void onReplaced(java.util.function.ObjIntConsumer<String> listener) {
    this.replacedListener = listener;
  }

  /**
   * A tenant's files were replaced by other ones (a restore) or dropped: what anyone knew of their
   * history (replication's WAL positions) no longer holds.
   */
  public void replaced(int shard, String tenant) {
    replacedListener.accept(tenant, shard);
  }

  /**
   * Names the shards whose tenants' connections must not checkpoint by themselves ({@code
   * wal_autocheckpoint = 0}): the node checkpoints them once their frames are replicated
   * (docs/replication.md). Their connections also leave the sync of each commit to the node ({@code
   * synchronous = NORMAL}), which makes the WAL durable before it acknowledges the commit when this
   * store is {@link Synchronous#FULL}. Applies to connections opened from now on.
   */
  public void nodeCheckpoints(IntPredicate shards) {
    this.nodeCheckpoints = shards;
  }

  /**
   * Whether this node's connections to the shard's tenant files take the file's locks for the whole
   * process ({@link TenantFileUrl}): every shard the node does not checkpoint itself.
   */
  public boolean processLocked(int shard) {
    return !nodeCheckpoints.test(shard);
  }

  /**
   * The shards this data directory holds tenant files of (a directory {@code shards/<n>} with a
   * {@code .db} file in it), in order.
   */
  public SortedSet<Integer> shardsOnDisk() throws IOException {
    SortedSet<Integer> shards = new TreeSet<>();
    if (!Files.isDirectory(shardsDir)) {
      return shards;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(shardsDir)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.matches("[0-9]{1,5}") || !Files.isDirectory(dir)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.db")) {
          if (files.iterator().hasNext()) {
            shards.add(Integer.parseInt(name));
          }
        }
      }
    }
    return shards;
  }

  /**
   * The tenants whose database files the shard's directory holds, by name. Files whose names are
   * not tenant names are left out.
   */
  public SortedSet<String> tenantsOfShard(int shard) throws IOException {
    SortedSet<String> tenants = new TreeSet<>();
    Path dir = shardDir(shard);
    if (!Files.isDirectory(dir)) {
      return tenants;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.db")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        String tenant = name.substring(0, name.length() - ".db".length());
        if (TenantNames.isValid(tenant) && Files.isRegularFile(file)) {
          tenants.add(tenant);
        }
      }
    }
    return tenants;
  }

  /** The directory of a shard's tenant files ({@code shards/<shard>}), which may not exist. */
  public Path shardDir(int shard) {
    if (shard < 0 || shard > MAX_SHARD) {
      throw new IllegalArgumentException("shard out of range: " + shard);
    }
    return shardsDir.resolve(Integer.toString(shard));
  }

  public TenantLockdown lockdown() {
    return lockdown;
  }

  /**
   * The file of a tenant.
   *
   * @throws IllegalArgumentException for an invalid tenant name or shard number, before any path is
   *     built from them
   */
  public Path tenantFile(int shard, String tenant) {
    TenantNames.require(tenant);
    Path dir = shardDir(shard);
    Path file = dir.resolve(tenant + ".db").normalize();
    if (!dir.equals(file.getParent())) {
      // Unreachable while TenantNames holds; kept because this is the isolation boundary.
      throw new IllegalStateException("tenant file escapes its shard directory");
    }
    return file;
  }

  /**
   * Opens a connection to a tenant's file, creating the file (and its shard directory) if it does
   * not exist yet, with the {@link TenantLockdown} applied and the custom SQL functions registered.
   * The connection stays in JDBC auto-commit mode: transactions are the client's own BEGIN/COMMIT,
   * passed through as SQL.
   *
   * @throws IOException when the shard directory cannot be created
   * @throws SQLException when SQLite cannot open the file
   */
  public SQLiteConnection open(int shard, String tenant) throws IOException, SQLException {
    Path file = tenantFile(shard, tenant);
    // One stat for a shard seen before: createDirectories alone throws and catches an exception
    // for a directory that exists (about 0.1 ms on the cold path of a session open).
    if (!Files.isDirectory(file.getParent())) {
      Files.createDirectories(file.getParent());
    }
    return open(file, shard, tenant, true);
  }

  /**
   * Like {@link #open(int, String)}, for a file that exists: fails rather than create one (a tenant
   * dropped meanwhile must not come back empty).
   *
   * @throws SQLException when SQLite cannot open the file, or it does not exist
   */
  public SQLiteConnection openExisting(int shard, String tenant) throws SQLException {
    return open(tenantFile(shard, tenant), shard, tenant, false);
  }

  private SQLiteConnection open(Path file, int shard, String tenant, boolean create)
      throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    // SQLite's own lock around every call on the connection (its "serialized" mode) guards
    // nothing here: sqlite-jdbc already makes every call on a connection under the connection's
    // Java monitor, and the one call it lets through from another thread, sqlite3_interrupt, needs
    // no lock. Without it a point query makes about ten lock pairs fewer, a large result two per
    // column per row (docs/benchmarks.md, "Large results").
    config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    if (!create) {
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    boolean nodeOwned = nodeCheckpoints.test(shard);
    // SQLite never syncs a commit itself: its sync inside COMMIT would hold the file's write lock
    // for the disk's time. On a replicated shard the node syncs the WAL of each commit while the
    // followers write theirs (docs/replication.md, "The commit path"); on a shard with one copy the
    // session does, one sync serving the tenant's concurrent commits ({@link #walSync}). A
    // checkpoint still syncs the WAL before it and the database after.
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(busyTimeoutMillis);
    config.enforceForeignKeys(true);
    config.enableLoadExtension(false);
    // Nothing here asks JDBC for generated keys: without this, sqlite-jdbc matches every executed
    // statement's text against a pattern and runs "SELECT last_insert_rowid()" (a fresh statement,
    // prepared each time) after every INSERT.
    config.setGetGeneratedKeys(false);
    SQLiteConnection connection =
        (SQLiteConnection) config.createConnection(TenantFileUrl.of(file, !nodeOwned));
    try {
      try (java.sql.Statement s = connection.createStatement()) {
        if (nodeOwned) {
          s.execute("PRAGMA wal_autocheckpoint=0");
        } else {
          // Once the log starts over, the file is cut back to what a checkpoint leaves: a longer
          // one then means a log that did not start over (WalSync).
          long pageSize;
          try (java.sql.ResultSet rs = s.executeQuery("PRAGMA page_size")) {
            rs.next();
            pageSize = rs.getLong(1);
          }
          s.execute("PRAGMA journal_size_limit=" + WalSync.limitBytes(pageSize));
        }
      }
      lockdown.apply(connection);
      functions.register(connection);
      lockdown.catalog().attach(connection, tenant);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * Deletes a tenant's files. The caller must have closed every connection to them first.
   *
   * @return whether the tenant's database file existed
   */
  public boolean drop(int shard, String tenant) throws IOException {
    Path file = tenantFile(shard, tenant);
    // Companions first: a crash half-way leaves the main file, so the tenant still "exists" and
    // a retried drop finishes the job, rather than leaving a stray WAL beside no database.
    for (String suffix : COMPANION_SUFFIXES) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
    return Files.deleteIfExists(file);
  }
}
