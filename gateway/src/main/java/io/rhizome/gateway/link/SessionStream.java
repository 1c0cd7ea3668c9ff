/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.link;

import io.grpc.Status;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponses;

/**
 * The gateway's end of one session stream: requests up, batches of answers down, flow control by
 * messages as gRPC's manual flow control. Called on the session's event loop only.
 */
public interface SessionStream {

  /** Sends a request (the first one opens the session: {@code Open}). */
  void send(SessionRequest request);

  /** Lets the node send {@code n} more batches. */
  void request(int n);

  /** No more requests: the node ends the stream once the last one is answered. */
  void halfClose();

  /** Abandons the stream: the node stops its work; no callback follows. */
  void cancel(String reason);

  /** What the node sends; called on the session's event loop. */
  interface Listener {
    /** One batch of answers, only as many as requested. */
    void onBatch(SessionResponses batch);

    /**
     * The stream ended: {@code OK} after the node's normal end, {@code UNAVAILABLE} when the node
     * could not be reached or went away, another code when the stream broke. Nothing follows.
     */
    void onEnd(Status status);
  }
}
