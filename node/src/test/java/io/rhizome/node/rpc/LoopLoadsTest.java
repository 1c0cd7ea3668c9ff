/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a delivering thread may run a session's write itself: alone, and not lately shared. */
class LoopLoadsTest {
  // Counters are per thread: each test delivers on a thread of its own.
  private final ExecutorService thread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    thread.shutdownNow();
  }

  private <T> T onThread(java.util.function.Supplier<T> work) throws Exception {
    return CompletableFuture.supplyAsync(work, thread).get();
  }

  @Test
  void oneSessionDeliveringAgainAndAgainKeepsTheThreadLone() throws Exception {
    Object session = new Object();
    assertTrue(
        onThread(
            () -> {
              boolean lone = true;
              for (int i = 0; i < 5; i++) {
                LoopLoads.Load load = LoopLoads.enter(session, true);
                lone &= load.alone();
                load.leave();
              }
              return lone;
            }));
  }

  @Test
  void twoSessionsInFlightShareTheThread() throws Exception {
    assertFalse(
        onThread(
            () -> {
              LoopLoads.Load first = LoopLoads.enter(new Object(), true);
              LoopLoads.Load second = LoopLoads.enter(new Object(), true);
              assertEquals(2, second.sessions());
              boolean lone = second.alone();
              first.leave();
              second.leave();
              return lone;
            }));
  }

  @Test
  void sessionsTakingTurnsShareTheThreadUntilTheOthersGoQuiet() throws Exception {
    Object a = new Object();
    Object b = new Object();
    onThread(
        () -> {
          LoopLoads.enter(a, true).leave();
          // b's request came right after a's had ended: a was not in flight, yet it is busy.
          LoopLoads.Load load = LoopLoads.enter(b, true);
          long now = System.nanoTime();
          assertFalse(load.alone(now), "shared right after another session's request");
          assertFalse(
              load.alone(now + LoopLoads.MIXED_WINDOW_NANOS / 2), "still within the window");
          assertTrue(
              load.alone(now + 2 * LoopLoads.MIXED_WINDOW_NANOS), "lone once the others are quiet");
          load.leave();
          return null;
        });
  }

  @Test
  void onOtherLoopsOnlyRequestsInFlightCount() throws Exception {
    assertTrue(
        onThread(
            () -> {
              LoopLoads.enter(new Object(), false).leave();
              LoopLoads.Load load = LoopLoads.enter(new Object(), false);
              boolean lone = load.alone();
              load.leave();
              return lone;
            }));
  }
}
