/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatementSplitterTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("empty", "", List.of()),
        Arguments.of("whitespace only", "  \n\t ", List.of()),
        Arguments.of("semicolons only", " ; ;; ", List.of()),
        Arguments.of("comment only", "-- nothing here", List.of()),
        Arguments.of("block comment only", "/* a; b */", List.of()),
        Arguments.of("one statement", "SELECT 1", List.of("SELECT 1")),
        Arguments.of("trailing semicolon", "SELECT 1;", List.of("SELECT 1")),
        Arguments.of(
            "empty statements dropped", "SELECT 1;; ;SELECT 2", List.of("SELECT 1", "SELECT 2")),
        Arguments.of("trimmed", "  SELECT 1 ;\n SELECT 2  ", List.of("SELECT 1", "SELECT 2")),
        Arguments.of(
            "semicolon in string", "SELECT 'a;b'; SELECT 2", List.of("SELECT 'a;b'", "SELECT 2")),
        Arguments.of(
            "doubled quote in string",
            "SELECT 'it''s;'; SELECT 2",
            List.of("SELECT 'it''s;'", "SELECT 2")),
        Arguments.of(
            "backslash is literal", "SELECT 'a\\'; SELECT 2", List.of("SELECT 'a\\'", "SELECT 2")),
        Arguments.of(
            "double-quoted identifier",
            "SELECT \"a;\"\"b\" FROM t; SELECT 2",
            List.of("SELECT \"a;\"\"b\" FROM t", "SELECT 2")),
        Arguments.of(
            "backquoted identifier", "SELECT `a;b`; SELECT 2", List.of("SELECT `a;b`", "SELECT 2")),
        Arguments.of(
            "bracketed identifier", "SELECT [a;b]; SELECT 2", List.of("SELECT [a;b]", "SELECT 2")),
        Arguments.of(
            "line comment",
            "SELECT 1 -- x; y\n; SELECT 2",
            List.of("SELECT 1 -- x; y", "SELECT 2")),
        Arguments.of(
            "block comment", "SELECT /* ; */ 1; SELECT 2", List.of("SELECT /* ; */ 1", "SELECT 2")),
        Arguments.of("leading comment kept", "-- note\nSELECT 1", List.of("-- note\nSELECT 1")),
        Arguments.of("trailing comment statement dropped", "SELECT 1; -- bye", List.of("SELECT 1")),
        Arguments.of(
            "unterminated string runs to end",
            "SELECT 'a; SELECT 2",
            List.of("SELECT 'a; SELECT 2")),
        Arguments.of(
            "trigger body",
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM u; END; SELECT 1",
            List.of(
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM u; END",
                "SELECT 1")),
        Arguments.of(
            "temp trigger with CASE ... END inside",
            "create temp trigger tr before update on t begin "
                + "select case when new.a < 0 then raise(abort, 'neg;') end; end;select 2",
            List.of(
                "create temp trigger tr before update on t begin "
                    + "select case when new.a < 0 then raise(abort, 'neg;') end; end",
                "select 2")),
        Arguments.of(
            "BEGIN transaction is not a trigger",
            "BEGIN; INSERT INTO t VALUES (1); COMMIT",
            List.of("BEGIN", "INSERT INTO t VALUES (1)", "COMMIT")),
        Arguments.of(
            "CASE END outside a trigger",
            "SELECT CASE WHEN 1 THEN 2 END; SELECT 3",
            List.of("SELECT CASE WHEN 1 THEN 2 END", "SELECT 3")),
        Arguments.of(
            "escape string with a backslash-quoted quote",
            "SELECT E'a\\';b'; SELECT 2",
            List.of("SELECT E'a\\';b'", "SELECT 2")),
        Arguments.of(
            "a word ending in e before a quote is no escape string",
            "SELECT name'a\\'; SELECT 2",
            List.of("SELECT name'a\\'", "SELECT 2")),
        Arguments.of(
            "dollar quote",
            "SELECT $$a;b$$; SELECT $x$c;$$d$x$",
            List.of("SELECT $$a;b$$", "SELECT $x$c;$$d$x$")),
        Arguments.of(
            "parameters are no dollar quotes",
            "SELECT $1, $2; SELECT 3",
            List.of("SELECT $1, $2", "SELECT 3")),
        Arguments.of("number only", "1", List.of("1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void splitsLikeSqlite(String name, String sql, List<String> expected) {
    assertEquals(expected, StatementSplitter.split(sql));
  }
}
