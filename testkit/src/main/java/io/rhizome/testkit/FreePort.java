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

  /**
   * The forks of one module's tests run side by side (failsafe's ITs; see the parent pom), each
   * with its own {@link #HANDED_OUT}: a port one fork picked and has not bound yet is free for the
   * other to pick too. So fork N of F takes only ports P with (P / 2) mod F = N - 1: halved,
   * because Linux hands out odd ports to binds (even ones are kept for connects), so P mod 2 would
   * leave one fork none. The forks' numbers come from the parent pom's argLine. Outside Maven's
   * forks: one share.
   */
  private static final int FORKS = Math.max(1, Integer.getInteger("rhizome.test.forks", 1));

  private static final int FORK = Integer.getInteger("rhizome.test.fork", 1);

  private FreePort() {}

  /**
   * A port that was free on 127.0.0.1 a moment ago, never one this JVM handed out before, and in
   * this fork's share.
   */
  public static int pick() {
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      int port = anyFree();
      if (Math.floorMod(port / 2, FORKS) == Math.floorMod(FORK - 1, FORKS)
          && HANDED_OUT.add(port)) {
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
