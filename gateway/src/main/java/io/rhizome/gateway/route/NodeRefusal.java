/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.rhizome.proto.Error;

/** The node answered Open with an Error (unknown tenant, or a shard it does not own). */
final class NodeRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Error error;

  NodeRefusal(Error error) {
    super(error.getMessage(), null, false, false);
    this.error = error;
  }

  Error error() {
    return error;
  }

  /** Whether the node does not own the shard at the epoch the gateway named. */
  boolean wrongDbServer() {
    return error.hasWrongDbServer();
  }
}
