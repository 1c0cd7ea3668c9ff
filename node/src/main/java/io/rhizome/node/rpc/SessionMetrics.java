/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the node's session streams, for operators and tests. */
public final class SessionMetrics {
  private final LongAdder rowBatchesSent = new LongAdder();
  private final LongAdder flowControlPauses = new LongAdder();
  private final LongAdder requestsQueued = new LongAdder();
  private final LongAdder requestsRefused = new LongAdder();
  private final LongAdder requestsInline = new LongAdder();
  private final LongAdder requestsMoved = new LongAdder();

  /** Row batches handed to gRPC since the node started. */
  public long rowBatchesSent() {
    return rowBatchesSent.sum();
  }

  /** Times a query parked because its client was not ready for more. */
  public long flowControlPauses() {
    return flowControlPauses.sum();
  }

  /** Requests that waited for a statement slot since the node started. */
  public long requestsQueued() {
    return requestsQueued.sum();
  }

  /** Requests refused (53000) because the statement slots and their queue were full. */
  public long requestsRefused() {
    return requestsRefused.sum();
  }

  /**
   * Requests answered entirely on the thread that delivered them (reads within the inline budget,
   * and short writes on a thread that served no other session; see {@link SessionLane}).
   */
  public long requestsInline() {
    return requestsInline.sum();
  }

  /**
   * Requests that went on on a worker: a write (or COMMIT) that could not stay, DDL, a statement
   * that overran the budget or met a lock.
   */
  public long requestsMoved() {
    return requestsMoved.sum();
  }

  void inline() {
    requestsInline.increment();
  }

  void moved() {
    requestsMoved.increment();
  }

  void queued() {
    requestsQueued.increment();
  }

  void refused() {
    requestsRefused.increment();
  }

  void batchSent() {
    rowBatchesSent.increment();
  }

  void paused() {
    flowControlPauses.increment();
  }
}
