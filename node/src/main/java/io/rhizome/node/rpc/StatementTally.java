/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.SessionResponse;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counts one session's requests from the responses they send, into plain counters of its own
 * ({@link Figures}): the session writes them from one thread at a time (its lane), so no atomic
 * instruction is needed, and readers (a scrape, SHOW TENANT STATS) sum them with every other live
 * session's through {@link FigureSet}, the latency histogram's buckets included. On the per-query
 * path: one switch per response, plain adds and two clock reads per request; no atomic instruction,
 * no call out. When the session closes its counts are folded into its tenant's and the node's
 * totals.
 */
final class StatementTally {
  private static final VarHandle AT = MethodHandles.arrayElementVarHandle(long[].class);

  /** Before a session is open: counts nothing. */
  static final StatementTally NONE = new StatementTally(null, null, null);

  private final long[] counts = new long[Figures.SIZE];
  private final FigureSet node;
  private final TenantStats tenant;
  private final SlowStatements slow;

  /** {@link System#nanoTime()} when the current request arrived; 0 between requests. */
  private long startNanos;

  private boolean failed;

  StatementTally(FigureSet node, TenantStats tenant, SlowStatements slow) {
    this.node = node;
    this.tenant = tenant;
    this.slow = slow;
    if (tenant != null) {
      node.add(this);
      tenant.figures().add(this);
    }
  }

  /** A request arrived (before it waits for a statement slot). */
  void started() {
    if (tenant != null) {
      startNanos = System.nanoTime();
      failed = false;
    }
  }

  /** A response of the current request goes out. */
  void answered(SessionResponse response) {
    if (tenant == null) {
      return;
    }
    switch (response.getKindCase()) {
      case ROWS -> {
        RowBatch batch = response.getRows();
        add(Figures.ROWS, EncodedRows.count(batch));
        // Memoized by protobuf: gRPC asks for the same size when it writes the response.
        add(Figures.BYTES, batch.getSerializedSize());
      }
      case COMMAND_COMPLETE -> {
        add(Figures.STATEMENTS, 1);
        add(Figures.kind(Figures.Kind.of(response.getCommandComplete().getTag())), 1);
      }
      case ERROR -> {
        failed = true;
        String sqlstate = response.getError().getSqlstate();
        add(Figures.STATEMENTS, 1);
        add(Figures.ERRORS, 1);
        add(Figures.errorClass(sqlstate), 1);
        if (Figures.isBusyTimeout(sqlstate)) {
          add(Figures.BUSY_TIMEOUTS, 1);
        }
      }
      case READY -> finished();
      default -> {}
    }
  }

  /** The session closed: its counts go into its tenant's and the node's totals. */
  void close() {
    if (tenant != null) {
      tenant.figures().remove(this);
      node.remove(this);
    }
  }

  /** One count, as of now; any thread. */
  long read(int figure) {
    return (long) AT.getOpaque(counts, figure);
  }

  private void add(int figure, long n) {
    // Single writer: a plain read of its own last write, published without a fence.
    AT.setOpaque(counts, figure, counts[figure] + n);
  }

  private void finished() {
    if (startNanos == 0) {
      return;
    }
    long end = System.nanoTime();
    long nanos = end - startNanos;
    startNanos = 0;
    add(Figures.REQUESTS, 1);
    if (failed) {
      add(Figures.REQUESTS_FAILED, 1);
    }
    add(Figures.NANOS, nanos);
    add(Figures.latencyBucket(nanos), 1);
    AT.setOpaque(counts, Figures.LAST_END_NANOS, end);
    if (nanos >= slow.thresholdNanos()) {
      slow.report(nanos);
    }
  }
}
