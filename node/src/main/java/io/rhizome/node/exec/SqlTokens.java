/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.util.Locale;

/**
 * A forward-only tokenizer over one SQL text, just precise enough to classify a statement: it skips
 * whitespace and comments, and returns words, quoted names, string literals and single punctuation
 * characters. It follows SQLite's lexical rules for comments and quoting, so a keyword inside a
 * string, a quoted name or a comment is never mistaken for one.
 */
final class SqlTokens {
  enum Type {
    /** An unquoted word: keyword or bare identifier. */
    WORD,
    /** A quoted identifier, string or blob literal, or a number: never a keyword. */
    LITERAL,
    /** One punctuation character. */
    PUNCT,
    END
  }

  private final String sql;
  private int pos;
  private Type type = Type.END;
  private int start;

  SqlTokens(String sql) {
    this.sql = sql;
  }

  /** Advances to the next token and returns its type. */
  Type next() {
    skipSpaceAndComments();
    start = pos;
    if (pos >= sql.length()) {
      type = Type.END;
      return type;
    }
    char c = sql.charAt(pos);
    if (c == '\'' || c == '"' || c == '`') {
      skipQuoted(c);
      type = Type.LITERAL;
    } else if (c == '[') {
      int close = sql.indexOf(']', pos + 1);
      pos = close < 0 ? sql.length() : close + 1;
      type = Type.LITERAL;
    } else if (isWordChar(c)) {
      while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
        pos++;
      }
      type = Character.isDigit(c) ? Type.LITERAL : Type.WORD;
    } else {
      pos++;
      type = Type.PUNCT;
    }
    return type;
  }

  Type type() {
    return type;
  }

  /** Offset of the current token in the text. */
  int start() {
    return start;
  }

  /** Offset just past the current token. */
  int end() {
    return pos;
  }

  /** The current word in upper case, or "" when the current token is not a word. */
  String word() {
    return type == Type.WORD ? sql.substring(start, pos).toUpperCase(Locale.ROOT) : "";
  }

  /** Whether the current token is the punctuation character {@code c}. */
  boolean is(char c) {
    return type == Type.PUNCT && sql.charAt(start) == c;
  }

  private void skipQuoted(char quote) {
    pos++;
    while (pos < sql.length()) {
      if (sql.charAt(pos) == quote) {
        // A doubled quote is an escaped quote inside the token.
        if (pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
          pos += 2;
          continue;
        }
        pos++;
        return;
      }
      pos++;
    }
  }

  private void skipSpaceAndComments() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '-' && sql.startsWith("--", pos)) {
        int eol = sql.indexOf('\n', pos);
        pos = eol < 0 ? sql.length() : eol + 1;
      } else if (c == '/' && sql.startsWith("/*", pos)) {
        int close = sql.indexOf("*/", pos + 2);
        pos = close < 0 ? sql.length() : close + 2;
      } else {
        return;
      }
    }
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
  }
}
