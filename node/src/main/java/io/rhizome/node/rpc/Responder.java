/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.rhizome.node.exec.Outbound;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SessionResponses;

/**
 * The response side of one session stream, in batches: answers collect until a Ready, until about
 * {@link #MAX_BATCH_BYTES}, or until the session stops to wait for flow control, and then cross as
 * one message of the stream. A point query's description, row, completion and Ready are one
 * message, one flush and, on the gateway, one wake-up instead of four.
 *
 * <p>Nothing may stay in a batch while the session waits: every request ends with a Ready (which
 * sends), a session that parks asks {@link #isReady()} first (which sends when the stream is not
 * ready), and the end of the stream sends what is left first.
 *
 * <p>A stream is not thread-safe; its calls normally all come from the session's lane, and the lock
 * here keeps the rare call from elsewhere (shutdown) safe too. Nothing is sent after the stream
 * ended.
 */
final class Responder implements Outbound {
  /** A batch goes out once its answers reach this size (one row batch may exceed it). */
  static final int MAX_BATCH_BYTES = 64 * 1024;

  private final SessionStream stream;
  private final SessionMetrics metrics;
  private SessionResponses.Builder batch = SessionResponses.newBuilder();
  private int batchBytes;
  private boolean finished; // guarded by this

  Responder(SessionStream stream, SessionMetrics metrics) {
    this.stream = stream;
    this.metrics = metrics;
  }

  /**
   * Whether more answers may be produced now. A full batch goes out first; when the stream is not
   * ready, the batch goes out too, since the session will wait.
   */
  @Override
  public synchronized boolean isReady() {
    if (finished) {
      return false;
    }
    if (batchBytes >= MAX_BATCH_BYTES) {
      sendBatch();
    }
    if (stream.isReady()) {
      return true;
    }
    sendBatch();
    return false;
  }

  @Override
  public synchronized void send(SessionResponse response) {
    if (finished) {
      return;
    }
    batch.addResponses(response);
    if (response.hasRows()) {
      metrics.batchSent();
      batchBytes += response.getRows().getSerializedSize();
    }
    if (response.hasReady() || batchBytes >= MAX_BATCH_BYTES) {
      sendBatch();
    }
  }

  /** Ends the stream normally, after what is left of the batch. */
  synchronized void complete() {
    if (!finished) {
      sendBatch();
      finished = true;
      stream.complete();
    }
  }

  /** Ends the stream with a status (gRPC's codes), when no session-level answer can be given. */
  synchronized void fail(Status status) {
    if (!finished) {
      finished = true;
      batch = null;
      stream.fail(status);
    }
  }

  private void sendBatch() {
    if (batch.getResponsesCount() == 0) {
      return;
    }
    stream.send(batch.build());
    batch = SessionResponses.newBuilder();
    batchBytes = 0;
  }
}
