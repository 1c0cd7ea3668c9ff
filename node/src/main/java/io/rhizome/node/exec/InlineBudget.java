/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * How long a request may run on a thread that must not block (a gRPC transport thread, or the
 * gateway's event loop in standalone), and the means to stop a statement that overruns it.
 *
 * <p>Only reads run there (see {@link TenantSession#advance(Outbound, boolean)}). A read that has
 * answered nothing yet is <em>armed</em>: past the budget SQLite's progress handler interrupts it,
 * and it runs again from the start on a worker; nobody saw the first try. Once a statement has
 * answered (its row description went out), it is not stopped: the request moves to a worker at the
 * next batch boundary instead. SQLite's busy wait, which would sleep, is off meanwhile: a read that
 * meets a lock also moves to a worker.
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

  private final SlowTexts slow = new SlowTexts();
  private boolean on;
  private int steps;
  private boolean armed;
  private boolean tripped;

  /** Starts a stretch of work on a thread that must not block. */
  void start() {
    on = true;
    armed = false;
    tripped = false;
    steps = 0;
  }

  /** Ends it: the work goes on where blocking is fine. */
  void stop() {
    on = false;
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
    return tripped
        || (failure instanceof SQLiteException e && isLock(e.getResultCode().code & 0xff));
  }

  private static boolean isLock(int primaryCode) {
    return primaryCode == SQLiteErrorCode.SQLITE_BUSY.code
        || primaryCode == SQLiteErrorCode.SQLITE_LOCKED.code;
  }
}
