/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table in PostgreSQL's COPY text format with a header line, as {@code
 * node/tools/extract-pg-catalog.sh} writes it: tab-separated, {@code \N} for NULL, backslash
 * escapes.
 *
 * @param columns the header's column names
 * @param rows the values, null for NULL
 */
record CopyText(List<String> columns, List<String[]> rows) {

  /** Reads a resource next to this class. */
  static CopyText resource(String name) {
    try (InputStream in = CopyText.class.getResourceAsStream("pg15/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing catalog resource pg15/" + name);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> columns = Arrays.asList(r.readLine().split("\t", -1));
      List<String[]> rows = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] fields = line.split("\t", -1);
        String[] values = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
          values[i] = fields[i].equals("\\N") ? null : unescape(fields[i]);
        }
        rows.add(values);
      }
      return new CopyText(List.copyOf(columns), List.copyOf(rows));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int column(String name) {
    int i = columns.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + name);
    }
    return i;
  }

  private static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder sb = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 1 < field.length()) {
        char e = field.charAt(++i);
        sb.append(
            switch (e) {
              case 't' -> '\t';
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 'b' -> '\b';
              case 'f' -> '\f';
              case 'v' -> '\u000b';
              default -> e;
            });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
