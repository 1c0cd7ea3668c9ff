/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import com.google.protobuf.ByteString;
import io.rhizome.gateway.pg.codec.PgError;

/**
 * A statement a backend runs as a COPY of opaque bytes in binary overall format, with no rows or
 * columns (the admin console's BACKUP TENANT ... TO STDOUT and RESTORE TENANT ... FROM STDIN). The
 * session drives it through a {@link RawCopyRelay}; every call, both ways, is on the session's
 * event loop.
 */
public interface RawCopy {
  /** Whether the client sends the bytes (COPY FROM STDIN) rather than receives them. */
  boolean fromClient();

  /** Starts the copy; the sink is told of data, completion and failure from then on. */
  void start(Sink sink);

  /** To the client: the client can take one more chunk (call {@link Sink#data} at most once). */
  void request();

  /** From the client: one chunk; call {@link Sink#readMore} when the next may come. */
  void data(byte[] chunk);

  /** From the client: the input ended (CopyDone); finish with {@link Sink#complete} or fail. */
  void done();

  /** The copy is abandoned (CopyFail, or the session ends): undo, and call the sink no more. */
  void abort();

  /** The session's side. */
  interface Sink {
    /** To the client: one chunk, after a {@link #request}. */
    void data(ByteString chunk);

    /** From the client: the next chunk may come. */
    void readMore();

    /** The copy succeeded; {@code tag} is its CommandComplete. */
    void complete(String tag);

    void fail(PgError error);
  }
}
