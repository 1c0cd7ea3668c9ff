/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology's one background thread, shared by cache reloads and node re-registrations: both
 * retry against a store that may be unreachable, so both back off the same way.
 */
final class RetryScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(RetryScheduler.class);

  private static final long BACKOFF_START_MS = 100;
  private static final long BACKOFF_MAX_MS = 5_000;

  /**
   * How long close waits for a running reload or re-registration. Their store calls end on the
   * interrupt, so this is only slack; the scheduler's thread is a daemon either way.
   */
  private static final long SCHEDULER_STOP_MS = 1_000;

  private final ScheduledExecutorService scheduler;

  RetryScheduler(String clusterName) {
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rhizome-topology-" + clusterName);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code task} at once for attempt 0, else after the backoff for {@code attempt}.
   *
   * @throws RejectedExecutionException once {@link #stop()} has begun
   */
  void schedule(int attempt, Runnable task) {
    long delay = attempt == 0 ? 0 : backoffMillis(attempt);
    scheduler.schedule(task, delay, TimeUnit.MILLISECONDS);
  }

  /** Drops pending work, interrupts running work and waits for it a bounded time. */
  void stop() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(SCHEDULER_STOP_MS, TimeUnit.MILLISECONDS)) {
        LOG.warn("topology scheduler did not stop within {} ms", SCHEDULER_STOP_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long backoffMillis(int attempt) {
    return Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS << Math.min(attempt, 10));
  }
}
