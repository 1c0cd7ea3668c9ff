/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Backoff after failed passwords, per source address and per user name, in the spirit of Postgres'
 * auth_delay: a failure is answered after a delay that doubles with each recent failure of the same
 * source or the same user (whichever has more), up to a cap. A user name that does not exist is
 * counted like one that does, so the delay tells nothing about which names exist.
 *
 * <p>Failures are forgotten a while after the last one, and at most {@link #MAX_TRACKED} sources
 * and users are remembered (the least recently failing are dropped first), so the bookkeeping is
 * bounded whatever a flood of guesses looks like. Thread-safe.
 */
public final class AuthThrottle {
  /** Sources and user names remembered at once. */
  static final int MAX_TRACKED = 10_000;

  /** A source or user without a failure for this long starts again from the base delay. */
  static final Duration MEMORY = Duration.ofMinutes(1);

  /** Doublings at most: the base delay times 2^6 before the cap. */
  private static final int MAX_DOUBLINGS = 6;

  private final Duration base;
  private final Duration cap;
  private final LongSupplier nanoTime;
  private final Map<String, Failures> recent =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  private static final class Failures {
    int count;
    long lastNanos;
  }

  /**
   * @param base the delay after a first failure; zero turns the throttle off
   * @param cap the longest delay
   */
  public AuthThrottle(Duration base, Duration cap) {
    this(base, cap, System::nanoTime);
  }

  AuthThrottle(Duration base, Duration cap, LongSupplier nanoTime) {
    this.base = base;
    this.cap = cap;
    this.nanoTime = nanoTime;
  }

  /** No delay at all. */
  public static AuthThrottle off() {
    return new AuthThrottle(Duration.ZERO, Duration.ZERO);
  }

  /**
   * Records a failed password of {@code user} (of {@code database}) from {@code source} and returns
   * how long to wait before answering it.
   */
  public Duration failed(String source, String database, String user) {
    if (base.isZero()) {
      return Duration.ZERO;
    }
    long now = nanoTime.getAsLong();
    int count;
    synchronized (recent) {
      count =
          Math.max(record("source:" + source, now), record("user:" + database + "/" + user, now));
    }
    Duration delay = base.multipliedBy(1L << Math.min(count - 1, MAX_DOUBLINGS));
    return delay.compareTo(cap) > 0 ? cap : delay;
  }

  /**
   * Whether neither {@code source} nor {@code user} (of {@code database}) has failed a password
   * lately: such sign-ins get the extras that cost the cluster work before the password is known
   * (the gateway asks the node to warm the tenant). Always true with the throttle off.
   */
  public boolean quiet(String source, String database, String user) {
    if (base.isZero()) {
      return true;
    }
    long now = nanoTime.getAsLong();
    synchronized (recent) {
      return !failing("source:" + source, now) && !failing("user:" + database + "/" + user, now);
    }
  }

  /** Failures remembered for {@code source}, for tests and the console. */
  int failuresOf(String source) {
    synchronized (recent) {
      Failures f = recent.get("source:" + source);
      return f == null ? 0 : f.count;
    }
  }

  private boolean failing(String key, long now) {
    Failures f = recent.get(key);
    return f != null && f.count > 0 && now - f.lastNanos <= MEMORY.toNanos();
  }

  private int record(String key, long now) {
    Failures f = recent.computeIfAbsent(key, k -> new Failures());
    if (f.count > 0 && now - f.lastNanos > MEMORY.toNanos()) {
      f.count = 0;
    }
    f.count++;
    f.lastNanos = now;
    return f.count;
  }
}
