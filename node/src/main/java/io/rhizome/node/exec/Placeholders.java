/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

/**
 * Turns Postgres' positional parameters into SQLite's numbered ones.
 *
 * <p>SQLite reads {@code $1} as a <em>named</em> parameter and numbers named parameters in order of
 * first appearance, so {@code SELECT $2, $1} would bind the first value to {@code $2}. SQLite's
 * {@code ?NNN} form has exactly Postgres' meaning instead: parameter NNN, the same index wherever
 * it appears, and a parameter count of the highest number used. The rewrite changes only the {@code
 * $} of a {@code $digits} word outside strings, quoted names and comments, so offsets in SQLite's
 * error messages still match the client's text.
 */
final class Placeholders {
  private Placeholders() {}

  static String rewrite(String sql) {
    if (sql.indexOf('$') < 0) {
      return sql;
    }
    char[] text = null;
    SqlTokens tokens = new SqlTokens(sql);
    while (tokens.next() != SqlTokens.Type.END) {
      if (tokens.type() == SqlTokens.Type.WORD && isPositional(sql, tokens.start(), tokens.end())) {
        if (text == null) {
          text = sql.toCharArray();
        }
        text[tokens.start()] = '?';
      }
    }
    return text == null ? sql : new String(text);
  }

  private static boolean isPositional(String sql, int start, int end) {
    if (end - start < 2 || sql.charAt(start) != '$') {
      return false;
    }
    for (int i = start + 1; i < end; i++) {
      char c = sql.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
