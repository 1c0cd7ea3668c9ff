/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.SqlState;

/** The one error for a wrong password and for an unknown user, whatever the method. */
final class AuthFailures {
  private AuthFailures() {}

  static PgException passwordFailed(String user) {
    return PgException.fatal(
        SqlState.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"");
  }
}
