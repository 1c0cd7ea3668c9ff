/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.rhizome.proto.SessionResponses;

/**
 * The node's side of one session stream, whatever carries it: gRPC ({@code NodeSession.Exchange})
 * or session frames ({@code io.rhizome.node.frames}). A {@link SessionCall} sees only this; the
 * requests reach it as a {@code StreamObserver<SessionRequest>} on the thread that delivers them.
 *
 * <p>Flow control is by messages, both ways, as gRPC's manual flow control: the transport delivers
 * a request only after {@link #request(int)} asked for it, and {@link #isReady()} tells whether a
 * batch sent now would leave without waiting (for the gateway's credit or a full socket); a batch
 * sent when not ready waits in the transport, and the session parks until the handler set by {@link
 * #setOnReadyHandler} runs.
 *
 * <p>Callbacks may run on any thread; the methods may be called from any thread, but one at a time
 * (the session's lane, and its shutdown).
 */
public interface SessionStream {

  /** Lets the transport deliver {@code n} more requests. */
  void request(int n);

  /** Whether a batch sent now would leave at once. */
  boolean isReady();

  /** Runs {@code handler} each time the stream becomes ready after it was not. Set before use. */
  void setOnReadyHandler(Runnable handler);

  /**
   * Runs {@code handler} when the gateway abandoned the stream (cancelled it, or its connection
   * broke). Set before use.
   */
  void setOnCancelHandler(Runnable handler);

  /** Sends one batch of answers. */
  void send(SessionResponses batch);

  /** Ends the stream normally, after the batches sent. */
  void complete();

  /** Ends the stream with {@code status}, when no session-level answer can be given. */
  void fail(Status status);
}
