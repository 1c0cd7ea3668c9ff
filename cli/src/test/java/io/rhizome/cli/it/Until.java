/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting on a condition that other processes bring about (a watch catching up, a lease running
 * out): the action is repeated until the condition holds or time is up. Each action is a process or
 * network round trip, which paces the loop; there is no sleep.
 */
final class Until {
  private Until() {}

  /** The first result of {@code action} that satisfies {@code done}, within {@code limit}. */
  static Result until(Supplier<Result> action, Predicate<Result> done, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    Result r = action.get();
    while (!done.test(r) && System.nanoTime() < deadline) {
      r = action.get();
    }
    Result last = r;
    assertTrue(done.test(last), () -> "condition not reached within " + limit + ": " + last);
    return last;
  }
}
