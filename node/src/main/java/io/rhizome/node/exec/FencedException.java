/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

/**
 * The node lost the session's shard: the session must end with {@link #error()}, which names the
 * owner the node believes in, so the gateway can re-route.
 */
public final class FencedException extends Exception {
  private final transient io.rhizome.proto.Error error;

  public FencedException(io.rhizome.proto.Error error) {
    super(error.getMessage(), null, false, false);
    this.error = error;
  }

  public io.rhizome.proto.Error error() {
    return error;
  }
}
