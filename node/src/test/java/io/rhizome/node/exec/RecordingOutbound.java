/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.SessionResponse;
import java.util.ArrayList;
import java.util.List;

/** An {@link Outbound} that keeps what it is sent and is ready for a set number of messages. */
final class RecordingOutbound implements Outbound {
  private final List<SessionResponse> sent = new ArrayList<>();
  private long budget = Long.MAX_VALUE;

  /** Accepts {@code messages} more messages, then reports not ready. */
  void allow(long messages) {
    budget = messages;
  }

  @Override
  public boolean isReady() {
    return budget > 0;
  }

  @Override
  public void send(SessionResponse response) {
    budget--;
    sent.add(response);
  }

  /** What was sent since the last call. */
  List<SessionResponse> drain() {
    List<SessionResponse> out = List.copyOf(sent);
    sent.clear();
    return out;
  }
}
