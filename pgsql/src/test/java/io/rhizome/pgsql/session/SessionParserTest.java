/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.session.SessionCommand.Value;
import io.rhizome.pgsql.session.SessionCommand.Value.Kind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The session statements clients, drivers and pools send, in the spellings Postgres accepts. */
class SessionParserTest {
  private static SessionCommand set(String name, boolean local, Value... values) {
    return new SessionCommand.Set(name, List.of(values), local);
  }

  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("SET search_path = public", set("search_path", false, word("public"))),
        Arguments.of(
            "set Search_Path to \"$user\", 'public'",
            set("search_path", false, new Value("$user", Kind.QUOTED), string("public"))),
        Arguments.of(
            "SET SESSION statement_timeout = 5000",
            set("statement_timeout", false, new Value("5000", Kind.NUMBER))),
        Arguments.of("SET LOCAL lock_timeout TO '1s'", set("lock_timeout", true, string("1s"))),
        Arguments.of(
            "SET application_name = DEFAULT",
            new SessionCommand.Set("application_name", null, false)),
        Arguments.of(
            "SET extra_float_digits = -3",
            set("extra_float_digits", false, new Value("-3", Kind.NUMBER))),
        Arguments.of("SET TIME ZONE 'UTC'", set("timezone", false, string("UTC"))),
        Arguments.of("SET TIME ZONE LOCAL", new SessionCommand.Set("timezone", null, false)),
        Arguments.of("SET NAMES 'utf-8'", set("client_encoding", false, string("utf-8"))),
        Arguments.of("SET SCHEMA 'public'", set("search_path", false, string("public"))),
        Arguments.of("SET myapp.tenant = 'x'", set("myapp.tenant", false, string("x"))),
        Arguments.of(
            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED",
            new SessionCommand.NoOp("SET")),
        Arguments.of("SET TRANSACTION READ ONLY", new SessionCommand.NoOp("SET")),
        Arguments.of("RESET ALL", new SessionCommand.Reset(null)),
        Arguments.of("reset TimeZone", new SessionCommand.Reset("timezone")),
        Arguments.of("RESET TIME ZONE", new SessionCommand.Reset("timezone")),
        Arguments.of("SHOW ALL", new SessionCommand.Show(null)),
        Arguments.of("SHOW server_version", new SessionCommand.Show("server_version")),
        Arguments.of(
            "SHOW TRANSACTION ISOLATION LEVEL", new SessionCommand.Show("transaction_isolation")),
        Arguments.of("DISCARD ALL", new SessionCommand.Discard("ALL")),
        Arguments.of("discard temporary", new SessionCommand.Discard("TEMP")),
        Arguments.of("CLOSE ALL", new SessionCommand.NoOp("CLOSE CURSOR ALL")),
        Arguments.of("UNLISTEN *", new SessionCommand.NoOp("UNLISTEN")));
  }

  private static Value word(String s) {
    return new Value(s, Kind.WORD);
  }

  private static Value string(String s) {
    return new Value(s, Kind.STRING);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statements")
  void parses(String sql, SessionCommand expected) {
    assertEquals(expected, SessionParser.parse(sql));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SET search_path|SYNTAX_ERROR",
        "SET x 1|SYNTAX_ERROR",
        "DISCARD everything|SYNTAX_ERROR",
        "SET ROLE admin|FEATURE_NOT_SUPPORTED",
        "SET SESSION AUTHORIZATION admin|FEATURE_NOT_SUPPORTED",
        "CLOSE my_cursor|FEATURE_NOT_SUPPORTED"
      })
  void refuses(String sql, SqlException.Reason reason) {
    assertEquals(reason, assertThrows(SqlException.class, () -> SessionParser.parse(sql)).reason());
  }
}
