/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer target for the node's statement classifier: it runs before every statement on text a
 * tenant controls, so no text may make it throw, and its verdict is a pure function of the text.
 */
class LockdownFuzzTest {
  private static final TenantLockdown LOCKDOWN = new TenantLockdown(TenantQuotas.DEFAULT);

  @FuzzTest(maxDuration = "2m")
  void classify(@NotNull byte[] input) {
    // Raw bytes, so the committed inputs are plain files (invalid UTF-8 decodes to U+FFFD).
    String sql = new String(input, StandardCharsets.UTF_8);
    assertEquals(LOCKDOWN.classify(sql), LOCKDOWN.classify(sql));
  }
}
