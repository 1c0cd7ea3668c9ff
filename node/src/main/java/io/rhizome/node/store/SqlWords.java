/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

/**
 * A forward-only scanner over one SQL text for {@link TenantLockdown}: it yields every token with
 * the name SQLite would see in it, so a policy cannot be dodged by spelling.
 *
 * <p>Words, {@code "quoted"}, {@code `quoted`} and {@code [bracketed]} identifiers and {@code
 * 'strings'} all come back as their content (quotes removed, doubled quotes collapsed) in ASCII
 * upper case: SQLite accepts each of them as a name in some position ({@code FROM
 * 'pragma_database_list'} names a table) and folds only ASCII letters. Comments and whitespace are
 * skipped; numbers and punctuation come back as themselves.
 */
final class SqlWords {
  enum Kind {
    /** An unquoted word: keyword or bare identifier. */
    WORD,
    /** A quoted identifier or a string literal. */
    QUOTED,
    /** A number or one punctuation character. */
    OTHER,
    END
  }

  /**
   * Names longer than this come back cut to it: no name SQLite offers is that long, and a statement
   * may carry megabytes of literals that need not be copied.
   */
  static final int MAX_NAME = 128;

  private final String sql;
  private int pos;
  private Kind kind = Kind.END;
  private String text = "";
  private boolean string;

  SqlWords(String sql) {
    this.sql = sql;
  }

  /** Advances to the next token and returns its kind. */
  Kind next() {
    skipSpaceAndComments();
    if (pos >= sql.length()) {
      kind = Kind.END;
      text = "";
      return kind;
    }
    int start = pos;
    char c = sql.charAt(pos);
    string = c == '\'';
    if (c == '\'' || c == '"' || c == '`') {
      text = quoted(c, c);
      kind = Kind.QUOTED;
    } else if (c == '[') {
      text = quoted('[', ']');
      kind = Kind.QUOTED;
    } else if (isWordChar(c)) {
      while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
        pos++;
      }
      text = upper(start, Math.min(pos, start + MAX_NAME));
      kind = Character.isDigit(c) ? Kind.OTHER : Kind.WORD;
    } else {
      pos++;
      text = String.valueOf(c);
      kind = Kind.OTHER;
    }
    return kind;
  }

  Kind kind() {
    return kind;
  }

  /** The current token's name in ASCII upper case ("" at the end). */
  String text() {
    return text;
  }

  /** Whether the current token is a {@code 'string'} (a {@link Kind#QUOTED} in single quotes). */
  boolean isString() {
    return kind == Kind.QUOTED && string;
  }

  /**
   * Whether the token after the current one is the punctuation character {@code c}, without moving:
   * {@code name(} is a call or a table-valued function, {@code name.} a schema.
   */
  boolean nextIs(char c) {
    return peek() == c;
  }

  /** The first character of the token after the current one (0 at the end), without moving. */
  char peek() {
    int saved = pos;
    skipSpaceAndComments();
    char next = pos < sql.length() ? sql.charAt(pos) : 0;
    pos = saved;
    return next;
  }

  /** Whether the current token is a name (word or quoted) equal to {@code upperName}. */
  boolean isName(String upperName) {
    return (kind == Kind.WORD || kind == Kind.QUOTED) && text.equals(upperName);
  }

  /** Whether the current token is the punctuation character {@code c}. */
  boolean is(char c) {
    return kind == Kind.OTHER && text.length() == 1 && text.charAt(0) == c;
  }

  private String quoted(char open, char close) {
    StringBuilder content = new StringBuilder();
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos++);
      if (c == close) {
        if (open != '[' && pos < sql.length() && sql.charAt(pos) == close) {
          pos++;
        } else {
          break;
        }
      }
      if (content.length() < MAX_NAME) {
        content.append(c); // a doubled quote stands for one
      }
    }
    return upper(content.toString());
  }

  private void skipSpaceAndComments() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (isSpace(c)) {
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

  /** {@code sql[from, to)} in ASCII upper case, with one copy. */
  private String upper(int from, int to) {
    char[] chars = new char[to - from];
    for (int i = 0; i < chars.length; i++) {
      char c = sql.charAt(from + i);
      chars[i] = c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }
    return new String(chars);
  }

  /** SQLite folds only ASCII letters; Java's upper-casing would also fold e.g. a dotless i. */
  private static String upper(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'a' && chars[i] <= 'z') {
        chars[i] -= 'a' - 'A';
      }
    }
    return new String(chars);
  }

  /** SQLite's whitespace: ASCII only, so a Unicode space is part of a word, as SQLite sees it. */
  private static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
  }
}
