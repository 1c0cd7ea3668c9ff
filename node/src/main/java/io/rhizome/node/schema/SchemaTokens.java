/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one SQLite statement or stored table definition, with their spans, for the readers
 * of this package ({@link AlterTable}, {@link TableDefinition}). SQLite's lexical rules: comments
 * and whitespace are skipped, {@code "x"}, {@code `x`} and {@code [x]} are names, {@code 'x'} a
 * string, {@code X'..'} a blob.
 */
final class SchemaTokens {
  enum Kind {
    WORD,
    /** A quoted name. */
    NAME,
    STRING,
    NUMBER,
    PUNCT
  }

  /**
   * @param text the token as written
   */
  record Token(Kind kind, int start, int end, String text) {
    /** A keyword's upper-case text, or "" for anything but an unquoted word. */
    String word() {
      return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : "";
    }

    boolean is(String upperWord) {
      return kind == Kind.WORD && text.equalsIgnoreCase(upperWord);
    }

    boolean isPunct(char c) {
      return kind == Kind.PUNCT && text.charAt(0) == c;
    }

    /** Whether the token can be a name (a word or a quoted name). */
    boolean isName() {
      return kind == Kind.WORD || kind == Kind.NAME;
    }

    /** The name it stands for: a quoted name without its quotes, a word as written. */
    String name() {
      if (kind != Kind.NAME && kind != Kind.STRING) {
        return text;
      }
      char open = text.charAt(0);
      String inner = text.substring(1, text.length() - 1);
      return switch (open) {
        case '"' -> inner.replace("\"\"", "\"");
        case '`' -> inner.replace("``", "`");
        case '\'' -> inner.replace("''", "'");
        default -> inner; // [x]
      };
    }
  }

  private SchemaTokens() {}

  /**
   * @throws IllegalArgumentException on an unterminated quote or comment
   */
  static List<Token> of(String sql) {
    List<Token> tokens = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '\'' || c == '"' || c == '`') {
        int end = quoted(sql, i, c);
        tokens.add(new Token(c == '\'' ? Kind.STRING : Kind.NAME, i, end, sql.substring(i, end)));
        i = end;
      } else if (c == '[') {
        int close = sql.indexOf(']', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("unterminated name");
        }
        tokens.add(new Token(Kind.NAME, i, close + 1, sql.substring(i, close + 1)));
        i = close + 1;
      } else if ((c == 'x' || c == 'X') && i + 1 < n && sql.charAt(i + 1) == '\'') {
        int end = quoted(sql, i + 1, '\'');
        tokens.add(new Token(Kind.STRING, i, end, sql.substring(i, end)));
        i = end;
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        int end = i + 1;
        while (end < n
            && (Character.isLetterOrDigit(sql.charAt(end))
                || sql.charAt(end) == '.'
                || ((sql.charAt(end) == '+' || sql.charAt(end) == '-')
                    && (sql.charAt(end - 1) == 'e' || sql.charAt(end - 1) == 'E')))) {
          end++;
        }
        tokens.add(new Token(Kind.NUMBER, i, end, sql.substring(i, end)));
        i = end;
      } else if (isWordChar(c)) {
        int end = i + 1;
        while (end < n && isWordChar(sql.charAt(end))) {
          end++;
        }
        tokens.add(new Token(Kind.WORD, i, end, sql.substring(i, end)));
        i = end;
      } else {
        tokens.add(new Token(Kind.PUNCT, i, i + 1, String.valueOf(c)));
        i++;
      }
    }
    return tokens;
  }

  private static int quoted(String sql, int start, char quote) {
    int i = start + 1;
    while (true) {
      int close = sql.indexOf(quote, i);
      if (close < 0) {
        throw new IllegalArgumentException("unterminated quote");
      }
      if (close + 1 < sql.length() && sql.charAt(close + 1) == quote) {
        i = close + 2;
      } else {
        return close + 1;
      }
    }
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
  }

  /** {@code name} quoted as SQLite reads it, always. */
  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
