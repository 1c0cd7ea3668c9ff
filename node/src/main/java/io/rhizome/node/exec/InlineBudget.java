/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * How long a request may run on a thread that must not block (a gRPC transport thread, or the
 * gateway's event loop in standalone), and the means to stop a statement that overruns it.
 *
 * <p>Reads run there, and on a thread that serves no other active session also auto-commit writes
 * and COMMIT (see {@link TenantSession#advance(Outbound, Venue)}). A statement that has answered
 * nothing yet is <em>armed</em>: past the budget SQLite's progress handler interrupts it, and it
 * runs again from the start on a worker; nobody saw the first try. For an auto-commit write that
 * holds too: the statement is its own transaction, and SQLite rolls an interrupted one back whole,
 * so the first try left nothing in the file or the WAL that anyone can see (the commit, and its
 * fsync, come only after the statement's last step, where the handler is no longer called). Once a
 * statement has answered (its row description went out), it is not stopped: the request moves to a
 * worker at the next batch boundary instead. SQLite's busy wait, which would sleep, is off
 * meanwhile: a statement that meets a lock also moves to a worker and runs again from its start.
 *
 * <p>Confined to the thread running the session, like the session; the progress handler runs on
 * that thread too.
 */
final class InlineBudget {
  /**
   * Calls of SQLite's progress handler (one per {@link TenantSession#PROGRESS_INTERVAL} virtual
   * machine steps) a request may take on a thread that must not block: about 10,000 steps, tens to
   * a few hundred microseconds. Counted in steps, not time, so that a thread preempted on a busy
   * machine does not make a quick statement look slow.
   */
  static final int MAX_STEPS = 10;

  /**
   * How long a session that met its tenant's write lock on such a thread writes on a worker instead
   * (reads still run there). Where several sessions write one tenant the lock is mostly taken, and
   * every try to write inline would fail, be rolled back and run again on a worker: about 30 us
   * spent for nothing per write (docs/benchmarks.md, "More client loops in standalone").
   */
  static final long LOCK_MEMORY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final SlowTexts slow = new SlowTexts();
  private final LongSupplier clock;
  private boolean on;
  private boolean writes;
  private boolean lockMet;
  private long lockMetAt;
  private int steps;
  private boolean armed;
  private boolean tripped;

  InlineBudget() {
    this(System::nanoTime);
  }

  /** With a clock of nanoseconds to time the memory of a lock met (tests step their own). */
  InlineBudget(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * Starts a stretch of work on a thread that must not block.
   *
   * @param writes whether a short auto-commit write or a COMMIT may run there as well; not within
   *     {@link #LOCK_MEMORY_NANOS} of a write that met the tenant's write lock there
   */
  void start(boolean writes) {
    on = true;
    if (lockMet && clock.getAsLong() - lockMetAt >= LOCK_MEMORY_NANOS) {
      lockMet = false;
    }
    this.writes = writes && !lockMet;
    armed = false;
    tripped = false;
    steps = 0;
  }

  /** Ends it: the work goes on where blocking is fine. */
  void stop() {
    on = false;
    writes = false;
    armed = false;
  }

  /** Remembers a statement that overran the budget: it starts where blocking is fine next time. */
  void markSlow(String sql) {
    slow.add(sql);
  }

  /** Whether a statement overran the budget before. */
  boolean slow(String sql) {
    return slow.contains(sql);
  }

  /** Whether work runs on a thread that must not block. */
  boolean on() {
    return on;
  }

  /**
   * Whether an auto-commit write or a COMMIT may run on this thread although it must not block: it
   * serves no other session now, and the session's commits wait for nobody but the disk.
   */
  boolean writes() {
    return on && writes;
  }

  /** A statement starts that may be stopped and run again, since it has answered nothing. */
  void arm() {
    armed = on;
    tripped = false;
  }

  /** The statement answered: from now on it is not stopped. */
  void disarm() {
    armed = false;
  }

  /** For SQLite's progress handler: counts the steps; whether to interrupt the armed statement. */
  boolean trip() {
    if (!on || ++steps <= MAX_STEPS || !armed) {
      return false;
    }
    tripped = true;
    return true;
  }

  /**
   * Whether the armed statement was stopped because it overran the budget, not because it met a
   * lock: only then is its text remembered as slow (a lock is another session's doing, and gone
   * soon).
   */
  boolean overran() {
    return tripped;
  }

  /** Whether the budget is used up (checked between batches and statements). */
  boolean spent() {
    return on && steps > MAX_STEPS;
  }

  /**
   * Whether {@code failure} of the armed statement means "run it again on a worker" rather than an
   * error for the client: the budget interrupted it, or it met a lock it would have waited for.
   */
  boolean stopped(SQLException failure) {
    if (!armed) {
      return false;
    }
    if (tripped) {
      return true;
    }
    boolean lock = failure instanceof SQLiteException e && isLock(e.getResultCode().code & 0xff);
    if (lock && writes) {
      lockMet = true;
      lockMetAt = clock.getAsLong();
    }
    return lock;
  }

  private static boolean isLock(int primaryCode) {
    return primaryCode == SQLiteErrorCode.SQLITE_BUSY.code
        || primaryCode == SQLiteErrorCode.SQLITE_LOCKED.code;
  }
}
