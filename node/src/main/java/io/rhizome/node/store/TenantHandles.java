/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import io.rhizome.node.catalog.TenantCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * The node's open SQLite handles, bounded: at most {@code maxOpen} connections are open at once,
 * leased and idle together, so the node's file descriptors stay bounded (each handle holds up to
 * three: database, WAL, shared memory) however many tenants clients touch.
 *
 * <p>Design: a session leases one handle for its whole life and returns it when it ends; the cache
 * keeps returned handles idle, per tenant, for the tenant's next session, and closes the least
 * recently returned one when a new tenant needs room, or once it has been idle for {@code
 * idleTimeout}. A handle in use is never closed by the cache. Leasing per session rather than per
 * statement keeps what Postgres keeps per session (a transaction, named prepared statements,
 * portals, temporary tables) on one SQLite connection with nothing to re-prepare or migrate; the
 * price is one handle per open session, which the node's session limits bound anyway. When every
 * handle is leased a new one is refused ({@link HandleLimitException}) rather than waited for.
 *
 * <p>A returned handle is kept only if it is clean: no transaction open and no temporary objects
 * but the Postgres catalog's (which every session of the tenant would create alike), so the
 * tenant's next session starts as on a fresh connection. Otherwise it is closed.
 *
 * <p>{@link #warm} opens a tenant's existing file straight into the idle handles, for a session
 * expected soon (the gateway asks while its client authenticates): the handle counts against {@code
 * maxOpen} like any other and is evicted or expires like any idle handle. A lease asked for while
 * the tenant's warm-up is opening its file waits for that open instead of opening a second handle.
 *
 * <p>{@link #holdClosed} keeps a tenant's files from every connection of this node while a follower
 * writes them as raw copies (replication): SQLite's wal-index would not know frames appended under
 * an open connection, whose close-time checkpoint would then delete them.
 */
public final class TenantHandles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantHandles.class);

  /** Every tenant file a node can open: its shard and name. */
  private record Key(int shard, String tenant) {}

  private static final class Handle {
    final Key key;
    final SQLiteConnection connection;
    long idleSinceNanos;

    Handle(Key key, SQLiteConnection connection) {
      this.key = key;
      this.connection = connection;
    }
  }

  /** What {@link #warm} did. */
  public enum Warmed {
    /** The tenant's file was opened into an idle handle. */
    OPENED,
    /** The tenant has an idle handle already, or one is being warmed. */
    ALREADY_OPEN,
    /** The tenant has no file (its first session creates it): nothing opened. */
    NO_FILE,
    /** Every handle is leased: nothing opened. */
    FULL,
    /** The tenant's files are being written as a replica's copy ({@link #holdClosed}). */
    HELD
  }

  /** A tenant's files kept closed to this node's connections; {@link #close} lets them open. */
  public interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * The longest a lease waits for a warm-up of its tenant to finish opening the file; a file open
   * takes about a millisecond, so this only bounds a stuck disk.
   */
  private static final long WARMING_WAIT_MILLIS = 10_000;

  /** Counters of the cache, for operators and tests. */
  public record Stats(
      int open, int leased, int idle, long opened, long reused, long evicted, long idleClosed) {}

  private final TenantStore store;
  private final int maxOpen;
  private final long idleTimeoutNanos;
  private final LongSupplier nanoClock;

  // All guarded by this.
  private final Map<Key, ArrayDeque<Handle>> idleByTenant = new HashMap<>();

  /** Idle handles, least recently returned first. */
  private final LinkedHashSet<Handle> idleOrder = new LinkedHashSet<>();

  private int leased;

  /** Leased handles by tenant. */
  private final Map<Key, Integer> leasedByTenant = new HashMap<>();

  /** Handles taken out of the cache and being closed outside the lock, by tenant. */
  private final Map<Key, Integer> closing = new HashMap<>();

  /**
   * Tenants whose files are being written as copies: no handle of them opens ({@link #holdClosed}).
   */
  private final Set<Key> held = new HashSet<>();

  /** Slots reserved by acquisitions that are opening a file outside the lock. */
  private int opening;

  /** Warm-ups opening a file outside the lock, by tenant: completed once the handle is idle. */
  private final Map<Key, CompletableFuture<Void>> warming = new HashMap<>();

  /**
   * Leases opening (perhaps creating) a file outside the lock, by tenant, so that a warm-up never
   * opens a file that is being created: SQLite would answer the creator's first statements busy.
   */
  private final Map<Key, Integer> leasesOpening = new HashMap<>();

  private boolean closed;
  private long opened;
  private long reused;
  private long evicted;
  private long idleClosed;

  /**
   * @param maxOpen the most handles open at once, leased and idle together
   * @param idleTimeout an idle handle is closed by {@link #closeExpired} once idle this long
   */
  public TenantHandles(TenantStore store, int maxOpen, Duration idleTimeout) {
    this(store, maxOpen, idleTimeout, System::nanoTime);
  }

  /** With the clock that times idleness, for tests. */
  TenantHandles(TenantStore store, int maxOpen, Duration idleTimeout, LongSupplier nanoClock) {
    if (maxOpen < 1) {
      throw new IllegalArgumentException("maxOpen must be at least 1");
    }
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must not be negative");
    }
    this.store = store;
    this.maxOpen = maxOpen;
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.nanoClock = nanoClock;
  }

  /** The store whose files the handles are open on. */
  public TenantStore store() {
    return store;
  }

  /** A handle leased to one user; {@link #close()} returns it to the cache. */
  public final class Lease implements AutoCloseable {
    private final Handle handle;
    private boolean returned;

    private Lease(Handle handle) {
      this.handle = handle;
    }

    public SQLiteConnection connection() {
      return handle.connection;
    }

    /** Returns the handle: kept idle for the tenant's next lease if clean, else closed. */
    @Override
    public void close() {
      if (!returned) {
        returned = true;
        release(handle);
      }
    }
  }

  /**
   * Leases a handle on a tenant's file: an idle one of the tenant if there is one, else a new one,
   * closing the least recently used idle handle of any tenant if the cache is full.
   *
   * @throws HandleLimitException when all {@code maxOpen} handles are leased
   * @throws IOException when the shard directory cannot be created
   * @throws SQLException when SQLite cannot open the file
   */
  public Lease acquire(int shard, String tenant)
      throws HandleLimitException, IOException, SQLException {
    Key key = new Key(shard, tenant);
    Handle victim = null;
    while (true) {
      CompletableFuture<Void> warmup;
      synchronized (this) {
        awaitUnheld(key);
        if (closed) {
          throw new IllegalStateException("the handle cache is closed");
        }
        ArrayDeque<Handle> idle = idleByTenant.get(key);
        if (idle != null) {
          // The most recently returned: its pages are the likeliest to be cached.
          Handle handle = idle.pollLast();
          if (idle.isEmpty()) {
            idleByTenant.remove(key);
          }
          idleOrder.remove(handle);
          leased++;
          leasedByTenant.merge(key, 1, Integer::sum);
          reused++;
          return new Lease(handle);
        }
        warmup = warming.get(key);
        if (warmup == null) {
          if (leased + opening + idleOrder.size() >= maxOpen) {
            if (idleOrder.isEmpty()) {
              throw new HandleLimitException(maxOpen);
            }
            victim = removeIdle(idleOrder.iterator().next());
            evicted++;
          }
          opening++;
          leasesOpening.merge(key, 1, Integer::sum);
          break;
        }
      }
      // The tenant's warm-up is opening its file: take that handle rather than open another.
      awaitWarmup(warmup);
    }
    if (victim != null) {
      closeQuietly(victim);
    }
    SQLiteConnection connection;
    try {
      connection = store.open(shard, tenant);
    } catch (IOException | SQLException | RuntimeException e) {
      synchronized (this) {
        opening--;
        leasesOpening.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
      }
      throw e;
    }
    synchronized (this) {
      opening--;
      leasesOpening.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
      leased++;
      leasedByTenant.merge(key, 1, Integer::sum);
      opened++;
    }
    return new Lease(new Handle(key, connection));
  }

  /**
   * Opens a tenant's existing file into an idle handle, for a session expected soon, unless the
   * tenant has an idle handle already or is being warmed. Like a lease, it closes the least
   * recently used idle handle when the cache is full, and opens nothing when every handle is
   * leased. It never creates a file. The caller must make sure the tenant's files are not being
   * dropped or moved meanwhile, as for a lease.
   *
   * @throws SQLException when SQLite cannot open the file
   */
  public Warmed warm(int shard, String tenant) throws SQLException {
    Key key = new Key(shard, tenant);
    if (!Files.isRegularFile(store.tenantFile(shard, tenant))) {
      return Warmed.NO_FILE; // looked for again below; this spares an eviction for a new tenant
    }
    Handle victim = null;
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the handle cache is closed");
      }
      if (held.contains(key)) {
        return Warmed.HELD;
      }
      if (idleByTenant.containsKey(key)
          || warming.containsKey(key)
          || leasesOpening.containsKey(key)) {
        return Warmed.ALREADY_OPEN;
      }
      if (leased + opening + idleOrder.size() >= maxOpen) {
        if (idleOrder.isEmpty()) {
          return Warmed.FULL;
        }
        victim = removeIdle(idleOrder.iterator().next());
        evicted++;
      }
      opening++;
      // From here a lease of the tenant waits for this warm-up, so no lease creates the file
      // while it is looked for and opened.
      warming.put(key, done);
    }
    if (victim != null) {
      closeQuietly(victim);
    }
    SQLiteConnection connection = null;
    try {
      if (!Files.isRegularFile(store.tenantFile(shard, tenant))) {
        return Warmed.NO_FILE;
      }
      connection = store.openExisting(shard, tenant);
      return Warmed.OPENED;
    } finally {
      Handle handle = connection == null ? null : new Handle(key, connection);
      boolean keep;
      synchronized (this) {
        opening--;
        warming.remove(key);
        keep = handle != null && !closed;
        if (handle != null && !keep) {
          markClosing(handle);
        }
        if (keep) {
          opened++;
          handle.idleSinceNanos = nanoClock.getAsLong();
          idleByTenant.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(handle);
          idleOrder.add(handle);
        }
      }
      if (handle != null && !keep) {
        closeQuietly(handle);
      }
      done.complete(null);
    }
  }

  /**
   * Whether a connection of this node has the tenant's files open: leased, idle in the cache, being
   * opened by a lease or a warm-up, or being closed.
   */
  public synchronized boolean isOpen(int shard, String tenant) {
    return isOpen(new Key(shard, tenant));
  }

  private boolean isOpen(Key key) {
    return leasedByTenant.containsKey(key)
        || closing.containsKey(key)
        || idleByTenant.containsKey(key)
        || warming.containsKey(key)
        || leasesOpening.containsKey(key);
  }

  /**
   * Keeps the tenant's files closed to this node's connections until the hold is closed, for a
   * follower's raw write of them; returns null, holding nothing, when a connection has them open
   * ({@link #isOpen}): it is not closed here, since a leased one belongs to its session and an idle
   * one is closed by the shard's release. Meanwhile a lease of the tenant waits (at most {@value
   * #WARMING_WAIT_MILLIS} ms) and a warm-up opens nothing ({@link Warmed#HELD}). At most one hold
   * per tenant: a second one returns null too.
   */
  public synchronized Hold holdClosed(int shard, String tenant) {
    Key key = new Key(shard, tenant);
    if (isOpen(key) || !held.add(key)) {
      return null;
    }
    return new Hold() {
      private boolean released;

      @Override
      public void close() {
        synchronized (TenantHandles.this) {
          if (!released) {
            released = true;
            held.remove(key);
            TenantHandles.this.notifyAll();
          }
        }
      }
    };
  }

  /** Waits, holding the lock, until no hold keeps the tenant closed. Caller holds the lock. */
  private void awaitUnheld(Key key) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARMING_WAIT_MILLIS);
    while (held.contains(key)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SQLException("the tenant's files are being written as a replica's copy");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while the tenant's files were being written", e);
      }
    }
  }

  private static void awaitWarmup(CompletableFuture<Void> warmup) throws SQLException {
    try {
      warmup.get(WARMING_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while the tenant's file was being opened", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new SQLException("the tenant's file did not open in time", e);
    }
  }

  /**
   * Closes the idle handles of a tenant, before its files are deleted. The caller must make sure no
   * session of the tenant holds or takes a lease meanwhile.
   */
  public void closeIdle(int shard, String tenant) {
    List<Handle> victims;
    synchronized (this) {
      ArrayDeque<Handle> idle = idleByTenant.remove(new Key(shard, tenant));
      if (idle == null) {
        return;
      }
      victims = new ArrayList<>(idle);
      idleOrder.removeAll(idle);
      victims.forEach(this::markClosing);
    }
    victims.forEach(this::closeQuietly);
  }

  /** Closes the handles idle for longer than the idle timeout; call it periodically. */
  public void closeExpired() {
    List<Handle> victims = new ArrayList<>();
    synchronized (this) {
      long now = nanoClock.getAsLong();
      Iterator<Handle> oldestFirst = idleOrder.iterator();
      while (oldestFirst.hasNext()) {
        Handle handle = oldestFirst.next();
        if (now - handle.idleSinceNanos < idleTimeoutNanos) {
          break;
        }
        oldestFirst.remove();
        removeFromTenant(handle);
        markClosing(handle);
        victims.add(handle);
      }
      idleClosed += victims.size();
    }
    victims.forEach(this::closeQuietly);
  }

  public synchronized Stats stats() {
    int idle = idleOrder.size();
    return new Stats(leased + opening + idle, leased, idle, opened, reused, evicted, idleClosed);
  }

  /** Closes every idle handle; leased ones close when they are returned. */
  @Override
  public void close() {
    List<Handle> victims;
    synchronized (this) {
      closed = true;
      victims = new ArrayList<>(idleOrder);
      victims.forEach(this::markClosing);
      idleOrder.clear();
      idleByTenant.clear();
    }
    victims.forEach(this::closeQuietly);
  }

  private void release(Handle handle) {
    boolean clean = clean(handle.connection);
    synchronized (this) {
      leased--;
      leasedByTenant.computeIfPresent(handle.key, (k, n) -> n == 1 ? null : n - 1);
      if (clean && !closed) {
        handle.idleSinceNanos = nanoClock.getAsLong();
        idleByTenant.computeIfAbsent(handle.key, k -> new ArrayDeque<>()).addLast(handle);
        idleOrder.add(handle);
        return;
      }
      markClosing(handle);
    }
    closeQuietly(handle);
  }

  /** Removes an idle handle from both indexes; returns it. Caller holds the lock. */
  private Handle removeIdle(Handle handle) {
    idleOrder.remove(handle);
    removeFromTenant(handle);
    markClosing(handle);
    return handle;
  }

  /**
   * Counts a handle taken out of the cache to be closed outside the lock as open until {@link
   * #closeQuietly} has closed it: its close may checkpoint. Caller holds the lock.
   */
  private void markClosing(Handle handle) {
    closing.merge(handle.key, 1, Integer::sum);
  }

  private void removeFromTenant(Handle handle) {
    ArrayDeque<Handle> idle = idleByTenant.get(handle.key);
    if (idle != null) {
      idle.remove(handle);
      if (idle.isEmpty()) {
        idleByTenant.remove(handle.key);
      }
    }
  }

  /**
   * Resets what a session may have left on the connection, and tells whether the rest is as fresh:
   * no transaction open (BEGIN fails inside one) and no temporary tables, views or triggers but the
   * Postgres catalog's own, unchanged ({@link TenantCatalog#onlyCatalogObjects}).
   */
  private static boolean clean(SQLiteConnection connection) {
    try {
      if (connection.isClosed()) {
        return false;
      }
      ProgressHandler.clearHandler(connection);
      // The session's busy handler (it waits on the session's behalf) goes with it too.
      connection.getDatabase().busy_timeout(connection.getBusyTimeout());
      connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
      if (!TenantCatalog.onlyCatalogObjects(connection)) {
        return false;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("BEGIN");
        statement.execute("ROLLBACK");
      }
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Closes a handle {@link #markClosing marked} closing. */
  private void closeQuietly(Handle handle) {
    try {
      handle.connection.close();
    } catch (SQLException e) {
      // The message may hold the file's path: log the tenant and the type only.
      LOG.warn(
          "closing the handle of tenant {} failed: {}",
          handle.key.tenant(),
          e.getClass().getName());
    } finally {
      synchronized (this) {
        closing.computeIfPresent(handle.key, (k, n) -> n == 1 ? null : n - 1);
      }
    }
  }
}
