/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.util.List;

/**
 * A console result: column names, which columns are numeric (printed as JSON numbers), and rows of
 * text values (null for SQL NULL).
 */
record ResultTable(List<String> columns, List<Boolean> numeric, List<List<String>> rows) {
  ResultTable {
    columns = List.copyOf(columns);
    numeric = List.copyOf(numeric);
    rows = List.copyOf(rows);
  }
}
