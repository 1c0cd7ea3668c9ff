/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.catalog;

import java.util.Locale;
import java.util.Optional;

/**
 * Turns the regular expression psql builds from a {@code \d} pattern back into a SQLite GLOB.
 *
 * <p>psql writes a pattern as {@code ^(body)$}, where {@code *} became {@code .*}, {@code ?} became
 * {@code .}, and other characters that mean something to a regex were escaped with a backslash.
 * That small language maps onto GLOB one to one; a pattern using more of the regex language (a
 * user's own {@code [a-z]} or {@code |}) is not translated.
 */
final class PsqlPattern {
  private PsqlPattern() {}

  /** The lower-case GLOB equivalent of psql's regex, if it uses only what psql generates. */
  static Optional<String> toGlob(String regex) {
    if (!regex.startsWith("^(") || !regex.endsWith(")$")) {
      return Optional.empty();
    }
    String body = regex.substring(2, regex.length() - 2);
    StringBuilder glob = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '.') {
        boolean star = i + 1 < body.length() && body.charAt(i + 1) == '*';
        glob.append(star ? '*' : '?');
        i += star ? 1 : 0;
      } else if (c == '\\' && i + 1 < body.length()) {
        literal(glob, body.charAt(++i));
      } else if ("[](){}|+*?^$".indexOf(c) >= 0) {
        return Optional.empty();
      } else {
        literal(glob, c);
      }
    }
    return Optional.of(glob.toString().toLowerCase(Locale.ROOT));
  }

  private static void literal(StringBuilder glob, char c) {
    if (c == '*' || c == '?' || c == '[') {
      glob.append('[').append(c).append(']');
    } else {
      glob.append(c);
    }
  }
}
