/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.gateway.pg.codec.PgException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyStatementParserTest {

  private static String state(String sql) {
    return assertThrows(PgException.class, () -> CopyStatementParser.parse(sql))
        .error()
        .state()
        .code();
  }

  @Test
  void fromStdinWithColumnsAndDefaults() {
    CopyStatement s = CopyStatementParser.parse("copy public.t (a, \"B\") from stdin;");
    assertTrue(s.from());
    assertEquals("t", s.table());
    assertEquals(List.of("a", "\"B\""), s.columns());
    assertEquals(CopyFormat.textFormat(), s.format());
    assertEquals("SELECT a, \"B\" FROM t", s.select());
  }

  @Test
  void toStdoutWithAQuery() {
    CopyStatement s = CopyStatementParser.parse("COPY (SELECT a FROM t WHERE (a > 1)) TO STDOUT");
    assertFalse(s.from());
    assertNull(s.table());
    assertEquals("SELECT a FROM t WHERE (a > 1)", s.select());
  }

  @Test
  void aQueryMustReturnRows() {
    assertEquals("0A000", state("COPY (DELETE FROM t) TO STDOUT"));
    assertEquals("42601", state("COPY (DROP TABLE t) TO STDOUT"));
    assertEquals(
        "DELETE FROM t RETURNING id",
        CopyStatementParser.parse("COPY (DELETE FROM t RETURNING id) TO STDOUT").select());
    assertEquals(
        "WITH x AS (SELECT 1) SELECT * FROM x",
        CopyStatementParser.parse("COPY (WITH x AS (SELECT 1) SELECT * FROM x) TO STDOUT")
            .select());
  }

  @Test
  void newStyleOptions() {
    CopyStatement s =
        CopyStatementParser.parse(
            "COPY t TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';', NULL 'n', QUOTE '''',"
                + " ESCAPE '\\')");
    assertEquals(new CopyFormat(true, ';', "n", true, '\'', '\\'), s.format());
    assertTrue(
        CopyStatementParser.parse("COPY t FROM STDIN (FORMAT csv, HEADER)").format().header());
  }

  @Test
  void legacyOptionsAsPsqlSendsThem() {
    CopyStatement s =
        CopyStatementParser.parse("COPY t FROM STDIN WITH DELIMITER AS '|' CSV HEADER");
    assertEquals(new CopyFormat(true, '|', "", true, '"', '"'), s.format());
    CopyStatement q = CopyStatementParser.parse("COPY t FROM STDIN CSV QUOTE '''' NULL 'x'");
    assertEquals(new CopyFormat(true, ',', "x", false, '\'', '\''), q.format());
    assertEquals(
        '\t', CopyStatementParser.parse("COPY t TO STDOUT DELIMITER E'\\t'").format().delimiter());
  }

  @Test
  void serverFilesAndProgramsAreInsufficientPrivilege() {
    assertEquals("42501", state("COPY t FROM '/etc/passwd'"));
    assertEquals("42501", state("COPY t TO '/tmp/x' CSV"));
    assertEquals("42501", state("COPY t FROM PROGRAM 'cat /etc/passwd'"));
    assertEquals("42501", state("COPY (SELECT 1) TO PROGRAM 'sh'"));
  }

  @Test
  void binaryAndUnknownOptionsAreNotSupported() {
    assertEquals("0A000", state("COPY t FROM STDIN (FORMAT binary)"));
    assertEquals("0A000", state("COPY BINARY t FROM STDIN"));
    assertEquals("0A000", state("COPY t TO STDOUT (FORCE_QUOTE (a))"));
    assertEquals("0A000", state("COPY t FROM STDIN (QUOTE '\"')"));
  }

  @Test
  void badSyntaxAndValues() {
    assertEquals("42601", state("COPY t"));
    assertEquals("42601", state("COPY (SELECT 1) FROM STDIN"));
    assertEquals("42601", state("COPY t FROM STDOUT"));
    assertEquals("22023", state("COPY t FROM STDIN (DELIMITER 'ab')"));
    assertEquals("22023", state("COPY t FROM STDIN (FORMAT xml)"));
    assertEquals("22023", state("COPY t FROM STDIN (FORMAT csv, DELIMITER '\"')"));
  }
}
