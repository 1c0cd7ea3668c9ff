/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.topology.TopologyException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The embedded {@link MetaStore}: one SQLite file, {@code <dataDir>/meta.db}, owned by one process.
 *
 * <p>Table {@code kv(key, value, mod_revision, lease)} plus a one-row global revision counter give
 * etcd's revision semantics. Watches are in-process: every committed change is handed to the
 * watchers' bounded queues and delivered on one daemon thread; a short in-memory history lets a
 * watch start at a revision slightly in the past (the gap between a load and its watch).
 *
 * <p>Leases live as long as this process holds them: there is no TTL because no other process can
 * observe this store. An exclusive lock on {@code <dataDir>/meta.lock} guarantees that, so on open
 * any lease-bound key left by a previous process that crashed is stale and is deleted.
 */
final class SqliteMetaStore implements MetaStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteMetaStore.class);

  /** Events a watcher may have queued before it is told to resync instead. */
  static final int WATCH_QUEUE_LIMIT = 10_000;

  /** Recent events kept so a watch may start at an older revision. */
  static final int DEFAULT_HISTORY_LIMIT = 1_000;

  private static final int BUSY_TIMEOUT_MS = 5_000;

  private final Path dataDir;
  private final int historyLimit;
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  private final Connection conn;
  private final ExecutorService delivery;
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

  /** Guards the connection and every field below. */
  private final ReentrantLock lock = new ReentrantLock();

  private final ArrayDeque<Event> history = new ArrayDeque<>();
  private final Set<Long> liveLeases = new HashSet<>();
  private long revision;
  private long historyStart;
  private long nextLeaseId = 1;
  private boolean closed;

  private SqliteMetaStore(
      Path dataDir, int historyLimit, FileChannel lockChannel, FileLock fileLock, Connection conn)
      throws SQLException {
    this.dataDir = dataDir;
    this.historyLimit = historyLimit;
    this.lockChannel = lockChannel;
    this.fileLock = fileLock;
    this.conn = conn;
    this.delivery =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "rhizome-meta-watch");
              t.setDaemon(true);
              return t;
            });
    initSchema();
  }

  /**
   * Opens the store in {@code dataDir}, creating it if needed.
   *
   * @throws TopologyException UNAVAILABLE when another process (or another open store in this
   *     process) holds the data dir
   */
  static SqliteMetaStore open(Path dataDir) throws TopologyException {
    return open(dataDir, DEFAULT_HISTORY_LIMIT);
  }

  /** As {@link #open(Path)}, keeping {@code historyLimit} recent events for late watches. */
  static SqliteMetaStore open(Path dataDir, int historyLimit) throws TopologyException {
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel =
          FileChannel.open(
              dataDir.resolve("meta.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = tryLock(channel, dataDir);
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.setBusyTimeout(BUSY_TIMEOUT_MS);
      Connection conn =
          config.createConnection("jdbc:sqlite:" + dataDir.resolve("meta.db").toAbsolutePath());
      try {
        return new SqliteMetaStore(dataDir, historyLimit, channel, fileLock, conn);
      } catch (SQLException e) {
        conn.close();
        throw e;
      }
    } catch (IOException | SQLException e) {
      closeQuietly(channel);
      throw new TopologyException(
          Reason.UNAVAILABLE,
          "cannot open metadata store in " + dataDir + ": " + e.getMessage(),
          e);
    } catch (TopologyException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static FileLock tryLock(FileChannel channel, Path dataDir)
      throws IOException, TopologyException {
    FileLock fileLock;
    try {
      fileLock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      fileLock = null;
    }
    if (fileLock == null) {
      throw new TopologyException(
          Reason.UNAVAILABLE,
          "data dir in use: "
              + dataDir
              + " is locked by another Rhizome process (meta.lock); stop it or use another"
              + " data dir");
    }
    return fileLock;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing meta.lock failed", e);
    }
  }

  private void initSchema() throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.executeUpdate(
          "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB NOT NULL,"
              + " mod_revision INTEGER NOT NULL, lease INTEGER NOT NULL DEFAULT 0)");
      st.executeUpdate(
          "CREATE TABLE IF NOT EXISTS revision (id INTEGER PRIMARY KEY CHECK (id = 1),"
              + " value INTEGER NOT NULL)");
      st.executeUpdate("INSERT OR IGNORE INTO revision (id, value) VALUES (1, 0)");
      try (ResultSet rs = st.executeQuery("SELECT value FROM revision WHERE id = 1")) {
        rs.next();
        revision = rs.getLong(1);
      }
    }
    // We hold the exclusive lock, so every lease-bound key belongs to a process that is gone.
    conn.setAutoCommit(false);
    try (Statement st = conn.createStatement()) {
      int stale = st.executeUpdate("DELETE FROM kv WHERE lease != 0");
      if (stale > 0) {
        revision++;
        st.executeUpdate("UPDATE revision SET value = " + revision + " WHERE id = 1");
        LOG.info("removed {} registration(s) left by a previous process in {}", stale, dataDir);
      }
      conn.commit();
    } catch (SQLException e) {
      conn.rollback();
      throw e;
    } finally {
      conn.setAutoCommit(true);
    }
    historyStart = revision + 1;
  }

  @Override
  public Read read(String key) throws TopologyException {
    lock.lock();
    try {
      ensureOpen();
      return new Read(getLocked(key), revision);
    } catch (SQLException e) {
      throw failure("read", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Optional<Entry>> getAll(List<String> keys) throws TopologyException {
    if (keys.size() > MAX_TXN_OPS) {
      throw new IllegalArgumentException("at most " + MAX_TXN_OPS + " keys per read");
    }
    lock.lock();
    try {
      ensureOpen();
      List<Optional<Entry>> out = new ArrayList<>(keys.size());
      for (String key : keys) {
        out.add(getLocked(key));
      }
      return out;
    } catch (SQLException e) {
      throw failure("read", e);
    } finally {
      lock.unlock();
    }
  }

  private Optional<Entry> getLocked(String key) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT value, mod_revision FROM kv WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Entry(key, rs.getBytes(1), rs.getLong(2)))
            : Optional.empty();
      }
    }
  }

  @Override
  public Page range(String from, String to, int limit) throws TopologyException {
    lock.lock();
    try {
      ensureOpen();
      try (PreparedStatement ps =
          conn.prepareStatement(
              "SELECT key, value, mod_revision FROM kv WHERE key >= ? AND key < ? ORDER BY key"
                  + (limit > 0 ? " LIMIT " + (limit + 1) : ""))) {
        ps.setString(1, from);
        ps.setString(2, to);
        List<Entry> entries = new ArrayList<>();
        boolean more = false;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (limit > 0 && entries.size() == limit) {
              more = true;
              break;
            }
            entries.add(new Entry(rs.getString(1), rs.getBytes(2), rs.getLong(3)));
          }
        }
        return new Page(List.copyOf(entries), revision, more);
      }
    } catch (SQLException e) {
      throw failure("list", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long count(String from, String to) throws TopologyException {
    lock.lock();
    try {
      ensureOpen();
      try (PreparedStatement ps =
          conn.prepareStatement("SELECT count(*) FROM kv WHERE key >= ? AND key < ?")) {
        ps.setString(1, from);
        ps.setString(2, to);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    } catch (SQLException e) {
      throw failure("count", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public TxnResult txn(Txn txn) throws TopologyException {
    lock.lock();
    try {
      ensureOpen();
      for (Put put : txn.puts()) {
        if (put.leaseId() != 0 && !liveLeases.contains(put.leaseId())) {
          throw new TopologyException(Reason.NOT_FOUND, "lease " + put.leaseId() + " not found");
        }
      }
      conn.setAutoCommit(false);
      try {
        if (!comparesHold(txn.compares())) {
          conn.rollback();
          return new TxnResult(false, revision);
        }
        long next = revision + 1;
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps =
            conn.prepareStatement(
                "INSERT INTO kv (key, value, mod_revision, lease) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                    + " mod_revision = excluded.mod_revision, lease = excluded.lease")) {
          for (Put put : txn.puts()) {
            ps.setString(1, put.key());
            ps.setBytes(2, put.value());
            ps.setLong(3, next);
            ps.setLong(4, put.leaseId());
            ps.executeUpdate();
            events.add(new Event(Event.Type.PUT, put.key(), put.value(), next));
          }
        }
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM kv WHERE key = ?")) {
          for (String key : txn.deletes()) {
            ps.setString(1, key);
            if (ps.executeUpdate() > 0) {
              events.add(new Event(Event.Type.DELETE, key, new byte[0], next));
            }
          }
        }
        return new TxnResult(true, commitRevision(events));
      } catch (SQLException e) {
        conn.rollback();
        throw e;
      } finally {
        conn.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("transaction", e);
    } finally {
      lock.unlock();
    }
  }

  private boolean comparesHold(List<Compare> compares) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT mod_revision FROM kv WHERE key = ?")) {
      for (Compare c : compares) {
        ps.setString(1, c.key());
        try (ResultSet rs = ps.executeQuery()) {
          long actual = rs.next() ? rs.getLong(1) : 0;
          if (actual != c.modRevision()) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /**
   * Commits the open SQL transaction at the next revision when it changed anything (like etcd, a
   * transaction that writes nothing does not advance the revision) and publishes its events.
   */
  private long commitRevision(List<Event> events) throws SQLException {
    if (events.isEmpty()) {
      conn.commit();
      return revision;
    }
    long next = revision + 1;
    try (PreparedStatement ps =
        conn.prepareStatement("UPDATE revision SET value = ? WHERE id = 1")) {
      ps.setLong(1, next);
      ps.executeUpdate();
    }
    conn.commit();
    revision = next;
    publish(events);
    return next;
  }

  private void publish(List<Event> events) {
    history.addAll(events);
    while (history.size() > historyLimit) {
      historyStart = history.removeFirst().modRevision() + 1;
    }
    for (Watcher w : watchers) {
      w.offer(events);
    }
  }

  @Override
  public AutoCloseable watch(String prefix, long fromRevision, WatchListener listener) {
    lock.lock();
    try {
      Watcher w = new Watcher(prefix, listener);
      if (closed) {
        w.requestResync("metadata store is closed");
        return w;
      }
      if (fromRevision < historyStart) {
        w.requestResync(
            "revision "
                + fromRevision
                + " is no longer in the history (oldest "
                + historyStart
                + ")");
        return w;
      }
      w.offer(history.stream().filter(e -> e.modRevision() >= fromRevision).toList());
      watchers.add(w);
      return w;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Lease grantLease(LeaseLostListener lost) throws TopologyException {
    lock.lock();
    try {
      ensureOpen();
      long id = nextLeaseId++;
      liveLeases.add(id);
      return new LocalLease(id);
    } finally {
      lock.unlock();
    }
  }

  private long revoke(long leaseId) throws TopologyException {
    lock.lock();
    try {
      ensureOpen();
      if (!liveLeases.remove(leaseId)) {
        return 0;
      }
      conn.setAutoCommit(false);
      try {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT key FROM kv WHERE lease = ?")) {
          ps.setLong(1, leaseId);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              events.add(new Event(Event.Type.DELETE, rs.getString(1), new byte[0], revision + 1));
            }
          }
        }
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM kv WHERE lease = ?")) {
          ps.setLong(1, leaseId);
          ps.executeUpdate();
        }
        long committed = commitRevision(events);
        return events.isEmpty() ? 0 : committed;
      } catch (SQLException e) {
        conn.rollback();
        throw e;
      } finally {
        conn.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("lease revoke", e);
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() throws TopologyException {
    if (closed) {
      throw new TopologyException(
          Reason.UNAVAILABLE, "metadata store in " + dataDir + " is closed");
    }
  }

  private TopologyException failure(String what, SQLException e) {
    return new TopologyException(
        Reason.INTERNAL, "metadata " + what + " failed in " + dataDir + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Watcher w : watchers) {
        w.close();
      }
      watchers.clear();
      try {
        conn.close();
      } catch (SQLException e) {
        LOG.warn("closing {} failed", dataDir.resolve("meta.db"), e);
      }
      try {
        fileLock.release();
      } catch (IOException e) {
        LOG.warn("releasing {} failed", dataDir.resolve("meta.lock"), e);
      }
      closeQuietly(lockChannel);
    } finally {
      lock.unlock();
    }
    delivery.shutdown();
    try {
      if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("watch delivery thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class LocalLease implements Lease {
    private final long id;

    LocalLease(long id) {
      this.id = id;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public long revoke() throws TopologyException {
      return SqliteMetaStore.this.revoke(id);
    }
  }

  /**
   * One watch: a bounded queue drained by the delivery thread. At most one drain task per watcher
   * is queued, so the executor's queue is bounded by the number of watchers.
   */
  private final class Watcher implements AutoCloseable {
    private final String prefix;
    private final WatchListener listener;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private boolean scheduled;
    private String resyncReason;
    private boolean ended;

    Watcher(String prefix, WatchListener listener) {
      this.prefix = prefix;
      this.listener = listener;
    }

    synchronized void offer(List<Event> events) {
      if (ended || resyncReason != null) {
        return;
      }
      List<Event> matching = events.stream().filter(e -> e.key().startsWith(prefix)).toList();
      if (matching.isEmpty()) {
        return;
      }
      if (pending.size() + matching.size() > WATCH_QUEUE_LIMIT) {
        pending.clear();
        requestResync("watcher fell more than " + WATCH_QUEUE_LIMIT + " events behind");
        return;
      }
      pending.addAll(matching);
      schedule();
    }

    synchronized void requestResync(String reason) {
      resyncReason = reason;
      schedule();
    }

    private void schedule() {
      if (scheduled || ended) {
        return;
      }
      scheduled = true;
      try {
        delivery.execute(this::drain);
      } catch (RejectedExecutionException storeClosed) {
        ended = true;
      }
    }

    private void drain() {
      while (true) {
        List<Event> batch;
        String resync;
        synchronized (this) {
          if (ended || (pending.isEmpty() && resyncReason == null)) {
            scheduled = false;
            return;
          }
          batch = List.copyOf(pending);
          pending.clear();
          resync = resyncReason;
          if (resync != null) {
            ended = true;
          }
        }
        if (!batch.isEmpty()) {
          listener.onEvents(batch);
        }
        if (resync != null) {
          watchers.remove(this);
          listener.onResyncNeeded(resync);
        }
      }
    }

    @Override
    public void close() {
      synchronized (this) {
        ended = true;
        pending.clear();
      }
      watchers.remove(this);
    }
  }
}
