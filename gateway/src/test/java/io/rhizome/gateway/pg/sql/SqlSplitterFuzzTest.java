/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Jazzer target for the gateway's SQL splitter and lexer: any text must split and tokenize without
 * an exception, and the statements it splits into are parts of the input.
 */
class SqlSplitterFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void splitAndTokenize(@NotNull byte[] input) {
    // Raw bytes, so the committed inputs are plain files (invalid UTF-8 decodes to U+FFFD).
    String sql = new String(input, StandardCharsets.UTF_8);
    List<String> statements = StatementSplitter.split(sql);
    for (String statement : statements) {
      assertTrue(sql.contains(statement.strip()), statement);
    }
    SqlLexer.tokenize(sql);
  }
}
