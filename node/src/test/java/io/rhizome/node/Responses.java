/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.WrongDbServer;
import java.util.List;
import java.util.stream.Collectors;

/** Short readable forms of session responses, so tests compare whole conversations. */
public final class Responses {
  private Responses() {}

  public static List<String> describe(List<SessionResponse> responses) {
    return responses.stream().map(Responses::describe).toList();
  }

  public static String describe(SessionResponse r) {
    return switch (r.getKindCase()) {
      case OPENED -> "opened " + r.getOpened().getNodeId();
      case ROW_DESCRIPTION ->
          "columns "
              + r.getRowDescription().getColumnsList().stream()
                  .map(c -> c.getName() + ":" + c.getType())
                  .collect(Collectors.joining(","));
      case ROWS -> "rows " + EncodedRows.count(r.getRows());
      case COMMAND_COMPLETE -> r.getCommandComplete().getTag();
      case ERROR -> {
        String error = "error " + r.getError().getSqlstate();
        if (r.getError().hasWrongDbServer()) {
          WrongDbServer w = r.getError().getWrongDbServer();
          error += " wrong(" + w.getShard() + "," + w.getEpoch() + "," + w.getOwnerHint() + ")";
        }
        yield error;
      }
      case READY -> "ready " + r.getReady().getStatus();
      case EMPTY_QUERY -> "empty";
      case PARSE_COMPLETE -> "parsed";
      case BIND_COMPLETE -> "bound";
      case PARAMETER_DESCRIPTION ->
          "parameters "
              + r.getParameterDescription().getTypeOidsList().stream()
                  .map(String::valueOf)
                  .collect(Collectors.joining(","));
      case NO_DATA -> "no data";
      case PORTAL_SUSPENDED -> "suspended";
      case CLOSE_COMPLETE -> "closed";
      case KIND_NOT_SET -> "?";
    };
  }
}
