/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

/**
 * One lexical token of a SQL string, with its span in the source.
 *
 * @param start index of the first char
 * @param end index after the last char
 */
public record Token(Kind kind, String text, int start, int end) {

  /** Token classes. */
  public enum Kind {
    /** Identifier or keyword (letters, digits, '_', '$'), not starting with a digit. */
    WORD,
    NUMBER,
    /**
     * A string constant: '…' with '' as the escaped quote; in the Postgres dialect also E'…' (with
     * backslash escapes), $tag$…$tag$, B'…', X'…' and N'…'. {@link #value()} decodes it.
     */
    STRING,
    /** "…", and in the SQLite dialect `…` or […]. */
    QUOTED_IDENTIFIER,
    /** {@code $n} (Postgres dialect only; SQLite's {@code $name}, {@code ?n} lex as words). */
    PARAMETER,
    /**
     * A Postgres operator of one or more of {@code + - * / < > = ~ ! @ # % ^ & | ` ?}, or {@code
     * ::} (Postgres dialect only; in the SQLite dialect each such char is PUNCTUATION).
     */
    OPERATOR,
    LINE_COMMENT,
    BLOCK_COMMENT,
    WHITESPACE,
    SEMICOLON,
    /** Any other single character ('(', ',', '.', '[', ...). */
    PUNCTUATION
  }

  /** Whether the token carries meaning (is not whitespace or a comment). */
  public boolean isSignificant() {
    return kind != Kind.WHITESPACE && kind != Kind.LINE_COMMENT && kind != Kind.BLOCK_COMMENT;
  }

  /** Whether this is a WORD equal to {@code keyword}, ignoring case. */
  public boolean isKeyword(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  /** Whether this is the punctuation character {@code c}. */
  public boolean isPunctuation(char c) {
    return (kind == Kind.PUNCTUATION || kind == Kind.SEMICOLON)
        && text.length() == 1
        && text.charAt(0) == c;
  }

  /** Whether this is the operator {@code op} (a PUNCTUATION char in the SQLite dialect). */
  public boolean isOperator(String op) {
    return (kind == Kind.OPERATOR || kind == Kind.PUNCTUATION) && text.equals(op);
  }

  /**
   * The value a literal or identifier stands for: quotes removed and escapes resolved for strings
   * and quoted identifiers; the text itself otherwise.
   */
  public String value() {
    return switch (kind) {
      case STRING -> Strings.decode(text);
      case QUOTED_IDENTIFIER ->
          text.charAt(0) == '['
              ? strip(text, 1, text.endsWith("]") ? 1 : 0)
              : Strings.unquote(text, text.charAt(0));
      default -> text;
    };
  }

  private static String strip(String s, int head, int tail) {
    return s.substring(head, Math.max(head, s.length() - tail));
  }
}
