/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlStateClassesTest {
  private final SqlStateClasses<String> classes = new SqlStateClasses<>(c -> "class " + c);

  @Test
  void everyCodeOfTheTableFindsItsClass() {
    for (SqlState state : SqlState.values()) {
      assertEquals("class " + state.code().substring(0, 2), classes.of(state.code()));
    }
  }

  @Test
  void unknownClassesAndMalformedCodesFallIntoOther() {
    assertEquals("class other", classes.of("HV000"));
    assertEquals("class other", classes.of("4"));
    assertEquals("class other", classes.of(""));
    assertEquals("class other", classes.of("#!000"));
    assertSame(classes.of("ZZ999"), classes.of("YY000"));
  }

  @Test
  void labelsAreTheTablesClassesThenOther() {
    assertTrue(classes.labels().containsAll(java.util.List.of("23", "42", "57", "XX")));
    assertEquals(SqlStateClasses.OTHER, classes.labels().get(classes.labels().size() - 1));
    assertEquals(
        classes.labels().size(), new java.util.HashSet<>(classes.labels()).size(), "no duplicates");
  }
}
