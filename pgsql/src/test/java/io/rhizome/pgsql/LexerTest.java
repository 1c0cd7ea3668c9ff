/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.pgsql.Token.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

  private static List<String> texts(String sql, Dialect d) {
    return Lexer.significant(sql, d).stream().map(Token::text).toList();
  }

  private static List<Kind> kinds(String sql, Dialect d) {
    return Lexer.significant(sql, d).stream().map(Token::kind).toList();
  }

  @Test
  void sqliteDialectKeepsEveryOperatorCharApart() {
    assertEquals(List.of("a", "<", ">", "b"), texts("a<>b", Dialect.SQLITE));
    assertEquals(List.of("[a;b]"), texts("[a;b]", Dialect.SQLITE));
    assertEquals(List.of("$name"), texts("$name", Dialect.SQLITE));
  }

  @Test
  void postgresDialectReadsMultiCharacterOperatorsAndCasts() {
    assertEquals(List.of("a", "<>", "b"), texts("a<>b", Dialect.POSTGRES));
    assertEquals(List.of("x", "::", "regclass"), texts("x::regclass", Dialect.POSTGRES));
    assertEquals(List.of("n", "!~", "'^pg_'"), texts("n !~ '^pg_'", Dialect.POSTGRES));
    assertEquals(List.of("j", "->>", "'k'"), texts("j->>'k'", Dialect.POSTGRES));
  }

  @Test
  void anOperatorDoesNotEndInPlusOrMinusUnlessItHoldsASpecialCharacter() {
    assertEquals(List.of("a", "=", "-", "1"), texts("a=-1", Dialect.POSTGRES));
    assertEquals(List.of("a", "*", "-", "1"), texts("a*-1", Dialect.POSTGRES));
    assertEquals(List.of("a", "@-", "b"), texts("a@-b", Dialect.POSTGRES));
  }

  @Test
  void parametersAndDollarQuotes() {
    assertEquals(
        List.of(Kind.WORD, Kind.PARAMETER, Kind.OPERATOR, Kind.STRING),
        kinds("x $12 = $tag$a'b;$$c$tag$", Dialect.POSTGRES));
    Token quoted = Lexer.significant("$tag$a'b;$$c$tag$", Dialect.POSTGRES).get(0);
    assertEquals("a'b;$$c", quoted.value());
  }

  @Test
  void escapeStringsResolveBackslashes() {
    Token t = Lexer.significant("E'a\\n\\'b\\x41\\101\\u00e9'", Dialect.POSTGRES).get(0);
    assertEquals(Kind.STRING, t.kind());
    assertEquals("a\n'bAAé", t.value());
  }

  @Test
  void aWordEndingInEBeforeAQuoteIsNoEscapeString() {
    assertEquals(List.of("name", "'x'"), texts("name'x'", Dialect.POSTGRES));
  }

  @Test
  void blockCommentsNestInPostgresOnly() {
    assertEquals(List.of("SELECT", "1"), texts("/* a /* b */ c */ SELECT 1", Dialect.POSTGRES));
    assertEquals(
        List.of("c", "*", "/", "SELECT", "1"), texts("/* a /* b */ c */ SELECT 1", Dialect.SQLITE));
  }

  @Test
  void quotedIdentifiersUnquote() {
    Token t = Lexer.significant("\"a\"\"b\"", Dialect.POSTGRES).get(0);
    assertEquals("a\"b", t.value());
  }

  @Test
  void unterminatedConstantsRunToTheEnd() {
    assertEquals(List.of("SELECT", "'abc"), texts("SELECT 'abc", Dialect.POSTGRES));
    assertEquals(List.of("SELECT", "E'abc\\'"), texts("SELECT E'abc\\'", Dialect.POSTGRES));
    assertEquals(List.of("SELECT", "$$abc"), texts("SELECT $$abc", Dialect.POSTGRES));
  }
}
