/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.link;

import java.util.concurrent.Executor;

/** Opens session streams to one node. */
public interface SessionTransport {

  /**
   * Opens a stream whose callbacks run on {@code loop}; call on {@code loop}. No callback runs
   * before this returns.
   */
  SessionStream open(SessionStream.Listener listener, Executor loop);

  /**
   * Whether responses cross this transport serialized: then the node sends its rows encoded
   * (Open.encoded_rows), which the gateway turns into DataRows without parsing them into objects.
   * Where they pass as objects (standalone) encoding them would only add work.
   */
  default boolean serializes() {
    return true;
  }
}
