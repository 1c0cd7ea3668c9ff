/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.proto.RowBatch;
import io.rhizome.proto.SessionResponse;

/**
 * Counts one session's requests from the responses they send: the node's meters ({@link
 * NodeMetrics}), the tenant's {@link TenantStats} and the slow-statement log. One per session,
 * confined to the session's serial executor like the session itself; on the per-query path it reads
 * the clock twice per request and touches only meters and counters resolved when the session
 * opened.
 */
final class StatementTally {
  /** Before a session is open: counts nothing. */
  static final StatementTally NONE = new StatementTally(NodeMetrics.NONE, null, null);

  private final NodeMetrics metrics;
  private final TenantStats tenant;
  private final SlowStatements slow;

  /** {@link System#nanoTime()} when the current request arrived; 0 between requests. */
  private long startNanos;

  private boolean failed;

  StatementTally(NodeMetrics metrics, TenantStats tenant, SlowStatements slow) {
    this.metrics = metrics;
    this.tenant = tenant;
    this.slow = slow;
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
        // Memoized by protobuf: gRPC asks for the same size when it writes the response.
        int bytes = batch.getSerializedSize();
        metrics.rowsSent(batch.getRowsCount(), bytes);
        tenant.rows(batch.getRowsCount(), bytes);
      }
      case COMMAND_COMPLETE -> {
        metrics.statementCompleted(response.getCommandComplete().getTag());
        tenant.statement();
      }
      case ERROR -> {
        failed = true;
        metrics.statementFailed(response.getError().getSqlstate());
        tenant.error();
      }
      case READY -> finished();
      default -> {}
    }
  }

  private void finished() {
    if (startNanos == 0) {
      return;
    }
    long end = System.nanoTime();
    long nanos = end - startNanos;
    startNanos = 0;
    metrics.requestFinished(nanos, failed);
    tenant.requestFinished(nanos, end);
    if (nanos >= slow.thresholdNanos()) {
      slow.report(nanos);
    }
  }
}
