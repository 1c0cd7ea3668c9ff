/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.time.Duration;

/**
 * The statement time limit of one session: started when a statement is admitted, read by SQLite's
 * progress handler on whichever worker runs the statement, stopped when the statement ends.
 */
final class StatementClock {
  static final String TIMED_OUT = "canceling statement due to statement timeout";

  private final long timeoutNanos;

  /** When the running statement times out ({@link System#nanoTime()}); meaningless unless armed. */
  private volatile long deadline;

  private volatile boolean armed;

  /**
   * @param timeout {@link Duration#ZERO} for no limit
   */
  StatementClock(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  void start() {
    if (timeoutNanos > 0) {
      deadline = System.nanoTime() + timeoutNanos;
      armed = true;
    }
  }

  void stop() {
    armed = false;
  }

  /**
   * The error to report for a statement that failed: when its time ran out (and no cancel stopped
   * it), SQLite's "interrupted" in Postgres' words. Stops the clock, before the rollback that
   * follows an error, which the expired clock would abort too.
   */
  io.rhizome.proto.Error explain(io.rhizome.proto.Error error, CancelFlag canceling) {
    boolean timedOut =
        expired()
            && !canceling.isSet()
            && io.rhizome.proto.SqlState.QUERY_CANCELED.code().equals(error.getSqlstate());
    stop();
    return timedOut ? error.toBuilder().setMessage(TIMED_OUT).build() : error;
  }

  /** Whether the running statement has used up its time. */
  boolean expired() {
    return armed && System.nanoTime() - deadline >= 0;
  }
}
