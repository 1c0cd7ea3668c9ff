/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

/**
 * Where the node's session events go (the Prometheus meters, or nowhere): opens and refusals.
 * Per-request figures are pushed nowhere: sessions keep them in plain counters of their own ({@link
 * StatementTally}) that the meters read when scraped ({@link FigureSet}).
 */
public interface NodeMetrics {

  /** Events that go nowhere: the default when the process exports no metrics. */
  NodeMetrics NONE =
      new NodeMetrics() {
        @Override
        public void sessionOpened() {}

        @Override
        public void sessionRefused(io.rhizome.proto.Error error) {}
      };

  /** A session was admitted and its tenant's database opened. */
  void sessionOpened();

  /** A session open was refused with this error (before the session was open). */
  void sessionRefused(io.rhizome.proto.Error error);
}
