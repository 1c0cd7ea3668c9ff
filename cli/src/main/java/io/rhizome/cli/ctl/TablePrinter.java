/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.io.PrintWriter;
import java.util.List;

/** psql-style aligned columns. */
final class TablePrinter implements ResultPrinter {

  @Override
  public void printRows(ResultTable table, PrintWriter out) {
    int n = table.columns().size();
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = table.columns().get(i).length();
    }
    for (List<String> row : table.rows()) {
      for (int i = 0; i < n; i++) {
        width[i] = Math.max(width[i], cell(row.get(i)).length());
      }
    }
    printLine(table.columns(), width, table, out);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < n; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    out.println(rule);
    for (List<String> row : table.rows()) {
      printLine(row, width, table, out);
    }
    int count = table.rows().size();
    out.println("(" + count + (count == 1 ? " row)" : " rows)"));
  }

  @Override
  public void printOne(ResultTable table, PrintWriter out) {
    printRows(table, out);
  }

  @Override
  public void printDone(String verb, String subject, PrintWriter out) {
    out.println(verb + " " + subject);
  }

  private static void printLine(List<String> cells, int[] width, ResultTable t, PrintWriter out) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      String c = cell(cells.get(i));
      String pad = " ".repeat(width[i] - c.length());
      line.append(i == 0 ? "" : " | ").append(t.numeric().get(i) ? pad + c : c + pad);
    }
    out.println(line.toString().stripTrailing());
  }

  private static String cell(String value) {
    return value == null ? "" : value;
  }
}
