/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Holds a server process's parts and stops them gracefully on SIGTERM / SIGINT, as PgBouncer and
 * CockroachDB do: {@code /readyz} turns 503 at once; the parts that serve sessions drain in order
 * (the gateway stops accepting and ends each session once it is idle outside a transaction, then
 * the node does the same with its sessions), for at most the shutdown grace; then every part is
 * closed in reverse start order (a node checkpoints its tenants and releases its etcd lease) and
 * the process exits 0. A second signal ends the grace at once.
 */
final class ServerRuntime {
  private static final Logger log = LoggerFactory.getLogger(ServerRuntime.class);

  /** How long closing may take after the grace before the process stops anyway. */
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(60);

  /** Lets sessions finish before the process stops. */
  @FunctionalInterface
  interface Drain {
    void drain(Duration grace, CountDownLatch hurry) throws InterruptedException;
  }

  private final List<AutoCloseable> started = new ArrayList<>();
  private final List<Drain> drains = new ArrayList<>();
  private final List<BooleanSupplier> readiness = new ArrayList<>();
  private volatile boolean serving;
  private volatile boolean stopping;

  /** Registers a started part; it will be closed before every part registered earlier. */
  <T extends AutoCloseable> T add(T part) {
    started.add(part);
    return part;
  }

  /** Registers a part's drain; drains run in registration order. */
  void drainWith(Drain drain) {
    drains.add(drain);
  }

  /** Registers a condition of readiness (every one must hold). */
  void readyWhen(BooleanSupplier condition) {
    readiness.add(condition);
  }

  /** Whether the process takes new sessions: every part is up, none is draining. */
  boolean ready() {
    if (!serving || stopping) {
      return false;
    }
    for (BooleanSupplier condition : readiness) {
      if (!condition.getAsBoolean()) {
        return false;
      }
    }
    return true;
  }

  /** Closes what was started so far (used when a later part fails to start). */
  synchronized void closeAll() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        log.warn("error while stopping {}", started.get(i).getClass().getSimpleName(), e);
      }
    }
    started.clear();
  }

  /**
   * Serves until SIGTERM or SIGINT, then drains for at most {@code grace} and closes everything.
   *
   * @return the exit code: 0
   */
  int awaitShutdown(String readyMessage, Duration grace) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch hurry = new CountDownLatch(1);
    AtomicInteger signals = new AtomicInteger();
    SignalHandler handler =
        signal -> {
          int n = signals.incrementAndGet();
          if (n == 1) {
            log.info("SIG{}: shutting down, grace {} s", signal.getName(), grace.toSeconds());
            stopping = true;
            stop.countDown();
          } else {
            log.info("SIG{} again: ending the grace now", signal.getName());
            hurry.countDown();
          }
        };
    Signal.handle(new Signal("TERM"), handler);
    Signal.handle(new Signal("INT"), handler);
    // Any other way out of the JVM (System.exit elsewhere, SIGHUP) still closes the parts.
    Thread fallback = new Thread(this::closeAll, "rhizome-shutdown");
    Runtime.getRuntime().addShutdownHook(fallback);
    serving = true;
    log.info(readyMessage);
    stop.await();
    startWatchdog(grace);
    long deadline = System.nanoTime() + grace.toNanos();
    for (Drain drain : drains) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      drain.drain(left, hurry);
    }
    closeAll();
    log.info("stopped");
    return 0;
  }

  /** A close that hangs past the grace must not keep the process (and its port) forever. */
  private static void startWatchdog(Duration grace) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                TimeUnit.NANOSECONDS.sleep(grace.plus(CLOSE_BOUND).toNanos());
              } catch (InterruptedException e) {
                return;
              }
              log.error("shutdown took longer than the grace plus {} s: halting", CLOSE_BOUND);
              Runtime.getRuntime().halt(1);
            },
            "rhizome-shutdown-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
