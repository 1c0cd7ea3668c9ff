/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConnection;

/**
 * A session's write fence that also makes the tenant's WAL start over when a commit's sync found it
 * outgrown ({@link io.rhizome.node.store.WalSync}): the session checkpoints in SQLite's {@code
 * RESTART} mode on its own connection, right after the commit.
 *
 * <p>Why that mode: SQLite's checkpoint after a commit copies back only the frames no reader still
 * needs and never waits, and the log starts over only when a writer finds every frame copied back
 * and nobody reading it. Writers of one tenant that overlap (each reads the database before it
 * writes) leave neither moment, and the log grows without end, each commit past the checkpoint size
 * paying for another short checkpoint. {@code RESTART} takes the write lock, waits for the readers
 * of older frames, copies everything back and waits for the log to be free, so the next writer
 * starts it over.
 *
 * <p>It waits through the session's busy handler for at most {@link #MAX_WAIT_NANOS}: the tenant's
 * writers wait behind it meanwhile, so a long reader (a large result streaming to a slow client)
 * stalls them no longer than that; the checkpoint then gives up and the next outgrown sync tries
 * again. On a thread that must not block it does not wait at all. One session of a tenant at a time
 * checkpoints, in this process.
 */
final class CheckpointingFence implements WriteFence {
  /** The longest the checkpoint waits for the tenant's writer and readers. */
  static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** Files being checkpointed now, by their URL: one checkpoint of a file at a time. */
  private static final Set<String> RUNNING = ConcurrentHashMap.newKeySet();

  private final WriteFence fence;
  private final SQLiteConnection connection;
  private final WriterWakeups.Waiter waiter;
  private final WriterWakeups.Database writers;

  CheckpointingFence(
      WriteFence fence,
      SQLiteConnection connection,
      WriterWakeups.Waiter waiter,
      WriterWakeups.Database writers) {
    this.fence = fence;
    this.connection = connection;
    this.waiter = waiter;
    this.writers = writers;
  }

  @Override
  public void check() throws FencedException {
    fence.check();
  }

  @Override
  public boolean commitsWait() {
    return fence.commitsWait();
  }

  /**
   * Passes the commit on, then checkpoints if the WAL outgrew its size; never asks the caller to.
   */
  @Override
  public boolean committed() throws FencedException {
    if (fence.committed()) {
      restart();
    }
    return false;
  }

  private void restart() {
    String file = connection.getUrl();
    if (!RUNNING.add(file)) {
      return;
    }
    waiter.bound(MAX_WAIT_NANOS);
    try (java.sql.Statement checkpoint = connection.createStatement()) {
      checkpoint.execute("PRAGMA wal_checkpoint(RESTART)");
    } catch (SQLException e) {
      // Interrupted (a cancel, a timeout) or the connection has a statement open: next time.
    } finally {
      waiter.bound(0);
      RUNNING.remove(file);
      // Writers that queued behind its write lock go on now, not at their next poll.
      writers.released();
    }
  }
}
