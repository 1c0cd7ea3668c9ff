/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many sessions each thread that delivers requests serves right now: a session counts on the
 * thread that delivered its current request from delivery until the request's Ready (running,
 * waiting for a statement slot, parked on its client, or gone on to a worker: all of them need that
 * thread again, for their answers or their next steps).
 *
 * <p>Why: a write may run on the delivering thread, fsync included, only while that thread serves
 * no other session (see {@link io.rhizome.node.exec.Venue#LONE_LOOP}). The delivering thread is a
 * gRPC transport event loop, or in standalone the gateway's event loop of the client's connection:
 * every session whose requests it delivers lives on it, and a session that is idle between requests
 * is not counted (its next request, if it comes during the fsync, waits for that one fsync).
 *
 * <p>Per thread of the process, not per node: the thread is what the sessions share. Counters are
 * made on first use and live as long as their thread; the delivering threads are a fixed set.
 */
final class LoopLoads {
  private static final ThreadLocal<Load> LOADS = ThreadLocal.withInitial(Load::new);

  private LoopLoads() {}

  /** Counts one more session on the calling thread, until {@link Load#leave()}. */
  static Load enter() {
    Load load = LOADS.get();
    load.sessions.incrementAndGet();
    return load;
  }

  /** The sessions one thread serves; counted from any thread. */
  static final class Load {
    private final AtomicInteger sessions = new AtomicInteger();

    /** The session that entered is done with the thread (its request answered, or it ended). */
    void leave() {
      sessions.decrementAndGet();
    }

    /** Whether the thread serves one session only: the caller's own. */
    boolean alone() {
      return sessions.get() == 1;
    }

    /** Sessions counted on the thread now. */
    int sessions() {
      return sessions.get();
    }
  }
}
