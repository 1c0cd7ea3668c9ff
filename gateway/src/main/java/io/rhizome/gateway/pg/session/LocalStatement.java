/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.proto.SessionResponse;
import java.util.List;

/** A statement the gateway answers itself, without a node. */
interface LocalStatement {

  /**
   * Runs against the session's settings.
   *
   * @throws io.rhizome.gateway.pg.codec.PgException a statement error (the session goes on)
   */
  Result execute(SessionSettings settings);

  /** What to send: ParameterStatus messages for changed reported settings, then the results. */
  record Result(List<ParameterStatus> reported, List<SessionResponse> responses) {}
}
