/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a server process's parts and closes them in reverse start order on SIGTERM / SIGINT, so a
 * gateway stops taking clients before its node goes and a node deregisters before metadata closes.
 */
final class ServerRuntime {
  private static final Logger log = LoggerFactory.getLogger(ServerRuntime.class);

  private final List<AutoCloseable> started = new ArrayList<>();

  /** Registers a started part; it will be closed before every part registered earlier. */
  <T extends AutoCloseable> T add(T part) {
    started.add(part);
    return part;
  }

  /** Closes what was started so far (used when a later part fails to start). */
  void closeAll() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        log.warn("error while stopping {}", started.get(i).getClass().getSimpleName(), e);
      }
    }
    started.clear();
  }

  /** Blocks the calling thread until the JVM is asked to stop, then closes everything. */
  int awaitShutdown(String readyMessage) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down");
                  closeAll();
                  stopped.countDown();
                },
                "rhizome-shutdown"));
    log.info(readyMessage);
    stopped.await();
    return 0;
  }
}
