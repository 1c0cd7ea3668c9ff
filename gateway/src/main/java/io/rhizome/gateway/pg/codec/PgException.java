/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import io.rhizome.proto.SqlState;

/**
 * A failure the client is told about as an ErrorResponse. It carries its SQLSTATE; no stack trace
 * is filled in because these are expected outcomes (bad input, wrong password), not bugs.
 */
public final class PgException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient PgError error;

  public PgException(PgError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  /** A statement error ({@link Severity#ERROR}). */
  public static PgException error(SqlState state, String message) {
    return new PgException(PgError.error(state, message));
  }

  /** A session-ending error ({@link Severity#FATAL}). */
  public static PgException fatal(SqlState state, String message) {
    return new PgException(PgError.fatal(state, message));
  }

  /**
   * A malformed or out-of-order message: always fatal (the byte stream can no longer be trusted).
   */
  public static PgException protocolViolation(String message) {
    return fatal(SqlState.PROTOCOL_VIOLATION, message);
  }

  public PgError error() {
    return error;
  }
}
