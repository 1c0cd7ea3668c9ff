/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.types.PgTypeCodec;
import io.rhizome.gateway.pg.types.PgTypes;
import io.rhizome.proto.Column;
import io.rhizome.proto.Error;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns result responses (from a node or computed at the gateway) into Postgres messages. It
 * remembers the last RowDescription's types to encode the DataRows that follow.
 */
final class ResponseWriter {
  private PgTypeCodec[] codecs = new PgTypeCodec[0];

  /**
   * Encodes a RowDescription, RowBatch (all its DataRows in one buffer), CommandComplete,
   * EmptyQuery or Error.
   *
   * @throws IllegalArgumentException for a response that is not a result (Ready, Opened)
   */
  ByteBuf encode(ByteBufAllocator alloc, SessionResponse response) {
    return switch (response.getKindCase()) {
      case ROW_DESCRIPTION -> rowDescription(alloc, response.getRowDescription().getColumnsList());
      case ROWS -> dataRows(alloc, response.getRows().getRowsList());
      case COMMAND_COMPLETE ->
          BackendMessages.commandComplete(alloc, response.getCommandComplete().getTag());
      case EMPTY_QUERY -> BackendMessages.emptyQueryResponse();
      case ERROR -> BackendMessages.errorResponse(alloc, error(response.getError()));
      default -> throw new IllegalArgumentException("not a result: " + response.getKindCase());
    };
  }

  /** A node's statement error as an ErrorResponse (severity ERROR: the session goes on). */
  static PgError error(Error e) {
    String message = e.getMessage().isEmpty() ? "statement failed on the node" : e.getMessage();
    return PgError.error(SqlState.fromCode(e.getSqlstate()), message)
        .withDetail(e.getDetail())
        .withHint(e.getHint());
  }

  private ByteBuf rowDescription(ByteBufAllocator alloc, List<Column> columns) {
    codecs = new PgTypeCodec[columns.size()];
    List<BackendMessages.Field> fields = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      PgTypeCodec codec = PgTypes.forType(columns.get(i).getType());
      codecs[i] = codec;
      fields.add(
          new BackendMessages.Field(columns.get(i).getName(), codec.oid(), codec.typeLength()));
    }
    return BackendMessages.rowDescription(alloc, fields);
  }

  private ByteBuf dataRows(ByteBufAllocator alloc, List<Row> rows) {
    ByteBuf out = alloc.buffer();
    try {
      for (Row row : rows) {
        int start = BackendMessages.beginDataRow(out, row.getValuesCount());
        for (int i = 0; i < row.getValuesCount(); i++) {
          Value v = row.getValues(i);
          // A row wider than its description is still shown, as text, rather than dropped.
          PgTypeCodec codec = i < codecs.length ? codecs[i] : PgTypes.text();
          String text = codec.encodeText(v);
          if (text == null) {
            BackendMessages.writeNullColumn(out);
          } else {
            BackendMessages.writeTextColumn(out, text);
          }
        }
        BackendMessages.end(out, start);
      }
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }
}
