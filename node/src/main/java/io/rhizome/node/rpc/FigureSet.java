/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import java.util.HashSet;
import java.util.Set;

/**
 * The {@link Figures} of a group of sessions (a tenant's, or the whole node's): the live sessions'
 * own counters plus what closed sessions left. Sessions join when they open and leave when they
 * close, under this set's lock; reading sums under the same lock, so a total never goes backwards
 * (a session's counts move from live to closed atomically) and never counts one twice. Nothing here
 * runs per statement.
 */
public final class FigureSet {
  private final Set<StatementTally> live = new HashSet<>(); // guarded by this
  private final long[] closed = new long[Figures.SIZE]; // guarded by this

  synchronized void add(StatementTally session) {
    live.add(session);
  }

  synchronized void remove(StatementTally session) {
    if (live.remove(session)) {
      for (int i = 0; i < Figures.SIZE; i++) {
        long v = session.read(i);
        closed[i] = i == Figures.LAST_END_NANOS ? Math.max(closed[i], v) : closed[i] + v;
      }
    }
  }

  /**
   * Every figure over every session, live or closed, as of one moment (indexed by {@link Figures}).
   */
  public synchronized long[] totals() {
    long[] sum = closed.clone();
    for (StatementTally session : live) {
      for (int i = 0; i < Figures.SIZE; i++) {
        long v = session.read(i);
        sum[i] = i == Figures.LAST_END_NANOS ? Math.max(sum[i], v) : sum[i] + v;
      }
    }
    return sum;
  }

  /** One figure over every session, live or closed, as of now. */
  public synchronized long total(int figure) {
    long sum = closed[figure];
    for (StatementTally session : live) {
      long v = session.read(figure);
      sum = figure == Figures.LAST_END_NANOS ? Math.max(sum, v) : sum + v;
    }
    return sum;
  }
}
