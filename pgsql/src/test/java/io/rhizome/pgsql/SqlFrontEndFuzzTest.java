/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Jazzer targets for the front end every query string passes on the gateway: any text must split
 * and tokenize (in both dialects) without an exception, the statements it splits into are parts of
 * the input, and every statement is classified without an exception escaping (a statement the
 * translation cannot handle is {@link Classifier.Refused}, never a crash of the session).
 */
class SqlFrontEndFuzzTest {
  private static final SessionContext SESSION = new TestSession();

  @FuzzTest(maxDuration = "2m")
  void splitAndTokenize(@NotNull byte[] input) {
    // Raw bytes, so the committed inputs are plain files (invalid UTF-8 decodes to U+FFFD).
    String sql = new String(input, StandardCharsets.UTF_8);
    List<String> statements = StatementSplitter.split(sql);
    for (String statement : statements) {
      assertTrue(sql.contains(statement.strip()), statement);
    }
    Lexer.tokenize(sql, Dialect.POSTGRES);
    Lexer.tokenize(sql, Dialect.SQLITE);
  }

  @FuzzTest(maxDuration = "2m")
  void classify(@NotNull byte[] input) {
    String sql = new String(input, StandardCharsets.UTF_8);
    for (String statement : StatementSplitter.split(sql)) {
      Classifier.Classification c = Classifier.classify(statement, SESSION);
      assertNotNull(c);
      if (c instanceof Classifier.Translated t) {
        assertNotNull(t.sql());
      }
    }
  }
}
