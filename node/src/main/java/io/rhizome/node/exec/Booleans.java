/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.util.Locale;

/** Postgres' boolean input (parse_bool) as SQLite's integers, for text bound to a boolean. */
final class Booleans {
  private Booleans() {}

  /**
   * 1 or 0 for Postgres' spellings (t, true, yes, on, 1; f, false, no, off, 0; unique prefixes of
   * the words), else null.
   */
  static Long parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return null;
    }
    if (t.equals("1") || "true".startsWith(t) || "yes".startsWith(t)) {
      return 1L;
    }
    if (t.equals("0") || "false".startsWith(t) || "no".startsWith(t)) {
      return 0L;
    }
    if (t.length() >= 2 && "on".startsWith(t)) {
      return 1L;
    }
    if (t.length() >= 2 && "off".startsWith(t)) {
      return 0L;
    }
    return null;
  }
}
