/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

/** Quoting and unquoting of SQL string constants and identifiers. */
public final class Strings {
  private Strings() {}

  /** {@code value} as a standard string constant ({@code 'it''s'}), which both dialects read. */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** {@code name} as a double-quoted identifier. */
  public static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /**
   * The value of a STRING token's text: {@code '…'}, {@code E'…'}, {@code $tag$…$tag$}, {@code
   * B'…'}, {@code X'…'} (the digits as written), {@code N'…'}, {@code U&'…'}. An unterminated
   * constant yields what it holds up to the end.
   */
  static String decode(String text) {
    char first = text.charAt(0);
    if (first == '$') {
      int tagEnd = text.indexOf('$', 1) + 1;
      String tag = text.substring(0, tagEnd);
      int close =
          text.endsWith(tag) && text.length() >= 2 * tag.length()
              ? text.length() - tagEnd
              : text.length();
      return text.substring(tagEnd, close);
    }
    if (first == '\'') {
      return unquote(text, '\'');
    }
    if (first == 'E' || first == 'e') {
      return unescape(text.substring(1));
    }
    if (first == 'U' || first == 'u') {
      return unicode(unquote(text.substring(2), '\''));
    }
    // B'…', X'…', N'…'
    return unquote(text.substring(1), '\'');
  }

  /** The inside of {@code q…q} with doubled quotes collapsed. */
  static String unquote(String text, char quote) {
    boolean closed = text.length() >= 2 && text.charAt(text.length() - 1) == quote;
    String inner = text.substring(1, Math.max(1, text.length() - (closed ? 1 : 0)));
    return inner.indexOf(quote) < 0 ? inner : inner.replace("" + quote + quote, "" + quote);
  }

  /** An E'…' body: backslash escapes as Postgres reads them. */
  private static String unescape(String quoted) {
    StringBuilder out = new StringBuilder(quoted.length());
    int end = quoted.length();
    if (end >= 2 && quoted.charAt(end - 1) == '\'' && !escapedAt(quoted, end - 1)) {
      end--;
    }
    for (int i = 1; i < end; i++) {
      char c = quoted.charAt(i);
      if (c == '\'' && i + 1 < end && quoted.charAt(i + 1) == '\'') {
        out.append('\'');
        i++;
      } else if (c == '\\' && i + 1 < end) {
        char e = quoted.charAt(++i);
        switch (e) {
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'x' -> {
            int j = i + 1;
            int v = 0;
            while (j < end && j <= i + 2 && Character.digit(quoted.charAt(j), 16) >= 0) {
              v = v * 16 + Character.digit(quoted.charAt(j), 16);
              j++;
            }
            if (j == i + 1) {
              out.append('x');
            } else {
              out.append((char) v);
              i = j - 1;
            }
          }
          case 'u', 'U' -> {
            int digits = e == 'u' ? 4 : 8;
            if (i + digits < end) {
              int cp = Integer.parseInt(quoted.substring(i + 1, i + 1 + digits), 16);
              out.appendCodePoint(cp);
              i += digits;
            } else {
              out.append(e);
            }
          }
          default -> {
            if (e >= '0' && e <= '7') {
              int j = i;
              int v = 0;
              while (j < end && j < i + 3 && quoted.charAt(j) >= '0' && quoted.charAt(j) <= '7') {
                v = v * 8 + (quoted.charAt(j) - '0');
                j++;
              }
              out.append((char) v);
              i = j - 1;
            } else {
              out.append(e);
            }
          }
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether the char at {@code i} is preceded by an odd number of backslashes. */
  private static boolean escapedAt(String s, int i) {
    int n = 0;
    for (int j = i - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
      n++;
    }
    return n % 2 == 1;
  }

  /** U&'…' with the default escape char: {@code \XXXX} and {@code \+XXXXXX}. */
  private static String unicode(String body) {
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '\\') {
        out.append('\\');
        i++;
      } else if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '+') {
        out.appendCodePoint(
            Integer.parseInt(body.substring(i + 2, Math.min(body.length(), i + 8)), 16));
        i += 7;
      } else if (c == '\\' && i + 4 < body.length()) {
        out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
        i += 4;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
