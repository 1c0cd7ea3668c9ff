/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConnection;

/**
 * Wakes a session that waits for a tenant's write lock as soon as a session of the same tenant ends
 * a write, instead of SQLite's own busy handler, which sleeps 1, 2, 5, 10, ... up to 100 ms between
 * tries whatever the holder does.
 *
 * <p>Why: SQLite lets one writer at a time into a database. With its sleeping handler a session
 * that writes in a loop takes the lock again a round trip after it released it, while a waiter is
 * still asleep: under contention most waiters' time was sleep (8 clients writing one tenant ran at
 * a fraction of one writer's rate) and a waiter could lose to a busy neighbour for the whole busy
 * timeout. A waiter woken when the lock is released retries within microseconds, well before the
 * releasing client's next statement arrives, so writers take turns roughly in order.
 *
 * <p>Design: waiters and releasers meet on one of a fixed set of stripes chosen by the database
 * file's name, so nothing per tenant is created or cleaned up. A release wakes one waiter: the
 * longest-waiting one of the same file (a waiter of another file on the stripe is left asleep), and
 * the one woken always tries again, so it either takes the lock, and will release it and wake the
 * next, or finds it taken by a writer that will; a waiter woken in vain waits at the head of the
 * queue again. Waking all of them instead (as this class first did) cost 14 context switches per
 * write at eight writers of one tenant, for one winner. A release also bumps the stripe's counter,
 * and a waiter retries at once when the counter moved since its previous try, so a release between
 * SQLite's failed try and the wait is not missed. Holders that end a write without telling (a
 * checkpoint, a move's copier, a backup) are covered by waiting at most {@link #POLL_NANOS} before
 * trying again.
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

  /** The writers of the database {@code connection} is open on. */
  Database database(SQLiteConnection connection) {
    String file = connection.getUrl();
    return new Database(stripes[Math.floorMod(file.hashCode(), STRIPES)], file);
  }

  /** Where the writers of one database file wait and are woken. */
  static final class Database {
    private final Stripe stripe;
    private final String file;

    Database(Stripe stripe, String file) {
      this.stripe = stripe;
      this.file = file;
    }

    /** A session ended a write (or a transaction that may have written): wake one waiter. */
    void released() {
      stripe.released(file);
    }

    /** A place in the queue for one session's waits. */
    Stripe.Waiting waiting() {
      return stripe.new Waiting(file);
    }
  }

  /** The waiters of some databases, and the count of their releases. */
  static final class Stripe {
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Waiting> queue = new ArrayDeque<>(); // guarded by lock
    private long releases; // guarded by lock

    /** Wakes the longest-waiting waiter of {@code file}, if any. */
    void released(String file) {
      lock.lock();
      try {
        releases++;
        wakeOne(file);
      } finally {
        lock.unlock();
      }
    }

    long releases() {
      lock.lock();
      try {
        return releases;
      } finally {
        lock.unlock();
      }
    }

    /** Waiters queued now; for tests. */
    int waiting() {
      lock.lock();
      try {
        return queue.size();
      } finally {
        lock.unlock();
      }
    }

    private void wakeOne(String file) {
      for (Iterator<Waiting> it = queue.iterator(); it.hasNext(); ) {
        Waiting waiting = it.next();
        if (waiting.file.equals(file)) {
          it.remove();
          waiting.woken = true;
          waiting.wake.signal();
          return;
        }
      }
    }

    /** One session's place among the waiters: a condition of its own, so it alone is woken. */
    final class Waiting {
      private final String file;
      private final Condition wake = lock.newCondition();
      private boolean woken; // guarded by lock

      private Waiting(String file) {
        this.file = file;
      }

      /** The stripe's release count. */
      long releases() {
        return Stripe.this.releases();
      }

      /** A new lock attempt begins: it queues at the back. */
      void begin() {
        lock.lock();
        try {
          woken = false;
        } finally {
          lock.unlock();
        }
      }

      /**
       * Waits until a release of its file wakes it, or {@code maxNanos}; returns at once when the
       * stripe saw a release after {@code seen}. A waiter woken before that then failed to take the
       * lock queues at the head again: it keeps its turn.
       *
       * @return the release count when it returned
       */
      long awaitRelease(long seen, long maxNanos) throws InterruptedException {
        lock.lock();
        try {
          if (releases != seen) {
            return releases;
          }
          if (woken) {
            queue.addFirst(this);
          } else {
            queue.addLast(this);
          }
          woken = false;
          long left = maxNanos;
          try {
            while (!woken && left > 0) {
              left = wake.awaitNanos(left);
            }
          } catch (InterruptedException e) {
            if (woken) {
              wakeOne(file); // it will not try again: the next waiter does
            }
            throw e;
          } finally {
            if (!woken) {
              queue.remove(this);
            }
          }
          return releases;
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /**
   * SQLite's busy handler for one session's connection: waits to be woken by a release of its
   * database, for at most the connection's busy timeout per statement, and not at all while the
   * session runs where it must not block.
   */
  static final class Waiter extends BusyHandler {
    private final Stripe.Waiting waiting;
    private final long timeoutNanos;

    /** Off while the session runs on a thread that must not block: SQLite then fails at once. */
    private boolean mayWait = true;

    /** A shorter wait than the busy timeout for the statements run meanwhile; 0 for none. */
    private long boundNanos;

    private long startNanos;
    private long seen;

    private Waiter(Stripe.Waiting waiting, long timeoutNanos) {
      this.waiting = waiting;
      this.timeoutNanos = timeoutNanos;
    }

    /** Installs a waiter on {@code connection}, replacing SQLite's busy timeout handler. */
    static Waiter install(SQLiteConnection connection, Database database) {
      Waiter waiter =
          new Waiter(
              database.waiting(), TimeUnit.MILLISECONDS.toNanos(connection.getBusyTimeout()));
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

    /** Waits at most {@code nanos} per statement from now on, or the busy timeout again if 0. */
    void bound(long nanos) {
      this.boundNanos = nanos;
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
        waiting.begin();
        seen = waiting.releases();
        return 1;
      }
      long limit = boundNanos > 0 ? Math.min(boundNanos, timeoutNanos) : timeoutNanos;
      long left = limit - (now - startNanos);
      if (left <= 0) {
        return 0;
      }
      try {
        seen = waiting.awaitRelease(seen, Math.min(left, POLL_NANOS));
        return 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }
}
