/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.copy;

/**
 * The data format of one COPY: Postgres' text format (tab, {@code \N}, backslash escapes) or CSV.
 *
 * @param csv CSV rather than text
 * @param delimiter the one-byte column separator
 * @param nullString what stands for SQL NULL (compared with the field before unescaping)
 * @param header the first line holds column names (skipped on input, written on output)
 * @param quote the CSV quote character
 * @param escape the CSV character that makes a following quote (or itself) literal inside quotes
 */
public record CopyFormat(
    boolean csv, char delimiter, String nullString, boolean header, char quote, char escape) {

  /** The defaults of FORMAT text. */
  public static CopyFormat textFormat() {
    return new CopyFormat(false, '\t', "\\N", false, '"', '"');
  }

  /** The defaults of FORMAT csv. */
  public static CopyFormat csvFormat() {
    return new CopyFormat(true, ',', "", false, '"', '"');
  }

  CopyFormat withDelimiter(char c) {
    return new CopyFormat(csv, c, nullString, header, quote, escape);
  }

  CopyFormat withNull(String s) {
    return new CopyFormat(csv, delimiter, s, header, quote, escape);
  }

  CopyFormat withHeader(boolean h) {
    return new CopyFormat(csv, delimiter, nullString, h, quote, escape);
  }

  CopyFormat withQuote(char c) {
    return new CopyFormat(csv, delimiter, nullString, header, c, escape);
  }

  CopyFormat withEscape(char c) {
    return new CopyFormat(csv, delimiter, nullString, header, quote, c);
  }
}
