/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.copy;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes rows as lines of COPY TO STDOUT data, in text or CSV format, the way Postgres does: text
 * escapes backslash, newline, carriage return, tab and the delimiter; CSV quotes a value that holds
 * the delimiter, the quote, a line break, equals the NULL string, or is {@code \.}.
 */
public final class CopyOutEncoder {
  private final CopyFormat format;
  private final StringBuilder line = new StringBuilder(128);

  public CopyOutEncoder(CopyFormat format) {
    this.format = format;
  }

  /** One line (with its newline) for a row; null elements are SQL NULL. */
  public byte[] row(List<String> values) {
    line.setLength(0);
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append(format.delimiter());
      }
      String v = values.get(i);
      if (v == null) {
        line.append(format.nullString());
      } else if (format.csv()) {
        csv(v);
      } else {
        text(v);
      }
    }
    line.append('\n');
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The header line: the column names, never NULL. */
  public byte[] header(List<String> names) {
    return row(names);
  }

  private void text(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        case '\b' -> line.append("\\b");
        case '\f' -> line.append("\\f");
        case 0x0b -> line.append("\\v");
        default -> {
          if (c == format.delimiter()) {
            line.append('\\');
          }
          line.append(c);
        }
      }
    }
  }

  private void csv(String v) {
    if (!needsQuotes(v)) {
      line.append(v);
      return;
    }
    line.append(format.quote());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == format.quote() || c == format.escape()) {
        line.append(format.escape());
      }
      line.append(c);
    }
    line.append(format.quote());
  }

  private boolean needsQuotes(String v) {
    if (v.equals(format.nullString()) || v.equals("\\.")) {
      return true;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == format.delimiter() || c == format.quote() || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }
}
