/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

/**
 * Where the node's per-statement figures go (the Prometheus meters, or nowhere). Called on the
 * per-query path from {@link StatementTally}: an implementation keeps references to meters whose
 * labels were resolved once, and does no lookup, no string building and takes no lock here.
 */
public interface NodeMetrics {

  /** Figures that go nowhere: the default when the process exports no metrics. */
  NodeMetrics NONE =
      new NodeMetrics() {
        @Override
        public void sessionOpened() {}

        @Override
        public void sessionRefused(io.rhizome.proto.Error error) {}

        @Override
        public void statementCompleted(String tag) {}

        @Override
        public void statementFailed(String sqlstate) {}

        @Override
        public void rowsSent(int rows, int bytes) {}

        @Override
        public void requestFinished(long nanos, boolean failed) {}
      };

  /** A session was admitted and its tenant's database opened. */
  void sessionOpened();

  /** A session open was refused with this error (before the session was open). */
  void sessionRefused(io.rhizome.proto.Error error);

  /**
   * A statement completed.
   *
   * @param tag its Postgres command tag ("SELECT 1", "INSERT 0 3"), which names its kind
   */
  void statementCompleted(String tag);

  /** A statement (or a request refused before it ran) failed with this SQLSTATE. */
  void statementFailed(String sqlstate);

  /** A batch of result rows went to the gateway. */
  void rowsSent(int rows, int bytes);

  /**
   * A request (one Query message, or one extended-query run up to its Ready) finished.
   *
   * @param nanos from its arrival (queueing for a statement slot included) to its Ready
   * @param failed whether any statement of it failed
   */
  void requestFinished(long nanos, boolean failed);
}
