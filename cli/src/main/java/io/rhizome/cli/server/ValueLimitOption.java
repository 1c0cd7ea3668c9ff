/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.gateway.ClientGuards;
import io.rhizome.gateway.GatewayConfig;
import io.rhizome.node.NodeConfig;
import io.rhizome.node.NodeLimits;
import picocli.CommandLine.Option;

/**
 * {@code --max-value-bytes}, one flag for the node and the gateway (a standalone process has both):
 * the node fails a statement that makes a larger string, blob or row with 54000, the gateway ends a
 * session that receives a larger row.
 */
public final class ValueLimitOption {
  @Option(
      names = "--max-value-bytes",
      paramLabel = "BYTES",
      description =
          "Largest string, blob or result row (its values together) a statement may make; past"
              + " it the statement gets 54000. Give every gateway at least its nodes' value."
              + " Default: 64 MiB, or a sixteenth of the heap if smaller.")
  Integer maxValueBytes;

  NodeConfig apply(NodeConfig config) {
    if (maxValueBytes == null) {
      return config;
    }
    NodeLimits l = config.limits();
    return config.withLimits(
        new NodeLimits(
            l.maxOpenTenants(),
            l.tenantIdleTimeout(),
            l.maxSessionsPerTenant(),
            l.maxConcurrentStatements(),
            l.statementQueue(),
            maxValueBytes));
  }

  GatewayConfig apply(GatewayConfig config) {
    if (maxValueBytes == null) {
      return config;
    }
    ClientGuards g = config.guards();
    return config.withGuards(
        new ClientGuards(maxValueBytes, g.authFailureDelay(), g.maxUnauthenticated()));
  }
}
