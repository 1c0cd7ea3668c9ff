/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class OutputTest {
  private static final ResultTable TENANTS =
      new ResultTable(
          List.of("name", "shard", "node"),
          List.of(false, true, false),
          List.of(List.of("acme", "7", "n1"), Arrays.asList("b\"q", "120", null)));

  private static String print(BiConsumer<ResultTable, PrintWriter> p, ResultTable t) {
    StringWriter s = new StringWriter();
    PrintWriter w = new PrintWriter(s);
    p.accept(t, w);
    w.flush();
    return s.toString();
  }

  @Test
  void tableAlignsTextLeftAndNumbersRight() {
    assertEquals(
        String.join(
            "\n",
            "name | shard | node",
            "-----+-------+-----",
            "acme |     7 | n1",
            "b\"q  |   120 |",
            "(2 rows)",
            ""),
        print(new TablePrinter()::printRows, TENANTS));
  }

  @Test
  void jsonTypesNumbersEscapesStringsAndKeepsNulls() {
    assertEquals(
        "[{\"name\":\"acme\",\"shard\":7,\"node\":\"n1\"},"
            + "{\"name\":\"b\\\"q\",\"shard\":120,\"node\":null}]\n",
        print(new JsonPrinter()::printRows, TENANTS));
  }

  @Test
  void jsonPrintsASingleResultAsAnObject() {
    ResultTable one = new ResultTable(List.of("name"), List.of(false), List.of(List.of("acme")));
    assertEquals("{\"name\":\"acme\"}\n", print(new JsonPrinter()::printOne, one));
  }

  @Test
  void literalsDoubleQuotesAndRefuseNul() {
    assertEquals("'it''s'", SqlLiterals.quote("it's"));
    assertEquals("'a\\b'", SqlLiterals.quote("a\\b"));
    assertThrows(IllegalArgumentException.class, () -> SqlLiterals.quote("a\0b"));
  }
}
