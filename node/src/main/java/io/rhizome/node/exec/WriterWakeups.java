/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConnection;

/**
 * Wakes the sessions that wait for a tenant's write lock as soon as a session of the same tenant
 * ends a write, instead of SQLite's own busy handler, which sleeps 1, 2, 5, 10, ... up to 100 ms
 * between tries whatever the holder does.
 *
 * <p>Why: SQLite lets one writer at a time into a database. With its sleeping handler a session
 * that writes in a loop takes the lock again a round trip after it released it, while a waiter is
 * still asleep: under contention most waiters' time was sleep (8 clients writing one tenant ran at
 * a fraction of one writer's rate) and a waiter could lose to a busy neighbour for the whole busy
 * timeout. A waiter woken when the lock is released retries within microseconds, well before the
 * releasing client's next statement arrives, so writers take turns roughly in order.
 *
 * <p>Design: waiters and releasers meet on one of a fixed set of monitors chosen by the database
 * file's name, so nothing per tenant is created or cleaned up; two tenants that share a stripe only
 * wake each other needlessly. A release bumps the stripe's counter; a waiter retries as soon as the
 * counter moved since its previous try, so a release between SQLite's failed try and the wait is
 * not missed. Holders that end a write without telling (a checkpoint, a move's copier, a backup)
 * are covered by waiting at most {@link #POLL_NANOS} before trying again.
 */
final class WriterWakeups {
  /** How long a waiter sleeps at most before it tries again unwoken. */
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private static final int STRIPES = 64;

  /** The process's stripes: every connection to a file in this JVM meets its writers here. */
  static final WriterWakeups PROCESS = new WriterWakeups();

  private final Stripe[] stripes = new Stripe[STRIPES];

  private WriterWakeups() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** The stripe of the database {@code connection} is open on. */
  Stripe stripe(SQLiteConnection connection) {
    return stripes[Math.floorMod(connection.getUrl().hashCode(), STRIPES)];
  }

  /** Where the writers of some tenants wait and are woken. */
  static final class Stripe {
    private long releases; // guarded by this

    /** A session ended a write (or a transaction that may have written): wake the waiters. */
    synchronized void released() {
      releases++;
      notifyAll();
    }

    synchronized long releases() {
      return releases;
    }

    /**
     * Waits until a release after {@code seen}, or {@code maxNanos}.
     *
     * @return the release count when it returned
     */
    synchronized long awaitRelease(long seen, long maxNanos) throws InterruptedException {
      long deadline = System.nanoTime() + maxNanos;
      long left = maxNanos;
      while (releases == seen && left > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
        left = deadline - System.nanoTime();
      }
      return releases;
    }
  }

  /**
   * SQLite's busy handler for one session's connection: waits for the stripe's next release, for at
   * most the connection's busy timeout per statement, and not at all while the session runs where
   * it must not block.
   */
  static final class Waiter extends BusyHandler {
    private final Stripe stripe;
    private final long timeoutNanos;

    /** Off while the session runs on a thread that must not block: SQLite then fails at once. */
    private boolean mayWait = true;

    private long startNanos;
    private long seen;

    private Waiter(Stripe stripe, long timeoutNanos) {
      this.stripe = stripe;
      this.timeoutNanos = timeoutNanos;
    }

    /** Installs a waiter on {@code connection}, replacing SQLite's busy timeout handler. */
    static Waiter install(SQLiteConnection connection, Stripe stripe) {
      Waiter waiter =
          new Waiter(stripe, TimeUnit.MILLISECONDS.toNanos(connection.getBusyTimeout()));
      try {
        BusyHandler.setHandler(connection, waiter);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot install SQLite's busy handler", e);
      }
      return waiter;
    }

    void mayWait(boolean mayWait) {
      this.mayWait = mayWait;
    }

    /**
     * Called by SQLite on the thread whose statement found the lock taken.
     *
     * @param tries how often this handler was called for the same lock attempt before
     * @return non-zero to try again, zero to fail the statement with SQLITE_BUSY
     */
    @Override
    protected int callback(int tries) {
      if (!mayWait || timeoutNanos == 0) {
        return 0;
      }
      long now = System.nanoTime();
      if (tries == 0) {
        // Try once more at once: a release between SQLite's try and this read moves the count.
        startNanos = now;
        seen = stripe.releases();
        return 1;
      }
      long left = timeoutNanos - (now - startNanos);
      if (left <= 0) {
        return 0;
      }
      try {
        seen = stripe.awaitRelease(seen, Math.min(left, POLL_NANOS));
        return 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }
}
