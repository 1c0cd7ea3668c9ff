/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class InlineBudgetTest {
  private static final SQLException BUSY = new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY);
  private static final SQLException CONSTRAINT =
      new SQLiteException("constraint", SQLiteErrorCode.SQLITE_CONSTRAINT);

  private long now = 1_000_000_000L;
  private final InlineBudget budget = new InlineBudget(() -> now);

  /** Tries a write on the thread that must not block; the write fails with {@code failure}. */
  private boolean inlineWriteStopsWith(SQLException failure) {
    budget.start(true);
    budget.arm();
    boolean stopped = budget.stopped(failure);
    budget.stop();
    return stopped;
  }

  @Test
  void aSessionThatMetTheWriteLockWritesOnAWorkerForAWhile() {
    budget.start(true);
    assertTrue(budget.writes());
    budget.stop();

    assertTrue(inlineWriteStopsWith(BUSY));
    now += InlineBudget.LOCK_MEMORY_NANOS - 1;
    budget.start(true);
    assertFalse(budget.writes(), "the lock was met just now: the write goes to a worker");
    assertTrue(budget.on(), "reads still run on the thread");
    budget.stop();

    now += 1;
    budget.start(true);
    assertTrue(budget.writes(), "long enough ago: writes run inline again");
    budget.stop();
  }

  @Test
  void onlyALockMetByAnInlineWriteIsRemembered() {
    // A lock met where writes could not run inline (a read) says nothing of the writes.
    budget.start(false);
    budget.arm();
    assertTrue(budget.stopped(BUSY));
    budget.stop();
    budget.start(true);
    assertTrue(budget.writes());
    budget.stop();

    // Another failure is the client's error, not a lock.
    assertFalse(inlineWriteStopsWith(CONSTRAINT));
    budget.start(true);
    assertTrue(budget.writes());
    budget.stop();
  }

  @Test
  void aWriteThatOverranTheBudgetIsNotALock() {
    budget.start(true);
    budget.arm();
    for (int i = 0; i <= InlineBudget.MAX_STEPS; i++) {
      budget.trip();
    }
    assertTrue(budget.stopped(BUSY), "interrupted by the budget: run again on a worker");
    assertTrue(budget.overran());
    budget.stop();
    budget.start(true);
    assertTrue(budget.writes(), "a slow statement is remembered by its text, not as a lock");
    budget.stop();
  }
}
