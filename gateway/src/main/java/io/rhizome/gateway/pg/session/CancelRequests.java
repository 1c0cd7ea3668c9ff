/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

/**
 * Where a client's CancelRequest goes. The session it names may live on any node and may have been
 * opened through any gateway, so this routes by the key alone.
 */
public interface CancelRequests {

  /**
   * Dropped cancel requests: for a gateway with nowhere to send them (tests, the admin console).
   */
  CancelRequests NONE = (processId, secretKey) -> {};

  /**
   * Forwards a cancel request without waiting for it and without telling anyone the outcome (the
   * client gets no answer, as from Postgres). Called on an event loop: must not block.
   */
  void cancel(int processId, int secretKey);
}
