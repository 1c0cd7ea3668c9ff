/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Pauses between retries of a misrouted open: exponential from 20 ms, capped at 500 ms, each drawn
 * at random from its upper half ("equal jitter"), so the sessions a move turned away do not come
 * back in lockstep. A statement refused because its shard is frozen waits less: a freeze lasts a
 * few hundred milliseconds, so its pauses start at 10 ms and stop growing at 50 ms (a retry is one
 * cheap session open on the source).
 */
final class RoutePauses {
  static final long FIRST_MILLIS = 20;
  static final long MAX_MILLIS = 500;
  static final long FROZEN_FIRST_MILLIS = 10;
  static final long FROZEN_MAX_MILLIS = 200;

  private RoutePauses() {}

  /** The pause before retry {@code n} (1 is the first that waits). */
  static long pauseNanos(int n) {
    return jittered(Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(n - 1, 20)));
  }

  /** The pause before retry {@code n} (from 1) of a statement refused by a frozen shard. */
  static long frozenPauseNanos(int n) {
    return jittered(Math.min(FROZEN_MAX_MILLIS, FROZEN_FIRST_MILLIS << Math.min(n - 1, 20)));
  }

  private static long jittered(long ceiling) {
    long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
