/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import io.rhizome.proto.SqlState;
import java.util.Objects;

/**
 * The content of an ErrorResponse. Severity, SQLSTATE and message are required; detail and hint are
 * optional ({@code null} when absent).
 */
public record PgError(
    Severity severity, SqlState state, String message, String detail, String hint) {

  public PgError {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
  }

  /** A statement error: the session stays usable. */
  public static PgError error(SqlState state, String message) {
    return new PgError(Severity.ERROR, state, message, null, null);
  }

  /** A session-ending error. */
  public static PgError fatal(SqlState state, String message) {
    return new PgError(Severity.FATAL, state, message, null, null);
  }

  public PgError withDetail(String value) {
    return new PgError(severity, state, message, emptyToNull(value), hint);
  }

  public PgError withHint(String value) {
    return new PgError(severity, state, message, detail, emptyToNull(value));
  }

  public PgError withSeverity(Severity value) {
    return new PgError(value, state, message, detail, hint);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
