/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.sql;

import io.rhizome.gateway.pg.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into tokens with SQLite's lexical rules (statements are run by SQLite): '…' strings
 * with '' escapes (backslash is an ordinary character, as with standard_conforming_strings on),
 * "…", `…` and […] quoted identifiers, -- line comments and non-nesting /* block comments. An
 * unterminated quote or comment runs to the end of the text; the node reports the syntax error.
 */
public final class SqlLexer {
  private SqlLexer() {}

  public static List<SqlToken> tokenize(String sql) {
    List<SqlToken> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      Kind kind;
      if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
          i++;
        }
        kind = Kind.WHITESPACE;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
        kind = Kind.LINE_COMMENT;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
        kind = Kind.BLOCK_COMMENT;
      } else if (c == '\'') {
        i = quoted(sql, i, '\'');
        kind = Kind.STRING;
      } else if (c == '"' || c == '`') {
        i = quoted(sql, i, c);
        kind = Kind.QUOTED_IDENTIFIER;
      } else if (c == '[') {
        int close = sql.indexOf(']', i + 1);
        i = close < 0 ? n : close + 1;
        kind = Kind.QUOTED_IDENTIFIER;
      } else if (c == ';') {
        i++;
        kind = Kind.SEMICOLON;
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
        i = number(sql, i);
        kind = Kind.NUMBER;
      } else if (isWordChar(c)) {
        while (i < n && (isWordChar(sql.charAt(i)) || isDigit(sql.charAt(i)))) {
          i++;
        }
        kind = Kind.WORD;
      } else {
        i += Character.charCount(sql.codePointAt(i));
        kind = Kind.PUNCTUATION;
      }
      tokens.add(new SqlToken(kind, sql.substring(start, i), start, i));
    }
    return tokens;
  }

  /** End of a quoted token starting at {@code i}; a doubled quote stays inside. */
  private static int quoted(String sql, int i, char quote) {
    int n = sql.length();
    i++;
    while (i < n) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return n;
  }

  private static int number(String sql, int i) {
    int n = sql.length();
    while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
      i++;
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (j < n && isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return c == '_' || c == '$' || Character.isLetter(c) || c > 0x7F && !Character.isWhitespace(c);
  }
}
