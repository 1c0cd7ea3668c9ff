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
 * <p>Counting requests in flight is not enough where the thread is a gateway client loop
 * (standalone): while it sits in one session's fsync, the requests of its other sessions wait
 * unread in their sockets, so each is found alone when it is finally read, and the loop's sessions
 * end up taking turns at the disk. There a thread also counts as shared for {@link
 * #MIXED_WINDOW_NANOS} after two different sessions delivered requests within that window of each
 * other: busy sessions sharing a loop keep it shared, and one busy session among idle pooled
 * connections keeps its writes on the loop (a worker hand-off costs a lone 1-client update about a
 * third of its rate: 7k against 11k a second). Measured standalone, 8 clients on 8 tenants (4 per
 * loop), A/B with PostgreSQL in the same run: 20.7k -> 25.5k updates and 24.0k -> 29.6k inserts a
 * second. Not on a node's session-frame loops: there the same rule cost a cluster 24.3k -> 18.0k
 * inserts (58 -> 82 us of CPU per write), its 8-tenant writes being CPU-bound and its inline fsyncs
 * already spread over both nodes' loops.
 *
 * <p>Per thread of the process, not per node: the thread is what the sessions share. Counters are
 * made on first use and live as long as their thread; the delivering threads are a fixed set.
 */
final class LoopLoads {
  /**
   * How close together two sessions' requests on one thread make it shared, and for how long after.
   * Longer than a slow fsync, so sessions that would queue behind one another's are caught; short
   * enough that a thread whose other sessions went quiet is soon lone again.
   */
  static final long MIXED_WINDOW_NANOS = 10_000_000L;

  private static final ThreadLocal<Load> LOADS = ThreadLocal.withInitial(Load::new);

  private LoopLoads() {}

  /**
   * Counts one more session on the calling thread, until {@link Load#leave()}, and notes which
   * session delivered a request when.
   *
   * @param session the delivering session (compared by identity)
   * @param clientLoop whether the thread is a gateway client loop, where sessions taking turns
   *     count as sharing it
   */
  static Load enter(Object session, boolean clientLoop) {
    Load load = LOADS.get();
    load.sessions.incrementAndGet();
    if (clientLoop) {
      load.delivered(System.identityHashCode(session), System.nanoTime());
    }
    return load;
  }

  /** The sessions one thread serves; counted from any thread. */
  static final class Load {
    private final AtomicInteger sessions = new AtomicInteger();
    // Confined to the thread: only its own deliveries write them, and only it asks alone().
    private int lastSession;
    // Both start in the past: a new thread is neither mixed nor just delivered to.
    private long lastDelivery = System.nanoTime() - 2 * MIXED_WINDOW_NANOS;
    private long mixedUntil = lastDelivery;

    /**
     * A request of {@code session} was delivered at {@code now}: the thread is shared for a while
     * if another session's request came just before.
     */
    void delivered(int session, long now) {
      if (session != lastSession && now - lastDelivery < MIXED_WINDOW_NANOS) {
        mixedUntil = now + MIXED_WINDOW_NANOS;
      }
      lastSession = session;
      lastDelivery = now;
    }

    /** The session that entered is done with the thread (its request answered, or it ended). */
    void leave() {
      sessions.decrementAndGet();
    }

    /**
     * Whether the thread serves one session only, the caller's own, and has not been taking
     * requests from several sessions lately. Asked on the thread itself.
     */
    boolean alone() {
      return alone(System.nanoTime());
    }

    /** {@link #alone()} as of {@code now}. */
    boolean alone(long now) {
      return sessions.get() == 1 && now - mixedUntil >= 0;
    }

    /** Sessions counted on the thread now. */
    int sessions() {
      return sessions.get();
    }
  }
}
