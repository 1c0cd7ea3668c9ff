/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.TxStatus;

/** What a COPY driver ({@link CopyIn}, {@link CopyOut}) needs from its session. */
interface CopyHost {
  ByteBufAllocator alloc();

  /** Queues a message for the client. */
  void write(ByteBuf message);

  void flush();

  /** Runs {@code action} now if the client can take more bytes, else once it can. */
  void whenWritable(Runnable action);

  StatementBackend backend();

  /** A request went to the backend: client input waits (socket reads pause) until it answers. */
  void awaitBackend();

  /** The COPY FROM takes client CopyData again. */
  void acceptCopyData();

  /**
   * The COPY is over; the session reports {@code error} if there is one and goes on with its query.
   *
   * @param status the transaction status of the backend's last Ready
   */
  void copyFinished(TxStatus status, PgError error);

  /** One COPY in progress, fed the backend's responses. */
  interface Driver {
    void start();

    void onResponse(SessionResponse response);

    /** A CopyData, CopyDone or CopyFail, taken only while the session is in COPY_IN. */
    default void onClientMessage(io.rhizome.gateway.pg.codec.FrontendMessage.CopyMessage message) {}
  }
}
