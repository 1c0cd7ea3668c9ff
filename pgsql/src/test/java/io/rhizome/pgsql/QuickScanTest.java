/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.pgsql.QuickScan.Signal;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuickScanTest {

  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("SELECT v FROM kv WHERE k = $1", Signal.NONE),
        Arguments.of("INSERT INTO log (v, at) VALUES (?1, ?2)", Signal.NONE),
        Arguments.of("UPDATE kv SET v = v WHERE k = 7", Signal.NONE),
        Arguments.of("SELECT '::' || 'pg_catalog' -- ~ ::", Signal.NONE),
        Arguments.of("SELECT /* ~ */ x FROM t", Signal.NONE),
        Arguments.of("SELECT x'00ff' FROM t", Signal.NONE),
        Arguments.of("SELECT 1::int", Signal.SYNTAX),
        Arguments.of("SELECT a FROM t WHERE a ~ 'x'", Signal.SYNTAX),
        Arguments.of("SELECT E'a'", Signal.SYNTAX),
        Arguments.of("SELECT $$a$$", Signal.SYNTAX),
        Arguments.of("SELECT * FROM pg_catalog.pg_class", Signal.WORDS),
        Arguments.of("SELECT * FROM \"pg_class\"", Signal.WORDS),
        Arguments.of("SELECT * FROM public.t", Signal.WORDS),
        Arguments.of("SELECT a FROM t UNION ALL SELECT b FROM u", Signal.WORDS),
        Arguments.of("SELECT version()", Signal.WORDS),
        Arguments.of("SELECT x = ANY(y) FROM t", Signal.WORDS),
        Arguments.of("SELECT 1abc FROM t", Signal.NONE),
        Arguments.of("INSERT INTO t (id, v) VALUES (DEFAULT, $1)", Signal.WORDS),
        Arguments.of("SELECT date '2024-01-31' + 7", Signal.SYNTAX),
        Arguments.of("SELECT timestamp  '2024-01-31'", Signal.SYNTAX),
        Arguments.of("SELECT interval '1 day' * 2", Signal.SYNTAX),
        Arguments.of("SELECT date, time, timestamp FROM t WHERE date = '2024-01-31'", Signal.NONE),
        // Postgres-only constructs, found by a word and the word after it, or by an operator.
        Arguments.of("SELECT DISTINCT ON (a) a, b FROM t", Signal.SYNTAX),
        Arguments.of("SELECT DISTINCT on_hand FROM t", Signal.NONE),
        Arguments.of("SELECT a FROM t WHERE a similar\tto 'x%'", Signal.SYNTAX),
        Arguments.of("SELECT a FROM t FOR UPDATE", Signal.SYNTAX),
        Arguments.of("SELECT a FROM t FOR  share", Signal.SYNTAX),
        Arguments.of("SELECT a FROM t FOR NO KEY UPDATE", Signal.SYNTAX),
        Arguments.of("SELECT a FROM t FOR KEY SHARE", Signal.SYNTAX),
        Arguments.of("SELECT for_update FROM t", Signal.NONE),
        Arguments.of(
            "INSERT INTO t VALUES (1) ON CONFLICT ON CONSTRAINT t_pkey DO NOTHING", Signal.SYNTAX),
        Arguments.of("SELECT a FROM t JOIN u ON constraints.id = t.id", Signal.NONE),
        Arguments.of("SELECT pg_advisory_lock(1)", Signal.SYNTAX),
        Arguments.of("SELECT pg_try_advisory_xact_lock(1)", Signal.SYNTAX),
        Arguments.of("SELECT pg_notify('c', 'x')", Signal.SYNTAX),
        Arguments.of("SELECT pg_advisory FROM t", Signal.WORDS),
        Arguments.of("SELECT doc #> '{a}' FROM t", Signal.SYNTAX),
        Arguments.of("SELECT doc #>> '{a}' FROM t", Signal.SYNTAX),
        Arguments.of("SELECT 1 FROM t WHERE doc @> '{}'", Signal.SYNTAX),
        Arguments.of("SELECT 1 FROM t WHERE '{}' <@ doc", Signal.SYNTAX),
        Arguments.of("SELECT 1 FROM t WHERE doc ? 'k'", Signal.SYNTAX),
        Arguments.of("SELECT 1 FROM t WHERE doc ?| array['k']", Signal.SYNTAX),
        Arguments.of("SELECT 1 FROM t WHERE doc ?& '{k}'", Signal.SYNTAX),
        // SQLite's parameters: ?, ?NNN, @name, followed by anything but a string.
        Arguments.of("SELECT a FROM t WHERE a = ? AND b = ?2 OR c = ? || 'x'", Signal.NONE),
        Arguments.of("SELECT a FROM t WHERE a <@b AND b = @c", Signal.NONE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statements")
  void findsWhatATranslationCouldChange(String sql, Signal expected) {
    assertEquals(expected, QuickScan.scan(sql));
  }
}
