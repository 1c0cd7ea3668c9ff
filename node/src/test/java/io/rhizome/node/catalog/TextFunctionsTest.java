/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Postgres' string functions: the values PostgreSQL 15 gives for the same arguments. */
class TextFunctionsTest {
  private final Map<String, Pattern> patterns = new HashMap<>();

  @Test
  void splitPartCountsFromEitherEnd() {
    assertEquals("b", TextFunctions.splitPart("a,b,c", ",", 2L));
    assertEquals("", TextFunctions.splitPart("a,b,c", ",", 5L));
    assertEquals("c", TextFunctions.splitPart("a,b,c", ",", -1L));
    assertEquals("", TextFunctions.splitPart("a,,c", ",", 2L));
    assertEquals("a.b", TextFunctions.splitPart("a.b", "", 1L));
    assertNull(TextFunctions.splitPart(null, ",", 1L));
    assertThrows(IllegalArgumentException.class, () -> TextFunctions.splitPart("a", ",", 0L));
  }

  @Test
  void regexpReplaceReplacesTheFirstMatchOrEveryOne() {
    assertEquals("a#b22", TextFunctions.regexpReplace(patterns, "a1b22", "[0-9]+", "#", null));
    assertEquals("a#b#", TextFunctions.regexpReplace(patterns, "a1b22", "[0-9]+", "#", "g"));
    assertEquals("X-b", TextFunctions.regexpReplace(patterns, "a-b", "A", "X", "i"));
    assertEquals(
        "b a $", TextFunctions.regexpReplace(patterns, "a b", "(a) (b)", "\\2 \\1 $", null));
    assertEquals("[ab]", TextFunctions.regexpReplace(patterns, "ab", ".*", "[\\&]", null));
    assertThrows(
        IllegalArgumentException.class,
        () -> TextFunctions.regexpReplace(patterns, "a", "(", "x", null));
  }

  @Test
  void padRepeatReverseInitcapMd5() {
    assertEquals("007", TextFunctions.pad("7", 3L, "0", true));
    assertEquals("7xyx", TextFunctions.pad("7", 4L, "xy", false));
    assertEquals("ab", TextFunctions.pad("abc", 2L, "0", true));
    assertEquals("", TextFunctions.pad("abc", -1L, "0", true));
    assertEquals("abab", TextFunctions.repeat("ab", 2L));
    assertEquals("", TextFunctions.repeat("ab", -1L));
    assertEquals("Hello World-X1y", TextFunctions.initcap("hello wORLD-x1Y"));
    assertEquals("0cc175b9c0f1b6a831c399e269772661", TextFunctions.md5("a"));
  }
}
