/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.SqlState;

/**
 * A client's cancel request for the running Query or extended-query request. Set by the cancel's
 * thread, read by the session's worker and by SQLite's progress handler.
 */
final class CancelFlag {
  static final String CANCELED_BY_USER = "canceling statement due to user request";

  private volatile boolean set;

  boolean isSet() {
    return set;
  }

  void set() {
    set = true;
  }

  void clear() {
    set = false;
  }

  /** The 57014 of a statement that did not start because of the cancel; uses the cancel up. */
  io.rhizome.proto.Error canceled() {
    set = false;
    return Errors.error(SqlState.QUERY_CANCELED, CANCELED_BY_USER);
  }

  /**
   * The error to report for a statement that failed while a cancel was pending: SQLite's
   * "interrupted" in Postgres' words. The cancel has stopped the work, so it is used up (the
   * rollback that follows must not be aborted too).
   */
  io.rhizome.proto.Error explain(io.rhizome.proto.Error error) {
    if (!set) {
      return error;
    }
    set = false;
    if (SqlState.QUERY_CANCELED.code().equals(error.getSqlstate())) {
      return error.toBuilder().setMessage(CANCELED_BY_USER).build();
    }
    return error;
  }
}
