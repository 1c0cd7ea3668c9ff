/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {
  @Test
  void neverHandsOutAPortTwice() {
    // The kernel draws each free port at random from its ephemeral range (about 14,000 odd
    // ports here): 3,000 plain draws all but surely repeat one, which two listeners of one
    // test would then both try to take.
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 3000; i++) {
      seen.add(FreePort.pick());
    }
    assertEquals(3000, seen.size());
  }
}
