/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

/**
 * A statement that cannot be read or translated. The {@link Reason} says which Postgres SQLSTATE it
 * becomes; the module itself knows no wire codes.
 */
public final class SqlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the statement was refused. */
  public enum Reason {
    /** 42601: the text is not a statement of the dialect. */
    SYNTAX_ERROR,
    /** 0A000: valid Postgres that Rhizome does not translate; the message names the construct. */
    FEATURE_NOT_SUPPORTED,
    /** 42704: an unknown setting or type named in the statement. */
    UNDEFINED_OBJECT,
    /** 22023: a value a setting or function does not accept. */
    INVALID_PARAMETER_VALUE
  }

  private final Reason reason;

  public SqlException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public static SqlException syntax(String message) {
    return new SqlException(Reason.SYNTAX_ERROR, message);
  }

  /** 0A000 naming the construct: "{construct} is not supported". */
  public static SqlException unsupported(String construct) {
    return new SqlException(Reason.FEATURE_NOT_SUPPORTED, construct + " is not supported");
  }
}
