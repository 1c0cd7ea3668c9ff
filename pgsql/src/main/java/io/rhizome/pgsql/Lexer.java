/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import io.rhizome.pgsql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into tokens, in one of two dialects.
 *
 * <p>{@link Dialect#SQLITE}: SQLite's lexical rules: '…' strings with '' escapes (backslash is an
 * ordinary character), "…", `…` and […] quoted identifiers, -- line comments and non-nesting /*
 * block comments; every other non-word character is one PUNCTUATION token.
 *
 * <p>{@link Dialect#POSTGRES}: Postgres' rules: E'…' strings with backslash escapes, $tag$…$tag$
 * dollar quotes, B'…', X'…', N'…' and U&amp;'…' constants, nesting block comments, {@code $n}
 * parameters, multi-character operators (with Postgres' rule that an operator ends before a
 * trailing + or - unless it holds one of ~ ! @ # % ^ &amp; | ` ?), and {@code ::}. Brackets are
 * punctuation (array subscripts), not quotes.
 *
 * <p>In both, an unterminated quote or comment runs to the end of the text; whoever runs the
 * statement reports the syntax error.
 */
public final class Lexer {
  private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

  private Lexer() {}

  /** The tokens of {@code sql} read with SQLite's rules. */
  public static List<Token> tokenize(String sql) {
    return tokenize(sql, Dialect.SQLITE);
  }

