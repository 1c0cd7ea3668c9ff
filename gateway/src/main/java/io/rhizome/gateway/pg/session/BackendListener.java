/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.SessionResponse;

/** Receives a backend's output, always on the session's event loop. */
public interface BackendListener {

  /** One response, delivered after a {@link StatementBackend#request()}. */
  void onResponse(SessionResponse response);

  /** The backend is gone (node stream failed or ended); the session must end. */
  void onFailure(PgException failure);
}
