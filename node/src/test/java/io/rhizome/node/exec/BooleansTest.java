/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Postgres' boolean input, as a text parameter bound to a boolean column is read. */
class BooleansTest {
  @ParameterizedTest
  @ValueSource(strings = {"t", "true", "TRUE", " yes ", "y", "on", "1", "tr"})
  void readsTrue(String text) {
    assertEquals(1L, Booleans.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"f", "false", "No", "n", "off", "0", "of"})
  void readsFalse(String text) {
    assertEquals(0L, Booleans.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "o", "2", "maybe", "truth"})
  void leavesOtherTextAlone(String text) {
    assertNull(Booleans.parse(text));
  }
}
