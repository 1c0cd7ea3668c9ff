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
        Arguments.of("SELECT 1abc FROM t", Signal.NONE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statements")
  void findsWhatATranslationCouldChange(String sql, Signal expected) {
    assertEquals(expected, QuickScan.scan(sql));
  }
}
