/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.proto.Error;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import java.util.List;

/**
 * Turns result responses (from a node or computed at the gateway) into Postgres messages of the
 * simple query protocol. It remembers the last RowDescription's types to encode the DataRows that
 * follow, all in text format.
 */
final class ResponseWriter {
  private RowEncoder rows = RowEncoder.text(List.of());

  /**
   * Encodes a RowDescription, RowBatch (all its DataRows in one buffer), CommandComplete,
   * EmptyQuery or Error.
   *
   * @throws IllegalArgumentException for a response that is not a result (Ready, Opened)
   */
  ByteBuf encode(ByteBufAllocator alloc, SessionResponse response) {
    return switch (response.getKindCase()) {
      case ROW_DESCRIPTION -> {
        rows = RowEncoder.text(response.getRowDescription().getColumnsList());
        yield rows.rowDescription(alloc);
      }
      case ROWS -> rows.dataRows(alloc, response.getRows());
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
}
