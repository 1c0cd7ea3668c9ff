/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.proto.Column;
import io.rhizome.proto.CommandComplete;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Row;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.RowDescription;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds results in the node's own response vocabulary, so results the gateway computes (session
 * statements, the admin console) go through the same writer as rows from a node.
 */
public final class Results {
  /** Rows per RowBatch, the node's batch size. */
  public static final int ROWS_PER_BATCH = 500;

  private Results() {}

  public static Column column(String name, PgType type) {
    return Column.newBuilder().setName(name).setType(type).build();
  }

  public static Value text(String s) {
    return Value.newBuilder().setText(s).build();
  }

  public static Value integer(long n) {
    return Value.newBuilder().setInteger(n).build();
  }

  public static Row row(Value... values) {
    return Row.newBuilder().addAllValues(List.of(values)).build();
  }

  public static SessionResponse commandComplete(String tag) {
    return SessionResponse.newBuilder()
        .setCommandComplete(CommandComplete.newBuilder().setTag(tag))
        .build();
  }

  /** RowDescription, the rows in batches, then CommandComplete "tag". */
  public static List<SessionResponse> rows(List<Column> columns, List<Row> rows, String tag) {
    List<SessionResponse> out = new ArrayList<>();
    out.add(
        SessionResponse.newBuilder()
            .setRowDescription(RowDescription.newBuilder().addAllColumns(columns))
            .build());
    for (int i = 0; i < rows.size(); i += ROWS_PER_BATCH) {
      List<Row> batch = rows.subList(i, Math.min(rows.size(), i + ROWS_PER_BATCH));
      out.add(
          SessionResponse.newBuilder().setRows(RowBatch.newBuilder().addAllRows(batch)).build());
    }
    out.add(commandComplete(tag));
    return out;
  }

  /** A one-column text result of one row, as SHOW returns. */
  public static List<SessionResponse> single(String column, String value, String tag) {
    return rows(List.of(column(column, PgType.TEXT)), List.of(row(text(value))), tag);
  }
}
