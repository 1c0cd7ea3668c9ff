/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.copy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.rhizome.gateway.pg.codec.PgException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Jazzer targets for COPY: the statement parser on any text, and the COPY FROM data parser (text
 * and CSV, any options) on any bytes fed in any chunks. Bad input may only end in a {@link
 * PgException}; a record may never grow past the line limit.
 */
class CopyFuzzTest {
  private static final int MAX_LINE = 4096;

  @FuzzTest(maxDuration = "2m")
  void copyStatement(@NotNull byte[] input) {
    // Raw bytes, so the committed inputs are plain files (invalid UTF-8 decodes to U+FFFD).
    String sql = new String(input, StandardCharsets.UTF_8);
    try {
      CopyStatementParser.parse(sql);
    } catch (PgException expected) {
      // 42601 or 0A000
    }
  }

  @FuzzTest(maxDuration = "2m")
  void copyData(FuzzedDataProvider data) {
    CopyFormat format = data.consumeBoolean() ? CopyFormat.csvFormat() : CopyFormat.textFormat();
    if (data.consumeBoolean()) {
      format =
          new CopyFormat(
              format.csv(),
              data.consumeChar(),
              data.consumeString(4),
              data.consumeBoolean(),
              data.consumeChar(),
              data.consumeChar());
    }
    CopyInParser parser;
    try {
      parser = new CopyInParser(format, List.of("a", "b", "c"), MAX_LINE);
    } catch (PgException | IllegalArgumentException invalidOptions) {
      return;
    }
    try {
      while (data.remainingBytes() > 0) {
        parser.feed(data.consumeBytes(data.consumeInt(1, 512)));
        while (parser.next() != null) {
          // rows are consumed as they come, as CopyIn does
        }
      }
      parser.endOfInput();
      while (parser.next() != null) {
        // the last rows
      }
    } catch (PgException expected) {
      // 22P04, 22021 or 54000
    }
  }
}
