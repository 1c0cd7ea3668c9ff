/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.io.PrintWriter;

/** Writes console results for people or for scripts. */
interface ResultPrinter {
  /** Every row of the result. */
  void printRows(ResultTable table, PrintWriter out);

  /** The single row a command produced (e.g. the tenant just created). */
  void printOne(ResultTable table, PrintWriter out);

  /** A command that returns no rows: a short confirmation. */
  void printDone(String verb, String subject, PrintWriter out);
}
