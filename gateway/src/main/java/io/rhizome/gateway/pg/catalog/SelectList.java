/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.catalog;

/** Reads the shape of a catalog query's select list without parsing the query. */
final class SelectList {
  private SelectList() {}

  /**
   * The number of columns the query's outermost select list has: its top-level commas plus one,
   * counted up to the first top-level {@code FROM}.
   */
  static int width(String query) {
    int depth = 0;
    int width = 1;
    boolean quoted = false;
    char quote = 0;
    for (int i = "SELECT".length(); i < query.length(); i++) {
      char c = query.charAt(i);
      if (quoted) {
        quoted = c != quote;
      } else if (c == '\'' || c == '"') {
        quoted = true;
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0 && c == ',') {
        width++;
      } else if (depth == 0 && query.startsWith(" FROM ", i)) {
        break;
      }
    }
    return width;
  }
}
