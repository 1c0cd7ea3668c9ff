/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** One JSON document per command: an array for lists, an object for single results. */
final class JsonPrinter implements ResultPrinter {
  private static final JsonFactory FACTORY = new JsonFactory();

  @Override
  public void printRows(ResultTable table, PrintWriter out) {
    write(
        out,
        g -> {
          g.writeStartArray();
          for (List<String> row : table.rows()) {
            writeRow(g, table, row);
          }
          g.writeEndArray();
        });
  }

  @Override
  public void printOne(ResultTable table, PrintWriter out) {
    if (table.rows().size() != 1) {
      printRows(table, out);
      return;
    }
    write(out, g -> writeRow(g, table, table.rows().get(0)));
  }

  @Override
  public void printDone(String verb, String subject, PrintWriter out) {
    write(
        out,
        g -> {
          g.writeStartObject();
          g.writeStringField(verb, subject);
          g.writeEndObject();
        });
  }

  private static void writeRow(JsonGenerator g, ResultTable table, List<String> row)
      throws IOException {
    g.writeStartObject();
    for (int i = 0; i < table.columns().size(); i++) {
      g.writeFieldName(table.columns().get(i));
      String v = row.get(i);
      if (v == null) {
        g.writeNull();
      } else if (table.numeric().get(i)) {
        g.writeNumber(v);
      } else {
        g.writeString(v);
      }
    }
    g.writeEndObject();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static void write(PrintWriter out, Body body) {
    try {
      JsonGenerator g = FACTORY.createGenerator(out);
      body.write(g);
      g.flush();
      out.println();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
