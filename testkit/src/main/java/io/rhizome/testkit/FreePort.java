/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Finds free loopback ports for test servers. */
public final class FreePort {
  /**
   * Ports handed out by this JVM. The kernel may give the same free port to two binds in a row (it
   * draws a random one each time); a test that picked it twice, say for a server's PostgreSQL and
   * admin listeners, would then find its admin HTTP server where it expected the gateway.
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private static final int MAX_DRAWS = 1000;

  private FreePort() {}

  /** A port that was free on 127.0.0.1 a moment ago, never one this JVM handed out before. */
  public static int pick() {
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      int port = anyFree();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no port not handed out before in " + MAX_DRAWS + " draws");
  }

  private static int anyFree() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
