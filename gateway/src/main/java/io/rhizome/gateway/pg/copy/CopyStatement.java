/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.copy;

import java.util.List;

/**
 * A parsed COPY between a table (or a query) and the client: {@code COPY t [(cols)] FROM STDIN},
 * {@code COPY t [(cols)] TO STDOUT} or {@code COPY (query) TO STDOUT}.
 *
 * @param from data flows from the client into the table (COPY FROM STDIN)
 * @param table the table as SQL text (identifiers as the client wrote them), or null for a query
 * @param columns the column list as SQL identifiers as written; empty for all columns
 * @param query the query of {@code COPY (query) TO STDOUT}, or null
 */
public record CopyStatement(
    boolean from, String table, List<String> columns, String query, CopyFormat format) {

  public CopyStatement {
    columns = List.copyOf(columns);
  }

  /** The SELECT whose rows COPY TO sends, or whose description names the columns of COPY FROM. */
  public String select() {
    if (query != null) {
      return query;
    }
    return "SELECT " + (columns.isEmpty() ? "*" : String.join(", ", columns)) + " FROM " + table;
  }

  /** How error contexts name this COPY, as Postgres does ("COPY t, line 3"). */
  public String label() {
    return table == null ? "COPY" : "COPY " + table;
  }
}
