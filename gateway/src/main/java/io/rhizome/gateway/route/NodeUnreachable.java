/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

/**
 * gRPC could not reach the node to open a session (UNAVAILABLE before the node said anything): the
 * node is down, restarting, or the channel is still waiting out its reconnect backoff from when it
 * was. Worth another try within the route window, unlike an answer of the node.
 */
final class NodeUnreachable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NodeUnreachable(String message) {
    super(message, null, false, false);
  }
}