  public static List<Token> tokenize(String sql, Dialect dialect) {
    List<Token> tokens = new ArrayList<>();
    boolean pg = dialect == Dialect.POSTGRES;
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
        i = pg ? nestedCommentEnd(sql, i) : flatCommentEnd(sql, i);
        kind = Kind.BLOCK_COMMENT;
      } else if (c == '\'') {
        i = quoted(sql, i, '\'');
        kind = Kind.STRING;
      } else if (c == '"' || (!pg && c == '`')) {
        i = quoted(sql, i, c);
        kind = Kind.QUOTED_IDENTIFIER;
      } else if (!pg && c == '[') {
        int close = sql.indexOf(']', i + 1);
        i = close < 0 ? n : close + 1;
        kind = Kind.QUOTED_IDENTIFIER;
      } else if (c == ';') {
        i++;
        kind = Kind.SEMICOLON;
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
        i = number(sql, i);
        kind = Kind.NUMBER;
      } else if (pg && c == '$' && i + 1 < n && isDigit(sql.charAt(i + 1))) {
        i++;
        while (i < n && isDigit(sql.charAt(i))) {
          i++;
        }
        kind = Kind.PARAMETER;
      } else if (pg && c == '$' && dollarTagEnd(sql, i) > 0) {
        i = dollarQuoted(sql, i);
        kind = Kind.STRING;
      } else if (pg && isPrefixedString(sql, i)) {
        i = prefixedString(sql, i);
        kind = Kind.STRING;
      } else if (isWordChar(c) && !(pg && c == '$')) {
        i++;
        while (i < n && (isWordChar(sql.charAt(i)) || isDigit(sql.charAt(i)))) {
          i++;
        }
        kind = Kind.WORD;
      } else if (pg && c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        i += 2;
        kind = Kind.OPERATOR;
      } else if (pg && OPERATOR_CHARS.indexOf(c) >= 0) {
        i = operatorEnd(sql, i);
        kind = Kind.OPERATOR;
      } else {
        i += Character.charCount(sql.codePointAt(i));
        kind = Kind.PUNCTUATION;
      }
      tokens.add(new Token(kind, sql.substring(start, i), start, i));
    }
    return tokens;
  }

  /** The significant tokens only (no whitespace or comments). */
  public static List<Token> significant(String sql, Dialect dialect) {
    List<Token> all = tokenize(sql, dialect);
    List<Token> out = new ArrayList<>(all.size() / 2 + 1);
    for (Token t : all) {
      if (t.isSignificant()) {
        out.add(t);
      }
    }
    return out;
  }

  /** End of a quoted token starting at {@code i}; a doubled quote stays inside. */
  static int quoted(String sql, int i, char quote) {
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

  /** End of an E'…' body starting at the quote {@code i}: backslash escapes the next char. */
  static int escapedQuoted(String sql, int i) {
    int n = sql.length();
    i++;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '\'') {
        if (i + 1 < n && sql.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return n;
  }

  static int flatCommentEnd(String sql, int i) {
    int close = sql.indexOf("*/", i + 2);
    return close < 0 ? sql.length() : close + 2;
  }

  static int nestedCommentEnd(String sql, int i) {
    int n = sql.length();
    int depth = 0;
    while (i < n) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  /**
   * Whether {@code i} starts E'…', B'…', X'…', N'…' or U&amp;'…': a prefix letter directly before
   * the quote, not itself the end of a longer word.
   */
  static boolean isPrefixedString(String sql, int i) {
    int n = sql.length();
    if (i > 0 && (isWordChar(sql.charAt(i - 1)) || isDigit(sql.charAt(i - 1)))) {
      return false;
    }
    char c = Character.toUpperCase(sql.charAt(i));
    if (c == 'U') {
      return i + 2 < n && sql.charAt(i + 1) == '&' && sql.charAt(i + 2) == '\'';
    }
    return (c == 'E' || c == 'B' || c == 'X' || c == 'N') && i + 1 < n && sql.charAt(i + 1) == '\'';
  }

  static int prefixedString(String sql, int i) {
    char c = Character.toUpperCase(sql.charAt(i));
    if (c == 'U') {
      return quoted(sql, i + 2, '\'');
    }
    return c == 'E' ? escapedQuoted(sql, i + 1) : quoted(sql, i + 1, '\'');
  }

  /**
   * The end of the opening tag of a dollar quote at {@code i} ({@code $$} or {@code $tag$}), or -1.
   */
  static int dollarTagEnd(String sql, int i) {
    int n = sql.length();
    int j = i + 1;
    if (j < n && sql.charAt(j) == '$') {
      return j + 1;
    }
    if (j >= n || !(Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
      return -1;
    }
    while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
      j++;
    }
    return j < n && sql.charAt(j) == '$' ? j + 1 : -1;
  }

  static int dollarQuoted(String sql, int i) {
    int tagEnd = dollarTagEnd(sql, i);
    String tag = sql.substring(i, tagEnd);
    int close = sql.indexOf(tag, tagEnd);
    return close < 0 ? sql.length() : close + tag.length();
  }

  private static int operatorEnd(String sql, int i) {
    int n = sql.length();
    int j = i;
    while (j < n && OPERATOR_CHARS.indexOf(sql.charAt(j)) >= 0) {
      // A comment start ends the operator.
      if (j > i && (sql.startsWith("--", j) || sql.startsWith("/*", j))) {
        break;
      }
      j++;
    }
    // Postgres: a multi-char operator cannot end in + or - unless it holds one of ~!@#%^&|`?.
    if (j - i > 1) {
      boolean special = false;
      for (int k = i; k < j; k++) {
        if ("~!@#%^&|`?".indexOf(sql.charAt(k)) >= 0) {
          special = true;
          break;
        }
      }
      if (!special) {
        while (j - i > 1 && (sql.charAt(j - 1) == '+' || sql.charAt(j - 1) == '-')) {
          j--;
        }
      }
    }
    return j;
  }

  private static int number(String sql, int i) {
    int n = sql.length();
    while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
      // "1..2" is not a number; leave ".." alone (array slices use ':', so this is rare).
      if (sql.charAt(i) == '.' && i + 1 < n && sql.charAt(i + 1) == '.') {
        break;
      }
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

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isWordChar(char c) {
    return c == '_' || c == '$' || Character.isLetter(c) || c > 0x7F && !Character.isWhitespace(c);
  }
}
