/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.proto.SqlState;

/**
 * Where the gateway's per-connection figures go (the Prometheus meters, or nowhere). Called on the
 * event loops: an implementation keeps references to meters whose labels were resolved once, and
 * does no lookup, no string building and takes no lock here.
 */
public interface GatewayMetrics {

  /** Figures that go nowhere: the default when the process exports no metrics. */
  GatewayMetrics NONE =
      new GatewayMetrics() {
        @Override
        public void connectionAccepted() {}

        @Override
        public void connectionRefused() {}

        @Override
        public void sessionOpened() {}

        @Override
        public void sessionFailed(boolean established, SqlState state) {}
      };

  /** A client connection was accepted within the connection limit. */
  void connectionAccepted();

  /** A client connection beyond the limit was turned away (53300). */
  void connectionRefused();

  /** A client signed in and its session is open on its node (or the console). */
  void sessionOpened();

  /**
   * A session ended with a FATAL error.
   *
   * @param established whether it had signed in and opened (false: it failed during startup, e.g. a
   *     wrong password or an unknown database)
   */
  void sessionFailed(boolean established, SqlState state);
}
