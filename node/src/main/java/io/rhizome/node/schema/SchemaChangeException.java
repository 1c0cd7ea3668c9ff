/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.schema;

import io.rhizome.proto.SqlState;
import java.sql.SQLException;

/** A schema change refused with Postgres' SQLSTATE and message. */
public final class SchemaChangeException extends SQLException {
  private final transient SqlState state;

  SchemaChangeException(SqlState state, String message) {
    super(message, state.code());
    this.state = state;
  }

  public SqlState state() {
    return state;
  }
}
