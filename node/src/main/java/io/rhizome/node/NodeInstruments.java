/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import io.rhizome.node.rpc.NodeMetrics;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node reports on itself.
 *
 * @param metrics where per-statement figures go
 * @param slowStatements requests that take at least this long are logged (tenant, user, duration,
 *     statement text); null logs none
 */
public record NodeInstruments(NodeMetrics metrics, Duration slowStatements) {
  /** No meters, no slow-statement log. */
  public static final NodeInstruments NONE = new NodeInstruments(NodeMetrics.NONE, null);

  public NodeInstruments {
    Objects.requireNonNull(metrics, "metrics");
    if (slowStatements != null && slowStatements.isNegative()) {
      throw new IllegalArgumentException("slowStatements must not be negative");
    }
  }
}
