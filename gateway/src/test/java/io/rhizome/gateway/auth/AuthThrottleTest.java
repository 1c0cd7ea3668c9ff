/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
  private static final Duration BASE = Duration.ofMillis(100);
  private static final Duration CAP = Duration.ofSeconds(2);
  private final AtomicLong now = new AtomicLong();
  private final AuthThrottle throttle = new AuthThrottle(BASE, CAP, now::get);

  @Test
  void theDelayDoublesWithEachRecentFailureOfASourceUpToTheCap() {
    assertEquals(ms(100), throttle.failed("10.0.0.1", "acme", "a"));
    assertEquals(ms(200), throttle.failed("10.0.0.1", "acme", "b"));
    assertEquals(ms(400), throttle.failed("10.0.0.1", "acme", "c"));
    assertEquals(ms(800), throttle.failed("10.0.0.1", "acme", "d"));
    assertEquals(ms(1600), throttle.failed("10.0.0.1", "acme", "e"));
    assertEquals(CAP, throttle.failed("10.0.0.1", "acme", "f"));
    assertEquals(CAP, throttle.failed("10.0.0.1", "acme", "g"));
  }

  @Test
  void aUserGuessedFromManySourcesIsSlowedToo() {
    assertEquals(ms(100), throttle.failed("10.0.0.1", "acme", "app"));
    assertEquals(ms(200), throttle.failed("10.0.0.2", "acme", "app"));
    assertEquals(ms(400), throttle.failed("10.0.0.3", "acme", "app"));
    // another tenant's user of the same name is someone else
    assertEquals(ms(100), throttle.failed("10.0.0.4", "other", "app"));
  }

  @Test
  void aSourceOrUserIsQuietUntilItFailsAndAgainAWhileAfter() {
    assertTrue(throttle.quiet("10.0.0.1", "acme", "app"));
    throttle.failed("10.0.0.1", "acme", "other");
    assertFalse(throttle.quiet("10.0.0.1", "acme", "app"), "the source failed");
    assertFalse(throttle.quiet("10.0.0.2", "acme", "other"), "the user failed");
    assertTrue(throttle.quiet("10.0.0.2", "acme", "app"));
    assertTrue(throttle.quiet("10.0.0.2", "other", "other"), "a user is per database");
    now.addAndGet(AuthThrottle.MEMORY.toNanos() + 1);
    assertTrue(throttle.quiet("10.0.0.1", "acme", "other"));
  }

  @Test
  void everyoneIsQuietWithTheThrottleOff() {
    AuthThrottle off = AuthThrottle.off();
    off.failed("10.0.0.1", "acme", "app");
    assertTrue(off.quiet("10.0.0.1", "acme", "app"));
  }

  @Test
  void failuresAreForgottenAWhileAfterTheLastOne() {
    throttle.failed("10.0.0.1", "acme", "app");
    throttle.failed("10.0.0.1", "acme", "app");
    now.addAndGet(AuthThrottle.MEMORY.toNanos() + 1);
    assertEquals(ms(100), throttle.failed("10.0.0.1", "acme", "app"));
  }

  @Test
  void itRemembersABoundedNumberOfSourcesAndUsers() {
    for (int i = 0; i < AuthThrottle.MAX_TRACKED * 2; i++) {
      throttle.failed("10.0." + (i >> 8) + "." + (i & 0xff), "acme", "u" + i);
    }
    // the earliest sources were dropped to make room, the latest are still counted
    assertEquals(0, throttle.failuresOf("10.0.0.0"));
    assertEquals(1, throttle.failuresOf("10.0.78.31"));
  }

  @Test
  void aZeroDelayTurnsItOff() {
    AuthThrottle off = AuthThrottle.off();
    for (int i = 0; i < 10; i++) {
      assertEquals(Duration.ZERO, off.failed("10.0.0.1", "acme", "app"));
    }
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
