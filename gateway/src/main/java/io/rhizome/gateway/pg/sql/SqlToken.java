/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.sql;

/**
 * One lexical token of a SQL string, with its span in the source.
 *
 * @param start index of the first char
 * @param end index after the last char
 */
public record SqlToken(Kind kind, String text, int start, int end) {

  /** Token classes; just enough to split statements and read the few statements served locally. */
  public enum Kind {
    /** Identifier or keyword (letters, digits, '_', '$'), not starting with a digit. */
    WORD,
    NUMBER,
    /** '…' with '' as the escaped quote. */
    STRING,
    /** "…", `…` or […]. */
    QUOTED_IDENTIFIER,
    LINE_COMMENT,
    BLOCK_COMMENT,
    WHITESPACE,
    SEMICOLON,
    /** Any other single character ('=', ',', '(', '-', ...). */
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
    return kind == Kind.PUNCTUATION && text.length() == 1 && text.charAt(0) == c;
  }

  /**
   * The value a literal or identifier stands for: quotes removed and doubled quotes collapsed for
   * strings and quoted identifiers; the text itself otherwise.
   */
  public String value() {
    return switch (kind) {
      case STRING -> unquote('\'');
      case QUOTED_IDENTIFIER ->
          text.charAt(0) == '['
              ? strip(text, 1, text.endsWith("]") ? 1 : 0)
              : unquote(text.charAt(0));
      default -> text;
    };
  }

  private String unquote(char quote) {
    boolean closed = text.length() >= 2 && text.charAt(text.length() - 1) == quote;
    String inner = strip(text, 1, closed ? 1 : 0);
    String doubled = String.valueOf(quote) + quote;
    return inner.replace(doubled, String.valueOf(quote));
  }

  private static String strip(String s, int head, int tail) {
    return s.substring(head, Math.max(head, s.length() - tail));
  }
}
