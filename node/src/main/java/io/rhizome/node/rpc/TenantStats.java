/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one tenant did on this node since the node started, for the console's SHOW TENANT STATS (the
 * per-tenant figures that must not become metric labels). One record per tenant, found once when a
 * session opens and then updated by that session's {@link StatementTally} with plain counters:
 * several sessions of one tenant run on different workers at once.
 */
public final class TenantStats {
  private final String tenant;
  private final LongAdder statements = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder requestNanos = new LongAdder();
  private final LongAdder rows = new LongAdder();
  private final LongAdder bytes = new LongAdder();

  /** {@link System#nanoTime()} when its last request ended; 0 before the first. */
  private volatile long lastActiveNanos;

  TenantStats(String tenant) {
    this.tenant = tenant;
  }

  void statement() {
    statements.increment();
  }

  void error() {
    statements.increment();
    errors.increment();
  }

  void rows(int count, int size) {
    rows.add(count);
    bytes.add(size);
  }

  void requestFinished(long nanos, long endNanos) {
    requestNanos.add(nanos);
    lastActiveNanos = endNanos;
  }

  /**
   * The figures as of now.
   *
   * @param nowNanos {@link System#nanoTime()} now
   * @param nowUnixMs wall-clock milliseconds now, to turn the last activity into a timestamp
   */
  public Snapshot snapshot(long nowNanos, long nowUnixMs) {
    long last = lastActiveNanos;
    return new Snapshot(
        tenant,
        statements.sum(),
        errors.sum(),
        requestNanos.sum(),
        rows.sum(),
        bytes.sum(),
        last == 0 ? 0 : nowUnixMs - (nowNanos - last) / 1_000_000);
  }

  /**
   * One tenant's figures.
   *
   * @param statements statements run (completed or failed)
   * @param errors statements that failed
   * @param nanos time its requests took, from arrival to Ready
   * @param rows result rows sent
   * @param bytes size of those rows as sent to the gateway
   * @param lastActiveUnixMs when its last request ended; 0 when none has since the node started
   */
  public record Snapshot(
      String tenant,
      long statements,
      long errors,
      long nanos,
      long rows,
      long bytes,
      long lastActiveUnixMs) {}
}
