/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * What the gateway bounds so that one client (or one tenant) cannot exhaust what every client
 * shares.
 *
 * @param maxValueBytes the largest result row (its values together, as the node sends them) a
 *     session will encode for its client; past it the statement fails with 54000. Keep it at least
 *     the nodes' {@code --max-value-bytes}
 * @param authFailureDelay how long a failed password is answered late, doubled for each recent
 *     failure of the same source address or user name (known or not), up to {@link
 *     #MAX_AUTH_FAILURE_DELAY}, as Postgres' auth_delay; zero turns it off
 * @param maxUnauthenticated connections that have not finished authenticating, at once; one more
 *     gets FATAL 53300. Bounds the slots a password guesser or a slow client can hold
 */
public record ClientGuards(int maxValueBytes, Duration authFailureDelay, int maxUnauthenticated) {
  /** As the node's default: 64 MiB, or a sixteenth of the heap when that is smaller. */
  public static final int DEFAULT_MAX_VALUE_BYTES =
      (int) Math.max(1 << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16));

  public static final Duration DEFAULT_AUTH_FAILURE_DELAY = Duration.ofMillis(200);
  public static final Duration MAX_AUTH_FAILURE_DELAY = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_UNAUTHENTICATED = 256;

  public static final ClientGuards DEFAULT =
      new ClientGuards(
          DEFAULT_MAX_VALUE_BYTES, DEFAULT_AUTH_FAILURE_DELAY, DEFAULT_MAX_UNAUTHENTICATED);

  public ClientGuards {
    Objects.requireNonNull(authFailureDelay, "authFailureDelay");
    if (maxValueBytes < 1 || maxUnauthenticated < 1) {
      throw new IllegalArgumentException("maxValueBytes and maxUnauthenticated must be positive");
    }
    if (authFailureDelay.isNegative() || authFailureDelay.compareTo(MAX_AUTH_FAILURE_DELAY) > 0) {
      throw new IllegalArgumentException(
          "authFailureDelay must be in 0.." + MAX_AUTH_FAILURE_DELAY.toMillis() + " ms");
    }
  }
}
