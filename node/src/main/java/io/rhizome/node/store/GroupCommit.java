/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes the commits of a tenant durable with as few syncs of its WAL as the disk allows: a commit
 * that finds the WAL being synced waits for that sync to end, and is then covered, with every
 * commit that queued meanwhile, by the next one (group commit).
 *
 * <p>Why: with {@code synchronous = FULL} SQLite syncs the WAL inside COMMIT, while it holds the
 * file's write lock, so the writers of one tenant took turns at the disk: eight clients updating
 * one tenant ran at the rate of one sync after another (docs/benchmarks.md, "Eight clients writing
 * one tenant"). The connections of a shard with one copy now commit with {@code synchronous =
 * NORMAL} (SQLite writes the WAL and releases the lock without syncing), and each commit is
 * acknowledged only once a sync of the WAL that began after the commit was written has ended.
 *
 * <p>Why that is enough: a sync makes durable everything written to the file before it began, and
 * SQLite's WAL is a log whose frames are checked by a running checksum, so after a crash recovery
 * keeps a prefix of the commits: every acknowledged one, and perhaps some that were written but not
 * yet acknowledged. Other sessions may read a commit before it is durable; a session cannot tell
 * that apart from a commit in flight (replicated shards work the same way, docs/replication.md).
 *
 * <p>A failed sync fails every commit it was to cover, even one a later sync would report durable:
 * after a failed {@code fsync} Linux may drop the pages it could not write and report the next sync
 * clean. The commits are in the WAL, visible, and perhaps lost at the next crash: their sessions
 * are told the completion is unknown.
 *
 * <p>Design: state exists per database file only while a commit of it is syncing or waiting, on one
 * of a fixed set of stripes chosen by the file's name (as {@code WriterWakeups}), so nothing per
 * tenant outlives its commits. Thread-safe.
 */
public final class GroupCommit {
  /** One sync of a tenant's WAL, run by the commit that leads a group. */
  @FunctionalInterface
  public interface Sync {
    void run() throws IOException;
  }

  private static final int STRIPES = 64;

  private final Stripe[] stripes = new Stripe[STRIPES];
  private final LongAdder commits = new LongAdder();
  private final LongAdder syncs = new LongAdder();

  public GroupCommit() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /**
   * Returns once a sync of {@code file}'s WAL that began after this call has ended: run by the
   * caller with {@code sync}, or by another commit of the same file. Call it after the commit was
   * written.
   *
   * @param file the database file's path, the same string for every commit of it
   * @return how many commits the sync the caller ran covered, its own included; 0 when another
   *     commit's sync covered it
   * @throws IOException when the sync that was to cover this commit failed
   */
  public int committed(String file, Sync sync) throws IOException {
    commits.increment();
    return stripes[Math.floorMod(file.hashCode(), STRIPES)].committed(file, sync);
  }

  /** Commits made durable here so far. */
  public long commits() {
    return commits.sum();
  }

  /** Syncs run for them: fewer than the commits when commits shared a sync. */
  public long syncs() {
    return syncs.sum();
  }

  /** Commits of {@code file} in flight now (syncing or waiting); for tests. */
  int inFlight(String file) {
    Stripe stripe = stripes[Math.floorMod(file.hashCode(), STRIPES)];
    stripe.lock.lock();
    try {
      File state = stripe.files.get(file);
      return state == null ? 0 : state.members;
    } finally {
      stripe.lock.unlock();
    }
  }

  /** The files of some tenants, and each one's commits in flight. */
  private final class Stripe {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, File> files = new HashMap<>(); // guarded by lock

    int committed(String name, Sync sync) throws IOException {
      File file;
      long through;
      long before;
      lock.lock();
      try {
        file = files.computeIfAbsent(name, n -> new File(lock.newCondition()));
        long mine = ++file.written;
        file.members++;
        while (true) {
          if (file.failedThrough >= mine) {
            leave(name, file);
            throw new IOException("the sync of the WAL this commit was written to failed");
          }
          if (file.synced >= mine) {
            leave(name, file);
            return 0;
          }
          if (!file.syncing) {
            break;
          }
          // A sync takes the disk's time, which no caller could shorten by giving up.
          file.done.awaitUninterruptibly();
        }
        file.syncing = true;
        through = file.written;
        before = Math.max(file.synced, file.failedThrough);
      } finally {
        lock.unlock();
      }
      boolean synced = false;
      try {
        syncs.increment();
        sync.run();
        synced = true;
        return (int) Math.min(Integer.MAX_VALUE, through - before);
      } finally {
        lock.lock();
        try {
          file.syncing = false;
          if (synced) {
            file.synced = through;
          } else {
            file.failedThrough = through;
          }
          file.done.signalAll();
          leave(name, file);
        } finally {
          lock.unlock();
        }
      }
    }

    private void leave(String name, File file) {
      if (--file.members == 0) {
        files.remove(name);
      }
    }
  }

  /**
   * One file's commits in flight, numbered in the order they asked: a sync that began when {@code
   * written} was n covers commits 1 to n. Guarded by the stripe's lock.
   */
  private static final class File {
    final Condition done;
    long written;
    long synced;
    long failedThrough;
    boolean syncing;
    int members;

    File(Condition done) {
      this.done = done;
    }
  }
}
