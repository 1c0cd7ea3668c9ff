/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import java.util.ArrayDeque;

/**
 * The node-wide bound on requests (a Query, or an extended-query run) in progress at once, with a
 * bounded queue of requests waiting for a slot. A request holds its slot from its start until its
 * Ready, parked on a slow client included: that is when it holds SQLite statements and snapshots.
 *
 * <p>Nothing ever blocks here: a request that has to wait leaves a callback, run (on the thread
 * that frees a slot) when its turn comes; the callback only hands work to the session's executor.
 * Past the queue the request is refused at once.
 */
final class StatementGate {
  enum Entry {
    /** The request holds a slot: run it, then {@link #leave()}. */
    RUN,
    /** The request waits; its callback runs once it holds a slot. */
    QUEUED,
    /** Slots and queue are full: refuse the request. */
    FULL
  }

  private final int maxRunning;
  private final int maxQueued;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>(); // guarded by this
  private int running; // guarded by this

  /**
   * @param maxRunning requests in progress at once
   * @param maxQueued requests waiting for a slot at once; 0 refuses any request past maxRunning
   */
  StatementGate(int maxRunning, int maxQueued) {
    if (maxRunning < 1 || maxQueued < 0) {
      throw new IllegalArgumentException("maxRunning must be positive and maxQueued not negative");
    }
    this.maxRunning = maxRunning;
    this.maxQueued = maxQueued;
  }

  /**
   * Takes a slot, or queues {@code onGranted} to be run once the request holds one.
   *
   * @param onGranted must not block; must lead to {@link #leave()} once the request is done
   */
  synchronized Entry enter(Runnable onGranted) {
    if (running < maxRunning) {
      running++;
      return Entry.RUN;
    }
    if (waiting.size() < maxQueued) {
      waiting.addLast(onGranted);
      return Entry.QUEUED;
    }
    return Entry.FULL;
  }

  /**
   * Takes a queued request out of the queue (its session ended).
   *
   * @return false when it was not queued any more: its callback has run or is about to, and it
   *     holds a slot it must {@link #leave()}
   */
  synchronized boolean withdraw(Runnable onGranted) {
    return waiting.removeFirstOccurrence(onGranted);
  }

  /** Frees a slot; the first queued request, if any, takes it over. */
  void leave() {
    Runnable next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) {
        running--;
        return;
      }
    }
    next.run();
  }

  synchronized int running() {
    return running;
  }

  synchronized int queued() {
    return waiting.size();
  }
}
