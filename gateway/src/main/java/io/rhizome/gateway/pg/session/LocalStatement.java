/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.proto.SessionResponse;
import java.util.List;
import java.util.Optional;

/** A statement the gateway answers itself, without a node. */
interface LocalStatement {

  /**
   * Runs against the session's settings.
   *
   * @throws io.rhizome.gateway.pg.codec.PgException a statement error (the session goes on)
   */
  Result execute(SessionSettings settings);

  /**
   * The statement's name when it may not run inside a transaction block (then 25001, as in
   * Postgres); empty for most.
   */
  default Optional<String> outsideTransactionOnly() {
    return Optional.empty();
  }

  /** What to send: ParameterStatus messages for changed reported settings, then the results. */
  record Result(List<ParameterStatus> reported, List<SessionResponse> responses) {}
}
