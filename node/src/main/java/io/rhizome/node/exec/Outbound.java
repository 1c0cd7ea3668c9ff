/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.SessionResponse;

/** Where a session's responses go: the gRPC stream, seen through its flow control. */
public interface Outbound {
  /** Whether the receiver can take another message without it piling up in a buffer. */
  boolean isReady();

  /** Sends one response; never blocks. */
  void send(SessionResponse response);
}
