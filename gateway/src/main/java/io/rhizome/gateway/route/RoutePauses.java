/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Pauses between retries of a misrouted open: exponential from 20 ms, capped at 500 ms, each drawn
 * at random from its upper half ("equal jitter"), so the sessions a move turned away do not come
 * back in lockstep.
 */
final class RoutePauses {
  static final long FIRST_MILLIS = 20;
  static final long MAX_MILLIS = 500;

  private RoutePauses() {}

  /** The pause before retry {@code n} (1 is the first that waits). */
  static long pauseNanos(int n) {
    long ceiling = Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(n - 1, 20));
    long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
