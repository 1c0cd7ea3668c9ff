/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

/** Names as the reg* types read them: {@code pg_catalog.array_in}, {@code "Books"}. */
final class RegNames {
  private RegNames() {}

  /** The object's own name from a possibly qualified, possibly quoted name. */
  static String unqualified(String name) {
    String s = name.strip();
    int dot = lastTopLevelDot(s);
    if (dot >= 0) {
      s = s.substring(dot + 1);
    }
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1).replace("\"\"", "\"");
    }
    // Postgres folds an unquoted name; a type's parenthesized arguments are not part of it.
    int paren = s.indexOf('(');
    if (paren >= 0) {
      s = s.substring(0, paren);
    }
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  private static int lastTopLevelDot(String s) {
    boolean quoted = false;
    int dot = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        dot = i;
      }
    }
    return dot;
  }
}
