/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;

/** Builds the {@code Error} messages of the session stream. */
public final class Errors {
  private Errors() {}

  /** An error with its SQLSTATE and a message for the client. */
  public static io.rhizome.proto.Error error(SqlState state, String message) {
    return io.rhizome.proto.Error.newBuilder()
        .setSqlstate(state.code())
        .setMessage(message)
        .build();
  }

  /** The error wrapped as a session response. */
  public static SessionResponse response(io.rhizome.proto.Error error) {
    return SessionResponse.newBuilder().setError(error).build();
  }

  /** Shorthand for {@code response(error(state, message))}. */
  public static SessionResponse response(SqlState state, String message) {
    return response(error(state, message));
  }
}
