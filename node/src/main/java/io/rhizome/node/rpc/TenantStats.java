/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

/**
 * What one tenant did on this node since the node started, for the console's SHOW TENANT STATS (the
 * per-tenant figures that must not become metric labels). One record per tenant, found once when a
 * session opens; the sessions count into their own plain counters ({@link StatementTally}), which
 * this record sums when it is read.
 */
public final class TenantStats {
  private final String tenant;
  private final FigureSet figures = new FigureSet();

  /** The shard its last session opened on (where its files are), -1 before the first. */
  private volatile int shard = -1;

  TenantStats(String tenant) {
    this.tenant = tenant;
  }

  FigureSet figures() {
    return figures;
  }

  void openedOn(int shard) {
    this.shard = shard;
  }

  /** The shard its last session opened on, or -1. */
  int shard() {
    return shard;
  }

  /**
   * The figures as of now.
   *
   * @param nowNanos {@link System#nanoTime()} now
   * @param nowUnixMs wall-clock milliseconds now, to turn the last activity into a timestamp
   */
  public Snapshot snapshot(long nowNanos, long nowUnixMs) {
    long last = figures.total(Figures.LAST_END_NANOS);
    return new Snapshot(
        tenant,
        figures.total(Figures.STATEMENTS),
        figures.total(Figures.ERRORS),
        figures.total(Figures.NANOS),
        figures.total(Figures.ROWS),
        figures.total(Figures.BYTES),
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
