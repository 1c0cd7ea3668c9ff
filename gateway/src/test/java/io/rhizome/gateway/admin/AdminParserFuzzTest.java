/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.rhizome.gateway.pg.codec.PgException;
import java.nio.charset.StandardCharsets;

/** Jazzer target for the admin console's parser: any text is a command or a {@link PgException}. */
class AdminParserFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(@NotNull byte[] input) {
    // Raw bytes, so the committed inputs are plain files (invalid UTF-8 decodes to U+FFFD).
    String statement = new String(input, StandardCharsets.UTF_8);
    try {
      AdminParser.parse(statement);
    } catch (PgException expected) {
      // 42601 syntax error, 22023 bad value, ...
    }
    AdminParser.copyCommand(statement);
  }
}
